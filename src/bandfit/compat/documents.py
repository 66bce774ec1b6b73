"""The JSON documents of operators and devices that the CLI's ``--json`` and the HTTP API both
return.

Why one module: ``bandfit operators show --json`` and ``GET /v1/operators/{id}`` (and the device
and search commands and routes) answer the same questions, so they must use the same field
names and units (MHz, ISO dates, band ids). Before, each built its own dictionary and they
drifted apart (``in_service`` against ``live``, ``state`` against ``status``, sources inline
against by id). Both now call these functions; the server's response models describe them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bandfit.bands.model import FreqRange
from bandfit.bands.registry import BandRegistry
from bandfit.catalog.load import Catalog
from bandfit.catalog.model import Deployment, Device, Operator, Variant
from bandfit.catalog.query import DeviceHit
from bandfit.compat.network import network_view, policies_on
from bandfit.errors import UnknownBandError

__all__ = [
    "band_ranges",
    "device_detail",
    "device_summary",
    "operator_document",
    "operator_summary",
]

_SUMMARY_FIELDS = {
    "id",
    "name",
    "country",
    "kind",
    "brands",
    "plmns",
    "group",
    "since",
    "until",
    "successor",
    "hosts",
}


def _mhz(rng: FreqRange | None) -> list[float] | None:
    return [rng.low_khz / 1000, rng.high_khz / 1000] if rng is not None else None


def _pair_mhz(pair: tuple[int, int] | None) -> list[float] | None:
    return [pair[0] / 1000, pair[1] / 1000] if pair is not None else None


def operator_summary(op: Operator) -> dict[str, Any]:
    """An operator as lists show it (``operators list --json``, ``GET /v1/operators``)."""
    return op.model_dump(mode="json", include=_SUMMARY_FIELDS)


def _deployment(dep: Deployment) -> dict[str, Any]:
    """A curated deployment as recorded (all dates), its licence block in MHz."""
    return {
        "band": dep.band,
        "rat": dep.rat.value,
        "layer": dep.layer.value,
        "status": dep.status,
        "confidence": dep.confidence.value,
        "weight": dep.weight,
        "candidates": list(dep.candidates),
        "block_dl_mhz": _pair_mhz(dep.block.dl_khz) if dep.block else None,
        "block_ul_mhz": _pair_mhz(dep.block.ul_khz) if dep.block else None,
        "since": dep.since.isoformat() if dep.since else None,
        "until": dep.until.isoformat() if dep.until else None,
        "sources": list(dep.sources),
        "note": dep.note,
    }


def operator_document(catalog: Catalog, op: Operator, day: dt.date) -> dict[str, Any]:
    """Everything about an operator plus its own radio network as it stands on ``day``.

    The record's fields come first, as curated (every date, every source; each host also says
    whether it is ``in_effect`` on ``day``); then the view on ``day``: ``live`` (the operator
    offers service), ``network_states`` (each RAT live, ended,
    planned), ``live_deployments`` with their spectrum in MHz and score weight,
    ``spectrum_groups`` (deployments sharing spectrum count once), ``ended_deployments``
    (bands switched off by ``day``) and ``policies_on`` (admission rules in effect).
    """
    payload = op.model_dump(mode="json", exclude={"schema_", "deployments"})
    payload["deployments"] = [_deployment(d) for d in op.deployments]
    view = network_view(op, day, catalog.registry)
    group_of = {member: i for i, g in enumerate(view.groups) for member in g.members}
    for host, record in zip(payload["hosts"], op.hosts, strict=True):
        host["in_effect"] = record.live_on(day)
    payload["on"] = day.isoformat()
    payload["live"] = op.live_on(day)
    payload["network_states"] = [
        {
            "rat": rat.value,
            "generation": rat.generation,
            "status": state.status,
            "until": state.until.isoformat() if state.until else None,
        }
        for rat, state in view.rats.items()
    ]
    payload["live_deployments"] = [
        {
            "band": d.band.id,
            "rat": d.rat.value,
            "generation": d.rat.generation,
            "layer": d.layer.value,
            "dl_mhz": _mhz(d.dl),
            "ul_mhz": _mhz(d.ul),
            "points": d.points,
            "confidence": d.deployment.confidence.value,
            "candidates": list(d.deployment.candidates),
            "group": group_of[d.index],
        }
        for d in view.deployments
    ]
    payload["spectrum_groups"] = [
        {"bands": list(g.bands), "layer": g.layer.value, "points": g.points, "dl_mhz": _mhz(g.dl)}
        for g in view.groups
    ]
    payload["ended_deployments"] = [
        {"band": d.band, "rat": d.rat.value, "until": d.until.isoformat() if d.until else None}
        for d in view.ended_deployments
    ]
    payload["policies_on"] = sorted(p.value for p in policies_on(op, day))
    return payload


def _variant_summary(variant: Variant) -> dict[str, Any]:
    return {
        "id": variant.id,
        "name": variant.name,
        "markets": list(variant.markets),
        "model_numbers": list(variant.model_numbers),
    }


def device_summary(device: Device, hit: DeviceHit | None = None) -> dict[str, Any]:
    """A device as lists show it (with how it matched, for search hits)."""
    match = None
    if hit is not None:
        match = {
            "matched_by": hit.how,
            "score": round(hit.score, 3),
            "variant_id": hit.variant.id if hit.variant else None,
        }
    return {
        "id": device.id,
        "brand": device.brand,
        "name": device.name,
        "full_name": device.full_name,
        "kind": device.kind,
        "released": device.released,
        "variants": [_variant_summary(v) for v in device.variants],
        "match": match,
    }


def band_ranges(registry: BandRegistry, variant: Variant) -> list[dict[str, Any]]:
    """The variant's bands with their DL/UL ranges in MHz (what the spectrum chart draws)."""
    out = []
    for band_id in variant.bands.all_ids():
        try:
            band = registry.get(band_id)
        except UnknownBandError:
            continue  # validated catalogs never get here; a custom registry might
        out.append(
            {
                "id": band.id,
                "rat": band.rat.value,
                "duplex": band.duplex.value,
                "dl_mhz": _mhz(band.dl),
                "ul_mhz": _mhz(band.ul),
            }
        )
    return out


def device_detail(registry: BandRegistry, device: Device) -> dict[str, Any]:
    """A device with every variant, band ranges included."""
    payload = device.model_dump(mode="json", exclude={"schema_"})
    payload["full_name"] = device.full_name
    for raw, variant in zip(payload["variants"], device.variants, strict=True):
        raw["band_ranges"] = band_ranges(registry, variant)
    return payload
