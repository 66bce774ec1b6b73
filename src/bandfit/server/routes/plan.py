"""``POST /v1/plan``: the optimal band set for a market, the trade-off curve and closest variants.

The planner (L4, SciPy/HiGHS) is imported lazily on the first request, so the server starts
without SciPy and answers 503 ``backend-unavailable`` while the planner is missing. Solving takes
seconds: plans run in worker threads, at most two at a time per process (the others wait on the
event loop, not in the thread pool), and identical requests are answered from a small per-app
memo (the catalog is immutable).
"""

from __future__ import annotations

import importlib
import json
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends
from starlette.responses import Response

from bandfit.errors import BackendUnavailableError
from bandfit.server.errors import ERROR_RESPONSES
from bandfit.server.params import json_body_once
from bandfit.server.responses import json_response
from bandfit.server.schemas import ErrorEnvelope, PlanRequest, PlanResponse
from bandfit.server.state import ServerState, get_state, parse_on

router = APIRouter(tags=["plan"])

_INSTALL = "'bandfit[plan]'"


def planner_module() -> Any:
    """``bandfit.planner``, imported on first use.

    Raises:
        BackendUnavailableError: the planner (or SciPy) is not available.
    """
    try:
        module = importlib.import_module("bandfit.planner")
    except ImportError as err:
        raise BackendUnavailableError("planner", reason=str(err), install=_INSTALL) from err
    if not callable(getattr(module, "plan", None)) or getattr(module, "Constraints", None) is None:
        raise BackendUnavailableError(
            "planner", reason="bandfit.planner.plan is not available in this build"
        )
    return module


def planner_available() -> bool:
    """True when :func:`planner_module` would succeed (for ``/v1/health``)."""
    try:
        planner_module()
    except BackendUnavailableError:
        return False
    return True


def _run(state: ServerState, body: PlanRequest) -> dict[str, Any]:
    planner = planner_module()
    key = json.dumps(body.model_dump(mode="json"), sort_keys=True) + str(parse_on(body.on))
    cached = state.plans.get(key)
    if cached is not None:
        return cached
    constraints = planner.Constraints(
        max_bands=dict(body.max_bands),
        max_total=body.max_total,
        must=frozenset(body.must_have),
        forbid=frozenset(body.forbidden),
        costs=dict(body.band_cost),
        nr_modes=tuple(body.nr_modes),
        volte=body.volte,
        vonr=body.vonr,
        certified_on=frozenset(body.certified_on),
    )
    try:
        result = planner.plan(
            body.market,
            parse_on(body.on),
            constraints,
            catalog=state.catalog,
            weights=body.weights,
            include_mvnos=body.include_mvnos,
            curve=body.curve,
            marginals=body.marginals,
            closest=body.closest,
            time_limit=body.time_limit,
        )
    except ImportError as err:  # SciPy missing inside the planner
        raise BackendUnavailableError("planner", reason=str(err), install=_INSTALL) from err
    payload: dict[str, Any] = result.to_dict()
    return state.plans.get_or_compute(key, lambda: payload)


@router.post(
    "/v1/plan",
    response_model=PlanResponse,
    responses={
        **ERROR_RESPONSES,
        413: {"model": ErrorEnvelope, "description": "Request body over 64 KiB"},
        415: {"model": ErrorEnvelope, "description": "Request body not sent as `application/json`"},
    },
    summary="Plan a market-specific band set",
    dependencies=[Depends(json_body_once)],  # JSON content type, each object key once
)
async def post_plan(
    body: PlanRequest, state: Annotated[ServerState, Depends(get_state)]
) -> Response:
    """Optimal band set under the constraints (a MILP), the bands-vs-score trade-off curve, the
    marginal value of each band and the closest existing variants."""
    payload = await anyio.to_thread.run_sync(_run, state, body, limiter=state.plan_slots)
    return json_response(payload, headers={"Cache-Control": "no-store"})
