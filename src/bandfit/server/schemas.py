"""Wire schemas of the HTTP API (OpenAPI at ``/docs``): snake_case, MHz, ISO dates and codes.

Why models that routes do not instantiate: responses are built from the library's own ``to_dict``
forms (the same JSON the CLI prints with ``--json``) and sent as they are; these models document
them in OpenAPI, and the tests validate every real response against them with ``extra="forbid"``,
so the documentation cannot drift from what the server sends.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

__all__ = [
    "BandOut",
    "ChannelKind",
    "ChannelResponse",
    "CheckResponse",
    "CountryList",
    "DeviceDetail",
    "DeviceList",
    "ErrorEnvelope",
    "Health",
    "OperatorDetail",
    "OperatorList",
    "PlanRequest",
    "PlanResponse",
    "VerdictOut",
]

StatusName = Literal["works", "works with gaps", "limited", "no service", "unknown"]
LayerName = Literal["coverage", "capacity", "boost", "supplemental"]
RatName = Literal["gsm", "umts", "cdma", "lte", "nr"]
MhzPair = list[float]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ChannelKind(StrEnum):
    """Channel numbering schemes: GSM ARFCN, UMTS UARFCN, LTE EARFCN, NR-ARFCN, NR GSCN."""

    EARFCN = "earfcn"
    NRARFCN = "nrarfcn"
    GSCN = "gscn"
    UARFCN = "uarfcn"
    ARFCN = "arfcn"


# -- errors ---------------------------------------------------------------------------------
class ErrorBody(_Out):
    """A stable kebab-case code, a message and structured details (suggestions, candidates...)."""

    code: str = Field(examples=["unknown-device"])
    message: str
    details: dict[str, Any]


class ErrorEnvelope(_Out):
    """Every error response of the API."""

    error: ErrorBody


# -- verdicts -------------------------------------------------------------------------------
class ReasonOut(_Out):
    """Why: a stable reason code, its severity, a message and the evidence."""

    code: str = Field(examples=["coverage-layer-missing"])
    severity: Literal["info", "warning", "error"]
    message: str
    evidence: dict[str, Any]


class MissingBandOut(_Out):
    """An operator layer the variant cannot use, ranked by ``cost`` (share of the network lost)."""

    bands: list[str]
    label: str
    layer: LayerName
    cost: float = Field(ge=0, le=1)
    message: str
    dl_mhz: MhzPair | None = Field(description="downlink [low, high] in MHz")


class RatDetailOut(_Out):
    """Per technology (2G/3G/4G/5G) detail on the evaluated network."""

    rat: RatName
    generation: str
    network: str
    network_until: dt.date | None
    deployments: int
    usable: int
    device_bands: list[str] | None
    used_bands: list[str]
    missing_bands: list[str]
    note: str


class VoiceOut(_Out):
    """How calls work: ``ok``, ``unverified``, ``unknown`` or ``none``; ``via`` volte/vonr/cs."""

    status: str
    via: str | None
    note: str


class AdmissionOut(_Out):
    """Whether the operator lets the device on: ``ok``, ``unverified``, ``unknown``, ``refused``."""

    status: str
    policies: list[str]
    note: str


class HostVerdictOut(_Out):
    """A host or roaming network of an MVNO and how the variant fares there."""

    operator_id: str
    role: str
    status: StatusName
    radio_score: float
    used: bool


class VerdictOut(_Out):
    """The Python API's ``Verdict.to_dict()``."""

    device_id: str
    variant_id: str
    operator_id: str
    network_id: str = Field(
        description="the operator whose radio network was evaluated (host for MVNOs)"
    )
    on: dt.date
    status: StatusName
    radio_score: float = Field(ge=0, le=1)
    per_rat: list[RatDetailOut]
    voice: VoiceOut
    admission: AdmissionOut
    missing: list[MissingBandOut]
    reasons: list[ReasonOut]
    hosts: list[HostVerdictOut]
    data_stamp: dict[str, Any]


class DeviceMatch(_Out):
    """Which device and variant a query resolved to, and how."""

    device_id: str
    name: str
    variant_id: str | None
    variant_name: str | None
    model_numbers: list[str]
    matched_by: str = Field(description="id | model-number | name | alias | words | fuzzy")
    score: float
    notes: list[str]


