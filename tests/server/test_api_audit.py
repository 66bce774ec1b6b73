"""HTTP defects found by an audit, through the real app (TestClient, no mocks): repeated query
parameters and the response cache, ``If-None-Match: *`` on a 404, the planner's empty candidate
set, two names for one operator or RAT, ``limits`` and ``dl_mhz`` in the plan, time-outs,
country names in markets, and error details (hints in HTTP terms, 413 details)."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from typing import Annotated, Any

import pytest
from fastapi import Query
from pydantic import BaseModel
from typer.testing import CliRunner

from bandfit import errors as bferr
from bandfit.bands.model import Rat
from bandfit.cli import app as cli_app
from bandfit.server import create_app, schemas
from bandfit.server.errors import http_hint

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ALL_ZERO = {rat.value: 0 for rat in Rat}
FAST = {"curve": False, "marginals": False, "closest": 0}


def _plan_ok(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    pytest.importorskip("scipy")
    r = client.post("/v1/plan", json=body)
    assert r.status_code == 200, r.text
    payload: dict[str, Any] = r.json()
    schemas.PlanResponse.model_validate(payload)
    return payload


def _plan_error(client: TestClient, error_of: Any, body: dict[str, Any], status: int) -> Any:
    pytest.importorskip("scipy")
    r = client.post("/v1/plan", json=body)
    assert r.status_code == status, r.text
    return error_of(r)


# -- 2. repeated query parameters -----------------------------------------------------------------
@pytest.mark.parametrize("order", [("xa/alpha", "xa/beta"), ("xa/beta", "xa/alpha")])
def test_repeated_single_valued_parameter_is_422(client, error_of, order):
    first, second = order
    path = f"/v1/check?device=AC-100G&operator={first}&operator={second}&on=2024-01-01"
    r = client.get(path)
    assert r.status_code == 422
    assert "etag" not in r.headers
    err = error_of(r)
    assert err["code"] == "invalid-input"
    assert "'operator'" in err["message"]
    assert err["details"] == {"value": {"operator": [first, second]}, "hint": "give it once"}


def test_repeated_parameter_is_refused_even_when_the_single_form_is_memoised(tiny, error_of):
    with TestClient(create_app(catalog=tiny)) as fresh:
        ok = fresh.get("/v1/check?device=AC-100G&operator=xa/beta&on=2024-01-01")
        assert ok.status_code == 200
        for path in (
            "/v1/check?device=AC-100G&operator=xa/beta&operator=xa/beta&on=2024-01-01",
            "/v1/check?device=AC-100G&operator=xa/alpha&operator=xa/beta&on=2024-01-01",
            "/v1/check?device=AC-100G&operator=xa/beta&operator=xa/alpha&on=2024-01-01",
        ):
            r = fresh.get(path, headers={"If-None-Match": ok.headers["etag"]})
            assert r.status_code == 422, path
            assert error_of(r)["details"]["hint"] == "give it once"
        assert len(fresh.app.state.bandfit.bodies) == 1


@pytest.mark.parametrize(
    "path",
    [
        "/v1/devices?q=phone&limit=1&limit=2",
        "/v1/operators?country=XA&country=XB",
        "/v1/operators/xa/alpha?on=2024-01-01&on=2023-01-01",
        "/v1/bands/B66?rat=lte&rat=nr",
        "/v1/channels/arfcn/512?country=US&country=GB",
    ],
)
def test_every_route_refuses_repeated_parameters(client, error_of, path):
    r = client.get(path)
    assert r.status_code == 422, r.text
    assert error_of(r)["details"]["hint"] == "give it once"


def test_parameters_a_route_does_not_declare_may_repeat(client):
    r = client.get("/v1/devices?q=phone&utm=a&utm=b")
    assert r.status_code == 200


class _ListQuery(BaseModel):
    tag: list[str] = []
    one: str | None = None


@pytest.fixture(scope="module")
def list_client(tiny) -> Iterator[TestClient]:
    app = create_app(catalog=tiny)

    async def plain(tags: Annotated[list[str], Query()], one: str | None = None) -> dict[str, Any]:
        return {"tags": tags, "one": one}

    async def model(q: Annotated[_ListQuery, Query()]) -> dict[str, Any]:
        return q.model_dump()

    app.add_api_route("/test/list", plain)
    app.add_api_route("/test/list-model", model)
    with TestClient(app) as test_client:
        yield test_client


def test_list_parameters_keep_working(list_client, error_of):
    r = list_client.get("/test/list?tags=a&tags=b&one=x")
    assert r.status_code == 200
    assert r.json() == {"tags": ["a", "b"], "one": "x"}
    r = list_client.get("/test/list-model?tag=a&tag=b")
    assert r.status_code == 200
    assert r.json() == {"tag": ["a", "b"], "one": None}
    r = list_client.get("/test/list?tags=a&one=x&one=y")
    assert r.status_code == 422
    assert error_of(r)["details"]["value"] == {"one": ["x", "y"]}
    r = list_client.get("/test/list-model?tag=a&one=x&one=y")
    assert r.status_code == 422


def test_etag_cannot_be_forged_by_an_encoded_ampersand(tiny, error_of):
    """``?limit=1%26q%3Dphone`` is one parameter ``limit`` = ``1&q=phone`` (a 422), not
    ``?q=phone&limit=1``; it must not be answered from the latter's memoised body."""
    with TestClient(create_app(catalog=tiny)) as fresh:
        good = fresh.get("/v1/devices?q=phone&limit=1")
        assert good.status_code == 200
        forged = fresh.get("/v1/devices?limit=1%26q%3Dphone")
        assert forged.status_code == 422
        assert error_of(forged)["code"] == "invalid-input"


