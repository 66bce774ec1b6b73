"""Band names (parse_band) and MHz labels (resolve_label): one answer, or every candidate — never a guess."""

from __future__ import annotations

import pytest

from bandfit.bands import (
    LabelMatch,
    Rat,
    band_candidates,
    default_registry,
    parse_band,
    resolve_label,
)
from bandfit.bands.parse import roman_to_int
from bandfit.errors import AmbiguousBandError, UnknownBandError, UnknownCountryError

REG = default_registry()


@pytest.mark.parametrize(
    ("text", "rat", "expected"),
    [
        ("B12", None, "B12"),
        ("b12", None, "B12"),
        ("Band 12", None, "B12"),
        ("band 66", None, "B66"),
        ("LTE 12", None, "B12"),
        ("LTE B12", None, "B12"),
        ("LTE band 12", None, "B12"),
        ("4G 20", None, "B20"),
        ("B 12", None, "B12"),
        ("12", "lte", "B12"),
        ("12", "nr", "n12"),
        ("n78", None, "n78"),
        ("N78", None, "n78"),
        ("NR 78", None, "n78"),
        ("5G n78", None, "n78"),
        ("U5", None, "U5"),
        ("UMTS V", None, "U5"),
        ("WCDMA II", None, "U2"),
        ("Band IV", None, "U4"),
        ("Band XXVI", None, "U26"),
        ("B12", "umts", "U12"),
        ("Band 5", "umts", "U5"),
        ("UMTS 2100", None, "U1"),
        ("PCS", "lte", "B2"),
        ("PCS", "gsm", "GSM1900"),
        ("PCS", "umts", "U2"),
        ("PCS", "cdma", "BC1"),
        ("PCS", "nr", "n2"),
        ("PCS 1900", None, "GSM1900"),
        ("DCS 1800", None, "GSM1800"),
        ("DCS", "gsm", "GSM1800"),
        ("AWS-1", "lte", "B4"),
        ("AWS-1", "umts", "U4"),
        ("BC0", None, "BC0"),
        ("BC 10", None, "BC10"),
        ("Band Class 0", None, "BC0"),
        ("GSM 850", None, "GSM850"),
        ("GSM 900", None, "GSM900"),
        ("P-GSM", None, "GSM900"),
        ("E-GSM", None, "EGSM900"),
        ("E-GSM 900", None, "EGSM900"),
        ("EGSM900", None, "EGSM900"),
        ("R-GSM", None, "RGSM900"),
        ("gsm1900", None, "GSM1900"),
        ("C-band", None, "n77"),
    ],
)
def test_parse_band(text: str, rat: str | None, expected: str) -> None:
    assert parse_band(text, rat=rat).id == expected


@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        ("PCS", {"GSM1900", "U2", "BC1", "B2", "n2"}),
        ("DCS", {"GSM1800", "U3", "B3", "n3"}),
        ("AWS-1", {"U4", "BC15", "B4"}),
        ("Cellular", {"GSM850", "U5", "BC0", "B5", "n5"}),
        ("CBRS", {"B48", "n48"}),
        ("12", {"B12", "n12", "U12"}),
        ("UMTS 850", {"U5", "U26"}),
        ("LTE 700", {"B12", "B13", "B14", "B17", "B28", "B29", "B44", "B67", "B68", "B85"}),
    ],
)
def test_ambiguous_names_list_every_candidate(text: str, candidates: set[str]) -> None:
    with pytest.raises(AmbiguousBandError) as info:
        parse_band(text)
    err = info.value
    assert set(err.candidates) == candidates
    assert isinstance(err, ValueError)
    assert err.details["candidates"] == list(err.candidates)
    assert err.hint


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("B99", "B9"),
        ("n999", "n99"),
        ("n300", "n30"),
        ("Bnd 12", "B12"),
        ("LTE 99", "B9"),
        ("GSM 2100", "GSM1900"),
    ],
)
def test_unknown_names_suggest_close_ones(text: str, suggestion: str) -> None:
    with pytest.raises(UnknownBandError) as info:
        parse_band(text)
    assert suggestion in info.value.suggestions
    assert isinstance(info.value, LookupError)
    assert "did you mean" in str(info.value)


@pytest.mark.parametrize("text", ["", "   ", "XYZ", "foo"])
def test_nonsense_is_unknown(text: str) -> None:
    with pytest.raises(UnknownBandError):
        parse_band(text)


def test_roman_numerals() -> None:
    assert [roman_to_int(s) for s in ("I", "iv", "IX", "XXVI", "XXXII")] == [1, 4, 9, 26, 32]
    with pytest.raises(ValueError, match="Roman"):
        roman_to_int("XIIZ")


