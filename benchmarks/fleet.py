"""Fleet screening throughput: DuckDB and Spark against the floor, in one run.

Why a floor: rows per second alone says little on a shared 2-core box. The floor is what a raw
DuckDB query needs to scan the same Parquet file, cut the TAC out of every IMEI, hash-join it to
a per-TAC verdict table and write the joined rows — no validation, no duplicate detection, no
rejects, no ordering. ``bandfit fleet screen`` does all of those, so the ratio to the floor is
the price of doing the job properly (target: at most 2x; throughput target 2 M rows/s/core).

Each measured run is a separate process, polled with psutil for peak RSS (including Spark's
JVM), so the memory figures are per engine. The input's uncompressed size is reported next to
them: a peak RSS far below it shows the input is streamed, not loaded.

Usage::

    python benchmarks/fleet.py                 # 10 M rows: floor, DuckDB, Spark local[*]
    python benchmarks/fleet.py --big           # 100 M rows
    python benchmarks/fleet.py --rows 2000000 --no-spark
    python benchmarks/fleet.py --no-spark --stages   # plus one more DuckDB run, timed per stage

``--stages`` runs the DuckDB screen once more in its own process, through the library with a
progress callback, and prints how long each stage took (the stage names are the progress
bars' own). It is a separate run so the measured ones carry no extra work.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMSUNG = ROOT / ".." / "shared" / "datasets" / "tac" / "samsung_tacs_samloaderkotlin.csv"
ON, BASELINE, OPERATOR = "2022-02-23", "2022-02-21", "us/att"

FLOOR = textwrap.dedent(
    """
    import sys, duckdb
    src, table, out = sys.argv[1:4]
    con = duckdb.connect()
    con.execute(f"CREATE TABLE verdict AS SELECT * FROM read_parquet('{table}')")
    con.execute(f'''COPY (SELECT f.row_id, v.operator_id, v.device_id, v.variant_id, v.status,
                       v.radio_score, v.voice, v.reasons
                FROM read_parquet('{src}') f JOIN verdict v ON v.tac = substr(f.imei, 1, 8))
                TO '{out}' (FORMAT parquet, COMPRESSION zstd)''')
    """
)


STAGES = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from bandfit.fleet.screen import ScreenOptions, screen
    src, out, tacs, limit, on, baseline, operator = sys.argv[1:8]
    marks = []
    def progress(stage, done, total):
        if not marks or marks[-1][0] != stage:
            marks.append((stage, time.perf_counter()))
    start = time.perf_counter()
    options = ScreenOptions(operator=operator, on=on, baseline_on=baseline, tac_db=(Path(tacs),),
                            engine_options={"memory_limit": limit} if limit else {})
    screen(src, out, options, progress=progress)
    end = time.perf_counter()
    bounds = [("start-up (catalog, TAC table, DuckDB)", start)] + marks + [("", end)]
    print(json.dumps([[name, bounds[i + 1][1] - t] for i, (name, t) in enumerate(bounds[:-1])]))
    """
)


def _stages(src: Path, out: Path, memory_limit: str | None) -> list[tuple[str, float]]:
    """Seconds per progress stage of one more DuckDB screen (its own process)."""
    tacs = src.with_name(src.name.replace(".parquet", ".tacs.csv"))
    args = [str(src), str(out), str(tacs), memory_limit or "", ON, BASELINE, OPERATOR]
    done = subprocess.run(
        [sys.executable, "-c", STAGES, *args], check=True, capture_output=True, text=True
    )
    return [(str(name), float(sec)) for name, sec in json.loads(done.stdout.splitlines()[-1])]


def _measure(cmd: list[str], *, env: dict[str, str] | None = None) -> dict[str, object]:
    """Run ``cmd``; wall seconds, peak RSS (MiB) of it and its children, stdout, error if any."""
    import psutil

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env={**os.environ, **(env or {})}, stdout=out, stderr=err)
        ps = psutil.Process(proc.pid)
        peak = 0
        while proc.poll() is None:
            try:
                rss = ps.memory_info().rss + sum(
                    c.memory_info().rss for c in ps.children(recursive=True)
                )
                peak = max(peak, rss)
            except psutil.Error:
                pass
            time.sleep(0.05)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        failed = err.read().decode(errors="replace")[-2000:] if proc.returncode != 0 else None
        return {
            "seconds": wall,
            "peak_rss_mib": peak / 2**20,
            "stdout": out.read().decode(),
            "error": failed,
        }


def _synth(path: Path, rows: int) -> None:
    if path.exists():
        return
    cmd = [
        sys.executable,
        "-m",
        "bandfit",
        "fleet",
        "synth",
        "--rows",
        str(rows),
        "--out",
        str(path),
        "--operator",
        OPERATOR,
        "--quiet",
    ]
    if SAMSUNG.is_file():
        cmd += ["--tac-source", str(SAMSUNG)]
    started = time.perf_counter()
    subprocess.run(cmd, check=True)
    print(f"generated {rows:,} rows in {time.perf_counter() - started:.1f} s -> {path}")


