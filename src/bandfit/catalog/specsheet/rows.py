"""Band-row parsing: one GSMArena band field (all its rows) -> band rows and problems.

Every fragment is either mapped to a canonical band id / marker or reported as a
:class:`Problem`; see :mod:`bandfit.catalog.specsheet` for the mapping rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from bandfit.bands.model import Rat
from bandfit.bands.parse import resolve_label
from bandfit.bands.registry import BandRegistry, default_registry
from bandfit.catalog.specsheet.vocab import (
    _ALL_NOTE,
    _CDMA_MHZ,
    _GLUED_LIST,
    _GLUED_RAT,
    _KINDS,
    _LABEL_SEP,
    _MARKETS,
    _SIM_NOTE,
    _TOKEN,
    _UMTS_MHZ,
    _as_rat,
    _norm_text,
    _rat_of_word,
)
from bandfit.errors import BandfitError

__all__ = ["BandRow", "FieldParse", "NrMode", "Problem", "ProblemKind", "parse_band_field"]

NrMode = Literal["nsa", "sa"]

# ----------------------------------------------------------------------------- result types


ProblemKind = Literal["ambiguous", "unknown-band", "unrecognised"]


@dataclass(frozen=True, slots=True)
class Problem:
    """A fragment that could not be mapped, where it was, and why (never silently dropped).

    ``kind`` separates *understood but ambiguous* fragments (``"ambiguous"``: a MHz label several
    bands share, e.g. 3G ``800``) from fragments naming no known band (``"unknown-band"``: LTE
    ``2526``) and text that is not a band list at all (``"unrecognised"``).
    """

    field: str
    fragment: str
    reason: str
    row: str = ""
    kind: ProblemKind = "unrecognised"

    def to_dict(self) -> dict[str, str]:
        """JSON form (import reports, ``--json``)."""
        return {"field": self.field, "fragment": self.fragment, "reason": self.reason,
                "row": self.row, "kind": self.kind}  # fmt: skip


@dataclass(frozen=True, slots=True)
class BandRow:
    """One technology segment of one spec-sheet row: its bands, label and NR flags.

    ``bands`` is ``None`` when the row names the technology without bands ("LTE (unspecified)");
    ``()`` for ``N/A``. ``rat`` is ``None`` for technologies bandfit does not model (TD-SCDMA).
    """

    field: str
    rat: Rat | None
    technology: str
    bands: tuple[str, ...] | None
    label: str | None = None
    nr_modes: tuple[NrMode, ...] | None = None
    mmwave: bool = False
    inferred: bool = False
    notes: tuple[str, ...] = ()
    raw: str = ""


@dataclass(frozen=True, slots=True)
class FieldParse:
    """Everything read from one band field: rows, unmappable fragments, and fragment counts.

    A *fragment* is one band-list item or one band-less marker row ("CDMA2000 1xEV-DO", "N/A");
    ``mapped + len(problems) == fragments``. Labels are not counted (they are free text).
    """

    field: str
    rows: tuple[BandRow, ...]
    problems: tuple[Problem, ...]
    fragments: int
    mapped: int

    @property
    def understood(self) -> int:
        """Fragments mapped, plus those understood but ambiguous (reported with candidates)."""
        return self.mapped + sum(1 for p in self.problems if p.kind == "ambiguous")


# ----------------------------------------------------------------------------- row parsing


@dataclass
class _Segment:
    rat: Rat | None
    tech: str
    tdd: bool = False
    named: bool = False
    items: list[tuple[str, str | None]] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    parens: list[str] = field(default_factory=list)
    na: bool = False


@dataclass
class _RowState:
    name: str  # the field's display name
    raw: str
    registry: BandRegistry
    infer_cdma: bool
    problems: list[Problem] = field(default_factory=list)
    fragments: int = 0
    mapped: int = 0

    def fail(self, fragment: str, reason: str, kind: ProblemKind = "unrecognised") -> None:
        self.fragments += 1
        self.problems.append(Problem(self.name, fragment, reason, self.raw, kind))

    def ok(self) -> None:
        self.fragments += 1
        self.mapped += 1


def _split_rows(text: str | Sequence[str]) -> list[str]:
    """Rows of a field: list items, lines, `` | `` separators, and rows glued by the scraper."""
    chunks = [text] if isinstance(text, str) else list(text)
    rows: list[str] = []
    for chunk in chunks:
        for line in re.split(r"[\r\n]+|\s+\|\s+", chunk):
            line = _norm_text(line.replace("|", ","))
            if not line:
                continue
            start = 0
            for m in _GLUED_RAT.finditer(line):
                if _LABEL_SEP.search(line[start : m.start()]):
                    rows.append(line[start : m.start()].strip())
                    start = m.start()
            rows.append(line[start:].strip())
    return _rejoin_labels([r for r in rows if r])


def _rejoin_labels(rows: list[str]) -> list[str]:
    """A row that is only a market name ("India") is the previous row's label, split off by
    the scraper; glue it back when the previous row has no label of its own."""
    out: list[str] = []
    for row in rows:
        parts = [p.strip().lower() for p in re.split(r"[,/&]", row)]
        if out and all(p in _MARKETS for p in parts) and not _LABEL_SEP.search(out[-1]):
            out[-1] = f"{out[-1]} - {row}"
        else:
            out.append(row)
    return out


def _tokenize_body(body: str, default: Rat, state: _RowState) -> tuple[list[_Segment], str]:
    """Split a row body into technology segments; return them and any trailing free text.

    ``"HSDPA 850 / 2100 & TD-SCDMA"`` is two segments (UMTS with two items, TD-SCDMA marker);
    ``"CDMA2000 1xEV-DO"`` is one (consecutive words of one technology merge).
    """
    body = re.sub(r"\bAWS\s+(\d{3,4})\b", r"\1(AWS)", body, flags=re.I)  # "AWS 1700"
    body = re.sub(r"(?<![\w(])AWS(?![\w)])", "1700(AWS)", body, flags=re.I)  # "/ AWS"
    segments: list[_Segment] = []
    cur = _Segment(default, default.value)
    for m in _TOKEN.finditer(body):
        kind = next(k for k in _KINDS if m.group(k) is not None)
        text = m.group(0)
        if kind == "rat":
            cur = _next_segment(cur, segments, text)
        elif kind == "na":
            cur.na = True
        elif kind == "num":
            cur.items.append((m.group("num"), m.group("paren")))
        elif kind == "flag":
            cur.flags.add(text.lower().replace("-", ""))
        elif kind == "paren2":
            cur.parens.append(text.strip("() "))
        elif kind == "word" and cur.rat is Rat.CDMA and text.upper() == "PCS":
            cur.items.append(("PCS", None))
        elif kind == "word":
            rest = body[m.start() :].strip()
            if _started(cur):
                segments.append(cur)
            return segments, _trailing_text(rest, any(s.items for s in segments), state)
    if _started(cur):
        segments.append(cur)
    return segments, ""


def _next_segment(cur: _Segment, segments: list[_Segment], word: str) -> _Segment:
    """A technology word: continue the current segment ("CDMA2000 1xEV-DO") or start one."""
    rat = _rat_of_word(word)
    tdd = word.lower().startswith("td-lte")
    if cur.named and not (cur.items or cur.na) and cur.rat is rat:
        cur.tech, cur.tdd = f"{cur.tech} {word.strip()}", cur.tdd or tdd
        return cur
    if _started(cur):
        segments.append(cur)
    return _Segment(rat, word.strip(), tdd=tdd, named=True)


def _trailing_text(rest: str, after_bands: bool, state: _RowState) -> str:
    """Free text after a band list is more label ("... 850 / 900 for Brazil"); before any band
    it is an unrecognised fragment (reported, and not used as a label)."""
    if after_bands:
        return rest
    state.fail(rest, "unrecognised text where a band list was expected")
    return ""


def _started(seg: _Segment) -> bool:
    return bool(seg.items or seg.na or seg.named or seg.flags or seg.parens)


def _map_item(
    seg: _Segment, num: str, paren: str | None, state: _RowState
) -> tuple[str | None, str | None, bool]:
    """One band-list item -> (band id, note, inferred); reports a problem and returns None."""
    reg = state.registry
    rat = seg.rat
    assert rat is not None
    if num.upper() == "PCS":
        return "BC1", None, False
    m = re.fullmatch(r"(?i)(B|n|TD)?(\d+)([AB])?", num)
    if m is None:  # pragma: no cover - the tokenizer only yields this shape
        state.fail(num, "not a band number")
        return None, None, False
    prefix, value, suffix = (m.group(1) or "").upper(), int(m.group(2)), m.group(3)
    tdd = seg.tdd or prefix == "TD"
    if rat is Rat.GSM:
        if value >= 400 and f"GSM{value}" in reg and not suffix and not prefix:
            return f"GSM{value}", None, False
        state.fail(num, f"no GSM band is labelled {num} MHz", "unknown-band")
        return None, None, False
    if rat is Rat.UMTS:
        return _map_umts(num, value, paren, state)
    if rat is Rat.CDMA:
        return _map_cdma(num, value, state)
    if value >= 400:
        return _map_label(rat, num, value, tdd, state)
    band_id = f"B{value}" if rat is Rat.LTE else f"n{value}"
    if band_id not in reg or prefix == "TD" or (prefix == "N" and rat is Rat.LTE):
        state.fail(num, f"{rat.label} band {value} is not in the band registry", "unknown-band")
        return None, None, False
    note = f"'{num}' read as {band_id}" if suffix else None
    if paren and re.fullmatch(r"\d{3,4}(?:/\d{3,4})?", paren.strip()):
        mhz = int(paren.split("/")[0])
        try:
            cands = resolve_label(f"{rat.value} {mhz}", registry=reg).candidates
        except BandfitError:
            cands = ()
        if band_id not in cands:
            note = f"{band_id} is labelled '{paren}' MHz, which does not match the band (kept {band_id})"
    return band_id, note, False


def _map_umts(
    num: str, value: int, paren: str | None, state: _RowState
) -> tuple[str | None, str | None, bool]:
    if value < 400:
        band_id = f"U{value}"
        if band_id in state.registry:
            return band_id, f"3G '{num}' read as band number {band_id}", False
        state.fail(num, f"UMTS band {value} is not in the band registry", "unknown-band")
        return None, None, False
    if value == 1700 or (paren and "aws" in paren.lower()):
        return "U4", None, False
    if value in _UMTS_MHZ:
        return _UMTS_MHZ[value], None, False
    cands = _label_candidates(Rat.UMTS, value, False, state)
    if len(cands) == 1:
        return cands[0], f"3G {value} MHz read as {cands[0]} (only band with that label)", True
    if not cands:
        state.fail(num, f"no UMTS band is labelled {value} MHz", "unknown-band")
    else:
        state.fail(
            num,
            f"3G {value} MHz is ambiguous: could be {', '.join(cands)}; GSMArena does not say which",
            "ambiguous",
        )
    return None, None, False


def _map_cdma(num: str, value: int, state: _RowState) -> tuple[str | None, str | None, bool]:
    cands = _label_candidates(Rat.CDMA, value, False, state)
    band_id = _CDMA_MHZ.get(value) or (cands[0] if len(cands) == 1 else None)
    if band_id is not None:
        if state.infer_cdma:
            return (
                band_id,
                f"CDMA {value} MHz taken as {band_id} (inferred from the MHz label)",
                True,
            )
        return (
            None,
            f"CDMA {value} MHz (usually {band_id}) not adopted: the source names no band class",
            False,
        )
    if cands:
        state.fail(num, f"CDMA {value} MHz may be {', '.join(cands)}", "ambiguous")
    else:
        state.fail(num, f"no CDMA band class is labelled {value} MHz", "unknown-band")
    return None, None, False


def _label_candidates(rat: Rat, value: int, tdd: bool, state: _RowState) -> tuple[str, ...]:
    """Bands the registry's label table allows for ``value`` MHz (``()`` when no such label)."""
    if not any(r.rat is rat and r.label_mhz == value for r in state.registry.labels):
        return ()
    prefix = {Rat.LTE: "TD-LTE" if tdd else "LTE", Rat.NR: "5G", Rat.UMTS: "UMTS"}.get(
        rat, rat.value
    )
    try:
        return resolve_label(f"{prefix} {value}", registry=state.registry).candidates
    except BandfitError:
        return ()


