"""Read GSMArena-style spec-sheet text into variant drafts (bands per RAT, NR modes, markets).

Why a parser of its own: GSMArena's "Network" block is the most complete public record of which
bands each sold variant supports, but it is free text written for people: ``"1, 3, 7, 20, 28, 38
SA/NSA/Sub6 - International"``, ``"HSDPA 850 / 900 / 1700(AWS) / 1900 / 2100"``, ``"CDMA2000
1xEV-DO"``, older ``"LTE band 1(2100), 3(1800)"``. This module turns it into canonical band ids
deterministically and **reports every fragment it cannot map** (``Problem(field, fragment,
reason, row, kind)``) instead of dropping or guessing it -- a confident wrong band is worse than
a gap. ``kind`` is ``ambiguous`` (understood, but several bands fit: 3G ``800``), ``unknown-band``
(``LTE 2526``) or ``unrecognised`` (not a band list at all).

Mapping rules (device side, GSMArena conventions):

* 2G: ``GSM 850/900/1800/1900`` -> ``GSM850 GSM900 GSM1800 GSM1900`` (``900`` is recorded as
  written, P-GSM ``GSM900``).
* 3G (HSDPA/UMTS/WCDMA): ``850 U5, 900 U8, 1700/1700(AWS) U4, 1800 U3, 1900 U2, 2100 U1, 2600 U7``.
  ``800`` is U6, U19 or U20 depending on the country: reported, never guessed. Other labels are
  accepted only when the band registry's label table gives exactly one band.
* CDMA: ``CDMA2000 1xEV-DO`` without MHz means "CDMA supported, band classes unknown" (``cdma``
  stays unknown, with a note). ``CDMA 800`` / ``850`` / ``1900`` *usually* mean BC0 / BC0 / BC1
  (``1700`` BC15 and ``2100`` BC6 by the registry's label table), but GSMArena names MHz, not
  band classes, and the catalog rule is to write band classes only
  when a source names them. **Decision:** by default the band classes are *not* adopted; the
  likely classes go into the variant notes. ``infer_cdma=True`` adopts them, notes it and marks
  the variant ``inferred``. ``CDMA PCS`` names BC1 and is adopted.
* 4G/5G numbers -> ``B<n>`` / ``n<n>``, validated against the band registry; ``28A`` -> ``B28``
  (noted). MHz labels (``LTE 800``) are coarse data: adopted only when the registry's label
  table gives one band (``LTE 900`` -> ``B8``; variant marked ``inferred``), else reported with
  the candidates. ``(2100)`` after a band number is a MHz hint and only cross-checked.
* 5G flags: ``SA`` / ``NSA`` -> ``nr_modes``; ``mmWave`` is recorded; ``Sub6`` is informational.
* Markers without bands (``LTE``, ``LTE (unspecified)``, ``HSDPA``, ``SA/NSA``) mean "supported,
  bands unknown" (the band list stays ``None``). ``N/A`` means none (``[]``). ``TD-SCDMA`` /
  ``TD-HSDPA`` are recognised but not modelled by bandfit (noted).

Rows and variants: a field holds one row per line (or rows separated by `` | ``); the text after
`` - `` is the row's *label* (``Global``, ``USA, LATAM, Canada``, ``A2849``, ``SM-S928U,
SM-S928U1``). ``SIM 1 & SIM 2 (dual-SIM model only)`` and ``all versions`` are annotations, not
variants. A label names *atoms* -- its model numbers, else its carriers/parts, else its markets
-- and the atoms that exactly the same rows describe form one variant (``A2651, A2893`` on one
4G row but on two 5G rows are two variants sharing the 4G bands). 4G/5G labels define the
variants; 2G/3G labels attach to them (and define variants only on phones without labelled
4G/5G rows). An unlabelled row applies to every variant without a row of its own for that RAT;
when a RAT has both, the unlabelled rows also form a ``default`` variant. A variant whose RAT is
listed only for other variants gets ``None`` (unknown) there, with a note. A RAT absent from
the sheet is ``[]`` when the ``Technology`` line omits it, else unknown. Scraper damage is
repaired where unambiguous: rows glued together (``"... - D852LTE 700 / ..."``,
``"... - G935P2,4,5,8 - G935R"``) are split, a label pushed onto its own row (``"India"``) is
re-attached.

Pasted text (``bandfit data import specsheet FILE``, :func:`parse_pasted_text`) is the GSMArena
spec table as copied from the page, one ``key<TAB>value`` per line (two or more spaces or
``": "`` also separate). A first cell that is a section word (``Network``, ``Launch``, ``Misc``...)
or empty with two more cells after it is the page's section column and is dropped; a line whose
key is empty continues the previous key (GSMArena's continuation rows)::

    Apple iPhone 15 Pro Max                  <- optional name line (or "Name<TAB>...")
    Brand        Apple                       <- optional
    Network   Technology   GSM / CDMA / HSPA / EVDO / LTE / 5G   <- section word is dropped
    2G bands     GSM 850 / 900 / 1800 / 1900 - SIM 1 & SIM 2 (dual-SIM)
                 CDMA 800 / 1900             <- empty key (leading TAB): continues the last key
    3G bands     HSDPA 850 / 900 / 1700(AWS) / 1900 / 2100
    4G bands     1, 2, 3, 4, 5, 7, 8, 12, 13, 17, 18, 19, 20, 25, 26, 28, 66 - A3106
    5G bands     1, 2, 3, 5, 7, 8, 12, 20, 25, 28, 66, 77, 78 SA/NSA/Sub6 - A3106
    Launch    Announced    2023, September 12
              Status       Available. Released 2023, September 22
    Misc      Models       A2849, A3105, A3106, A3108

Keys read: ``Name``, ``Brand``, ``Technology``, ``2G/3G/4G/5G bands``, ``Models``, ``Announced``,
``Status``; others (``Speed``...) are skipped. Lines starting with ``#`` are comments. Without a
``Brand`` line, :func:`to_device` takes the name's first word as the brand.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from bandfit._types import today
from bandfit.bands.model import Rat
from bandfit.bands.parse import resolve_label
from bandfit.bands.registry import BandRegistry, default_registry
from bandfit.catalog.model import BandSet, Confidence, Device, Source, Variant
from bandfit.errors import BandfitError, InvalidInputError, SpecSheetParseError

__all__ = [
    "GSMARENA_SOURCE",
    "BandRow",
    "FieldParse",
    "NrMode",
    "Problem",
    "ProblemKind",
    "SpecSheet",
    "VariantDraft",
    "device_id_for",
    "guess_kind",
    "parse_band_field",
    "parse_gsmarena_date",
    "parse_pasted_text",
    "parse_specsheet",
    "slugify",
    "to_device",
]

NrMode = Literal["nsa", "sa"]

GSMARENA_SOURCE = Source(
    title="GSMArena device specifications",
    url="https://www.gsmarena.com/",
    publisher="GSMArena",
    note="network block parsed by bandfit.catalog.specsheet",
)

# field name -> (display name, default RAT); keys are normalised (lower case, single spaces).
_BAND_FIELDS: dict[str, tuple[str, Rat]] = {}
for _names, _display, _rat in (
    (("2g bands", "bands 2g", "2g", "gsm"), "2G bands", Rat.GSM),
    (("3g bands", "bands 3g", "3g", "umts"), "3G bands", Rat.UMTS),
    (("4g bands", "bands 4g", "4g", "lte"), "4G bands", Rat.LTE),
    (("5g bands", "bands 5g", "5g", "nr"), "5G bands", Rat.NR),
):
    for _n in _names:
        _BAND_FIELDS[_n] = (_display, _rat)
_META_FIELDS = {"technology", "models", "name", "brand", "announced", "status"}
_SECTION_WORDS = {"network", "launch", "body", "display", "platform", "memory", "misc", "comms"}
_FIELD_ORDER = {Rat.LTE: 0, Rat.NR: 1, Rat.UMTS: 2, Rat.GSM: 3, Rat.CDMA: 4}

# GSMArena 3G MHz -> UTRA band (the brief's deterministic device-side convention).
_UMTS_MHZ = {850: "U5", 900: "U8", 1700: "U4", 1800: "U3", 1900: "U2", 2100: "U1", 2600: "U7"}
_CDMA_MHZ = {800: "BC0", 850: "BC0", 1900: "BC1"}

_TOKEN = re.compile(
    r"""
    (?P<na>N/A)(?![A-Za-z0-9])
   |(?P<rat>TD-SCDMA|TD-HSDPA|TD-LTE|FDD-LTE|CDMA2000|CDMA\s?One|1x\s?EV-?DO(?:\s+Rev\.?\s*[A0B])?
      |EV-?DO(?:\s+Rev\.?\s*[A0B])?|1xRTT|1x|CDMA|W-?CDMA|HSDPA\+?|HSUPA|HSPA\+?|UMTS|GSM
      |LTE(?:-A)?(?:\s+bands?)?|5G(?:\s+NR)?|NR|[234]G)(?![A-Za-z0-9])
   |(?P<flag>SA|NSA|Sub-?6|mm-?Wave|MHz|bands?)(?![A-Za-z0-9])
   |(?P<num>(?:B|n|TD)?\d{1,6}[AB]?)(?:\s*MHz)?(?![A-Za-z0-9])(?:\s*\((?P<paren>[^)]*)\))?
   |(?P<paren2>\([^)]*\)?)
   |(?P<sep>[,/&;+|]|\s+)
   |(?P<word>[^\s,/&;()|]+)
    """,
    re.X | re.I | re.ASCII,
)
_KINDS = ("na", "rat", "flag", "num", "paren2", "sep", "word")
_RAT_WORDS: tuple[tuple[str, Rat | None], ...] = (
    ("td-scdma", None), ("td-hsdpa", None), ("td-lte", Rat.LTE), ("fdd-lte", Rat.LTE),
    ("cdma", Rat.CDMA), ("1x", Rat.CDMA), ("ev", Rat.CDMA), ("hs", Rat.UMTS), ("umts", Rat.UMTS),
    ("w", Rat.UMTS), ("gsm", Rat.GSM), ("2g", Rat.GSM), ("3g", Rat.UMTS), ("4g", Rat.LTE),
    ("lte", Rat.LTE), ("5g", Rat.NR), ("nr", Rat.NR),
)  # fmt: skip
_GLUED_RAT = re.compile(r"(?<=[A-Za-z0-9)])(?=(?:LTE|HSDPA|UMTS|GSM|CDMA|TD-SCDMA)(?:[\s\d(]|$))")
_GLUED_LIST = re.compile(
    r"^(?P<label>.*?[A-Za-z])(?P<rest>\d{1,3}(?:\s*,\s*\d{1,3}){2,}(?![\d]).*)$"
)
_LABEL_SEP = re.compile(r"\s+-\s*|\s*-\s+|^-\s*")
_SIM_NOTE = re.compile(r"^(?:sim\s*\d|single[- ]sim|dual[- ]sim|triple[- ]sim)", re.I)
_ALL_NOTE = re.compile(r"^(?:all|all versions|all models|all variants)$", re.I)
_MODEL_NO = re.compile(
    r"^(?=[A-Za-z0-9_+.-]*\d)(?=[A-Za-z0-9_+.-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9_+.-]{1,22}(?:/[A-Za-z]{1,4})?$"
)
_NOT_MODEL = re.compile(r"^(?:\d+G|cat\d+|sim\d+|sub-?6|[234]G\w*|\d+(?:mm|gb|mhz))$", re.I)

# Label words -> catalog markets (ISO codes or the model's region names).
_MARKETS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("global", "international", "worldwide", "ww", "row", "rest of world",
                     "rest of the world"), ("global",)),
    **dict.fromkeys(("usa", "us", "u.s.", "united states", "american"), ("US",)),
    "canada": ("CA",),
    **dict.fromkeys(("latam", "latin america", "lat. america"), ("latam",)),
    **dict.fromkeys(("north america", "na", "nam"), ("north-america",)),
    "americas": ("north-america", "latam"),
    **dict.fromkeys(("china", "cn", "china mainland"), ("CN",)),
    "gcr": ("CN", "HK", "TW"),
    **dict.fromkeys(("india", "in"), ("IN",)),
    **dict.fromkeys(("europe", "eu", "european"), ("europe",)),
    **dict.fromkeys(("emea", "еmеа", "ема"), ("europe", "mea")),
    **dict.fromkeys(("mena", "me", "middle east", "africa", "ssa"), ("mea",)),
    **dict.fromkeys(("asia", "sea", "central asia", "asian"), ("asia",)),
    **dict.fromkeys(("apac", "asia pacific", "asia-pacific", "rest of apac"), ("apac",)),
    **dict.fromkeys(("japan", "jp"), ("JP",)),
    **dict.fromkeys(("korea", "kr", "south korea"), ("KR",)),
    **dict.fromkeys(("taiwan", "tw"), ("TW",)),
    **dict.fromkeys(("hong kong", "hk"), ("HK",)),
    **dict.fromkeys(("brazil", "br", "brazilian"), ("BR",)),
    **dict.fromkeys(("australia", "au"), ("AU",)),
    **dict.fromkeys(("new zealand", "nz"), ("NZ",)),
    **dict.fromkeys(("mexico", "mx"), ("MX",)),
    **dict.fromkeys(("russia", "rucis"), ("RU",)),
    **dict.fromkeys(("saudi arabia", "ksa"), ("SA",)),
    **dict.fromkeys(("uae",), ("AE",)),
    **dict.fromkeys(("uk", "united kingdom"), ("GB",)),
    **dict.fromkeys(("philippines", "phi", "ph"), ("PH",)),
    "indonesia": ("ID",), "malaysia": ("MY",), "singapore": ("SG",), "vietnam": ("VN",),
    "pakistan": ("PK",), "sweden": ("SE",), "italy": ("IT",), "ireland": ("IE",),
    "south africa": ("ZA",), "egypt": ("EG",), "eg": ("EG",), "ng": ("NG",), "tz": ("TZ",),
    "oceania": ("oceania",),
}  # fmt: skip


# Carrier names: they imply a market but name a variant of their own (AT&T vs Verizon models).
_CARRIERS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("at&t", "verizon", "verison", "t-mobile", "sprint", "u.s. cellular",
                     "us cellular", "cricket", "criket", "boost mobile", "metro pcs", "metropcs",
                     "virgin mobile usa"), ("US",)),
    **dict.fromkeys(("bell", "rogers", "telus"), ("CA",)),
}  # fmt: skip

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


@dataclass(frozen=True, slots=True)
class VariantDraft:
    """A variant read from a spec sheet, before it becomes a catalog :class:`Variant`."""

    id: str
    name: str
    label: str | None
    markets: tuple[str, ...]
    model_numbers: tuple[str, ...]
    bands: BandSet
    nr_modes: tuple[NrMode, ...] | None
    mmwave: bool = False
    inferred: bool = False
    notes: tuple[str, ...] = ()


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


# ----------------------------------------------------------------------------- helpers


def slugify(text: str, *, max_len: int = 60) -> str:
    """Lower-case ASCII slug for ids: ``"Galaxy S23+ (2023)"`` -> ``"galaxy-s23+-2023"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9.+]+", "-", ascii_text.lower())
    slug = re.sub(r"^[^a-z0-9]+|[-.]+$", "", re.sub(r"^[^a-z0-9]+", "", slug)[:max_len])
    return slug or "x"


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


