"""All variants × all operators on a date at once, with the same answers as :func:`check`.

Why matrix products: a variant's answer on a network depends on a handful of facts per spectrum
group — does it cover a member that needs no gate (``x_a``), an NR member (``x_n``, opened by
"NR usable"), or an LTE supplemental member (``x_l``, opened by "LTE anchor")? Those are
properties of the *variant* alone, per distinct group signature. Group sums of every pair
(covered points, usable coverage groups, usable groups, packed into one exact float per group)
then come from a few products with the networks' group weights, the gates entering by
inclusion–exclusion (see :class:`_Plan`).

Weights are integer points, so float32 products are exact and the scores are bit-identical to
the scalar path (same integer numerator and denominator, one IEEE division). With nothing
unknown, the status rules reduce to a lookup table over eight per-pair bits, the variant's
voice facts and the network's flags (filled once by :func:`_rules`, the same function that
evaluates pairs with unknown states directly). Property tests on random catalogs check
equality with ``check`` pair by pair; docs/concepts/verdicts-and-scores.md §8 has the design
and the measured speed.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from bandfit._types import DateLike, as_date
from bandfit.bands.model import Rat
from bandfit.catalog.load import Catalog, default_catalog
from bandfit.catalog.model import Layer, Operator, PolicyRule, Variant
from bandfit.compat.choice import NetworkChoice, _facts, _view, network_for
from bandfit.compat.network import NetworkView
from bandfit.compat.rules import GAPS_MIN_SCORE, WORKS_MIN_SCORE, gate
from bandfit.compat.verdict import STATUS_ORDER, Status

__all__ = ["STATUS_CODES", "MatrixResult", "evaluate_matrix"]

STATUS_CODES: tuple[Status, ...] = tuple(Status)
_CODE = {s: i for i, s in enumerate(STATUS_CODES)}
_RATS = tuple(Rat)
_LEGACY = (Rat.GSM, Rat.UMTS, Rat.CDMA)


def _np() -> Any:
    import numpy

    return numpy


@dataclass
class MatrixResult:
    """Status codes (index into :data:`STATUS_CODES`) and radio scores, variants × operators."""

    variants: Sequence[Variant]
    operators: Sequence[Operator]
    on: dt.date
    codes: Any  # numpy int8 [V, O]
    scores: Any  # numpy float64 [V, O]

    def status(self, i: int, j: int) -> Status:
        """Status of variant ``i`` on operator ``j``."""
        return STATUS_CODES[int(self.codes[i, j])]


@dataclass
class _Column:
    choice: NetworkChoice
    view: NetworkView


class _VariantBlock:
    """Variant facts as arrays: band membership, known RATs, voice/NR flags, certifications.

    Each variant's row (band indexes and flags) is cached per catalog, like its facts, so a
    warm call only stacks cached rows.
    """

    def __init__(self, catalog: Catalog, variants: Sequence[Variant]) -> None:
        np = _np()
        self.variants = variants
        self.band_index = _band_index(catalog)
        cache = _ROWS.setdefault(catalog, {})
        rows = []
        for var in variants:
            hit = cache.get(id(var))
            if hit is None or hit[0] is not var:
                hit = cache[id(var)] = (var, _variant_row(catalog, var, self.band_index))
            rows.append(hit[1])
        n = len(variants)
        self.bits = np.zeros((n, len(self.band_index)), dtype=np.float32)
        lens = [len(r.bands) for r in rows]
        if n:
            self.bits[np.repeat(np.arange(n), lens), np.concatenate([r.bands for r in rows])] = 1.0
        self.known = np.array([r.known for r in rows], dtype=bool).reshape(n, len(_RATS))
        flags = np.array([r.flags for r in rows], dtype=np.int8).reshape(n, 4)
        self.volte = flags[:, 0].copy()  # 1 yes, 0 no, -1 unknown
        self.vonr = flags[:, 1].copy()
        self.sa = flags[:, 2].copy()
        self.nsa = flags[:, 3].astype(bool)
        self.certified: list[frozenset[str]] = [r.certified for r in rows]
        self.has_certs = np.array([bool(c) for c in self.certified], dtype=bool)
        self._coverage: dict[int, _Coverage] = {}

    def coverage(self, cp: _ColumnPlan) -> _Coverage:
        """Class coverage of these variants under the column plan ``cp`` (cached per plan:
        a warm call with the same variants and operators skips the product and the loop)."""
        np = _np()
        hit = self._coverage.get(id(cp))
        if hit is None or hit.plan is not cp:
            cov, unknown = _class_coverage(self, cp)
            hit = _Coverage(
                plan=cp,
                cov=cov.astype(np.float32),
                unk=unknown.astype(np.float32),
                cls=unknown,
                rows=unknown.any(axis=1),
            )
            if len(self._coverage) >= _MAX_CACHED_COVERAGE:
                self._coverage.clear()
            self._coverage[id(cp)] = hit
        return hit


@dataclass
class _Coverage:
    """Per variant and coverage class of one column plan: surely covered, unknown (float32 for
    the products, and the booleans), and which variants have any unknown class; plus, once a
    call has completed, every variant's per-signature facts (see :meth:`_Plan._rows`)."""

    plan: _ColumnPlan
    cov: Any
    unk: Any
    cls: Any
    rows: Any
    facts: _SignatureFacts | None = None


@dataclass
class _SignatureFacts:
    """Per variant and group signature, the facts :meth:`_Plan._rows` derives (all variants).

    Filled block by block by the worker threads of one call; ``complete`` is set only after
    every block of that call finished, and from then on blocks slice these rows instead of
    recomputing them.
    """

    x: dict[str, Any]
    u: dict[str, Any]
    xa: Any
    only: dict[str, Any]
    complete: bool = False


_BLOCKS: weakref.WeakKeyDictionary[Catalog, tuple[tuple[Variant, ...], _VariantBlock]] = (
    weakref.WeakKeyDictionary()
)


def _variant_block(catalog: Catalog, variants: Sequence[Variant]) -> _VariantBlock:
    """The stacked facts of ``variants``, reused when a call passes the same variant objects in
    the same order as the previous call on this catalog.

    Why: stacking ten thousand cached rows and their class coverage costs 30-40 ms, an eighth of
    a warm 10 M-pair call, and callers repeat variant lists — a fleet screen evaluates one list
    on two dates, rankings one list on each operator list. Variants are immutable, so identity
    is enough (as for the per-variant rows).
    """
    hit = _BLOCKS.get(catalog)
    if (
        hit is not None
        and len(hit[0]) == len(variants)
        and all(a is b for a, b in zip(hit[0], variants, strict=True))
    ):
        return hit[1]
    frozen = tuple(variants)  # the block must not follow later changes to a caller's list
    block = _VariantBlock(catalog, frozen)
    _BLOCKS[catalog] = (frozen, block)
    return block


