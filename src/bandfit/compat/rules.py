"""The decision rules, as small pure functions over (network view, variant facts).

Why pure and small: each rule is documented in ``docs/concepts/verdicts-and-scores.md`` and the
numpy matrix re-implements exactly these steps on bitsets; keeping them here, free of rendering,
is what makes "matrix == check" testable rule by rule.

Tri-state values: ``True``/``False``/``None`` where ``None`` means the catalog does not know.
"""

from __future__ import annotations

from dataclasses import dataclass

from bandfit.bands.model import Rat
from bandfit.catalog.model import Layer, PolicyRule, Variant
from bandfit.compat.network import LiveDeployment, NetworkView
from bandfit.compat.verdict import Status

__all__ = [
    "GAPS_MIN_SCORE",
    "WORKS_MIN_SCORE",
    "Evaluation",
    "VariantFacts",
    "evaluate",
    "gate",
    "variant_facts",
]

WORKS_MIN_SCORE = 0.9
GAPS_MIN_SCORE = 0.5
_LEGACY = (Rat.GSM, Rat.UMTS, Rat.CDMA)


@dataclass(frozen=True, slots=True)
class VariantFacts:
    """What the rules need to know about a variant (None = unknown)."""

    bands: dict[Rat, frozenset[str] | None]
    volte: bool | None
    vonr: bool | None
    nsa: bool
    sa: bool | None
    certified: frozenset[str]


