"""``bandfit fleet screen`` and ``bandfit fleet synth``: batch screening from the command line.

Adapters only: options become :class:`~bandfit.fleet.screen.ScreenOptions` /
:class:`~bandfit.fleet.synth.SynthOptions`; progress goes to stderr (Rich, off with ``--json`` or
``--quiet``); the summary is printed as tables for people or as JSON for pipelines. Errors are
typed and mapped to exit codes in one place (:mod:`bandfit.cli._render`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from bandfit.cli._options import CatalogOpt, JsonOpt, QuietOpt, load_catalog
from bandfit.cli._render import console, emit_json, err_console

__all__ = ["fleet_app", "register"]

fleet_app = typer.Typer(
    help="Screen device fleets against a network change; make synthetic fleets.",
    no_args_is_help=True,
)

_SAMSUNG_TACS = (
    Path(__file__).resolve().parents[3]
    / ".."
    / "shared"
    / "datasets"
    / "tac"
    / "samsung_tacs_samloaderkotlin.csv"
)

ProgressFn = Callable[[str, int, "int | None"], None]


class _RateColumn(TextColumn):
    """Rows per second of the current stage."""

    def __init__(self) -> None:
        super().__init__("")

    def render(self, task: Any) -> Any:
        from rich.text import Text

        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rows/s" if speed else "", style="progress.data.speed")


@contextmanager
def _progress(enabled: bool) -> Iterator[ProgressFn | None]:
    """A progress callback drawing one bar per stage on stderr (None when disabled)."""
    if not enabled:
        yield None
        return
    bar = Progress(
        TextColumn("{task.description:<28}"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=False,
    )
    tasks: dict[str, TaskID] = {}

    def update(stage: str, done: int, total: int | None) -> None:
        if stage not in tasks:
            for other in tasks.values():
                task = bar.tasks[other]
                if not task.finished:
                    bar.update(
                        other,
                        completed=task.total or task.completed,
                        total=task.total or task.completed,
                    )
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    with bar:
        yield update


def _table(title: str, rows: list[tuple[str, int]], total: int) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False)
    table.add_column("")
    table.add_column("rows", justify="right")
    table.add_column("share", justify="right")
    for key, n in rows:
        table.add_row(key, f"{n:,}", f"{n / total:.1%}" if total else "-")
    return table


def _print_summary(payload: dict[str, Any], elapsed: float) -> None:
    rows = payload["rows"]
    console.print(
        f"[bold]{payload['input']['path']}[/bold] on {payload['on']}"
        + (f" vs {payload['baseline_on']}" if payload["baseline_on"] else "")
        + (f", operator {payload['operator']}" if payload["operator"] else "")
        + f" ({payload['engine']})"
    )
    accepted = rows["accepted"]
    console.print(
        _table("by status", [(k, v) for k, v in payload["by_status"].items() if v], accepted)
    )
    if "by_change" in payload:
        console.print(
            _table("by change", [(k, v) for k, v in payload["by_change"].items() if v], accepted)
        )
    if payload["by_reject_reason"]:
        console.print(
            _table("rejected rows", list(payload["by_reject_reason"].items()), rows["input"])
        )
    if payload["top_affected"]:
        top = Table(title="top affected models", title_justify="left", show_edge=False)
        for col in (
            "device",
            "variant",
            "operator",
            "status",
            *(["change"] if "by_change" in payload else []),
            "rows",
        ):
            top.add_column(col, justify="right" if col == "rows" else "left")
        for item in payload["top_affected"]:
            cells = [item["device_id"], item["variant_id"], item["operator_id"], item["status"]]
            if "change" in item:
                cells.append(item["change"])
            top.add_row(*cells, f"{item['rows']:,}")
        console.print(top)
    console.print(
        f"input rows {rows['input']:,} = accepted {accepted:,} + rejected {rows['rejected']:,}"
        f"  ({elapsed:.1f} s, {rows['input'] / max(elapsed, 1e-9):,.0f} rows/s)"
    )


def screen_command(
    input_path: Annotated[
        Path, typer.Argument(metavar="INPUT", help="CSV or Parquet file, or a directory of parts.")
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Output directory (results.parquet, rejects.parquet, summary.json); replaced atomically.",
        ),
    ],
    operator: Annotated[
        str | None,
        typer.Option(
            "--operator", help="Operator for rows without an operator value, e.g. us/att."
        ),
    ] = None,
    on: Annotated[
        str | None, typer.Option("--on", help="Screening date (ISO, default today UTC).")
    ] = None,
    baseline_on: Annotated[
        str | None,
        typer.Option("--baseline-on", help="Baseline date: adds status_baseline and change."),
    ] = None,
    engine: Annotated[
        str, typer.Option("--engine", help="duckdb (default), spark or memory.")
    ] = "duckdb",
    tac_db: Annotated[
        list[Path] | None,
        typer.Option(
            "--tac-db", help="TAC table (bandfit.tac/1, Osmocom or tac,model,... list); repeatable."
        ),
    ] = None,
    catalog: CatalogOpt = None,
    id_column: Annotated[
        str, typer.Option("--id-column", help="Name of the row id column.")
    ] = "row_id",
    memory_limit: Annotated[
        str | None,
        typer.Option(
            "--memory-limit",
            help="DuckDB memory limit, e.g. 2GB (default: a quarter of RAM, 1-8 GB); it spills "
            "to disk beyond. Intermediates stay in memory while they fit in 3/4 of it.",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the summary as JSON (no progress).")
    ] = False,
    quiet: QuietOpt = False,
) -> None:
    """Screen a fleet (IMEI, TAC, model number or device name per row) against an operator on a date."""
    from bandfit.fleet.screen import ScreenOptions, screen

    if memory_limit and engine == "duckdb":
        from bandfit.fleet.backends.duckdb import check_memory_limit

        check_memory_limit(memory_limit)  # before any input is read
    options = ScreenOptions(
        operator=operator,
        on=on,
        baseline_on=baseline_on,
        engine=engine,
        tac_db=tuple(tac_db or ()),
        id_column=id_column,
        engine_options={"memory_limit": memory_limit}
        if memory_limit and engine == "duckdb"
        else {},
    )
    started = time.monotonic()
    with _progress(not (as_json or quiet)) as progress:
        summary = screen(input_path, out, options, catalog=load_catalog(catalog), progress=progress)
    if as_json:
        emit_json(summary.payload)
    else:
        _print_summary(summary.payload, time.monotonic() - started)


def synth_command(
    rows: Annotated[int, typer.Option("--rows", help="Number of rows to generate.")],
    out: Annotated[
        Path,
        typer.Option(
            "--out", help="Output Parquet file; its TAC table goes next to it as FILE.tacs.csv."
        ),
    ],
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same file).")] = 1,
    operator: Annotated[
        str | None, typer.Option("--operator", help="Add an operator column, mostly this operator.")
    ] = None,
    tac_source: Annotated[
        list[Path] | None,
        typer.Option(
            "--tac-source",
            help="Real TAC list(s) to draw from (default: the Samsung list in ../shared/datasets when present).",
        ),
    ] = None,
    chunk_rows: Annotated[
        int, typer.Option("--chunk-rows", help="Rows generated per chunk (bounds memory).")
    ] = 1_000_000,
    catalog: CatalogOpt = None,
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Generate a synthetic fleet with a realistic mix of good and bad rows."""
    from bandfit.fleet.synth import SynthOptions, synthesize

    sources = (
        tuple(tac_source)
        if tac_source is not None
        else ((_SAMSUNG_TACS,) if _SAMSUNG_TACS.is_file() else ())
    )
    options = SynthOptions(
        rows=rows, seed=seed, operator=operator, tac_sources=sources, chunk_rows=chunk_rows
    )
    started = time.monotonic()
    with _progress(not (as_json or quiet)) as progress:
        result = synthesize(out, options, catalog=load_catalog(catalog), progress=progress)
    payload = {
        "path": str(result.path),
        "tac_table": str(result.tac_table),
        "rows": result.rows,
        "kinds": result.kinds,
        "real_tacs": result.real_tacs,
        "synthetic_tacs": result.synthetic_tacs,
        "tac_sources": [str(p) for p in sources],
    }
    if as_json:
        emit_json(payload)
        return
    console.print(
        f"wrote {result.rows:,} rows to {result.path} in {time.monotonic() - started:.1f} s"
    )
    console.print(
        f"TAC table: {result.tac_table} ({result.real_tacs:,} real + {result.synthetic_tacs:,} synthetic TACs)"
    )
    console.print(_table("row kinds", list(result.kinds.items()), result.rows))


def register(app: typer.Typer) -> None:
    """Attach the ``fleet`` command group to the root app."""
    fleet_app.command("screen")(screen_command)
    fleet_app.command("synth")(synth_command)
    app.add_typer(fleet_app, name="fleet")