@dataclass(frozen=True)
class _VariantRow:
    bands: Any  # registry indexes of every known band (numpy intp)
    known: tuple[bool, ...]
    flags: tuple[int, int, int, int]  # volte, vonr, sa (1/0/-1), nsa (1/0)
    certified: frozenset[str]


_TRI = {True: 1, False: 0, None: -1}
_ROWS: weakref.WeakKeyDictionary[Catalog, dict[int, tuple[Variant, _VariantRow]]] = (
    weakref.WeakKeyDictionary()
)
_BAND_INDEX: weakref.WeakKeyDictionary[Catalog, dict[str, int]] = weakref.WeakKeyDictionary()


def _band_index(catalog: Catalog) -> dict[str, int]:
    index = _BAND_INDEX.get(catalog)
    if index is None:
        index = _BAND_INDEX[catalog] = {b.id: i for i, b in enumerate(catalog.registry)}
    return index


def _variant_row(catalog: Catalog, var: Variant, band_index: dict[str, int]) -> _VariantRow:
    np = _np()
    facts = _facts(catalog, var)
    bands: list[int] = []
    known = []
    for rat in _RATS:
        listed = facts.bands[rat]
        known.append(listed is not None)
        bands.extend(band_index[b] for b in listed or () if b in band_index)
    return _VariantRow(
        np.array(bands, dtype=np.intp),
        tuple(known),
        (_TRI[facts.volte], _TRI[facts.vonr], _TRI[facts.sa], int(facts.nsa)),
        facts.certified,
    )


def _build_columns(
    catalog: Catalog, operators: Sequence[Operator], on: dt.date, certs: frozenset[str]
) -> tuple[list[_Column], list[list[int]], list[Status | None]]:
    """Network columns to evaluate, the columns of each operator, and fixed statuses.

    Operators that reach the same network under the same admission policies share one column
    (MVNOs of one host, a host and its MVNOs): their answers can differ only through
    certification, so the key keeps the certifying ids some variant of the call (``certs``)
    actually carries. About a quarter fewer columns on a catalog with many MVNOs.
    """
    columns: list[_Column] = []
    seen: dict[tuple[str, frozenset[PolicyRule], frozenset[str]], int] = {}
    per_op: list[list[int]] = []
    fixed: list[Status | None] = []
    for op in operators:
        if not op.live_on(on):
            per_op.append([])
            fixed.append(Status.NO_SERVICE)
            continue
        choices, _shown = network_for(op, on, catalog)
        if not choices:
            per_op.append([])
            fixed.append(Status.NO_SERVICE if op.hosts else Status.UNKNOWN)
            continue
        idx = []
        for choice in choices:
            key = (choice.network.id, choice.policies, choice.certified_ids & certs)
            c = seen.get(key)
            if c is None:
                c = seen[key] = len(columns)
                columns.append(_Column(choice, _view(catalog, choice.network, on)))
            idx.append(c)
        per_op.append(idx)
        fixed.append(None)
    return columns, per_op, fixed


def _class_coverage(block: _VariantBlock, cp: _ColumnPlan) -> tuple[Any, Any]:
    """Boolean [V, K] twice: class surely covered; class state unknown (see CoverageClass.state)."""
    np = _np()
    alt_cov = (block.bits @ cp.alt_mask) > 0
    shape = (len(block.variants), max(len(cp.class_alts), 1))
    cov = np.ones(shape, dtype=bool)
    unknown = np.zeros(shape, dtype=bool)
    for c, ids in enumerate(cp.class_alts):
        known = block.known[:, cp.class_rat[c]]
        some = np.zeros(len(block.variants), dtype=bool)
        for a in ids:
            cov[:, c] &= alt_cov[:, a]
            some |= alt_cov[:, a]
        cov[:, c] &= known
        # unknown: the RAT's bands are unknown, or only some candidates of an inferred deployment
        unknown[:, c] = ~known | (some & ~cov[:, c])
    return cov, unknown


def evaluate_matrix(
    variants: Sequence[Variant],
    operators: Sequence[Operator],
    on: DateLike | None = None,
    *,
    catalog: Catalog | None = None,
    threads: int | None = None,
) -> MatrixResult:
    """Status and radio score of every variant on every operator on ``on``.

    Agrees exactly with :func:`bandfit.compat.check` (tested on random catalogs). Blocks of
    variants are evaluated on ``threads`` threads (default: the usable cores, at most 8); numpy
    releases the GIL inside its array operations, so the blocks really run side by side.
    """
    np = _np()
    cat = catalog or default_catalog()
    day = as_date(on)
    n_v, n_o = len(variants), len(operators)
    codes = np.full((n_v, n_o), _CODE[Status.UNKNOWN], dtype=np.int8)
    scores = np.zeros((n_v, n_o), dtype=np.float64)
    if n_v == 0 or n_o == 0:
        return MatrixResult(variants, operators, day, codes, scores)
    block = _variant_block(cat, variants)
    cp, per_op, fixed = _column_plan(cat, operators, day, frozenset().union(*block.certified))
    for j, status in enumerate(fixed):
        if status is not None:
            codes[:, j] = _CODE[status]
    if cp is not None:
        # BLAS single-threaded from the first product on: the plan's own products are small,
        # and OpenBLAS threads keep spinning for a while after any multi-threaded call — on a
        # 2-core machine one of them then shares a core with a block thread
        with _one_blas_thread(n_v * len(cp.cols.certified_ids)):
            plan = _Plan(block, cp)
            reduce = _OperatorReduction(per_op, fixed, plan.cols.total)

            def run(rows: Any) -> None:
                code, covered = plan.evaluate(rows)
                reduce.write(rows, code, covered, codes, scores)

            blocks = plan.row_blocks()
            workers = min(threads or _usable_cores(), 8, len(blocks))
            if workers <= 1:
                for rows in blocks:
                    run(rows)
            else:
                from concurrent.futures import ThreadPoolExecutor

                with ThreadPoolExecutor(workers, thread_name_prefix="bandfit-matrix") as pool:
                    for _done in pool.map(run, blocks):
                        pass
            plan.facts.complete = True  # every variant's row is filled now
    return MatrixResult(variants, operators, day, codes, scores)


_PlanEntry = tuple[tuple[Operator, ...], "_ColumnPlan | None", list[list[int]], list[Status | None]]
_PlanKey = tuple[dt.date, tuple[str, ...], frozenset[str]]
_PLANS: weakref.WeakKeyDictionary[Catalog, dict[_PlanKey, _PlanEntry]] = weakref.WeakKeyDictionary()
_MAX_CACHED_PLANS = 16
# Per cached variant list: class coverage and signature facts for this many column plans (they
# hold variants x classes arrays, so fewer than the plans; a fleet screen needs two dates).
_MAX_CACHED_COVERAGE = 4


