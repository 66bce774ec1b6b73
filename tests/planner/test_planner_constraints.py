"""Constraints, markets and infeasibility: conflicts are named as the user wrote them."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

from bandfit.bands.model import Rat
from bandfit.catalog.load import default_catalog
from bandfit.errors import (
    InfeasiblePlanError,
    InvalidInputError,
    UnknownBandError,
    UnknownOperatorError,
)
from bandfit.planner import Constraints, plan, resolve_market, upgrade_path
from bandfit.testing import tiny_catalog

US_2019 = dt.date(2019, 6, 1)
BIG_THREE = ["us/att", "us/verizon", "us/t-mobile"]


def test_constraints_parse_names() -> None:
    cons = Constraints(
        max_bands={"LTE": 3, "5g": 2},  # type: ignore[dict-item]  # people write RAT names
        must=frozenset({"b13", "Band 71"}),
        forbid=frozenset({"n258"}),
        costs={"n260": 0.02},
    )
    assert cons.max_bands == {Rat.LTE: 3, Rat.NR: 2}
    assert cons.must == {"B13", "B71"}
    assert cons.costs == {"n260": 0.02}
    assert "max-bands lte=3" in cons.describe()
    assert cons.replace(max_total=4).max_total == 4


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_bands": {"lte": -1}}, "whole number"),
        ({"max_bands": {"6g": 1}}, "unknown RAT"),
        ({"costs": {"B13": float("nan")}}, "finite"),
        ({"nr_modes": ("nsa", "lte")}, "nr_modes"),
    ],
)
def test_constraints_reject_bad_values(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        Constraints(**kwargs)  # type: ignore[arg-type]


def test_unknown_band_is_an_error() -> None:
    with pytest.raises(UnknownBandError):
        Constraints(must=frozenset({"B999"}))


def test_must_and_forbid_same_band() -> None:
    cons = Constraints(must=frozenset({"B13"}), forbid=frozenset({"B13"}))
    with pytest.raises(InfeasiblePlanError) as err:
        plan(BIG_THREE, US_2019, cons)
    assert err.value.conflicts == ("must-have B13 and forbid B13",)
    assert err.value.code == "infeasible-plan"
    restored = pickle.loads(pickle.dumps(err.value))
    assert restored.conflicts == err.value.conflicts


def test_cap_below_must_haves() -> None:
    cons = Constraints(max_bands={Rat.LTE: 1}, must=frozenset({"B13", "B71"}))
    with pytest.raises(
        InfeasiblePlanError, match=r"max-bands lte=1 with 2 must-have LTE bands \(B13, B71\)"
    ):
        plan(BIG_THREE, US_2019, cons)


def test_cap_zero_with_must_have_of_that_rat() -> None:
    cons = Constraints(max_bands={Rat.NR: 0}, must=frozenset({"n71"}))
    with pytest.raises(InfeasiblePlanError, match="max-bands nr=0 with 1 must-have NR bands"):
        plan(BIG_THREE, US_2019, cons)


def test_total_cap_below_must_haves() -> None:
    cons = Constraints(max_total=1, must=frozenset({"B13", "B71"}))
    with pytest.raises(InfeasiblePlanError, match="max total bands=1 with 2 required bands"):
        plan(BIG_THREE, US_2019, cons)


def test_several_conflicts_are_all_named() -> None:
    cons = Constraints(
        max_bands={Rat.LTE: 1}, must=frozenset({"B13", "B71"}), forbid=frozenset({"B13"})
    )
    with pytest.raises(InfeasiblePlanError) as err:
        plan(BIG_THREE, US_2019, cons)
    assert len(err.value.conflicts) == 2


def test_cap_zero_removes_a_rat() -> None:
    result = plan(BIG_THREE, US_2019, Constraints(max_bands={Rat.NR: 0}), curve=False, closest=0)
    assert result.bands[Rat.NR] == ()
    assert result.score < 1.0


def test_upgrade_conflicts_with_the_variant() -> None:
    catalog = default_catalog()
    _dev, mi8 = catalog.resolve("M1803E1A")
    with pytest.raises(InfeasiblePlanError, match=r"forbid B12 but .* already has B12"):
        upgrade_path(
            mi8, BIG_THREE, 0.9, on=US_2019, constraints=Constraints(forbid=frozenset({"B12"}))
        )
    with pytest.raises(InfeasiblePlanError, match="max-bands lte=3 with 15 required LTE bands"):
        upgrade_path(
            mi8, BIG_THREE, 0.9, on=US_2019, constraints=Constraints(max_bands={Rat.LTE: 3})
        )


def test_upgrade_target_unreachable_under_forbid() -> None:
    catalog = default_catalog()
    _dev, mi8 = catalog.resolve("M1803E1A")
    with pytest.raises(InfeasiblePlanError) as err:
        upgrade_path(
            mi8, BIG_THREE, 0.9, on=US_2019, constraints=Constraints(forbid=frozenset({"B13"}))
        )
    text = str(err.value)
    assert "target 0.9000 is above the best market score" in text
    assert "forbid B13" in text
    assert "us/verizon B13" in text


def test_upgrade_target_validated() -> None:
    _dev, mi8 = default_catalog().resolve("M1803E1A")
    with pytest.raises(InvalidInputError):
        upgrade_path(mi8, BIG_THREE, 1.5, on=US_2019)


def test_upgrade_already_there() -> None:
    catalog = default_catalog()
    _dev, mi8 = catalog.resolve("M1803E1A")
    path = upgrade_path(mi8, BIG_THREE, 0.5, on=US_2019)
    assert path.steps == ()
    assert path.final_score == path.start_score


# -- markets -------------------------------------------------------------------------------
def test_country_market_is_mnos_in_service() -> None:
    market = resolve_market("US", US_2019, default_catalog())
    ids = [n.network.id for n in market.networks]
    assert "us/sprint" in ids  # merged into T-Mobile in 2020; live in 2019
    assert all(default_catalog().operators[i].kind == "MNO" for i in ids)
    assert sum(n.weight for n in market.networks) == pytest.approx(1.0)


def test_explicit_weights_are_normalised() -> None:
    market = resolve_market(
        BIG_THREE, US_2019, default_catalog(), weights={"us/att": 2, "verizon": 1, "us/t-mobile": 1}
    )
    assert market.network("us/att").weight == pytest.approx(0.5)
    assert market.network("us/verizon").weight == pytest.approx(0.25)


def test_weights_must_cover_every_operator() -> None:
    with pytest.raises(InvalidInputError, match="us/t-mobile"):
        resolve_market(
            BIG_THREE, US_2019, default_catalog(), weights={"us/att": 2, "us/verizon": 1}
        )


def test_subscriber_weights_need_counts() -> None:
    with pytest.raises(InvalidInputError, match="no subscriber count"):
        resolve_market(BIG_THREE, US_2019, default_catalog(), weights="subscribers")


def test_subscriber_weights_use_counts() -> None:
    catalog = default_catalog()
    with_counts = [op.id for op in catalog.operators.values() if op.subscribers is not None][:2]
    if len(with_counts) < 2:
        pytest.skip("fewer than two operators with subscriber counts in the catalog")
    on = max(catalog.operators[i].subscribers.as_of for i in with_counts)  # type: ignore[union-attr]
    market = resolve_market(with_counts, on, catalog, weights="subscribers")
    counts = {i: catalog.operators[i].subscribers.count for i in with_counts}  # type: ignore[union-attr]
    member = {m.operator.id: m.weight for m in market.members}
    assert member[with_counts[0]] == pytest.approx(counts[with_counts[0]] / sum(counts.values()))


def test_mapping_market_and_unknown_operator() -> None:
    market = resolve_market({"us/att": 3, "us/verizon": 1}, US_2019, default_catalog())
    assert market.network("us/att").weight == pytest.approx(0.75)
    with pytest.raises(UnknownOperatorError):
        resolve_market(["us/att", "us/nope"], US_2019, default_catalog())


def test_operator_not_in_service() -> None:
    with pytest.raises(InvalidInputError, match="not in service"):
        resolve_market(["us/sprint"], dt.date(2024, 6, 1), default_catalog())


def test_several_countries() -> None:
    market = resolve_market(["US", "CA", "MX"], dt.date(2024, 6, 1), default_catalog())
    assert market.countries == ("CA", "MX", "US")
    assert {n.network.country for n in market.networks} == {"US", "CA", "MX"}


def test_fixture_mvno_follows_its_host_by_date() -> None:
    catalog = tiny_catalog()
    early = resolve_market(["xa/gamma-mobile"], dt.date(2022, 6, 1), catalog)
    late = resolve_market(["xa/gamma-mobile"], dt.date(2024, 6, 1), catalog)
    assert [n.network.id for n in early.networks] == ["xa/alpha"]
    assert [n.network.id for n in late.networks] == ["xa/beta"]
    result = plan(["xa/gamma-mobile"], dt.date(2024, 6, 1), catalog=catalog, closest=0)
    assert result.members["xa/gamma-mobile"]["radio_score"] == pytest.approx(result.score)


def test_fixture_sa_only_network_needs_sa_and_certification() -> None:
    """xb/sa-net is NR-only standalone and limits SA to certified devices (fixture)."""
    catalog = tiny_catalog()
    on = dt.date(2024, 6, 1)
    nsa_only = plan(["xb/sa-net"], on, Constraints(nr_modes=("nsa",)), catalog=catalog, closest=0)
    assert nsa_only.score == 0.0
    uncertified = plan(["xb/sa-net"], on, Constraints(nr_modes=("sa",)), catalog=catalog, closest=0)
    assert uncertified.score == 0.0
    certified = plan(
        ["xb/sa-net"],
        on,
        Constraints(nr_modes=("sa",), certified_on=frozenset({"xb/sa-net"})),
        catalog=catalog,
        closest=0,
    )
    assert certified.score == 1.0
    assert set(certified.band_ids) == {"n71", "n77"}
    assert all(n.agrees for n in certified.networks)
