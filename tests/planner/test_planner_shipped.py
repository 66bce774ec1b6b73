"""The planner on the real shipped catalog: plan == check, and the golden Xiaomi-enters-the-US story."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from bandfit.catalog.load import default_catalog
from bandfit.compat import check
from bandfit.errors import InfeasiblePlanError
from bandfit.planner import Constraints, build_problem, plan, resolve_market, upgrade_path
from bandfit.planner.solve import build_milp

US_2019 = dt.date(2019, 6, 1)
BIG_THREE = ["us/att", "us/verizon", "us/t-mobile"]


def test_us_plan_agrees_with_check() -> None:
    result = plan(BIG_THREE, US_2019)
    assert [n.operator_id for n in result.networks] == sorted(BIG_THREE)
    for n in result.networks:
        assert n.agrees, n
        verdict = check(
            result.variant,
            default_catalog().operators[n.operator_id],
            US_2019,
            device=result.device,
        )
        assert verdict.radio_score == n.score
    assert result.score == pytest.approx(1.0)
    # Every carrier's own low-band coverage layer is in the plan (via the band or a superset).
    assert {"B13", "B14", "B71"} <= set(result.band_ids)
    assert "B12" in result.band_ids or "B85" in result.band_ids
    assert result.proven_optimal


def test_synthetic_variant_is_a_catalog_variant() -> None:
    result = plan(BIG_THREE, US_2019, curve=False, marginals=False, closest=0)
    variant = result.variant
    assert variant.bands.lte is not None
    assert set(variant.bands.all_ids()) == set(result.band_ids)
    assert variant.voice.volte is True
    assert variant.nr_modes == ("nsa", "sa")
    assert variant.bands.cdma == ()  # known to be absent, not unknown
    assert variant.markets == ("US",)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("market", "on"),
    [
        ("US", "2019-06-01"),
        ("US", "2024-06-01"),
        (["US", "CA", "MX"], "2024-06-01"),
        ("GB", "2024-06-01"),
        ("DE", "2024-06-01"),
        ("JP", "2024-06-01"),
        ("IN", "2024-06-01"),
        ("BR", "2024-06-01"),
        ("CN", "2024-06-01"),
    ],
)
def test_real_markets_plan_agrees_with_check(market: str | list[str], on: str) -> None:
    result = plan(market, on, closest=0, curve=False, marginals=False)
    assert result.networks
    assert all(n.agrees for n in result.networks)


@pytest.mark.slow
@pytest.mark.parametrize("country", ["US", "GB", "JP", "FR", "AU"])
def test_real_model_mirrors_check_on_random_band_sets(country: str) -> None:
    """Problem.covered == check on random subsets of the real candidate bands."""
    from bandfit.planner import synthetic_variant
    from bandfit.planner.plan import own_network

    catalog = default_catalog()
    day = dt.date(2024, 6, 1)
    cons = Constraints(nr_modes=("nsa",))
    problem = build_problem(resolve_market(country, day, catalog), cons, catalog)
    rng = random.Random(country)
    for _ in range(15):
        mask = rng.getrandbits(len(problem.candidates))
        device, variant = synthetic_variant(
            problem.bands_of(mask), cons, on=day, registry=catalog.registry
        )
        for net, score in zip(problem.nets, problem.scores(mask), strict=True):
            assert (
                score
                == check(variant, own_network(net.share.network), day, device=device).radio_score
            )


def test_mvnos_add_weight_to_hosts() -> None:
    catalog = default_catalog()
    mnos = resolve_market("US", US_2019, catalog)
    everyone = resolve_market("US", US_2019, catalog, include_mvnos=True)
    assert {n.network.id for n in everyone.networks} == {n.network.id for n in mnos.networks}
    assert sum(n.weight for n in everyone.networks) == pytest.approx(1.0)
    att_share = everyone.network("us/att").weight
    assert att_share > mnos.network("us/att").weight  # Cricket, Consumer Cellular, FirstNet, ...
    assert "us/cricket" in everyone.network("us/att").via


def test_golden_xiaomi_mi8_upgrade_for_the_us_2019() -> None:
    """Xiaomi planning its 2019 US entry from the global Mi 8 (M1803E1A).

    What the data says on 2019-06-01 (see the spectrum groups of each carrier):
    * AT&T's 700 MHz coverage is B12/B17 (one spectrum group: MFBI) — the Mi 8 already has both;
      AT&T's other coverage layers are B5 (the Mi 8 has it) and B14 (FirstNet 700 PS, missing).
    * Verizon's 700 MHz coverage layer is B13 — missing; its 850 MHz (B5) the Mi 8 has.
    * T-Mobile's 600 MHz coverage layer B71/n71 — missing; its 700 MHz B12 the Mi 8 has.
    Each missing sub-1 GHz coverage layer costs 300 points of a carrier's total, the most of any
    layer, so with equal weights B13 (300/1000 of Verizon = +10 points of market score) comes
    first, B71 (300/1175 of T-Mobile = +8.5) second and B14 (300/1300 of AT&T = +7.7) third; the
    mid-band capacity layers (B48, B30) follow.
    The Mi 8 global variant lists no 5G modes (nr_modes []), so the engine never lets it use the
    2019 mmWave layers (n260/n261): its best reachable score is 94.9%, below the default 95%
    target — an honest "infeasible" until the upgrade also adds a 5G (NSA) modem.
    """
    catalog = default_catalog()
    _device, mi8 = catalog.resolve("M1803E1A")
    assert {"B12", "B17", "B5"} <= set(mi8.bands.lte or ())
    assert not {"B13", "B14", "B71"} & set(mi8.bands.lte or ())

    path = upgrade_path(mi8, BIG_THREE, 0.9, on=US_2019, catalog=catalog)
    assert path.added[:3] == ("B13", "B71", "B14")
    assert not {"B12", "B17"} & set(path.added)
    assert path.final_score >= 0.9
    assert [round(s.gain, 4) for s in path.steps[:3]] == [
        0.1,
        round(300 / 1175 / 3, 4),
        round(300 / 1300 / 3, 4),
    ]
    # Fewest bands: no 4-band upgrade reaches 90% (checked by the MILP, re-checked here).
    assert len(path.added) == 5
    for before, after in zip(path.before, path.after, strict=True):
        assert before.agrees
        assert after.agrees
        assert after.score >= before.score

    with pytest.raises(InfeasiblePlanError, match="no 5G NR modes") as err:
        upgrade_path(mi8, BIG_THREE, 0.95, on=US_2019, catalog=catalog)
    assert "0.9492" in str(err.value)

    five_g = upgrade_path(mi8, BIG_THREE, 0.95, on=US_2019, catalog=catalog, nr_modes=("nsa",))
    assert five_g.added[:3] == ("B13", "B71", "B14")
    assert {"n260", "n261"} <= set(five_g.added)
    assert five_g.final_score >= 0.95


def test_closest_variants_existed_on_the_date() -> None:
    result = plan(BIG_THREE, US_2019, curve=False, marginals=False, closest=5)
    assert len(result.closest) == 5
    scores = [m.score for m in result.closest]
    assert scores == sorted(scores, reverse=True)
    catalog = default_catalog()
    for match in result.closest:
        device = catalog.devices[match.device_id]
        released = device.released or device.announced
        assert released is None or released[:4] <= "2019"
        variant = next(v for v in device.variants if v.id == match.variant_id)
        for op_id, score in match.per_network.items():
            assert (
                check(variant, catalog.operators[op_id], US_2019, device=device).radio_score
                == score
            )


def test_curve_and_marginals() -> None:
    result = plan(BIG_THREE, US_2019)
    assert [p.k for p in result.curve] == list(range(1, len(result.band_ids) + 1))
    objectives = [p.objective for p in result.curve]
    assert objectives == sorted(objectives)
    assert result.curve[-1].score == result.score
    by_band = {c.band: c for c in result.chosen}
    # B13 has no substitute: forbidding it loses Verizon's coverage layer (300/1000 / 3).
    assert by_band["B13"].value == pytest.approx(0.1)
    assert by_band["B13"].replaced_by == ()
    # B12 is replaceable by its superset B85 at no loss, though dropping it outright costs a lot.
    assert by_band["B12"].value == pytest.approx(0.0, abs=1e-9)
    assert by_band["B12"].replaced_by == ("B85",)
    assert by_band["B12"].removal_loss > 0.15
    assert "us/verizon" in by_band["B13"].operators
    assert by_band["B13"].layers == ("coverage",)


def test_costs_trade_score_for_bands() -> None:
    cheap = plan(BIG_THREE, US_2019, curve=False, marginals=False, closest=0)
    # n258 buys 25/1175/3 = 0.0071 of market score; costing it 0.01 drops it from the plan.
    costly = plan(
        BIG_THREE,
        US_2019,
        Constraints(costs={"n258": 0.01}),
        curve=False,
        marginals=False,
        closest=0,
    )
    assert "n258" in cheap.band_ids
    assert "n258" not in costly.band_ids
    assert costly.objective == pytest.approx(cheap.score - 25 / 1175 / 3)


def test_caps_and_must_forbid_respected() -> None:
    cons = Constraints(
        max_bands={"lte": 4}, must=frozenset({"B2"}), forbid=frozenset({"n258", "B66"})
    )
    result = plan(BIG_THREE, US_2019, cons, curve=False, closest=0)
    assert len(result.bands[next(r for r in result.bands if r.value == "lte")]) <= 4
    assert "B2" in result.band_ids
    assert not {"n258", "B66"} & set(result.band_ids)
    assert next(c for c in result.chosen if c.band == "B2").value is None  # must-have: no marginal


def test_time_budget_single_market() -> None:
    build_milp(
        build_problem(
            resolve_market("US", US_2019, default_catalog()), Constraints(), default_catalog()
        )
    ).maximise()
    result = plan("US", US_2019, curve=False, marginals=False, closest=0)
    assert result.timings["solve"] < 1.0
