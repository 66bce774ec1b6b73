"""Channel maths: GSM ARFCN, UMTS UARFCN, LTE EARFCN, NR-ARFCN and GSCN, in both directions.

Why integer kHz everywhere: every raster in these specifications is a whole number of kHz (GSM
200 kHz, UTRA 200 kHz, E-UTRA 100 kHz, NR 5/15/60 kHz with the FR2 offset 24,250.08 MHz =
24,250,080 kHz), so exact arithmetic is possible and round trips are exact.

UL and DL are always explicit: a frequency-to-channel function takes a ``link``; a
channel-to-frequency function reports which link(s) the number belongs to. Off-raster or
out-of-range input raises :class:`~bandfit.errors.ChannelError` naming the value and the valid
range, unless ``snap=True`` asks for the nearest valid channel.

Scalar functions are here; numpy versions for bulk use are in :mod:`bandfit.bands.vectorized`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bandfit.bands.model import Link, Rat, format_mhz
from bandfit.bands.registry import BandRegistry, UarfcnSet, default_registry
from bandfit.errors import AmbiguousBandError, ChannelError, InvalidInputError

__all__ = [
    "CHANNEL_KINDS",
    "GSCN_MAX",
    "NRARFCN_MAX",
    "Channel",
    "arfcn_info",
    "channel_meanings",
    "channels_at",
    "earfcn_info",
    "earfcn_to_khz",
    "gscn_info",
    "gscn_to_khz",
    "khz_to_earfcn",
    "khz_to_gscn",
    "khz_to_nrarfcn",
    "khz_to_uarfcn",
    "nrarfcn_info",
    "nrarfcn_to_khz",
    "uarfcn_info",
]

NRARFCN_MAX = 3_279_165
GSCN_MAX = 26_639
_FR2_OFFSET_KHZ = 24_250_080


@dataclass(frozen=True, slots=True)
class Channel:
    """One channel number and what it means: frequency per link and the bands it belongs to."""

    kind: str  # arfcn | uarfcn | earfcn | nrarfcn | gscn
    number: int
    dl_khz: int | None = None
    ul_khz: int | None = None
    dl_bands: tuple[str, ...] = ()
    ul_bands: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def bands(self) -> tuple[str, ...]:
        """All bands, DL first, without repeats."""
        return tuple(dict.fromkeys(self.dl_bands + self.ul_bands))

    def to_dict(self) -> dict[str, object]:
        """JSON form with MHz frequencies (the public unit)."""
        return {
            "kind": self.kind,
            "number": self.number,
            "dl_mhz": self.dl_khz / 1000 if self.dl_khz is not None else None,
            "ul_mhz": self.ul_khz / 1000 if self.ul_khz is not None else None,
            "dl_bands": list(self.dl_bands),
            "ul_bands": list(self.ul_bands),
            "notes": list(self.notes),
        }


def _reg(registry: BandRegistry | None) -> BandRegistry:
    return registry if registry is not None else default_registry()


def _snap(value: int, step: int, origin: int = 0) -> int:
    """Nearest point of ``origin + k*step`` to ``value`` (ties round down)."""
    k, rem = divmod(value - origin, step)
    return origin + (k + 1) * step if rem * 2 > step else origin + k * step


def _freq_error(
    khz: int, *, reason: str, valid: str | None = None, nearest: Sequence[int] = ()
) -> ChannelError:
    """A :class:`ChannelError` for a carrier *frequency* that maps to no channel.

    Why its own kind: the value is shown in MHz under the kind ``frequency``, so a kHz input is
    never printed where a channel number is expected (``EARFCN 739050`` read as a channel).
    ``nearest`` holds channel numbers; ``reason`` names which numbering they belong to.
    """
    return ChannelError(
        "frequency", f"{format_mhz(khz)} MHz", reason=reason, valid=valid, nearest=nearest
    )


def _uarfcn_set(row: UarfcnSet) -> str:
    """``first-last``, or the listed numbers of a sparse additional-channel set."""
    span = row.last - row.first + 1
    if len(row.channels) == span:
        return f"{row.first}-{row.last}"
    listed = sorted(row.channels)
    shown = ", ".join(str(c) for c in listed[:8]) + (", ..." if len(listed) > 8 else "")
    return f"{shown} (additional, {len(listed)} in {row.first}-{row.last})"


_KIND_LABELS = {
    "arfcn": "ARFCN",
    "uarfcn": "UARFCN",
    "earfcn": "EARFCN",
    "nrarfcn": "NR-ARFCN",
    "gscn": "GSCN",
}


def _by_links(rows: Sequence[tuple[Link, str]]) -> str:
    """``DL a, UL b`` (a link's several sets joined by ``+``), or ``DL/UL a`` where both links
    have the same numbers (TDD)."""
    per_link: dict[Link, list[str]] = {}
    for link, text in sorted(rows, key=lambda row: row[0] is not Link.DL):
        per_link.setdefault(link, []).append(text)
    links: dict[str, list[str]] = {}
    for link, texts in per_link.items():
        links.setdefault(" + ".join(texts), []).append(link.value.upper())
    return ", ".join(f"{'/'.join(ls)} {text}" for text, ls in links.items())


def _band_channels(reg: BandRegistry, band_id: str, kind: str) -> str:
    """The channel numbers of ``band_id`` in its own numbering (GSCNs for an NR band when
    ``kind`` is ``gscn``), as a :class:`ChannelError` ``valid`` text: ``B12 EARFCN DL
    5010-5179, UL 23010-23179``.

    Why the band's own numbering even when ``kind`` differs: ``ARFCN 512 --band B12`` is a user
    holding a number of the wrong kind, and what B12 accepts is the answer they need.
    """
    rat = reg.get(band_id).rat
    if rat is Rat.GSM:
        label = "ARFCN"
        body = ", ".join(f"{r.first}-{r.last}" for r in reg.gsm_arfcn if r.band == band_id)
    elif rat is Rat.LTE:
        label = "EARFCN"
        body = _by_links([(r.link, f"{r.first}-{r.last}") for r in reg.earfcn if r.band == band_id])
    elif rat is Rat.UMTS:
        label = "UARFCN"
        body = _by_links([(r.link, _uarfcn_set(r)) for r in reg.uarfcn if r.band == band_id])
    elif rat is Rat.NR and kind == "gscn":
        label = "GSCN"
        body = "; ".join(
            f"{r.first}:<{r.step}>:{r.last} ({r.scs_khz} kHz SSB)"
            if r.first is not None
            else f"{', '.join(str(g) for g in sorted(r.listed))} ({r.scs_khz} kHz SSB)"
            for r in reg.nr_sync
            if r.band == band_id
        )
    elif rat is Rat.NR:
        label = "NR-ARFCN"
        rasters: dict[int, list[tuple[Link, str]]] = {}
        for r in reg.nr_raster:
            if r.band == band_id:
                rasters.setdefault(r.raster_khz, []).append(
                    (r.link, f"{r.first}:<{r.step}>:{r.last}")
                )
        body = "; ".join(f"{_by_links(rows)} ({khz} kHz raster)" for khz, rows in rasters.items())
    else:
        return f"no {band_id} channel numbers (CDMA2000 channel numbering is not modelled)"
    return f"{band_id} {label} {body}" if body else f"no {band_id} {label} in the registry"


def _nearest_assigned(number: int, spans: Sequence[tuple[int, int]]) -> list[int]:
    """The assigned numbers either side of an unassigned ``number`` (spans are first-last)."""
    below = [last for _first, last in spans if last < number]
    above = [first for first, _last in spans if first > number]
    return ([max(below)] if below else []) + ([min(above)] if above else [])


# ----------------------------------------------------------------------------------- E-UTRA
def earfcn_info(earfcn: int, *, registry: BandRegistry | None = None) -> Channel:
    """Describe an EARFCN: its band, link and carrier frequency.

    Examples:
        >>> ch = earfcn_info(5110)
        >>> ch.dl_bands, ch.dl_khz
        (('B12',), 739000)

    Raises:
        ChannelError: the number is not assigned to any band in the registry.

    References:
        3GPP TS 36.101 §5.7.3, Table 5.7.3-1.
    """
    reg = _reg(registry)
    dl_bands, ul_bands, dl_khz, ul_khz = [], [], None, None
    for row in reg.earfcn:
        if row.first <= earfcn <= row.last:
            if row.link is Link.DL:
                dl_bands.append(row.band)
                dl_khz = row.khz(earfcn)
            else:
                ul_bands.append(row.band)
                ul_khz = row.khz(earfcn)
    if not dl_bands and not ul_bands:
        raise ChannelError(
            "EARFCN",
            earfcn,
            reason="not assigned to any E-UTRA band",
            valid=_earfcn_valid(reg),
            nearest=_nearest_assigned(earfcn, [(r.first, r.last) for r in reg.earfcn]),
        )
    notes: tuple[str, ...] = ()
    # Android once reported EARFCNs as 16-bit values, so B65-B76 carriers (65536+) showed up as
    # low numbers (B66 66811 -> 1275, which reads as B3). Flag it only for those widely deployed
    # bands; the niche B85+ aliases would be noise.
    if (
        0 <= earfcn < 65536
        and _earfcn_in(reg, earfcn + 65536)
        and int(_earfcn_band(reg, earfcn + 65536)) <= 76
    ):
        notes = (
            f"EARFCN {earfcn + 65536} (B{_earfcn_band(reg, earfcn + 65536)}) also reads as {earfcn} "
            "on devices that truncate EARFCNs to 16 bits",
        )
    return Channel("earfcn", earfcn, dl_khz, ul_khz, tuple(dl_bands), tuple(ul_bands), notes)


def _earfcn_in(reg: BandRegistry, n: int) -> bool:
    return any(r.first <= n <= r.last and r.link is Link.DL for r in reg.earfcn)


def _earfcn_band(reg: BandRegistry, n: int) -> str:
    return next(r.band[1:] for r in reg.earfcn if r.first <= n <= r.last)


def _earfcn_valid(reg: BandRegistry) -> str:
    dl = [r for r in reg.earfcn if r.link is Link.DL]
    return f"DL {min(r.first for r in dl)}-{max(r.last for r in dl)} with gaps; UL from 18000; B65+ DL from 65536, UL from 131072"


def earfcn_to_khz(earfcn: int, *, registry: BandRegistry | None = None) -> int:
    """Carrier frequency of ``earfcn`` in kHz (its link follows from the number).

    Examples:
        >>> earfcn_to_khz(5110), earfcn_to_khz(23110), earfcn_to_khz(6600)
        (739000, 709000, 3510000)
    """
    ch = earfcn_info(earfcn, registry=registry)
    khz = ch.dl_khz if ch.dl_khz is not None else ch.ul_khz
    assert khz is not None
    return khz


def khz_to_earfcn(
    khz: int,
    band: str | None = None,
    *,
    link: Link = Link.DL,
    snap: bool = False,
    registry: BandRegistry | None = None,
) -> int:
    """EARFCN of carrier frequency ``khz`` in ``band`` on ``link``.

    Without ``band`` the frequency must lie in exactly one E-UTRA band on that link.

    Examples:
        >>> khz_to_earfcn(739000, "B12"), khz_to_earfcn(739000, "B17"), khz_to_earfcn(709000, "B12", link=Link.UL)
        (5110, 5780, 23110)

    Raises:
        AmbiguousBandError: no ``band`` and several bands contain the frequency.
        ChannelError: outside the band on that link, or off the 100 kHz raster (unless ``snap``).
    """
    reg = _reg(registry)
    if band is None:
        rows = [r for r in reg.earfcn if r.link is link and r.khz(r.first) <= khz <= r.khz(r.last)]
        if len(rows) > 1:
            raise AmbiguousBandError(
                f"{format_mhz(khz)} MHz {link.value.upper()}",
                candidates=[r.band for r in rows],
                hint="pass band=",
            )
    else:
        band_id = reg.get(band).id
        rows = [r for r in reg.earfcn if r.band == band_id and r.link is link]
        if not rows:
            raise _freq_error(khz, reason=f"{band_id} has no {link.value.upper()} EARFCNs")
    if not rows:
        raise _freq_error(khz, reason=f"in no E-UTRA band's {link.value.upper()} range")
    row = rows[0]
    low, high = row.khz(row.first), row.khz(row.last)
    if not low <= khz <= high:
        raise _freq_error(
            khz,
            reason=f"outside {row.band} {link.value.upper()} carriers",
            valid=f"{format_mhz(low)}-{format_mhz(high)} MHz",
        )
    if (khz - row.low_khz) % 100:
        nearest = _snap(khz, 100, row.low_khz)
        if not snap:
            raise _freq_error(
                khz,
                reason=f"off {row.band}'s 100 kHz EARFCN raster",
                nearest=[row.n_offs + (nearest - row.low_khz) // 100],
            )
        khz = min(max(nearest, low), high)
    return row.n_offs + (khz - row.low_khz) // 100


# ------------------------------------------------------------------------------------- NR
def nrarfcn_to_khz(nrarfcn: int) -> int:
    """Frequency of an NR-ARFCN on the global raster (TS 38.104 §5.4.2.1).

    Examples:
        >>> nrarfcn_to_khz(632628), nrarfcn_to_khz(620000), nrarfcn_to_khz(2016667)
        (3489420, 3300000, 24250080)

    Raises:
        ChannelError: outside 0-3279165.
    """
    if not 0 <= nrarfcn <= NRARFCN_MAX:
        raise ChannelError(
            "NR-ARFCN", nrarfcn, reason="outside the global raster", valid=f"0-{NRARFCN_MAX}"
        )
    if nrarfcn < 600_000:
        return 5 * nrarfcn
    if nrarfcn < 2_016_667:
        return 3_000_000 + 15 * (nrarfcn - 600_000)
    return _FR2_OFFSET_KHZ + 60 * (nrarfcn - 2_016_667)


def _global_nrarfcn(khz: int, *, snap: bool) -> int:
    if not 0 <= khz <= 100_000_000:
        raise _freq_error(khz, reason="outside the NR-ARFCN global raster", valid="0-100000 MHz")
    if khz < 3_000_000:
        step, origin, base, last = 5, 0, 0, 599_999
    elif khz < _FR2_OFFSET_KHZ:
        step, origin, base, last = 15, 3_000_000, 600_000, 2_016_666
    else:
        step, origin, base, last = 60, _FR2_OFFSET_KHZ, 2_016_667, NRARFCN_MAX
    # Clamp to the range's last N: 24,250,005 kHz is on the 15 kHz grid but beyond N 2016666,
    # and the next point up may belong to the next range (so compare real frequencies).
    below = min(base + (khz - origin) // step, last)
    candidates = (below, below + 1) if below < NRARFCN_MAX else (below,)
    nearest = min(candidates, key=lambda n: (abs(nrarfcn_to_khz(n) - khz), n))
    if nrarfcn_to_khz(nearest) != khz and not snap:
        raise _freq_error(
            khz, reason=f"off the {step} kHz NR-ARFCN global raster", nearest=[nearest]
        )
    return nearest


def khz_to_nrarfcn(
    khz: int,
    band: str | None = None,
    *,
    link: Link = Link.DL,
    snap: bool = False,
    registry: BandRegistry | None = None,
) -> int:
    """NR-ARFCN of ``khz``; with ``band``, it must also be on that band's channel raster.

    Examples:
        >>> khz_to_nrarfcn(3489420), khz_to_nrarfcn(634500, "n71")
        (632628, 126900)

    Raises:
        ChannelError: off the global raster, outside the band on ``link``, or off every channel
            raster of the band (the nearest valid NR-ARFCNs are in ``nearest``), unless ``snap``.
    """
    if band is None:
        return _global_nrarfcn(khz, snap=snap)
    reg = _reg(registry)
    band_id = reg.get(band).id
    rows = [r for r in reg.nr_raster if r.band == band_id and r.link is link]
    if not rows:
        raise _freq_error(khz, reason=f"{band_id} has no {link.value.upper()} channel raster")
    n = _global_nrarfcn(khz, snap=snap)
    if any(r.contains(n) for r in rows):
        return n
    candidates = sorted(
        {min(max(_snap(n, r.step, r.first), r.first), r.last) for r in rows},
        key=lambda c: abs(c - n),
    )
    inside = any(r.first <= n <= r.last for r in rows)
    if snap:
        return candidates[0]
    valid = "; ".join(f"{r.first}:<{r.step}>:{r.last} ({r.raster_khz} kHz raster)" for r in rows)
    reason = (
        f"NR-ARFCN {n} is not on {band_id}'s channel raster"
        if inside
        else f"outside {band_id} {link.value.upper()}"
    )
    raise _freq_error(khz, reason=reason, valid=valid, nearest=candidates[:2])


def nrarfcn_info(nrarfcn: int, *, registry: BandRegistry | None = None) -> Channel:
    """Describe an NR-ARFCN: frequency and the bands whose channel raster has it, per link.

    A number on no band's channel raster (an SS block position, as phones report, often is: below
    3 GHz the sync raster never meets the 100 kHz channel raster) lists instead the bands whose
    range contains its frequency, per link, and says so in ``notes``.

    Examples:
        >>> ch = nrarfcn_info(632628)
        >>> ch.dl_khz, ch.dl_bands
        (3489420, ('n77', 'n78'))
        >>> ch = nrarfcn_info(156510)
        >>> ch.dl_khz, ch.dl_bands, ch.ul_bands
        (782550, ('n28',), ('n13',))
    """
    khz = nrarfcn_to_khz(nrarfcn)
    reg = _reg(registry)
    dl: dict[str, None] = {}
    ul: dict[str, None] = {}
    for row in reg.nr_raster:
        if row.contains(nrarfcn):
            (dl if row.link is Link.DL else ul)[row.band] = None
    notes: tuple[str, ...] = ()
    if not dl and not ul:
        dl = dict.fromkeys(b.id for b in reg.at(khz, Link.DL, Rat.NR))
        ul = dict.fromkeys(b.id for b in reg.at(khz, Link.UL, Rat.NR))
        notes = (
            (
                "on no band's channel raster (e.g. an SS block position); bands listed by frequency range",
            )
            if dl or ul
            else ("on the global raster but in no NR band",)
        )
    return Channel(
        "nrarfcn",
        nrarfcn,
        dl_khz=khz if dl or not ul else None,
        ul_khz=khz if ul else None,
        dl_bands=tuple(dl),
        ul_bands=tuple(ul),
        notes=notes,
    )


# ------------------------------------------------------------------------------------ GSCN
def gscn_to_khz(gscn: int) -> int:
    """SS block reference frequency of a GSCN (TS 38.104 §5.4.3.1, Table 5.4.3.1-1).

    Examples:
        >>> gscn_to_khz(2156), gscn_to_khz(7010), gscn_to_khz(7499), gscn_to_khz(22256)
        (862850, 2804450, 3000000, 24250080)

    Raises:
        ChannelError: outside 2-26639.
    """
    if 2 <= gscn <= 7498:
        n = (gscn + 1) // 3
        m = 2 * (gscn - 3 * n) + 3
        return 1200 * n + 50 * m
    if 7499 <= gscn <= 22255:
        return 3_000_000 + 1440 * (gscn - 7499)
    if 22256 <= gscn <= GSCN_MAX:
        return _FR2_OFFSET_KHZ + 17_280 * (gscn - 22256)
    raise ChannelError(
        "GSCN", gscn, reason="outside the synchronization raster", valid=f"2-{GSCN_MAX}"
    )


def khz_to_gscn(khz: int, *, snap: bool = False) -> int:
    """GSCN whose SS reference frequency is ``khz``.

    Examples:
        >>> khz_to_gscn(2804450), khz_to_gscn(2373760, snap=True)
        (7010, 5934)

    Raises:
        ChannelError: not an SS raster frequency (unless ``snap``) or outside 0-100 GHz.
    """
    top = _FR2_OFFSET_KHZ + 17_280 * (GSCN_MAX - 22256)
    if khz < 1250 or khz > top:
        raise _freq_error(
            khz,
            reason="outside the synchronization raster",
            valid=f"{format_mhz(1250)}-{format_mhz(top)} MHz",
        )
    if khz < 3_000_000:
        estimate = 3 * (khz // 1200)
    elif khz < _FR2_OFFSET_KHZ:
        estimate = 7499 + (khz - 3_000_000) // 1440
    else:
        estimate = 22256 + (khz - _FR2_OFFSET_KHZ) // 17_280
    # neighbours on both sides, across a range boundary too (2999.9 MHz is nearest GSCN 7499)
    gscn = min(
        (g for g in range(estimate - 3, estimate + 4) if 2 <= g <= GSCN_MAX),
        key=lambda g: (abs(gscn_to_khz(g) - khz), g),
    )
    exact = gscn_to_khz(gscn) == khz
    if not exact and not snap:
        raise _freq_error(khz, reason="not an SS raster (GSCN) frequency", nearest=[gscn])
    return gscn


def gscn_info(gscn: int, *, registry: BandRegistry | None = None) -> Channel:
    """Describe a GSCN: SS reference frequency and the bands whose SS raster includes it.

    Examples:
        >>> ch = gscn_info(7711)
        >>> ch.dl_khz, "n78" in ch.dl_bands
        (3305280, True)
    """
    khz = gscn_to_khz(gscn)
    reg = _reg(registry)
    bands = tuple(dict.fromkeys(r.band for r in reg.nr_sync if r.contains(gscn)))
    scs = sorted({r.scs_khz for r in reg.nr_sync if r.contains(gscn)})
    notes = (
        (f"SSB subcarrier spacing {', '.join(str(s) for s in scs)} kHz",)
        if scs
        else ("on the synchronization raster but not an applicable entry of any band",)
    )
    return Channel("gscn", gscn, dl_khz=khz, dl_bands=bands, notes=notes)


# ------------------------------------------------------------------------------------ UTRA
def uarfcn_info(uarfcn: int, *, registry: BandRegistry | None = None) -> tuple[Channel, ...]:
    """Every meaning of a UARFCN: one :class:`Channel` per (band, link) that defines it.

    UARFCN numbering overlaps between bands (F = offset + 200 kHz·N), so one number can be the DL
    of one band and the UL of another; all interpretations are returned, DL first.

    Examples:
        >>> [(c.dl_bands, c.dl_khz) for c in uarfcn_info(10700)]
        [(('U1',), 2140000)]

    Raises:
        ChannelError: no band defines the number.
    """
    reg = _reg(registry)
    out = []
    for row in sorted(reg.uarfcn, key=lambda r: (r.link is not Link.DL, r.band)):
        if uarfcn in row.channels:
            khz = row.offset_khz + 200 * uarfcn
            notes = ("additional channel (TS 25.101 Table 5.1A)",) if row.additional else ()
            if row.link is Link.DL:
                out.append(Channel("uarfcn", uarfcn, dl_khz=khz, dl_bands=(row.band,), notes=notes))
            else:
                out.append(Channel("uarfcn", uarfcn, ul_khz=khz, ul_bands=(row.band,), notes=notes))
    if not out:
        general = [(r.first, r.last) for r in reg.uarfcn if not r.additional]
        listed = [(c, c) for r in reg.uarfcn if r.additional for c in r.channels]
        raise ChannelError(
            "UARFCN",
            uarfcn,
            reason="not defined for any UTRA FDD band",
            valid=f"{min(f for f, _ in general)}-{max(last for _, last in general)} with gaps",
            nearest=_nearest_assigned(uarfcn, general + listed),
        )
    return tuple(out)


def khz_to_uarfcn(
    khz: int,
    band: str,
    *,
    link: Link = Link.DL,
    snap: bool = False,
    registry: BandRegistry | None = None,
) -> int:
    """UARFCN of carrier ``khz`` in UTRA ``band`` on ``link`` (general or additional channel).

    Examples:
        >>> khz_to_uarfcn(2140000, "U1"), khz_to_uarfcn(1932500, "U2")
        (10700, 412)

    Raises:
        ChannelError: no channel of the band has that carrier frequency (unless ``snap``).
    """
    reg = _reg(registry)
    band_id = reg.get(band).id
    rows = [r for r in reg.uarfcn if r.band == band_id and r.link is link]
    if not rows:
        raise _freq_error(khz, reason=f"{band_id} has no {link.value.upper()} UARFCNs")
    best: tuple[int, int] | None = None
    for row in rows:
        n, rem = divmod(khz - row.offset_khz, 200)
        if rem == 0 and n in row.channels:
            return n
        for cand in row.channels:
            dist = abs(row.offset_khz + 200 * cand - khz)
            if best is None or dist < best[0]:
                best = (dist, cand)
    assert best is not None
    if snap:
        return best[1]
    raise _freq_error(
        khz,
        reason=f"not a {band_id} {link.value.upper()} UARFCN carrier",
        valid="; ".join(_uarfcn_set(r) for r in rows),
        nearest=[best[1]],
    )


# ------------------------------------------------------------------------------------- GSM
# Americas use PCS 1900 for ARFCN 512-810 except where DCS 1800 is in use: Brazil (Anatel's
# 1800 MHz assignments) and the French overseas departments and collectivities in the
# Caribbean and South America (Guadeloupe, Martinique, French Guiana, Saint-Barthelemy,
# Saint-Martin), whose networks use the 900/1800 MHz bands of metropolitan France (ARCEP) --
# PCS 1900 downlink there would sit on their 2.1 GHz (B1) uplink.
_DCS_IN_REGION_2 = frozenset({"BR", "GP", "MQ", "GF", "BL", "MF"})


def arfcn_info(
    arfcn: int,
    *,
    band: str | None = None,
    country: str | None = None,
    registry: BandRegistry | None = None,
) -> Channel:
    """Describe a GSM ARFCN: UL/DL frequencies and band.

    ARFCN 512-810 is both DCS 1800 and PCS 1900: give ``band`` or a ``country`` hint (ITU region 2
    -> PCS, except Brazil), otherwise :class:`AmbiguousBandError` lists both.

    Examples:
        >>> ch = arfcn_info(975)
        >>> ch.dl_bands[0], ch.dl_khz, ch.ul_khz
        ('EGSM900', 925200, 880200)
        >>> arfcn_info(512, country="GB").dl_khz, arfcn_info(512, country="US").dl_khz
        (1805200, 1930200)

    Raises:
        ChannelError: not a GSM channel, or not one of ``band`` (the hint names its channels).
        AmbiguousBandError: ARFCN 512-810 with neither ``band`` nor ``country``.
        UnknownCountryError: a ``country`` that names no country, even where it is not needed.
    """
    reg = _reg(registry)
    where = reg.country(country) if country is not None else None  # a bad hint is never ignored
    rows = [r for r in reg.gsm_arfcn if r.first <= arfcn <= r.last]
    if band is not None:
        hinted = reg.get(band)
        rows = [r for r in rows if r.band == hinted.id]
        if not rows:
            other = "" if hinted.rat is Rat.GSM else f": {hinted.id} is a {hinted.rat.label} band"
            raise ChannelError(
                "ARFCN",
                arfcn,
                reason=f"not a {hinted.id} channel{other}",
                valid=_band_channels(reg, hinted.id, "arfcn"),
            )
    if not rows:
        raise ChannelError(
            "ARFCN",
            arfcn,
            reason="not assigned to any GSM band",
            valid="0-124, 128-251, 259-293, 306-340, 438-511, 512-885, 955-1023",
        )
    names = {r.band for r in rows}
    if {"GSM1800", "GSM1900"} <= names:
        if where is None:
            raise AmbiguousBandError(
                f"ARFCN {arfcn}",
                candidates=["GSM1800", "GSM1900"],
                hint="give band= or a country (ITU region 2 uses PCS 1900)",
            )
        keep = (
            "GSM1900" if where.itu_region == 2 and where.code not in _DCS_IN_REGION_2 else "GSM1800"
        )
        rows = [r for r in rows if r.band == keep]
    # narrowest band first (P-GSM before E-GSM before R-GSM)
    rows.sort(key=lambda r: r.last - r.first)
    primary = rows[0]
    ul = primary.ul_khz(arfcn)
    ids = tuple(r.band for r in rows)
    return Channel(
        "arfcn", arfcn, dl_khz=ul + primary.duplex_khz, ul_khz=ul, dl_bands=ids, ul_bands=ids
    )


CHANNEL_KINDS: tuple[str, ...] = ("arfcn", "uarfcn", "earfcn", "nrarfcn", "gscn")


def channel_meanings(
    kind: str,
    number: int,
    *,
    band: str | None = None,
    country: str | None = None,
    registry: BandRegistry | None = None,
) -> tuple[Channel, ...]:
    """What ``number`` means in numbering ``kind`` (one of :data:`CHANNEL_KINDS`).

    Why one entry point: the CLI's ``channel`` command and ``GET /v1/channels`` must answer
    alike, including the ``band`` hint (any name :func:`~bandfit.bands.parse.parse_band`
    accepts: ``B17``, ``PCS 1900``). The hint picks the GSM band of a shared ARFCN and, for the
    other numberings, keeps only the meanings in that band: a number that is not a channel of
    the hinted band is an error, never silently answered for another band.

    Examples:
        >>> [c.dl_bands for c in channel_meanings("earfcn", 5110, band="Band 12")]
        [('B12',)]

    Raises:
        ChannelError: an invalid number, or not a channel of ``band`` (the hint lists its channels).
        UnknownBandError / AmbiguousBandError: a ``band`` hint that names no single band.
        UnknownCountryError: a ``country`` hint that names no country (for any ``kind``).
        InvalidInputError: an unknown ``kind``.
    """
    from bandfit.bands.parse import parse_band  # parse imports nothing from here; kept local

    reg = _reg(registry)
    hint = parse_band(band, registry=reg) if band else None
    if country is not None:
        reg.country(country)  # a hint that names no country is an error, whatever the kind
    if kind == "arfcn":
        return (arfcn_info(number, band=hint.id if hint else None, country=country, registry=reg),)
    if kind == "earfcn":
        found: tuple[Channel, ...] = (earfcn_info(number, registry=reg),)
    elif kind == "nrarfcn":
        found = (nrarfcn_info(number, registry=reg),)
    elif kind == "gscn":
        found = (gscn_info(number, registry=reg),)
    elif kind == "uarfcn":
        found = uarfcn_info(number, registry=reg)
    else:
        raise InvalidInputError(
            f"unknown channel numbering {kind!r}", hint=f"use one of: {', '.join(CHANNEL_KINDS)}"
        )
    if hint is None:
        return found
    kept = tuple(c for c in found if hint.id in c.bands)
    if not kept:
        meant = ", ".join(dict.fromkeys(b for c in found for b in c.bands)) or "in no band"
        raise ChannelError(
            _KIND_LABELS[kind],
            number,
            reason=f"not a {hint.id} channel (it is {meant})",
            valid=_band_channels(reg, hint.id, kind),
        )
    return kept


# --------------------------------------------------------------------------- by frequency
@dataclass(frozen=True, slots=True)
class ChannelAt:
    """A band containing a frequency, with that frequency's channel number in the band."""

    band: str
    rat: Rat
    kind: str
    number: int | None
    note: str = ""


