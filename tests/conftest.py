"""Shared fixtures: the tiny hand-written catalog, paths to the shared datasets, hypothesis profiles."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATASETS = (ROOT / ".." / "shared" / "datasets").resolve()

settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def shared_datasets() -> Path:
    """The shared public datasets (skips the test with a clear reason when absent)."""
    if not SHARED_DATASETS.is_dir():
        pytest.skip(
            f"shared datasets not found at {SHARED_DATASETS} (see ../shared/datasets/SOURCES.md)"
        )
    return SHARED_DATASETS


@pytest.fixture(scope="session")
def shared_path(shared_datasets: Path) -> Callable[[str], Path]:
    """``shared_path("tac/x.csv")``: a file or folder of the shared datasets; skips the test with
    a clear reason when that part is absent."""

    def get(rel: str) -> Path:
        path = shared_datasets / rel
        if not path.exists():
            pytest.skip(f"{path} not found (see ../shared/datasets/SOURCES.md)")
        return path

    return get
