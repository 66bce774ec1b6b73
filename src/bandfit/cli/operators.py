"""``bandfit operators list|show``: operators by country and date, with deployments and sources."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from bandfit._types import as_date
from bandfit.bands.model import format_mhz
from bandfit.catalog.load import Catalog
from bandfit.catalog.model import Operator
from bandfit.cli._options import CatalogOpt, JsonOpt, OnOpt, load_catalog
from bandfit.cli._render import console, emit_json
from bandfit.compat.network import network_view

operators_app = typer.Typer(help="Operators: list, show.", no_args_is_help=True)


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
        "id",
        "name",
        "kind",
        "hosts / bands",
        title=f"{len(ops)} operators"
        + (f" in {country.upper()}" if country else "")
        + (f" on {day}" if day else ""),
    )
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
    nets = Table("RAT", "state", "since", "until", "voice", title="Networks")
    for n in payload["networks"]:
        nets.add_row(
            f"{n['generation']} {n['rat']}",
            n["state"],
            str(n["since"] or "-"),
            str(n["until"] or "-"),
            str(n["voice"] or "?"),
        )
    console.print(nets)
    deps = Table(
        "band", "layer", "DL MHz", "confidence", "sources", title=f"Deployments live on {day}"
    )
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


def register(app: typer.Typer) -> None:
    """Attach the ``operators`` group."""
    app.add_typer(operators_app, name="operators")
