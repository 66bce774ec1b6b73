"""``GET /v1/devices`` (search, paginated) and ``GET /v1/devices/{id}`` (ids contain a slash)."""

from __future__ import annotations

import difflib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import Response

from bandfit.bands.registry import BandRegistry
from bandfit.catalog.model import Device, Variant
from bandfit.catalog.query import DeviceHit
from bandfit.errors import UnknownBandError, UnknownDeviceError
from bandfit.server.errors import ERROR_RESPONSES
from bandfit.server.responses import cached_json
from bandfit.server.schemas import DeviceDetail, DeviceList
from bandfit.server.state import ServerState, get_state

router = APIRouter(tags=["devices"])

MAX_LIMIT = 100

LimitQ = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size (1-{MAX_LIMIT}).")]
CursorQ = Annotated[
    str | None, Query(max_length=512, description="Opaque `next_cursor` from the previous page.")
]


def _mhz(pair: Any) -> list[float] | None:
    return [pair.low_khz / 1000, pair.high_khz / 1000] if pair is not None else None


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


@router.get(
    "/v1/devices",
    response_model=DeviceList,
    responses=ERROR_RESPONSES,
    summary="Search or list devices",
)
def list_devices(
    request: Request,
    state: Annotated[ServerState, Depends(get_state)],
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Name, alias, id or model number; omit to list every device by id.",
        ),
    ] = None,
    limit: LimitQ = 20,
    cursor: CursorQ = None,
) -> Response:
    """Best matches first (a model number pins its variant: `match.variant_id`)."""

    def build() -> dict[str, Any]:
        text = (q or "").strip()
        if text:
            hits = state.search(text)
            found = state.page(hits, limit=limit, cursor=cursor, scope=f"devices?q={text}")
            return found.payload(lambda h: device_summary(h.device, h))
        devices = sorted(state.catalog.devices.values(), key=lambda d: d.id)
        listed = state.page(devices, limit=limit, cursor=cursor, scope="devices")
        return listed.payload(device_summary)

    return cached_json(request, state, build)


@router.get(
    "/v1/devices/{device_id:path}",
    response_model=DeviceDetail,
    responses=ERROR_RESPONSES,
    summary="One device with all its variants",
)
async def get_device(
    request: Request,
    state: Annotated[ServerState, Depends(get_state)],
    device_id: Annotated[
        str, Path(max_length=100, description="Device id, `brand/model` (`xiaomi/mi-8`).")
    ],
) -> Response:
    """A device by exact id (`xiaomi/mi-8`; the slash is part of the id)."""

    def build() -> dict[str, Any]:
        catalog = state.catalog
        device = catalog.devices.get(device_id.strip().lower())
        if device is None:
            close = difflib.get_close_matches(
                device_id.lower(), list(catalog.devices), n=4, cutoff=0.6
            )
            raise UnknownDeviceError(device_id, suggestions=close)
        return device_detail(catalog.registry, device)

    return cached_json(request, state, build)
