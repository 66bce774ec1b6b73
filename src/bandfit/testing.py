"""Helpers for testing code that uses bandfit: the tiny hand-written fixture catalog.

Why public: downstream users and plugin authors can test against the same small, stable catalog
bandfit's own tests use, passing it explicitly (``catalog=tiny_catalog()``) instead of patching
globals.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from bandfit.catalog.load import Catalog

__all__ = ["FIXTURE_DIR", "tiny_catalog"]

FIXTURE_DIR = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "catalog"


@cache
def tiny_catalog(directory: Path | None = None) -> Catalog:
    """The fixture catalog under ``tests/fixtures/catalog`` (validated like shipped data)."""
    return Catalog.from_dir(directory or FIXTURE_DIR, version="fixture")
