"""One line describing the machine a benchmark ran on, printed by every benchmark.

Why shared: ratios are measured in the same run, but absolute numbers only mean something
next to the core count (logical and usable — a container may get fewer) and library versions.
Run directly, it prints that line for the numpy/scipy stack.
"""

from __future__ import annotations

import os
import platform
from importlib.metadata import PackageNotFoundError, version


def describe(*libraries: str, cores_note: str = "") -> str:
    """``system machine, N logical cores (M usable<note>), Python x.y.z, lib version, ...``."""
    logical = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else logical
    parts = [
        f"{platform.system()} {platform.machine()}, {logical} logical cores ({usable} usable{cores_note})",
        f"Python {platform.python_version()}",
    ]
    for lib in libraries:
        try:
            parts.append(f"{lib} {version(lib)}")
        except PackageNotFoundError:
            parts.append(f"{lib} (not installed)")
    return ", ".join(parts)


if __name__ == "__main__":
    print(describe("numpy", "scipy"))