def test_etag_keeps_the_order_of_a_list_parameters_values(tiny):
    state = create_app(catalog=tiny).state.bandfit
    a = state.etag_for("/x", [("tag", "a"), ("tag", "b"), ("q", "1")])
    b = state.etag_for("/x", [("q", "1"), ("tag", "a"), ("tag", "b")])
    c = state.etag_for("/x", [("tag", "b"), ("tag", "a"), ("q", "1")])
    assert a == b  # the order of different parameters does not matter
    assert a != c  # the order of one parameter's values does


def test_if_none_match_star_does_not_hide_a_404(client, error_of):
    for path in ("/v1/devices/nonexistent/xx", "/v1/operators/xa/nowhere", "/v1/bands/B999"):
        r = client.get(path, headers={"If-None-Match": "*"})
        assert r.status_code == 404, path
        error_of(r)
    ok = client.get("/v1/devices/acme/phone-one", headers={"If-None-Match": "*"})
    assert ok.status_code == 304


def test_if_none_match_star_does_not_hide_a_404_on_the_shipped_catalog(shipped_client):
    r = shipped_client.get("/v1/devices/nonexistent/xx", headers={"If-None-Match": "*"})
    assert r.status_code == 404


# -- 1. no candidate band -------------------------------------------------------------------------
def test_plan_with_every_rat_capped_at_zero_is_an_empty_plan(shipped_client):
    body = {"market": "us/att", "on": "2024-06-01", "max_bands": ALL_ZERO}
    plan = _plan_ok(shipped_client, body)
    assert plan["bands"] == {}
    assert plan["band_count"] == 0
    assert plan["score"] == 0.0
    assert plan["chosen"] == []
    assert plan["curve"] == []
    assert plan["limits"][0] == (
        "max-bands lte=0, max-bands nr=0 leave no candidate band: the plan is empty"
    )
    total0 = _plan_ok(shipped_client, {"market": "us/att", "on": "2024-06-01", "max_total": 0})
    assert (total0["bands"], total0["score"]) == (plan["bands"], plan["score"])


def test_plan_forbidding_every_candidate_is_an_empty_plan(client):
    body = {
        "market": ["xa/beta"],
        "on": "2024-01-01",
        "forbidden": ["B1", "B3", "B8", "B65"],  # every band that reaches xa/beta
        **FAST,
    }
    plan = _plan_ok(client, body)
    assert plan["bands"] == {}
    assert plan["limits"][0] == (
        "forbid B1, forbid B3, forbid B8, forbid B65 leave no candidate band: the plan is empty"
    )


