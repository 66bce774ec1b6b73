"""Grouping band rows into variant drafts: row labels -> atoms -> variants with their bands.

See :mod:`bandfit.catalog.specsheet` ("Rows and variants") for the rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bandfit.bands.model import Rat
from bandfit.catalog.model import BandSet
from bandfit.catalog.specsheet.rows import BandRow, NrMode
from bandfit.catalog.specsheet.vocab import (
    _BAND_FIELDS,
    _CARRIERS,
    _FIELD_ORDER,
    _MARKETS,
    _MODEL_NO,
    _NOT_MODEL,
    _band_sort_key,
    _field_key,
    slugify,
)

__all__ = ["VariantDraft"]


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
