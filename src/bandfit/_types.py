"""Type aliases and the few input normalisers every layer shares.

Why here: public functions accept convenient forms (``"2022-02-22"`` or a ``date``) and normalise
them once at the boundary, so internal code only ever sees ``date`` and integer kHz.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
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

    Accepts what :meth:`datetime.date.fromisoformat` accepts (``2022-02-22``, ``20220222``,
    ``2022-W08-2``), after stripping surrounding whitespace.

    Raises:
        InvalidDateError: the string is not an ISO 8601 calendar date; when it has the right
            shape but names no real day (``2022-02-30``), ``reason`` says which part is out of
            range.
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
        text = str(value)
        reason, hint = _out_of_range(text.strip()) or (None, None)
        raise InvalidDateError(text, reason=reason, hint=hint) from err


# The shapes fromisoformat accepts, ASCII digits only (``\d`` would match other scripts' digits).
_CALENDAR = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})|([0-9]{4})([0-9]{2})([0-9]{2})")
_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})(?:-([0-9]))?|([0-9]{4})W([0-9]{2})([0-9])?")
# English names, not calendar.month_name: that one follows the process locale.
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


def _out_of_range(text: str) -> tuple[str, str] | None:
    """``(reason, hint)`` for an ISO-shaped date whose year, month, week or day does not exist.

    Why: ``fromisoformat`` says only "day is out of range for month", and a bare "invalid date"
    with a format hint sends the user to reread a format that was right. ``None`` when ``text``
    is not ISO-shaped (or every part is in range), so the caller keeps the format hint.
    """
    if match := _CALENDAR.fullmatch(text):
        y, m, d = (g for g in match.groups() if g is not None)
        year, month, day = int(y), int(m), int(d)
        if year < 1:
            return f"year {y} is not 0001-9999", "years run 0001-9999"
        if not 1 <= month <= 12:
            swapped = 1 <= day <= 12 and 1 <= month <= calendar.monthrange(year, day)[1]
            hint = f"the order is YYYY-MM-DD: did you mean {y}-{d}-{m}?" if swapped else ""
            return f"month {m} is not 01-12", hint or "months run 01-12"
        last = calendar.monthrange(year, month)[1]
        if day < 1:
            return f"day {d} is not a day of the month", f"the first day is {y}-{m}-01"
        if day > last:
            name = _MONTHS[month - 1]
            return f"{name} {y} has {last} days", f"the last day of {name} {y} is {y}-{m}-{last}"
        return None
    if match := _WEEK.fullmatch(text):
        y, w, wd = match.group(1, 2, 3) if match.group(1) else match.group(4, 5, 6)
        year, week = int(y), int(w)
        if year < 1:
            return f"year {y} is not 0001-9999", "years run 0001-9999"
        weeks = _dt.date(year, 12, 28).isocalendar().week  # 28 December is always in the last week
        if week > weeks:
            return f"{y} has {weeks} ISO weeks", f"the last week of {y} is {y}-W{weeks}"
        if week < 1:
            return f"week {w} is not 01-{weeks}", f"weeks of {y} run {y}-W01 to {y}-W{weeks}"
        if wd is not None and not 1 <= int(wd) <= 7:
            return f"weekday {wd} is not 1-7", "ISO weekdays run 1 (Monday) to 7 (Sunday)"
    return None