def _column_plan(
    catalog: Catalog, operators: Sequence[Operator], on: dt.date, certs: frozenset[str]
) -> tuple[_ColumnPlan | None, list[list[int]], list[Status | None]]:
    """The (cached) column plan, the columns of each operator, and fixed statuses."""
    cache = _PLANS.setdefault(catalog, {})
    key = (on, tuple(op.id for op in operators), certs)
    hit = cache.get(key)
    if hit is None or any(a is not b for a, b in zip(hit[0], operators, strict=True)):
        if len(cache) >= _MAX_CACHED_PLANS:
            cache.clear()
        columns, per_op, fixed = _build_columns(catalog, operators, on, certs)
        cp = None
        if columns:
            order, ranges = _cluster_order(columns)
            position = {old: new for new, old in enumerate(order)}
            per_op = [[position[c] for c in cols] for cols in per_op]
            cp = _ColumnPlan(_band_index(catalog), [columns[c] for c in order], ranges)
        hit = cache[key] = (tuple(operators), cp, per_op, fixed)
    return hit[1], hit[2], hit[3]


def _one_blas_thread(pairs: int) -> AbstractContextManager[object]:
    """Keep BLAS single-threaded while blocks are evaluated.

    Why: the products of one block are small (512 rows); OpenBLAS's own threads spin-wait for
    work, and with our block threads (or any other busy process) on the same cores they turn
    a 0.7 s evaluation of 10 M pairs into 3-5 s. Parallelism comes from the block threads.
    Skipped for small matrices, where inspecting the loaded libraries would cost more.
    """
    if pairs < 200_000:
        return nullcontext()
    from threadpoolctl import threadpool_limits

    limits: AbstractContextManager[object] = threadpool_limits(1, user_api="blas")
    return limits


def _usable_cores() -> int:
    import os

    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


# Rows (variants) evaluated together: every per-pair array of a block stays in cache (512 rows
# x ~1,000 network columns is half a megabyte per boolean array), which matters more than the
# size of the matrix products.
_BLOCK_ROWS = 512
_GATES = ("always", "nr", "lte-anchor")


class _OperatorReduction:
    """Network columns → operator columns: an operator served by several networks (MVNO hosts,
    hybrid MNOs) takes its best one, by status first, then score (as :func:`check` picks).

    Blocks carry covered points, not scores: a score (``covered / total``, one IEEE division,
    as in :func:`check`) is only computed for the column an operator ends up with, and for the
    candidates of operators with several networks.
    """

    def __init__(self, per_op: list[list[int]], fixed: list[Status | None], total: Any) -> None:
        np = _np()
        live = [j for j, f in enumerate(fixed) if f is None]
        self.live = np.array(live, dtype=np.intp)
        self.all_live = len(live) == len(fixed)
        self.first = np.array([per_op[j][0] for j in live], dtype=np.intp)
        self.total = total
        self.first_total = total[self.first]
        multi = [k for k, j in enumerate(live) if len(per_op[j]) > 1]
        self.multi = np.array(multi, dtype=np.intp)
        # rank r: the operators with more than r networks, and their (r+1)-th network column
        self.ranks: list[tuple[Any, Any]] = []
        depth = max((len(per_op[live[k]]) for k in multi), default=1)
        for r in range(1, depth):
            pos = [i for i, k in enumerate(multi) if len(per_op[live[k]]) > r]
            cols = [per_op[live[multi[i]]][r] for i in pos]
            self.ranks.append((np.array(pos, dtype=np.intp), np.array(cols, dtype=np.intp)))
        self.order = np.array([STATUS_ORDER[s] for s in STATUS_CODES], dtype=np.int8)

    def write(self, rows: Any, code: Any, covered: Any, codes: Any, scores: Any) -> None:
        np = _np()
        best_code = code[:, self.first]
        best_score = covered[:, self.first] / self.first_total
        if self.ranks:
            m_code = best_code[:, self.multi]
            m_score = best_score[:, self.multi]
            order = self.order
            for pos, cols in self.ranks:
                cur_code, cur_score = m_code[:, pos], m_score[:, pos]
                cand_code = code[:, cols]
                cand_score = covered[:, cols] / self.total[cols]
                better = (order[cand_code] < order[cur_code]) | (
                    (order[cand_code] == order[cur_code]) & (cand_score > cur_score)
                )
                m_code[:, pos] = np.where(better, cand_code, cur_code)
                m_score[:, pos] = np.where(better, cand_score, cur_score)
            best_code[:, self.multi] = m_code
            best_score[:, self.multi] = m_score
        if self.all_live:
            codes[rows] = best_code
            scores[rows] = best_score
        else:
            codes[np.ix_(rows, self.live)] = best_code
            scores[np.ix_(rows, self.live)] = best_score


@dataclass
class _Columns:
    """Column-side arrays (one entry per network column); :meth:`take` keeps a subset.

    ``gate`` [K, 3, C]: which classes are LTE anchors, 2G/3G voice carriers, NR carriers.
    ``e`` [S, C]: packed group weights (see :class:`_Plan`); ``gated``: the same rows for the
    signatures with NR-gated members (``n``), LTE-anchor-gated members (``l``) and both
    (``nl``); ``eu`` [S, C]: packed unknown-group weights. ``works_min`` / ``gaps_min``: the
    fewest covered points whose score (``covered / total`` in float64) reaches
    ``WORKS_MIN_SCORE`` / ``GAPS_MIN_SCORE`` — so the thresholds compare integers, exactly.
    """

    gate: Any
    e: Any
    gated: list[tuple[str, Any, Any, Any]]  # (name, signature indexes, columns or None, rhs)
    gate_rows: list[Any]  # per gate part: the classes that take part in it
    eu: Any
    total: Any  # float64, 1 where a column has no groups (its covered points are 0)
    works_low: Any  # n_cov * 2**pb + works_min: see _Plan._evaluate
    gaps_min: Any
    flags: dict[str, Any]
    primary: Any
    certified_ids: list[frozenset[str]]
    clusters: list[_Cluster] = field(default_factory=list)
    col_key: Any = None  # per column: its flag combination's offset in _ColumnPlan.lut

    def take(self, cols: Any) -> _Columns:
        return _Columns(
            gate=self.gate[:, :, cols],
            e=self.e[:, cols],
            gated=_gated(self.e[:, cols], [(name, idx) for name, idx, *_ in self.gated]),
            gate_rows=self.gate_rows,
            eu=self.eu[:, cols],
            total=self.total[cols],
            works_low=self.works_low[cols],
            gaps_min=self.gaps_min[cols],
            flags={k: v[cols] for k, v in self.flags.items()},
            primary=self.primary[cols],
            certified_ids=[self.certified_ids[c] for c in cols.tolist()],
            col_key=self.col_key[cols],
        )


@dataclass
class _Cluster:
    """A run of network columns ``[a, b)`` with similar spectrum (one country, or several
    small ones), and the few classes / signatures it uses.

    Why: a network holds a dozen groups out of a few hundred signatures; a product over all of
    them mostly multiplies zeros. Per cluster, the inner dimension shrinks to the signatures
    (classes) that cluster uses — several times fewer operations, same exact sums.
    """

    a: int
    b: int
    gate: list[tuple[Any, Any]]  # per gate part: (class indexes, rows of gate)
    e: tuple[Any, Any]  # (signature indexes, rows of e)
    gated: list[tuple[str, Any, Any]]  # (name, positions in _Plan.only[name], rows of e)


