"""Value types of the band registry: RATs, links, duplex modes, frequency ranges and bands.

Why dataclasses and not pydantic: these values sit on every hot path (matrix evaluation, fleet
screening) and cross process boundaries; frozen slotted dataclasses are cheap, hashable and pickle
without any dependency. Frequencies are integer kHz so no float rounding can creep in; MHz only
appears when rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["Band", "Duplex", "FreqRange", "Link", "Rat", "format_mhz"]


class Rat(StrEnum):
    """Radio access technology."""

    GSM = "gsm"
    UMTS = "umts"
    CDMA = "cdma"
    LTE = "lte"
    NR = "nr"

    @property
    def generation(self) -> str:
        """Marketing generation label (``2G`` ... ``5G``) used in per-RAT verdict detail."""
        return _GENERATION[self]

    @property
    def label(self) -> str:
        """Human label, e.g. ``"4G LTE"``."""
        return _LABEL[self]


_GENERATION = {
    Rat.GSM: "2G",
    Rat.UMTS: "3G",
    Rat.CDMA: "3G",
    Rat.LTE: "4G",
    Rat.NR: "5G",
}
_LABEL = {
    Rat.GSM: "2G GSM",
    Rat.UMTS: "3G UMTS",
    Rat.CDMA: "2G/3G CDMA2000",
    Rat.LTE: "4G LTE",
    Rat.NR: "5G NR",
}


class Link(StrEnum):
    """Direction of a frequency range: downlink (network to phone) or uplink."""

    DL = "dl"
    UL = "ul"


class Duplex(StrEnum):
    """Duplex mode of a band as the 3GPP tables state it."""

    FDD = "fdd"
    TDD = "tdd"
    SDL = "sdl"  # supplemental downlink: DL only, needs an anchor band
    SUL = "sul"  # supplemental uplink: UL only, needs an anchor band


def format_mhz(khz: int) -> str:
    """Render integer kHz as MHz without trailing zeros (``739000`` -> ``"739"``).

    Examples:
        >>> format_mhz(739000), format_mhz(1844900), format_mhz(3489420)
        ('739', '1844.9', '3489.42')
    """
    whole, frac = divmod(khz, 1000)
    return f"{whole}.{frac:03d}".rstrip("0").rstrip(".") if frac else str(whole)


@dataclass(frozen=True, slots=True, order=True)
class FreqRange:
    """A closed frequency interval ``[low_khz, high_khz]`` in integer kHz."""

    low_khz: int
    high_khz: int

    def __post_init__(self) -> None:
        if self.low_khz > self.high_khz:
            raise ValueError(f"FreqRange low {self.low_khz} kHz > high {self.high_khz} kHz")

    @property
    def width_khz(self) -> int:
        """Width of the range in kHz."""
        return self.high_khz - self.low_khz

    @property
    def center_khz(self) -> int:
        """Centre of the range (rounded down to a whole kHz)."""
        return (self.low_khz + self.high_khz) // 2

    def contains(self, khz: int) -> bool:
        """Return True if ``khz`` lies inside the range (edges included)."""
        return self.low_khz <= khz <= self.high_khz

    def contains_range(self, other: FreqRange) -> bool:
        """Return True if ``other`` lies entirely inside this range."""
        return self.low_khz <= other.low_khz and other.high_khz <= self.high_khz

    def overlaps(self, other: FreqRange) -> bool:
        """Return True if the two ranges share more than an edge."""
        return self.low_khz < other.high_khz and other.low_khz < self.high_khz

    def overlap_khz(self, other: FreqRange) -> int:
        """Width of the intersection in kHz (0 when disjoint)."""
        return max(0, min(self.high_khz, other.high_khz) - max(self.low_khz, other.low_khz))

    def __str__(self) -> str:
        return f"{format_mhz(self.low_khz)}–{format_mhz(self.high_khz)} MHz"

    def to_dict(self) -> dict[str, float]:
        """MHz form for JSON output (the public unit)."""
        return {"low_mhz": self.low_khz / 1000, "high_mhz": self.high_khz / 1000}


@dataclass(frozen=True, slots=True)
class Band:
    """One operating band of one RAT, as a 3GPP (or 3GPP2) table defines it.

    ``ul``/``dl`` are ``None`` where the band has no such link (SDL bands have no UL, SUL bands no
    DL). TDD bands have identical UL and DL ranges.
    """

    id: str
    rat: Rat
    duplex: Duplex
    ul: FreqRange | None
    dl: FreqRange | None
    number: int | None = None
    name: str = ""
    aliases: tuple[str, ...] = ()
    spec: str = ""
    notes: str = field(default="", compare=False)

    def range(self, link: Link) -> FreqRange | None:
        """The band's range on ``link`` (``None`` if the band has no such link)."""
        return self.dl if link is Link.DL else self.ul

    @property
    def links(self) -> tuple[Link, ...]:
        """Links the band defines, DL first."""
        return tuple(lk for lk in (Link.DL, Link.UL) if self.range(lk) is not None)

    @property
    def lowest_khz(self) -> int:
        """Lowest frequency of either link (used to sort bands and to classify low-band)."""
        return min(r.low_khz for r in (self.ul, self.dl) if r is not None)

    @property
    def duplex_spacing_khz(self) -> int | None:
        """DL low minus UL low for FDD bands (negative for reverse-duplex bands such as B13)."""
        if self.duplex is not Duplex.FDD or self.ul is None or self.dl is None:
            return None
        return self.dl.low_khz - self.ul.low_khz

    @property
    def fr(self) -> str | None:
        """NR frequency range (``FR1`` below 7.125 GHz, ``FR2`` above), else ``None``."""
        if self.rat is not Rat.NR:
            return None
        return "FR2" if self.lowest_khz >= 24_250_000 else "FR1"

    def covers(self, other: Band) -> bool:
        """Return True if this band's ranges contain ``other``'s on every link ``other`` has.

        Relations fall out of the ranges, not a hand list: B66 covers B4, B12 covers B17, n77
        covers n78. Both bands must be of the same RAT and duplex mode (a TDD band that spans an
        FDD band's frequencies does not make a phone FDD-capable). Ranges only: for NR the
        channel rasters must agree too, which needs the registry's tables — use
        :meth:`BandRegistry.covers <bandfit.bands.registry.BandRegistry.covers>` (n41's ranges
        contain n38's, but n41 does not cover n38).

        Examples:
            >>> from bandfit.bands import get_band
            >>> get_band("B66").covers(get_band("B4")), get_band("B4").covers(get_band("B66"))
            (True, False)
        """
        if self.rat is not other.rat or self.duplex is not other.duplex or self.id == other.id:
            return False
        for link in other.links:
            mine, theirs = self.range(link), other.range(link)
            if mine is None or theirs is None or not mine.contains_range(theirs):
                return False
        return True

    def overlaps(self, other: Band) -> bool:
        """Return True if the bands share spectrum on a common link (any RAT)."""
        for link in (Link.DL, Link.UL):
            mine, theirs = self.range(link), other.range(link)
            if mine is not None and theirs is not None and mine.overlaps(theirs):
                return True
        return False

    def to_dict(self) -> dict[str, object]:
        """JSON form with MHz ranges (the public unit)."""
        return {
            "id": self.id,
            "rat": self.rat.value,
            "generation": self.rat.generation,
            "number": self.number,
            "name": self.name,
            "duplex": self.duplex.value,
            "fr": self.fr,
            "ul": self.ul.to_dict() if self.ul else None,
            "dl": self.dl.to_dict() if self.dl else None,
            "aliases": list(self.aliases),
            "spec": self.spec,
        }
