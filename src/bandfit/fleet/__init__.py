"""L4: fleet screening — millions of devices (IMEI, TAC, model number or name) against a network change.

Why a package of its own: the per-device answer comes from :mod:`bandfit.compat` (precomputed
per distinct variant and operator), but the bulk work — validating IMEIs, resolving TACs and
model numbers, joining to verdicts, comparing with a baseline date and aggregating — runs in a
data engine (DuckDB, Spark, or a pure-Python reference) behind one contract
(:mod:`bandfit.fleet.backends.base`). Heavy engines are imported lazily inside functions.

Entry points: :func:`bandfit.fleet.screen.screen` and :func:`bandfit.fleet.synth.synthesize`.
"""

from __future__ import annotations

__all__: list[str] = []