def _clusters(cols: _Columns, ranges: list[tuple[int, int]]) -> list[_Cluster]:
    np = _np()
    out = []
    gated_sets = [(name, idx) for name, idx, *_ in cols.gated]
    for a, b in ranges:
        gate = []
        for p in range(3):
            sub = cols.gate[:, p, a:b]
            k = np.flatnonzero(sub.any(axis=1))
            gate.append((k, np.ascontiguousarray(sub[k])))
        e_sub = cols.e[:, a:b]
        sig = np.flatnonzero(e_sub.any(axis=1))
        gated = []
        for name, idx in gated_sets:
            sub = cols.e[idx, a:b]
            pos = np.flatnonzero(sub.any(axis=1))
            if pos.size:
                gated.append((name, pos, np.ascontiguousarray(sub[pos])))
        out.append(_Cluster(a, b, gate, (sig, np.ascontiguousarray(e_sub[sig])), gated))
    return out


# Clusters narrower than this are merged with the most similar one: each cluster costs a few
# small products per block, so very narrow ones cost more in calls than they save in work.
_MIN_CLUSTER_COLUMNS = 96


def _cluster_order(columns: list[_Column]) -> tuple[list[int], list[tuple[int, int]]]:
    """Column order (clusters contiguous) and each cluster's range in that order.

    Columns start grouped by the country of the radio network; clusters narrower than
    ``_MIN_CLUSTER_COLUMNS`` are merged, smallest first, into the one sharing the largest share
    of coverage classes (Jaccard), so neighbouring markets with the same bands end up together.
    """
    by_country: dict[str, list[int]] = {}
    for c, col in enumerate(columns):
        by_country.setdefault(col.choice.network.country, []).append(c)
    items: list[tuple[set[object], list[int]]] = []
    for country in sorted(by_country):
        cols = by_country[country]
        items.append(({d.cls for c in cols for d in columns[c].view.deployments}, cols))
    while len(items) > 1:
        small = min(range(len(items)), key=lambda i: (len(items[i][1]), i))
        if len(items[small][1]) >= _MIN_CLUSTER_COLUMNS:
            break
        classes, cols = items.pop(small)

        def similarity(i: int, classes: set[object] = classes) -> tuple[float, int]:
            other = items[i][0]
            return (len(classes & other) / max(len(classes | other), 1), -i)

        best = max(range(len(items)), key=similarity)
        items[best] = (items[best][0] | classes, items[best][1] + cols)
    order: list[int] = []
    ranges = []
    for _classes, cols in items:
        ranges.append((len(order), len(order) + len(cols)))
        order.extend(sorted(cols))
    return order, ranges


def _gated(e: Any, sets: list[tuple[str, Any]]) -> list[tuple[str, Any, Any, Any]]:
    """Per gated signature set: (name, signature indexes, the columns holding one — None when
    many do — and the matching rows of ``e``): few columns hold an LTE supplemental
    downlink group, so its product is narrow."""
    np = _np()
    out = []
    for name, idx in sets:
        rhs = e[idx]
        cols = np.flatnonzero(rhs.any(axis=0))
        if cols.size > 0.25 * e.shape[1]:  # a scatter into many columns costs more
            out.append((name, idx, None, rhs))
        elif cols.size:
            out.append((name, idx, cols, rhs[:, cols]))
    return out


def _min_points(total: Any, threshold: float) -> Any:
    """Per column, the smallest integer k with ``k / total >= threshold`` in float64."""
    np = _np()
    out = np.zeros(len(total), dtype=np.int32)
    for c, t in enumerate(total.tolist()):
        if t <= 0:
            out[c] = 1  # no groups: the score is 0.0, never above a positive threshold
            continue
        k = max(0, min(t, int(threshold * t)))
        while k > 0 and (k - 1) / t >= threshold:
            k -= 1
        while k <= t and k / t < threshold:
            k += 1
        out[c] = k
    return out


