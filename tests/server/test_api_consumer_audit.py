"""HTTP defects found by a consumer-side audit, through the real app (TestClient, no mocks): HEAD,
long path ids (which stalled the event loop), the plan body (content type, duplicate JSON keys,
non-finite numbers, bounded keys), CLI flags in hints, 404/405 details and the error schema in
OpenAPI."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import anyio
import httpx
import pytest

from bandfit.catalog.load import Catalog
from bandfit.server import create_app

FAST = {"curve": False, "marginals": False, "closest": 0}


# -- HEAD is GET without a body (RFC 9110 §9.3.2) ------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [
        "/v1/health",
        "/v1/bands/B1",
        "/v1/devices/acme/phone-one",
        "/v1/check?device=AC-100G&operator=xa/alpha&on=2024-01-01",
        "/",
        "/plan",
        "/static/app.css",
    ],
)
def test_head_is_answered_like_get(client, path):
    got = client.get(path)
    head = client.head(path)
    assert got.status_code == 200
    assert head.status_code == 200, head.text
    assert head.content == b""
    for name in ("content-type", "content-length", "etag", "cache-control"):
        assert head.headers.get(name) == got.headers.get(name), name


def test_head_revalidates_and_keeps_errors(client, error_of):
    etag = client.get("/v1/bands/B1").headers["etag"]
    assert client.head("/v1/bands/B1", headers={"If-None-Match": etag}).status_code == 304
    missing = client.head("/v1/bands/B999")
    assert missing.status_code == 404
    assert missing.content == b""
    post_only = client.head("/v1/plan")
    assert post_only.status_code == 405
    assert post_only.headers["allow"] == "POST"


# -- long path ids: bounded like the query parameters -------------------------------------------
@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/v1/operators/" + "a" * 101, "operator_id"),
        ("/v1/devices/" + "a" * 101, "device_id"),
        ("/v1/bands/" + "B" * 65, "band"),
    ],
)
def test_long_path_ids_are_refused(client, error_of, path, name):
    r = client.get(path)
    assert r.status_code == 422, r.text
    err = error_of(r)
    assert err["code"] == "invalid-input"
    assert err["details"]["errors"][0]["loc"] == ["path", name]


def test_band_name_is_not_silently_truncated(client):
    # "B1" followed by spaces up to the old 64-character cut, then garbage: never B1.
    r = client.get("/v1/bands/B1" + " " * 62 + "garbage")
    assert r.status_code != 200


def test_long_operator_id_does_not_stall_the_server(shipped_client):
    # Fuzzy-matching 30,000 characters against the shipped operators took seconds, on the event
    # loop (the route is ``async``): every other request waited.
    start = time.monotonic()
    shipped_client.get("/v1/operators/" + "a" * 30_000)
    assert time.monotonic() - start < 1.0


# -- POST /v1/plan: the body ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml", None]
)
def test_plan_needs_a_json_content_type(client, error_of, content_type):
    headers = {"content-type": content_type} if content_type else {}
    r = client.post("/v1/plan", content=b'{"market": "xa/alpha"}', headers=headers)
    assert r.status_code == 415, r.text
    err = error_of(r)
    assert err["code"] == "unsupported-media-type"
    assert err["details"]["value"] == content_type
    assert "application/json" in err["details"]["hint"]


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=utf-8", "application/problem+json"]
)
def test_plan_accepts_json_media_types(client, content_type):
    pytest.importorskip("scipy")
    body = b'{"market": "xa/alpha", "on": "2024-01-01", "curve": false, "marginals": false}'
    r = client.post("/v1/plan", content=body, headers={"content-type": content_type})
    assert r.status_code == 200, r.text


@pytest.mark.parametrize(
    ("body", "key", "values"),
    [
        ('{"market": "xa/alpha", "market": "xa/beta"}', "market", ["xa/alpha", "xa/beta"]),
        (
            '{"market": ["xa/alpha"], "weights": {"xa/alpha": 1, "xa/alpha": 0}}',
            "xa/alpha",
            [1, 0],
        ),
    ],
)
def test_plan_refuses_duplicate_json_keys(client, error_of, body, key, values):
    r = client.post("/v1/plan", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text
    err = error_of(r)
    assert err["code"] == "invalid-input"
    assert key in err["message"]
    assert err["details"]["value"] == {key: values}
    assert err["details"]["hint"] == "give it once"


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ('{"market": "xa/alpha", "time_limit": NaN}', ["body", "time_limit"]),
        ('{"market": "xa/alpha", "band_cost": {"B1": NaN}}', ["body", "band_cost", "B1"]),
        ('{"market": "xa/alpha", "band_cost": {"B1": Infinity}}', ["body", "band_cost", "B1"]),
    ],
)
def test_plan_refuses_non_finite_numbers(client, error_of, body, loc):
    r = client.post("/v1/plan", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text
    errors = error_of(r)["details"]["errors"]
    assert {"loc": loc, "message": "Input should be a finite number", "type": "finite_number"} in (
        errors
    )


@pytest.mark.parametrize(
    ("field", "key"),
    [("weights", "a" * 101), ("band_cost", "B" * 65), ("max_bands", "l" * 17)],
)
def test_plan_keys_are_bounded(client, error_of, field, key):
    r = client.post("/v1/plan", json={"market": "xa/alpha", field: {key: 1}, **FAST})
    assert r.status_code == 422, r.text
    err = error_of(r)
    assert err["code"] == "invalid-input"
    assert err["details"]["errors"][0]["loc"][:2] == ["body", field]


def test_plans_waiting_for_a_slot_do_not_hold_worker_threads(tiny: Catalog):
    """Plans queued behind the two solve slots used to wait inside worker threads: with more of
    them than the thread pool has threads, every route that runs in the pool (device search,
    whole-country checks) waited too. They now wait on the event loop."""
    pytest.importorskip("scipy")
    app = create_app(catalog=tiny)
    slots = app.state.bandfit.plan_slots

    async def scenario() -> tuple[int, set[int]]:
        queued = int(anyio.to_thread.current_default_thread_limiter().total_tokens) + 5
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            holders = (object(), object())
            for holder in holders:  # both solve slots busy: every plan below has to wait
                await slots.acquire_on_behalf_of(holder)
            plans = [
                asyncio.create_task(
                    http.post("/v1/plan", json={"market": "xa/alpha", **FAST, "closest": i % 21})
                )
                for i in range(queued)
            ]
            await asyncio.sleep(0.3)
            with anyio.fail_after(5):
                search = await http.get("/v1/devices?q=acme")
            for holder in holders:
                slots.release_on_behalf_of(holder)
            done = await asyncio.gather(*plans)
        return search.status_code, {r.status_code for r in done}

    assert asyncio.run(scenario()) == (200, {200})


# -- hints and details ----------------------------------------------------------------------------
def test_conflicting_variant_hint_names_the_query_parameter(client, error_of):
    r = client.get("/v1/check?device=AC-100G&variant=legacy&operator=xa/alpha&on=2024-01-01")
    assert r.status_code == 422
    hint = error_of(r)["details"]["hint"]
    assert "--" not in hint
    assert "variant=" in hint


def test_unknown_route_names_the_path_and_a_hint(client, error_of):
    err = error_of(client.get("/v1/nothing"))
    assert err["details"]["value"] == "/v1/nothing"
    assert "/openapi.json" in err["details"]["hint"]


def test_wrong_method_names_the_method_and_the_allowed_ones(client, error_of):
    r = client.delete("/v1/health")
    assert r.status_code == 405
    details = error_of(r)["details"]
    assert details["value"] == "DELETE"
    assert details["allowed"] == ["GET"]
    assert "GET" in details["hint"]
    details = error_of(client.get("/v1/plan"))["details"]
    assert details["allowed"] == ["POST"]


# -- OpenAPI --------------------------------------------------------------------------------------
def test_openapi_documents_the_error_envelope(client):
    spec: dict[str, Any] = client.get("/openapi.json").json()
    assert "ErrorEnvelope" in spec["components"]["schemas"]
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            for status in ("404", "422"):
                if status not in op["responses"]:
                    continue
                content = op["responses"][status].get("content", {})
                schema = content.get("application/json", {}).get("schema")
                assert schema == {"$ref": "#/components/schemas/ErrorEnvelope"}, (
                    method,
                    path,
                    status,
                )
