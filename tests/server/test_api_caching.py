"""ETag + Cache-Control on catalog reads, 304 on If-None-Match, and what the ETag depends on."""

from __future__ import annotations

import warnings

import pytest

from bandfit.catalog.load import Catalog
from bandfit.server import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

READS = [
    "/v1/check?device=AC-100G&operator=xa/alpha&on=2024-01-01",
    "/v1/devices?q=phone",
    "/v1/devices",
    "/v1/devices/acme/phone-one",
    "/v1/operators",
    "/v1/operators/xa/alpha?on=2024-01-01",
    "/v1/countries",
    "/v1/bands/B66",
    "/v1/channels/earfcn/5230",
]


@pytest.mark.parametrize("path", READS)
def test_catalog_reads_are_cacheable_and_revalidate(client, path):
    r = client.get(path)
    assert r.status_code == 200
    etag = r.headers["etag"]
    assert etag.startswith('"')
    assert etag.endswith('"')
    assert r.headers["cache-control"] == "public, max-age=300"
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert again.headers["cache-control"] == "public, max-age=300"


@pytest.mark.parametrize(
    "header",
    [
        lambda etag: f"W/{etag}",  # weak comparison
        lambda etag: f'"other", {etag}',  # a list
        lambda etag: "*",
    ],
    ids=["weak", "list", "star"],
)
def test_if_none_match_forms(client, header):
    path = READS[0]
    etag = client.get(path).headers["etag"]
    assert client.get(path, headers={"If-None-Match": header(etag)}).status_code == 304


def test_stale_etag_gets_the_body(client):
    r = client.get(READS[1], headers={"If-None-Match": '"stale"'})
    assert r.status_code == 200
    assert r.json()["items"]


def test_etag_depends_on_path_and_query_not_param_order(client):
    a = client.get("/v1/devices?q=phone&limit=5").headers["etag"]
    b = client.get("/v1/devices?limit=5&q=phone").headers["etag"]
    c = client.get("/v1/devices?q=phone&limit=6").headers["etag"]
    d = client.get("/v1/devices/zeta/five").headers["etag"]
    assert a == b
    assert len({a, c, d}) == 3


def test_etag_depends_on_catalog_version(tiny, client):
    other = Catalog(
        tiny.operators.values(), tiny.devices.values(), registry=tiny.registry, version="fixture-2"
    )
    with TestClient(create_app(catalog=other)) as other_client:
        assert other_client.get(READS[3]).headers["etag"] != client.get(READS[3]).headers["etag"]


def test_errors_and_health_are_not_cached(client):
    r = client.get("/v1/devices/nope/nope")
    assert r.status_code == 404
    assert "etag" not in r.headers
    assert r.headers["cache-control"] == "no-store"
    h = client.get("/v1/health")
    assert "etag" not in h.headers
    assert h.headers["cache-control"] == "no-store"


def test_pages_revalidate(client):
    r = client.get("/")
    assert r.headers["cache-control"] == "no-cache"
    assert client.get("/", headers={"If-None-Match": r.headers["etag"]}).status_code == 304


def test_memoised_bodies_are_served_identically(tiny):
    with TestClient(create_app(catalog=tiny)) as fresh:
        path = "/v1/check?device=AC-100G&operator=xa/beta&on=2024-01-01"
        first = fresh.get(path)  # computed by the route
        state = fresh.app.state.bandfit
        assert len(state.bodies) == 1
        second = fresh.get(
            "/v1/check?on=2024-01-01&operator=xa/beta&device=AC-100G"
        )  # from the memo
        assert second.content == first.content
        assert second.headers["etag"] == first.headers["etag"]
        assert second.headers["content-type"] == first.headers["content-type"] == "application/json"
        assert fresh.get(path, headers={"If-None-Match": first.headers["etag"]}).status_code == 304
        assert fresh.get("/v1/devices/nope/nope").status_code == 404
        assert len(state.bodies) == 1  # errors are never memoised
