"""Screening engines behind one contract (:mod:`bandfit.fleet.backends.base`).

``memory`` is the pure-Python reference, ``duckdb`` the embedded default, ``spark`` the
cluster engine. Each module imports its engine lazily, inside functions.
"""

from __future__ import annotations

__all__: list[str] = []
