"""Request hygiene shared by the routes: a single-valued parameter may be given once, and so may a
JSON object key; a JSON body must say it is JSON.

Why: for ``?operator=us/t-mobile&operator=us/att`` FastAPI quietly answers for the *last* value,
while the ETag and the body memo see the whole query. Two requests that differ only in the order
of the repeated values would then be different questions under one cache policy, and a client
cannot tell which value was used. Refusing the repetition (422, naming the parameter and its
values) makes every accepted query mean exactly one thing.

Parameters a route declares as lists (``list[str]`` and the like) stay repeatable; the
parameters a route does not declare are ignored by it and are left alone. The check is an
app-wide dependency (``FastAPI(dependencies=[...])``), so it sees the matched route and runs
before the route's own parameters are validated.

JSON bodies (:func:`json_body_once`) follow the same rule for the same reason: for
``{"market": "us/att", "market": "us/verizon"}`` the JSON parser keeps the last value, so the plan
would depend on the order of the keys. And FastAPI reads a body sent without a JSON content type
(``curl -d`` sends ``application/x-www-form-urlencoded``) as bytes, then reports a perfectly good
JSON object as "not a valid dictionary"; a 415 that names the content type says what is wrong.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Iterator
from typing import Any

from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.requests import Request

from bandfit.errors import InvalidInputError
from bandfit.server.errors import HTTPError

__all__ = ["declared_query_params", "is_json_media_type", "json_body_once", "reject_repeated_query"]

_SEQUENCES = (list, tuple, set, frozenset)


def _is_sequence(annotation: Any) -> bool:
    """True for ``list[str]``, ``tuple[int, ...]``, ``list[str] | None``, ``Annotated[list, ...]``."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _is_sequence(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_is_sequence(arg) for arg in typing.get_args(annotation))
    target = origin or annotation
    return isinstance(target, type) and issubclass(target, _SEQUENCES)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model of a ``Annotated[SomeQuery, Query()]`` parameter, else ``None``."""
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _fields(dependant: Any) -> Iterator[tuple[str, bool]]:
    """(query name, is a list) for every query parameter of ``dependant`` and its
    sub-dependencies; a pydantic query model contributes its fields."""
    for field in dependant.query_params:
        annotation = field.field_info.annotation
        model = _model_of(annotation)
        if model is None:
            yield field.alias, _is_sequence(annotation)
            continue
        for name, info in model.model_fields.items():
            yield info.alias or name, _is_sequence(info.annotation)
    for sub in dependant.dependencies:
        yield from _fields(sub)


def declared_query_params(route: APIRoute) -> dict[str, bool]:
    """Query parameter name -> whether it is a list, for ``route`` (memoised on the route)."""
    cached: dict[str, bool] | None = getattr(route, "_bandfit_query_params", None)
    if cached is None:
        cached = {}
        for name, is_list in _fields(route.dependant):
            cached[name] = cached.get(name, False) or is_list
        route._bandfit_query_params = cached  # type: ignore[attr-defined]
    return cached


async def reject_repeated_query(request: Request) -> None:
    """Refuse a query that repeats a single-valued parameter of the matched route.

    ``async`` so FastAPI runs it on the event loop; a query without ``&`` costs one byte scan.

    Raises:
        InvalidInputError: a declared, single-valued parameter given more than once (422); the
            message and ``details.value`` name the parameter and every value, in order.
    """
    if b"&" not in request.scope.get("query_string", b""):
        return
    items = request.query_params.multi_items()
    if len(items) == len({k for k, _v in items}):
        return
    route = request.scope.get("route")
    declared = declared_query_params(route) if isinstance(route, APIRoute) else {}
    values: dict[str, list[str]] = {}
    for key, value in items:
        values.setdefault(key, []).append(value)
    for key, given in values.items():
        if len(given) > 1 and key in declared and not declared[key]:
            raise InvalidInputError(
                f"query parameter {key!r} is given {len(given)} times: "
                + ", ".join(repr(v) for v in given),
                hint="give it once",
                value={key: given},
            )


def is_json_media_type(content_type: str | None) -> bool:
    """True for the media types FastAPI parses as JSON: ``application/json`` and
    ``application/*+json``, parameters such as ``; charset=utf-8`` allowed."""
    if not content_type:
        return False
    media = content_type.split(";", 1)[0].strip().lower()
    kind, _, subtype = media.partition("/")
    return kind == "application" and (subtype == "json" or subtype.endswith("+json"))


class _DuplicateKeyError(Exception):
    """Raised out of the JSON parser on the first object that repeats a key (not a ValueError, so
    it cannot be mistaken for a syntax error)."""

    def __init__(self, key: str, values: list[Any]) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def _object_once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, list[Any]] = {}
    for key, value in pairs:
        seen.setdefault(key, []).append(value)
    for key, values in seen.items():
        if len(values) > 1:
            raise _DuplicateKeyError(key, values)
    return dict(pairs)


async def json_body_once(request: Request) -> None:
    """Refuse a body that is not declared as JSON (415) or that repeats a key in an object (422).

    A route dependency: FastAPI has read (and, for a JSON content type, parsed) the body before
    dependencies run, so ``request.body()`` is the cached bytes; a body that is not valid JSON is
    left to FastAPI's own ``json_invalid`` error.

    Raises:
        HTTPError: 415 ``unsupported-media-type`` naming the content type (``None`` when absent).
        InvalidInputError: a key given twice in one object; the message and ``details.value``
            name the key and every value, in order.
    """
    content_type = request.headers.get("content-type")
    if not is_json_media_type(content_type):
        raise HTTPError(
            415,
            f"the request body must be JSON, not {content_type or 'untyped'}",
            {"value": content_type, "hint": "send the body with Content-Type: application/json"},
        )
    try:
        json.loads(await request.body(), object_pairs_hook=_object_once)
    except _DuplicateKeyError as dup:
        raise InvalidInputError(
            f"JSON key {dup.key!r} is given {len(dup.values)} times: "
            + ", ".join(json.dumps(v, ensure_ascii=False) for v in dup.values),
            hint="give it once",
            value={dup.key: dup.values},
        ) from None
    except ValueError:  # not JSON at all: FastAPI has already answered json_invalid
        return
