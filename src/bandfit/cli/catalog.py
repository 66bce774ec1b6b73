"""CLI commands over the catalog: ``operators``, ``devices`` and ``data`` groups."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from bandfit._types import as_date
from bandfit.bands.model import format_mhz
from bandfit.catalog.load import CATALOG_ENV, Catalog, default_catalog
from bandfit.catalog.model import Device, Operator, Variant
from bandfit.catalog.query import pick_variant, search_devices
from bandfit.cli._render import EXIT_ERROR, console, emit_json
from bandfit.compat.network import network_view

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
CatalogOpt = Annotated[
    Path | None,
    typer.Option(
        "--catalog",
        envvar=CATALOG_ENV,
        help="Overlay directory of extra/replacement records (validated).",
    ),
]
OnOpt = Annotated[str | None, typer.Option("--on", help="Date (ISO, default today UTC).")]

operators_app = typer.Typer(help="Operators: list, show.", no_args_is_help=True)
devices_app = typer.Typer(
    help="Devices: search, show, TAC and IMEI look-ups.", no_args_is_help=True
)
data_app = typer.Typer(help="Catalog data: validate, build, import.", no_args_is_help=True)


def load_catalog(overlay: Path | None) -> Catalog:
    """The shipped catalog, plus ``overlay`` when given (validated like shipped data)."""
    base = default_catalog() if overlay is None else Catalog.from_compiled()
    return base.with_overlay(overlay) if overlay is not None else base


# ------------------------------------------------------------------------------ operators
def operator_payload(op: Operator, on: dt.date, catalog: Catalog) -> dict[str, Any]:
    """JSON view of an operator on a date: live deployments, networks, policies, hosts, sources."""
    view = network_view(op, on, catalog.registry)
    return {
        "id": op.id,
        "name": op.name,
        "country": op.country,
        "kind": op.kind,
        "brands": list(op.brands),
        "plmns": list(op.plmns),
        "group": op.group,
        "in_service": op.live_on(on),
        "on": on.isoformat(),
        "hosts": [
            {
                "operator": h.operator,
                "role": h.role,
                "since": h.since,
                "until": h.until,
                "in_effect": h.live_on(on),
            }
            for h in op.hosts
        ],
        "networks": [
            {
                "rat": n.rat.value,
                "generation": n.rat.generation,
                "state": view.rats[n.rat].status if n.rat in view.rats else "unknown",
                "since": n.since,
                "until": n.until,
                "voice": n.voice.value if n.voice else None,
                "voice_since": n.voice_since,
                "modes": list(n.modes) if n.modes else None,
            }
            for n in op.networks
        ],
        "deployments": [
            {
                "band": d.band.id,
                "rat": d.rat.value,
                "layer": d.layer.value,
                "dl_mhz": [d.dl.low_khz / 1000, d.dl.high_khz / 1000] if d.dl else None,
                "ul_mhz": [d.ul.low_khz / 1000, d.ul.high_khz / 1000] if d.ul else None,
                "block_known": d.deployment.block is not None,
                "confidence": d.deployment.confidence.value,
                "since": d.deployment.since,
                "until": d.deployment.until,
                "sources": list(d.deployment.sources),
            }
            for d in view.deployments
        ],
        "ended": [{"band": d.band, "until": d.until} for d in view.ended_deployments],
        "policies": [
            {"rule": p.rule.value, "since": p.since, "until": p.until, "in_effect": p.live_on(on)}
            for p in op.policies
        ],
        "sources": {
            k: s.model_dump(mode="json", exclude_defaults=True) for k, s in op.sources.items()
        },
        "as_of": op.as_of,
        "notes": op.notes,
    }


@operators_app.command("list")
def operators_list(
    country: Annotated[str | None, typer.Option(help="ISO 3166 country code.")] = None,
    on: OnOpt = None,
    catalog: CatalogOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List operators (of a country), those in service on --on when given."""
    cat = load_catalog(catalog)
    day = as_date(on) if on else None
    ops = (
        cat.operators_in(country, on=day)
        if country
        else sorted(cat.operators.values(), key=lambda o: o.id)
    )
    if day and not country:
        ops = [o for o in ops if o.live_on(day)]
    if as_json:
        emit_json(
            [
                {
                    "id": o.id,
                    "name": o.name,
                    "country": o.country,
                    "kind": o.kind,
                    "brands": list(o.brands),
                }
                for o in ops
            ]
        )
        return
    table = Table(
        title=f"{len(ops)} operators"
        + (f" in {country.upper()}" if country else "")
        + (f" on {day}" if day else "")
    )
    for col in ("id", "name", "kind", "hosts / bands"):
        table.add_column(col)
    for o in ops:
        detail = (
            ", ".join(h.operator for h in o.hosts)
            if o.kind == "MVNO"
            else " ".join(
                dict.fromkeys(d.band for d in o.deployments if day is None or d.live_on(day))
            )
        )
        table.add_row(o.id, o.name, o.kind, detail)
    console.print(table)


