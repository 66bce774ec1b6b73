"""Whole spec sheets: :func:`parse_specsheet` (fields), :func:`parse_pasted_text` (pasted page
text), :func:`to_device` (catalog record), plus the name/date/kind helpers they use.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from bandfit._types import today
from bandfit.bands.registry import BandRegistry
from bandfit.catalog.model import Confidence, Device, Source, Variant
from bandfit.catalog.specsheet.rows import FieldParse, Problem, parse_band_field
from bandfit.catalog.specsheet.variants import VariantDraft, _assemble, _split_models, _tech_rats
from bandfit.catalog.specsheet.vocab import (
    _BAND_FIELDS,
    _META_FIELDS,
    _SECTION_WORDS,
    _field_key,
    _norm_text,
    slugify,
)
from bandfit.errors import InvalidInputError, SpecSheetParseError

__all__ = [
    "GSMARENA_SOURCE",
    "SpecSheet",
    "device_id_for",
    "guess_kind",
    "parse_gsmarena_date",
    "parse_pasted_text",
    "parse_specsheet",
    "to_device",
]

GSMARENA_SOURCE = Source(
    title="GSMArena device specifications",
    url="https://www.gsmarena.com/",
    publisher="GSMArena",
    note="network block parsed by bandfit.catalog.specsheet",
)


@dataclass(frozen=True, slots=True)
class SpecSheet:
    """A parsed spec sheet: device identity, variant drafts, and every problem found."""

    name: str | None
    brand: str | None
    technology: str | None
    model_numbers: tuple[str, ...]
    announced: str | None
    released: str | None
    variants: tuple[VariantDraft, ...]
    fields: tuple[FieldParse, ...]
    notes: tuple[str, ...] = ()

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every unmappable fragment of every field."""
        return tuple(p for f in self.fields for p in f.problems)

    @property
    def fragments(self) -> int:
        """Number of fragments read (see :class:`FieldParse`)."""
        return sum(f.fragments for f in self.fields)

    @property
    def mapped(self) -> int:
        """Fragments mapped to bands/markers or deliberately recorded as notes."""
        return sum(f.mapped for f in self.fields)

    @property
    def understood(self) -> int:
        """Mapped fragments plus ambiguous ones (see :class:`Problem`)."""
        return sum(f.understood for f in self.fields)


def device_id_for(brand: str, name: str) -> str:
    """Catalog id ``<brand>/<name>`` (a leading brand word in ``name`` is not repeated)."""
    rest = name[len(brand) :].strip() if name.lower().startswith(brand.lower() + " ") else name
    return f"{slugify(brand)}/{slugify(rest)}"


_WATCH = re.compile(
    r"\b(watch\w*|gear (?:s\d?|live|fit\d?|sport|2|neo)|smartwatch|band \d)\b", re.I
)
_TABLET = re.compile(
    r"\b(tab|tablet|ipad|pad|mediapad|matepad|zenpad|memo ?pad|xoom|slate|galaxy note (?:8\.0|10\.1|pro))\b"
    r"|\b\w*pad\b|\btab\w*\b",
    re.I,
)


def guess_kind(name: str) -> Literal["phone", "tablet", "watch"]:
    """Device kind from its marketing name (watches and tablets name themselves); else phone."""
    if _WATCH.search(name):
        return "watch"
    if _TABLET.search(name):
        return "tablet"
    return "phone"


_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}  # fmt: skip


def parse_gsmarena_date(text: str | None) -> str | None:
    """``"2023, September 12"`` -> ``"2023-09-12"``; ``"2021, Q2"`` -> ``"2021"``; else ``None``.

    Why partial dates: GSMArena often gives only a year or a month, and the catalog's
    ``YYYY[-MM[-DD]]`` keeps exactly the precision the source has.
    """
    if not text:
        return None
    m = re.search(r"(?:Released\s+)?((?:19|20)\d\d)(?:,\s*([A-Za-z]+)(?:\s+(\d{1,2}))?)?", text)
    if m is None or re.search(r"\b(cancel|exp\.|expected|rumou?r)", text[: m.start()], re.I):
        return None
    year, month_word, day = m.group(1), (m.group(2) or "").lower(), m.group(3)
    month = _MONTHS.get(month_word)
    if month is None:
        return year
    if day:
        try:
            return dt.date(int(year), month, int(day)).isoformat()
        except ValueError:
            pass
    return f"{year}-{month:02d}"


