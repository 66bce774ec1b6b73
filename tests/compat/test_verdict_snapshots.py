"""Snapshots of rendered explanations: what a person reads for a few fixed verdicts.

Each snapshot renders ``Verdict.to_dict()`` (minus the data stamp) as text: the answer, voice and
admission, the per-technology summary, the missing layers with their messages and every reason
with its code, severity, message and evidence. The scenarios use the tiny fixture catalog, so
shipped-data updates never touch these files; a wording change in the engine does, on purpose.

Update after a deliberate change with ``BANDFIT_UPDATE_SNAPSHOTS=1 pytest tests/compat`` and
review the diff of ``tests/compat/snapshots/``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from _compat_scenarios import scenarios

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("BANDFIT_UPDATE_SNAPSHOTS") == "1"

CHOSEN = (
    "acme-global-on-alpha",  # works: certified for alpha's VoLTE whitelist
    "whitelist-uncertified",  # capped: VoLTE whitelist not documented
    "acme-legacy-on-beta-2022",  # no service: non-VoLTE activation refused
    "acme-global-on-gamma-2022",  # MVNO on its host network
    "no-volte-gsm-on-alpha",  # calls over 2G, with the 2G end date ahead
    "sdl-without-anchor",  # SDL band supported but unusable
    "inferred-some-candidates",  # unknown: an inferred deployment the data cannot decide; voice
    # unknown too (the LTE anchor may be the inferred B12) — its VoLTE-blaming wording is a
    # known bug, see test_voice_unknown_message_names_the_unknown_that_decides_it
    "nsa-without-anchor",  # 5G NSA band without an LTE anchor
)


def render(d: dict[str, Any]) -> str:
    """A stable text rendering of a verdict's JSON form."""
    lines = [
        f"{d['device_id']} {d['variant_id']} on {d['operator_id']}"
        + (f" via {d['network_id']}" if d["network_id"] != d["operator_id"] else "")
        + f", {d['on']}",
        f"status: {d['status']}  radio score: {d['radio_score']:.4f}",
        f"voice: {d['voice']['status']} via {d['voice']['via']} — {d['voice']['note']}",
        f"admission: {d['admission']['status']} {d['admission']['policies']} — {d['admission']['note']}",
        "per technology:",
    ]
    for r in d["per_rat"]:
        lines.append(
            f"  {r['generation']} {r['rat']}: {r['network']}, {r['usable']}/{r['deployments']} usable;"
            f" uses {' '.join(r['used_bands']) or '-'}; missing {' '.join(r['missing_bands']) or '-'}"
            + (f"; {r['note']}" if r["note"] else "")
        )
    lines.append("missing, by cost:")
    for m in d["missing"]:
        lines.append(f"  {m['cost'] * 100:5.1f}%  [{m['layer']}] {m['message']}")
    lines.append("hosts:")
    for h in d["hosts"]:
        lines.append(
            f"  {h['operator_id']} ({h['role']}): {h['status']} {h['radio_score']:.4f}"
            + (" used" if h["used"] else "")
        )
    lines.append("reasons:")
    for r in d["reasons"]:
        evidence = json.dumps(r["evidence"], sort_keys=True, ensure_ascii=False)
        lines.append(f"  [{r['severity']}] {r['code']}: {r['message']}  {evidence}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", CHOSEN)
def test_rendered_explanation_matches_snapshot(name: str) -> None:
    scenario = next(sc for sc in scenarios() if sc.name == name)
    payload = scenario.verdict().to_dict()
    payload.pop("data_stamp")
    text = render(payload)
    path = SNAPSHOTS / f"{name}.txt"
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), (
        f"missing snapshot {path.name}: run with BANDFIT_UPDATE_SNAPSHOTS=1 and review it"
    )
    assert text == path.read_text(encoding="utf-8")


def test_no_stale_snapshots() -> None:
    on_disk = {p.stem for p in SNAPSHOTS.glob("*.txt")}
    assert on_disk == set(CHOSEN)
