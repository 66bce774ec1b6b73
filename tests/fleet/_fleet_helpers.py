"""Builders shared by the fleet tests: IMEIs and an adversarial multi-part input."""

from __future__ import annotations

import gzip
from pathlib import Path

from bandfit.catalog.tac import luhn_check_digit

NBSP = "\u00a0"


def imei(tac: str, serial: str = "123456", *, bad: bool = False) -> str:
    """A 15-digit IMEI (valid Luhn check digit unless ``bad``)."""
    digit = luhn_check_digit(tac + serial)
    return f"{tac}{serial}{(digit + 1) % 10 if bad else digit}"


def _csv(lines: list[str], *, newline: str = "\n") -> str:
    return newline.join(lines) + newline


def adversarial_rows() -> list[str]:
    """Data lines (header row_id,imei,tac,model_number,device,operator) covering every rule."""
    good = imei("35000001")
    return [
        f"1,{good},,,,",
        f"2,{imei('35000002', '000001')},,,,Beta",
        f"3,{imei('35000001', '777777', bad=True)},,,,",
        "4,12345,,,,",
        f"5,{imei('35000003')},,,,",
        f"6,{imei('35000004')},,,,",
        f"7,{imei('35999999')},,,,",
        "8,,35000001,,,",
        "9,,3500000x,,,",
        "10,,,ac-100g/ds,,",
        "11,,,NOPE-1,,",
        "12,,,,Acme Phone One,",
        '13,,,,"Five 5G",001-01',
        "14,,,,,",
        f",{good},,,,",
        f"1,{good},,,,",
        "15,a,b",
        f'16,"IMEI: {good[:2]} {good[2:8]}-{good[8:]}",,,,',
        '17,"bad"quote,,,,',
        f"18,{good},,,,Nowhere Telecom",
        "",
        "   ",
        "row_id,imei,tac,model_number,device,operator",
        f"19,{good[:14]},,,,",
        f"20,{good[:14]}12,,,,",
        f"21,{good[:2]}{NBSP}{good[2:]},,,,",
        f"22,  {good}  ,,,,  xa/alpha  ",
        '23,,,,"Acme ""One""",',
        '24,,,,"Phone, One",',
        "25,3500000112345678901,,,,",
        f"26,{imei('01000005', '000009')},,,,",
        "27,,,,Zeta,",
        '28,"unterminated,,,,',
        f"29,{good},,,,xb/gone",
        "30,,,,Nokia 3310,",
        "31,,01000005,,,Gamma Mobile",
        f"32,{imei('35000001', '999999')},,,,,extra",
        f"33,IMEISV {good[:14]}07,,,,",
        "34,-,,,,",
        # a TAC missing from the TAC table: the check digit still decides first
        f"35,{imei('35999999', '424242', bad=True)},,,,",
    ]


def write_adversarial_csv(root: Path) -> Path:
    """A directory of CSV parts: BOM + CRLF, a gzip part, an empty part, a header-only part, and
    a part with other columns in another order (no tac, an extra column)."""
    root.mkdir(parents=True)
    header = "row_id,imei,tac,model_number,device,operator"
    (root / "part-000.csv").write_bytes(
        ("\ufeff" + _csv([header, *adversarial_rows()], newline="\r\n")).encode()
    )
    other = [
        "notes,device,imei,operator,ROW_ID",
        f"x,,{imei('35000001', '000123')},xa/beta,100",
        "y,Acme Phone One,,,101",
        f"z,,{imei('35000002', '000124')},,1",
        "w,,,,102",
        "q,Zeta Five 5G,,Alpha,103,",
    ]
    (root / "part-001.csv").write_text(_csv(other), encoding="utf-8")
    with gzip.open(root / "part-002.csv.gz", "wt", encoding="utf-8") as fh:
        fh.write(
            _csv([header, f"200,{imei('35000001', '000200')},,,,", "201,,,AC-100U,,", "2,,,,,"])
        )
    (root / "part-003.csv").write_bytes(b"")
    (root / "part-004.csv").write_text(header + "\n", encoding="utf-8")
    (root / "_SUCCESS").write_text("", encoding="utf-8")
    return root


def write_adversarial_parquet(root: Path) -> Path:
    """Parquet parts: integer row ids, a dictionary-encoded column, a part without operator."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    root.mkdir(parents=True)
    pq.write_table(
        pa.table(
            {
                "row_id": pa.array([1, 2, 3, 4, 5, 6, 2, None], type=pa.int64()),
                "imei": pa.array(
                    [
                        imei("35000001"),
                        imei("35000002"),
                        "junk",
                        None,
                        None,
                        imei("35000001", bad=True),
                        imei("35000003"),
                        imei("35000001"),
                    ]
                ),
                "model_number": pa.array(
                    [None, None, None, "ZT-5G", None, None, None, None]
                ).dictionary_encode(),
                "device": [None, None, None, None, "Acme Phone One", None, None, None],
                "operator": ["xa/beta", None, None, "Gamma Mobile", None, None, None, None],
            }
        ),
        root / "a.parquet",
    )
    pq.write_table(
        pa.table(
            {
                "IMEI": pa.array([imei("35000001", "555555"), None]),
                # a TAC as an integer would have lost leading zeros: refused (inputs.py)
                "tac": pa.array([None, "35000002"], type=pa.string()),
                "row_id": pa.array(["p-1", "p-2"]),
            }
        ),
        root / "b.parquet",
    )
    return root