# ----------------------------------------------------------------------------- sheets


def parse_specsheet(
    fields: Mapping[str, str | Sequence[str | None] | None],
    *,
    infer_cdma: bool = False,
    registry: BandRegistry | None = None,
) -> SpecSheet:
    """Parse a GSMArena network block given as ``{field name: text or rows}`` into variants.

    Band fields: ``"2G bands"``, ``"3G bands"``, ``"4G bands"``, ``"5G bands"`` (also
    ``bands_4g``/``4g``/``lte``...); a value may be one string (rows separated by newlines or
    `` | ``) or a list of rows. Other keys read: ``Technology``, ``Models``, ``Name``, ``Brand``,
    ``Announced``, ``Status``; anything else is ignored and noted.

    Examples:
        >>> sheet = parse_specsheet({"4G bands": "1, 3, 7, 20 - Global | 1, 3, 41 - China"})
        >>> [(v.id, v.markets, v.bands.lte) for v in sheet.variants]
        [('global', ('global',), ('B1', 'B3', 'B7', 'B20')), ('china', ('CN',), ('B1', 'B3', 'B41'))]

    Raises:
        SpecSheetParseError: no band field, or not one band or technology could be read.
    """
    meta: dict[str, str] = {}
    parses: list[FieldParse] = []
    notes: list[str] = []
    for key, value in fields.items():
        norm = _field_key(str(key))
        if value is None:
            continue
        if norm in _BAND_FIELDS:
            display, rat = _BAND_FIELDS[norm]
            rows = value if isinstance(value, str) else [str(v) for v in value if v is not None]
            parses.append(
                parse_band_field(rows, rat, field=display, infer_cdma=infer_cdma, registry=registry)
            )
        elif norm in _META_FIELDS:
            text = (
                value
                if isinstance(value, str)
                else " ".join(str(v) for v in value if v is not None)
            )
            meta[norm] = f"{meta[norm]}, {text}" if norm in meta else text
        else:
            notes.append(f"field {key!r} ignored")
    all_rows = [r for p in parses for r in p.rows]
    usable = [r for r in all_rows if r.rat is not None and (r.bands is None or r.bands)]
    if not usable:
        text = (
            " | ".join(r.raw for r in all_rows)
            or "; ".join(f"{k}: {v}" for k, v in fields.items())[:500]
        )
        raise SpecSheetParseError(text, fragments=[p.fragment for f in parses for p in f.problems])
    technology = _norm_text(meta["technology"]) if meta.get("technology") else None
    models = tuple(dict.fromkeys(_split_models(meta.get("models", ""))))
    variants, assembly_notes = _assemble(all_rows, _tech_rats(technology), models)
    notes.extend(assembly_notes)
    return SpecSheet(
        name=_norm_text(meta["name"]) if meta.get("name") else None,
        brand=_norm_text(meta["brand"]) if meta.get("brand") else None,
        technology=technology,
        model_numbers=models,
        announced=parse_gsmarena_date(meta.get("announced")),
        released=parse_gsmarena_date(meta["status"])
        if "released" in meta.get("status", "").lower()
        else None,
        variants=variants,
        fields=tuple(parses),
        notes=tuple(notes),
    )


def _pasted_cells(line: str, *, continuing: bool) -> list[str]:
    """Cells of one pasted line: ``[key, value...]`` with the page's section column removed."""
    cells = [c.strip() for c in line.split("\t")]
    if len(cells) == 1:
        cells = [c.strip() for c in re.split(r"\s{2,}|:\s+", line.strip(), maxsplit=1)]
        if line[:1].isspace() and continuing and len(cells) == 1:
            cells = ["", cells[0]]
    if len(cells) > 2 and (not cells[0] or cells[0].lower() in _SECTION_WORDS):
        return cells[1:]  # the page's section column ("Network", or empty below it)
    if len(cells) > 1 and cells[0].lower() in _SECTION_WORDS:
        return cells[1:]
    return cells


