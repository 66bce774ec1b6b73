"""JSON responses with HTTP caching: ETag + Cache-Control on catalog reads, 304 on a match.

Why the ETag is computed before the answer: it depends only on the data version, the path and the
query (see :meth:`ServerState.etag`), so a revalidating client gets its 304 without the verdict
being computed again. For the same reason a rendered body is a pure function of its ETag: bodies
are memoised by ETag, and :class:`CachedBodyMiddleware` answers a repeated question straight from
that memo, in front of routing, dependency injection and validation.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bandfit.server.state import ServerState

__all__ = [
    "CACHE_CONTROL",
    "CachedBodyMiddleware",
    "HeadMiddleware",
    "cached_json",
    "etag_matches",
    "json_response",
    "render_json",
]

CACHE_CONTROL = "public, max-age=300"
JSON = "application/json"


def render_json(content: Any) -> bytes:
    """Compact UTF-8 JSON (no spaces, no NaN), tolerant of dates."""
    return json.dumps(
        content, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=str
    ).encode("utf-8")


def etag_matches(if_none_match: str | None, etag: str, *, star: bool = True) -> bool:
    """RFC 9110 weak comparison of ``If-None-Match`` against our (strong) ETag.

    ``*`` matches any *current representation* (RFC 9110 §13.1.2), so it may only count when the
    resource is known to exist: pass ``star=False`` before the answer has been computed.
    """
    if not if_none_match:
        return False
    bare = etag.removeprefix("W/")
    for token in if_none_match.split(","):
        token = token.strip()
        if (star and token == "*") or token.removeprefix("W/") == bare:
            return True
    return False


def json_response(
    content: Any, *, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """A compact JSON response."""
    return Response(render_json(content), status_code=status_code, headers=headers, media_type=JSON)


def cached_json(request: Request, state: ServerState, build: Callable[[], Any]) -> Response:
    """``build()`` as JSON with ``ETag`` and ``Cache-Control``; 304 when the client has it.

    Bodies are memoised by ETag (see :class:`~bandfit.server.state.BodyCache`). A client's own
    ETag skips ``build()``; ``If-None-Match: *`` does not, because only ``build()`` tells whether
    the resource exists (an unknown device stays a 404, never a 304).
    """
    etag = state.etag(request)
    body = state.bodies.get(etag)
    if body is None and not etag_matches(request.headers.get("if-none-match"), etag, star=False):
        body = render_json(build())
        state.bodies.put(etag, body)
    return _cached_response(etag, body or b"", request.headers.get("if-none-match"))


def _cached_response(etag: str, body: bytes, if_none_match: str | None) -> Response:
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if etag_matches(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    return Response(body, headers=headers, media_type=JSON)


class CachedBodyMiddleware:
    """Answer a GET whose body is already memoised (same ETag) without entering the app.

    Only :func:`cached_json` puts bodies in the memo, so a hit is by construction the answer of a
    cacheable catalog read for exactly this path and query; everything else passes through.
    """

    def __init__(self, app: ASGIApp, state: ServerState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and len(self.state.bodies):
            query = QueryParams(scope.get("query_string", b"")).multi_items()
            etag = self.state.etag_for(scope["path"], query)
            body = self.state.bodies.get(etag)
            if body is not None:
                inm = next(
                    (v.decode("latin-1") for k, v in scope["headers"] if k == b"if-none-match"),
                    None,
                )
                await _cached_response(etag, body, inm)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class HeadMiddleware:
    """Answer ``HEAD`` as ``GET`` without the body (RFC 9110 §9.3.2: a general-purpose server must).

    Why a middleware: FastAPI routes declared with ``@router.get`` match ``GET`` only, so ``HEAD``
    (``curl -I``, link checkers, uptime probes) was a 405 on every route and page. Declaring
    ``HEAD`` on each route would also list a second operation per path in OpenAPI. The request
    reaches the app as ``GET`` in a copy of the scope (the server keeps its own ``HEAD`` scope),
    so status, ``ETag``, ``Content-Length``, 304 revalidation and errors are the ``GET``'s; only
    the body is dropped. A POST-only route still answers 405 with its ``Allow``.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)
