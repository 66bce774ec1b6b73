"""The one place HTTP errors are made: every failure leaves the API as the same JSON envelope.

Why one place: the CLI, the HTTP API and batch reject files report the same stable ``code`` for
the same problem (see :mod:`bandfit.errors`). Routes never build error responses themselves; they
raise :class:`~bandfit.errors.BandfitError` and the handlers here turn it into::

    {"error": {"code": "unknown-device", "message": "...", "details": {...}}}

Status by error kind (decided by the builtin each error also inherits):

* ``LookupError`` (``Unknown*``) -> 404, with ``details.suggestions`` where the library has them;
  a hint that names a CLI command (``bandfit operators list ...``) is replaced by the API route
  that answers the same question (``GET /v1/operators?country=CC``), see :func:`http_hint`;
* ``ValueError`` (``Ambiguous*``, ``Invalid*``, ``ChannelError``, ``InfeasiblePlanError``,
  ``PlanTimeoutError``, ...) and request validation -> 422;
* :class:`~bandfit.errors.BackendUnavailableError` -> 503;
* a body over the limit -> 413; unknown route -> 404; wrong method -> 405; anything else -> 500
  (logged, never echoed: no tracebacks on the wire).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from bandfit.errors import (
    AmbiguousDeviceError,
    BackendUnavailableError,
    BandfitError,
    PlanTimeoutError,
    UnknownBandError,
    UnknownDeviceError,
    UnknownOperatorError,
)
from bandfit.server.schemas import ErrorEnvelope

__all__ = [
    "ERROR_RESPONSES",
    "BodyLimitMiddleware",
    "HTTPError",
    "envelope",
    "http_hint",
    "install_error_handlers",
    "status_for",
]

log = logging.getLogger("bandfit.server")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_HTTP_CODES = {
    400: "bad-request",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    413: "request-too-large",
    415: "unsupported-media-type",
}

# OpenAPI documentation of the error statuses every /v1 route can return, each with the one
# envelope every error has (without ``model``, OpenAPI showed these statuses with no body at all).
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {
        "model": ErrorEnvelope,
        "description": "Unknown device, variant, operator, country or band (with suggestions)",
    },
    422: {
        "model": ErrorEnvelope,
        "description": "Ambiguous or invalid input (candidates listed) or request validation",
    },
    503: {
        "model": ErrorEnvelope,
        "description": "An optional backend (e.g. the planner) is unavailable",
    },
}


# What to do next, said in HTTP terms, for errors whose library hint names a CLI command or flag.
_HTTP_HINTS: dict[type[BandfitError], str] = {
    UnknownOperatorError: "list operators with GET /v1/operators?country=CC",
    UnknownDeviceError: "search devices with GET /v1/devices?q=TEXT",
    UnknownBandError: "use a band id such as B12, n77, U5, BC0 or GSM850 (GET /v1/bands/{band})",
    AmbiguousDeviceError: "use a device id (brand/model), add variant=, or give a model number",
    PlanTimeoutError: "raise time_limit in the request body (seconds per MILP solve, at most 30) "
    "or plan a smaller market",
}
_CLI_HINT = re.compile(r"`bandfit |(?<![\w-])--[a-z]")
_CLI_FLAG = re.compile(r"(?<![\w-])--([a-z][a-z-]*)")


def http_hint(err: BandfitError) -> str | None:
    """``err.hint`` for an HTTP client: a hint naming a CLI command or flag (``try `bandfit
    operators list --country CC```) becomes the API route that does the same; others pass.

    An error class without its own HTTP hint still gets its CLI flags named as the parameters
    that do the same (``drop --variant`` -> ``drop variant=``): the flags are the query and body
    fields under their CLI spelling, and a flag is no use to an HTTP client.
    """
    if err.hint and _CLI_HINT.search(err.hint):
        for cls in type(err).__mro__:
            if cls in _HTTP_HINTS:
                return _HTTP_HINTS[cls]
        return _CLI_FLAG.sub(lambda m: m.group(1).replace("-", "_") + "=", err.hint)
    return err.hint


def status_for(err: BandfitError) -> int:
    """HTTP status of a library error: 404 lookups, 422 bad input, 503 missing backend, else 500."""
    if isinstance(err, BackendUnavailableError):
        return 503
    if isinstance(err, LookupError):
        return 404
    if isinstance(err, ValueError):
        return 422
    return 500


def envelope(
    status: int, code: str, message: str, details: dict[str, Any] | None = None
) -> JSONResponse:
    """The canonical error response."""
    body = {"error": {"code": code, "message": message, "details": details or {}}}
    headers = {"Cache-Control": "no-store"}
    if status == 503:
        headers["Retry-After"] = "60"
    return JSONResponse(body, status_code=status, headers=headers)


def _jsonable(value: Any) -> Any:
    """Make validation-error context JSON-safe (pydantic puts exceptions and bytes there)."""
    return json.loads(json.dumps(value, default=str))


async def _bandfit_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, BandfitError)
    body = exc.to_dict()
    hint = http_hint(exc)
    if hint:
        body["details"]["hint"] = hint
    return envelope(status_for(exc), body["code"], body["message"], _jsonable(body["details"]))


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(e.get("loc", ())), "message": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    first = errors[0] if errors else {"loc": [], "message": "invalid request"}
    where = ".".join(str(p) for p in first["loc"])
    message = (
        f"invalid request: {where}: {first['message']}"
        if where
        else f"invalid request: {first['message']}"
    )
    return envelope(422, "invalid-input", message, {"errors": _jsonable(errors)})


def _routing_details(request: Request, exc: StarletteHTTPException) -> dict[str, Any] | None:
    """``details`` for the router's own 404 and 405, which Starlette raises bare: the path or the
    method that was wrong and what to do instead (the API's other errors all name a value)."""
    if exc.status_code == 404:
        return {
            "value": request.url.path,
            "hint": "no such route: the routes are listed at /docs and /openapi.json",
        }
    if exc.status_code == 405:
        allowed = sorted(m.strip() for m in (exc.headers or {}).get("Allow", "").split(",") if m)
        return {
            "value": request.method,
            "allowed": allowed,
            "hint": f"use {' or '.join(allowed)}" if allowed else "see /docs for the methods",
        }
    return None


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http-error")
    details = exc.details if isinstance(exc, HTTPError) else _routing_details(request, exc)
    response = envelope(exc.status_code, code, str(exc.detail), details)
    for key, value in (exc.headers or {}).items():
        response.headers[key] = value
    return response


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return envelope(500, "internal-error", "internal server error; this is a bug in bandfit")


def install_error_handlers(app: FastAPI) -> None:
    """Route every error the app can raise through :func:`envelope`."""
    app.add_exception_handler(BandfitError, _bandfit_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


class BodyLimitMiddleware:
    """Refuse request bodies over ``max_bytes`` with 413, by header or while streaming.

    A pure ASGI middleware (not ``BaseHTTPMiddleware``) so it costs nothing on bodiless GETs.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > self.max_bytes or declared < 0:
                    await self._too_large(scope, receive, send)
                    return
        await self.app(scope, self._counting(receive), send)

    def _counting(self, receive: Receive) -> Receive:
        seen = 0

        async def wrapped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _BodyTooLargeError(self.max_bytes)
            return message

        return wrapped

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = _BodyTooLargeError(self.max_bytes)
        response = envelope(413, "request-too-large", str(error.detail), error.details)
        await response(scope, receive, send)


class HTTPError(StarletteHTTPException):
    """An HTTP-level refusal (413, 415, ...) that carries ``details`` like the library's errors.

    For problems of the request itself rather than of its content, which have no library error
    class: the handler sends ``details`` (the offending ``value`` and a ``hint``) in the envelope.
    """

    def __init__(self, status_code: int, message: str, details: dict[str, Any]) -> None:
        super().__init__(status_code, message)
        self.details = details


class _BodyTooLargeError(HTTPError):
    """A body over the limit: raised mid-stream for a chunked body (mapped to 413 by the handler),
    and the source of the same message and details when ``Content-Length`` is already too big."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(
            413,
            f"request body is larger than {max_bytes} bytes",
            {"max_bytes": max_bytes, "hint": f"send at most {max_bytes} bytes"},
        )
