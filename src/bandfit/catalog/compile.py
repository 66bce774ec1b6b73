"""Compile operator and device YAML into catalog JSON (placeholder until Catalog I lands)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def compile_catalog(data_dir: Path, bands: dict[str, Any]) -> tuple[dict[str, Any], dict[str, int], str]:
    """Return (documents, counts, catalog version)."""
    return {}, {}, "0"
