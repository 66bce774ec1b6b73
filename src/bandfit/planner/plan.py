"""``plan`` and ``upgrade_path``: the product engineer's questions, answered with the MILP.

* :func:`plan` — which bands should a variant for this market have? Returns the optimal band set
  per RAT, the per-operator scores (verified against :func:`bandfit.compat.check` on a synthetic
  variant with exactly those bands), the trade-off curve (best score for 1..N bands), the marginal
  value of every chosen band and the closest existing catalog variants.
* :func:`upgrade_path` — which bands must be added to an existing variant to reach a target
  market score, fewest first?

Why verify against ``check`` on every call: the planner re-implements the engine's scoring as a
MILP; if the two ever disagree, a plan would promise a score that ``check`` then denies. The check
costs a few milliseconds, so it is always on, and a disagreement is raised as a bug.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bandfit._types import DateLike, as_date
from bandfit.bands.model import Rat
from bandfit.catalog.load import Catalog, default_catalog
from bandfit.catalog.model import BandSet, Device, Layer, Operator, Variant, released_by
from bandfit.compat.engine import check
from bandfit.compat.network import policies_on
from bandfit.compat.rules import evaluate, variant_facts
from bandfit.errors import InfeasiblePlanError, InvalidInputError
from bandfit.planner.market import Market, MarketLike, WeightsLike, resolve_market
from bandfit.planner.problem import (
    Constraints,
    NrMode,
    Problem,
    band_sort_key,
    build_problem,
    synthetic_variant,
)
from bandfit.planner.solve import Milp, Solution, build_milp, describe_limits, load_scipy

__all__ = [
    "BandChoice",
    "CurvePoint",
    "NetworkScore",
    "Plan",
    "UpgradePath",
    "UpgradeStep",
    "VariantMatch",
    "closest_variants",
    "own_network",
    "plan",
    "released_by",
    "upgrade_path",
]

_LAYER_ORDER = {Layer.COVERAGE: 0, Layer.CAPACITY: 1, Layer.SUPPLEMENTAL: 2, Layer.BOOST: 3}


def _r(value: float) -> float:
    return round(value, 6)


@dataclass(frozen=True, slots=True)
class BandChoice:
    """A band of the plan: what it serves and what it is worth."""

    band: str
    rat: Rat
    dl: str  # downlink range for people, "617–652 MHz" ("-" when the band has none)
    layers: tuple[str, ...]  # layers of the groups it makes usable, coverage first
    operators: tuple[str, ...]  # networks where it reaches a usable deployment
    must: bool
    cost: float
    value: float | None  # objective lost when forbidden and re-solved (None: must-have)
    removal_loss: float  # score lost when simply dropped from the plan (no re-solve)
    replaced_by: tuple[str, ...]  # what the re-solved plan uses instead
    dl_mhz: tuple[float, float] | None = None  # downlink [low, high] in MHz (None: no downlink)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "band": self.band,
            "rat": self.rat.value,
            "dl": self.dl,
            "dl_mhz": list(self.dl_mhz) if self.dl_mhz is not None else None,
            "layers": list(self.layers),
            "operators": list(self.operators),
            "must": self.must,
            "cost": self.cost,
            "value": None if self.value is None else _r(self.value),
            "removal_loss": _r(self.removal_loss),
            "replaced_by": list(self.replaced_by),
        }


@dataclass(frozen=True, slots=True)
class NetworkScore:
    """One network's score for a band set, next to what ``check`` says about the same variant."""

    operator_id: str
    name: str
    weight: float
    covered_points: int
    total_points: int
    score: float
    check_score: float
    status: str
    voice: str
    admission: str
    via: tuple[str, ...]

    @property
    def agrees(self) -> bool:
        """True when the planner's score is bit-identical to ``check``'s radio score."""
        return self.score == self.check_score

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "operator_id": self.operator_id,
            "name": self.name,
            "weight": _r(self.weight),
            "covered_points": self.covered_points,
            "total_points": self.total_points,
            "score": _r(self.score),
            "check_score": _r(self.check_score),
            "agrees_with_check": self.agrees,
            "status": self.status,
            "voice": self.voice,
            "admission": self.admission,
            "via": list(self.via),
        }


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """Best plan with at most ``k`` bands."""

    k: int
    bands: tuple[str, ...]
    score: float
    objective: float
    added: tuple[str, ...]
    removed: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "k": self.k,
            "bands": list(self.bands),
            "score": _r(self.score),
            "objective": _r(self.objective),
            "added": list(self.added),
            "removed": list(self.removed),
        }


