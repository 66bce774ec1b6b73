"""Import public operator datasets into catalog records: Band Atlas CSVs and the MCC-MNC list.

Why importers: the curated records under ``data/operators`` cover a few dozen countries; Band
Atlas (LTE/NR band numbers for ~465 networks) and the Wikipedia MCC-MNC list (MHz labels for
~3,300 PLMNs) cover the rest of the world. The importers turn them into ordinary
:class:`~bandfit.catalog.model.Operator` records that a user loads as an overlay
(``bandfit data import ... --out DIR`` then ``--catalog DIR``), validated like shipped data.

Imported data is coarser than curated data, so these rules keep it honest:

* **Ids carry a prefix** (``us/bandatlas-att``, ``us/mccmnc-310-410``), so an overlay adds records
  beside curated ones and never silently replaces ``us/att``. Replacing needs both ``prefix=""``
  and ``write_overlay(..., replace=True)``.
* **Only** ``kind: MNO``: neither source names an MVNO's host network, and an MVNO without hosts
  is not a valid record. MVNO rows are skipped and reported.
* **Band Atlas** band ids are used as given. The layer comes from its ``layer`` column, except that
  mmWave (FR2, ``n257`` and up) becomes ``boost`` and SDL/SUL bands and the LAA band B46 become
  ``supplemental`` (the layer rules of ``docs/data/format.md``). ``x`` (cross-checked) ->
  ``confirmed``, ``s`` (single source) -> ``reported``.
* **MCC-MNC MHz labels** ("LTE 700") go through :func:`~bandfit.bands.parse.resolve_label` with the
  record's country. Exactly one candidate -> a ``reported`` deployment of that band. Several ->
  ``confidence: inferred`` with every candidate in ``candidates``; ``band`` then holds the first
  candidate only because the schema requires a band, and the note says so. The engine must treat
  an inferred deployment with candidates as uncertain, never as that first band.
* **Partial dates** (``2024``, ``2024-03``, ``2025-Q4``, ``2028-H2``) map to the bound that never
  overstates service: an ``until`` takes the first day of the period (the earliest day the network
  may have gone), a ``since`` the first day after it (the latest day it may have started). The
  original text is always kept in the note.
* **Nothing is dropped silently**: every value that could not be used is listed as an
  :class:`ImportProblem` (row, value, reason).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from bandfit._types import today
from bandfit.bands.model import Band, Duplex, Rat
from bandfit.bands.parse import parse_band, resolve_label
from bandfit.bands.registry import BandRegistry, default_registry
from bandfit.catalog.model import Confidence, Deployment, Layer, Network, Operator, Source
from bandfit.errors import BandfitError, CatalogError, InvalidInputError

if TYPE_CHECKING:
    from bandfit.catalog.load import Catalog

__all__ = [
    "BANDATLAS_AS_OF",
    "BANDATLAS_CREDIT",
    "MCCMNC_AS_OF",
    "DateSpan",
    "ImportProblem",
    "ImportResult",
    "import_bandatlas",
    "import_mccmnc",
    "operator_yaml",
    "parse_date_span",
    "write_overlay",
]

BANDATLAS_CREDIT = "Band Atlas · Hyper Nexus (https://www.aiotrf.com/ai/band-atlas/), CC BY 4.0"
BANDATLAS_AS_OF = dt.date(2026, 10, 2)  # upstream README: "data checked 2026-10-02"
MCCMNC_AS_OF = dt.date(2024, 9, 9)  # cavoq/mcc-mnc-list commit e827f782 ("Update list")

ProblemKind = Literal["unmapped", "skipped", "conflict"]

# -------------------------------------------------------------------------------------------
# results


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One input value the importer could not use (or chose not to), and why.

    ``kind``: ``unmapped`` (could not be turned into a fact), ``skipped`` (left out on purpose:
    not operational, MVNO, planned, already curated), ``conflict`` (sources disagree; the value
    lost to a more precise one, which the note of the imported fact records).
    """

    row: str
    value: str
    reason: str
    kind: ProblemKind = "unmapped"

    def to_dict(self) -> dict[str, str]:
        """JSON form."""
        return {"row": self.row, "value": self.value, "reason": self.reason, "kind": self.kind}


