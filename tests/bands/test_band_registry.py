"""The band registry: identity, units, UL/DL explicitness, relations computed from the ranges."""

from __future__ import annotations

import pickle
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bandfit.bands import (
    Band,
    BandRegistry,
    Duplex,
    FreqRange,
    Link,
    Rat,
    covers,
    default_registry,
    find_bands,
    get_band,
)
from bandfit.bands.compile import BandDataError, compile_band_tables, mhz_to_khz
from bandfit.errors import UnknownBandError, UnknownCountryError

ROOT = Path(__file__).resolve().parents[2]
REG = default_registry()
ID_PATTERN = {
    Rat.LTE: r"B(\d+)",
    Rat.NR: r"n(\d+)",
    Rat.UMTS: r"U(\d+)",
    Rat.CDMA: r"BC(\d+)",
    Rat.GSM: r"(?:GSM|EGSM|RGSM)(\d{3,4})",
}


# ------------------------------------------------------------------------ identity, units
def test_ids_are_canonical_and_unique() -> None:
    ids = [b.id for b in REG]
    assert len(ids) == len(set(ids)) == len(REG)
    for band in REG:
        m = re.fullmatch(ID_PATTERN[band.rat], band.id)
        assert m, band.id
        if band.rat is not Rat.GSM:
            assert band.number == int(m.group(1)), band.id


def test_every_rat_is_populated() -> None:
    counts = Counter(b.rat for b in REG)
    assert set(counts) == set(Rat)
    assert counts[Rat.LTE] >= 60
    assert counts[Rat.NR] >= 70
    assert sum(counts.values()) == len(REG)


def test_frequencies_are_integer_khz() -> None:
    for band in REG:
        for rng in (band.ul, band.dl):
            if rng is not None:
                assert type(rng.low_khz) is int
                assert type(rng.high_khz) is int
                assert 0 < rng.low_khz < rng.high_khz <= 100_000_000, band.id
    assert mhz_to_khz("1844.9") == 1_844_900
    with pytest.raises(ValueError, match="whole number of kHz"):
        mhz_to_khz("1844.9005")


@pytest.mark.parametrize("band", list(REG), ids=lambda b: b.id)
def test_links_follow_the_duplex_mode(band: Band) -> None:
    if band.duplex is Duplex.TDD:
        assert band.ul == band.dl is not None
    elif band.duplex is Duplex.FDD:
        assert band.ul is not None
        assert band.dl is not None
        assert band.duplex_spacing_khz == band.dl.low_khz - band.ul.low_khz
    elif band.duplex is Duplex.SDL:
        assert (band.ul, band.links) == (None, (Link.DL,))
    else:
        assert (band.dl, band.links) == (None, (Link.UL,))
    if band.duplex is not Duplex.FDD:
        assert band.duplex_spacing_khz is None


def test_reverse_duplex_and_frequency_ranges() -> None:
    assert get_band("B13").duplex_spacing_khz == -31_000
    assert get_band("B12").duplex_spacing_khz == 30_000
    assert (get_band("n78").fr, get_band("n257").fr, get_band("B1").fr) == ("FR1", "FR2", None)


@pytest.mark.parametrize("band", list(REG), ids=lambda b: b.id)
def test_every_band_link_has_a_channel_table(band: Band) -> None:
    if band.rat is Rat.CDMA:
        return  # CDMA channel numbering is not modelled
    tables = {
        Rat.LTE: [(r.band, r.link) for r in REG.earfcn],
        Rat.NR: [(r.band, r.link) for r in REG.nr_raster],
        Rat.UMTS: [(r.band, r.link) for r in REG.uarfcn],
        Rat.GSM: [(r.band, lk) for r in REG.gsm_arfcn for lk in Link],
    }[band.rat]
    assert {lk for b, lk in tables if b == band.id} == set(band.links)


def test_lookups() -> None:
    assert get_band("b66") is get_band("B66")
    assert get_band("N78").id == "n78"
    assert "B66" in REG
    assert "b66" not in REG  # membership is by canonical id
    with pytest.raises(UnknownBandError) as info:
        get_band("B99")
    assert isinstance(info.value, LookupError)
    assert "B9" in info.value.suggestions
    assert info.value.details["suggestions"] == list(info.value.suggestions)
    assert REG.country("gb").itu_region == 1
    assert REG.country("United States").code == "US"
    with pytest.raises(UnknownCountryError):
        REG.country("XX")


@pytest.mark.parametrize("code", ["XX", "AQ", "Narnia"])
def test_unknown_country_is_not_called_a_country_without_operators(code: str) -> None:
    """The registry knows nothing of operators: 'no operators for country' was wrong here."""
    with pytest.raises(UnknownCountryError) as info:
        REG.country(code)
    assert info.value.message == (
        f"unknown country {code!r}: bandfit knows no country by that ISO 3166-1 code "
        "or English name"
    )
    assert "operator" not in str(info.value)
    assert info.value.value == code


