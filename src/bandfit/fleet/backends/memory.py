"""The memory backend: the reference implementation, plain Python over rows.

Why keep a slow backend: it states the rules of :mod:`bandfit.fleet.contract` as ordinary code
(IMEIs go through :func:`bandfit.catalog.tac.parse_imei` itself), so the SQL of the DuckDB and
Spark backends is checked against it row by row in the equality test. It streams the input
(rows are never all in memory) but keeps a set of row ids for duplicate detection, so it suits
tests and small fleets, not 100 million rows.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bandfit.catalog.tac import parse_imei
from bandfit.errors import InvalidImeiError, InvalidInputError
from bandfit.fleet.backends.base import Progress
from bandfit.fleet.contract import (
    CONTRACT_COLUMNS,
    DEFAULT_ID_COLUMN,
    IDENTITY_COLUMNS,
    OPERATOR_COLUMN,
    RESOLVED_BY,
    InputFile,
    InputSpec,
    Lookups,
    RunCounts,
    change_category,
    imei_problem,
    rejects_schema,
    results_schema,
)
from bandfit.fleet.inputs import BOM, MAX_LINE_BYTES, line_too_long_error, parse_csv_line
from bandfit.fleet.lookups import InputKeys
from bandfit.fleet.sql import MISSING_COLUMNS_MSG, MISSING_OPERATOR_MSG
from bandfit.fleet.tables import finish_aggregates

__all__ = ["MemoryBackend"]

# ASCII-only case-insensitive, as the SQL engines' IMEI_LABEL (re.I would fold "İ" into "i")
_LABEL = re.compile(r"^\s*[Ii][Mm][Ee][Ii](?:[Ss][Vv])?\s*[:#]?\s*")
_SEPARATORS = re.compile(r"[\s/-]+")
_TAC = re.compile(r"[0-9]{8}")
_BATCH = 65536
_LONG_CHARS = MAX_LINE_BYTES // 4  # a UTF-8 character takes at most 4 bytes


@dataclass(slots=True)
class _Row:
    """One staged input row (positions, CSV problems, raw contract values)."""

    pos: tuple[int, int]
    bad: str | None
    msg: str | None
    line: str | None
    values: dict[str, str | None]


@dataclass(slots=True)
class _Ident:
    """A row's cleaned values and identity check (the SQL ``keyed`` CTE)."""

    rid: str | None
    raw: dict[str, str | None]
    op: str | None
    how: str | None
    digits: str | None
    id_code: str | None
    id_msg: str | None
    tac_key: str | None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip(" ")
    return value or None


def _identify(row: _Row, default_operator: str | None) -> _Ident:
    v = {c: _clean(row.values.get(c)) for c in CONTRACT_COLUMNS}
    how = next((RESOLVED_BY[c] for c in IDENTITY_COLUMNS if v[c] is not None), None)
    digits = id_code = id_msg = tac_key = None
    if how == "imei":
        raw = v["imei"] or ""
        digits = _SEPARATORS.sub("", _LABEL.sub("", raw, count=1))
        # the label check above is the contract's (ASCII-only); parse_imei then decides
        problem = imei_problem(digits)
        if problem is None:
            try:
                tac_key = parse_imei(raw).tac
            except InvalidImeiError:
                problem = ("invalid-imei", "IMEI rejected")
        if problem is not None:
            id_code, id_msg = problem
    elif how == "tac":
        digits = _SEPARATORS.sub("", v["tac"] or "")
        if _TAC.fullmatch(digits):
            tac_key = digits
        else:
            id_code, id_msg = "invalid-tac", "TAC must be 8 digits"
    return _Ident(
        v[DEFAULT_ID_COLUMN],
        v,
        v[OPERATOR_COLUMN] or default_operator,
        how,
        digits,
        id_code,
        id_msg,
        tac_key,
    )


def _csv_rows(f: InputFile) -> Iterator[_Row]:
    opener: Any = gzip.open if f.path.name.lower().endswith(".gz") else open
    positions = {c: int(i) for c, i in f.columns.items()}
    with opener(f.path, "rb") as raw_fh:
        text = io.TextIOWrapper(raw_fh, encoding="utf-8", errors="strict", newline=None)
        try:
            for n, raw_line in enumerate(text):
                line = raw_line.rstrip("\n")
                if len(line) > _LONG_CHARS and len(line.encode("utf-8")) > MAX_LINE_BYTES:
                    raise line_too_long_error(f.path)
                line = line.removeprefix(BOM)
                if not line.strip(" ") or line == f.header:
                    continue
                fields = parse_csv_line(line)
                if fields is None:
                    yield _Row(
                        (f.index, n), "malformed-row", "misplaced or unbalanced quotes", line, {}
                    )
                elif len(fields) != f.n_fields:
                    msg = f"line has {len(fields)} fields; the header has {f.n_fields}"
                    yield _Row((f.index, n), "malformed-row", msg, line, {})
                else:
                    yield _Row(
                        (f.index, n), None, None, None, {c: fields[i] for c, i in positions.items()}
                    )
        except UnicodeDecodeError as err:
            raise InvalidInputError(
                f"input is not valid UTF-8: {f.path} ({err.reason})",
                hint="convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8)",
            ) from None
        except (EOFError, OSError, zlib.error) as err:  # a truncated or corrupt .gz, a read error
            raise InvalidInputError(
                f"{f.path}: cannot read ({err})",
                hint="a .csv.gz file may be truncated: check its size or re-export it",
                value=str(f.path),
            ) from None


