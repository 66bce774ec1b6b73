"""A synthetic fleet generator: realistic mixes of good and bad rows, any size, bounded memory.

Why: benchmarks and crash tests need 10-100 million rows that look like an operator's export —
mostly IMEIs of popular phones, some TAC-only, model-number and free-text rows, and the usual
dirt (unknown TACs, bad check digits, wrong lengths, empty rows, repeated ids) — with every
IMEI resolvable through a TAC table that is written next to the output
(``FILE.tacs.csv``, format ``bandfit.tac/1``) and passed to ``bandfit fleet screen --tac-db``.

TACs: real ones from a TAC list when given (the Samsung list maps TACs to model numbers; TACs
resolving to exactly one catalog variant are used for good rows, the others for a small share
of ``ambiguous-tac``/``unresolved-tac`` rows), plus synthetic TACs (``99xxxxxx``) for every
catalog variant with a model number, so the mix includes iPhones, Pixels, Xiaomis and the rest.

Rows are generated in chunks with numpy (``np.random.default_rng([seed, chunk])``) and written
with one Parquet writer, so memory stays bounded and the output is identical for a seed.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bandfit.catalog.load import Catalog, default_catalog
from bandfit.catalog.model import Device, Variant
from bandfit.catalog.tac import TacModel, TacResolver, TacTable, write_tac_table
from bandfit.errors import InvalidInputError
from bandfit.fleet.backends.base import Progress
from bandfit.fleet.lookups import load_tac_tables

__all__ = ["MIX", "SynthOptions", "SynthResult", "synthesize", "tac_table_path"]

# Share of rows per kind (sums to 1). Kinds other than the first three become rejects.
MIX: dict[str, float] = {
    "imei": 0.82,
    "tac": 0.03,
    "model_number": 0.05,
    "device": 0.02,
    "imei-unknown-tac": 0.02,
    "imei-ambiguous-tac": 0.015,
    "imei-bad-check-digit": 0.02,
    "imei-bad-length": 0.01,
    "empty": 0.005,
    "duplicate-id": 0.01,
}
_KINDS = tuple(MIX)
_SYNTH_PREFIX = 99_000_000


@dataclass(frozen=True)
class SynthOptions:
    """Size, seed, operator column and TAC sources of a synthetic fleet."""

    rows: int
    seed: int = 1
    operator: str | None = None
    tac_sources: tuple[Path, ...] = ()
    chunk_rows: int = 1_000_000


@dataclass
class SynthResult:
    """Where the fleet and its TAC table went, and how many rows of each kind were made."""

    path: Path
    tac_table: Path
    rows: int
    kinds: dict[str, int] = field(default_factory=dict)
    real_tacs: int = 0
    synthetic_tacs: int = 0


def tac_table_path(out: Path | str) -> Path:
    """``fleet.parquet`` -> ``fleet.tacs.csv`` (next to it)."""
    p = Path(out)
    stem = p.name[: -len(".parquet")] if p.name.endswith(".parquet") else p.name
    return p.with_name(stem + ".tacs.csv")


@dataclass
class _Pools:
    """Everything a chunk draws from, as numpy/Arrow arrays."""

    weights: Any  # float64 [V] popularity
    tac_offset: Any  # int64 [V] first TAC of each variant in ``tacs``
    tac_count: Any  # int64 [V]
    tacs: Any  # int64 TACs grouped by variant
    bad_tacs: Any  # int64 TACs that resolve to several / no variants
    known: Any  # sorted int64 every TAC in the table
    models: Any  # Arrow string array of model numbers (with some noise)
    model_variant: Any  # int64 [M] variant of each model number
    devices: Any  # Arrow string array of free-text names
    operators: Any  # Arrow string array or None
    operator_p: Any  # float64 probabilities or None


def _variants(cat: Catalog) -> list[tuple[Device, Variant]]:
    return [(d, v) for d, v in cat.variants() if v.model_numbers]


def _build_table(
    cat: Catalog, variants: list[tuple[Device, Variant]], sources: Sequence[Path]
) -> tuple[TacTable, dict[int, list[int]], list[int], int]:
    """TAC table (real + synthetic), TACs per variant index, ambiguous/unresolved TACs, #real."""
    index = {(d.id, v.id): i for i, (d, v) in enumerate(variants)}
    real = load_tac_tables(sources) if sources else None
    table = TacTable(real) if real is not None else TacTable()
    per_variant: dict[int, list[int]] = {}
    bad: list[int] = []
    n_real = len(table)
    if real is not None:
        resolution = TacResolver(real).resolve_all([e.tac for e in real], cat.model_number_index)
        for tac, hits in sorted(resolution.resolved.items()):
            if len(hits) == 1 and hits[0] in index:
                per_variant.setdefault(index[hits[0]], []).append(int(tac))
            else:
                bad.append(int(tac))
        bad.extend(int(t) for t in sorted(resolution.unresolved))
    next_tac = _SYNTH_PREFIX
    for i, (dev, var) in enumerate(variants):
        if i in per_variant:
            continue
        for _ in range(2):
            while f"{next_tac:08d}" in table:
                next_tac += 1
            table.add(
                f"{next_tac:08d}",
                TacModel(dev.brand, dev.name, (var.model_numbers[0],), ("bandfit-synth",)),
            )
            per_variant.setdefault(i, []).append(next_tac)
            next_tac += 1
    return table, per_variant, bad, n_real