@pytest.mark.parametrize(
    ("code", "alpha2"),
    [
        ("USA", "US"),
        (" usa ", "US"),
        ("DEU", "DE"),
        ("GBR", "GB"),
        ("CHN", "CN"),
        ("SRB", "RS"),
        ("AUT", "AT"),
        ("XKX", "XK"),
    ],
)
def test_alpha3_codes_are_accepted_and_answer_in_alpha2(code: str, alpha2: str) -> None:
    """ISO alpha-3 codes map through data/countries.csv's alpha3 column (SRB is Serbia, RS,
    not Suriname, SR — no guessing); answers always carry the alpha-2 code."""
    assert REG.country(code).code == alpha2


def test_every_alpha3_code_is_unique_and_three_letters() -> None:
    codes = [c.alpha3 for c in REG.countries.values() if c.alpha3 is not None]
    assert len(codes) == len(set(codes)) >= 240
    assert all(len(c) == 3 and c.isalpha() and c.isupper() for c in codes)
    with pytest.raises(UnknownCountryError) as info:
        REG.country("XXX")
    assert info.value.suggestions == ()
    assert "USA" in (info.value.hint or "")


def test_unknown_country_name_hint_says_english_names_work() -> None:
    with pytest.raises(UnknownCountryError) as info:
        REG.country("Deutschland")
    assert "English name" in (info.value.hint or "")
    assert REG.country("germany").code == "DE"  # which the hint promises


def test_values_pickle_and_registry_reloads_from_file() -> None:
    band = get_band("B66")
    assert pickle.loads(pickle.dumps(band)) == band
    other = BandRegistry.from_file(ROOT / "src" / "bandfit" / "_data" / "bands.json")
    assert list(other) == list(REG)
    assert other.earfcn == REG.earfcn
    assert other.nr_raster == REG.nr_raster


def test_freqrange() -> None:
    rng = FreqRange(729_000, 746_000)
    assert (rng.width_khz, rng.center_khz, str(rng)) == (17_000, 737_500, "729–746 MHz")
    assert rng.contains(729_000)
    assert rng.contains(746_000)
    assert not rng.contains(746_001)
    assert not FreqRange(1, 2).overlaps(FreqRange(2, 3))  # sharing an edge is not overlapping
    with pytest.raises(ValueError, match="low"):
        FreqRange(2, 1)


# -------------------------------------------------------------------------------- covers()
SUPERSETS = [
    ("B66", "B4"),
    ("B25", "B2"),
    ("B26", "B5"),
    ("B12", "B17"),
    ("B41", "B38"),
    ("n77", "n78"),
    ("n25", "n2"),
]


@pytest.mark.parametrize(("big", "small"), SUPERSETS)
def test_covers_from_the_data(big: str, small: str) -> None:
    assert covers(big, small)
    assert not covers(small, big)
    assert get_band(big) in REG.supersets(small)
    assert get_band(small) in REG.subsets(big)


def test_covers_needs_same_rat_and_duplex() -> None:
    assert not covers("B41", "B7")  # TDD B41 spans B7's spectrum but is not FDD
    assert not covers("B7", "B41")
    assert not covers("B1", "n1")  # same spectrum, different RAT
    assert not covers("B66", "B66")  # a band does not "cover" itself


def test_covers_is_exactly_range_containment() -> None:
    """No hand list: Band.covers() holds exactly when every range of b lies inside a's on that
    link; the registry's relations add, for NR only, the channel-raster check."""
    for rat in Rat:
        group = REG.bands(rat)
        for a in group:
            for b in group:
                expected = (
                    a.id != b.id
                    and a.duplex is b.duplex
                    and all(
                        a.range(lk) is not None
                        and a.range(lk).low_khz <= b.range(lk).low_khz
                        and b.range(lk).high_khz <= a.range(lk).high_khz
                        for lk in b.links
                    )
                )
                assert a.covers(b) is expected, (a.id, b.id)
                related = expected and REG.raster_compatible(a, b)
                assert related is (expected if rat is not Rat.NR else related)
                assert (a in REG.supersets(b)) is related
                assert (b in REG.subsets(a)) is related
                assert REG.covers(a, b) is related


