"""Wikipedia MCC-MNC list importer (MHz labels resolved to candidate bands)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bandfit._types import today
from bandfit.bands.parse import parse_band, resolve_label
from bandfit.bands.registry import BandRegistry, default_registry
from bandfit.catalog.model import Confidence, Deployment, Source
from bandfit.errors import BandfitError, InvalidInputError

if TYPE_CHECKING:
    from bandfit.catalog.load import Catalog

from bandfit.catalog.importers.bandatlas import (
    _IMPORTED_STATUSES,
    _MVNO_RE,
    _NO_INFO,
    _NOTES_BANDS_RE,
    _UNKNOWN_STATUSES,
    _UNMODELLED,
    _deployment_order,
)
from bandfit.catalog.importers.common import (
    MCCMNC_AS_OF,
    ImportResult,
    _build_operator,
    _frequency_layer,
    _slug,
)


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
            f"{file}: cannot read the MCC-MNC list: {err}",
            hint="give the mcc-mnc-list.json file (a JSON list of records)",
            value=str(file),
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