def _parquet_rows(f: InputFile) -> Iterator[_Row]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = list(f.columns.values())
    n = 0
    for batch in pq.ParquetFile(f.path).iter_batches(columns=names, batch_size=_BATCH):
        cols = {
            c: batch.column(batch.schema.get_field_index(name)).cast(pa.string()).to_pylist()
            for c, name in f.columns.items()
        }
        for i in range(batch.num_rows):
            yield _Row((f.index, n), None, None, None, {c: cols[c][i] for c in cols})
            n += 1


def _rows(spec: InputSpec) -> Iterator[_Row]:
    for f in spec.files:
        yield from (_csv_rows(f) if f.fmt == "csv" else _parquet_rows(f))


class _Writer:
    """Buffered Parquet writer with a fixed batch size (deterministic row groups)."""

    def __init__(self, path: Path, schema: Any) -> None:
        import pyarrow.parquet as pq

        self.schema = schema
        self.writer = pq.ParquetWriter(path, schema, compression="zstd")
        self.rows: list[tuple[Any, ...]] = []
        self.count = 0

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)
        if len(self.rows) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            cols = list(zip(*self.rows, strict=True))
            arrays = [
                pa.array(list(c), type=f.type) for c, f in zip(cols, self.schema, strict=True)
            ]
            self.writer.write_table(pa.Table.from_arrays(arrays, schema=self.schema))
            self.count += len(self.rows)
            self.rows = []

    def close(self) -> None:
        self.flush()
        self.writer.close()


