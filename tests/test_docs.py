"""Docs that could drift are generated or checked here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_generated_reference_is_up_to_date() -> None:
    """docs/reference/cli.md and errors.md match the code (regenerate: python tools/gen_reference.py)."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools/gen_reference.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_shows_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme
    assert "make test" in readme


def test_ci_calls_make_test() -> None:
    assert "make test" in (ROOT / ".ci/run").read_text(encoding="utf-8")


def test_docs_links_resolve() -> None:
    """Every relative Markdown link in README and docs/ points to an existing file."""
    import re

    broken = []
    for md in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", md.read_text(encoding="utf-8")):
            if "://" in target or target.startswith("mailto:"):
                continue
            if not (md.parent / target).exists():
                broken.append(f"{md.relative_to(ROOT)} -> {target}")
    assert not broken, broken
