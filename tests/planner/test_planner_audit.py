"""Planner defects found by an audit: empty candidate sets, two names for one thing, time-outs,
country names, numeric downlink ranges, ``limits`` in ``Plan.to_dict`` and error details.

Each test fails on the code before its fix (no mocks: real catalogs, real SciPy solves).
"""

from __future__ import annotations

import datetime as dt

import pytest
from _plan_cli import plan_error, plan_json

from bandfit.bands.model import Rat
from bandfit.catalog.load import default_catalog
from bandfit.errors import InfeasiblePlanError, InvalidInputError, PlanTimeoutError
from bandfit.planner import Constraints, build_problem, plan, resolve_market
from bandfit.planner.solve import build_milp
from bandfit.testing import tiny_catalog

pytest.importorskip("scipy")

DAY = dt.date(2024, 1, 1)  # fixture catalog date: xa/alpha and xa/beta live
US_2024 = dt.date(2024, 6, 1)
ALL_ZERO = {rat.value: 0 for rat in Rat}


# -- 1. no candidate band: an empty plan, like max_total=0 --------------------------------------
def test_caps_of_zero_leave_an_empty_plan_like_max_total_zero() -> None:
    cat = tiny_catalog()
    empty = plan(["xa/beta"], DAY, Constraints(max_bands={"lte": 0}), catalog=cat, closest=2)
    total0 = plan(["xa/beta"], DAY, Constraints(max_total=0), catalog=cat, closest=2)
    for result in (empty, total0):
        assert result.band_ids == ()
        assert result.score == 0.0
        assert result.proven_optimal
        assert result.curve == ()
        assert all(n.agrees for n in result.networks)
    assert empty.limits[0] == "max-bands lte=0 leaves no candidate band: the plan is empty"
    assert "max-bands lte=0: xa/beta" in " ".join(empty.limits)


def test_forbidding_every_band_names_the_forbids() -> None:
    cat = tiny_catalog()
    problem = build_problem(resolve_market(["xa/beta"], DAY, cat), Constraints(), cat)
    everything = frozenset(problem.candidates)
    result = plan(["xa/beta"], DAY, Constraints(forbid=everything), catalog=cat, closest=0)
    assert result.band_ids == ()
    assert result.limits[0].endswith("leave no candidate band: the plan is empty")
    assert all(f"forbid {b}" in result.limits[0] for b in everything)


def test_empty_problem_solves_without_scipy_errors() -> None:
    cat = tiny_catalog()
    market = resolve_market(["xa/alpha", "xa/beta"], DAY, cat)
    problem = build_problem(market, Constraints(max_bands=ALL_ZERO), cat)
    assert problem.candidates == ()
    milp = build_milp(problem)
    sol = milp.maximise()
    assert sol is not None
    assert sol.bands == ()
    assert milp.fewest_for(0.5) is None  # unreachable target: None, not a crash
    reached = milp.fewest_for(1e-12)
    assert reached is None or reached.bands == ()


def test_cli_all_rats_capped_at_zero_repro() -> None:
    payload = plan_json(
        [
            "--operators",
            "us/att",
            "--on",
            "2024-06-01",
            "--max-bands",
            "lte=0,nr=0,gsm=0,umts=0,cdma=0",
            "--closest",
            "0",
        ]
    )
    assert payload["bands"] == {}
    assert payload["score"] == 0.0
    limits = payload["limits"]
    assert isinstance(limits, list)
    assert limits[0] == (
        "max-bands lte=0, max-bands nr=0 leave no candidate band: the plan is empty"
    )


# -- 3. two names for the same operator or RAT ---------------------------------------------------
@pytest.mark.parametrize(
    "max_bands", [{"lte": 5, "4g": 2}, {"4g": 2, "lte": 5}], ids=["lte-first", "4g-first"]
)
def test_two_names_for_one_rat_are_refused(max_bands: dict[str, int]) -> None:
    with pytest.raises(InvalidInputError) as info:
        Constraints(max_bands=max_bands)
    assert "'lte'" in info.value.message
    assert "'4g'" in info.value.message
    assert sorted(info.value.details["value"]) == ["4g", "lte"]


