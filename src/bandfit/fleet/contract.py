"""The fleet-screening contract: input columns, per-row rules, reject codes, outputs, lookups.

Why one module: three backends (pure Python, DuckDB, Spark) must give identical output on the
same input. Everything they share — column names, the order in which a row's problems are
checked, reject codes and their messages, change categories, output schemas and the small
lookup tables the Python side precomputes — is declared here once, and the equality test runs
all three over the same adversarial input.

Per-row rules (in this order; the first that applies decides):

1. ``malformed-row`` (CSV only): the line's fields do not split cleanly (a quote inside an
   unquoted field, an unterminated quote) or their number differs from the header's.
2. ``missing-row-id``: no value in the id column. ``duplicate-row-id``: the id already appeared
   earlier in the input (files in path order, rows in file order); the first occurrence is kept.
3. The device identity, from the first non-empty of ``imei`` > ``tac`` > ``model_number`` >
   ``device`` (a bad IMEI is a reject even when a model number is also given — the data owner
   should fix it, not have it silently ignored): ``missing-columns`` (none given),
   ``invalid-imei`` / ``bad-imei-check-digit`` (rules of :func:`bandfit.catalog.tac.parse_imei`),
   ``invalid-tac``, ``unknown-tac``, ``unresolved-tac``, ``ambiguous-tac``, ``unknown-model``,
   ``ambiguous-model``, ``unknown-device``, ``ambiguous-device``.
4. The operator (the row's ``operator`` value, else ``--operator``): ``missing-operator``,
   ``unknown-operator``, ``ambiguous-operator``.

Values are trimmed of ASCII spaces; empty means absent. Everything else is accepted and joined
to the verdict of its (variant, operator) pair.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bandfit.compat.verdict import STATUS_ORDER, Status

__all__ = [
    "CHANGES",
    "CONTRACT_COLUMNS",
    "DEFAULT_ID_COLUMN",
    "IDENTITY_COLUMNS",
    "MAX_REASONS",
    "OPERATOR_COLUMN",
    "REJECT_CODES",
    "RESOLVED_BY",
    "VOICE_ORDER",
    "InputFile",
    "InputSpec",
    "Lookups",
    "RunCounts",
    "change_category",
    "imei_problem",
    "luhn_tac_part",
    "rejects_schema",
    "results_schema",
]

DEFAULT_ID_COLUMN = "row_id"
IDENTITY_COLUMNS: tuple[str, ...] = ("imei", "tac", "model_number", "device")
OPERATOR_COLUMN = "operator"
# the staged row layout every backend reads the input into
CONTRACT_COLUMNS: tuple[str, ...] = (DEFAULT_ID_COLUMN, *IDENTITY_COLUMNS, OPERATOR_COLUMN)
RESOLVED_BY: dict[str, str] = {
    "imei": "imei",
    "tac": "tac",
    "model_number": "model-number",
    "device": "device",
}
MAX_REASONS = 5

# Reject codes in the order they are checked; descriptions are documented in the guide (a test
# checks every code appears there).
REJECT_CODES: dict[str, str] = {
    "malformed-row": "a CSV line that does not split into the header's number of fields",
    "missing-row-id": "no value in the row id column",
    "duplicate-row-id": "the row id appeared earlier in the input (the first occurrence is kept)",
    "missing-columns": "no value in any of imei, tac, model_number, device",
    "invalid-imei": "not an IMEI: non-digits, or not 14-16 digits",
    "bad-imei-check-digit": "15 digits whose Luhn check digit does not match",
    "invalid-tac": "the tac column is not 8 digits",
    "unknown-tac": "the TAC is not in the TAC table(s) given with --tac-db",
    "unresolved-tac": "the TAC is known but none of its model numbers is in the catalog",
    "ambiguous-tac": "the TAC's model numbers belong to several catalog variants",
    "unknown-model": "no catalog variant has this model number",
    "ambiguous-model": "the model number belongs to several catalog variants",
    "unknown-device": "no catalog device matches the free text",
    "ambiguous-device": "the free text matches several devices, or a device with several variants and no global one",
    "missing-operator": "no operator in the row and no --operator",
    "unknown-operator": "the operator is not in the catalog",
    "ambiguous-operator": "the operator name is used in several countries",
}

# Change categories, most severe first (the first that applies wins).
CHANGES: dict[str, str] = {
    "lost data": "had service (works / works with gaps / limited) on the baseline date, no service now (so no calls either)",
    "lost voice": "could make calls (voice ok or unverified) on the baseline date, cannot now, though it still has some service",
    "degraded": "worse status, lower radio score at the same status, or a worse voice status",
    "gained": "better status, higher radio score at the same status, or a better voice status",
    "unchanged": "same status, score and voice status",
}

VOICE_ORDER: dict[str, int] = {"ok": 0, "unverified": 1, "unknown": 2, "none": 3}
_SERVICE = (Status.WORKS.value, Status.WORKS_WITH_GAPS.value, Status.LIMITED.value)
_VOICE_OK = ("ok", "unverified")


def change_category(base: tuple[str, float, str], now: tuple[str, float, str]) -> str:
    """The change from ``base`` to ``now`` (each ``(status, radio_score, voice status)``).

    The SQL engines evaluate the same rules (:func:`bandfit.fleet.sql.change_sql`).
    """
    (s0, r0, v0), (s1, r1, v1) = base, now
    k0, k1 = STATUS_ORDER[Status(s0)], STATUS_ORDER[Status(s1)]
    w0, w1 = VOICE_ORDER[v0], VOICE_ORDER[v1]
    if s0 in _SERVICE and s1 == Status.NO_SERVICE.value:
        return "lost data"
    if v0 in _VOICE_OK and v1 == "none":
        return "lost voice"
    if k1 > k0 or (k1 == k0 and r1 < r0) or w1 > w0:
        return "degraded"
    if k1 < k0 or (k1 == k0 and r1 > r0) or w1 < w0:
        return "gained"
    return "unchanged"


def imei_problem(digits: str) -> tuple[str, str] | None:
    """(reject code, message) for cleaned IMEI digits, or None when they form a valid IMEI.

    ``digits`` is the value with the optional ``IMEI``/``IMEISV`` label and separators removed
    (as :func:`bandfit.catalog.tac.parse_imei` does). The SQL engines build the same messages.
    """
    from bandfit.catalog.tac import luhn_check_digit

    if not digits:
        return "invalid-imei", "IMEI has no digits"
    if not (digits.isascii() and digits.isdigit()):
        return "invalid-imei", "IMEI contains characters other than digits"
    n = len(digits)
    if n not in (14, 15, 16):
        return (
            "invalid-imei",
            f"IMEI has {n} digits; an IMEI has 15 (14 without check digit), an IMEISV 16",
        )
    if n == 15:
        expected = luhn_check_digit(digits[:14])
        if int(digits[14]) != expected:
            return (
                "bad-imei-check-digit",
                f"IMEI check digit {digits[14]} does not match; the Luhn check digit for these 14 digits is {expected}",
            )
    return None


# Luhn contribution of a digit pair "ab" (a at an odd position, b at an even one, doubled).
LUHN_PAIRS: tuple[int, ...] = tuple(
    p // 10 + (2 * (p % 10) - 9 * ((p % 10) // 5)) for p in range(100)
)


def luhn_tac_part(tac: str) -> int:
    """Luhn sum of an IMEI's first 8 digits (the TAC), stored per TAC in the TAC lookup.

    The check digit of 14 digits is ``(10 - (luhn_tac_part(tac) + serial part) % 10) % 10``;
    splitting it lets the SQL engines do three pair look-ups per row instead of 14 digit
    operations (the TAC lookup is joined anyway).
    """
    return sum(LUHN_PAIRS[int(tac[i : i + 2])] for i in range(0, 8, 2))


# ----------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input file: its position in the input order, path, format and columns.

    ``columns`` maps a contract column (``row_id`` after ``--id-column`` renaming, ``imei``, ...)
    to the file's own column name (CSV: the field index as a string) for the columns it has.
    """

    index: int
    path: Path
    fmt: str  # csv | parquet
    columns: dict[str, str]
    header: str | None = None  # CSV: the header line as read (BOM removed)
    n_fields: int = 0  # CSV: number of header fields
    arrow_types: dict[str, str] = field(default_factory=dict)  # parquet: column -> arrow type


