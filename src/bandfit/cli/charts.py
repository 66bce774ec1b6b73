"""Spectrum charts: an operator's live deployments by layer with the variant's bands over them.

Why a picture: "B13 missing" means little to most people; a frequency axis showing Verizon's
700 MHz coverage bar in red next to the phone's bands makes the gap obvious. matplotlib is
imported lazily (the ``plot`` extra) and drawn with the Agg backend, so this works headless.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bandfit.bands.model import Rat
from bandfit.catalog.load import Catalog
from bandfit.catalog.model import Layer, Variant
from bandfit.compat.choice import cached_view as _view
from bandfit.compat.verdict import Verdict
from bandfit.errors import BackendUnavailableError, InvalidInputError

__all__ = ["save_figure", "spectrum_chart"]

_LANES = (Layer.COVERAGE, Layer.CAPACITY, Layer.SUPPLEMENTAL, Layer.BOOST)
_COLOURS = {"usable": "#2e7d32", "missing": "#c62828", "unknown": "#9e9e9e", "device": "#1565c0"}


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as err:
        raise BackendUnavailableError(
            "matplotlib", reason=str(err), install="bandfit[plot]"
        ) from err
    return plt


def spectrum_chart(
    verdicts: Sequence[Verdict], variant: Variant, catalog: Catalog, path: Path, *, title: str = ""
) -> Path:
    """Draw one panel per verdict into ``path`` (``.svg`` or ``.png``) and return the path.

    Raises:
        InvalidInputError: unsupported file extension.
    """
    if path.suffix.lower() not in (".svg", ".png"):
        raise InvalidInputError(
            f"chart file must end in .svg or .png, got {path.name!r}",
            hint="e.g. --chart chart.svg or --chart chart.png",
            value=str(path),
        )
    plt = _pyplot()
    panels = [v for v in verdicts if v.per_rat]
    if not panels:
        panels = list(verdicts[:1])
    fig, axes = plt.subplots(len(panels), 1, figsize=(11, 2.6 * len(panels) + 0.6), squeeze=False)
    for ax, verdict in zip(axes[:, 0], panels, strict=True):
        _panel(ax, verdict, variant, catalog)
    if title:
        fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    try:
        save_figure(fig, path, metadata={"Date": None} if path.suffix.lower() == ".svg" else None)
    finally:
        plt.close(fig)
    return path


def save_figure(fig: Any, path: Path, **kwargs: Any) -> None:
    """Save a matplotlib figure to ``path``, creating missing folders (``check`` and ``plan``
    both write charts through here, so both accept a new folder and fail the same way).

    Raises:
        InvalidInputError: the file cannot be written (a parent is a file, no permission...).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, **kwargs)
    except OSError as err:
        raise InvalidInputError(
            f"cannot write chart {path}: {err.strerror or err}",
            hint="give a path in a writable folder, e.g. --chart ./chart.svg",
            value=str(path),
        ) from err


def _panel(ax: Any, verdict: Verdict, variant: Variant, catalog: Catalog) -> None:
    network = catalog.operators[verdict.network_id]
    view = _view(catalog, network, verdict.on)
    facts_bands = {rat: variant.bands.of(rat) for rat in Rat}
    lows: list[float] = []
    highs: list[float] = []
    for dep in view.deployments:
        if dep.dl is None:
            continue
        lane = _LANES.index(dep.layer)
        known = facts_bands[dep.rat] is not None
        usable = any(
            dep.band.id in (rd.used_bands) for rd in verdict.per_rat if rd.rat == dep.rat.value
        )
        state = "usable" if usable else ("missing" if known else "unknown")
        lo, hi = dep.dl.low_khz / 1000, dep.dl.high_khz / 1000
        lows.append(lo)
        highs.append(hi)
        bar = ax.barh(
            lane + 1,
            hi - lo,
            left=lo,
            height=0.7,
            color=_COLOURS[state],
            alpha=0.85,
            edgecolor="black",
            linewidth=0.4,
        )
        bar[0].set_gid(f"dep-{dep.band.id}")
        ax.text(
            (lo * hi) ** 0.5,
            lane + 1,
            dep.band.id,
            ha="center",
            va="center",
            fontsize=7,
            color="white",
        )
    # device bands of the RATs the network uses
    rats = {d.rat for d in view.deployments}
    reg = catalog.registry
    for rat in rats:
        for band_id in facts_bands[rat] or ():
            band = reg.get(band_id)
            if band.dl is None:
                continue
            lo, hi = band.dl.low_khz / 1000, band.dl.high_khz / 1000
            ax.barh(
                0,
                hi - lo,
                left=lo,
                height=0.5,
                color=_COLOURS["device"],
                alpha=0.35,
                edgecolor=_COLOURS["device"],
                linewidth=0.4,
            )
    if lows:
        ax.set_xscale("log")
        ax.set_xlim(min(lows) * 0.9, max(highs) * 1.1)
    ax.set_yticks(range(len(_LANES) + 1), ["phone", *[layer.value for layer in _LANES]], fontsize=8)
    ax.set_xlabel("downlink frequency (MHz, log scale)", fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    ax.grid(axis="x", which="both", alpha=0.2)
    ax.set_title(
        f"{network.name} ({verdict.network_id}) on {verdict.on}: {verdict.status.value} — score {verdict.radio_score:.2f}"
        + (
            "; missing " + ", ".join(m.label for m in verdict.missing[:4])
            if verdict.missing
            else ""
        ),
        fontsize=9,
        loc="left",
    )
