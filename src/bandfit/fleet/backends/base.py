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

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from bandfit.errors import InvalidInputError
from bandfit.fleet.contract import InputSpec, Lookups, RunCounts
from bandfit.fleet.lookups import InputKeys

__all__ = ["BACKENDS", "Backend", "Progress", "get_backend"]

Progress = Callable[[str, int, int | None], None]
"""``progress(stage, rows_done, rows_total or None)``; called from the running job's thread."""

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
