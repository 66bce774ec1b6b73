"""Parse band names as people write them, and MHz labels as datasets write them.

Two different questions, two functions:

* :func:`parse_band` — *which band is this name?* ``"B12"``, ``"Band 12"``, ``"LTE 12"``,
  ``"n78"``, ``"UMTS V"``, ``"Band IV"``, ``"BC0"``, ``"DCS 1800"``, ``"AWS-1"`` (with a RAT).
  One answer or an :class:`~bandfit.errors.AmbiguousBandError` listing the candidates; never a
  guess.
* :func:`resolve_label` — *which bands may this MHz label mean?* ``"LTE 700"``, ``"5G 3500"``,
  ``"TD-LTE 2600"``, ``"HSDPA 1700(AWS)"``. Always a *set* of candidates, narrowed by an optional
  country or ITU region using the label conventions in ``data/3gpp/band_labels.csv``; a label
  that several bands share is never silently resolved to one of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bandfit.bands.model import Band, Duplex, Rat
from bandfit.bands.registry import BandRegistry, default_registry
from bandfit.errors import AmbiguousBandError, UnknownBandError

__all__ = ["LabelMatch", "band_candidates", "parse_band", "resolve_label", "roman_to_int"]

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}

# Words that name a RAT, longest first so "td-lte" wins over "lte".
_RAT_WORDS: tuple[tuple[str, Rat, Duplex | None], ...] = (
    ("fdd-lte", Rat.LTE, Duplex.FDD),
    ("lte-fdd", Rat.LTE, Duplex.FDD),
    ("td-lte", Rat.LTE, Duplex.TDD),
    ("lte-tdd", Rat.LTE, Duplex.TDD),
    ("tdd-lte", Rat.LTE, Duplex.TDD),
    ("lte-a", Rat.LTE, None),
    ("e-utra", Rat.LTE, None),
    ("lte", Rat.LTE, None),
    ("4g", Rat.LTE, None),
    ("5g nr", Rat.NR, None),
    ("5g-nr", Rat.NR, None),
    ("nr", Rat.NR, None),
    ("5g", Rat.NR, None),
    ("w-cdma", Rat.UMTS, None),
    ("wcdma", Rat.UMTS, None),
    ("hspa+", Rat.UMTS, None),
    ("hsdpa", Rat.UMTS, None),
    ("hsupa", Rat.UMTS, None),
    ("hspa", Rat.UMTS, None),
    ("umts", Rat.UMTS, None),
    ("utra", Rat.UMTS, None),
    ("3g", Rat.UMTS, None),
    ("cdma2000", Rat.CDMA, None),
    ("cdmaone", Rat.CDMA, None),
    ("ev-do", Rat.CDMA, None),
    ("evdo", Rat.CDMA, None),
    ("1xrtt", Rat.CDMA, None),
    ("cdma", Rat.CDMA, None),
    ("gsm", Rat.GSM, None),
    ("2g", Rat.GSM, None),
)

# Spectrum nicknames -> band per RAT (only where the name denotes exactly that band).
_NICKNAMES: dict[str, dict[Rat, str]] = {
    "pcs": {Rat.GSM: "GSM1900", Rat.UMTS: "U2", Rat.CDMA: "BC1", Rat.LTE: "B2", Rat.NR: "n2"},
    "dcs": {Rat.GSM: "GSM1800", Rat.UMTS: "U3", Rat.LTE: "B3", Rat.NR: "n3"},
    "cellular": {Rat.GSM: "GSM850", Rat.UMTS: "U5", Rat.CDMA: "BC0", Rat.LTE: "B5", Rat.NR: "n5"},
    "aws-1": {Rat.UMTS: "U4", Rat.CDMA: "BC15", Rat.LTE: "B4"},
    "aws-3": {Rat.LTE: "B66", Rat.NR: "n66"},
    "aws-4": {Rat.LTE: "B23"},
    "cbrs": {Rat.LTE: "B48", Rat.NR: "n48"},
    "c-band": {Rat.NR: "n77"},
    "wcs": {Rat.LTE: "B30", Rat.NR: "n30"},
    "brs": {Rat.LTE: "B41", Rat.NR: "n41"},
    "ebs": {Rat.LTE: "B41", Rat.NR: "n41"},
    "apt700": {Rat.LTE: "B28", Rat.NR: "n28"},
    "dd800": {Rat.LTE: "B20", Rat.NR: "n20"},
    "e-gsm": {Rat.GSM: "EGSM900"},
    "egsm": {Rat.GSM: "EGSM900"},
    "r-gsm": {Rat.GSM: "RGSM900"},
    "rgsm": {Rat.GSM: "RGSM900"},
    "p-gsm": {Rat.GSM: "GSM900"},
    "pgsm": {Rat.GSM: "GSM900"},
}

_AWS_FAMILY = frozenset({"U4", "U10", "B4", "B10", "B66", "B70", "BC15", "n66", "n70"})
_LABEL_MIN_MHZ = 400  # band numbers are below this; MHz labels start at 410 MHz


def roman_to_int(text: str) -> int:
    """Convert a Roman numeral (``"XXVI"``) to an int; raises ValueError if it is not one."""
    text = text.lower()
    if not text or any(ch not in _ROMAN for ch in text):
        raise ValueError(f"not a Roman numeral: {text!r}")
    total = 0
    for ch, nxt in zip(text, text[1:] + " ", strict=True):
        value = _ROMAN[ch]
        total += -value if nxt != " " and _ROMAN[nxt] > value else value
    return total


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower().replace("_", " "))


def _split_rat(text: str) -> tuple[Rat | None, Duplex | None, str]:
    """Strip a leading RAT word: ``"td-lte 2600"`` -> (LTE, TDD, ``"2600"``)."""
    for word, rat, duplex in _RAT_WORDS:
        if text.startswith(word):
            follow = text[len(word) : len(word) + 1]
            if follow and follow.isalpha():
                continue  # "nrx", "lted": not this word
            return rat, duplex, text[len(word) :].strip(" -:")
    return None, None, text


def _id_for(rat: Rat, number: int) -> str:
    return (
        {
            Rat.LTE: f"B{number}",
            Rat.NR: f"n{number}",
            Rat.UMTS: f"U{number}",
            Rat.CDMA: f"BC{number}",
        }[rat]
        if rat is not Rat.GSM
        else f"GSM{number}"
    )


def parse_band(
    text: str, *, rat: Rat | str | None = None, registry: BandRegistry | None = None
) -> Band:
    """Return the band a name denotes.

    Examples:
        >>> [parse_band(s).id for s in ("B12", "b12", "Band 12", "LTE 12", "n78", "UMTS V", "Band IV")]
        ['B12', 'B12', 'B12', 'B12', 'n78', 'U5', 'U4']
        >>> parse_band("PCS", rat="lte").id, parse_band("DCS 1800").id, parse_band("BC 10").id
        ('B2', 'GSM1800', 'BC10')

    Raises:
        AmbiguousBandError: the name fits several bands (``candidates`` lists them).
        UnknownBandError: nothing fits (``suggestions`` lists close names).
    """
    reg = registry if registry is not None else default_registry()
    rat_hint = Rat(rat) if rat is not None else None
    norm = _norm(text)
    if not norm:
        raise UnknownBandError(text)
    direct = _direct(norm, rat_hint, reg)
    if direct is not None:
        return direct
    named, _duplex, rest = _split_rat(norm)
    effective = rat_hint or named
    rest_clean = re.sub(r"^(band class|band|bc|b|n)\s*", "", rest)
    if (
        rest.startswith(("band class", "bc"))
        and (effective in (None, Rat.CDMA))
        and rest_clean.isdigit()
    ):
        return _get(reg, f"BC{int(rest_clean)}", text)
    if rest_clean.isdigit():
        return _numbered(text, rest, int(rest_clean), effective, reg)
    if rest_clean and re.fullmatch(r"[ivxl]+", rest_clean):
        if effective not in (None, Rat.UMTS):
            raise UnknownBandError(text, suggestions=reg.suggest(text))
        return _get(reg, f"U{roman_to_int(rest_clean)}", text)
    return _nickname(text, rest, effective, reg)


def _numbered(raw: str, rest: str, number: int, rat: Rat | None, reg: BandRegistry) -> Band:
    """``"Band 12"``, ``"LTE 12"``, ``"12"`` (ambiguous without a RAT); big numbers are MHz labels."""
    if number >= _LABEL_MIN_MHZ or rat is Rat.GSM:
        return _single_label(raw, reg)
    if rat is None:
        if not rest.startswith("band"):
            cands = [c for c in (f"B{number}", f"n{number}", f"U{number}") if c in reg]
            raise AmbiguousBandError(
                raw, candidates=cands or [f"B{number}"], hint="prefix B, n or U, or give rat="
            )
        rat = Rat.LTE
    return _get(reg, _id_for(rat, number), raw)


def _nickname(raw: str, rest: str, rat: Rat | None, reg: BandRegistry) -> Band:
    """Spectrum nicknames: ``"PCS"``, ``"AWS-1"``, ``"CBRS"`` (one band per RAT)."""
    nick = re.sub(r"\s+", "-", rest.split(" ")[0]) if rest else ""
    key = rest.replace(" ", "-")
    table = _NICKNAMES.get(key) or _NICKNAMES.get(nick)
    if table is None:
        raise UnknownBandError(raw, suggestions=reg.suggest(raw.replace(" ", "")))
    tail = rest[len(nick) :].strip() if key not in _NICKNAMES else ""
    if tail and not tail.isdigit():
        raise UnknownBandError(raw, suggestions=reg.suggest(raw))
    if rat is not None:
        if rat in table:
            return _get(reg, table[rat], raw)
        raise UnknownBandError(raw, suggestions=tuple(table.values()))
    if len(table) == 1:
        return _get(reg, next(iter(table.values())), raw)
    if tail.isdigit() and int(tail) in (1800, 1900, 850, 900) and Rat.GSM in table:
        return _get(reg, table[Rat.GSM], raw)
    raise AmbiguousBandError(
        raw, candidates=list(table.values()), hint="give rat= (gsm, umts, cdma, lte, nr)"
    )


def _direct(norm: str, rat: Rat | None, reg: BandRegistry) -> Band | None:
    """Canonical ids and GSM spellings (``"gsm 850"``, ``"egsm900"``)."""
    compact = norm.replace(" ", "").replace("-", "")
    m = re.fullmatch(r"b(\d+)", compact)
    if m and rat in (Rat.UMTS, Rat.NR, Rat.CDMA):
        return _get(reg, _id_for(rat, int(m.group(1))), norm)
    if compact in {"u" + str(n) for n in range(1, 100)} or re.fullmatch(r"(b|n|bc)\d+", compact):
        try:
            return reg.get(compact.upper() if not compact.startswith("n") else compact)
        except UnknownBandError:
            if compact.startswith("bc"):
                raise
            return reg.get(compact[0].upper() + compact[1:] if compact[0] != "n" else compact)
    m = re.fullmatch(r"(gsm|egsm|rgsm|pgsm)(\d{3,4})", compact)
    if m:
        prefix = {"pgsm": "GSM"}.get(m.group(1), m.group(1).upper())
        return _get(reg, f"{prefix}{m.group(2)}", norm)
    m = re.fullmatch(r"(dcs|pcs)(1800|1900)?", compact)
    if m and (rat in (None, Rat.GSM)) and (m.group(2) or rat is Rat.GSM):
        return _get(reg, "GSM1800" if m.group(1) == "dcs" else "GSM1900", norm)
    return None


def _get(reg: BandRegistry, band_id: str, raw: str) -> Band:
    try:
        return reg.get(band_id)
    except UnknownBandError as err:
        raise UnknownBandError(raw, suggestions=err.suggestions or reg.suggest(band_id)) from None


def _single_label(raw: str, reg: BandRegistry) -> Band:
    match = resolve_label(raw, registry=reg)
    if len(match.candidates) == 1:
        return reg.get(match.candidates[0])
    raise AmbiguousBandError(
        raw,
        candidates=match.candidates,
        hint="a MHz label names a frequency range, not a band; use resolve_label() or name the band",
    )


@dataclass(frozen=True, slots=True)
class LabelMatch:
    """The candidate bands a MHz label may mean, and how they were narrowed."""

    text: str
    rat: Rat
    label_mhz: int
    candidates: tuple[str, ...]
    scope: str  # rule scope used: "*", "ITU1".."ITU3", an ISO code, or "range" (no convention)
    qualifier: str | None = None

    @property
    def is_ambiguous(self) -> bool:
        """True when more than one band fits."""
        return len(self.candidates) > 1

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "text": self.text,
            "rat": self.rat.value,
            "label_mhz": self.label_mhz,
            "candidates": list(self.candidates),
            "scope": self.scope,
            "qualifier": self.qualifier,
        }


_LABEL_RE = re.compile(
    r"^(?P<mhz>\d{3,5})(?:\s*(?:mhz)?)?\s*(?:\((?P<q>[^)]*)\)|(?P<q2>aws|tdd|fdd|sdl))?\s*$"
)


def resolve_label(
    text: str,
    *,
    country: str | None = None,
    region: int | str | None = None,
    rat: Rat | str | None = None,
    registry: BandRegistry | None = None,
) -> LabelMatch:
    """Resolve a MHz label (``"LTE 700"``) to its candidate bands, narrowed by country/region.

    Examples:
        >>> resolve_label("LTE 700", country="US").candidates
        ('B12', 'B13', 'B14', 'B17', 'B29', 'B85')
        >>> resolve_label("HSDPA 1700(AWS)").candidates, resolve_label("TD-LTE 2600").candidates
        (('U4', 'U10'), ('B38', 'B41'))

    Raises:
        UnknownBandError: the text names no RAT this registry knows, or no band of that RAT is
            near the label frequency.
    """
    reg = registry if registry is not None else default_registry()
    norm = _norm(text)
    named, duplex, rest = _split_rat(norm)
    the_rat = Rat(rat) if rat is not None else named
    m = _LABEL_RE.match(rest)
    if the_rat is None or m is None:
        raise UnknownBandError(text, suggestions=())
    mhz = int(m.group("mhz"))
    qualifier = (m.group("q") or m.group("q2") or "").strip().lower() or None
    explicit = re.fullmatch(r"(?:band|b)\s*(\d+)", qualifier or "")
    if explicit:
        return LabelMatch(
            text,
            the_rat,
            mhz,
            (_get(reg, _id_for(the_rat, int(explicit.group(1))), text).id,),
            "explicit",
            qualifier,
        )
    scopes = _scopes(reg, country, region)
    rules = [r for r in reg.labels if r.rat is the_rat and r.label_mhz == mhz]
    chosen: tuple[str, ...] = ()
    scope = "range"
    for sc in scopes:
        hit = [r for r in rules if r.scope == sc]
        if hit:
            chosen, scope = hit[0].bands, sc
            break
    if not chosen:
        chosen = tuple(b.id for b in _near(reg, the_rat, mhz * 1000))
    if qualifier == "aws":
        chosen = tuple(b for b in chosen if b in _AWS_FAMILY) or chosen
    if qualifier in ("tdd", "fdd", "sdl"):
        duplex = Duplex(qualifier)
    if duplex is not None:
        chosen = _with_duplex(reg, chosen, the_rat, mhz, duplex)
    if not chosen:
        raise UnknownBandError(
            text, suggestions=tuple(b.id for b in reg.bands(the_rat) if b.overlaps(_probe(mhz)))[:4]
        )
    return LabelMatch(text, the_rat, mhz, chosen, scope, qualifier)


def _with_duplex(
    reg: BandRegistry, chosen: tuple[str, ...], rat: Rat, mhz: int, duplex: Duplex
) -> tuple[str, ...]:
    """Keep candidates of one duplex mode ("TD-LTE 2600" -> TDD bands only)."""
    filtered = tuple(b for b in chosen if reg.get(b).duplex is duplex)
    if filtered:
        return filtered
    return tuple(b.id for b in _near(reg, rat, mhz * 1000) if b.duplex is duplex)


def _probe(mhz: int) -> Band:
    from bandfit.bands.model import FreqRange

    rng = FreqRange(mhz * 1000 - 50_000, mhz * 1000 + 50_000)
    return Band(id="probe", rat=Rat.LTE, duplex=Duplex.FDD, ul=rng, dl=rng)


def _scopes(reg: BandRegistry, country: str | None, region: int | str | None) -> list[str]:
    scopes: list[str] = []
    if country:
        c = reg.country(country)
        scopes += [c.code, f"ITU{c.itu_region}"]
    if region is not None:
        text = str(region).upper()
        scopes.append(text if text.startswith("ITU") else f"ITU{text}")
    scopes.append("*")
    return scopes


def _near(reg: BandRegistry, rat: Rat, khz: int) -> tuple[Band, ...]:
    """Bands of ``rat`` whose UL or DL range contains ``khz`` (used when no convention exists)."""
    return tuple(
        b for b in reg.bands(rat) if any(r is not None and r.contains(khz) for r in (b.dl, b.ul))
    )


def band_candidates(
    text: str,
    *,
    rat: Rat | str | None = None,
    country: str | None = None,
    registry: BandRegistry | None = None,
) -> tuple[str, ...]:
    """Every band ``text`` may mean: one id for a band name, the candidate set for a MHz label.

    Examples:
        >>> band_candidates("B12"), band_candidates("5G 3500", country="US")
        (('B12',), ('n48', 'n77'))
    """
    try:
        return (parse_band(text, rat=rat, registry=registry).id,)
    except AmbiguousBandError as err:
        try:
            return resolve_label(text, country=country, rat=rat, registry=registry).candidates
        except UnknownBandError:
            return err.candidates
