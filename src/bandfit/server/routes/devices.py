"""``GET /v1/devices`` (search, paginated) and ``GET /v1/devices/{id}`` (ids contain a slash)."""

from __future__ import annotations

import difflib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import Response

from bandfit.compat.documents import device_detail, device_summary
from bandfit.errors import UnknownDeviceError
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
