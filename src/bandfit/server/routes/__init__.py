"""HTTP routes, one module per resource; adapters only (parse, call the library, render)."""

from __future__ import annotations

from fastapi import APIRouter

from bandfit.server.routes import bands, check, devices, meta, operators, plan, web

__all__ = ["ROUTERS"]

ROUTERS: tuple[APIRouter, ...] = (
    check.router,
    devices.router,
    operators.router,
    bands.router,
    plan.router,
    meta.router,
    web.router,
)
