"""Properties of the engine, checked with Hypothesis on random catalogs and on real data.

1. **matrix == check**: ``evaluate_matrix`` gives exactly ``check``'s status and radio score for
   every (variant, operator) pair of random catalogs, on several dates (scores compared with ``==``:
   both divide the same integers).
2. **More bands never lower the radio score** of a variant on one radio network: coverage is
   monotone in the band set (a deployment covered stays covered; an inferred deployment only moves
   False -> unknown -> True), and so are the LTE anchor and 5G gates built on it. For an operator
   evaluated on *several* networks (MVNO/hybrid hosts) the verdict picks the best network by status
   first, so the verdict's score is *not* monotone: see ``test_more_bands_can_pick_a_host_with_a_lower_score``.
3. **Sunsets never add service.** What is monotone in the date, precisely: between two dates
   d1 < d2 such that nothing *starts* in (d1, d2] — no deployment/network ``since`` (an NR
   deployment or network without one starts on ``NR_COMMERCIAL_START``, 2018-12-01), no
   ``voice_since``/``sa_since``, no policy or host agreement starting or ending, no operator start —
   and the network's standalone state is the same on both days, the deployments a variant can use
   on d2 are a subset of those it can use on d1, and if calls work on d2 they work on d1.
   (Scores and statuses are *not* monotone: a sunset also removes deployments the phone could not
   use, which raises its score, and can split a spectrum group.) The standalone condition is
   needed because an operator whose LTE deployments all end becomes NR-only, which the engine
   treats as standalone 5G — an SA phone can gain 5G when LTE is switched off, as in reality.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from _compat_builders import catalog_with, dep, host, net, operator, policy, variant
from _compat_scenarios import Scenario, scenarios
from _compat_strategies import EVAL_DATES, POOL, REGISTRY, catalogs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bandfit.bands.model import Rat
from bandfit.catalog import default_catalog
from bandfit.catalog.load import Catalog
from bandfit.catalog.model import Operator, Variant
from bandfit.compat import Status, check
from bandfit.compat.choice import network_for
from bandfit.compat.matrix import MatrixResult, evaluate_matrix
from bandfit.compat.network import NR_COMMERCIAL_START, network_view, policies_on
from bandfit.compat.rules import Evaluation, evaluate, variant_facts
from bandfit.testing import tiny_catalog

SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# ------------------------------------------------------------------------------ matrix == check
def assert_matrix_equals_check(
    cat: Catalog, variants: list[Variant], ops: list[Operator], on: dt.date
) -> None:
    result = evaluate_matrix(variants, ops, on, catalog=cat)
    for i, var in enumerate(variants):
        for j, op in enumerate(ops):
            v = check(var, op, on, catalog=cat)
            got = (result.status(i, j), float(result.scores[i, j]))
            assert got == (v.status, v.radio_score), (var.id, op.id, on, v.codes)


@settings(SETTINGS, max_examples=100)
@given(
    cat=catalogs(), days=st.lists(st.sampled_from(EVAL_DATES), min_size=2, max_size=3, unique=True)
)
def test_matrix_equals_check_on_random_catalogs(cat: Catalog, days: list[dt.date]) -> None:
    variants = [v for _d, v in cat.variants()]
    ops = list(cat.operators.values())
    for day in days:
        assert_matrix_equals_check(cat, variants, ops, day)
    # the first day again: cached column plan and variant facts (sliced per block)
    assert_matrix_equals_check(cat, variants, ops, days[0])


@pytest.mark.parametrize("scenario", scenarios(), ids=lambda sc: sc.name)
def test_matrix_equals_check_on_every_rule_scenario(scenario: Scenario) -> None:
    # Hand-built edge cases (exact 0.9 / 0.5 thresholds, gates, policies, hosts) that random
    # catalogs reach only by luck.
    cat = scenario.catalog
    variants = [scenario.variant, *(v for _d, v in cat.variants())]
    assert_matrix_equals_check(
        cat, variants, [scenario.operator, *cat.operators.values()], scenario.on
    )


def test_matrix_equals_check_on_the_fixture_catalog() -> None:
    cat = tiny_catalog()
    variants = [v for _d, v in cat.variants()]
    for day in EVAL_DATES:
        assert_matrix_equals_check(cat, variants, list(cat.operators.values()), day)


@pytest.mark.shipped_data
@pytest.mark.parametrize("day", [dt.date(2019, 6, 1), dt.date(2026, 11, 21)])
def test_matrix_equals_check_on_shipped_data_sample(day: dt.date) -> None:
    cat = default_catalog()
    variants = [v for _d, v in cat.variants()][::15]  # ~70 variants of every brand
    ops = [o for o in cat.operators.values() if o.country in ("US", "GB", "DE", "JP", "IN", "BR")]
    assert_matrix_equals_check(cat, variants, ops, day)


@pytest.mark.shipped_data
def test_matrix_blocks_threads_and_warm_plans_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    # Small blocks mix variants with and without unknown classes, and two threads write
    # disjoint rows at once; the answers must not depend on either, nor on a cached plan.
    from bandfit.compat import matrix

    cat = default_catalog()
    variants = [v for _d, v in cat.variants()]
    ops = list(cat.operators.values())
    day = dt.date(2026, 11, 21)
    whole = evaluate_matrix(variants, ops, day, catalog=cat, threads=1)
    monkeypatch.setattr(matrix, "_BLOCK_ROWS", 37)
    for threads in (1, 2):
        got = evaluate_matrix(variants, ops, day, catalog=cat, threads=threads)
        assert (got.codes == whole.codes).all()
        assert (got.scores == whole.scores).all()
    sample = [(i, j) for i in range(0, len(variants), 41) for j in range(0, len(ops), 7)]
    for i, j in sample:
        v = check(variants[i], ops[j], day, catalog=cat)
        assert (got.status(i, j), float(got.scores[i, j])) == (v.status, v.radio_score)


def _same(result: MatrixResult, codes: Any, scores: Any) -> bool:
    return bool((result.codes == codes).all() and (result.scores == scores).all())


def test_matrix_reuses_variant_facts_only_for_the_same_variants() -> None:
    # The stacked variant facts (and, after a complete call, their per-signature facts) are
    # cached for the last variant list of a catalog; another order, a list changed in place
    # after the call, or a subset must not see the cached rows.
    cat = tiny_catalog()
    variants = [v for _d, v in cat.variants()]
    ops = list(cat.operators.values())
    day = dt.date(2026, 11, 21)
    first = evaluate_matrix(variants, ops, day, catalog=cat)
    again = evaluate_matrix(variants, ops, day, catalog=cat)  # cached facts, sliced per block
    assert _same(again, first.codes, first.scores)
    assert_matrix_equals_check(cat, variants, ops, day)
    rev = evaluate_matrix(variants[::-1], ops, day, catalog=cat)
    assert _same(rev, first.codes[::-1], first.scores[::-1])
    dropped = variants.pop(0)
    assert dropped is not variants[0]
    shorter = evaluate_matrix(variants, ops, day, catalog=cat)
    assert _same(shorter, first.codes[1:], first.scores[1:])
    assert_matrix_equals_check(cat, variants, ops, day)


@pytest.mark.shipped_data
def test_matrix_lookup_table_equals_direct_rules() -> None:
    # The all-known pass reads statuses from a table filled by _rules over every combination
    # of its inputs; on random inputs the table lookup must equal evaluating _rules directly.
    import numpy as np

    from bandfit.compat import matrix

    cat = default_catalog()
    ops = list(cat.operators.values())
    cp, _per_op, _fixed = matrix._column_plan(cat, ops, dt.date(2026, 11, 21), frozenset())
    assert cp is not None
    rng = np.random.default_rng(7)
    n_r, n_c = 300, len(cp.cols.col_key)
    bits = [rng.random((n_r, n_c)) < p for p in (0.7, 0.3, 0.5, 0.8, 0.4, 0.6, 0.1, 0.9)]
    vol = rng.integers(-1, 2, size=(n_r, 1)).astype(np.int8)
    vnr = rng.integers(-1, 2, size=(n_r, 1)).astype(np.int8)
    sa = rng.integers(-1, 2, size=(n_r, 1)).astype(np.int8)
    nsa = rng.random((n_r, 1)) < 0.5
    state = (((vol + 1) * 3 + (vnr + 1)) * 3 + (sa + 1)) * 2 + nsa
    key = state.astype(np.int32) * (cp.n_flag_combos * 256) + cp.cols.col_key
    for k, bit in enumerate(bits):
        key = key + bit.astype(np.int32) * (1 << k)
    f = cp.cols.flags
    not_cert = ~bits[6]
    facts = matrix._PairFacts(
        lte_anchor=bits[0],
        cs_ok=bits[1],
        nr_usable=matrix._nr_usable(sa, nsa, bits[0], f, not_cert),
        nr_any=bits[2],
        any_true=bits[3],
        works=bits[4],
        gaps=bits[5],
        primary_known=bits[7],
        not_cert=not_cert,
        vol=vol,
        vnr=vnr,
    )
    direct = matrix._rules(facts, f, None)
    assert (cp.lut.take(key) == direct).all()


def test_matrix_handles_empty_inputs() -> None:
    cat = tiny_catalog()
    r = evaluate_matrix([], list(cat.operators.values()), "2024-01-01", catalog=cat)
    assert r.codes.shape == (0, len(cat.operators))
    r = evaluate_matrix([v for _d, v in cat.variants()], [], "2024-01-01", catalog=cat)
    assert r.scores.shape == (5, 0)


# ------------------------------------------------------------------------------ more bands
def _evaluations(cat: Catalog, var: Variant, op: Operator, day: dt.date) -> list[Evaluation]:
    choices, _shown = network_for(op, day, cat)
    facts = variant_facts(var)
    return [
        evaluate(
            network_view(c.network, day, cat.registry),
            facts,
            certified_ids=c.certified_ids,
            policies=c.policies,
        )
        for c in choices
    ]


def _with_band(var: Variant, band: str) -> Variant | None:
    rat = next(r for r, bands in POOL.items() if band in bands)
    current = var.bands.of(rat)
    if current is None or band in current:
        return None
    return var.model_copy(
        update={"bands": var.bands.model_copy(update={rat.value: (*current, band)})}
    )


@SETTINGS
@given(cat=catalogs(max_variants=3), day=st.sampled_from(EVAL_DATES), data=st.data())
def test_adding_a_band_never_lowers_the_radio_score(
    cat: Catalog, day: dt.date, data: st.DataObject
) -> None:
    band = data.draw(st.sampled_from([b for bands in POOL.values() for b in bands]))
    for _dev, var in cat.variants():
        more = _with_band(var, band)
        if more is None:
            continue
        for op in cat.operators.values():
            if not op.live_on(day):
                continue
            before, after = _evaluations(cat, var, op, day), _evaluations(cat, more, op, day)
            for b, a in zip(before, after, strict=True):
                # per network: score and the surely-usable deployments only grow
                assert a.score >= b.score
                assert a.covered_points >= b.covered_points
                assert {i for i, u in enumerate(b.usable) if u is True} <= {
                    i for i, u in enumerate(a.usable) if u is True
                }
                assert b.voice_status != "ok" or a.voice_status == "ok"
            if len(before) == 1:  # one network evaluated: the verdict's score is that network's
                assert (
                    check(more, op, day, catalog=cat).radio_score
                    >= check(var, op, day, catalog=cat).radio_score
                )


def test_matrix_shares_host_columns_but_not_certifications() -> None:
    # Two MVNOs of one certifying host reach the same network under the same policies, so the
    # matrix evaluates them on one shared column — unless a variant is certified by one of
    # them: then that MVNO's column must stay its own (certified "works", the others capped).
    host_op = operator(
        "xc/h",
        [dep("B20", "coverage"), dep("B3")],
        networks=[net("lte", voice="volte")],
        policies=[policy("device-certification")],
    )
    mv1 = operator("xc/m1", kind="MVNO", hosts=[host("xc/h")])
    mv2 = operator("xc/m2", kind="MVNO", hosts=[host("xc/h")])
    cat = catalog_with(host_op, mv1, mv2)
    plain = variant("plain", lte=("B20", "B3"))
    certified = variant("cert", lte=("B20", "B3"), certified_on=("xc/m1",))
    ops = [host_op, mv1, mv2]
    day = dt.date(2024, 1, 1)
    assert_matrix_equals_check(cat, [plain, certified], ops, day)
    result = evaluate_matrix([plain, certified], ops, day, catalog=cat)
    assert [result.status(1, j) for j in range(3)] == [
        Status.WORKS_WITH_GAPS,
        Status.WORKS,
        Status.WORKS_WITH_GAPS,
    ]
    shared = evaluate_matrix([plain], ops, day, catalog=cat)
    assert [result.status(0, j) for j in range(3)] == [shared.status(0, j) for j in range(3)]


def test_more_bands_can_pick_a_host_with_a_lower_score() -> None:
    """Documented exception to (2): a verdict over several networks ranks by status first.

    An MVNO on hosts A (LTE B3+B7+B1, no legacy, no VoLTE offered) and B (LTE B8 and B20 plus a
    GSM900 layer, no VoLTE offered). B8 contains GSM900 (cross-RAT containment), so B has two
    groups: B8/GSM900 (300) and B20 (300), total 600.

    A non-VoLTE phone with B1/B3/B7/B8 (no 2G) gets "limited" (no voice) on both: A has the
    higher score (300 + 100 + 100 of 500 = 1.0) and is used. Add GSM900: B's score does not move
    (300/600 = 0.5: the 900 MHz group was already usable via B8), but B now carries calls over
    2G, so B is "works with gaps" (a coverage group is usable), which outranks A's "limited"
    although B's score is lower — the verdict's score drops from 1.0 to 0.5.
    """
    a = operator(
        "xc/a", [dep("B3", "coverage"), dep("B7"), dep("B1")], networks=[net("lte", voice="none")]
    )
    b = operator(
        "xc/b",
        [dep("B8", "coverage"), dep("GSM900", "coverage"), dep("B20", "coverage")],
        networks=[net("lte", voice="none")],
    )
    mvno = operator("xc/mv", kind="MVNO", hosts=[host("xc/a"), host("xc/b")])
    cat = catalog_with(a, b, mvno)
    lean = variant(lte=("B1", "B3", "B7", "B8"), gsm=(), volte=False)
    rich = variant(lte=("B1", "B3", "B7", "B8"), gsm=("GSM900",), volte=False)
    v1, v2 = (
        check(lean, mvno, "2024-01-01", catalog=cat),
        check(rich, mvno, "2024-01-01", catalog=cat),
    )
    assert (v1.network_id, v1.status, v1.radio_score) == ("xc/a", Status.LIMITED, 1.0)
    assert (v2.network_id, v2.status) == ("xc/b", Status.WORKS_WITH_GAPS)
    assert (v2.voice.status, v2.voice.via) == ("ok", "cs")
    assert v2.radio_score == 300 / 600 < v1.radio_score
    # Per network nothing dropped: on B the lean phone already scored 300/600 ("limited").
    assert [(h.operator_id, h.status, h.radio_score) for h in v1.hosts] == [
        ("xc/a", Status.LIMITED, 1.0),
        ("xc/b", Status.LIMITED, 300 / 600),
    ]


def test_adding_a_candidate_band_can_cap_works() -> None:
    """Documented non-monotone *status*: an inferred capacity deployment (B12 or B13) is surely
    unusable for a phone with neither band, so a phone at score >= 0.9 "works"; give it B12 and
    the deployment becomes *unknown*, which caps "works" at "works with gaps" (score unchanged)."""
    op = operator(
        "xc/inf",
        [
            dep("B8", "coverage", weight=10.0),
            dep("B12", "capacity", confidence="inferred", candidates=["B12", "B13"]),
        ],
        networks=[net("lte", voice="volte")],
    )
    cat = catalog_with(op)
    without = check(variant(lte=("B8",)), op, "2024-01-01", catalog=cat)
    with_b12 = check(variant(lte=("B8", "B12")), op, "2024-01-01", catalog=cat)
    assert without.radio_score == with_b12.radio_score == 1000 / 1100
    assert (without.status, with_b12.status) == (Status.WORKS, Status.WORKS_WITH_GAPS)


# ------------------------------------------------------------------------------ sunsets
def start_events(op: Operator) -> set[dt.date]:
    """Dates on which something can *become* available (or a policy/host changes).

    An NR deployment or NR network record without ``since`` starts implicitly on
    ``NR_COMMERCIAL_START`` (no 5G before the first commercial launch), so that date counts too.
    """
    events: set[dt.date] = set()
    for d in op.deployments:
        events |= {d.since} - {None}
        if d.since is None and REGISTRY.get(d.band).rat is Rat.NR:
            events.add(NR_COMMERCIAL_START)
    for n in op.networks:
        events |= {n.since, n.voice_since, n.sa_since} - {None}
        if n.since is None and n.rat is Rat.NR:
            events.add(NR_COMMERCIAL_START)
    for p in op.policies:
        events |= {p.since, p.until} - {None}
    for h in op.hosts:
        events |= {h.since, h.until} - {None}
    events |= {op.since} - {None}
    return events


def quiet(op: Operator, d1: dt.date, d2: dt.date) -> bool:
    return not any(d1 < e <= d2 for e in start_events(op))


def own_usable(
    op: Operator, var: Variant, day: dt.date, cat: Catalog
) -> tuple[set[int], Evaluation, bool]:
    view = network_view(op, day, cat.registry)
    ev = evaluate(
        view, variant_facts(var), certified_ids=frozenset({op.id}), policies=policies_on(op, day)
    )
    return (
        {id(d.deployment) for d in view.deployments if ev.usable[d.index] is True},
        ev,
        view.sa_live,
    )


def assert_sunset_monotone(
    op: Operator, var: Variant, d1: dt.date, d2: dt.date, cat: Catalog
) -> bool:
    """Check the property for one pair of dates; return False when the window does not qualify."""
    if not (d1 < d2 and quiet(op, d1, d2) and op.kind == "MNO"):
        return False
    live1 = {id(d.deployment) for d in network_view(op, d1, cat.registry).deployments}
    live2 = {id(d.deployment) for d in network_view(op, d2, cat.registry).deployments}
    assert live2 <= live1
    use1, ev1, sa1 = own_usable(op, var, d1, cat)
    use2, ev2, sa2 = own_usable(op, var, d2, cat)
    if sa1 != sa2:
        return False
    assert use2 <= use1, (op.id, var.id, d1, d2)
    assert ev2.voice_status != "ok" or ev1.voice_status == "ok", (op.id, var.id, d1, d2)
    if ev2.voice_via == "cs":
        assert ev1.voice_status == "ok"
    return True


@SETTINGS
@given(
    cat=catalogs(max_mvnos=0, max_variants=4),
    days=st.lists(st.sampled_from(EVAL_DATES), min_size=2, max_size=2, unique=True),
)
def test_sunsets_never_add_service_on_random_catalogs(cat: Catalog, days: list[dt.date]) -> None:
    d1, d2 = sorted(days)
    for op in cat.operators.values():
        for _dev, var in cat.variants():
            assert_sunset_monotone(op, var, d1, d2, cat)


def _sunset_windows(op: Operator) -> list[tuple[dt.date, dt.date]]:
    ends = {d.until for d in op.deployments if d.until} | {n.until for n in op.networks if n.until}
    return (
        [(u - dt.timedelta(days=1), u) for u in sorted(ends)]
        + [(min(ends) - dt.timedelta(days=1), max(ends))]
        if ends
        else []
    )


def test_sunsets_never_add_service_on_the_fixture_catalog() -> None:
    cat = tiny_catalog()
    checked = 0
    for op in cat.operators.values():
        for d1, d2 in _sunset_windows(op):
            for _dev, var in cat.variants():
                checked += assert_sunset_monotone(op, var, d1, d2, cat)
    assert checked >= 5  # alpha's 3G (2021) and 2G (2030) sunsets at least


@pytest.mark.shipped_data
def test_sunsets_never_add_service_on_shipped_operators() -> None:
    cat = default_catalog()
    variants = [v for _d, v in cat.variants()][::40]
    checked = 0
    for op in cat.operators.values():
        if op.kind != "MNO":
            continue
        for d1, d2 in _sunset_windows(op):
            for var in variants:
                checked += assert_sunset_monotone(op, var, d1, d2, cat)
    assert checked > 1000


@pytest.mark.shipped_data
def test_att_3g_sunset_removes_umts_for_every_variant() -> None:
    # Concretely: on 2022-02-22 no variant uses an AT&T UMTS deployment any more, and every variant
    # that called over 3G the day before either calls over VoLTE or has no/unknown voice.
    cat = default_catalog()
    att = cat.operator("us/att")
    before, after = dt.date(2022, 2, 21), dt.date(2022, 2, 22)
    for _dev, var in cat.variants():
        v1, v2 = check(var, att, before, catalog=cat), check(var, att, after, catalog=cat)
        umts = next((r for r in v2.per_rat if r.rat == Rat.UMTS.value), None)
        assert umts is None or (umts.network == "ended" and umts.used_bands == ())
        if v1.voice.via == "cs":
            assert v2.voice.via in ("volte", None)
