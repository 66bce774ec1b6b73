"""Quick per-file check of catalog YAML while curating (before the full pipeline runs).

Usage: python tools/check_records.py data/operators/us data/devices/xiaomi/mi-8.yaml ...
Checks: YAML parses without duplicate keys, the record validates against the pydantic model, the
id matches the path, and every cited source id is defined. `bandfit data validate` does all this
plus the cross-record checks (bands exist, blocks inside bands, hosts exist).
"""

from __future__ import annotations

import sys
from pathlib import Path

from pydantic import ValidationError

from bandfit.catalog.model import Device, Operator
from bandfit.catalog.yamlio import read_yaml


def check(path: Path) -> list[str]:
    problems: list[str] = []
    try:
        raw = read_yaml(path)
    except ValueError as err:
        return [f"{path}: {err}"]
    model = Operator if "operators" in path.parts else Device
    try:
        rec = model.model_validate(raw)
    except ValidationError as err:
        for e in err.errors():
            loc = ".".join(str(x) for x in e["loc"])
            problems.append(f"{path}: {loc}: {e['msg']} (got {e.get('input')!r:.80})")
        return problems
    expected = f"{path.parent.name}/{path.stem}"
    if rec.id != expected:
        problems.append(f"{path}: id {rec.id!r} does not match path (expected {expected!r})")
    missing = rec.cited_source_ids() - set(rec.sources)
    if missing:
        problems.append(f"{path}: cites undefined sources {sorted(missing)}")
    return problems


def main(argv: list[str]) -> int:
    files: list[Path] = []
    for arg in argv or ["data"]:
        p = Path(arg)
        files.extend(sorted(p.rglob("*.yaml")) if p.is_dir() else [p])
    problems = [msg for f in files for msg in check(f)]
    for msg in problems:
        print(msg)
    print(f"{len(files)} file(s), {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
