"""Cross-record checks of catalog data, reporting every problem at once with file and place.

Why separate from the models: a pydantic model can only see one record. Whether a band id exists,
a block lies inside its band, an MVNO's host exists or a cited source is defined needs the whole
catalog and the band registry. ``bandfit data validate`` runs :func:`check_records` and prints the
full list so a curator fixes everything in one pass.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from bandfit.bands.model import FreqRange, Link
from bandfit.bands.registry import BandRegistry
from bandfit.catalog.model import Deployment, Device, Operator

__all__ = ["Problem", "check_records", "problems_from_validation"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding: where (file + dotted location), what (code + message), how bad."""

    file: str
    location: str
    code: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}: {self.location}" if self.location else self.file
        return f"{where}: [{self.code}] {self.message}"

    def to_dict(self) -> dict[str, str]:
        """JSON form."""
        return {
            "file": self.file,
            "location": self.location,
            "code": self.code,
            "message": self.message,
            "severity": self.severity,
        }


_STRING_FIELDS_HINT = {"country", "plmns", "brands", "markets", "model_numbers"}


def problems_from_validation(file: str, raw: Any, err: ValidationError) -> list[Problem]:
    """Turn a pydantic error into located problems, spotting YAML booleans meant as strings."""
    out = []
    for item in err.errors():
        loc = ".".join(str(x) for x in item["loc"])
        value = item.get("input")
        if isinstance(value, bool) and any(str(x) in _STRING_FIELDS_HINT for x in item["loc"]):
            out.append(
                Problem(
                    file,
                    loc,
                    "yaml-boolean",
                    f'YAML read {value!r} where a code was meant (unquoted NO/YES/ON/OFF); quote it, e.g. "NO"',
                )
            )
            continue
        shown = repr(value)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        out.append(Problem(file, loc, "schema", f"{item['msg']} (got {shown})"))
    return out


class _Checker:
    def __init__(self, registry: BandRegistry, today: dt.date) -> None:
        self.registry = registry
        self.today = today
        self.problems: list[Problem] = []

    def add(self, file: str, loc: str, code: str, msg: str, severity: Severity = "error") -> None:
        self.problems.append(Problem(file, loc, code, msg, severity))

    def band(self, file: str, loc: str, band_id: str) -> bool:
        if band_id in self.registry:
            return True
        suggestions = self.registry.suggest(band_id)
        hint = f" (did you mean {', '.join(suggestions)}?)" if suggestions else ""
        self.add(file, loc, "unknown-band", f"unknown band {band_id!r}{hint}")
        return False

    def sources(self, file: str, cited: Iterable[str], defined: Mapping[str, object]) -> None:
        for source_id in sorted(set(cited) - set(defined)):
            self.add(
                file,
                "sources",
                "undefined-source",
                f"cites source {source_id!r} that is not defined in sources:",
            )

    def as_of(self, file: str, loc: str, value: dt.date) -> None:
        if value > self.today:
            self.add(
                file, loc, "future-as-of", f"as_of {value} is in the future (today is {self.today})"
            )

    # -- operators --------------------------------------------------------------------------
    def operator(self, file: str, op: Operator, ids: set[str]) -> None:
        self.as_of(file, "as_of", op.as_of)
        self.sources(file, op.cited_source_ids(), op.sources)
        for i, host in enumerate(op.hosts):
            if host.operator not in ids:
                self.add(
                    file,
                    f"hosts.{i}.operator",
                    "unknown-host",
                    f"host {host.operator!r} is not in the catalog",
                )
            if host.operator == op.id:
                self.add(file, f"hosts.{i}.operator", "self-host", "an operator cannot host itself")
        if op.successor and op.successor not in ids:
            self.add(
                file,
                "successor",
                "unknown-operator",
                f"successor {op.successor!r} is not in the catalog",
            )
        if op.since and op.until and op.since >= op.until:
            self.add(
                file, "until", "dates-reversed", f"since {op.since} is not before until {op.until}"
            )
        for i, dep in enumerate(op.deployments):
            loc = f"deployments.{i}"
            if self.band(file, f"{loc}.band", dep.band):
                self.block(file, loc, dep)
            for c in dep.candidates:
                self.band(file, f"{loc}.candidates", c)
        self.overlaps(file, op.deployments)
        rats = [n.rat for n in op.networks]
        for rat in {r for r in rats if rats.count(r) > 1}:
            self.add(
                file, "networks", "duplicate-network", f"{rat.value} network listed more than once"
            )

    def block(self, file: str, loc: str, dep: Deployment) -> None:
        if dep.block is None:
            return
        band = self.registry.get(dep.band)
        for link, rng in ((Link.DL, dep.block.dl), (Link.UL, dep.block.ul)):
            if rng is None:
                continue
            band_rng = band.range(link)
            if band_rng is None:
                self.add(
                    file,
                    f"{loc}.block",
                    "block-link",
                    f"{dep.band} has no {link.value.upper()}; block gives one",
                )
            elif not band_rng.contains_range(rng):
                self.add(
                    file,
                    f"{loc}.block.{link.value}_khz",
                    "block-outside-band",
                    f"block {rng} is outside {dep.band} {link.value.upper()} {band_rng}",
                )

    def overlaps(self, file: str, deployments: Sequence[Deployment]) -> None:
        """Same band listed twice over overlapping dates with different layer or overlapping blocks."""
        by_band: dict[str, list[tuple[int, Deployment]]] = defaultdict(list)
        for i, dep in enumerate(deployments):
            by_band[dep.band].append((i, dep))
        for band, items in by_band.items():
            for a in range(len(items)):
                for b in range(a + 1, len(items)):
                    (ia, da), (ib, db) = items[a], items[b]
                    if not _dates_overlap(da, db) or "planned" in (da.status, db.status):
                        continue
                    ra, rb = _block_dl(da), _block_dl(db)
                    if ra is None or rb is None or ra.overlaps(rb) or da.layer != db.layer:
                        self.add(
                            file,
                            f"deployments.{ib}",
                            "contradictory-deployments",
                            f"{band} at deployments.{ia} and .{ib} overlap in time"
                            + (
                                " with different layers"
                                if da.layer != db.layer
                                else " and spectrum"
                            ),
                        )

    # -- devices ----------------------------------------------------------------------------
    def device(self, file: str, dev: Device, operator_ids: set[str]) -> None:
        self.as_of(file, "as_of", dev.as_of)
        self.sources(file, dev.cited_source_ids(), dev.sources)
        for i, var in enumerate(dev.variants):
            loc = f"variants.{i}"
            self.as_of(file, f"{loc}.as_of", var.as_of)
            for band in var.bands.all_ids():
                self.band(file, f"{loc}.bands", band)
            for op in var.certified_on:
                if op not in operator_ids:
                    self.add(
                        file,
                        f"{loc}.certified_on",
                        "unknown-operator",
                        f"{op!r} is not in the catalog",
                    )
            nr = var.bands.nr
            if nr and var.nr_modes == ():
                self.add(
                    file,
                    f"{loc}.nr_modes",
                    "nr-modes-empty",
                    "variant lists NR bands but nr_modes is []",
                )


