"""The band-planning MILP, solved with ``scipy.optimize.milp`` (HiGHS).

Formulation (one model per :class:`~bandfit.planner.problem.Problem`):

variables
    ``x_b`` binary, one per candidate band (1 = the variant has band ``b``);
    ``z_d`` in [0, 1] per live deployment ``d``: raw-covered;
    ``a_n`` in [0, 1] per network ``n`` that needs it: an LTE anchor is raw-covered;
    ``u_d`` in [0, 1] per gated deployment: usable (gate open and raw-covered);
    ``y_g`` in [0, 1] per spectrum group ``g``: covered.
constraints
    ``z_d <= sum(x_b for b in A)`` for every alternative set ``A`` of ``d``'s coverage class
    (a deployment inferred from a coarse label needs a band in *each* candidate's set);
    ``a_n <= sum(z_d for LTE non-supplemental d of n)``;
    ``u_d <= z_d`` and ``u_d <= a_n`` for LTE SDL (gate ``lte-anchor``) and, on NSA-only paths,
    for NR (gate ``nr``); NR with an open SA path uses ``z_d`` directly; NR with no path is 0;
    ``y_g <= sum(usable_d for d in g)``;
    ``sum(x_b for b of RAT r) <= cap_r``; ``sum(x_b) <= k`` (trade-off curve);
    ``x_b = 1`` for must-have bands (and a base variant's bands in an upgrade); forbidden bands
    are not candidates.
objective
    maximise ``sum_n w_n / T_n * sum_g p_g y_g - sum_b cost_b x_b`` — the weighted market score
    minus band costs (``p_g`` the engine's integer group points, ``T_n`` the network's total).

Why only ``x`` is integer: every other variable is bounded above by sums of binaries and pushed up
by a non-negative objective, so at an optimum it equals ``min(1, ...)`` of integers — the exact
engine value. Keeping them continuous makes HiGHS fast. Results are never read from ``y``: the
chosen ``x`` is re-scored exactly with :meth:`Problem.covered` (and verified against ``check``).

Ties: many band sets reach the same optimum (a superset band adds nothing). A second solve
minimises the number of bands among optimal sets (and, on the trade-off curve, keeps as many of
the previous step's bands as possible), so plans are minimal and curves mostly nested.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bandfit.bands.model import Rat
from bandfit.catalog.model import rat_of_band_id
from bandfit.errors import BackendUnavailableError, InfeasiblePlanError, PlanTimeoutError
from bandfit.planner.problem import DepModel, NetModel, Problem, band_sort_key

__all__ = ["Milp", "Solution", "build_milp", "describe_limits", "load_scipy", "per_rat_counts"]

# Scale of the score in the solver's objective: HiGHS's absolute MIP gap is 1e-6, and scaling the
# score by 1e3 makes that 1e-9 of a score point, far below any real difference between band sets.
_SCALE = 1000.0
# Relative slack when a second solve must stay optimal for the first objective.
_TIE_TOL = 1e-7


@dataclass(frozen=True, slots=True)
class Solution:
    """A band set chosen by the solver, re-scored exactly."""

    mask: int
    bands: tuple[str, ...]
    score: float
    cost: float
    objective: float
    proven_optimal: bool
    seconds: float
    solves: int


def load_scipy() -> tuple[Any, Any, Any, Any]:
    """``(Bounds, LinearConstraint, milp, csr_array)`` from SciPy, imported on first use.

    Why lazy: SciPy takes about a second to import; ``import bandfit`` must stay light, and only
    solving needs it. ``plan`` calls this first so its timings show the import separately.

    Raises:
        BackendUnavailableError: SciPy is not installed (the ``plan`` extra).
    """
    try:
        from scipy.optimize import Bounds, LinearConstraint, milp
        from scipy.sparse import csr_array
    except ImportError as err:  # pragma: no cover - scipy is a declared extra
        raise BackendUnavailableError("scipy", reason=str(err), install="'bandfit[plan]'") from err
    return Bounds, LinearConstraint, milp, csr_array


class Milp:
    """The compiled MILP of a problem; solve variants of it by adding rows and bounds.

    Why a class: the curve, the marginal values and the upgrade path solve the same model dozens of
    times with one extra row or one changed bound; building the sparse rows once keeps each solve
    at a few milliseconds.
    """

    def __init__(self, problem: Problem, *, time_limit: float = 60.0) -> None:
        self.problem = problem
        self.time_limit = time_limit
        # HiGHS presolve is off: these models are tiny (presolve buys nothing measurable), and with
        # it on, HiGHS 1.x (scipy 1.17) printf()s a debug line to the process's stdout whenever it
        # maps a new incumbent back from the presolved space, which corrupts `bandfit plan --json`.
        self.presolve = False
        self.n_x = len(problem.candidates)
        self.n_vars = self.n_x
        self.rows: list[dict[int, float]] = []
        score: dict[int, float] = {}
        for net in problem.nets:
            for var, value in self._network_rows(net).items():
                score[var] = score.get(var, 0.0) + value
        self.score_vec = np.zeros(self.n_vars)
        for var, value in score.items():
            self.score_vec[var] = value
        self.cost_vec = np.zeros(self.n_vars)
        for b, band in enumerate(problem.candidates):
            self.cost_vec[b] = problem.constraints.costs.get(band, 0.0) * _SCALE
        self.cap_rows = self._cap_rows()
        fixed = problem.mask_of(problem.fixed)
        self.lb = np.zeros(self.n_vars)
        self.lb[: self.n_x] = [1.0 if fixed >> b & 1 else 0.0 for b in range(self.n_x)]
        self.ub = np.ones(self.n_vars)
        self.integrality = np.zeros(self.n_vars)
        self.integrality[: self.n_x] = 1

    def _new_var(self) -> int:
        self.n_vars += 1
        return self.n_vars - 1

    def _raw_vars(self, net: NetModel) -> dict[int, int]:
        """``z_d`` per coverable deployment, with one row per alternative set."""
        z: dict[int, int] = {}
        for i, dep in enumerate(net.deps):
            if not all(dep.alts):
                continue  # some alternative set has no candidate band: never covered
            z[i] = self._new_var()
            for alt in dep.alts:
                row = {z[i]: 1.0}
                row.update({b: -1.0 for b in range(self.n_x) if alt >> b & 1})
                self.rows.append(row)
        return z

    def _usable_vars(self, net: NetModel, z: dict[int, int]) -> dict[int, int]:
        """The variable saying each deployment is usable: ``z_d`` itself, or a gated ``u_d``."""
        needs_anchor = any(
            i in z and (d.gate == "lte-anchor" or (d.gate == "nr" and net.nr_gate == "anchor"))
            for i, d in enumerate(net.deps)
        )
        anchors = [z[i] for i, d in enumerate(net.deps) if d.anchor and i in z]
        a = None
        if needs_anchor and anchors:
            a = self._new_var()
            self.rows.append({a: 1.0, **dict.fromkeys(anchors, -1.0)})
        usable: dict[int, int] = {}
        for i, dep in enumerate(net.deps):
            if i not in z:
                continue
            if dep.gate == "always" or (dep.gate == "nr" and net.nr_gate == "open"):
                usable[i] = z[i]
            elif a is not None and not (dep.gate == "nr" and net.nr_gate == "closed"):
                u = self._new_var()
                self.rows.append({u: 1.0, z[i]: -1.0})
                self.rows.append({u: 1.0, a: -1.0})
                usable[i] = u
        return usable

    def _network_rows(self, net: NetModel) -> dict[int, float]:
        """Add one network's variables and rows; return its objective terms (scaled score)."""
        usable = self._usable_vars(net, self._raw_vars(net))
        coef = net.weight / net.total * _SCALE
        score: dict[int, float] = {}
        for members, points, _layer in net.groups:
            reach = [usable[i] for i in members if i in usable]
            if not reach:
                continue
            y = self._new_var()
            row = {y: 1.0}
            for v in reach:
                row[v] = row.get(v, 0.0) - 1.0
            self.rows.append(row)
            score[y] = coef * points
        return score

    def _cap_rows(self) -> list[tuple[dict[int, float], float]]:
        p = self.problem
        rows: list[tuple[dict[int, float], float]] = []
        for rat, cap in p.constraints.max_bands.items():
            members = [b for b, r in enumerate(p.rats) if r is rat]
            if members:
                rows.append((dict.fromkeys(members, 1.0), float(cap - p.cap_offset.get(rat, 0))))
        if p.constraints.max_total is not None:
            offset = sum(p.cap_offset.values())
            rows.append(
                (dict.fromkeys(range(self.n_x), 1.0), float(p.constraints.max_total - offset))
            )
        return rows

    # -- low level -------------------------------------------------------------------------
    def _run(
        self,
        c: np.ndarray[Any, np.dtype[np.float64]],
        extra: Iterable[tuple[dict[int, float], float, float]] = (),
        *,
        max_total: int | None = None,
        exclude: Iterable[int] = (),
    ) -> tuple[int | None, bool]:
        """Minimise ``c @ v``; returns (x mask or None if infeasible, proven optimal).

        Raises:
            PlanTimeoutError: the solver hit ``time_limit`` before finding any feasible point.
            InfeasiblePlanError: the solver stopped without a solution for another reason.
        """
        Bounds, LinearConstraint, milp, csr_array = load_scipy()  # noqa: N806 - scipy's names
        all_rows: list[tuple[dict[int, float], float, float]] = [
            (r, -np.inf, 0.0) for r in self.rows
        ]
        all_rows += [(row, -np.inf, cap) for row, cap in self.cap_rows]
        if max_total is not None:
            all_rows.append((dict.fromkeys(range(self.n_x), 1.0), -np.inf, float(max_total)))
        all_rows += list(extra)
        ub = self.ub.copy()
        for b in exclude:
            ub[b] = 0.0
        if np.any(self.lb > ub):
            return None, True
        if self.n_vars == 0:
            # No candidate band (caps of 0 and forbidden bands left none), hence no deployment
            # can be covered and the model has no variable at all: the empty band set is the
            # only one, feasible when every extra row accepts 0. SciPy refuses an empty ``c``.
            return (0 if all(lo <= 0.0 <= hi for _r, lo, hi in all_rows) else None), True
        constraints = []
        if all_rows:
            data, ri, ci = [], [], []
            for r, (row, _lo, _hi) in enumerate(all_rows):
                for col, val in row.items():
                    ri.append(r)
                    ci.append(col)
                    data.append(val)
            matrix = csr_array((data, (ri, ci)), shape=(len(all_rows), self.n_vars))
            constraints.append(
                LinearConstraint(
                    matrix,
                    np.array([lo for _r, lo, _h in all_rows]),
                    np.array([hi for _r, _l, hi in all_rows]),
                )
            )
        res = milp(
            c,
            integrality=self.integrality,
            bounds=Bounds(self.lb, ub),
            constraints=constraints,
            options={"mip_rel_gap": 0.0, "time_limit": self.time_limit, "presolve": self.presolve},
        )
        if res.x is None:
            if res.status == 2:
                return None, True
            if res.status == 1:  # iteration or time limit reached with no feasible point yet
                raise PlanTimeoutError(self.time_limit, solver_message=str(res.message))
            raise InfeasiblePlanError(
                [f"the MILP solver stopped without a solution: {res.message}"]
            )
        x = res.x[: self.n_x]
        mask = sum(1 << b for b in range(self.n_x) if x[b] > 0.5)
        return mask, res.status == 0

    def _objective_row(self) -> dict[int, float]:
        vec = self.score_vec - self.cost_vec
        return {i: float(v) for i, v in enumerate(vec) if v != 0.0}

    def _score_row(self) -> dict[int, float]:
        return {i: float(v) for i, v in enumerate(self.score_vec) if v != 0.0}

    def _solution(self, mask: int, optimal: bool, started: float, solves: int) -> Solution:
        p = self.problem
        return Solution(
            mask=mask,
            bands=p.bands_of(mask),
            score=p.score(mask),
            cost=p.cost(mask),
            objective=p.objective(mask),
            proven_optimal=optimal,
            seconds=time.perf_counter() - started,
            solves=solves,
        )

    # -- public solves ---------------------------------------------------------------------
    def maximise(
        self,
        *,
        max_total: int | None = None,
        exclude: Iterable[str] = (),
        prefer: Iterable[str] = (),
        minimal: bool = True,
    ) -> Solution | None:
        """Best objective (score − cost); None when infeasible.

        Args:
            max_total: extra cap on the number of bands (the curve's ``k``).
            exclude: bands forced out (marginal values).
            prefer: among optimal sets, keep as many of these as possible (curve nesting).
            minimal: run the tie-break solve (fewest bands among optimal sets).
        """
        started = time.perf_counter()
        index = self.problem.index
        out = [index[b] for b in exclude if b in index]
        c = -(self.score_vec - self.cost_vec)
        mask, optimal = self._run(c, max_total=max_total, exclude=out)
        if mask is None:
            return None
        first = self.problem.objective(mask)
        if not minimal:
            return self._solution(mask, optimal, started, 1)
        tie = self._tie_break({index[b] for b in prefer if b in index})
        bound = (first - _TIE_TOL * max(1.0, abs(first))) * _SCALE
        row = (self._objective_row(), bound, np.inf)
        try:
            second, optimal2 = self._run(tie, [row], max_total=max_total, exclude=out)
        except PlanTimeoutError:  # the tie-break ran out of time: the first optimum stands
            return self._solution(mask, optimal, started, 2)
        if second is not None and self.problem.objective(second) >= first - 1e-12:
            return self._solution(second, optimal and optimal2, started, 2)
        return self._solution(mask, optimal, started, 2)

    def _tie_break(self, keep: set[int]) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Integer weights ranking optimal sets: fewest bands, then most of ``keep``, then bands
        operators actually deploy (B12 over B85, n71 over n105, B48 over B49 when they tie)."""
        deployed = self.problem.mask_of(self.problem.deployed)
        c_named = 1.0
        c_keep = c_named * (self.n_x + 1)
        c_count = c_keep * (len(keep) + 1) + c_named * (self.n_x + 1)
        tie = np.zeros(self.n_vars)
        for b in range(self.n_x):
            tie[b] = (
                c_count - (c_keep if b in keep else 0.0) + (0.0 if deployed >> b & 1 else c_named)
            )
        return tie

    def fewest_for(self, target: float) -> Solution | None:
        """Fewest non-fixed bands reaching market score >= ``target``.

        Three solves: the fewest added bands; the best objective with that many; then the usual
        tie-break (bands operators deploy). Returns None when no band set reaches the target.
        """
        started = time.perf_counter()
        p = self.problem
        fixed = p.mask_of(p.fixed)
        free = [b for b in range(self.n_x) if not fixed >> b & 1]
        c = np.zeros(self.n_vars)
        c[free] = 1.0
        reach = (self._score_row(), (target - 1e-9) * _SCALE, np.inf)
        mask, optimal = self._run(c, [reach])
        if mask is None:
            return None
        count_row = (dict.fromkeys(free, 1.0), -np.inf, float((mask & ~fixed).bit_count()))
        try:
            best, optimal2 = self._run(-(self.score_vec - self.cost_vec), [reach, count_row])
        except PlanTimeoutError:  # the fewest-bands answer stands, not the best among them
            return self._solution(mask, False, started, 2)
        if best is not None and p.score(best) >= target - 1e-9:
            mask, optimal = best, optimal and optimal2
        first = p.objective(mask)
        bound = (first - _TIE_TOL * max(1.0, abs(first))) * _SCALE
        try:
            tied, optimal3 = self._run(
                self._tie_break(set()), [reach, count_row, (self._objective_row(), bound, np.inf)]
            )
        except PlanTimeoutError:
            return self._solution(mask, optimal, started, 3)
        if (
            tied is not None
            and p.score(tied) >= target - 1e-9
            and p.objective(tied) >= first - 1e-12
        ):
            mask, optimal = tied, optimal and optimal3
        return self._solution(mask, optimal, started, 3)


def build_milp(problem: Problem, *, time_limit: float = 60.0) -> Milp:
    """Compile ``problem`` into a reusable :class:`Milp`."""
    return Milp(problem, time_limit=time_limit)


def describe_limits(problem: Problem, mask: int) -> list[str]:
    """Why spectrum groups stay uncovered at ``mask``, one line per reason (for error messages).

    When the caps and forbidden bands leave no candidate band at all, the first line says so
    and names them (the plan is then empty, as with ``max_total=0``).
    """
    by_reason: dict[str, list[str]] = {}
    forbid = problem.constraints.forbid
    capped_out = {r.value for r, k in problem.constraints.max_bands.items() if k == 0}
    head: list[str] = []
    if not problem.candidates:  # name the caps and forbids that removed a band reaching the market
        reach = {
            b
            for share in problem.market.networks
            for dep in share.view.deployments
            for alt in dep.cls.alternatives
            for b in alt
        }
        rats = {rat_of_band_id(b).value for b in reach}
        named = [f"max-bands {r.value}=0" for r in Rat if r.value in capped_out & rats]
        named += [f"forbid {b}" for b in sorted(forbid & reach, key=band_sort_key)]
        head.append(
            f"{', '.join(named)} {'leave' if len(named) > 1 else 'leaves'} no candidate band: "
            "the plan is empty"
            if named
            else "no candidate band reaches the market: the plan is empty"
        )
    cap = problem.capability
    modes = "+".join(m for m, on in (("nsa", cap.nsa), ("sa", cap.sa)) if on) or "none"
    for net in problem.nets:
        usable = net.usable(mask)
        for members, _points, _layer in net.groups:
            if any(usable[i] for i in members):
                continue
            deps = [net.deps[i] for i in members]
            label = f"{net.share.network.id} {'/'.join(dict.fromkeys(d.band for d in deps))}"
            if all(not all(d.alts) for d in deps):
                blocked = sorted(forbid & {d.band for d in deps})
                zero = sorted({rat_of_band_id(d.band).value for d in deps} & capped_out)
                if blocked:
                    why = f"forbid {', '.join(blocked)}"
                elif zero:
                    why = ", ".join(f"max-bands {r}=0" for r in zero)
                else:
                    why = "no allowed band reaches it"
            elif all(d.gate == "nr" for d in deps) and net.nr_gate == "closed":
                why = f"5G NR unusable with NR modes {modes}" + (
                    f" ({net.sa_note})" if cap.sa else ""
                )
            elif (
                all(d.gate == "nr" for d in deps)
                and net.nr_gate == "anchor"
                and not any(d.anchor and d.raw(mask) for d in net.deps)
            ):
                has_lte = any(d.anchor for d in net.deps)
                why = (
                    f"5G NSA needs an LTE anchor ({net.sa_note}"
                    + ("" if has_lte else "; the network has no LTE to anchor on")
                    + ")"
                )
            else:
                why = _left_out_reason(problem, deps)
            by_reason.setdefault(why, []).append(label)
    return head + [f"{why}: {', '.join(labels)}" for why, labels in by_reason.items()]


def _left_out_reason(problem: Problem, deps: Sequence[DepModel]) -> str:
    """Why a reachable group stayed out of the plan: the caps, its band costs, or either.

    Why it matters: with a cost file and no caps, "not reachable within the band caps" named
    a constraint the user never set.
    """
    limits = problem.constraints
    costly = any(
        limits.costs.get(band, 0.0) > 0
        for d in deps
        for alt in d.alts
        for i, band in enumerate(problem.candidates)
        if alt >> i & 1
    )
    capped = limits.max_total is not None or any(k > 0 for k in limits.max_bands.values())
    if costly and not capped:
        return "left out: its band costs outweigh the score it adds"
    if costly:
        return "not reachable within the band caps, or not worth its band costs"
    return "not reachable within the band caps"


def per_rat_counts(problem: Problem, mask: int) -> Mapping[str, int]:
    """Band count per RAT for ``mask`` (for reports)."""
    counts: dict[str, int] = {}
    for i, rat in enumerate(problem.rats):
        if mask >> i & 1:
            counts[rat.value] = counts.get(rat.value, 0) + 1
    return counts
