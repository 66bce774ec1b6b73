"""Curated Samsung models vs the Samsung TAC list: TACs (and IMEIs built on them) find our variants.

``../shared/datasets/tac/samsung_tacs_samloaderkotlin.csv`` maps TACs to Samsung model numbers
(``SM-S928B``...). For every curated Samsung model (``data/devices/samsung``) whose model numbers
the list names, every such TAC must resolve through :class:`~bandfit.catalog.tac.TacResolver` to
that very variant (a TAC may also name sibling variants: the lists are many-to-many), never to
another brand; and an IMEI built on the TAC with a correct Luhn digit must parse and resolve the
same way. Skipped with the reason when the list is absent.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from bandfit.catalog import Catalog
from bandfit.catalog.tac import (
    TacResolver,
    TacTable,
    luhn_check_digit,
    model_number_index,
    normalize_model_number,
    parse_imei,
    read_model_list_csv,
)

pytestmark = pytest.mark.shipped_data

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def samsung_table(shared_datasets: Path) -> TacTable:
    path = shared_datasets / "tac" / "samsung_tacs_samloaderkotlin.csv"
    if not path.is_file():
        pytest.skip(f"Samsung TAC list not found at {path} (see ../shared/datasets/SOURCES.md)")
    result = read_model_list_csv(path)
    assert result.rejected == []
    return result.table


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.from_compiled()


@pytest.fixture(scope="module")
def cases(catalog: Catalog, samsung_table: TacTable) -> list[tuple[str, str, str, str]]:
    """(device id, variant id, model number, TAC) for every curated Samsung number in the list."""
    tacs_of: dict[str, set[str]] = defaultdict(set)
    for entry in samsung_table:
        for number in entry.model_numbers:
            tacs_of[normalize_model_number(number)].add(entry.tac)
    out = []
    for device in sorted(catalog.devices.values(), key=lambda d: d.id):
        if not device.id.startswith("samsung/"):
            continue
        for variant in device.variants:
            for number in variant.model_numbers:
                out.extend(
                    (device.id, variant.id, number, tac)
                    for tac in sorted(tacs_of.get(normalize_model_number(number), ()))
                )
    return out


def test_most_curated_samsung_models_are_in_the_list(
    catalog: Catalog, cases: list[tuple[str, str, str, str]]
) -> None:
    on_disk = {f"samsung/{p.stem}" for p in (ROOT / "data" / "devices" / "samsung").glob("*.yaml")}
    curated = {d for d in catalog.devices if d.startswith("samsung/")}
    assert curated == on_disk
    listed = {dev for dev, _v, _n, _t in cases}
    print(
        f"\n{len(listed)} of {len(curated)} curated Samsung models have TACs; {len(cases)} (model number, TAC) pairs"
    )
    assert len(listed) >= 0.9 * len(curated)


def test_every_tac_resolves_to_the_curated_variant(
    catalog: Catalog, samsung_table: TacTable, cases: list[tuple[str, str, str, str]]
) -> None:
    resolver = TacResolver(samsung_table)
    index = model_number_index(catalog.devices.values())
    failures = []
    for dev, var, number, tac in cases:
        hits, reason = resolver.explain(tac, index)
        if (dev, var) not in hits:
            failures.append(f"{dev} {var} {number}: TAC {tac} -> {hits or reason}")
        foreign = [h for h in hits if not h[0].startswith("samsung/")]
        if foreign:
            failures.append(f"TAC {tac} ({number}) also resolves to non-Samsung {foreign}")
    assert failures == []


def test_imeis_built_on_those_tacs_parse_and_resolve(
    catalog: Catalog, samsung_table: TacTable, cases: list[tuple[str, str, str, str]]
) -> None:
    resolver = TacResolver(samsung_table)
    index = model_number_index(catalog.devices.values())
    failures = []
    for k, (dev, var, number, tac) in enumerate(cases):
        body = f"{tac}{k % 1_000_000:06d}"
        imei = f"{body}{luhn_check_digit(body)}"
        parsed = parse_imei(imei)
        assert (parsed.tac, parsed.imei, parsed.check_digit) == (tac, imei, int(imei[-1]))
        spaced = f"{imei[:2]} {imei[2:8]} {imei[8:14]} {imei[14]}"
        for text in (imei, spaced):
            if (dev, var) not in resolver.resolve(text, index):
                failures.append(f"{dev} {var} {number}: IMEI {text} does not resolve")
    assert failures == []


def test_catalog_resolves_the_list_spelling_of_each_model_number(
    catalog: Catalog, samsung_table: TacTable, cases: list[tuple[str, str, str, str]]
) -> None:
    """Where the TAC list spells a model number differently from our record (``SM-A125F`` vs
    ``SM-A125F/DSN``), that spelling still finds our variant through ``Catalog.resolve``."""
    spellings: dict[str, set[str]] = defaultdict(set)
    for entry in samsung_table:
        for number in entry.model_numbers:
            spellings[normalize_model_number(number)].add(number)
    expected = {(normalize_model_number(n), n, dev, var) for dev, var, n, _t in cases}
    checked = 0
    for norm, ours, dev, var in sorted(expected):
        for spelling in sorted(spellings[norm] - {ours}):
            device, variant = catalog.resolve(spelling)
            assert (device.id, variant.id) == (dev, var), spelling
            checked += 1
    assert checked > 20
