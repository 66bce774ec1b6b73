"""``bandfit data validate``: every problem of a tree at once, each with file, location and code.

One tmp tree holds every kind of mistake a curator makes (unknown band ids, a block outside its
band, contradictory overlapping deployments, reversed dates, ``as_of`` in the future, an undefined
source, an MVNO whose host does not exist, unquoted ``NO``, a key named ``on``, duplicate keys,
an id that does not match its path, broken YAML). The Python API (``read_tree`` +
``validate_tree``) and the CLI (``bandfit data validate --data DIR --json``) must both report
exactly the expected set of (file, location, code) -- nothing missing, nothing extra.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from _catalog_trees import write_tree
from typer.testing import CliRunner

from bandfit.bands.registry import default_registry
from bandfit.catalog.checks import Problem, check_records
from bandfit.catalog.compile import RecordSet, read_tree, validate_tree
from bandfit.catalog.model import Device, Operator
from bandfit.cli import app
from bandfit.testing import FIXTURE_DIR

TODAY = dt.date(2026, 11, 21)
SRC = 'sources: {fx: {title: "fixture", publisher: "tests"}}'

# file (relative to the tree) -> YAML text
TREE: dict[str, str] = {
    # a valid MNO (the MVNO below is hosted on it) and a valid device: they add no problem
    "operators/xa/host.yaml": f"""\
        schema: bandfit.operator/1
        id: xa/host
        name: Host Net
        country: "XA"
        kind: MNO
        plmns: ["001-01"]
        networks:
          - {{rat: lte, since: 2012-01-01, voice: volte, sources: [fx]}}
        deployments:
          - {{band: B3, layer: capacity, sources: [fx]}}
          - {{band: B20, layer: coverage, block: {{dl_khz: [791000, 801000]}}, sources: [fx]}}
          - {{band: B20, layer: coverage, block: {{dl_khz: [811000, 821000]}}, sources: [fx]}}
        {SRC}
        as_of: 2026-11-21
        """,
    "devices/acme/good-phone.yaml": f"""\
        schema: bandfit.device/1
        id: acme/good-phone
        brand: Acme
        name: Good Phone
        variants:
          - id: global
            name: Global
            markets: [global, "XA"]
            model_numbers: ["AC-2"]
            bands: {{lte: [B3, B20], nr: [n78]}}
            nr_modes: [nsa]
            certified_on: [xa/host]
            sources: [fx]
            as_of: 2026-11-21
        {SRC}
        as_of: 2026-11-21
        """,
    # cross-record problems in one operator (each at its own location)
    "operators/xa/mixed.yaml": f"""\
        schema: bandfit.operator/1
        id: xa/mixed
        name: Mixed Problems
        country: "XA"
        kind: MNO
        deployments:
          - {{band: B99, layer: capacity, sources: [fx]}}
          - {{band: B20, layer: coverage, block: {{dl_khz: [700000, 710000]}}, sources: [fx]}}
          - {{band: B3, layer: capacity, since: 2015-01-01, sources: [fx]}}
          - {{band: B3, layer: coverage, since: 2018-01-01, sources: [fx]}}
          - {{band: B1, layer: capacity, sources: [fx, nowhere]}}
          - {{band: B12, layer: coverage, confidence: inferred, candidates: [B12, B99], sources: [fx]}}
          - {{band: B7, layer: capacity, block: {{dl_khz: [2620000, 2640000]}}, sources: [fx]}}
          - {{band: B7, layer: capacity, block: {{dl_khz: [2630000, 2650000]}}, until: 2030-01-01, sources: [fx]}}
        {SRC}
        as_of: 2099-01-01
        """,
    # single-record (schema) problems: the record is not built, each error is located
    "operators/xa/dates.yaml": f"""\
        schema: bandfit.operator/1
        id: xa/dates
        name: Dates Reversed
        country: "XA"
        kind: MNO
        deployments:
          - {{band: B3, layer: capacity, sources: [fx]}}
          - {{band: B7, layer: capacity, since: 2021-01-01, until: 2019-01-01, sources: [fx]}}
        {SRC}
        as_of: 2026-01-01
        """,
    "operators/xa/closed.yaml": f"""\
        schema: bandfit.operator/1
        id: xa/closed
        name: Closed Net
        country: "XA"
        kind: MNO
        since: 2020-01-01
        until: 2010-01-01
        successor: xa/nobody
        deployments:
          - {{band: B3, layer: capacity, until: 2010-01-01, status: retired, sources: [fx]}}
        {SRC}
        as_of: 2026-01-01
        """,
    "operators/xa/ghost-mvno.yaml": f"""\
        schema: bandfit.operator/1
        id: xa/ghost-mvno
        name: Ghost Mobile
        country: "XA"
        kind: MVNO
        hosts:
          - {{operator: xa/host, role: primary, sources: [fx]}}
          - {{operator: xa/nowhere, role: secondary, sources: [fx]}}
          - {{operator: xa/ghost-mvno, role: roaming, sources: [fx]}}
        {SRC}
        as_of: 2026-01-01
        """,
    "operators/no/telenor.yaml": f"""\
        schema: bandfit.operator/1
        id: no/telenor
        name: Telenor
        country: NO
        kind: MNO
        {SRC}
        as_of: 2026-01-01
        """,
    "operators/xa/on-key.yaml": f"""\
        schema: bandfit.operator/1
        id: xa/on-key
        name: On Key
        country: "XA"
        kind: MNO
        deployments:
          - band: B3
            layer: capacity
            on: 2020-01-01
        {SRC}
        as_of: 2026-01-01
        """,
    "operators/xa/dupe.yaml": """\
        schema: bandfit.operator/1
        id: xa/dupe
        name: Dupe
        country: "XA"
        kind: MNO
        name: Dupe Again
        as_of: 2026-01-01
        """,
    "operators/xa/misnamed.yaml": """\
        schema: bandfit.operator/1
        id: xa/other-name
        name: Misnamed
        country: "XA"
        kind: MNO
        as_of: 2026-01-01
        """,
    "operators/xa/broken.yaml": """\
        schema: bandfit.operator/1
        id: [xa/broken
        """,
    "operators/xa/a-list.yaml": """\
        - xa/a-list
        """,
    # device problems
    "devices/acme/bad-phone.yaml": f"""\
        schema: bandfit.device/1
        id: acme/bad-phone
        brand: Acme
        name: Bad Phone
        variants:
          - id: global
            name: Global
            markets: [global]
            model_numbers: ["AC-1"]
            bands: {{lte: [B1, B3, B99], nr: []}}
            nr_modes: []
            certified_on: [xa/nowhere]
            sources: [fx, ghost]
            as_of: 2026-11-21
          - id: fiveg
            name: 5G
            markets: ["XA"]
            model_numbers: ["AC-1F"]
            bands: {{lte: [B1], nr: [n78]}}
            nr_modes: []
            sources: [fx]
            as_of: 2099-01-01
        {SRC}
        as_of: 2026-11-21
        """,
    "devices/acme/norway-phone.yaml": f"""\
        schema: bandfit.device/1
        id: acme/norway-phone
        brand: Acme
        name: Norway Phone
        variants:
          - id: nordic
            name: Nordic
            markets: ["SE", NO]
            bands: {{lte: [B20]}}
            sources: [fx]
            as_of: 2026-01-01
        {SRC}
        as_of: 2026-01-01
        """,
    "devices/acme/twin.yaml": f"""\
        schema: bandfit.device/1
        id: acme/twin
        brand: Acme
        name: Twin
        variants:
          - {{id: global, name: Global, model_numbers: ["ac-1"], bands: {{lte: [B1]}}, sources: [fx], as_of: 2026-01-01}}
        {SRC}
        as_of: 2026-01-01
        """,
}

# (file, location, code, severity): exactly what must be reported, nothing more
EXPECTED: set[tuple[str, str, str, str]] = {
    ("operators/xa/mixed.yaml", "deployments.0.band", "unknown-band", "error"),
    ("operators/xa/mixed.yaml", "deployments.1.block.dl_khz", "block-outside-band", "error"),
    ("operators/xa/mixed.yaml", "deployments.3", "contradictory-deployments", "error"),
    ("operators/xa/mixed.yaml", "sources", "undefined-source", "error"),
    ("operators/xa/mixed.yaml", "deployments.5.candidates", "unknown-band", "error"),
    ("operators/xa/mixed.yaml", "deployments.7", "contradictory-deployments", "error"),
    ("operators/xa/mixed.yaml", "as_of", "future-as-of", "error"),
    ("operators/xa/dates.yaml", "deployments.1", "schema", "error"),
    ("operators/xa/closed.yaml", "until", "dates-reversed", "error"),
    ("operators/xa/closed.yaml", "successor", "unknown-operator", "error"),
    ("operators/xa/ghost-mvno.yaml", "hosts.1.operator", "unknown-host", "error"),
    ("operators/xa/ghost-mvno.yaml", "hosts.2.operator", "self-host", "error"),
    ("operators/no/telenor.yaml", "country", "yaml-boolean", "error"),
    ("operators/xa/on-key.yaml", "", "yaml", "error"),
    ("operators/xa/dupe.yaml", "", "yaml", "error"),
    ("operators/xa/misnamed.yaml", "id", "id-path-mismatch", "error"),
    ("operators/xa/broken.yaml", "", "yaml", "error"),
    ("operators/xa/a-list.yaml", "", "schema", "error"),
    ("devices/acme/bad-phone.yaml", "variants.0.bands", "unknown-band", "error"),
    ("devices/acme/bad-phone.yaml", "variants.0.certified_on", "unknown-operator", "error"),
    ("devices/acme/bad-phone.yaml", "sources", "undefined-source", "error"),
    ("devices/acme/bad-phone.yaml", "variants.1.as_of", "future-as-of", "error"),
    ("devices/acme/bad-phone.yaml", "variants.1.nr_modes", "nr-modes-empty", "error"),
    ("devices/acme/norway-phone.yaml", "variants.0.markets.1", "yaml-boolean", "error"),
    # cascade: pydantic drops the failed variant and then finds ``variants`` empty (min 1)
    ("devices/acme/norway-phone.yaml", "variants", "schema", "error"),
    ("devices/acme/twin.yaml", "variants.model_numbers", "duplicate-model-number", "warning"),
}

# (file, code) -> words the message must contain (it says what is wrong, not just where)
MESSAGES: dict[tuple[str, str], tuple[str, ...]] = {
    ("operators/xa/mixed.yaml", "unknown-band"): ("'B99'", "did you mean", "B9"),
    ("operators/xa/mixed.yaml", "block-outside-band"): (
        "700–710 MHz",
        "outside B20 DL 791–821 MHz",
    ),
    ("operators/xa/mixed.yaml", "undefined-source"): ("'nowhere'",),
    ("operators/xa/mixed.yaml", "future-as-of"): ("2099-01-01", "today is 2026-11-21"),
    ("operators/xa/dates.yaml", "schema"): ("since 2021-01-01 is not before until 2019-01-01",),
    ("operators/xa/closed.yaml", "dates-reversed"): (
        "since 2020-01-01 is not before until 2010-01-01",
    ),
    ("operators/xa/ghost-mvno.yaml", "unknown-host"): ("'xa/nowhere'", "not in the catalog"),
    ("operators/no/telenor.yaml", "yaml-boolean"): ("False", 'quote it, e.g. "NO"'),
    ("operators/xa/on-key.yaml", "yaml"): ("line 9", "'on'", "boolean"),
    ("operators/xa/dupe.yaml", "yaml"): ("line 6", "duplicate key 'name'"),
    ("operators/xa/misnamed.yaml", "id-path-mismatch"): ("'xa/other-name'", "'xa/misnamed'"),
    ("operators/xa/broken.yaml", "yaml"): ("YAML syntax",),
    ("operators/xa/a-list.yaml", "schema"): ("mapping",),
    ("devices/acme/bad-phone.yaml", "undefined-source"): ("'ghost'",),
    ("devices/acme/norway-phone.yaml", "yaml-boolean"): ("False",),
    ("devices/acme/twin.yaml", "duplicate-model-number"): ("ac-1", "acme/bad-phone:global"),
}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "tree", TREE)


def _key(p: dict[str, str] | Problem, root: Path) -> tuple[str, str, str, str]:
    d = p.to_dict() if isinstance(p, Problem) else p
    prefix = f"{root.name}/"
    assert d["file"].startswith(prefix), d["file"]  # files are named relative to the tree's parent
    return (d["file"][len(prefix) :], d["location"], d["code"], d["severity"])


def _validate(root: Path) -> tuple[RecordSet, list[Problem]]:
    records = read_tree(root)
    return records, validate_tree(records, default_registry(), today=TODAY)


# ------------------------------------------------------------------------------ Python API


def test_api_reports_every_problem_with_file_location_and_code(tree: Path) -> None:
    _records, problems = _validate(tree)
    got = [_key(p, tree) for p in problems]
    assert len(got) == len(set(got)), "a problem is reported twice"
    assert set(got) == EXPECTED


def test_api_messages_say_what_is_wrong(tree: Path) -> None:
    _records, problems = _validate(tree)
    by_key: dict[tuple[str, str], list[str]] = {}
    for p in problems:
        file, _loc, code, _sev = _key(p, tree)
        by_key.setdefault((file, code), []).append(p.message)
    for key, words in MESSAGES.items():
        text = " | ".join(by_key[key])
        for word in words:
            assert word in text, (key, word, text)


def test_only_valid_records_are_built(tree: Path) -> None:
    records, _problems = _validate(tree)
    # schema/YAML failures are not built; records with only cross-record problems are
    assert set(records.operators) == {
        "xa/host",
        "xa/mixed",
        "xa/closed",
        "xa/ghost-mvno",
        "xa/other-name",
    }
    assert set(records.devices) == {"acme/good-phone", "acme/bad-phone", "acme/twin"}
    file, op = records.operators["xa/other-name"]
    assert file.endswith("operators/xa/misnamed.yaml")
    assert isinstance(op, Operator)
    assert isinstance(records.devices["acme/twin"][1], Device)


def test_problem_string_names_file_location_and_code() -> None:
    p = Problem(
        "data/operators/xa/a.yaml", "deployments.0.band", "unknown-band", "unknown band 'B99'"
    )
    assert (
        str(p) == "data/operators/xa/a.yaml: deployments.0.band: [unknown-band] unknown band 'B99'"
    )
    assert str(Problem("f.yaml", "", "yaml", "line 3: x")) == "f.yaml: [yaml] line 3: x"


def test_the_fixture_catalog_is_clean() -> None:
    assert _validate(FIXTURE_DIR)[1] == []


def test_as_of_today_is_allowed_and_tomorrow_is_not() -> None:
    records, problems = _validate(FIXTURE_DIR)
    assert problems == []
    ops, devs = records.operators, records.devices
    reg = default_registry()
    assert check_records(ops, devs, reg, today=dt.date(2026, 1, 1)) == []
    late = check_records(ops, devs, reg, today=dt.date(2025, 12, 31))
    assert late
    assert {p.code for p in late} == {"future-as-of"}
    assert len(late) == len(ops) + len(devs) + sum(len(d.variants) for _f, d in devs.values())


def test_overlay_check_accepts_hosts_from_the_base(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "ov", {k: v for k, v in TREE.items() if k.endswith("ghost-mvno.yaml")}
    )
    records = read_tree(root)
    plain = validate_tree(records, default_registry(), today=TODAY)
    assert {p.code for p in plain} == {"unknown-host", "self-host"}
    # xa/host lives in the base catalog: only xa/nowhere remains unknown
    based = validate_tree(records, default_registry(), today=TODAY, extra_operator_ids={"xa/host"})
    assert sorted((p.location, p.code) for p in based) == [
        ("hosts.1.operator", "unknown-host"),
        ("hosts.2.operator", "self-host"),
    ]


# ------------------------------------------------------------------------------ CLI

# the user's own overlay / TAC table must not leak into these tests
runner = CliRunner(env={"BANDFIT_CATALOG": None, "BANDFIT_TAC_DB": None})


def test_cli_validate_json_reports_the_same_problems_and_exits_1(tree: Path) -> None:
    result = runner.invoke(app, ["data", "validate", "--data", str(tree), "--json"])
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    got = [_key(p, tree) for p in doc["problems"]]
    assert set(got) == EXPECTED
    assert len(got) == len(EXPECTED)
    assert doc["root"] == str(tree)
    assert doc["errors"] == sum(1 for e in EXPECTED if e[3] == "error")
    assert doc["warnings"] == 1
    # the CLI and the API agree word for word (the CLI runs with the real clock: 2099 is future)
    records = read_tree(tree)  # the API with the same real clock as the CLI
    problems = validate_tree(records, default_registry(), today=dt.datetime.now(dt.UTC).date())
    assert sorted(json.dumps(p, sort_keys=True) for p in doc["problems"]) == sorted(
        json.dumps(p.to_dict(), sort_keys=True) for p in problems
    )


def test_cli_validate_text_lists_every_problem(tree: Path) -> None:
    result = runner.invoke(app, ["data", "validate", "--data", str(tree)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    errors = [line for line in lines if line.startswith("ERROR ")]
    warnings = [line for line in lines if line.startswith("warn ")]
    assert len(errors) == len(EXPECTED) - 1
    assert len(warnings) == 1
    assert any("operators/no/telenor.yaml: country: [yaml-boolean]" in line for line in errors)
    n_errors = len(EXPECTED) - 1
    flat = " ".join(result.stdout.split())  # Rich wraps long lines at 80 columns off a terminal
    assert f"{tree}: 8 record(s), {n_errors} error(s), 1 warning(s)" in flat


def test_cli_validate_clean_tree_exits_0() -> None:
    result = runner.invoke(app, ["data", "validate", "--data", str(FIXTURE_DIR), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert (doc["errors"], doc["warnings"], doc["problems"]) == (0, 0, [])


def test_cli_validate_warnings_alone_do_not_fail(tmp_path: Path) -> None:
    good = TREE["devices/acme/good-phone.yaml"].replace(
        "certified_on: [xa/host]", "certified_on: []"
    )
    files = {
        "devices/acme/good-phone.yaml": good,
        "devices/acme/twin.yaml": TREE["devices/acme/twin.yaml"].replace('"ac-1"', '"ac-2"'),
    }
    root = write_tree(tmp_path / "warn", files)
    result = runner.invoke(app, ["data", "validate", "--data", str(root), "--json"])
    doc = json.loads(result.stdout)
    assert result.exit_code == 0, doc
    assert (doc["errors"], doc["warnings"]) == (0, 1)
    assert doc["problems"][0]["code"] == "duplicate-model-number"


def test_cli_validate_overlay_uses_the_shipped_operators_as_hosts(tmp_path: Path) -> None:
    mvno = TREE["operators/xa/ghost-mvno.yaml"].replace("xa/host", "us/att")
    root = write_tree(tmp_path / "ov", {"operators/xa/ghost-mvno.yaml": mvno})
    result = runner.invoke(app, ["data", "validate", "--catalog", str(root), "--json"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert sorted((p["location"], p["code"]) for p in doc["problems"]) == [
        ("hosts.1.operator", "unknown-host"),
        ("hosts.2.operator", "self-host"),
    ]


def test_cli_validate_explicit_data_wins_over_the_env_overlay(tree: Path) -> None:
    result = runner.invoke(
        app,
        ["data", "validate", "--data", str(tree), "--json"],
        env={"BANDFIT_CATALOG": str(FIXTURE_DIR)},
    )
    assert json.loads(result.stdout)["root"] == str(tree)
    assert result.exit_code == 1