@dataclass(frozen=True, slots=True)
class InputSpec:
    """The discovered input: files in order, format, the id column name and what is present."""

    root: Path
    fmt: str
    files: tuple[InputFile, ...]
    id_column: str
    present: frozenset[str]  # contract columns present in at least one file

    def column_groups(self) -> list[tuple[dict[str, str], list[int]]]:
        """File indexes grouped by their column mapping *and* the columns' types, so each group
        is read in one scan: ``(contract column -> file column, [file index, ...])`` in input
        order of each group's first file.

        Why the types: an engine reading several Parquet files in one scan takes the column
        types of the first file, so a part whose ``row_id`` is int64 would turn the next part's
        string ``"007"`` into ``7`` (DuckDB), or a part with an all-null column fail the scan
        of the others.
        """
        groups: dict[tuple[tuple[str, str, str], ...], list[int]] = {}
        for f in self.files:
            sig = tuple(sorted((c, n, f.arrow_types.get(c, "")) for c, n in f.columns.items()))
            groups.setdefault(sig, []).append(f.index)
        return [({c: n for c, n, _t in sig}, indexes) for sig, indexes in groups.items()]


# ----------------------------------------------------------------------------- lookups


@dataclass
class Lookups:
    """The small tables the engines join: every key the input uses, resolved once in Python.

    Map rows are ``(key, id or None, reject code or None, message or None)`` (``tac_map`` adds
    the TAC's Luhn partial sum, :func:`luhn_tac_part`, and holds only the TACs the TAC table
    lists: any other TAC is ``unknown-tac``); ``verdicts`` rows
    are ``(vkey, okey, status, status_rank, radio_score, voice, voice_rank, reasons)``.
    """

    on: dt.date
    baseline_on: dt.date | None
    default_operator: str | None
    tac_map: list[tuple[str, int | None, str | None, str | None, int]] = field(default_factory=list)
    model_map: list[tuple[str, int | None, str | None, str | None]] = field(default_factory=list)
    device_map: list[tuple[str, int | None, str | None, str | None]] = field(default_factory=list)
    operator_map: list[tuple[str, int | None, str | None, str | None]] = field(default_factory=list)
    variants: list[tuple[int, str, str]] = field(
        default_factory=list
    )  # vkey, device_id, variant_id
    operators: list[tuple[int, str]] = field(default_factory=list)  # okey, operator_id
    verdicts: list[tuple[int, int, str, int, float, str, int, list[str]]] = field(
        default_factory=list
    )
    verdicts_baseline: list[tuple[int, int, str, int, float, str, int, list[str]]] = field(
        default_factory=list
    )

    @property
    def with_baseline(self) -> bool:
        """True when a baseline date was given (change columns are written)."""
        return self.baseline_on is not None


