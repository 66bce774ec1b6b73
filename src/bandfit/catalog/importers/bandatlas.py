"""Band Atlas importer (networks.csv, network_bands.csv, sunset.csv; CC BY 4.0)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from bandfit._types import today
from bandfit.bands.model import Band, Rat
from bandfit.bands.registry import BandRegistry, default_registry
from bandfit.catalog.model import Confidence, Deployment, Layer, Network, Source
from bandfit.errors import InvalidInputError

if TYPE_CHECKING:
    from bandfit.catalog.load import Catalog

from bandfit.catalog.importers.common import (
    _BANDATLAS_FILES,
    _COUNTRY_GEN_RAT,
    _GEN_DEFAULT_RAT,
    _NETWORK_TEXT_RE,
    _PRECISION_RANK,
    _SUNSET_NEUTRAL_WORDS,
    _SUNSET_RAT_WORDS,
    BANDATLAS_AS_OF,
    BANDATLAS_CREDIT,
    DateSpan,
    ImportResult,
    _build_operator,
    _fixed_layer,
    _frequency_layer,
    _norm_name,
    _read_csv,
    _slug,
    parse_date_span,
)


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
