"""The fleet look-ups evaluate one ``check`` per distinct variant facts and operator.

That is only right if the rules' inputs (``VariantFacts``) fix everything a fleet row keeps
from a verdict — voice status and the warning/error codes. This test checks that premise on the
whole shipped catalog: every variant gets, on each operator and date, exactly what the first
variant with the same facts got.
"""

from __future__ import annotations

import pytest

from bandfit.catalog.load import default_catalog
from bandfit.compat.engine import check
from bandfit.fleet.lookups import _facts_key, _main_reasons

OPERATORS = ["us/att", "us/cricket", "us/boost", "de/telekom"]
DAYS = ["2022-02-21", "2022-02-23", "2026-11-21"]


@pytest.mark.parametrize("day", DAYS)
def test_variants_with_equal_facts_get_equal_fleet_verdicts(day: str) -> None:
    cat = default_catalog()
    pairs = [(dev, var) for dev in cat.devices.values() for var in dev.variants]
    shared = 0
    for op_id in OPERATORS:
        op = cat.operator(op_id)
        first: dict[tuple[object, ...], tuple[str, tuple[str, ...], str]] = {}
        for dev, var in pairs:
            verdict = check(var, op, day, catalog=cat, device=dev)
            got = (
                verdict.voice.status,
                tuple(_main_reasons((r.code, r.severity) for r in verdict.reasons)),
                verdict.status.value,
            )
            key = _facts_key(var)
            if key in first:
                shared += 1
                assert got == first[key], (op_id, dev.id, var.id)
            else:
                first[key] = got
    assert shared > len(pairs)  # the sharing is real: many variants repeat facts