def _map_label(
    rat: Rat, num: str, value: int, tdd: bool, state: _RowState
) -> tuple[str | None, str | None, bool]:
    cands = _label_candidates(rat, value, tdd, state)
    if len(cands) == 1:
        return (
            cands[0],
            f"{rat.label} {num} MHz label read as {cands[0]} (only band with that label)",
            True,
        )
    if cands:
        state.fail(
            num,
            f"{rat.label} MHz label {value} may be {', '.join(cands)}; GSMArena does not say which",
            "ambiguous",
        )
    else:
        state.fail(
            num,
            f"{value} is neither a {rat.label} band number nor a known MHz label",
            "unknown-band",
        )
    return None, None, False


def _segment_row(seg: _Segment, label: str | None, state: _RowState) -> BandRow:
    notes: list[str] = []
    bands: list[str] = []
    inferred = False
    modes: set[NrMode] = set()
    if "sa" in seg.flags:
        modes.add("sa")
    if "nsa" in seg.flags:
        modes.add("nsa")
    if seg.rat is None:
        state.ok()
        notes.append(f"{seg.tech.upper()} (UTRA TDD) supported; bandfit does not model it")
        return BandRow(state.name, None, seg.tech, None, label, notes=tuple(notes), raw=state.raw)
    for num, paren in seg.items:
        before = len(state.problems)
        band_id, note, inf = _map_item(seg, num, paren, state)
        if len(state.problems) == before:
            state.ok()
        if note:
            notes.append(note)
        if band_id and band_id not in bands:
            bands.append(band_id)
            inferred = inferred or inf
    nr_modes = tuple(sorted(modes)) if modes else None
    mmwave = "mmwave" in seg.flags
    if seg.items:  # a list of which nothing could be adopted is unknown, not "none"
        return BandRow(state.name, seg.rat, seg.tech, tuple(bands) or None, label, nr_modes, mmwave, inferred,
                       tuple(notes), state.raw)  # fmt: skip
    state.ok()
    if seg.na:
        return BandRow(state.name, seg.rat, seg.tech, (), label, (), raw=state.raw, notes=("N/A",))
    detail = f" ({', '.join(seg.parens)})" if seg.parens else ""
    notes.append(f"{seg.rat.label} supported, bands not listed{detail}")
    return BandRow(
        state.name, seg.rat, seg.tech, None, label, nr_modes, mmwave, False, tuple(notes), state.raw
    )


