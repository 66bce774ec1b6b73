"""Benchmark: HTTP load on ``GET /v1/check`` against a real ``bandfit serve`` (uvicorn, 2 workers).

One bounded run:

1. start ``bandfit serve --host 127.0.0.1 --port <free> --workers 2 --no-access-log`` on the
   shipped catalog and wait for ``/v1/health``;
2. warm up (each check URL a few times, so both workers have resolved the devices);
3. drive ``/v1/check`` — a rotation of real device x operator questions (ids, model numbers and
   free text, one operator each) — at ``--connections`` concurrent connections for ``--duration``
   seconds with ``wrk`` (Debian package) when it is installed, else an asyncio httpx client;
4. print throughput, p50/p99 latency and the error count (non-2xx + socket errors), stop the
   server, and exit 1 if a target is missed: >= 500 req/s, p99 < 50 ms, 0 errors.

The load generator shares the machine's cores with the server, so the numbers are a floor; the
script prints the load average before the run and which HTTP parser / event loop uvicorn uses
(``httptools`` + ``uvloop`` from ``uvicorn[standard]`` are several times faster than ``h11``).

Usage: python benchmarks/load.py [--duration 15] [--connections 64] [--workers 2] [--tool auto|wrk|httpx]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

TARGET_RPS = 500.0
TARGET_P99_MS = 50.0
ON = "2024-06-01"
QUESTIONS = [
    ("M1803E1A", "us/verizon"),  # model number -> Xiaomi Mi 8 global
    ("xiaomi/mi-8", "us/att"),
    ("xiaomi/mi-8", "us/t-mobile"),
    ("M1803E1A", "us/google-fi"),  # MVNO on its host
    ("xiaomi mi 8", "us/uscellular"),  # free text
    ("M1803E1A", "gb/ee"),
    ("xiaomi/mi-8", "de/telekom"),
    ("M1803E1A", "jp/docomo"),
]


@dataclass(frozen=True)
class Result:
    tool: str
    seconds: float
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    detail: str = ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _paths() -> list[str]:
    import httpx  # noqa: F401 - fail early with a clear message if the server extra is missing

    from bandfit.catalog.load import default_catalog

    catalog = default_catalog()
    kept = [(d, op) for d, op in QUESTIONS if op in catalog.operators]
    return ["/v1/check?" + urlencode({"device": d, "operator": op, "on": ON}) for d, op in kept]


def _start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).with_name("bandfit")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "bandfit"]
    cmd += ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    cmd += ["--no-access-log", "--log-level", "warning"]
    env = {k: v for k, v in os.environ.items() if k != "BANDFIT_CATALOG"}
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, start_new_session=True)


def _wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"bandfit serve exited with {proc.returncode}")
        try:
            if httpx.get(f"{base}/v1/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("bandfit serve did not become ready")


def _warm(base: str, paths: list[str], rounds: int = 8) -> None:
    import httpx

    with httpx.Client(base_url=base, timeout=30) as client:
        for _ in range(rounds):
            for path in paths:
                response = client.get(path)
                if response.status_code != 200:
                    raise SystemExit(
                        f"warm-up {path}: HTTP {response.status_code} {response.text[:200]}"
                    )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)  # the session we started: uvicorn's supervisor + workers
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# -- wrk --------------------------------------------------------------------------------------
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"cannot parse wrk latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def _run_wrk(base: str, paths: list[str], duration: int, connections: int, threads: int) -> Result:
    script = "local paths = {" + ", ".join(f'"{p}"' for p in paths) + "}\n"
    script += "local i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
        lua = handle.name
    try:
        cmd = [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "-s",
            lua,
            base,
        ]
        out = subprocess.run(
            cmd, capture_output=True, text=True, check=True, timeout=duration + 60
        ).stdout
    finally:
        os.unlink(lua)
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    seconds = _ms(re.search(r"requests in ([\d.]+\w+),", out).group(1)) / 1000  # type: ignore[union-attr]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    errors = 0
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        errors += int(non2xx.group(1))
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if sock:
        errors += sum(int(g) for g in sock.groups())
    return Result("wrk", seconds, requests, rps, p50, p99, errors, out)


# -- httpx fallback ----------------------------------------------------------------------------
async def _drive(
    base: str, paths: list[str], duration: int, connections: int
) -> tuple[list[float], int, float]:
    import httpx

    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10) as client:
        stop = time.perf_counter() + duration
        start = time.perf_counter()

        async def worker(offset: int) -> None:
            nonlocal errors
            i = offset
            while time.perf_counter() < stop:
                path = paths[i % len(paths)]
                i += 1
                t0 = time.perf_counter()
                try:
                    response = await client.get(path)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append((time.perf_counter() - t0) * 1000)
                errors += 0 if ok else 1

        await asyncio.gather(*(worker(n) for n in range(connections)))
        elapsed = time.perf_counter() - start
    return latencies, errors, elapsed


def _run_httpx(base: str, paths: list[str], duration: int, connections: int) -> Result:
    latencies, errors, elapsed = asyncio.run(_drive(base, paths, duration, connections))
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return Result(
        "httpx (asyncio)",
        elapsed,
        len(latencies),
        len(latencies) / elapsed,
        cuts[49],
        cuts[98],
        errors,
    )


def _http_stack() -> str:
    """Which parser and event loop uvicorn will pick ("auto" prefers httptools and uvloop)."""
    import importlib.util

    http = "httptools" if importlib.util.find_spec("httptools") else "h11 (pure Python)"
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    return f"{http} + {loop}"


def _loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=15, help="seconds of load (default 15)")
    parser.add_argument(
        "--connections", type=int, default=64, help="concurrent connections (default 64)"
    )
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--tool", choices=["auto", "wrk", "httpx"], default="auto")
    args = parser.parse_args(argv)
    if not 1 <= args.duration <= 300:
        parser.error("--duration must be 1..300 s")
    tool = args.tool
    if tool == "auto":
        tool = "wrk" if shutil.which("wrk") else "httpx"
    if tool == "wrk" and not shutil.which("wrk"):
        parser.error("wrk is not installed (apt-get install -y wrk), use --tool httpx")

    paths = _paths()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    print(
        f"bandfit load benchmark: {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs; server: {args.workers} uvicorn workers on {base}; "
        f"load: {tool}, {args.connections} connections, {args.duration} s, {len(paths)} check URLs"
    )
    print(f"HTTP stack: {_http_stack()}; load average before the run: {_loadavg()}")
    started = time.perf_counter()
    proc = _start_server(port, args.workers)
    try:
        _wait_ready(base, proc)
        print(f"server ready in {time.perf_counter() - started:.1f} s")
        _warm(base, paths)
        if tool == "wrk":
            result = _run_wrk(base, paths, args.duration, args.connections, args.threads)
        else:
            result = _run_httpx(base, paths, args.duration, args.connections)
    finally:
        _stop(proc)

    ok_rps = result.rps >= TARGET_RPS
    ok_p99 = result.p99_ms < TARGET_P99_MS
    ok_err = result.errors == 0
    mark = {True: "ok", False: "MISSED"}
    print()
    print(f"{'metric':<12} {'value':>12}  target")
    print(f"{'requests':<12} {result.requests:>12}  in {result.seconds:.1f} s")
    print(f"{'throughput':<12} {result.rps:>9.0f} /s  >= {TARGET_RPS:.0f}/s   {mark[ok_rps]}")
    print(f"{'p50':<12} {result.p50_ms:>9.2f} ms")
    print(f"{'p99':<12} {result.p99_ms:>9.2f} ms  < {TARGET_P99_MS:.0f} ms     {mark[ok_p99]}")
    print(f"{'errors':<12} {result.errors:>12}  == 0        {mark[ok_err]}")
    print(f"load average after the run: {_loadavg()}")
    return 0 if ok_rps and ok_p99 and ok_err else 1


if __name__ == "__main__":
    sys.exit(main())
