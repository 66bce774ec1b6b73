"""GSMArena dump import: all 14 brand files, both dump shapes, reports, YAML overlays.

Counts are the exact numbers observed on the shared dump (../shared/datasets/SOURCES.md §1a);
a change means the parser or the variant rules changed behaviour: review, don't just paste.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from bandfit.catalog.gsmarena import ImportReport, import_gsmarena, read_dump, write_overlay
from bandfit.catalog.model import Device
from bandfit.catalog.yamlio import read_yaml
from bandfit.errors import CatalogError, InvalidInputError

AS_OF = dt.date(2026, 11, 21)
BRAND_FILES = 14


@pytest.fixture(scope="module")
def dump_dir(shared_path: Callable[[str], Path]) -> Path:
    return shared_path("devices/gsmarena_realbagher_2024")


@pytest.fixture(scope="module")
def nested(dump_dir: Path) -> ImportReport:
    return import_gsmarena(dump_dir, as_of=AS_OF)


def _by_id(report: ImportReport) -> dict[str, Device]:
    return {d.id: d for d in report.imported}


@pytest.mark.slow
def test_all_brand_files_import_with_counts(dump_dir: Path, nested: ImportReport) -> None:
    assert len(list(dump_dir.glob("*_data.json"))) == BRAND_FILES
    assert nested.summary() == {
        "records": 5910,
        "imported": 5693,
        "variants": 7126,
        "skipped": 217,
        "fragments": 81080,
        "mapped": 80638,
        "understood": 81062,
        "problems": 442,
    }
    assert nested.records == len(nested.imported) + len(nested.skipped)
    assert Counter(d.brand for d in nested.imported) == {
        "Alcatel": 392, "Apple": 99, "Asus": 167, "Blu": 367, "HTC": 286, "Huawei": 409,
        "Infinix": 125, "LG": 657, "Lenovo": 228, "Nokia": 573, "Samsung": 1339, "Sony": 339,
        "Xiaomi": 348, "ZTE": 364,
    }  # fmt: skip
    # every skipped record is a Wi-Fi-only tablet/watch: nothing with a radio is lost
    assert all(s.reason.startswith("no cellular connectivity") for s in nested.skipped)
    assert Counter(p.kind for _, p in nested.problems) == {
        "ambiguous": 424,
        "unknown-band": 17,
        "unrecognised": 1,
    }
    assert len({d.id for d in nested.imported}) == len(nested.imported)
    assert len(nested.notes) == 5  # "OT-355" / "OT 355" style id collisions, suffixed -2
    assert "alcatel/ot-355-2" in _by_id(nested)


@pytest.mark.slow
def test_kinds_and_dates(nested: ImportReport) -> None:
    kinds = Counter(d.kind for d in nested.imported)
    assert kinds == {"phone": 5360, "tablet": 281, "watch": 52}
    devices = _by_id(nested)
    assert devices["samsung/galaxy-watch6"].kind == "watch"
    assert devices["apple/ipad-pro-11-2022"].kind == "tablet"
    phone = devices["apple/iphone-15-pro-max"]
    assert (phone.announced, phone.released) == ("2023-09-12", "2023-09-22")


@pytest.mark.slow
def test_iphone_15_pro_max_variants(nested: ImportReport) -> None:
    phone = _by_id(nested)["apple/iphone-15-pro-max"]
    assert [(v.id, v.model_numbers) for v in phone.variants] == [
        ("a3106", ("A3106",)), ("a2849", ("A2849",)), ("a3105", ("A3105",)), ("a3108", ("A3108",)),
    ]  # fmt: skip
    us = phone.variants[1]
    assert us.bands.lte is not None
    assert {"B14", "B71"} <= set(us.bands.lte)
    assert us.bands.nr is not None
    assert {"n258", "n260", "n261"} <= set(us.bands.nr)
    assert us.nr_modes == ("nsa", "sa")
    assert us.bands.umts == ("U1", "U2", "U4", "U5", "U8")
    assert us.bands.cdma is None  # "CDMA 800 / 1900": band classes not named by the source
    assert us.sources == ("gsmarena",)
    assert phone.sources["gsmarena"].publisher == "GSMArena"


@pytest.mark.slow
def test_region_variants_and_unknown_5g_bands(nested: ImportReport) -> None:
    s24 = _by_id(nested)["samsung/galaxy-s24-ultra"]
    intl, usa = s24.variants
    assert (intl.id, intl.markets, usa.id, usa.markets) == (
        "international",
        ("global",),
        "usa",
        ("US",),
    )
    assert usa.bands.lte is None
    assert usa.bands.nr is None
    assert usa.nr_modes == ("nsa", "sa")
    assert "SM-S928U" in s24.notes  # model numbers no row label names stay visible


@pytest.mark.slow
def test_flat_and_nested_dumps_agree(shared_datasets: Path, nested: ImportReport) -> None:
    flat = import_gsmarena(
        shared_datasets / "devices" / "gsmarena_realbagher_2024_flat.jsonl", as_of=AS_OF
    )
    assert flat.summary() == nested.summary()
    a, b = _by_id(nested), _by_id(flat)
    assert a.keys() == b.keys()
    assert all(a[k].variants == b[k].variants for k in a)


@pytest.mark.slow
def test_overlay_round_trip(nested: ImportReport, tmp_path: Path) -> None:
    sample = [d for d in nested.imported if d.brand in ("Apple", "Xiaomi")]
    paths = write_overlay(sample, tmp_path)
    assert len(paths) == len(sample) == 447
    for path, device in zip(paths, sample, strict=True):
        assert path.relative_to(tmp_path).parts[0] == "devices"
        loaded = Device.model_validate(read_yaml(path))
        assert loaded.id == f"{path.parent.name}/{path.stem}" == device.id
        assert loaded == device


def test_overlay_yaml_shape(tmp_path: Path) -> None:
    dump = tmp_path / "Acme_data.json"
    dump.write_text(json.dumps({"Acme2": {
        "Phone 1": {"Network": [{"Technology": "GSM / HSPA / LTE"}, {"2G bands": "GSM 900 / 1800"},
                                {"3G bands": "HSDPA 900 / 2100"}, {"4G bands": "1, 3, 20 - Global"},
                                {"4G bands": "1, 3, 41 - China"}],
                    "Launch": [{"Announced": "2021"}, {"Status": "Discontinued"}],
                    "Misc": [{"Models": "AC-1"}]},
        "Tab 2 Wi-Fi": {"Network": [{"Technology": "No cellular connectivity"}, {"2G bands": "N/A"}]},
    }}), encoding="utf-8")  # fmt: skip
    report = import_gsmarena(dump, as_of=AS_OF)
    assert [d.id for d in report.imported] == ["acme/phone-1"]
    assert [(s.name, s.reason.split(" (")[0]) for s in report.skipped] == [
        ("Tab 2 Wi-Fi", "no cellular connectivity")
    ]
    (path,) = write_overlay(report.imported, tmp_path / "overlay")
    text = path.read_text(encoding="utf-8")
    assert "announced: '2021'" in text  # partial dates stay strings
    assert "cdma: []" in text
    assert "nr: []" in text
    assert "lte: [B1, B3, B20]" in text
    assert "markets: [CN]" in text
    with pytest.raises(CatalogError):
        write_overlay(report.imported * 2, tmp_path / "again")


def test_known_devices_are_not_shadowed(tmp_path: Path) -> None:
    from bandfit.catalog import default_catalog

    catalog = default_catalog()
    known = next(iter(catalog.devices.values()))
    _brand, _ = known.id.split("/")
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"brand": known.brand, "name": known.name, "technology": "GSM / LTE",
                                "bands_2g": ["GSM 900"], "bands_4g": ["1, 3"]}) + "\n", encoding="utf-8")  # fmt: skip
    report = import_gsmarena(dump, as_of=AS_OF, known=catalog)
    if report.imported:  # the curated id differs from the slug of its name
        pytest.skip(f"{known.id} does not slug from its name {known.name!r}")
    assert "already in the catalog" in report.skipped[0].reason
    with pytest.raises(CatalogError):
        write_overlay([known], tmp_path / "o", base=catalog)
    assert write_overlay([known], tmp_path / "o", base=catalog, replace=True)


def test_bad_input_is_reported(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError):
        list(read_dump(tmp_path / "missing.json"))
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(InvalidInputError):
        import_gsmarena(broken)
    lines = tmp_path / "lines.jsonl"
    lines.write_text(
        '{"brand": "Acme", "name": "A1", "bands_4g": ["1, 3"]}\nnot json\n{"name": "x"}\n',
        encoding="utf-8",
    )
    report = import_gsmarena(lines, as_of=AS_OF)
    assert [d.id for d in report.imported] == ["acme/a1"]
    assert [s.reason for s in report.skipped] == [
        "invalid JSON line",
        "record has no brand or name",
    ]
