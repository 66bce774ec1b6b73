"""``screen``: run a fleet file through an engine and leave results, rejects and a summary.

Why the orchestration lives here and not in the engines: the parts that must never differ
between engines — checking the input's columns, resolving keys and evaluating verdicts, the
reconciliation ``input rows = accepted + rejected`` (counted from the written files, not from
the engine's own bookkeeping), the summary and the atomic swap of the output directory — are
written once. A backend only scans and writes.

Typical use::

    from bandfit.fleet.screen import ScreenOptions, screen
    summary = screen("fleet.parquet", "out/", ScreenOptions(operator="us/att", on="2022-02-23",
                     baseline_on="2022-02-21", tac_db=(Path("tacs.csv"),)))
    summary.payload["by_change"]["lost voice"]
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bandfit._types import DateLike, as_date
from bandfit.catalog.load import Catalog, default_catalog
from bandfit.errors import InvalidInputError, ReconciliationError
from bandfit.fleet.atomic import AtomicDir
from bandfit.fleet.backends.base import Backend, Progress, get_backend
from bandfit.fleet.contract import DEFAULT_ID_COLUMN, OPERATOR_COLUMN, RunCounts
from bandfit.fleet.inputs import discover, parquet_rows
from bandfit.fleet.lookups import build_lookups, load_tac_tables

__all__ = ["SUMMARY_SCHEMA", "ScreenOptions", "ScreenSummary", "screen"]

SUMMARY_SCHEMA = "bandfit.fleet-summary/1"


@dataclass(frozen=True)
class ScreenOptions:
    """What to screen against and how.

    ``operator`` applies to rows without an ``operator`` value; ``baseline_on`` adds the
    baseline columns and the ``change`` category; ``engine_options`` go to the backend
    (``memory_limit``/``threads``/``intermediate`` for DuckDB, ``session``/``master`` for
    Spark).
    """

    operator: str | None = None
    on: DateLike | None = None
    baseline_on: DateLike | None = None
    engine: str = "duckdb"
    tac_db: tuple[Path, ...] = ()
    id_column: str = DEFAULT_ID_COLUMN
    engine_options: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class ScreenSummary:
    """The summary written to ``summary.json`` and where the outputs are."""

    out: Path
    payload: dict[str, Any]

    @property
    def input_rows(self) -> int:
        """Rows read from the input."""
        return int(self.payload["rows"]["input"])

    @property
    def accepted(self) -> int:
        """Rows in ``results.parquet``."""
        return int(self.payload["rows"]["accepted"])

    @property
    def rejected(self) -> int:
        """Rows in ``rejects.parquet``."""
        return int(self.payload["rows"]["rejected"])


def _reconcile(input_rows: int, counts: RunCounts, tmp: Path) -> tuple[int, int]:
    """Counts from the written files; raise unless input = accepted + rejected everywhere."""
    accepted = parquet_rows(tmp / "results.parquet")
    rejected = parquet_rows(tmp / "rejects.parquet")
    if (accepted, rejected) != (
        counts.accepted,
        counts.rejected,
    ) or input_rows != accepted + rejected:
        raise ReconciliationError(input_rows=input_rows, accepted=accepted, rejected=rejected)
    return accepted, rejected


def screen(
    input_path: Path | str,
    out: Path | str,
    options: ScreenOptions | None = None,
    *,
    catalog: Catalog | None = None,
    progress: Progress | None = None,
    backend: Backend | None = None,
) -> ScreenSummary:
    """Screen the fleet in ``input_path`` and write ``results.parquet``, ``rejects.parquet`` and
    ``summary.json`` into the directory ``out`` (replaced atomically).

    Raises:
        InvalidInputError: the input cannot be screened at all (missing columns, no operator,
            unreadable files, ``out`` holding other files).
        UnknownOperatorError / AmbiguousOperatorError: a bad ``options.operator``.
        ReconciliationError: rows were lost or duplicated (a bug; the previous output is kept).
        BackendUnavailableError: the engine is not installed or cannot start.
    """
    opts = options or ScreenOptions()
    cat = catalog or default_catalog()
    day = as_date(opts.on)
    base_day = as_date(opts.baseline_on) if opts.baseline_on is not None else None
    spec = discover(input_path, id_column=opts.id_column, exclude=Path(out))
    default_operator = cat.operator(opts.operator).id if opts.operator else None
    if default_operator is None and OPERATOR_COLUMN not in spec.present:
        raise InvalidInputError(
            "no operator to screen against",
            hint="pass --operator (e.g. us/att) or add an operator column",
        )
    tac_table = load_tac_tables(opts.tac_db)
    atomic = AtomicDir(out)
    with atomic as tmp:
        engine = backend or get_backend(opts.engine, **dict(opts.engine_options))
        try:
            keys = engine.scan(
                spec, tmp / "_work", default_operator=default_operator, progress=progress
            )
            lookups = build_lookups(
                keys,
                cat,
                tac_table=tac_table,
                default_operator=default_operator,
                on=day,
                baseline_on=base_day,
                progress=progress,
            )
            counts = engine.write(lookups, tmp, id_column=opts.id_column, progress=progress)
        finally:
            if backend is None:
                engine.close()
        accepted, rejected = _reconcile(keys.rows, counts, tmp)
        payload: dict[str, Any] = {
            "schema": SUMMARY_SCHEMA,
            "input": {"path": str(input_path), "format": spec.fmt, "files": len(spec.files)},
            "engine": engine.name,
            "operator": default_operator,
            "on": day.isoformat(),
            "baseline_on": base_day.isoformat() if base_day else None,
            "catalog": cat.stamp.to_dict(),
            "tac_tables": [Path(p).name for p in opts.tac_db],
            "tacs_loaded": len(tac_table) if tac_table is not None else 0,
            "rows": {"input": keys.rows, "accepted": accepted, "rejected": rejected},
            "reconciliation": f"input rows {keys.rows} = accepted {accepted} + rejected {rejected}",
            **counts.aggregates,
        }
        text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
        (tmp / "summary.json").write_text(text, encoding="utf-8")
        atomic.commit()
    return ScreenSummary(Path(out), payload)
