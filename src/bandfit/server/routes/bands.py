"""``GET /v1/bands/{id}`` and ``GET /v1/channels/{kind}/{number}``: the 3GPP band registry."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import Response

from bandfit.bands import Rat, parse_band
from bandfit.bands.channels import channel_meanings
from bandfit.server.errors import ERROR_RESPONSES
from bandfit.server.responses import cached_json
from bandfit.server.schemas import BandOut, ChannelKind, ChannelResponse
from bandfit.server.state import ServerState, get_state

router = APIRouter(tags=["bands"])


@router.get(
    "/v1/bands/{band}", response_model=BandOut, responses=ERROR_RESPONSES, summary="One 3GPP band"
)
async def get_band(
    request: Request,
    state: Annotated[ServerState, Depends(get_state)],
    band: Annotated[
        str,
        Path(
            max_length=64,
            description="Band id or common name (`B66`, `n77`, `Band IV`, `GSM850`).",
        ),
    ],
    rat: Annotated[
        Rat | None, Query(description="RAT context for names like `PCS` or `Band 5`.")
    ] = None,
) -> Response:
    """A band by id or common name (`B66`, `n77`, `Band IV`, `UMTS V`, `BC0`, `GSM850`).

    Ranges in MHz; `covers`/`covered_by` come from the ranges (B66 covers B4)."""

    def build() -> dict[str, Any]:
        registry = state.catalog.registry
        return registry.describe(parse_band(band, rat=rat, registry=registry))

    return cached_json(request, state, build)


@router.get(
    "/v1/channels/{kind}/{number}",
    response_model=ChannelResponse,
    responses=ERROR_RESPONSES,
    summary="What a channel number means",
)
async def get_channel(
    request: Request,
    state: Annotated[ServerState, Depends(get_state)],
    kind: ChannelKind,
    number: int,
    band: Annotated[
        str | None,
        Query(
            max_length=64,
            description="Band hint: keep only meanings in this band (`GSM1900`, `U2`).",
        ),
    ] = None,
    country: Annotated[
        str | None,
        Query(
            max_length=64, description="Country hint for GSM ARFCN 512-810 (DCS 1800 vs PCS 1900)."
        ),
    ] = None,
) -> Response:
    """Frequency (MHz) per link and the bands a number belongs to; UL and DL never mixed."""

    def build() -> dict[str, Any]:
        channels = channel_meanings(
            kind.value, number, band=band, country=country, registry=state.catalog.registry
        )
        return {"kind": kind.value, "number": number, "channels": [c.to_dict() for c in channels]}

    return cached_json(request, state, build)
