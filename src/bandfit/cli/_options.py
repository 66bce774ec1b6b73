"""Options and helpers the catalog-facing CLI commands share (one place for names and help)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bandfit.catalog.load import CATALOG_ENV, Catalog, default_catalog
from bandfit.errors import InvalidInputError

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")]
CatalogOpt = Annotated[
    Path | None,
    typer.Option(
        "--catalog",
        envvar=CATALOG_ENV,
        help="Overlay directory of extra/replacement records (validated).",
    ),
]
OnOpt = Annotated[str | None, typer.Option("--on", help="Date (ISO, default today UTC).")]


def load_catalog(overlay: Path | None) -> Catalog:
    """The shipped catalog, plus ``overlay`` when given (validated like shipped data)."""
    base = default_catalog() if overlay is None else Catalog.from_compiled()
    return base.with_overlay(overlay) if overlay is not None else base


def read_text_file(path: Path, what: str, hint: str) -> str:
    """The UTF-8 text of ``path``; a missing or unreadable file is an ``InvalidInputError``
    naming ``what`` it was meant to be (``cost file``, ``spec sheet``) and how to fix it."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise InvalidInputError(
            f"cannot read {what} {path}: {err.strerror or err}", hint=hint, value=str(path)
        ) from err
