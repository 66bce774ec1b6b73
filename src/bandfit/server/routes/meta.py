"""``GET /v1/health``: liveness plus which data the server answers from."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.responses import Response

from bandfit.server.responses import json_response
from bandfit.server.routes.plan import planner_available
from bandfit.server.schemas import Health
from bandfit.server.state import ServerState, get_state

router = APIRouter(tags=["meta"])


@router.get("/v1/health", response_model=Health, summary="Health and data stamp")
async def health(state: Annotated[ServerState, Depends(get_state)]) -> Response:
    """Catalog version, band release, overlay and record counts (never cached)."""
    catalog = state.catalog
    return json_response(
        {
            "status": "ok",
            "version": state.version,
            "catalog": {
                "version": catalog.version,
                "band_release": catalog.registry.release,
                "overlay": catalog.overlay,
                "counts": catalog.counts(),
            },
            "planner": planner_available(),
        },
        headers={"Cache-Control": "no-store"},
    )
