"""Type aliases and the few input normalisers every layer shares.

Why here: public functions accept convenient forms (``"2022-02-22"`` or a ``date``) and normalise
them once at the boundary, so internal code only ever sees ``date`` and integer kHz.
"""

from __future__ import annotations

import datetime as _dt
from typing import NewType, TypeAlias

from bandfit.errors import InvalidDateError

__all__ = ["DateLike", "KHz", "as_date", "today"]

KHz = NewType("KHz", int)
"""A frequency in integer kilohertz: every 3GPP raster is a whole number of kHz."""

DateLike: TypeAlias = "_dt.date | str"


def today() -> _dt.date:
    """Return today's date in UTC (the default evaluation date)."""
    return _dt.datetime.now(_dt.UTC).date()


def as_date(value: DateLike | None) -> _dt.date:
    """Normalise ``value`` to a ``date``; ``None`` means today (UTC).

    Raises:
        InvalidDateError: the string is not an ISO 8601 calendar date.
    """
    if value is None:
        return today()
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(value.strip())
    except (ValueError, AttributeError) as err:
        raise InvalidDateError(str(value)) from err
