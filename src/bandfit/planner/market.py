"""Markets: which radio networks a band plan must serve, and how much each one weighs.

A market is what a product engineer names — "the US", "AT&T, Verizon and T-Mobile", "US + CA +
MX" — but the planner optimises over *radio networks*, because that is what ``check`` scores:

* a country expands to its operators in service on the date (MNOs by default; MVNOs on request);
* each named operator gets a weight: equal by default, its subscriber count (``weights=
  "subscribers"``) or an explicit mapping; weights are normalised to sum to 1, so the objective
  is a market score in [0, 1];
* an MVNO (or an MNO with no live network of its own on the date) is evaluated on its hosts, as
  ``check`` does, so its weight lands on them; a *hybrid* MNO (Boost, Videotron, China Broadnet)
  is evaluated by ``check`` on its own network and its primary/secondary hosts. ``check`` keeps
  the *best* of those networks for a given device — a maximum ranked by status first, which
  depends on voice and admission as well as radio — so the planner cannot model it linearly; it
  splits the operator's weight equally over the networks ``check`` would consider, the expected
  share when its subscribers ride all of them. Each network is then scored on its own radio
  network (what ``check`` says about that network alone);
* networks with no live deployment data on the date score 0 for every device; they are dropped
  (and reported in ``notes``) rather than silently diluting the score.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from bandfit._types import DateLike, as_date
from bandfit.catalog.load import Catalog
from bandfit.catalog.model import Operator
from bandfit.compat.choice import network_for
from bandfit.compat.network import NetworkView, network_view
from bandfit.errors import InvalidInputError, UnknownCountryError

__all__ = [
    "Market",
    "MarketLike",
    "MarketMember",
    "NetworkShare",
    "WeightsLike",
    "name_once",
    "resolve_market",
]

MarketLike: TypeAlias = "str | Sequence[str] | Mapping[str, float] | Market"
WeightsLike: TypeAlias = "Literal['equal', 'subscribers'] | Mapping[str, float] | None"

_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
_MAX_HOST_DEPTH = 4


@dataclass(frozen=True, slots=True)
class MarketMember:
    """An operator the market names, its normalised weight and the networks that carry it."""

    operator: Operator
    weight: float
    networks: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "operator_id": self.operator.id,
            "name": self.operator.name,
            "kind": self.operator.kind,
            "weight": round(self.weight, 6),
            "networks": list(self.networks),
        }


@dataclass(frozen=True, slots=True)
class NetworkShare:
    """A radio network the plan is scored on: its view on the date and its share of the market."""

    network: Operator
    weight: float
    view: NetworkView
    via: tuple[str, ...]  # market members whose weight lands here

    @property
    def total_points(self) -> int:
        """The network's score denominator (sum of spectrum-group points)."""
        return self.view.total_points

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "operator_id": self.network.id,
            "name": self.network.name,
            "weight": round(self.weight, 6),
            "total_points": self.total_points,
            "via": list(self.via),
        }


@dataclass(frozen=True, slots=True)
class Market:
    """Resolved market: members as named, the radio networks scored, and what was dropped."""

    on: dt.date
    label: str
    countries: tuple[str, ...]
    members: tuple[MarketMember, ...]
    networks: tuple[NetworkShare, ...]
    notes: tuple[str, ...] = ()

    def network(self, operator_id: str) -> NetworkShare:
        """The network share of ``operator_id`` (KeyError if the market has none)."""
        for share in self.networks:
            if share.network.id == operator_id:
                return share
        raise KeyError(operator_id)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "label": self.label,
            "on": self.on.isoformat(),
            "countries": list(self.countries),
            "members": [m.to_dict() for m in self.members],
            "networks": [n.to_dict() for n in self.networks],
            "notes": list(self.notes),
        }


def _expand(
    spec: str | Sequence[str] | Mapping[str, float],
    on: dt.date,
    catalog: Catalog,
    include_mvnos: bool,
) -> tuple[list[Operator], dict[str, float], list[str]]:
    """Operators named by ``spec`` (countries expanded), explicit weights, and a label."""
    explicit: dict[str, float] = {}
    if isinstance(spec, Mapping):
        keys: list[str] = list(spec)
        explicit = _weights_by_id(spec, catalog, "market")
    elif isinstance(spec, str):
        keys = [part.strip() for part in spec.split(",") if part.strip()]
    else:
        keys = [str(k) for k in spec]
    if not keys:
        raise InvalidInputError(
            "the market is empty", hint="give a country code such as US or operator ids"
        )
    ops: dict[str, Operator] = {}
    label: list[str] = []
    for key in keys:
        code = None if isinstance(spec, Mapping) else _country_code(key, catalog)
        if code is not None:
            live = catalog.operators_in(code, on=on)
            found = [op for op in live if include_mvnos or op.kind == "MNO"]
            if not found:
                hint = (
                    f"on {on} {code} has only MVNOs in the catalog: include MVNOs "
                    "(include_mvnos=True; CLI --mvnos)"
                    if live
                    else f"no operator of {code} in the catalog is in service on {on}; "
                    "pick another date"
                )
                raise InvalidInputError(
                    f"no operators of {code} in service on {on}", hint=hint, value=code
                )
            if code not in label:  # "US,US" is one market, labelled once
                label.append(code)
            for op in found:
                ops.setdefault(op.id, op)
            continue
        op = catalog.operator(key)
        if not op.live_on(on):
            raise InvalidInputError(
                f"{op.id} is not in service on {on}", hint=_service_hint(op, on), value=op.id
            )
        if op.id not in label:
            label.append(op.id)
        ops.setdefault(op.id, op)
    return list(ops.values()), explicit, label


