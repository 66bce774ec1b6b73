"""IMEIs and TACs: parse and check IMEIs, import public TAC lists, resolve a TAC to variants.

Why: fleet owners have IMEIs, not model names. The first 8 digits of an IMEI (the Type
Allocation Code) identify the model, and a model number leads to the catalog variant whose band
list decides the verdict. Public TAC lists are crowd-sourced and many-to-many (one TAC listed
for several model numbers, one model under many TACs), so a lookup returns *all* candidates and
an unresolved TAC is reported with the reason rather than guessed.

IMEI forms accepted by :func:`parse_imei` (separators: spaces, dashes, slashes; an optional
leading ``IMEI``/``IMEISV`` label): 15 digits (TAC 8 + serial 6 + Luhn check digit, checked),
14 digits (no check digit: it is computed), 16 digits (IMEISV: TAC + serial + 2-digit software
version, which has no check digit).

Importers (every rejected row is reported with its line number and reason):

* :func:`read_osmocom_csv` -- the Osmocom TAC database export: line 1 is a licence comment,
  line 2 the header ``tac,name,name,contributor,comment,gsmarena,gsmarena,aka`` (TAC, brand,
  model, contributor, comment, GSMArena device URL, GSMArena brand URL, aliases/model codes);
  a few TACs carry a leading space (stripped, noted).
* :func:`read_model_list_csv` -- a plain ``tac,model,model2,...`` list (the Samsung file from
  SamloaderKotlin: UTF-8 BOM, rows of 1-12 model numbers). 7-digit TACs have lost a leading
  zero (spreadsheet round trip) and are padded to 8 digits, noted.

Duplicated TACs are merged, never overwritten: a TAC keeps every distinct model it was listed
for; the same model listed twice gets the union of its model numbers.

Compiled table format (:func:`write_tac_table` / :func:`read_tac_table`): UTF-8 CSV, first line
``# bandfit.tac/1``, header ``tac,brand,name,model_numbers,sources,gsmarena``, one row per
(TAC, model), sorted by TAC; ``model_numbers`` and ``sources`` are ``|``-separated; empty
``name`` means the source gave only model numbers. CSV rather than JSON because it diffs well,
streams, and opens in any spreadsheet or DuckDB (``read_csv``) for fleet joins.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bandfit.catalog.model import Device
from bandfit.catalog.query import normalise_model_number
from bandfit.errors import InvalidImeiError, InvalidInputError

__all__ = [
    "Imei",
    "RejectedRow",
    "TacEntry",
    "TacImport",
    "TacModel",
    "TacResolution",
    "TacResolver",
    "TacTable",
    "luhn_check_digit",
    "model_number_index",
    "normalize_model_number",
    "parse_imei",
    "read_model_list_csv",
    "read_osmocom_csv",
    "read_tac_table",
    "write_tac_table",
]

TABLE_MAGIC = "# bandfit.tac/1"
_TABLE_HEADER = ["tac", "brand", "name", "model_numbers", "sources", "gsmarena"]
_OSMOCOM_HEADER = ["tac", "name", "name", "contributor", "comment", "gsmarena", "gsmarena", "aka"]


# ----------------------------------------------------------------------------- IMEI


def luhn_check_digit(digits: str) -> int:
    """The Luhn check digit of the 14 IMEI digits before it (3GPP TS 23.003 annex B).

    Examples:
        >>> luhn_check_digit("49015420323751")
        8

    Raises:
        InvalidImeiError: ``digits`` is not exactly 14 ASCII digits.
    """
    if len(digits) != 14 or not digits.isascii() or not digits.isdigit():
        raise InvalidImeiError(digits, reason="the Luhn check digit needs exactly 14 digits")
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:  # every second digit from the right, starting next to the check digit
            value *= 2
            value = value - 9 if value > 9 else value
        total += value
    return (10 - total % 10) % 10


@dataclass(frozen=True, slots=True)
class Imei:
    """A parsed IMEI (``check_digit`` set) or IMEISV (``svn`` set)."""

    tac: str
    serial: str
    check_digit: int | None = None
    svn: str | None = None

    @property
    def is_imeisv(self) -> bool:
        """True for a 16-digit IMEISV (software version instead of a check digit)."""
        return self.svn is not None

    @property
    def imei(self) -> str:
        """The 15-digit IMEI (for an IMEISV, with its computed check digit)."""
        body = self.tac + self.serial
        digit = self.check_digit if self.check_digit is not None else luhn_check_digit(body)
        return f"{body}{digit}"

    def __str__(self) -> str:
        return f"{self.tac}{self.serial}{self.svn}" if self.svn is not None else self.imei


def parse_imei(text: str) -> Imei:
    """Parse an IMEI or IMEISV written with optional separators.

    Examples:
        >>> parse_imei("49-015420-323751-8").tac
        '49015420'
        >>> parse_imei("49015420323751").check_digit
        8

    Raises:
        InvalidImeiError: non-digit characters, a wrong number of digits, or a check digit that
            does not match (``expected_check_digit`` says which one would).
    """
    raw = text
    # the label is matched case-insensitively in ASCII only ("İMEI" is not a label), as the
    # fleet engines' SQL does (RE2 and Java fold ASCII only)
    body = re.sub(r"^\s*[Ii][Mm][Ee][Ii](?:[Ss][Vv])?\s*[:#]?\s*", "", text)
    digits = re.sub(r"[\s/-]+", "", body)
    if not digits:
        raise InvalidImeiError(raw, reason="no digits")
    if not (digits.isascii() and digits.isdigit()):
        bad = "".join(sorted({c for c in digits if not (c.isascii() and c.isdigit())}))
        raise InvalidImeiError(raw, reason=f"contains non-digit characters {bad!r}")
    n = len(digits)
    if n == 14:
        return Imei(digits[:8], digits[8:14], luhn_check_digit(digits))
    if n == 15:
        expected = luhn_check_digit(digits[:14])
        if int(digits[14]) != expected:
            raise InvalidImeiError(
                raw,
                reason=f"check digit {digits[14]} does not match",
                expected_check_digit=expected,
            )
        return Imei(digits[:8], digits[8:14], expected)
    if n == 16:
        return Imei(digits[:8], digits[8:14], None, digits[14:])
    raise InvalidImeiError(
        raw, reason=f"{n} digits; an IMEI has 15 (14 without check digit), an IMEISV 16"
    )


# ----------------------------------------------------------------------------- table


def normalize_model_number(text: str) -> str:
    """Model number as compared: upper case, no spaces, no dual-SIM suffix (``/DS``, ``/DSN``...).

    Delegates to :func:`bandfit.catalog.query.normalise_model_number` so that catalog look-ups and
    TAC resolution can never disagree on what "the same model number" is.

    Examples:
        >>> normalize_model_number(" sm-a515f/DSN ")
        'SM-A515F'
    """
    return normalise_model_number(text)


@dataclass(frozen=True, slots=True)
class TacModel:
    """One model a TAC is listed for: brand, marketing name (if known) and model numbers."""

    brand: str
    name: str | None
    model_numbers: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    gsmarena: str | None = None

    def codes(self) -> tuple[str, ...]:
        """Model numbers plus the name (some sources put the model number there)."""
        return (*self.model_numbers, self.name) if self.name else self.model_numbers


@dataclass(frozen=True, slots=True)
class TacEntry:
    """Everything known about one TAC (possibly several models: the lists are many-to-many)."""

    tac: str
    models: tuple[TacModel, ...]

    @property
    def model_numbers(self) -> tuple[str, ...]:
        """Every model number of every model, first-seen order."""
        return tuple(dict.fromkeys(m for model in self.models for m in model.model_numbers))

    @property
    def brands(self) -> tuple[str, ...]:
        """Distinct brands."""
        return tuple(dict.fromkeys(m.brand for m in self.models))


def _same_model(a: TacModel, b: TacModel) -> bool:
    return (
        a.brand.casefold() == b.brand.casefold()
        and (a.name or "").casefold() == (b.name or "").casefold()
    )


def _merge_models(a: TacModel, b: TacModel) -> TacModel:
    return TacModel(
        a.brand,
        a.name,
        tuple(dict.fromkeys((*a.model_numbers, *b.model_numbers))),
        tuple(dict.fromkeys((*a.sources, *b.sources))),
        a.gsmarena or b.gsmarena,
    )


class TacTable:
    """TAC -> :class:`TacEntry`, merging duplicates (a TAC keeps every model it was listed for)."""

    def __init__(self, entries: Iterable[TacEntry] = ()) -> None:
        self._entries: dict[str, list[TacModel]] = {}
        for entry in entries:
            for model in entry.models:
                self.add(entry.tac, model)

    def add(self, tac: str, model: TacModel) -> bool:
        """Add one (TAC, model); return True if the TAC was already present (a merge)."""
        models = self._entries.get(tac)
        if models is None:
            self._entries[tac] = [model]
            return False
        for i, known in enumerate(models):
            if _same_model(known, model):
                models[i] = _merge_models(known, model)
                return True
        models.append(model)
        return True

    def get(self, tac: str) -> TacEntry | None:
        """The entry of an 8-digit TAC, or None."""
        models = self._entries.get(tac)
        return TacEntry(tac, tuple(models)) if models else None

    def merged(self, other: TacTable) -> TacTable:
        """A new table with both tables' entries (e.g. Osmocom + Samsung)."""
        out = TacTable(self)
        for entry in other:
            for model in entry.models:
                out.add(entry.tac, model)
        return out

    def __contains__(self, tac: object) -> bool:
        return tac in self._entries

    def __iter__(self) -> Iterator[TacEntry]:
        for tac in sorted(self._entries):
            yield TacEntry(tac, tuple(self._entries[tac]))

    def __len__(self) -> int:
        return len(self._entries)


