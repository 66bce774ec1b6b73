"""Find operators and devices the way people name them.

Devices are found by id, marketing name (with or without brand), alias, or model number — the last
pins the exact variant (``M1803E1A`` is the global Xiaomi Mi 8). Free text that fits several
devices equally well raises :class:`~bandfit.errors.AmbiguousDeviceError` listing them; a device
name with several variants resolves to its single *global* variant when there is one, and lists
the variants otherwise. Nothing is picked silently: every hit says how it matched.
"""

from __future__ import annotations

import difflib
import re
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bandfit.catalog.model import Device, Operator, Variant
from bandfit.errors import (
    AmbiguousDeviceError,
    AmbiguousOperatorError,
    InvalidInputError,
    UnknownDeviceError,
    UnknownOperatorError,
    UnknownVariantError,
)

if TYPE_CHECKING:
    from bandfit.catalog.load import Catalog

__all__ = [
    "DeviceHit",
    "find_operator",
    "normalise_model_number",
    "normalise_text",
    "pick_variant",
    "resolve_device",
    "search_devices",
    "search_operators",
]


def normalise_model_number(text: str) -> str:
    """Canonical form for model-number matching: upper-case, no spaces, dual-SIM suffix dropped.

    Examples:
        >>> normalise_model_number(" sm-s928b/ds "), normalise_model_number("SM-G960F/DSN")
        ('SM-S928B', 'SM-G960F')
    """
    value = re.sub(r"\s+", "", text.upper())
    return re.sub(r"/(DS|DSN|DSH|DD)$", "", value)


def normalise_text(text: str) -> str:
    """Lower-case words with letter/digit runs split (``"Mi8 Pro+"`` -> ``"mi 8 pro plus"``)."""
    text = text.lower().replace("+", " plus ").replace("&", " and ")
    text = re.sub(r"[^\w]+", " ", text)
    text = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True, slots=True)
class DeviceHit:
    """A device (and, when known, a variant) that matched a query, with how and how well."""

    device: Device
    variant: Variant | None
    how: str  # id | model-number | name | alias | words | fuzzy
    score: float
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "device_id": self.device.id,
            "name": self.device.full_name,
            "variant_id": self.variant.id if self.variant else None,
            "variant_name": self.variant.name if self.variant else None,
            "model_numbers": list(self.variant.model_numbers) if self.variant else [],
            "matched_by": self.how,
            "score": round(self.score, 3),
        }


_NAMES: weakref.WeakKeyDictionary[Catalog, list[tuple[Device, list[tuple[str, str]]]]] = (
    weakref.WeakKeyDictionary()
)


_EXACT: weakref.WeakKeyDictionary[Catalog, dict[str, list[tuple[Device, str]]]] = (
    weakref.WeakKeyDictionary()
)


def _names(device: Device) -> list[tuple[str, str]]:
    out = [("name", normalise_text(device.full_name)), ("name", normalise_text(device.name))]
    out += [("alias", normalise_text(a)) for a in device.aliases]
    return out


def _name_index(catalog: Catalog) -> list[tuple[Device, list[tuple[str, str]]]]:
    """Normalised names per device, built once per catalog (search runs on every keystroke)."""
    index = _NAMES.get(catalog)
    if index is None:
        index = _NAMES[catalog] = [(dev, _names(dev)) for dev in catalog.devices.values()]
    return index


def search_devices(catalog: Catalog, query: str, *, limit: int = 20) -> list[DeviceHit]:
    """Devices matching ``query`` best first (model numbers pin variants).

    Scoring: model number 1.0, id 0.97, exact name/alias 0.95, all words present 0.6-0.9 (fewer
    extra words score higher), otherwise a fuzzy ratio above 0.6 scaled into 0.2-0.55.
    """
    return _search(catalog, query, limit=limit, exact_only=False)


def _exact_names(catalog: Catalog) -> dict[str, list[tuple[Device, str]]]:
    """Normalised name or alias → (device, "name" | "alias"), built once per catalog."""
    index = _EXACT.get(catalog)
    if index is None:
        index = {}
        for dev, names in _name_index(catalog):
            seen: set[str] = set()
            for how, name in names:
                if name and name not in seen:  # a device's first spelling decides "how"
                    seen.add(name)
                    index.setdefault(name, []).append((dev, how))
        _EXACT[catalog] = index
    return index


