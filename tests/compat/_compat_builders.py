"""Small builders for catalog records used by the compat tests.

The tiny fixture catalog (``bandfit.testing.tiny_catalog``) covers the common rules; a few rules
need a record shaped just so (a deployment with a block inside B17, an operator with a successor,
an inferred deployment with candidates). These helpers build such records with the real pydantic
models, so every record still passes the same single-record validation as YAML data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from bandfit.catalog.load import Catalog
from bandfit.catalog.model import (
    BandSet,
    Deployment,
    Device,
    HostAgreement,
    Network,
    Operator,
    Policy,
    Variant,
    Voice,
)
from bandfit.testing import tiny_catalog

AS_OF = dt.date(2026, 1, 1)
D = dt.date.fromisoformat


def dep(band: str, layer: str = "capacity", **kw: Any) -> Deployment:
    """A deployment (``block=(dl_low, dl_high)`` in kHz is accepted as a shortcut)."""
    block = kw.pop("block", None)
    if isinstance(block, tuple):
        kw["block"] = {"dl_khz": block}
    elif block is not None:
        kw["block"] = block
    return Deployment.model_validate({"band": band, "layer": layer, **kw})


def net(rat: str, **kw: Any) -> Network:
    """A network record (``rat`` as its string value)."""
    return Network.model_validate({"rat": rat, **kw})


def policy(rule: str, **kw: Any) -> Policy:
    """A dated admission rule."""
    return Policy.model_validate({"rule": rule, **kw})


def host(operator_id: str, role: str = "primary", **kw: Any) -> HostAgreement:
    """A host agreement."""
    return HostAgreement.model_validate({"operator": operator_id, "role": role, **kw})


def operator(
    op_id: str,
    deployments: Iterable[Deployment] = (),
    *,
    networks: Iterable[Network] = (),
    policies: Iterable[Policy] = (),
    hosts: Iterable[HostAgreement] = (),
    kind: str = "MNO",
    **kw: Any,
) -> Operator:
    """An operator whose country is the id's prefix (``xc/one`` -> ``XC``)."""
    return Operator.model_validate(
        {
            "id": op_id,
            "name": kw.pop("name", op_id.split("/")[1].title()),
            "country": op_id[:2].upper(),
            "kind": kind,
            "networks": list(networks),
            "deployments": list(deployments),
            "policies": list(policies),
            "hosts": list(hosts),
            "as_of": AS_OF,
            **kw,
        }
    )


def variant(
    var_id: str = "v",
    *,
    volte: bool | None = True,
    vonr: bool | None = None,
    nr_modes: tuple[str, ...] | None = None,
    certified_on: tuple[str, ...] = (),
    markets: tuple[str, ...] = (),
    **bands: tuple[str, ...] | None,
) -> Variant:
    """A variant; band lists per RAT as keyword arguments (missing RATs are unknown)."""
    return Variant.model_validate(
        {
            "id": var_id,
            "name": var_id,
            "markets": markets,
            "bands": BandSet.model_validate(bands),
            "voice": Voice(volte=volte, vonr=vonr),
            "nr_modes": nr_modes,
            "certified_on": certified_on,
            "sources": ["fx"],
            "as_of": AS_OF,
        }
    )


def device(variants: Iterable[Variant], dev_id: str = "test/phone") -> Device:
    """A device holding ``variants``."""
    return Device.model_validate(
        {
            "id": dev_id,
            "brand": "Test",
            "name": dev_id.split("/")[1],
            "variants": list(variants),
            "as_of": AS_OF,
        }
    )


def catalog_with(
    *operators: Operator, devices: Iterable[Device] = (), base: Catalog | None = None
) -> Catalog:
    """The tiny fixture catalog (or ``base``) plus/replaced by ``operators`` and ``devices``."""
    cat = base or tiny_catalog()
    ops = {**cat.operators, **{o.id: o for o in operators}}
    devs = {**cat.devices, **{d.id: d for d in devices}}
    return Catalog(ops.values(), devs.values(), registry=cat.registry, version="test")
