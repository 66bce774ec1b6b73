"""The planning problem: constraints, candidate bands, and an exact mirror of the engine's score.

Why a compiled problem: the MILP, the brute-force oracle and the greedy heuristic must all score a
band set exactly as :func:`bandfit.compat.check` does, or "plan" and "check" disagree. So the
network views ``check`` uses are compiled once into bitmasks over the candidate bands:

* a deployment is *raw-covered* when the band set hits every alternative set of its coverage class;
* it is *usable* when, in addition, its gate is open — ``always``; ``lte-anchor`` (LTE SDL needs
  some raw-covered LTE non-supplemental deployment on the same network); ``nr`` (NR needs the SA
  path — variant SA, network SA live, not blocked by an SA-certification policy — or NSA with an
  LTE anchor);
* a spectrum group is covered when any member is usable; the network's score is covered group
  points / total group points, the same integers and the same division as the engine.

:meth:`Problem.covered` is that mirror on Python ints; tests check it against ``check`` and the
MILP against brute force over :meth:`Problem.covered`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from bandfit.bands.model import Rat
from bandfit.bands.parse import parse_band
from bandfit.bands.registry import BandRegistry
from bandfit.catalog.load import Catalog
from bandfit.catalog.model import BandSet, Device, Layer, PolicyRule, Source, Variant, Voice
from bandfit.compat.network import policies_on
from bandfit.compat.rules import gate, variant_facts
from bandfit.errors import AmbiguousBandError, InfeasiblePlanError, InvalidInputError
from bandfit.planner.market import Market, NetworkShare, name_once

__all__ = [
    "DEFAULT_NR_MODES",
    "Capability",
    "Constraints",
    "DepModel",
    "NetModel",
    "NrMode",
    "Problem",
    "band_sort_key",
    "build_problem",
    "parse_rat",
    "synthetic_variant",
]

NrMode = Literal["nsa", "sa"]
DEFAULT_NR_MODES: tuple[NrMode, ...] = ("nsa", "sa")
_PLANNER_SOURCE = "bandfit-planner"


def band_sort_key(band_id: str) -> tuple[int, str, int]:
    """RAT order (2G, 3G, 4G, 5G), then prefix, then number: ``GSM850 < U5 < B12 < n71``."""
    order = {"GSM": 0, "EGSM": 0, "RGSM": 0, "U": 1, "BC": 2, "B": 3, "n": 4}
    prefix = band_id.rstrip("0123456789")
    digits = band_id[len(prefix) :]
    return order.get(prefix, 5), prefix, int(digits or 0)


def parse_rat(text: str) -> Rat:
    """``lte``/``4G``/``LTE`` -> :class:`Rat` (for per-RAT caps written by people)."""
    key = text.strip().lower()
    aliases = {"2g": "gsm", "3g": "umts", "4g": "lte", "5g": "nr", "wcdma": "umts"}
    try:
        return Rat(aliases.get(key, key))
    except ValueError as err:
        raise InvalidInputError(
            f"unknown RAT {text!r}", hint="use gsm, umts, cdma, lte or nr", value=text
        ) from err


def _band_id(text: str) -> str:
    """The band id ``text`` names.

    Raises:
        UnknownBandError: no such band.
        AmbiguousBandError: a name several RATs use ('PCS'); the hint names the candidates,
            because constraints have no RAT argument to add (the parser's "give rat=" is no help).
    """
    try:
        return parse_band(text).id
    except AmbiguousBandError as err:
        raise AmbiguousBandError(
            err.value,
            candidates=err.candidates,
            hint="name one band id, e.g. " + " or ".join(err.candidates[-2:]),
        ) from err


@dataclass(frozen=True, slots=True)
class Constraints:
    """What the planned variant must, must not and may do.

    Band names are parsed (``"b13"``, ``"Band 13"`` -> ``B13``) and RAT keys accept ``lte``/``4g``.

    Attributes:
        max_bands: per-RAT cap on the number of bands (``{"lte": 20, "nr": 12}``); absent = no cap.
        max_total: cap on the total number of bands (the trade-off curve sets this).
        must: bands the variant must have.
        forbid: bands it must not have.
        costs: per-band cost in *score units* subtracted from the objective (0.01 = one
            percentage point of market score), e.g. an RF front-end cost normalised by the value
            of a point of coverage.
        nr_modes: 5G modes the planned variant supports; decides whether NR deployments are
            usable on SA networks (``("sa",)`` alone means no NSA).
        volte / vonr: voice flags of the planned variant (voice does not enter the radio score;
            the planned variant's voice and admission are reported through ``check``).
        certified_on: operator ids that will certify the variant (opens SA on networks whose
            standalone 5G is limited to certified devices).
    """

    max_bands: Mapping[Rat, int] = field(default_factory=dict)
    max_total: int | None = None
    must: frozenset[str] = frozenset()
    forbid: frozenset[str] = frozenset()
    costs: Mapping[str, float] = field(default_factory=dict)
    nr_modes: tuple[NrMode, ...] = DEFAULT_NR_MODES
    volte: bool = True
    vonr: bool = False
    certified_on: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        caps: dict[Rat, int] = {}
        caps_key: dict[Rat, str] = {}
        loose: dict[Any, Any] = dict(self.max_bands)  # runtime callers may pass {"lte": 20}
        for key, value in loose.items():
            rat = parse_rat(str(key))
            name_once("max_bands", caps_key, rat, str(key), "give each RAT one cap")
            if int(value) != value or value < 0:
                raise InvalidInputError(
                    f"max-bands {rat.value}={value} must be a whole number >= 0",
                    hint="a cap counts bands, e.g. lte=20,nr=12",
                    value=value,
                )
            caps[rat] = int(value)
        if self.max_total is not None and (
            int(self.max_total) != self.max_total or self.max_total < 0
        ):
            raise InvalidInputError(
                f"max total bands {self.max_total} must be a whole number >= 0",
                hint="a cap counts bands, e.g. 20 (CLI --max-total 20)",
                value=self.max_total,
            )
        costs: dict[str, float] = {}
        costs_key: dict[str, str] = {}
        loose_costs: dict[Any, Any] = dict(self.costs)
        for name, cost in loose_costs.items():
            value = float(cost)
            if not math.isfinite(value):
                raise InvalidInputError(
                    f"cost of {name} is not a finite number",
                    hint="costs are in market-score units, e.g. 0.02",
                    value=cost,
                )
            band = _band_id(name)
            name_once("costs", costs_key, band, str(name), "give each band one cost")
            costs[band] = value
        modes = tuple(dict.fromkeys(self.nr_modes))
        if any(m not in ("nsa", "sa") for m in modes):
            raise InvalidInputError(
                f"nr_modes {self.nr_modes!r}: use 'nsa' and/or 'sa'", value=list(self.nr_modes)
            )
        object.__setattr__(self, "max_bands", caps)
        object.__setattr__(self, "must", frozenset(_band_id(b) for b in self.must))
        object.__setattr__(self, "forbid", frozenset(_band_id(b) for b in self.forbid))
        object.__setattr__(self, "costs", costs)
        object.__setattr__(self, "nr_modes", modes)
        object.__setattr__(self, "certified_on", frozenset(self.certified_on))

    def cap(self, rat: Rat) -> int | None:
        """Per-RAT cap (None = uncapped)."""
        return self.max_bands.get(rat)

    def replace(self, **changes: Any) -> Constraints:
        """A copy with some fields changed (re-validated by ``__post_init__``)."""
        return dataclasses.replace(self, **changes)

    def describe(self) -> list[str]:
        """Active constraints in CLI syntax (for error messages and reports)."""
        out = [
            f"max-bands {r.value}={k}"
            for r, k in sorted(self.max_bands.items(), key=lambda p: list(Rat).index(p[0]))
        ]
        if self.max_total is not None:
            out.append(f"max total bands={self.max_total}")
        out += [f"must-have {b}" for b in sorted(self.must, key=band_sort_key)]
        out += [f"forbid {b}" for b in sorted(self.forbid, key=band_sort_key)]
        out.append(f"nr modes={'+'.join(self.nr_modes) or 'none'}")
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "max_bands": {r.value: k for r, k in self.max_bands.items()},
            "max_total": self.max_total,
            "must": sorted(self.must, key=band_sort_key),
            "forbid": sorted(self.forbid, key=band_sort_key),
            "costs": dict(sorted(self.costs.items(), key=lambda p: band_sort_key(p[0]))),
            "nr_modes": list(self.nr_modes),
            "volte": self.volte,
            "vonr": self.vonr,
            "certified_on": sorted(self.certified_on),
        }


@dataclass(frozen=True, slots=True)
class Capability:
    """The variant-side inputs of the NR gate: NSA/SA support and certifications."""

    nsa: bool
    sa: bool
    certified_on: frozenset[str]

    @classmethod
    def of_constraints(cls, constraints: Constraints) -> Capability:
        """The planned variant's capability."""
        return cls(
            "nsa" in constraints.nr_modes, "sa" in constraints.nr_modes, constraints.certified_on
        )

    @classmethod
    def of_variant(cls, variant: Variant) -> Capability:
        """An existing variant's capability, read exactly as the engine reads it."""
        facts = variant_facts(variant)
        return cls(facts.nsa, facts.sa is True, facts.certified)


@dataclass(frozen=True, slots=True)
class DepModel:
    """One live deployment compiled to bitmasks over the candidate bands."""

    band: str
    alts: tuple[int, ...]  # one mask per alternative set; 0 = no candidate can reach it
    gate: str  # always | lte-anchor | nr
    anchor: bool  # LTE, not supplemental: opens the lte-anchor gate when raw-covered
    bands: frozenset[str]  # every candidate band in any alternative (for "operators served")

    def raw(self, mask: int) -> bool:
        """True when ``mask`` hits every alternative set."""
        return all(alt & mask for alt in self.alts)


@dataclass(frozen=True, slots=True)
class NetModel:
    """One network of the market: deployments, groups (members, points, layer) and its NR gate."""

    share: NetworkShare
    deps: tuple[DepModel, ...]
    groups: tuple[tuple[tuple[int, ...], int, Layer], ...]
    nr_gate: str  # open (SA path) | anchor (NSA: needs an LTE anchor) | closed
    sa_note: str = ""  # why the SA path is not open (for explanations)

    @property
    def total(self) -> int:
        """Total group points (the score's denominator)."""
        return self.share.total_points

    @property
    def weight(self) -> float:
        """Normalised market weight."""
        return self.share.weight

    def usable(self, mask: int) -> list[bool]:
        """Per-deployment usability for ``mask`` (the engine's raw + gate rules)."""
        raw = [d.raw(mask) for d in self.deps]
        anchor = any(r and d.anchor for r, d in zip(raw, self.deps, strict=True))
        nr_open = self.nr_gate == "open" or (self.nr_gate == "anchor" and anchor)
        open_gate = {"always": True, "lte-anchor": anchor, "nr": nr_open}
        return [r and open_gate[d.gate] for r, d in zip(raw, self.deps, strict=True)]

    def covered(self, mask: int) -> int:
        """Covered group points for ``mask``."""
        usable = self.usable(mask)
        return sum(
            points for members, points, _layer in self.groups if any(usable[i] for i in members)
        )


@dataclass(frozen=True, slots=True)
class Problem:
    """A compiled planning problem (see the module docstring)."""

    market: Market
    constraints: Constraints
    capability: Capability
    candidates: tuple[str, ...]
    rats: tuple[Rat, ...]  # RAT of each candidate
    nets: tuple[NetModel, ...]
    fixed: frozenset[str] = (
        frozenset()
    )  # bands that must be in the set (must-have or the base variant)
    deployed: frozenset[str] = frozenset()  # bands operators actually list (tie-break preference)
    cap_offset: Mapping[Rat, int] = field(
        default_factory=dict
    )  # base-variant bands outside the candidates

    @property
    def index(self) -> dict[str, int]:
        """Band id -> candidate index."""
        return {b: i for i, b in enumerate(self.candidates)}

    def mask_of(self, bands: Iterable[str]) -> int:
        """Bitmask of the candidate bands among ``bands`` (others are ignored)."""
        index = self.index
        mask = 0
        for band in bands:
            i = index.get(band)
            if i is not None:
                mask |= 1 << i
        return mask

    def bands_of(self, mask: int) -> tuple[str, ...]:
        """Candidate bands in ``mask``, in band order."""
        return tuple(
            sorted((b for i, b in enumerate(self.candidates) if mask >> i & 1), key=band_sort_key)
        )

    def covered(self, mask: int) -> tuple[int, ...]:
        """Covered points per network (integers, exactly as the engine counts them)."""
        return tuple(net.covered(mask) for net in self.nets)

    def scores(self, mask: int) -> tuple[float, ...]:
        """Per-network radio score: the engine's ``covered / total``."""
        return tuple(c / net.total for c, net in zip(self.covered(mask), self.nets, strict=True))

    def score(self, mask: int) -> float:
        """Market score: weight-averaged per-network scores."""
        return sum(net.weight * s for net, s in zip(self.nets, self.scores(mask), strict=True))

    def cost(self, mask: int) -> float:
        """Sum of band costs in ``mask``."""
        return sum(self.constraints.costs.get(b, 0.0) for b in self.bands_of(mask))

    def objective(self, mask: int) -> float:
        """What the plan maximises: market score minus band costs."""
        return self.score(mask) - self.cost(mask)

    def feasible(self, mask: int) -> bool:
        """True when ``mask`` keeps every per-RAT/total cap and contains every fixed band."""
        if self.fixed - set(self.bands_of(mask)):
            return False
        count: dict[Rat, int] = {}
        for i, rat in enumerate(self.rats):
            if mask >> i & 1:
                count[rat] = count.get(rat, 0) + 1
        for rat, cap in self.constraints.max_bands.items():
            if count.get(rat, 0) + self.cap_offset.get(rat, 0) > cap:
                return False
        total = self.constraints.max_total
        return total is None or mask.bit_count() + sum(self.cap_offset.values()) <= total


def _nr_gate(share: NetworkShare, cap: Capability, on: dt.date) -> tuple[str, str]:
    """(gate, why SA is not open): ``open`` when the SA path exists, ``anchor`` for NSA, else
    ``closed`` — the engine's rule."""
    policies = policies_on(share.network, on)
    certified = share.network.id in cap.certified_on
    sa_blocked = PolicyRule.SA_CERTIFIED_ONLY in policies and not certified
    if cap.sa and share.view.sa_live and not sa_blocked:
        return "open", ""
    if not share.view.sa_live:
        why = "the network runs no standalone 5G"
    elif not cap.sa:
        why = "the variant lacks 5G SA"
    else:
        why = f"{share.network.id} limits 5G SA to certified devices (certified_on)"
    return ("anchor" if cap.nsa else "closed"), why


def _conflicts(constraints: Constraints, registry: BandRegistry, base: Variant | None) -> list[str]:
    """Constraints that contradict each other before any solving (named as the user wrote them)."""
    out = [
        f"must-have {b} and forbid {b}"
        for b in sorted(constraints.must & constraints.forbid, key=band_sort_key)
    ]
    base_bands = set(base.bands.all_ids()) if base is not None else set()
    if base is not None:
        out += [
            f"forbid {b} but {base.name} already has {b}"
            for b in sorted(constraints.forbid & base_bands, key=band_sort_key)
        ]
    required = constraints.must | base_bands
    for rat, cap in constraints.max_bands.items():
        need = sorted((b for b in required if registry.get(b).rat is rat), key=band_sort_key)
        if len(need) > cap:
            what = (
                f"{len(need)} required {rat.value.upper()} bands"
                if base is not None
                else f"{len(need)} must-have {rat.value.upper()} bands"
            )
            out.append(f"max-bands {rat.value}={cap} with {what} ({', '.join(need)})")
    if constraints.max_total is not None and len(required) > constraints.max_total:
        out.append(f"max total bands={constraints.max_total} with {len(required)} required bands")
    return out


def build_problem(
    market: Market,
    constraints: Constraints,
    catalog: Catalog,
    *,
    base: Variant | None = None,
) -> Problem:
    """Compile ``market`` and ``constraints`` (and, for an upgrade, the ``base`` variant).

    The candidate set is every band that appears in a live deployment's coverage class anywhere
    in the market (so superset bands such as B66 for a B4 deployment, B85 for B12, B26 for B5 are
    candidates), plus must-have bands, minus forbidden bands and bands of RATs capped at 0.

    Raises:
        InfeasiblePlanError: constraints that contradict each other (must-have and forbid the
            same band; more must-have bands of a RAT than its cap; ...).
        UnknownBandError: a must-have/forbidden/cost band unknown to the catalog's registry.
        UnknownOperatorError: a ``certified_on`` operator that does not resolve.
    """
    registry = catalog.registry
    for band in constraints.must | constraints.forbid | set(constraints.costs):
        registry.get(band)
    certified = frozenset(catalog.operator(key).id for key in constraints.certified_on)
    if certified != constraints.certified_on:
        constraints = constraints.replace(certified_on=certified)
    conflicts = _conflicts(constraints, registry, base)
    if conflicts:
        raise InfeasiblePlanError(conflicts)
    cap = (
        Capability.of_variant(base) if base is not None else Capability.of_constraints(constraints)
    )
    relevant: set[str] = set()
    for share in market.networks:
        for dep in share.view.deployments:
            for alt in dep.cls.alternatives:
                relevant.update(alt)
    base_bands = set(base.bands.all_ids()) if base is not None else set()
    capped_out = {r for r, k in constraints.max_bands.items() if k == 0}
    pool = (relevant | constraints.must | (base_bands & relevant)) - constraints.forbid
    pool = {b for b in pool if registry.get(b).rat not in capped_out or b in constraints.must}
    candidates = tuple(sorted(pool, key=band_sort_key))
    rats = tuple(registry.get(b).rat for b in candidates)
    index = {b: i for i, b in enumerate(candidates)}
    nets = []
    for share in market.networks:
        deps = []
        for live in share.view.deployments:
            alts = tuple(
                sum(1 << index[b] for b in alt if b in index) for alt in live.cls.alternatives
            )
            reach = frozenset(b for alt in live.cls.alternatives for b in alt if b in index)
            anchor = live.rat is Rat.LTE and not live.is_supplemental
            deps.append(DepModel(live.band.id, alts, gate(live), anchor, reach))
        groups = tuple((g.members, g.points, g.layer) for g in share.view.groups)
        nr_gate, sa_note = _nr_gate(share, cap, market.on)
        nets.append(NetModel(share, tuple(deps), groups, nr_gate, sa_note))
    offset: dict[Rat, int] = {}
    for band in base_bands - set(candidates):
        rat = registry.get(band).rat
        offset[rat] = offset.get(rat, 0) + 1
    return Problem(
        market=market,
        constraints=constraints,
        capability=cap,
        candidates=candidates,
        rats=rats,
        nets=tuple(nets),
        fixed=frozenset(constraints.must | (base_bands & set(candidates))),
        deployed=frozenset(d.band.id for share in market.networks for d in share.view.deployments),
        cap_offset=offset,
    )


def synthetic_variant(
    bands: Iterable[str],
    constraints: Constraints,
    *,
    on: dt.date,
    countries: Iterable[str] = (),
    registry: BandRegistry,
    name: str = "Planned variant",
) -> tuple[Device, Variant]:
    """A catalog :class:`Variant` with exactly ``bands`` (every RAT known: empty means none).

    Built with the catalog's own pydantic models so ``check`` treats it like any shipped variant.
    """
    per_rat: dict[Rat, list[str]] = {rat: [] for rat in Rat}
    for band in set(bands):
        per_rat[registry.get(band).rat].append(band)
    band_set = BandSet(
        **{rat.value: tuple(sorted(ids, key=band_sort_key)) for rat, ids in per_rat.items()}
    )
    iso = tuple(sorted({c for c in countries if len(c) == 2 and c.isupper()}))
    variant = Variant(
        id="planned",
        name=name,
        markets=iso,
        bands=band_set,
        nr_modes=constraints.nr_modes,
        voice=Voice(volte=constraints.volte, vonr=constraints.vonr),
        certified_on=tuple(sorted(constraints.certified_on)),
        sources=(_PLANNER_SOURCE,),
        as_of=on,
        notes="synthetic variant built by bandfit.planner",
    )
    device = Device(
        id="bandfit/planned",
        brand="bandfit",
        name=name,
        variants=(variant,),
        sources={_PLANNER_SOURCE: Source(title="bandfit band planner", publisher="bandfit")},
        as_of=on,
    )
    return device, variant