# ----------------------------------------------------------------------------- importers


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """A source row that was not imported: its line number, why, and its text."""

    line: int
    reason: str
    text: str


@dataclass
class TacImport:
    """Result of one importer: the table, rejected rows, per-line notes and counts.

    ``rows == accepted + len(rejected)``; ``merged`` counts accepted rows whose TAC was already
    in the table (duplicates merged).
    """

    table: TacTable
    rejected: list[RejectedRow] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)
    rows: int = 0
    accepted: int = 0
    merged: int = 0


def _read_text(source: Path | str) -> str:
    p = Path(source)
    try:
        return p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidInputError(
            f"no such TAC file: {p}", hint="check the path of the TAC list", value=str(p)
        ) from None
    except OSError as err:  # a directory, no permission: named, not a traceback
        raise InvalidInputError(
            f"cannot read TAC file {p}: {err.strerror or err}",
            hint="give a readable CSV file",
            value=str(p),
        ) from None
    except UnicodeDecodeError as err:
        raise InvalidInputError(
            f"{p}: not UTF-8 ({err.reason})", hint="re-save the file as UTF-8", value=str(p)
        ) from None


def _clean_tac(raw: str, line: int, result: TacImport) -> str | None:
    """8-digit TAC from a cell, padding a lost leading zero; None (and a rejection) if bad."""
    tac = raw.strip()
    if tac != raw:
        result.notes.append((line, f"TAC {raw!r} had surrounding spaces (stripped)"))
    if not (tac.isascii() and tac.isdigit()):
        result.rejected.append(RejectedRow(line, f"TAC {tac!r} is not a number", raw))
        return None
    if len(tac) == 7:
        result.notes.append((line, f"7-digit TAC {tac} padded to 0{tac} (leading zero lost)"))
        return "0" + tac
    if len(tac) != 8:
        result.rejected.append(RejectedRow(line, f"TAC {tac!r} has {len(tac)} digits, not 8", raw))
        return None
    return tac


