"""CLI ``bandfit plan``: the optimal band set for a market, its trade-off curve and upgrade path.

Adapter only: parses options into :class:`~bandfit.planner.Constraints` and a market, calls
:func:`bandfit.planner.plan` (and :func:`~bandfit.planner.upgrade_path` with ``--from-variant``),
renders Rich tables or JSON, and draws the curve with matplotlib (Agg, imported only for
``--chart``). Errors are raised as :class:`~bandfit.errors.BandfitError` and mapped by
:class:`~bandfit.cli._render.BandfitGroup`.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from bandfit.bands.model import Rat
from bandfit.catalog.load import Catalog
from bandfit.catalog.model import Variant
from bandfit.catalog.query import pick_variant, resolve_device
from bandfit.cli._options import CatalogOpt, JsonOpt, OnOpt, load_catalog, read_text_file
from bandfit.cli._render import console, emit_json
from bandfit.errors import BackendUnavailableError, InvalidInputError, UnknownVariantError

if TYPE_CHECKING:  # the planner (numpy, SciPy) loads only when `bandfit plan` runs
    from bandfit.planner import Plan, UpgradePath
    from bandfit.planner.problem import NrMode

__all__ = ["plan_command", "register"]

_CHART_SUFFIXES = (".png", ".svg", ".pdf")


def _split(values: list[str] | None) -> list[str]:
    """Repeated and comma-separated option values, flattened."""
    out: list[str] = []
    for value in values or []:
        out.extend(part.strip() for part in value.split(",") if part.strip())
    return out


_PAIRS_HINT = {
    "--max-bands": "e.g. --max-bands lte=20,nr=12 (RATs: gsm, umts, cdma, lte, nr)",
    "--weights": "equal, subscribers, or operator=weight pairs: us/att=0.4,us/verizon=0.6",
}


def _pairs(text: str | None, option: str) -> dict[str, float]:
    """``"lte=20,nr=12"`` -> ``{"lte": 20.0, "nr": 12.0}`` (a key given twice is refused)."""
    out: dict[str, float] = {}
    for part in _split([text] if text else []):
        key, sep, value = part.partition("=")
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not sep or not key.strip() or not math.isfinite(number):
            raise InvalidInputError(
                f"{option}: expected key=number, got {part!r}",
                hint=_PAIRS_HINT.get(option, "e.g. key=1,other=2"),
                value=part,
            )
        if key.strip() in out:
            raise InvalidInputError(
                f"{option}: {key.strip()!r} is given twice",
                hint="give each key once",
                value=key.strip(),
            )
        out[key.strip()] = number
    return out


def _max_bands(text: str | None) -> dict[Rat, int]:
    from bandfit.planner.market import name_once
    from bandfit.planner.problem import parse_rat

    out: dict[Rat, int] = {}
    named: dict[Rat, str] = {}
    for key, value in _pairs(text, "--max-bands").items():
        if value != int(value) or value < 0:
            raise InvalidInputError(
                f"--max-bands {key}={value:g}: give a whole number >= 0",
                hint="a cap counts bands, e.g. --max-bands lte=20,nr=12",
                value=value,
            )
        rat = parse_rat(key)
        name_once("--max-bands", named, rat, key, "give each RAT one cap")
        out[rat] = int(value)
    return out


def read_costs(path: Path) -> dict[str, float]:
    """A cost table: CSV with columns ``band,cost`` (cost in market-score units; ``#`` comments)."""
    text = read_text_file(
        path, "cost file", "--cost-file takes an existing CSV with a header line band,cost"
    )
    rows = [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    reader = csv.DictReader(rows)
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    if "band" not in fields or "cost" not in fields:
        raise InvalidInputError(
            f"{path}: expected a header with columns band,cost",
            hint="e.g. 'band,cost' then 'n258,0.02'",
            value=str(path),
        )
    out: dict[str, float] = {}
    for line_no, row in enumerate(reader, start=2):
        norm = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k is not None}
        try:
            cost = float(norm["cost"])
        except ValueError:
            cost = math.nan
        if not norm["band"] or not math.isfinite(cost):
            raise InvalidInputError(
                f"{path}:{line_no}: bad row {row!r}",
                hint="each row is a band and a finite number, e.g. n258,0.02",
                value=str(path),
            )
        out[norm["band"]] = cost
    return out


def _weights(text: str | None) -> Any:
    if text is None:
        return None
    if text.strip().lower() in ("equal", "subscribers"):
        return text.strip().lower()
    return _pairs(text, "--weights")


def _nr_modes(text: str | None) -> tuple[NrMode, ...] | None:
    if text is None:
        return None
    modes: list[NrMode] = []
    for part in _split([text]):
        key = part.lower()
        if key == "nsa":
            modes.append("nsa")
        elif key == "sa":
            modes.append("sa")
        elif key != "none":
            raise InvalidInputError(
                f"--nr-modes: unknown mode {part!r}", hint="use nsa, sa, nsa,sa or none", value=part
            )
    return tuple(modes)


def _countries(catalog: Catalog, values: list[str]) -> list[str]:
    """``--country`` values as ISO codes.

    Why here: the planner takes one market list in which a key that is no country is read as an
    operator, so ``--country usa`` failed as "no operator matches 'usa'" and ``--country
    us/att`` planned for AT&T alone. Given as ``--country``, it must be a country.

    Raises:
        UnknownCountryError: a value that names no country (with suggestions).
    """
    return [catalog.registry.country(value).code for value in values]


def resolve_variant(catalog: Catalog, text: str) -> Variant:
    """``xiaomi/mi-8:global``, ``"Mi 8"``, or a model number (``M1803E1A``) -> the variant.

    After ``:`` a variant id, name or model number; as a convenience a unique variant whose id
    starts with it, or which is sold in that market (``global``), also matches.
    """
    query, sep, key = text.partition(":")
    if not sep:
        return catalog.resolve(text)[1]
    hit = resolve_device(catalog, query)
    try:
        return pick_variant(hit.device, key)[0]
    except UnknownVariantError:
        k = key.strip().lower()
        loose = [
            v
            for v in hit.device.variants
            if v.id.startswith(k) or k in (m.lower() for m in v.markets)
        ]
        if len(loose) == 1:
            return loose[0]
        raise


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _render_bands(result: Plan) -> None:
    table = Table(
        "band",
        "RAT",
        "downlink",
        "layer",
        "operators served",
        "value",
        "if forbidden",
        title="Chosen bands",
    )
    for c in result.chosen:
        value = "must-have" if c.value is None else _pct(c.value)
        instead = (
            ("-> " + ", ".join(c.replaced_by)) if c.replaced_by else ("lost" if c.value else "-")
        )
        table.add_row(
            c.band,
            c.rat.value.upper(),
            c.dl,
            ", ".join(c.layers) or "-",
            ", ".join(c.operators) or "-",
            value,
            instead,
        )
    console.print(table)
    ops = Table(
        "operator",
        "weight",
        "score",
        "status",
        "voice",
        "admission",
        title="Per operator (planned variant, verified with check)",
    )
    for n in result.networks:
        ops.add_row(n.operator_id, _pct(n.weight), _pct(n.score), n.status, n.voice, n.admission)
    console.print(ops)


def _render_curve_and_matches(result: Plan) -> None:
    if result.curve:
        curve = Table(
            "k",
            "score",
            "added",
            "removed",
            title="Trade-off curve: best score with at most k bands",
        )
        for p in result.curve:
            curve.add_row(
                str(p.k), _pct(p.score), ", ".join(p.added) or "-", ", ".join(p.removed) or "-"
            )
        console.print(curve)
    if result.closest:
        close = Table("variant", "market score", "lacks vs plan", title="Closest existing variants")
        for m in result.closest:
            close.add_row(f"{m.device_id}:{m.variant_id}", _pct(m.score), ", ".join(m.lacks) or "-")
        console.print(close)


def _render(result: Plan, upgrade: UpgradePath | None, chart: Path | None) -> None:
    mkt = result.market
    weights = ", ".join(f"{n.network.id} {_pct(n.weight)}" for n in mkt.networks)
    cost = f", cost {result.cost:.4f}" if result.cost else ""
    console.print(
        f"Band plan for {mkt.label} on {mkt.on} ({weights}): {len(result.band_ids)} bands, "
        f"market score {_pct(result.score)}{cost}"
    )
    _render_bands(result)
    _render_curve_and_matches(result)
    if upgrade is not None:
        _render_upgrade(upgrade)
    for limit in result.limits:
        console.print(f"short of 100%: {limit}")
    for note in mkt.notes:
        console.print(f"note: {note}")
    if chart is not None:
        console.print(f"chart written to {chart}")


def _render_upgrade(up: UpgradePath) -> None:
    table = Table(
        "step",
        "add",
        "RAT",
        "market score",
        "gain",
        title=f"Upgrade path from {up.name}",
        caption=f"market score {_pct(up.start_score)} -> {_pct(up.final_score)} (target {_pct(up.target)})",
    )
    for i, s in enumerate(up.steps, start=1):
        table.add_row(str(i), s.band, s.rat.value.upper(), _pct(s.score), f"+{_pct(s.gain)}")
    if not up.steps:
        table.add_row("-", "nothing to add", "-", _pct(up.start_score), "-")
    console.print(table)
    per = Table("operator", "before", "after", "status after", title="Per operator before -> after")
    for b, a in zip(up.before, up.after, strict=True):
        per.add_row(b.operator_id, _pct(b.score), _pct(a.score), a.status)
    console.print(per)


def draw_curve(result: Plan, path: Path) -> None:
    """Save the trade-off curve (score vs number of bands) as PNG, SVG or PDF."""
    if path.suffix.lower() not in _CHART_SUFFIXES:
        raise InvalidInputError(
            f"--chart {path}: use a .png, .svg or .pdf file name",
            hint="e.g. --chart curve.png",
            value=str(path),
        )
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as err:
        raise BackendUnavailableError(
            "matplotlib", reason=str(err), install="'bandfit[plot]'"
        ) from err
    from bandfit.cli.charts import save_figure

    ks = [p.k for p in result.curve]
    scores = [p.score * 100 for p in result.curve]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    try:
        ax.step(ks, scores, where="post", color="#1f77b4")
        ax.plot(ks, scores, "o", color="#1f77b4")
        for p, y in zip(result.curve, scores, strict=True):
            label = "+" + "+".join(p.added) if p.added else ""
            if p.removed:
                label += " -" + "-".join(p.removed)
            ax.annotate(label, (p.k, y), textcoords="offset points", xytext=(4, -12), fontsize=7)
        ax.set_xlabel("number of bands")
        ax.set_ylabel("market score (%)")
        ax.set_ylim(0, 105)
        ax.set_xlim(0.5, max(ks, default=1) + 1)
        ax.set_title(f"Band plan trade-off: {result.market.label} on {result.market.on}")
        ax.grid(True, alpha=0.3)
        fig.tight_layout()
        save_figure(fig, path)
    finally:
        plt.close(fig)


def plan_command(
    country: Annotated[
        list[str] | None,
        typer.Option("--country", help="Country code(s) or name(s): US or US,CA,MX."),
    ] = None,
    operators: Annotated[
        list[str] | None, typer.Option("--operators", help="Operator ids: us/att,us/verizon.")
    ] = None,
    weights: Annotated[
        str | None,
        typer.Option(
            "--weights", help="equal (default), subscribers, or us/att=0.4,us/verizon=0.35,..."
        ),
    ] = None,
    mvnos: Annotated[
        bool, typer.Option("--mvnos", help="Include the countries' MVNOs (weight goes to hosts).")
    ] = False,
    on: OnOpt = None,
    max_bands: Annotated[
        str | None, typer.Option("--max-bands", help="Per-RAT caps: lte=20,nr=12.")
    ] = None,
    max_total: Annotated[
        int | None, typer.Option("--max-total", help="Cap on the total number of bands.")
    ] = None,
    must: Annotated[
        list[str] | None, typer.Option("--must", help="Must-have band(s): B13 or B13,n71.")
    ] = None,
    forbid: Annotated[
        list[str] | None, typer.Option("--forbid", help="Forbidden band(s): n258.")
    ] = None,
    cost_file: Annotated[
        Path | None, typer.Option("--cost-file", help="CSV band,cost (cost in score units).")
    ] = None,
    nr_modes: Annotated[
        str | None,
        typer.Option(
            "--nr-modes",
            help="5G modes: nsa,sa (plan default) / keep the variant's (upgrade default).",
        ),
    ] = None,
    volte: Annotated[
        bool, typer.Option("--volte/--no-volte", help="VoLTE flag of the planned variant.")
    ] = True,
    vonr: Annotated[
        bool, typer.Option("--vonr", help="The planned variant supports VoNR.")
    ] = False,
    certified_on: Annotated[
        list[str] | None,
        typer.Option("--certified-on", help="Operators that will certify the variant: us/att,..."),
    ] = None,
    from_variant: Annotated[
        str | None,
        typer.Option(
            "--from-variant", help="Upgrade path from a variant: xiaomi/mi-8:global or M1803E1A."
        ),
    ] = None,
    target: Annotated[
        float | None,
        typer.Option(
            "--target", help="Target market score for --from-variant (0-1; default 0.95)."
        ),
    ] = None,
    closest: Annotated[
        int, typer.Option("--closest", min=0, help="How many existing variants to rank.")
    ] = 5,
    no_curve: Annotated[bool, typer.Option("--no-curve", help="Skip the trade-off curve.")] = False,
    time_limit: Annotated[
        float,
        typer.Option("--time-limit", help="Seconds per MILP solve before giving up."),
    ] = 60.0,
    chart: Annotated[
        Path | None,
        typer.Option("--chart", help="Write the curve as a chart: curve.png or curve.svg."),
    ] = None,
    catalog: CatalogOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Plan the optimal band set for a market (MILP), with its trade-off curve and upgrade path."""
    from bandfit.planner import Constraints, plan, upgrade_path
    from bandfit.planner.problem import DEFAULT_NR_MODES

    if not _split(country) + _split(operators):
        raise InvalidInputError(
            "give --country and/or --operators", hint="e.g. bandfit plan --country US"
        )
    if target is not None and from_variant is None:
        # a target only steers the upgrade path: silently ignoring it would let a user think the
        # plan itself was cut to that score
        raise InvalidInputError(
            f"--target {target:g} applies to the upgrade path of --from-variant, which is not given",
            hint="add --from-variant VARIANT, or limit the plan with --max-total/--max-bands",
            value=target,
        )
    if not time_limit > 0:
        raise InvalidInputError(
            f"--time-limit {time_limit:g}: give a positive number of seconds",
            hint="e.g. --time-limit 60 (seconds per MILP solve)",
            value=time_limit,
        )
    if chart is not None and no_curve:
        raise InvalidInputError(
            "--chart draws the trade-off curve, which --no-curve skips",
            hint="drop --no-curve, or drop --chart",
            value=str(chart),
        )
    modes = _nr_modes(nr_modes)
    cons = Constraints(
        max_bands=_max_bands(max_bands),
        max_total=max_total,
        must=frozenset(_split(must)),
        forbid=frozenset(_split(forbid)),
        costs=read_costs(cost_file) if cost_file else {},
        nr_modes=modes if modes is not None else DEFAULT_NR_MODES,
        volte=volte,
        vonr=vonr,
        certified_on=frozenset(_split(certified_on)),
    )
    cat = load_catalog(catalog)
    market = _countries(cat, _split(country)) + _split(operators)
    w = _weights(weights)
    result = plan(
        market,
        on,
        cons,
        catalog=cat,
        weights=w,
        include_mvnos=mvnos,
        curve=not no_curve,
        closest=closest,
        time_limit=time_limit,
    )
    upgrade = None
    if from_variant is not None:
        variant = resolve_variant(cat, from_variant)
        upgrade = upgrade_path(
            variant,
            result.market,
            0.95 if target is None else target,
            on=result.market.on,
            constraints=cons,
            catalog=cat,
            nr_modes=modes,
            time_limit=time_limit,
        )
    if chart is not None:
        draw_curve(result, chart)
    if as_json:
        payload = result.to_dict()
        payload["upgrade"] = upgrade.to_dict() if upgrade else None
        payload["chart"] = str(chart) if chart else None
        emit_json(payload)
        return
    _render(result, upgrade, chart)


def register(app: typer.Typer) -> None:
    """Attach ``plan`` to the root app."""
    app.command("plan")(plan_command)
