"""``check``: facts -> rules -> an explained :class:`Verdict`; plus the country and reverse views.

The flow for one (variant, operator, date):

1. If the operator is not operating on the date -> *no service*.
2. Pick the radio network to evaluate: its own; for an MVNO (or an operator with no live network
   of its own) each host in effect, keeping the best, with every host listed in the verdict.
3. Build the network view (live deployments, spectrum groups; cached per operator and date) and
   apply the rules in :mod:`bandfit.compat.rules`.
4. Render reasons, missing bands ranked by cost, per-RAT detail and the data stamp; a variant
   the catalog dates after the day gets a ``not-released`` note (the verdict is a what-if).

An incompatible phone is a result, not an exception: ``check`` raises only for bad arguments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from bandfit._types import DateLike, as_date
from bandfit.bands.model import FreqRange, format_mhz
from bandfit.catalog.load import Catalog, default_catalog
from bandfit.catalog.model import Device, Operator, Variant, first_release, released_by
from bandfit.compat.choice import NetworkChoice, _facts, _view, network_for
from bandfit.compat.explain import Explainer
from bandfit.compat.rules import evaluate
from bandfit.compat.verdict import (
    STATUS_ORDER,
    Admission,
    HostVerdict,
    Reason,
    Status,
    Verdict,
    Voice,
)
from bandfit.compat.verdict import make_reason as _reason

__all__ = ["NetworkChoice", "best_variants", "check", "check_country", "network_for"]


def _rank(status: Status, score: float) -> tuple[int, float]:
    return STATUS_ORDER[status], -score


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
    verdict = _check(variant, operator, day, cat, dev, stamp)
    released = _release_reason(dev, variant, day)
    if released is None:
        return verdict
    return replace(verdict, reasons=(*verdict.reasons, released))


def _release_reason(dev: Device, variant: Variant, day: dt.date) -> Reason | None:
    """An ``info`` reason when the catalog dates the variant after ``day``.

    Why: the band answer does not depend on the release date, so the verdict is still given
    (a what-if, or a date typed wrong), but every reader of it (CLI, API, web, fleet) must be
    able to see that nobody could have used this phone there on that day.
    """
    first = first_release(dev, variant)
    if first is None or first <= day:
        return None
    dated = variant.released or dev.released or dev.announced
    return _reason(
        "not-released",
        f"{dev.full_name} ({variant.name}) is dated {dated} in the catalog, after {day}: "
        "this verdict is a what-if",
        released=str(dated),
        first_day=first.isoformat(),
    )


def _check(
    variant: Variant,
    operator: Operator,
    day: dt.date,
    cat: Catalog,
    dev: Device,
    stamp: dict[str, object],
) -> Verdict:
    """:func:`check` on resolved arguments, before the release-date reason is added."""
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
    # every network weighed is listed: an operator's own network only when a host was weighed
    # against it (a hybrid such as Boost: its own 5G SA core and AT&T/T-Mobile), so the user
    # sees why the verdict came from a host
    host_rows = [
        HostVerdict(c.network.id, c.role, e.status, e.score, i == best_index)
        for i, (c, _v, e) in enumerate(results)
        if c.role != "own" or len(results) > 1
    ]
    for c in shown:
        v = _view(cat, c.network, day)
        e = evaluate(v, facts, certified_ids=c.certified_ids, policies=c.policies)
        host_rows.append(HostVerdict(c.network.id, c.role, e.status, e.score, False))
    stamp["network_as_of"] = choice.network.as_of.isoformat()
    builder = Explainer(cat.registry, dev, variant, operator, choice, view, facts, ev, day)
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
    """The device a variant belongs to (identity index; equal copies are found by value)."""
    found = catalog.device_of_variant(variant)
    if found is not None:
        return found
    return Device.for_variant(variant)


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

    Variants the catalog dates after ``on`` (:func:`~bandfit.catalog.model.released_by`) are left
    out: "the best phones on Verizon in 2010" cannot be phones that came out in 2019 (the
    planner's closest variants follow the same rule). Undated variants are kept.
    Uses the numpy matrix, so ranking thousands of variants stays fast.
    """
    from bandfit.compat.matrix import evaluate_matrix

    cat = catalog or default_catalog()
    day = as_date(on)
    ops = [operators] if isinstance(operators, Operator) else list(operators)
    pairs = [(d, v) for d, v in cat.variants() if released_by(d, v, day)]
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