# ---------------------------------------------------------------------------- MHz labels
@pytest.mark.parametrize(
    ("text", "hint", "candidates", "scope"),
    [
        ("LTE 700", {"country": "US"}, {"B12", "B13", "B14", "B17", "B29", "B85"}, "US"),
        ("LTE 700", {"country": "GB"}, {"B28", "B67", "B68"}, "ITU1"),
        (
            "LTE 700",
            {},
            {"B12", "B13", "B14", "B17", "B28", "B29", "B44", "B67", "B68", "B85"},
            "*",
        ),
        ("LTE 700", {"region": 3}, {"B28", "B44"}, "ITU3"),
        ("LTE 700", {"region": "ITU1"}, {"B28", "B67", "B68"}, "ITU1"),
        ("5G 3500", {}, {"n48", "n77", "n78"}, "*"),
        ("5G 3500", {"country": "US"}, {"n48", "n77"}, "US"),
        ("5G 3500", {"country": "GB"}, {"n78"}, "ITU1"),
        ("TD-LTE 2600", {}, {"B38", "B41"}, "*"),
        ("LTE 2600 TDD", {}, {"B38", "B41"}, "*"),
        ("LTE 2600 FDD", {}, {"B7"}, "*"),
        ("HSDPA 1700(AWS)", {}, {"U4", "U10"}, "*"),
        ("HSDPA 1700", {}, {"U4", "U9", "U10"}, "*"),
        ("UMTS 2100", {}, {"U1"}, "*"),
        ("LTE 800", {"country": "DE"}, {"B20"}, "ITU1"),
        ("5G 600", {}, {"n71", "n105"}, "*"),
        ("LTE 5500", {}, {"B46"}, "range"),  # no convention: bands whose range holds 5500 MHz
    ],
)
def test_resolve_label(
    text: str, hint: dict[str, object], candidates: set[str], scope: str
) -> None:
    match = resolve_label(text, **hint)
    assert isinstance(match, LabelMatch)
    assert set(match.candidates) == candidates
    assert len(match.candidates) == len(set(match.candidates))
    assert match.scope == scope
    assert match.is_ambiguous is (len(candidates) > 1)
    assert match.to_dict()["candidates"] == list(match.candidates)


def test_explicit_band_in_a_label_wins() -> None:
    match = resolve_label("LTE 700 (band 12)")
    assert (match.candidates, match.scope) == (("B12",), "explicit")


@pytest.mark.parametrize("text", ["LTE 1234", "LTE", "foo 700"])
def test_unresolvable_labels(text: str) -> None:
    with pytest.raises(UnknownBandError):
        resolve_label(text)


@pytest.mark.parametrize("country", ["XX", "AQ", "ZZZ"])
def test_unknown_country_in_a_label_hint(country: str) -> None:
    """A label hint has nothing to do with operators: the error must not speak of them."""
    with pytest.raises(UnknownCountryError) as info:
        resolve_label("LTE 700", country=country)
    assert "operator" not in str(info.value)
    assert f"unknown country {country!r}" in info.value.message


def test_an_alpha3_country_hint_is_its_alpha2_country() -> None:
    assert resolve_label("LTE 700", country="USA") == resolve_label("LTE 700", country="US")


_RAT_WORD = {Rat.GSM: "GSM", Rat.UMTS: "UMTS", Rat.CDMA: "CDMA", Rat.LTE: "LTE", Rat.NR: "5G"}


@pytest.mark.parametrize("rule", REG.labels, ids=lambda r: f"{r.rat.value}-{r.label_mhz}-{r.scope}")
def test_every_label_convention_resolves_to_its_full_candidate_set(rule) -> None:
    """Shared labels come back as the whole set; a label is never silently one of several bands."""
    text = f"{_RAT_WORD[rule.rat]} {rule.label_mhz}"
    for band_id in rule.bands:
        assert REG.get(band_id).rat is rule.rat
    if rule.scope == "*":
        hint: dict[str, object] = {}
    elif rule.scope.startswith("ITU"):
        hint = {"region": rule.scope}
    else:
        hint = {"country": rule.scope}
    match = resolve_label(text, **hint)
    assert match.candidates == rule.bands
    assert match.scope == rule.scope
    if rule.scope == "*" and len(rule.bands) > 1 and rule.rat is not Rat.GSM:
        with pytest.raises(AmbiguousBandError) as info:
            parse_band(text)
        assert set(info.value.candidates) == set(rule.bands)
        assert set(band_candidates(text)) == set(rule.bands)


def test_band_candidates() -> None:
    assert band_candidates("B12") == ("B12",)
    assert set(band_candidates("5G 3500", country="US")) == {"n48", "n77"}
    assert set(band_candidates("LTE 700")) == {
        "B12",
        "B13",
        "B14",
        "B17",
        "B28",
        "B29",
        "B44",
        "B67",
        "B68",
        "B85",
    }
    assert set(band_candidates("PCS")) == {"GSM1900", "U2", "BC1", "B2", "n2"}
