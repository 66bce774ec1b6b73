"""``bandfit devices search|show|tac|imei``: find devices, show variants, resolve TACs and IMEIs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from bandfit.catalog.load import Catalog
from bandfit.catalog.model import Device
from bandfit.catalog.query import pick_variant, resolve_device, search_devices
from bandfit.cli._options import CatalogOpt, JsonOpt, load_catalog
from bandfit.cli._render import console, emit_json
from bandfit.compat.documents import device_detail, device_summary
from bandfit.errors import InvalidInputError

devices_app = typer.Typer(
    help="Devices: search, show, TAC and IMEI look-ups.", no_args_is_help=True
)


@devices_app.command("search")
def devices_search(
    query: Annotated[
        str,
        typer.Argument(
            help="Name, alias or model number: 'redmi note 13 pro', M2101K6G, sm-s928u."
        ),
    ],
    limit: Annotated[int, typer.Option(min=1, max=200)] = 10,
    catalog: CatalogOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Fuzzy search by name, alias or model number (model numbers pin the variant)."""
    hits = search_devices(load_catalog(catalog), query, limit=limit)
    if as_json:
        # the items of GET /v1/devices?q=..., unpaged
        emit_json([device_summary(h.device, h) for h in hits])
        return
    table = Table(
        "device",
        "name",
        "variant",
        "model numbers",
        "matched by",
        title=f"{len(hits)} match(es) for {query!r}",
    )
    for h in hits:
        table.add_row(
            h.device.id,
            h.device.full_name,
            h.variant.name if h.variant else f"{len(h.device.variants)} variant(s)",
            ", ".join(
                h.variant.model_numbers
                if h.variant
                else [m for v in h.device.variants for m in v.model_numbers][:4]
            ),
            f"{h.how} ({h.score:.2f})",
        )
    console.print(table)