class _ColumnPlan:
    """The column side of a matrix evaluation: coverage classes, group signatures, packed
    weights, flags. It depends only on the catalog, the date and the operators, so it is cached
    per catalog like the network views it is built from (a warm call skips it)."""

    def __init__(
        self, band_index: dict[str, int], columns: list[_Column], ranges: list[tuple[int, int]]
    ) -> None:
        np = _np()
        classes: dict[object, int] = {}
        alts: dict[frozenset[str], int] = {}
        class_alts: list[tuple[int, ...]] = []
        class_rat: list[int] = []
        for col in columns:
            for dep in col.view.deployments:
                if dep.cls not in classes:
                    classes[dep.cls] = len(classes)
                    for alt in dep.cls.alternatives:
                        alts.setdefault(alt, len(alts))
                    class_alts.append(tuple(alts[alt] for alt in dep.cls.alternatives))
                    class_rat.append(_RATS.index(dep.cls.rat))
        self.class_alts, self.class_rat = class_alts, class_rat
        self.alt_mask = np.zeros((len(band_index), max(len(alts), 1)), dtype=np.float32)
        for alt, a in alts.items():
            for band in alt:
                idx = band_index.get(band)
                if idx is not None:
                    self.alt_mask[idx, a] = 1.0
        n_k = max(len(classes), 1)
        sigs, entries = _signature_entries(columns, classes)
        n_s = max(len(sigs), 1)
        self.membership = {g: np.zeros((n_k, n_s), dtype=np.float32) for g in _GATES}
        for key, s in sigs.items():
            for cls_idx, g in key:
                self.membership[g][cls_idx, s] = 1.0
        self.cols = self._columns(columns, classes, entries, n_s, self.membership)
        self.cols.clusters = _clusters(self.cols, ranges)
        self._lookup_table()
        self.cls_in_col = np.zeros((n_k, len(columns)), dtype=np.float32)
        for n, col in enumerate(columns):
            for dep in col.view.deployments:
                self.cls_in_col[classes[dep.cls], n] = 1.0

    def _lookup_table(self) -> None:
        """``lut``: the status of every combination of the all-known pass's inputs.

        With nothing unknown, a pair's status depends on eight per-pair bits (LTE anchor,
        2G/3G carrier, NR carrier, some group usable, "works" and "gaps" thresholds,
        certified, primary RAT known), the variant's voice/5G facts (54 combinations of VoLTE,
        VoNR, SA tri-states and NSA) and the network's flags (a few dozen distinct
        combinations). :func:`_rules` fills the table once over all of them, so each pair costs
        a key and one lookup instead of some thirty array passes.
        """
        np = _np()
        names = sorted(self.cols.flags)
        table = np.stack([self.cols.flags[n] for n in names], axis=1)
        combos, which = np.unique(table, axis=0, return_inverse=True)
        self.n_flag_combos = len(combos)
        self.cols.col_key = which.ravel().astype(np.int32) * 256
        r = np.arange(54).reshape(54, 1, 1)
        d = np.arange(256).reshape(1, 1, 256)

        def bit(k: int) -> Any:
            return ((d >> k) & 1).astype(bool)

        f = {n: combos[:, i].reshape(1, -1, 1) for i, n in enumerate(names)}
        not_cert = ~bit(6)
        vol, vnr, sa, nsa = r // 18 - 1, r // 6 % 3 - 1, r // 2 % 3 - 1, r % 2 == 1
        facts = _PairFacts(
            lte_anchor=bit(0),
            cs_ok=bit(1),
            nr_usable=_nr_usable(sa, nsa, bit(0), f, not_cert),
            nr_any=bit(2),
            any_true=bit(3),
            works=bit(4),
            gaps=bit(5),
            primary_known=bit(7),
            not_cert=not_cert,
            vol=vol,
            vnr=vnr,
        )
        self.lut = _rules(facts, f, None).ravel()

    def _columns(
        self,
        columns: list[_Column],
        classes: dict[object, int],
        entries: list[tuple[int, int, int, bool]],
        n_s: int,
        membership: dict[str, Any],
    ) -> _Columns:
        np = _np()
        n_c = len(columns)
        gate = np.zeros((len(classes) or 1, 3, n_c), dtype=np.float32)
        for n, col in enumerate(columns):
            for dep in col.view.deployments:
                c = classes[dep.cls]
                if dep.rat is Rat.LTE and not dep.is_supplemental:
                    gate[c, 0, n] = 1.0
                elif dep.rat in _LEGACY:
                    gate[c, 1, n] = 1.0
                elif dep.rat is Rat.NR:
                    gate[c, 2, n] = 1.0
        total = np.zeros(n_c, dtype=np.int64)
        n_cov = np.zeros(n_c, dtype=np.int64)
        n_groups = np.zeros(n_c, dtype=np.int64)
        for _s, n, p, is_cov in entries:
            total[n] += p
            n_cov[n] += is_cov
            n_groups[n] += 1
        pb = int(total.max(initial=0)).bit_length()
        cb = int(n_cov.max(initial=0)).bit_length()
        nb = int(n_groups.max(initial=0)).bit_length()
        if pb + cb + nb > 53:
            raise ValueError(f"group points too large for exact sums ({pb}+{cb}+{nb} bits)")
        # float32 sums are exact below 2**24 (BLAS sgemm); beyond, float64 (still exact)
        self.dtype = np.float32 if pb + cb + nb <= 24 else np.float64
        self.pb, self.cb, self.nb = pb, cb, nb
        e = np.zeros((n_s, n_c), dtype=np.float64)
        eu = np.zeros((n_s, n_c), dtype=np.float64)
        for s, n, p, is_cov in entries:
            e[s, n] += p + (int(is_cov) << pb) + (1 << (pb + cb))
            eu[s, n] += 1 + (int(is_cov) << nb)
        e, eu = e.astype(self.dtype), eu.astype(self.dtype)
        has_n = membership["nr"].any(axis=0)
        has_l = membership["lte-anchor"].any(axis=0)
        gated = _gated(
            e,
            [
                (name, idx)
                for name, idx in (
                    ("n", np.flatnonzero(has_n)),
                    ("l", np.flatnonzero(has_l)),
                    ("nl", np.flatnonzero(has_n & has_l)),
                )
                if idx.size
            ],
        )

        def flag(fn: Any) -> Any:
            return np.array([bool(fn(col)) for col in columns], dtype=bool)

        policies = {
            "sa_cert": PolicyRule.SA_CERTIFIED_ONLY,
            "nonvolte": PolicyRule.NON_VOLTE_ACTIVATION_REFUSED,
            "certpol": PolicyRule.DEVICE_CERTIFICATION,
            "whitelist": PolicyRule.VOLTE_WHITELIST,
        }
        flags = {
            name: flag(lambda c, rule=rule: rule in c.choice.policies)
            for name, rule in policies.items()
        }
        flags |= {
            "sa_live": flag(lambda c: c.view.sa_live),
            "lte_voice_none": flag(lambda c: c.view.lte_voice == "none"),
            "lte_voice_unknown": flag(lambda c: c.view.lte_voice == "unknown"),
            "vonr": flag(lambda c: c.view.nr_voice == "vonr"),
            "has_modern": flag(lambda c: c.view.has_rat(Rat.LTE) or c.view.has_rat(Rat.NR)),
            "no_primary": flag(lambda c: c.view.primary_rat is None),
        }
        return _Columns(
            gate=gate,
            e=e,
            gated=gated,
            gate_rows=[np.flatnonzero(gate[:, p, :].any(axis=1)) for p in range(3)],
            eu=eu,
            total=np.where(total > 0, total, 1).astype(np.float64),
            works_low=((n_cov << pb) + _min_points(total, WORKS_MIN_SCORE)).astype(np.int32),
            gaps_min=_min_points(total, GAPS_MIN_SCORE),
            flags=flags,
            primary=np.array(
                [_RATS.index(c.view.primary_rat) if c.view.primary_rat else 0 for c in columns],
                dtype=np.intp,
            ),
            certified_ids=[col.choice.certified_ids for col in columns],
        )


@dataclass
class _Rows:
    """A block of variants: their indexes and per-class / per-signature facts (see _Plan)."""

    idx: Any
    cov: Any  # [B, K] float32: class surely covered
    unk: Any  # [B, K] float32: class state unknown
    x: dict[str, Any]  # per gate: [B, S] some member behind it surely covered
    u: dict[str, Any]  # per gate: [B, S] some member behind it unknown
    xa: Any  # x["always"] as the product dtype
    only: dict[str, Any]  # "covered only behind this gate", on the gated signature sets