def _raster_points(band: str) -> set[tuple[str, int]]:
    return {
        (r.link.value, n)
        for r in REG.nr_raster
        if r.band == band
        for n in range(r.first, r.last + 1, r.step)
    }


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        ("n77", "n78", True),
        ("n77", "n48", True),
        ("n25", "n2", True),
        ("n85", "n12", True),
        ("n90", "n41", True),  # n90 = n41's rasters plus a 100 kHz raster
        ("n90", "n38", True),
        ("n41", "n38", False),  # n38's 100 kHz points: only one in three is on n41's raster
        ("n41", "n90", False),
    ],
)
def test_nr_cover_needs_every_raster_point(outer: str, inner: str, expected: bool) -> None:
    """TS 38.101-1 Table 5.4.2.3-1: checked point by point against the raster tables."""
    assert REG.covers(outer, inner) is expected
    assert covers(outer, inner) is expected
    assert (_raster_points(inner) <= _raster_points(outer)) is expected


def test_find_bands_never_mixes_links() -> None:
    dl = [b.id for b in find_bands(739_000, link="dl", rat="lte")]
    assert dl == ["B12", "B17", "B44", "B67", "B85"]
    assert "B13" in [b.id for b in find_bands(782_000, link=Link.UL, rat=Rat.LTE)]
    assert "B13" not in [b.id for b in find_bands(782_000, link=Link.DL, rat=Rat.LTE)]
    # SUL n80 (1710-1785 UL only) never answers a DL question
    assert "n80" in [b.id for b in find_bands(1_750_000, link="ul")]
    assert "n80" not in [b.id for b in find_bands(1_750_000, link="dl")]


# ---------------------------------------------------------------- exclusions and the data
def _excluded_ids() -> set[str]:
    sources = yaml.safe_load((ROOT / "data" / "3gpp" / "SOURCES.yaml").read_text(encoding="utf-8"))
    text = sources["tables"]["eutra_bands.csv"]["excluded"]
    return set(re.findall(r"\bB\d+\b", text))


def test_sources_yaml_describes_every_table() -> None:
    sources = yaml.safe_load((ROOT / "data" / "3gpp" / "SOURCES.yaml").read_text(encoding="utf-8"))
    tables = sources["tables"]
    assert set(tables) == {p.name for p in (ROOT / "data" / "3gpp").glob("*.csv")}
    for name, entry in tables.items():
        assert entry.get("spec"), name
        if entry["spec"].startswith("3GPP"):
            assert entry.get("version"), name
            assert entry.get("table"), name


def test_excluded_bands_are_absent() -> None:
    excluded = _excluded_ids()
    assert excluded == {"B107", "B108", "B111", "B112", "B113"}
    assert not excluded & {b.id for b in REG}
    # "n109 and later" (FR1) are left out; FR2 starts at n257
    assert not [b.id for b in REG.bands(Rat.NR) if 109 <= b.number < 257]
    assert "B47" in REG  # kept although nrarfcn lacks it


def test_compile_rejects_a_gscn_beyond_the_sync_raster(tmp_path: Path) -> None:
    root = tmp_path / "3gpp"
    shutil.copytree(ROOT / "data" / "3gpp", root)
    with (root / "nr_sync_raster.csv").open("a", encoding="utf-8") as fh:
        fh.write("n100,15,A,41638,1,41638,\n")  # the row nrarfcn 2.6.0 has (SOURCES.yaml: dropped)
    with pytest.raises(BandDataError, match="n100: GSCN outside 2-26639"):
        compile_band_tables(root, ROOT / "data" / "countries.csv")


def test_compile_reports_every_problem_with_file_and_line(tmp_path: Path) -> None:
    root = tmp_path / "3gpp"
    shutil.copytree(ROOT / "data" / "3gpp", root)
    path = root / "eutra_bands.csv"
    path.write_text(
        path.read_text(encoding="utf-8") + "1,fdd,1920,1980,2110,2170,duplicate\n", encoding="utf-8"
    )
    with (root / "band_labels.csv").open("a", encoding="utf-8") as fh:
        fh.write("lte,700,*,B999,\n")
    with pytest.raises(BandDataError) as info:
        compile_band_tables(root, ROOT / "data" / "countries.csv")
    problems = info.value.problems
    assert any(
        p.startswith("data/3gpp/eutra_bands.csv:") and "duplicate band B1" in p for p in problems
    )
    assert any(p.startswith("data/3gpp/band_labels.csv:") and "B999" in p for p in problems)


# ------------------------------------------------------------------------------- the docs
DOC = ROOT / "docs" / "concepts" / "bands-and-channels.md"


def test_docs_band_counts_match_the_registry() -> None:
    """docs/concepts/bands-and-channels.md states the counts per RAT; keep them true."""
    text = DOC.read_text(encoding="utf-8")
    stated = {
        m.group(1): int(m.group(2)) for m in re.finditer(r"^\| (\w+) \| (\d+) \|", text, re.M)
    }
    actual = Counter(b.rat.value for b in REG)
    for rat in Rat:
        assert stated.get(rat.value) == actual[rat], (
            f"docs say {stated.get(rat.value)} {rat.value} bands"
        )
    assert stated.get("total") == len(REG)