class OperatorRef(_Out):
    """Name and kind of an operator a verdict mentions."""

    id: str
    name: str
    kind: Literal["MNO", "MVNO"]
    country: str


class CheckResponse(_Out):
    """Verdicts for one device variant: one operator, or a whole country ranked best first."""

    device: DeviceMatch
    on: dt.date
    operator: str | None
    country: str | None
    verdicts: list[VerdictOut]
    operators: dict[str, OperatorRef] = Field(description="every operator id the verdicts mention")


# -- devices --------------------------------------------------------------------------------
class VariantSummary(_Out):
    """A variant as lists show it."""

    id: str
    name: str
    markets: list[str]
    model_numbers: list[str]


class MatchInfo(_Out):
    """How a search hit matched (a model number pins ``variant_id``)."""

    matched_by: str
    score: float
    variant_id: str | None


class DeviceSummary(_Out):
    """A device as lists show it."""

    id: str
    brand: str
    name: str
    full_name: str
    kind: str
    released: str | None
    variants: list[VariantSummary]
    match: MatchInfo | None


class DeviceList(_Out):
    """A page of devices; pass ``next_cursor`` back as ``cursor`` for the next page."""

    items: list[DeviceSummary]
    next_cursor: str | None
    total: int


class BandRange(_Out):
    """A band's ranges in MHz (what the spectrum chart draws)."""

    id: str
    rat: RatName
    duplex: str
    dl_mhz: MhzPair | None
    ul_mhz: MhzPair | None


class BandSetOut(_Out):
    """Bands per RAT; ``null`` = unknown, ``[]`` = none."""

    gsm: list[str] | None
    umts: list[str] | None
    cdma: list[str] | None
    lte: list[str] | None
    nr: list[str] | None


class VoiceFeatures(_Out):
    """Voice features of a variant (``null`` = unknown)."""

    volte: bool | None
    vonr: bool | None
    vowifi: bool | None


class VariantDetail(_Out):
    """One sellable variant: markets, model numbers, bands and features."""

    id: str
    name: str
    markets: list[str]
    model_numbers: list[str]
    bands: BandSetOut
    band_ranges: list[BandRange]
    nr_modes: list[str] | None
    voice: VoiceFeatures
    esim: bool | None
    certified_on: list[str]
    released: str | None
    confidence: str
    sources: list[str]
    as_of: dt.date
    notes: str


class SourceOut(_Out):
    """Where a fact comes from."""

    title: str
    url: str | None
    publisher: str | None
    retrieved: dt.date | None
    license: str | None
    note: str


class DeviceDetail(_Out):
    """A device with every variant."""

    id: str
    brand: str
    name: str
    full_name: str
    aliases: list[str]
    kind: str
    announced: str | None
    released: str | None
    variants: list[VariantDetail]
    sources: dict[str, SourceOut]
    as_of: dt.date
    notes: str


# -- operators ------------------------------------------------------------------------------
class DatedOut(_Out):
    """Shared ``since``/``until`` (live on D iff since <= D < until)."""

    since: dt.date | None
    until: dt.date | None
    sources: list[str]
    note: str


class HostOut(DatedOut):
    """An MVNO's access to a host network."""

    operator: str
    role: Literal["primary", "secondary", "roaming"]


class HostOnOut(HostOut):
    """A host agreement, and whether it is in effect on ``on``."""

    in_effect: bool


class NetworkOut(DatedOut):
    """The lifetime of one RAT at an operator (its sunset is ``until``)."""

    rat: RatName
    status: str
    voice: str | None
    voice_since: dt.date | None
    modes: list[str] | None
    sa_since: dt.date | None


class PolicyOut(DatedOut):
    """A dated admission rule."""

    rule: str


class DeploymentOut(DatedOut):
    """A deployment as curated (the operator's block, when known, in MHz)."""

    band: str
    rat: RatName
    layer: LayerName
    status: str
    confidence: str
    weight: float | None
    candidates: list[str]
    block_dl_mhz: MhzPair | None
    block_ul_mhz: MhzPair | None


class LiveDeploymentOut(_Out):
    """A deployment live on ``on`` with its effective spectrum (block, else the whole band)."""

    band: str
    rat: RatName
    generation: str
    layer: LayerName
    dl_mhz: MhzPair | None
    ul_mhz: MhzPair | None
    points: int = Field(
        description="score weight (coverage 300, capacity 100, SDL 50, mmWave 25 by default)"
    )
    confidence: str
    candidates: list[str]
    group: int = Field(description="index into spectrum_groups")