def test_two_names_for_one_cost_band_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="'b13' and 'Band 13'"):
        Constraints(costs={"b13": 0.01, "Band 13": 0.02})


@pytest.mark.parametrize(
    "weights",
    [
        {"xa/alpha": 1, "001-01": 3, "xa/beta": 1},
        {"001-01": 3, "xa/alpha": 1, "xa/beta": 1},
    ],
    ids=["id-first", "plmn-first"],
)
def test_two_names_for_one_operator_in_weights_are_refused(weights: dict[str, float]) -> None:
    with pytest.raises(InvalidInputError) as info:
        resolve_market(["xa/alpha", "xa/beta"], DAY, tiny_catalog(), weights=weights)
    assert "'xa/alpha'" in info.value.message
    assert "'001-01'" in info.value.message


def test_two_names_for_one_operator_in_a_mapping_market_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="'xa/alpha' and '001-01'"):
        resolve_market({"xa/alpha": 1, "001-01": 3, "xa/beta": 1}, DAY, tiny_catalog())


_WEIGHTS_TWO = ["--operators", "us/att,us/verizon", "--on", "2024-06-01", "--weights"]
_CAPS = ["--operators", "us/att", "--on", "2024-06-01", "--max-bands"]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ([*_CAPS, "lte=5,4g=2"], "'lte' and '4g'"),
        ([*_CAPS, "lte=5,lte=2"], "'lte' is given twice"),
        ([*_WEIGHTS_TWO, "us/att=1,us/att=2,us/verizon=1"], "'us/att' is given twice"),
        (
            [*_WEIGHTS_TWO, "us/att=1,310-410=3,us/verizon=1"],
            "'us/att' and '310-410' both name us/att",
        ),
    ],
    ids=[
        "two-names-for-one-rat",
        "same-cap-twice",
        "same-weight-twice",
        "two-names-for-one-operator",
    ],
)
def test_cli_refuses_two_values_for_one_thing(args: list[str], said: str) -> None:
    err = plan_error(args)
    assert "invalid-input" in err
    assert said in err


# -- 4. limits are part of Plan.to_dict, so CLI and API print the same JSON ----------------------
def test_to_dict_carries_limits() -> None:
    """The CLI and the API print ``to_dict``; that they agree is tested in
    ``tests/server/test_api_audit.py::test_plan_limits_match_the_cli``."""
    cons = Constraints(max_bands={"lte": 8})
    market = ["us/att", "us/verizon", "us/t-mobile"]
    result = plan(market, US_2024, cons, curve=False, marginals=False, closest=0)
    assert result.limits
    assert result.to_dict()["limits"] == list(result.limits)


# -- 5. a solver time-out is not infeasibility ---------------------------------------------------
def test_time_out_is_a_plan_timeout_error() -> None:
    with pytest.raises(PlanTimeoutError) as info:
        plan(["xa/alpha", "xa/beta"], DAY, catalog=tiny_catalog(), time_limit=1e-9, closest=0)
    assert not isinstance(info.value, InfeasiblePlanError)
    assert info.value.code == "plan-timeout"
    assert info.value.details["time_limit"] == 1e-9
    assert "time_limit" in (info.value.hint or "")


def test_real_infeasibility_stays_infeasible() -> None:
    with pytest.raises(InfeasiblePlanError):
        plan(
            ["xa/alpha"],
            DAY,
            Constraints(must=frozenset({"B1"}), forbid=frozenset({"B1"})),
            catalog=tiny_catalog(),
        )


def test_cli_time_limit_option() -> None:
    err = plan_error(["--operators", "us/att", "--on", "2024-06-01", "--time-limit", "1e-9"])
    assert "Error [plan-timeout]" in err
    assert "--time-limit" in err
    err = plan_error(["--operators", "us/att", "--on", "2024-06-01", "--time-limit", "0"])
    assert "positive number of seconds" in err


