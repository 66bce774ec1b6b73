"""Regression tests for the fleet-screening audit (2026-11-22): each test failed before its fix.

Every test runs the real engines (memory and DuckDB) on small inputs; where both run, they must
agree.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from _fleet_helpers import imei
from typer.testing import CliRunner

from bandfit.catalog.load import Catalog
from bandfit.cli import app
from bandfit.errors import InvalidInputError
from bandfit.fleet.contract import rejects_schema, results_schema
from bandfit.fleet.screen import ScreenOptions, screen
from bandfit.fleet.synth import SynthOptions, synthesize
from bandfit.testing import FIXTURE_DIR, tiny_catalog

ENGINES = ["memory", "duckdb"]
GOOD = imei("35000001")


def _screen(
    src: Path,
    out: Path,
    engine: str,
    tacs: Path | None = None,
    *,
    catalog: Catalog | None = None,
    **kw: Any,
) -> dict[str, Any]:
    options = ScreenOptions(
        operator=kw.pop("operator", "xa/alpha"),
        on="2022-02-23",
        engine=engine,
        tac_db=(tacs,) if tacs else (),
        **kw,
    )
    summary = screen(src, out, options, catalog=catalog or tiny_catalog())
    assert summary.input_rows == summary.accepted + summary.rejected
    return summary.payload


def _ids(out: Path) -> list[str]:
    """Row ids of both outputs, in the files' order (results first)."""
    import pyarrow.parquet as pq

    return [
        *pq.read_table(out / "results.parquet").column("row_id").to_pylist(),
        *pq.read_table(out / "rejects.parquet").column("row_id").to_pylist(),
    ]


