"""Importers of Band Atlas and the Wikipedia MCC-MNC list: full-file counts, spot checks, overlays.

The counts are the exact numbers observed on the shared datasets (see ../shared/datasets/SOURCES.md);
a change means the importer (or the band registry's label rules) changed behaviour, and the new
numbers should be reviewed, not just pasted in.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bandfit.catalog import Catalog
from bandfit.catalog.compile import read_tree
from bandfit.catalog.importers import (
    BANDATLAS_CREDIT,
    ImportResult,
    import_bandatlas,
    import_mccmnc,
    operator_yaml,
    parse_date_span,
    write_overlay,
)
from bandfit.catalog.model import Confidence, Layer, Operator
from bandfit.errors import CatalogError, InvalidInputError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bandatlas(shared_datasets: Path) -> ImportResult:
    return import_bandatlas(shared_datasets / "operators" / "band_atlas")


@pytest.fixture(scope="module")
def mccmnc(shared_datasets: Path) -> ImportResult:
    return import_mccmnc(shared_datasets / "operators" / "mcc-mnc-list.json")


def _op(result: ImportResult, op_id: str) -> Operator:
    return next(op for op in result.operators if op.id == op_id)


def _bands(op: Operator) -> set[str]:
    return {d.band for d in op.deployments}


# -- partial dates ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "until", "since", "precision"),
    [
        ("2024-10-28", dt.date(2024, 10, 28), dt.date(2024, 10, 28), "day"),
        ("2024-03", dt.date(2024, 3, 1), dt.date(2024, 4, 1), "month"),
        ("2024-12", dt.date(2024, 12, 1), dt.date(2025, 1, 1), "month"),
        ("2024", dt.date(2024, 1, 1), dt.date(2025, 1, 1), "year"),
        ("2025-Q4", dt.date(2025, 10, 1), dt.date(2026, 1, 1), "quarter"),
        ("2028-H2", dt.date(2028, 7, 1), dt.date(2029, 1, 1), "half"),
    ],
)
def test_partial_dates_map_to_the_bound_that_never_overstates_service(
    text: str, until: dt.date, since: dt.date, precision: str
) -> None:
    span = parse_date_span(text)
    assert span is not None
    assert (span.as_until(), span.as_since(), span.precision) == (until, since, precision)


@pytest.mark.parametrize("text", ["", "soon", "2024-13", "2023-02-30", "2024-Q5", "24"])
def test_unparseable_dates_are_none(text: str) -> None:
    assert parse_date_span(text) is None


# -- Band Atlas, full files ---------------------------------------------------------------------
def test_bandatlas_counts(bandatlas: ImportResult) -> None:
    assert bandatlas.summary() == {
        "rows": 2270,  # 465 networks + 1728 band rows + 77 sunset rows
        "operators": 465,
        "deployments": 1728,  # every network_bands.csv row maps
        "imported": 1871,  # 1728 band rows + 143 sunset values (rows and date cells) applied
        "inferred": 0,
        "unmapped": 12,
        "skipped": 26,  # planned sunsets (kept in notes)
        "conflicts": 1,  # GB Three 3G: 2025-11-27 (networks.csv) vs 2024 (sunset.csv)
    }
    kinds = Counter(p.kind for p in bandatlas.problems)
    assert kinds == {"unmapped": 12, "skipped": 26, "conflict": 1}
    assert all(
        op.kind == "MNO" and op.id.split("/")[1].startswith("bandatlas-")
        for op in bandatlas.operators
    )


def test_bandatlas_att(bandatlas: ImportResult) -> None:
    att = _op(bandatlas, "us/bandatlas-att")
    assert _bands(att) == {
        "B2",
        "B4",
        "B5",
        "B12",
        "B17",
        "B30",
        "B66",
        "B14",
        "B29",
        "n5",
        "n77",
        "n260",
        "n2",
        "n66",
    }
    by_band = {d.band: d for d in att.deployments}
    assert by_band["B29"].layer is Layer.SUPPLEMENTAL  # SDL, whatever the layer column says
    assert by_band["n260"].layer is Layer.BOOST  # mmWave
    assert by_band["B12"].layer is Layer.COVERAGE
    assert by_band["B2"].confidence is Confidence.CONFIRMED  # x
    assert by_band["n2"].confidence is Confidence.REPORTED  # s
    assert "main band" in by_band["B2"].note
    assert att.external_ids == {"bandatlas": "att"}
    assert BANDATLAS_CREDIT in att.sources["bandatlas"].note
    assert att.sources["bandatlas"].license == "CC BY 4.0"
    ends = {n.rat.value: n.until for n in att.networks if n.status == "ended"}
    assert ends == {"gsm": dt.date(2017, 1, 1), "umts": dt.date(2022, 1, 1)}  # year only -> Jan 1
    umts = next(n for n in att.networks if n.rat.value == "umts")
    assert "'2022'" in umts.note
    assert "year precision" in umts.note
    nr = next(n for n in att.networks if n.rat.value == "nr")
    assert nr.sa_since == dt.date(2025, 11, 1)
    assert nr.modes is None


def test_bandatlas_sunsets_name_the_right_rat(bandatlas: ImportResult) -> None:
    def ends(op_id: str) -> dict[str, dt.date | None]:
        return {n.rat.value: n.until for n in _op(bandatlas, op_id).networks if n.status == "ended"}

    assert ends("us/bandatlas-verizon") == {"cdma": dt.date(2022, 12, 31)}  # "2G/3G (CDMA)"
    assert ends("us/bandatlas-t-mobile") == {
        "gsm": dt.date(2026, 8, 3),
        "umts": dt.date(2022, 7, 1),
        "cdma": dt.date(2022, 3, 31),  # "3G (Sprint CDMA)"
    }
    assert ends("kr/bandatlas-skt") == {"cdma": dt.date(2020, 7, 1)}  # Korea's 2G was CDMA
    assert ends("jp/bandatlas-kddi") == {"cdma": dt.date(2022, 3, 31)}  # PDC 2G not modelled
    assert ends("sg/bandatlas-m1") == {"gsm": dt.date(2017, 4, 1), "umts": dt.date(2024, 7, 31)}
    assert ends("gb/bandatlas-three") == {"umts": dt.date(2025, 11, 27)}
    assert ends("cn/bandatlas-china-mobile") == {}  # licence end and regional events not applied
    assert "gsm" not in ends("il/bandatlas-pelephone-il")  # "2g: never" beats the country-wide row


def test_bandatlas_problems_are_reported_row_by_row(bandatlas: ImportResult) -> None:
    reasons = {(p.row, p.kind): p.reason for p in bandatlas.problems}
    assert "PDC" in reasons[("networks.csv:16 (2g)", "unmapped")]
    assert "partial or regional" in reasons[("sunset.csv:75", "unmapped")]
    assert "only 2G/3G" in reasons[("sunset.csv:36", "unmapped")]  # 4G (Sprint LTE)
    assert "2025-11-27" in reasons[("sunset.csv:66", "conflict")]
    assert reasons[("networks.csv:12 (3g)", "unmapped")].startswith("3G off but no date")


def _write_csv(path: Path, lines: list[str]) -> None:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode())


@pytest.fixture
def tiny_bandatlas(tmp_path: Path) -> Path:
    _write_csv(
        tmp_path / "networks.csv",
        [
            "country,operator_id,operator,group,sa,sa_date,2g,2g_date,3g,3g_date",
            "XA,alpha,Alpha Tel,,yes,2024-06-15,off,2020-05,off,2023",
            "XA,beta,Beta Mobile,,unknown,,unknown,,unknown,",
        ],
    )
    _write_csv(
        tmp_path / "network_bands.csv",
        [
            "country,operator_id,tech,band,layer,confidence,main_band,sources",
            "XA,alpha,LTE,B20,coverage,x,yes,a;b",
            "XA,alpha,LTE,B999,capacity,s,,a",
            "XA,alpha,NR,B3,capacity,s,,a",
            "XA,alpha,NR,n258,capacity,s,,a",
            "XA,ghost,LTE,B3,capacity,s,,a",
            "XA,beta,LTE,B32,capacity,x,,a",
        ],
    )
    _write_csv(
        tmp_path / "sunset.csv",
        [
            "country,operator_id,network,date,status,source",
            "XA,Beta Mobile,3G,2022-09,off,s1",
            "XA,,2G (all networks),2019-12-31,off,s2",
            "XA,alpha,3G (Region North),2021,off,s3",
            "XA,alpha,2G,2030,planned,s4",
        ],
    )
    return tmp_path


def test_bandatlas_small_input(tiny_bandatlas: Path) -> None:
    result = import_bandatlas(tiny_bandatlas, prefix="ba-")
    alpha, beta = (_op(result, i) for i in ("xa/ba-alpha", "xa/ba-beta"))
    assert [(d.band, d.layer) for d in alpha.deployments] == [
        ("B20", Layer.COVERAGE),
        ("n258", Layer.BOOST),
    ]
    assert [(d.band, d.layer) for d in beta.deployments] == [("B32", Layer.SUPPLEMENTAL)]
    problems = {p.row: p for p in result.problems}
    assert "unknown band id 'B999'" in problems["network_bands.csv:3"].reason
    assert "tech column" in problems["network_bands.csv:4"].reason
    assert "not in networks.csv" in problems["network_bands.csv:6"].reason
    assert "partial or regional" in problems["sunset.csv:4"].reason
    assert problems["sunset.csv:5"].kind == "skipped"
    # alpha 2G: own "2020-05" and the country-wide "2019-12-31" disagree; the day wins
    alpha_ends = {n.rat.value: n.until for n in alpha.networks if n.status == "ended"}
    assert alpha_ends == {"gsm": dt.date(2019, 12, 31), "umts": dt.date(2023, 1, 1)}
    assert problems["networks.csv:2 (2g)"].kind == "conflict"
    # beta: operator named by display name; its unknown 2G takes the country-wide row
    beta_ends = {n.rat.value: n.until for n in beta.networks if n.status == "ended"}
    assert beta_ends == {"gsm": dt.date(2019, 12, 31), "umts": dt.date(2022, 9, 1)}
    nr = next(n for n in alpha.networks if n.rat.value == "nr")
    assert nr.sa_since == dt.date(2024, 6, 15)
    assert result.unmapped == 4
    assert result.skipped == 1
    assert result.conflicts == 1


def test_bandatlas_known_operators_are_skipped(tiny_bandatlas: Path) -> None:
    known = Catalog(
        [
            Operator(
                id="xa/alpha",
                name="Alpha",
                country="XA",
                kind="MNO",
                external_ids={"bandatlas": "alpha"},
                as_of=dt.date(2026, 1, 1),
            )
        ],
        [],
    )
    result = import_bandatlas(tiny_bandatlas, known=known)
    assert [op.id for op in result.operators] == ["xa/bandatlas-beta"]
    assert any("already curated as xa/alpha" in p.reason for p in result.problems)


def test_bandatlas_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match=r"networks\.csv"):
        import_bandatlas(tmp_path)


# -- MCC-MNC list, full file --------------------------------------------------------------------
def test_mccmnc_counts(mccmnc: ImportResult) -> None:
    assert mccmnc.summary() == {
        "rows": 3290,
        "operators": 1414,  # one per (territory, PLMN) of the operational records
        "deployments": 4825,
        "imported": 3154,  # labels with exactly one candidate band
        "inferred": 1676,  # labels with several candidates
        "unmapped": 374,
        "skipped": 1955,
        "conflicts": 0,
    }
    skipped = Counter(p.reason.split(":")[0] for p in mccmnc.problems if p.kind == "skipped")
    assert skipped["status 'Not operational'"] == 709
    assert skipped["status 'Unknown'"] == 858
    assert skipped["MVNO"] == 222
    assert all(op.kind == "MNO" for op in mccmnc.operators)
    for op in mccmnc.operators:
        for dep in op.deployments:
            if dep.confidence is Confidence.INFERRED:
                assert len(dep.candidates) > 1
                assert dep.band == dep.candidates[0]
                assert "ambiguous, see candidates" in dep.note
            else:
                assert dep.candidates == ()


def test_mccmnc_att_lte_700_is_inferred_with_candidates(mccmnc: ImportResult) -> None:
    att = _op(mccmnc, "us/mccmnc-310-410")
    assert att.plmns == ("310-410",)
    assert att.name == "AT&T"
    assert att.country == "US"
    lte700 = next(d for d in att.deployments if "'LTE 700'" in d.note)
    assert lte700.confidence is Confidence.INFERRED
    assert lte700.candidates == ("B12", "B13", "B14", "B17", "B29", "B85")
    assert lte700.note.startswith("label 'LTE 700' — ambiguous, see candidates")
    exact = {d.band for d in att.deployments if d.confidence is Confidence.REPORTED}
    assert exact == {"GSM850", "GSM1900", "B30", "n77", "n260"}
    assert next(d for d in att.deployments if d.band == "n260").layer is Layer.BOOST


def test_mccmnc_ee(mccmnc: ImportResult) -> None:
    ee = _op(mccmnc, "gb/mccmnc-234-30")
    by_band = {d.band: d for d in ee.deployments}
    assert {b for b, d in by_band.items() if d.confidence is Confidence.REPORTED} == {
        "GSM1800",
        "B3",
        "B20",
        "n3",
        "n78",
    }
    assert by_band["B7"].candidates == ("B7", "B38", "B41", "B69")  # "LTE 2600" in ITU region 1
    assert by_band["n28"].candidates == ("n28", "n67")
    assert by_band["B20"].layer is Layer.COVERAGE
    assert "UMTS shut down Feb 2024" in ee.notes  # Wikipedia notes are kept for the reader


def test_mccmnc_territories_and_notes(mccmnc: ImportResult) -> None:
    ids = {op.id for op in mccmnc.operators}
    assert {"us/mccmnc-310-260", "pr/mccmnc-310-260", "vi/mccmnc-310-260"} <= ids
    assert {"au/mccmnc-505-01", "cc/mccmnc-505-01", "cx/mccmnc-505-01"} <= ids  # AU/CC/CX
    telesur = _op(mccmnc, "sr/mccmnc-746-02")  # notes: "LTE bands 28, 3"
    lte700 = next(d for d in telesur.deployments if "'LTE 700'" in d.note)
    assert (lte700.band, lte700.confidence) == ("B28", Confidence.REPORTED)
    assert "narrowed by the record's notes" in lte700.note


def test_mccmnc_unmapped_reasons(mccmnc: ImportResult) -> None:
    by_value: dict[str, set[str]] = {}
    for p in mccmnc.problems:
        if p.kind == "unmapped":
            by_value.setdefault(p.value, set()).add(p.reason)
    assert any("TD-SCDMA" in r for r in by_value["TD-SCDMA 2000"])
    assert any("iDEN" in r for r in by_value["iDEN 800"])
    assert any("WiMAX" in r for r in by_value["WiMAX"])
    assert by_value["CDMA"] == {"CDMA without a band class: the band cannot be told"}
    assert any("registry" in r for r in by_value["CDMA 450"])  # no BC5 in the registry
    assert any("no band" in r for r in by_value["Unknown"])
    assert "UTMS 2100" in by_value  # garbage is reported, not guessed


def test_mccmnc_small_input(tmp_path: Path) -> None:
    records = [
        {
            "countryCode": "XA",
            "mcc": "901",
            "mnc": "01",
            "brand": "One",
            "status": "Operational",
            "bands": "CDMA 800 / CDMA 850 / LTE 9999 / iDEN",
            "notes": None,
        },
        {
            "countryCode": "XA",
            "mcc": "901",
            "mnc": "02",
            "brand": "Two",
            "status": "Unknown",
            "bands": "GSM 900",
            "notes": None,
        },
        {
            "countryCode": "XA",
            "mcc": "901",
            "mnc": "03",
            "brand": "Three",
            "status": "Operational",
            "bands": "MVNO",
            "notes": None,
        },
        {
            "countryCode": "XA",
            "mcc": "901",
            "mnc": "01",
            "brand": "Dup",
            "status": "Operational",
            "bands": "GSM 900",
            "notes": None,
        },
        {
            "countryCode": None,
            "mcc": "901",
            "mnc": "04",
            "brand": "Sea",
            "status": "Operational",
            "bands": "GSM 900",
            "notes": None,
        },
        "garbage",
    ]
    path = tmp_path / "list.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    result = import_mccmnc(path)
    assert [op.id for op in result.operators] == ["xa/mccmnc-901-01"]
    one = result.operators[0]
    assert [(d.band, d.confidence) for d in one.deployments] == [
        ("BC0", Confidence.REPORTED)
    ]  # 800+850 merged
    assert result.summary()["skipped"] == 5
    assert result.unmapped == 2
    with_unknown = import_mccmnc(path, include_unknown_status=True)
    assert "xa/mccmnc-901-02" in {op.id for op in with_unknown.operators}
    known = Catalog([one.model_copy(update={"id": "xa/one"})], [])
    assert import_mccmnc(path, known=known).operators == []


# -- overlays -----------------------------------------------------------------------------------
@pytest.mark.slow
def test_overlay_of_both_imports_loads(
    bandatlas: ImportResult, mccmnc: ImportResult, tmp_path: Path
) -> None:
    base = Catalog.from_compiled()
    written = write_overlay(bandatlas.operators + mccmnc.operators, tmp_path, base=base)
    assert len(written) == 465 + 1414
    merged = base.with_overlay(tmp_path)
    assert len(merged.operators) == len(base.operators) + 465 + 1414
    for op_id, op in base.operators.items():  # prefixed ids never replace curated records
        assert merged.operators[op_id] is op
    assert merged.operators["us/bandatlas-att"] == _op(bandatlas, "us/bandatlas-att")
    assert merged.operators["us/mccmnc-310-410"] == _op(mccmnc, "us/mccmnc-310-410")
    checked = subprocess.run(
        [sys.executable, "-m", "bandfit", "data", "validate", "--catalog", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout[-2000:]


def test_overlay_yaml_quotes_codes_and_writes_iso_dates(
    bandatlas: ImportResult, mccmnc: ImportResult
) -> None:
    telenor = next(op for op in mccmnc.operators if op.country == "NO")
    text = operator_yaml(telenor)
    assert 'country: "NO"' in text
    assert f'- "{telenor.plmns[0]}"' in text
    att = operator_yaml(_op(bandatlas, "us/bandatlas-att"))
    assert "until: 2017-01-01\n" in att
    assert "as_of: 2026-10-02\n" in att
    assert att.startswith("schema: bandfit.operator/1\nid: us/bandatlas-att\n")


def test_overlay_refuses_to_replace_curated_records(tiny_bandatlas: Path, tmp_path: Path) -> None:
    result = import_bandatlas(tiny_bandatlas, prefix="")
    base = Catalog(
        [
            Operator(
                id="xa/alpha",
                name="Curated Alpha",
                country="XA",
                kind="MNO",
                as_of=dt.date(2026, 1, 1),
            )
        ],
        [],
    )
    out = tmp_path / "overlay"
    with pytest.raises(CatalogError, match="xa/alpha: would replace"):
        write_overlay(result.operators, out, base=base)
    assert not out.exists()
    write_overlay(result.operators, out, base=base, replace=True)
    records = read_tree(out)
    assert not records.problems
    assert base.with_overlay(out).operators["xa/alpha"].name == "Alpha Tel"
