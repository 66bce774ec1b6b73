"""``bandfit check`` and ``bandfit best``: verdicts for people (Rich) and machines (--json)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.panel import Panel
from rich.table import Table

from bandfit._types import as_date
from bandfit.catalog.model import Device, Variant
from bandfit.catalog.query import pick_variant, resolve_device
from bandfit.cli._options import CatalogOpt, JsonOpt, OnOpt, load_catalog
from bandfit.cli._render import EXIT_GATE, console, emit_json
from bandfit.compat import STATUS_ORDER, Status, Verdict, best_variants, check, check_country
from bandfit.errors import InvalidInputError

_STYLE = {
    Status.WORKS: "bold green",
    Status.WORKS_WITH_GAPS: "bold yellow",
    Status.LIMITED: "bold dark_orange",
    Status.NO_SERVICE: "bold red",
    Status.UNKNOWN: "bold magenta",
}
_FAIL_ON = {s.value.replace(" ", "-"): s for s in Status}


# Info reasons worth a line in the text view: what the user would act on (calls that depend on
# a network being switched off, legacy-only voice, coverage through another band's label). The
# others restate the per-technology table.
_NOTABLE_INFO = frozenset(
    {
        "via-multi-band-indicator",
        "network-sunset",
        "network-sunset-ahead",
        "voice-legacy",
        "not-released",
    }
)


def _fail_on(value: str | None) -> Status | None:
    if value is None:
        return None
    key = value.strip().lower().replace(" ", "-").replace("_", "-")
    if key not in _FAIL_ON:
        raise InvalidInputError(
            f"--fail-on {value!r} is not a status", hint="one of: " + ", ".join(_FAIL_ON)
        )
    return _FAIL_ON[key]


def _gate(verdicts: list[Verdict], threshold: Status | None) -> None:
    """Exit 3 when any verdict is at or below ``threshold`` (unknown ranks between limited and no service)."""
    if threshold is None:
        return
    if any(STATUS_ORDER[v.status] >= STATUS_ORDER[threshold] for v in verdicts):
        raise typer.Exit(EXIT_GATE)


def _model_numbers(variant: Variant) -> str:
    """The variant's model numbers for a heading (one wording for both views)."""
    return ", ".join(variant.model_numbers) or "no model number"


def _note(text: str) -> str:
    """`` — text``, or nothing: a verdict with no voice/admission detail (operator out of
    service, no network data) must not print a dash with nothing after it."""
    return f" — {text}" if text else ""


def render_verdict(verdict: Verdict, device: Device, variant: Variant) -> None:
    """Print one verdict: panel, per-RAT table, missing bands, voice, reasons, sources."""
    head = (
        f"{device.full_name} — {variant.name} ({_model_numbers(variant)})\n"
        f"on {verdict.operator_id}"
        + (f" via {verdict.network_id}" if verdict.network_id != verdict.operator_id else "")
        + f", {verdict.on}: [{_STYLE[verdict.status]}]{verdict.status.value.upper()}[/]  radio score {verdict.radio_score:.2f}"
    )
    console.print(Panel(head, expand=False))
    if verdict.per_rat:
        table = Table(
            "RAT", "network", "usable / live", "uses", "missing", "note", title="per technology"
        )
        for d in verdict.per_rat:
            table.add_row(
                f"{d.generation} {d.rat}",
                d.network,
                f"{d.usable}/{d.deployments}",
                " ".join(d.used_bands) or "-",
                " ".join(d.missing_bands) or "-",
                "; ".join(
                    n
                    for n in ("phone bands unknown" if d.device_bands is None else "", d.note)
                    if n
                ),
            )
        console.print(table)
    if verdict.missing:
        console.print("[bold]missing, by cost[/]")
        for m in verdict.missing:
            console.print(f"  {m.cost * 100:5.1f}%  {m.message}")
    console.print(f"[bold]voice[/]: {verdict.voice.status}{_note(verdict.voice.note)}")
    console.print(f"[bold]admission[/]: {verdict.admission.status}{_note(verdict.admission.note)}")
    for h in verdict.hosts:
        console.print(
            f"[bold]{'own network' if h.role == 'own' else 'host'}[/]: {h.operator_id} ({h.role}) "
            f"{h.status.value} {h.radio_score:.2f}" + (" ← used" if h.used else "")
        )
    notable = [r for r in verdict.reasons if r.severity != "info" or r.code in _NOTABLE_INFO]
    if notable:
        console.print("[bold]reasons[/]")
        for r in notable:
            console.print(f"  [{r.severity}] {r.code}: {r.message}", markup=False)
    stamp = verdict.data_stamp
    console.print(
        f"[dim]data: catalog {stamp.get('catalog_version')}, 3GPP {stamp.get('band_release')}, "
        f"operator as of {stamp.get('operator_as_of')}, variant as of {stamp.get('variant_as_of')}[/]"
    )


