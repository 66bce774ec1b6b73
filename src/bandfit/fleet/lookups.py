"""Resolve every distinct key the input uses, once, into the small tables the engines join.

Why: a 100-million-row fleet has a few thousand distinct TACs, model numbers, device names and
operators, and a few hundred distinct (variant, operator) pairs. Resolving those in Python with
the catalog's own functions (:class:`~bandfit.catalog.tac.TacResolver`,
:meth:`Catalog.resolve <bandfit.catalog.load.Catalog.resolve>`, ``find_operator``) keeps one
definition of "what does this TAC/name mean", and leaves the engines a join. Verdicts come from
:func:`~bandfit.compat.matrix.evaluate_matrix` (status, radio score) plus
:func:`~bandfit.compat.engine.check` for the voice status and main reason codes — cheap,
since only the pairs actually present are evaluated.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bandfit.catalog.load import Catalog
from bandfit.catalog.model import Device, Operator, Variant
from bandfit.catalog.query import normalise_model_number
from bandfit.catalog.tac import (
    TacResolver,
    TacTable,
    read_model_list_csv,
    read_osmocom_csv,
    read_tac_table,
)
from bandfit.compat.engine import check
from bandfit.compat.matrix import evaluate_matrix
from bandfit.compat.rules import variant_facts
from bandfit.compat.verdict import STATUS_ORDER, Severity
from bandfit.errors import (
    AmbiguousDeviceError,
    AmbiguousOperatorError,
    InvalidInputError,
    UnknownDeviceError,
    UnknownOperatorError,
    UnknownVariantError,
)
from bandfit.fleet.contract import MAX_REASONS, VOICE_ORDER, Lookups, luhn_tac_part

__all__ = ["InputKeys", "build_lookups", "load_tac_tables"]

MapRow = tuple[str, int | None, str | None, str | None]
TacRow = tuple[str, int | None, str | None, str | None, int]
Progress = Callable[[str, int, int | None], None]


@dataclass
class InputKeys:
    """Distinct keys found by an engine's first pass, and the number of input rows."""

    rows: int = 0
    tacs: set[str] = field(default_factory=set)
    model_numbers: set[str] = field(default_factory=set)
    devices: set[str] = field(default_factory=set)
    operators: set[str] = field(default_factory=set)

    @classmethod
    def from_grouping_rows(cls, rows: Iterable[Sequence[Any]], n_rows: int) -> InputKeys:
        """Keys from the rows of :func:`bandfit.fleet.sql.keys_sql` (its column order:
        four grouping flags, then tac, model number, device and operator keys, then a count)."""
        keys = cls(rows=n_rows)
        for g_tac, g_mn, g_dev, g_op, tac, mn, dev, op, _n in rows:
            if not g_tac and tac is not None:
                keys.tacs.add(tac)
            elif not g_mn and mn is not None:
                keys.model_numbers.add(mn)
            elif not g_dev and dev is not None:
                keys.devices.add(dev)
            elif not g_op and op is not None:
                keys.operators.add(op)
        return keys


def load_tac_tables(paths: Sequence[Path]) -> TacTable | None:
    """Merge TAC files of any supported format (detected from the first lines).

    Formats: the compiled ``bandfit.tac/1`` table (what ``bandfit fleet synth`` writes), the
    Osmocom TAC database export, or a plain ``tac,model,model2,...`` list such as the Samsung one.

    Raises:
        InvalidInputError: a missing or unreadable file, one that is not UTF-8 text (a ``.gz``
            or Parquet file), or one from which no TAC could be read (an empty file, or another
            CSV such as the fleet itself): screening with it would silently turn every IMEI
            into ``unknown-tac``.
    """
    table: TacTable | None = None
    for path in paths:
        p = Path(path)
        part = _read_tac_file(p)
        if len(part) == 0:
            raise InvalidInputError(
                f"TAC file {p}: no TAC could be read from it",
                hint="pass a TAC table: bandfit.tac/1 (from bandfit fleet synth), the Osmocom "
                "TAC database export, or a tac,model,... list with 8-digit TACs",
                value=str(p),
            )
        table = part if table is None else table.merged(part)
    return table


def _read_tac_file(p: Path) -> TacTable:
    hint = "convert it to a UTF-8 CSV file (a .gz file must be unpacked, Parquet exported as CSV)"
    try:
        with p.open(encoding="utf-8-sig") as fh:
            head = [fh.readline() for _ in range(3)]
        if head[0].startswith("# bandfit.tac/"):
            return read_tac_table(p)
        if any(line.lower().startswith("tac,name,name,") for line in head):
            return read_osmocom_csv(p).table
        brand = "Samsung" if "samsung" in p.name.lower() else ""
        return read_model_list_csv(p, brand=brand, source_id=p.name).table
    except UnicodeDecodeError as err:
        raise InvalidInputError(
            f"TAC file {p} is not UTF-8 text ({err.reason})", hint=hint, value=str(p)
        ) from None
    except csv.Error as err:
        raise InvalidInputError(
            f"TAC file {p} is not a readable CSV file ({err})", hint=hint, value=str(p)
        ) from None
    except OSError as err:
        raise InvalidInputError(f"cannot read TAC file {p} ({err})", value=str(p)) from None


