"""Catalog records: devices with their exact variants, operators with dated deployments.

Why pydantic (frozen, ``extra="forbid"``): these records are read from human-edited YAML, and
pydantic gives located error messages ("deployments.3.band: ...") for free; a typo'd key is an
error, not silently ignored data. Single-record invariants live here; cross-record ones (band ids
exist, MVNO hosts exist, cited sources are defined) live in :mod:`bandfit.catalog.checks`.

Unknown is not "no": a band list that is ``None`` means *we do not know*; an empty list means *the
variant has none*. The engine returns an *unknown* verdict rather than guessing from a gap.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from bandfit.bands.model import FreqRange, Rat

__all__ = [
    "BandSet",
    "Block",
    "Confidence",
    "Deployment",
    "Device",
    "HostAgreement",
    "Layer",
    "Network",
    "Operator",
    "Policy",
    "PolicyRule",
    "Source",
    "Subscribers",
    "Variant",
    "Voice",
    "VoiceTech",
    "first_release",
    "rat_of_band_id",
    "released_by",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9.+-]*$")]
RecordId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*$")]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Plmn = Annotated[str, StringConstraints(pattern=r"^\d{3}-\d{2,3}$")]
BandId = Annotated[
    str,
    StringConstraints(pattern=r"^(B\d{1,3}|n\d{1,3}|U\d{1,2}|BC\d{1,2}|(?:GSM|EGSM|RGSM)\d{3,4})$"),
]
PartialDate = Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]

_BAND_RAT = (
    (re.compile(r"^B\d+$"), Rat.LTE),
    (re.compile(r"^n\d+$"), Rat.NR),
    (re.compile(r"^U\d+$"), Rat.UMTS),
    (re.compile(r"^BC\d+$"), Rat.CDMA),
    (re.compile(r"^(?:GSM|EGSM|RGSM)\d+$"), Rat.GSM),
)


def rat_of_band_id(band_id: str) -> Rat:
    """Return the RAT a canonical band id belongs to (``"B12"`` -> LTE, ``"n71"`` -> NR).

    Examples:
        >>> rat_of_band_id("U5"), rat_of_band_id("GSM1900")
        (<Rat.UMTS: 'umts'>, <Rat.GSM: 'gsm'>)
    """
    for pattern, rat in _BAND_RAT:
        if pattern.match(band_id):
            return rat
    raise ValueError(f"not a canonical band id: {band_id!r}")


class Confidence(StrEnum):
    """How sure the data is: two sources agree / one source / derived from coarse data."""

    CONFIRMED = "confirmed"
    REPORTED = "reported"
    INFERRED = "inferred"


class Layer(StrEnum):
    """The role a deployment plays in the operator's network (drives default score weights)."""

    COVERAGE = "coverage"  # low band, wide area and indoor
    CAPACITY = "capacity"  # mid band
    BOOST = "boost"  # mmWave hotspots
    SUPPLEMENTAL = "supplemental"  # SDL/SUL: only usable with an anchor band


class VoiceTech(StrEnum):
    """How a network carries voice calls."""

    CS = "cs"  # circuit-switched (GSM, UMTS, CDMA 1x)
    VOLTE = "volte"
    VONR = "vonr"
    NONE = "none"


class PolicyRule(StrEnum):
    """Admission rules an operator applies beyond radio compatibility."""

    VOLTE_WHITELIST = "volte-whitelist"  # VoLTE only for devices on the operator's list
    NON_VOLTE_ACTIVATION_REFUSED = "non-volte-activation-refused"  # new non-VoLTE devices refused
    DEVICE_CERTIFICATION = "device-certification"  # activation only for certified/approved devices
    SA_CERTIFIED_ONLY = "sa-certified-only"  # native 5G SA only for certified devices


class Source(BaseModel):
    """Where a fact comes from: a title plus a URL or a publisher, and when it was read."""

    model_config = _FROZEN

    title: str = Field(min_length=1)
    url: str | None = None
    publisher: str | None = None
    retrieved: dt.date | None = None
    license: str | None = None
    note: str = ""

    @model_validator(mode="after")
    def _url_or_publisher(self) -> Source:
        if not self.url and not self.publisher:
            raise ValueError("a source needs a url or a publisher")
        return self


class _Dated(BaseModel):
    """Shared ``since``/``until`` semantics: live on D iff since <= D < until."""

    model_config = _FROZEN

    since: dt.date | None = None
    until: dt.date | None = None
    sources: tuple[str, ...] = ()
    note: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> _Dated:
        if self.since and self.until and self.since >= self.until:
            raise ValueError(f"since {self.since} is not before until {self.until}")
        return self

    def live_on(self, on: dt.date) -> bool:
        """Return True if the record is in effect on ``on``."""
        return (self.since is None or self.since <= on) and (self.until is None or on < self.until)