def _weights_by_id(weights: Mapping[str, float], catalog: Catalog, what: str) -> dict[str, float]:
    """``weights`` keyed by operator id; two keys naming one operator are refused.

    Why refuse: ``{"us/att": 1, "310-410": 3}`` names AT&T twice; keeping whichever came last
    makes the answer depend on the mapping's order.

    Raises:
        InvalidInputError: two keys resolve to the same operator (both are named).
        UnknownOperatorError / AmbiguousOperatorError: a key that does not resolve.
    """
    out: dict[str, float] = {}
    first: dict[str, str] = {}
    for key, value in weights.items():
        op_id = catalog.operator(key).id
        name_once(what, first, op_id, key, "give each operator one weight")
        out[op_id] = float(value)
    return out


def _country_code(key: str, catalog: Catalog) -> str | None:
    """The ISO code ``key`` names, accepted exactly as the country look-up accepts it (a code
    such as ``US`` or a name such as ``United States``); ``None`` when it names no country.

    Raises:
        UnknownCountryError: a two-letter key that is no known country code.
    """
    if _COUNTRY.match(key):
        return catalog.registry.country(key).code
    try:
        return catalog.registry.country(key).code
    except UnknownCountryError:
        return None  # not a country: an operator id, name, brand or PLMN


def _service_hint(op: Operator, on: dt.date) -> str:
    """What to do about an operator that is not in service on ``on``."""
    if op.since is not None and on < op.since:
        return f"{op.id} is in service from {op.since}; plan for that date or later"
    then = f"a date before {op.until}"
    instead = f"its successor {op.successor} or for {then}" if op.successor else then
    return f"{op.id} ended service on {op.until}; plan for {instead}"


def name_once(what: str, seen: dict[Any, str], canonical: Any, key: str, hint: str) -> None:
    """Record that ``key`` names ``canonical``; refuse a second name for the same thing.

    Why: ``{"lte": 5, "4g": 2}`` would otherwise keep whichever key came last, so the answer
    would depend on the mapping's order (and memos keyed on the request would mix the two).

    Raises:
        InvalidInputError: ``canonical`` already came under another key (both are named).
    """
    first = seen.setdefault(canonical, key)
    if first != key:
        name = str(getattr(canonical, "value", canonical))
        raise InvalidInputError(
            f"{what}: {first!r} and {key!r} both name {name}",
            hint=f"{hint}; drop one of {first!r} and {key!r}",
            value=[first, key],
        )


def _raw_weights(
    ops: list[Operator], explicit: Mapping[str, float], weights: WeightsLike, catalog: Catalog
) -> dict[str, float]:
    """Un-normalised weight per operator id (validated: finite, non-negative, some positive)."""
    if isinstance(weights, Mapping):
        given = _weights_by_id(weights, catalog, "weights")
        ids = {op.id for op in ops}
        names = {catalog.operator(key).id: key for key in weights}
        for op_id in given:
            if op_id not in ids:
                raise InvalidInputError(
                    f"weight given for {names[op_id]!r}, which is not in the market",
                    hint="market: " + ", ".join(sorted(ids)),
                    value=names[op_id],
                )
        explicit = {**explicit, **given}
    if explicit:
        missing = [op.id for op in ops if op.id not in explicit]
        if missing:
            raise InvalidInputError(
                "weights given for some operators but not for " + ", ".join(missing),
                hint="give a weight for every operator, or none for equal weights",
            )
        raw = dict(explicit)
    elif weights == "subscribers":
        missing = [op.id for op in ops if op.subscribers is None]
        if missing:
            raise InvalidInputError(
                "no subscriber count in the catalog for " + ", ".join(missing),
                hint="pass explicit weights (us/att=0.4,...) or use equal weights",
            )
        raw = {op.id: float(op.subscribers.count) for op in ops if op.subscribers is not None}
    elif weights in (None, "equal"):
        raw = {op.id: 1.0 for op in ops}
    else:
        raise InvalidInputError(
            f"unknown weighting {weights!r}", hint="use 'equal', 'subscribers' or a mapping"
        )
    bad = {k: v for k, v in raw.items() if not (v >= 0.0 and v < float("inf"))}
    if bad:
        raise InvalidInputError(
            "market weights must be finite non-negative numbers: "
            + ", ".join(f"{k}={v}" for k, v in bad.items()),
            hint="give each operator a weight >= 0",
            value=sorted(bad),
        )
    if not any(v > 0 for v in raw.values()):
        raise InvalidInputError(
            "market weights are all zero: " + ", ".join(f"{k}={v:g}" for k, v in raw.items()),
            hint="give at least one operator a positive weight",
            value=raw,
        )
    return raw