# -- 6. country names, as the country look-up accepts them ---------------------------------------
def test_market_accepts_country_names() -> None:
    cat = default_catalog()
    by_name = resolve_market("United States", US_2024, cat)
    by_code = resolve_market("US", US_2024, cat)
    assert by_name.label == "US"
    assert by_name.countries == ("US",)
    assert [n.network.id for n in by_name.networks] == [n.network.id for n in by_code.networks]
    mixed = resolve_market(["united states", "CA"], US_2024, cat)
    assert mixed.countries == ("CA", "US")


def test_market_country_name_in_the_fixture_catalog() -> None:
    cat = tiny_catalog()
    name = cat.registry.country("XA").name
    market = resolve_market(name, DAY, cat)
    assert market.label == "XA"
    assert {m.operator.id for m in market.members} == {"xa/alpha", "xa/beta"}


# -- 7. numeric downlink range next to the display string ----------------------------------------
def test_chosen_bands_carry_dl_mhz() -> None:
    cat = tiny_catalog()
    result = plan(["xa/alpha", "xa/beta"], DAY, catalog=cat, curve=False, closest=0)
    assert result.chosen
    for choice in result.to_dict()["chosen"]:
        band = cat.registry.get(choice["band"])
        assert band.dl is not None
        assert choice["dl_mhz"] == [band.dl.low_khz / 1000, band.dl.high_khz / 1000]
        assert choice["dl"] != "-"  # the display string stays


# -- 8. error details say what was wrong and what to do ------------------------------------------
def test_all_zero_weights_name_the_weights() -> None:
    with pytest.raises(InvalidInputError) as info:
        resolve_market(
            ["xa/alpha", "xa/beta"], DAY, tiny_catalog(), weights={"xa/alpha": 0, "xa/beta": 0}
        )
    assert info.value.details == {"value": {"xa/alpha": 0.0, "xa/beta": 0.0}}
    assert info.value.hint == "give at least one operator a positive weight"


def test_operator_not_in_service_has_a_hint() -> None:
    with pytest.raises(InvalidInputError) as info:
        resolve_market(["xb/gone"], DAY, tiny_catalog())
    assert (
        info.value.hint == "xb/gone ended service on 2020-06-30; plan for a date before 2020-06-30"
    )
    with pytest.raises(InvalidInputError) as info:
        resolve_market(["us/sprint"], US_2024, default_catalog())
    assert "its successor us/t-mobile" in (info.value.hint or "")


def test_market_without_live_deployments_has_a_hint() -> None:
    with pytest.raises(InvalidInputError) as info:  # xb/sa-net deploys from 2023 on
        resolve_market("XB", dt.date(2021, 1, 1), tiny_catalog())
    assert info.value.details["value"] == "XB"
    assert info.value.hint == (
        "the catalog lists no live deployment for xb/sa-net on 2021-01-01; "
        "pick another date or other operators"
    )


# -- limits name the constraint that really left a group out -----------------------------------
def test_a_band_left_out_for_its_cost_does_not_blame_caps_nobody_set() -> None:
    cat = default_catalog()
    market = ["us/att", "us/verizon", "us/t-mobile"]
    costs = {"n258": 0.015, "n260": 0.015, "n261": 0.015}
    result = plan(market, dt.date(2019, 6, 1), Constraints(costs=costs), catalog=cat, closest=0)
    assert "n258" not in result.band_ids
    text = "\n".join(result.limits)
    assert "left out: its band costs outweigh the score it adds: us/t-mobile n258" in text
    assert "band caps" not in text
    capped = plan(
        market,
        dt.date(2019, 6, 1),
        Constraints(costs=costs, max_bands={"nr": 1}),
        catalog=cat,
        closest=0,
    )
    assert "not reachable within the band caps, or not worth its band costs" in "\n".join(
        capped.limits
    )


def test_zero_caps_of_two_rats_are_listed_with_commas() -> None:
    caps = {"lte": 0, "nr": 0, "gsm": 0, "umts": 0, "cdma": 0}
    result = plan(
        ["us/att"], US_2024, Constraints(max_bands=caps), catalog=default_catalog(), closest=0
    )
    assert "max-bands lte=0, max-bands nr=0: us/att B5/n5" in result.limits
