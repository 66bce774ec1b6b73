"""``GET /v1/operators``, ``GET /v1/operators/{id}`` (with the live network on a date) and
``GET /v1/countries``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import Response

from bandfit.bands.model import FreqRange
from bandfit.catalog.load import Catalog
from bandfit.catalog.model import Deployment, Operator
from bandfit.catalog.query import find_operator
from bandfit.compat.network import network_view, policies_on
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


def _mhz(rng: FreqRange | None) -> list[float] | None:
    return [rng.low_khz / 1000, rng.high_khz / 1000] if rng is not None else None


def _pair_mhz(pair: tuple[int, int] | None) -> list[float] | None:
    return [pair[0] / 1000, pair[1] / 1000] if pair is not None else None


def operator_summary(op: Operator) -> dict[str, Any]:
    """An operator as lists show it."""
    return op.model_dump(
        mode="json",
        include={
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
        },
    )


def _deployment(dep: Deployment) -> dict[str, Any]:
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


def operator_detail(catalog: Catalog, op: Operator, day: dt.date) -> dict[str, Any]:
    """Everything about an operator plus its own radio network as it stands on ``day``."""
    payload = op.model_dump(mode="json", exclude={"schema_", "deployments"})
    payload["deployments"] = [_deployment(d) for d in op.deployments]
    view = network_view(op, day, catalog.registry)
    group_of = {member: i for i, g in enumerate(view.groups) for member in g.members}
    payload["on"] = day.isoformat()
    payload["live"] = op.live_on(day)
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
    payload["policies_on"] = sorted(p.value for p in policies_on(op, day))
    return payload


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
        return operator_detail(state.catalog, op, parse_on(on))

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