# -- 3. two names for one operator or RAT ---------------------------------------------------------
@pytest.mark.parametrize(
    "weights",
    [
        {"xa/alpha": 1, "001-01": 3, "xa/beta": 1},
        {"001-01": 3, "xa/alpha": 1, "xa/beta": 1},
    ],
    ids=["id-first", "plmn-first"],
)
def test_plan_refuses_two_names_for_one_operator(client, error_of, weights):
    body = {"market": ["xa/alpha", "xa/beta"], "on": "2024-01-01", "weights": weights, **FAST}
    err = _plan_error(client, error_of, body, 422)
    assert err["code"] == "invalid-input"
    assert "'xa/alpha'" in err["message"]
    assert "'001-01'" in err["message"]


@pytest.mark.parametrize("max_bands", [{"lte": 5, "4g": 2}, {"4g": 2, "lte": 5}])
def test_plan_refuses_two_names_for_one_rat(client, error_of, max_bands):
    body = {"market": ["xa/alpha"], "on": "2024-01-01", "max_bands": max_bands, **FAST}
    err = _plan_error(client, error_of, body, 422)
    assert "'lte'" in err["message"]
    assert "'4g'" in err["message"]
    assert sorted(err["details"]["value"]) == ["4g", "lte"]


def test_plan_refuses_two_names_for_one_costed_band(client, error_of):
    body = {"market": ["xa/alpha"], "on": "2024-01-01", "band_cost": {"B3": 0.1, "b3": 0}, **FAST}
    err = _plan_error(client, error_of, body, 422)
    assert "'B3' and 'b3'" in err["message"]


