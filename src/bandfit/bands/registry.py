"""The band registry: every band of every RAT, its channel tables, and relations between bands.

Why a registry object rather than module globals: tests and users can load another release or a
patched table (``BandRegistry.from_file``) and pass it explicitly; the default one is loaded
lazily from the compiled package data on first use, so ``import bandfit`` reads no file.

Relations (``supersets``/``subsets``) are computed from the ranges, never from hand lists: B66
covers B4 because its UL and DL ranges contain B4's.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from bandfit.bands.model import Band, Duplex, FreqRange, Link, Rat
from bandfit.errors import UnknownBandError, UnknownCountryError

__all__ = [
    "BandRegistry",
    "Country",
    "EarfcnRange",
    "GsmArfcnRange",
    "LabelRule",
    "NrRasterRow",
    "SyncRasterRow",
    "UarfcnSet",
    "default_registry",
]


@dataclass(frozen=True, slots=True)
class GsmArfcnRange:
    """ARFCNs ``first..last`` of a GSM band: F_UL = ul_first + 200 kHz·(n - first)."""

    band: str
    first: int
    last: int
    ul_first_khz: int
    duplex_khz: int

    def ul_khz(self, arfcn: int) -> int:
        """Uplink carrier frequency of ``arfcn``."""
        return self.ul_first_khz + 200 * (arfcn - self.first)


@dataclass(frozen=True, slots=True)
class UarfcnSet:
    """UARFCNs of one UTRA band and link: F = offset + 200 kHz·N (TS 25.101 Table 5.1/5.1A)."""

    band: str
    link: Link
    additional: bool
    offset_khz: int
    channels: frozenset[int]
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class EarfcnRange:
    """EARFCNs ``first..last`` of one band and link: F = low + 100 kHz·(N - N_offs)."""

    band: str
    link: Link
    low_khz: int
    n_offs: int
    first: int
    last: int

    def khz(self, earfcn: int) -> int:
        """Carrier frequency of ``earfcn``."""
        return self.low_khz + 100 * (earfcn - self.n_offs)


@dataclass(frozen=True, slots=True)
class NrRasterRow:
    """Applicable NR-ARFCNs ``first:<step>:last`` of a band, link and channel raster."""

    band: str
    raster_khz: int
    link: Link
    first: int
    step: int
    last: int

    def contains(self, arfcn: int) -> bool:
        """Return True if ``arfcn`` is one of this row's raster points."""
        return self.first <= arfcn <= self.last and (arfcn - self.first) % self.step == 0


@dataclass(frozen=True, slots=True)
class SyncRasterRow:
    """Applicable GSCNs of a band for one SSB subcarrier spacing and block pattern."""

    band: str
    scs_khz: int
    pattern: str
    first: int | None
    step: int | None
    last: int | None
    listed: frozenset[int]

    def contains(self, gscn: int) -> bool:
        """Return True if ``gscn`` is an applicable SS raster entry of this row."""
        if self.listed:
            return gscn in self.listed
        if self.first is None or self.step is None or self.last is None:
            return False
        return self.first <= gscn <= self.last and (gscn - self.first) % self.step == 0


@dataclass(frozen=True, slots=True)
class LabelRule:
    """A MHz label convention: ``rat`` + ``label_mhz`` means ``bands`` within ``scope``."""

    rat: Rat
    label_mhz: int
    scope: str  # "*", "ITU1".."ITU3", or an ISO country code
    bands: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Country:
    """An ISO 3166-1 alpha-2 country, its ITU radio region (1, 2 or 3) and its alpha-3 code."""

    code: str
    name: str
    itu_region: int
    alpha3: str | None = None


_RAT_ORDER = {rat: i for i, rat in enumerate(Rat)}


