"""Benchmark: the band-planning MILP on real markets, against brute force and a greedy heuristic.

One run, per market (US on 2019-06-01 — the Xiaomi story — plus US, US+CA+MX, GB, DE, JP, IN on
2024-06-01):

(a) MILP (``scipy.optimize.milp``/HiGHS): the optimal plan (two solves: best score, then fewest
    bands among optimal sets) — target < 1 s per market;
(b) the full trade-off curve: best plan for k = 1..N bands (two solves per k) — target < 5 s;
(c) greedy: add the band with the largest gain until nothing gains; its optimality gap against the
    MILP curve at every k (max gap) and at the end;
(d) brute force over every subset of a *reduced* pool of candidate bands (the plan's bands plus
    the best single bands, ``--pool`` in all; bands outside the pool are forbidden, for the MILP
    too), checking that the MILP equals brute force for every k on that pool.

SciPy's import (about a second, once per process) and one warm-up solve are timed separately and
excluded from the per-market rows. The script exits 1 if a target is missed or the MILP ever
disagrees with brute force.

Usage: python benchmarks/planner.py [--pool 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

# benchmarks/_machine.py: scripts run with their own folder on sys.path
from _machine import describe
from bandfit.catalog.load import Catalog, default_catalog
from bandfit.planner import Constraints, build_problem, resolve_market
from bandfit.planner.heuristics import brute_force, greedy
from bandfit.planner.problem import Problem
from bandfit.planner.solve import Milp, build_milp

TARGET_SOLVE_S = 1.0
TARGET_CURVE_S = 5.0
MARKETS: tuple[tuple[str, str | list[str], dt.date], ...] = (
    ("US big three", ["us/att", "us/verizon", "us/t-mobile"], dt.date(2019, 6, 1)),
    ("US (all MNOs)", "US", dt.date(2019, 6, 1)),
    ("US (all MNOs)", "US", dt.date(2024, 6, 1)),
    ("US+CA+MX", ["US", "CA", "MX"], dt.date(2024, 6, 1)),
    ("GB", "GB", dt.date(2024, 6, 1)),
    ("DE", "DE", dt.date(2024, 6, 1)),
    ("JP", "JP", dt.date(2024, 6, 1)),
    ("IN", "IN", dt.date(2024, 6, 1)),
)


@dataclass(frozen=True)
class Row:
    market: str
    on: dt.date
    networks: int
    candidates: int
    variables: int
    build_s: float
    solve_s: float
    bands: int
    score: float
    curve_s: float
    greedy_s: float
    greedy_final_gap: float
    greedy_max_gap: float
    greedy_max_gap_k: int
    pool: int
    bf_s: float
    bf_subsets: int
    bf_agrees: bool


T = TypeVar("T")


def _best_of(repeat: int, func: Callable[[], T]) -> tuple[float, T]:
    best = float("inf")
    out = func()  # warm-up run, also the result
    for _ in range(repeat):
        start = time.perf_counter()
        out = func()
        best = min(best, time.perf_counter() - start)
    return best, out


def _curve(milp: Milp, n: int) -> list[float]:
    scores: list[float] = []
    prev: tuple[str, ...] = ()
    for k in range(1, n + 1):
        sol = milp.maximise(max_total=k, prefer=prev)
        assert sol is not None
        scores.append(sol.objective)
        prev = sol.bands
    return scores


def _pool(problem: Problem, plan_bands: Sequence[str], size: int) -> list[str]:
    """The plan's bands, then the candidates worth most on their own, up to ``size``."""
    pool = list(plan_bands)[:size]
    singles = sorted(
        (b for b in problem.candidates if b not in pool),
        key=lambda b: -problem.objective(problem.mask_of([b])),
    )
    return pool + singles[: max(0, size - len(pool))]


def _brute_force_agrees(problem: Problem, milp: Milp, pool: list[str]) -> tuple[float, int, bool]:
    start = time.perf_counter()
    oracle = brute_force(problem, pool)
    seconds = time.perf_counter() - start
    excluded = [b for b in problem.candidates if b not in pool]
    agrees = True
    for k, (objective, _score, _bands) in oracle.best.items():
        sol = milp.maximise(max_total=k, exclude=excluded, minimal=False)
        agrees &= sol is not None and abs(sol.objective - objective) <= 1e-9
    return seconds, oracle.evaluated, agrees


