"""Every band field of the 5,910-device GSMArena dump goes through the spec-sheet parser.

Two rates are asserted. *Understood*: fragments mapped to a band (or a deliberate note), plus
fragments recognised as MHz labels several bands share (3G "800", "LTE 1800"), which are
reported with their candidates by design rather than guessed. *Mapped*: fragments that became
band ids or notes. Every fragment that is not mapped is printed (``pytest -s``) with its reason.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from bandfit.catalog.specsheet import Problem, parse_band_field, parse_specsheet
from bandfit.errors import SpecSheetParseError

pytestmark = pytest.mark.slow

_FIELDS = (("bands_2g", "2g"), ("bands_3g", "3g"), ("bands_4g", "4g"), ("bands_5g", "5g"))


@pytest.fixture(scope="module")
def dump(shared_path: Callable[[str], Path]) -> list[dict[str, object]]:
    path = shared_path("devices/gsmarena_realbagher_2024_flat.jsonl")
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def test_every_band_field_parses(dump: list[dict[str, object]]) -> None:
    assert len(dump) == 5910
    fragments = mapped = understood = 0
    problems: Counter[tuple[str, str, str, str]] = Counter()
    for record in dump:
        for key, rat in _FIELDS:
            rows = record[key]
            assert isinstance(rows, list)
            fp = parse_band_field(rows, rat)
            fragments += fp.fragments
            mapped += fp.mapped
            understood += fp.understood
            assert fp.fragments == fp.mapped + len(fp.problems)
            problems.update((p.kind, p.field, p.fragment, p.reason) for p in fp.problems)
    print(
        f"\n{fragments} fragments: understood {understood / fragments:.4%}, mapped {mapped / fragments:.4%}"
    )
    for (kind, field, fragment, reason), n in problems.most_common():
        print(f"{n:5d}  {kind:13s} {field:9s} {fragment!r}: {reason}")
    assert fragments > 80_000
    assert understood / fragments >= 0.995
    assert mapped / fragments >= 0.994
    unrecognised = sum(n for (kind, *_), n in problems.items() if kind == "unrecognised")
    assert unrecognised <= 5


def test_every_device_yields_a_sheet_or_a_reasoned_refusal(dump: list[dict[str, object]]) -> None:
    refused: Counter[str] = Counter()
    variants = 0
    for record in dump:
        fields = {
            "Technology": record["technology"],
            "2G bands": record["bands_2g"],
            "3G bands": record["bands_3g"],
            "4G bands": record["bands_4g"],
            "5G bands": record["bands_5g"],
            "Models": record["models"],
        }
        try:
            sheet = parse_specsheet(fields)  # type: ignore[arg-type]
        except SpecSheetParseError:
            refused[str(record["technology"])] += 1
            continue
        variants += len(sheet.variants)
        assert all(isinstance(p, Problem) for p in sheet.problems)
    # only devices without any cellular radio have nothing usable
    assert refused == Counter({"No cellular connectivity": 216})
    assert variants == 7127
