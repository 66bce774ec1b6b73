"""IMEI parsing (Luhn known answers), TAC importers over the full shared files, resolution."""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bandfit.catalog.model import BandSet, Device, Variant
from bandfit.catalog.tac import (
    Imei,
    TacModel,
    TacResolver,
    TacTable,
    luhn_check_digit,
    model_number_index,
    normalize_model_number,
    parse_imei,
    read_model_list_csv,
    read_osmocom_csv,
    read_tac_table,
    write_tac_table,
)
from bandfit.errors import InvalidImeiError, InvalidInputError

# --------------------------------------------------------------------------- IMEI


@pytest.mark.parametrize(
    ("digits14", "check"),
    [("49015420323751", 8), ("35209900176148", 1), ("35290611000000", 9), ("00000000000000", 0)],
)
def test_luhn_known_answers(digits14: str, check: int) -> None:
    assert luhn_check_digit(digits14) == check


def test_valid_imei_parses() -> None:
    imei = parse_imei("490154203237518")
    assert imei == Imei("49015420", "323751", 8)
    assert str(imei) == imei.imei == "490154203237518"
    assert not imei.is_imeisv


@pytest.mark.parametrize(
    "text",
    ["49 015420 323751 8", "49-015420-323751-8", "490154/20323751/8", "IMEI: 490154203237518"],
)
def test_separators_and_label_are_accepted(text: str) -> None:
    assert parse_imei(text).imei == "490154203237518"


def test_bad_check_digit_names_the_expected_one() -> None:
    with pytest.raises(InvalidImeiError) as info:
        parse_imei("352906110000000")
    err = info.value
    assert err.expected_check_digit == 9
    assert "check digit 0 does not match" in err.reason
    assert "is 9" in str(err)
    assert pickle.loads(pickle.dumps(err)).expected_check_digit == 9


def test_14_digits_get_their_check_digit_and_16_are_imeisv() -> None:
    assert parse_imei("49015420323751").check_digit == 8
    sv = parse_imei("4901542032375102")
    assert (sv.tac, sv.serial, sv.svn, sv.check_digit, sv.is_imeisv) == (
        "49015420",
        "323751",
        "02",
        None,
        True,
    )
    assert sv.imei == "490154203237518"
    assert str(sv) == "4901542032375102"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("49015420323751X", "non-digit"),
        ("4901542032375", "13 digits"),
        ("49015420323751899", "17 digits"),
        ("", "no digits"),
        ("٤٩٠١٥٤٢٠٣٢٣٧٥١٨", "non-digit"),  # Arabic-Indic digits are not IMEI digits
    ],
)
def test_invalid_imeis_say_why(text: str, reason: str) -> None:
    with pytest.raises(InvalidImeiError) as info:
        parse_imei(text)
    assert reason in info.value.reason
    assert info.value.expected_check_digit is None


def test_luhn_needs_14_digits() -> None:
    with pytest.raises(InvalidImeiError):
        luhn_check_digit("123")


@given(st.text(alphabet="0123456789", min_size=14, max_size=14))
def test_every_computed_check_digit_validates(digits: str) -> None:
    full = digits + str(luhn_check_digit(digits))
    assert parse_imei(full).imei == full
    wrong = digits + str((int(full[-1]) + 1) % 10)
    with pytest.raises(InvalidImeiError):
        parse_imei(wrong)


@given(st.text(max_size=30))
def test_fuzz_parse_imei_raises_only_invalid_imei(text: str) -> None:
    try:
        imei = parse_imei(text)
    except InvalidImeiError:
        return
    assert len(imei.tac) == 8
    assert len(imei.serial) == 6


# --------------------------------------------------------------------------- importers on the full files


@pytest.fixture(scope="module")
def tac_dir(shared_path: Callable[[str], Path]) -> Path:
    return shared_path("tac")


