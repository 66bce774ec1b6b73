"""Sweeps over the real shipped data: every record validates, every band and host exists, every
operator is live today or has a documented end, every variant yields a verdict, and the compiled
package data is the one the manifest describes.

``pytest -s`` prints the validation warnings and the verdict distribution.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from bandfit.bands.model import Rat
from bandfit.bands.registry import BandRegistry, default_registry
from bandfit.catalog import Catalog
from bandfit.catalog.checks import Problem
from bandfit.catalog.compile import RecordSet, read_tree, validate_tree
from bandfit.compat import Status, check
from bandfit.compat.matrix import MatrixResult, evaluate_matrix

pytestmark = pytest.mark.shipped_data

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
TODAY = dt.date(2026, 11, 21)  # the curated records' as_of: "today" for these sweeps
SAMPLE = 300
SEED = 20261121


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """The compiled shipped catalog (never an env overlay)."""
    return Catalog.from_compiled()


@pytest.fixture(scope="module")
def records() -> RecordSet:
    return read_tree(DATA)


@pytest.fixture(scope="module")
def problems(records: RecordSet) -> list[Problem]:
    # validate as of the data's date or later (a clock set in the past must not fail the sweep)
    return validate_tree(records, default_registry(), today=max(TODAY, dt.date.today()))


@pytest.fixture(scope="module")
def matrix(catalog: Catalog) -> MatrixResult:
    variants = [v for _d, v in catalog.variants()]
    operators = sorted(catalog.operators.values(), key=lambda o: o.id)
    return evaluate_matrix(variants, operators, TODAY, catalog=catalog)


# ------------------------------------------------------------------------------ validation


def test_every_shipped_record_validates(records: RecordSet, problems: list[Problem]) -> None:
    errors = [str(p) for p in problems if p.severity == "error"]
    warnings = [str(p) for p in problems if p.severity == "warning"]
    print(f"\ndata/: {len(records.operators)} operators, {len(records.devices)} devices, "
          f"{len(errors)} error(s), {len(warnings)} warning(s)")  # fmt: skip
    for line in warnings:
        print("  warning:", line)
    assert errors == []
    n_files = sum(1 for _ in (DATA / "operators").rglob("*.yaml")) + sum(
        1 for _ in (DATA / "devices").rglob("*.yaml")
    )
    assert len(records.operators) + len(records.devices) == n_files, "a file was not read"


def test_shipped_warnings_are_only_known_kinds(problems: list[Problem]) -> None:
    assert {p.code for p in problems if p.severity == "warning"} <= {"duplicate-model-number"}


def _band_uses(catalog: Catalog) -> list[tuple[str, str, str]]:
    """(record id, where, band id) of every band a record names."""
    uses = []
    for op in catalog.operators.values():
        for i, dep in enumerate(op.deployments):
            uses.append((op.id, f"deployments.{i}", dep.band))
            uses.extend((op.id, f"deployments.{i}.candidates", c) for c in dep.candidates)
    for dev in catalog.devices.values():
        for var in dev.variants:
            uses.extend((dev.id, f"{var.id}.bands", b) for b in var.bands.all_ids())
    return uses


def test_every_band_exists(catalog: Catalog) -> None:
    registry: BandRegistry = default_registry()
    uses = _band_uses(catalog)
    assert len(uses) > 10_000
    assert [u for u in uses if u[2] not in registry] == []
    for record, where, band in uses:
        assert registry.get(band).rat.value in ("gsm", "umts", "cdma", "lte", "nr"), (record, where)


def test_every_deployment_block_lies_in_its_band(catalog: Catalog) -> None:
    registry = default_registry()
    bad = []
    for op in catalog.operators.values():
        for i, dep in enumerate(op.deployments):
            if dep.block is None:
                continue
            band = registry.get(dep.band)
            for link, rng in (("dl", dep.block.dl), ("ul", dep.block.ul)):
                outer = band.dl if link == "dl" else band.ul
                if rng is not None and (outer is None or not outer.contains_range(rng)):
                    bad.append((op.id, i, link))
    assert bad == []


# ------------------------------------------------------------------------------ operators


def test_every_mvno_host_and_successor_exists(catalog: Catalog) -> None:
    ids = set(catalog.operators)
    missing = [
        (op.id, h.operator)
        for op in catalog.operators.values()
        for h in op.hosts
        if h.operator not in ids
    ]
    assert missing == []
    assert [
        op.id for op in catalog.operators.values() if op.successor and op.successor not in ids
    ] == []
    mvnos = [op for op in catalog.operators.values() if op.kind == "MVNO"]
    assert len(mvnos) >= 20
    assert all(op.hosts for op in mvnos)
    assert all(not op.deployments for op in mvnos), "an MVNO uses its host's deployments"
    assert all(catalog.operators[h.operator].kind == "MNO" for op in mvnos for h in op.hosts)


def test_every_operator_is_live_today_or_has_a_documented_end(catalog: Catalog) -> None:
    """In service today -> a live deployment of its own, or a host agreement in effect (MVNOs);
    out of service today -> an ``until`` and a ``successor`` (where the customers went)."""
    problems = []
    for op in sorted(catalog.operators.values(), key=lambda o: o.id):
        if not op.live_on(TODAY):
            if op.until is None or op.successor is None:
                problems.append(f"{op.id}: not in service on {TODAY} but no until/successor")
            continue
        own = [d for d in op.deployments if d.live_on(TODAY)]
        hosts = [
            h for h in op.hosts if h.live_on(TODAY) and catalog.operators[h.operator].live_on(TODAY)
        ]
        if not own and not hosts:
            problems.append(
                f"{op.id}: in service on {TODAY} but nothing is live (no deployment, no host)"
            )
    assert problems == []


def test_ended_operators(catalog: Catalog) -> None:
    ended = {
        op.id: (op.until, op.successor)
        for op in catalog.operators.values()
        if not op.live_on(TODAY)
    }
    assert ended == {
        "us/sprint": (dt.date(2022, 6, 30), "us/t-mobile"),
        "us/uscellular": (dt.date(2025, 8, 1), "us/t-mobile"),
    }


def test_networks_and_deployments_agree_on_sunsets(catalog: Catalog) -> None:
    """A deployment of a RAT whose network ended must not outlive the network."""
    late = []
    for op in catalog.operators.values():
        for dep in op.deployments:
            net = op.network(dep.rat)
            if net is not None and net.until is not None and dep.live_on(net.until):
                late.append((op.id, dep.band, net.until))
    assert late == []


# ------------------------------------------------------------------------------ verdicts


def test_every_variant_yields_a_verdict_on_every_operator(
    catalog: Catalog, matrix: MatrixResult
) -> None:
    n_v, n_o = len(matrix.variants), len(matrix.operators)
    assert matrix.codes.shape == (n_v, n_o)
    assert n_v == sum(len(d.variants) for d in catalog.devices.values())
    assert n_o == len(catalog.operators)
    counts = Counter(matrix.status(i, j).value for i in range(n_v) for j in range(n_o))
    print(f"\n{n_v} variants x {n_o} operators on {TODAY}: {dict(counts)}")
    assert sum(counts.values()) == n_v * n_o
    assert set(counts) <= {s.value for s in Status}
    assert counts["works"] > 0
    assert ((matrix.scores >= 0) & (matrix.scores <= 1)).all()
    # ended operators give no service to anyone
    for j, op in enumerate(matrix.operators):
        if not op.live_on(TODAY):
            assert {matrix.status(i, j) for i in range(n_v)} == {Status.NO_SERVICE}, op.id


def test_matrix_agrees_with_check_on_a_random_sample(
    catalog: Catalog, matrix: MatrixResult
) -> None:
    rng = random.Random(SEED)
    pairs = catalog.variants()
    assert [v for _d, v in pairs] == list(matrix.variants)
    sample = [
        (rng.randrange(len(pairs)), rng.randrange(len(matrix.operators))) for _ in range(SAMPLE)
    ]
    disagreements = []
    for i, j in sample:
        device, variant = pairs[i]
        verdict = check(variant, matrix.operators[j], TODAY, catalog=catalog, device=device)
        got = (matrix.status(i, j), float(matrix.scores[i, j]))
        if got != (verdict.status, verdict.radio_score):
            disagreements.append(
                (device.id, variant.id, matrix.operators[j].id, got, verdict.status)
            )
    assert disagreements == []


def test_every_variant_can_be_checked_against_its_home_operators(catalog: Catalog) -> None:
    """``check`` never raises on real data, including unknown band lists (-> *unknown*)."""
    by_country: dict[str, list[str]] = {}
    for op in catalog.operators.values():
        by_country.setdefault(op.country, []).append(op.id)
    n = 0
    for device, variant in catalog.variants():
        for market in variant.markets:
            for op_id in sorted(by_country.get(market, ()))[:3]:
                verdict = check(
                    variant, catalog.operators[op_id], TODAY, catalog=catalog, device=device
                )
                n += 1
                if all(variant.bands.of(r) is None for r in Rat):
                    assert verdict.status in (Status.UNKNOWN, Status.NO_SERVICE), (
                        device.id,
                        variant.id,
                    )
    assert n > 100


# ------------------------------------------------------------------------------ compiled data


def _data_file(name: str) -> str:
    return resources.files("bandfit").joinpath("_data", name).read_text(encoding="utf-8")


def test_manifest_hashes_match_the_compiled_files() -> None:
    manifest = json.loads(_data_file("manifest.json"))
    folder = resources.files("bandfit").joinpath("_data")
    on_disk = sorted(p.name for p in folder.iterdir() if p.name.endswith(".json"))
    assert on_disk == sorted([*manifest["files"], "manifest.json"])
    for name, digest in manifest["files"].items():
        assert hashlib.sha256(_data_file(name).encode()).hexdigest() == digest, name
    for name in manifest["files"]:
        assert json.loads(_data_file(name))["_generated"].startswith(
            "Generated by tools/build_data.py"
        )


def test_manifest_counts_match_the_catalog(catalog: Catalog) -> None:
    counts = json.loads(_data_file("manifest.json"))["counts"]
    assert {k: counts[k] for k in catalog.counts()} == catalog.counts()
    assert counts["mvnos"] == sum(1 for op in catalog.operators.values() if op.kind == "MVNO")
    assert counts["deployments"] == sum(len(op.deployments) for op in catalog.operators.values())
    assert counts["bands"] == len(list(default_registry()))
    assert catalog.version == json.loads(_data_file("manifest.json"))["catalog_version"]


def test_compiled_catalog_equals_the_yaml_tree(catalog: Catalog, records: RecordSet) -> None:
    assert set(catalog.operators) == set(records.operators)
    assert set(catalog.devices) == set(records.devices)
    for op_id, (_file, op) in records.operators.items():
        assert catalog.operators[op_id] == op, op_id
    for dev_id, (_file, dev) in records.devices.items():
        assert catalog.devices[dev_id] == dev, dev_id


def test_minimum_counts(catalog: Catalog) -> None:
    counts = catalog.counts()
    print(f"\ncounts: {counts}")
    assert counts["countries"] >= 30
    assert counts["operators"] >= 120
    assert counts["devices"] >= 250
    assert counts["variants"] >= 500
