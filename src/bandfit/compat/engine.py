"""``check``: facts -> rules -> an explained :class:`Verdict`; plus the country and reverse views.

The flow for one (variant, operator, date):

1. If the operator is not operating on the date -> *no service*.
2. Pick the radio network to evaluate: its own; for an MVNO (or an operator with no live network
   of its own) each host in effect, keeping the best, with every host listed in the verdict.
3. Build the network view (live deployments, spectrum groups; cached per operator and date) and
   apply the rules in :mod:`bandfit.compat.rules`.
4. Render reasons, missing bands ranked by cost, per-RAT detail and the data stamp.

An incompatible phone is a result, not an exception: ``check`` raises only for bad arguments.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterable
from dataclasses import dataclass

from bandfit._types import DateLike, as_date
from bandfit.bands.model import FreqRange, Rat, format_mhz
from bandfit.bands.registry import BandRegistry
from bandfit.catalog.load import Catalog, default_catalog
from bandfit.catalog.model import Confidence, Device, Layer, Operator, PolicyRule, Variant
from bandfit.compat.network import NetworkView, network_view, policies_on
from bandfit.compat.rules import Evaluation, VariantFacts, evaluate, variant_facts
from bandfit.compat.verdict import (
    REASON_CODES,
    STATUS_ORDER,
    Admission,
    HostVerdict,
    MissingBand,
    RatDetail,
    Reason,
    Status,
    Verdict,
    Voice,
)

__all__ = ["NetworkChoice", "best_variants", "check", "check_country", "network_for"]

_VIEWS: weakref.WeakKeyDictionary[Catalog, dict[tuple[str, dt.date], NetworkView]] = (
    weakref.WeakKeyDictionary()
)
_FACTS: weakref.WeakKeyDictionary[Catalog, dict[int, tuple[Variant, VariantFacts]]] = (
    weakref.WeakKeyDictionary()
)
_MAX_CACHED_VIEWS = 4096


def _view(catalog: Catalog, operator: Operator, on: dt.date) -> NetworkView:
    cache = _VIEWS.setdefault(catalog, {})
    key = (operator.id, on)
    view = cache.get(key)
    if view is None or view.operator is not operator:
        if len(cache) >= _MAX_CACHED_VIEWS:
            cache.clear()
        view = cache[key] = network_view(operator, on, catalog.registry)
    return view


def _facts(catalog: Catalog, variant: Variant) -> VariantFacts:
    cache = _FACTS.setdefault(catalog, {})
    hit = cache.get(id(variant))
    if hit is None or hit[0] is not variant:
        hit = cache[id(variant)] = (variant, variant_facts(variant))
    return hit[1]


@dataclass(frozen=True, slots=True)
class NetworkChoice:
    """A radio network to evaluate for an operator: its own, or a host's."""

    network: Operator
    role: str  # own | primary | secondary | roaming
    policies: frozenset[PolicyRule]
    certified_ids: frozenset[str]


def network_for(
    operator: Operator, on: dt.date, catalog: Catalog
) -> tuple[list[NetworkChoice], list[NetworkChoice]]:
    """(networks to evaluate, roaming networks to show) for ``operator`` on ``on``.

    * An MNO is evaluated on its own network, and also on any *primary* or *secondary* host in
      effect (a hybrid MNO such as Boost puts phones its own 5G SA network rejects on AT&T); the
      best of these is the verdict.
    * An MVNO — or an MNO with no live deployments of its own that day — is evaluated on its
      primary and secondary hosts, falling back to roaming hosts only when it has nothing else.
    * Roaming partners of an operator with its own network are shown, not scored.

    The operator's own admission policies apply on top of each host's.
    """
    own_policies = policies_on(operator, on)
    own_live = operator.kind == "MNO" and bool(_view(catalog, operator, on).deployments)
    hosted: list[NetworkChoice] = []
    roaming: list[NetworkChoice] = []
    for role, host in catalog.hosts_of(operator, on):
        choice = NetworkChoice(
            host, role, own_policies | policies_on(host, on), frozenset({operator.id, host.id})
        )
        (roaming if role == "roaming" else hosted).append(choice)
    if own_live:
        own = NetworkChoice(operator, "own", own_policies, frozenset({operator.id}))
        return [own, *hosted], roaming
    if hosted:
        return hosted, roaming
    return roaming, []


