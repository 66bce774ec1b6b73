"""An operator's network as it stands on a date: live deployments, spectrum groups, policies.

Why a separate, variant-independent view: everything here depends only on (operator, date), so
it is computed once and shared by ``check``, the country/reverse rankings and the numpy matrix,
which is what lets the matrix agree exactly with ``check``.

Spectrum groups: an operator often lists the same spectrum under several band numbers — AT&T's
700 MHz as B12 *and* B17 (multi-band indicator), T-Mobile's 600 MHz as B71 *and* n71, PCS as B2,
B25, n2 and n25. Scoring each listing separately would count the same carriers twice, so
deployments that share spectrum form one group; a group is usable when the variant can use any
member, and weighs as its heaviest member.
"""

from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import dataclass, field

from bandfit.bands.model import Band, Duplex, FreqRange, Rat
from bandfit.bands.registry import BandRegistry
from bandfit.catalog.model import Block, Deployment, Layer, Operator, PolicyRule, VoiceTech

__all__ = [
    "LAYER_POINTS",
    "CoverageClass",
    "LiveDeployment",
    "NetworkView",
    "SpectrumGroup",
    "coverage_class",
    "network_view",
    "policies_on",
]

# Default weight of a deployment by layer, in integer points (a deployment's `weight` overrides:
# points = round(weight * 100)). Integers keep check() and the numpy matrix bit-identical.
LAYER_POINTS: dict[Layer, int] = {
    Layer.COVERAGE: 300,
    Layer.CAPACITY: 100,
    Layer.SUPPLEMENTAL: 50,
    Layer.BOOST: 25,
}
# No commercial 3GPP 5G NR service existed before the South Korean operators' launch on
# 2018-12-01 (mobile routers; smartphones followed on 2019-04-03). Sources: Mobile World Live,
# "South Korea on brink of 5G launch" (2018-11-29); Telecom Review Asia, "Korean operators
# collaborate to launch world's first commercial 5G services". An NR deployment or network with
# no recorded start is therefore not live before this date, so time travel to 2017 shows no 5G.
NR_COMMERCIAL_START = dt.date(2018, 12, 1)

# The same floor for every generation, so a deployment, network or voice service with no recorded
# start is not live before its technology existed commercially anywhere ("will it work in 1999"
# must not answer with LTE). Each is the first commercial launch worldwide, well documented:
# GSM: Radiolinja, Finland, first call 1991-07-01; cdmaOne (IS-95): Hutchison, Hong Kong, 1995
# (floor at the year's start); UMTS (W-CDMA): NTT Docomo FOMA, 2001-10-01; LTE: TeliaSonera,
# Stockholm and Oslo, 2009-12-14; VoLTE: SK Telecom, LG U+ and MetroPCS, August 2012 (floor at
# the month's start). A floor is a lower bound only: a recorded ``since`` always wins.
COMMERCIAL_START: dict[Rat, dt.date] = {
    Rat.GSM: dt.date(1991, 7, 1),
    Rat.CDMA: dt.date(1995, 1, 1),
    Rat.UMTS: dt.date(2001, 10, 1),
    Rat.LTE: dt.date(2009, 12, 14),
    Rat.NR: NR_COMMERCIAL_START,
}
VOLTE_COMMERCIAL_START = dt.date(2012, 8, 1)

_LAYER_RANK = {Layer.COVERAGE: 0, Layer.CAPACITY: 1, Layer.SUPPLEMENTAL: 2, Layer.BOOST: 3}
# order of band ids in a group label: "B71/n71", "B5/n5/U5/GSM850"
_LABEL_ORDER = {Rat.LTE: 0, Rat.NR: 1, Rat.UMTS: 2, Rat.CDMA: 3, Rat.GSM: 4}


@dataclass(frozen=True, slots=True)
class CoverageClass:
    """Which device bands make a deployment usable.

    ``alternatives`` is a tuple of band-id sets; the deployment is covered when the variant has a
    band in *every* set (one set for a normal deployment; one per candidate band for a deployment
    inferred from a coarse label, so an uncertain band only counts when all candidates are covered).
    """

    rat: Rat
    alternatives: tuple[frozenset[str], ...]

    def covered_by(self, bands: frozenset[str]) -> bool:
        """Return True if ``bands`` (one RAT of a variant) surely make the deployment usable."""
        return all(not alt.isdisjoint(bands) for alt in self.alternatives)

    def state(self, bands: frozenset[str]) -> bool | None:
        """True if every candidate is covered, False if none is, None (unknown) in between.

        A deployment inferred from a coarse label ("LTE 700" -> B12/B13/B17...) is certain to be
        usable only when the phone has all candidates, and certainly unusable only when it has
        none; otherwise the data cannot tell, and the verdict says *unknown* rather than guess.
        """
        hits = [not alt.isdisjoint(bands) for alt in self.alternatives]
        if all(hits):
            return True
        return None if any(hits) else False