def _clean_label(parts: Iterable[str]) -> tuple[str | None, list[str]]:
    kept: list[str] = []
    notes: list[str] = []
    for part in parts:
        part = part.strip(" ,;")
        if not part:
            continue
        if _SIM_NOTE.match(part) or _ALL_NOTE.match(part):
            notes.append(part)
        else:
            kept.append(re.sub(r"^for\s+(?:the\s+)?", "", part, flags=re.I))
    return (" - ".join(kept) or None), notes


def _parse_row(raw: str, default: Rat, state: _RowState, depth: int = 0) -> list[BandRow]:
    parts = _LABEL_SEP.split(raw)
    body, label_parts = parts[0], parts[1:]
    before = len(state.problems)
    segments, trailing = _tokenize_body(body, default, state)
    if not segments and len(state.problems) == before:
        state.fail(raw, "no band list or technology in this row")
    if trailing:
        label_parts = [trailing, *label_parts]
    extra_rows: list[BandRow] = []
    label_text = " - ".join(label_parts)
    glued = _GLUED_LIST.match(label_text) if depth == 0 else None
    if glued:
        trial = _RowState(state.name, glued.group("rest"), state.registry, state.infer_cdma)
        rows = _parse_row(glued.group("rest"), default, trial, depth + 1)
        if not trial.problems and sum(len(r.bands or ()) for r in rows) >= 3:
            label_parts = [glued.group("label")]
            extra_rows = [
                replace(r, notes=(*r.notes, "row split from a glued scrape line")) for r in rows
            ]
            state.fragments += trial.fragments
            state.mapped += trial.mapped
        elif re.search(r"\d+\s*,\s*\d+\s*,\s*\d+", label_text):
            state.fail(
                label_text, "label holds a band list glued to a model name; cannot split it safely"
            )
            label_parts = []
    label, label_notes = _clean_label(label_parts)
    rows = [_segment_row(seg, label, state) for seg in segments]
    if label_notes:
        rows = [replace(r, notes=(*r.notes, *label_notes)) for r in rows]
    return rows + extra_rows