def run(
    label: str, spec: str | list[str], on: dt.date, catalog: Catalog, pool_size: int, repeat: int
) -> Row:
    start = time.perf_counter()
    market = resolve_market(spec, on, catalog)
    problem = build_problem(market, Constraints(), catalog)
    milp = build_milp(problem)
    build_s = time.perf_counter() - start
    solve_s, sol = _best_of(repeat, milp.maximise)
    if sol is None:
        raise SystemExit(f"{label}: no plan")
    n = len(sol.bands)
    curve_s, curve = _best_of(1, lambda: _curve(milp, n))
    greedy_s, steps = _best_of(repeat, lambda: greedy(problem))
    greedy_scores = [s.objective for s in steps]
    gaps = [
        (curve[k - 1] - (greedy_scores[k - 1] if k <= len(greedy_scores) else greedy_scores[-1]), k)
        for k in range(1, n + 1)
    ]
    max_gap, max_gap_k = max(gaps) if gaps else (0.0, 0)
    final_gap = sol.objective - (greedy_scores[-1] if greedy_scores else 0.0)
    pool = _pool(problem, sol.bands, pool_size)
    bf_s, subsets, agrees = _brute_force_agrees(problem, milp, pool)
    return Row(
        label,
        on,
        len(problem.nets),
        len(problem.candidates),
        milp.n_vars,
        build_s,
        solve_s,
        n,
        sol.score,
        curve_s,
        greedy_s,
        final_gap,
        max_gap,
        max_gap_k,
        len(pool),
        bf_s,
        subsets,
        agrees,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pool", type=int, default=20, help="brute-force pool size (default 20)")
    parser.add_argument("--repeat", type=int, default=3, help="MILP/greedy timing: best of N")
    args = parser.parse_args(argv)

    catalog = default_catalog()
    print(f"machine: {describe('scipy', 'numpy')}")
    print(f"catalog: {catalog.version}; constraints: none (equal weights, NR nsa+sa, no costs)")
    start = time.perf_counter()
    import scipy.optimize  # noqa: F401  - timed on its own: a one-off cost per process

    import_s = time.perf_counter() - start
    warm = build_milp(
        build_problem(resolve_market("GB", dt.date(2024, 6, 1), catalog), Constraints(), catalog)
    )
    start = time.perf_counter()
    warm.maximise()
    warm_s = time.perf_counter() - start
    print(f"scipy import {import_s:.2f} s, first (warm-up) solve {warm_s:.3f} s — excluded below")
    print(
        f"brute force: every subset of a reduced pool of {args.pool} candidate bands (the plan's "
        "bands plus the best single bands); the MILP is re-solved on the same pool for every k\n"
    )
    header = (
        f"{'market':<14} {'date':<10} {'nets':>4} {'cands':>5} {'vars':>5} {'build s':>7} "
        f"{'solve s':>7} {'bands':>5} {'score':>6} {'curve s':>7} {'greedy s':>8} "
        f"{'gap end':>7} {'gap max (k)':>12} {'pool':>4} {'brute s':>7} {'subsets':>9} {'BF=MILP':>7}"
    )
    print(header)
    print("-" * len(header))
    ok = True
    for label, spec, on in MARKETS:
        r = run(label, spec, on, catalog, args.pool, args.repeat)
        ok &= r.solve_s < TARGET_SOLVE_S and r.curve_s < TARGET_CURVE_S and r.bf_agrees
        print(
            f"{r.market:<14} {r.on.isoformat():<10} {r.networks:>4} {r.candidates:>5} {r.variables:>5} "
            f"{r.build_s:>7.3f} {r.solve_s:>7.3f} {r.bands:>5} {r.score:>6.3f} {r.curve_s:>7.3f} "
            f"{r.greedy_s:>8.3f} {r.greedy_final_gap:>7.4f} {r.greedy_max_gap:>7.4f} ({r.greedy_max_gap_k:>2}) "
            f"{r.pool:>4} {r.bf_s:>7.2f} {r.bf_subsets:>9,} {'yes' if r.bf_agrees else 'NO':>7}"
        )
    print()
    print(
        f"targets: solve < {TARGET_SOLVE_S:.0f} s per market, full curve < {TARGET_CURVE_S:.0f} s, "
        f"MILP == brute force for every k: {'met' if ok else 'MISSED'}"
    )
    print("gap = MILP objective - greedy objective (market-score units) at the end and worst k")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
