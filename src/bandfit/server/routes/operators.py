"""``GET /v1/operators``, ``GET /v1/operators/{id}`` (with the live network on a date) and
``GET /v1/countries``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import Response

from bandfit.catalog.query import find_operator
from bandfit.compat.documents import operator_document, operator_summary
from bandfit.server.errors import ERROR_RESPONSES
from bandfit.server.responses import cached_json
from bandfit.server.routes.devices import CursorQ, LimitQ
from bandfit.server.schemas import CountryList, OperatorDetail, OperatorList
from bandfit.server.state import ServerState, get_state, parse_on

router = APIRouter(tags=["operators"])

OnQ = Annotated[
    str | None,
    Query(max_length=32, description="ISO date (default: today, UTC).", examples=["2024-06-01"]),
]


@router.get(
    "/v1/operators",
    response_model=OperatorList,
    responses=ERROR_RESPONSES,
    summary="List operators",
)
async def list_operators(
    request: Request,
    state: Annotated[ServerState, Depends(get_state)],
    country: Annotated[
        str | None, Query(max_length=64, description="ISO 3166-1 alpha-2 code (`US`).")
    ] = None,
    on: OnQ = None,
    limit: LimitQ = 100,
    cursor: CursorQ = None,
) -> Response:
    """Operators of a country (MNOs first, then by name) or all of them by id; with `on`, only
    those in service on that date."""

    def build() -> dict[str, Any]:
        catalog = state.catalog
        day = parse_on(on) if on is not None else None
        if country is not None:
            ops = catalog.operators_in(country, on=day)
        else:
            ops = sorted(
                (op for op in catalog.operators.values() if day is None or op.live_on(day)),
                key=lambda op: op.id,
            )
        page = state.page(
            ops, limit=limit, cursor=cursor, scope=f"operators?country={country}&on={day}"
        )
        return page.payload(operator_summary)

    return cached_json(request, state, build)


@router.get(
    "/v1/operators/{operator_id:path}",
    response_model=OperatorDetail,
    responses=ERROR_RESPONSES,
    summary="One operator and its live network on a date",
)
async def get_operator(
    request: Request,
    state: Annotated[ServerState, Depends(get_state)],
    operator_id: Annotated[
        str,
        Path(
            max_length=100,
            description="Operator id (`us/verizon`), name, brand or PLMN (`310-410`).",
        ),
    ],
    on: OnQ = None,
) -> Response:
    """An operator by id (`us/verizon`; also a name, brand or PLMN) with `live_deployments`:
    each deployment live on `on` with its downlink/uplink range in MHz, layer and weight."""

    def build() -> dict[str, Any]:
        op = find_operator(state.catalog, operator_id)
        return operator_document(state.catalog, op, parse_on(on))

    return cached_json(request, state, build)


@router.get("/v1/countries", response_model=CountryList, summary="Countries with operators")
async def list_countries(
    request: Request, state: Annotated[ServerState, Depends(get_state)]
) -> Response:
    """ISO codes, names and operator counts."""

    def build() -> dict[str, Any]:
        catalog = state.catalog
        counts: dict[str, int] = {}
        for op in catalog.operators.values():
            counts[op.country] = counts.get(op.country, 0) + 1
        items = []
        for code in sorted(counts):
            known = catalog.registry.countries.get(code)
            items.append(
                {
                    "code": code,
                    "name": known.name if known else code,
                    "itu_region": known.itu_region if known else None,
                    "operators": counts[code],
                }
            )
        return {"items": items}

    return cached_json(request, state, build)