@devices_app.command("show")
def devices_show(
    device: Annotated[
        str,
        typer.Argument(
            help="Device id (xiaomi/mi-8), id:variant (xiaomi/mi-8:global-china), name or "
            "model number."
        ),
    ],
    variant: Annotated[str | None, typer.Option(help="Variant id, name or model number.")] = None,
    catalog: CatalogOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show a device's variants: model numbers, bands per RAT, 5G modes, voice, eSIM, sources."""
    cat = load_catalog(catalog)
    hits = search_devices(cat, device, limit=1)
    if hits and hits[0].how == "model-number" and variant is None and hits[0].variant:
        dev, chosen = hits[0].device, [hits[0].variant]
    elif ":" in device:  # DEVICE-ID:VARIANT, as `bandfit plan` prints closest variants
        ref = resolve_device(cat, device, variant=variant)
        dev = ref.device
        chosen = [ref.variant] if ref.variant is not None else list(dev.variants)
    else:
        dev, _v = (
            cat.resolve(device, variant=variant) if variant else (_device_only(cat, device), None)
        )
        chosen = [pick_variant(dev, variant)[0]] if variant else list(dev.variants)
    if as_json:
        # the document of GET /v1/devices/{id}, narrowed to the variants asked for
        payload = device_detail(cat.registry, dev)
        keep = {v.id for v in chosen}
        payload["variants"] = [v for v in payload["variants"] if v["id"] in keep]
        emit_json(payload)
        return
    console.print(
        f"[bold]{dev.full_name}[/] ({dev.id}) announced {dev.announced or '?'}, released {dev.released or '?'}"
    )
    for v in chosen:
        table = Table(
            title=f"{v.name} — {', '.join(v.model_numbers) or 'no model number'} ({', '.join(v.markets) or 'markets ?'})",
            show_header=False,
        )
        for rat, bands in v.bands.model_dump().items():
            table.add_row(rat.upper(), "unknown" if bands is None else (" ".join(bands) or "none"))
        table.add_row(
            "5G modes",
            "unknown" if v.nr_modes is None else (", ".join(v.nr_modes).upper() or "none"),
        )
        table.add_row(
            "voice",
            ", ".join(
                f"{k}={'?' if val is None else val}" for k, val in v.voice.model_dump().items()
            ),
        )
        table.add_row("eSIM", "?" if v.esim is None else str(v.esim))
        if v.certified_on:
            table.add_row("certified on", ", ".join(v.certified_on))
        table.add_row("confidence", v.confidence.value)
        table.add_row(
            "sources",
            escape(
                "; ".join(f"[{s}] {dev.sources[s].title}" for s in v.sources if s in dev.sources)
            ),
        )
        table.add_row("as of", str(v.as_of))
        console.print(table)


def _device_only(cat: Catalog, query: str) -> Device:
    hits = search_devices(cat, query, limit=5)
    if hits and hits[0].score >= 0.95:
        return hits[0].device
    return cat.resolve(query)[0]


TAC_ENV = "BANDFIT_TAC_DB"
TacDbOpt = Annotated[
    Path | None,
    typer.Option(
        "--tac-db",
        envvar=TAC_ENV,
        help="TAC table (bandfit.tac/1 CSV from `bandfit data import tac`).",
    ),
]


def _tac_payload(tac: str, tac_db: Path | None, catalog: Catalog) -> dict[str, Any]:
    from bandfit.catalog.tac import TacResolver, model_number_index, read_tac_table

    if tac_db is None:
        return {
            "tac": tac,
            "entry": None,
            "variants": [],
            "reason": "no TAC table given (--tac-db or $BANDFIT_TAC_DB); build one with `bandfit data import tac`",
        }
    resolver = TacResolver(read_tac_table(tac_db))
    entry = resolver.lookup(tac)
    hits, reason = resolver.explain(tac, model_number_index(catalog.devices.values()))
    return {
        "tac": tac,
        "entry": None
        if entry is None
        else {
            "brands": list(entry.brands),
            "models": [
                {"brand": m.brand, "name": m.name, "model_numbers": list(m.model_numbers)}
                for m in entry.models
            ],
        },
        "variants": [
            {
                "device_id": d,
                "variant_id": v,
                "name": catalog.devices[d].full_name,
                "variant": next(x.name for x in catalog.devices[d].variants if x.id == v),
            }
            for d, v in hits
        ],
        "reason": reason,
    }


def _print_tac(payload: dict[str, Any]) -> None:
    entry = payload["entry"]
    if entry is None:
        console.print(f"TAC {payload['tac']}: {payload['reason']}")
        return
    for m in entry["models"]:
        console.print(
            f"TAC {payload['tac']}: {m['brand']} {m['name'] or ''} {', '.join(m['model_numbers'])}".rstrip()
        )
    if payload["variants"]:
        for hit in payload["variants"]:
            console.print(
                f"  → {hit['device_id']} --variant {hit['variant_id']} ({hit['name']}, {hit['variant']})"
            )
    else:
        console.print(f"  not in the curated catalog: {payload['reason']}")


@devices_app.command("tac")
def devices_tac(
    tac: Annotated[
        str, typer.Argument(help="8-digit Type Allocation Code (first 8 digits of an IMEI).")
    ],
    tac_db: TacDbOpt = None,
    catalog: CatalogOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Look up a TAC and the catalog variants its model numbers resolve to."""
    payload = _tac_payload(_tac_arg(tac), tac_db, load_catalog(catalog))
    emit_json(payload) if as_json else _print_tac(payload)


def _tac_arg(text: str) -> str:
    """The 8-digit TAC ``text`` gives (separators dropped), or the TAC of a whole IMEI.

    Why check here: without a TAC table nothing else looks at the value, so '3534' was "not
    found" instead of refused; with one, it failed as an "invalid IMEI", which the user did not
    give.

    Raises:
        InvalidInputError: neither 8 digits nor a valid IMEI/IMEISV.
    """
    from bandfit.catalog.tac import parse_imei

    digits = re.sub(r"[\s/-]+", "", text)
    if re.fullmatch(r"\d{8}", digits):
        return digits
    if re.fullmatch(r"\d{14,16}", digits):
        return parse_imei(text).tac  # a whole IMEI: its TAC (a bad check digit is named)
    raise InvalidInputError(
        f"invalid TAC {text!r}: a TAC is 8 digits",
        hint="the TAC is the first 8 digits of an IMEI, e.g. 35290611; "
        "`bandfit devices imei` takes a whole IMEI",
        value=text,
    )


@devices_app.command("imei")
def devices_imei(
    imei: Annotated[
        str, typer.Argument(help="15-digit IMEI (Luhn-checked), 14 digits, or 16-digit IMEISV.")
    ],
    tac_db: TacDbOpt = None,
    catalog: CatalogOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Validate an IMEI (check digit explained) and resolve its TAC to catalog variants."""
    from bandfit.catalog.tac import parse_imei

    parsed = parse_imei(imei)
    payload = {
        "imei": parsed.imei,
        "tac": parsed.tac,
        "serial": parsed.serial,
        "check_digit": parsed.check_digit,
        "imeisv": parsed.is_imeisv,
        **{
            k: v
            for k, v in _tac_payload(parsed.tac, tac_db, load_catalog(catalog)).items()
            if k != "tac"
        },
    }
    if as_json:
        emit_json(payload)
        return
    kind = "IMEISV" if parsed.is_imeisv else "IMEI"
    console.print(
        f"{kind} {imei}: valid (TAC {parsed.tac}, serial {parsed.serial}, check digit {parsed.check_digit})"
    )
    _print_tac({**payload, "tac": parsed.tac})


def register(app: typer.Typer) -> None:
    """Attach the ``devices`` group."""
    app.add_typer(devices_app, name="devices")