# -- 4. limits in the API plan, the same as the CLI's --json ---------------------------------------
def test_plan_limits_match_the_cli(shipped_client):
    market = ["us/att", "us/verizon", "us/t-mobile"]
    body = {"market": market, "on": "2024-06-01", "max_bands": {"lte": 8}, "closest": 0}
    api = _plan_ok(shipped_client, body)
    assert api["score"] < 1.0
    assert api["limits"]
    result = CliRunner().invoke(
        cli_app,
        [
            "plan",
            "--operators",
            ",".join(market),
            "--on",
            "2024-06-01",
            "--max-bands",
            "lte=8",
            "--closest",
            "0",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    cli = json.loads(result.stdout)
    assert cli["limits"] == api["limits"]
    for key in ("bands", "score", "chosen", "curve", "networks"):
        assert cli[key] == api[key], key


def test_plan_without_limits_sends_an_empty_list(client):
    plan = _plan_ok(client, {"market": ["xa/beta"], "on": "2024-01-01", **FAST})
    assert plan["score"] == 1.0
    assert plan["limits"] == []


# -- 5. time-out -----------------------------------------------------------------------------------
def test_plan_time_out_is_not_infeasible(client, error_of):
    body = {"market": ["xa/alpha", "xa/beta"], "on": "2024-01-01", "time_limit": 1e-9, **FAST}
    err = _plan_error(client, error_of, body, 422)
    assert err["code"] == "plan-timeout"
    assert err["details"]["time_limit"] == 1e-9
    assert "time_limit" in err["details"]["hint"]
    assert "--" not in err["details"]["hint"]  # no CLI flag over HTTP


def test_plan_time_out_repro_on_the_shipped_catalog(shipped_client, error_of):
    body = {"market": ["US", "CA", "MX"], "on": "2024-06-01", "time_limit": 1e-9}
    err = _plan_error(shipped_client, error_of, body, 422)
    assert err["code"] == "plan-timeout"


# -- 6. country names ------------------------------------------------------------------------------
def test_plan_market_accepts_a_country_name(shipped_client):
    by_name = _plan_ok(shipped_client, {"market": "United States", "on": "2024-06-01", **FAST})
    by_code = _plan_ok(shipped_client, {"market": "US", "on": "2024-06-01", **FAST})
    assert by_name["market"]["countries"] == ["US"]
    assert by_name["market"]["label"] == "US"
    assert by_name["bands"] == by_code["bands"]
    assert by_name["score"] == by_code["score"]
    check = shipped_client.get(
        "/v1/check", params={"device": "M1803E1A", "country": "United States", "on": "2024-06-01"}
    )
    assert check.json()["country"] == "US"  # the same look-up as /v1/check


# -- 7. dl_mhz -------------------------------------------------------------------------------------
def test_plan_chosen_bands_have_numeric_dl(client, tiny):
    plan = _plan_ok(client, {"market": ["xa/alpha", "xa/beta"], "on": "2024-01-01", **FAST})
    assert plan["chosen"]
    for choice in plan["chosen"]:
        dl = tiny.registry.get(choice["band"]).dl
        assert choice["dl_mhz"] == [dl.low_khz / 1000, dl.high_khz / 1000]
        assert choice["dl"].endswith("MHz")


def test_plan_schema_documents_limits_and_dl_mhz(client):
    spec = client.get("/openapi.json").json()["components"]["schemas"]
    assert "limits" in spec["PlanResponse"]["required"]
    assert "dl_mhz" in spec["BandChoiceOut"]["properties"]


# -- 8. error details ------------------------------------------------------------------------------
def test_all_zero_weights_name_the_weights(client, error_of):
    body = {
        "market": ["xa/alpha", "xa/beta"],
        "on": "2024-01-01",
        "weights": {"xa/alpha": 0, "xa/beta": 0},
        **FAST,
    }
    err = _plan_error(client, error_of, body, 422)
    assert err["details"] == {
        "value": {"xa/alpha": 0.0, "xa/beta": 0.0},
        "hint": "give at least one operator a positive weight",
    }


def test_market_operator_out_of_service_has_a_hint(client, error_of):
    err = _plan_error(client, error_of, {"market": ["xb/gone"], "on": "2024-01-01", **FAST}, 422)
    assert err["details"] == {
        "value": "xb/gone",
        "hint": "xb/gone ended service on 2020-06-30; plan for a date before 2020-06-30",
    }


def test_chunked_body_over_the_limit_has_the_same_details(client, error_of):
    def chunks() -> Iterator[bytes]:
        for _ in range(80):
            yield b" " * 1024

    streamed = client.post(
        "/v1/plan", content=chunks(), headers={"content-type": "application/json"}
    )
    declared = client.post(
        "/v1/plan", content=b" " * (64 * 1024 + 1), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == declared.status_code == 413
    a, b = error_of(streamed), error_of(declared)
    assert a == b
    assert a["details"]["max_bytes"] == 64 * 1024
    assert a["details"]["hint"]


@pytest.mark.parametrize(
    ("path", "route"),
    [
        ("/v1/devices/qqqqqqqq/zzzzzzzz", "/v1/devices?q="),
        ("/v1/operators/qqqqqqqq/zzzzzzzz", "/v1/operators?country="),
        ("/v1/check?device=qqqqqqqqzzzzzzzz&operator=xa/alpha", "/v1/devices?q="),
        ("/v1/check?device=AC-100G&operator=qqqqqqqq/zzzzzzzz", "/v1/operators?country="),
    ],
)
def test_404_hints_name_api_routes(client, error_of, path, route):
    r = client.get(path)
    assert r.status_code == 404
    err = error_of(r)
    assert err["details"]["suggestions"] == []
    assert route in err["details"]["hint"]
    assert "bandfit " not in err["details"]["hint"]


def test_plan_unknown_operator_hint_names_the_api_route(client, error_of):
    err = _plan_error(client, error_of, {"market": ["qqqqqqqq/zzzzzzzz"], **FAST}, 404)
    assert "/v1/operators?country=" in err["details"]["hint"]


def test_http_hints_leave_the_library_and_cli_hints_alone():
    for err in (
        bferr.UnknownOperatorError("x"),
        bferr.UnknownDeviceError("x"),
        bferr.UnknownBandError("x"),
        bferr.AmbiguousDeviceError("x", candidates=["a/b", "c/d"]),
        bferr.PlanTimeoutError(0.5),
    ):
        assert err.hint is not None
        assert err.hint != http_hint(err)
        assert "bandfit " not in (http_hint(err) or "")
        assert " --" not in (http_hint(err) or "")
    assert "`bandfit operators list --country CC`" in (bferr.UnknownOperatorError("x").hint or "")
    suggested = bferr.UnknownOperatorError("att", suggestions=["us/att"])
    assert http_hint(suggested) == suggested.hint  # "did you mean ...?" is already HTTP-neutral
