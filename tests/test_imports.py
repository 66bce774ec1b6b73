"""Layering guards: `import bandfit` stays light and layers import only downwards (DESIGN §2)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = (
    "numpy",
    "duckdb",
    "pyspark",
    "scipy",
    "fastapi",
    "uvicorn",
    "typer",
    "rich",
    "matplotlib",
    "pyarrow",
    "yaml",
)


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys, json; {statement}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return set(json.loads(out))


def test_import_bandfit_loads_no_heavy_dependency() -> None:
    loaded = _loaded_after("import bandfit")
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}
    assert "pydantic" not in loaded, "the catalog models load lazily, on first use"


@pytest.mark.parametrize("module", ["bandfit.bands", "bandfit.catalog", "bandfit.compat"])
def test_core_layers_stay_light(module: str) -> None:
    """L1-L3 import neither duckdb, pyspark, scipy, fastapi nor typer (numpy only lazily)."""
    loaded = _loaded_after(f"import {module}")
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}


def test_check_runs_without_heavy_dependencies() -> None:
    loaded = _loaded_after(
        "import bandfit; c = bandfit.default_catalog(); d, v = c.resolve('M1803E1A'); bandfit.check(v, c.operator('us/att'), '2019-06-01')"
    )
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}


def test_import_linter_contracts() -> None:
    """The layer and 'core stays light' contracts in pyproject.toml hold (import-linter)."""
    lint = subprocess.run(
        [sys.executable, "-m", "importlinter.cli", "--no-cache"], capture_output=True, text=True
    )
    if lint.returncode != 0 and "No module named" in lint.stderr:
        lint = subprocess.run(["lint-imports", "--no-cache"], capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