class BandRegistry:
    """All bands and channel tables of one 3GPP release."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.release: str = document["release"]
        bands = [_band_from_json(b) for b in document["bands"]]
        bands.sort(
            key=lambda b: (
                _RAT_ORDER[b.rat],
                b.number if b.number is not None else b.lowest_khz,
                b.id,
            )
        )
        self._bands: dict[str, Band] = {b.id: b for b in bands}
        self._lower: dict[str, str] = {b.id.lower(): b.id for b in bands}
        self.gsm_arfcn = tuple(GsmArfcnRange(*row) for row in document["gsm_arfcn"])
        self.uarfcn = tuple(
            UarfcnSet(
                band=b,
                link=Link(link),
                additional=kind == "additional",
                offset_khz=off,
                channels=frozenset(chs),
                first=min(chs),
                last=max(chs),
            )
            for b, link, kind, off, chs in document["utra_uarfcn"]
        )
        self.earfcn = tuple(
            EarfcnRange(b, Link(link), low, offs, first, last)
            for b, link, low, offs, first, last in document["eutra_earfcn"]
        )
        self.nr_raster = tuple(
            NrRasterRow(b, raster, Link(link), first, step, last)
            for b, raster, link, first, step, last in document["nr_channel_raster"]
        )
        self.nr_sync = tuple(
            SyncRasterRow(
                b,
                scs,
                pattern,
                rng[0] if rng else None,
                rng[1] if rng else None,
                rng[2] if rng else None,
                frozenset(listed),
            )
            for b, scs, pattern, rng, listed in document["nr_sync_raster"]
        )
        self.labels = tuple(
            LabelRule(Rat(rat), label, scope, tuple(bands))
            for rat, label, scope, bands in document["labels"]
        )
        self.countries: dict[str, Country] = {
            row[0]: Country(row[0], row[1], row[2], row[3] if len(row) > 3 else None)
            for row in document["countries"]
        }
        self._alpha3: dict[str, Country] = {
            c.alpha3: c for c in self.countries.values() if c.alpha3 is not None
        }

    # -- construction ------------------------------------------------------------------------
    @classmethod
    def from_file(cls, path: str | Path) -> BandRegistry:
        """Load a registry from a compiled ``bands.json``."""
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))

    # -- lookups -----------------------------------------------------------------------------
    def __contains__(self, band_id: object) -> bool:
        return isinstance(band_id, str) and band_id in self._bands

    def __iter__(self) -> Iterator[Band]:
        return iter(self._bands.values())

    def __len__(self) -> int:
        return len(self._bands)

    def get(self, band_id: str) -> Band:
        """Return the band with canonical id ``band_id`` (case-insensitive).

        Raises:
            UnknownBandError: with close-match suggestions.
        """
        band = self._bands.get(band_id) or self._bands.get(self._lower.get(band_id.lower(), ""))
        if band is None:
            raise UnknownBandError(band_id, suggestions=self.suggest(band_id))
        return band

    def suggest(self, text: str, limit: int = 4) -> tuple[str, ...]:
        """Canonical ids that look like ``text`` (for "did you mean" hints)."""
        matches = difflib.get_close_matches(text.lower(), list(self._lower), n=limit, cutoff=0.6)
        return tuple(self._lower[m] for m in matches)

    def bands(self, rat: Rat | None = None) -> tuple[Band, ...]:
        """Every band, or every band of ``rat``, in registry order."""
        return tuple(b for b in self._bands.values() if rat is None or b.rat is rat)

    def at(self, khz: int, link: Link, rat: Rat | None = None) -> tuple[Band, ...]:
        """Bands whose ``link`` range contains ``khz`` (UL and DL are never mixed)."""
        out = []
        for band in self._bands.values():
            rng = band.range(link)
            if rng is not None and rng.contains(khz) and (rat is None or band.rat is rat):
                out.append(band)
        return tuple(out)

    def raster_compatible(self, outer: Band | str, inner: Band | str) -> bool:
        """True unless both are NR bands and ``inner`` allows a channel-raster point ``outer`` lacks.

        Why: a phone uses a cell only in a band it declares, so an NR band whose frequencies
        contain another's is a real superset only if every carrier position of the inner band
        is also a carrier of the outer band (TS 38.101-1 Table 5.4.2.3-1). n77 contains n78
        (both on the 15/30 kHz raster), but n41 (15/30 kHz raster) does not contain n38 or n90,
        whose 100 kHz raster points mostly fall between n41's: that is why n90 exists. LTE and
        older RATs share one raster per RAT, so only ranges decide there.
        """
        o = self.get(outer) if isinstance(outer, str) else outer
        i = self.get(inner) if isinstance(inner, str) else inner
        if o.rat is not Rat.NR or i.rat is not Rat.NR:
            return True
        rows_o = [r for r in self.nr_raster if r.band == o.id]
        rows_i = [r for r in self.nr_raster if r.band == i.id]
        if not rows_o or not rows_i:
            return True  # no raster data: the ranges alone decide
        return all(
            any(
                ro.link is ri.link
                and ro.first <= ri.first
                and ri.last <= ro.last
                and ri.step % ro.step == 0
                and (ri.first - ro.first) % ro.step == 0
                for ro in rows_o
            )
            for ri in rows_i
        )

    def covers(self, outer: Band | str, inner: Band | str) -> bool:
        """``outer`` contains ``inner``: ranges (:meth:`Band.covers`) and, for NR, the raster
        (:meth:`raster_compatible`)."""
        o = self.get(outer) if isinstance(outer, str) else outer
        i = self.get(inner) if isinstance(inner, str) else inner
        return o.covers(i) and self.raster_compatible(o, i)

    def supersets(self, band: Band | str) -> tuple[Band, ...]:
        """Bands of the same RAT and duplex mode whose ranges contain ``band``'s."""
        b = self.get(band) if isinstance(band, str) else band
        return self._relations[0].get(b.id, ())

    def subsets(self, band: Band | str) -> tuple[Band, ...]:
        """Bands that ``band`` covers."""
        b = self.get(band) if isinstance(band, str) else band
        return self._relations[1].get(b.id, ())

    @cached_property
    def _relations(self) -> tuple[dict[str, tuple[Band, ...]], dict[str, tuple[Band, ...]]]:
        sup: dict[str, list[Band]] = {}
        sub: dict[str, list[Band]] = {}
        for rat in Rat:
            group = self.bands(rat)
            for a in group:
                for b in group:
                    if self.covers(a, b):
                        sup.setdefault(b.id, []).append(a)
                        sub.setdefault(a.id, []).append(b)
        return ({k: tuple(v) for k, v in sup.items()}, {k: tuple(v) for k, v in sub.items()})

    def describe(self, band: Band | str) -> dict[str, Any]:
        """A band as JSON with its relations and channel tables (what ``bandfit band --json`` and
        ``GET /v1/bands/{id}`` return): ranges in MHz, covers / covered_by, EARFCN ranges for
        LTE, channel and SS rasters for NR (``None`` where the RAT has none).
        """
        b = self.get(band) if isinstance(band, str) else band
        payload: dict[str, Any] = b.to_dict()
        payload["covers"] = [x.id for x in self.subsets(b)]
        payload["covered_by"] = [x.id for x in self.supersets(b)]
        payload["channel_raster"] = payload["ss_raster"] = payload["earfcn"] = None
        if b.rat is Rat.NR:
            payload["channel_raster"] = [
                {
                    "link": r.link.value,
                    "raster_khz": r.raster_khz,
                    "first": r.first,
                    "step": r.step,
                    "last": r.last,
                }
                for r in self.nr_raster
                if r.band == b.id
            ]
            payload["ss_raster"] = [
                {
                    "scs_khz": r.scs_khz,
                    "pattern": r.pattern,
                    "first": r.first,
                    "step": r.step,
                    "last": r.last,
                    "listed": sorted(r.listed),
                }
                for r in self.nr_sync
                if r.band == b.id
            ]
        if b.rat is Rat.LTE:
            payload["earfcn"] = [
                {"link": r.link.value, "first": r.first, "last": r.last}
                for r in self.earfcn
                if r.band == b.id
            ]
        return payload

    def country(self, code: str) -> Country:
        """Return the ISO 3166 country ``code`` (case-insensitive).

        An ISO alpha-3 code (``USA``, ``DEU``) or an English name from the table (``United
        States``, any case) is accepted too; the country returned always carries its alpha-2
        ``code``, the unit bandfit answers in.

        Raises:
            UnknownCountryError: neither a code nor a name in the table, with close names as
                suggestions.
        """
        text = code.strip()
        found = self.countries.get(text.upper()) or self._alpha3.get(text.upper())
        if found is not None:
            return found
        names = {c.name.lower(): c.code for c in self.countries.values()}
        if text.lower() in names:
            return self.countries[names[text.lower()]]
        close = difflib.get_close_matches(text.lower(), list(names), n=3, cutoff=0.7)
        suggestions = tuple(dict.fromkeys(names[c] for c in close))
        raise UnknownCountryError(
            code,
            suggestions=suggestions,
            names={c: self.countries[c].name for c in suggestions},
        )


def _range(pair: list[int] | None) -> FreqRange | None:
    return FreqRange(pair[0], pair[1]) if pair else None


def _band_from_json(raw: Mapping[str, Any]) -> Band:
    return Band(
        id=raw["id"],
        rat=Rat(raw["rat"]),
        duplex=Duplex(raw["duplex"]),
        ul=_range(raw["ul"]),
        dl=_range(raw["dl"]),
        number=raw["number"],
        name=raw["name"],
        aliases=tuple(raw.get("aliases", ())),
        spec=raw.get("spec", ""),
        notes=raw.get("notes", ""),
    )


@cache
def default_registry() -> BandRegistry:
    """The registry compiled into the package (loaded once, on first use)."""
    text = resources.files("bandfit").joinpath("_data/bands.json").read_text(encoding="utf-8")
    return BandRegistry(json.loads(text))
