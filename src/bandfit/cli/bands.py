"""CLI commands over the band registry: ``band``, ``bands``, ``channel``, ``freq``, ``label``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from bandfit.bands import (
    Band,
    Channel,
    Link,
    Rat,
    channels_at,
    default_registry,
    format_mhz,
    parse_band,
    resolve_label,
)
from bandfit.bands.channels import channel_meanings
from bandfit.cli._options import JsonOpt
from bandfit.cli._render import console, emit_json
from bandfit.errors import AmbiguousBandError, InvalidInputError


class ChannelKind(StrEnum):
    """Channel numbering schemes the ``channel`` command understands."""

    ARFCN = "arfcn"
    UARFCN = "uarfcn"
    EARFCN = "earfcn"
    NRARFCN = "nrarfcn"
    GSCN = "gscn"


@contextmanager
def _cli_hint(hint: str) -> Iterator[None]:
    """Re-raise an :class:`AmbiguousBandError` with a hint in CLI terms.

    Why: the band layer's hints name the Python/HTTP parameters (``rat=``, ``band=``); a CLI
    user types ``--rat`` / ``--band`` / ``--country``.
    """
    try:
        yield
    except AmbiguousBandError as err:
        raise AmbiguousBandError(err.value, candidates=err.candidates, hint=hint) from err


def _rng(band: Band, link: Link) -> str:
    rng = band.range(link)
    return str(rng) if rng else "-"


def band(
    name: Annotated[
        str, typer.Argument(help="Band id or name: B66, n77, 'Band IV', 'UMTS V', BC0, GSM850.")
    ],
    rat: Annotated[
        Rat | None,
        typer.Option(case_sensitive=False, help="RAT context for names like 'PCS' or 'Band 5'."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show a band: UL/DL ranges, duplex, rasters, and which bands it covers or is covered by."""
    with _cli_hint("add --rat (gsm, umts, cdma, lte or nr), or give a band id such as B2"):
        found = parse_band(name, rat=rat)
    payload = default_registry().describe(found)
    if as_json:
        emit_json(payload)
        return
    table = Table(title=f"{found.id} — {found.name} ({found.rat.label})", show_header=False)
    table.add_row("duplex", found.duplex.value.upper() + (f" ({found.fr})" if found.fr else ""))
    table.add_row("downlink", _rng(found, Link.DL))
    table.add_row("uplink", _rng(found, Link.UL))
    spacing = found.duplex_spacing_khz
    if spacing is not None:
        table.add_row("duplex spacing", f"{format_mhz(spacing)} MHz")
    for key, label in (("covers", "covers"), ("covered_by", "covered by")):
        ids = payload[key]
        table.add_row(label, ", ".join(ids) if isinstance(ids, list) and ids else "-")
    for row in payload.get("earfcn", []) or []:
        table.add_row(f"EARFCN {row['link'].upper()}", f"{row['first']}–{row['last']}")
    for row in payload.get("channel_raster", []) or []:
        table.add_row(
            f"NR-ARFCN {row['link'].upper()} ({row['raster_khz']} kHz)",
            f"{row['first']}:<{row['step']}>:{row['last']}",
        )
    for row in payload.get("ss_raster", []) or []:
        listed = row["listed"]
        gscn = (
            ", ".join(map(str, listed))
            if listed
            else f"{row['first']}:<{row['step']}>:{row['last']}"
        )
        table.add_row(f"GSCN (SCS {row['scs_khz']} kHz, case {row['pattern']})", gscn)
    table.add_row("spec", found.spec)
    if found.notes:
        table.add_row("notes", found.notes)
    console.print(table)


