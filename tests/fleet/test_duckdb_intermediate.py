"""Where the DuckDB backend keeps its intermediates: temp tables while they fit, else Parquet.

Why test it: the choice only changes speed and disk use, never the output, and the two stores
are otherwise exercised by different input sizes (tests use small inputs, benchmarks big ones).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bandfit.errors import InvalidInputError
from bandfit.fleet.backends.duckdb import (
    TABLE_BYTES_PER_ROW,
    DuckDBBackend,
    intermediate_store,
    limit_bytes,
)
from bandfit.fleet.screen import ScreenOptions, screen
from bandfit.testing import tiny_catalog


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2GB", 2 * 10**9),
        ("512 MiB", 512 * 2**20),
        ("1.5GB", 1_500_000_000),
        ("3 gib", 3 * 2**30),
        ("100000", 100_000),
        ("lots", None),
        ("2XB", None),
        ("-1GB", None),
    ],
)
def test_memory_limit_sizes(text: str, expected: int | None) -> None:
    assert limit_bytes(text) == expected


def test_auto_keeps_tables_only_while_they_fit_in_three_quarters_of_the_limit() -> None:
    limit = 2 * 10**9
    fits = limit * 3 // 4 // TABLE_BYTES_PER_ROW
    assert intermediate_store("auto", fits, "2GB") == "table"
    assert intermediate_store("auto", fits + 1, "2GB") == "parquet"
    assert intermediate_store("auto", 100_000_000, "6GB") == "parquet"
    # the 10 M-row benchmark under this machine's default limit (a quarter of 23 GiB: 5GB)
    assert intermediate_store("auto", 10_000_000, "5GB") == "table"
    assert intermediate_store("auto", 10, "no idea") == "parquet"
    assert intermediate_store("table", 10**12, "1GB") == "table"
    assert intermediate_store("parquet", 1, "8GB") == "parquet"


def test_unknown_store_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="auto, table or parquet"):
        DuckDBBackend(intermediate="disk")


def _digests(out: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.iterdir())
        if p.suffix == ".parquet"
    }


def test_both_stores_write_identical_bytes(
    fleet_input: tuple[str, Path], tiny_tacs: Path, tmp_path: Path
) -> None:
    _layout, src = fleet_input
    digests = {}
    for store in ("table", "parquet"):
        options = ScreenOptions(
            operator="xa/alpha",
            on="2022-02-23",
            baseline_on="2020-06-01",
            tac_db=(tiny_tacs,),
            engine_options={"intermediate": store, "threads": 2},
        )
        summary = screen(src, tmp_path / store, options, catalog=tiny_catalog())
        assert summary.rejected > 0
        assert summary.accepted > 0
        digests[store] = _digests(tmp_path / store)
    assert set(digests["table"]) == {"results.parquet", "rejects.parquet"}
    assert digests["table"] == digests["parquet"]