def _verdict_table(results: Path, out: Path) -> None:
    """Per-TAC verdicts (from a screen's results), the floor's join table."""
    import duckdb

    duckdb.connect().execute(
        f"""COPY (SELECT tac, any_value(operator_id) AS operator_id, any_value(device_id) AS device_id,
                  any_value(variant_id) AS variant_id, any_value(status) AS status,
                  any_value(radio_score) AS radio_score, any_value(voice) AS voice, any_value(reasons) AS reasons
           FROM read_parquet('{results}') WHERE tac IS NOT NULL AND operator_id = '{OPERATOR}' GROUP BY tac)
           TO '{out}' (FORMAT parquet)"""
    )


def _screen(engine: str, src: Path, out: Path, extra: tuple[str, ...] = ()) -> dict[str, object]:
    cmd = [
        sys.executable, "-m", "bandfit", "fleet", "screen", str(src), "--out", str(out), "--engine", engine,
        "--operator", OPERATOR, "--on", ON, "--baseline-on", BASELINE,
        "--tac-db", str(src.with_name(src.name.replace(".parquet", ".tacs.csv"))), "--json", *extra,
    ]  # fmt: skip
    return _measure(cmd, env={"SPARK_LOCAL_IP": "127.0.0.1"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--big", action="store_true", help="100 M rows")
    parser.add_argument("--no-spark", action="store_true")
    parser.add_argument("--memory-limit", help="DuckDB memory limit for the screen, e.g. 2GB")
    parser.add_argument(
        "--stages", action="store_true", help="one more DuckDB run, timed per stage"
    )
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "bandfit-bench"
    )
    args = parser.parse_args()
    rows = 100_000_000 if args.big else args.rows
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    src = work / f"fleet-{rows}.parquet"
    _synth(src, rows)

    import pyarrow.parquet as pq

    meta = pq.ParquetFile(src).metadata
    uncompressed = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    first = pq.ParquetFile(src).read_row_group(0)  # decoded (Arrow) size, extrapolated
    in_memory = first.nbytes * rows / max(first.num_rows, 1)
    cores = os.cpu_count() or 1

    runs: dict[str, dict[str, object]] = {}
    extra = ("--memory-limit", args.memory_limit) if args.memory_limit else ()
    runs["duckdb"] = _screen("duckdb", src, work / "out-duckdb", extra)
    if runs["duckdb"]["error"]:
        raise SystemExit(f"duckdb screen failed:\n{runs['duckdb']['error']}")
    summary = json.loads(str(runs["duckdb"].pop("stdout")))
    _verdict_table(work / "out-duckdb" / "results.parquet", work / "verdict-by-tac.parquet")
    runs["floor"] = _measure(
        [
            sys.executable,
            "-c",
            FLOOR,
            str(src),
            str(work / "verdict-by-tac.parquet"),
            str(work / "floor.parquet"),
        ]
    )
    runs["floor"].pop("stdout")
    if not args.no_spark:
        runs["spark"] = _screen("spark", src, work / "out-spark")
        spark_summary = json.loads(str(runs["spark"].pop("stdout")))
        same = {k: v for k, v in spark_summary.items() if k != "engine"} == {
            k: v for k, v in summary.items() if k != "engine"
        }
        print(f"spark summary identical to duckdb: {same}")

    floor = float(runs["floor"]["seconds"])  # type: ignore[arg-type]
    print(f"\n{rows:,} rows, {cores} cores, input {src.stat().st_size / 2**20:,.0f} MiB on disk, "
          f"{uncompressed / 2**20:,.0f} MiB uncompressed, {in_memory / 2**20:,.0f} MiB as Arrow in memory; "
          f"accepted {summary['rows']['accepted']:,}, "
          f"rejected {summary['rows']['rejected']:,}")  # fmt: skip
    print(
        f"{'run':<8}{'seconds':>9}{'rows/s':>14}{'rows/s/core':>14}{'x floor':>9}{'peak RSS MiB':>14}"
    )
    for name in ("floor", "duckdb", "spark"):
        if name not in runs:
            continue
        r = runs[name]
        rate = rows / r["seconds"]
        print(
            f"{name:<8}{r['seconds']:>9.1f}{rate:>14,.0f}{rate / cores:>14,.0f}{r['seconds'] / floor:>9.2f}{r['peak_rss_mib']:>14,.0f}"
        )
    print("targets: >= 2,000,000 rows/s/core and <= 2x the floor (duckdb)")
    if args.stages:
        stages = _stages(src, work / "out-stages", args.memory_limit)
        total = sum(sec for _name, sec in stages)
        print(f"\nduckdb screen by stage (one more run, {total:.1f} s in all):")
        for name, sec in stages:
            print(f"  {name:<40}{sec:>8.2f} s{sec / total:>7.0%}")


if __name__ == "__main__":
    main()