def bands(
    rat: Annotated[Rat | None, typer.Option(case_sensitive=False, help="Only this RAT.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List every band in the registry (3GPP Rel-18), optionally of one RAT."""
    reg = default_registry()
    found = reg.bands(rat)
    if as_json:
        emit_json([b.to_dict() for b in found])
        return
    table = Table(
        "id", "name", "duplex", "downlink", "uplink", title=f"{len(found)} bands ({reg.release})"
    )
    for b in found:
        table.add_row(b.id, b.name, b.duplex.value.upper(), _rng(b, Link.DL), _rng(b, Link.UL))
    console.print(table)


def _channel_rows(channels: tuple[Channel, ...]) -> Table:
    table = Table("band(s)", "link", "frequency", "notes")
    for ch in channels:
        if ch.dl_khz is not None and (ch.dl_bands or not ch.ul_bands):
            table.add_row(
                ", ".join(ch.dl_bands) or "-",
                "DL",
                f"{format_mhz(ch.dl_khz)} MHz",
                "; ".join(ch.notes),
            )
        if ch.ul_khz is not None and ch.ul_bands:
            table.add_row(
                ", ".join(ch.ul_bands), "UL", f"{format_mhz(ch.ul_khz)} MHz", "; ".join(ch.notes)
            )
    return table


def channel(
    kind: Annotated[ChannelKind, typer.Argument(case_sensitive=False, help="Numbering scheme.")],
    number: Annotated[int, typer.Argument(help="Channel number.")],
    band_hint: Annotated[
        str | None,
        typer.Option(
            "--band",
            help="Band hint (B12, U2, PCS 1900): picks the band of a shared number (ARFCN "
            "512-810) and fails if the number is not a channel of that band.",
        ),
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="ISO country hint for GSM DCS/PCS ARFCNs.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Convert a channel number to its band(s) and DL/UL frequency.

    --json prints the same object as GET /v1/channels/{kind}/{number}: kind, number and a list
    of channels (one per meaning; a UARFCN can belong to several UTRA bands).
    """
    with _cli_hint("add --band (e.g. --band GSM1900) or --country (e.g. --country US)"):
        result = channel_meanings(kind.value, number, band=band_hint, country=country)
    if as_json:
        emit_json({"kind": kind.value, "number": number, "channels": [c.to_dict() for c in result]})
        return
    table = _channel_rows(result)
    table.title = f"{kind.value.upper()} {number}"
    console.print(table)


def _mhz_to_khz(text: str) -> int:
    try:
        value = Decimal(text) * 1000
    except InvalidOperation as err:
        raise InvalidInputError(
            f"not a frequency: {text!r}", hint="give MHz, e.g. 739 or 3489.42", value=text
        ) from err
    if not value.is_finite() or value <= 0:
        raise InvalidInputError(
            f"not a frequency: {text!r}",
            hint="give a positive number of MHz, e.g. 739 or 3489.42",
            value=text,
        )
    if value != value.to_integral_value():
        raise InvalidInputError(
            f"{text} MHz is not a whole number of kHz",
            hint="every 3GPP raster is a whole number of kHz: give at most 3 decimals",
            value=text,
        )
    return int(value)


def freq(
    mhz: Annotated[str, typer.Argument(help="Frequency in MHz, e.g. 739 or 3489.42.")],
    link: Annotated[
        Link,
        typer.Option(
            case_sensitive=False,
            help="Which link the frequency is on (UL and DL are never mixed).",
        ),
    ],
    rat: Annotated[Rat | None, typer.Option(case_sensitive=False, help="Only this RAT.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show the bands containing a frequency on one link, and its channel number in each."""
    khz = _mhz_to_khz(mhz)
    found = [c for c in channels_at(khz, link) if rat is None or c.rat is rat]
    if as_json:
        emit_json(
            [
                {
                    "band": c.band,
                    "rat": c.rat.value,
                    "kind": c.kind,
                    "number": c.number,
                    "note": c.note,
                }
                for c in found
            ]
        )
        return
    table = Table(
        "band",
        "rat",
        "channel",
        "note",
        title=f"{format_mhz(khz)} MHz {link.value.upper()}: {len(found)} band(s)",
    )
    for c in found:
        table.add_row(
            c.band,
            c.rat.label,
            f"{c.kind.upper()} {c.number}" if c.number is not None else "-",
            c.note,
        )
    console.print(table)


def label(
    text: Annotated[
        str, typer.Argument(help="A MHz label as datasets write it: 'LTE 700', '5G 3500'.")
    ],
    country: Annotated[
        str | None, typer.Option(help="ISO country code to narrow the candidates.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Resolve a MHz label to its candidate bands (never silently to one)."""
    match = resolve_label(text, country=country)
    if as_json:
        emit_json(match.to_dict())
        return
    where = {"*": "any region", "range": "no convention; bands containing the frequency"}.get(
        match.scope, match.scope
    )
    console.print(f"{text!r} ({where}): {', '.join(match.candidates)}")


def register(app: typer.Typer) -> None:
    """Attach the band commands to the root app."""
    app.command()(band)
    app.command()(bands)
    app.command()(channel)
    app.command()(freq)
    app.command()(label)