@dataclass(frozen=True, slots=True)
class LiveDeployment:
    """A deployment live on the date, with its effective spectrum and weight."""

    index: int
    deployment: Deployment
    band: Band
    dl: FreqRange | None
    ul: FreqRange | None
    points: int
    cls: CoverageClass
    rat: Rat
    layer: Layer
    is_supplemental: bool  # SDL/SUL: needs an anchor band to carry traffic
    gate: str  # always | nr | lte-anchor (see bandfit.compat.rules.gate)


def _gate(rat: Rat, supplemental: bool) -> str:
    if rat is Rat.NR:
        return "nr"
    if rat is Rat.LTE and supplemental:
        return "lte-anchor"
    return "always"


@dataclass(frozen=True, slots=True)
class SpectrumGroup:
    """Deployments that share spectrum; usable when any member is."""

    members: tuple[int, ...]
    points: int
    layer: Layer
    bands: tuple[str, ...]
    dl: FreqRange | None


@dataclass(frozen=True, slots=True)
class RatState:
    """Whether a RAT's network runs on the date, and when it ends or ended."""

    status: str  # live | ended | planned | none
    until: dt.date | None


@dataclass(frozen=True, slots=True)
class NetworkView:
    """Everything about one operator's radio network on one date that verdicts need."""

    operator: Operator
    on: dt.date
    deployments: tuple[LiveDeployment, ...]
    groups: tuple[SpectrumGroup, ...]
    rats: dict[Rat, RatState]
    ended_deployments: tuple[Deployment, ...]
    lte_voice: str  # volte | none | unknown
    nr_voice: str  # vonr | none | unknown
    sa_live: bool
    nr_modes_known: bool
    total_points: int  # sum of group weights: the score's denominator
    rats_present: frozenset[Rat]
    primary_rat: Rat | None  # unknown device bands on this RAT make the verdict *unknown*
    # derived presentation data that depends only on this view (missing-band entries, per-RAT
    # deployment indexes), filled lazily by the explainer; excluded from equality
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)

    def has_rat(self, rat: Rat) -> bool:
        """True if any live deployment is of ``rat``."""
        return rat in self.rats_present


def _primary_rat(deps: tuple[LiveDeployment, ...]) -> Rat | None:
    """The RAT carrying most weight; LTE whenever the network has it."""
    weight: dict[Rat, int] = {}
    for d in deps:
        if not d.is_supplemental:
            weight[d.rat] = weight.get(d.rat, 0) + d.points
    if not weight:
        return None
    if Rat.LTE in weight:
        return Rat.LTE
    return max(weight, key=lambda r: (weight[r], -list(Rat).index(r)))


def policies_on(operator: Operator, on: dt.date) -> frozenset[PolicyRule]:
    """Admission rules in effect on ``on``."""
    return frozenset(p.rule for p in operator.policies if p.live_on(on))


def _effective_ranges(dep: Deployment, band: Band) -> tuple[FreqRange | None, FreqRange | None]:
    if dep.block is None:
        return band.dl, band.ul
    dl, ul = dep.block.dl, dep.block.ul
    spacing = band.duplex_spacing_khz
    if band.duplex is Duplex.FDD and spacing is not None:
        if ul is None and dl is not None:
            ul = FreqRange(dl.low_khz - spacing, dl.high_khz - spacing)
        elif dl is None and ul is not None:
            dl = FreqRange(ul.low_khz + spacing, ul.high_khz + spacing)
    if band.duplex is Duplex.TDD:
        dl = dl or ul
        ul = ul or dl
    return dl, ul