def _rank(status: Status, score: float) -> tuple[int, float]:
    return STATUS_ORDER[status], -score


def _reason(code: str, message: str, **evidence: object) -> Reason:
    return Reason(code, REASON_CODES[code][0], message, dict(evidence))


def check(
    variant: Variant,
    operator: Operator,
    on: DateLike | None = None,
    *,
    catalog: Catalog | None = None,
    device: Device | None = None,
) -> Verdict:
    """Will ``variant`` work on ``operator`` on ``on`` (default today), and what is missing?

    Args:
        variant: the exact variant (``Catalog.resolve`` finds it from a name or model number).
        operator: the operator (an MVNO is evaluated on its host network).
        on: the date (ISO string or ``date``); sunsets and launches apply by date.
        catalog: the catalog the records come from (default: the shipped one).
        device: the variant's device, for ids in the verdict (looked up when omitted).
    """
    cat = catalog or default_catalog()
    day = as_date(on)
    dev = device or _device_of(cat, variant)
    stamp = {
        **cat.stamp.to_dict(),
        "operator_as_of": operator.as_of.isoformat(),
        "variant_as_of": variant.as_of.isoformat(),
    }
    if not operator.live_on(day):
        return _no_operator(dev, variant, operator, day, stamp)
    choices, shown = network_for(operator, day, cat)
    if not choices:
        reason = _reason(
            "no-host-on-date" if operator.hosts else "operator-data-missing",
            f"{operator.name} has no host network in effect on {day}"
            if operator.hosts
            else f"no deployment data for {operator.name} on {day}",
        )
        status = Status.NO_SERVICE if operator.hosts else Status.UNKNOWN
        return _empty(dev, variant, operator, day, stamp, status, reason)
    facts = _facts(cat, variant)
    evaluated = [(c, _view(cat, c.network, day)) for c in choices]
    results = [
        (c, v, evaluate(v, facts, certified_ids=c.certified_ids, policies=c.policies))
        for c, v in evaluated
    ]
    best_index = min(
        range(len(results)), key=lambda i: _rank(results[i][2].status, results[i][2].score)
    )
    choice, view, ev = results[best_index]
    host_rows = [
        HostVerdict(c.network.id, c.role, e.status, e.score, i == best_index)
        for i, (c, _v, e) in enumerate(results)
        if c.role != "own"
    ]
    for c in shown:
        v = _view(cat, c.network, day)
        e = evaluate(v, facts, certified_ids=c.certified_ids, policies=c.policies)
        host_rows.append(HostVerdict(c.network.id, c.role, e.status, e.score, False))
    stamp["network_as_of"] = choice.network.as_of.isoformat()
    builder = _Explainer(cat.registry, dev, variant, operator, choice, view, facts, ev, day)
    reasons = builder.reasons(host_rows)
    return Verdict(
        device_id=dev.id,
        variant_id=variant.id,
        operator_id=operator.id,
        network_id=choice.network.id,
        on=day,
        status=ev.status,
        radio_score=ev.score,
        per_rat=builder.per_rat(),
        voice=builder.voice(),
        admission=builder.admission(),
        missing=builder.missing(),
        reasons=tuple(reasons),
        hosts=tuple(host_rows),
        data_stamp=stamp,
    )


def _device_of(catalog: Catalog, variant: Variant) -> Device:
    for dev in catalog.devices.values():
        if any(v is variant for v in dev.variants):
            return dev
    for dev in catalog.devices.values():
        if variant in dev.variants:
            return dev
    return Device.model_construct(
        id="custom/variant",
        brand="custom",
        name=variant.name,
        variants=(variant,),
        sources={},
        as_of=variant.as_of,
    )


def _empty(
    dev: Device,
    variant: Variant,
    operator: Operator,
    day: dt.date,
    stamp: dict[str, object],
    status: Status,
    reason: Reason,
) -> Verdict:
    return Verdict(
        device_id=dev.id,
        variant_id=variant.id,
        operator_id=operator.id,
        network_id=operator.id,
        on=day,
        status=status,
        radio_score=0.0,
        per_rat=(),
        voice=Voice("unknown" if status is Status.UNKNOWN else "none", None),
        admission=Admission("unknown"),
        missing=(),
        reasons=(reason,),
        hosts=(),
        data_stamp=stamp,
    )


