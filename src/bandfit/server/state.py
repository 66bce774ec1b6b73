"""Per-app state shared by the routes: the catalog, memoised look-ups, ETags and cursors.

Why memoise here: a catalog is immutable, so free-text device resolution and search results can be
cached for the app's lifetime (bounded). Resolving free text scores every device name with
difflib (tens of milliseconds on the shipped catalog); a request for a device already asked about
then costs a dict look-up, which is what keeps ``/v1/check`` fast under load.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import threading
from collections.abc import Callable, Hashable, Iterable, Sequence
from importlib import metadata
from typing import Any, Generic, TypeVar

import anyio
from starlette.requests import Request

from bandfit._types import as_date, today
from bandfit.catalog.load import Catalog
from bandfit.catalog.query import DeviceHit, resolve_device, search_devices
from bandfit.errors import InvalidInputError

__all__ = [
    "BodyCache",
    "BoundedCache",
    "Page",
    "ServerState",
    "get_state",
    "package_version",
    "parse_on",
]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")


def package_version() -> str:
    """The installed bandfit version (``"0+unknown"`` when running from a bare checkout)."""
    try:
        return metadata.version("bandfit")
    except metadata.PackageNotFoundError:
        return "0+unknown"


class BoundedCache(Generic[K, V]):
    """A thread-safe memo of at most ``size`` entries (cleared wholesale when full).

    Exceptions are not cached: an unknown device is looked up again next time.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: dict[K, V] = {}
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        """The cached value or ``None``."""
        return self._data.get(key)

    def get_or_compute(self, key: K, compute: Callable[[], V]) -> V:
        """The cached value for ``key``, computing and storing it on a miss."""
        hit = self._data.get(key)
        if hit is not None:
            return hit
        value = compute()
        with self._lock:
            if len(self._data) >= self.size:
                self._data.clear()
            self._data[key] = value
        return value


