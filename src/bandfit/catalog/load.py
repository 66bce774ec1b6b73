"""The :class:`Catalog`: devices and operators loaded from compiled data, plus user overlays.

Why an object passed explicitly (``catalog=``) rather than a global: tests use a tiny hand-written
catalog, users add an overlay directory of their own records, and servers load once and share.
:func:`default_catalog` is the shipped snapshot (plus the overlay named by ``BANDFIT_CATALOG``),
loaded lazily on first use and cached.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from bandfit.bands.registry import BandRegistry, default_registry
from bandfit.catalog.compile import read_tree, validate_tree
from bandfit.catalog.model import Device, Operator, Variant
from bandfit.errors import CatalogError

__all__ = ["CATALOG_ENV", "Catalog", "DataStamp", "default_catalog"]

CATALOG_ENV = "BANDFIT_CATALOG"


@dataclass(frozen=True, slots=True)
class DataStamp:
    """Which data an answer used: catalog version, band release and overlay (if any)."""

    catalog_version: str
    band_release: str
    overlay: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "catalog_version": self.catalog_version,
            "band_release": self.band_release,
            "overlay": self.overlay,
        }


class Catalog:
    """An immutable set of operators and devices with the band registry they refer to."""

    def __init__(
        self,
        operators: Iterable[Operator],
        devices: Iterable[Device],
        *,
        registry: BandRegistry | None = None,
        version: str = "unversioned",
        overlay: str | None = None,
    ) -> None:
        self.registry = registry or default_registry()
        self.operators: dict[str, Operator] = {op.id: op for op in operators}
        self.devices: dict[str, Device] = {d.id: d for d in devices}
        self.version = version
        self.overlay = overlay

    # -- construction ------------------------------------------------------------------------
    @classmethod
    def from_compiled(
        cls, directory: Path | None = None, *, registry: BandRegistry | None = None
    ) -> Catalog:
        """Load the compiled JSON (default: the package's ``_data``)."""

        def read(name: str) -> str:
            if directory is None:
                return (
                    resources.files("bandfit").joinpath("_data", name).read_text(encoding="utf-8")
                )
            return (directory / name).read_text(encoding="utf-8")

        manifest = json.loads(read("manifest.json"))
        ops = [Operator.model_validate(o) for o in json.loads(read("operators.json"))["operators"]]
        devs = [Device.model_validate(d) for d in json.loads(read("devices.json"))["devices"]]
        return cls(ops, devs, registry=registry, version=manifest["catalog_version"])

    @classmethod
    def from_dir(
        cls, root: Path, *, registry: BandRegistry | None = None, version: str | None = None
    ) -> Catalog:
        """Load a YAML tree (``root/operators``, ``root/devices``), validating it fully.

        Raises:
            CatalogError: listing every error-severity problem.
        """
        reg = registry or default_registry()
        records = read_tree(root)
        errors = [p for p in validate_tree(records, reg) if p.severity == "error"]
        if errors:
            raise CatalogError([str(p) for p in errors], source=str(root))
        return cls(
            (op for _f, op in records.operators.values()),
            (d for _f, d in records.devices.values()),
            registry=reg,
            version=version or f"dir:{root.name}",
        )

    def with_overlay(self, root: Path) -> Catalog:
        """A new catalog where the records under ``root`` add to or replace this one's.

        The overlay is validated against the merged catalog (its MVNOs may name hosts that
        exist only in the base).

        Raises:
            CatalogError: listing every error-severity problem in the overlay.
        """
        root = Path(root)
        if not root.is_dir():
            raise CatalogError([f"{root}: overlay directory does not exist"], source=str(root))
        records = read_tree(root)
        errors = [
            p
            for p in validate_tree(records, self.registry, extra_operator_ids=set(self.operators))
            if p.severity == "error"
        ]
        if errors:
            raise CatalogError([str(p) for p in errors], source=str(root))
        operators = {**self.operators, **{k: op for k, (_f, op) in records.operators.items()}}
        devices = {**self.devices, **{k: d for k, (_f, d) in records.devices.items()}}
        return Catalog(
            operators.values(),
            devices.values(),
            registry=self.registry,
            version=f"{self.version}+overlay",
            overlay=str(root),
        )

    # -- stamps and counts -------------------------------------------------------------------
    @property
    def stamp(self) -> DataStamp:
        """The data stamp verdicts carry."""
        return DataStamp(self.version, self.registry.release, self.overlay)

    def counts(self) -> dict[str, int]:
        """Record counts (for health endpoints and the README)."""
        return {
            "operators": len(self.operators),
            "countries": len({op.country for op in self.operators.values()}),
            "devices": len(self.devices),
            "variants": sum(len(d.variants) for d in self.devices.values()),
        }

    # -- operators ---------------------------------------------------------------------------
    def operator(self, key: str) -> Operator:
        """An operator by id, name, brand or PLMN (case-insensitive).

        Raises:
            UnknownOperatorError: with suggestions.
        """
        from bandfit.catalog.query import find_operator

        return find_operator(self, key)

    def operators_in(self, country: str, *, on: dt.date | None = None) -> list[Operator]:
        """Operators of ``country`` (ISO code), those in service on ``on`` if given, MNOs first."""
        code = self.registry.country(country).code
        found = [
            op
            for op in self.operators.values()
            if op.country == code and (on is None or op.live_on(on))
        ]
        return sorted(found, key=lambda op: (op.kind != "MNO", op.name.lower()))

    def countries(self) -> list[str]:
        """ISO codes that have at least one operator, sorted."""
        return sorted({op.country for op in self.operators.values()})

    def hosts_of(self, operator: Operator, on: dt.date) -> list[tuple[str, Operator]]:
        """(role, host operator) pairs in effect on ``on``; primary hosts first."""
        out = []
        for agreement in operator.hosts:
            if agreement.live_on(on) and agreement.operator in self.operators:
                out.append((agreement.role, self.operators[agreement.operator]))
        order = {"primary": 0, "secondary": 1, "roaming": 2}
        return sorted(out, key=lambda pair: order[pair[0]])

    # -- devices -----------------------------------------------------------------------------
    def device(self, device_id: str) -> Device:
        """A device by exact id (``xiaomi/mi-8``); use :meth:`resolve` for free text."""
        from bandfit.catalog.query import resolve_device

        return resolve_device(self, device_id).device

    def resolve(
        self, query: str, *, variant: str | None = None, market: str | None = None
    ) -> tuple[Device, Variant]:
        """Device and variant for free text, an id, an alias or a model number.

        Without ``variant``, a device with several variants resolves to the one sold in
        ``market`` (ISO 3166 code), else to its global one (see
        :func:`~bandfit.catalog.query.pick_variant`).

        Raises:
            UnknownDeviceError / AmbiguousDeviceError / UnknownVariantError.
        """
        from bandfit.catalog.query import resolve_variant

        return resolve_variant(self, query, variant=variant, market=market)

    @cached_property
    def model_number_index(self) -> Mapping[str, tuple[tuple[str, str], ...]]:
        """Normalised model number -> ((device id, variant id), ...)."""
        from bandfit.catalog.query import normalise_model_number

        index: dict[str, list[tuple[str, str]]] = {}
        for dev in self.devices.values():
            for var in dev.variants:
                for number in var.model_numbers:
                    index.setdefault(normalise_model_number(number), []).append((dev.id, var.id))
        return {k: tuple(v) for k, v in index.items()}

    @cached_property
    def _variant_owner(self) -> dict[int, Device]:
        return {id(v): d for d in self.devices.values() for v in d.variants}

    def device_of_variant(self, variant: Variant) -> Device | None:
        """The device owning ``variant`` (by identity, else by value), or None for a custom one."""
        owner = self._variant_owner.get(id(variant))
        if owner is not None and any(v is variant for v in owner.variants):
            return owner
        return next((d for d in self.devices.values() if variant in d.variants), None)

    def variants(self) -> list[tuple[Device, Variant]]:
        """Every (device, variant) pair in id order."""
        return [
            (d, v) for d in sorted(self.devices.values(), key=lambda d: d.id) for v in d.variants
        ]


@cache
def _shipped() -> Catalog:
    return Catalog.from_compiled()


def default_catalog() -> Catalog:
    """The shipped catalog, plus the overlay directory named by ``$BANDFIT_CATALOG`` if set."""
    overlay = os.environ.get(CATALOG_ENV)
    return _with_env_overlay(overlay) if overlay else _shipped()


@cache
def _with_env_overlay(path: str) -> Catalog:
    return _shipped().with_overlay(Path(path))
