"""``POST /v1/plan``: the optimal band set for a market, the trade-off curve and closest variants.

The planner (L4, SciPy/HiGHS) is imported lazily on the first request: the server starts without
SciPy, and answers 503 ``backend-unavailable`` while the planner is missing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from bandfit.errors import BackendUnavailableError, InvalidInputError
from bandfit.server.errors import ERROR_RESPONSES
from bandfit.server.responses import json_response
from bandfit.server.schemas import PlanRequest, PlanResponse
from bandfit.server.state import ServerState, get_state, parse_on

router = APIRouter(tags=["plan"])

_INSTALL = "'bandfit[plan]'"


def planner_function() -> Callable[..., Any]:
    """``bandfit.planner.plan``, imported on first use.

    Raises:
        BackendUnavailableError: the planner (or SciPy) is not available.
    """
    try:
        module = importlib.import_module("bandfit.planner")
    except ImportError as err:
        raise BackendUnavailableError("planner", reason=str(err), install=_INSTALL) from err
    func = getattr(module, "plan", None)
    if not callable(func):
        raise BackendUnavailableError(
            "planner", reason="bandfit.planner.plan is not available in this build"
        )
    plan: Callable[..., Any] = func
    return plan


def planner_available() -> bool:
    """True when :func:`planner_function` would succeed (for ``/v1/health``)."""
    try:
        planner_function()
    except BackendUnavailableError:
        return False
    return True


def _market(state: ServerState, body: PlanRequest) -> Any:
    if body.operators:
        return {op.id: op.weight for op in body.operators}
    if body.country:
        return state.catalog.registry.country(body.country).code
    raise InvalidInputError(
        "give 'country' or a non-empty 'operators' list", hint='e.g. {"country": "US"}'
    )


def _run(state: ServerState, body: PlanRequest) -> dict[str, Any]:
    plan = planner_function()
    try:
        result = plan(
            _market(state, body),
            on=parse_on(body.on),
            catalog=state.catalog,
            include_mvnos=body.include_mvnos,
            max_bands=dict(body.max_bands),
            must_have=list(body.must_have),
            forbidden=list(body.forbidden),
            band_cost=dict(body.band_cost),
            closest=body.closest_variants,
        )
    except ImportError as err:  # SciPy missing inside the planner
        raise BackendUnavailableError("planner", reason=str(err), install=_INSTALL) from err
    to_dict = getattr(result, "to_dict", None)
    payload: dict[str, Any] = to_dict() if callable(to_dict) else dict(result)
    return payload


@router.post(
    "/v1/plan",
    response_model=PlanResponse,
    responses={**ERROR_RESPONSES, 413: {"description": "Request body over 64 KiB"}},
    summary="Plan a market-specific band set",
)
async def post_plan(
    body: PlanRequest, state: Annotated[ServerState, Depends(get_state)]
) -> Response:
    """Optimal band set under the constraints (a MILP), the full bands-vs-score trade-off curve,
    the marginal value of each band and the closest existing variants."""
    payload = await run_in_threadpool(_run, state, body)
    return json_response(payload, headers={"Cache-Control": "no-store"})