def check_command(
    device: Annotated[
        str,
        typer.Argument(
            help="Device name, id, id:variant or model number: 'Xiaomi Mi 8', "
            "xiaomi/mi-8:global-china, M1803E1A."
        ),
    ],
    operator: Annotated[
        str | None, typer.Option("--operator", "-o", help="Operator id, name or PLMN (us/att).")
    ] = None,
    country: Annotated[
        str | None, typer.Option("--country", "-c", help="ISO country: rank every operator.")
    ] = None,
    variant: Annotated[str | None, typer.Option(help="Variant id, name or model number.")] = None,
    on: OnOpt = None,
    chart: Annotated[
        Path | None, typer.Option(help="Write a spectrum chart (.svg or .png).")
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            help="Exit 3 if a verdict is this status or worse (works-with-gaps, limited, unknown, no-service)."
        ),
    ] = None,
    catalog: CatalogOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Will this phone work on this operator (or in this country) on this date — and what is missing?"""
    if (operator is None) == (country is None):
        raise InvalidInputError(
            "give exactly one of --operator or --country",
            hint="e.g. --operator us/att or --country US",
        )
    threshold = _fail_on(fail_on)
    cat = load_catalog(catalog)
    day = as_date(on)
    op = cat.operator(operator) if operator is not None else None
    if country is not None:
        country = cat.registry.country(country).code
    hit = resolve_device(cat, device, variant=variant, market=op.country if op else country)
    dev = hit.device
    var = hit.variant if hit.variant is not None else pick_variant(dev, variant)[0]
    if op is not None:
        verdicts = [check(var, op, day, catalog=cat, device=dev)]
    else:
        assert country is not None
        verdicts = check_country(var, country, day, catalog=cat, device=dev)
        if not verdicts:
            # an empty ranking would pass --fail-on silently: say the catalog has no answer
            raise InvalidInputError(
                f"the catalog has no operator in service in {country} on {day.isoformat()}",
                hint="bandfit operators list shows the countries it covers; "
                "--catalog DIR adds your own operators",
                value=country,
            )
    if chart is not None:
        from bandfit.cli.charts import spectrum_chart

        spectrum_chart(verdicts, var, cat, chart, title=f"{dev.full_name} ({var.name}) — {day}")
    if as_json:
        payload: object = (
            verdicts[0].to_dict()
            if operator is not None
            else {
                "device_id": dev.id,
                "variant_id": var.id,
                "country": country,
                "on": day.isoformat(),
                "verdicts": [v.to_dict() for v in verdicts],
            }
        )
        emit_json(payload)
    elif operator is not None:
        render_verdict(verdicts[0], dev, var)
    else:
        _render_country(verdicts, dev, var, country or "")
    if not as_json:
        for note in hit.notes:
            console.print(f"[dim]variant: {note}[/]", highlight=False)
    if chart is not None and not as_json:
        console.print(f"chart written to {chart}")
    _gate(verdicts, threshold)


def _render_country(verdicts: list[Verdict], dev: Device, var: Variant, country: str) -> None:
    table = Table(
        "operator",
        "status",
        "score",
        "voice",
        "top missing",
        title=f"{dev.full_name} — {var.name} ({_model_numbers(var)}) in {country}",
    )
    for v in verdicts:
        via = f" → {v.network_id}" if v.network_id != v.operator_id else ""
        table.add_row(
            v.operator_id + via,
            f"[{_STYLE[v.status]}]{v.status.value}[/]",
            f"{v.radio_score:.2f}",
            v.voice.status + (f" ({v.voice.via})" if v.voice.via else ""),
            "; ".join(m.label for m in v.missing[:3]) or "-",
        )
    console.print(table)
    # the table has no reasons column: say once that the phone is dated after the check date
    released = next((r for v in verdicts for r in v.reasons if r.code == "not-released"), None)
    if released is not None:
        console.print(f"note: {released.message}", markup=False)


def best_command(
    operator: Annotated[
        str | None, typer.Option("--operator", "-o", help="Operator id, name or PLMN.")
    ] = None,
    country: Annotated[
        str | None,
        typer.Option("--country", "-c", help="ISO country: the variants best across its MNOs."),
    ] = None,
    on: OnOpt = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 15,
    catalog: CatalogOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The curated variants that fare best on an operator (or across a country's MNOs)."""
    if (operator is None) == (country is None):
        raise InvalidInputError(
            "give exactly one of --operator or --country",
            hint="e.g. --operator us/verizon or --country US",
        )
    cat = load_catalog(catalog)
    day = as_date(on)
    ops = (
        [cat.operator(operator)]
        if operator
        else [o for o in cat.operators_in(country or "", on=day) if o.kind == "MNO"]
    )
    ranked = best_variants(ops, day, catalog=cat, limit=limit)
    if as_json:
        emit_json(
            [
                {
                    "device_id": d.id,
                    "variant_id": v.id,
                    "name": d.full_name,
                    "variant": v.name,
                    "model_numbers": list(v.model_numbers),
                    "status": s.value,
                    "mean_radio_score": round(score, 4),
                }
                for d, v, s, score in ranked
            ]
        )
        return
    table = Table(
        "#",
        "device",
        "variant",
        "model numbers",
        "worst status",
        "mean score",
        title=f"best variants on {', '.join(o.id for o in ops)} ({day})",
    )
    for i, (d, v, s, score) in enumerate(ranked, 1):
        table.add_row(
            str(i),
            d.full_name,
            v.name,
            ", ".join(v.model_numbers[:3]),
            f"[{_STYLE[s]}]{s.value}[/]",
            f"{score:.2f}",
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    """Attach ``check`` and ``best`` to the root app."""
    app.command("check")(check_command)
    app.command("best")(best_command)