def _rows(text: str) -> Iterator[tuple[int, list[str], str]]:
    """(line number, cells, line text) of every CSV record; line numbers are 1-based file lines."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO(text))
    start = 1
    for cells in reader:
        end = reader.line_num
        yield start, cells, "".join(lines[start - 1 : end]).rstrip("\r\n")
        start = end + 1


def read_osmocom_csv(source: Path | str, *, source_id: str = "osmocom") -> TacImport:
    """Import the Osmocom TAC database CSV export (format in the module docstring).

    Raises:
        InvalidInputError: the file is missing, not UTF-8, or has no Osmocom header.
    """
    text = _read_text(source)
    result = TacImport(TacTable())
    header_seen = False
    for line, cells, raw in _rows(text):
        if not header_seen:
            if [c.strip().lower() for c in cells] == _OSMOCOM_HEADER:
                header_seen = True
            elif line > 5:
                raise InvalidInputError(
                    f"{source}: no Osmocom header ({','.join(_OSMOCOM_HEADER)})"
                )
            continue
        if not cells or not "".join(cells).strip():
            continue
        result.rows += 1
        if len(cells) != 8:
            result.rejected.append(RejectedRow(line, f"expected 8 fields, found {len(cells)}", raw))
            continue
        tac = _clean_tac(cells[0], line, result)
        if tac is None:
            continue
        brand, name = cells[1].strip(), cells[2].strip()
        if not brand or not name:
            result.rejected.append(RejectedRow(line, "brand or model name is empty", raw))
            continue
        aka = tuple(a.strip() for a in cells[7].split(",") if a.strip())
        model = TacModel(brand, name, aka, (source_id,), cells[5].strip() or None)
        result.accepted += 1
        result.merged += result.table.add(tac, model)
    if not header_seen:
        raise InvalidInputError(f"{source}: no Osmocom header ({','.join(_OSMOCOM_HEADER)})")
    return result


def read_model_list_csv(
    source: Path | str, *, brand: str = "Samsung", source_id: str = "samloader-tacs"
) -> TacImport:
    """Import a plain ``tac,model,model2,...`` CSV (one TAC and its model numbers per row).

    ``brand`` is every row's brand (the lists are per maker). A UTF-8 BOM and a header row
    starting with ``tac`` are skipped; 7-digit TACs are zero-padded (noted).

    Raises:
        InvalidInputError: the file is missing or not UTF-8.
    """
    text = _read_text(source)
    result = TacImport(TacTable())
    for line, cells, raw in _rows(text):
        if not cells or not "".join(cells).strip():
            continue
        if line == 1 and cells[0].strip().lower() == "tac":
            continue
        result.rows += 1
        tac = _clean_tac(cells[0], line, result)
        if tac is None:
            continue
        numbers = tuple(dict.fromkeys(c.strip() for c in cells[1:] if c.strip()))
        if not numbers:
            result.rejected.append(RejectedRow(line, "no model number after the TAC", raw))
            continue
        result.accepted += 1
        result.merged += result.table.add(tac, TacModel(brand, None, numbers, (source_id,)))
    return result


def write_tac_table(table: TacTable, path: Path | str) -> int:
    """Write the compiled table (format in the module docstring), atomically; return row count."""
    target = Path(path)
    buf = io.StringIO()
    buf.write(TABLE_MAGIC + "\n")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(_TABLE_HEADER)
    count = 0
    for entry in table:
        for m in entry.models:
            writer.writerow(
                [
                    entry.tac,
                    m.brand,
                    m.name or "",
                    "|".join(m.model_numbers),
                    "|".join(m.sources),
                    m.gsmarena or "",
                ]
            )
            count += 1
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(buf.getvalue(), encoding="utf-8")
    tmp.replace(target)
    return count


def read_tac_table(path: Path | str) -> TacTable:
    """Read a table written by :func:`write_tac_table`.

    Raises:
        InvalidInputError: not a ``bandfit.tac/1`` file, or a malformed row (line named).
    """
    text = _read_text(path)
    if not text.startswith(TABLE_MAGIC):
        raise InvalidInputError(
            f"{path}: not a bandfit TAC table (first line must be {TABLE_MAGIC!r})"
        )
    table = TacTable()
    for line, cells, _raw in _rows(text):
        if line <= 2:
            if line == 2 and cells != _TABLE_HEADER:
                raise InvalidInputError(f"{path}:2: header must be {','.join(_TABLE_HEADER)}")
            continue
        if len(cells) != len(_TABLE_HEADER) or not re.fullmatch(r"\d{8}", cells[0]):
            raise InvalidInputError(f"{path}:{line}: malformed row", value=",".join(cells))
        tac, brand, name, numbers, sources, gsmarena = cells
        table.add(tac, TacModel(brand, name or None, tuple(n for n in numbers.split("|") if n),
                                tuple(s for s in sources.split("|") if s), gsmarena or None))  # fmt: skip
    return table


# ----------------------------------------------------------------------------- resolution


def model_number_index(devices: Iterable[Device]) -> dict[str, list[tuple[str, str]]]:
    """Normalised model number -> [(device id, variant id)] over a catalog's devices."""
    index: dict[str, list[tuple[str, str]]] = {}
    for device in devices:
        for variant in device.variants:
            for number in variant.model_numbers:
                hits = index.setdefault(normalize_model_number(number), [])
                if (device.id, variant.id) not in hits:
                    hits.append((device.id, variant.id))
    return index


