"""Property-based API tests: schemathesis generates requests from the app's own OpenAPI document
and asserts the server never answers 5xx (and that errors use the envelope). About 15 s."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis")

import os  # noqa: E402

from bandfit.server import create_app  # noqa: E402
from bandfit.testing import tiny_catalog  # noqa: E402

EXAMPLES = int(os.environ.get("BANDFIT_API_FUZZ_EXAMPLES", "40"))  # raise for a deeper run
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(catalog=tiny_catalog()))


def _envelope_on_errors(ctx, response, case):
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"}, body
        assert set(body["error"]) == {"code", "message", "details"}, body


CHECKS = [schemathesis.checks.not_a_server_error, schemathesis.check(_envelope_on_errors)]


@schema.exclude(path="/v1/plan").parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_reads_never_5xx(case):
    case.call_and_validate(checks=CHECKS)


@schema.include(path="/v1/plan").parametrize()
@settings(
    max_examples=max(5, EXAMPLES // 2), deadline=None, suppress_health_check=list(HealthCheck)
)
def test_plan_never_5xx(case):
    case.call_and_validate(checks=CHECKS)
