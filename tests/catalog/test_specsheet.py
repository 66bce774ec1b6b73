"""GSMArena-style spec-sheet text -> variant drafts: mapping rules, variants, reporting, fuzzing."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bandfit.bands.model import Rat
from bandfit.catalog.model import Confidence, Device
from bandfit.catalog.specsheet import (
    SpecSheet,
    device_id_for,
    guess_kind,
    parse_band_field,
    parse_gsmarena_date,
    parse_pasted_text,
    parse_specsheet,
    slugify,
    to_device,
)
from bandfit.errors import InvalidInputError, SpecSheetParseError

# --------------------------------------------------------------------------- one field


@pytest.mark.parametrize(
    ("text", "rat", "expected"),
    [
        (
            "GSM 850 / 900 / 1800 / 1900 - SIM 1 & SIM 2",
            "2g",
            ("GSM850", "GSM900", "GSM1800", "GSM1900"),
        ),
        ("HSDPA 850 / 900 / 1700(AWS) / 1900 / 2100", "3g", ("U5", "U8", "U4", "U2", "U1")),
        ("HSDPA 1700 / 1800 / 2600", "3g", ("U4", "U3", "U7")),
        ("UMTS 2100", "3g", ("U1",)),
        ("LTE band 1(2100), 3(1800), 7(2600)", "4g", ("B1", "B3", "B7")),
        ("LTE band 1(2100)| 3(1800)| 4(1700/2100)", "4g", ("B1", "B3", "B4")),  # 2017 dump: | for ,
        (
            "1, 3, 4, 5, 7, 8, 20, 38, B40, B41",
            "4g",
            ("B1", "B3", "B4", "B5", "B7", "B8", "B20", "B38", "B40", "B41"),
        ),
        ("1, 3, 78, 258 SA/NSA/Sub6/mmWave", "5g", ("n1", "n3", "n78", "n258")),
        ("CDMA PCS", "2g", ("BC1",)),
        ("TD-LTE 2300", "4g", ("B40",)),  # a MHz label only one band carries
    ],
)
def test_band_lists_map_to_canonical_ids(text: str, rat: str, expected: tuple[str, ...]) -> None:
    fp = parse_band_field(text, rat)
    assert fp.problems == ()
    assert [b for row in fp.rows for b in row.bands or ()] == list(expected)
    assert fp.mapped == fp.fragments == len(expected)


def test_variants_separated_by_pipe_keep_their_labels() -> None:
    fp = parse_band_field(
        "1, 2, 3, 4, 5, 7, 8, 12, 17, 20 - Global | 1, 3, 5, 8, 34, 38, 39, 40, 41 - China", Rat.LTE
    )
    assert [(r.label, len(r.bands or ())) for r in fp.rows] == [("Global", 10), ("China", 9)]


def test_nr_flags_give_modes_and_mmwave() -> None:
    row = parse_band_field(
        "1, 3, 5, 7, 8, 28, 38, 40, 41, 77, 78 SA/NSA/Sub6/mmWave - International", "5g"
    ).rows[0]
    assert row.nr_modes == ("nsa", "sa")
    assert row.mmwave
    assert row.label == "International"
    assert parse_band_field("1, 78 NSA/Sub6", "5g").rows[0].nr_modes == ("nsa",)
    assert parse_band_field("1, 78 Sub6", "5g").rows[0].nr_modes is None  # not said: unknown


def test_sim_annotations_are_notes_not_variant_labels() -> None:
    row = parse_band_field(
        "GSM 850 / 900 / 1800 / 1900 - SIM 1 & SIM 2 (dual-SIM model only)", "2g"
    ).rows[0]
    assert row.label is None
    assert "SIM 1 & SIM 2 (dual-SIM model only)" in row.notes
    assert parse_band_field("GSM 900 / 1800 - SIM 1 & SIM 2 - S5300", "2g").rows[0].label == "S5300"


def test_3g_800_is_reported_as_ambiguous_never_guessed() -> None:
    fp = parse_band_field("HSDPA 800 / 850 / 2100", "3g")
    assert fp.rows[0].bands == ("U5", "U1")
    (problem,) = fp.problems
    assert (problem.fragment, problem.kind) == ("800", "ambiguous")
    assert "U6" in problem.reason
    assert "U19" in problem.reason
    assert problem.row == "HSDPA 800 / 850 / 2100"
    assert (fp.fragments, fp.mapped, fp.understood) == (3, 2, 3)


def test_lte_mhz_labels_shared_by_several_bands_are_reported_with_candidates() -> None:
    fp = parse_band_field("LTE 800 / 900 / 1800", "4g")
    assert fp.rows[0].bands == ("B8",)  # only B8 is labelled 900 MHz
    assert fp.rows[0].inferred
    assert {p.fragment: p.kind for p in fp.problems} == {"800": "ambiguous", "1800": "ambiguous"}
    assert "B20" in next(p.reason for p in fp.problems if p.fragment == "800")


def test_unknown_bands_and_text_are_reported_not_dropped() -> None:
    fp = parse_band_field(["1, 3, 2526, 78", "No voice calls, data transfer only"], "4g")
    assert fp.rows[0].bands == ("B1", "B3")
    got = {(p.fragment, p.kind) for p in fp.problems}
    assert got == {("2526", "unknown-band"), ("78", "unknown-band"),
                   ("No voice calls, data transfer only", "unrecognised")}  # fmt: skip
    assert fp.fragments == fp.mapped + len(fp.problems) == 5


def test_markers_without_bands_mean_supported_but_unknown() -> None:
    for text, rat in (
        ("CDMA2000 1xEV-DO", Rat.CDMA),
        ("LTE (unspecified)", Rat.LTE),
        ("HSDPA", Rat.UMTS),
    ):
        (row,) = parse_band_field(text, "3g" if rat is not Rat.LTE else "4g").rows
        assert (row.rat, row.bands) == (rat, None)
    (row,) = parse_band_field("SA/NSA", "5g").rows
    assert (row.rat, row.bands, row.nr_modes) == (Rat.NR, None, ("nsa", "sa"))
    (row,) = parse_band_field("N/A", "4g").rows
    assert row.bands == ()


def test_td_scdma_is_recognised_but_not_modelled() -> None:
    fp = parse_band_field("CDMA 800 & TD-SCDMA - China", "2g")
    assert fp.problems == ()
    assert [r.rat for r in fp.rows] == [Rat.CDMA, None]
    assert "not model" in fp.rows[1].notes[0]
    assert parse_band_field("TD\u2011SCDMA", "3g").problems == ()  # non-breaking hyphen


def test_cdma_mhz_labels_are_noted_by_default_and_adopted_only_on_request() -> None:
    (row,) = parse_band_field("CDMA 800 / 1900", "2g").rows
    assert row.bands is None  # GSMArena names MHz, not band classes
    assert any("BC0" in n for n in row.notes)
    assert any("BC1" in n for n in row.notes)
    (row,) = parse_band_field("CDMA 800 / 1900", "2g", infer_cdma=True).rows
    assert (row.bands, row.inferred) == (("BC0", "BC1"), True)


def test_rows_glued_by_the_scraper_are_split() -> None:
    fp = parse_band_field("LTE 900 / 2600 - D852LTE 900 / TD2300 - Virgin Mobile", "4g")
    assert [(r.label, r.bands) for r in fp.rows] == [
        ("D852", ("B8",)),
        ("Virgin Mobile", ("B8", "B40")),
    ]
    fp = parse_band_field("1, 2, 4, 5 - G935P2,4,5,8,12 - G935R", "4g")
    assert [(r.label, r.bands) for r in fp.rows] == [
        ("G935P", ("B1", "B2", "B4", "B5")),
        ("G935R", ("B2", "B4", "B5", "B8", "B12")),
    ]
    fp = parse_band_field(["1, 3, 5, 8, 38, 40, 41", "India"], "4g")  # label pushed to a new row
    assert [r.label for r in fp.rows] == ["India"]
    assert fp.problems == ()


def test_invalid_rat_is_an_input_error() -> None:
    with pytest.raises(InvalidInputError):
        parse_band_field("1, 3", "6g")


# --------------------------------------------------------------------------- sheets and variants


def test_specsheet_variants_per_label_with_markets() -> None:
    sheet = parse_specsheet(
        {
            "Technology": "GSM / HSPA / LTE",
            "2G bands": "GSM 850 / 900 / 1800 / 1900 - SIM 1 & SIM 2",
            "3G bands": "HSDPA 850 / 900 / 1900 / 2100",
            "4G bands": [
                "1, 3, 7, 20 - Global",
                "1, 3, 41 - China",
                "2, 4, 5, 12, 66 - USA, LATAM, Canada",
            ],
        }
    )
    by_id = {v.id: v for v in sheet.variants}
    assert list(by_id) == ["global", "china", "usa-latam-canada"]
    assert by_id["usa-latam-canada"].markets == ("US", "latam", "CA")
    assert by_id["china"].bands.lte == ("B1", "B3", "B41")
    assert all(
        v.bands.umts == ("U1", "U2", "U5", "U8") for v in sheet.variants
    )  # unlabelled: everyone
    assert all(
        v.bands.nr == () and v.nr_modes == () for v in sheet.variants
    )  # Technology has no 5G
    assert all(v.bands.cdma == () for v in sheet.variants)


def test_without_technology_absent_rats_are_unknown() -> None:
    (variant,) = parse_specsheet({"4G bands": "1, 3"}).variants
    assert (variant.id, variant.bands.lte, variant.bands.gsm, variant.bands.nr) == (
        "default",
        ("B1", "B3"),
        None,
        None,
    )
    assert variant.nr_modes is None


def test_model_number_labels_become_model_numbers_spelled_as_the_models_field() -> None:
    sheet = parse_specsheet(
        {
            "4G bands": ["1, 3, 7 - G991B", "2, 4, 5, 66 - SM-G991U, SM-G991U1"],
            "5G bands": [
                "1, 3, 78 SA/NSA/Sub6 - SM-G991B",
                "5, 66, 260 SA/NSA/Sub6/mmWave - SM-G991U",
            ],
            "Models": "SM-G991B, SM-G991B/DS, SM-G991U, SM-G991U1, SM-G991W",
        }
    )
    by_id = {v.id: v for v in sheet.variants}
    assert by_id["g991b"].model_numbers == ("SM-G991B", "SM-G991B/DS")
    assert by_id["g991b"].bands.nr == ("n1", "n3", "n78")
    # the 5G rows split the 4G row "SM-G991U, SM-G991U1": U has a 5G row of its own, U1 none
    assert by_id["sm-g991u"].bands.nr == ("n5", "n66", "n260")
    assert by_id["sm-g991u"].mmwave
    assert by_id["sm-g991u1"].bands.lte == by_id["sm-g991u"].bands.lte
    assert by_id["sm-g991u1"].bands.nr is None  # listed only for other variants: unknown
    assert any("other variants" in n for n in by_id["sm-g991u1"].notes)
    device = to_device(replace_name(sheet, "Galaxy S21", "Samsung"), as_of=dt.date(2026, 1, 1))
    assert "SM-G991W" in device.notes  # unassigned model numbers are kept visible


def test_apple_rows_share_a_4g_row_but_split_on_5g() -> None:
    sheet = parse_specsheet(
        {
            "4G bands": ["1, 2, 3 - A2894, A2896", "1, 2, 3, 71 - A2651, A2893"],
            "5G bands": [
                "1, 78 SA/NSA/Sub6 - A2894, A2896",
                "1, 78, 260 SA/NSA/Sub6/mmWave - A2651",
                "1, 78 SA/NSA/Sub6 - A2893",
            ],
        }
    )
    assert [(v.id, v.model_numbers) for v in sheet.variants] == [
        ("a2894-a2896", ("A2894", "A2896")),
        ("a2651", ("A2651",)),
        ("a2893", ("A2893",)),
    ]
    assert sheet.variants[1].bands.lte == sheet.variants[2].bands.lte == ("B1", "B2", "B3", "B71")


def test_unlabelled_rows_beside_labelled_ones_form_a_default_variant() -> None:
    sheet = parse_specsheet({"4G bands": ["1, 3, 7, 20", "2, 4, 5, 12 - G530T (T-Mobile)"]})
    assert [v.id for v in sheet.variants] == ["default", "g530t-t-mobile"]
    assert sheet.variants[1].markets == ("US",)
    assert sheet.variants[1].model_numbers == ("G530T",)


def test_a_single_unmatched_legacy_label_is_an_annotation() -> None:
    sheet = parse_specsheet(
        {
            "2G bands": ["GSM 850 / 900 / 1800 / 1900 - SIM 1 & SIM 2 (dual-SIM) - for China"],
            "4G bands": ["1, 2, 3 - A2342", "1, 3, 41 - A2410"],
        }
    )
    assert [v.bands.gsm for v in sheet.variants] == [("GSM850", "GSM900", "GSM1800", "GSM1900")] * 2


def test_nothing_usable_raises_with_the_fragments() -> None:
    with pytest.raises(SpecSheetParseError) as info:
        parse_specsheet({"4G bands": "India", "2G bands": "N/A"})
    assert info.value.fragments == ("India",)
    with pytest.raises(SpecSheetParseError):
        parse_specsheet({"Technology": "GSM"})  # no band field at all


# --------------------------------------------------------------------------- pasted text, devices

PASTED = """\
# copied from the GSMArena page, Network block plus Models
Apple iPhone 15 Pro Max
Network\tTechnology\tGSM / CDMA / HSPA / EVDO / LTE / 5G
2G bands\tGSM 850 / 900 / 1800 / 1900 - SIM 1 & SIM 2 (dual-SIM)
\tCDMA 800 / 1900
3G bands\tHSDPA 850 / 900 / 1700(AWS) / 1900 / 2100
\tCDMA2000 1xEV-DO
4G bands\t1, 2, 3, 4, 5, 7, 8, 12, 13, 17, 18, 19, 20, 25, 26, 28, 66 - A3106
\t1, 2, 3, 4, 5, 7, 8, 12, 13, 14, 17, 18, 19, 20, 25, 26, 28, 29, 66, 71 - A2849
5G bands\t1, 2, 3, 5, 7, 8, 12, 20, 25, 28, 66, 77, 78 SA/NSA/Sub6 - A3106
\t1, 2, 3, 5, 7, 8, 12, 14, 20, 25, 28, 66, 71, 77, 78, 258, 260, 261 SA/NSA/Sub6/mmWave - A2849
Speed\tHSPA, LTE-A, 5G, EV-DO Rev.A 3.1 Mbps
Launch\tAnnounced\t2023, September 12
\tStatus\tAvailable. Released 2023, September 22
Misc\tModels\tA2849, A3105, A3106, A3108
"""


def test_pasted_network_block_to_device() -> None:
    sheet = parse_pasted_text(PASTED)
    assert (sheet.name, sheet.announced, sheet.released) == (
        "Apple iPhone 15 Pro Max",
        "2023-09-12",
        "2023-09-22",
    )
    assert sheet.problems == ()
    device = to_device(sheet, as_of=dt.date(2026, 11, 21))
    assert isinstance(device, Device)
    assert (device.id, device.brand, device.name, device.kind) == (
        "apple/iphone-15-pro-max",
        "Apple",
        "iPhone 15 Pro Max",
        "phone",
    )
    a2849 = next(v for v in device.variants if v.id == "a2849")
    assert a2849.model_numbers == ("A2849",)
    assert a2849.bands.nr is not None
    assert "n260" in a2849.bands.nr
    assert a2849.bands.cdma is None
    assert "BC0" in a2849.notes
    assert a2849.nr_modes == ("nsa", "sa")
    assert a2849.sources == ("gsmarena",)
    assert "gsmarena" in device.sources
    assert a2849.confidence is Confidence.REPORTED
    assert "A3105" in device.notes
    assert "A3108" in device.notes


def test_pasted_text_with_spaces_and_colons() -> None:
    sheet = parse_pasted_text(
        "Name: Test Phone\nBrand: Acme\n4G bands:  1, 3, 7 - Global\n3G bands  HSDPA 900 / 2100"
    )
    device = to_device(sheet, as_of=dt.date(2026, 1, 1))
    assert device.id == "acme/test-phone"
    assert device.variants[0].bands.umts == ("U1", "U8")


def test_inferred_mappings_mark_the_variant_inferred() -> None:
    sheet = parse_pasted_text("Name\tOld Phone\n4G bands\tLTE 900 / TD-LTE 2300", infer_cdma=True)
    device = to_device(sheet, as_of=dt.date(2026, 1, 1))
    assert device.variants[0].confidence is Confidence.INFERRED
    assert device.variants[0].bands.lte == ("B8", "B40")


def test_to_device_needs_a_name() -> None:
    with pytest.raises(InvalidInputError):
        to_device(parse_specsheet({"4G bands": "1, 3"}))


def test_unparsed_fragments_are_carried_into_device_notes() -> None:
    sheet = parse_specsheet({"Name": "X1", "Brand": "Acme", "3G bands": "HSDPA 800 / 2100"})
    device = to_device(sheet, as_of=dt.date(2026, 1, 1))
    assert "unparsed 3G bands fragment '800'" in device.notes
    assert sheet.problems[0].to_dict()["kind"] == "ambiguous"


def replace_name(sheet: SpecSheet, name: str, brand: str) -> SpecSheet:
    from dataclasses import replace

    return replace(sheet, name=name, brand=brand)


# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023, September 12", "2023-09-12"),
        ("2021, June", "2021-06"),
        ("2019, Q2", "2019"),
        ("Available. Released 2023, September 22", "2023-09-22"),
        ("Cancelled", None),
        ("Coming soon. Exp. release 2024, March", None),
        (None, None),
    ],
)
def test_gsmarena_dates_keep_their_precision(text: str | None, expected: str | None) -> None:
    assert parse_gsmarena_date(text) == expected


def test_slugs_ids_and_kinds() -> None:
    assert slugify("Galaxy S23+ (2023)") == "galaxy-s23+-2023"
    assert slugify("Mate 60 Pro+") == "mate-60-pro+"
    assert slugify("Xperia 1 V") == "xperia-1-v"
    assert slugify("Ñokia ☃") == "nokia"
    assert device_id_for("Apple", "Apple iPhone 15") == "apple/iphone-15"
    assert [guess_kind(n) for n in ("Galaxy Tab S9", "iPad Pro 11 (2022)", "Watch Ultra 2", "Gear S3 frontier",
                                    "MatePad 11", "PadFone 2", "Galaxy S24")] == [
        "tablet", "tablet", "watch", "watch", "tablet", "phone", "phone"]  # fmt: skip


# --------------------------------------------------------------------------- fuzzing

_SPEC_CHARS = st.sampled_from(
    [
        *list("0123456789 ,/-|()&:;\t\n+"),
        "GSM",
        "HSDPA",
        "CDMA",
        "CDMA2000",
        "1xEV-DO",
        "LTE",
        "band",
        "SA",
        "NSA",
        "Sub6",
        "mmWave",
        "TD-SCDMA",
        "AWS",
        "PCS",
        "N/A",
        " - ",
        "SIM 1",
        "Global",
        "A2849",
        "(",
        ")",
        "B",
        "n",
        "TD",
        "‑",
        "28A",
        "2G bands\t",
        "4G bands\t",
        "5G bands\t",
        "Models\t",
    ]
)
_TEXT = st.one_of(st.text(), st.lists(_SPEC_CHARS, max_size=40).map("".join))


@given(_TEXT)
def test_fuzz_pasted_text_raises_only_specsheet_errors(text: str) -> None:
    try:
        sheet = parse_pasted_text(text)
    except SpecSheetParseError:
        return
    assert sheet.variants
    assert sheet.fragments == sheet.mapped + len(sheet.problems)


@given(_TEXT, _TEXT, st.sampled_from(["2g", "3g", "4g", "5g"]))
def test_fuzz_fields_raise_only_specsheet_errors(a: str, b: str, rat: str) -> None:
    fp = parse_band_field(a, rat)
    assert fp.fragments == fp.mapped + len(fp.problems)
    try:
        sheet = parse_specsheet(
            {f"{rat} bands": a, "4G bands": [b, a], "Models": b, "Technology": a}
        )
    except SpecSheetParseError:
        return
    device = to_device(replace_name(sheet, "Fuzz", "Acme"), as_of=dt.date(2026, 1, 1))
    assert len(device.variants) == len(sheet.variants)


@given(st.text())
def test_slugs_are_always_valid_ids(text: str) -> None:
    import re

    assert re.fullmatch(r"[a-z0-9][a-z0-9.+-]*", slugify(text))
    assert re.fullmatch(
        r"[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*", device_id_for("Acme", text or "x")
    )