@dataclass
class TacResolution:
    """Per-TAC outcome of :meth:`TacResolver.resolve_all`: candidates or the reason there are none."""

    resolved: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    unresolved: dict[str, str] = field(default_factory=dict)


class TacResolver:
    """Look TACs up in a :class:`TacTable` and map them to catalog (device, variant) pairs."""

    def __init__(self, table: TacTable) -> None:
        self.table = table
        self._index_src: Mapping[str, Sequence[tuple[str, str]]] | None = None
        self._index: dict[str, list[tuple[str, str]]] = {}

    def lookup(self, tac: str) -> TacEntry | None:
        """The entry for an 8-digit TAC, or for the TAC of an IMEI/IMEISV given whole.

        Raises:
            InvalidImeiError: ``tac`` is neither 8 digits nor a valid IMEI.
        """
        text = re.sub(r"[\s/-]+", "", tac)
        if not re.fullmatch(r"\d{8}", text):
            text = parse_imei(tac).tac
        return self.table.get(text)

    def _normalised(
        self, index: Mapping[str, Sequence[tuple[str, str]]]
    ) -> dict[str, list[tuple[str, str]]]:
        if index is not self._index_src:
            norm: dict[str, list[tuple[str, str]]] = {}
            for number, targets in index.items():
                hits = norm.setdefault(normalize_model_number(number), [])
                hits.extend(t for t in targets if t not in hits)
            self._index_src, self._index = index, norm
        return self._index

    def explain(
        self, tac: str, model_number_index: Mapping[str, Sequence[tuple[str, str]]]
    ) -> tuple[list[tuple[str, str]], str | None]:
        """Candidates for ``tac`` and, when there are none, the reason."""
        entry = self.lookup(tac)
        if entry is None:
            return [], f"TAC {tac} is not in the TAC table"
        index = self._normalised(model_number_index)
        out: list[tuple[str, str]] = []
        codes = list(dict.fromkeys(c for m in entry.models for c in m.codes()))
        for code in codes:
            for target in index.get(normalize_model_number(code), ()):
                if target not in out:
                    out.append(target)
        if out:
            return out, None
        shown = ", ".join(codes[:8]) + (", ..." if len(codes) > 8 else "")
        return [], f"no model number of TAC {entry.tac} ({shown}) is in the catalog"

    def resolve(
        self, tac: str, model_number_index: Mapping[str, Sequence[tuple[str, str]]]
    ) -> list[tuple[str, str]]:
        """Every (device id, variant id) whose model number the TAC is listed for (may be several)."""
        return self.explain(tac, model_number_index)[0]

    def resolve_all(
        self, tacs: Iterable[str], model_number_index: Mapping[str, Sequence[tuple[str, str]]]
    ) -> TacResolution:
        """Resolve many TACs; each lands in ``resolved`` or in ``unresolved`` with its reason."""
        out = TacResolution()
        for tac in tacs:
            try:
                hits, reason = self.explain(tac, model_number_index)
            except InvalidImeiError as err:
                hits, reason = [], err.reason
            if hits:
                out.resolved[tac] = hits
            else:
                out.unresolved[tac] = reason or "unresolved"
        return out