def _search(catalog: Catalog, query: str, *, limit: int, exact_only: bool) -> list[DeviceHit]:
    """:func:`search_devices`; with ``exact_only``, only model-number, id and exact-name hits.

    Why ``exact_only``: word and fuzzy scores (at most 0.9) never reach an exact hit's (at
    least 0.95), so when there is an exact hit, :func:`resolve_device` decides from exact hits
    alone — and skips scoring every device name with difflib (about 10 ms a query, which
    adds up when a fleet file names thousands of devices).
    """
    raw = query.strip()
    if not raw:
        return []
    hits: dict[tuple[str, str | None], DeviceHit] = {}

    def keep(hit: DeviceHit) -> None:
        key = (hit.device.id, hit.variant.id if hit.variant else None)
        if key not in hits or hits[key].score < hit.score:
            hits[key] = hit

    for dev_id, var_id in catalog.model_number_index.get(normalise_model_number(raw), ()):
        dev = catalog.devices[dev_id]
        var = next(v for v in dev.variants if v.id == var_id)
        keep(DeviceHit(dev, var, "model-number", 1.0))
    lowered = raw.lower()
    if lowered in catalog.devices:
        keep(DeviceHit(catalog.devices[lowered], None, "id", 0.97))
    q = normalise_text(raw)
    if exact_only:
        for dev, how in _exact_names(catalog).get(q, ()):
            keep(DeviceHit(dev, None, how, 0.95))
    else:
        for dev, names in _name_index(catalog):
            best = _best_name_hit(dev, names, q)
            if best is not None:
                keep(best)
    ranked = sorted(hits.values(), key=lambda h: (-h.score, h.device.id))
    return ranked[:limit]


def _name_score(query: str, name: str, how: str) -> tuple[float, str] | None:
    if name == query:
        return 0.95, how
    words, q_words = name.split(), query.split()
    if q_words and all(w in words for w in q_words):
        return 0.9 - min(len(words) - len(q_words), 6) * 0.05, "words"
    matcher = difflib.SequenceMatcher(None, query, name)
    if matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6:
        return None  # cheap upper bounds first: most names are nowhere near the query
    ratio = matcher.ratio()
    return (0.2 + (ratio - 0.6) * 0.875, "fuzzy") if ratio >= 0.6 else None


def _best_name_hit(dev: Device, names: list[tuple[str, str]], query: str) -> DeviceHit | None:
    best: DeviceHit | None = None
    for how, name in names:
        scored = _name_score(query, name, how) if name else None
        if scored is not None and (best is None or scored[0] > best.score):
            best = DeviceHit(dev, None, scored[1], scored[0])
    return best


def pick_variant(
    device: Device, variant: str | None, *, market: str | None = None
) -> tuple[Variant, tuple[str, ...]]:
    """Choose a variant by id, name or model number; without one, the single variant, else the
    single variant sold in ``market`` (an ISO 3166 code: the operator's country), else the
    single global one.

    Why the market first: "iPhone 15" checked on AT&T means the phone sold in the US (A2846),
    not the rest-of-world model; a traveller's phone is pinned by its model number instead.
    Returns the variant and notes saying how it was chosen (shown to the user).

    Raises:
        UnknownVariantError: ``variant`` names none of the device's variants.
        AmbiguousDeviceError: no ``variant`` and the device has several without one global.
    """
    if variant is not None:
        key = variant.strip()
        for var in device.variants:
            if key.lower() in (var.id, var.name.lower()) or normalise_model_number(key) in {
                normalise_model_number(m) for m in var.model_numbers
            }:
                return var, ()
        raise UnknownVariantError(device.id, variant, available=[v.id for v in device.variants])
    if len(device.variants) == 1:
        return device.variants[0], ()
    if market is not None:
        local = [v for v in device.variants if market.upper() in v.markets]
        if len(local) == 1:
            others = ", ".join(v.id for v in device.variants if v is not local[0])
            return local[0], (
                f"chose the variant sold in {market.upper()} ({local[0].id}); other variants: "
                f"{others} (give a model number or a variant id for another)",
            )
    global_ = [v for v in device.variants if "global" in v.markets]
    if len(global_) == 1:
        others = ", ".join(v.id for v in device.variants if v is not global_[0])
        return global_[0], (
            f"chose the global variant ({global_[0].id}); other variants: {others} "
            "(give a model number or a variant id for another)",
        )
    raise AmbiguousDeviceError(
        device.full_name, candidates=[f"{device.id} --variant {v.id}" for v in device.variants]
    )