def _networks_of(
    op: Operator, on: dt.date, catalog: Catalog, depth: int = 0
) -> list[tuple[Operator, float]]:
    """(network, share) pairs carrying ``op``, resolved through hosts the way ``check`` does.

    ``check`` evaluates an operator on every network in :func:`network_for`'s choices — an MVNO's
    hosts, or a hybrid MNO's own network *and* its primary/secondary hosts — and keeps the best.
    The share is split equally over those choices; an own network is a leaf (its hosts are the
    other choices), a host is resolved again (a host may itself be hosted).
    """
    choices, _shown = network_for(op, on, catalog)
    if not choices or depth >= _MAX_HOST_DEPTH:
        return []
    share = 1.0 / len(choices)
    out: list[tuple[Operator, float]] = []
    for choice in choices:
        if choice.role == "own":
            out.append((op, share))
            continue
        for net, sub in _networks_of(choice.network, on, catalog, depth + 1):
            out.append((net, share * sub))
    return out


def resolve_market(
    spec: MarketLike,
    on: DateLike | None,
    catalog: Catalog,
    *,
    weights: WeightsLike = None,
    include_mvnos: bool = False,
) -> Market:
    """Resolve a market description into weighted radio networks on ``on``.

    Args:
        spec: a country code (``"US"``), an operator key (``"us/att"``), a comma-separated string
            or sequence mixing both (``["US", "CA", "MX"]``), a mapping operator -> weight, or an
            already resolved :class:`Market` (returned as is when its date matches).
        on: the date (ISO string or ``date``; default today); operators and deployments are
            taken as live on that date.
        catalog: where operators come from.
        weights: ``None``/``"equal"``, ``"subscribers"`` (``Operator.subscribers``) or a mapping
            operator id -> weight (relative; normalised).
        include_mvnos: expand countries to their MVNOs too (their weight goes to their hosts).

    Raises:
        InvalidInputError: empty market, unknown weighting, missing weights, or no operator with
            live data on the date.
        UnknownOperatorError / UnknownCountryError: a name that does not resolve.
    """
    on = as_date(on)
    if isinstance(spec, Market):
        if spec.on != on:
            raise InvalidInputError(f"market resolved for {spec.on}, asked for {on}", value=str(on))
        return spec
    ops, explicit, label = _expand(spec, on, catalog, include_mvnos)
    raw = _raw_weights(ops, explicit, weights, catalog)
    notes: list[str] = []
    carried: dict[str, list[tuple[Operator, float]]] = {}
    for op in ops:
        nets = [
            (n, s)
            for n, s in _networks_of(op, on, catalog)
            if network_view(n, on, catalog.registry).total_points > 0
        ]
        if not nets:
            notes.append(f"{op.id}: no live deployment data on {on} (dropped)")
        elif raw[op.id] > 0:
            total = sum(s for _n, s in nets)
            carried[op.id] = [(n, s / total) for n, s in nets]
    kept = {k: raw[k] for k in carried}
    if not kept or sum(kept.values()) <= 0:
        raise InvalidInputError(
            f"no operator in the market has live deployment data on {on}",
            hint="the catalog lists no live deployment for "
            + (", ".join(op.id for op in ops) or "it")
            + f" on {on}; pick another date or other operators",
            value=", ".join(label),
        )
    norm = sum(kept.values())
    members = []
    per_net: dict[str, tuple[Operator, float, list[str]]] = {}
    for op in ops:
        if op.id not in kept:
            continue
        weight = kept[op.id] / norm
        for net, share in carried[op.id]:
            prev = per_net.get(net.id)
            via = [*prev[2], op.id] if prev else [op.id]
            per_net[net.id] = (net, (prev[1] if prev else 0.0) + weight * share, via)
        members.append(
            MarketMember(op, weight, tuple(dict.fromkeys(n.id for n, _s in carried[op.id])))
        )
    networks = tuple(
        NetworkShare(net, w, network_view(net, on, catalog.registry), tuple(via))
        for net, w, via in sorted(per_net.values(), key=lambda t: t[0].id)
    )
    countries = tuple(sorted({op.country for op in ops}))
    return Market(on, ", ".join(label), countries, tuple(members), networks, tuple(notes))
