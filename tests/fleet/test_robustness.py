"""Robustness: input = accepted + rejected on any input; whole-job problems fail clearly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _fleet_helpers import imei
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bandfit.errors import InvalidInputError, UnknownOperatorError
from bandfit.fleet.screen import ScreenOptions, screen
from bandfit.testing import tiny_catalog

ENGINES = ["memory", "duckdb"]


def _screen(
    src: Path, out: Path, engine: str, tacs: Path | None = None, **kw: object
) -> dict[str, object]:
    options = ScreenOptions(
        operator=kw.pop("operator", "xa/alpha"),  # type: ignore[arg-type]
        on="2022-02-23",
        engine=engine,
        tac_db=(tacs,) if tacs else (),
        **kw,  # type: ignore[arg-type]
    )
    summary = screen(src, out, options, catalog=tiny_catalog())
    assert summary.input_rows == summary.accepted + summary.rejected
    return summary.payload


@pytest.mark.parametrize("engine", ENGINES)
def test_header_only_input_gives_empty_outputs(engine: str, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    src = tmp_path / "in.csv"
    src.write_text("row_id,imei\n\n   \n")
    payload = _screen(src, tmp_path / "out", engine)
    assert payload["rows"] == {"input": 0, "accepted": 0, "rejected": 0}
    assert pq.read_table(tmp_path / "out" / "results.parquet").num_rows == 0
    assert pq.read_table(tmp_path / "out" / "rejects.parquet").num_rows == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_counts_lines_not_blank_or_header(engine: str, tmp_path: Path, tiny_tacs: Path) -> None:
    src = tmp_path / "in.csv"
    lines = [
        "row_id,imei",
        f"1,{imei('35000001')}",
        "",
        "row_id,imei",
        "2,x",
        "  ",
        "3",
        '4,"',
        "5,1,2",
    ]
    src.write_text("\r\n".join(lines) + "\r\n")
    payload = _screen(src, tmp_path / "out", engine, tiny_tacs)
    assert payload["rows"] == {"input": 5, "accepted": 1, "rejected": 4}
    assert payload["by_reject_reason"] == {"malformed-row": 3, "invalid-imei": 1}


@pytest.mark.parametrize("engine", ENGINES)
def test_id_column_option(engine: str, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("Asset,model_number\nA-1,AC-100G\nA-1,AC-100G\n")
    payload = _screen(src, tmp_path / "out", engine, id_column="asset")
    assert payload["by_reject_reason"] == {"duplicate-row-id": 1}


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"a.csv": ""}, "empty"),
        ({"a.csv": "\n\n  \n"}, "empty"),
        ({"a.csv": "id,imei\n1,2\n"}, "no 'row_id' column"),
        ({"a.csv": "row_id,serial\n1,2\n"}, "none of the columns"),
        ({"a.csv": "row_id,imei\n", "b.parquet": None}, "mixes CSV and Parquet"),
        ({"a.txt": "row_id,imei\n"}, "holds no .csv"),
        ({"a.csv": 'row_id,"imei\n'}, "misplaced quotes"),
    ],
)
def test_job_level_input_errors(files: dict[str, str | None], message: str, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    src = tmp_path / "in"
    src.mkdir()
    for name, text in files.items():
        if text is None:
            pq.write_table(pa.table({"row_id": [1]}), src / name)
        else:
            (src / name).write_text(text)
    with pytest.raises(InvalidInputError, match=message):
        _screen(src, tmp_path / "out", "duckdb")
    assert not (tmp_path / "out").exists()


def test_float_imei_column_is_refused(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    src = tmp_path / "in.parquet"
    pq.write_table(pa.table({"row_id": [1], "imei": [352099001761481.0]}), src)
    with pytest.raises(InvalidInputError, match="type double"):
        _screen(src, tmp_path / "out", "duckdb")


def test_operator_is_required_and_checked(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("row_id,model_number\n1,AC-100G\n")
    with pytest.raises(InvalidInputError, match="no operator"):
        _screen(src, tmp_path / "out", "duckdb", operator=None)
    with pytest.raises(UnknownOperatorError):
        _screen(src, tmp_path / "out", "duckdb", operator="xx/nowhere")


@pytest.mark.parametrize("engine", ENGINES)
def test_invalid_utf8_is_a_clear_error(engine: str, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes(b"row_id,device\n1,caf\xe9\n")
    with pytest.raises(InvalidInputError, match="UTF-8"):
        _screen(src, tmp_path / "out", engine)


_ALPHABET = st.sampled_from(["1", "3", "5", "0", ",", '"', " ", "-", "a", "Z", "\u00a0", "é"])
_FIELD = st.one_of(
    st.text(_ALPHABET, max_size=6),
    st.sampled_from(
        [
            "AC-100G",
            "zt-5g/ds",
            "Acme Phone One",
            "xa/beta",
            imei("35000001"),
            imei("35000003"),
            "IMEI 35000001123456",
        ]
    ),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lines=st.lists(st.lists(_FIELD, min_size=1, max_size=7).map(",".join), max_size=30))
def test_random_lines_reconcile_and_backends_agree(
    lines: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    import pyarrow.parquet as pq

    root = tmp_path_factory.mktemp("prop")
    src = root / "in.csv"
    src.write_text(
        "row_id,imei,tac,model_number,device,operator\n" + "\n".join(lines) + "\n", encoding="utf-8"
    )
    outputs = []
    for engine in ENGINES:
        out = root / engine
        _screen(src, out, engine)
        outputs.append(
            [
                sorted(json.dumps(r, sort_keys=True) for r in pq.read_table(out / name).to_pylist())
                for name in ("results.parquet", "rejects.parquet")
            ]
        )
    assert outputs[0] == outputs[1]


@pytest.mark.spark
def test_invalid_utf8_is_a_clear_error_on_spark(tmp_path: Path, spark: object) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes(b"row_id,device\n1,caf\xe9\n")
    with pytest.raises(InvalidInputError, match="UTF-8"):
        screen(
            src,
            tmp_path / "out",
            ScreenOptions(operator="xa/alpha", engine="spark", engine_options={"session": spark}),
            catalog=tiny_catalog(),
        )
