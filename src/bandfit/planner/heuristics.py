"""Reference solvers for the planning problem: exhaustive search and a greedy heuristic.

Why keep them: brute force is the oracle the MILP is tested against (tests compare the optimum
for every band count on random small markets), and both are timed next to the MILP in
``benchmarks/planner.py`` — the greedy's optimality gap shows what the MILP buys. They score band
sets with the same compiled model (:class:`~bandfit.planner.problem.Problem`), vectorised over
many sets at once with numpy.

Brute force is exponential: it enumerates every subset of a *pool* of candidate bands (at most
:data:`MAX_POOL` of them; bands outside the pool are treated as forbidden).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bandfit.errors import InvalidInputError
from bandfit.planner.problem import NetModel, Problem

__all__ = ["MAX_POOL", "BruteForce", "GreedyStep", "brute_force", "evaluate_many", "greedy"]

MAX_POOL = 26
_CHUNK = 1 << 18

U64 = np.uint64
Masks = np.ndarray[tuple[int], np.dtype[np.uint64]]
Floats = np.ndarray[tuple[int], np.dtype[np.float64]]


def _remap(mask: int, pool: Sequence[int]) -> int:
    """A candidate-index mask re-expressed over pool positions (bits outside the pool dropped)."""
    return sum(1 << j for j, idx in enumerate(pool) if mask >> idx & 1)


Bools = np.ndarray[tuple[int], np.dtype[np.bool_]]


def _covered_many(
    net: NetModel, pool: Sequence[int], subs: Masks
) -> np.ndarray[tuple[int], np.dtype[np.int64]]:
    """Covered points of one network for every mask (the engine's raw -> gate -> group steps)."""
    n = subs.shape[0]
    raw: list[Bools] = []
    for dep in net.deps:
        hit = np.ones(n, dtype=bool)
        for alt in dep.alts:
            hit &= (subs & U64(_remap(alt, pool))) != U64(0)
        raw.append(hit)
    anchor = np.zeros(n, dtype=bool)
    for hit, dep in zip(raw, net.deps, strict=True):
        if dep.anchor:
            anchor |= hit
    gates: dict[str, Bools] = {
        "always": np.ones(n, dtype=bool),
        "lte-anchor": anchor,
        "nr": {"open": np.ones(n, dtype=bool), "anchor": anchor}.get(
            net.nr_gate, np.zeros(n, dtype=bool)
        ),
    }
    usable = [hit & gates[dep.gate] for hit, dep in zip(raw, net.deps, strict=True)]
    covered = np.zeros(n, dtype=np.int64)
    for members, points, _layer in net.groups:
        any_usable = np.zeros(n, dtype=bool)
        for i in members:
            any_usable |= usable[i]
        covered += any_usable.astype(np.int64) * points
    return covered


def evaluate_many(problem: Problem, pool: Sequence[int], subs: Masks) -> tuple[Floats, Floats]:
    """(market score, objective) for many band sets given as masks over ``pool`` positions.

    The arithmetic mirrors :meth:`Problem.score` operation by operation (``weight * (covered /
    total)`` summed over networks in order), so scores are bit-identical to the scalar path.
    """
    score = np.zeros(subs.shape[0], dtype=np.float64)
    for net in problem.nets:
        score = score + net.weight * (_covered_many(net, pool, subs) / net.total)
    cost = np.zeros(subs.shape[0], dtype=np.float64)
    costs = problem.constraints.costs
    for j, idx in enumerate(pool):
        c = costs.get(problem.candidates[idx], 0.0)
        if c:
            cost += ((subs >> U64(j)) & U64(1)).astype(np.float64) * c
    return score, score - cost


@dataclass(frozen=True, slots=True)
class BruteForce:
    """Best objective for every band count ``k`` (sets of at most ``k`` bands), by enumeration."""

    pool: tuple[str, ...]
    best: dict[int, tuple[float, float, tuple[str, ...]]]  # k -> (objective, score, bands)
    evaluated: int


def _feasible(
    problem: Problem, pool: Sequence[int], subs: Masks
) -> np.ndarray[tuple[int], np.dtype[np.bool_]]:
    ok = np.ones(subs.shape[0], dtype=bool)
    fixed = U64(_remap(problem.mask_of(problem.fixed), pool))
    ok &= (subs & fixed) == fixed
    for rat, cap in problem.constraints.max_bands.items():
        rat_mask = U64(sum(1 << j for j, idx in enumerate(pool) if problem.rats[idx] is rat))
        ok &= np.bitwise_count(subs & rat_mask) + problem.cap_offset.get(rat, 0) <= cap
    if problem.constraints.max_total is not None:
        ok &= (
            np.bitwise_count(subs) + sum(problem.cap_offset.values())
            <= problem.constraints.max_total
        )
    return ok


def brute_force(problem: Problem, pool: Sequence[str] | None = None) -> BruteForce:
    """Enumerate every subset of ``pool`` (default: all candidates) and keep the best per size.

    Raises:
        InvalidInputError: the pool is larger than :data:`MAX_POOL` bands, or does not contain
            the problem's fixed bands.
    """
    names = tuple(pool) if pool is not None else problem.candidates
    index = problem.index
    idx = [index[b] for b in names if b in index]
    if len(idx) > MAX_POOL:
        raise InvalidInputError(
            f"brute force over {len(idx)} bands is too large (max {MAX_POOL})", value=len(idx)
        )
    if not problem.fixed <= {problem.candidates[i] for i in idx}:
        raise InvalidInputError("the brute-force pool must contain every fixed band")
    n = len(idx)
    best: dict[int, tuple[float, float, int]] = {}
    for start in range(0, 1 << n, _CHUNK):
        subs = np.arange(start, min(1 << n, start + _CHUNK), dtype=np.uint64)
        ok = _feasible(problem, idx, subs)
        subs = subs[ok]
        if subs.size == 0:
            continue
        score, objective = evaluate_many(problem, idx, subs)
        sizes = np.bitwise_count(subs)
        for k in np.unique(sizes):
            sel = sizes == k
            j = int(np.argmax(objective[sel]))
            obj = float(objective[sel][j])
            prev = best.get(int(k))
            if prev is None or obj > prev[0] + 1e-12:
                best[int(k)] = (obj, float(score[sel][j]), int(subs[sel][j]))
    out: dict[int, tuple[float, float, tuple[str, ...]]] = {}
    running: tuple[float, float, int] | None = None
    for k in range(n + 1):  # "at most k": carry the best smaller set forward
        cur = best.get(k)
        if cur is not None and (running is None or cur[0] > running[0] + 1e-12):
            running = cur
        if running is not None:
            full = sum(1 << idx[j] for j in range(n) if running[2] >> j & 1)
            out[k] = (running[0], running[1], problem.bands_of(full))
    return BruteForce(tuple(problem.candidates[i] for i in idx), out, 1 << n)


@dataclass(frozen=True, slots=True)
class GreedyStep:
    """One greedy addition: the band and the plan's score/objective after it."""

    k: int
    band: str
    score: float
    objective: float


def greedy(problem: Problem, *, max_k: int | None = None) -> list[GreedyStep]:
    """Add the band with the largest objective gain until nothing gains (or ``max_k`` bands).

    Starts from the fixed bands; respects the caps. A band whose value only appears together with
    another (an NR band without its LTE anchor, a coarse-label deployment needing two bands) is
    invisible to it — that is its optimality gap.
    """
    mask = problem.mask_of(problem.fixed)
    steps: list[GreedyStep] = []
    current = problem.objective(mask)
    limit = max_k if max_k is not None else len(problem.candidates)
    while mask.bit_count() < limit:
        options = [
            b
            for b in range(len(problem.candidates))
            if not mask >> b & 1 and problem.feasible(mask | 1 << b)
        ]
        if not options:
            break
        gains = [(problem.objective(mask | 1 << b), -b) for b in options]
        objective, neg = max(gains)
        if objective <= current + 1e-12:
            break
        mask |= 1 << -neg
        current = objective
        steps.append(
            GreedyStep(mask.bit_count(), problem.candidates[-neg], problem.score(mask), current)
        )
    return steps