class MemoryBackend:
    """Pure-Python screening over streamed rows."""

    name = "memory"

    def __init__(self) -> None:
        self._spec: InputSpec | None = None
        self._default_operator: str | None = None
        self._first: dict[str, tuple[int, int]] = {}
        self._count: Counter[str] = Counter()
        self.input_rows = 0

    def scan(
        self,
        spec: InputSpec,
        workdir: Path,
        *,
        default_operator: str | None,
        progress: Progress | None,
    ) -> InputKeys:
        """One pass: row count, distinct keys, first position and count of each row id."""
        self._spec, self._default_operator = spec, default_operator
        keys = InputKeys()
        for row in _rows(spec):
            keys.rows += 1
            if progress is not None and keys.rows % 100_000 == 0:
                progress("scanning", keys.rows, None)
            if row.bad is not None:
                continue
            ident = _identify(row, default_operator)
            if ident.rid is not None:
                self._count[ident.rid] += 1
                self._first.setdefault(ident.rid, row.pos)
            if ident.tac_key is not None:
                keys.tacs.add(ident.tac_key)
            elif ident.how == "model-number" and ident.raw["model_number"] is not None:
                keys.model_numbers.add(ident.raw["model_number"])
            elif ident.how == "device" and ident.raw["device"] is not None:
                keys.devices.add(ident.raw["device"])
            if ident.op is not None:
                keys.operators.add(ident.op)
        self.input_rows = keys.rows
        return keys

    def _reject(
        self, row: _Row, ident: _Ident | None, lk: dict[str, Any], id_column: str
    ) -> tuple[str, str | None, str | None, str | None] | None:
        """(code, field, raw value, message) or None when the row is accepted."""
        if row.bad is not None:
            return row.bad, "line", row.line, row.msg
        assert ident is not None
        if ident.rid is None:
            return "missing-row-id", id_column, None, f"no value in column {id_column}"
        if self._count[ident.rid] > 1 and self._first[ident.rid] != row.pos:
            return (
                "duplicate-row-id",
                id_column,
                ident.rid,
                f"row id {ident.rid} already appeared earlier in the input",
            )
        if ident.how is None:
            return "missing-columns", None, None, MISSING_COLUMNS_MSG
        field = {"imei": "imei", "tac": "tac", "model-number": "model_number", "device": "device"}[
            ident.how
        ]
        raw = ident.raw[field]
        if ident.id_code is not None:
            return ident.id_code, field, raw, ident.id_msg
        table, key, unknown, fallback = {
            "imei": (
                "tac",
                ident.tac_key,
                "unknown-tac",
                f"TAC {ident.tac_key} is not in the TAC table",
            ),
            "tac": (
                "tac",
                ident.tac_key,
                "unknown-tac",
                f"TAC {ident.tac_key} is not in the TAC table",
            ),
            "model-number": ("model", raw, "unknown-model", f"unknown model number {raw}"),
            "device": ("device", raw, "unknown-device", f"unknown device {raw}"),
        }[ident.how]
        hit = lk[table].get(key)
        if hit is None:
            return unknown, field, raw, fallback
        if hit[1] is not None:
            return hit[1], field, raw, hit[2]
        if ident.op is None:
            return "missing-operator", "operator", None, MISSING_OPERATOR_MSG
        op = lk["operator"].get(ident.op)
        if op is None:
            return "unknown-operator", "operator", ident.op, f"unknown operator {ident.op}"
        if op[1] is not None:
            return op[1], "operator", ident.op, op[2]
        return None

    def write(
        self, lookups: Lookups, out: Path, *, id_column: str, progress: Progress | None
    ) -> RunCounts:
        """Second pass: classify each row and write both outputs in input order."""
        assert self._spec is not None
        baseline = lookups.with_baseline
        lk: dict[str, Any] = {
            "tac": {row[0]: row[1:4] for row in lookups.tac_map},
            "model": {k: (i, c, m) for k, i, c, m in lookups.model_map},
            "device": {k: (i, c, m) for k, i, c, m in lookups.device_map},
            "operator": {k: (i, c, m) for k, i, c, m in lookups.operator_map},
        }
        variants = {k: (d, v) for k, d, v in lookups.variants}
        operators = dict(lookups.operators)
        base = {(r[0], r[1]): r for r in lookups.verdicts_baseline}
        pairs: dict[tuple[int, int], tuple[Any, ...]] = {}
        for vk, ok, status, _sr, score, voice, _vr, reasons in lookups.verdicts:
            dev, var = variants[vk]
            pair: tuple[Any, ...] = (operators[ok], dev, var, status, score, voice, list(reasons))
            if baseline:
                b = base[(vk, ok)]
                pair += (
                    b[2],
                    b[4],
                    b[5],
                    change_category((b[2], b[4], b[5]), (status, score, voice)),
                )
            pairs[(vk, ok)] = pair
        results = _Writer(out / "results.parquet", results_schema(baseline))
        rejects = _Writer(out / "rejects.parquet", rejects_schema())
        agg: dict[str, Counter[Any]] = {
            k: Counter()
            for k in (
                "by_status",
                "by_resolved_by",
                "by_operator",
                "by_reject_reason",
                "by_change",
                "top",
            )
        }
        done = 0
        for row in _rows(self._spec):
            done += 1
            if progress is not None and done % 100_000 == 0:
                progress("screening", done, self.input_rows)
            ident = None if row.bad is not None else _identify(row, self._default_operator)
            rejected = self._reject(row, ident, lk, id_column)
            if rejected is not None:
                code, field, raw, msg = rejected
                rejects.add((ident.rid if ident else None, field, raw, code, msg))
                agg["by_reject_reason"][code] += 1
                continue
            assert ident is not None
            assert ident.how is not None
            assert ident.op is not None
            table = (
                "tac"
                if ident.how in ("imei", "tac")
                else ("model" if ident.how == "model-number" else "device")
            )
            key = (
                ident.tac_key
                if table == "tac"
                else ident.raw["model_number" if table == "model" else "device"]
            )
            vkey, okey = lk[table][key][0], lk["operator"][ident.op][0]
            pair = pairs[(vkey, okey)]
            op_id, dev, var, status, score, voice, reasons = pair[:7]
            tac = ident.tac_key if ident.how in ("imei", "tac") else None
            results.add(
                (
                    ident.rid,
                    op_id,
                    dev,
                    var,
                    ident.how,
                    tac,
                    status,
                    score,
                    voice,
                    reasons,
                    *pair[7:],
                )
            )
            agg["by_status"][status] += 1
            agg["by_resolved_by"][ident.how] += 1
            agg["by_operator"][op_id] += 1
            if baseline:
                agg["by_change"][pair[10]] += 1
            affected = (
                pair[10] in ("lost data", "lost voice", "degraded")
                if baseline
                else status in ("limited", "no service")
            )
            if affected:
                agg["top"][(dev, var, op_id, status, *((pair[10],) if baseline else ()))] += 1
        results.close()
        rejects.close()
        top = sorted(agg.pop("top").items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1], kv[0][2]))[
            :10
        ]
        rows = {k: list(c.items()) for k, c in agg.items()}
        rows["top_affected"] = [(*k, n) for k, n in top]
        if not baseline:
            rows.pop("by_change")
        return RunCounts(
            self.input_rows, results.count, rejects.count, finish_aggregates(rows, baseline)
        )

    def close(self) -> None:
        """Drop the duplicate-detection state."""
        self._first.clear()
        self._count.clear()
