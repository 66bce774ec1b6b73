"""Fixtures for the HTTP API tests: in-process clients and a real uvicorn server in a thread."""

from __future__ import annotations

import socket
import threading
import time
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's testclient asks for httpx2; httpx works
    from fastapi.testclient import TestClient

from bandfit.catalog.load import Catalog, default_catalog
from bandfit.server import create_app
from bandfit.testing import tiny_catalog


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def tiny() -> Catalog:
    """The fixture catalog."""
    return tiny_catalog()


@pytest.fixture(scope="session")
def client(tiny: Catalog) -> Iterator[TestClient]:
    """An in-process client of an app over the tiny fixture catalog."""
    with TestClient(create_app(catalog=tiny)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def lenient_client(tiny: Catalog) -> Iterator[TestClient]:
    """Like ``client`` but returns 500 responses instead of raising the server's exception."""
    with TestClient(create_app(catalog=tiny), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def shipped_client() -> Iterator[TestClient]:
    """An in-process client over the shipped catalog."""
    with TestClient(create_app(catalog=default_catalog())) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """A real uvicorn server on 127.0.0.1 (shipped catalog) in a thread; yields its base URL."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(
        create_app(catalog=default_catalog()),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _error_of(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}, body
    err = body["error"]
    assert set(err) == {"code", "message", "details"}, err
    assert isinstance(err["code"], str)
    assert err["code"]
    assert isinstance(err["message"], str)
    assert err["message"]
    assert isinstance(err["details"], dict)
    return dict(err)


@pytest.fixture(scope="session")
def error_of() -> Any:
    """``error_of(response)``: the ``error`` object of an envelope, its shape checked on the way."""
    return _error_of
