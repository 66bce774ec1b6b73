"""Query-string hygiene shared by every route: a single-valued parameter may be given once.

Why: for ``?operator=us/t-mobile&operator=us/att`` FastAPI quietly answers for the *last* value,
while the ETag and the body memo see the whole query. Two requests that differ only in the order
of the repeated values would then be different questions under one cache policy, and a client
cannot tell which value was used. Refusing the repetition (422, naming the parameter and its
values) makes every accepted query mean exactly one thing.

Parameters a route declares as lists (``list[str]`` and the like) stay repeatable; the
parameters a route does not declare are ignored by it and are left alone. The check is an
app-wide dependency (``FastAPI(dependencies=[...])``), so it sees the matched route and runs
before the route's own parameters are validated.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from typing import Any

from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.requests import Request

from bandfit.errors import InvalidInputError

__all__ = ["declared_query_params", "reject_repeated_query"]

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