class _Plan:
    """Everything about the network columns, and the per-variant group facts, as arrays.

    The columns' spectrum groups are reduced to distinct *signatures* (which coverage classes
    behind which gates); per variant and signature three booleans say whether a member without
    a gate (``x_a``), behind the NR gate (``x_n``) or behind the LTE-anchor gate (``x_l``) is
    surely covered, and three more whether it is unknown (``u_*``).

    Sums over groups come from matrix products against ``E``, which packs three integers per
    group into one exact float: its points, ``2**pb`` if it is a coverage group, and
    ``2**(pb+cb)`` for the group itself — so one product yields covered points, usable coverage
    groups and usable groups. Usability with open gates ``n``, ``l`` is
    ``x_a ∨ n·x_n ∨ l·x_l = x_a + n·(¬x_a x_n) + l·(¬x_a x_l) − n·l·(¬x_a x_n x_l)``, so four
    products (the last three over the few signatures with gated members) combined with the
    per-pair gates give every pair's sums — no product per gate combination.

    Unknown states (bands of a RAT unknown, an inferred deployment only partly covered) are
    rare per pair: a block is first evaluated as if nothing were unknown, then only the columns
    holding one of the block's unknown classes are evaluated again with the full tri-state
    rules (and overwritten) — untouched columns cannot see an unknown class, so the first
    answer is already exact there.
    """

    def __init__(self, block: _VariantBlock, cp: _ColumnPlan) -> None:
        np = _np()
        self.block = block
        self.cols, self.cls_in_col = cp.cols, cp.cls_in_col
        self.dtype, self.pb, self.cb, self.nb = cp.dtype, cp.pb, cp.cb, cp.nb
        self.lut = cp.lut
        state = (((block.volte + 1) * 3 + (block.vonr + 1)) * 3 + (block.sa + 1)) * 2 + block.nsa
        self.row_key = state.astype(np.int32) * (cp.n_flag_combos * 256)
        cc = block.coverage(cp)
        self.cov, self.unk, self.unknown_cls, self.row_unknown = cc.cov, cc.unk, cc.cls, cc.rows
        if cc.facts is None or not cc.facts.complete:
            n_v, n_s = len(cc.cov), cp.membership["always"].shape[1]
            cc.facts = _SignatureFacts(
                x={g: np.empty((n_v, n_s), dtype=bool) for g in _GATES},
                u={g: np.empty((n_v, n_s), dtype=bool) for g in _GATES},
                xa=np.empty((n_v, n_s), dtype=self.dtype),
                only={
                    name: np.empty((n_v, len(sig)), dtype=self.dtype)
                    for name, sig, *_rest in cp.cols.gated
                },
            )
        self.facts = cc.facts
        self.has_certs = block.has_certs
        self.membership = cp.membership
        # signatures with some member behind the NR or LTE-anchor gate
        self.sig_gated = (cp.membership["nr"] > 0).any(axis=0) | (
            cp.membership["lte-anchor"] > 0
        ).any(axis=0)

    def _rows(self, idx: Any) -> _Rows:
        """Per-block variant facts: per signature, covered / unknown behind each gate.

        Computed block by block (inside the worker threads), not for all variants up front,
        and kept in :attr:`facts`: once a call with these variants and this plan has
        finished, later calls slice them.
        """
        np = _np()
        f = self.facts
        cov, unk = self.cov[idx], self.unk[idx]
        if f.complete:
            return _Rows(
                idx=idx,
                cov=cov,
                unk=unk,
                x={g: v[idx] for g, v in f.x.items()},
                u={g: v[idx] for g, v in f.u.items()},
                xa=f.xa[idx],
                only={name: v[idx] for name, v in f.only.items()},
            )
        x = {g: (cov @ m) > 0 for g, m in self.membership.items()}
        if unk.any():
            u = {g: (unk @ m) > 0 for g, m in self.membership.items()}
        else:  # no unknown class in the block: no product needed
            u = {g: np.zeros(x["always"].shape, dtype=bool) for g in _GATES}
        xa, xn, xl = x["always"], x["nr"], x["lte-anchor"]
        only_all = {"n": ~xa & xn, "l": ~xa & xl, "nl": ~xa & xn & xl}
        only = {
            name: only_all[name][:, sig].astype(self.dtype) for name, sig, *_rest in self.cols.gated
        }
        rows = _Rows(idx=idx, cov=cov, unk=unk, x=x, u=u, xa=xa.astype(self.dtype), only=only)
        for g in _GATES:
            f.x[g][idx] = x[g]
            f.u[g][idx] = u[g]
        f.xa[idx] = rows.xa
        for name, v in only.items():
            f.only[name][idx] = v
        return rows

    def row_blocks(self) -> list[Any]:
        """Row index blocks: variants with the same unknown classes side by side, so a block's
        unknown classes touch few columns (and the fully known blocks touch none)."""
        np = _np()
        packed = np.packbits(self.unknown_cls, axis=1)
        order = np.lexsort(packed.T[::-1]) if packed.shape[1] else np.arange(len(packed))
        return [order[i : i + _BLOCK_ROWS] for i in range(0, len(order), _BLOCK_ROWS)]

    def evaluate(self, idx: Any) -> tuple[Any, Any]:
        """Status codes and covered points of variants ``idx`` on every network column."""
        r = self._rows(idx)
        if not self.row_unknown[idx].any():
            return self._evaluate(r, self.cols, unknowns=False)
        touched = self._touched(idx, r.unk)
        if touched.size > 0.5 * self.cls_in_col.shape[1]:
            # e.g. variants whose LTE bands are unknown: one tri-state pass over everything
            return self._evaluate(r, self.cols, unknowns=True)
        code, covered = self._evaluate(r, self.cols, unknowns=False)
        if touched.size:
            sub_code, sub_covered = self._evaluate(r, self.cols.take(touched), unknowns=True)
            code[:, touched] = sub_code
            covered[:, touched] = sub_covered
        return code, covered

    def _touched(self, idx: Any, unk: Any) -> Any:
        """Columns where some variant of the block needs the tri-state rules.

        A column needs them for a variant when it holds one of the variant's unknown classes
        and the variant's bands of the column's primary RAT are known. Where the primary RAT
        is unknown (or the column has none), the status is *unknown* whatever else holds — the
        last rule of :func:`_rules`, which the all-known pass applies too — and the covered
        points never depend on unknown states, so the first answer is already exact there.
        Variants with e.g. all LTE bands unknown touch every LTE column but need none of them.
        Rows are grouped by (unknown classes, known RATs) first: a block holds few such
        patterns, so the products stay small.
        """
        np = _np()
        bits = np.concatenate([unk > 0, self.block.known[idx]], axis=1)
        packed = np.ascontiguousarray(np.packbits(bits, axis=1))
        keys = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
        _keys, first = np.unique(keys, return_index=True)
        patterns = bits[first]
        n_k = unk.shape[1]
        hits = (patterns[:, :n_k].astype(np.float32) @ self.cls_in_col) > 0
        needs = hits & patterns[:, n_k:][:, self.cols.primary] & ~self.cols.flags["no_primary"]
        return np.flatnonzero(needs.any(axis=0))

    def _cluster_gates(self, r: _Rows, cols: _Columns) -> tuple[Any, Any, Any]:
        """:meth:`_gates` cluster by cluster (narrow products, same booleans)."""
        np = _np()
        n_c = cols.gate.shape[2]
        out = [np.empty((len(r.idx), n_c), dtype=bool) for _ in range(3)]
        for cl in cols.clusters:
            for p, (k, rhs) in enumerate(cl.gate):
                if k.size:
                    np.greater(r.cov[:, k] @ rhs, 0, out=out[p][:, cl.a : cl.b])
                else:
                    out[p][:, cl.a : cl.b] = False
        return out[0], out[1], out[2]

    def _cluster_sums(self, r: _Rows, cols: _Columns, nr_usable: Any, lte_anchor: Any) -> Any:
        """Packed usable sums cluster by cluster (see the class docstring)."""
        np = _np()
        s = np.empty((len(r.idx), cols.e.shape[1]), dtype=self.dtype)
        for cl in cols.clusters:
            part = s[:, cl.a : cl.b]
            sig, rhs = cl.e
            if sig.size:
                np.matmul(r.xa[:, sig], rhs, out=part)
            else:
                part[...] = 0
            for name, pos, g_rhs in cl.gated:
                t = r.only[name][:, pos] @ g_rhs
                t *= _gate_open(name, nr_usable[:, cl.a : cl.b], lte_anchor[:, cl.a : cl.b])
                if name == "nl":
                    part -= t
                else:
                    part += t
        return s

    @staticmethod
    def _gates(lhs: Any, cols: _Columns) -> tuple[Any, Any, Any]:
        """Per pair: some LTE anchor class, 2G/3G class, NR class of the column has ``lhs``
        (one narrow product per part, over the classes of that RAT only)."""
        np = _np()
        n_c = cols.gate.shape[2]
        out = []
        for p, k in enumerate(cols.gate_rows):
            if k.size:
                out.append((lhs[:, k] @ cols.gate[k, p, :]) > 0)
            else:
                out.append(np.zeros((len(lhs), n_c), dtype=bool))
        return out[0], out[1], out[2]

    def _certified(self, rows: Any, cols: _Columns) -> Any:
        """[B, C] variant certified by the column's operator(s), or None when no variant is."""
        np = _np()
        if not self.has_certs[rows].any():
            return None
        out = np.zeros((len(rows), len(cols.certified_ids)), dtype=bool)
        for r, i in enumerate(rows.tolist()):
            certs = self.block.certified[i]
            if certs:
                out[r] = [not certs.isdisjoint(ids) for ids in cols.certified_ids]
        return out

    def _evaluate(self, r: _Rows, cols: _Columns, *, unknowns: bool) -> tuple[Any, Any]:
        """The rules of :mod:`bandfit.compat.rules`, element-wise, on the columns ``cols``.

        ``unknowns=False`` skips every unknown state: exact where no class of ``cols`` is
        unknown for any of the block's variants.
        """
        np = _np()
        blk, f = self.block, cols.flags
        clustered = bool(cols.clusters) and not unknowns
        if clustered:
            lte_anchor, cs_ok, nr_any = self._cluster_gates(r, cols)
        else:
            lte_anchor, cs_ok, nr_any = self._gates(r.cov, cols)
        certified = self._certified(r.idx, cols)
        not_cert = ~certified if certified is not None else True
        nsa = blk.nsa[r.idx][:, None]
        nr_usable = _nr_usable(blk.sa[r.idx][:, None], nsa, lte_anchor, f, not_cert)

        # usable sums: covered points, usable coverage groups, usable groups
        if clustered:
            s = self._cluster_sums(r, cols, nr_usable, lte_anchor)
        else:
            s = r.xa @ cols.e
            for name, _idx, where, rhs in cols.gated:
                t = r.only[name] @ rhs
                open_ = _gate_open(name, nr_usable, lte_anchor)
                if where is None:
                    t *= open_
                    if name == "nl":
                        s -= t
                    else:
                        s += t
                else:
                    t *= open_[:, where]
                    s[:, where] += -t if name == "nl" else t
        # low = covered + usable coverage groups * 2**pb. Usable coverage groups never exceed
        # the column's n_cov, so "all coverage usable and covered >= works_min" is one compare
        packed = s.astype(np.int32)
        any_true = packed >= (1 << (self.pb + self.cb))
        low = packed & ((1 << (self.pb + self.cb)) - 1)
        covered = low & ((1 << self.pb) - 1)
        works = low >= cols.works_low

        gaps = (covered >= cols.gaps_min) | (low >= (1 << self.pb))
        primary_known = blk.known[r.idx][:, cols.primary]
        if not unknowns:
            # every remaining input is a bit: one table lookup per pair (see _ColumnPlan.lut)
            bits = (lte_anchor, cs_ok, nr_any, any_true, works, gaps, certified, primary_known)
            low_bits = np.zeros(lte_anchor.shape, dtype=np.uint8)
            tmp = np.empty_like(low_bits)
            for k, bit in enumerate(bits):
                if bit is not None:
                    # multiply, not shift: numpy's uint8 multiply is vectorised, its shift ~7x slower
                    np.multiply(bit.view(np.uint8), np.uint8(1 << k), out=tmp)
                    low_bits |= tmp
            key = self.row_key[r.idx][:, None] + cols.col_key
            key += low_bits
            return self.lut.take(key), covered
        lte_u, cs_u, nr_unknown_raw = self._gates(r.unk, cols)
        lte_unknown = ~lte_anchor & lte_u
        nr_gate_unknown = ~nr_usable & nsa & lte_unknown
        nr_ok = nr_usable & nr_any
        packed_u = self._unknown_sums(r, cols, lte_anchor, lte_unknown, nr_usable, nr_gate_unknown)
        unknown = _Unknowns(
            lte=lte_unknown,
            cs=~cs_ok & cs_u,
            nr=(nr_usable & ~nr_ok & nr_unknown_raw)
            | (nr_gate_unknown & (nr_any | nr_unknown_raw)),
            any_group=packed_u > 0,
            coverage_group=packed_u >= (1 << self.nb),
        )
        facts = _PairFacts(
            lte_anchor=lte_anchor,
            cs_ok=cs_ok,
            nr_usable=nr_usable,
            nr_any=nr_any,
            any_true=any_true,
            works=works,
            gaps=gaps,
            primary_known=primary_known,
            not_cert=not_cert,
            vol=blk.volte[r.idx][:, None],
            vnr=blk.vonr[r.idx][:, None],
        )
        code = _rules(facts, f, unknown)
        return code, covered

    def _unknown_sums(
        self,
        r: _Rows,
        cols: _Columns,
        lte_anchor: Any,
        lte_unknown: Any,
        nr_usable: Any,
        nr_gate_unknown: Any,
    ) -> Any:
        """Packed unknown-group counts (``eu``: 1 per group, ``2**nb`` per coverage group).

        A group is unknown when not usable and some member behind an open gate has unknown
        bands, or some member behind an unknown gate could be covered. Gates are tri-state
        here, so each reachable (NR gate, LTE gate) combination is one product — but only over
        the signatures with gated members: the others do not depend on the gates and take one
        product for all pairs.
        """
        np = _np()
        x, u, eu = r.x, r.u, cols.eu
        live = eu.any(axis=1)  # signatures with a group in these columns
        out = np.zeros(lte_anchor.shape, dtype=self.dtype)
        # A signature with no member behind a gate is unknown whatever the gates: one product.
        plain = np.flatnonzero(live & ~self.sig_gated)
        if plain.size:
            unknown = ~x["always"][:, plain] & u["always"][:, plain]
            hit = np.flatnonzero(unknown.any(axis=0))
            if hit.size:
                np.matmul(unknown[:, hit].astype(self.dtype), eu[plain[hit]], out=out)
        gated = np.flatnonzero(live & self.sig_gated)
        if not gated.size:
            return out
        x = {g: v[:, gated] for g, v in x.items()}
        u = {g: v[:, gated] for g, v in u.items()}
        eu = eu[gated]
        gl = lte_anchor.view(np.int8) + 2 * lte_unknown.view(np.int8)
        gn = nr_usable.view(np.int8) + 2 * nr_gate_unknown.view(np.int8)
        combo = gn * 3 + gl
        present = np.flatnonzero(np.bincount(combo.ravel(), minlength=9))
        none = np.zeros_like(x["always"])
        for c in present.tolist():
            n_state, l_state = divmod(c, 3)
            usable = (
                x["always"]
                | (x["nr"] if n_state == 1 else none)
                | (x["lte-anchor"] if l_state == 1 else none)
            )
            maybe = (
                u["always"]
                | (u["nr"] if n_state == 1 else none)
                | (u["lte-anchor"] if l_state == 1 else none)
                | ((x["nr"] | u["nr"]) if n_state == 2 else none)
                | ((x["lte-anchor"] | u["lte-anchor"]) if l_state == 2 else none)
            )
            unknown = ~usable & maybe
            touched = np.flatnonzero(unknown.any(axis=0))
            if not touched.size:
                continue
            sums = unknown[:, touched].astype(self.dtype) @ eu[touched]
            if len(present) == 1:
                out += sums
            else:
                np.add(out, sums, out=out, where=combo == c)
        return out