@dataclass
class ImportResult:
    """What an import produced, with counts a user can check against the input.

    Counts are of *values*, so a user can reconcile them with the input: ``rows`` input
    rows/records read; ``imported`` facts taken exactly (a band row or label that became a
    deployment of one band, a sunset row or date cell that set an ``until``); ``inferred`` labels
    that became deployments with candidate bands; ``unmapped``, ``skipped`` and ``conflicts`` the
    values behind each :class:`ImportProblem` of that kind (one problem each). Two values that
    land on one fact (two labels on one band, a sunset in two files) count twice.
    """

    source: str
    operators: list[Operator] = field(default_factory=list)
    rows: int = 0
    imported: int = 0
    inferred: int = 0
    unmapped: int = 0
    skipped: int = 0
    conflicts: int = 0
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def deployments(self) -> int:
        """Deployments over all imported operators."""
        return sum(len(op.deployments) for op in self.operators)

    def problem(self, row: str, value: str, reason: str, kind: ProblemKind = "unmapped") -> None:
        """Record a problem and count it under its kind."""
        self.problems.append(ImportProblem(row, value, reason, kind))
        if kind == "unmapped":
            self.unmapped += 1
        elif kind == "skipped":
            self.skipped += 1
        else:
            self.conflicts += 1

    def summary(self) -> dict[str, int]:
        """The counts as a mapping (CLI tables, tests)."""
        return {
            "rows": self.rows,
            "operators": len(self.operators),
            "deployments": self.deployments,
            "imported": self.imported,
            "inferred": self.inferred,
            "unmapped": self.unmapped,
            "skipped": self.skipped,
            "conflicts": self.conflicts,
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON form (operators by id only; write them with :func:`write_overlay`)."""
        return {
            "source": self.source,
            **self.summary(),
            "operator_ids": [op.id for op in self.operators],
            "problems": [p.to_dict() for p in self.problems],
        }


# -------------------------------------------------------------------------------------------
# shared helpers


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A possibly partial date as the period it denotes: ``[start, end)``."""

    text: str
    start: dt.date
    end: dt.date
    precision: Literal["day", "month", "quarter", "half", "year"]

    def as_until(self) -> dt.date:
        """The ``until`` bound: the first day of the period (never claims service too long)."""
        return self.start

    def as_since(self) -> dt.date:
        """The ``since`` bound: the day itself, else the first day after the period."""
        return self.start if self.precision == "day" else self.end


_SPAN_RE = re.compile(
    r"^(?P<y>\d{4})(?:-(?:(?P<m>\d{2})(?:-(?P<d>\d{2}))?|Q(?P<q>[1-4])|H(?P<h>[12])))?$"
)


def _month_start(year: int, month: int) -> dt.date:
    return dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def parse_date_span(text: str) -> DateSpan | None:
    """Read ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``YYYY-Qn`` or ``YYYY-Hn``; ``None`` otherwise.

    Examples:
        >>> parse_date_span("2024-03").as_until(), parse_date_span("2024-03").as_since()
        (datetime.date(2024, 3, 1), datetime.date(2024, 4, 1))
        >>> parse_date_span("2025-Q4").end, parse_date_span("soon") is None
        (datetime.date(2026, 1, 1), True)
    """
    m = _SPAN_RE.match(text.strip())
    if m is None:
        return None
    year = int(m.group("y"))
    try:
        if m.group("d"):
            day = dt.date(year, int(m.group("m")), int(m.group("d")))
            return DateSpan(text, day, day + dt.timedelta(days=1), "day")
        if m.group("m"):
            month = int(m.group("m"))
            start = dt.date(year, month, 1)
            return DateSpan(text, start, _month_start(year, month + 1), "month")
    except ValueError:
        return None
    if m.group("q"):
        first = 3 * (int(m.group("q")) - 1) + 1
        return DateSpan(text, dt.date(year, first, 1), _month_start(year, first + 3), "quarter")
    if m.group("h"):
        first = 6 * (int(m.group("h")) - 1) + 1
        return DateSpan(text, dt.date(year, first, 1), _month_start(year, first + 6), "half")
    return DateSpan(text, dt.date(year, 1, 1), dt.date(year + 1, 1, 1), "year")


_PRECISION_RANK = {"day": 0, "month": 1, "quarter": 2, "half": 3, "year": 4}
_LAA_BANDS = frozenset({"B46"})  # licensed-assisted access: only usable beside a licensed anchor
_FR2_FIRST = 257  # NR bands n257 and up are FR2 (mmWave)
_COVERAGE_BELOW_KHZ = 1_000_000


def _fixed_layer(band: Band) -> Layer | None:
    """Layers that follow from the band alone, whatever a dataset says (format.md rules)."""
    if band.duplex in (Duplex.SDL, Duplex.SUL) or band.id in _LAA_BANDS:
        return Layer.SUPPLEMENTAL
    if band.rat is Rat.NR and band.number is not None and band.number >= _FR2_FIRST:
        return Layer.BOOST
    return None


def _frequency_layer(band: Band) -> Layer:
    """Coverage below 1 GHz, capacity above (after the fixed SDL/mmWave rules)."""
    fixed = _fixed_layer(band)
    if fixed is not None:
        return fixed
    rng = band.dl or band.ul
    low = rng.low_khz if rng is not None else band.lowest_khz
    return Layer.COVERAGE if low < _COVERAGE_BELOW_KHZ else Layer.CAPACITY


def _slug(text: str) -> str:
    value = re.sub(r"[^a-z0-9.+-]+", "-", text.strip().lower()).strip("-.+")
    return re.sub(r"-{2,}", "-", value)


def _norm_name(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV file (CRLF or LF, optional BOM) with stripped cells; extra cells dropped."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [
            {
                k.strip(): (v or "").strip()
                for k, v in row.items()
                if isinstance(k, str) and isinstance(v, str | None)
            }
            for row in csv.DictReader(fh)
        ]


def _build_operator(result: ImportResult, row: str, fields: dict[str, Any]) -> Operator | None:
    """Validate a drafted record; a record that fails is reported, never half-written."""
    try:
        return Operator.model_validate(fields)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        result.problem(
            row, str(fields.get("id")), f"record does not validate: {where}: {first['msg']}"
        )
        return None


# -------------------------------------------------------------------------------------------
# Band Atlas

_BANDATLAS_FILES = ("networks.csv", "network_bands.csv", "sunset.csv")
_GEN_DEFAULT_RAT = {"2G": Rat.GSM, "3G": Rat.UMTS}
# Countries whose 2G was not GSM: Korea ran CDMA (IS-95) and never deployed GSM; Japan ran PDC,
# which bandfit does not model. Band Atlas names generations, not RATs, so this is needed to read
# its "2g" column there. Everywhere else a bare "2G"/"3G" reads as GSM/UMTS unless a sunset row
# of the same operator names the RAT ("2G/3G (CDMA)").
_COUNTRY_GEN_RAT: dict[tuple[str, str], Rat | None] = {("KR", "2G"): Rat.CDMA, ("JP", "2G"): None}
_SUNSET_RAT_WORDS = {
    "gsm": Rat.GSM,
    "umts": Rat.UMTS,
    "wcdma": Rat.UMTS,
    "foma": Rat.UMTS,
    "cdma": Rat.CDMA,
    "cdma2000": Rat.CDMA,
}
_SUNSET_NEUTRAL_WORDS = frozenset({"sprint", "all", "networks", "operators"})
_NETWORK_TEXT_RE = re.compile(r"^(?P<gens>[^\s(]+)\s*(?:\((?P<paren>[^)]*)\))?\s*(?P<rest>.*)$")


@dataclass(frozen=True, slots=True)
class _SunsetEvent:
    """One off/planned event for one or more generations of one operator (or a whole country)."""

    row: str
    text: str  # the network column, verbatim
    generations: tuple[str, ...]
    rat: Rat | None
    span: DateSpan | None
    date_text: str
    status: str
    source: str
    qualified: str | None  # why the event is partial (regional, residual, licence): not applied
    unsupported: str | None  # generation bandfit does not model (4G, NB-IoT)


def _parse_sunset(row: str, rec: Mapping[str, str]) -> _SunsetEvent:
    text = rec.get("network", "")
    m = _NETWORK_TEXT_RE.match(text)
    gens = tuple(g.upper() for g in (m.group("gens") if m else text).split("/") if g)
    unsupported = (
        next((g for g in gens if g not in _GEN_DEFAULT_RAT), None) if gens else text or "(blank)"
    )
    rat: Rat | None = None
    qualified: str | None = None
    if m:
        words = re.findall(r"[a-z0-9]+", (m.group("paren") or "").lower())
        named = {_SUNSET_RAT_WORDS[w] for w in words if w in _SUNSET_RAT_WORDS}
        rat = named.pop() if len(named) == 1 else None
        extra = [w for w in words if w not in _SUNSET_RAT_WORDS and w not in _SUNSET_NEUTRAL_WORDS]
        if extra or m.group("rest"):
            qualified = text
    date_text = rec.get("date", "")
    return _SunsetEvent(
        row=row,
        text=text,
        generations=gens,
        rat=rat,
        span=parse_date_span(date_text),
        date_text=date_text,
        status=rec.get("status", "").lower(),
        source=rec.get("source", ""),
        qualified=qualified,
        unsupported=unsupported,
    )


@dataclass
class _Draft:
    """An operator being assembled from the three Band Atlas files."""

    row: str
    country: str
    operator_id: str
    record: dict[str, str]
    deployments: dict[str, Deployment] = field(default_factory=dict)
    events: list[_SunsetEvent] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _SunsetClaim:
    """A dated "off" statement for one RAT of one operator, from one row or cell."""

    row: str
    value: str
    span: DateSpan
    origin: str  # "networks.csv 3g_date" | "sunset.csv" | "sunset.csv (country-wide)"


def import_bandatlas(
    directory: Path | str,
    *,
    prefix: str = "bandatlas-",
    known: Catalog | None = None,
    as_of: dt.date = BANDATLAS_AS_OF,
    registry: BandRegistry | None = None,
) -> ImportResult:
    """Read Band Atlas ``networks.csv``, ``network_bands.csv`` and ``sunset.csv`` into operators.

    Args:
        directory: folder holding the three CSV files.
        prefix: put before the Band Atlas ``operator_id`` in record ids (``us/bandatlas-att``);
            ``""`` makes ids collide with curated ones on purpose.
        known: a catalog whose operators (matched by ``external_ids.bandatlas``) are skipped.
        as_of: the records' ``as_of`` (default: the date the upstream data was checked).
        registry: band registry (default: the shipped one).

    Raises:
        InvalidInputError: a file is missing or lacks a required column.
    """
    reg = registry or default_registry()
    root = Path(directory)
    tables = _read_bandatlas_tables(root)
    result = ImportResult(source=str(root))
    result.rows = sum(len(t) for t in tables.values())
    known_ids = _known_bandatlas_ids(known)
    drafts = _bandatlas_drafts(tables["networks.csv"], result, known_ids, prefix)
    _bandatlas_deployments(tables["network_bands.csv"], drafts, result, reg, known_ids)
    country_events = _bandatlas_events(tables["sunset.csv"], drafts, result, known_ids)
    source = Source(
        title="Band Atlas networks.csv, network_bands.csv and sunset.csv",
        url="https://www.aiotrf.com/ai/band-atlas/",
        publisher="Hyper Nexus (Band Atlas)",
        retrieved=today(),
        license="CC BY 4.0",
        note=f"Credit: {BANDATLAS_CREDIT}. GitHub 365724-ctrl/band-atlas-data data/*.csv, "
        "imported by bandfit.catalog.importers (not reviewed by a curator).",
    )
    applied: set[str] = set()
    for draft in drafts.values():
        networks = _bandatlas_networks(
            draft, country_events.get(draft.country, []), result, applied
        )
        op = _build_operator(
            result, draft.row, _bandatlas_fields(draft, networks, source, prefix, as_of)
        )
        if op is not None:
            result.operators.append(op)
    result.imported += len(applied)
    for events in country_events.values():
        for event in events:
            if event.status == "off" and event.row not in applied:
                result.problem(
                    event.row,
                    f"{event.text} {event.date_text}",
                    "country-wide event that applies to no imported operator",
                )
    result.operators.sort(key=lambda op: op.id)
    return result


_REQUIRED_COLUMNS = {
    "networks.csv": ("country", "operator_id", "operator"),
    "network_bands.csv": ("country", "operator_id", "tech", "band", "layer", "confidence"),
    "sunset.csv": ("country", "operator_id", "network", "date", "status"),
}


def _read_bandatlas_tables(root: Path) -> dict[str, list[dict[str, str]]]:
    tables: dict[str, list[dict[str, str]]] = {}
    for name in _BANDATLAS_FILES:
        path = root / name
        if not path.is_file():
            raise InvalidInputError(
                f"{path}: Band Atlas file not found",
                hint="pass the folder holding networks.csv, network_bands.csv and sunset.csv",
                value=str(path),
            )
        rows = _read_csv(path)
        missing = [c for c in _REQUIRED_COLUMNS[name] if rows and c not in rows[0]]
        if missing:
            raise InvalidInputError(
                f"{path}: missing column(s) {', '.join(missing)}", value=str(path)
            )
        tables[name] = rows
    return tables


def _known_bandatlas_ids(known: Catalog | None) -> dict[tuple[str, str], str]:
    if known is None:
        return {}
    return {
        (op.country, op.external_ids["bandatlas"]): op.id
        for op in known.operators.values()
        if "bandatlas" in op.external_ids
    }


def _bandatlas_drafts(
    rows: Sequence[Mapping[str, str]],
    result: ImportResult,
    known: Mapping[tuple[str, str], str],
    prefix: str,
) -> dict[tuple[str, str], _Draft]:
    drafts: dict[tuple[str, str], _Draft] = {}
    for i, rec in enumerate(rows, start=2):
        row = f"networks.csv:{i}"
        country, op_id = rec.get("country", "").upper(), rec.get("operator_id", "")
        key = (country, op_id)
        if not re.fullmatch(r"[A-Z]{2}", country):
            result.problem(row, country, "not an ISO 3166-1 alpha-2 country code")
        elif not _slug(op_id):
            result.problem(row, op_id, "blank operator_id")
        elif key in known:
            result.problem(row, op_id, f"already curated as {known[key]}; not imported", "skipped")
        elif key in drafts:
            result.problem(
                row, op_id, f"duplicate operator_id (first at {drafts[key].row})", "skipped"
            )
        else:
            drafts[key] = _Draft(row, country, op_id, dict(rec))
    return drafts


def _bandatlas_deployments(
    rows: Sequence[Mapping[str, str]],
    drafts: Mapping[tuple[str, str], _Draft],
    result: ImportResult,
    reg: BandRegistry,
    known: Mapping[tuple[str, str], str],
) -> None:
    for i, rec in enumerate(rows, start=2):
        row = f"network_bands.csv:{i}"
        key = (rec.get("country", "").upper(), rec.get("operator_id", ""))
        band_id, tech = rec.get("band", ""), rec.get("tech", "").upper()
        draft = drafts.get(key)
        if draft is None:
            if key in known:
                result.problem(row, band_id, f"operator already curated as {known[key]}", "skipped")
            else:
                result.problem(
                    row, f"{key[1]} {band_id}", "operator_id not in networks.csv (or not imported)"
                )
            continue
        expected = {"LTE": Rat.LTE, "NR": Rat.NR}.get(tech)
        if band_id not in reg:
            result.problem(
                row, band_id, f"unknown band id {band_id!r} (not in the {reg.release} registry)"
            )
            continue
        band = reg.get(band_id)
        if expected is None or band.rat is not expected:
            result.problem(
                row,
                f"{tech} {band_id}",
                "tech column does not match the band (LTE needs B<n>, NR n<n>)",
            )
            continue
        if band.id in draft.deployments:
            result.problem(row, band.id, "same band listed twice for this operator", "skipped")
            continue
        draft.deployments[band.id] = _bandatlas_deployment(band, rec)
        result.imported += 1


def _bandatlas_deployment(band: Band, rec: Mapping[str, str]) -> Deployment:
    column = rec.get("layer", "").lower()
    layer = _fixed_layer(band) or (
        Layer(column) if column in ("coverage", "capacity") else _frequency_layer(band)
    )
    code = rec.get("confidence", "").lower()
    confidence = Confidence.CONFIRMED if code == "x" else Confidence.REPORTED
    parts = [f"Band Atlas layer '{column or '-'}', confidence '{code or '-'}'"]
    if layer.value != column:
        parts.append(f"layer set to {layer.value} by the bandfit layer rules")
    if rec.get("main_band", "").lower() == "yes":
        parts.append("main band")
    if rec.get("sources"):
        parts.append("upstream sources: " + rec["sources"].replace(";", ", "))
    return Deployment(
        band=band.id,
        layer=layer,
        confidence=confidence,
        sources=("bandatlas",),
        note="; ".join(parts),
    )


def _bandatlas_events(
    rows: Sequence[Mapping[str, str]],
    drafts: Mapping[tuple[str, str], _Draft],
    result: ImportResult,
    known: Mapping[tuple[str, str], str],
) -> dict[str, list[_SunsetEvent]]:
    """Attach sunset rows to operators (by id or display name); blank operator = whole country."""
    by_name = {(d.country, _norm_name(d.record.get("operator", ""))): d for d in drafts.values()}
    by_name.update({(d.country, _norm_name(d.operator_id)): d for d in drafts.values()})
    country_wide: dict[str, list[_SunsetEvent]] = {}
    for i, rec in enumerate(rows, start=2):
        event = _parse_sunset(f"sunset.csv:{i}", rec)
        country, who = rec.get("country", "").upper(), rec.get("operator_id", "")
        if event.unsupported:
            result.problem(
                event.row,
                event.text,
                f"only 2G/3G sunsets are modelled ({event.unsupported!r} is not)",
            )
            continue
        if event.status != "off":
            result.problem(
                event.row,
                f"{event.text} {event.date_text}",
                f"status {event.status!r}: kept in notes, not set as until",
                "skipped",
            )
        if not who:
            country_wide.setdefault(country, []).append(event)
            continue
        draft = drafts.get((country, who)) or by_name.get((country, _norm_name(who)))
        if draft is None:
            if (country, who) in known:
                result.problem(
                    event.row,
                    who,
                    f"operator already curated as {known[(country, who)]}",
                    "skipped",
                )
            else:
                result.problem(
                    event.row, who, "operator matches no networks.csv row of this country"
                )
            continue
        draft.events.append(event)
    return country_wide


def _generation_rat(draft: _Draft, generation: str, date_text: str) -> tuple[Rat | None, str]:
    """The RAT a generation means for this operator, and how that was decided."""
    named = [e for e in draft.events if generation in e.generations and e.rat is not None]
    rats = {e.rat for e in named}
    if len(rats) > 1:
        named = [e for e in named if e.date_text == date_text]
        rats = {e.rat for e in named}
    if len(rats) == 1:
        rat = rats.pop()
        return rat, f"RAT from sunset.csv {named[0].text!r}"
    key = (draft.country, generation)
    if key in _COUNTRY_GEN_RAT:
        rat_or_none = _COUNTRY_GEN_RAT[key]
        why = (
            "Korea never ran GSM; its 2G was CDMA"
            if rat_or_none
            else "Japan's 2G was PDC, not a RAT bandfit models"
        )
        return rat_or_none, why
    return _GEN_DEFAULT_RAT[
        generation
    ], f"{generation} read as {_GEN_DEFAULT_RAT[generation].value.upper()}"


def _bandatlas_networks(
    draft: _Draft, country_events: Sequence[_SunsetEvent], result: ImportResult, applied: set[str]
) -> list[Network]:
    """Ended 2G/3G networks (only "off" with a parseable date) plus live LTE/NR networks.

    A country-wide sunset row ("2G (all networks)") joins an operator's own claims unless the
    operator's networks.csv row says otherwise for that generation (never, none, planned...).
    """
    claims: dict[Rat, list[_SunsetClaim]] = {}
    why: dict[Rat, str] = {}
    for generation in ("2G", "3G"):
        _claims_from_cell(draft, generation, claims, why, result)
    for event in draft.events:
        draft.notes.append(f"sunset: {event.text} {event.status} {event.date_text}".strip())
        _claims_from_event(draft, event, "sunset.csv", claims, why, result)
    for event in country_events:
        if all(
            draft.record.get(g.lower(), "").lower() in ("off", "unknown", "")
            for g in event.generations
        ):
            _claims_from_event(draft, event, "sunset.csv (country-wide)", claims, why, None)
    networks = [
        _ended_network(rat, items, why.get(rat, ""), result, applied)
        for rat, items in claims.items()
    ]
    rats = {dep.rat for dep in draft.deployments.values()}
    if Rat.LTE in rats:
        networks.append(Network(rat=Rat.LTE, status="live", sources=("bandatlas",)))
    if Rat.NR in rats:
        networks.append(_nr_network(draft.record))
    order = list(Rat)
    return sorted(networks, key=lambda n: order.index(n.rat))


def _claims_from_cell(
    draft: _Draft,
    generation: str,
    claims: dict[Rat, list[_SunsetClaim]],
    why: dict[Rat, str],
    result: ImportResult,
) -> None:
    column = generation.lower()
    status, date_text = draft.record.get(column, "").lower(), draft.record.get(f"{column}_date", "")
    if status in ("", "unknown"):
        return
    draft.notes.append(f"{generation}: {status}{' ' + date_text if date_text else ''}")
    if status != "off":
        return
    row, value = f"{draft.row} ({column})", f"off {date_text}".strip()
    span = parse_date_span(date_text) if date_text else None
    if span is None:
        reason = "no date given" if not date_text else f"date {date_text!r} does not parse"
        result.problem(row, value, f"{generation} off but {reason}: no until can be set")
        return
    same_event = [
        e
        for e in draft.events
        if generation in e.generations and e.qualified and e.date_text == date_text
    ]
    if same_event:
        result.problem(
            row,
            value,
            f"same event as {same_event[0].row} ({same_event[0].text!r}), a partial shutdown: not applied",
        )
        return
    rat, how = _generation_rat(draft, generation, date_text)
    if rat is None:
        result.problem(row, value, how)
        return
    claims.setdefault(rat, []).append(_SunsetClaim(row, value, span, f"networks.csv {column}_date"))
    why.setdefault(rat, how)


def _claims_from_event(
    draft: _Draft,
    event: _SunsetEvent,
    origin: str,
    claims: dict[Rat, list[_SunsetClaim]],
    why: dict[Rat, str],
    result: ImportResult | None,
) -> None:
    """Claims of one sunset row; problems go to ``result`` (``None``: country-wide, reported once)."""
    if event.status != "off":
        return  # counted as skipped when read
    problem = None
    if event.qualified:
        problem = f"partial or regional event ({event.qualified!r}): not applied as a network end"
    elif event.span is None:
        problem = f"date {event.date_text!r} does not parse"
    if problem or event.span is None:
        if result is not None and problem:
            result.problem(event.row, f"{event.text} {event.date_text}", problem)
        return
    for generation in event.generations:
        rat = event.rat
        how = f"RAT named in sunset.csv {event.text!r}"
        if rat is None:
            rat, how = _generation_rat(draft, generation, event.date_text)
        if rat is None:
            if result is not None:
                result.problem(event.row, event.text, how)
            continue
        claims.setdefault(rat, []).append(
            _SunsetClaim(event.row, f"{event.text} off {event.date_text}", event.span, origin)
        )
        why.setdefault(rat, how)


def _ended_network(
    rat: Rat, claims: Sequence[_SunsetClaim], how: str, result: ImportResult, applied: set[str]
) -> Network:
    """Pick the most precise claim (ties: the earliest); the others must contain its date.

    "2024" and "2024-07-31" agree (the day lies in the year) and both count as imported; a claim
    whose period does not contain the chosen date is reported as a conflict.
    """
    best = min(claims, key=lambda c: (_PRECISION_RANK[c.span.precision], c.span.start))
    until = best.span.as_until()
    for claim in claims:
        if claim.span.start <= until < claim.span.end:
            applied.add(claim.row)
        elif claim.row not in applied:
            result.problem(
                claim.row,
                claim.value,
                f"{rat.value} end disagrees with {best.origin} {best.span.text!r}, which is used "
                "(the most precise date wins; on a tie the earliest)",
                "conflict",
            )
    texts = "; ".join(sorted({f"{c.origin} '{c.span.text}'" for c in claims}))
    partial = (
        f"; {best.span.precision} precision: until = first day of the period"
        if best.span.precision != "day"
        else ""
    )
    note = f"Band Atlas: off ({texts}){partial}. {how}."
    return Network(rat=rat, status="ended", until=until, sources=("bandatlas",), note=note)


def _nr_network(record: Mapping[str, str]) -> Network:
    """NR network; SA dates only as a 'since' bound, modes only when the source states them."""
    sa, sa_date = record.get("sa", "").lower(), record.get("sa_date", "")
    modes: tuple[Literal["nsa", "sa"], ...] | None = ("nsa",) if sa == "nsa" else None
    span = parse_date_span(sa_date) if sa == "yes" and sa_date else None
    sa_since = span.as_since() if span else None
    note = f"Band Atlas sa: {sa or '-'}{' ' + sa_date if sa_date else ''}"
    if span and span.precision != "day":
        note += f" ({span.precision} precision: sa_since = first day after the period)"
    if sa == "yes":
        note += "; NSA support not stated, so modes are left unknown"
    return Network(
        rat=Rat.NR, status="live", modes=modes, sa_since=sa_since, sources=("bandatlas",), note=note
    )


def _bandatlas_fields(
    draft: _Draft, networks: list[Network], source: Source, prefix: str, as_of: dt.date
) -> dict[str, Any]:
    rec = draft.record
    name = rec.get("operator") or draft.operator_id
    extras = [
        f"{label}: {rec[col]}"
        for col, label in (("redcap", "RedCap"), ("lte_m", "LTE-M"), ("nb_iot", "NB-IoT"))
        if rec.get(col)
    ]
    notes = (
        f"Imported from Band Atlas by bandfit (not curated). {'; '.join(draft.notes + extras)}. "
        f"Credit: {BANDATLAS_CREDIT}."
    )
    return {
        "id": f"{draft.country.lower()}/{prefix}{_slug(draft.operator_id)}",
        "name": name,
        "country": draft.country,
        "kind": "MNO",
        "brands": (name,),
        "group": rec.get("group") or None,
        "networks": networks,
        "deployments": sorted(draft.deployments.values(), key=_deployment_order),
        "external_ids": {"bandatlas": draft.operator_id},
        "sources": {"bandatlas": source},
        "as_of": as_of,
        "notes": notes,
    }


_RAT_ORDER = {rat: i for i, rat in enumerate(Rat)}


def _deployment_order(dep: Deployment) -> tuple[int, int, str]:
    digits = re.sub(r"\D", "", dep.band)
    return (_RAT_ORDER[dep.rat], int(digits) if digits else 0, dep.band)


# -------------------------------------------------------------------------------------------
# MCC-MNC list (Wikipedia)

_IMPORTED_STATUSES = frozenset({"operational", "temporary operational"})
_UNKNOWN_STATUSES = frozenset({"unknown"})
_MVNO_RE = re.compile(r"\bmvn[oe]\b|roaming sim", re.IGNORECASE)
_UNMODELLED = (
    ("gsm-r", "GSM-R (railway network)"),
    ("td-scdma", "TD-SCDMA (UTRA TDD): no band ids in the registry"),
    ("umts-tdd", "UTRA TDD: no band ids in the registry"),
    ("wimax", "WiMAX: not a RAT bandfit models"),
    ("iden", "iDEN: not a RAT bandfit models"),
    ("tetra", "TETRA (professional radio)"),
    ("dmr", "DMR (professional radio)"),
    ("phs", "PHS: not a RAT bandfit models"),
    ("namps", "analogue AMPS"),
    ("amps", "analogue AMPS"),
    ("damps", "D-AMPS / TDMA: not a RAT bandfit models"),
    ("tdma", "D-AMPS / TDMA: not a RAT bandfit models"),
    ("satellite", "satellite system, not a terrestrial 3GPP band"),
    ("nb-iot", "NB-IoT: not a RAT in the schema"),
    ("paging", "paging network"),
)
_NO_INFO = frozenset({"", "unknown", "any", "test"})
_NOTES_BANDS_RE = re.compile(r"\bbands?\s+(\d{1,3}(?:\s*(?:,|/|and|&)\s*\d{1,3})*)", re.IGNORECASE)


def _notes_lte_bands(notes: str) -> frozenset[int]:
    """LTE band numbers named in the record's notes ("LTE bands 28 / 4", "bands 1, 3, 19")."""
    found: set[int] = set()
    for m in _NOTES_BANDS_RE.finditer(notes):
        before = notes[max(0, m.start() - 6) : m.start()].lower()
        if re.search(r"(5g|nr|umts|cdma)\s*$", before):
            continue
        found.update(int(n) for n in re.findall(r"\d{1,3}", m.group(1)))
    return frozenset(found)


@dataclass
class _Label:
    """One MHz label of a record, resolved (or not) for one territory."""

    text: str
    candidates: tuple[str, ...] = ()
    reason: str = ""  # set when unmapped
    narrowed_by_notes: bool = False


def _classify_label(
    label: str, country: str | None, reg: BandRegistry, lte_bands: frozenset[int]
) -> _Label:
    raw = label.strip()
    low = raw.lower().rstrip("?").strip()
    if low in _NO_INFO or low.startswith("unknown"):
        return _Label(raw, reason="the source gives no band")
    for word, why in _UNMODELLED:
        if low.startswith(word):
            return _Label(raw, reason=why)
    text = re.sub(r"^td-5g[\s-]*(\d+)", r"5g \1 tdd", low)  # "TD-5G 2600": NR TDD at 2600 MHz
    text = re.sub(r"^cdma[\s-]+2000\b", "cdma2000", text)  # "CDMA 2000" names the technology
    if re.fullmatch(r"\d+(\s*mhz)?", text):
        return _Label(raw, reason="a frequency without a RAT: the band cannot be told")
    if not re.search(r"\d", re.sub(r"^(cdma2000|td-lte|lte|5g|umts|gsm|cdma)", "", text)):
        what = "CDMA without a band class" if "cdma" in text else "a RAT without a frequency"
        return _Label(raw, reason=f"{what}: the band cannot be told")
    try:
        candidates = resolve_label(text, country=country, registry=reg).candidates
    except BandfitError:
        try:  # a band written by number ("LTE 3") rather than MHz
            candidates = (parse_band(text, registry=reg).id,)
        except BandfitError:
            return _Label(
                raw,
                reason=f"no band of this RAT at this frequency in the {reg.release} registry, or not a label",
            )
    out = _Label(raw, candidates)
    if len(candidates) > 1 and lte_bands and all(c.startswith("B") for c in candidates):
        narrowed = tuple(c for c in candidates if int(c[1:]) in lte_bands)
        if narrowed and len(narrowed) < len(candidates):
            out.candidates, out.narrowed_by_notes = narrowed, True
    return out


def _label_deployment(label: _Label, reg: BandRegistry) -> Deployment:
    band = reg.get(label.candidates[0])
    by_notes = " narrowed by the record's notes" if label.narrowed_by_notes else ""
    if len(label.candidates) == 1:
        note = f"label '{label.text}'{by_notes}"
        return Deployment(
            band=band.id,
            layer=_frequency_layer(band),
            confidence=Confidence.REPORTED,
            sources=("wiki-mccmnc",),
            note=note,
        )
    note = (
        f"label '{label.text}'{by_notes} — ambiguous, see candidates; band is the first candidate "
        "only because the schema needs one"
    )
    return Deployment(
        band=band.id,
        layer=_frequency_layer(band),
        confidence=Confidence.INFERRED,
        candidates=label.candidates,
        sources=("wiki-mccmnc",),
        note=note,
    )


def _merge(old: Deployment, new: Deployment) -> Deployment:
    """Two labels landing on the same band: an exact mapping wins; candidates are unioned."""
    if old.confidence is not Confidence.INFERRED:
        return old.model_copy(update={"note": f"{old.note}; also {new.note.split(' —')[0]}"})
    if new.confidence is not Confidence.INFERRED:
        return new
    union = tuple(dict.fromkeys(old.candidates + new.candidates))
    return old.model_copy(
        update={"candidates": union, "note": f"{old.note}; also {new.note.split(' —')[0]}"}
    )


def import_mccmnc(
    path: Path | str,
    *,
    prefix: str = "mccmnc-",
    known: Catalog | None = None,
    include_unknown_status: bool = False,
    as_of: dt.date = MCCMNC_AS_OF,
    registry: BandRegistry | None = None,
) -> ImportResult:
    """Read ``mcc-mnc-list.json`` (Wikipedia MCC-MNC tables) into one MNO per (country, PLMN).

    Args:
        path: the JSON file (a list of records with mcc, mnc, countryCode, brand, operator,
            status, bands, notes).
        prefix: put before ``<mcc>-<mnc>`` in record ids (``us/mccmnc-310-410``).
        known: a catalog whose PLMNs are skipped (so a PLMN look-up stays unambiguous).
        include_unknown_status: also import records whose status is "Unknown" (default: only
            Operational ones, since a wrong "works" is worse than a gap).
        as_of: the records' ``as_of`` (default: the date of the dataset).
        registry: band registry (default: the shipped one).

    Raises:
        InvalidInputError: the file is not a JSON list of records.
    """
    reg = registry or default_registry()
    file = Path(path)
    try:
        records = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise InvalidInputError(
            f"{file}: cannot read the MCC-MNC list: {err}", value=str(file)
        ) from err
    if not isinstance(records, list):
        raise InvalidInputError(f"{file}: expected a JSON list of records", value=str(file))
    result = ImportResult(source=str(file), rows=len(records))
    known_plmns = {p: op.id for op in (known.operators.values() if known else ()) for p in op.plmns}
    source = Source(
        title="Wikipedia 'Mobile Network Codes in ITU region' tables, as scraped in mcc-mnc-list.json",
        url="https://github.com/cavoq/mcc-mnc-list",
        publisher="Wikipedia contributors",
        retrieved=today(),
        license="CC BY-SA 4.0",
        note="cavoq/mcc-mnc-list commit e827f782 (data 2024-09-09); MHz labels resolved to 3GPP bands "
        "by bandfit.bands.resolve_label; imported by bandfit.catalog.importers (not curated).",
    )
    seen: dict[tuple[str, str], str] = {}
    for index, rec in enumerate(records):
        for fields in _mccmnc_record(
            index, rec, result, reg, known_plmns, seen, include_unknown_status
        ):
            fields.update(sources={"wiki-mccmnc": source}, as_of=as_of)
            fields["id"] = f"{fields['country'].lower()}/{prefix}{fields.pop('_slug')}"
            op = _build_operator(result, fields.pop("_row"), fields)
            if op is not None:
                result.operators.append(op)
    result.operators.sort(key=lambda op: op.id)
    return result


def _text(rec: Mapping[str, Any], key: str) -> str:
    value = rec.get(key)
    return value.strip() if isinstance(value, str) else ""


def _mccmnc_skip_reason(rec: Mapping[str, Any], include_unknown: bool) -> str | None:
    mcc, mnc, status = _text(rec, "mcc"), _text(rec, "mnc"), _text(rec, "status")
    if not (re.fullmatch(r"\d{3}", mcc) and re.fullmatch(r"\d{2,3}", mnc)):
        return f"not a PLMN (MCC {mcc!r}, MNC {mnc!r})"
    if not _text(rec, "countryCode"):
        return f"no country ({_text(rec, 'type') or 'no type'} network)"
    allowed = _IMPORTED_STATUSES | (_UNKNOWN_STATUSES if include_unknown else frozenset())
    if status.lower() not in allowed:
        return f"status {status or '(blank)'!r}: not known to be an operating network"
    if _MVNO_RE.search(_text(rec, "bands")):
        return "MVNO: the source names no host network, and only MNOs are imported"
    return None


def _mccmnc_record(
    index: int,
    rec: Any,
    result: ImportResult,
    reg: BandRegistry,
    known_plmns: Mapping[str, str],
    seen: dict[tuple[str, str], str],
    include_unknown: bool,
) -> list[dict[str, Any]]:
    """Operator fields for each territory of one record (problems recorded on the way)."""
    if not isinstance(rec, Mapping):
        result.problem(f"mcc-mnc-list.json#{index}", repr(rec)[:60], "not a JSON object", "skipped")
        return []
    plmn = f"{_text(rec, 'mcc')}-{_text(rec, 'mnc')}"
    codes = _text(rec, "countryCode")
    row = f"mcc-mnc-list.json#{index} ({codes or '-'} {plmn})"
    reason = _mccmnc_skip_reason(rec, include_unknown)
    if reason is None and plmn in known_plmns:
        reason = f"PLMN already curated as {known_plmns[plmn]}"
    if reason:
        result.problem(
            row, _text(rec, "brand") or _text(rec, "operator") or plmn, reason, "skipped"
        )
        return []
    territories = [c.strip().upper() for c in codes.split("/") if c.strip()]
    context = next((c for c in territories if c in reg.countries), None)
    out = []
    for cc in territories:
        if not re.fullmatch(r"[A-Z]{2}", cc):
            result.problem(row, cc, "not an ISO 3166-1 alpha-2 country code", "skipped")
            continue
        if (cc, plmn) in seen:
            result.problem(
                row,
                f"{cc} {plmn}",
                f"duplicate (country, PLMN); first record {seen[(cc, plmn)]} kept",
                "skipped",
            )
            continue
        seen[(cc, plmn)] = row
        label_country = cc if cc in reg.countries else context
        deployments = _mccmnc_deployments(
            row if len(territories) == 1 else f"{row} [{cc}]", rec, label_country, result, reg
        )
        out.append(_mccmnc_fields(rec, cc, plmn, territories, label_country, deployments, row))
    return out


def _mccmnc_deployments(
    row: str, rec: Mapping[str, Any], country: str | None, result: ImportResult, reg: BandRegistry
) -> list[Deployment]:
    lte_bands = _notes_lte_bands(_text(rec, "notes"))
    found: dict[str, Deployment] = {}
    labels = [part.strip() for part in _text(rec, "bands").split("/")]
    for text in labels:
        if not text and len(labels) > 1:
            continue  # "GSM 900 / / LTE": an empty slot between separators
        label = _classify_label(text, country, reg, lte_bands)
        if label.reason:
            result.problem(row, text or "(blank)", label.reason)
            continue
        dep = _label_deployment(label, reg)
        if dep.confidence is Confidence.INFERRED:
            result.inferred += 1
        else:
            result.imported += 1
        found[dep.band] = _merge(found[dep.band], dep) if dep.band in found else dep
    return sorted(found.values(), key=_deployment_order)


def _mccmnc_fields(
    rec: Mapping[str, Any],
    cc: str,
    plmn: str,
    territories: Sequence[str],
    label_country: str | None,
    deployments: list[Deployment],
    row: str,
) -> dict[str, Any]:
    brand, company = _text(rec, "brand"), _text(rec, "operator")
    notes = [
        f"Imported from the Wikipedia MCC-MNC list by bandfit (not curated); status {_text(rec, 'status')!r}"
    ]
    if company:
        notes.append(f"operator: {company}")
    notes.append(f"bands: {_text(rec, 'bands') or '-'!r}")
    if _text(rec, "notes"):
        notes.append(f"Wikipedia notes: {' '.join(_text(rec, 'notes').split())!r}")
    if len(territories) > 1:
        notes.append(f"listed for {'/'.join(territories)}")
    if label_country != cc:
        notes.append(
            f"labels resolved with {label_country or 'no'} country context ({cc} is not in the band registry)"
        )
    return {
        "_row": row,
        "_slug": _slug(plmn),
        "name": brand or company or f"PLMN {plmn}",
        "country": cc,
        "kind": "MNO",
        "brands": (brand,) if brand else (),
        "plmns": (plmn,),
        "deployments": deployments,
        "external_ids": {"mccmnc": plmn},
        "notes": "; ".join(notes) + ".",
    }


# -------------------------------------------------------------------------------------------
# writing an overlay

_QUOTED_KEYS = frozenset({"country", "plmns", "mccmnc", "bandatlas"})


class _Quoted(str):
    """A string the YAML writer must double-quote (country codes, PLMNs)."""

    __slots__ = ()


_ITEM_HEAD = ("band", "rat", "layer", "block", "status")
_ITEM_TAIL = ("since", "until", "confidence", "candidates", "sources", "note")


def _plain(value: Any, key: str | None = None) -> Any:
    """Model dump -> YAML-ready values: enums to text, tuples to lists, codes quoted.

    Deployments and networks are written band/rat first and sources/note last, the order a
    curator reads them in (the model's field order puts inherited dates and sources first).
    """
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        keys = list(value)
        if "band" in value or "rat" in value:
            head = [k for k in _ITEM_HEAD if k in value]
            tail = [k for k in _ITEM_TAIL if k in value]
            keys = head + [k for k in keys if k not in head and k not in tail] + tail
        return {k: _plain(value[k], k) for k in keys}
    if isinstance(value, list | tuple):
        return [_plain(v, key) for v in value]
    if isinstance(value, str) and key in _QUOTED_KEYS:
        return _Quoted(value)
    return value


def operator_yaml(op: Operator) -> str:
    """One operator as catalog YAML (``schema`` first, codes quoted, ISO dates, no defaults)."""
    import yaml

    class Dumper(yaml.SafeDumper):
        """SafeDumper that double-quotes :class:`_Quoted` strings."""

    def quoted(dumper: yaml.SafeDumper, data: _Quoted) -> yaml.ScalarNode:
        return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style='"')

    Dumper.add_representer(_Quoted, quoted)
    body = op.model_dump(mode="python", by_alias=True, exclude_defaults=True)
    body.pop("schema", None)
    # spelled out even where they equal the defaults: an imported file should say how sure it is
    for dumped, dep in zip(body.get("deployments", ()), op.deployments, strict=True):
        dumped["confidence"] = dep.confidence
    for dumped, net in zip(body.get("networks", ()), op.networks, strict=True):
        dumped["status"] = net.status
    doc = {"schema": "bandfit.operator/1", **_plain(body)}
    text: str = yaml.dump(doc, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)
    return text