@dataclass(frozen=True, slots=True)
class VariantMatch:
    """An existing catalog variant scored on the market, and what it lacks versus the plan."""

    device_id: str
    variant_id: str
    name: str
    score: float
    lacks: tuple[str, ...]
    per_network: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "device_id": self.device_id,
            "variant_id": self.variant_id,
            "name": self.name,
            "score": _r(self.score),
            "lacks": list(self.lacks),
            "per_network": {k: _r(v) for k, v in self.per_network.items()},
        }


@dataclass(frozen=True, slots=True)
class UpgradeStep:
    """One band added on the upgrade path, and the market score after it."""

    band: str
    rat: Rat
    score: float
    gain: float

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "band": self.band,
            "rat": self.rat.value,
            "score": _r(self.score),
            "gain": _r(self.gain),
        }


@dataclass(frozen=True, slots=True)
class UpgradePath:
    """The fewest bands to add to a variant to reach ``target``, in the order that pays most first."""

    device_id: str
    variant_id: str
    name: str
    target: float
    start_score: float
    final_score: float
    steps: tuple[UpgradeStep, ...]
    before: tuple[NetworkScore, ...]
    after: tuple[NetworkScore, ...]
    proven_optimal: bool

    @property
    def added(self) -> tuple[str, ...]:
        """Bands added, in path order."""
        return tuple(s.band for s in self.steps)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "device_id": self.device_id,
            "variant_id": self.variant_id,
            "name": self.name,
            "target": self.target,
            "start_score": _r(self.start_score),
            "final_score": _r(self.final_score),
            "added": list(self.added),
            "steps": [s.to_dict() for s in self.steps],
            "before": [n.to_dict() for n in self.before],
            "after": [n.to_dict() for n in self.after],
            "proven_optimal": self.proven_optimal,
        }


@dataclass(frozen=True)
class Plan:
    """The optimal band plan for a market, with its evidence."""

    market: Market
    constraints: Constraints
    bands: dict[Rat, tuple[str, ...]]
    chosen: tuple[BandChoice, ...]
    score: float
    cost: float
    objective: float
    networks: tuple[NetworkScore, ...]
    members: dict[str, dict[str, Any]]
    curve: tuple[CurvePoint, ...]
    closest: tuple[VariantMatch, ...]
    variant: Variant
    device: Device
    proven_optimal: bool
    limits: tuple[str, ...] = ()  # why the plan's score stops short of 1, one line per reason
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def band_ids(self) -> tuple[str, ...]:
        """Every band of the plan, in band order."""
        return tuple(b for rat in Rat for b in self.bands.get(rat, ()))

    def to_dict(self) -> dict[str, Any]:
        """JSON form (snake_case; scores in [0, 1])."""
        return {
            "market": self.market.to_dict(),
            "constraints": self.constraints.to_dict(),
            "bands": {rat.value: list(ids) for rat, ids in self.bands.items() if ids},
            "band_count": len(self.band_ids),
            "score": _r(self.score),
            "cost": _r(self.cost),
            "objective": _r(self.objective),
            "proven_optimal": self.proven_optimal,
            "chosen": [c.to_dict() for c in self.chosen],
            "networks": [n.to_dict() for n in self.networks],
            "members": self.members,
            "curve": [p.to_dict() for p in self.curve],
            "closest": [m.to_dict() for m in self.closest],
            "limits": list(self.limits),
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
        }


