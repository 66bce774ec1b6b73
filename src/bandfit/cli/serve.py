"""``bandfit serve``: run the HTTP API and web page with uvicorn.

The server package (FastAPI) and uvicorn are imported inside the command, so the rest of the CLI
works without the ``server`` extra and ``bandfit --help`` stays fast.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from bandfit.catalog.load import CATALOG_ENV
from bandfit.errors import BackendUnavailableError, InvalidInputError

__all__ = ["register", "serve"]

_INSTALL = "'bandfit[server]'"


def serve(
    host: Annotated[
        str, typer.Option(help="Interface to bind (use 0.0.0.0 to listen on all).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=0, max=65535)] = 8000,
    catalog: Annotated[
        Path | None,
        typer.Option(
            help=f"Overlay directory of your own operator/device YAML on top of the shipped catalog "
            f"(default: ${CATALOG_ENV}, if set).",
            file_okay=False,
        ),
    ] = None,
    workers: Annotated[int, typer.Option(help="Worker processes.", min=1, max=64)] = 1,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
    access_log: Annotated[bool, typer.Option(help="Log every request.")] = True,
) -> None:
    """Serve the HTTP API (/v1, OpenAPI at /docs) and the web page at http://HOST:PORT/."""
    try:
        import uvicorn

        from bandfit.server.app import create_served_app
    except ImportError as err:
        raise BackendUnavailableError("server", reason=str(err), install=_INSTALL) from err
    from bandfit.catalog.load import default_catalog

    if log_level not in {"critical", "error", "warning", "info", "debug", "trace"}:
        raise InvalidInputError(
            f"unknown log level {log_level!r}", hint="critical|error|warning|info|debug|trace"
        )
    if catalog is not None:
        # Workers are separate processes: they find the overlay through the environment.
        os.environ[CATALOG_ENV] = str(catalog.resolve())
    cat = default_catalog()  # loads and validates the overlay now, so errors surface here
    shown = "localhost" if host in ("0.0.0.0", "::") else host
    url = f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"
    overlay = f" + overlay {cat.overlay}" if cat.overlay else ""
    typer.echo(
        f"bandfit serving {url}  (API docs {url}docs; catalog {cat.version}{overlay}; {workers} worker(s))"
    )
    if workers == 1:
        uvicorn.run(
            create_served_app(cat), host=host, port=port, log_level=log_level, access_log=access_log
        )
    else:
        uvicorn.run(
            "bandfit.server.app:create_served_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level=log_level,
            access_log=access_log,
        )


def register(app: typer.Typer) -> None:
    """Attach ``serve`` to the root app."""
    app.command()(serve)