class _Registry:
    """Stable small integer keys for the variants and operators that appear."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.variant_keys: dict[tuple[str, str], int] = {}
        self.operator_keys: dict[str, int] = {}

    def variant(self, device_id: str, variant_id: str) -> int:
        key = (device_id, variant_id)
        if key not in self.variant_keys:
            self.variant_keys[key] = len(self.variant_keys)
        return self.variant_keys[key]

    def operator(self, operator_id: str) -> int:
        if operator_id not in self.operator_keys:
            self.operator_keys[operator_id] = len(self.operator_keys)
        return self.operator_keys[operator_id]


def _candidates(pairs: Iterable[tuple[str, str]]) -> str:
    shown = [f"{d}/{v}" for d, v in pairs]
    return ", ".join(shown[:6]) + (f", ... ({len(shown)} in all)" if len(shown) > 6 else "")


def _map_row(
    key: str,
    hits: Sequence[tuple[str, str]],
    reg: _Registry,
    subject: str,
    ambiguous_code: str,
    missing_code: str,
    missing_message: str,
) -> MapRow:
    """A look-up row for ``key``: its variant when ``hits`` (catalog (device, variant) pairs)
    name exactly one, else a reject code and message (several: ambiguous, with the
    candidates; none: ``missing_*``). TACs and model numbers share the rule, so both reject
    the same way.

    ``hits`` is de-duplicated first (keeping order), as
    :meth:`TacResolver.explain <bandfit.catalog.tac.TacResolver.explain>` does: the catalog may
    list one variant's model number in several spellings (``SM-A135F`` and ``SM-A135F/DS``),
    which normalise to the same key and must not make the variant look ambiguous."""
    hits = list(dict.fromkeys(hits))
    if len(hits) == 1:
        return (key, reg.variant(*hits[0]), None, None)
    if hits:
        message = f"{subject} is listed for {len(hits)} catalog variants: {_candidates(hits)}"
        return (key, None, ambiguous_code, message)
    return (key, None, missing_code, missing_message)


def _tac_rows(tacs: Iterable[str], table: TacTable | None, reg: _Registry) -> list[TacRow]:
    """Rows for the TACs the TAC table lists; the others get no row.

    Why: in a real fleet most distinct TACs are absent from the table (181 k of 192 k in the
    10 M-row benchmark), and the engines already treat a TAC without a row as ``unknown-tac``
    with the message "TAC … is not in the TAC table" (and compute its Luhn part in SQL), so
    resolving them one by one in Python would only cost time.
    """
    if table is None:
        return []
    index = reg.catalog.model_number_index
    resolver = TacResolver(table)
    rows: list[MapRow] = []
    for tac in sorted(t for t in tacs if t in resolver.table):
        hits, reason = resolver.explain(tac, index)
        missing = reason or f"TAC {tac} matches no catalog variant"
        rows.append(
            _map_row(tac, hits, reg, f"TAC {tac}", "ambiguous-tac", "unresolved-tac", missing)
        )
    return [(*row, luhn_tac_part(row[0])) for row in rows]


def _model_rows(numbers: Iterable[str], reg: _Registry) -> list[MapRow]:
    index = reg.catalog.model_number_index
    rows: list[MapRow] = []
    for raw in sorted(numbers):
        norm = normalise_model_number(raw)
        hits, subject = index.get(norm, ()), f"model number {norm}"
        missing = f"no catalog variant has model number {norm}"
        rows.append(_map_row(raw, hits, reg, subject, "ambiguous-model", "unknown-model", missing))
    return rows


def _device_rows(texts: Iterable[str], reg: _Registry, progress: Progress | None) -> list[MapRow]:
    rows: list[MapRow] = []
    ordered = sorted(texts)
    for i, raw in enumerate(ordered):
        try:
            device, variant = reg.catalog.resolve(raw)
        except (UnknownDeviceError, UnknownVariantError) as err:
            rows.append((raw, None, "unknown-device", str(err)))
        except AmbiguousDeviceError as err:
            rows.append((raw, None, "ambiguous-device", str(err)))
        else:
            rows.append((raw, reg.variant(device.id, variant.id), None, None))
        if progress is not None and (i % 50 == 49 or i == len(ordered) - 1):
            progress("resolving device names", i + 1, len(ordered))
    return rows


def _operator_rows(names: Iterable[str], reg: _Registry) -> list[MapRow]:
    rows: list[MapRow] = []
    for raw in sorted(names):
        try:
            op = reg.catalog.operator(raw)
        except UnknownOperatorError as err:
            rows.append((raw, None, "unknown-operator", str(err)))
        except AmbiguousOperatorError as err:
            rows.append((raw, None, "ambiguous-operator", str(err)))
        else:
            rows.append((raw, reg.operator(op.id), None, None))
    return rows


def _main_reasons(codes: Iterable[tuple[str, Severity]]) -> list[str]:
    out: list[str] = []
    for code, severity in codes:
        if severity in (Severity.ERROR, Severity.WARNING) and code not in out:
            out.append(code)
    return out[:MAX_REASONS]


def _facts_key(variant: Variant) -> tuple[object, ...]:
    """What the rules read about ``variant`` (its :class:`~bandfit.compat.rules.VariantFacts`).

    Why: variants that agree on it get the same status, voice and warning/error codes on an
    operator (names only change the messages, and the market and release-date reasons are
    ``info``), so one ``check`` serves them all. A fleet's variants repeat a lot — every
    variant with unknown bands is the same — and ``check`` was most of the look-up time.
    """
    facts = variant_facts(variant)
    bands = tuple((rat.value, facts.bands[rat]) for rat in sorted(facts.bands, key=str))
    return (bands, facts.volte, facts.vonr, facts.nsa, facts.sa, facts.certified)


def _verdicts(
    reg: _Registry, day: dt.date
) -> list[tuple[int, int, str, int, float, str, int, list[str]]]:
    cat = reg.catalog
    pairs = sorted(reg.variant_keys.items(), key=lambda kv: kv[1])
    ops = sorted(reg.operator_keys.items(), key=lambda kv: kv[1])
    devices: list[Device] = [cat.devices[d] for (d, _v), _k in pairs]
    variants: list[Variant] = [
        next(v for v in dev.variants if v.id == vid)
        for dev, ((_d, vid), _k) in zip(devices, pairs, strict=True)
    ]
    operators: list[Operator] = [cat.operators[o] for o, _k in ops]
    if not variants or not operators:
        return []
    matrix = evaluate_matrix(variants, operators, day, catalog=cat)
    out = []
    explained: dict[tuple[tuple[object, ...], int], tuple[str, list[str]]] = {}
    for i, (variant, device) in enumerate(zip(variants, devices, strict=True)):
        facts = _facts_key(variant)
        for j, operator in enumerate(operators):
            status = matrix.status(i, j)
            hit = explained.get((facts, j))
            if hit is None:
                verdict = check(variant, operator, day, catalog=cat, device=device)
                hit = explained[(facts, j)] = (
                    verdict.voice.status,
                    _main_reasons((r.code, r.severity) for r in verdict.reasons),
                )
            voice, reasons = hit
            out.append(
                (
                    pairs[i][1],
                    ops[j][1],
                    status.value,
                    STATUS_ORDER[status],
                    float(matrix.scores[i, j]),
                    voice,
                    VOICE_ORDER.get(voice, len(VOICE_ORDER)),
                    list(reasons),
                )
            )
    return out


def build_lookups(
    keys: InputKeys,
    catalog: Catalog,
    *,
    tac_table: TacTable | None,
    default_operator: str | None,
    on: dt.date,
    baseline_on: dt.date | None = None,
    progress: Progress | None = None,
) -> Lookups:
    """Resolve ``keys`` and evaluate the (variant, operator) pairs they lead to."""
    reg = _Registry(catalog)
    operator_names = set(keys.operators)
    if default_operator is not None:
        operator_names.add(default_operator)
    lookups = Lookups(on=on, baseline_on=baseline_on, default_operator=default_operator)
    lookups.operator_map = _operator_rows(operator_names, reg)
    lookups.tac_map = _tac_rows(keys.tacs, tac_table, reg)
    lookups.model_map = _model_rows(keys.model_numbers, reg)
    lookups.device_map = _device_rows(keys.devices, reg, progress)
    lookups.variants = [
        (k, d, v) for (d, v), k in sorted(reg.variant_keys.items(), key=lambda kv: kv[1])
    ]
    lookups.operators = [(k, o) for o, k in sorted(reg.operator_keys.items(), key=lambda kv: kv[1])]
    if progress is not None:
        progress("evaluating verdicts", 0, None)
    lookups.verdicts = _verdicts(reg, on)
    if baseline_on is not None:
        lookups.verdicts_baseline = _verdicts(reg, baseline_on)
    return lookups
