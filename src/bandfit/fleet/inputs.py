"""Find the input files, read their headers/schemas, and check the columns before any engine runs.

Why up front, in Python: a job that cannot work at all (no id column, no device column, a float
IMEI column, mixed CSV and Parquet parts) should fail in a second with a clear message, not
after an engine has scanned 100 million rows. Reading a header line or a Parquet footer is
cheap; the rows themselves are left to the engine.

CSV dialect (identical in every backend): UTF-8; lines end at ``\\n``, ``\\r\\n`` or ``\\r``; a
leading BOM is dropped; lines that are empty or only spaces, and lines identical to the header
(concatenated part files), are not rows. Fields are separated by commas; a field is either
unquoted (no ``"`` inside) or wholly quoted with ``""`` for a quote. Quoted line breaks are not
supported (such a record shows up as malformed lines). A line longer than
:data:`MAX_LINE_BYTES` stops the job (such a line is not a fleet row; it is a file read with the
wrong format or a quoted field run away). Column names are matched case-insensitively after
trimming.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from bandfit.errors import InvalidInputError
from bandfit.fleet.contract import (
    DEFAULT_ID_COLUMN,
    IDENTITY_COLUMNS,
    OPERATOR_COLUMN,
    InputFile,
    InputSpec,
)

__all__ = [
    "CSV_FIELD",
    "CSV_LINE",
    "MAX_LINE_BYTES",
    "discover",
    "line_too_long_error",
    "parquet_input_rows",
    "parquet_rows",
    "parse_csv_line",
]

CSV_FIELD = r',("(?:[^"]|"")*"|[^,"]*)'
"""One field, matched repeatedly on ``"," + line`` (every match consumes a comma, so no engine
meets an empty match — RE2, Java and Python then agree)."""
CSV_LINE = r'(,("([^"]|"")*"|[^,"]*))+'
"""A whole well-formed line (prefixed with a comma), for a full match."""
_CSV_SUFFIXES = (".csv", ".csv.gz")
_PARQUET_SUFFIXES = (".parquet", ".pq")
_STRING_ARROW = re.compile(r"^(string|large_string|null|dictionary<values=string.*)$")
_INT_ARROW = re.compile(r"^u?int(8|16|32|64)$")
# columns whose leading zeros are part of the value: an integer column has lost them
_DIGIT_COLUMNS = frozenset({"imei", "tac"})
BOM = "\ufeff"
MAX_LINE_BYTES = 1_048_576
"""The longest CSV line (UTF-8 bytes, without its line end) any backend accepts; a longer line
stops the job with :func:`line_too_long_error` (DuckDB's CSV reader needs a line-size limit,
and the other backends keep the same one so that they agree)."""


def line_too_long_error(path: Path | str) -> InvalidInputError:
    """The whole-job error for a CSV line longer than :data:`MAX_LINE_BYTES`."""
    return InvalidInputError(
        f"{path}: a line is longer than {MAX_LINE_BYTES:,} bytes",
        hint="check that the file is a CSV fleet export with one device per line "
        "(quoted line breaks are not supported)",
        value=str(path),
    )


def unquote(field: str) -> str:
    """A CSV field's value: outer quotes removed and ``""`` turned into ``"``."""
    if field.startswith('"'):
        return field[1:-1].replace('""', '"')
    return field


