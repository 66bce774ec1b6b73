"""L5: the HTTP API and web page (FastAPI). Adapters only: parse, call the library, render.

Install with ``pip install 'bandfit[server]'``; run with ``bandfit serve``.
"""

from __future__ import annotations

from bandfit.server.app import create_app as create_app

__all__ = ["create_app"]
