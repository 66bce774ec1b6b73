"""Spec-sheet vocabulary: field names, MHz tables, tokenizer patterns, market words, text helpers.

Shared by :mod:`.rows` (band-row parsing), :mod:`.variants` (grouping rows into variants) and
:mod:`.sheet` (whole sheets); the mapping rules are described in :mod:`bandfit.catalog.specsheet`.
"""

from __future__ import annotations

import re
import unicodedata

from bandfit.bands.model import Rat
from bandfit.errors import InvalidInputError

__all__ = ["slugify"]

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


def slugify(text: str, *, max_len: int = 60) -> str:
    """Lower-case ASCII slug for ids: ``"Galaxy S23+ (2023)"`` -> ``"galaxy-s23+-2023"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9.+]+", "-", ascii_text.lower())
    slug = re.sub(r"^[^a-z0-9]+|[-.]+$", "", re.sub(r"^[^a-z0-9]+", "", slug)[:max_len])
    return slug or "x"


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
