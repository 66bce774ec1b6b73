"""Curated operators vs Band Atlas ``network_bands.csv``: do our LTE/NR bands agree?

Band Atlas (CC BY 4.0, "Band Atlas · Hyper Nexus") is the second source every curated MNO record
was checked against (docs/data/curation/operators-*.md). This test recomputes the agreement from
the shipped catalog so that a later edit cannot drift from it silently:

* per country, the share of Band Atlas (operator, band) rows that our deployments contain (any
  date, any status; a band listed among an inferred deployment's candidates counts), and the share
  of our *current* LTE/NR deployments that Band Atlas lists;
* overall agreement -- Band Atlas rows found in our records -- must stay >= 90 %;
* every Band Atlas *main band* we lack must be listed in :data:`DOCUMENTED_DISAGREEMENTS` with the
  curator's reason, and every listed disagreement must still be one (no stale entries);
* a deployment that cites Band Atlas must be in Band Atlas, and matched bands carry Band Atlas's
  layer except where format.md's rules override it (mmWave -> boost, SDL/LAA -> supplemental).

``pytest -s`` prints the per-country table; it is also written to ``artifacts/``.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bandfit.bands.model import Duplex, Rat
from bandfit.bands.registry import default_registry
from bandfit.catalog import Catalog
from bandfit.catalog.model import Deployment, Operator

pytestmark = pytest.mark.shipped_data

ROOT = Path(__file__).resolve().parents[2]
ARTIFACT = ROOT / "artifacts" / "bandatlas_agreement.md"
AS_OF = dt.date(2026, 11, 21)  # the curated records' as_of: "current" deployments are live on it
MIN_AGREEMENT = 0.90

_US = "docs/data/curation/operators-us.md"
_GB = "docs/data/curation/operators-gb-cn-americas.md"
_APAC = "docs/data/curation/operators-apac.md"

# (curated operator id, Band Atlas band) -> the curator's reason, copied from the report named.
DOCUMENTED_DISAGREEMENTS: dict[tuple[str, str], str] = {
    ("us/att", "n2"): f"NR n2, n66 omitted: single-source (kimovil) rows; not corroborated ({_US})",
    (
        "us/att",
        "n66",
    ): f"NR n2, n66 omitted: single-source (kimovil) rows; not corroborated ({_US})",
    (
        "us/t-mobile",
        "n77",
    ): f"NR n77, n2 omitted: single-source kimovil rows; n25 already covers PCS 5G ({_US})",
    (
        "us/t-mobile",
        "n2",
    ): f"NR n77, n2 omitted: single-source kimovil rows; n25 already covers PCS 5G ({_US})",
    ("gb/three", "n77"): (
        "left out: the UK 3.4-3.8 GHz range lies inside n78, which Three has (confirmed); a second "
        f"deployment would double-count the same spectrum ({_GB})"
    ),
    ("jp/rakuten", "B18"): (
        "au's 800 MHz layer reached by domestic roaming, not Rakuten spectrum: modelled as hosts "
        f"jp/kddi role roaming, 2019-10-01 to 2026-10-01 ({_APAC})"
    ),
    ("jp/rakuten", "B26"): (
        "au's 800 MHz layer reached by domestic roaming, not Rakuten spectrum: modelled as hosts "
        f"jp/kddi role roaming, 2019-10-01 to 2026-10-01 ({_APAC})"
    ),
}


@dataclass
class CountryStats:
    """Agreement counts for one country."""

    operators: set[str] = field(default_factory=set)
    ba_rows: int = 0
    ba_in_ours: int = 0
    ours_current: int = 0
    ours_in_ba: int = 0


@dataclass
class Agreement:
    """Everything the assertions look at."""

    by_country: dict[str, CountryStats]
    missing: list[tuple[str, str, bool]]  # (operator id, band, main band) in Band Atlas, not ours
    extra: list[tuple[str, str, str]]  # (operator id, band, confidence) ours, not in Band Atlas
    wrong_citations: list[tuple[str, str]]
    layer_mismatches: list[tuple[str, str, str, str]]
    unknown_ids: list[str]  # curated records whose external_ids.bandatlas is not in networks.csv

    def totals(self) -> CountryStats:
        out = CountryStats()
        for s in self.by_country.values():
            out.operators |= s.operators
            out.ba_rows += s.ba_rows
            out.ba_in_ours += s.ba_in_ours
            out.ours_current += s.ours_current
            out.ours_in_ba += s.ours_in_ba
        return out


def _matches(dep: Deployment, band: str) -> bool:
    return dep.band == band or band in dep.candidates


def _expected_layer(band_id: str, ba_layer: str) -> str:
    """Band Atlas's layer after format.md's rules (the curators applied the same)."""
    band = default_registry().get(band_id)
    if band.duplex in (Duplex.SDL, Duplex.SUL) or band_id == "B46":
        return "supplemental"
    if band.rat is Rat.NR and band.number is not None and band.number >= 257:
        return "boost"
    return ba_layer


def _current_lte_nr(op: Operator) -> list[Deployment]:
    return [d for d in op.deployments if d.rat in (Rat.LTE, Rat.NR) and d.live_on(AS_OF)]


def _compute(band_atlas: Path) -> Agreement:
    with (band_atlas / "network_bands.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with (band_atlas / "networks.csv").open(encoding="utf-8", newline="") as fh:
        networks = {(r["country"], r["operator_id"]) for r in csv.DictReader(fh)}
    catalog = Catalog.from_compiled()  # curated data only: never an env overlay of imported records
    curated = {
        (op.country, op.external_ids["bandatlas"]): op
        for op in catalog.operators.values()
        if "bandatlas" in op.external_ids
    }
    ba_bands: dict[tuple[str, str], dict[str, dict[str, str]]] = defaultdict(dict)
    for row in rows:
        ba_bands[(row["country"], row["operator_id"])][row["band"]] = row
    unknown = sorted(op.id for key, op in curated.items() if key not in networks)
    result = Agreement(defaultdict(CountryStats), [], [], [], [], unknown)
    for key, op in sorted(curated.items(), key=lambda kv: kv[1].id):
        stats = result.by_country[op.country]
        stats.operators.add(op.id)
        listed = ba_bands.get(key, {})
        for band, row in listed.items():
            stats.ba_rows += 1
            hits = [d for d in op.deployments if _matches(d, band)]
            if hits:
                stats.ba_in_ours += 1
                exact = [d for d in hits if d.band == band]
                if exact and exact[0].layer.value != _expected_layer(band, row["layer"]):
                    result.layer_mismatches.append(
                        (op.id, band, row["layer"], exact[0].layer.value)
                    )
            else:
                result.missing.append((op.id, band, row["main_band"] == "yes"))
        for dep in _current_lte_nr(op):
            stats.ours_current += 1
            if any(_matches(dep, band) for band in listed):
                stats.ours_in_ba += 1
            else:
                result.extra.append((op.id, dep.band, dep.confidence.value))
        for dep in op.deployments:
            if (
                dep.rat in (Rat.LTE, Rat.NR)
                and "bandatlas" in dep.sources
                and not any(_matches(dep, b) for b in listed)
            ):
                result.wrong_citations.append((op.id, dep.band))
    return result


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "    -  "


def _table(agreement: Agreement) -> str:
    head = (
        "| cc | operators | BA rows | in ours | share | our current LTE/NR | in BA | share |\n"
        "|----|----------:|--------:|--------:|------:|-------------------:|------:|------:|\n"
    )
    lines = []
    for cc, s in sorted(agreement.by_country.items()):
        lines.append(
            f"| {cc} | {len(s.operators)} | {s.ba_rows} | {s.ba_in_ours} | {_pct(s.ba_in_ours, s.ba_rows)} "
            f"| {s.ours_current} | {s.ours_in_ba} | {_pct(s.ours_in_ba, s.ours_current)} |"
        )
    t = agreement.totals()
    lines.append(
        f"| **all** | {len(t.operators)} | {t.ba_rows} | {t.ba_in_ours} | {_pct(t.ba_in_ours, t.ba_rows)} "
        f"| {t.ours_current} | {t.ours_in_ba} | {_pct(t.ours_in_ba, t.ours_current)} |"
    )
    missing = "\n".join(
        f"- {op} {band}{' (main band)' if main else ''}: "
        f"{DOCUMENTED_DISAGREEMENTS.get((op, band), 'UNDOCUMENTED')}"
        for op, band, main in agreement.missing
    )
    extra = ", ".join(f"{op} {band} ({conf})" for op, band, conf in agreement.extra)
    return (
        f"# Curated operators vs Band Atlas network_bands.csv (current = live on {AS_OF})\n\n"
        f"{head}" + "\n".join(lines) + "\n\n"
        f"## Band Atlas rows not in our records ({len(agreement.missing)})\n{missing or '- none'}\n\n"
        f"## Our current LTE/NR deployments Band Atlas does not list ({len(agreement.extra)})\n"
        "From other sources (Wikipedia, press; see the curation reports).\n\n"
        f"{extra or 'none'}\n"
    )


@pytest.fixture(scope="module")
def agreement(shared_datasets: Path) -> Agreement:
    result = _compute(shared_datasets / "operators" / "band_atlas")
    text = _table(result)
    print("\n" + text)
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(text, encoding="utf-8")
    return result


def test_overall_agreement(agreement: Agreement) -> None:
    totals = agreement.totals()
    assert totals.ba_rows > 800  # 125 curated records carry a Band Atlas id
    assert totals.ba_in_ours / totals.ba_rows >= MIN_AGREEMENT
    # The other direction is lower by design (Wikipedia-only bands, e.g. Hong Kong and Taiwan NR
    # that Band Atlas lacks); guard it against regressions only.
    assert totals.ours_in_ba / totals.ours_current >= 0.85


def test_main_band_disagreements_are_documented(agreement: Agreement) -> None:
    undocumented = [
        (op, band)
        for op, band, main in agreement.missing
        if main and (op, band) not in DOCUMENTED_DISAGREEMENTS
    ]
    assert undocumented == [], (
        "fix the record or add the curator's reason to DOCUMENTED_DISAGREEMENTS"
    )


def test_documented_disagreements_are_not_stale(agreement: Agreement) -> None:
    still = {(op, band) for op, band, _main in agreement.missing}
    assert set(DOCUMENTED_DISAGREEMENTS) <= still, "remove entries the data no longer disagrees on"


def test_citations_and_layers_follow_band_atlas(agreement: Agreement) -> None:
    assert agreement.unknown_ids == []
    assert agreement.wrong_citations == [], (
        "deployments cite bandatlas for bands Band Atlas does not list"
    )
    assert agreement.layer_mismatches == []
