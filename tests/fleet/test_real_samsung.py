"""Real data: IMEIs built from the public Samsung TAC list resolve to curated Samsung variants.

Every TAC of ``../shared/datasets/tac/samsung_tacs_samloaderkotlin.csv`` gets one IMEI. Through
:class:`~bandfit.catalog.tac.TacResolver` and the shipped catalog, a TAC listed for exactly
one catalog variant must be screened as that variant with the status, score and voice of
``check``; a TAC listed for several variants is ``ambiguous-tac`` and one for none
``unresolved-tac``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from _fleet_helpers import imei

from bandfit.catalog.load import default_catalog
from bandfit.catalog.tac import TacResolver, read_model_list_csv
from bandfit.compat.engine import check
from bandfit.fleet.screen import ScreenOptions, screen

ON = "2024-06-01"


@pytest.fixture(scope="module")
def samsung_tacs(shared_path: Callable[[str], Path]) -> Path:
    return shared_path("tac/samsung_tacs_samloaderkotlin.csv")


def test_samsung_imeis_screen_like_check(samsung_tacs: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    catalog = default_catalog()
    table = read_model_list_csv(samsung_tacs).table
    resolver = TacResolver(table)
    tacs = [entry.tac for entry in table]
    fleet = tmp_path / "samsung.csv"
    fleet.write_text("row_id,imei\n" + "".join(f"{t},{imei(t, '000042')}\n" for t in tacs))
    summary = screen(
        fleet,
        tmp_path / "out",
        ScreenOptions(operator="us/att", on=ON, tac_db=(samsung_tacs,)),
        catalog=catalog,
    )
    assert summary.input_rows == len(tacs) == summary.accepted + summary.rejected
    results = {
        r["row_id"]: r for r in pq.read_table(tmp_path / "out" / "results.parquet").to_pylist()
    }
    rejects = {
        r["row_id"]: r["reason"]
        for r in pq.read_table(tmp_path / "out" / "rejects.parquet").to_pylist()
    }
    att = catalog.operator("us/att")
    verdicts: dict[tuple[str, str], tuple[str, float, str]] = {}
    for tac in tacs:
        hits, _reason = resolver.explain(tac, catalog.model_number_index)
        if len(hits) == 1:
            row = results[tac]
            assert (row["device_id"], row["variant_id"]) == hits[0]
            assert row["device_id"].startswith("samsung/")
            if hits[0] not in verdicts:
                device = catalog.devices[hits[0][0]]
                variant = next(v for v in device.variants if v.id == hits[0][1])
                v = check(variant, att, ON, catalog=catalog, device=device)
                verdicts[hits[0]] = (v.status.value, v.radio_score, v.voice.status)
            assert (row["status"], row["radio_score"], row["voice"]) == verdicts[hits[0]]
        else:
            assert rejects[tac] == ("ambiguous-tac" if hits else "unresolved-tac")
    assert len(verdicts) >= 30, "the Samsung list should reach dozens of curated variants"
    assert len(results) >= 200