def parse_csv_line(line: str) -> list[str] | None:
    """Fields of one CSV line (values unquoted), or None when quotes are misplaced."""
    if '"' not in line:
        return line.split(",")
    if not re.fullmatch(CSV_LINE, "," + line):
        return None
    return [unquote(f) for f in re.findall(CSV_FIELD, "," + line)]


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _list_files(root: Path, exclude: Path | None = None) -> list[Path]:
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise InvalidInputError(f"input {root} does not exist", value=str(root))
    skip = exclude.resolve() if exclude is not None else None
    if skip is not None and _inside(root.resolve(), skip):
        skip = None  # the input is the output directory itself: read it (and fail on its columns)
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if any(part.startswith((".", "_")) for part in rel.parts) or not path.is_file():
            continue
        if skip is not None and _inside(path.resolve(), skip):
            continue  # a previous screen's output written inside the input directory
        if path.name.lower().endswith(_CSV_SUFFIXES + _PARQUET_SUFFIXES):
            found.append(path)
    if not found:
        raise InvalidInputError(
            f"input directory {root} holds no .csv, .csv.gz or .parquet files", value=str(root)
        )
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _format(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(_CSV_SUFFIXES):
        return "csv"
    if name.endswith(_PARQUET_SUFFIXES):
        return "parquet"
    raise InvalidInputError(
        f"{path}: unknown input format (use .csv, .csv.gz or .parquet)", value=str(path)
    )


def _first_line(path: Path) -> str | None:
    """The first non-blank line (BOM removed), or None for an empty file."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            for raw in fh:
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as err:
                    raise InvalidInputError(
                        f"{path}: the header line is not UTF-8 ({err.reason})", value=str(path)
                    ) from None
                for piece in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
                    piece = piece.removeprefix(BOM)
                    if piece.strip(" "):
                        return piece
    except OSError as err:
        raise InvalidInputError(f"{path}: cannot read ({err})", value=str(path)) from None
    return None


def _mapping(names: list[str], id_column: str, where: Path, *, by_index: bool) -> dict[str, str]:
    """Contract column -> the file's column (CSV: its 0-based field index as text)."""
    wanted = {id_column.lower(): DEFAULT_ID_COLUMN}
    wanted.update({c: c for c in (*IDENTITY_COLUMNS, OPERATOR_COLUMN) if c != id_column.lower()})
    seen: dict[str, str] = {}
    out: dict[str, str] = {}
    for i, raw in enumerate(names):
        key = raw.strip(" ").lower()
        if key in seen and key in wanted:
            raise InvalidInputError(f"{where}: column {raw!r} appears twice", value=raw)
        seen[key] = raw
        if key in wanted:
            out[wanted[key]] = str(i) if by_index else raw
    return out


def _csv_file(index: int, path: Path, id_column: str) -> InputFile | None:
    header = _first_line(path)
    if header is None:
        return None
    fields = parse_csv_line(header)
    if fields is None:
        raise InvalidInputError(f"{path}: the header line has misplaced quotes", value=header)
    columns = _mapping(fields, id_column, path, by_index=True)
    return InputFile(index, path, "csv", columns, header=header, n_fields=len(fields))


def _type_problem(contract: str, kind: str) -> tuple[str, str] | None:
    """(reason, hint) when a Parquet column of Arrow type ``kind`` cannot hold ``contract``."""
    if _STRING_ARROW.match(kind):
        return None
    if _INT_ARROW.match(kind):
        if contract not in _DIGIT_COLUMNS:
            return None
        return (
            "IMEIs and TACs must be strings: an integer has lost its leading zeros "
            "(099000479000004 becomes 99000479000004, a 14-digit IMEI with another TAC)",
            f"write the {contract} column as strings of digits, as they appear on the device",
        )
    if kind.startswith(("float", "double", "halffloat", "decimal")):
        return (
            "ids, IMEIs, TACs, model numbers and operators must be strings (or integers)",
            "write IMEIs as strings: a float loses digits and leading zeros",
        )
    return (
        "ids, IMEIs, TACs, model numbers and operators must be strings "
        "(ids, model numbers and operators may also be integers)",
        f"cast the column to a plain string type (string or large_string) before writing, "
        f"e.g. pyarrow's table.cast(...) or Polars' pl.String; {kind} is not read",
    )


def _parquet_file(index: int, path: Path, id_column: str) -> InputFile:
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
    except Exception as err:  # pyarrow raises several types for a non-Parquet file
        raise InvalidInputError(
            f"{path}: not a readable Parquet file ({err})", value=str(path)
        ) from None
    columns = _mapping(list(schema.names), id_column, path, by_index=False)
    types: dict[str, str] = {}
    for contract, name in columns.items():
        kind = str(schema.field(name).type)
        problem = _type_problem(contract, kind)
        if problem is not None:
            reason, hint = problem
            raise InvalidInputError(
                f"{path}: column {name!r} has type {kind}; {reason}", hint=hint, value=kind
            )
        types[contract] = kind
    return InputFile(index, path, "parquet", columns, arrow_types=types)


def discover(
    path: Path | str, *, id_column: str = DEFAULT_ID_COLUMN, exclude: Path | str | None = None
) -> InputSpec:
    """Files, format and columns of ``path`` (a file or a directory of parts).

    ``exclude`` is the screen's output directory: when it lies inside the input directory, its
    files (and those of its hidden temporary siblings, which start with ``.``) are not input.

    Raises:
        InvalidInputError: no files, mixed formats, no id column, no device column, a
            Parquet column of a type that cannot hold identifiers, or only empty files.
    """
    root = Path(path)
    paths = _list_files(root, Path(exclude) if exclude is not None else None)
    formats = {_format(p) for p in paths}
    if len(formats) > 1:
        raise InvalidInputError(
            f"input {root} mixes CSV and Parquet files; use one format", value=str(root)
        )
    fmt = formats.pop()
    files: list[InputFile] = []
    for p in paths:
        if fmt == "csv":
            found = _csv_file(len(files), p, id_column)
            if found is not None:
                files.append(found)
        else:
            files.append(_parquet_file(len(files), p, id_column))
    if not files:
        raise InvalidInputError(
            f"input {root} is empty: no header line in any file",
            hint="a CSV input needs a header line naming its columns",
            value=str(root),
        )
    present = frozenset(c for f in files for c in f.columns)
    if DEFAULT_ID_COLUMN not in present:
        raise InvalidInputError(
            f"input {root} has no {id_column!r} column",
            hint="name the row id column with --id-column",
            value=id_column,
        )
    if not present.intersection(IDENTITY_COLUMNS):
        raise InvalidInputError(
            f"input {root} has none of the columns {', '.join(IDENTITY_COLUMNS)}",
            hint="each row needs an IMEI, a TAC, a model number or a device name",
            value=str(root),
        )
    return InputSpec(root, fmt, tuple(files), id_column, present)


def parquet_rows(path: Path) -> int:
    """Rows in a Parquet file, from its footer (no data is read)."""
    import pyarrow.parquet as pq

    return int(pq.ParquetFile(path).metadata.num_rows)


def parquet_input_rows(spec: InputSpec) -> int | None:
    """Rows of a Parquet input, known before any engine reads it (progress totals); None for CSV,
    whose row count is only known after a full read."""
    if spec.fmt != "parquet":
        return None
    return sum(parquet_rows(f.path) for f in spec.files)
