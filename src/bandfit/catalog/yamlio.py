"""Strict YAML reading for catalog files.

Why not plain ``yaml.safe_load``: YAML 1.1 silently turns ``NO`` (Norway) into ``False`` and lets a
duplicated key overwrite the first one. Catalog data is reviewed by people, so both must be loud
errors with a line number. PyYAML is imported lazily so ``import bandfit`` stays light.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["YamlError", "read_yaml"]


class YamlError(ValueError):
    """A YAML file that cannot be read as catalog data (message names file and line)."""


def _loader() -> type[Any]:
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~7x faster

    class StrictLoader(base):  # type: ignore[misc,valid-type]
        """SafeLoader that rejects duplicate keys and keys that YAML reads as booleans."""

    def construct_mapping(loader: Any, node: Any, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            if isinstance(key, bool):
                raise YamlError(
                    f"line {line}: key {key_node.value!r} reads as a boolean; "
                    "rename it (keys named on/off/yes/no are not allowed)"
                )
            if key in mapping:
                raise YamlError(f"line {line}: duplicate key {key!r}")
            mapping[key] = loader.construct_object(value_node, deep=deep)
        return mapping

    StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return StrictLoader


def read_yaml(path: Path) -> Any:
    """Parse one catalog YAML file strictly.

    Raises:
        YamlError: syntax error, duplicate key or boolean key (message names the line).
    """
    import yaml

    text = Path(path).read_text(encoding="utf-8")
    try:
        return yaml.load(text, Loader=_loader())
    except yaml.YAMLError as err:
        raise YamlError(f"YAML syntax: {err}") from err


def write_overlay_records(
    kind: str,
    texts: dict[str, str],
    out_dir: Path | str,
    *,
    existing: set[str] | None = None,
    replace: bool = False,
) -> list[Path]:
    """Write records (id -> YAML text) as ``out_dir/<kind>/<a>/<b>.yaml``, each atomically.

    Shared by every importer so overlays are written one way: an id given twice, or one the base
    catalog already has (unless ``replace``), is refused before anything is written, because an
    import must never replace a curated record by accident.

    Raises:
        CatalogError: listing every refused id.
    """
    from bandfit.errors import CatalogError

    problems = []
    if existing is not None and not replace:
        problems = [
            f"{i}: would replace the record already in the catalog (use a prefix, or replace=True)"
            for i in texts
            if i in existing
        ]
    if problems:
        raise CatalogError(problems, source=str(out_dir))
    written = []
    for record_id, text in texts.items():
        first, second = record_id.split("/", 1)
        target = Path(out_dir) / kind / first / f"{second}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
        written.append(target)
    return written


def duplicate_id_problems(ids: list[str]) -> list[str]:
    """``"<id>: id occurs more than once"`` for every repeated id."""
    return [f"{i}: id occurs more than once" for i in sorted({i for i in ids if ids.count(i) > 1})]
