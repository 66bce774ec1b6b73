"""Write imported operators as an overlay directory of YAML records."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bandfit.catalog.model import Operator
from bandfit.catalog.yamlio import duplicate_id_problems, write_overlay_records
from bandfit.errors import CatalogError

if TYPE_CHECKING:
    from bandfit.catalog.load import Catalog


_QUOTED_KEYS = frozenset({"country", "plmns", "mccmnc", "bandatlas"})


class _Quoted(str):
    """A string the YAML writer must double-quote (country codes, PLMNs)."""

    __slots__ = ()


_ITEM_HEAD = ("band", "rat", "layer", "block", "status")
_ITEM_TAIL = ("since", "until", "confidence", "candidates", "sources", "note")


def _plain(value: Any, key: str | None = None) -> Any:
    """Model dump -> YAML-ready values: enums to text, tuples to lists, codes quoted.

    Deployments and networks are written band/rat first and sources/note last, the order a
    curator reads them in (the model's field order puts inherited dates and sources first).
    """
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        keys = list(value)
        if "band" in value or "rat" in value:
            head = [k for k in _ITEM_HEAD if k in value]
            tail = [k for k in _ITEM_TAIL if k in value]
            keys = head + [k for k in keys if k not in head and k not in tail] + tail
        return {k: _plain(value[k], k) for k in keys}
    if isinstance(value, list | tuple):
        return [_plain(v, key) for v in value]
    if isinstance(value, str) and key in _QUOTED_KEYS:
        return _Quoted(value)
    return value


def operator_yaml(op: Operator) -> str:
    """One operator as catalog YAML (``schema`` first, codes quoted, ISO dates, no defaults)."""
    import yaml

    class Dumper(yaml.SafeDumper):
        """SafeDumper that double-quotes :class:`_Quoted` strings."""

    def quoted(dumper: yaml.SafeDumper, data: _Quoted) -> yaml.ScalarNode:
        return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style='"')

    Dumper.add_representer(_Quoted, quoted)
    body = op.model_dump(mode="python", by_alias=True, exclude_defaults=True)
    body.pop("schema", None)
    # spelled out even where they equal the defaults: an imported file should say how sure it is
    for dumped, dep in zip(body.get("deployments", ()), op.deployments, strict=True):
        dumped["confidence"] = dep.confidence
    for dumped, net in zip(body.get("networks", ()), op.networks, strict=True):
        dumped["status"] = net.status
    doc = {"schema": "bandfit.operator/1", **_plain(body)}
    text: str = yaml.dump(doc, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)
    return text


def write_overlay(
    operators: Iterable[Operator],
    out_dir: Path | str,
    *,
    base: Catalog | None = None,
    replace: bool = False,
) -> list[Path]:
    """Write operators as ``out_dir/operators/<cc>/<slug>.yaml``, an overlay ``--catalog`` accepts.

    Each file is written to a temporary name and renamed, so an interrupted run leaves no half
    file. Files already in ``out_dir`` with other ids are left alone.

    Args:
        operators: the records (e.g. ``ImportResult.operators``).
        out_dir: the overlay root.
        base: the catalog the overlay will be laid over; ids it already has are refused unless
            ``replace`` is true, so curated records are never replaced by accident.
        replace: allow replacing ``base`` records.

    Raises:
        CatalogError: duplicate ids, or ids that would replace ``base`` records.
    """
    ops = list(operators)
    duplicates = duplicate_id_problems([op.id for op in ops])
    if duplicates:
        raise CatalogError(duplicates, source=str(out_dir))
    return write_overlay_records(
        "operators",
        {op.id: operator_yaml(op) for op in ops},
        out_dir,
        existing=set(base.operators) if base else None,
        replace=replace,
    )