def parse_band_field(
    text: str | Sequence[str],
    rat: Rat | str,
    *,
    field: str | None = None,
    infer_cdma: bool = False,
    registry: BandRegistry | None = None,
) -> FieldParse:
    """Parse one GSMArena band field (all its rows) whose default technology is ``rat``.

    ``rat`` is the field's RAT (``"lte"``/``"4g"`` for "4G bands"); a row naming another
    technology ("CDMA 800 / 1900" in "2G bands") is read as that technology. Never raises for
    bad text: unmappable fragments come back in ``problems``.

    Examples:
        >>> fp = parse_band_field("1, 3, 7, 20 - Global | 1, 3, 41 - China", "lte")
        >>> [(r.label, r.bands) for r in fp.rows]
        [('Global', ('B1', 'B3', 'B7', 'B20')), ('China', ('B1', 'B3', 'B41'))]
        >>> parse_band_field("HSDPA 850 / 900 / 1700(AWS) / 1900 / 2100", "3g").rows[0].bands
        ('U5', 'U8', 'U4', 'U2', 'U1')

    Raises:
        InvalidInputError: ``rat`` is not a RAT or band-field name.
    """
    default = _as_rat(rat)
    name = field or {Rat.GSM: "2G bands", Rat.UMTS: "3G bands", Rat.CDMA: "3G bands",
                     Rat.LTE: "4G bands", Rat.NR: "5G bands"}[default]  # fmt: skip
    reg = registry if registry is not None else default_registry()
    rows: list[BandRow] = []
    problems: list[Problem] = []
    fragments = mapped = 0
    for raw in _split_rows(text):
        state = _RowState(name, raw, reg, infer_cdma)
        rows.extend(_parse_row(raw, default, state))
        problems.extend(state.problems)
        fragments += state.fragments
        mapped += state.mapped
    return FieldParse(name, tuple(rows), tuple(problems), fragments, mapped)
