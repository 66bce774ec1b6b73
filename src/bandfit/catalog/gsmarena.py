"""Import GSMArena-style JSON dumps into overlay catalog devices, and write them as YAML.

Why: hand-curating thousands of devices is not possible, but a scrape of GSMArena's network
block gives a usable first draft for an *overlay* catalog (``--catalog DIR``) that people then
review. The import is strictly reporting: every device is either imported or skipped with a
reason, and every band fragment the spec-sheet parser could not map is listed per device
(:class:`ImportReport`), so nothing disappears silently.

Two input shapes are read (both as in ``shared/datasets/devices``):

* **nested** ``<Brand>_data.json``: ``{"<Brand><n>": {"<device name>": {"Network": [{"2G bands":
  ...}, {"2G bands": ...}, ...], "Launch": [...], "Misc": [{"Models": ...}], ...}}}``. Sections are
  lists of single-key dicts; GSMArena continuation rows repeat the previous key (several
  ``4G bands`` entries, one per variant), which is exactly how variants are recognised. The
  brand comes from the file name (``Apple_data.json`` -> ``Apple``).
* **flat** JSONL, one device per line: ``brand, name, technology, bands_2g[], bands_3g[],
  bands_4g[], bands_5g[], announced, status, models``.

Quirks handled: repeated keys (kept as rows, in order); rows glued together or split by the
scraper (see :mod:`bandfit.catalog.specsheet`); Wi-Fi-only tablets/watches ("No cellular
connectivity") are skipped with that reason; tablets and watches keep their kind when the name
says so (:func:`~bandfit.catalog.specsheet.guess_kind`); two names that slug to one id
("OT-355" / "OT 355") get ``-2`` and a note.

Device ids are ``<brand>/<name-slug>``; variants come from the band rows (one per labelled row
group, ``default`` for unlabelled rows); model numbers come from the ``Models`` field where a row
label names them (a single-variant device gets the whole list).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bandfit._types import today
from bandfit.catalog.model import Device, Source
from bandfit.catalog.specsheet import Problem, guess_kind, parse_specsheet, to_device
from bandfit.catalog.yamlio import duplicate_id_problems, write_overlay_records
from bandfit.errors import CatalogError, InvalidInputError, SpecSheetParseError

if TYPE_CHECKING:
    from bandfit.catalog.load import Catalog

__all__ = [
    "GsmarenaRecord",
    "ImportReport",
    "Skipped",
    "device_to_yaml_dict",
    "import_gsmarena",
    "read_dump",
    "write_overlay",
]

_FLAT_KEYS = {
    "bands_2g": "2G bands",
    "bands_3g": "3G bands",
    "bands_4g": "4G bands",
    "bands_5g": "5G bands",
    "technology": "Technology",
    "models": "Models",
    "announced": "Announced",
    "status": "Status",
}
_NESTED_KEYS = {
    ("Network", "Technology"): "Technology",
    ("Network", "2G bands"): "2G bands",
    ("Network", "3G bands"): "3G bands",
    ("Network", "4G bands"): "4G bands",
    ("Network", "5G bands"): "5G bands",
    ("Launch", "Announced"): "Announced",
    ("Launch", "Status"): "Status",
    ("Misc", "Models"): "Models",
}


@dataclass(frozen=True, slots=True)
class GsmarenaRecord:
    """One device as read from a dump: its spec-sheet fields and where it came from."""

    brand: str
    name: str
    fields: Mapping[str, Sequence[str]]
    origin: str  # "<file>:<group>" or "<file>:<line>"


@dataclass(frozen=True, slots=True)
class Skipped:
    """A dump record that produced no device, and why."""

    brand: str
    name: str
    origin: str
    reason: str


@dataclass
class ImportReport:
    """What an import did: devices made, records skipped, fragments not mapped, counts.

    ``records == len(imported) + len(skipped)`` always.
    """

    imported: list[Device] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[tuple[str, Problem]] = field(default_factory=list)  # (device id, problem)
    notes: list[str] = field(default_factory=list)
    records: int = 0
    fragments: int = 0
    mapped: int = 0
    understood: int = 0

    def summary(self) -> dict[str, Any]:
        """Counts for people and ``--json`` (the CLI prints this)."""
        return {
            "records": self.records,
            "imported": len(self.imported),
            "variants": sum(len(d.variants) for d in self.imported),
            "skipped": len(self.skipped),
            "fragments": self.fragments,
            "mapped": self.mapped,
            "understood": self.understood,
            "problems": len(self.problems),
        }


def _rows_of(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value if v is not None]
    return [str(value)]


def _iter_nested(path: Path, doc: Mapping[str, Any]) -> Iterator[GsmarenaRecord]:
    brand = path.name.split("_data")[0] if "_data" in path.name else path.stem
    for group, devices in doc.items():
        if not isinstance(devices, dict):
            continue
        for name, sections in devices.items():
            fields: dict[str, list[str]] = {}
            if isinstance(sections, dict):
                for section, items in sections.items():
                    for item in items if isinstance(items, list) else []:
                        for key, value in item.items() if isinstance(item, dict) else ():
                            target = _NESTED_KEYS.get((section, key))
                            if target:
                                fields.setdefault(target, []).extend(_rows_of(value))
            yield GsmarenaRecord(brand, str(name), fields, f"{path.name}:{group}")


def _iter_flat(path: Path) -> Iterator[GsmarenaRecord]:
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as err:
                yield GsmarenaRecord("", "", {}, f"{path.name}:{number}: invalid JSON ({err.msg})")
                continue
            fields = {
                target: _rows_of(raw.get(key)) for key, target in _FLAT_KEYS.items() if raw.get(key)
            }
            yield GsmarenaRecord(
                str(raw.get("brand") or ""),
                str(raw.get("name") or ""),
                fields,
                f"{path.name}:{number}",
            )


def read_dump(path: Path | str) -> Iterator[GsmarenaRecord]:
    """Records of a dump: a ``.jsonl`` flat file, a nested ``.json`` file, or a directory of
    nested ``*_data.json`` files (read in name order).

    Raises:
        InvalidInputError: the path does not exist or a ``.json`` file is not valid JSON.
    """
    p = Path(path)
    if p.is_dir():
        for child in sorted(p.glob("*.json")):
            yield from read_dump(child)
        return
    if not p.is_file():
        raise InvalidInputError(f"no such dump file or directory: {p}", value=str(p))
    if p.suffix == ".jsonl":
        yield from _iter_flat(p)
        return
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise InvalidInputError(
            f"{p}: not valid JSON ({err.msg}, line {err.lineno})", value=str(p)
        ) from err
    if not isinstance(doc, dict):
        raise InvalidInputError(f"{p}: expected a JSON object of brand groups", value=str(p))
    yield from _iter_nested(p, doc)


def _default_source(paths: Sequence[Path], on: dt.date) -> Source:
    names = ", ".join(p.name for p in paths)[:200]
    return Source(
        title=f"GSMArena device specifications (dump: {names})",
        url="https://www.gsmarena.com/",
        publisher="GSMArena",
        retrieved=on,
        license="GSMArena content; review before redistributing",
        note="imported by bandfit.catalog.gsmarena; band rows parsed by bandfit.catalog.specsheet",
    )


def import_gsmarena(
    paths: Path | str | Iterable[Path | str],
    *,
    as_of: dt.date | None = None,
    source: Source | None = None,
    source_id: str = "gsmarena",
    infer_cdma: bool = False,
    known: Catalog | None = None,
) -> ImportReport:
    """Import every device of one or more dumps (see :func:`read_dump`) into :class:`Device` records.

    ``source`` is the citation every variant gets under ``source_id`` (default: GSMArena with
    the dump's file names). A bad record never stops the import; it is skipped with a reason.
    Devices whose id ``known`` (the curated catalog) already has are skipped: a reviewed record
    is never shadowed by a scrape. ``infer_cdma`` adopts BC0/BC1 for "CDMA 800 / 1900".

    Raises:
        InvalidInputError: a path does not exist or is not JSON.
    """
    path_list = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    on = as_of or today()
    importer = _Importer(
        source or _default_source(path_list, on),
        source_id,
        on,
        infer_cdma,
        set(known.devices) if known is not None else set(),
    )
    for path in path_list:
        for record in read_dump(path):
            importer.add(record)
    return importer.report


@dataclass
class _Importer:
    """The settings of one import run and the report it fills, one record at a time."""

    source: Source
    source_id: str
    as_of: dt.date
    infer_cdma: bool
    known_ids: set[str]
    report: ImportReport = field(default_factory=ImportReport)
    seen: dict[str, str] = field(default_factory=dict)  # id -> dump name that took it

    def add(self, record: GsmarenaRecord) -> None:
        """Import one record, or skip it with the reason (never raises for bad data)."""
        report = self.report
        report.records += 1

        def skip(reason: str) -> None:
            report.skipped.append(Skipped(record.brand, record.name, record.origin, reason))

        if not record.brand or not record.name:
            skip(
                "invalid JSON line"
                if "invalid JSON" in record.origin
                else "record has no brand or name"
            )
            return
        tech = " ".join(record.fields.get("Technology", ()))
        if "no cellular" in tech.lower():
            skip(f"no cellular connectivity ({guess_kind(record.name)}, technology {tech!r})")
            return
        fields = {**record.fields, "Name": [record.name], "Brand": [record.brand]}
        try:
            sheet = parse_specsheet(fields, infer_cdma=self.infer_cdma)
        except SpecSheetParseError as err:
            frags = ", ".join(repr(f) for f in err.fragments[:5])
            skip("no usable band data" + (f" (unparsed: {frags})" if frags else ""))
            return
        device = to_device(sheet, source=self.source, source_id=self.source_id, as_of=self.as_of)
        if device.id in self.known_ids:
            skip(f"{device.id} is already in the catalog (curated record kept)")
            return
        if device.id in self.seen:
            base, k = device.id, 2
            while f"{base}-{k}" in self.seen:
                k += 1
            device = device.model_copy(update={"id": f"{base}-{k}"})
            report.notes.append(
                f"{record.origin}: {record.name!r} slugs to {base} like {self.seen[base]!r}; "
                f"imported as {device.id}"
            )
        self.seen[device.id] = record.name
        report.imported.append(device)
        report.fragments += sheet.fragments
        report.mapped += sheet.mapped
        report.understood += sheet.understood
        report.problems.extend((device.id, p) for p in sheet.problems)


# ----------------------------------------------------------------------------- YAML output


def device_to_yaml_dict(device: Device) -> dict[str, Any]:
    """The record as written to ``data/devices/<brand>/<model>.yaml`` (unknowns left out).

    ``None`` (unknown) values are omitted -- absent means unknown in the catalog format -- while
    empty lists (``cdma: []`` = none) are kept; empty notes/aliases/defaults are dropped.
    """
    doc: dict[str, Any] = device.model_dump(mode="json", by_alias=True, exclude_none=True)
    for variant in doc.get("variants", []):
        for key in ("markets", "certified_on", "model_numbers"):
            if not variant.get(key):
                variant.pop(key, None)
        if not variant.get("notes"):
            variant.pop("notes", None)
        if not variant.get("voice"):
            variant.pop("voice", None)
    for key in ("aliases", "notes"):
        if not doc.get(key):
            doc.pop(key, None)
    return doc


def write_overlay(
    devices: Iterable[Device],
    out_dir: Path | str,
    *,
    base: Catalog | None = None,
    replace: bool = False,
) -> list[Path]:
    """Write each device to ``out_dir/devices/<brand>/<model>.yaml`` (the path gives the id).

    ``out_dir`` is a catalog root like ``data/`` (usable as ``--catalog out_dir``). Files are
    written atomically (temp file + rename); other files in ``out_dir`` are left alone. Returns
    the paths written, in input order.

    Raises:
        CatalogError: an id occurs twice, or ``base`` already has it and ``replace`` is false
            (curated records are never replaced by accident).
    """
    import yaml

    items = list(devices)
    duplicates = duplicate_id_problems([d.id for d in items])
    if duplicates:
        raise CatalogError(duplicates, source=str(out_dir))
    texts = {
        d.id: yaml.safe_dump(
            device_to_yaml_dict(d),
            sort_keys=False,
            allow_unicode=True,
            width=100,
            default_flow_style=None,
        )
        for d in items
    }
    return write_overlay_records(
        "devices", texts, out_dir, existing=set(base.devices) if base else None, replace=replace
    )
