"""Run ``bandfit plan`` in process for the planner tests (imported by bare name, like
``tests/fleet/_fleet_helpers.py``): its JSON on success, its error text on failure."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from bandfit.cli import app

runner = CliRunner()


def plan_json(args: list[str]) -> dict[str, object]:
    """``bandfit plan ARGS --json``, which must succeed; the parsed object."""
    result = runner.invoke(app, ["plan", *args, "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert isinstance(payload, dict)
    return payload


def plan_error(args: list[str]) -> str:
    """``bandfit plan ARGS``, which must fail with exit 1; what it wrote to stderr."""
    result = runner.invoke(app, ["plan", *args])
    assert result.exit_code == 1, result.output
    return result.stderr