class Block(BaseModel):
    """An operator's actual spectrum inside a band, as ``[low, high]`` integer kHz per link."""

    model_config = _FROZEN

    dl_khz: tuple[int, int] | None = None
    ul_khz: tuple[int, int] | None = None

    @model_validator(mode="after")
    def _valid(self) -> Block:
        if self.dl_khz is None and self.ul_khz is None:
            raise ValueError("a block needs dl_khz or ul_khz")
        for name, pair in (("dl_khz", self.dl_khz), ("ul_khz", self.ul_khz)):
            if pair is not None and pair[0] >= pair[1]:
                raise ValueError(f"{name} low {pair[0]} must be below high {pair[1]}")
        return self

    @property
    def dl(self) -> FreqRange | None:
        """Downlink block as a range."""
        return FreqRange(*self.dl_khz) if self.dl_khz else None

    @property
    def ul(self) -> FreqRange | None:
        """Uplink block as a range."""
        return FreqRange(*self.ul_khz) if self.ul_khz else None


class Deployment(_Dated):
    """One band an operator runs (or ran, or plans), with its layer, block and dates."""

    band: BandId
    layer: Layer
    block: Block | None = None
    weight: float | None = Field(default=None, ge=0.0, le=10.0)
    status: Literal["live", "planned", "retired"] = "live"
    confidence: Confidence = Confidence.REPORTED
    candidates: tuple[BandId, ...] = ()

    @property
    def rat(self) -> Rat:
        """RAT of the deployment's band."""
        return rat_of_band_id(self.band)

    @model_validator(mode="after")
    def _retired_has_date(self) -> Deployment:
        if self.status == "retired" and self.until is None:
            raise ValueError("a retired deployment needs an 'until' date")
        return self

    def live_on(self, on: dt.date) -> bool:
        """Planned deployments are never live; others follow their dates."""
        return self.status != "planned" and super().live_on(on)


class Network(_Dated):
    """The lifetime of one RAT at an operator (its sunset is ``until``) and how it carries voice."""

    rat: Rat
    status: Literal["live", "planned", "ended"] = "live"
    voice: VoiceTech | None = None
    voice_since: dt.date | None = None
    modes: tuple[Literal["nsa", "sa"], ...] | None = None
    sa_since: dt.date | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Network:
        if self.status == "ended" and self.until is None:
            raise ValueError(f"{self.rat.value} network marked ended needs an 'until' date")
        if self.rat is not Rat.NR and (self.modes is not None or self.sa_since is not None):
            raise ValueError("modes/sa_since apply to NR networks only")
        return self

    def live_on(self, on: dt.date) -> bool:
        """Planned networks are never live; others follow their dates."""
        return self.status != "planned" and super().live_on(on)


class Policy(_Dated):
    """A dated admission rule (whitelists, certification, activation refusals)."""

    rule: PolicyRule


class HostAgreement(_Dated):
    """An MVNO's (or hybrid MNO's) access to a host network."""

    operator: RecordId
    role: Literal["primary", "secondary", "roaming"] = "primary"


class Subscribers(BaseModel):
    """A subscriber count with its date and source (used for market weights in the planner)."""

    model_config = _FROZEN

    count: int = Field(gt=0)
    as_of: dt.date
    sources: tuple[str, ...] = Field(min_length=1)


class Operator(BaseModel):
    """A mobile network operator or MVNO in one country."""

    model_config = _FROZEN

    schema_: Literal["bandfit.operator/1"] = Field(default="bandfit.operator/1", alias="schema")
    id: RecordId
    name: str = Field(min_length=1)
    country: CountryCode
    kind: Literal["MNO", "MVNO"]
    brands: tuple[str, ...] = ()
    plmns: tuple[Plmn, ...] = ()
    group: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    successor: RecordId | None = None
    hosts: tuple[HostAgreement, ...] = ()
    networks: tuple[Network, ...] = ()
    deployments: tuple[Deployment, ...] = ()
    policies: tuple[Policy, ...] = ()
    subscribers: Subscribers | None = None
    external_ids: dict[str, str] = Field(default_factory=dict)
    sources: dict[str, Source] = Field(default_factory=dict)
    as_of: dt.date
    notes: str = ""

    @field_validator("id")
    @classmethod
    def _id_has_country(cls, value: str) -> str:
        if not re.match(r"^[a-z]{2}/", value):
            raise ValueError("operator id must start with the lower-case country code, e.g. us/att")
        return value

    @model_validator(mode="after")
    def _country_matches_id(self) -> Operator:
        if self.id[:2] != self.country.lower():
            raise ValueError(f"id {self.id!r} does not start with country {self.country!r}")
        if self.kind == "MVNO" and not self.hosts:
            raise ValueError("an MVNO needs at least one host agreement")
        return self

    def live_on(self, on: dt.date) -> bool:
        """Return True if the operator offers service on ``on``."""
        return (self.since is None or self.since <= on) and (self.until is None or on < self.until)

    def network(self, rat: Rat) -> Network | None:
        """The network record of ``rat`` (``None`` if the operator never ran it or it is unknown)."""
        return next((n for n in self.networks if n.rat is rat), None)

    def cited_source_ids(self) -> set[str]:
        """Every source id any fact of this record cites."""
        cited: set[str] = set()
        for group in (self.hosts, self.networks, self.deployments, self.policies):
            for item in group:
                cited.update(item.sources)
        if self.subscribers:
            cited.update(self.subscribers.sources)
        return cited