def _no_operator(
    dev: Device, variant: Variant, operator: Operator, day: dt.date, stamp: dict[str, object]
) -> Verdict:
    when = (
        f"started {operator.since}"
        if operator.since and day < operator.since
        else f"ceased on {operator.until}"
    )
    succ = f"; customers moved to {operator.successor}" if operator.successor else ""
    reason = _reason(
        "operator-not-operating",
        f"{operator.name} {when}{succ}",
        since=str(operator.since) if operator.since else None,
        until=str(operator.until) if operator.until else None,
        successor=operator.successor,
    )
    return _empty(dev, variant, operator, day, stamp, Status.NO_SERVICE, reason)


_LAYER_LOSS = {
    Layer.COVERAGE: "weak indoors and rural",
    Layer.CAPACITY: "slower where the network is busy",
    Layer.BOOST: "no mmWave hotspot speeds",
    Layer.SUPPLEMENTAL: "less download capacity",
}
_MISSING_CODE = {
    Layer.COVERAGE: "coverage-layer-missing",
    Layer.CAPACITY: "capacity-band-missing",
    Layer.BOOST: "boost-band-missing",
    Layer.SUPPLEMENTAL: "supplemental-band-missing",
}


_LABELS: weakref.WeakKeyDictionary[BandRegistry, dict[tuple[str, str], str]] = (
    weakref.WeakKeyDictionary()
)


def nominal_label(registry: BandRegistry, band_id: str, country: str) -> str:
    """Marketing frequency of a band in a country: ``"600 MHz"``, ``"39 GHz"`` (cached)."""
    cache = _LABELS.setdefault(registry, {})
    key = (band_id, country)
    if key not in cache:
        cache[key] = _nominal_label(registry, band_id, country)
    return cache[key]


def _nominal_label(registry: BandRegistry, band_id: str, country: str) -> str:
    try:
        region = f"ITU{registry.country(country).itu_region}"
    except LookupError:
        region = ""
    scope_rank = {country: 0, region: 1, "*": 2}
    best: tuple[int, int, int] | None = None
    for rule in registry.labels:
        if band_id in rule.bands and rule.scope in scope_rank:
            key = (scope_rank[rule.scope], len(rule.bands), rule.label_mhz)
            if best is None or key < best:
                best = key
    if best is None:
        band = registry.get(band_id)
        rng = band.dl or band.ul
        assert rng is not None
        mhz = rng.low_khz // 1000
    else:
        mhz = best[2]
    return f"{mhz // 1000} GHz" if mhz >= 10_000 else f"{mhz} MHz"