def parse_pasted_text(
    text: str, *, infer_cdma: bool = False, registry: BandRegistry | None = None
) -> SpecSheet:
    """Parse a pasted GSMArena "Network" block (format in the module docstring).

    Raises:
        SpecSheetParseError: no band line, or nothing usable in the band lines.
    """
    fields: dict[str, list[str]] = {}
    last: str | None = None
    name: str | None = None
    for raw_line in text.lstrip("\ufeff").splitlines():
        if not raw_line.strip() or raw_line.lstrip().startswith("#"):
            continue
        cells = _pasted_cells(raw_line, continuing=last is not None)
        key = _field_key(cells[0])
        value = " ".join(c for c in cells[1:] if c)
        if not key and last is not None and value:
            fields[last].append(value)
        elif key in _BAND_FIELDS or key in _META_FIELDS:
            last = _BAND_FIELDS[key][0] if key in _BAND_FIELDS else key
            fields.setdefault(last, []).append(value)
        elif len(cells) == 1 and name is None and not fields and key not in _SECTION_WORDS:
            name = cells[0]
        elif key:
            last = None  # an unread key ("Speed"): its continuation lines are not band rows
    if name is not None and "name" not in fields:
        fields["name"] = [name]
    if not any(k in _BAND_FIELDS or _field_key(k) in _BAND_FIELDS for k in fields):
        raise SpecSheetParseError(text[:500] or "(empty)", fragments=())
    return parse_specsheet(fields, infer_cdma=infer_cdma, registry=registry)


def to_device(
    sheet: SpecSheet,
    *,
    device_id: str | None = None,
    kind: Literal["phone", "tablet", "watch", "hotspot", "module", "other"] | None = None,
    source: Source | None = None,
    source_id: str = "gsmarena",
    as_of: dt.date | None = None,
) -> Device:
    """Build a catalog :class:`Device` (for an overlay catalog) from a parsed sheet.

    Every variant cites ``source_id`` (defined by ``source``, GSMArena by default); variants
    that used a MHz-label inference are ``inferred``, the rest ``reported``. Unmapped fragments
    and model numbers no variant claims are written into the device ``notes``.

    Raises:
        InvalidInputError: the sheet has no device name (give one with a ``Name`` line).
    """
    if not sheet.name:
        raise InvalidInputError(
            "the spec sheet has no device name", hint="add a 'Name<TAB>...' line"
        )
    name = sheet.name
    brand = sheet.brand or name.split()[0]
    on = as_of or today()
    variants = tuple(
        Variant(
            id=v.id,
            name=v.name,
            markets=v.markets,
            model_numbers=v.model_numbers,
            bands=v.bands,
            nr_modes=v.nr_modes,
            confidence=Confidence.INFERRED if v.inferred else Confidence.REPORTED,
            sources=(source_id,),
            as_of=on,
            notes="; ".join(v.notes),
        )
        for v in sheet.variants
    )
    claimed = {m for v in sheet.variants for m in v.model_numbers}
    notes = [*sheet.notes]
    unassigned = [m for m in sheet.model_numbers if m not in claimed]
    if unassigned:
        notes.append("model numbers not assigned to a variant: " + ", ".join(unassigned))
    notes.extend(f"unparsed {p.field} fragment {p.fragment!r}: {p.reason}" for p in sheet.problems)
    short = name[len(brand) :].strip() if name.lower().startswith(brand.lower() + " ") else name
    return Device(
        id=device_id or device_id_for(brand, short),
        brand=brand,
        name=short,
        aliases=(f"{brand} {short}",),
        kind=kind or guess_kind(short),
        announced=sheet.announced,
        released=sheet.released,
        variants=variants,
        sources={source_id: source or GSMARENA_SOURCE},
        as_of=on,
        notes="; ".join(notes),
    )