def _nr_usable(sa: Any, nsa: Any, lte_anchor: Any, f: dict[str, Any], not_cert: Any) -> Any:
    """NR usable: SA on both sides (unless SA is for certified phones only), or NSA with an
    LTE anchor — as in rules._usable."""
    sa_path = (sa == 1) & f["sa_live"] & ~(f["sa_cert"] & not_cert)
    return sa_path | (nsa & lte_anchor)


@dataclass
class _Unknowns:
    """Per-pair unknown states (only for variants with unknown classes)."""

    lte: Any  # no LTE anchor, but some LTE carrier's support is unknown
    cs: Any  # no 2G/3G carrier usable, but some one's support is unknown
    nr: Any  # NR may or may not be usable
    any_group: Any  # some group's usability is unknown
    coverage_group: Any  # some coverage group's usability is unknown


@dataclass
class _PairFacts:
    """The inputs of :func:`_rules`: per-pair booleans and the variant's voice facts."""

    lte_anchor: Any
    cs_ok: Any
    nr_usable: Any
    nr_any: Any
    any_true: Any  # some group usable
    works: Any  # score >= WORKS_MIN_SCORE and every coverage group usable
    gaps: Any  # score >= GAPS_MIN_SCORE or some coverage group usable
    primary_known: Any
    not_cert: Any
    vol: Any  # VoLTE 1 / 0 / -1 (unknown)
    vnr: Any  # VoNR likewise