@dataclass
class _Explainer:
    """Turns an :class:`Evaluation` into reasons, missing bands and per-RAT detail."""

    registry: BandRegistry
    device: Device
    variant: Variant
    operator: Operator
    choice: NetworkChoice
    view: NetworkView
    facts: VariantFacts
    ev: Evaluation
    day: dt.date
    _missing: tuple[MissingBand, ...] | None = None

    @property
    def net_name(self) -> str:
        """Name of the evaluated network."""
        return self.choice.network.name

    def missing(self) -> tuple[MissingBand, ...]:
        if self._missing is None:
            self._missing = self._compute_missing()
        return self._missing

    def _compute_missing(self) -> tuple[MissingBand, ...]:
        total = self.view.total_points or 1
        out = []
        for group, state in zip(self.view.groups, self.ev.groups, strict=True):
            if state is not False:
                continue
            label = "/".join(group.bands)
            freq = nominal_label(self.registry, group.bands[0], self.choice.network.country)
            what = {
                Layer.COVERAGE: f"no {self.net_name} {freq}",
                Layer.CAPACITY: f"no {self.net_name} {freq} capacity",
                Layer.BOOST: f"no {self.net_name} mmWave {freq}",
                Layer.SUPPLEMENTAL: f"no {self.net_name} {freq} supplemental downlink",
            }[group.layer]
            dl = (group.dl.low_khz / 1000, group.dl.high_khz / 1000) if group.dl else None
            out.append(
                MissingBand(
                    group.bands,
                    group.layer.value,
                    group.points / total,
                    f"no {label}: {what} — {_LAYER_LOSS[group.layer]}",
                    dl,
                )
            )
        return tuple(sorted(out, key=lambda m: (-m.cost, m.bands)))

    def per_rat(self) -> tuple[RatDetail, ...]:
        rats = {d.rat for d in self.view.deployments} | set(self.view.rats)
        out = []
        for rat in Rat:
            if rat not in rats:
                continue
            deps = [d for d in self.view.deployments if d.rat is rat]
            state = self.view.rats.get(rat)
            network = state.status if state else ("live" if deps else "none")
            used = tuple(dict.fromkeys(d.band.id for d in deps if self.ev.usable[d.index] is True))
            missing = tuple(
                dict.fromkeys(d.band.id for d in deps if self.ev.usable[d.index] is False)
            )
            bands = self.facts.bands[rat]
            note = ""
            if (
                rat is Rat.NR
                and deps
                and not self.ev.nr_usable
                and any(self.ev.raw[d.index] for d in deps)
            ):
                note = "5G bands supported but unusable: " + (
                    "needs an LTE anchor (NSA)"
                    if not self.ev.lte_anchor
                    else "standalone 5G required"
                )
            if state and state.status == "ended":
                note = f"switched off on {state.until}"
            elif state and state.until and state.status == "live":
                note = f"ends on {state.until}"
            out.append(
                RatDetail(
                    rat.value,
                    rat.generation,
                    network,
                    state.until if state else None,
                    len(deps),
                    sum(1 for d in deps if self.ev.usable[d.index] is True),
                    _sorted_bands(bands) if bands is not None else None,
                    used,
                    missing,
                    note,
                )
            )
        return tuple(out)

    def voice(self) -> Voice:
        ev = self.ev
        notes = {
            "volte": f"VoLTE on {self.net_name}",
            "vonr": f"VoNR on {self.net_name}",
            "cs": f"2G/3G circuit-switched voice on {self.net_name}",
        }
        if ev.voice_status == "ok":
            return Voice("ok", ev.voice_via, notes[ev.voice_via or "volte"])
        if ev.voice_status == "unverified":
            return Voice(
                "unverified", "volte", f"{self.net_name} limits VoLTE to whitelisted devices"
            )
        if ev.voice_status == "unknown":
            return Voice("unknown", None, self._voice_unknown_cause())
        return Voice("none", None, "no VoLTE/VoNR and no 2G/3G network to fall back to")

    def admission(self) -> Admission:
        policies = tuple(sorted(p.value for p in self.choice.policies))
        note = {
            "ok": "no admission restriction known"
            if not policies
            else "meets the operator's admission rules",
            "unverified": "the operator certifies devices; this variant is not documented as certified",
            "unknown": "the operator refuses non-VoLTE devices; this variant's VoLTE support is unknown",
            "refused": "the operator refuses to activate devices without VoLTE",
        }[self.ev.admission]
        return Admission(self.ev.admission, policies, note)

    def reasons(self, hosts: Iterable[HostVerdict]) -> list[Reason]:
        out: list[Reason] = []
        ev, view = self.ev, self.view
        if self.choice.role != "own":
            out.append(
                _reason(
                    "host-network",
                    f"{self.operator.name} runs on {self.net_name} ({self.choice.role} host) on {self.day}",
                    host=self.choice.network.id,
                    role=self.choice.role,
                )
            )
        for h in hosts:
            if h.role == "roaming" and not h.used:
                out.append(
                    _reason(
                        "roaming-partner",
                        f"also roams on {h.operator_id}: {h.status.value}",
                        host=h.operator_id,
                    )
                )
        if ev.status_reason == "operator-data-missing":
            out.append(
                _reason(
                    "operator-data-missing",
                    f"no live deployment data for {self.net_name} on {self.day}",
                )
            )
        unknown_rats = [r for r in Rat if view.has_rat(r) and self.facts.bands[r] is None]
        if ev.status_reason == "device-bands-unknown" and not unknown_rats:
            undecided = sorted({d.band.id for d in view.deployments if ev.usable[d.index] is None})
            out.append(
                _reason(
                    "device-bands-unknown",
                    f"cannot tell whether {self.variant.name} can use {'/'.join(undecided)}: "
                    "the deployment was inferred from coarse data and the variant has only some of its candidate bands",
                    bands=undecided,
                )
            )
        for rat in unknown_rats:
            out.append(
                _reason(
                    "device-bands-unknown",
                    f"{rat.label} bands of {self.variant.name} are not in the catalog",
                    rat=rat.value,
                )
            )
        if ev.status_reason == "no-common-band":
            out.append(
                _reason(
                    "no-common-band",
                    f"{self.variant.name} supports none of {self.net_name}'s live bands",
                )
            )
        if ev.status_reason == "legacy-only":
            out.append(
                _reason(
                    "legacy-only", f"only {self.net_name}'s 2G/3G networks are usable; no 4G/5G"
                )
            )
        if ev.status_reason == "activation-refused":
            out.append(
                _reason(
                    "activation-refused",
                    f"{self.net_name} refuses to activate devices without VoLTE",
                )
            )
        out.extend(self._coverage_reasons())
        out.extend(self._nr_reasons())
        out.extend(self._voice_reasons())
        out.extend(self._admission_reasons())
        out.extend(self._mfbi_reasons())
        out.extend(self._sunset_reasons())
        out.extend(self._market_reasons())
        return out

    def _coverage_reasons(self) -> list[Reason]:
        out = []
        groups = list(zip(self.view.groups, self.ev.groups, strict=True))
        coverage = [(g, s) for g, s in groups if g.layer is Layer.COVERAGE]
        if self.ev.status_reason == "low-radio-score":
            out.append(
                _reason(
                    "low-radio-score",
                    f"{self.variant.name} can use only {self.ev.score:.0%} of {self.net_name}'s weighted network",
                    score=round(self.ev.score, 4),
                )
            )
        if (
            coverage
            and all(s is False for _g, s in coverage)
            and self.ev.status not in (Status.NO_SERVICE, Status.UNKNOWN)
        ):
            out.append(
                _reason(
                    "no-coverage-layer",
                    f"none of {self.net_name}'s low-band coverage layers ({', '.join('/'.join(g.bands) for g, _s in coverage)}) is supported",
                )
            )
        for m in self.missing():
            code = _MISSING_CODE[Layer(m.layer)]
            if code == "coverage-layer-missing" and any(r.code == "no-coverage-layer" for r in out):
                continue
            out.append(_reason(code, m.message, bands=list(m.bands), cost=round(m.cost, 4)))
        for d in self.view.deployments:
            if (
                d.is_supplemental
                and self.ev.raw[d.index] is True
                and self.ev.usable[d.index] is False
                and d.rat is not Rat.NR
            ):
                out.append(
                    _reason(
                        "supplemental-needs-anchor",
                        f"{d.band.id} is supplemental downlink and needs an anchor band",
                    )
                )
        return out

    def _nr_reasons(self) -> list[Reason]:
        ev, view = self.ev, self.view
        nr = [d for d in view.deployments if d.rat is Rat.NR]
        if not nr or ev.nr_usable or not any(ev.raw[d.index] for d in nr):
            return []
        standalone_only = not view.has_rat(Rat.LTE)
        if standalone_only and self.facts.sa is not True:
            return [
                _reason(
                    "nr-sa-required",
                    f"{self.net_name}'s 5G is standalone and {self.variant.name} is not known to support SA",
                )
            ]
        if ev.sa_blocked_by_policy and self.facts.sa is True:
            return [
                _reason(
                    "nr-sa-certification",
                    f"{self.net_name}'s standalone 5G is limited to certified devices",
                )
            ]
        if self.facts.nsa is False:
            if view.sa_live:
                return [
                    _reason(
                        "nr-sa-required",
                        f"{self.variant.name} supports SA only and cannot use {self.net_name}'s 5G here",
                    )
                ]
            return [
                _reason(
                    "nr-nsa-unsupported",
                    f"{self.net_name}'s 5G is non-standalone and {self.variant.name} supports SA only",
                )
            ]
        return [
            _reason(
                "nr-needs-lte-anchor",
                "5G NSA needs an LTE anchor band this variant lacks on " + self.net_name,
            )
        ]

    def _voice_unknown_cause(self) -> str:
        """Why voice is unknown: the specific missing fact, not always VoLTE."""
        ev, view, facts = self.ev, self.view, self.facts
        lte_unknown = not ev.lte_anchor and any(
            ev.raw[d.index] is None
            for d in view.deployments
            if d.rat is Rat.LTE and not d.is_supplemental
        )
        legacy = (Rat.GSM, Rat.UMTS, Rat.CDMA)
        cs_unknown = any(ev.raw[d.index] is None for d in view.deployments if d.rat in legacy)
        if lte_unknown:
            if facts.bands[Rat.LTE] is None:
                return "this variant's LTE bands are not in the catalog"
            return f"whether it can use {self.net_name}'s inferred LTE carriers cannot be told"
        if ev.lte_anchor and view.lte_voice == "unknown":
            return f"whether {self.net_name} offers VoLTE is not in the data"
        if ev.lte_anchor and facts.volte is None:
            return "this variant's VoLTE support is not in the catalog"
        if cs_unknown:
            if any(facts.bands[r] is None for r in legacy if view.has_rat(r)):
                return "this variant's 2G/3G bands are not in the catalog"
            return f"whether it can use {self.net_name}'s inferred 2G/3G carriers cannot be told"
        return "this variant's VoNR support or 5G bands are not in the catalog"

    def _voice_reasons(self) -> list[Reason]:
        ev = self.ev
        out = []
        if ev.voice_status == "ok":
            code = {"volte": "voice-volte", "vonr": "voice-vonr", "cs": "voice-legacy"}[
                ev.voice_via or "volte"
            ]
            out.append(_reason(code, self.voice().note))
        elif ev.voice_status == "none" and ev.status not in (Status.NO_SERVICE, Status.UNKNOWN):
            out.append(
                _reason("voice-none", f"no way to make calls on {self.net_name} on {self.day}")
            )
        elif ev.voice_status == "unknown":
            out.append(
                _reason(
                    "voice-unknown",
                    "whether calls work cannot be told: " + self._voice_unknown_cause(),
                )
            )
        if self.facts.volte is False and ev.voice_via != "volte":
            out.append(
                _reason("volte-not-supported", f"{self.variant.name} does not support VoLTE")
            )
        if self.view.lte_voice == "unknown" and self.view.has_rat(Rat.LTE):
            out.append(
                _reason(
                    "operator-volte-unknown",
                    f"whether {self.net_name} offers VoLTE is not in the data",
                )
            )
        if ev.volte_path == "unverified":
            out.append(
                _reason(
                    "volte-whitelist-unverified",
                    f"{self.net_name} enables VoLTE only for whitelisted devices; this variant is not documented as whitelisted",
                )
            )
        return out

    def _admission_reasons(self) -> list[Reason]:
        ev = self.ev
        certified = not self.facts.certified.isdisjoint(self.choice.certified_ids)
        out = []
        if certified:
            out.append(
                _reason(
                    "certified",
                    f"documented as certified on {', '.join(sorted(self.facts.certified & self.choice.certified_ids))}",
                )
            )
        if ev.admission == "unverified":
            out.append(
                _reason(
                    "certification-unverified",
                    f"{self.net_name} certifies devices; this variant is not documented as certified",
                )
            )
        if ev.admission == "unknown":
            out.append(
                _reason(
                    "activation-unverified",
                    f"{self.net_name} refuses non-VoLTE devices and this variant's VoLTE support is unknown",
                )
            )
        return out

    def _mfbi_reasons(self) -> list[Reason]:
        out = []
        for d in self.view.deployments:
            if self.ev.usable[d.index] is not True:
                continue
            bands = self.facts.bands[d.rat] or frozenset()
            if d.band.id not in bands:
                via = sorted(b for b in bands if any(b in alt for alt in d.cls.alternatives))
                out.append(
                    _reason(
                        "via-multi-band-indicator",
                        f"{d.band.id} reached via {'/'.join(via)} (multi-band indicator)",
                        deployment=d.band.id,
                        via=via,
                    )
                )
        for d in self.view.deployments:
            if d.deployment.confidence is not Confidence.INFERRED:
                continue
            cands = list(d.deployment.candidates) or [d.band.id]
            state = self.ev.raw[d.index]
            if state is None and self.facts.bands[d.rat] is not None:
                have = sorted(set(cands) & set(self.facts.bands[d.rat] or ()))
                msg = f"{d.band.id} is inferred (could be {'/'.join(cands)}); this variant has only {'/'.join(have) or 'none of them'}, so it cannot be told"
            else:
                msg = f"{d.band.id} was inferred from coarse data" + (
                    f" (candidates {'/'.join(cands)})" if len(cands) > 1 else ""
                )
            out.append(_reason("inferred-deployment", msg, candidates=cands))
        return out

    def _sunset_reasons(self) -> list[Reason]:
        out = []
        for rat, state in self.view.rats.items():
            if state.status == "ended" and self.facts.bands[rat]:
                out.append(
                    _reason(
                        "network-sunset",
                        f"{self.net_name} switched off {rat.label} on {state.until}",
                        rat=rat.value,
                        until=str(state.until),
                    )
                )
            elif (
                state.status == "live"
                and state.until
                and self.ev.voice_via == "cs"
                and rat in (Rat.GSM, Rat.UMTS, Rat.CDMA)
                and any(
                    self.ev.usable[d.index] is True for d in self.view.deployments if d.rat is rat
                )
            ):
                out.append(
                    _reason(
                        "network-sunset-ahead",
                        f"{self.net_name} {rat.label} ends on {state.until}; calls on this variant depend on it",
                        rat=rat.value,
                        until=str(state.until),
                    )
                )
        return out

    def _market_reasons(self) -> list[Reason]:
        markets = self.variant.markets
        country = self.operator.country
        iso = [m for m in markets if len(m) == 2 and m.isupper()]
        if markets and len(iso) == len(markets) and country not in iso:
            return [
                _reason(
                    "market-mismatch",
                    f"{self.variant.name} is sold in {', '.join(iso)}, not {country}",
                )
            ]
        return []