_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))


def _norm_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return re.sub(r"\s+", " ", text).strip()


def _field_key(name: str) -> str:
    return re.sub(r"[\s_]+", " ", name.strip().lower())


def _rat_of_word(word: str) -> Rat | None:
    low = word.lower()
    for prefix, rat in _RAT_WORDS:
        if low.startswith(prefix):
            return rat
    return None


def _band_sort_key(band_id: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", band_id)
    return (int(digits) if digits else 0, band_id)


def _as_rat(rat: Rat | str) -> Rat:
    if isinstance(rat, Rat):
        return rat
    key = _field_key(rat)
    if key in _BAND_FIELDS:
        return _BAND_FIELDS[key][1]
    try:
        return Rat(key)
    except ValueError:
        raise InvalidInputError(
            f"unknown RAT {rat!r}", hint="use gsm, umts, cdma, lte, nr or 2g..5g", value=rat
        ) from None


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


# ----------------------------------------------------------------------------- variants

_SPLIT_LABEL = re.compile(r"\s*(?:[,;]|\s&\s|\band\b|/(?!(?:DSN?|DSS|DSE|DUOS)\b))\s*", re.I)
_MODEL_PREFIX = re.compile(r"^(?:SM|GT|SGH|SCH|SPH|SHV)-")


def _norm_model(text: str) -> str:
    """Model number as compared: upper case, no spaces, no dual-SIM suffix (``/DS``, ``/DSN``)."""
    return re.sub(r"/(?:DSN?|DSS|DSE|DUOS)$", "", re.sub(r"\s+", "", text.upper()))


def _match_key(text: str) -> str:
    return _MODEL_PREFIX.sub("", _norm_model(text))


def _split_models(text: str) -> list[str]:
    """Split a Models field (``"A1864, A1897, iPhone10,2"``) keeping ``iPhone10,2`` whole."""
    return [m.strip() for m in re.split(r",(?!\d{1,2}(?:,|$))\s*|;\s*", text) if m.strip()]


@dataclass
class _Label:
    """What a row label names, as *atoms*: model numbers (``t:``), else markets (``m:``), else
    its normalised parts (``k:``). Rows sharing an atom describe the same variant."""

    text: str
    atoms: list[str] = field(default_factory=list)
    display: dict[str, str] = field(default_factory=dict)
    markets: list[str] = field(default_factory=list)


_QUALIFIED = re.compile(r"\b([A-Za-z0-9][\w-]*\d[\w-]*)\s*\((GSM|CDMA)\)", re.I)


def _analyse_label(label: str) -> _Label:
    """Markets, model numbers and atoms of a row label (``"USA, LATAM, Canada (A1234)"``)."""
    info = _Label(label)
    text = _QUALIFIED.sub(lambda m: f"{m.group(2).upper()} {m.group(1)}", label)
    pieces: list[str] = []
    pieces.extend(re.findall(r"\(([^)]*)\)", text))
    outer = re.sub(r"\(([^)]*)\)", " ", text)
    pieces = [*re.split(r"\s+-\s+", outer), *pieces]
    tokens: list[tuple[str, str]] = []
    keys: list[tuple[str, str]] = []
    for piece in pieces:
        for part in _SPLIT_LABEL.split(piece):
            low = re.sub(
                r"^(?:for|the)\s+|\s+(?:version|model|only|unlocked|specific)$",
                "",
                part.strip().lower(),
            )
            if low in _MARKETS:
                info.markets.extend(m for m in _MARKETS[low] if m not in info.markets)
                continue
            if low in _CARRIERS:
                info.markets.extend(m for m in _CARRIERS[low] if m not in info.markets)
                keys.append((f"k:{low}", part.strip()))
                continue
            words = part.split()
            qual = next((w.upper() for w in words if w.upper() in ("GSM", "CDMA")), "")
            found = False
            for word in words:
                if (
                    _MODEL_NO.match(word)
                    and not _NOT_MODEL.match(word)
                    and word.lower() not in _MARKETS
                ):
                    shown = f"{word} ({qual})" if qual else word
                    tokens.append((f"t:{_match_key(word)}{'~' + qual if qual else ''}", shown))
                    found = True
            key = re.sub(
                r"\s+", " ", re.sub(r"\b(?:version|model|variant|edition|for|the)\b", "", low)
            ).strip()
            if not found and key:
                keys.append((f"k:{key}", part.strip()))
    chosen = (
        tokens
        or keys
        or [(f"m:{m}", m) for m in info.markets]
        or [(f"k:{_label_key(label)}", label)]
    )
    for atom, shown in chosen:
        if atom not in info.display:
            info.atoms.append(atom)
            info.display[atom] = shown
    return info


def _label_key(label: str) -> str:
    return re.sub(r"\s+", " ", label.strip().lower())


@dataclass
class _Class:
    atoms: list[str]
    label: str
    markets: list[str]
    models: list[str]


@dataclass
class _Grouping:
    classes: list[_Class]
    serves: dict[int, list[int]]  # row index -> variant classes it describes
    general: set[int]  # rows that apply to every variant without its own row of that RAT
    notes: list[str]


def _build_groups(rows: Sequence[BandRow]) -> _Grouping:
    """Variant classes from row labels.

    4G/5G labels define the atoms (2G/3G labels only when no 4G/5G row is labelled: older
    phones); every labelled row then applies to the atoms it names, and atoms described by
    exactly the same rows form one variant (``A2894, A2896`` stays one; ``A2651`` and ``A2893``
    split when their 5G rows differ). A RAT's single unmatched label, when no variant has a row
    of that RAT of its own ("GSM ... - SIM 1 & SIM 2 - for China"), is an annotation and applies
    to everyone; other unmatched rows with bands name variants of their own (their other RATs
    stay unknown unless listed unlabelled).
    """
    infos = {i: _analyse_label(r.label) for i, r in enumerate(rows) if r.label}
    modern = [i for i in infos if rows[i].rat in (Rat.LTE, Rat.NR)]
    defining = modern or [i for i in infos if rows[i].rat is not None and rows[i].bands]
    defining.sort(key=lambda i: (_FIELD_ORDER.get(rows[i].rat or Rat.LTE, 9), i))
    universe: dict[str, str] = {}
    for i in defining:
        for atom in infos[i].atoms:
            universe.setdefault(atom, infos[i].display[atom])
    applies: dict[int, set[str]] = {}
    unmatched: dict[Rat | None, list[int]] = {}
    for i, info in infos.items():
        hit = set(info.atoms) & universe.keys()
        if hit:
            applies[i] = hit
        else:
            unmatched.setdefault(rows[i].rat, []).append(i)
    general = {i for i in range(len(rows)) if i not in infos}
    notes: list[str] = []
    for rat, idx in unmatched.items():
        own = any(rows[i].rat is rat for i in applies) or any(rows[i].rat is rat for i in general)
        if rat is None or (len({rows[j].label for j in idx}) == 1 and not own):
            general.update(idx)  # an annotation of the whole RAT ("... - for China")
            continue
        for j in idx:  # another variant, named only in this RAT
            if rows[j].bands:
                for atom in infos[j].atoms:
                    universe.setdefault(atom, infos[j].display[atom])
                applies[j] = set(infos[j].atoms)
            else:
                general.add(j)
                notes.append(
                    f"{rows[j].field} row {rows[j].raw!r} matches no variant; applied to all"
                )
    by_sig: dict[frozenset[int], list[str]] = {}
    for atom in universe:
        by_sig.setdefault(frozenset(i for i, hit in applies.items() if atom in hit), []).append(
            atom
        )
    classes = [_make_class(atoms, universe, infos, applies, defining) for atoms in by_sig.values()]
    serves = {
        i: [c for c, cls in enumerate(classes) if hit & set(cls.atoms)]
        for i, hit in applies.items()
    }
    return _Grouping(classes, serves, general, notes)


def _make_class(
    atoms: list[str],
    universe: Mapping[str, str],
    infos: Mapping[int, _Label],
    applies: Mapping[int, set[str]],
    defining: Sequence[int],
) -> _Class:
    exact = [i for i in (*defining, *infos) if set(infos[i].atoms) == set(atoms)]
    label = infos[exact[0]].text if exact else ", ".join(universe[a] for a in atoms)
    markets = [a[2:] for a in atoms if a.startswith("m:")]
    for i, hit in applies.items():
        if hit <= set(atoms):
            markets.extend(m for m in infos[i].markets if m not in markets)
    models = [universe[a].split(" (")[0] for a in atoms if a.startswith("t:")]
    return _Class(atoms, label, markets, models)


def _field_rat(name: str) -> Rat:
    return _BAND_FIELDS.get(_field_key(name), ("", Rat.LTE))[1]


def _tech_rats(technology: str | None) -> set[Rat] | None:
    if technology is None:
        return None
    low = technology.lower()
    rats: set[Rat] = set()
    for words, rat in (
        (("gsm",), Rat.GSM),
        (("hspa", "umts", "hsdpa", "wcdma", "w-cdma"), Rat.UMTS),
        (("cdma", "evdo", "ev-do"), Rat.CDMA),
        (("lte",), Rat.LTE),
        (("5g", "nr"), Rat.NR),
    ):
        if any(re.search(rf"(?<![a-z-]){re.escape(w)}(?![a-z])", low) for w in words):
            rats.add(rat)
    return rats


def _rows_for(
    grouping: _Grouping, rows: Sequence[BandRow], g: int | None, rat: Rat
) -> tuple[list[BandRow], bool]:
    """Rows of ``rat`` that apply to group ``g`` (None = default); bool: rat has rows at all."""
    of_rat = [(i, r) for i, r in enumerate(rows) if r.rat is rat]
    own = [r for i, r in of_rat if g is not None and g in grouping.serves.get(i, ())]
    if own:
        return own, True
    return [r for i, r in of_rat if i in grouping.general], bool(of_rat)


def _needs_default(grouping: _Grouping, rows: Sequence[BandRow]) -> bool:
    """A default variant exists when no label defines one, or when unlabelled rows with bands
    would otherwise apply to nobody (every labelled variant has its own row of that RAT)."""
    n_groups = len(grouping.classes)
    if n_groups == 0:
        return True
    for rat in Rat:
        general = [
            i for i, r in enumerate(rows) if r.rat is rat and r.bands and i in grouping.general
        ]
        covered = {
            g for i, r in enumerate(rows) if r.rat is rat for g in grouping.serves.get(i, ())
        }
        if general and len(covered) == n_groups:
            return True
    return False


def _draft(
    grouping: _Grouping,
    rows: Sequence[BandRow],
    g: int | None,
    tech: set[Rat] | None,
) -> tuple[dict[str, tuple[str, ...] | None], set[NrMode], bool, bool, list[str]]:
    bands: dict[str, tuple[str, ...] | None] = {}
    modes: set[NrMode] = set()
    mmwave = inferred = False
    notes: list[str] = []
    for rat in Rat:
        used, any_rows = _rows_for(grouping, rows, g, rat)
        if not used:
            if any_rows:
                notes.append(f"{rat.label}: rows are listed only for other variants (unknown here)")
            bands[rat.value] = (
                () if (tech is not None and rat not in tech and not any_rows) else None
            )
            continue
        listed = [r for r in used if r.bands is not None]
        if not listed or (any(r.bands is None for r in used) and not any(r.bands for r in listed)):
            bands[rat.value] = None
        else:
            ids = {b for r in listed for b in r.bands or ()}
            bands[rat.value] = tuple(sorted(ids, key=_band_sort_key))
        for r in used:
            modes.update(r.nr_modes or ())
            mmwave = mmwave or r.mmwave
            inferred = inferred or r.inferred
            notes.extend(n for n in r.notes if n != "N/A" and n not in notes)
    for i in grouping.general:  # TD-SCDMA and other unmodelled technologies: notes only
        if rows[i].rat is None:
            notes.extend(n for n in rows[i].notes if n not in notes)
    if g is not None:
        for i, hits in grouping.serves.items():
            if rows[i].rat is None and g in hits:
                notes.extend(n for n in rows[i].notes if n not in notes)
    return bands, modes, mmwave, inferred, notes


def _variant_models(cls: _Class | None, models: Sequence[str], only: bool) -> tuple[str, ...]:
    """Model numbers of a variant, spelled as the Models field spells them when it lists them."""
    if cls is None:
        return tuple(models) if only else ()
    out: list[str] = []
    for word in cls.models:
        key = _match_key(word)
        hits = [m for m in models if _match_key(m) == key]
        out.extend(m for m in hits or [word] if m not in out)
    return tuple(out)


def _assemble(
    rows: Sequence[BandRow], tech: set[Rat] | None, models: Sequence[str]
) -> tuple[tuple[VariantDraft, ...], list[str]]:
    grouping = _build_groups(rows)
    classes = grouping.classes
    targets: list[int | None] = list(range(len(classes)))
    if _needs_default(grouping, rows):
        targets.insert(0, None)
    drafts: list[VariantDraft] = []
    used_ids: set[str] = set()
    for g in targets:
        cls = classes[g] if g is not None else None
        bands, modes, mmwave, inferred, notes = _draft(grouping, rows, g, tech)
        band_set = BandSet(**bands)
        nr_modes: tuple[NrMode, ...] | None = tuple(sorted(modes)) if modes else None
        if band_set.nr == () and nr_modes is None:
            nr_modes = ()
        if mmwave and not any(_band_sort_key(b)[0] >= 257 for b in band_set.nr or ()):
            notes.append("mmWave named but no FR2 band listed")
        label = cls.label if cls else None
        base = slugify(label or "default", max_len=48)
        vid, k = base, 2
        while vid in used_ids:
            vid, k = f"{base}-{k}", k + 1
        used_ids.add(vid)
        if cls is None and classes:
            notes.insert(0, "rows without a variant label")
        drafts.append(
            VariantDraft(
                id=vid,
                name=label or "Default",
                label=label,
                markets=tuple(cls.markets) if cls else (),
                model_numbers=_variant_models(cls, models, only=len(targets) == 1),
                bands=band_set,
                nr_modes=nr_modes,
                mmwave=mmwave,
                inferred=inferred,
                notes=tuple(notes),
            )
        )
    return tuple(drafts), grouping.notes


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