def test_osmocom_full_file(tac_dir: Path) -> None:
    result = read_osmocom_csv(tac_dir / "osmocom_tacdb.csv")
    assert (result.rows, result.accepted, len(result.rejected)) == (22527, 22527, 0)
    assert result.rows == result.accepted + len(result.rejected)
    # 4 TACs carry a leading space; 3 of them are also listed without it and merge
    assert [line for line, note in result.notes if "spaces" in note] == [1996, 2268, 3808, 4021]
    assert (result.merged, len(result.table)) == (3, 22524)
    entry = result.table.get("35572302")
    assert entry is not None
    assert len(entry.models) == 1
    assert entry.models[0].name == "3120 classic"
    assert "RM-364" in entry.models[0].model_numbers
    sagem = result.table.get("33205600")
    assert sagem is not None
    assert [m.name for m in sagem.models] == [
        "DMC 830",
        "M314-B0",
    ]
    assert result.table.get("35675904") is not None
    first = result.table.get("35675904")
    assert first is not None
    assert first.models[0].gsmarena == "http://www.gsmarena.com/oppo_n1-5724.php"


def test_samsung_full_file(tac_dir: Path) -> None:
    result = read_model_list_csv(tac_dir / "samsung_tacs_samloaderkotlin.csv")
    assert (result.rows, result.accepted, len(result.rejected)) == (8575, 8575, 0)
    assert (result.merged, len(result.table)) == (165, 8410)
    padded = [note for _, note in result.notes if "7-digit" in note]
    assert len(padded) == 8
    entry = result.table.get("08915005")  # was "8915005" in the file
    assert entry is not None
    assert entry.model_numbers[0] == "SM-G973F"
    assert "8915005" not in result.table
    assert len({m for e in result.table for m in e.model_numbers}) == 1396
    assert result.table.get("09167513") is not None  # a real leading zero survives (BOM skipped)


def test_merged_table_round_trips_through_csv(tac_dir: Path, tmp_path: Path) -> None:
    table = read_osmocom_csv(tac_dir / "osmocom_tacdb.csv").table.merged(
        read_model_list_csv(tac_dir / "samsung_tacs_samloaderkotlin.csv").table
    )
    assert len(table) == 30653
    path = tmp_path / "tac.csv"
    rows = write_tac_table(table, path)
    assert rows == 30935
    assert path.read_text(encoding="utf-8").startswith(
        "# bandfit.tac/1\ntac,brand,name,model_numbers,sources,gsmarena\n"
    )
    assert list(read_tac_table(path)) == list(table)


# --------------------------------------------------------------------------- importers: quirks and rejections


def test_osmocom_rejections_have_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "osmo.csv"
    path.write_text(
        "Osmocom TAC database under CC-BY-SA v3.0\n"
        "tac,name,name,contributor,comment,gsmarena,gsmarena,aka\n"
        ' 01234567,Acme,One,me,,,,"A1,A1-DS"\n'
        "0123456X,Acme,Two,me,,,,\n"
        "123,Acme,Three,me,,,,\n"
        "01234568,Acme\n"
        "01234569,,Nameless,me,,,,\n"
        "01234567,Acme,One,you,,,,A1-EU\n"
        "\n",
        encoding="utf-8",
    )
    result = read_osmocom_csv(path)
    assert [(r.line, r.reason) for r in result.rejected] == [
        (4, "TAC '0123456X' is not a number"),
        (5, "TAC '123' has 3 digits, not 8"),
        (6, "expected 8 fields, found 2"),
        (7, "brand or model name is empty"),
    ]
    assert (result.rows, result.accepted, result.merged) == (6, 2, 1)
    entry = result.table.get("01234567")
    assert entry is not None
    assert entry.models[0].model_numbers == ("A1", "A1-DS", "A1-EU")
    assert result.notes == [(3, "TAC ' 01234567' had surrounding spaces (stripped)")]


def test_osmocom_without_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n" * 10, encoding="utf-8")
    with pytest.raises(InvalidInputError):
        read_osmocom_csv(path)
    with pytest.raises(InvalidInputError):
        read_osmocom_csv(tmp_path / "missing.csv")


def test_model_list_quirks(tmp_path: Path) -> None:
    path = tmp_path / "tacs.csv"
    path.write_text(
        "\ufefftac,model,model2\n8915005,SM-G973F,SM-G973U\n35038630,SM-S928B\n35038630,SM-S928U\n35111111\n",
        encoding="utf-8",
    )
    result = read_model_list_csv(path)
    assert result.notes == [(2, "7-digit TAC 8915005 padded to 08915005 (leading zero lost)")]
    assert [(r.line, r.reason) for r in result.rejected] == [(5, "no model number after the TAC")]
    entry = result.table.get("35038630")
    assert entry is not None
    assert entry.model_numbers == ("SM-S928B", "SM-S928U")
    assert entry.brands == ("Samsung",)