def _band_key(band_id: str) -> tuple[str, int]:
    digits = "".join(ch for ch in band_id if ch.isdigit())
    return band_id.rstrip("0123456789"), int(digits or 0)


_SORTED: dict[frozenset[str], tuple[str, ...]] = {}


def _sorted_bands(bands: frozenset[str]) -> tuple[str, ...]:
    """Bands in natural order (B2 before B12), memoised: band sets repeat across verdicts."""
    found = _SORTED.get(bands)
    if found is None:
        if len(_SORTED) > 10_000:
            _SORTED.clear()
        found = _SORTED[bands] = tuple(sorted(bands, key=_band_key))
    return found


def check_country(
    variant: Variant,
    country: str,
    on: DateLike | None = None,
    *,
    catalog: Catalog | None = None,
    device: Device | None = None,
    include_mvnos: bool = True,
) -> list[Verdict]:
    """Every operator of ``country`` in service on ``on``, ranked best first for ``variant``."""
    cat = catalog or default_catalog()
    day = as_date(on)
    ops = [op for op in cat.operators_in(country, on=day) if include_mvnos or op.kind == "MNO"]
    verdicts = [check(variant, op, day, catalog=cat, device=device) for op in ops]
    return sorted(verdicts, key=lambda v: (*_rank(v.status, v.radio_score), v.operator_id))


