"""The web page: two static HTML pages and their assets, bundled as package data.

Why no template engine: the pages are plain HTML that call the JSON API (no logic of their own
and no CDN); the only server-side touch is the asset version stamped into URLs so browsers fetch
new scripts after an upgrade.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from bandfit.server.responses import etag_matches

__all__ = ["STATIC_DIR", "router"]

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
STATIC_DIR = WEB_DIR / "static"
TEMPLATE_DIR = WEB_DIR / "templates"

# Everything the pages load comes from this origin; no inline script.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)

router = APIRouter(include_in_schema=False)


@cache
def _asset_stamp() -> str:
    digest = hashlib.blake2b(digest_size=6)
    for path in sorted(STATIC_DIR.iterdir()):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def _page(name: str) -> tuple[str, str]:
    html = (TEMPLATE_DIR / name).read_text(encoding="utf-8").replace("{{ASSET}}", _asset_stamp())
    etag = '"' + hashlib.blake2b(html.encode(), digest_size=10).hexdigest() + '"'
    return html, etag


def _serve(request: Request, name: str) -> Response:
    html, etag = _page(name)
    headers = {
        "ETag": etag,
        "Cache-Control": "no-cache",
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return HTMLResponse(html, headers=headers)


@router.get("/")
async def index(request: Request) -> Response:
    """The check page."""
    return _serve(request, "index.html")


@router.get("/plan")
async def plan_page(request: Request) -> Response:
    """The planner page."""
    return _serve(request, "plan.html")
