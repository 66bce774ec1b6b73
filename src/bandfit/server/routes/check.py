"""``GET /v1/check``: will this device work on this operator (or in this country) on this date?"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field
from starlette.responses import Response

from bandfit.catalog.load import Catalog
from bandfit.catalog.query import DeviceHit, find_operator
from bandfit.compat import check, check_country
from bandfit.compat.verdict import Verdict
from bandfit.errors import InvalidInputError
from bandfit.server.errors import ERROR_RESPONSES
from bandfit.server.responses import cached_json
from bandfit.server.schemas import CheckResponse
from bandfit.server.state import ServerState, get_state, parse_on

router = APIRouter(tags=["check"])


class CheckQuery(BaseModel):
    """Query parameters of ``GET /v1/check``."""

    device: str = Field(
        min_length=1,
        max_length=200,
        description="Free text (`xiaomi mi 8`), a device id (`xiaomi/mi-8`) or a model number (`M1803E1A`).",
        examples=["M1803E1A"],
    )
    variant: str | None = Field(
        default=None,
        max_length=100,
        description="Variant id, name or model number (default: the single or global variant).",
    )
    operator: str | None = Field(
        default=None,
        max_length=100,
        description="Operator id (`us/att`), name, brand or PLMN (`310-410`).",
    )
    country: str | None = Field(
        default=None,
        max_length=64,
        description="ISO 3166-1 alpha-2 code (`US`): every operator, ranked best first.",
    )
    on: str | None = Field(
        default=None,
        max_length=32,
        description="ISO date (default: today, UTC).",
        examples=["2024-06-01"],
    )
    include_mvnos: bool = Field(default=True, description="With `country`: include MVNOs.")


def _operator_refs(catalog: Catalog, verdicts: list[Verdict]) -> dict[str, dict[str, str]]:
    refs: dict[str, dict[str, str]] = {}
    for verdict in verdicts:
        ids = [verdict.operator_id, verdict.network_id, *(h.operator_id for h in verdict.hosts)]
        for op_id in ids:
            op = catalog.operators.get(op_id)
            if op is not None and op_id not in refs:
                refs[op_id] = {"id": op.id, "name": op.name, "kind": op.kind, "country": op.country}
    return refs


def _market(catalog: Catalog, query: CheckQuery) -> str:
    """The ISO country a name's variant is chosen for (as ``bandfit check`` does)."""
    if query.operator is not None:
        return find_operator(catalog, query.operator).country
    assert query.country is not None
    return catalog.registry.country(query.country).code


def _payload(state: ServerState, hit: DeviceHit, query: CheckQuery) -> dict[str, Any]:
    catalog = state.catalog
    day = parse_on(query.on)
    variant = hit.variant
    assert variant is not None  # resolve_device always pins a variant
    code: str | None = None
    if query.operator is not None:
        operator = find_operator(catalog, query.operator)
        verdicts = [check(variant, operator, day, catalog=catalog, device=hit.device)]
    else:
        assert query.country is not None
        code = catalog.registry.country(query.country).code
        verdicts = check_country(
            variant,
            code,
            day,
            catalog=catalog,
            device=hit.device,
            include_mvnos=query.include_mvnos,
        )
    device = {**hit.to_dict(), "notes": list(hit.notes)}
    return {
        "device": device,
        "on": day.isoformat(),
        "operator": verdicts[0].operator_id if query.operator is not None else None,
        "country": code,
        "verdicts": [v.to_dict() for v in verdicts],
        "operators": _operator_refs(catalog, verdicts),
    }


@router.get(
    "/v1/check",
    response_model=CheckResponse,
    responses=ERROR_RESPONSES,
    summary="Check a device against an operator or a whole country",
)
async def get_check(
    request: Request,
    state: Annotated[ServerState, Depends(get_state)],
    query: Annotated[CheckQuery, Query()],
) -> Response:
    """Verdicts with reasons, missing bands (ranked by cost) and per-RAT detail.

    Give exactly one of `operator` (one verdict) or `country` (every operator in service on the
    date, best first). Statuses: `works`, `works with gaps`, `limited`, `no service`, `unknown`.
    """
    if (query.operator is None) == (query.country is None):
        raise InvalidInputError(
            "give exactly one of 'operator' or 'country'",
            hint="e.g. /v1/check?device=M1803E1A&operator=us/att or &country=US",
        )

    def build() -> dict[str, Any]:
        market = _market(state.catalog, query)
        return _payload(state, state.resolve(query.device, query.variant, market), query)

    # A memoised device and a single operator take about a millisecond: answer on the event loop.
    # Anything heavier (free-text scoring, a whole country) goes to the thread pool.
    known = state.catalog.operators.get((query.operator or "").strip().lower())
    if known is not None and state.is_resolved(query.device, query.variant, known.country):
        return cached_json(request, state, build)
    return await run_in_threadpool(cached_json, request, state, build)