def _coverers(
    registry: BandRegistry, band: Band, dl: FreqRange | None, ul: FreqRange | None
) -> frozenset[str]:
    """Band ids (same RAT and duplex) whose ranges contain the deployment's spectrum and, for
    NR, whose channel raster holds every carrier position of the deployment's band (so n41 does
    not count for an n38 or n90 network: see ``BandRegistry.raster_compatible``)."""
    out = set()
    for cand in registry.bands(band.rat):
        if cand.duplex is not band.duplex or not registry.raster_compatible(cand, band):
            continue
        ok = True
        for mine, need in ((cand.dl, dl), (cand.ul, ul)):
            if need is not None and (mine is None or not mine.contains_range(need)):
                ok = False
                break
        if ok:
            out.add(cand.id)
    out.add(band.id)
    return frozenset(out)


def coverage_class(registry: BandRegistry, dep: Deployment) -> CoverageClass:
    """The coverage class of a deployment (see :class:`CoverageClass`)."""
    return _coverage_class(
        registry,
        dep.band,
        dep.block.dl_khz if dep.block else None,
        dep.block.ul_khz if dep.block else None,
        dep.candidates,
    )


_CLASS_CACHE: weakref.WeakKeyDictionary[BandRegistry, dict[tuple[object, ...], CoverageClass]] = (
    weakref.WeakKeyDictionary()
)


def _coverage_class(
    registry: BandRegistry,
    band_id: str,
    dl: tuple[int, int] | None,
    ul: tuple[int, int] | None,
    candidates: tuple[str, ...],
) -> CoverageClass:
    cache = _CLASS_CACHE.setdefault(registry, {})
    key = (band_id, dl, ul, candidates)
    found = cache.get(key)
    if found is None:
        found = cache[key] = _build_class(registry, band_id, dl, ul, candidates)
    return found


def _build_class(
    registry: BandRegistry,
    band_id: str,
    dl: tuple[int, int] | None,
    ul: tuple[int, int] | None,
    candidates: tuple[str, ...],
) -> CoverageClass:
    band = registry.get(band_id)
    if len(candidates) > 1:
        alts = tuple(
            _coverers(registry, registry.get(c), registry.get(c).dl, registry.get(c).ul)
            for c in candidates
        )
        return CoverageClass(band.rat, alts)
    block = Block(dl_khz=dl, ul_khz=ul) if (dl or ul) else None
    rdl, rul = _effective_ranges(Deployment(band=band_id, layer=Layer.CAPACITY, block=block), band)
    return CoverageClass(band.rat, (_coverers(registry, band, rdl, rul),))


def _same_spectrum(a: LiveDeployment, b: LiveDeployment) -> bool:
    if a.deployment.block is not None and b.deployment.block is not None:
        ra, rb = a.dl or a.ul, b.dl or b.ul
        return ra is not None and rb is not None and ra.overlaps(rb)
    ba, bb = a.band, b.band
    if ba.id == bb.id:
        return True
    # twins (B71/n71, B5/n5/U5/GSM850) and supersets in any RAT (B12 ⊇ B17, n25 ⊇ B2, B8 ⊇ GSM900)
    return _contains(ba, bb) or _contains(bb, ba)


_MAX_WIDTH_RATIO = 4


def _contains(outer: Band, inner: Band) -> bool:
    """True if ``inner``'s spectrum lies inside ``outer``'s, in any RAT, and they likely share it.

    Containment on every link ``inner`` has, same duplex mode, and ``outer`` at most 4× as wide:
    B12/B17, B66/B4, n25/B2, B8/GSM900 and n77/n78 are alternative labels of the same carriers,
    but an operator listing n77 (3.3-4.2 GHz) beside B48 (CBRS, 150 MHz) runs two different
    blocks. Licence blocks, when known, decide instead (see ``_same_spectrum``).
    """
    if outer.duplex is not inner.duplex:
        return False
    for link_outer, link_inner in ((outer.dl, inner.dl), (outer.ul, inner.ul)):
        if link_inner is not None and (
            link_outer is None or not link_outer.contains_range(link_inner)
        ):
            return False
    outer_width = sum(r.width_khz for r in (outer.dl, outer.ul) if r is not None)
    inner_width = sum(r.width_khz for r in (inner.dl, inner.ul) if r is not None)
    return outer_width <= _MAX_WIDTH_RATIO * inner_width


