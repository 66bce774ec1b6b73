"""The one error envelope, for every error class bandfit has, plus 413/422/404/405/500 of HTTP's own.

The datasette pattern: a route that raises each error, and a table that must list every class
(:func:`bandfit.errors.all_error_classes`), so a new error class cannot ship unmapped.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest

from bandfit import errors as bferr
from bandfit.server import create_app
from bandfit.server.errors import http_hint, status_for

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

CASES: dict[str, tuple[bferr.BandfitError, int]] = {
    "BandfitError": (bferr.BandfitError("something refused"), 500),
    "UnknownBandError": (bferr.UnknownBandError("B999", suggestions=["B99"]), 404),
    "AmbiguousBandError": (bferr.AmbiguousBandError("5", candidates=["B5", "n5"]), 422),
    "ChannelError": (bferr.ChannelError("EARFCN", -1, reason="out of range", valid="0-70705"), 422),
    "UnknownDeviceError": (bferr.UnknownDeviceError("phone", suggestions=["acme/phone-one"]), 404),
    "AmbiguousDeviceError": (bferr.AmbiguousDeviceError("phone", candidates=["a/b", "c/d"]), 422),
    "UnknownVariantError": (
        bferr.UnknownVariantError("acme/phone-one", "x", available=["global"]),
        404,
    ),
    "UnknownOperatorError": (bferr.UnknownOperatorError("att", suggestions=["us/att"]), 404),
    "AmbiguousOperatorError": (
        bferr.AmbiguousOperatorError("Vodafone", candidates=["gb/vodafone", "de/vodafone"]),
        422,
    ),
    "UnknownCountryError": (bferr.UnknownCountryError("ZZ"), 404),
    "InvalidImeiError": (bferr.InvalidImeiError("123", reason="too short"), 422),
    "InvalidDateError": (bferr.InvalidDateError("2024-13-01"), 422),
    "InvalidInputError": (bferr.InvalidInputError("bad", hint="fix it", value=3), 422),
    "SpecSheetParseError": (bferr.SpecSheetParseError("???"), 422),
    "CatalogError": (bferr.CatalogError(["a.yaml: bad"]), 422),
    "InfeasiblePlanError": (bferr.InfeasiblePlanError(["must-have B1", "forbid B1"]), 422),
    "PlanTimeoutError": (bferr.PlanTimeoutError(0.5, solver_message="Time limit reached"), 422),
    "BackendUnavailableError": (
        bferr.BackendUnavailableError("planner", reason="no scipy", install="scipy"),
        503,
    ),
    "ReconciliationError": (bferr.ReconciliationError(input_rows=3, accepted=1, rejected=1), 500),
}


@pytest.fixture(scope="module")
def raising_client(tiny) -> Iterator[TestClient]:
    app = create_app(catalog=tiny)

    def boom(name: str) -> None:
        raise CASES[name][0]

    def crash() -> None:
        raise RuntimeError("secret internals")

    app.add_api_route("/test/raise/{name}", boom)
    app.add_api_route("/test/crash", crash)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_every_error_class_is_mapped():
    assert set(CASES) == {cls.__name__ for cls in bferr.all_error_classes()}


@pytest.mark.parametrize("name", sorted(CASES))
def test_envelope_for_error_class(raising_client, error_of, name):
    err, status = CASES[name]
    assert status_for(err) == status
    r = raising_client.get(f"/test/raise/{name}")
    assert r.status_code == status
    body = error_of(r)
    wire = err.to_dict()  # the same wire form the CLI and batch reject files use ...
    if err.hint:
        wire["details"]["hint"] = http_hint(err)  # ... with the hint said in HTTP terms
    assert body == wire
    assert r.headers["cache-control"] == "no-store"
    assert "etag" not in r.headers
    if status == 503:
        assert r.headers["retry-after"]


def test_lookup_errors_carry_suggestions(raising_client, error_of):
    r = raising_client.get("/test/raise/UnknownOperatorError")
    assert error_of(r)["details"]["suggestions"] == ["us/att"]


def test_unexpected_exception_is_a_500_envelope_without_internals(raising_client, error_of):
    r = raising_client.get("/test/crash")
    assert r.status_code == 500
    err = error_of(r)
    assert err["code"] == "internal-error"
    assert "secret" not in r.text


def test_validation_error_envelope(client, error_of):
    r = client.get("/v1/devices", params={"limit": "many"})
    assert r.status_code == 422
    err = error_of(r)
    assert err["code"] == "invalid-input"
    assert err["details"]["errors"][0]["loc"] == ["query", "limit"]
    assert "limit" in err["message"]


def test_body_too_large_by_content_length(client, error_of):
    r = client.post(
        "/v1/plan", content=b" " * (64 * 1024 + 1), headers={"content-type": "application/json"}
    )
    assert r.status_code == 413
    err = error_of(r)
    assert err["code"] == "request-too-large"
    assert err["details"]["max_bytes"] == 64 * 1024


def test_body_too_large_when_streamed(client, error_of):
    def chunks() -> Iterator[bytes]:
        for _ in range(80):
            yield b" " * 1024

    r = client.post("/v1/plan", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert error_of(r)["code"] == "request-too-large"


def test_body_at_the_limit_is_read(client, error_of):
    body = b'{"market": ["xa/nowhere"]}'
    padded = body + b" " * (64 * 1024 - len(body))
    r = client.post("/v1/plan", content=padded, headers={"content-type": "application/json"})
    assert r.status_code != 413
