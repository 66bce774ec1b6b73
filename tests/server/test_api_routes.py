"""Every /v1 route through the in-process client, on the tiny fixture catalog (and the shipped one
where the fixture cannot exercise a path). Responses are validated against the documented schemas
(``extra="forbid"``), so OpenAPI cannot drift from what the server sends."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from pydantic import BaseModel

from bandfit.compat import check
from bandfit.server import schemas


def valid(model: type[BaseModel], payload: Any) -> Any:
    """Validate ``payload`` against ``model`` and hand it back."""
    model.model_validate(payload)
    return payload


# -- health ----------------------------------------------------------------------------------
def test_health(client):
    r = client.get("/v1/health")
    assert r.status_code == 200
    body = valid(schemas.Health, r.json())
    assert body["status"] == "ok"
    assert body["catalog"]["version"] == "fixture"
    assert body["catalog"]["counts"] == {
        "operators": 5,
        "countries": 2,
        "devices": 2,
        "variants": 5,
    }
    assert r.headers["cache-control"] == "no-store"


# -- check -----------------------------------------------------------------------------------
def test_check_operator_matches_python_api(client, tiny):
    r = client.get(
        "/v1/check", params={"device": "acme/phone-one", "operator": "xa/alpha", "on": "2024-01-01"}
    )
    assert r.status_code == 200
    body = valid(schemas.CheckResponse, r.json())
    # a name resolves to the variant sold in the operator's country (XA: "legacy"), as the CLI does
    device, variant = tiny.resolve("acme/phone-one", market="XA")
    expected = check(
        variant, tiny.operators["xa/alpha"], "2024-01-01", catalog=tiny, device=device
    ).to_dict()
    assert body["verdicts"] == [json.loads(json.dumps(expected))]  # same names, units, codes
    assert body["device"]["device_id"] == "acme/phone-one"
    assert body["device"]["variant_id"] == "legacy"
    assert body["device"]["notes"][0].startswith("chose the variant sold in XA (legacy)")
    assert "--" not in body["device"]["notes"][0]  # no CLI flags in the HTTP API's words
    assert body["operator"] == "xa/alpha"
    assert body["country"] is None
    assert body["operators"]["xa/alpha"]["name"] == "Alpha"


def test_check_model_number_pins_variant(client):
    r = client.get(
        "/v1/check", params={"device": "AC-100L", "operator": "xa/beta", "on": "2024-01-01"}
    )
    assert r.status_code == 200
    body = r.json()
    assert body["device"]["variant_id"] == "legacy"
    assert body["device"]["matched_by"] == "model-number"


def test_check_variant_parameter_and_free_text(client):
    r = client.get(
        "/v1/check",
        params={
            "device": "acme phone one",
            "variant": "us",
            "operator": "Alpha",
            "on": "2024-01-01",
        },
    )
    assert r.status_code == 200
    assert r.json()["device"]["variant_id"] == "us"
    assert r.json()["verdicts"][0]["operator_id"] == "xa/alpha"


def test_check_mvno_names_its_host(client):
    r = client.get(
        "/v1/check", params={"device": "AC-100G", "operator": "xa/gamma-mobile", "on": "2024-01-01"}
    )
    body = r.json()
    verdict = body["verdicts"][0]
    assert verdict["network_id"] == "xa/beta"
    assert set(body["operators"]) >= {"xa/gamma-mobile", "xa/beta"}


def test_check_country_on_fixture(client):
    r = client.get("/v1/check", params={"device": "AC-100G", "country": "XA", "on": "2024-01-01"})
    assert r.status_code == 200, r.text


@pytest.mark.shipped_data
def test_check_country_ranked(shipped_client):
    params = {"device": "M1803E1A", "country": "us", "on": "2024-06-01", "include_mvnos": "false"}
    r = shipped_client.get("/v1/check", params=params)
    assert r.status_code == 200
    body = valid(schemas.CheckResponse, r.json())
    assert body["country"] == "US"
    ids = [v["operator_id"] for v in body["verdicts"]]
    assert {"us/att", "us/verizon", "us/t-mobile"} <= set(ids)
    assert all(body["operators"][i]["kind"] == "MNO" for i in ids)
    order = {"works": 0, "works with gaps": 1, "limited": 2, "unknown": 3, "no service": 4}
    ranks = [(order[v["status"]], -v["radio_score"]) for v in body["verdicts"]]
    assert ranks == sorted(ranks)
    verizon = next(v for v in body["verdicts"] if v["operator_id"] == "us/verizon")
    assert any("B13" in m["bands"] for m in verizon["missing"])
    with_mvnos = shipped_client.get("/v1/check", params={**params, "include_mvnos": "true"}).json()
    assert len(with_mvnos["verdicts"]) > len(ids)


@pytest.mark.parametrize(
    "params",
    [
        {"device": "AC-100G"},
        {"device": "AC-100G", "operator": "xa/alpha", "country": "XA"},
    ],
)
def test_check_needs_exactly_one_target(client, error_of, params):
    r = client.get("/v1/check", params=params)
    assert r.status_code == 422
    assert error_of(r)["code"] == "invalid-input"


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"device": "nokia 3310", "operator": "xa/alpha"}, 404, "unknown-device"),
        (
            {"device": "acme/phone-one", "variant": "nope", "operator": "xa/alpha"},
            404,
            "unknown-variant",
        ),
        ({"device": "AC-100G", "operator": "xa/nowhere"}, 404, "unknown-operator"),
        ({"device": "AC-100G", "country": "ZZ"}, 404, "unknown-country"),
        ({"device": "AC-100G", "operator": "xa/alpha", "on": "2024-13-01"}, 422, "invalid-date"),
        ({"device": "", "operator": "xa/alpha"}, 422, "invalid-input"),
        ({"device": "x" * 201, "operator": "xa/alpha"}, 422, "invalid-input"),
    ],
)
def test_check_errors(client, error_of, params, status, code):
    r = client.get("/v1/check", params=params)
    assert r.status_code == status, r.text
    assert error_of(r)["code"] == code


def test_check_unknown_device_has_suggestions(client, error_of):
    r = client.get("/v1/check", params={"device": "acme phone onee", "operator": "xa/alpha"})
    assert r.status_code == 404
    assert "acme/phone-one" in error_of(r)["details"]["suggestions"]


# -- devices ---------------------------------------------------------------------------------
def test_devices_search(client):
    r = client.get("/v1/devices", params={"q": "phone one"})
    assert r.status_code == 200
    body = valid(schemas.DeviceList, r.json())
    assert body["items"][0]["id"] == "acme/phone-one"
    assert body["items"][0]["match"]["matched_by"] in {"name", "words", "alias"}
    assert {v["id"] for v in body["items"][0]["variants"]} == {"global", "legacy", "us"}


def test_devices_search_by_model_number_pins_variant(client):
    body = client.get("/v1/devices", params={"q": "ZT-5X"}).json()
    assert body["items"][0]["match"] == {
        "matched_by": "model-number",
        "score": 1.0,
        "variant_id": "unknown-bands",
    }


def test_devices_list_paginates_with_opaque_cursor(client):
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 1} | ({"cursor": cursor} if cursor else {})
        body = valid(schemas.DeviceList, client.get("/v1/devices", params=params).json())
        assert body["total"] == 2
        seen += [d["id"] for d in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
        assert re.fullmatch(r"[A-Za-z0-9_-]+", cursor)  # URL-safe, opaque
    assert pages == 2
    assert seen == ["acme/phone-one", "zeta/five"]


def test_device_search_paginates(client):
    first = client.get("/v1/devices", params={"q": "phone", "limit": 1}).json()
    assert first["total"] >= 1
    if first["next_cursor"]:
        second = client.get(
            "/v1/devices", params={"q": "phone", "limit": 1, "cursor": first["next_cursor"]}
        ).json()
        assert second["items"][0]["id"] != first["items"][0]["id"]


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 101},
        {"limit": "ten"},
        {"cursor": "not-a-cursor!"},
        {"cursor": "eyJzIjoiMDAwMDAwMDAwMDAwIiwibyI6MX0"},  # well-formed, wrong scope
    ],
)
def test_devices_bad_list_parameters(client, error_of, params):
    r = client.get("/v1/devices", params=params)
    assert r.status_code == 422
    assert error_of(r)["code"] == "invalid-input"


def test_cursor_is_bound_to_its_query(client, error_of):
    cursor = client.get("/v1/devices", params={"limit": 1}).json()["next_cursor"]
    r = client.get("/v1/devices", params={"q": "phone", "limit": 1, "cursor": cursor})
    assert r.status_code == 422
    assert "cursor" in error_of(r)["message"]


def test_device_detail_with_slash_id_and_band_ranges(client):
    r = client.get("/v1/devices/acme/phone-one")
    assert r.status_code == 200
    body = valid(schemas.DeviceDetail, r.json())
    assert body["id"] == "acme/phone-one"
    assert body["full_name"] == "Acme Phone One"
    global_ = next(v for v in body["variants"] if v["id"] == "global")
    ranges = {b["id"]: b for b in global_["band_ranges"]}
    assert set(ranges) == {b for rat in global_["bands"].values() if rat for b in rat}
    assert ranges["B20"]["dl_mhz"] == [791.0, 821.0]  # MHz, [low, high]


def test_device_unknown_suggests(client, error_of):
    r = client.get("/v1/devices/acme/phone-on")
    assert r.status_code == 404
    err = error_of(r)
    assert err["code"] == "unknown-device"
    assert err["details"]["suggestions"] == ["acme/phone-one"]


# -- operators and countries -----------------------------------------------------------------
def test_operators_list_and_date_filter(client):
    body = valid(schemas.OperatorList, client.get("/v1/operators").json())
    assert [o["id"] for o in body["items"]] == sorted(o["id"] for o in body["items"])
    assert "xb/gone" in {o["id"] for o in body["items"]}
    live = client.get("/v1/operators", params={"on": "2024-01-01"}).json()
    assert "xb/gone" not in {o["id"] for o in live["items"]}


def test_operators_paginate(client):
    first = client.get("/v1/operators", params={"limit": 2}).json()
    assert len(first["items"]) == 2
    assert first["total"] == 5
    second = client.get("/v1/operators", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert {o["id"] for o in first["items"]}.isdisjoint(o["id"] for o in second["items"])


@pytest.mark.shipped_data
def test_operators_of_country_mnos_first(shipped_client):
    body = shipped_client.get("/v1/operators", params={"country": "US", "on": "2024-06-01"}).json()
    kinds = [o["kind"] for o in body["items"]]
    assert kinds == sorted(kinds, key=lambda k: k != "MNO")
    assert {"us/att", "us/verizon", "us/t-mobile"} <= {o["id"] for o in body["items"]}


def test_operator_detail_live_deployments_in_mhz(client):
    r = client.get("/v1/operators/xa/alpha", params={"on": "2024-01-01"})
    assert r.status_code == 200
    body = valid(schemas.OperatorDetail, r.json())
    assert body["on"] == "2024-01-01"
    assert body["live"] is True
    live = body["live_deployments"]
    assert live
    assert all(d["dl_mhz"] is None or d["dl_mhz"][0] < d["dl_mhz"][1] for d in live)
    b20 = next(d for d in live if d["band"] == "B20")
    assert b20["layer"] == "coverage"
    assert b20["dl_mhz"][0] >= 791.0
    assert all(0 <= d["group"] < len(body["spectrum_groups"]) for d in live)
    assert "volte-whitelist" in body["policies_on"]
    # UMTS ended 2021-01-01: no U1 in the live view, but still in the curated list
    assert "U1" not in {d["band"] for d in live}
    assert "U1" in {d["band"] for d in body["deployments"]}


def test_operator_detail_by_name_and_mvno(client):
    body = client.get("/v1/operators/Gamma Mobile", params={"on": "2024-01-01"}).json()
    assert body["id"] == "xa/gamma-mobile"
    assert body["kind"] == "MVNO"
    assert body["live_deployments"] == []
    assert body["hosts"][0]["operator"] == "xa/alpha"


def test_operator_unknown(client, error_of):
    r = client.get("/v1/operators/xa/alpah")
    assert r.status_code == 404
    err = error_of(r)
    assert err["code"] == "unknown-operator"
    assert "xa/alpha" in err["details"]["suggestions"]


def test_countries(client):
    body = valid(schemas.CountryList, client.get("/v1/countries").json())
    assert [(c["code"], c["operators"]) for c in body["items"]] == [("XA", 3), ("XB", 2)]


# -- bands and channels ----------------------------------------------------------------------
def test_band(client):
    body = valid(schemas.BandOut, client.get("/v1/bands/B66").json())
    assert body["dl"] == {"low_mhz": 2110.0, "high_mhz": 2200.0}
    assert "B4" in body["covers"]
    assert client.get("/v1/bands/Band 12").json()["id"] == "B12"
    assert client.get("/v1/bands/PCS", params={"rat": "lte"}).json()["id"] == "B2"
    nr = valid(schemas.BandOut, client.get("/v1/bands/n78").json())
    assert nr["channel_raster"]
    assert nr["ss_raster"]
    assert "n77" in nr["covered_by"]


@pytest.mark.parametrize(
    ("name", "status", "code"), [("zzz", 404, "unknown-band"), ("5", 422, "ambiguous-band")]
)
def test_band_errors(client, error_of, name, status, code):
    r = client.get(f"/v1/bands/{name}")
    assert r.status_code == status
    err = error_of(r)
    assert err["code"] == code
    if code == "ambiguous-band":
        assert set(err["details"]["candidates"]) >= {"B5", "n5"}


@pytest.mark.parametrize(
    ("path", "dl_mhz", "bands"),
    [
        ("/v1/channels/earfcn/5230", 751.0, ["B13"]),
        ("/v1/channels/nrarfcn/632628", 3489.42, ["n77", "n78"]),
        ("/v1/channels/gscn/7711", 3305.28, None),
        ("/v1/channels/uarfcn/10700", 2140.0, ["U1"]),
        ("/v1/channels/arfcn/975", 925.2, None),
        ("/v1/channels/arfcn/512?country=US", 1930.2, ["GSM1900"]),
        ("/v1/channels/arfcn/512?band=GSM1800", 1805.2, ["GSM1800"]),
        ("/v1/channels/uarfcn/412?band=U2", 1932.5, ["U2"]),
    ],
)
def test_channels(client, path, dl_mhz, bands):
    r = client.get(path)
    assert r.status_code == 200, r.text
    body = valid(schemas.ChannelResponse, r.json())
    first = body["channels"][0]
    assert first["dl_mhz"] == dl_mhz
    if bands is not None:
        assert first["dl_bands"] == bands


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/v1/channels/arfcn/512", "ambiguous-band"),
        ("/v1/channels/earfcn/-1", "invalid-channel"),
        ("/v1/channels/nrarfcn/99999999", "invalid-channel"),
        ("/v1/channels/uarfcn/10700?band=U2", "invalid-channel"),
        ("/v1/channels/earfcn/5230?band=B5", "invalid-channel"),
        ("/v1/channels/pci/1", "invalid-input"),
        ("/v1/channels/earfcn/1.5", "invalid-input"),
    ],
)
def test_channel_errors(client, error_of, path, code):
    r = client.get(path)
    assert r.status_code == 422, r.text
    assert error_of(r)["code"] == code


# -- plan ------------------------------------------------------------------------------------
def test_plan(client):
    pytest.importorskip("scipy")
    body = {
        "market": ["xa/alpha", "xa/beta"],
        "on": "2024-01-01",
        "max_bands": {"lte": 3},
        "closest": 2,
    }
    r = client.post("/v1/plan", json=body)
    assert r.status_code == 200, r.text
    plan = valid(schemas.PlanResponse, r.json())
    assert len(plan["bands"].get("lte", [])) <= 3
    assert plan["curve"]
    assert plan["curve"] == sorted(plan["curve"], key=lambda p: p["k"])
    assert 0.0 <= plan["score"] <= 1.0
    assert r.headers["cache-control"] == "no-store"
    again = client.post("/v1/plan", json=body)  # memoised
    assert again.json() == r.json()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "invalid-input"),
        ({"market": []}, "invalid-input"),
        ({"market": "XA", "surprise": 1}, "invalid-input"),
        ({"market": ["xa/nowhere"]}, "unknown-operator"),
        ({"market": ["xa/alpha"], "on": "yesterday"}, "invalid-date"),
        ({"market": ["xa/alpha"], "must_have": ["B1"], "forbidden": ["B1"]}, "infeasible-plan"),
    ],
)
def test_plan_errors(client, error_of, body, code):
    pytest.importorskip("scipy")
    r = client.post("/v1/plan", json=body)
    assert 400 <= r.status_code < 500, r.text
    assert error_of(r)["code"] == code


def test_plan_rejects_invalid_json(client, error_of):
    r = client.post("/v1/plan", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert error_of(r)["code"] == "invalid-input"


# -- pages, docs and unknown routes ----------------------------------------------------------
def test_openapi_lists_every_route(client):
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) == {
        "/v1/check",
        "/v1/devices",
        "/v1/devices/{device_id}",
        "/v1/operators",
        "/v1/operators/{operator_id}",
        "/v1/countries",
        "/v1/bands/{band}",
        "/v1/channels/{kind}/{number}",
        "/v1/plan",
        "/v1/health",
    }
    assert client.get("/docs").status_code == 200


@pytest.mark.parametrize("path", ["/", "/plan"])
def test_pages_are_self_contained(client, path):
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    html = r.text
    assert "{{ASSET}}" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # no CDN, no other origin
    for asset in re.findall(r"""(?:src|href)="(/static/[^"?]+)""", html):
        res = client.get(asset)
        assert res.status_code == 200, asset
        assert not re.search(r"""(import|from|url\()\s*["']?https?://""", res.text), asset


def test_static_assets_types(client):
    assert (
        client.get("/static/check.js")
        .headers["content-type"]
        .startswith(("text/javascript", "application/javascript"))
    )
    assert client.get("/static/app.css").headers["content-type"].startswith("text/css")


def test_unknown_route_and_method(client, error_of):
    r = client.get("/v1/nothing")
    assert r.status_code == 404
    assert error_of(r)["code"] == "not-found"
    r = client.delete("/v1/health")
    assert r.status_code == 405
    assert error_of(r)["code"] == "method-not-allowed"
