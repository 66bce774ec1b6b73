"""``create_app``: the FastAPI application serving the JSON API (``/v1``) and the web page.

Why a factory taking ``catalog``: tests pass the tiny fixture catalog, ``bandfit serve --catalog``
passes the shipped catalog plus an overlay, and several apps can live in one process. The catalog
is loaded once per app and shared read-only by every request.
"""

from __future__ import annotations

import gc

from fastapi import Depends, FastAPI
from starlette.staticfiles import StaticFiles

from bandfit.catalog.load import Catalog, default_catalog
from bandfit.server.errors import BodyLimitMiddleware, install_error_handlers
from bandfit.server.params import reject_repeated_query
from bandfit.server.responses import CachedBodyMiddleware, HeadMiddleware
from bandfit.server.routes import ROUTERS
from bandfit.server.routes.web import STATIC_DIR
from bandfit.server.state import ServerState, package_version

__all__ = ["MAX_BODY_BYTES", "create_app", "create_served_app"]

MAX_BODY_BYTES = 64 * 1024

_DESCRIPTION = """\
Will this phone work on this mobile network, here, on this date — and if not, what is missing?

Same names, units and reason codes as the Python API: frequencies in **MHz**, dates in **ISO 8601**,
countries as **ISO 3166-1 alpha-2**, bands by canonical id (`B12`, `n77`, `U5`, `GSM850`).
Every error is `{"error": {"code", "message", "details"}}`; catalog reads carry `ETag` and
`Cache-Control` and answer `304` to a matching `If-None-Match`. A query parameter may be given
once (a repeated one is a `422 invalid-input`).
"""


def create_app(catalog: Catalog | None = None, *, max_body_bytes: int = MAX_BODY_BYTES) -> FastAPI:
    """Build the app over ``catalog`` (default: the shipped catalog plus ``$BANDFIT_CATALOG``).

    Args:
        catalog: the catalog every route answers from.
        max_body_bytes: larger request bodies are refused with 413.
    """
    cat = catalog if catalog is not None else default_catalog()
    app = FastAPI(
        title="bandfit",
        version=package_version(),
        description=_DESCRIPTION,
        openapi_tags=[
            {"name": "check", "description": "Device x operator/country verdicts"},
            {"name": "devices", "description": "Devices and their variants"},
            {"name": "operators", "description": "Operators, their networks and countries"},
            {"name": "bands", "description": "3GPP bands and channel numbers"},
            {"name": "plan", "description": "Band planning for a market"},
            {"name": "meta", "description": "Health"},
        ],
        dependencies=[Depends(reject_repeated_query)],  # ?operator=a&operator=b is a 422
    )
    app.state.bandfit = ServerState(cat)
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_body_bytes)
    app.add_middleware(CachedBodyMiddleware, state=app.state.bandfit)  # cheapest path for GETs
    app.add_middleware(HeadMiddleware)  # outermost: HEAD takes every GET path, memo included
    return app


def create_served_app(catalog: Catalog | None = None) -> FastAPI:
    """:func:`create_app` for a long-running server process (what ``bandfit serve`` runs).

    Builds the catalog's lazy indexes up front, then moves every object alive at start-up — the
    catalog is hundreds of thousands of them — out of the garbage collector's reach
    (``gc.freeze``): a full collection otherwise walks the whole catalog and stalls requests
    for a hundred milliseconds or more, which is what the p99 latency would show.
    """
    app = create_app(catalog)
    state: ServerState = app.state.bandfit
    _ = state.catalog.model_number_index  # build the cached index before freezing
    gc.collect()
    gc.freeze()
    return app