def _groups(deps: tuple[LiveDeployment, ...]) -> tuple[SpectrumGroup, ...]:
    parent = list(range(len(deps)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(deps)):
        for j in range(i + 1, len(deps)):
            if _same_spectrum(deps[i], deps[j]):
                parent[find(j)] = find(i)
    buckets: dict[int, list[int]] = {}
    for i in range(len(deps)):
        buckets.setdefault(find(i), []).append(i)
    groups = []
    for members in buckets.values():
        items = [deps[i] for i in members]
        heaviest = min(items, key=lambda d: (-d.points, _LAYER_RANK[d.layer]))
        lows = [d.dl.low_khz for d in items if d.dl]
        highs = [d.dl.high_khz for d in items if d.dl]
        dl = FreqRange(min(lows), max(highs)) if lows else None
        bands = tuple(
            dict.fromkeys(
                d.band.id
                for d in sorted(
                    items, key=lambda d: (_LABEL_ORDER[d.rat], d.band.number or 0, d.band.id)
                )
            )
        )
        groups.append(SpectrumGroup(tuple(members), heaviest.points, heaviest.layer, bands, dl))
    return tuple(sorted(groups, key=lambda g: (g.dl.low_khz if g.dl else 0, g.bands)))


def _rat_states(operator: Operator, on: dt.date) -> dict[Rat, RatState]:
    states: dict[Rat, RatState] = {}
    for net in operator.networks:
        since = net.since or COMMERCIAL_START.get(net.rat)
        if net.status == "planned" or (since and on < since):
            states[net.rat] = RatState("planned", net.until)
        elif net.until and on >= net.until:
            states[net.rat] = RatState("ended", net.until)
        else:
            states[net.rat] = RatState("live", net.until)
    return states


def _voice(operator: Operator, rat: Rat, tech: VoiceTech, on: dt.date) -> str:
    """``volte``/``vonr`` when offered on ``on``; ``none`` when not (yet); ``unknown`` if no data.

    VoNR counts only where the data says so (an NR network without ``voice: vonr`` falls back to
    VoLTE), so for NR a missing value means ``none``.
    """
    net = operator.network(rat)
    if net is None or net.voice is None:
        return "unknown" if rat is Rat.LTE else "none"
    since = net.voice_since or (VOLTE_COMMERCIAL_START if tech is VoiceTech.VOLTE else None)
    if net.voice is tech and (since is None or since <= on):
        return tech.value
    return "none"


def network_view(operator: Operator, on: dt.date, registry: BandRegistry) -> NetworkView:
    """Build the view of ``operator``'s own radio network on ``on``."""
    rats = _rat_states(operator, on)
    live: list[LiveDeployment] = []
    ended: list[Deployment] = []
    for dep in operator.deployments:
        band = registry.get(dep.band)
        state = rats.get(band.rat)
        network_live = state is None or state.status == "live"
        floor = COMMERCIAL_START.get(band.rat)
        too_early = dep.since is None and floor is not None and on < floor
        if not dep.live_on(on) or not network_live or too_early:
            if dep.status != "planned" and (
                (dep.until and dep.until <= on) or (state and state.status == "ended")
            ):
                ended.append(dep)
            continue
        dl, ul = _effective_ranges(dep, band)
        points = round(dep.weight * 100) if dep.weight is not None else LAYER_POINTS[dep.layer]
        supplemental = band.duplex in (Duplex.SDL, Duplex.SUL) or dep.layer is Layer.SUPPLEMENTAL
        live.append(
            LiveDeployment(
                len(live),
                dep,
                band,
                dl,
                ul,
                points,
                coverage_class(registry, dep),
                band.rat,
                dep.layer,
                supplemental,
                _gate(band.rat, supplemental),
            )
        )
    deps = tuple(live)
    groups = _groups(deps)
    nr = operator.network(Rat.NR)
    sa_live = bool(
        nr and nr.modes and "sa" in nr.modes and (nr.sa_since is None or nr.sa_since <= on)
    )
    if not any(d.rat is Rat.LTE for d in deps) and any(d.rat is Rat.NR for d in deps):
        sa_live = True  # an NR-only network is standalone by construction
    return NetworkView(
        operator=operator,
        on=on,
        deployments=deps,
        groups=groups,
        rats=rats,
        ended_deployments=tuple(ended),
        lte_voice=_voice(operator, Rat.LTE, VoiceTech.VOLTE, on),
        nr_voice=_voice(operator, Rat.NR, VoiceTech.VONR, on),
        sa_live=sa_live,
        nr_modes_known=bool(nr and nr.modes is not None),
        total_points=sum(g.points for g in groups),
        rats_present=frozenset(d.rat for d in deps),
        primary_rat=_primary_rat(deps),
    )
