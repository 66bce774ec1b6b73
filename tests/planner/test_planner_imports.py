"""The planner keeps SciPy (and matplotlib) out of imports until something is solved or drawn."""

from __future__ import annotations

import json
import subprocess
import sys


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys, json; {statement}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return {m.split(".")[0] for m in json.loads(out)} | set(json.loads(out))


def test_import_planner_does_not_load_scipy() -> None:
    loaded = _loaded_after("import bandfit.planner, bandfit.planner.heuristics")
    assert "scipy" not in loaded
    assert "matplotlib" not in loaded


def test_cli_startup_does_not_load_the_planner() -> None:
    loaded = _loaded_after("import bandfit.cli")
    assert "bandfit.planner" not in loaded
    assert "scipy" not in loaded


def test_planner_does_not_import_fleet_cli_or_server() -> None:
    loaded = _loaded_after("import bandfit.planner, bandfit.planner.heuristics")
    assert not {
        m for m in loaded if m.startswith(("bandfit.fleet", "bandfit.cli", "bandfit.server"))
    }