class SpectrumGroupOut(_Out):
    """Deployments sharing spectrum (B12/B17, B71/n71) count once."""

    bands: list[str]
    layer: LayerName
    points: int
    dl_mhz: MhzPair | None


class NetworkStateOut(_Out):
    """Whether one RAT's network runs on ``on`` (``live``, ``ended`` or ``planned``)."""

    rat: RatName
    generation: str
    status: str
    until: dt.date | None


class EndedDeploymentOut(_Out):
    """A band switched off by ``on``."""

    band: str
    rat: RatName
    until: dt.date | None


class SubscribersOut(_Out):
    """A subscriber count with its date."""

    count: int
    as_of: dt.date
    sources: list[str]


class OperatorSummary(_Out):
    """An operator as lists show it."""

    id: str
    name: str
    country: str
    kind: Literal["MNO", "MVNO"]
    brands: list[str]
    plmns: list[str]
    group: str | None
    since: dt.date | None
    until: dt.date | None
    successor: str | None
    hosts: list[HostOut]


class OperatorList(_Out):
    """A page of operators (MNOs first within a country)."""

    items: list[OperatorSummary]
    next_cursor: str | None
    total: int


class OperatorDetail(OperatorSummary):
    """An operator with its networks, policies, curated deployments and the live view on ``on``."""

    hosts: list[HostOnOut]  # type: ignore[assignment]  # the summary's hosts, dated on ``on``

    networks: list[NetworkOut]
    policies: list[PolicyOut]
    deployments: list[DeploymentOut]
    subscribers: SubscribersOut | None
    external_ids: dict[str, str]
    sources: dict[str, SourceOut]
    as_of: dt.date
    notes: str
    on: dt.date
    live: bool
    network_states: list[NetworkStateOut]
    live_deployments: list[LiveDeploymentOut]
    spectrum_groups: list[SpectrumGroupOut]
    ended_deployments: list[EndedDeploymentOut]
    policies_on: list[str]


class CountryOut(_Out):
    """A country with operators in the catalog."""

    code: str
    name: str
    itu_region: int | None
    operators: int


class CountryList(_Out):
    """Countries with operators, by code."""

    items: list[CountryOut]


# -- bands and channels ---------------------------------------------------------------------
class RangeOut(_Out):
    """A frequency range in MHz."""

    low_mhz: float
    high_mhz: float


class BandOut(_Out):
    """A 3GPP band: ranges in MHz, duplex, and the bands it covers or is covered by."""

    id: str
    rat: RatName
    generation: str
    number: int | None
    name: str
    duplex: str
    fr: str | None
    ul: RangeOut | None
    dl: RangeOut | None
    aliases: list[str]
    spec: str
    covers: list[str]
    covered_by: list[str]
    channel_raster: list[dict[str, Any]] | None
    ss_raster: list[dict[str, Any]] | None
    earfcn: list[dict[str, Any]] | None


class ChannelOut(_Out):
    """One meaning of a channel number (frequency in MHz per link, and bands)."""

    kind: str
    number: int
    dl_mhz: float | None
    ul_mhz: float | None
    dl_bands: list[str]
    ul_bands: list[str]
    notes: list[str]


class ChannelResponse(_Out):
    """Every meaning of a channel number (a UARFCN can mean several)."""

    kind: ChannelKind
    number: int
    channels: list[ChannelOut]


# -- health ---------------------------------------------------------------------------------
class CatalogInfo(_Out):
    """Which data the server answers from."""

    version: str
    band_release: str
    overlay: str | None
    counts: dict[str, int]


class Health(_Out):
    """Liveness plus the data stamp."""

    status: Literal["ok"]
    version: str
    catalog: CatalogInfo
    planner: bool = Field(description="whether POST /v1/plan is available")


# -- planner --------------------------------------------------------------------------------
OperatorKey = Annotated[str, StringConstraints(max_length=100)]
BandKey = Annotated[str, StringConstraints(max_length=64)]
RatKey = Annotated[str, StringConstraints(max_length=16)]


