"""A real ``bandfit serve`` process (uvicorn) on 127.0.0.1, called over TCP with httpx."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bandfit.testing import FIXTURE_DIR

pytest.importorskip("uvicorn", reason="the server extra is not installed")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _bandfit() -> list[str]:
    script = Path(sys.executable).with_name("bandfit")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bandfit"]


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``bandfit serve --port <free> --catalog tests/fixtures/catalog`` (the fixture as an overlay)."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "BANDFIT_CATALOG"}
    proc = subprocess.Popen(
        [
            *_bandfit(),
            "serve",
            "--port",
            str(port),
            "--catalog",
            str(FIXTURE_DIR),
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"bandfit serve exited: {proc.stdout.read() if proc.stdout else ''}"
                )
            try:
                if httpx.get(f"{base}/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("bandfit serve did not answer within 60 s")
            time.sleep(0.2)
        yield base, proc
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_serve_prints_url_and_answers(served):
    base, proc = served
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert first.startswith(f"bandfit serving {base}/")
    health = httpx.get(f"{base}/v1/health").json()
    assert health["catalog"]["overlay"] == str(FIXTURE_DIR.resolve())
    assert health["catalog"]["version"].endswith("+overlay")


def test_real_server_check_and_overlay_records(served):
    base, _proc = served
    with httpx.Client(base_url=base, timeout=10) as http:
        shipped = http.get(
            "/v1/check", params={"device": "M1803E1A", "operator": "us/verizon", "on": "2024-06-01"}
        )
        assert shipped.status_code == 200
        verdict = shipped.json()["verdicts"][0]
        assert verdict["operator_id"] == "us/verizon"
        assert any("B13" in m["bands"] for m in verdict["missing"])
        overlay = http.get("/v1/devices/acme/phone-one")  # only in the overlay
        assert overlay.status_code == 200
        etag = shipped.headers["etag"]
        again = http.get(shipped.request.url, headers={"If-None-Match": etag})
        assert again.status_code == 304
        missing = http.get("/v1/devices/acme/nothing")
        assert missing.status_code == 404
        assert missing.json()["error"]["code"] == "unknown-device"
        page = http.get("/")
        assert page.status_code == 200
        assert "<title>bandfit" in page.text


def test_serve_rejects_a_bad_overlay(tmp_path):
    result = subprocess.run(
        [*_bandfit(), "serve", "--port", str(_free_port()), "--catalog", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "missing" in result.stderr