# -- helpers -----------------------------------------------------------------------------------
def _network_scores(
    problem: Problem, mask: int, device: Device, variant: Variant, catalog: Catalog
) -> tuple[NetworkScore, ...]:
    """Per-network scores for ``mask``, each checked against ``check`` on ``variant``.

    Raises:
        RuntimeError: the planner's score differs from ``check``'s (a bug; report it).
    """
    out = []
    for net, covered in zip(problem.nets, problem.covered(mask), strict=True):
        network = net.share.network
        verdict = check(
            variant, own_network(network), problem.market.on, catalog=catalog, device=device
        )
        score = covered / net.total
        row = NetworkScore(
            operator_id=network.id,
            name=network.name,
            weight=net.weight,
            covered_points=covered,
            total_points=net.total,
            score=score,
            check_score=verdict.radio_score,
            status=verdict.status.value,
            voice=verdict.voice.status + (f" ({verdict.voice.via})" if verdict.voice.via else ""),
            admission=verdict.admission.status,
            via=net.share.via,
        )
        if not row.agrees:
            raise RuntimeError(
                f"planner score {score!r} != check radio_score {verdict.radio_score!r} for {variant.name} on "
                f"{network.id} ({problem.market.on}); this is a bug in bandfit.planner, please report it"
            )
        out.append(row)
    return tuple(out)


def own_network(operator: Operator) -> Operator:
    """``operator`` as ``check`` should see it to score its own radio network alone.

    ``check`` scores a hybrid MNO (own network plus primary/secondary hosts) on the best of its
    networks; the planner scores each network separately, so verification uses a copy without
    host agreements — the same view, policies and certification, minus the other networks.
    """
    return operator.model_copy(update={"hosts": ()}) if operator.hosts else operator


def _member_verdicts(
    problem: Problem, device: Device, variant: Variant, catalog: Catalog
) -> dict[str, dict[str, Any]]:
    """``check`` on each named operator that is not itself a scored network (MVNOs, hybrids)."""
    out: dict[str, dict[str, Any]] = {}
    for member in problem.market.members:
        if member.networks == (member.operator.id,) and not member.operator.hosts:
            continue  # a plain MNO: its verdict is the network row
        verdict = check(variant, member.operator, problem.market.on, catalog=catalog, device=device)
        out[member.operator.id] = {
            "status": verdict.status.value,
            "radio_score": _r(verdict.radio_score),
            "network_id": verdict.network_id,
            "voice": verdict.voice.status,
            "admission": verdict.admission.status,
        }
    return out


