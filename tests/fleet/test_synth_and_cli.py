"""``bandfit fleet synth`` and ``bandfit fleet screen`` end to end (CLI, JSON output)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from typer.testing import CliRunner

from bandfit.catalog.load import default_catalog
from bandfit.catalog.tac import TacResolver, read_tac_table
from bandfit.cli import app
from bandfit.fleet.synth import MIX, SynthOptions, synthesize, tac_table_path

ROOT = Path(__file__).resolve().parents[2]
SAMSUNG = ROOT / ".." / "shared" / "datasets" / "tac" / "samsung_tacs_samloaderkotlin.csv"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_synth_is_deterministic_and_mixed(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    a = synthesize(
        tmp_path / "a.parquet",
        SynthOptions(rows=30_000, seed=3, operator="us/att", chunk_rows=7_000),
    )
    b = synthesize(
        tmp_path / "b.parquet",
        SynthOptions(rows=30_000, seed=3, operator="us/att", chunk_rows=7_000),
    )
    assert _sha(a.path) == _sha(b.path)
    assert _sha(a.tac_table) == _sha(b.tac_table)
    assert sum(a.kinds.values()) == 30_000
    for kind, share in MIX.items():
        assert abs(a.kinds[kind] / 30_000 - share) < 0.01, kind
    file = pq.ParquetFile(a.path)
    assert file.metadata.num_rows == 30_000
    assert file.metadata.num_row_groups == 5  # one per chunk: generated in bounded pieces
    assert set(file.schema_arrow.names) == {
        "row_id",
        "imei",
        "tac",
        "model_number",
        "device",
        "operator",
    }
    # synthetic TACs reach brands beyond Samsung through the catalog's model numbers
    resolver = TacResolver(read_tac_table(a.tac_table))
    brands = set()
    for entry in list(read_tac_table(a.tac_table))[:400]:
        hits = resolver.resolve(entry.tac, default_catalog().model_number_index)
        brands.update(d.split("/")[0] for d, _v in hits)
    assert {"apple", "google"} <= brands


def test_cli_synth_then_screen_json(tmp_path: Path) -> None:
    runner = CliRunner()
    fleet = tmp_path / "fleet.parquet"
    args = [
        "fleet",
        "synth",
        "--rows",
        "20000",
        "--out",
        str(fleet),
        "--seed",
        "5",
        "--operator",
        "us/att",
        "--json",
    ]
    if SAMSUNG.is_file():
        args += ["--tac-source", str(SAMSUNG)]
    made = runner.invoke(app, args)
    assert made.exit_code == 0, made.output
    assert json.loads(made.stdout)["rows"] == 20000
    out = tmp_path / "out"
    screened = runner.invoke(
        app,
        [
            "fleet", "screen", str(fleet), "--operator", "us/att", "--on", "2022-02-23",
            "--baseline-on", "2022-02-21", "--out", str(out), "--tac-db", str(tac_table_path(fleet)), "--json",
        ],
    )  # fmt: skip
    assert screened.exit_code == 0, screened.output
    payload = json.loads(screened.stdout)
    assert payload == json.loads((out / "summary.json").read_text())
    rows = payload["rows"]
    assert rows["input"] == 20000 == rows["accepted"] + rows["rejected"]
    assert rows["rejected"] > 1000
    assert sum(payload["by_change"].values()) == rows["accepted"]
    changes = payload["by_change"]
    assert (
        changes["lost voice"] + changes["lost data"] + changes["degraded"] > 0
    )  # the 3G shutdown bites
    assert {"unknown-tac", "bad-imei-check-digit", "invalid-imei", "duplicate-row-id"} <= set(
        payload["by_reject_reason"]
    )


def test_cli_errors_are_one_line_with_exit_code_1(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,imei\n1,2\n")
    result = CliRunner().invoke(
        app, ["fleet", "screen", str(src), "--operator", "us/att", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "Error [invalid-input]" in result.output
    assert "--id-column" in result.output
