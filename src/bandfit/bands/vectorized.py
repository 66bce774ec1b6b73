"""NumPy versions of the channel maths for bulk use (millions of channel numbers at once).

Why separate: numpy is imported only when these run, so ``import bandfit`` stays light. The
scalar functions in :mod:`bandfit.bands.channels` are the specification; tests assert these give
identical answers on every input.

Invalid input: with ``strict=True`` (default) the first invalid element raises
:class:`~bandfit.errors.ChannelError` naming its value and index; with ``strict=False`` invalid
elements come back as ``-1`` (kHz or channel) so a batch never stops on one bad row.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from bandfit.bands.model import Link, format_mhz
from bandfit.bands.registry import BandRegistry, default_registry
from bandfit.errors import ChannelError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]

__all__ = [
    "earfcn_band_array",
    "earfcn_to_khz_array",
    "gscn_to_khz_array",
    "khz_to_nrarfcn_array",
    "nrarfcn_to_khz_array",
]


def _np() -> Any:
    import numpy

    return numpy


def _check(kind: str, values: IntArray, valid: IntArray, *, strict: bool, what: str) -> None:
    """Raise for the first invalid value when ``strict``; a frequency (kind ``frequency``,
    values in kHz) is shown in MHz so it is never read as a channel number."""
    if strict and not bool(valid.all()):
        np = _np()
        index = int(np.argmin(valid))
        value: int | str = int(values[index])
        if kind == "frequency":
            value = f"{format_mhz(int(value))} MHz"
        raise ChannelError(kind, value, reason=f"{what} (at index {index})")


_TABLES: weakref.WeakKeyDictionary[BandRegistry, tuple[Any, ...]] = weakref.WeakKeyDictionary()


def _table(registry: BandRegistry | None) -> tuple[Any, ...]:
    """EARFCN ranges as sorted numpy columns, built once per registry."""
    reg = registry if registry is not None else default_registry()
    cached = _TABLES.get(reg)
    if cached is None:
        cached = _TABLES[reg] = _earfcn_table(reg)
    return cached


def _earfcn_table(reg: BandRegistry) -> tuple[Any, ...]:
    np = _np()
    rows = sorted(reg.earfcn, key=lambda r: r.first)
    firsts = np.array([r.first for r in rows], dtype=np.int64)
    lasts = np.array([r.last for r in rows], dtype=np.int64)
    lows = np.array([r.low_khz for r in rows], dtype=np.int64)
    offs = np.array([r.n_offs for r in rows], dtype=np.int64)
    numbers = np.array([int(r.band[1:]) for r in rows], dtype=np.int64)
    is_ul = np.array([r.link is Link.UL for r in rows], dtype=bool)
    return firsts, lasts, lows, offs, numbers, is_ul


def _earfcn_lookup(earfcns: Any, registry: BandRegistry | None) -> tuple[Any, Any, Any]:
    np = _np()
    values = np.asarray(earfcns, dtype=np.int64)
    firsts, lasts, *_rest = _table(registry)
    idx = np.searchsorted(firsts, values, side="right") - 1
    safe = np.clip(idx, 0, len(firsts) - 1)
    valid = (idx >= 0) & (values <= lasts[safe])
    return values, safe, valid


def earfcn_to_khz_array(
    earfcns: Any, *, strict: bool = True, registry: BandRegistry | None = None
) -> IntArray:
    """Carrier frequency (kHz) of every EARFCN in ``earfcns`` (DL or UL, as the number says).

    Examples:
        >>> earfcn_to_khz_array([5110, 23110, 6600]).tolist()
        [739000, 709000, 3510000]
    """
    np = _np()
    values, idx, valid = _earfcn_lookup(earfcns, registry)
    _check("EARFCN", values, valid, strict=strict, what="not assigned to any E-UTRA band")
    _firsts, _lasts, lows, offs, _numbers, _is_ul = _table(registry)
    khz = lows[idx] + 100 * (values - offs[idx])
    result: IntArray = np.where(valid, khz, -1)
    return result


def earfcn_band_array(
    earfcns: Any, *, strict: bool = True, registry: BandRegistry | None = None
) -> IntArray:
    """E-UTRA band number of every EARFCN (``-1`` for invalid ones when ``strict=False``).

    Examples:
        >>> earfcn_band_array([5110, 300, 66811]).tolist()
        [12, 1, 66]
    """
    np = _np()
    values, idx, valid = _earfcn_lookup(earfcns, registry)
    _check("EARFCN", values, valid, strict=strict, what="not assigned to any E-UTRA band")
    numbers = _table(registry)[4]
    result: IntArray = np.where(valid, numbers[idx], -1)
    return result


def nrarfcn_to_khz_array(nrarfcns: Any, *, strict: bool = True) -> IntArray:
    """Global-raster frequency (kHz) of every NR-ARFCN.

    Examples:
        >>> nrarfcn_to_khz_array([632628, 126900, 2016667]).tolist()
        [3489420, 634500, 24250080]
    """
    np = _np()
    n = np.asarray(nrarfcns, dtype=np.int64)
    valid = (n >= 0) & (n <= 3_279_165)
    _check("NR-ARFCN", n, valid, strict=strict, what="outside the global raster 0-3279165")
    khz = np.where(
        n < 600_000,
        5 * n,
        np.where(n < 2_016_667, 3_000_000 + 15 * (n - 600_000), 24_250_080 + 60 * (n - 2_016_667)),
    )
    result: IntArray = np.where(valid, khz, -1)
    return result


def khz_to_nrarfcn_array(khz: Any, *, strict: bool = True) -> IntArray:
    """NR-ARFCN of every frequency (kHz) on the global raster; off-raster values are invalid.

    Examples:
        >>> khz_to_nrarfcn_array([3489420, 634500, 24250080]).tolist()
        [632628, 126900, 2016667]
    """
    np = _np()
    f = np.asarray(khz, dtype=np.int64)
    low = f < 3_000_000
    mid = (f >= 3_000_000) & (f < 24_250_080)
    high = f >= 24_250_080
    n = np.where(
        low,
        f // 5,
        np.where(mid, 600_000 + (f - 3_000_000) // 15, 2_016_667 + (f - 24_250_080) // 60),
    )
    on_raster = np.where(
        low, f % 5 == 0, np.where(mid, (f - 3_000_000) % 15 == 0, (f - 24_250_080) % 60 == 0)
    )
    # 24,250,005 kHz is on the 15 kHz grid but past N 2016666, the last 15 kHz raster point
    valid = on_raster & (f >= 0) & (n <= 3_279_165) & (low | high | (mid & (n <= 2_016_666)))
    _check(
        "frequency",
        f,
        valid,
        strict=strict,
        what="off the NR-ARFCN global raster or outside 0-100 GHz",
    )
    result: IntArray = np.where(valid, n, -1)
    return result


def gscn_to_khz_array(gscns: Any, *, strict: bool = True) -> IntArray:
    """SS reference frequency (kHz) of every GSCN.

    Examples:
        >>> gscn_to_khz_array([2156, 7010, 22256]).tolist()
        [862850, 2804450, 24250080]
    """
    np = _np()
    g = np.asarray(gscns, dtype=np.int64)
    n_low = (g + 1) // 3
    m_low = 2 * (g - 3 * n_low) + 3
    khz = np.where(
        g <= 7498,
        1200 * n_low + 50 * m_low,
        np.where(g <= 22255, 3_000_000 + 1440 * (g - 7499), 24_250_080 + 17_280 * (g - 22256)),
    )
    valid = (g >= 2) & (g <= 26_639)
    _check("GSCN", g, valid, strict=strict, what="outside the synchronization raster 2-26639")
    result: IntArray = np.where(valid, khz, -1)
    return result