def _served(problem: Problem, mask: int, band: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(layers, networks) where ``band`` reaches a deployment usable at ``mask``."""
    layers: set[Layer] = set()
    nets: list[str] = []
    for net in problem.nets:
        usable = net.usable(mask)
        hit = False
        for members, _points, layer in net.groups:
            if any(usable[i] and band in net.deps[i].bands for i in members):
                layers.add(layer)
                hit = True
        if hit:
            nets.append(net.share.network.id)
    return tuple(lay.value for lay in sorted(layers, key=_LAYER_ORDER.__getitem__)), tuple(nets)


def _choices(
    problem: Problem, milp: Milp, sol: Solution, catalog: Catalog, marginals: bool
) -> tuple[BandChoice, ...]:
    out = []
    index = problem.index
    for band in sol.bands:
        layers, nets = _served(problem, sol.mask, band)
        dropped = sol.mask & ~(1 << index[band])
        value: float | None = None
        replaced: tuple[str, ...] = ()
        if marginals and band not in problem.fixed:
            alt = milp.maximise(exclude=[band], prefer=sol.bands)
            if alt is not None:
                value = sol.objective - alt.objective
                replaced = tuple(b for b in alt.bands if b not in sol.bands)
        rng = catalog.registry.get(band).dl
        out.append(
            BandChoice(
                band=band,
                rat=catalog.registry.get(band).rat,
                dl=str(rng) if rng else "-",
                dl_mhz=(rng.low_khz / 1000, rng.high_khz / 1000) if rng else None,
                layers=layers,
                operators=nets,
                must=band in problem.constraints.must,
                cost=problem.constraints.costs.get(band, 0.0),
                value=value,
                removal_loss=sol.score - problem.score(dropped),
                replaced_by=replaced,
            )
        )
    return tuple(out)


def _curve(problem: Problem, milp: Milp, sol: Solution) -> tuple[CurvePoint, ...]:
    """Best plan for k = 1..N bands (N = the plan's size), each step preferring the last's bands."""
    start = max(1, len(problem.fixed))
    points: list[CurvePoint] = []
    prev: tuple[str, ...] = ()
    for k in range(start, len(sol.bands) + 1):
        step = sol if k == len(sol.bands) else milp.maximise(max_total=k, prefer=prev)
        if step is None:
            continue
        points.append(
            CurvePoint(
                k=k,
                bands=step.bands,
                score=step.score,
                objective=step.objective,
                added=tuple(b for b in step.bands if b not in prev),
                removed=tuple(b for b in prev if b not in step.bands),
            )
        )
        prev = step.bands
    return tuple(points)


def _by_rat(bands: Iterable[str], catalog: Catalog) -> dict[Rat, tuple[str, ...]]:
    out: dict[Rat, list[str]] = {rat: [] for rat in Rat}
    for band in bands:
        out[catalog.registry.get(band).rat].append(band)
    return {rat: tuple(sorted(ids, key=band_sort_key)) for rat, ids in out.items()}


def _variant_network_scores(problem: Problem, variant: Variant) -> tuple[float, ...]:
    """The engine's own per-network radio scores for an existing variant (as ``check`` on each)."""
    facts = variant_facts(variant)
    out = []
    for net in problem.nets:
        network = net.share.network
        ev = evaluate(
            net.share.view,
            facts,
            certified_ids=frozenset({network.id}),
            policies=policies_on(network, problem.market.on),
        )
        out.append(ev.score)
    return tuple(out)


def closest_variants(
    problem: Problem,
    bands: Iterable[str],
    catalog: Catalog,
    *,
    limit: int = 5,
    existing_only: bool = True,
) -> tuple[VariantMatch, ...]:
    """Catalog variants with the highest market score, and the plan bands each lacks.

    With ``existing_only`` (default) variants the catalog dates after the plan date are left out:
    a 2019 plan is compared with phones one could buy in 2019. A variant does not "lack" a plan
    band it reaches through a superset band (B66 for B4).
    """
    plan_bands = tuple(bands)
    registry = catalog.registry
    ranked = []
    for dev, var in catalog.variants():
        if existing_only and not released_by(dev, var, problem.market.on):
            continue
        scores = _variant_network_scores(problem, var)
        market = sum(net.weight * s for net, s in zip(problem.nets, scores, strict=True))
        ranked.append((market, dev, var, scores))
    ranked.sort(key=lambda t: (-t[0], t[1].id, t[2].id))
    out = []
    for market, dev, var, scores in ranked[:limit]:
        have = set(var.bands.all_ids())
        lacks = tuple(
            b
            for b in plan_bands
            if b not in have and not any(s.id in have for s in registry.supersets(b))
        )
        per = {net.share.network.id: s for net, s in zip(problem.nets, scores, strict=True)}
        out.append(
            VariantMatch(dev.id, var.id, f"{dev.full_name} ({var.name})", market, lacks, per)
        )
    return tuple(out)


# -- public API --------------------------------------------------------------------------------
def plan(  # noqa: PLR0913 - keyword-only options of the public API
    market: MarketLike,
    on: DateLike | None = None,
    constraints: Constraints | None = None,
    *,
    catalog: Catalog | None = None,
    weights: WeightsLike = None,
    include_mvnos: bool = False,
    curve: bool = True,
    marginals: bool = True,
    closest: int = 5,
    time_limit: float = 60.0,
) -> Plan:
    """The optimal band set for ``market`` on ``on`` under ``constraints``.

    Args:
        market: ``"US"``, ``["US", "CA", "MX"]``, ``["us/att", "us/verizon"]``, a mapping
            operator -> weight, or a resolved :class:`~bandfit.planner.market.Market`.
        on: the date (default today); deployments and operators are taken as live on it.
        constraints: caps, must-have/forbidden bands, costs, NR modes (default: none).
        catalog: the catalog (default: the shipped one).
        weights: ``"equal"`` (default), ``"subscribers"`` or a mapping operator -> weight.
        include_mvnos: expand countries to MVNOs too (their weight goes to their hosts).
        curve: compute the trade-off curve (one or two solves per k).
        marginals: compute each band's re-solved marginal value (one or two solves per band).
        closest: how many existing catalog variants to rank (0 = none).
        time_limit: seconds per MILP solve before HiGHS returns its best (``proven_optimal``
            then says False).

    Raises:
        InfeasiblePlanError: constraints that conflict, named as written.
        PlanTimeoutError: a solve hit ``time_limit`` before finding any band set.
        InvalidInputError / UnknownOperatorError / UnknownCountryError / UnknownBandError: bad
            arguments.
    """
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    load_scipy()
    timings["scipy_import"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    cat = catalog or default_catalog()
    day = as_date(on)
    cons = constraints or Constraints()
    mkt = resolve_market(market, day, cat, weights=weights, include_mvnos=include_mvnos)
    problem = build_problem(mkt, cons, cat)
    milp = build_milp(problem, time_limit=time_limit)
    timings["build"] = time.perf_counter() - t0
    t = time.perf_counter()
    sol = milp.maximise()
    if sol is None:
        raise InfeasiblePlanError(cons.describe())
    timings["solve"] = time.perf_counter() - t
    cons = problem.constraints  # with certified_on resolved to operator ids
    device, variant = synthetic_variant(
        sol.bands, cons, on=day, countries=mkt.countries, registry=cat.registry
    )
    t = time.perf_counter()
    networks = _network_scores(problem, sol.mask, device, variant, cat)
    members = _member_verdicts(problem, device, variant, cat)
    timings["verify"] = time.perf_counter() - t
    t = time.perf_counter()
    chosen = _choices(problem, milp, sol, cat, marginals)
    timings["marginals"] = time.perf_counter() - t
    t = time.perf_counter()
    points = _curve(problem, milp, sol) if curve else ()
    timings["curve"] = time.perf_counter() - t
    t = time.perf_counter()
    matches = closest_variants(problem, sol.bands, cat, limit=closest) if closest > 0 else ()
    timings["closest"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    return Plan(
        market=mkt,
        constraints=cons,
        bands=_by_rat(sol.bands, cat),
        chosen=chosen,
        score=sol.score,
        cost=sol.cost,
        objective=sol.objective,
        networks=networks,
        members=members,
        curve=points,
        closest=matches,
        variant=variant,
        device=device,
        proven_optimal=sol.proven_optimal,
        limits=tuple(describe_limits(problem, sol.mask)) if sol.score < 1.0 else (),
        timings=timings,
    )


def _with_bands(variant: Variant, added: Iterable[str], catalog: Catalog) -> Variant:
    """``variant`` with ``added`` bands appended (RATs that gain nothing keep their value)."""
    extra = _by_rat(added, catalog)
    values: dict[str, tuple[str, ...] | None] = {}
    for rat in Rat:
        have = variant.bands.of(rat)
        new = extra.get(rat, ())
        values[rat.value] = (tuple(have or ()) + new) if new else have
    bands = BandSet(**values)
    return variant.model_copy(update={"bands": bands})


def upgrade_path(  # noqa: PLR0913 - keyword-only options of the public API
    variant: Variant,
    market: MarketLike,
    target: float = 0.95,
    *,
    on: DateLike | None = None,
    constraints: Constraints | None = None,
    catalog: Catalog | None = None,
    device: Device | None = None,
    weights: WeightsLike = None,
    include_mvnos: bool = False,
    nr_modes: tuple[NrMode, ...] | None = None,
    time_limit: float = 60.0,
) -> UpgradePath:
    """The fewest bands to add to ``variant`` so its market score reaches ``target``.

    The variant keeps its own NR modes and certifications (the upgrade is the same product with
    more bands) unless ``nr_modes`` is given — a 4G phone (``nr_modes=()``) cannot use 5G bands,
    so a 5G upgrade needs e.g. ``nr_modes=("nsa",)``. The result is what ``check`` says about the
    upgraded variant; the path orders the added bands greedily (biggest gain first) and reports
    the score after each.

    Raises:
        InfeasiblePlanError: the target is out of reach (says the best reachable score and what
            stays uncovered, and why), or the constraints conflict with the variant.
        PlanTimeoutError: a solve hit ``time_limit`` before finding any band set.
        InvalidInputError: a target outside (0, 1].
    """
    if not 0.0 < target <= 1.0:
        raise InvalidInputError(
            f"target market score {target} must be in (0, 1]",
            hint="a share of the market score, e.g. 0.9 for 90% (CLI --target 0.9)",
            value=target,
        )
    cat = catalog or default_catalog()
    day = as_date(on)
    cons = constraints or Constraints()
    dev = device or next(
        (d for d in cat.devices.values() if any(v is variant for v in d.variants)), None
    )
    if nr_modes is not None:
        variant = variant.model_copy(update={"nr_modes": tuple(dict.fromkeys(nr_modes))})
    mkt = resolve_market(market, day, cat, weights=weights, include_mvnos=include_mvnos)
    problem = build_problem(mkt, cons, cat, base=variant)
    milp = build_milp(problem, time_limit=time_limit)
    start_mask = problem.mask_of(variant.bands.all_ids())
    start = problem.score(start_mask)
    sol = milp.fewest_for(target)
    if sol is None:
        best = milp.maximise(minimal=False)
        reach = f"{best.score:.4f}" if best is not None else "none"
        conflicts = [
            f"target {target:.4f} is above the best market score reachable from {variant.name}: {reach}"
        ]
        conflicts += [c for c in cons.describe() if not c.startswith("nr modes")]
        if best is not None:
            conflicts += describe_limits(problem, best.mask)
        if not (problem.capability.nsa or problem.capability.sa) and any(
            d.gate == "nr" for net in problem.nets for d in net.deps
        ):
            conflicts.append(
                f"{variant.name} has no 5G NR modes (nr_modes={list(variant.nr_modes or ())}); "
                "give nr_modes=('nsa',) (CLI: --nr-modes nsa) to plan a 5G upgrade"
            )
        raise InfeasiblePlanError(conflicts)
    remaining = [b for b in sol.bands if not start_mask >> problem.index[b] & 1]
    mask = start_mask
    steps: list[UpgradeStep] = []
    score = start
    index = problem.index
    while remaining:
        # Greedy order inside the optimal set: biggest gain first, band order on ties.
        band = max(
            sorted(remaining, key=band_sort_key),
            key=lambda b: problem.objective(mask | 1 << index[b]),
        )
        mask |= 1 << index[band]
        new_score = problem.score(mask)
        steps.append(UpgradeStep(band, cat.registry.get(band).rat, new_score, new_score - score))
        score = new_score
        remaining.remove(band)
    upgraded = _with_bands(variant, [s.band for s in steps], cat)
    before = _existing_scores(problem, variant, dev, cat)
    after = _existing_scores(problem, upgraded, dev, cat)
    return UpgradePath(
        device_id=dev.id if dev else "custom/variant",
        variant_id=variant.id,
        name=f"{dev.full_name} ({variant.name})" if dev else variant.name,
        target=target,
        start_score=start,
        final_score=score,
        steps=tuple(steps),
        before=before,
        after=after,
        proven_optimal=sol.proven_optimal,
    )


def _existing_scores(
    problem: Problem, variant: Variant, device: Device | None, catalog: Catalog
) -> tuple[NetworkScore, ...]:
    """Per-network planner scores for a real variant, verified against ``check``."""
    mask = problem.mask_of(variant.bands.all_ids())
    dev = device
    if dev is None or not any(v.id == variant.id for v in dev.variants):
        dev = Device.for_variant(variant)
    elif not any(v is variant for v in dev.variants):
        dev = dev.model_copy(
            update={"variants": tuple(variant if v.id == variant.id else v for v in dev.variants)}
        )
    return _network_scores(problem, mask, dev, variant, catalog)