def best_variants(
    operators: Operator | Iterable[Operator],
    on: DateLike | None = None,
    *,
    catalog: Catalog | None = None,
    limit: int = 20,
    include_unknown: bool = False,
) -> list[tuple[Device, Variant, Status, float]]:
    """The curated variants that fare best on ``operators`` (averaged), best first.

    Uses the numpy matrix, so ranking thousands of variants stays fast.
    """
    from bandfit.compat.matrix import evaluate_matrix

    cat = catalog or default_catalog()
    day = as_date(on)
    ops = [operators] if isinstance(operators, Operator) else list(operators)
    pairs = cat.variants()
    result = evaluate_matrix([v for _d, v in pairs], ops, day, catalog=cat)
    ranked = []
    for i, (dev, var) in enumerate(pairs):
        statuses = [result.status(i, j) for j in range(len(ops))]
        worst = max(statuses, key=lambda s: STATUS_ORDER[s])
        if worst is Status.UNKNOWN and not include_unknown:
            continue
        score = float(result.scores[i].mean()) if ops else 0.0
        ranked.append((dev, var, worst, score))
    ranked.sort(key=lambda t: (STATUS_ORDER[t[2]], -t[3], t[0].id, t[1].id))
    return ranked[:limit]


def describe_range(rng: FreqRange | None) -> str:
    """``"617–652 MHz"`` or ``"-"``."""
    return f"{format_mhz(rng.low_khz)}–{format_mhz(rng.high_khz)} MHz" if rng else "-"