def _dates_overlap(a: Deployment, b: Deployment) -> bool:
    start_a, start_b = a.since or dt.date.min, b.since or dt.date.min
    end_a, end_b = a.until or dt.date.max, b.until or dt.date.max
    return start_a < end_b and start_b < end_a


def _block_dl(dep: Deployment) -> FreqRange | None:
    if dep.block is not None:
        return dep.block.dl or dep.block.ul
    return None


def check_records(
    operators: Mapping[str, tuple[str, Operator]],
    devices: Mapping[str, tuple[str, Device]],
    registry: BandRegistry,
    *,
    today: dt.date | None = None,
    extra_operator_ids: Iterable[str] = (),
) -> list[Problem]:
    """Run every cross-record check.

    Args:
        operators: id -> (file, record).
        devices: id -> (file, record).
        registry: the band registry band ids are checked against.
        today: the date ``as_of`` may not exceed (default: today, UTC).
        extra_operator_ids: ids that exist elsewhere (the base catalog, when checking an overlay).
    """
    checker = _Checker(registry, today or dt.datetime.now(dt.UTC).date())
    ids = set(operators) | set(extra_operator_ids)
    for file, op in operators.values():
        checker.operator(file, op, ids)
    for file, dev in devices.values():
        checker.device(file, dev, ids)
    _duplicate_model_numbers(checker, devices)
    return checker.problems


def _duplicate_model_numbers(checker: _Checker, devices: Mapping[str, tuple[str, Device]]) -> None:
    seen: dict[str, str] = {}
    for file, dev in devices.values():
        for var in dev.variants:
            for number in var.model_numbers:
                key = number.upper()
                where = f"{dev.id}:{var.id}"
                if key in seen and seen[key] != where and not seen[key].startswith(dev.id + ":"):
                    checker.add(
                        file,
                        "variants.model_numbers",
                        "duplicate-model-number",
                        f"model number {number} also belongs to {seen[key]}",
                        "warning",
                    )
                seen.setdefault(key, where)
