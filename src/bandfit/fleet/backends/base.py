"""The backend contract: two passes over the input, then outputs written by the engine.

Why a small Protocol: the orchestration (input discovery, lookups, reconciliation, atomic
output, summary) is the same for every engine; a backend only has to

1. :meth:`Backend.scan` the input once — count rows, collect the distinct TACs / model numbers
   / device names / operators to resolve, and remember duplicate row ids — and
2. :meth:`Backend.write` ``results.parquet`` and ``rejects.parquet`` into a directory, in input
   order, following :mod:`bandfit.fleet.contract`, and aggregate them for the summary.

Batch code never raises per row: row problems become rejects. Backends raise only for the
job as a whole (unreadable input, engine unavailable).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from bandfit.errors import InvalidInputError
from bandfit.fleet.contract import InputSpec, Lookups, RunCounts
from bandfit.fleet.lookups import InputKeys, Progress
from bandfit.fleet.tables import finish_aggregates

__all__ = ["BACKENDS", "Backend", "Progress", "get_backend", "run_counts", "watch_progress"]

BACKENDS = ("duckdb", "spark", "memory")


@runtime_checkable
class Backend(Protocol):
    """One engine that can screen an input."""

    name: str

    def scan(
        self,
        spec: InputSpec,
        workdir: Path,
        *,
        default_operator: str | None,
        progress: Progress | None,
    ) -> InputKeys:
        """Read the input once: row count, distinct keys, duplicate row ids (kept for :meth:`write`).

        ``workdir`` is a private scratch directory inside the output's temporary directory.
        """
        ...

    def write(
        self, lookups: Lookups, out: Path, *, id_column: str, progress: Progress | None
    ) -> RunCounts:
        """Write ``out/results.parquet`` and ``out/rejects.parquet``; return counts and aggregates."""
        ...

    def close(self) -> None:
        """Release the engine (idempotent)."""
        ...


def get_backend(name: str, **options: Any) -> Backend:
    """A backend by name: ``duckdb`` (default), ``spark`` or ``memory``.

    Raises:
        InvalidInputError: an unknown name.
        BackendUnavailableError: the engine's package is not installed.
    """
    if name == "duckdb":
        from bandfit.fleet.backends.duckdb import DuckDBBackend

        return DuckDBBackend(**options)
    if name == "spark":
        from bandfit.fleet.backends.spark import SparkBackend

        return SparkBackend(**options)
    if name == "memory":
        from bandfit.fleet.backends.memory import MemoryBackend

        return MemoryBackend(**options)
    raise InvalidInputError(
        f"unknown engine {name!r}", hint=f"use one of: {', '.join(BACKENDS)}", value=name
    )


@contextmanager
def watch_progress(
    stage: str,
    total: int | None,
    progress: Progress | None,
    rows_done: Callable[[], int | None],
    *,
    interval: float,
) -> Iterator[None]:
    """Report ``rows_done()`` every ``interval`` seconds while the wrapped statement runs.

    Why shared: every engine runs one long statement at a time and can only be *asked* how far
    it is (DuckDB a percentage, Spark finished tasks), so each backend supplies just that probe;
    the polling thread, its shutdown and the final "done" report are the same everywhere.
    The probe is best effort: it may fail between statements, and returns None when unsure.
    """
    if progress is None:
        yield
        return
    done = threading.Event()

    def poll() -> None:
        while not done.wait(interval):
            try:
                rows = rows_done()
            except Exception:
                continue
            if rows is not None:
                progress(stage, rows, total)

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        progress(stage, total or 0, total)


def run_counts(
    input_rows: int, fetched: dict[str, list[tuple[Any, ...]]], with_baseline: bool
) -> RunCounts:
    """The reconciliation counts and summary aggregates from the engine's aggregate queries."""
    accepted, rejected = fetched.pop("counts")[0]
    return RunCounts(
        input_rows=input_rows,
        accepted=int(accepted),
        rejected=int(rejected),
        aggregates=finish_aggregates(fetched, with_baseline),
    )
