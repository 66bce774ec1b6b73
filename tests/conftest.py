"""Shared fixtures: the tiny hand-written catalog, paths to the shared datasets, hypothesis profiles."""

from __future__ import annotations

import os
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
