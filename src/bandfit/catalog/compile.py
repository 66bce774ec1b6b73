"""Read catalog YAML trees, validate every record, and compile them to JSON documents.

The same reader serves the shipped ``data/`` tree (build time) and a user's overlay directory
(run time, ``--catalog DIR``), so an overlay is validated exactly like shipped data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bandfit.bands.registry import BandRegistry
from bandfit.catalog.checks import Problem, check_records, problems_from_validation
from bandfit.catalog.model import Device, Operator
from bandfit.catalog.yamlio import YamlError, read_yaml
from bandfit.errors import CatalogError

__all__ = ["RecordSet", "compile_catalog", "read_tree", "validate_tree"]


@dataclass
class RecordSet:
    """Records read from one tree, with the file each came from, plus per-file problems."""

    root: Path
    operators: dict[str, tuple[str, Operator]] = field(default_factory=dict)
    devices: dict[str, tuple[str, Device]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _expected_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def read_tree(root: Path) -> RecordSet:
    """Read ``root/operators/**.yaml`` and ``root/devices/**.yaml``; collect every problem."""
    out = RecordSet(root)
    for kind, model in (("operators", Operator), ("devices", Device)):
        base = root / kind
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.yaml")):
            rel = str(path.relative_to(root.parent) if root.parent in path.parents else path)
            try:
                raw = read_yaml(path)
            except YamlError as err:
                out.problems.append(Problem(rel, "", "yaml", str(err)))
                continue
            if not isinstance(raw, dict):
                out.problems.append(Problem(rel, "", "schema", "a record file must hold a mapping"))
                continue
            try:
                record = model.model_validate(raw)
            except ValidationError as err:
                out.problems.extend(problems_from_validation(rel, raw, err))
                continue
            if record.id != _expected_id(path):
                out.problems.append(
                    Problem(
                        rel,
                        "id",
                        "id-path-mismatch",
                        f"id {record.id!r} must match the path ({_expected_id(path)!r})",
                    )
                )
            target: dict[str, Any] = out.operators if kind == "operators" else out.devices
            if record.id in target:
                out.problems.append(
                    Problem(rel, "id", "duplicate-id", f"{record.id} is defined twice")
                )
            target[record.id] = (rel, record)
    return out


def validate_tree(
    records: RecordSet,
    registry: BandRegistry,
    *,
    today: dt.date | None = None,
    extra_operator_ids: set[str] | None = None,
) -> list[Problem]:
    """Per-file problems plus every cross-record problem of a tree."""
    return records.problems + check_records(
        records.operators,
        records.devices,
        registry,
        today=today,
        extra_operator_ids=extra_operator_ids or set(),
    )


def compile_catalog(
    data_dir: Path, bands_doc: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, int], str]:
    """Compile ``data_dir`` into (documents by file name, counts, catalog version).

    Raises:
        CatalogError: any error-severity problem (all of them are listed).
    """
    registry = BandRegistry(bands_doc)
    records = read_tree(data_dir)
    problems = validate_tree(records, registry)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise CatalogError([str(p) for p in errors], source=str(data_dir))
    operators = [
        op.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        for _f, op in sorted(records.operators.values(), key=lambda x: x[1].id)
    ]
    devices = [
        d.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        for _f, d in sorted(records.devices.values(), key=lambda x: x[1].id)
    ]
    digest = hashlib.sha256(json.dumps([operators, devices], sort_keys=True).encode()).hexdigest()[
        :10
    ]
    as_ofs = [op.as_of for _f, op in records.operators.values()] + [
        d.as_of for _f, d in records.devices.values()
    ]
    stamp = max(as_ofs).isoformat() if as_ofs else "0000-00-00"
    version = f"{stamp}+{digest}"
    counts = {
        "operators": len(operators),
        "countries": len({op.country for _f, op in records.operators.values()}),
        "mvnos": sum(1 for _f, op in records.operators.values() if op.kind == "MVNO"),
        "deployments": sum(len(op.deployments) for _f, op in records.operators.values()),
        "devices": len(devices),
        "variants": sum(len(d.variants) for _f, d in records.devices.values()),
    }
    docs = {"operators.json": {"operators": operators}, "devices.json": {"devices": devices}}
    return docs, counts, version
