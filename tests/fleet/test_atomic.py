"""Atomic, deterministic outputs: kill -9 leaves the previous output or none; reruns are identical."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bandfit.errors import InvalidInputError, ReconciliationError
from bandfit.fleet.atomic import OUTPUT_FILES, AtomicDir
from bandfit.fleet.backends.memory import MemoryBackend
from bandfit.fleet.screen import ScreenOptions, screen
from bandfit.fleet.synth import SynthOptions, synthesize, tac_table_path
from bandfit.testing import tiny_catalog

SCREEN = """
import sys
from pathlib import Path
from bandfit.fleet.screen import ScreenOptions, screen
src, out, tacs = sys.argv[1:4]
screen(src, out, ScreenOptions(operator="us/att", on="2022-02-23", baseline_on="2022-02-21",
       tac_db=(Path(tacs),), engine_options={"threads": 2}))
"""


def _digests(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}


def _start(src: Path, out: Path, tacs: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.Popen([sys.executable, "-c", SCREEN, str(src), str(out), str(tacs)], env=env)


def _wait_for(
    proc: subprocess.Popen[bytes], parent: Path, pattern: str, timeout: float = 120
) -> Path | None:
    """Wait until a file matching ``pattern`` exists under a temp dir of ``proc``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        hits = sorted(parent.glob(pattern))
        if hits:
            return hits[0]
        time.sleep(0.02)
    return None


@pytest.fixture(scope="module")
def big_fleet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A synthetic fleet large enough that a screen takes a few seconds."""
    root = tmp_path_factory.mktemp("big")
    src = root / "fleet.parquet"
    synthesize(src, SynthOptions(rows=1_500_000, seed=7, chunk_rows=250_000))
    return src, tac_table_path(src)


@pytest.mark.slow
def test_sigkill_leaves_previous_output_or_none_and_reruns_are_identical(
    big_fleet: tuple[Path, Path], tmp_path: Path
) -> None:
    src, tacs = big_fleet
    out = tmp_path / "screen"
    # killed during the very first run: no output at all (the spill directory appears when
    # the scan opens its DuckDB connection)
    proc = _start(src, out, tacs)
    assert _wait_for(proc, tmp_path, ".screen.tmp-*/_work/duckdb-spill") is not None, (
        "run ended too early"
    )
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not out.exists()

    # a complete run
    assert _start(src, out, tacs).wait() == 0
    first = _digests(out)
    assert set(first) == OUTPUT_FILES

    # killed in the scan phase and in the write phase: the previous output, byte for byte
    for marker in ("_work/duckdb-spill", "results.parquet"):
        proc = _start(src, out, tacs)
        assert _wait_for(proc, tmp_path, f".screen.tmp-*/{marker}") is not None, (
            f"never reached {marker}"
        )
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _digests(out) == first
        assert list(tmp_path.glob(".screen.tmp-*")), (
            "the killed run's temp dir is left for the next run"
        )

    # reruns: byte-identical, and the stale temp dirs of killed runs are cleaned up
    for _ in range(2):
        assert _start(src, out, tacs).wait() == 0
        assert _digests(out) == first
    assert not list(tmp_path.glob(".screen.tmp-*"))


def test_out_dir_with_other_files_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    with pytest.raises(InvalidInputError, match="refusing"), AtomicDir(target):
        pass
    assert (target / "keep.txt").read_text() == "mine"


def test_commit_replaces_previous_output(tmp_path: Path) -> None:
    target = tmp_path / "out"
    for content in ("one", "two"):
        atomic = AtomicDir(target)
        with atomic as tmp:
            (tmp / "summary.json").write_text(content)
            (tmp / "scratch.tmp").write_text("dropped at commit")
            atomic.commit()
        assert sorted(p.name for p in target.iterdir()) == ["summary.json"]
        assert (target / "summary.json").read_text() == content
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_reconciliation_failure_keeps_previous_output(tmp_path: Path, tiny_tacs: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("row_id,model_number\n1,AC-100G\n2,ZT-5G\n")
    out = tmp_path / "out"
    options = ScreenOptions(operator="xa/alpha", on="2022-02-23", tac_db=(tiny_tacs,))
    screen(src, out, options, catalog=tiny_catalog())
    before = _digests(out)

    class Lying(MemoryBackend):
        def scan(self, *args: object, **kwargs: object):  # type: ignore[no-untyped-def,override]
            keys = super().scan(*args, **kwargs)  # type: ignore[arg-type]
            keys.rows += 1  # claims an input row that never reaches an output
            return keys

    with pytest.raises(ReconciliationError) as err:
        screen(src, out, options, catalog=tiny_catalog(), backend=Lying())
    assert err.value.input_rows == 3
    assert err.value.accepted + err.value.rejected == 2
    assert _digests(out) == before
    assert not list(tmp_path.glob(".out.tmp-*"))