MAP_COLUMNS = ("key", "id", "code", "message")
VERDICT_COLUMNS = (
    "vkey",
    "okey",
    "status",
    "status_rank",
    "radio_score",
    "voice",
    "voice_rank",
    "reasons",
)


@dataclass
class RunCounts:
    """What a backend reports after writing: rows read, accepted, rejected (from its outputs)."""

    input_rows: int
    accepted: int
    rejected: int
    aggregates: dict[str, Any] = field(default_factory=dict)


# ----------------------------------------------------------------------------- outputs

RESULT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("row_id", "string"),
    ("operator_id", "string"),
    ("device_id", "string"),
    ("variant_id", "string"),
    ("resolved_by", "string"),
    ("tac", "string"),
    ("status", "string"),
    ("radio_score", "double"),
    ("voice", "string"),
    ("reasons", "list<string>"),
)
BASELINE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("status_baseline", "string"),
    ("radio_score_baseline", "double"),
    ("voice_baseline", "string"),
    ("change", "string"),
)
REJECT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("row_id", "string"),
    ("field", "string"),
    ("raw_value", "string"),
    ("reason", "string"),
    ("message", "string"),
)


def result_columns(with_baseline: bool) -> tuple[tuple[str, str], ...]:
    """Column names and logical types of ``results.parquet``."""
    return RESULT_COLUMNS + (BASELINE_COLUMNS if with_baseline else ())


def _arrow_type(kind: str) -> Any:
    import pyarrow as pa

    return {"string": pa.string(), "double": pa.float64(), "list<string>": pa.list_(pa.string())}[
        kind
    ]


def results_schema(with_baseline: bool) -> Any:
    """The pyarrow schema of ``results.parquet``."""
    import pyarrow as pa

    return pa.schema([(name, _arrow_type(kind)) for name, kind in result_columns(with_baseline)])


def rejects_schema() -> Any:
    """The pyarrow schema of ``rejects.parquet``."""
    import pyarrow as pa

    return pa.schema([(name, _arrow_type(kind)) for name, kind in REJECT_COLUMNS])


def column_names(columns: Sequence[tuple[str, str]]) -> list[str]:
    """Just the names."""
    return [name for name, _kind in columns]
