"""Rebuild src/bandfit/_data from data/ (``--check``: fail if the committed files differ).

Usage: python tools/build_data.py [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bandfit.catalog.build import build_documents, diff_documents, write_documents

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    files = build_documents(ROOT / "data")
    out = ROOT / "src" / "bandfit" / "_data"
    if args.check:
        changed = diff_documents(files, out)
        if changed:
            print("compiled data is stale; run `make data`. Differs: " + ", ".join(changed))
            return 1
        print(f"compiled data is up to date ({len(files)} files)")
        return 0
    write_documents(files, out)
    print(f"wrote {len(files)} files to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