def variant_facts(variant: Variant) -> VariantFacts:
    """Extract the rule inputs from a catalog variant.

    ``nr_modes`` unknown on a variant with NR bands counts as NSA-capable (every commercial 5G
    phone supports NSA; SA support varies), and as *not known* to support SA.
    """
    bands = {
        rat: (frozenset(b) if (b := variant.bands.of(rat)) is not None else None) for rat in Rat
    }
    modes = variant.nr_modes
    return VariantFacts(
        bands=bands,
        volte=variant.voice.volte,
        vonr=variant.voice.vonr,
        nsa=True if modes is None else "nsa" in modes,
        sa=None if modes is None else "sa" in modes,
        certified=frozenset(variant.certified_on),
    )


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Every intermediate decision for one (network view, variant) pair."""

    raw: tuple[bool | None, ...]  # per live deployment: bands cover it
    usable: tuple[bool | None, ...]  # after anchor / NSA / SA rules
    groups: tuple[bool | None, ...]  # per spectrum group
    lte_anchor: bool
    nr_usable: bool
    sa_blocked_by_policy: bool
    covered_points: int
    score: float
    voice_status: str  # ok | unverified | unknown | none
    voice_via: str | None
    volte_path: str  # yes | no | unknown | unverified
    admission: str  # ok | unverified | unknown | refused
    status: Status
    status_reason: str  # the code that decided the status


def _cover(view: NetworkView, facts: VariantFacts) -> tuple[bool | None, ...]:
    out: list[bool | None] = []
    for dep in view.deployments:
        bands = facts.bands[dep.rat]
        out.append(None if bands is None else dep.cls.state(bands))
    return tuple(out)


def gate(dep: LiveDeployment) -> str:
    """Which condition besides band support a deployment needs to be usable.

    ``always`` for LTE and 2G/3G carriers; ``nr`` for 5G (NSA needs an LTE anchor, SA needs SA
    support on both sides) and NR supplemental downlink; ``lte-anchor`` for LTE supplemental
    downlink (B29, B32, B67...), which only carries traffic aggregated with an LTE carrier.
    """
    return dep.gate


def _usable(
    view: NetworkView,
    facts: VariantFacts,
    raw: tuple[bool | None, ...],
    certified: bool,
    policies: frozenset[PolicyRule],
) -> tuple[tuple[bool | None, ...], bool, bool, bool]:
    deps = view.deployments
    lte_anchor = any(
        raw[d.index] is True for d in deps if d.rat is Rat.LTE and not d.is_supplemental
    )
    sa_blocked = PolicyRule.SA_CERTIFIED_ONLY in policies and not certified
    sa_path = facts.sa is True and view.sa_live and not sa_blocked
    nr_usable = sa_path or (facts.nsa and lte_anchor)
    lte_unknown = not lte_anchor and any(
        raw[d.index] is None for d in deps if d.rat is Rat.LTE and not d.is_supplemental
    )
    gates = {
        "always": True,
        "nr": _tri(nr_usable, facts.nsa and lte_unknown),
        "lte-anchor": _tri(lte_anchor, lte_unknown),
    }
    usable: list[bool | None] = []
    for d in deps:
        state, gate_state = raw[d.index], gates[d.gate]
        if gate_state is False:
            usable.append(False)  # a surely closed gate: unusable whatever the bands
        elif gate_state is None:
            usable.append(False if state is False else None)  # the gate itself is unknown
        else:
            usable.append(state)
    return tuple(usable), lte_anchor, nr_usable, sa_blocked


def _tri(known_true: bool, maybe: bool) -> bool | None:
    """True if surely open, None if it depends on unknown bands, else False."""
    return True if known_true else (None if maybe else False)


def _group_states(view: NetworkView, usable: tuple[bool | None, ...]) -> tuple[bool | None, ...]:
    out: list[bool | None] = []
    for group in view.groups:
        states = [usable[i] for i in group.members]
        out.append(
            True
            if any(s is True for s in states)
            else (None if any(s is None for s in states) else False)
        )
    return tuple(out)


def _voice(
    view: NetworkView,
    facts: VariantFacts,
    ev_raw: tuple[bool | None, ...],
    lte_anchor: bool,
    nr_usable: bool,
    certified: bool,
    policies: frozenset[PolicyRule],
) -> tuple[str, str | None, str]:
    deps = view.deployments
    cs_ok = any(ev_raw[d.index] is True for d in deps if d.rat in _LEGACY)
    cs_unknown = not cs_ok and any(ev_raw[d.index] is None for d in deps if d.rat in _LEGACY)
    lte_unknown = not lte_anchor and any(
        ev_raw[d.index] is None for d in deps if d.rat is Rat.LTE and not d.is_supplemental
    )
    nr_ok = nr_usable and any(ev_raw[d.index] is True for d in deps if d.rat is Rat.NR)
    nr_gate_unknown = (
        not nr_usable
        and facts.nsa
        and not lte_anchor
        and any(ev_raw[d.index] is None for d in deps if d.rat is Rat.LTE and not d.is_supplemental)
    )
    nr_unknown = nr_gate_unknown and any(
        ev_raw[d.index] is not False for d in deps if d.rat is Rat.NR
    )
    nr_unknown = nr_unknown or (
        nr_usable and not nr_ok and any(ev_raw[d.index] is None for d in deps if d.rat is Rat.NR)
    )
    if (not lte_anchor and not lte_unknown) or view.lte_voice == "none" or facts.volte is False:
        volte = "no"
    elif lte_unknown or view.lte_voice == "unknown" or facts.volte is None:
        volte = "unknown"
    elif PolicyRule.VOLTE_WHITELIST in policies and not certified:
        volte = "unverified"
    else:
        volte = "yes"
    if view.nr_voice != "vonr" or facts.vonr is False:
        vonr = "no"
    elif nr_ok:
        vonr = "unknown" if facts.vonr is None else "yes"
    else:
        vonr = "unknown" if nr_unknown else "no"
    if volte == "yes":
        return "ok", "volte", volte
    if vonr == "yes":
        return "ok", "vonr", volte
    if cs_ok:
        return "ok", "cs", volte
    if volte == "unverified":
        return "unverified", "volte", volte
    if "unknown" in (volte, vonr) or cs_unknown:
        return "unknown", None, volte
    return "none", None, volte


def _admission(facts: VariantFacts, certified: bool, policies: frozenset[PolicyRule]) -> str:
    if PolicyRule.NON_VOLTE_ACTIVATION_REFUSED in policies:
        if facts.volte is False:
            return "refused"
        if facts.volte is None:
            return "unknown"
    if PolicyRule.DEVICE_CERTIFICATION in policies and not certified:
        return "unverified"
    return "ok"


def _status(
    view: NetworkView,
    facts: VariantFacts,
    usable: tuple[bool | None, ...],
    groups: tuple[bool | None, ...],
    score: float,
    voice: str,
    admission: str,
) -> tuple[Status, str]:
    primary = view.primary_rat
    if primary is None:
        return Status.UNKNOWN, "operator-data-missing"
    if facts.bands[primary] is None:
        return Status.UNKNOWN, "device-bands-unknown"
    if not any(g is True for g in groups):
        if any(g is None for g in groups):
            return Status.UNKNOWN, "device-bands-unknown"
        return Status.NO_SERVICE, "no-common-band"
    if admission == "refused":
        return Status.NO_SERVICE, "activation-refused"
    modern = any(usable[d.index] is True for d in view.deployments if d.rat in (Rat.LTE, Rat.NR))
    if not modern and (view.has_rat(Rat.LTE) or view.has_rat(Rat.NR)):
        return Status.LIMITED, "legacy-only"
    if voice == "none":
        return Status.LIMITED, "voice-none"
    coverage = [
        state for state, g in zip(groups, view.groups, strict=True) if g.layer is Layer.COVERAGE
    ]
    all_coverage = all(state is True for state in coverage)
    any_coverage = any(state is True for state in coverage)
    if score >= WORKS_MIN_SCORE and all_coverage:
        return _cap_works(groups, voice, admission)
    if score >= GAPS_MIN_SCORE or any_coverage:
        return (
            Status.WORKS_WITH_GAPS,
            "coverage-layer-missing" if not all_coverage else "capacity-band-missing",
        )
    if any(state is None for state in coverage):
        return Status.UNKNOWN, "device-bands-unknown"  # a coverage layer may or may not be usable
    return Status.LIMITED, "no-coverage-layer" if coverage else "low-radio-score"


def _cap_works(groups: tuple[bool | None, ...], voice: str, admission: str) -> tuple[Status, str]:
    """*Works* needs certainty: unverified voice/admission or unknown bands cap it at gaps."""
    if voice in ("unknown", "unverified"):
        return (
            Status.WORKS_WITH_GAPS,
            "voice-unknown" if voice == "unknown" else "volte-whitelist-unverified",
        )
    if admission in ("unknown", "unverified"):
        return (
            Status.WORKS_WITH_GAPS,
            "certification-unverified" if admission == "unverified" else "activation-unverified",
        )
    if any(g is None for g in groups):
        return Status.WORKS_WITH_GAPS, "device-bands-unknown"
    return Status.WORKS, "works"


def evaluate(
    view: NetworkView,
    facts: VariantFacts,
    *,
    certified_ids: frozenset[str],
    policies: frozenset[PolicyRule],
) -> Evaluation:
    """Apply every rule to one variant on one network view.

    Args:
        view: the evaluated radio network on the date.
        facts: the variant's rule inputs.
        certified_ids: operator ids whose certification counts (the operator and, for MVNOs,
            its host).
        policies: admission rules in effect (the operator's and its host's).
    """
    certified = not facts.certified.isdisjoint(certified_ids)
    raw = _cover(view, facts)
    usable, lte_anchor, nr_usable, sa_blocked = _usable(view, facts, raw, certified, policies)
    groups = _group_states(view, usable)
    covered = sum(g.points for g, state in zip(view.groups, groups, strict=True) if state is True)
    total = view.total_points
    score = covered / total if total else 0.0
    voice, via, volte_path = _voice(view, facts, raw, lte_anchor, nr_usable, certified, policies)
    admission = _admission(facts, certified, policies)
    status, why = _status(view, facts, usable, groups, score, voice, admission)
    return Evaluation(
        raw=raw,
        usable=usable,
        groups=groups,
        lte_anchor=lte_anchor,
        nr_usable=nr_usable,
        sa_blocked_by_policy=sa_blocked,
        covered_points=covered,
        score=score,
        voice_status=voice,
        voice_via=via,
        volte_path=volte_path,
        admission=admission,
        status=status,
        status_reason=why,
    )
