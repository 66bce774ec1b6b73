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
