"""Which radio network to evaluate for an operator on a date, and the caches verdicts share.

Why separate: ``check``, the numpy matrix, the planner and the charts all need the same answer to
"whose network does this operator's customer use today?" (its own, a host's, a hybrid's best) and
the same cached network views; one module holds both so they can never diverge.
"""

from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import dataclass

from bandfit.catalog.load import Catalog
from bandfit.catalog.model import Operator, PolicyRule, Variant
from bandfit.compat.network import NetworkView, network_view, policies_on
from bandfit.compat.rules import VariantFacts, variant_facts

__all__ = ["NetworkChoice", "cached_view", "network_for", "variant_facts_cached"]

_VIEWS: weakref.WeakKeyDictionary[Catalog, dict[tuple[str, dt.date], NetworkView]] = (
    weakref.WeakKeyDictionary()
)
_FACTS: weakref.WeakKeyDictionary[Catalog, dict[int, tuple[Variant, VariantFacts]]] = (
    weakref.WeakKeyDictionary()
)
_MAX_CACHED_VIEWS = 4096


def _view(catalog: Catalog, operator: Operator, on: dt.date) -> NetworkView:
    cache = _VIEWS.setdefault(catalog, {})
    key = (operator.id, on)
    view = cache.get(key)
    if view is None or view.operator is not operator:
        if len(cache) >= _MAX_CACHED_VIEWS:
            cache.clear()
        view = cache[key] = network_view(operator, on, catalog.registry)
    return view


def _facts(catalog: Catalog, variant: Variant) -> VariantFacts:
    cache = _FACTS.setdefault(catalog, {})
    hit = cache.get(id(variant))
    if hit is None or hit[0] is not variant:
        hit = cache[id(variant)] = (variant, variant_facts(variant))
    return hit[1]


@dataclass(frozen=True, slots=True)
class NetworkChoice:
    """A radio network to evaluate for an operator: its own, or a host's."""

    network: Operator
    role: str  # own | primary | secondary | roaming
    policies: frozenset[PolicyRule]
    certified_ids: frozenset[str]


def network_for(
    operator: Operator, on: dt.date, catalog: Catalog
) -> tuple[list[NetworkChoice], list[NetworkChoice]]:
    """(networks to evaluate, roaming networks to show) for ``operator`` on ``on``.

    * An MNO is evaluated on its own network, and also on any *primary* or *secondary* host in
      effect (a hybrid MNO such as Boost puts phones its own 5G SA network rejects on AT&T); the
      best of these is the verdict.
    * An MVNO — or an MNO with no live deployments of its own that day — is evaluated on its
      primary and secondary hosts, falling back to roaming hosts only when it has nothing else.
    * Roaming partners of an operator with its own network are shown, not scored.

    The operator's own admission policies apply on top of each host's. Results are cached per
    catalog, operator and date (lists are copied so callers may not disturb the cache).
    """
    cache = _CHOICES.setdefault(catalog, {})
    key = (operator.id, on)
    hit = cache.get(key)
    if hit is None or hit[0] is not operator:
        if len(cache) >= _MAX_CACHED_VIEWS:
            cache.clear()
        hit = cache[key] = (operator, *_network_for(operator, on, catalog))
    return list(hit[1]), list(hit[2])


_CHOICES: weakref.WeakKeyDictionary[
    Catalog, dict[tuple[str, dt.date], tuple[Operator, list[NetworkChoice], list[NetworkChoice]]]
] = weakref.WeakKeyDictionary()


def _network_for(
    operator: Operator, on: dt.date, catalog: Catalog
) -> tuple[list[NetworkChoice], list[NetworkChoice]]:
    own_policies = policies_on(operator, on)
    own_live = operator.kind == "MNO" and bool(_view(catalog, operator, on).deployments)
    hosted: list[NetworkChoice] = []
    roaming: list[NetworkChoice] = []
    for role, host in catalog.hosts_of(operator, on):
        choice = NetworkChoice(
            host, role, own_policies | policies_on(host, on), frozenset({operator.id, host.id})
        )
        (roaming if role == "roaming" else hosted).append(choice)
    if own_live:
        own = NetworkChoice(operator, "own", own_policies, frozenset({operator.id}))
        return [own, *hosted], roaming
    if hosted:
        return hosted, roaming
    return roaming, []


def cached_view(catalog: Catalog, operator: Operator, on: dt.date) -> NetworkView:
    """The network view of ``operator`` on ``on``, cached per catalog (public alias)."""
    return _view(catalog, operator, on)


def variant_facts_cached(catalog: Catalog, variant: Variant) -> VariantFacts:
    """The rule inputs of ``variant``, cached per catalog (public alias)."""
    return _facts(catalog, variant)
