"""Finding operators and devices the way people name them.

Mechanics run on the tiny fixture catalog and on small catalogs built here (ambiguity needs two
records that share a name); the named real-world examples ("310410", "redmi note 13 pro",
"sm-s928b/ds") run on the shipped catalog and are marked ``shipped_data``.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import pytest

from bandfit.catalog.load import Catalog, default_catalog
from bandfit.catalog.model import Device, Operator
from bandfit.catalog.query import (
    find_operator,
    normalise_model_number,
    normalise_text,
    pick_variant,
    resolve_device,
    resolve_variant,
    search_devices,
    search_operators,
)
from bandfit.errors import (
    AmbiguousDeviceError,
    AmbiguousOperatorError,
    InvalidInputError,
    UnknownCountryError,
    UnknownDeviceError,
    UnknownOperatorError,
    UnknownVariantError,
)
from bandfit.testing import tiny_catalog

FX = {"fx": {"title": "query fixture", "publisher": "tests"}}


def op(op_id: str, name: str, *, kind: str = "MNO", **extra: Any) -> Operator:
    doc: dict[str, Any] = {
        "id": op_id,
        "name": name,
        "country": op_id[:2].upper(),
        "kind": kind,
        "sources": FX,
        "as_of": "2026-01-01",
        **extra,
    }
    if kind == "MVNO":
        doc.setdefault("hosts", [{"operator": "xa/one"}])
    return Operator.model_validate(doc)


def dev(
    dev_id: str, name: str, variants: list[tuple[str, list[str], list[str]]], **extra: Any
) -> Device:
    return Device.model_validate(
        {
            "id": dev_id,
            "brand": dev_id.split("/")[0].title(),
            "name": name,
            "variants": [
                {
                    "id": vid,
                    "name": vid.title(),
                    "markets": markets,
                    "model_numbers": numbers,
                    "bands": {"lte": ["B3"]},
                    "sources": ["fx"],
                    "as_of": "2026-01-01",
                }
                for vid, markets, numbers in variants
            ],
            "sources": FX,
            "as_of": "2026-01-01",
            **extra,
        }
    )


@cache
def twins() -> Catalog:
    """Records that collide on purpose: shared names, brands, PLMNs and model numbers."""
    operators = [
        op("xa/one", "One Telecom", brands=["Uno"], plmns=["001-05"]),
        op("xb/one", "One Telecom", brands=["One"], plmns=["002-05"]),
        op("xa/budget", "Budget Mobile", kind="MVNO", plmns=["001-05", "001-07"]),
        op("xa/cheap", "Cheap Mobile", kind="MVNO", plmns=["001-07"]),
    ]
    devices = [
        dev("acme/rocket", "Rocket", [("eu", ["europe"], ["RK-1E"]), ("us", ["US"], ["RK-1U"])]),
        dev("acme/rocket-pro", "Rocket Pro", [("global", ["global"], ["RK-2G", "RK-SHARED"])]),
        dev("zeta/rocket-pro", "Rocket Pro", [("global", ["global"], ["ZT-RK", "RK-SHARED"])]),
    ]
    return Catalog(operators, devices, version="twins")


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return Catalog.from_compiled()


# ------------------------------------------------------------------------------ normalisation


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("sm-s928b/ds", "SM-S928B"),
        (" SM-G960F/DSN ", "SM-G960F"),
        ("sm s928 u", "SMS928U"),
        ("M2101K6G", "M2101K6G"),
        ("a2849", "A2849"),
        ("XT2041-4/DD", "XT2041-4"),
    ],
)
def test_normalise_model_number(raw: str, norm: str) -> None:
    assert normalise_model_number(raw) == norm


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("Mi8 Pro+", "mi 8 pro plus"),
        ("Redmi Note 13 Pro", "redmi note 13 pro"),
        ("Galaxy S24-Ultra", "galaxy s 24 ultra"),
        ("AT&T", "at and t"),
        ("  iPhone 15 Pro Max ", "iphone 15 pro max"),
    ],
)
def test_normalise_text(raw: str, norm: str) -> None:
    assert normalise_text(raw) == norm


# ------------------------------------------------------------------------------ operators


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("xa/alpha", "xa/alpha"),
        ("XA/Alpha", "xa/alpha"),
        ("Alpha", "xa/alpha"),
        ("alpha", "xa/alpha"),
        ("gamma mobile", "xa/gamma-mobile"),
        ("Gamma-Mobile", "xa/gamma-mobile"),
        ("SA Net", "xb/sa-net"),
        ("00101", "xa/alpha"),
        ("001-01", "xa/alpha"),
        ("001 01", "xa/alpha"),
        ("001-02", "xa/beta"),
    ],
)
def test_find_operator_by_id_name_and_plmn(key: str, expected: str) -> None:
    cat = tiny_catalog()
    assert find_operator(cat, key).id == expected
    assert cat.operator(key).id == expected


def test_find_operator_by_brand() -> None:
    assert find_operator(twins(), "Uno").id == "xa/one"


def test_plmn_prefers_the_mno_over_an_mvno_sharing_it() -> None:
    assert find_operator(twins(), "00105").id == "xa/one"


def test_plmn_shared_by_two_mvnos_is_ambiguous() -> None:
    with pytest.raises(AmbiguousOperatorError) as info:
        find_operator(twins(), "001-07")
    assert info.value.candidates == ("xa/budget", "xa/cheap")


def test_name_used_in_two_countries_is_ambiguous() -> None:
    with pytest.raises(AmbiguousOperatorError) as info:
        find_operator(twins(), "One Telecom")
    err = info.value
    assert sorted(err.candidates) == ["xa/one", "xb/one"]
    assert err.code == "ambiguous-operator"
    assert isinstance(err, ValueError)
    assert "xa/one" in (err.hint or "")
    # the id, a brand or a PLMN disambiguates
    assert find_operator(twins(), "xb/one").id == "xb/one"
    assert find_operator(twins(), "002-05").id == "xb/one"


def test_unknown_operator_suggests_close_names() -> None:
    with pytest.raises(UnknownOperatorError) as info:
        find_operator(tiny_catalog(), "Alpah")
    assert "xa/alpha" in info.value.suggestions
    assert isinstance(info.value, LookupError)
    with pytest.raises(UnknownOperatorError):
        find_operator(tiny_catalog(), "999-99")


def test_search_operators_scores_and_country_filter() -> None:
    cat = tiny_catalog()
    hits = search_operators(cat, "alpha")
    assert hits[0] == (cat.operators["xa/alpha"], 1.0)
    assert search_operators(cat, "gamma")[0] == (cat.operators["xa/gamma-mobile"], 0.8)
    assert search_operators(cat, "alpha", country="XB") == []
    assert [o.id for o, _s in search_operators(twins(), "One Telecom", country="xb")] == ["xb/one"]


def test_search_operators_country_is_resolved_like_every_country_argument() -> None:
    """`country=` used to be compared upper-cased: a name matched nothing and a typo ('XX',
    'ZZZ') silently returned no operators, as if the country had none."""
    cat = tiny_catalog()
    assert [o.id for o, _s in search_operators(cat, "alpha", country=" xa ")] == ["xa/alpha"]
    assert search_operators(cat, "alpha", country="United States") == []  # real, no operators
    assert search_operators(cat, "alpha", country="USA") == []  # its alpha-3 code too
    for code in ("XX", "ZZZ"):
        with pytest.raises(UnknownCountryError) as info:
            search_operators(cat, "alpha", country=code)
        assert "operator" not in str(info.value)


def test_operators_in_country_on_a_date(shipped: Catalog) -> None:
    ids_2019 = [o.id for o in shipped.operators_in("US", on=dt.date(2019, 6, 1))]
    ids_now = [o.id for o in shipped.operators_in("us", on=dt.date(2026, 11, 21))]
    assert {"us/att", "us/verizon", "us/t-mobile", "us/sprint"} <= set(ids_2019)
    assert "us/sprint" not in ids_now  # merged into T-Mobile 2022
    assert "us/boost" in ids_now
    assert "us/boost" not in ids_2019  # an MNO since 2020-07-01
    every = shipped.operators_in("United States")
    assert {o.id for o in every} >= set(ids_2019) | set(ids_now)
    kinds = [o.kind for o in every]
    assert kinds == sorted(kinds, key=lambda k: k != "MNO")  # MNOs first
    assert all(o.country == "US" for o in every)
    with pytest.raises(UnknownCountryError):
        shipped.operators_in("Atlantis")


def test_operators_in_accepts_the_fixture_countries() -> None:
    assert [o.id for o in tiny_catalog().operators_in("XA")] == [
        "xa/alpha",
        "xa/beta",
        "xa/gamma-mobile",
    ]


@pytest.mark.shipped_data
@pytest.mark.parametrize("key", ["310410", "310-410", "310 410", "us/att", "AT&T Mobility"])
def test_shipped_att_by_plmn_id_and_name(shipped: Catalog, key: str) -> None:
    assert find_operator(shipped, key).id == "us/att"


@pytest.mark.shipped_data
@pytest.mark.parametrize(
    ("key", "candidates"),
    [
        ("AT&T", {"mx/att", "us/att"}),
        ("T-Mobile", {"pl/t-mobile", "us/t-mobile"}),
        ("Vodafone", {"gb/vodafone", "de/vodafone", "es/vodafone", "it/vodafone"}),
    ],
)
def test_shipped_brand_in_several_countries_is_ambiguous(
    shipped: Catalog, key: str, candidates: set[str]
) -> None:
    with pytest.raises(AmbiguousOperatorError) as info:
        find_operator(shipped, key)
    assert candidates <= set(info.value.candidates)


# ------------------------------------------------------------------------------ devices


@pytest.mark.parametrize(
    ("query", "device", "variant", "how"),
    [
        ("acme/phone-one", "acme/phone-one", None, "id"),
        ("Phone One", "acme/phone-one", None, "name"),
        ("acme phone one", "acme/phone-one", None, "name"),
        ("Acme One", "acme/phone-one", None, "alias"),
        ("ac-100u", "acme/phone-one", "us", "model-number"),
        ("AC-100L", "acme/phone-one", "legacy", "model-number"),
        ("zt-5g", "zeta/five", "global", "model-number"),
        ("five 5g", "zeta/five", None, "name"),
    ],
)
def test_search_devices_top_hit(query: str, device: str, variant: str | None, how: str) -> None:
    top = search_devices(tiny_catalog(), query)[0]
    assert (top.device.id, top.variant.id if top.variant else None, top.how) == (
        device,
        variant,
        how,
    )
    assert top.to_dict()["matched_by"] == how


def test_search_devices_scoring_order() -> None:
    hits = search_devices(tiny_catalog(), "AC-100G")
    assert hits[0].score == 1.0
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert search_devices(tiny_catalog(), "   ") == []
    assert len(search_devices(tiny_catalog(), "phone", limit=1)) == 1


def test_resolve_picks_the_single_global_variant_and_says_so() -> None:
    hit = resolve_device(tiny_catalog(), "Acme Phone One")
    assert hit.variant is not None
    assert hit.variant.id == "global"
    assert hit.notes == (
        "chose the global variant (global); other variants: legacy, us "
        "(give a model number or a variant id for another)",
    )


def test_resolve_prefers_the_variant_sold_in_the_market() -> None:
    """On a US operator, "Acme Phone One" means the phone sold in the US, and the note says so."""
    hit = resolve_device(tiny_catalog(), "Acme Phone One", market="US")
    assert hit.variant is not None
    assert hit.variant.id == "us"
    assert hit.notes[0].startswith("chose the variant sold in US (us)")
    # a market no variant is sold in falls back to the global variant
    other = resolve_device(tiny_catalog(), "Acme Phone One", market="JP")
    assert other.variant is not None
    assert other.variant.id == "global"


@pytest.mark.shipped_data
def test_model_number_and_conflicting_variant_is_an_error() -> None:
    cat = default_catalog()
    with pytest.raises(InvalidInputError, match="pins the variant"):
        resolve_device(cat, "A2849", variant="A3105")
    # the same variant named twice is fine
    assert resolve_device(cat, "A2849", variant="A2849").variant is not None


@pytest.mark.shipped_data
def test_a_look_alike_name_is_unknown_not_ambiguous() -> None:
    """'iPhone 99' only resembles existing phones: unknown, with suggestions."""
    with pytest.raises(UnknownDeviceError) as info:
        resolve_device(default_catalog(), "iPhone 99")
    assert info.value.suggestions


def test_resolve_by_model_number_pins_the_variant() -> None:
    device, variant = resolve_variant(tiny_catalog(), "ac-100u")
    assert (device.id, variant.id) == ("acme/phone-one", "us")
    assert tiny_catalog().resolve("AC-100U/DS")[1].id == "us"


@pytest.mark.parametrize("key", ["us", "USA", "ac-100u", "AC-100U/DS"])
def test_pick_variant_by_id_name_or_model_number(key: str) -> None:
    device = tiny_catalog().devices["acme/phone-one"]
    assert pick_variant(device, key) == (device.variants[2], ())


def test_unknown_variant_lists_the_available_ones() -> None:
    with pytest.raises(UnknownVariantError) as info:
        tiny_catalog().resolve("acme/phone-one", variant="japan")
    assert info.value.available == ("global", "legacy", "us")


def test_several_variants_without_a_global_one_are_ambiguous() -> None:
    with pytest.raises(AmbiguousDeviceError) as info:
        resolve_device(twins(), "acme/rocket")
    assert info.value.candidates == ("acme/rocket --variant eu", "acme/rocket --variant us")
    chosen = resolve_device(twins(), "acme/rocket", variant="us").variant
    assert chosen is not None
    assert chosen.id == "us"


def test_same_name_on_two_brands_is_ambiguous() -> None:
    with pytest.raises(AmbiguousDeviceError) as info:
        resolve_device(twins(), "rocket pro")
    assert set(info.value.candidates) == {"acme/rocket-pro", "zeta/rocket-pro"}


def test_brand_word_decides_between_same_named_devices() -> None:
    hits = search_devices(twins(), "rocket pro")
    assert [(h.device.id, h.score) for h in hits[:2]] == [
        ("acme/rocket-pro", 0.95),
        ("zeta/rocket-pro", 0.95),
    ]
    assert resolve_device(twins(), "zeta rocket pro").device.id == "zeta/rocket-pro"


def test_model_number_of_two_devices_is_ambiguous() -> None:
    with pytest.raises(AmbiguousDeviceError) as info:
        resolve_device(twins(), "rk-shared")
    assert set(info.value.candidates) == {
        "acme/rocket-pro --variant global",
        "zeta/rocket-pro --variant global",
    }


def test_unknown_device_suggests_near_names() -> None:
    with pytest.raises(UnknownDeviceError):
        resolve_device(tiny_catalog(), "Nokia 3310")
    with pytest.raises(UnknownDeviceError) as info:
        resolve_device(tiny_catalog(), "phone onee")
    assert "acme/phone-one" in info.value.suggestions


# ------------------------------------------------------------------------------ shipped examples


@pytest.mark.shipped_data
@pytest.mark.parametrize(
    ("query", "device", "variant", "number"),
    [
        ("M2101K6G", "xiaomi/redmi-note-10-pro", "global", "M2101K6G"),
        ("m2101k6g", "xiaomi/redmi-note-10-pro", "global", "M2101K6G"),
        ("sm-s928u", "samsung/galaxy-s24-ultra", "usa", "SM-S928U"),
        ("sm-s928b/ds", "samsung/galaxy-s24-ultra", "global", "SM-S928B"),
        ("SM-S928B", "samsung/galaxy-s24-ultra", "global", "SM-S928B"),
        ("M1803E1A", "xiaomi/mi-8", "global-china", "M1803E1A"),
    ],
)
def test_shipped_model_numbers_pin_the_variant(
    shipped: Catalog, query: str, device: str, variant: str, number: str
) -> None:
    top = search_devices(shipped, query)[0]
    assert top.how == "model-number"
    assert top.variant is not None
    assert (top.device.id, top.variant.id) == (device, variant)
    assert number in top.variant.model_numbers
    assert resolve_variant(shipped, query)[1] is top.variant


@pytest.mark.shipped_data
def test_shipped_redmi_note_13_pro_finds_the_4g_and_the_5g_model(shipped: Catalog) -> None:
    """GSMArena calls the 5G phone "Redmi Note 13 Pro" too: both must come up on top."""
    hits = search_devices(shipped, "redmi note 13 pro", limit=5)
    top = {(h.device.id, h.how) for h in hits if h.score == 0.95}
    assert top == {
        ("xiaomi/redmi-note-13-pro", "name"),
        ("xiaomi/redmi-note-13-pro-5g", "alias"),
    }
    assert hits[2].device.id == "xiaomi/redmi-note-13-pro-plus-5g"


@pytest.mark.shipped_data
def test_shipped_name_resolves_to_the_global_variant(shipped: Catalog) -> None:
    hit = resolve_device(shipped, "galaxy s24 ultra")
    assert hit.device.id == "samsung/galaxy-s24-ultra"
    assert hit.variant is not None
    assert "global" in hit.variant.markets
    assert hit.notes
    assert hit.notes[0].startswith("chose the global variant")


def _outcome(catalog: Catalog, query: str) -> tuple[str, ...]:
    try:
        hit = resolve_device(catalog, query)
    except (AmbiguousDeviceError, UnknownDeviceError) as err:
        return (type(err).__name__, str(err))
    return (hit.device.id, hit.variant.id if hit.variant else "", hit.how, f"{hit.score:.3f}")


def test_exact_fast_path_resolves_like_the_full_search(
    shipped: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """resolve_device decides from exact hits when there are any; it must answer exactly as
    when every device name is scored (the full search), on names, aliases, ids and model
    numbers of the shipped catalog, and on near-misses that need the fuzzy search."""
    import bandfit.catalog.query as q

    queries: set[str] = set()
    for k, dev in enumerate(sorted(shipped.devices.values(), key=lambda d: d.id)):
        if k % 3 == 0:  # a third of the catalog keeps the test quick; all kinds of query
            queries |= {dev.id, dev.name, dev.full_name, dev.full_name.upper(), *dev.aliases}
            queries |= {m for v in dev.variants for m in v.model_numbers[:1]}
        if k % 20 == 0:
            queries.add(dev.full_name[:-1])  # a typo: no exact hit, the fuzzy path answers
    fast = {query: _outcome(shipped, query) for query in sorted(queries)}
    original = q._search

    def full(catalog: Catalog, query: str, *, limit: int, exact_only: bool) -> Any:
        return original(catalog, query, limit=limit, exact_only=False)

    monkeypatch.setattr(q, "_search", full)
    slow = {query: _outcome(shipped, query) for query in sorted(queries)}
    assert fast == slow
    assert sum(1 for o in fast.values() if o[2:3] in (("name",), ("alias",))) > 50


def test_resolve_device_id_colon_variant_as_the_planner_prints_it() -> None:
    """`bandfit plan` lists closest variants as ``device:variant`` (and ``--from-variant``
    takes that form); ``check`` and ``devices show`` accept the same reference."""
    hit = resolve_device(tiny_catalog(), "acme/phone-one:us")
    assert (hit.device.id, hit.variant.id if hit.variant else None) == ("acme/phone-one", "us")
    assert hit.notes == ()
    # the same variant also named with --variant is fine; another one is a conflict
    assert resolve_device(tiny_catalog(), "acme/phone-one:us", variant="AC-100U").variant
    with pytest.raises(InvalidInputError, match="names variant us"):
        resolve_device(tiny_catalog(), "acme/phone-one:us", variant="global")
    with pytest.raises(UnknownVariantError):
        resolve_device(tiny_catalog(), "acme/phone-one:nope")
