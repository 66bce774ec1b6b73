"""JSON responses with HTTP caching: ETag + Cache-Control on catalog reads, 304 on a match.

Why the ETag is computed before the answer: it depends only on the data version, the path and the
query (see :meth:`ServerState.etag`), so a revalidating client gets its 304 without the verdict
being computed again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bandfit.server.state import ServerState

__all__ = ["CACHE_CONTROL", "cached_json", "etag_matches", "json_response"]

CACHE_CONTROL = "public, max-age=300"


class _CompactJSON(JSONResponse):
    """UTF-8 JSON without spaces (what starlette does) but tolerant of dates and tuples."""

    def render(self, content: Any) -> bytes:
        return json.dumps(
            content, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=str
        ).encode("utf-8")


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison of ``If-None-Match`` against our (strong) ETag."""
    if not if_none_match:
        return False
    bare = etag.removeprefix("W/")
    for token in if_none_match.split(","):
        token = token.strip()
        if token == "*" or token.removeprefix("W/") == bare:
            return True
    return False


def json_response(
    content: Any, *, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """A compact JSON response."""
    return _CompactJSON(content, status_code=status_code, headers=headers)


def cached_json(request: Request, state: ServerState, build: Callable[[], Any]) -> Response:
    """``build()`` as JSON with ``ETag`` and ``Cache-Control``; 304 when the client has it."""
    etag = state.etag(request)
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return json_response(build(), headers=headers)