class BodyCache:
    """Rendered JSON bodies by ETag, bounded by total bytes (cleared wholesale when full).

    A body is a pure function of its ETag's inputs (data versions, path, query, today's date), so
    a hit can be sent as is: a repeated question costs neither the verdict nor the JSON encoding.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._data: dict[str, bytes] = {}
        self._size = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._data)

    def get(self, etag: str) -> bytes | None:
        """The cached body or ``None``."""
        return self._data.get(etag)

    def put(self, etag: str, body: bytes) -> None:
        """Remember ``body`` (skipped when it alone exceeds a quarter of the budget)."""
        if len(body) > self.max_bytes // 4:
            return
        with self._lock:
            if self._size + len(body) > self.max_bytes:
                self._data.clear()
                self._size = 0
            if etag not in self._data:
                self._data[etag] = body
                self._size += len(body)


class Page(Generic[T]):
    """One page of a list and the opaque cursor of the next (``None`` on the last page)."""

    def __init__(self, items: list[T], next_cursor: str | None, total: int) -> None:
        self.items = items
        self.next_cursor = next_cursor
        self.total = total

    def payload(self, render: Callable[[T], Any]) -> dict[str, Any]:
        """The JSON body every list route returns: rendered items, next cursor, total."""
        return {
            "items": [render(item) for item in self.items],
            "next_cursor": self.next_cursor,
            "total": self.total,
        }


class ServerState:
    """Everything the routes share for one app: the catalog and its memoised look-ups."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.version = package_version()
        self._resolved: BoundedCache[tuple[str, str | None, str | None], DeviceHit] = BoundedCache(
            4096
        )
        self._searches: BoundedCache[str, tuple[DeviceHit, ...]] = BoundedCache(1024)
        self.plans: BoundedCache[str, dict[str, Any]] = BoundedCache(64)
        self.bodies = BodyCache(64 * 1024 * 1024)
        # Concurrent plan solves per process, as the thread limiter of the solves themselves: a
        # plan waiting for a slot waits on the event loop. (A semaphore taken inside the worker
        # thread kept every waiting plan in one of the pool's threads, so a burst of plans
        # starved every other route that runs in the pool.)
        self.plan_slots = anyio.CapacityLimiter(2)
        self._etag_seed = (
            f"{catalog.version}|{catalog.registry.release}|{catalog.overlay}|{self.version}"
        )

    # -- devices -----------------------------------------------------------------------------
    def resolve(self, query: str, variant: str | None, market: str | None = None) -> DeviceHit:
        """:func:`~bandfit.catalog.query.resolve_device`, memoised per (query, variant, market).

        ``market`` (ISO code: the operator's or the requested country) picks the variant sold
        there when a name has several, exactly as ``bandfit check`` does.

        Raises:
            UnknownDeviceError / AmbiguousDeviceError / UnknownVariantError.
        """
        key = (query.strip(), variant.strip() if variant else None, market)
        return self._resolved.get_or_compute(
            key, lambda: resolve_device(self.catalog, key[0], variant=key[1], market=key[2])
        )

    def is_resolved(self, query: str, variant: str | None, market: str | None = None) -> bool:
        """True when :meth:`resolve` would answer from the memo (no scoring needed)."""
        key = (query.strip(), variant.strip() if variant else None, market)
        return self._resolved.get(key) is not None

    def search(self, query: str) -> tuple[DeviceHit, ...]:
        """Every device hit for ``query`` best first, memoised (pagination slices this)."""
        key = query.strip()
        return self._searches.get_or_compute(
            key, lambda: tuple(search_devices(self.catalog, key, limit=1_000_000))
        )

    # -- HTTP caching ------------------------------------------------------------------------
    def etag(self, request: Request) -> str:
        """The ETag of ``request``'s answer (see :meth:`etag_for`)."""
        return self.etag_for(request.scope["path"], request.query_params.multi_items())

    def etag_for(self, path: str, query: Iterable[tuple[str, str]]) -> str:
        """A strong ETag from the data (catalog version, band release, overlay, bandfit version),
        the path, the query and today's date (answers default to today).

        The query is canonical up to the order of *different* parameters (``?a=1&b=2`` is
        ``?b=2&a=1``); the values of one parameter keep their order, and keys and values are
        JSON-quoted, so no two queries a route can tell apart share an ETag (``q=a%26b%3Dc``
        is not ``q=a&b=c``). Repeated single-valued parameters never get this far: see
        :func:`~bandfit.server.params.reject_repeated_query`.
        """
        canonical = json.dumps(sorted(query, key=lambda kv: kv[0]), separators=(",", ":"))
        raw = f"{self._etag_seed}|{today().isoformat()}|{path}?{canonical}"
        return '"' + hashlib.blake2b(raw.encode("utf-8"), digest_size=12).hexdigest() + '"'

    # -- pagination --------------------------------------------------------------------------
    def page(self, items: Sequence[T], *, limit: int, cursor: str | None, scope: str) -> Page[T]:
        """Slice ``items`` at ``cursor``; the next cursor is bound to ``scope`` and the catalog.

        Raises:
            InvalidInputError: the cursor is malformed or belongs to another query or catalog.
        """
        digest = hashlib.blake2b(f"{self._etag_seed}|{scope}".encode(), digest_size=6).hexdigest()
        offset = 0 if cursor is None else _decode_cursor(cursor, digest)
        chunk = list(items[offset : offset + limit])
        end = offset + len(chunk)
        next_cursor = _encode_cursor(digest, end) if end < len(items) else None
        return Page(chunk, next_cursor, len(items))


def _encode_cursor(digest: str, offset: int) -> str:
    raw = json.dumps({"s": digest, "o": offset}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str, digest: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data: Any = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        offset = data["o"]
        scope = data["s"]
    except (ValueError, KeyError, TypeError, UnicodeError, binascii.Error) as err:
        raise InvalidInputError(
            "malformed cursor", hint="pass next_cursor back unchanged", value=cursor
        ) from err
    if scope != digest or not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise InvalidInputError(
            "cursor does not belong to this query (or the catalog changed)",
            hint="start again without a cursor",
            value=cursor,
        )
    return offset


async def get_state(request: Request) -> ServerState:
    """The app's :class:`ServerState` (FastAPI dependency; ``async`` so that FastAPI calls it on
    the event loop instead of hopping to a worker thread)."""
    state: ServerState = request.app.state.bandfit
    return state


def parse_on(value: str | None) -> dt.date:
    """The ``on`` query parameter as a date (today, UTC, when absent).

    Raises:
        InvalidDateError: not an ISO 8601 calendar date.
    """
    return as_date(value)
