"""``best_variants`` on a date, and reason messages that name the variant unambiguously.

Shipped-catalog facts used: the iPhone 15 (released 2023-09) and the Galaxy S23 (released
2023-02-17); the Redmi Note 12 India variant (23027RAD4I) has no LTE/NR band lists; in/jio runs
LTE and NR.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bandfit.catalog import default_catalog
from bandfit.catalog.model import released_by
from bandfit.compat import best_variants, check

pytestmark = pytest.mark.shipped_data


def test_best_variants_leave_out_phones_released_after_the_date() -> None:
    """A 2016 ranking cannot recommend a phone released years later (the planner's closest
    variants already follow this rule; both use ``released_by``)."""
    cat = default_catalog()
    day = dt.date(2016, 1, 1)
    ranked = best_variants(cat.operator("us/att"), day, catalog=cat, limit=10_000)
    assert ranked
    assert all(released_by(d, v, day) for d, v, _s, _score in ranked)
    assert "apple/iphone-15" not in {d.id for d, _v, _s, _score in ranked}
    later = best_variants(cat.operator("us/att"), "2024-06-01", catalog=cat, limit=10_000)
    assert "apple/iphone-15" in {d.id for d, _v, _s, _score in later}


def test_released_by_uses_the_earliest_day_of_a_partial_date() -> None:
    cat = default_catalog()
    dev, var = cat.resolve("SM-S911B")
    assert dev.released == "2023-02-17"
    assert not released_by(dev, var, dt.date(2023, 2, 16))
    assert released_by(dev, var, dt.date(2023, 2, 17))


def test_unknown_bands_message_names_the_variant_not_a_country() -> None:
    """'4G LTE bands of India are not in the catalog' reads as if India's bands were missing:
    the message says it is the variant called 'India'."""
    cat = default_catalog()
    dev, var = cat.resolve("23027RAD4I")
    assert var.name == "India"
    verdict = check(var, cat.operator("in/jio"), "2024-06-01", catalog=cat, device=dev)
    messages = [r.message for r in verdict.reasons if r.code == "device-bands-unknown"]
    assert messages
    assert "4G LTE bands of the 'India' variant are not in the catalog" in messages
