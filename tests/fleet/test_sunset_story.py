"""The 3G-sunset story: a non-VoLTE phone on AT&T loses voice between 21 and 23 Feb 2022.

The tiny fixture catalog is extended by an overlay written here (the shared fixtures stay as
they are): a simplified ``us/att`` whose UMTS network ends on 2022-02-22, and a 3G-dependent
phone without VoLTE next to the fixture's VoLTE-capable US variant (AC-100U).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from _fleet_helpers import imei

from bandfit.catalog.load import Catalog
from bandfit.catalog.tac import TacModel, TacTable, write_tac_table
from bandfit.compat.engine import check
from bandfit.fleet.screen import ScreenOptions, screen
from bandfit.testing import tiny_catalog

SRC = 'sources: {fx: {title: "bandfit test fixture (invented)", publisher: "bandfit tests"}}'
OVERLAY = {
    "operators/us/att.yaml": f"""\
        schema: bandfit.operator/1
        id: us/att
        name: AT&T (test)
        country: "US"
        kind: MNO
        brands: ["AT&T"]
        plmns: ["310-410"]
        networks:
          - {{rat: umts, status: ended, until: 2022-02-22, voice: cs, sources: [fx]}}
          - {{rat: lte, since: 2012-01-01, voice: volte, voice_since: 2014-05-23, sources: [fx]}}
        deployments:
          - {{band: U5, layer: coverage, until: 2022-02-22, sources: [fx]}}
          - {{band: U2, layer: capacity, until: 2022-02-22, sources: [fx]}}
          - {{band: B12, layer: coverage, sources: [fx]}}
          - {{band: B2, layer: capacity, sources: [fx]}}
          - {{band: B66, layer: capacity, sources: [fx]}}
        {SRC}
        as_of: 2026-01-01
        """,
    "devices/acme/phone-3g.yaml": f"""\
        schema: bandfit.device/1
        id: acme/phone-3g
        brand: Acme
        name: Phone 3G
        variants:
          - id: us
            name: USA (no VoLTE)
            markets: ["US"]
            model_numbers: ["AC-3GU"]
            bands: {{gsm: [], umts: [U2, U5], cdma: [], lte: [B2, B12], nr: []}}
            nr_modes: []
            voice: {{volte: false, vonr: false, vowifi: false}}
            sources: [fx]
            as_of: 2026-01-01
        {SRC}
        as_of: 2026-01-01
        """,
}


@pytest.fixture
def sunset(tmp_path: Path) -> tuple[Catalog, Path, Path]:
    root = tmp_path / "overlay"
    for rel, text in OVERLAY.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    catalog = tiny_catalog().with_overlay(root)
    table = TacTable()
    table.add("35300001", TacModel("Acme", "Phone 3G", ("AC-3GU",), ("test",)))
    table.add("35300002", TacModel("Acme", "Phone One", ("AC-100U",), ("test",)))
    tacs = tmp_path / "tacs.csv"
    write_tac_table(table, tacs)
    fleet = tmp_path / "fleet.csv"
    rows = ["row_id,imei,model_number"]
    rows += [f"old-{i},{imei('35300001', f'{i:06d}')}," for i in range(5)]
    rows += [f"new-{i},{imei('35300002', f'{i:06d}')}," for i in range(3)]
    rows += ["old-m,,AC-3GU", "new-m,,ac-100u"]
    fleet.write_text("\n".join(rows) + "\n")
    return catalog, fleet, tacs


@pytest.mark.parametrize("engine", ["memory", "duckdb"])
def test_non_volte_phone_loses_voice_at_the_att_3g_shutdown(
    engine: str, sunset: tuple[Catalog, Path, Path], tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    catalog, fleet, tacs = sunset
    options = ScreenOptions(
        operator="us/att", on="2022-02-23", baseline_on="2022-02-21", engine=engine, tac_db=(tacs,)
    )
    summary = screen(fleet, tmp_path / "out", options, catalog=catalog)
    assert summary.payload["rows"] == {"input": 10, "accepted": 10, "rejected": 0}
    assert summary.payload["by_change"]["lost voice"] == 6
    rows = {r["row_id"]: r for r in pq.read_table(tmp_path / "out" / "results.parquet").to_pylist()}
    for rid, row in rows.items():
        if rid.startswith("old"):
            assert row["device_id"] == "acme/phone-3g"
            assert (row["voice_baseline"], row["voice"], row["change"]) == (
                "ok",
                "none",
                "lost voice",
            )
            assert "voice-none" in row["reasons"]
        else:
            assert row["variant_id"] == "us"
            assert row["voice"] == "ok"
            assert row["change"] not in ("lost voice", "lost data")
    top = summary.payload["top_affected"][0]
    assert (top["device_id"], top["change"], top["rows"]) == ("acme/phone-3g", "lost voice", 6)
    # the table agrees with check() for the pair
    variant = catalog.resolve("AC-3GU")[1]
    for day, column in (("2022-02-21", "status_baseline"), ("2022-02-23", "status")):
        assert (
            check(variant, catalog.operator("us/att"), day, catalog=catalog).status.value
            == rows["old-0"][column]
        )
