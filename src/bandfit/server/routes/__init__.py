"""HTTP routes, one module per resource; adapters only (parse, call the library, render).

Routes whose work is small and bounded (a memoised check, a band, a channel, an operator) are
``async def`` and run on the event loop: for them a hop to the thread pool costs more than the
work. Work that can take tens of milliseconds or more (free-text device search, a whole country,
a plan) runs in the thread pool so it never stalls the loop.
"""

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
