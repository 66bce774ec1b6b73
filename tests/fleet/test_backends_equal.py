"""The three backends give identical output on the same (adversarial) input, row for row."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bandfit.fleet.screen import ScreenOptions, screen
from bandfit.testing import tiny_catalog


def _rows(path: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    rows = pq.read_table(path).to_pylist()
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))


def _outputs(out: Path) -> dict[str, Any]:
    summary = json.loads((out / "summary.json").read_text())
    summary.pop("engine")
    return {
        "results": _rows(out / "results.parquet"),
        "rejects": _rows(out / "rejects.parquet"),
        "summary": summary,
    }


def _run(src: Path, out: Path, engine: str, tacs: Path, **engine_options: Any) -> dict[str, Any]:
    options = ScreenOptions(
        operator="xa/alpha",
        on="2022-02-23",
        baseline_on="2020-06-01",
        engine=engine,
        tac_db=(tacs,),
        engine_options=engine_options,
    )
    summary = screen(src, out, options, catalog=tiny_catalog())
    assert summary.input_rows == summary.accepted + summary.rejected
    return _outputs(out)


def _assert_same(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert a["results"] == b["results"]
    assert a["rejects"] == b["rejects"]
    assert a["summary"] == b["summary"]


def _memory_equals_duckdb(src: Path, tmp_path: Path, tacs: Path) -> dict[str, Any]:
    """Screen ``src`` with the memory and DuckDB backends, assert identical outputs, return them."""
    memory = _run(src, tmp_path / "memory", "memory", tacs)
    _assert_same(memory, _run(src, tmp_path / "duckdb", "duckdb", tacs))
    return memory


def test_memory_and_duckdb_agree(
    fleet_input: tuple[str, Path], tiny_tacs: Path, tmp_path: Path
) -> None:
    layout, src = fleet_input
    memory = _memory_equals_duckdb(src, tmp_path, tiny_tacs)
    # every rule is exercised by the CSV input
    if layout == "csv":
        reasons = {r["reason"] for r in memory["rejects"]}
        assert {
            "malformed-row", "missing-row-id", "duplicate-row-id", "missing-columns", "invalid-imei",
            "bad-imei-check-digit", "invalid-tac", "unknown-tac", "unresolved-tac", "ambiguous-tac",
            "unknown-model", "unknown-device", "unknown-operator",
        } <= reasons  # fmt: skip
        resolved = {r["resolved_by"] for r in memory["results"]}
        assert resolved == {"imei", "tac", "model-number", "device"}


@pytest.mark.spark
def test_three_backends_identical(
    fleet_input: tuple[str, Path], tiny_tacs: Path, tmp_path: Path, spark: Any
) -> None:
    _layout, src = fleet_input
    memory = _memory_equals_duckdb(src, tmp_path, tiny_tacs)
    sparked = _run(src, tmp_path / "spark", "spark", tiny_tacs, session=spark)
    _assert_same(memory, sparked)
    assert len(memory["results"]) >= 4
    assert len(memory["rejects"]) >= 4


def test_results_are_in_input_order(
    adversarial_csv_dir: Path, tiny_tacs: Path, tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    _run(adversarial_csv_dir, tmp_path / "out", "duckdb", tiny_tacs)
    ids = pq.read_table(tmp_path / "out" / "results.parquet").column("row_id").to_pylist()
    assert ids[:3] == ["1", "2", "8"]  # file order, then line order
    assert ids.index("100") > ids.index("26")  # part-001 after part-000
