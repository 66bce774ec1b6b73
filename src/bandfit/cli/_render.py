"""Shared CLI plumbing: the one place errors become exit codes, plus table/JSON output.

Why one place: every command raises typed :class:`~bandfit.errors.BandfitError`s and never prints
errors itself; :class:`BandfitGroup` turns them into one clear stderr line (plus the hint) and exit
code 1 — or, with ``--json``, into the HTTP API's ``{"error": {code, message, details}}`` envelope
on stderr — so the CLI, the HTTP API and batch jobs report the same ``code`` for the same problem.
Usage errors keep click's exit code 2; ``--fail-on`` verdict gates use 3.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from bandfit.errors import BandfitError

__all__ = ["EXIT_ERROR", "EXIT_GATE", "BandfitGroup", "console", "emit_json", "err_console"]

EXIT_ERROR = 1
EXIT_GATE = 3

console = Console(highlight=False, soft_wrap=False)
err_console = Console(stderr=True, highlight=False)


class BandfitGroup(TyperGroup):
    """Typer group that maps BandfitError to ``Error: <message>`` on stderr and exit code 1."""

    def invoke(self, ctx: Any) -> Any:  # typer bundles its own click; its Context type is private
        as_json = _asks_for_json([*getattr(ctx, "_protected_args", ()), *ctx.args])  # before
        try:  # click consumes ctx.args while it dispatches
            return super().invoke(ctx)
        except BandfitError as err:
            if as_json:
                # machines asked for JSON: the HTTP API's error envelope, still on stderr, so
                # stdout only ever holds results and `| jq` never parses an error as one
                sys.stderr.write(json.dumps({"error": err.to_dict()}, ensure_ascii=False) + "\n")
                raise typer.Exit(EXIT_ERROR) from None
            message = f"Error [{err.code}]: {err.message}"
            if err.hint:
                message += f"\n  hint: {err.hint}"
            typer.echo(message, err=True)
            raise typer.Exit(EXIT_ERROR) from None


def _asks_for_json(args: list[str]) -> bool:
    """True when the command line has ``--json`` as an option (not after ``--``)."""
    for arg in args:
        if arg == "--":
            return False
        if arg == "--json":
            return True
    return False


def emit_json(payload: Any) -> None:
    """Print ``payload`` as JSON on stdout (machine output; no colours, no wrapping)."""
    sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")
