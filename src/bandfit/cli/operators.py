"""``bandfit operators list|show``: operators by country and date, with deployments and sources."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from bandfit._types import as_date
from bandfit.bands.model import format_mhz
from bandfit.cli._options import CatalogOpt, JsonOpt, OnOpt, load_catalog
from bandfit.cli._render import console, emit_json
from bandfit.compat.documents import operator_document, operator_summary
from bandfit.compat.network import network_view

operators_app = typer.Typer(help="Operators: list, show.", no_args_is_help=True)


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
    if country:  # USA, usa, United States -> US: titles and answers use the alpha-2 code
        country = cat.registry.country(country).code
    ops = (
        cat.operators_in(country, on=day)
        if country
        else sorted(cat.operators.values(), key=lambda o: o.id)
    )
    if day and not country:
        ops = [o for o in ops if o.live_on(day)]
    if as_json:
        # the items of GET /v1/operators, unpaged
        emit_json([operator_summary(o) for o in ops])
        return
    table = Table(
        "id",
        "name",
        "kind",
        "hosts / bands",
        title=f"{len(ops)} operators"
        + (f" in {country}" if country else "")
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
    payload = operator_document(cat, op, day)
    if as_json:
        emit_json(payload)  # the document of GET /v1/operators/{id}
        return
    status = "in service" if payload["live"] else "NOT in service"
    console.print(f"[bold]{op.name}[/] ({op.id}, {op.kind}, {op.country}) — {status} on {day}")
    if op.plmns:
        console.print("PLMN: " + ", ".join(op.plmns))
    for h in op.hosts:
        mark = "in effect" if h.live_on(day) else "not in effect"
        console.print(f"host: {h.operator} ({h.role}, {h.since or '…'} → {h.until or '…'}, {mark})")
    nets = Table("RAT", f"on {day}", "since", "until", "voice", title="Networks")
    states = {n["rat"]: n["status"] for n in payload["network_states"]}
    for n in op.networks:
        nets.add_row(
            f"{n.rat.generation} {n.rat.value}",
            states.get(n.rat.value, "unknown"),
            str(n.since or "-"),
            str(n.until or "-"),
            n.voice.value if n.voice else "?",
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