@operators_app.command("show")
def operators_show(
    operator: Annotated[str, typer.Argument(help="Operator id, name, brand or PLMN.")],
    on: OnOpt = None,
    catalog: CatalogOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show an operator on a date: live deployments, sunsets, voice policy, hosts and sources."""
    cat = load_catalog(catalog)
    op = cat.operator(operator)
    day = as_date(on)
    payload = operator_payload(op, day, cat)
    if as_json:
        emit_json(payload)
        return
    status = "in service" if payload["in_service"] else "NOT in service"
    console.print(f"[bold]{op.name}[/] ({op.id}, {op.kind}, {op.country}) — {status} on {day}")
    if op.plmns:
        console.print("PLMN: " + ", ".join(op.plmns))
    for h in op.hosts:
        mark = "in effect" if h.live_on(day) else "not in effect"
        console.print(f"host: {h.operator} ({h.role}, {h.since or '…'} → {h.until or '…'}, {mark})")
    nets = Table(title="Networks")
    for col in ("RAT", "state", "since", "until", "voice"):
        nets.add_column(col)
    for n in payload["networks"]:
        nets.add_row(
            f"{n['generation']} {n['rat']}",
            n["state"],
            str(n["since"] or "-"),
            str(n["until"] or "-"),
            str(n["voice"] or "?"),
        )
    console.print(nets)
    deps = Table(title=f"Deployments live on {day}")
    for col in ("band", "layer", "DL MHz", "confidence", "sources"):
        deps.add_column(col)
    view = network_view(op, day, cat.registry)
    for d in view.deployments:
        dl = f"{format_mhz(d.dl.low_khz)}–{format_mhz(d.dl.high_khz)}" if d.dl else "-"
        dl += "" if d.deployment.block else " (band)"
        deps.add_row(
            d.band.id,
            d.layer.value,
            dl,
            d.deployment.confidence.value,
            ", ".join(d.deployment.sources),
        )
    console.print(deps)
    if view.ended_deployments:
        console.print(
            "ended: " + ", ".join(f"{d.band} ({d.until})" for d in view.ended_deployments)
        )
    for p in op.policies:
        console.print(
            f"policy: {p.rule.value} {p.since or '…'} → {p.until or '…'}"
            + (f" — {p.note}" if p.note else "")
        )
    console.print(
        escape(
            "sources: "
            + "; ".join(
                f"[{k}] {s.title}" + (f" <{s.url}>" if s.url else "") for k, s in op.sources.items()
            )
        )
    )
    console.print(f"as of {op.as_of}")


# -------------------------------------------------------------------------------- devices
def variant_payload(device: Device, variant: Variant) -> dict[str, object]:
    """JSON view of one variant."""
    return {
        "id": variant.id,
        "name": variant.name,
        "markets": list(variant.markets),
        "model_numbers": list(variant.model_numbers),
        "bands": {
            r: (list(b) if b is not None else None) for r, b in variant.bands.model_dump().items()
        },
        "nr_modes": list(variant.nr_modes) if variant.nr_modes is not None else None,
        "voice": variant.voice.model_dump(),
        "esim": variant.esim,
        "certified_on": list(variant.certified_on),
        "confidence": variant.confidence.value,
        "sources": [
            {"id": s, **device.sources[s].model_dump(mode="json", exclude_defaults=True)}
            for s in variant.sources
            if s in device.sources
        ],
        "as_of": variant.as_of,
        "notes": variant.notes,
    }


def device_payload(device: Device) -> dict[str, object]:
    """JSON view of a device with all variants."""
    return {
        "id": device.id,
        "brand": device.brand,
        "name": device.name,
        "full_name": device.full_name,
        "aliases": list(device.aliases),
        "announced": device.announced,
        "released": device.released,
        "variants": [variant_payload(device, v) for v in device.variants],
        "as_of": device.as_of,
        "notes": device.notes,
    }


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
        emit_json([h.to_dict() for h in hits])
        return
    table = Table(title=f"{len(hits)} match(es) for {query!r}")
    for col in ("device", "name", "variant", "model numbers", "matched by"):
        table.add_column(col)
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
    device: Annotated[str, typer.Argument(help="Device id (xiaomi/mi-8), name or model number.")],
    variant: Annotated[str | None, typer.Option(help="Variant id, name or model number.")] = None,
    catalog: CatalogOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show a device's variants: model numbers, bands per RAT, 5G modes, voice, eSIM, sources."""
    cat = load_catalog(catalog)
    hits = search_devices(cat, device, limit=1)
    if hits and hits[0].how == "model-number" and variant is None and hits[0].variant:
        dev, chosen = hits[0].device, [hits[0].variant]
    else:
        dev, _v = (
            cat.resolve(device, variant=variant) if variant else (_device_only(cat, device), None)
        )
        chosen = [pick_variant(dev, variant)[0]] if variant else list(dev.variants)
    if as_json:
        payload = device_payload(dev)
        payload["variants"] = [variant_payload(dev, v) for v in chosen]
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


# ----------------------------------------------------------------------------------- data
@data_app.command("validate")
def data_validate(
    data_dir: Annotated[
        Path, typer.Option("--data", help="Data tree to validate (operators/, devices/).")
    ] = Path("data"),
    catalog: Annotated[
        Path | None,
        typer.Option(
            "--catalog", help="Validate this overlay directory against the shipped catalog instead."
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Report every problem in the data tree (or an overlay with --catalog), with file and place."""
    from bandfit.catalog.compile import read_tree, validate_tree

    base = Catalog.from_compiled()
    root = catalog or data_dir
    records = read_tree(root)
    extra = set(base.operators) if catalog else set()
    problems = validate_tree(records, base.registry, extra_operator_ids=extra)
    errors = [p for p in problems if p.severity == "error"]
    if as_json:
        emit_json(
            {
                "root": str(root),
                "errors": len(errors),
                "warnings": len(problems) - len(errors),
                "problems": [p.to_dict() for p in problems],
            }
        )
    else:
        for p in problems:
            console.print(f"{'ERROR' if p.severity == 'error' else 'warn '} {p}", markup=False)
        n_files = len(records.operators) + len(records.devices)
        console.print(
            f"{root}: {n_files} record(s), {len(errors)} error(s), {len(problems) - len(errors)} warning(s)"
        )
    if errors:
        raise typer.Exit(EXIT_ERROR)


@data_app.command("build")
def data_build(
    data_dir: Annotated[Path, typer.Option("--data", help="Source data tree.")] = Path("data"),
    out: Annotated[Path, typer.Option(help="Output directory for the compiled JSON.")] = Path(
        "src/bandfit/_data"
    ),
    check_only: Annotated[
        bool, typer.Option("--check", help="Fail if the compiled files differ instead of writing.")
    ] = False,
) -> None:
    """Compile data/ (3GPP tables, operators, devices) into the package's JSON with a manifest."""
    from bandfit.catalog.build import build_documents, diff_documents, write_documents

    files = build_documents(data_dir)
    if check_only:
        changed = diff_documents(files, out)
        if changed:
            console.print("stale: " + ", ".join(changed))
            raise typer.Exit(EXIT_ERROR)
        console.print(f"up to date ({len(files)} files)")
        return
    write_documents(files, out)
    manifest = json.loads(files["manifest.json"])
    console.print(
        f"wrote {len(files)} files to {out}: {manifest['counts']} (catalog {manifest['catalog_version']})"
    )


import_app = typer.Typer(
    help="Import public datasets into an overlay directory (--out).", no_args_is_help=True
)
data_app.add_typer(import_app, name="import")
OutOpt = Annotated[
    Path, typer.Option("--out", help="Overlay directory to write (use it later with --catalog).")
]


def _report_import(result: object, written: list[Path], as_json: bool) -> None:
    from bandfit.catalog.importers import ImportResult

    assert isinstance(result, ImportResult)
    if as_json:
        emit_json({**result.to_dict(), "written": len(written)})
        return
    console.print(result.summary())
    for problem in result.problems[:20]:
        console.print(
            f"  {problem.kind}: row {problem.row}: {problem.value!r} — {problem.reason}",
            markup=False,
        )
    if len(result.problems) > 20:
        console.print(f"  ... {len(result.problems) - 20} more (see --json)")
    console.print(f"wrote {len(written)} operator file(s)")


@import_app.command("bandatlas")
def import_bandatlas_cmd(
    directory: Annotated[
        Path,
        typer.Argument(help="Folder with Band Atlas networks.csv, network_bands.csv, sunset.csv."),
    ],
    out: OutOpt,
    prefix: Annotated[
        str, typer.Option(help="Id prefix so imports never replace curated records.")
    ] = "bandatlas-",
    skip_known: Annotated[
        bool, typer.Option(help="Skip operators the catalog already curates.")
    ] = True,
    replace: Annotated[
        bool, typer.Option(help="Allow replacing curated records (needs --prefix '').")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Import Band Atlas operators (LTE/NR band numbers, layers, 2G/3G sunsets) into an overlay."""
    from bandfit.catalog.importers import import_bandatlas, write_overlay

    base = Catalog.from_compiled()
    result = import_bandatlas(directory, prefix=prefix, known=base if skip_known else None)
    written = write_overlay(result.operators, out, base=base, replace=replace)
    _report_import(result, written, as_json)


@import_app.command("mccmnc")
def import_mccmnc_cmd(
    path: Annotated[
        Path, typer.Argument(help="mcc-mnc-list.json (Wikipedia-derived MCC-MNC list).")
    ],
    out: OutOpt,
    prefix: Annotated[
        str, typer.Option(help="Id prefix so imports never replace curated records.")
    ] = "mccmnc-",
    skip_known: Annotated[
        bool, typer.Option(help="Skip PLMNs the catalog already curates.")
    ] = True,
    include_unknown_status: Annotated[
        bool, typer.Option(help="Also import records whose status is Unknown.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Import MCC-MNC operators; MHz labels become candidate-band sets marked inferred."""
    from bandfit.catalog.importers import import_mccmnc, write_overlay

    base = Catalog.from_compiled()
    result = import_mccmnc(
        path,
        prefix=prefix,
        known=base if skip_known else None,
        include_unknown_status=include_unknown_status,
    )
    written = write_overlay(result.operators, out, base=base)
    _report_import(result, written, as_json)


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
    payload = _tac_payload(tac, tac_db, load_catalog(catalog))
    emit_json(payload) if as_json else _print_tac(payload)


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


@import_app.command("specsheet")
def import_specsheet_cmd(
    path: Annotated[
        Path, typer.Argument(help="Text file with a pasted GSMArena-style Network block.")
    ],
    out: OutOpt,
    device_id: Annotated[
        str | None, typer.Option("--id", help="Device id brand/model (default from the name line).")
    ] = None,
    infer_cdma: Annotated[
        bool, typer.Option(help="Map 'CDMA 800/1900' to BC0/BC1 (marked inferred).")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Build an overlay device from pasted spec-sheet text; every unparsed fragment is reported."""
    from bandfit.catalog.gsmarena import write_overlay
    from bandfit.catalog.specsheet import parse_pasted_text, to_device

    sheet = parse_pasted_text(path.read_text(encoding="utf-8"), infer_cdma=infer_cdma)
    device = to_device(sheet, device_id=device_id)
    written = write_overlay([device], out, base=Catalog.from_compiled())
    problems = [p.to_dict() for p in sheet.problems]
    if as_json:
        emit_json(
            {
                "device": device.model_dump(mode="json", by_alias=True, exclude_defaults=True),
                "problems": problems,
                "written": [str(p) for p in written],
            }
        )
        return
    console.print(
        f"{device.id}: {len(device.variants)} variant(s) written to {', '.join(map(str, written))}"
    )
    for p in problems:
        console.print(f"  unparsed [{p['field']}] {p['fragment']!r}: {p['reason']}", markup=False)


@import_app.command("gsmarena")
def import_gsmarena_cmd(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="GSMArena-style dump(s): nested <Brand>_data.json, .jsonl, or a folder."
        ),
    ],
    out: OutOpt,
    infer_cdma: Annotated[
        bool, typer.Option(help="Map 'CDMA 800/1900' to BC0/BC1 (marked inferred).")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Import thousands of devices from GSMArena-style dumps into an overlay (curated ids skipped)."""
    from collections import Counter

    from bandfit.catalog.gsmarena import import_gsmarena, write_overlay

    base = Catalog.from_compiled()
    report = import_gsmarena(paths, infer_cdma=infer_cdma, known=base)
    written = write_overlay(report.imported, out, base=base)
    if as_json:
        emit_json({**report.summary(), "written": len(written)})
        return
    console.print(report.summary())
    reasons = Counter(p.reason.split(":")[0] for _d, p in report.problems)
    for reason, n in reasons.most_common(10):
        console.print(f"  {n:6d} × {reason}", markup=False)
    console.print(f"wrote {len(written)} device file(s) under {out}")


@import_app.command("tac")
def import_tac_cmd(
    out: Annotated[Path, typer.Option("--out", help="TAC table to write (bandfit.tac/1 CSV).")],
    osmocom: Annotated[list[Path], typer.Option(help="Osmocom TAC database CSV(s).")] = [],  # noqa: B006
    model_list: Annotated[
        list[Path], typer.Option(help="Plain tac,model[,model2...] CSV(s), e.g. the Samsung list.")
    ] = [],  # noqa: B006
    as_json: JsonOpt = False,
) -> None:
    """Build a TAC table from the Osmocom CSV and/or plain tac,model_number lists."""
    from bandfit.catalog.tac import TacTable, read_model_list_csv, read_osmocom_csv, write_tac_table

    if not osmocom and not model_list:
        from bandfit.errors import InvalidInputError

        raise InvalidInputError("give at least one --osmocom or --model-list file")
    imports = [read_osmocom_csv(p) for p in osmocom] + [read_model_list_csv(p) for p in model_list]
    table = TacTable()
    for imp in imports:
        table = table.merged(imp.table)
    rows = write_tac_table(table, out)
    summary = {
        "inputs": [
            {
                "rows": i.rows,
                "accepted": i.accepted,
                "rejected": len(i.rejected),
                "notes": list(i.notes)[:20],
            }
            for i in imports
        ],
        "tacs": rows,
        "out": str(out),
    }
    if as_json:
        emit_json(summary)
        return
    for i, imp in zip(osmocom + model_list, imports, strict=True):
        console.print(
            f"{i}: {imp.rows} rows, {imp.accepted} accepted, {len(imp.rejected)} rejected"
        )
        for r in imp.rejected[:10]:
            console.print(f"  line {r.line}: {r.reason}", markup=False)
    console.print(f"wrote {rows} TACs to {out}")


def register(app: typer.Typer) -> None:
    """Attach the catalog command groups to the root app."""
    app.add_typer(operators_app, name="operators")
    app.add_typer(devices_app, name="devices")
    app.add_typer(data_app, name="data")
