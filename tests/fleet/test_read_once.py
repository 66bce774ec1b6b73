"""The SQL engines read the input once: after ``scan`` the input can be gone and ``write`` still
produces the same outputs.

Why test it: a 100-million-row input should be parsed and checked once. On Spark the per-row
pass used to be a persisted DataFrame, which the later SQL over temp views never reused, so
every statement silently re-read and re-checked the whole input (2 M rows: 22 s for the
classification alone). Moving the input away between the two calls turns such a re-read into
an error instead of a slow run.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from bandfit.fleet.backends.base import Backend, get_backend
from bandfit.fleet.contract import RunCounts
from bandfit.fleet.lookups import InputKeys
from bandfit.fleet.screen import ScreenOptions, screen
from bandfit.testing import tiny_catalog


class _InputGoneAfterScan:
    """A backend that moves the input directory away as soon as ``scan`` returns."""

    def __init__(self, inner: Backend, src: Path) -> None:
        self.inner, self.src, self.name = inner, src, inner.name

    def scan(self, *args: Any, **kwargs: Any) -> InputKeys:
        keys = self.inner.scan(*args, **kwargs)
        shutil.move(self.src, self.src.with_name(self.src.name + "-moved"))
        return keys

    def write(self, *args: Any, **kwargs: Any) -> RunCounts:
        return self.inner.write(*args, **kwargs)

    def close(self) -> None:
        self.inner.close()


def _screen(src: Path, out: Path, tacs: Path, backend: Backend | None, engine: str) -> Any:
    import pyarrow.parquet as pq

    options = ScreenOptions(
        operator="xa/alpha", on="2022-02-23", baseline_on="2020-06-01", engine=engine,
        tac_db=(tacs,),
    )  # fmt: skip
    screen(src, out, options, catalog=tiny_catalog(), backend=backend)
    summary = json.loads((out / "summary.json").read_text())
    summary["input"].pop("path")
    return {
        "results": pq.read_table(out / "results.parquet").to_pylist(),
        "rejects": pq.read_table(out / "rejects.parquet").to_pylist(),
        "summary": summary,
    }


def _check(
    engine: str, layout: str, src_dir: Path, tacs: Path, tmp_path: Path, **options: Any
) -> None:
    src = tmp_path / f"fleet-{layout}"
    shutil.copytree(src_dir, src)
    expected = _screen(src, tmp_path / "plain", tacs, None, engine)
    backend = get_backend(engine, **options)
    try:
        got = _screen(src, tmp_path / "moved", tacs, _InputGoneAfterScan(backend, src), engine)
    finally:
        backend.close()
    assert not src.exists()  # the wrapper really moved it
    assert got == expected
    assert expected["results"]
    assert expected["rejects"]


def test_duckdb_write_does_not_read_the_input(
    fleet_input: tuple[str, Path], tiny_tacs: Path, tmp_path: Path
) -> None:
    _check("duckdb", *fleet_input, tiny_tacs, tmp_path)


@pytest.mark.spark
def test_spark_write_does_not_read_the_input(
    fleet_input: tuple[str, Path], tiny_tacs: Path, tmp_path: Path, spark: Any
) -> None:
    _check("spark", *fleet_input, tiny_tacs, tmp_path, session=spark)
