"""The contract's building blocks: IMEI rules, the split Luhn sum, change categories, CSV lines,
documentation coverage, and that importing the fleet package loads no engine."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bandfit.catalog.tac import luhn_check_digit, parse_imei
from bandfit.errors import InvalidImeiError
from bandfit.fleet.contract import (
    CHANGES,
    LUHN_PAIRS,
    REJECT_CODES,
    change_category,
    imei_problem,
    luhn_tac_part,
)
from bandfit.fleet.inputs import parse_csv_line

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "guides" / "fleet-screening.md"
_LABEL = re.compile(r"^\s*IMEI(?:SV)?\s*[:#]?\s*", re.I)
_SEPARATORS = re.compile(r"[\s/-]+")


@given(st.text(st.sampled_from("0123456789 -/aIMESV:\u00a0"), max_size=20))
def test_imei_problem_agrees_with_parse_imei(text: str) -> None:
    digits = _SEPARATORS.sub("", _LABEL.sub("", text, count=1))
    expected: str | None = None
    try:
        parse_imei(text)
    except InvalidImeiError as err:
        expected = (
            "bad-imei-check-digit" if err.expected_check_digit is not None else "invalid-imei"
        )
    problem = imei_problem(digits)
    assert (problem[0] if problem else None) == expected


@given(st.from_regex(r"[0-9]{14}", fullmatch=True))
def test_split_luhn_equals_luhn(digits: str) -> None:
    serial = sum(LUHN_PAIRS[int(digits[i : i + 2])] for i in range(8, 14, 2))
    assert (10 - (luhn_tac_part(digits[:8]) + serial) % 10) % 10 == luhn_check_digit(digits)


@pytest.mark.parametrize(
    ("base", "now", "expected"),
    [
        (("works with gaps", 0.7, "ok"), ("limited", 0.6, "none"), "lost voice"),
        (("limited", 0.3, "ok"), ("no service", 0.0, "none"), "lost data"),
        (("unknown", 0.3, "unknown"), ("no service", 0.0, "none"), "degraded"),
        (("works", 0.9, "ok"), ("works", 0.8, "ok"), "degraded"),
        (("works", 0.9, "ok"), ("works", 0.9, "unverified"), "degraded"),
        (("limited", 0.5, "none"), ("works", 0.9, "ok"), "gained"),
        (("works", 0.9, "ok"), ("works", 0.9, "ok"), "unchanged"),
        (("works", 0.9, "unverified"), ("limited", 0.9, "none"), "lost voice"),
    ],
)
def test_change_categories(
    base: tuple[str, float, str], now: tuple[str, float, str], expected: str
) -> None:
    assert change_category(base, now) == expected


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("a,b,,", ["a", "b", "", ""]),
        ('a,"b,c","d ""e"""', ["a", "b,c", 'd "e"']),
        ('"",x', ["", "x"]),
        ('a,b"c', None),
        ('"a', None),
        ('"a"b', None),
        ("", [""]),
    ],
)
def test_csv_lines(line: str, fields: list[str] | None) -> None:
    assert parse_csv_line(line) == fields


def test_every_code_and_change_is_documented() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    missing = [c for c in (*REJECT_CODES, *CHANGES) if f"`{c}`" not in text]
    assert not missing, f"document these in {GUIDE.name}: {missing}"


def test_importing_fleet_loads_no_engine() -> None:
    code = (
        "import sys, bandfit.fleet.screen, bandfit.fleet.synth, bandfit.fleet.backends.duckdb, "
        "bandfit.fleet.backends.spark, bandfit.fleet.backends.memory, bandfit.cli.fleet\n"
        "print(sorted(m for m in ('duckdb', 'pyspark', 'pyarrow', 'numpy.random') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
