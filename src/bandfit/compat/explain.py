"""Explanations: reasons, missing bands ranked by cost, per-RAT detail and voice/admission notes.

Why separate from the engine: deciding (``rules``) and explaining are different jobs. The engine
picks the network and evaluates the rules; this module turns one :class:`Evaluation` into the
words and evidence a person reads, so wording can change without touching a decision.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, replace

from bandfit.bands.model import Rat
from bandfit.bands.registry import BandRegistry
from bandfit.catalog.model import Confidence, Device, Layer, Operator, PolicyRule, Variant
from bandfit.compat.choice import NetworkChoice
from bandfit.compat.network import NetworkView, policies_on
from bandfit.compat.rules import Evaluation, VariantFacts
from bandfit.compat.verdict import (
    Admission,
    HostVerdict,
    MissingBand,
    RatDetail,
    Reason,
    Status,
    Voice,
)
from bandfit.compat.verdict import make_reason as _reason

__all__ = ["Explainer", "nominal_label"]

_LAYER_LOSS = {
    Layer.COVERAGE: "weak indoors and rural",
    Layer.CAPACITY: "slower where the network is busy",
    Layer.BOOST: "no mmWave hotspot speeds",
    Layer.SUPPLEMENTAL: "less download capacity",
}
# A layer the variant reaches only in part (through another band at the same frequency).
_PARTLY_LOSS = {Layer.COVERAGE: "weaker indoors and rural"}
_WHAT = {
    Layer.COVERAGE: "no {net} {freq}",
    Layer.CAPACITY: "no {net} {freq} capacity",
    Layer.BOOST: "no {net} mmWave {freq}",
    Layer.SUPPLEMENTAL: "no {net} {freq} supplemental downlink",
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
class Explainer:
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
        entries = self._missing_entries()
        states = self.ev.groups
        out = [
            self._partly_served(i, entries[i]) for i, state in enumerate(states) if state is False
        ]
        return tuple(sorted(out, key=lambda m: (-m.cost, m.bands)))

    def _partly_served(self, index: int, entry: MissingBand) -> MissingBand:
        """Say so when the variant reaches the same frequency through another of the network's bands.

        Why: AT&T's 700 MHz is B12/B17 *and* B14; a phone with B12/B17 and no B14 would be told
        "no AT&T 700 MHz", which is false — it lacks one 700 MHz block, not the frequency.
        Another band counts when it is usable, in the same layer and RAT, at the same marketing
        frequency in this country.
        """
        groups, states = self.view.groups, self.ev.groups
        labels, rats = self._group_labels()
        others = [
            "/".join(g.bands)
            for j, g in enumerate(groups)
            if j != index
            and states[j] is True
            and g.layer is groups[index].layer
            and labels[j] == labels[index]
            and rats[j] & rats[index]
        ]
        if not others:
            return entry
        layer = groups[index].layer
        what = _WHAT[layer].format(net=self.net_name, freq=labels[index])
        partly = what.removeprefix("no ") + f" through {', '.join(others)} only"
        return replace(
            entry,
            message=f"no {entry.label}: {partly} — {_PARTLY_LOSS.get(layer, _LAYER_LOSS[layer])}",
        )

    def _group_labels(self) -> tuple[tuple[str, ...], tuple[frozenset[Rat], ...]]:
        """Per group of the view: its marketing frequency here and its RATs (memoised)."""
        key = ("group-labels", self.choice.network.country)
        cached = self.view.memo.get(key)
        if cached is None:
            country = self.choice.network.country
            labels = tuple(
                nominal_label(self.registry, g.bands[0], country) for g in self.view.groups
            )
            rats = tuple(
                frozenset(self.registry.get(b).rat for b in g.bands) for g in self.view.groups
            )
            cached = self.view.memo[key] = (labels, rats)
        assert isinstance(cached, tuple)
        return cached

    def _missing_entries(self) -> tuple[MissingBand, ...]:
        """One MissingBand per group of the view: they depend only on the network, so memoised."""
        key = ("missing", self.choice.network.country)
        cached = self.view.memo.get(key)
        if cached is None:
            total = self.view.total_points or 1
            entries = []
            for group in self.view.groups:
                freq = nominal_label(self.registry, group.bands[0], self.choice.network.country)
                what = _WHAT[group.layer].format(net=self.net_name, freq=freq)
                dl = (group.dl.low_khz / 1000, group.dl.high_khz / 1000) if group.dl else None
                entries.append(
                    MissingBand(
                        group.bands,
                        group.layer.value,
                        group.points / total,
                        f"no {'/'.join(group.bands)}: {what} — {_LAYER_LOSS[group.layer]}",
                        dl,
                    )
                )
            cached = self.view.memo[key] = tuple(entries)
        assert isinstance(cached, tuple)
        return cached

    def per_rat(self) -> tuple[RatDetail, ...]:
        by_rat = self._by_rat()
        usable, deps_all = self.ev.usable, self.view.deployments
        out = []
        for rat in Rat:
            indexes = by_rat.get(rat)
            if indexes is None:
                continue
            state = self.view.rats.get(rat)
            used = tuple(dict.fromkeys(deps_all[i].band.id for i in indexes if usable[i] is True))
            missing = tuple(
                dict.fromkeys(deps_all[i].band.id for i in indexes if usable[i] is False)
            )
            bands = self.facts.bands[rat]
            out.append(
                RatDetail(
                    rat.value,
                    rat.generation,
                    state.status if state else ("live" if indexes else "none"),
                    state.until if state else None,
                    len(indexes),
                    sum(1 for i in indexes if usable[i] is True),
                    _sorted_bands(bands) if bands is not None else None,
                    used,
                    missing,
                    self._rat_note(rat, indexes),
                )
            )
        return tuple(out)

    def _by_rat(self) -> dict[Rat, list[int]]:
        """Deployment indexes per RAT (every RAT with a network record or a deployment), memoised."""
        cached = self.view.memo.get("by_rat")
        if isinstance(cached, dict):
            return cached
        by_rat: dict[Rat, list[int]] = {rat: [] for rat in self.view.rats}
        for d in self.view.deployments:
            by_rat.setdefault(d.rat, []).append(d.index)
        self.view.memo["by_rat"] = by_rat
        return by_rat

    def _rat_note(self, rat: Rat, indexes: list[int]) -> str:
        state = self.view.rats.get(rat)
        if state and state.status == "ended":
            return f"switched off on {state.until}"
        if state and state.until and state.status == "live":
            return f"ends on {state.until}"
        if (
            rat is Rat.NR
            and indexes
            and not self.ev.nr_usable
            and any(self.ev.raw[i] for i in indexes)
        ):
            reason = (
                "needs an LTE anchor (NSA)" if not self.ev.lte_anchor else "standalone 5G required"
            )
            return "5G bands supported but unusable: " + reason
        return ""

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
                    f"{rat.label} bands of the {self.variant.name!r} variant are not in the catalog",
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
            # the rule may be the operator's own (an MVNO's) or its host's: name whose it is
            own = PolicyRule.SA_CERTIFIED_ONLY in policies_on(self.operator, self.day)
            whose = self.operator.name if own else self.net_name
            return [
                _reason(
                    "nr-sa-certification",
                    f"{whose} limits standalone 5G to certified devices",
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