def _pools(
    cat: Catalog,
    variants: list[tuple[Device, Variant]],
    per_variant: dict[int, list[int]],
    bad: list[int],
    table: TacTable,
    operator: str | None,
    seed: int,
) -> _Pools:
    import numpy as np
    import pyarrow as pa

    rng = np.random.default_rng([seed, 2**31 - 1])
    n = len(variants)
    ranks = rng.permutation(n)
    weights = 1.0 / (ranks + 1.0) ** 0.9
    weights /= weights.sum()
    counts = np.array([len(per_variant[i]) for i in range(n)], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    tacs = np.array([t for i in range(n) for t in per_variant[i]], dtype=np.int64)
    models: list[str] = []
    model_variant: list[int] = []
    for i, (_dev, var) in enumerate(variants):
        for j, number in enumerate(var.model_numbers[:3]):
            noisy = [
                number,
                number.lower() if j == 0 else number,
                f"{number}/DS" if "/" not in number else number,
            ]
            for text in dict.fromkeys(noisy):
                models.append(text)
                model_variant.append(i)
    top = np.argsort(-weights)[:40]
    names: list[str] = []
    for i in top:
        dev, _var = variants[int(i)]
        names += [dev.full_name, dev.name]
    names += ["Galxy S22", "iPhone", "Pixel", "Redmi Note 13 Pro 5G", "unknown phone"]
    ops = probs = None
    if operator is not None:
        main = cat.operator(operator)
        others = [o.id for o in cat.operators_in(main.country) if o.id != main.id][:4]
        values = [main.id, *others, main.brands[0] if main.brands else main.name, "Unknown Telco"]
        probs = np.array(
            [0.94, *([0.04 / len(others)] * len(others)), 0.01, 0.01]
            if others
            else [0.98, 0.01, 0.01]
        )
        ops = pa.array(values, type=pa.string())
    return _Pools(
        weights=weights,
        tac_offset=offsets,
        tac_count=counts,
        tacs=tacs,
        bad_tacs=np.array(bad or [int(tacs[0])], dtype=np.int64),
        known=np.array(sorted(int(e.tac) for e in table), dtype=np.int64),
        models=pa.array(models, type=pa.string()),
        model_variant=np.array(model_variant, dtype=np.int64),
        devices=pa.array(list(dict.fromkeys(names)), type=pa.string()),
        operators=ops,
        operator_p=probs,
    )


def _digits(numbers: Any, width: int) -> Any:
    """int64 [n] -> uint8 [n, width] decimal digits (most significant first)."""
    import numpy as np

    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return ((numbers[:, None] // powers[None, :]) % 10).astype(np.uint8)


def _luhn(body: Any) -> Any:
    """Luhn check digits of uint8 [n, 14] digit rows."""
    import numpy as np

    d = body.astype(np.int64)
    doubled = d[:, 1::2] * 2
    doubled = np.where(doubled > 9, doubled - 9, doubled)
    total = d[:, 0::2].sum(axis=1) + doubled.sum(axis=1)
    return ((10 - total % 10) % 10).astype(np.uint8)


def _strings(digits: Any, lengths: Any, valid: Any) -> Any:
    """Arrow strings from digit rows, each cut to its length; NULL where not ``valid``."""
    import numpy as np
    import pyarrow as pa

    lens = np.where(valid, lengths, 0).astype(np.int64)
    mask = np.arange(digits.shape[1])[None, :] < lens[:, None]
    data = (digits + 48).astype(np.uint8)[mask]
    offsets = np.concatenate([[0], np.cumsum(lens)]).astype(np.int32)
    validity = pa.array(valid).buffers()[1] if not valid.all() else None
    return pa.Array.from_buffers(
        pa.string(),
        len(lens),
        [validity, pa.py_buffer(offsets), pa.py_buffer(data.tobytes())],
        null_count=int((~valid).sum()),
    )


def _chunk(pools: _Pools, start: int, n: int, seed: int, chunk_no: int) -> tuple[Any, Any]:
    """One chunk as an Arrow table, and the kind index of each row."""
    import numpy as np
    import pyarrow as pa

    rng = np.random.default_rng([seed, chunk_no])
    kinds = rng.choice(len(_KINDS), size=n, p=np.array([MIX[k] for k in _KINDS]))
    k = {name: kinds == i for i, name in enumerate(_KINDS)}
    variant = rng.choice(len(pools.weights), size=n, p=pools.weights)
    pick = pools.tac_offset[variant] + (rng.random(n) * pools.tac_count[variant]).astype(np.int64)
    tac = pools.tacs[pick]
    tac = np.where(
        k["imei-ambiguous-tac"], pools.bad_tacs[rng.integers(0, len(pools.bad_tacs), n)], tac
    )
    unknown = rng.integers(98_000_000, 98_999_999, n)
    unknown = np.where(np.isin(unknown, pools.known), 98_999_999, unknown)
    tac = np.where(k["imei-unknown-tac"], unknown, tac)
    body = np.concatenate([_digits(tac, 8), _digits(rng.integers(0, 1_000_000, n), 6)], axis=1)
    check = _luhn(body)
    check = np.where(
        k["imei-bad-check-digit"], (check + 1 + rng.integers(0, 9, n)) % 10, check
    ).astype(np.uint8)
    extra = _digits(rng.integers(0, 100, n), 2)
    digits = np.concatenate([body, check[:, None], extra], axis=1)
    lengths = np.where(k["imei-bad-length"], np.where(rng.random(n) < 0.5, 13, 17), 15)
    is_imei = (
        k["imei"]
        | k["imei-unknown-tac"]
        | k["imei-ambiguous-tac"]
        | k["imei-bad-check-digit"]
        | k["imei-bad-length"]
        | k["duplicate-id"]
    )
    imei = _strings(digits, lengths, is_imei)
    tac_col = _strings(_digits(tac, 8), np.full(n, 8), k["tac"])
    model_pick = rng.integers(0, len(pools.models), n)
    models = pools.models.take(pa.array(model_pick)).to_numpy(zero_copy_only=False)
    model_col = pa.array(np.where(k["model_number"], models, None), type=pa.string())
    dev_pick = rng.integers(0, len(pools.devices), n)
    devs = pools.devices.take(pa.array(dev_pick)).to_numpy(zero_copy_only=False)
    device_col = pa.array(np.where(k["device"], devs, None), type=pa.string())
    ids = np.arange(start, start + n, dtype=np.int64)
    back = np.maximum(start, ids - 1 - rng.integers(0, 1000, n))
    ids = np.where(k["duplicate-id"] & (ids > start), back, ids)
    columns = {
        "row_id": pa.array(ids),
        "imei": imei,
        "tac": tac_col,
        "model_number": model_col,
        "device": device_col,
    }
    if pools.operators is not None:
        op_pick = rng.choice(len(pools.operators), size=n, p=pools.operator_p)
        ops = pools.operators.take(pa.array(op_pick)).to_numpy(zero_copy_only=False)
        columns["operator"] = pa.array(np.where(rng.random(n) < 0.5, ops, None), type=pa.string())
    return pa.table(columns), kinds


def synthesize(
    out: Path | str,
    options: SynthOptions,
    *,
    catalog: Catalog | None = None,
    progress: Progress | None = None,
) -> SynthResult:
    """Write a synthetic fleet to ``out`` (Parquet) and its TAC table to ``FILE.tacs.csv``.

    Raises:
        InvalidInputError: a negative row count, a chunk size below 1, an ``out`` that is a
            directory, or a TAC source that cannot be read.
        UnknownOperatorError: ``options.operator`` is not in the catalog.
    """
    import numpy as np
    import pyarrow.parquet as pq

    if options.rows < 0:
        raise InvalidInputError("--rows must be zero or more", value=options.rows)
    if options.chunk_rows < 1:
        raise InvalidInputError(
            f"--chunk-rows must be 1 or more, not {options.chunk_rows}",
            hint="the default, 1000000, bounds memory to a few hundred MB",
            value=options.chunk_rows,
        )
    target = Path(out)
    if target.is_dir():
        raise InvalidInputError(
            f"--out {target} is a directory; synth writes one Parquet file",
            hint=f"name a file, e.g. --out {target / 'fleet.parquet'}",
            value=str(target),
        )
    cat = catalog or default_catalog()
    variants = _variants(cat)
    table, per_variant, bad, n_real = _build_table(cat, variants, options.tac_sources)
    pools = _pools(cat, variants, per_variant, bad, table, options.operator, options.seed)
    target.parent.mkdir(parents=True, exist_ok=True)
    tac_path = tac_table_path(target)
    write_tac_table(table, tac_path)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    counts = np.zeros(len(_KINDS), dtype=np.int64)
    writer = None
    try:
        done = 0
        chunk_no = 0
        while done < options.rows or writer is None:
            n = min(options.chunk_rows, options.rows - done)
            chunk, kinds = _chunk(pools, done, n, options.seed, chunk_no)
            counts += np.bincount(kinds, minlength=len(_KINDS))
            if writer is None:
                writer = pq.ParquetWriter(tmp, chunk.schema, compression="zstd")
            writer.write_table(chunk, row_group_size=min(options.chunk_rows, 1_000_000) or 1)
            done += n
            chunk_no += 1
            if progress is not None:
                progress("generating", done, options.rows)
            if n == 0:
                break
        writer.close()
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return SynthResult(
        path=target,
        tac_table=tac_path,
        rows=options.rows,
        kinds={name: int(c) for name, c in zip(_KINDS, counts, strict=True)},
        real_tacs=n_real,
        synthetic_tacs=len(table) - n_real,
    )