def _tables(out: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    import pyarrow.parquet as pq

    return (
        pq.read_table(out / "results.parquet").to_pylist(),
        pq.read_table(out / "rejects.parquet").to_pylist(),
    )


def _both(src: Path, tmp_path: Path, tacs: Path | None = None, **kw: Any) -> dict[str, Any]:
    """Screen with memory and DuckDB; assert identical outputs; return the memory summary."""
    payloads = {}
    for engine in ENGINES:
        payloads[engine] = _screen(src, tmp_path / f"out-{engine}", engine, tacs, **dict(kw))
    assert _tables(tmp_path / "out-memory") == _tables(tmp_path / "out-duckdb")
    payloads["duckdb"].pop("engine")
    payloads["memory"].pop("engine")
    assert payloads["memory"] == payloads["duckdb"]
    return payloads["memory"]


# -- 1. model numbers listed in several spellings --------------------------------------------


def test_model_number_spellings_of_one_variant_are_not_ambiguous(tmp_path: Path) -> None:
    cat_dir = tmp_path / "catalog"
    shutil.copytree(FIXTURE_DIR, cat_dir)
    phone = cat_dir / "devices" / "acme" / "phone-one.yaml"
    text = phone.read_text()
    phone.write_text(text.replace('["AC-100G"]', '["AC-100G", "AC-100G/DS"]', 1))
    catalog = Catalog.from_dir(cat_dir, version="fixture-spellings")
    src = tmp_path / "mn.csv"
    src.write_text("row_id,model_number\n1,AC-100G\n2,ac-100g/ds\n")
    for engine in ENGINES:
        out = tmp_path / engine
        payload = _screen(src, out, engine, catalog=catalog)
        assert payload["rows"] == {"input": 2, "accepted": 2, "rejected": 0}, payload
        results, _ = _tables(out)
        assert {(r["device_id"], r["variant_id"]) for r in results} == {
            ("acme/phone-one", "global")
        }


# -- 2. CSV line ends, long lines --------------------------------------------------------------


def test_stray_carriage_returns_end_lines_in_every_engine(tmp_path: Path) -> None:
    src = tmp_path / "cr.csv"
    src.write_bytes(f"row_id,imei\r\n1,{GOOD}\r\n22,{GOOD}\r333,{GOOD}\r\n".encode())
    _both(src, tmp_path)
    assert sorted(_ids(tmp_path / "out-duckdb")) == ["1", "22", "333"]


def test_cr_cr_lf_does_not_glue_a_newline_to_the_row_id(tmp_path: Path) -> None:
    src = tmp_path / "crcr.csv"
    src.write_bytes(f"row_id,imei\r\r\n1,{GOOD}\r\r\n2,x\r\r\n".encode())
    _both(src, tmp_path)
    assert sorted(_ids(tmp_path / "out-duckdb")) == ["1", "2"]


def test_mixed_line_ends_across_many_lines_keep_order(tmp_path: Path, tiny_tacs: Path) -> None:
    ends = ["\n", "\r\n", "\r", "\r\r\n", "\n\r"]
    lines = [f"{i},{imei('35000001', f'{i:06d}')}{ends[i % len(ends)]}" for i in range(3000)]
    lines[7] = lines[3].replace("3,", "7,", 1)  # same IMEI, other id: order must not matter
    lines[11] = "5," + lines[11].split(",", 1)[1]  # a repeated id: the later one is the duplicate
    src = tmp_path / "mixed.csv"
    src.write_bytes(("row_id,imei\n" + "".join(lines)).encode())
    payload = _both(src, tmp_path, tiny_tacs)
    assert payload["rows"]["input"] == 3000
    assert payload["by_reject_reason"] == {"duplicate-row-id": 1}


# The line limit holds on every engine, Spark included (its text reader has no limit of its own).
LINE_ENGINES = [*ENGINES, pytest.param("spark", marks=pytest.mark.spark)]


def _screen_on(engine: str, src: Path, out: Path, request: pytest.FixtureRequest) -> dict[str, Any]:
    if engine != "spark":
        return _screen(src, out, engine)
    return _screen(src, out, engine, engine_options={"session": request.getfixturevalue("spark")})


@pytest.mark.parametrize("engine", LINE_ENGINES)
def test_a_line_over_the_limit_stops_the_job_naming_the_file(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    src = tmp_path / "long.csv"
    src.write_text(f"row_id,imei\n1,{'9' * 1_100_000}\n2,{GOOD}\n")
    with pytest.raises(InvalidInputError, match=r"long\.csv: a line is longer than"):
        _screen_on(engine, src, tmp_path / "out", request)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("engine", LINE_ENGINES)
def test_a_line_at_the_limit_is_a_row(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    from bandfit.fleet.inputs import MAX_LINE_BYTES

    src = tmp_path / "edge.csv"
    line = "1," + "é" * ((MAX_LINE_BYTES - 2) // 2)  # 2 bytes per character
    src.write_bytes(f"row_id,device\r\n{line}\r\n".encode())
    payload = _screen_on(engine, src, tmp_path / "out", request)
    assert payload["rows"]["input"] == 1


# -- 3. Parquet parts whose columns have different types ---------------------------------------


def test_parquet_parts_with_different_types_keep_their_values(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    src = tmp_path / "parts"
    src.mkdir()
    pq.write_table(
        pa.table({"row_id": pa.array([1, 2], pa.int64()), "imei": [GOOD, "x"]}),
        src / "part-0.parquet",
    )
    pq.write_table(pa.table({"row_id": ["007", "8"], "imei": [GOOD, "y"]}), src / "part-1.parquet")
    pq.write_table(
        pa.table({"row_id": ["9"], "imei": pa.array([None], pa.null()), "device": ["Zeta"]}),
        src / "part-2.parquet",
    )
    pq.write_table(
        pa.table({"row_id": ["10"], "imei": [GOOD], "device": ["Zeta"]}), src / "part-3.parquet"
    )
    _both(src, tmp_path)
    assert sorted(_ids(tmp_path / "out-duckdb")) == ["007", "1", "10", "2", "8", "9"]


# -- 4. integer IMEI/TAC columns, other types -------------------------------------------------


@pytest.mark.parametrize("column", ["imei", "tac"])
def test_integer_imei_or_tac_columns_are_refused(column: str, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    src = tmp_path / "int.parquet"
    pq.write_table(pa.table({"row_id": ["1"], column: pa.array([99000479000004], pa.int64())}), src)
    with pytest.raises(InvalidInputError, match="leading zeros") as info:
        _screen(src, tmp_path / "out", "memory")
    assert info.value.hint is not None
    assert "strings" in info.value.hint


@pytest.mark.parametrize(
    ("kind", "values"), [("bool_", [True]), ("string_view", ["x"]), ("binary", [b"1"])]
)
def test_other_column_types_get_a_hint_about_their_type(
    kind: str, values: list[Any], tmp_path: Path
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    src = tmp_path / "t.parquet"
    pq.write_table(
        pa.table({"row_id": ["1"], "device": pa.array(values, getattr(pa, kind)())}), src
    )
    with pytest.raises(InvalidInputError) as info:
        _screen(src, tmp_path / "out", "memory")
    hint = info.value.hint or ""
    assert "float" not in hint, hint
    assert "cast the column" in hint, hint


# -- 5. paths with glob characters -------------------------------------------------------------


def test_out_path_with_brackets_on_duckdb(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(f"row_id,imei\n1,{GOOD}\n")
    payload = _screen(src, tmp_path / "Fleet [EU]" / "out[1]", "duckdb")
    assert payload["rows"]["input"] == 1


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_part_names_with_glob_characters_are_read_once(fmt: str, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    src = tmp_path / "parts"
    src.mkdir()
    names = ["a*", "ab", "q?", "qq", "p[1]", "p1"]
    for i, name in enumerate(names):
        if fmt == "csv":
            (src / f"{name}.csv").write_text(f"row_id,imei\n{i},{GOOD}\n")
        else:
            pq.write_table(pa.table({"row_id": [str(i)], "imei": [GOOD]}), src / f"{name}.parquet")
    payload = _both(src, tmp_path)
    assert payload["rows"]["input"] == len(names)


# -- 6. output schemas -------------------------------------------------------------------------


def test_every_engine_writes_the_contract_schemas(tmp_path: Path, tiny_tacs: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    inputs = {
        "accepted-only.csv": f"row_id,imei\n1,{GOOD}\n2,{imei('35000001', '000002')}\n",
        "mixed.csv": f"row_id,imei,model_number\n1,,AC-100G\n2,x,\n3,{GOOD},\n",
    }
    for baseline in (None, "2020-06-01"):
        results, rejects = [], []
        for name, text in inputs.items():
            src = tmp_path / name
            src.write_text(text)
            for engine in ENGINES:
                out = tmp_path / f"{name}-{engine}-{baseline}"
                _screen(src, out, engine, tiny_tacs, baseline_on=baseline)
                got_results = pq.read_table(out / "results.parquet")
                got_rejects = pq.read_table(out / "rejects.parquet")
                assert got_results.schema.equals(results_schema(baseline is not None)), (
                    name,
                    engine,
                    got_results.schema,
                )
                assert got_rejects.schema.equals(rejects_schema()), (name, engine)
                for field in (*got_results.schema, *got_rejects.schema):
                    assert field.nullable, (name, engine, field)
                results.append(got_results)
                rejects.append(got_rejects)
        assert pa.concat_tables(results).num_rows > 0
        assert pa.concat_tables(rejects).num_rows > 0


# -- 7. --out through a symbolic link ----------------------------------------------------------


def _dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    return int(proc.stdout)


def test_out_symlink_to_a_directory_is_followed(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(f"row_id,imei\n1,{GOOD}\n")
    real = tmp_path / "run-1"
    real.mkdir()
    link = tmp_path / "latest"
    link.symlink_to(real, target_is_directory=True)
    stale = tmp_path / f".latest.tmp-{_dead_pid()}-deadbeef"
    stale.symlink_to(real, target_is_directory=True)  # left by the old code
    for _ in range(2):
        _screen(src, link, "memory")
        assert link.is_symlink()
        assert link.resolve() == real.resolve()
        assert sorted(p.name for p in real.iterdir()) == [
            "rejects.parquet",
            "results.parquet",
            "summary.json",
        ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "latest", "run-1"]


# -- 8. whole-job errors -----------------------------------------------------------------------


def test_bad_memory_limit_is_an_error_before_reading(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(f"row_id,imei\n1,{GOOD}\n")
    with pytest.raises(InvalidInputError, match="memory-limit"):
        _screen(src, tmp_path / "out", "duckdb", engine_options={"memory_limit": "abc"})
    result = CliRunner().invoke(
        app,
        ["fleet", "screen", str(src), "--operator", "us/att", "--out", str(tmp_path / "o"),
         "--memory-limit", "abc"],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "Error [invalid-input]" in result.output
    assert "Traceback" not in result.output
    ok = _screen(src, tmp_path / "ok", "duckdb", engine_options={"memory_limit": "512MiB"})
    assert ok["rows"]["input"] == 1


@pytest.mark.parametrize("kind", ["gzip", "parquet", "latin1"])
def test_tac_db_that_is_not_utf8_text_is_refused(
    kind: str, tmp_path: Path, tiny_tacs: Path
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    bad = tmp_path / f"tacs.{kind}"
    if kind == "gzip":
        bad.write_bytes(gzip.compress(tiny_tacs.read_bytes()))
    elif kind == "parquet":
        pq.write_table(pa.table({"tac": ["35000001"], "model": ["AC-100G"]}), bad)
    else:
        bad.write_bytes("35000001,Téléphone\n".encode("latin-1"))
    src = tmp_path / "in.csv"
    src.write_text(f"row_id,imei\n1,{GOOD}\n")
    with pytest.raises(InvalidInputError, match=f"TAC file .*tacs.{kind}"):
        _screen(src, tmp_path / "out", "memory", bad)


@pytest.mark.parametrize("engine", ENGINES)
def test_truncated_gzip_input_is_a_clear_error(engine: str, tmp_path: Path) -> None:
    body = "row_id,imei\n" + "".join(f"{i},{GOOD}\n" for i in range(20_000))
    packed = gzip.compress(body.encode())
    src = tmp_path / "in.csv.gz"
    src.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(InvalidInputError, match=r"in\.csv\.gz"):
        _screen(src, tmp_path / "out", engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_non_utf8_csv_error_names_the_file(engine: str, tmp_path: Path) -> None:
    src = tmp_path / "latin.csv"
    src.write_bytes("row_id,device\n1,Téléphone\n".encode("latin-1"))
    with pytest.raises(InvalidInputError, match=r"not valid UTF-8: .*latin\.csv"):
        _screen(src, tmp_path / "out", engine)


def test_synth_refuses_a_directory_and_a_bad_chunk_size(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    with pytest.raises(InvalidInputError, match="is a directory"):
        synthesize(tmp_path / "dir", SynthOptions(rows=10), catalog=tiny_catalog())
    for chunk in (0, -5):
        with pytest.raises(InvalidInputError, match="--chunk-rows"):
            synthesize(
                tmp_path / "f.parquet",
                SynthOptions(rows=10, chunk_rows=chunk),
                catalog=tiny_catalog(),
            )
    assert not (tmp_path / "f.parquet").exists()
    result = CliRunner().invoke(
        app, ["fleet", "synth", "--rows", "10", "--out", str(tmp_path / "dir"), "--quiet"]
    )
    assert result.exit_code == 1
    assert "Error [invalid-input]" in result.output


# -- 9. TAC tables without TACs; tacs_loaded --------------------------------------------------


@pytest.mark.parametrize("content", ["", "row_id,imei\n1,{good}\n"])
def test_tac_db_without_any_tac_is_refused(content: str, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(f"row_id,imei\n1,{GOOD}\n")
    tacs = tmp_path / "tacs.csv"
    tacs.write_text(content.format(good=GOOD))
    with pytest.raises(InvalidInputError, match=r"tacs\.csv: no TAC could be read"):
        _screen(src, tmp_path / "out", "memory", tacs)


def test_summary_records_the_number_of_tacs_loaded(tmp_path: Path, tiny_tacs: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(f"row_id,imei\n1,{GOOD}\n")
    assert _screen(src, tmp_path / "a", "memory", tiny_tacs)["tacs_loaded"] == 5
    assert _screen(src, tmp_path / "b", "memory")["tacs_loaded"] == 0
    summary = json.loads((tmp_path / "a" / "summary.json").read_text())
    assert summary["tacs_loaded"] == 5


# -- 10. output inside the input directory -----------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_output_inside_the_input_directory_is_not_read_back(engine: str, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    src = tmp_path / "fleet"
    src.mkdir()
    pq.write_table(
        pa.table({"row_id": ["1", "2", "3"], "imei": [GOOD, GOOD, "x"]}), src / "part-0.parquet"
    )
    for _ in range(3):
        payload = _screen(src, src / "screen", engine)
        assert payload["rows"]["input"] == 3
    assert payload["input"]["files"] == 1


# -- 11. IMEI label case-folding ---------------------------------------------------------------


def test_imei_label_is_matched_case_insensitively_in_ascii_only(
    tmp_path: Path, tiny_tacs: Path
) -> None:
    src = tmp_path / "in.csv"
    src.write_text(
        "row_id,imei\n"
        f"1,İMEI {GOOD}\n"
        f"2,imei: {GOOD}\n"
        f"3,ImEiSv {GOOD[:14]}07\n"
        f"4,IMEIſV {GOOD[:14]}07\n",
        encoding="utf-8",
    )
    payload = _both(src, tmp_path, tiny_tacs)
    _, rejects = _tables(tmp_path / "out-memory")
    assert {r["row_id"]: r["reason"] for r in rejects} == {"1": "invalid-imei", "4": "invalid-imei"}
    assert payload["rows"]["accepted"] == 2


# -- 9. Spark: the same path rules ----------------------------------------------------


@pytest.mark.spark
@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_spark_reads_parts_with_glob_characters_and_spaces_once(
    fmt: str, tmp_path: Path, spark: Any
) -> None:
    """Spark globbed every path (``p[1]`` read ``p1``) and did not decode ``%20``: each part is
    now read exactly once, as DuckDB and the reference read it, into an output path with
    brackets."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    src = tmp_path / "my fleet"
    src.mkdir()
    names = ["a*", "ab", "q?", "qq", "p[1]", "p1", "c{x,y}", "cx", "b\\y", "50%20off"]
    for i, name in enumerate(names):
        if fmt == "csv":
            (src / f"{name}.csv").write_text(f"row_id,imei\n{i},{GOOD}\n")
        else:
            pq.write_table(pa.table({"row_id": [str(i)], "imei": [GOOD]}), src / f"{name}.parquet")
    out = tmp_path / "Fleet [EU]" / "out[1]"
    payload = _screen(src, out, "spark", engine_options={"session": spark})
    assert payload["rows"]["input"] == len(names)
    _screen(src, tmp_path / "out-duckdb", "duckdb")
    assert _tables(out) == _tables(tmp_path / "out-duckdb")