class Voice(BaseModel):
    """A variant's voice features; ``None`` = unknown."""

    model_config = _FROZEN

    volte: bool | None = None
    vonr: bool | None = None
    vowifi: bool | None = None


class BandSet(BaseModel):
    """A variant's bands per RAT; ``None`` = unknown, ``()`` = none."""

    model_config = _FROZEN

    gsm: tuple[BandId, ...] | None = None
    umts: tuple[BandId, ...] | None = None
    cdma: tuple[BandId, ...] | None = None
    lte: tuple[BandId, ...] | None = None
    nr: tuple[BandId, ...] | None = None

    def of(self, rat: Rat) -> tuple[str, ...] | None:
        """Bands of ``rat`` (``None`` when unknown)."""
        value: tuple[str, ...] | None = getattr(self, rat.value)
        return value

    def all_ids(self) -> tuple[str, ...]:
        """Every band id listed, in RAT order."""
        out: list[str] = []
        for rat in Rat:
            out.extend(self.of(rat) or ())
        return tuple(out)

    @model_validator(mode="after")
    def _rat_prefixes(self) -> BandSet:
        for rat in Rat:
            for band in self.of(rat) or ():
                if rat_of_band_id(band) is not rat:
                    raise ValueError(f"band {band} listed under {rat.value}")
            ids = self.of(rat) or ()
            if len(set(ids)) != len(ids):
                raise ValueError(f"duplicate bands under {rat.value}")
        return self


class Variant(BaseModel):
    """One sellable variant of a device: its markets, model numbers, bands and features."""

    model_config = _FROZEN

    id: Slug
    name: str = Field(min_length=1)
    markets: tuple[str, ...] = ()
    model_numbers: tuple[str, ...] = ()
    bands: BandSet
    nr_modes: tuple[Literal["nsa", "sa"], ...] | None = None
    voice: Voice = Voice()
    esim: bool | None = None
    certified_on: tuple[RecordId, ...] = ()
    released: PartialDate | None = None
    confidence: Confidence = Confidence.REPORTED
    sources: tuple[str, ...] = Field(min_length=1)
    as_of: dt.date
    notes: str = ""

    @field_validator("markets")
    @classmethod
    def _markets(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for market in value:
            if not (re.match(r"^[A-Z]{2}$", market) or market in _REGION_MARKETS):
                raise ValueError(
                    f"market {market!r} must be an ISO 3166 alpha-2 code or one of "
                    f"{sorted(_REGION_MARKETS)}"
                )
        return value


_REGION_MARKETS = frozenset(
    {"global", "europe", "asia", "latam", "north-america", "mea", "apac", "oceania"}
)


class Device(BaseModel):
    """A phone model (marketing name) with its variants."""

    model_config = _FROZEN

    schema_: Literal["bandfit.device/1"] = Field(default="bandfit.device/1", alias="schema")
    id: RecordId
    brand: str = Field(min_length=1)
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    kind: Literal["phone", "tablet", "watch", "hotspot", "module", "other"] = "phone"
    announced: PartialDate | None = None
    released: PartialDate | None = None
    variants: tuple[Variant, ...] = Field(min_length=1)
    sources: dict[str, Source] = Field(default_factory=dict)
    as_of: dt.date
    notes: str = ""

    @model_validator(mode="after")
    def _unique_variants(self) -> Device:
        ids = [v.id for v in self.variants]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate variant ids in {self.id}: {ids}")
        return self

    @classmethod
    def for_variant(cls, variant: Variant) -> Device:
        """A stand-in device for a variant that belongs to no catalog device (a synthetic one
        from the planner, or a user's own), so verdicts can still name it."""
        return cls.model_construct(
            id="custom/variant",
            brand="custom",
            name=variant.name,
            variants=(variant,),
            sources={},
            as_of=variant.as_of,
        )

    @property
    def full_name(self) -> str:
        """Brand plus model name, as people say it."""
        return (
            self.name
            if self.name.lower().startswith(self.brand.lower())
            else f"{self.brand} {self.name}"
        )

    def cited_source_ids(self) -> set[str]:
        """Every source id any variant cites."""
        cited: set[str] = set()
        for variant in self.variants:
            cited.update(variant.sources)
        return cited


def _earliest(partial: str | None) -> dt.date | None:
    """Earliest day a partial date (``2019``, ``2019-06``, ``2019-06-01``) can denote."""
    if not partial:
        return None
    parts = [int(p) for p in partial.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def first_release(device: Device, variant: Variant) -> dt.date | None:
    """The earliest day the catalog allows for ``variant`` to be on sale: its own ``released``,
    else its device's ``released``, else the device's ``announced``; ``None`` when undated.

    Why here: the planner's closest variants, ``best`` and ``check`` must agree on which phones
    existed on a date, so the rule lives once, next to the dates it reads.
    """
    return _earliest(variant.released) or _earliest(device.released) or _earliest(device.announced)


def released_by(device: Device, variant: Variant, on: dt.date) -> bool:
    """False only when the catalog dates the variant (or its device) after ``on``."""
    first = first_release(device, variant)
    return first is None or first <= on