def test_tac_table_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "t.csv"
    bad.write_text("tac,brand\n", encoding="utf-8")
    with pytest.raises(InvalidInputError):
        read_tac_table(bad)
    bad.write_text(
        "# bandfit.tac/1\ntac,brand,name,model_numbers,sources,gsmarena\n123,x,y,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInputError, match=":3"):
        read_tac_table(bad)


# --------------------------------------------------------------------------- resolution


def _device(device_id: str, variants: dict[str, tuple[str, ...]]) -> Device:
    return Device(
        id=device_id,
        brand="Samsung",
        name=device_id.split("/")[1],
        variants=tuple(
            Variant(
                id=vid,
                name=vid,
                model_numbers=mns,
                bands=BandSet(lte=("B1",)),
                sources=("t",),
                as_of=dt.date(2026, 1, 1),
            )
            for vid, mns in variants.items()
        ),
        as_of=dt.date(2026, 1, 1),
    )


@pytest.fixture
def resolver_setup() -> tuple[TacResolver, dict[str, list[tuple[str, str]]]]:
    table = TacTable()
    table.add("35038630", TacModel("Samsung", None, ("SM-S928B", "SM-S928B/DS"), ("t",)))
    table.add("35038631", TacModel("Samsung", None, ("SM-S928U", "SM-S928U1"), ("t",)))
    table.add("35999999", TacModel("Samsung", None, ("SM-X999",), ("t",)))
    devices = [
        _device(
            "samsung/galaxy-s24-ultra",
            {"global": ("SM-S928B/DS",), "usa": ("sm-s928u", "SM-S928U1")},
        )
    ]
    return TacResolver(table), model_number_index(devices)


def test_resolve_normalises_model_numbers(
    resolver_setup: tuple[TacResolver, dict[str, list[tuple[str, str]]]],
) -> None:
    resolver, index = resolver_setup
    assert resolver.resolve("35038630", index) == [("samsung/galaxy-s24-ultra", "global")]
    assert resolver.resolve("35038631", index) == [("samsung/galaxy-s24-ultra", "usa")]
    # a whole IMEI works too, and a raw (un-normalised) index is accepted
    imei = "35038631" + "000001"
    imei += str(luhn_check_digit(imei))
    assert resolver.resolve(imei, {"SM-S928U1/DSN": [("d/x", "v")]}) == [("d/x", "v")]
    assert resolver.lookup("12345678") is None


def test_resolve_all_reports_unresolved(
    resolver_setup: tuple[TacResolver, dict[str, list[tuple[str, str]]]],
) -> None:
    resolver, index = resolver_setup
    out = resolver.resolve_all(["35038630", "35999999", "12345678", "1234"], index)
    assert list(out.resolved) == ["35038630"]
    assert out.unresolved == {
        "35999999": "no model number of TAC 35999999 (SM-X999) is in the catalog",
        "12345678": "TAC 12345678 is not in the TAC table",
        "1234": "4 digits; an IMEI has 15 (14 without check digit), an IMEISV 16",
    }


def test_normalize_model_number() -> None:
    assert normalize_model_number(" sm-a515f/DSN ") == "SM-A515F"
    assert normalize_model_number("SM-A515F/DS") == "SM-A515F"
    assert normalize_model_number("SM G930FD") == "SMG930FD"


@pytest.mark.slow
def test_samsung_tacs_resolve_against_the_dump_import(tac_dir: Path, shared_datasets: Path) -> None:
    from bandfit.catalog.gsmarena import import_gsmarena

    dump = shared_datasets / "devices" / "gsmarena_realbagher_2024" / "Samsung_data.json"
    devices = import_gsmarena(dump, as_of=dt.date(2026, 11, 21)).imported
    table = read_model_list_csv(tac_dir / "samsung_tacs_samloaderkotlin.csv").table
    out = TacResolver(table).resolve_all([e.tac for e in table], model_number_index(devices))
    assert len(out.resolved) + len(out.unresolved) == 8410
    assert len(out.resolved) == 5669
    assert out.resolved["08950295"] == [("samsung/galaxy-s7-edge", "g935f")]