def channels_at(
    khz: int, link: Link, *, registry: BandRegistry | None = None
) -> tuple[ChannelAt, ...]:
    """Every band containing ``khz`` on ``link`` and the channel number there (None if off raster).

    Examples:
        >>> [(c.band, c.number) for c in channels_at(739000, Link.DL) if c.band in ("B12", "B17", "n12")]
        [('B12', 5110), ('B17', 5780), ('n12', 147800)]
    """
    reg = _reg(registry)
    out: list[ChannelAt] = []
    for band in reg.at(khz, link):
        kind, number, note = _channel_in_band(reg, band.id, band.rat, khz, link)
        out.append(ChannelAt(band.id, band.rat, kind, number, note))
    return tuple(out)


def _channel_in_band(
    reg: BandRegistry, band_id: str, rat: Rat, khz: int, link: Link
) -> tuple[str, int | None, str]:
    kinds = {
        Rat.GSM: "arfcn",
        Rat.UMTS: "uarfcn",
        Rat.LTE: "earfcn",
        Rat.NR: "nrarfcn",
        Rat.CDMA: "cdma-channel",
    }
    kind = kinds[rat]
    try:
        if rat is Rat.LTE:
            return kind, khz_to_earfcn(khz, band_id, link=link, registry=reg), ""
        if rat is Rat.NR:
            return kind, khz_to_nrarfcn(khz, band_id, link=link, registry=reg), ""
        if rat is Rat.UMTS:
            return kind, khz_to_uarfcn(khz, band_id, link=link, registry=reg), ""
        if rat is Rat.GSM:
            return kind, _gsm_number(reg, band_id, khz, link), ""
    except ChannelError as err:
        return kind, None, err.reason
    return kind, None, "CDMA channel numbering is not modelled"


def _gsm_number(reg: BandRegistry, band_id: str, khz: int, link: Link) -> int:
    for row in reg.gsm_arfcn:
        if row.band != band_id:
            continue
        ul = khz if link is Link.UL else khz - row.duplex_khz
        n, rem = divmod(ul - row.ul_first_khz, 200)
        if rem == 0 and 0 <= n <= row.last - row.first:
            return row.first + n
    raise ChannelError("ARFCN", khz, reason=f"{format_mhz(khz)} MHz is not a {band_id} carrier")


def describe_links(channels: Sequence[Channel]) -> str:
    """One-line human summary (used by the CLI): ``"B12 DL 739 MHz"``."""
    parts = []
    for ch in channels:
        if ch.dl_bands and ch.dl_khz is not None:
            parts.append(f"{'/'.join(ch.dl_bands)} DL {format_mhz(ch.dl_khz)} MHz")
        if ch.ul_bands and ch.ul_khz is not None:
            parts.append(f"{'/'.join(ch.ul_bands)} UL {format_mhz(ch.ul_khz)} MHz")
    return "; ".join(parts)
