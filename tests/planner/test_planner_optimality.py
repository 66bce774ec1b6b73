"""The MILP is optimal (equals brute force for every band count) and scores exactly like ``check``."""

from __future__ import annotations

import random

import pytest
from _planner_cases import DAY, RandomCase, make_case

from bandfit.compat import check
from bandfit.planner import build_problem, plan, resolve_market, synthetic_variant
from bandfit.planner.heuristics import brute_force, greedy
from bandfit.planner.solve import build_milp

FAST_SEEDS = range(12)
SLOW_SEEDS = range(12, 80)


def _assert_milp_equals_brute_force(case: RandomCase) -> None:
    market = resolve_market(case.market, DAY, case.catalog)
    problem = build_problem(market, case.constraints, case.catalog)
    milp = build_milp(problem)
    oracle = brute_force(problem)
    start = len(problem.fixed)
    for k in range(start, len(problem.candidates) + 1):
        expected = oracle.best.get(k)
        got = milp.maximise(max_total=k)
        if expected is None:
            assert got is None, f"seed {case.seed} k={k}: brute force says infeasible"
            continue
        assert got is not None, (
            f"seed {case.seed} k={k}: MILP infeasible, brute force found {expected}"
        )
        assert got.objective == pytest.approx(expected[0], abs=1e-9), (
            f"seed {case.seed} k={k}: MILP {got.bands} {got.objective} != brute force {expected[2]} {expected[0]}"
        )
        assert problem.feasible(got.mask)
    full = milp.maximise()
    assert full is not None
    assert full.objective == pytest.approx(max(v[0] for v in oracle.best.values()), abs=1e-9)
    # The greedy heuristic never beats the optimum.
    steps = greedy(problem)
    if steps:
        assert steps[-1].objective <= full.objective + 1e-9


def _assert_mirror_equals_check(case: RandomCase, samples: int = 12) -> None:
    """Problem.covered (what the MILP models) == check's radio score, on random band sets."""
    market = resolve_market(case.market, DAY, case.catalog)
    problem = build_problem(market, case.constraints, case.catalog)
    rng = random.Random(case.seed)
    for _ in range(samples):
        mask = rng.getrandbits(len(problem.candidates))
        device, variant = synthetic_variant(
            problem.bands_of(mask), case.constraints, on=DAY, registry=case.catalog.registry
        )
        for net, score in zip(problem.nets, problem.scores(mask), strict=True):
            verdict = check(variant, net.share.network, DAY, catalog=case.catalog, device=device)
            assert score == verdict.radio_score, (
                case.seed,
                net.share.network.id,
                problem.bands_of(mask),
            )


@pytest.mark.parametrize("seed", FAST_SEEDS)
def test_milp_equals_brute_force(seed: int) -> None:
    _assert_milp_equals_brute_force(make_case(seed))


@pytest.mark.parametrize("seed", FAST_SEEDS)
def test_model_mirrors_check(seed: int) -> None:
    _assert_mirror_equals_check(make_case(seed))


@pytest.mark.slow
@pytest.mark.parametrize("seed", SLOW_SEEDS)
def test_milp_equals_brute_force_sweep(seed: int) -> None:
    case = make_case(seed)
    _assert_milp_equals_brute_force(case)
    _assert_mirror_equals_check(case, samples=6)


@pytest.mark.parametrize("seed", FAST_SEEDS)
def test_plan_verifies_against_check(seed: int) -> None:
    case = make_case(seed)
    result = plan(case.market, DAY, case.constraints, catalog=case.catalog, closest=0)
    assert all(n.agrees for n in result.networks)
    assert result.score == pytest.approx(sum(n.weight * n.score for n in result.networks))
    assert case.constraints.must <= set(result.band_ids)
    assert not case.constraints.forbid & set(result.band_ids)
    # The curve ends at the plan and never decreases.
    scores = [p.objective for p in result.curve]
    assert scores == sorted(scores)
    if result.curve:
        assert result.curve[-1].bands == result.band_ids


def test_brute_force_refuses_large_pools() -> None:
    from bandfit.catalog.load import default_catalog
    from bandfit.errors import InvalidInputError
    from bandfit.planner import Constraints
    from bandfit.planner.heuristics import MAX_POOL

    catalog = default_catalog()
    market = resolve_market("US", "2019-06-01", catalog)
    problem = build_problem(market, Constraints(), catalog)
    assert len(problem.candidates) > MAX_POOL
    with pytest.raises(InvalidInputError, match="too large"):
        brute_force(problem)