def resolve_device(
    catalog: Catalog, query: str, *, variant: str | None = None, market: str | None = None
) -> DeviceHit:
    """The one device (and variant) ``query`` denotes; ``market`` as in :func:`pick_variant`.

    ``query`` may also be ``DEVICE-ID:VARIANT`` (``xiaomi/mi-8:global-china``), the form
    ``bandfit plan`` prints its closest variants in and ``--from-variant`` takes, so a reference
    copied from one command works in the others.

    Raises:
        UnknownDeviceError: nothing matches (with suggestions).
        AmbiguousDeviceError: several devices fit equally well, or several variants without a
            global one (the candidates say what to type next).
        UnknownVariantError: ``variant`` does not exist on the device.
        InvalidInputError: ``DEVICE-ID:VARIANT`` and ``variant`` name different variants.
    """
    pinned_ref = _device_variant_ref(catalog, query, variant)
    if pinned_ref is not None:
        return pinned_ref
    hits = _search(catalog, query, limit=50, exact_only=True) or search_devices(
        catalog, query, limit=50
    )
    if not hits:
        raise UnknownDeviceError(query)
    top = hits[0]
    if top.how == "model-number":
        pinned = [h for h in hits if h.how == "model-number"]
        if len(pinned) > 1 and variant is None:
            raise AmbiguousDeviceError(
                query,
                candidates=[f"{h.device.id} --variant {h.variant.id}" for h in pinned if h.variant],
            )
        if variant is None:
            return top
        chosen = pick_variant(top.device, variant)[0]
        if top.variant is not None and chosen.id != top.variant.id:
            raise InvalidInputError(
                f"model number {query!r} is variant {top.variant.id} of {top.device.id}, "
                f"but --variant {variant!r} names {chosen.id}",
                hint="a model number already pins the variant: drop --variant, or give the "
                "device name with --variant",
                value=variant,
            )
        return DeviceHit(top.device, chosen, top.how, top.score)
    if top.how == "fuzzy":
        # only look-alikes: "iPhone 99" is an unknown device with suggestions, not ambiguous
        # between the look-alikes that happen to score the same
        raise UnknownDeviceError(query, suggestions=[h.device.id for h in hits[:4]])
    ties = [h for h in hits if abs(h.score - top.score) < 1e-9 and h.device.id != top.device.id]
    if ties:  # two devices fit equally well (even two exact names/aliases): list them, never pick
        raise AmbiguousDeviceError(
            query, candidates=[top.device.id, *[h.device.id for h in ties][:9]]
        )
    chosen, notes = pick_variant(top.device, variant, market=market)
    return DeviceHit(top.device, chosen, top.how, top.score, notes)


def _device_variant_ref(catalog: Catalog, query: str, variant: str | None) -> DeviceHit | None:
    """``DEVICE-ID:VARIANT`` resolved exactly (``None`` when ``query`` is not of that form)."""
    device_id, sep, key = query.strip().partition(":")
    device = catalog.devices.get(device_id.strip().lower()) if sep else None
    if device is None:
        return None
    chosen = pick_variant(device, key)[0]
    if variant is not None and pick_variant(device, variant)[0].id != chosen.id:
        raise InvalidInputError(
            f"{query!r} names variant {chosen.id} of {device.id}, but --variant {variant!r} "
            "names another",
            hint="name the variant once: drop --variant, or give the device id alone",
            value=variant,
        )
    return DeviceHit(device, chosen, "id", 1.0)


def resolve_variant(
    catalog: Catalog, query: str, *, variant: str | None = None, market: str | None = None
) -> tuple[Device, Variant]:
    """Like :func:`resolve_device` but always returns the variant."""
    hit = resolve_device(catalog, query, variant=variant, market=market)
    chosen = (
        hit.variant
        if hit.variant is not None
        else pick_variant(hit.device, variant, market=market)[0]
    )
    return hit.device, chosen


def _plmn_key(text: str) -> str | None:
    digits = re.sub(r"[\s-]", "", text)
    if re.fullmatch(r"\d{5,6}", digits):
        return f"{digits[:3]}-{digits[3:]}"
    return None


def find_operator(catalog: Catalog, key: str) -> Operator:
    """An operator by id, PLMN, name or brand.

    Raises:
        UnknownOperatorError: nothing matches (with suggestions).
        AmbiguousOperatorError: a name/brand used in several countries.
    """
    text = key.strip()
    if text.lower() in catalog.operators:
        return catalog.operators[text.lower()]
    plmn = _plmn_key(text)
    if plmn:
        found = [op for op in catalog.operators.values() if plmn in op.plmns]
        mno = [op for op in found if op.kind == "MNO"]
        if len(found) == 1 or len(mno) == 1:
            return (mno or found)[0]
        if found:
            raise AmbiguousOperatorError(key, candidates=[op.id for op in found])
    matches = search_operators(catalog, text)
    exact = [op for op, score in matches if score >= 1.0]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise AmbiguousOperatorError(key, candidates=[op.id for op in exact])
    raise UnknownOperatorError(key, suggestions=[op.id for op, _s in matches[:4]])


def search_operators(
    catalog: Catalog, query: str, *, country: str | None = None
) -> list[tuple[Operator, float]]:
    """Operators matching ``query`` by id, name or brand (exact 1.0, contained 0.8, fuzzy <0.8).

    ``country`` is resolved as every country argument is (code or English name), so a value
    that names no country raises instead of reading as a country with no operators.

    Raises:
        UnknownCountryError: ``country`` names no country.
    """
    q = normalise_text(query)
    code = catalog.registry.country(country).code if country else None
    out = []
    for op in catalog.operators.values():
        if code and op.country != code:
            continue
        names = [normalise_text(n) for n in (op.name, *op.brands, op.id.split("/")[1])]
        if q in names:
            score = 1.0
        elif any(q and q in n for n in names):
            score = 0.8
        else:
            score = max(difflib.SequenceMatcher(None, q, n).ratio() for n in names) * 0.75
            if score < 0.45:
                continue
        out.append((op, score))
    return sorted(out, key=lambda pair: (-pair[1], pair[0].id))