def write_overlay(
    operators: Iterable[Operator],
    out_dir: Path | str,
    *,
    base: Catalog | None = None,
    replace: bool = False,
) -> list[Path]:
    """Write operators as ``out_dir/operators/<cc>/<slug>.yaml``, an overlay ``--catalog`` accepts.

    Each file is written to a temporary name and renamed, so an interrupted run leaves no half
    file. Files already in ``out_dir`` with other ids are left alone.

    Args:
        operators: the records (e.g. ``ImportResult.operators``).
        out_dir: the overlay root.
        base: the catalog the overlay will be laid over; ids it already has are refused unless
            ``replace`` is true, so curated records are never replaced by accident.
        replace: allow replacing ``base`` records.

    Raises:
        CatalogError: duplicate ids, or ids that would replace ``base`` records.
    """
    ops = list(operators)
    ids = [op.id for op in ops]
    problems = [
        f"{i}: id occurs more than once" for i in sorted({i for i in ids if ids.count(i) > 1})
    ]
    if base is not None and not replace:
        problems += [
            f"{i}: would replace the record already in the catalog (use a prefix, or replace=True)"
            for i in ids
            if i in base.operators
        ]
    if problems:
        raise CatalogError(problems, source=str(out_dir))
    written = []
    for op in ops:
        cc, slug = op.id.split("/", 1)
        target = Path(out_dir) / "operators" / cc / f"{slug}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(operator_yaml(op), encoding="utf-8")
        os.replace(tmp, target)
        written.append(target)
    return written
