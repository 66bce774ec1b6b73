"""Curated device variants vs the GSMArena dump: do our LTE and NR band lists agree?

The 2024 GSMArena scrape (``../shared/datasets/devices/gsmarena_realbagher_2024``, SOURCES.md §1a)
was the main band source for most curated devices (docs/data/curation/devices-*.md). This test
re-imports it with :func:`bandfit.catalog.gsmarena.import_gsmarena` and compares, model number by
model number, so that a later edit cannot drift from it silently.

**Matching.** Model numbers are normalised on both sides with
:func:`bandfit.catalog.query.normalise_model_number` (``SM-S928B/DS`` = ``SM-S928B``). A model
number pins a (curated variant, dump variant) pair only when it names exactly one variant on each
side -- the rule ``resolve_device`` uses. Device-wide codes (Asus ``ZS673KS`` on every ROG Phone 5
version) and numbers the dump lists under two entries (``SM-G988B``: "Galaxy S20 Ultra" and
"Galaxy S20 Ultra 5G") identify no variant and are listed, not compared. A band list that is
unknown (``None``) on either side is not compared either.

**Agreement** per brand directory and overall, for LTE and NR separately: Jaccard
``Σ|C∩D| / Σ|C∪D|`` over the compared pairs, the share of curated bands the dump row has
(``Σ|C∩D| / Σ|C|``) and the share of dump bands the curated list has (``Σ|C∩D| / Σ|D|``).

Assertions: overall Jaccard >= 98 % for LTE and for NR (both shares too); every disagreement is in
:data:`DOCUMENTED` with the curator's reason and exactly that difference; every documented entry
is still a disagreement (no stale entries). ``pytest -s`` prints the per-brand table; it is also
written to ``artifacts/device_dump_agreement.md``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bandfit.catalog import Catalog
from bandfit.catalog.gsmarena import import_gsmarena
from bandfit.catalog.model import Device, Variant
from bandfit.catalog.query import normalise_model_number

pytestmark = pytest.mark.shipped_data

ROOT = Path(__file__).resolve().parents[2]
ARTIFACT = ROOT / "artifacts" / "device_dump_agreement.md"
AS_OF = dt.date(2026, 11, 21)
MIN_AGREEMENT = 0.98
MIN_PAIRS = 250  # the comparison must stay substantial, not pass vacuously
RATS = ("lte", "nr")

_BRANDS = "docs/data/curation/devices-dump-brands.md"
_OTHERS = "docs/data/curation/devices-others.md"
_XIAOMI = "docs/data/curation/devices-xiaomi.md"


@dataclass(frozen=True)
class Documented:
    """A known disagreement: bands only the curated list has, bands only the dump has, and why."""

    curated_only: frozenset[str]
    dump_only: frozenset[str]
    reason: str


def known(
    curated_only: tuple[str, ...] = (), dump_only: tuple[str, ...] = (), *, reason: str
) -> Documented:
    return Documented(frozenset(curated_only), frozenset(dump_only), reason)


_PRO_I = (
    'curator assignment of unlabelled rows: "Xperia Pro-I\'s three unlabeled rows -> 62/52/72" '
    "(USA rows add B48/B71, Asia rows lack B32, n79 is Asian); the dump import merges the three "
    f"unlabelled rows into one variant, so it holds their union ({_OTHERS})"
)
_P30_PRO = (
    'curator assignment of unlabelled rows: "P30 Pro second row -> VOG-L04 (B66, no B32)"; the '
    f"dump import merges both unlabelled rows, so each variant sees the other row's band ({_OTHERS})"
)
_RN8 = (
    '"unlabelled rows: ... Redmi Note 8 (both rows) ... assigned by band pattern (China TDD set / '
    'India set), confidence: inferred" (#10); the dump import merges both unlabelled rows into one '
    f"variant ({_XIAOMI})"
)

# (curated device id, variant id, rat) -> the difference and the reason, from the curation reports
DOCUMENTED: dict[tuple[str, str, str], Documented] = {
    ("htc/u12+", "2q55100", "lte"): known(
        dump_only=("B49",),
        reason='"the row reads ... 38, 39, 49, 41, 66. The out-of-order 49 is probably a typo for '
        f'40, so neither B49 nor B40 is listed" ({_BRANDS})',
    ),
    ("nokia/8.1", "ta-1119", "lte"): known(
        dump_only=("B6",),
        reason='"the LTE row reads 1, 3, 5, 6, 8, 20, .... LTE band 6 is essentially unused and sits '
        f'where 7 would be, so neither B6 nor B7 is listed" ({_BRANDS})',
    ),
    ("nokia/x10", "ta-1350-ta-1332", "nr"): known(
        dump_only=("n31",),
        reason='"the 5G row lists 31, which is not a valid NR id, so it is dropped" '
        f"({_BRANDS}; NB: n31 (450 MHz) *is* a 3GPP NR band -- the drop stands, the reason needs fixing)",
    ),
    ("huawei/p30-lite", "asia", "lte"): known(
        curated_only=("B7", "B28"),
        dump_only=("B4", "B19"),
        reason='"P30 lite Europe/Asia/Canada -> LX1/LX2/LX3" is a curator assignment; the dump lists '
        'MAR-LX2 under "nova 4e" (the China name of the P30 lite) next to MAR-AL00/TL00 with the '
        f'China band set; the record notes "sold as nova 4e (China) -- not checked" ({_OTHERS})',
    ),
    ("huawei/p30-pro", "international", "lte"): known(dump_only=("B66",), reason=_P30_PRO),
    ("huawei/p30-pro", "latam", "lte"): known(dump_only=("B32",), reason=_P30_PRO),
    ("sony/xperia-pro-i", "usa", "nr"): known(dump_only=("n79",), reason=_PRO_I),
    ("sony/xperia-pro-i", "europe", "lte"): known(dump_only=("B48", "B71"), reason=_PRO_I),
    ("sony/xperia-pro-i", "europe", "nr"): known(
        dump_only=("n2", "n66", "n71", "n79"), reason=_PRO_I
    ),
    ("sony/xperia-pro-i", "asia", "lte"): known(dump_only=("B32", "B48", "B71"), reason=_PRO_I),
    ("sony/xperia-pro-i", "asia", "nr"): known(
        dump_only=("n2", "n20", "n66", "n71"), reason=_PRO_I
    ),
    ("xiaomi/redmi-note-8", "global", "lte"): known(dump_only=("B41",), reason=_RN8),
    ("xiaomi/redmi-note-8", "india", "lte"): known(
        dump_only=("B2", "B4", "B7", "B20"), reason=_RN8
    ),
    ("xiaomi/poco-m4-pro-5g", "india", "lte"): known(
        curated_only=("B7",),
        reason='India model number 22031116AI is from MobileModels ("India MN from MM"); the dump\'s '
        '"Poco C31" Models field also lists 22031116AI -- a dump Models error like those of #7, '
        f"not yet listed there ({_XIAOMI})",
    ),
    ("xiaomi/poco-m4-pro-5g", "india", "nr"): known(
        curated_only=("n1", "n3", "n5", "n8", "n28", "n40", "n78"),
        reason="as LTE: the dump's 4G-only Poco C31 claims 22031116AI, the POCO M4 Pro 5G India "
        f"(MobileModels) ({_XIAOMI})",
    ),
}


# ------------------------------------------------------------------------------ comparison


@dataclass
class RatStats:
    """Sums over the compared pairs of one RAT."""

    pairs: int = 0
    exact: int = 0
    inter: int = 0
    union: int = 0
    curated: int = 0
    dump: int = 0

    def add(self, cur: set[str], dmp: set[str]) -> None:
        self.pairs += 1
        self.exact += cur == dmp
        self.inter += len(cur & dmp)
        self.union += len(cur | dmp)
        self.curated += len(cur)
        self.dump += len(dmp)

    def merge(self, other: RatStats) -> None:
        for name in ("pairs", "exact", "inter", "union", "curated", "dump"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def jaccard(self) -> float:
        return self.inter / self.union if self.union else 1.0

    @property
    def curated_in_dump(self) -> float:
        return self.inter / self.curated if self.curated else 1.0

    @property
    def dump_in_curated(self) -> float:
        return self.inter / self.dump if self.dump else 1.0


@dataclass
class BrandStats:
    """Counts for one brand directory (``data/devices/<brand>``)."""

    variants_with_numbers: int = 0
    matched_variants: set[str] = field(default_factory=set)
    rats: dict[str, RatStats] = field(default_factory=lambda: {r: RatStats() for r in RATS})


@dataclass(frozen=True)
class Disagreement:
    key: tuple[str, str, str]  # (curated device, variant, rat)
    dump_variant: str  # "<dump device id>:<variant id>"
    model_numbers: tuple[str, ...]
    curated_only: frozenset[str]
    dump_only: frozenset[str]


@dataclass
class Comparison:
    by_brand: dict[str, BrandStats]
    disagreements: list[Disagreement]
    ambiguous: dict[str, tuple[list[str], list[str]]]  # model number -> (curated, dump) targets

    def total(self, rat: str) -> RatStats:
        out = RatStats()
        for stats in self.by_brand.values():
            out.merge(stats.rats[rat])
        return out


def _index(devices: list[Device]) -> tuple[dict[str, set[str]], dict[str, tuple[Device, Variant]]]:
    """Normalised model number -> {"device:variant"}, and "device:variant" -> records."""
    index: dict[str, set[str]] = defaultdict(set)
    records: dict[str, tuple[Device, Variant]] = {}
    for dev in devices:
        for var in dev.variants:
            key = f"{dev.id}:{var.id}"
            records[key] = (dev, var)
            for number in var.model_numbers:
                index[normalise_model_number(number)].add(key)
    return index, records


def compare(curated: list[Device], dump: list[Device]) -> Comparison:
    cur_index, cur_records = _index(curated)
    dump_index, dump_records = _index(dump)
    result = Comparison(defaultdict(BrandStats), [], {})
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for number, cur_keys in sorted(cur_index.items()):
        dump_keys = dump_index.get(number)
        if not dump_keys:
            continue
        if len(cur_keys) > 1 or len(dump_keys) > 1:
            result.ambiguous[number] = (sorted(cur_keys), sorted(dump_keys))
            continue
        pairs[(next(iter(cur_keys)), next(iter(dump_keys)))].append(number)
    for dev in curated:
        result.by_brand[dev.id.split("/")[0]].variants_with_numbers += sum(
            1 for v in dev.variants if v.model_numbers
        )
    for (cur_key, dump_key), numbers in sorted(pairs.items()):
        dev, var = cur_records[cur_key]
        _ddev, dvar = dump_records[dump_key]
        stats = result.by_brand[dev.id.split("/")[0]]
        stats.matched_variants.add(cur_key)
        for rat in RATS:
            cur_bands, dump_bands = getattr(var.bands, rat), getattr(dvar.bands, rat)
            if cur_bands is None or dump_bands is None:
                continue
            cur_set, dump_set = set(cur_bands), set(dump_bands)
            stats.rats[rat].add(cur_set, dump_set)
            if cur_set != dump_set:
                result.disagreements.append(
                    Disagreement(
                        (dev.id, var.id, rat),
                        dump_key,
                        tuple(numbers),
                        frozenset(cur_set - dump_set),
                        frozenset(dump_set - cur_set),
                    )
                )
    return result


def _undocumented(comparison: Comparison) -> list[Disagreement]:
    out = []
    for d in comparison.disagreements:
        doc = DOCUMENTED.get(d.key)
        if doc is None or (doc.curated_only, doc.dump_only) != (d.curated_only, d.dump_only):
            out.append(d)
    return out


# ------------------------------------------------------------------------------ report


def _bands(bands: frozenset[str]) -> str:
    ordered = sorted(bands, key=lambda b: (int("".join(c for c in b if c.isdigit()) or 0), b))
    return " ".join(ordered) or "-"


def _pct(value: float) -> str:
    return f"{100 * value:5.1f} %"


def _rat_cells(s: RatStats) -> str:
    if not s.pairs:
        return "0 | - | - | - | -"
    return f"{s.pairs} | {s.exact} | {_pct(s.jaccard)} | {_pct(s.curated_in_dump)} | {_pct(s.dump_in_curated)}"


def report(comparison: Comparison) -> str:
    head = (
        "| brand | variants w/ model no. | matched | LTE pairs | LTE exact | LTE Jaccard | LTE cur⊂dump "
        "| LTE dump⊂cur | NR pairs | NR exact | NR Jaccard | NR cur⊂dump | NR dump⊂cur | disagreements |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    per_brand: dict[str, int] = defaultdict(int)
    for d in comparison.disagreements:
        per_brand[d.key[0].split("/")[0]] += 1
    lines = []
    for brand, s in sorted(comparison.by_brand.items()):
        lines.append(
            f"| {brand} | {s.variants_with_numbers} | {len(s.matched_variants)} | {_rat_cells(s.rats['lte'])} "
            f"| {_rat_cells(s.rats['nr'])} | {per_brand[brand]} |"
        )
    n_vars = sum(s.variants_with_numbers for s in comparison.by_brand.values())
    n_matched = sum(len(s.matched_variants) for s in comparison.by_brand.values())
    lines.append(
        f"| **all** | {n_vars} | {n_matched} | {_rat_cells(comparison.total('lte'))} "
        f"| {_rat_cells(comparison.total('nr'))} | {len(comparison.disagreements)} |"
    )
    undocumented = set(map(id, _undocumented(comparison)))
    dis = "\n".join(
        f"- `{d.key[0]}` {d.key[1]} {d.key[2].upper()} ({', '.join(d.model_numbers)} -> dump `{d.dump_variant}`): "
        f"curated only {_bands(d.curated_only)}, dump only {_bands(d.dump_only)} -- "
        + ("**UNDOCUMENTED**" if id(d) in undocumented else DOCUMENTED[d.key].reason)
        for d in comparison.disagreements
    )
    amb = "\n".join(
        f"- `{number}`: curated {', '.join(cur)}; dump {', '.join(dmp)}"
        for number, (cur, dmp) in sorted(comparison.ambiguous.items())
    )
    return (
        "# Curated device variants vs the GSMArena dump (2024 scrape)\n\n"
        "Generated by `tests/shipped_data/test_device_dump_agreement.py`; see its docstring for the "
        "matching rule and the metrics.\n\n"
        f"{head}" + "\n".join(lines) + "\n\n## Disagreements\n\n" + (dis or "none") + "\n\n"
        "## Model numbers not compared (they name several variants on one side)\n\n"
        + (amb or "none")
        + "\n"
    )


# ------------------------------------------------------------------------------ tests


@pytest.fixture(scope="module")
def comparison(shared_datasets: Path) -> Comparison:
    dump_dir = shared_datasets / "devices" / "gsmarena_realbagher_2024"
    if not dump_dir.is_dir() or not any(dump_dir.glob("*_data.json")):
        pytest.skip(
            f"GSMArena dump not found at {dump_dir} (see ../shared/datasets/SOURCES.md §1a)"
        )
    dump = import_gsmarena(dump_dir, as_of=AS_OF).imported
    curated = Catalog.from_compiled()  # curated data only: never an env overlay
    result = compare(sorted(curated.devices.values(), key=lambda d: d.id), dump)
    text = report(result)
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(text, encoding="utf-8")
    print("\n" + text)
    return result


@pytest.mark.parametrize("rat", RATS)
def test_overall_band_agreement(comparison: Comparison, rat: str) -> None:
    total = comparison.total(rat)
    assert total.pairs >= MIN_PAIRS
    assert total.jaccard >= MIN_AGREEMENT, _pct(total.jaccard)
    assert total.curated_in_dump >= MIN_AGREEMENT, _pct(total.curated_in_dump)
    assert total.dump_in_curated >= MIN_AGREEMENT, _pct(total.dump_in_curated)


def test_every_disagreement_is_documented(comparison: Comparison) -> None:
    undocumented = [
        f"{d.key}: curated only {sorted(d.curated_only)}, dump only {sorted(d.dump_only)} "
        f"(model numbers {', '.join(d.model_numbers)}; dump {d.dump_variant})"
        for d in _undocumented(comparison)
    ]
    assert undocumented == [], "\n".join(undocumented)


def test_no_stale_documented_entries(comparison: Comparison) -> None:
    found = {d.key for d in comparison.disagreements}
    assert sorted(set(DOCUMENTED) - found) == []


def test_documented_reasons_name_an_existing_curation_report() -> None:
    for key, doc in DOCUMENTED.items():
        assert doc.curated_only or doc.dump_only, key
        assert doc.curated_only.isdisjoint(doc.dump_only), key
        cited = [p for p in (_BRANDS, _OTHERS, _XIAOMI) if p in doc.reason]
        assert cited, key
        assert all((ROOT / p).is_file() for p in cited), key


def test_matching_is_by_model_number(comparison: Comparison) -> None:
    n_matched = sum(len(s.matched_variants) for s in comparison.by_brand.values())
    assert n_matched >= 300
    # the brands the dump covers are all matched; brands it lacks (SOURCES.md §1a) are not
    matched = {b for b, s in comparison.by_brand.items() if s.matched_variants}
    assert {"apple", "samsung", "xiaomi", "huawei", "sony", "nokia", "lg", "asus", "zte"} <= matched
    assert matched.isdisjoint(
        {"google", "oneplus", "motorola", "oppo", "realme", "nothing", "fairphone"}
    )
    assert "ZS673KS" in comparison.ambiguous  # a device-wide Asus code pins no variant


def test_compare_on_a_toy_pair() -> None:
    def device(dev_id: str, lte: list[str] | None, numbers: list[str]) -> Device:
        return Device.model_validate(
            {
                "id": dev_id,
                "brand": "Acme",
                "name": dev_id.split("/")[1],
                "variants": [
                    {
                        "id": "v",
                        "name": "V",
                        "model_numbers": numbers,
                        "bands": {"lte": lte, "nr": []},
                        "sources": ["fx"],
                        "as_of": "2026-01-01",
                    }
                ],
                "as_of": "2026-01-01",
            }
        )

    curated = [device("acme/a", ["B1", "B3"], ["AC-1"]), device("acme/b", None, ["AC-2"])]
    dump = [device("acme/a", ["B1", "B3", "B7"], ["ac-1/ds"]), device("acme/b", ["B1"], ["AC-2"])]
    result = compare(curated, dump)
    lte = result.total("lte")
    assert (lte.pairs, lte.inter, lte.union, lte.curated, lte.dump) == (1, 2, 3, 2, 3)
    assert result.total("nr").pairs == 2  # [] vs []: compared, agree, add nothing to the sums
    (d,) = result.disagreements
    assert (d.key, d.dump_only, d.model_numbers) == (
        ("acme/a", "v", "lte"),
        frozenset({"B7"}),
        ("AC-1",),
    )
