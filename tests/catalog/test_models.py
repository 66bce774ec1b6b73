"""Single-record invariants of the catalog models (pydantic, frozen, ``extra="forbid"``).

Each test builds the smallest valid record as a plain dict (what a YAML file holds), changes one
thing, and checks that the model accepts or rejects it with a located message. Cross-record
rules (band ids exist, hosts exist, sources defined) are in ``test_checks.py``.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from bandfit.bands.model import Rat
from bandfit.catalog.model import (
    BandSet,
    Block,
    Deployment,
    Device,
    HostAgreement,
    Network,
    Operator,
    Source,
    Variant,
    rat_of_band_id,
)

FX_SOURCE = {"title": "bandfit test fixture", "publisher": "bandfit tests"}


def operator_doc(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema": "bandfit.operator/1",
        "id": "xa/test",
        "name": "Test Net",
        "country": "XA",
        "kind": "MNO",
        "plmns": ["001-01"],
        "networks": [{"rat": "lte", "since": "2012-01-01", "voice": "volte", "sources": ["fx"]}],
        "deployments": [{"band": "B3", "layer": "capacity", "sources": ["fx"]}],
        "sources": {"fx": FX_SOURCE},
        "as_of": "2026-01-01",
    }
    doc.update(changes)
    return doc


def device_doc(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema": "bandfit.device/1",
        "id": "acme/test",
        "brand": "Acme",
        "name": "Test",
        "variants": [variant_doc()],
        "sources": {"fx": FX_SOURCE},
        "as_of": "2026-01-01",
    }
    doc.update(changes)
    return doc


def variant_doc(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": "global",
        "name": "Global",
        "markets": ["global"],
        "model_numbers": ["AC-1"],
        "bands": {"gsm": ["GSM900"], "lte": ["B1", "B3"], "nr": []},
        "nr_modes": [],
        "sources": ["fx"],
        "as_of": "2026-01-01",
    }
    doc.update(changes)
    return doc


def errors_of(model: type[Any], doc: Any) -> list[tuple[str, str]]:
    """(dotted location, message) of every validation error."""
    with pytest.raises(ValidationError) as info:
        model.model_validate(doc)
    return [(".".join(str(x) for x in e["loc"]), e["msg"]) for e in info.value.errors()]


# ------------------------------------------------------------------------------ the happy path


def test_minimal_records_validate_and_round_trip() -> None:
    op = Operator.model_validate(operator_doc())
    dev = Device.model_validate(device_doc())
    assert op.id == "xa/test"
    assert op.schema_ == "bandfit.operator/1"
    assert dev.variants[0].bands.lte == ("B1", "B3")
    for record in (op, dev):
        dumped = record.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        assert type(record).model_validate(dumped) == record


def test_unknown_band_list_is_none_and_empty_list_is_none_of_them() -> None:
    bands = Variant.model_validate(variant_doc()).bands
    assert bands.umts is None  # absent = unknown
    assert bands.nr == ()  # [] = none
    assert bands.of(Rat.LTE) == ("B1", "B3")
    assert bands.all_ids() == ("GSM900", "B1", "B3")


# ------------------------------------------------------------------------------ frozen / extra


@pytest.mark.parametrize(
    ("record", "attribute", "value"),
    [
        (lambda: Operator.model_validate(operator_doc()), "name", "Other"),
        (lambda: Device.model_validate(device_doc()), "brand", "Other"),
        (lambda: Variant.model_validate(variant_doc()), "markets", ("US",)),
        (lambda: Deployment(band="B3", layer="capacity"), "band", "B1"),
        (lambda: BandSet(lte=("B1",)), "lte", ("B3",)),
    ],
)
def test_records_are_frozen(record: Any, attribute: str, value: Any) -> None:
    obj = record()
    with pytest.raises(ValidationError, match="frozen"):
        setattr(obj, attribute, value)


def test_frozen_records_are_hashable_values() -> None:
    a = Deployment(band="B3", layer="capacity", sources=("fx",))
    b = Deployment(band="B3", layer="capacity", sources=("fx",))
    assert a == b
    assert hash(a) == hash(b)


@pytest.mark.parametrize(
    ("doc", "where"),
    [
        (operator_doc(colour="red"), "colour"),
        (
            operator_doc(deployments=[{"band": "B3", "layer": "capacity", "bandwidth": 10}]),
            "deployments.0.bandwidth",
        ),
        (operator_doc(networks=[{"rat": "lte", "vo1ce": "volte"}]), "networks.0.vo1ce"),
        (operator_doc(sources={"fx": {**FX_SOURCE, "page": 3}}), "sources.fx.page"),
    ],
)
def test_extra_keys_are_rejected_with_their_location(doc: dict[str, Any], where: str) -> None:
    errors = errors_of(Operator, doc)
    assert (where, "Extra inputs are not permitted") in errors


def test_typo_in_device_keys_is_rejected() -> None:
    doc = device_doc(variants=[variant_doc(model_number=["AC-1"])])
    assert ("variants.0.model_number", "Extra inputs are not permitted") in errors_of(Device, doc)
    doc = device_doc(variants=[variant_doc(bands={"lte": ["B1"], "wcdma": ["U1"]})])
    assert ("variants.0.bands.wcdma", "Extra inputs are not permitted") in errors_of(Device, doc)


def test_wrong_schema_tag_is_rejected() -> None:
    (loc, _msg), *_ = errors_of(Operator, operator_doc(schema="bandfit.device/1"))
    assert loc == "schema"


# ------------------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("since", "until"), [("2021-01-01", "2019-01-01"), ("2020-01-01", "2020-01-01")]
)
def test_deployment_dates_must_be_ordered(since: str, until: str) -> None:
    doc = operator_doc(
        deployments=[
            {"band": "B3", "layer": "capacity"},
            {"band": "B7", "layer": "capacity", "since": since, "until": until},
        ]
    )
    ((loc, msg),) = errors_of(Operator, doc)
    assert loc == "deployments.1"
    assert f"since {since} is not before until {until}" in msg


@pytest.mark.parametrize(
    ("key", "item"),
    [
        ("networks", {"rat": "umts", "since": "2010-01-01", "until": "2005-01-01"}),
        ("policies", {"rule": "volte-whitelist", "since": "2020-01-01", "until": "2019-01-01"}),
    ],
)
def test_network_and_policy_dates_must_be_ordered(key: str, item: dict[str, Any]) -> None:
    ((loc, msg),) = errors_of(Operator, operator_doc(**{key: [item]}))
    assert loc == f"{key}.0"
    assert "is not before until" in msg


def test_host_agreement_dates_must_be_ordered() -> None:
    with pytest.raises(ValidationError, match="is not before until"):
        HostAgreement(operator="xa/alpha", since=dt.date(2023, 1, 1), until=dt.date(2022, 1, 1))


def test_dates_must_be_iso_calendar_dates() -> None:
    doc = operator_doc(deployments=[{"band": "B3", "layer": "capacity", "since": "2020-13-01"}])
    assert [loc for loc, _m in errors_of(Operator, doc)] == ["deployments.0.since"]


def test_live_on_is_since_inclusive_until_exclusive() -> None:
    dep = Deployment(
        band="U5", layer="coverage", since=dt.date(2005, 1, 1), until=dt.date(2022, 2, 22)
    )
    assert not dep.live_on(dt.date(2004, 12, 31))
    assert dep.live_on(dt.date(2005, 1, 1))
    assert dep.live_on(dt.date(2022, 2, 21))
    assert not dep.live_on(dt.date(2022, 2, 22))


def test_planned_deployments_and_networks_are_never_live() -> None:
    assert not Deployment(band="n77", layer="capacity", status="planned").live_on(
        dt.date(2030, 1, 1)
    )
    assert not Network(rat=Rat.NR, status="planned").live_on(dt.date(2030, 1, 1))


# ------------------------------------------------------------------------------ statuses


def test_retired_deployment_needs_until() -> None:
    doc = operator_doc(deployments=[{"band": "U5", "layer": "coverage", "status": "retired"}])
    ((loc, msg),) = errors_of(Operator, doc)
    assert loc == "deployments.0"
    assert "retired deployment needs an 'until' date" in msg
    ok = operator_doc(
        deployments=[
            {"band": "U5", "layer": "coverage", "status": "retired", "until": "2022-02-22"}
        ]
    )
    assert Operator.model_validate(ok).deployments[0].until == dt.date(2022, 2, 22)


def test_ended_network_needs_until() -> None:
    doc = operator_doc(networks=[{"rat": "umts", "status": "ended"}])
    ((loc, msg),) = errors_of(Operator, doc)
    assert loc == "networks.0"
    assert "umts network marked ended needs an 'until' date" in msg


def test_nr_modes_apply_to_nr_networks_only() -> None:
    doc = operator_doc(networks=[{"rat": "lte", "modes": ["sa"]}])
    ((loc, msg),) = errors_of(Operator, doc)
    assert loc == "networks.0"
    assert "NR networks only" in msg
    assert Network(rat=Rat.NR, modes=("nsa", "sa")).modes == ("nsa", "sa")


# ------------------------------------------------------------------------------ operators


def test_mvno_needs_a_host() -> None:
    doc = operator_doc(kind="MVNO", deployments=[])
    ((loc, msg),) = errors_of(Operator, doc)
    assert loc == ""
    assert "an MVNO needs at least one host agreement" in msg
    ok = operator_doc(
        kind="MVNO", deployments=[], hosts=[{"operator": "xa/alpha", "sources": ["fx"]}]
    )
    assert Operator.model_validate(ok).hosts[0].role == "primary"


def test_operator_id_starts_with_its_country() -> None:
    assert any(
        "does not start with country" in m
        for _l, m in errors_of(Operator, operator_doc(id="xb/test"))
    )
    assert [loc for loc, _m in errors_of(Operator, operator_doc(id="XA/test"))] == ["id"]
    assert [loc for loc, _m in errors_of(Operator, operator_doc(id="test"))] == ["id"]


@pytest.mark.parametrize("country", ["xa", "XAA", "1A", False])
def test_country_is_an_upper_case_alpha2_string(country: Any) -> None:
    assert [loc for loc, _m in errors_of(Operator, operator_doc(country=country))] == ["country"]


@pytest.mark.parametrize("plmn", ["00101", "001-1", "001-0101", 310410])
def test_plmns_are_quoted_mcc_dash_mnc(plmn: Any) -> None:
    assert [loc for loc, _m in errors_of(Operator, operator_doc(plmns=[plmn]))] == ["plmns.0"]


def test_source_needs_url_or_publisher() -> None:
    with pytest.raises(ValidationError, match="needs a url or a publisher"):
        Source(title="a note")
    assert Source(title="t", url="https://example.org").url == "https://example.org"


def test_block_needs_a_link_and_ordered_edges() -> None:
    with pytest.raises(ValidationError, match="needs dl_khz or ul_khz"):
        Block()
    with pytest.raises(ValidationError, match="must be below high"):
        Block(dl_khz=(801000, 791000))
    block = Block(dl_khz=(791000, 801000))
    assert block.dl is not None
    assert block.dl.low_khz == 791000
    assert block.ul is None


def test_deployment_weight_is_bounded() -> None:
    with pytest.raises(ValidationError):
        Deployment(band="B3", layer="capacity", weight=-1)
    with pytest.raises(ValidationError):
        Deployment(band="B3", layer="capacity", weight=11)


def test_cited_source_ids_collects_every_fact() -> None:
    doc = operator_doc(
        hosts=[{"operator": "xa/alpha", "sources": ["h"]}],
        policies=[{"rule": "volte-whitelist", "sources": ["p"]}],
        subscribers={"count": 10, "as_of": "2025-12-31", "sources": ["s"]},
    )
    assert Operator.model_validate(doc).cited_source_ids() == {"fx", "h", "p", "s"}


# ------------------------------------------------------------------------------ band ids per RAT


@pytest.mark.parametrize(
    ("band", "rat"),
    [("B12", Rat.LTE), ("n71", Rat.NR), ("U5", Rat.UMTS), ("BC0", Rat.CDMA), ("GSM1900", Rat.GSM),
     ("EGSM900", Rat.GSM), ("RGSM900", Rat.GSM)],
)  # fmt: skip
def test_rat_of_band_id(band: str, rat: Rat) -> None:
    assert rat_of_band_id(band) is rat
    assert Deployment(band=band, layer="capacity").rat is rat


@pytest.mark.parametrize("band", ["b12", "Band 12", "LTE12", "N78", "V", "UV", "gsm900", "12"])
def test_non_canonical_band_ids_are_rejected(band: str) -> None:
    with pytest.raises(ValueError, match="not a canonical band id"):
        rat_of_band_id(band)
    doc = operator_doc(deployments=[{"band": band, "layer": "capacity"}])
    assert [loc for loc, _m in errors_of(Operator, doc)] == ["deployments.0.band"]


@pytest.mark.parametrize(
    ("rat", "band"),
    [("lte", "n78"), ("nr", "B78"), ("umts", "B1"), ("gsm", "U8"), ("cdma", "GSM850")],
)
def test_bands_must_be_listed_under_their_own_rat(rat: str, band: str) -> None:
    doc = device_doc(variants=[variant_doc(bands={rat: [band]})])
    errors = errors_of(Device, doc)
    # (pydantic also reports the now-empty ``variants`` tuple as too short)
    assert [m for loc, m in errors if loc == "variants.0.bands"] == [
        f"Value error, band {band} listed under {rat}"
    ]


def test_duplicate_bands_in_one_rat_are_rejected() -> None:
    with pytest.raises(ValidationError, match="duplicate bands under lte"):
        BandSet(lte=("B3", "B3"))


def test_candidates_must_be_canonical_band_ids() -> None:
    doc = operator_doc(
        deployments=[
            {
                "band": "B12",
                "layer": "coverage",
                "confidence": "inferred",
                "candidates": ["B12", "lte 17"],
            }
        ]
    )
    assert [loc for loc, _m in errors_of(Operator, doc)] == ["deployments.0.candidates.1"]


# ------------------------------------------------------------------------------ devices


@pytest.mark.parametrize(
    "markets", [["global"], ["US", "CA"], ["europe", "IN"], ["north-america"], []]
)
def test_valid_markets(markets: list[str]) -> None:
    assert Variant.model_validate(variant_doc(markets=markets)).markets == tuple(markets)


@pytest.mark.parametrize("market", ["us", "Europe", "world", "USA", "EU-west", "GLOBAL"])
def test_markets_are_iso_codes_or_known_regions(market: str) -> None:
    ((loc, msg),) = errors_of(Variant, variant_doc(markets=["global", market]))
    assert loc == "markets"
    assert repr(market) in msg
    assert "ISO 3166 alpha-2" in msg


def test_device_needs_at_least_one_variant_with_unique_ids() -> None:
    assert [loc for loc, _m in errors_of(Device, device_doc(variants=[]))] == ["variants"]
    twice = device_doc(variants=[variant_doc(), variant_doc(model_numbers=["AC-2"])])
    ((_loc, msg),) = errors_of(Device, twice)
    assert "duplicate variant ids in acme/test" in msg


def test_variant_needs_sources_and_as_of() -> None:
    doc = variant_doc()
    del doc["as_of"]
    doc["sources"] = []
    assert sorted(loc for loc, _m in errors_of(Variant, doc)) == ["as_of", "sources"]


@pytest.mark.parametrize("released", ["2018", "2018-06", "2018-06-01"])
def test_partial_release_dates(released: str) -> None:
    assert Variant.model_validate(variant_doc(released=released)).released == released


@pytest.mark.parametrize("released", ["June 2018", "18-06", "2018/06"])
def test_bad_partial_release_dates(released: str) -> None:
    assert [loc for loc, _m in errors_of(Variant, variant_doc(released=released))] == ["released"]


def test_variant_ids_are_slugs_and_certified_on_are_operator_ids() -> None:
    assert [loc for loc, _m in errors_of(Variant, variant_doc(id="Global Model"))] == ["id"]
    assert [loc for loc, _m in errors_of(Variant, variant_doc(certified_on=["att"]))] == [
        "certified_on.0"
    ]


def test_nr_modes_values() -> None:
    assert Variant.model_validate(variant_doc(nr_modes=["nsa", "sa"])).nr_modes == ("nsa", "sa")
    assert Variant.model_validate(variant_doc(nr_modes=None)).nr_modes is None
    assert [loc for loc, _m in errors_of(Variant, variant_doc(nr_modes=["5g"]))] == ["nr_modes.0"]


def test_device_full_name_does_not_repeat_the_brand() -> None:
    assert Device.model_validate(device_doc(brand="Xiaomi", name="Mi 8")).full_name == "Xiaomi Mi 8"
    assert (
        Device.model_validate(device_doc(brand="Redmi", name="Redmi Note 13")).full_name
        == "Redmi Note 13"
    )


def test_models_do_not_mutate_their_input() -> None:
    doc = device_doc()
    before = copy.deepcopy(doc)
    Device.model_validate(doc)
    assert doc == before