class PlanRequest(BaseModel):
    """A market, a date and constraints for ``bandfit.planner.plan``.

    Numbers must be finite (``NaN`` and ``Infinity``, which Python's JSON parser accepts, fail
    every bound with a misleading message otherwise), and object keys are bounded like the list
    items: a key is an operator, band or RAT name, and an unbounded one costs seconds of fuzzy
    matching before it can be called unknown.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    market: (
        Annotated[str, StringConstraints(min_length=1, max_length=200)]
        | Annotated[
            list[Annotated[str, StringConstraints(min_length=1, max_length=100)]],
            Field(min_length=1, max_length=100),
        ]
    ) = Field(
        description="A country code (`US`) or name (`United States`), operator ids "
        '(`["us/att", "us/verizon"]`) or both (`["US", "CA"]`).',
        examples=["US", ["us/att", "us/verizon", "us/t-mobile"]],
    )
    weights: (
        Literal["equal", "subscribers"]
        | dict[OperatorKey, Annotated[float, Field(ge=0, le=1e12)]]
        | None
    ) = Field(
        default=None,
        description="`equal` (default), `subscribers`, or operator id -> relative weight "
        "(one key per operator: `us/att` and `310-410` together are a 422).",
    )
    include_mvnos: bool = Field(default=False, description="Expand countries to MVNOs too.")
    on: str | None = Field(
        default=None, max_length=32, description="ISO date (default: today, UTC)."
    )
    max_bands: dict[RatKey, Annotated[int, Field(ge=0, le=500)]] = Field(
        default_factory=dict,
        description='Cap per RAT, e.g. `{"lte": 12, "nr": 6}` (one key per RAT: `lte` and `4g` '
        "together are a 422).",
    )
    max_total: int | None = Field(
        default=None, ge=0, le=500, description="Cap on the total number of bands."
    )
    must_have: list[Annotated[str, StringConstraints(max_length=64)]] = Field(
        default_factory=list, max_length=200
    )
    forbidden: list[Annotated[str, StringConstraints(max_length=64)]] = Field(
        default_factory=list, max_length=200
    )
    band_cost: dict[BandKey, Annotated[float, Field(ge=-1e6, le=1e6)]] = Field(
        default_factory=dict,
        description="Per-band cost in score units (0.01 = one point of market score).",
    )
    nr_modes: list[Literal["nsa", "sa"]] = Field(default=["nsa", "sa"], max_length=2)
    volte: bool = True
    vonr: bool = False
    certified_on: list[Annotated[str, StringConstraints(max_length=100)]] = Field(
        default_factory=list, max_length=100
    )
    curve: bool = Field(default=True, description="Compute the bands-vs-score trade-off curve.")
    marginals: bool = Field(
        default=True, description="Compute each band's re-solved marginal value."
    )
    closest: int = Field(default=5, ge=0, le=20, description="How many existing variants to rank.")
    time_limit: float = Field(
        default=20.0,
        gt=0,
        le=30,
        description="Seconds per MILP solve; a solve that finds no band set in time is a "
        "`422 plan-timeout`.",
    )


class BandChoiceOut(_Out):
    """A band of the plan: what it serves and what it is worth."""

    band: str
    rat: RatName
    dl: str = Field(description='downlink range for people: "729–746 MHz", or "-" when none')
    dl_mhz: MhzPair | None = Field(description="downlink [low, high] in MHz (null when none)")
    layers: list[str]
    operators: list[str]
    must: bool
    cost: float
    value: float | None
    removal_loss: float
    replaced_by: list[str]


class CurvePointOut(_Out):
    """The best plan with at most ``k`` bands."""

    k: int
    bands: list[str]
    score: float
    objective: float
    added: list[str]
    removed: list[str]


class VariantMatchOut(_Out):
    """An existing variant scored on the market and what it lacks versus the plan."""

    device_id: str
    variant_id: str
    name: str
    score: float
    lacks: list[str]
    per_network: dict[str, float]


class PlanResponse(_Out):
    """``Plan.to_dict()``: bands per RAT, score in [0, 1], the curve, marginal values, closest variants."""

    market: dict[str, Any]
    constraints: dict[str, Any]
    bands: dict[str, list[str]]
    band_count: int
    score: float
    cost: float
    objective: float
    proven_optimal: bool
    chosen: list[BandChoiceOut]
    networks: list[dict[str, Any]]
    members: dict[str, Any]
    curve: list[CurvePointOut]
    closest: list[VariantMatchOut]
    limits: list[str] = Field(
        description="why the score stops short of 1, one line per reason (empty at 1)"
    )
    timings: dict[str, float]
