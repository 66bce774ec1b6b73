"""All variants × all operators on a date at once, with the same answers as :func:`check`.

Why matrix products: a variant's answer on a network depends on a handful of facts per spectrum
group — does it cover a member that needs no gate (``X_a``), an NR member (``X_n``, opened by
"NR usable"), or an LTE supplemental member (``X_l``, opened by "LTE anchor")? Those are
properties of the *variant* alone, computed once per distinct group signature. The two gates are
per (variant, network) and each is surely closed, open, or unknown; for each reachable pair of
gate states, whether a group is usable (``X_a ∨ open_n·X_n ∨ open_l·X_l``) or unknown is again a
property of the variant alone, so the covered points, usable-group counts and unknown-group counts
of every pair come from one matrix product per gate combination, picked element-wise.

P holds integer group points per network column, so float32 products are exact and the scores
are bit-identical to the scalar path (same integer numerator and denominator, one IEEE division).
Status rules then run element-wise in the order of :func:`bandfit.compat.rules._status`. A
property test on random catalogs checks equality with ``check`` pair by pair.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
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
    """Variant facts as arrays: band membership, known RATs, voice/NR flags, certifications."""

    def __init__(self, catalog: Catalog, variants: Sequence[Variant]) -> None:
        np = _np()
        self.variants = variants
        reg = catalog.registry
        self.band_index = {b.id: i for i, b in enumerate(reg)}
        n = len(variants)
        self.bits = np.zeros((n, len(self.band_index)), dtype=np.float32)
        self.known = np.zeros((n, len(_RATS)), dtype=bool)
        self.volte = np.zeros(n, dtype=np.int8)  # 1 yes, 0 no, -1 unknown
        self.vonr = np.zeros(n, dtype=np.int8)
        self.sa = np.zeros(n, dtype=np.int8)
        self.nsa = np.zeros(n, dtype=bool)
        self.certified: list[frozenset[str]] = []
        tri = {True: 1, False: 0, None: -1}
        for i, var in enumerate(variants):
            facts = _facts(catalog, var)
            for r, rat in enumerate(_RATS):
                bands = facts.bands[rat]
                if bands is not None:
                    self.known[i, r] = True
                    for b in bands:
                        idx = self.band_index.get(b)
                        if idx is not None:
                            self.bits[i, idx] = 1.0
            self.volte[i] = tri[facts.volte]
            self.vonr[i] = tri[facts.vonr]
            self.sa[i] = tri[facts.sa]
            self.nsa[i] = facts.nsa
            self.certified.append(facts.certified)


def _build_columns(
    catalog: Catalog, operators: Sequence[Operator], on: dt.date
) -> tuple[list[_Column], list[list[int]], list[Status | None]]:
    """Network columns to evaluate, the columns of each operator, and fixed statuses."""
    columns: list[_Column] = []
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
            idx.append(len(columns))
            columns.append(_Column(choice, _view(catalog, choice.network, on)))
        per_op.append(idx)
        fixed.append(None)
    return columns, per_op, fixed


def _class_coverage(
    block: _VariantBlock, columns: list[_Column]
) -> tuple[Any, Any, dict[object, int]]:
    """Boolean [V, C] twice: class surely covered; class state unknown (see CoverageClass.state)."""
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
    mask = np.zeros((len(block.band_index), max(len(alts), 1)), dtype=np.float32)
    for alt, a in alts.items():
        for band in alt:
            idx = block.band_index.get(band)
            if idx is not None:
                mask[idx, a] = 1.0
    alt_cov = (block.bits @ mask) > 0
    shape = (len(block.variants), max(len(classes), 1))
    cov = np.ones(shape, dtype=bool)
    unknown = np.zeros(shape, dtype=bool)
    for c, ids in enumerate(class_alts):
        known = block.known[:, class_rat[c]]
        some = np.zeros(len(block.variants), dtype=bool)
        for a in ids:
            cov[:, c] &= alt_cov[:, a]
            some |= alt_cov[:, a]
        cov[:, c] &= known
        # unknown: the RAT's bands are unknown, or only some candidates of an inferred deployment
        unknown[:, c] = ~known | (some & ~cov[:, c])
    return cov, unknown, classes


def evaluate_matrix(
    variants: Sequence[Variant],
    operators: Sequence[Operator],
    on: DateLike | None = None,
    *,
    catalog: Catalog | None = None,
) -> MatrixResult:
    """Status and radio score of every variant on every operator on ``on``.

    Agrees exactly with :func:`bandfit.compat.check` (tested on random catalogs).
    """
    np = _np()
    cat = catalog or default_catalog()
    day = as_date(on)
    n_v, n_o = len(variants), len(operators)
    codes = np.full((n_v, n_o), _CODE[Status.UNKNOWN], dtype=np.int8)
    scores = np.zeros((n_v, n_o), dtype=np.float64)
    columns, per_op, fixed = _build_columns(cat, operators, day)
    if n_v == 0 or n_o == 0:
        return MatrixResult(variants, operators, day, codes, scores)
    block = _VariantBlock(cat, variants)
    col_codes, col_scores = _evaluate_columns(block, columns) if columns else (codes, scores)
    order = np.array([STATUS_ORDER[s] for s in STATUS_CODES], dtype=np.int8)
    for j in range(n_o):
        status = fixed[j]
        if status is not None:
            codes[:, j] = _CODE[status]
            continue
        cols = per_op[j]
        best_code = col_codes[:, cols[0]].copy()
        best_score = col_scores[:, cols[0]].copy()
        for c in cols[1:]:
            cand_code, cand_score = col_codes[:, c], col_scores[:, c]
            better = (order[cand_code] < order[best_code]) | (
                (order[cand_code] == order[best_code]) & (cand_score > best_score)
            )
            best_code = np.where(better, cand_code, best_code)
            best_score = np.where(better, cand_score, best_score)
        codes[:, j] = best_code
        scores[:, j] = best_score
    return MatrixResult(variants, operators, day, codes, scores)


def _signatures(
    columns: list[_Column], classes: dict[object, int]
) -> tuple[list[tuple[frozenset[tuple[int, str]], int]], Any, Any, Any]:
    """Distinct group signatures and per-column points / group counts / coverage-group counts."""
    np = _np()
    sigs: dict[tuple[frozenset[tuple[int, str]], int], int] = {}
    entries: list[tuple[int, int, int, bool]] = []  # (sig, col, points, is_coverage)
    for n, col in enumerate(columns):
        deps = col.view.deployments
        for group in col.view.groups:
            members = frozenset((classes[deps[i].cls], gate(deps[i])) for i in group.members)
            rat_mask = 0
            for i in group.members:
                rat_mask |= 1 << _RATS.index(deps[i].rat)
            key = (members, rat_mask)
            if key not in sigs:
                sigs[key] = len(sigs)
            entries.append((sigs[key], n, group.points, group.layer is Layer.COVERAGE))
    n_s, n_c = max(len(sigs), 1), len(columns)
    points = np.zeros((n_s, n_c), dtype=np.float32)
    counts = np.zeros((n_s, n_c), dtype=np.float32)
    cover = np.zeros((n_s, n_c), dtype=np.float32)
    for s, n, p, is_cov in entries:
        points[s, n] += p
        counts[s, n] += 1
        cover[s, n] += 1 if is_cov else 0
    return list(sigs), points, counts, cover


@dataclass
class _Gates:
    """Per-(variant, column) booleans that open deployment gates, and the raw facts behind them."""

    lte_anchor: Any
    nr_usable: Any
    cs_ok: Any
    nr_any: Any
    certified: Any
    lte_unknown: Any  # no LTE anchor, but some LTE carrier's support is unknown
    cs_unknown: Any  # no 2G/3G carrier usable, but some one's support is unknown
    nr_unknown: Any  # some NR carrier's support is unknown


def _gates(
    block: _VariantBlock,
    columns: list[_Column],
    classes: dict[object, int],
    raw_t: Any,
    unknown_cls: Any,
) -> _Gates:

    np = _np()
    n_cls, n_c = raw_t.shape[1], len(columns)
    m_lte = np.zeros((n_cls, n_c), dtype=np.float32)
    m_legacy = np.zeros((n_cls, n_c), dtype=np.float32)
    m_nr = np.zeros((n_cls, n_c), dtype=np.float32)
    for n, col in enumerate(columns):
        for dep in col.view.deployments:
            c = classes[dep.cls]
            if dep.rat is Rat.LTE and not dep.is_supplemental:
                m_lte[c, n] = 1.0
            elif dep.rat in _LEGACY:
                m_legacy[c, n] = 1.0
            elif dep.rat is Rat.NR:
                m_nr[c, n] = 1.0
    lte_anchor = (raw_t @ m_lte) > 0
    certified = np.zeros((len(block.variants), n_c), dtype=bool)
    for i, certs in enumerate(block.certified):
        if certs:
            certified[i] = [not certs.isdisjoint(col.choice.certified_ids) for col in columns]
    sa_live = _col_flag(columns, lambda c: c.view.sa_live)
    sa_cert = _col_flag(columns, lambda c: PolicyRule.SA_CERTIFIED_ONLY in c.choice.policies)
    sa_path = (block.sa == 1)[:, None] & sa_live & ~(sa_cert & ~certified)
    nr_usable = sa_path | (block.nsa[:, None] & lte_anchor)
    unk = unknown_cls.astype(np.float32)
    cs_ok = (raw_t @ m_legacy) > 0
    return _Gates(
        lte_anchor=lte_anchor,
        nr_usable=nr_usable,
        cs_ok=cs_ok,
        nr_any=(raw_t @ m_nr) > 0,
        certified=certified,
        lte_unknown=~lte_anchor & ((unk @ m_lte) > 0),
        cs_unknown=~cs_ok & ((unk @ m_legacy) > 0),
        nr_unknown=(unk @ m_nr) > 0,
    )


def _col_flag(columns: list[_Column], fn: Any) -> Any:
    np = _np()
    return np.array([bool(fn(col)) for col in columns], dtype=bool)[None, :]


@dataclass
class _Counts:
    """Integer sums per (variant, column): covered points, usable groups, usable coverage groups, unknown groups."""

    covered: Any
    n_true: Any
    n_cov_true: Any
    n_unknown: Any
    n_cov_unknown: Any
    n_cov: Any


def _counts(
    block: _VariantBlock,
    columns: list[_Column],
    classes: dict[object, int],
    raw_t: Any,
    unknown_cls: Any,
    gates: _Gates,
) -> _Counts:
    """Group sums per (variant, column), one matrix product per gate combination.

    Each gate (NR usable, LTE anchor) is surely closed, open, or unknown (it depends on unknown
    LTE bands). A group is usable when a member without a gate, or behind an open gate, is
    covered; unknown when not usable and some member behind an open gate has unknown bands, or
    some member behind an unknown gate could be covered. With the gate states fixed, both are
    properties of the variant alone, so each reachable (NR gate, LTE gate) combination is one
    product with the per-column group weights; each pair then takes its combination's value.
    """
    np = _np()
    sig_keys, points, counts, cover = _signatures(columns, classes)
    n_s, n_c, n_cls = len(sig_keys) or 1, len(columns), raw_t.shape[1]
    gate_masks = {
        g: np.zeros((n_cls, n_s), dtype=np.float32) for g in ("always", "nr", "lte-anchor")
    }
    for s, (members, _rat_mask) in enumerate(sig_keys):
        for cls_idx, g in members:
            gate_masks[g][cls_idx, s] = 1.0
    unk = unknown_cls.astype(np.float32)
    x = {g: (raw_t @ m) > 0 for g, m in gate_masks.items()}
    u = {g: (unk @ m) > 0 for g, m in gate_masks.items()}
    rhs = np.concatenate([points, counts, cover], axis=1)
    unknown_rhs = np.concatenate([counts, cover], axis=1)
    # gate states per pair: 0 surely closed, 1 open, 2 unknown (depends on unknown LTE bands)
    lte_gate = np.where(gates.lte_anchor, 1, np.where(gates.lte_unknown, 2, 0))
    nr_unknown_gate = ~gates.nr_usable & block.nsa[:, None] & gates.lte_unknown
    nr_gate = np.where(gates.nr_usable, 1, np.where(nr_unknown_gate, 2, 0))
    covered = np.zeros((len(block.variants), n_c), dtype=np.int64)
    n_true, n_cov_true, n_unknown, n_cov_unknown = (np.zeros_like(covered) for _ in range(4))
    none = np.zeros_like(x["always"])
    for gn in (0, 1, 2):
        for gl in (0, 1, 2):
            pick = (nr_gate == gn) & (lte_gate == gl)
            if not pick.any():
                continue
            usable = (
                x["always"]
                | (x["nr"] if gn == 1 else none)
                | (x["lte-anchor"] if gl == 1 else none)
            )
            maybe = (
                u["always"]
                | (u["nr"] if gn == 1 else none)
                | (u["lte-anchor"] if gl == 1 else none)
                | ((x["nr"] | u["nr"]) if gn == 2 else none)
                | ((x["lte-anchor"] | u["lte-anchor"]) if gl == 2 else none)
            )
            true_sums = np.rint(usable.astype(np.float32) @ rhs).astype(np.int64)
            unknown_sums = np.rint((~usable & maybe).astype(np.float32) @ unknown_rhs).astype(
                np.int64
            )
            covered = np.where(pick, true_sums[:, :n_c], covered)
            n_true = np.where(pick, true_sums[:, n_c : 2 * n_c], n_true)
            n_cov_true = np.where(pick, true_sums[:, 2 * n_c :], n_cov_true)
            n_unknown = np.where(pick, unknown_sums[:, :n_c], n_unknown)
            n_cov_unknown = np.where(pick, unknown_sums[:, n_c:], n_cov_unknown)
    return _Counts(
        covered=covered,
        n_true=n_true,
        n_cov_true=n_cov_true,
        n_unknown=n_unknown,
        n_cov_unknown=n_cov_unknown,
        n_cov=np.rint(cover.sum(axis=0)).astype(np.int64)[None, :],
    )


@dataclass
class _Voice:
    unknown: Any
    unverified: Any
    none: Any
    adm_refused: Any
    adm_unknown: Any
    adm_unverified: Any
    nr_ok: Any


def _voice_admission(block: _VariantBlock, columns: list[_Column], g: _Gates) -> _Voice:
    """Voice paths and admission, element-wise, in the order of rules._voice / rules._admission."""
    volte, vonr = block.volte[:, None], block.vonr[:, None]

    def flag(fn: Any) -> Any:
        return _col_flag(columns, fn)

    nonvolte = flag(lambda c: PolicyRule.NON_VOLTE_ACTIVATION_REFUSED in c.choice.policies)
    certpol = flag(lambda c: PolicyRule.DEVICE_CERTIFICATION in c.choice.policies)
    whitelist = flag(lambda c: PolicyRule.VOLTE_WHITELIST in c.choice.policies)
    nr_ok = g.nr_usable & g.nr_any
    nr_gate_unknown = ~g.nr_usable & block.nsa[:, None] & g.lte_unknown
    nr_unknown = (g.nr_usable & ~nr_ok & g.nr_unknown) | (
        nr_gate_unknown & (g.nr_any | g.nr_unknown)
    )
    volte_no = (
        (~g.lte_anchor & ~g.lte_unknown) | flag(lambda c: c.view.lte_voice == "none") | (volte == 0)
    )
    volte_unknown = ~volte_no & (
        g.lte_unknown | flag(lambda c: c.view.lte_voice == "unknown") | (volte == -1)
    )
    volte_unverified = ~volte_no & ~volte_unknown & whitelist & ~g.certified
    volte_yes = ~volte_no & ~volte_unknown & ~volte_unverified
    vonr_offered = flag(lambda c: c.view.nr_voice == "vonr") & (vonr != 0)
    vonr_yes = vonr_offered & nr_ok & (vonr == 1)
    vonr_unknown = vonr_offered & ((nr_ok & (vonr == -1)) | nr_unknown)
    voice_ok = volte_yes | vonr_yes | g.cs_ok
    unverified = ~voice_ok & volte_unverified
    unknown = ~voice_ok & ~unverified & (volte_unknown | vonr_unknown | g.cs_unknown)
    return _Voice(
        unknown=unknown,
        unverified=unverified,
        none=~voice_ok & ~unverified & ~unknown,
        adm_refused=nonvolte & (volte == 0),
        adm_unknown=nonvolte & (volte == -1),
        adm_unverified=~nonvolte_settled(nonvolte, volte) & certpol & ~g.certified,
        nr_ok=nr_ok,
    )


def _evaluate_columns(block: _VariantBlock, columns: list[_Column]) -> tuple[Any, Any]:
    np = _np()
    cov, unknown_cls, classes = _class_coverage(block, columns)
    raw_t = cov.astype(np.float32)
    gates = _gates(block, columns, classes, raw_t, unknown_cls)
    counts = _counts(block, columns, classes, raw_t, unknown_cls, gates)
    voice = _voice_admission(block, columns, gates)
    total = np.array([col.view.total_points for col in columns], dtype=np.int64)[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(total > 0, counts.covered / np.where(total > 0, total, 1), 0.0)
    return _decide(block, columns, counts, gates, voice, score), score


def _decide(
    block: _VariantBlock, columns: list[_Column], k: _Counts, g: _Gates, v: _Voice, score: Any
) -> Any:
    """Status codes, applying the rules of rules._status in the same order (first match wins)."""
    np = _np()
    shape = score.shape
    code = np.full(shape, -1, dtype=np.int8)
    no_primary = np.zeros((1, shape[1]), dtype=bool)
    primary_known = np.ones(shape, dtype=bool)
    for n, col in enumerate(columns):
        rat = col.view.primary_rat
        if rat is None:
            no_primary[0, n] = True
        else:
            primary_known[:, n] = block.known[:, _RATS.index(rat)]
    has_modern = _col_flag(columns, lambda c: c.view.has_rat(Rat.LTE) or c.view.has_rat(Rat.NR))

    def decide(mask: Any, status: Status) -> None:
        code[mask & (code < 0)] = _CODE[status]

    any_true, any_unknown = k.n_true > 0, k.n_unknown > 0
    works = (score >= WORKS_MIN_SCORE) & (k.n_cov_true == k.n_cov)
    capped = v.unknown | v.unverified | v.adm_unknown | v.adm_unverified | any_unknown
    decide(np.broadcast_to(no_primary, shape) | ~primary_known, Status.UNKNOWN)
    decide(~any_true & any_unknown, Status.UNKNOWN)
    decide(~any_true, Status.NO_SERVICE)
    decide(v.adm_refused, Status.NO_SERVICE)
    decide(~(g.lte_anchor | v.nr_ok) & has_modern, Status.LIMITED)
    decide(v.none, Status.LIMITED)
    decide(works & capped, Status.WORKS_WITH_GAPS)
    decide(works, Status.WORKS)
    decide((score >= GAPS_MIN_SCORE) | (k.n_cov_true > 0), Status.WORKS_WITH_GAPS)
    decide(k.n_cov_unknown > 0, Status.UNKNOWN)
    decide(np.ones(shape, dtype=bool), Status.LIMITED)
    return code


def nonvolte_settled(nonvolte: Any, volte: Any) -> Any:
    """True where the non-VoLTE policy already decided admission (refused or unknown)."""
    return nonvolte & (volte != 1)
