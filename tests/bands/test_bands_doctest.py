"""Run the docstring examples of every module in ``bandfit.bands`` (they are documentation that can drift)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import bandfit.bands

MODULES = ["bandfit.bands"] + [
    f"bandfit.bands.{m.name}"
    for m in pkgutil.iter_modules(bandfit.bands.__path__)
    if not m.name.startswith("_")
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_the_examples_exist() -> None:
    finder = doctest.DocTestFinder()
    counts = {
        name: sum(len(t.examples) for t in finder.find(importlib.import_module(name)))
        for name in MODULES
    }
    assert set(MODULES) >= {
        "bandfit.bands.channels",
        "bandfit.bands.parse",
        "bandfit.bands.vectorized",
    }
    assert counts["bandfit.bands.channels"] >= 15
    assert counts["bandfit.bands.parse"] >= 3
    assert counts["bandfit.bands.vectorized"] >= 5
