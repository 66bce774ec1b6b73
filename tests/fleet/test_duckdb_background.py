"""The DuckDB backend's duplicate search runs on a background thread between scan and write.

Why test it: the thread outlives :meth:`DuckDBBackend.scan`, so a job that fails while the
lookups are resolved (or is closed early) must stop it cleanly, and an error inside it must
surface in :meth:`DuckDBBackend.write` rather than vanish.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bandfit.errors import InvalidInputError
from bandfit.fleet.backends.duckdb import DuckDBBackend, _Background
from bandfit.fleet.inputs import discover


def test_close_right_after_scan_stops_the_duplicate_search(
    adversarial_csv_dir: Path, tmp_path: Path
) -> None:
    backend = DuckDBBackend(threads=2)
    keys = backend.scan(
        discover(adversarial_csv_dir, id_column="row_id"),
        tmp_path / "work",
        default_operator="xa/alpha",
        progress=None,
    )
    assert keys.rows > 0
    backend.close()
    backend.close()  # idempotent


def test_background_error_is_raised_on_wait() -> None:
    def fail(sql: str) -> None:
        raise InvalidInputError(f"cannot run {sql}")

    job = _Background(fail, "SELECT 1")
    with pytest.raises(InvalidInputError, match="cannot run SELECT 1"):
        job.wait()
    job.wait(reraise=False)