def _rules(p: _PairFacts, f: dict[str, Any], unknown: _Unknowns | None) -> Any:
    """Status codes from per-pair facts, element-wise (arrays broadcast together).

    Voice and admission follow rules._voice / rules._admission, the status rules._status
    (first match wins; applied here last to first). The same function fills the lookup table
    of the all-known pass and evaluates pairs with unknown states directly.
    """
    np = _np()
    nr_ok = p.nr_usable & p.nr_any
    no_anchor = ~p.lte_anchor
    volte_unknown_base = f["lte_voice_unknown"] | (p.vol == -1)
    cs_unknown: Any = False
    nr_unknown: Any = False
    any_unknown: Any = False
    if unknown is not None:
        no_anchor = no_anchor & ~unknown.lte
        volte_unknown_base = volte_unknown_base | unknown.lte
        cs_unknown, nr_unknown, any_unknown = unknown.cs, unknown.nr, unknown.any_group
    volte_no = no_anchor | f["lte_voice_none"] | (p.vol == 0)
    volte_unknown = ~volte_no & volte_unknown_base
    volte_unverified = ~volte_no & ~volte_unknown & f["whitelist"] & p.not_cert
    volte_yes = ~volte_no & ~volte_unknown & ~volte_unverified
    vonr_offered = f["vonr"] & (p.vnr != 0)
    vonr_yes = vonr_offered & nr_ok & (p.vnr == 1)
    vonr_unknown = vonr_offered & ((nr_ok & (p.vnr == -1)) | nr_unknown)
    voice_ok = volte_yes | vonr_yes | p.cs_ok
    unverified = ~voice_ok & volte_unverified
    voice_unknown = ~voice_ok & ~unverified & (volte_unknown | vonr_unknown | cs_unknown)
    voice_none = ~voice_ok & ~unverified & ~voice_unknown
    adm_refused = f["nonvolte"] & (p.vol == 0)
    adm_unknown = f["nonvolte"] & (p.vol == -1)
    adm_unverified = ~(f["nonvolte"] & (p.vol != 1)) & f["certpol"] & p.not_cert
    capped = voice_unknown | unverified | adm_unknown | adm_unverified | any_unknown

    shape = np.broadcast_shapes(
        *(np.shape(a) for a in (capped, voice_none, p.works, p.gaps, p.any_true, p.primary_known))
    )
    code = np.full(shape, _CODE[Status.LIMITED], dtype=np.int8)

    def rule(mask: Any, status: Status) -> None:
        np.copyto(code, _CODE[status], where=mask)

    if unknown is not None:
        rule(unknown.coverage_group, Status.UNKNOWN)
    rule(p.gaps, Status.WORKS_WITH_GAPS)
    rule(p.works, Status.WORKS)
    rule(p.works & capped, Status.WORKS_WITH_GAPS)
    rule(voice_none, Status.LIMITED)
    rule(~(p.lte_anchor | nr_ok) & f["has_modern"], Status.LIMITED)
    rule(adm_refused, Status.NO_SERVICE)
    rule(~p.any_true, Status.NO_SERVICE)
    if unknown is not None:
        rule(~p.any_true & any_unknown, Status.UNKNOWN)
    rule(f["no_primary"] | ~p.primary_known, Status.UNKNOWN)
    return code


def _gate_open(name: str, nr_usable: Any, lte_anchor: Any) -> Any:
    """Where the gates of a gated signature set are open: NR, LTE anchor, or both."""
    if name == "n":
        return nr_usable
    if name == "l":
        return lte_anchor
    return nr_usable & lte_anchor


def _signature_entries(
    columns: list[_Column], classes: dict[object, int]
) -> tuple[dict[frozenset[tuple[int, str]], int], list[tuple[int, int, int, bool]]]:
    """Distinct group signatures, and (signature, column, points, is coverage) per group."""
    sigs: dict[frozenset[tuple[int, str]], int] = {}
    entries: list[tuple[int, int, int, bool]] = []
    for n, col in enumerate(columns):
        deps = col.view.deployments
        for group in col.view.groups:
            key = frozenset((classes[deps[i].cls], gate(deps[i])) for i in group.members)
            s = sigs.setdefault(key, len(sigs))
            entries.append((s, n, group.points, group.layer is Layer.COVERAGE))
    return sigs, entries
