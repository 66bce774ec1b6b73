"""Overlay catalogs: ``Catalog.with_overlay``, ``$BANDFIT_CATALOG`` and ``--catalog DIR``.

An overlay adds records and replaces records with the same id; it is validated exactly like
shipped data, against the merged catalog (its MVNOs may name hosts that exist only in the base),
and an invalid overlay fails with *all* its problems, not the first one.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from _catalog_trees import write_tree
from typer.testing import CliRunner

from bandfit.catalog.load import CATALOG_ENV, Catalog, default_catalog
from bandfit.catalog.yamlio import read_yaml
from bandfit.cli import app
from bandfit.compat import check
from bandfit.errors import CatalogError
from bandfit.testing import FIXTURE_DIR, tiny_catalog

ROOT = Path(__file__).resolve().parents[2]
SRC = 'sources: {fx: {title: "overlay fixture", publisher: "tests"}}'

GOOD: dict[str, str] = {
    # a new MVNO on a host that exists only in the base (fixture) catalog
    "operators/xa/delta.yaml": f"""\
        schema: bandfit.operator/1
        id: xa/delta
        name: Delta Mobile
        country: "XA"
        kind: MVNO
        plmns: ["001-09"]
        hosts:
          - {{operator: xa/alpha, role: primary, since: 2020-01-01, sources: [fx]}}
        {SRC}
        as_of: 2026-01-01
        """,
    # a replacement of a base record (same id, different name and bands)
    "operators/xa/beta.yaml": f"""\
        schema: bandfit.operator/1
        id: xa/beta
        name: Beta Reloaded
        country: "XA"
        kind: MNO
        plmns: ["001-02"]
        networks:
          - {{rat: lte, since: 2014-01-01, voice: volte, sources: [fx]}}
        deployments:
          - {{band: B20, layer: coverage, sources: [fx]}}
        {SRC}
        as_of: 2026-01-01
        """,
    # a new device certified on a base operator
    "devices/acme/phone-two.yaml": f"""\
        schema: bandfit.device/1
        id: acme/phone-two
        brand: Acme
        name: Phone Two
        variants:
          - id: global
            name: Global
            markets: [global]
            model_numbers: ["AC-200G"]
            bands: {{gsm: [GSM900], umts: [U1], cdma: [], lte: [B3, B20], nr: []}}
            nr_modes: []
            voice: {{volte: true}}
            certified_on: [xa/alpha]
            sources: [fx]
            as_of: 2026-01-01
        {SRC}
        as_of: 2026-01-01
        """,
}

BAD: dict[str, str] = {
    "operators/xa/bad-mvno.yaml": f"""\
        schema: bandfit.operator/1
        id: xa/bad-mvno
        name: Bad MVNO
        country: "XA"
        kind: MVNO
        hosts:
          - {{operator: xa/nowhere, sources: [fx, missing]}}
        {SRC}
        as_of: 2026-01-01
        """,
    "operators/xa/bad-bands.yaml": f"""\
        schema: bandfit.operator/1
        id: xa/bad-bands
        name: Bad Bands
        country: "XA"
        kind: MNO
        deployments:
          - {{band: B99, layer: capacity, sources: [fx]}}
          - {{band: B20, layer: coverage, block: {{dl_khz: [700000, 710000]}}, sources: [fx]}}
        {SRC}
        as_of: 2026-01-01
        """,
    "operators/no/unquoted.yaml": f"""\
        schema: bandfit.operator/1
        id: no/unquoted
        name: Unquoted
        country: NO
        kind: MNO
        {SRC}
        as_of: 2026-01-01
        """,
    "devices/acme/wrong-path.yaml": f"""\
        schema: bandfit.device/1
        id: acme/right-path
        brand: Acme
        name: Path
        variants:
          - {{id: global, name: Global, bands: {{lte: [B1]}}, sources: [fx], as_of: 2026-01-01}}
        {SRC}
        as_of: 2026-01-01
        """,
}
BAD_CODES = {
    "unknown-host",
    "undefined-source",
    "unknown-band",
    "block-outside-band",
    "yaml-boolean",
    "id-path-mismatch",
}


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "good", GOOD)


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "bad", BAD)


def _codes(err: CatalogError) -> set[str]:
    return {p.split("[", 1)[1].split("]", 1)[0] for p in err.problems}


# ------------------------------------------------------------------------------ library


def test_overlay_adds_and_replaces_records(good: Path) -> None:
    base = tiny_catalog()
    merged = base.with_overlay(good)
    assert set(merged.operators) == set(base.operators) | {"xa/delta"}
    assert set(merged.devices) == set(base.devices) | {"acme/phone-two"}
    assert merged.operators["xa/beta"].name == "Beta Reloaded"
    assert [d.band for d in merged.operators["xa/beta"].deployments] == ["B20"]
    assert merged.operators["xa/alpha"] is base.operators["xa/alpha"]
    # the base is untouched and the stamp names the overlay
    assert base.operators["xa/beta"].name == "Beta"
    assert "xa/delta" not in base.operators
    assert merged.version == "fixture+overlay"
    assert merged.stamp.overlay == str(good)
    assert merged.stamp.to_dict()["overlay"] == str(good)


def test_overlay_records_are_usable(good: Path) -> None:
    cat = tiny_catalog().with_overlay(good)
    delta = cat.operator("xa/delta")
    assert cat.operator("00109") is delta
    assert [(role, op.id) for role, op in cat.hosts_of(delta, dt.date(2024, 1, 1))] == [
        ("primary", "xa/alpha")
    ]
    device, variant = cat.resolve("AC-200G")
    assert (device.id, variant.id) == ("acme/phone-two", "global")
    verdict = check(variant, delta, "2024-01-01", catalog=cat)
    assert verdict.operator_id == "xa/delta"
    assert verdict.data_stamp["overlay"] == str(good)


def test_invalid_overlay_fails_with_every_problem(bad: Path) -> None:
    with pytest.raises(CatalogError) as info:
        tiny_catalog().with_overlay(bad)
    err = info.value
    assert err.source == str(bad)
    assert _codes(err) == BAD_CODES
    assert len(err.problems) == 6  # one per fragment below
    text = "\n".join(err.problems)
    for fragment in (
        "bad/operators/xa/bad-mvno.yaml: hosts.0.operator: [unknown-host]",
        "bad/operators/xa/bad-mvno.yaml: sources: [undefined-source]",
        "bad/operators/xa/bad-bands.yaml: deployments.0.band: [unknown-band]",
        "bad/operators/xa/bad-bands.yaml: deployments.1.block.dl_khz: [block-outside-band]",
        "bad/operators/no/unquoted.yaml: country: [yaml-boolean]",
        "bad/devices/acme/wrong-path.yaml: id: [id-path-mismatch]",
    ):
        assert fragment in text
    assert f"{bad}: {len(err.problems)} problem(s)" in err.message
    assert err.code == "invalid-catalog"
    assert err.to_dict()["details"]["problems"] == list(err.problems)


def test_overlay_is_validated_like_a_tree(bad: Path) -> None:
    """``Catalog.from_dir`` (a whole tree) and ``with_overlay`` report the same problems here."""
    with pytest.raises(CatalogError) as as_overlay:
        tiny_catalog().with_overlay(bad)
    with pytest.raises(CatalogError) as as_tree:
        Catalog.from_dir(bad)
    assert sorted(as_overlay.value.problems) == sorted(as_tree.value.problems)


def test_overlay_hosts_may_live_only_in_the_base(good: Path) -> None:
    # alone, the overlay's MVNO names a host that is not in it ...
    with pytest.raises(CatalogError) as info:
        Catalog.from_dir(good)
    assert {p.split(": ")[1] for p in info.value.problems} == {
        "hosts.0.operator",
        "variants.0.certified_on",
    }
    # ... on top of the fixture catalog it is valid
    assert "xa/delta" in tiny_catalog().with_overlay(good).operators


def test_missing_overlay_directory(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="overlay directory does not exist"):
        tiny_catalog().with_overlay(tmp_path / "nope")


def test_empty_overlay_changes_nothing(tmp_path: Path) -> None:
    base = tiny_catalog()
    merged = base.with_overlay(tmp_path)
    assert merged.operators == base.operators
    assert merged.devices == base.devices


def test_fixture_catalog_loads_from_dir() -> None:
    cat = Catalog.from_dir(FIXTURE_DIR, version="fx")
    assert cat.counts() == {"operators": 5, "countries": 2, "devices": 2, "variants": 5}
    assert cat.version == "fx"
    assert cat.stamp.overlay is None


# ------------------------------------------------------------------------------ $BANDFIT_CATALOG


def _att_overlay(root: Path) -> Path:
    """An overlay replacing the shipped us/att (renamed) and adding an MVNO hosted on it."""
    doc = read_yaml(ROOT / "data" / "operators" / "us" / "att.yaml")
    doc["name"] = "AT&T (overlay)"
    path = root / "operators" / "us" / "att.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    mvno = GOOD["operators/xa/delta.yaml"].replace("xa/alpha", "us/att")
    return write_tree(root, {"operators/xa/delta.yaml": mvno})


@pytest.mark.shipped_data
def test_env_overlay_applies_to_the_default_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    overlay = _att_overlay(tmp_path / "env")
    monkeypatch.delenv(CATALOG_ENV, raising=False)
    shipped = default_catalog()
    assert shipped.overlay is None
    assert "xa/delta" not in shipped.operators
    monkeypatch.setenv(CATALOG_ENV, str(overlay))
    cat = default_catalog()
    assert cat.overlay == str(overlay)
    assert cat.operator("us/att").name == "AT&T (overlay)"
    assert cat.operator("xa/delta").hosts[0].operator == "us/att"
    assert len(cat.operators) == len(shipped.operators) + 1
    assert (
        shipped.operator("us/att").name == "AT&T Mobility"
    )  # the cached shipped catalog is unchanged


@pytest.mark.shipped_data
def test_invalid_env_overlay_fails_with_every_problem(
    bad: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CATALOG_ENV, str(bad))
    with pytest.raises(CatalogError) as info:
        default_catalog()
    assert _codes(info.value) == BAD_CODES


# ------------------------------------------------------------------------------ --catalog DIR

# the user's own overlay / TAC table must not leak into these tests
runner = CliRunner(env={"BANDFIT_CATALOG": None, "BANDFIT_TAC_DB": None})


@pytest.mark.shipped_data
@pytest.mark.parametrize("how", ["option", "env"])
def test_cli_overlay_adds_and_replaces(tmp_path: Path, how: str) -> None:
    overlay = _att_overlay(tmp_path / "cli")
    args, env = (
        (["--catalog", str(overlay)], {}) if how == "option" else ([], {CATALOG_ENV: str(overlay)})
    )
    result = runner.invoke(app, ["operators", "show", "us/att", "--json", *args], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["name"] == "AT&T (overlay)"
    # (no --country XA: user-assigned codes are not in the country table, see test_query.py)
    result = runner.invoke(app, ["operators", "list", "--json", *args], env=env)
    assert result.exit_code == 0, result.output
    assert [o["id"] for o in json.loads(result.stdout) if o["country"] == "XA"] == ["xa/delta"]


@pytest.mark.shipped_data
@pytest.mark.parametrize("how", ["option", "env"])
def test_cli_invalid_overlay_fails_with_every_problem(bad: Path, how: str) -> None:
    args, env = (["--catalog", str(bad)], {}) if how == "option" else ([], {CATALOG_ENV: str(bad)})
    result = runner.invoke(app, ["operators", "list", *args], env=env)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error [invalid-catalog]: {bad}: 6 problem(s)")
    for code in BAD_CODES:
        assert f"[{code}]" in result.stderr
    assert "hint: run `bandfit data validate` for the full report" in result.stderr
    # with --json the same error is the HTTP API's envelope, every problem in its details
    result = runner.invoke(app, ["operators", "list", "--json", *args], env=env)
    assert (result.exit_code, result.stdout) == (1, "")
    error = json.loads(result.stderr)["error"]
    assert error["code"] == "invalid-catalog"
    assert error["message"].startswith(f"{bad}: 6 problem(s)")
    for code in BAD_CODES:
        assert f"[{code}]" in json.dumps(error)
    assert error["details"]["hint"] == "run `bandfit data validate` for the full report"


@pytest.mark.shipped_data
def test_cli_fixture_catalog_as_overlay() -> None:
    result = runner.invoke(app, ["operators", "list", "--json", "--catalog", str(FIXTURE_DIR)])
    assert result.exit_code == 0, result.output
    ids = [o["id"] for o in json.loads(result.stdout)]
    assert {"xa/alpha", "xa/beta", "xa/gamma-mobile", "xb/gone", "xb/sa-net", "us/att"} <= set(ids)
