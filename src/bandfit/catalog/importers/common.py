"""Shared import machinery: results, problems, partial dates, operator drafts."""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from bandfit.bands.model import Band, Duplex, Rat
from bandfit.catalog.model import Layer, Operator

if TYPE_CHECKING:
    pass


BANDATLAS_CREDIT = "Band Atlas · Hyper Nexus (https://www.aiotrf.com/ai/band-atlas/), CC BY 4.0"
BANDATLAS_AS_OF = dt.date(2026, 10, 2)  # upstream README: "data checked 2026-10-02"
MCCMNC_AS_OF = dt.date(2024, 9, 9)  # cavoq/mcc-mnc-list commit e827f782 ("Update list")

ProblemKind = Literal["unmapped", "skipped", "conflict"]

# -------------------------------------------------------------------------------------------
# results


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One input value the importer could not use (or chose not to), and why.

    ``kind``: ``unmapped`` (could not be turned into a fact), ``skipped`` (left out on purpose:
    not operational, MVNO, planned, already curated), ``conflict`` (sources disagree; the value
    lost to a more precise one, which the note of the imported fact records).
    """

    row: str
    value: str
    reason: str
    kind: ProblemKind = "unmapped"

    def to_dict(self) -> dict[str, str]:
        """JSON form."""
        return {"row": self.row, "value": self.value, "reason": self.reason, "kind": self.kind}


@dataclass
class ImportResult:
    """What an import produced, with counts a user can check against the input.

    Counts are of *values*, so a user can reconcile them with the input: ``rows`` input
    rows/records read; ``imported`` facts taken exactly (a band row or label that became a
    deployment of one band, a sunset row or date cell that set an ``until``); ``inferred`` labels
    that became deployments with candidate bands; ``unmapped``, ``skipped`` and ``conflicts`` the
    values behind each :class:`ImportProblem` of that kind (one problem each). Two values that
    land on one fact (two labels on one band, a sunset in two files) count twice.
    """

    source: str
    operators: list[Operator] = field(default_factory=list)
    rows: int = 0
    imported: int = 0
    inferred: int = 0
    unmapped: int = 0
    skipped: int = 0
    conflicts: int = 0
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def deployments(self) -> int:
        """Deployments over all imported operators."""
        return sum(len(op.deployments) for op in self.operators)

    def problem(self, row: str, value: str, reason: str, kind: ProblemKind = "unmapped") -> None:
        """Record a problem and count it under its kind."""
        self.problems.append(ImportProblem(row, value, reason, kind))
        if kind == "unmapped":
            self.unmapped += 1
        elif kind == "skipped":
            self.skipped += 1
        else:
            self.conflicts += 1

    def summary(self) -> dict[str, int]:
        """The counts as a mapping (CLI tables, tests)."""
        return {
            "rows": self.rows,
            "operators": len(self.operators),
            "deployments": self.deployments,
            "imported": self.imported,
            "inferred": self.inferred,
            "unmapped": self.unmapped,
            "skipped": self.skipped,
            "conflicts": self.conflicts,
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON form (operators by id only; write them with :func:`write_overlay`)."""
        return {
            "source": self.source,
            **self.summary(),
            "operator_ids": [op.id for op in self.operators],
            "problems": [p.to_dict() for p in self.problems],
        }


# -------------------------------------------------------------------------------------------
# shared helpers


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A possibly partial date as the period it denotes: ``[start, end)``."""

    text: str
    start: dt.date
    end: dt.date
    precision: Literal["day", "month", "quarter", "half", "year"]

    def as_until(self) -> dt.date:
        """The ``until`` bound: the first day of the period (never claims service too long)."""
        return self.start

    def as_since(self) -> dt.date:
        """The ``since`` bound: the day itself, else the first day after the period."""
        return self.start if self.precision == "day" else self.end


_SPAN_RE = re.compile(
    r"^(?P<y>\d{4})(?:-(?:(?P<m>\d{2})(?:-(?P<d>\d{2}))?|Q(?P<q>[1-4])|H(?P<h>[12])))?$"
)


def _month_start(year: int, month: int) -> dt.date:
    return dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def parse_date_span(text: str) -> DateSpan | None:
    """Read ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``YYYY-Qn`` or ``YYYY-Hn``; ``None`` otherwise.

    Examples:
        >>> parse_date_span("2024-03").as_until(), parse_date_span("2024-03").as_since()
        (datetime.date(2024, 3, 1), datetime.date(2024, 4, 1))
        >>> parse_date_span("2025-Q4").end, parse_date_span("soon") is None
        (datetime.date(2026, 1, 1), True)
    """
    m = _SPAN_RE.match(text.strip())
    if m is None:
        return None
    year = int(m.group("y"))
    try:
        if m.group("d"):
            day = dt.date(year, int(m.group("m")), int(m.group("d")))
            return DateSpan(text, day, day + dt.timedelta(days=1), "day")
        if m.group("m"):
            month = int(m.group("m"))
            start = dt.date(year, month, 1)
            return DateSpan(text, start, _month_start(year, month + 1), "month")
    except ValueError:
        return None
    if m.group("q"):
        first = 3 * (int(m.group("q")) - 1) + 1
        return DateSpan(text, dt.date(year, first, 1), _month_start(year, first + 3), "quarter")
    if m.group("h"):
        first = 6 * (int(m.group("h")) - 1) + 1
        return DateSpan(text, dt.date(year, first, 1), _month_start(year, first + 6), "half")
    return DateSpan(text, dt.date(year, 1, 1), dt.date(year + 1, 1, 1), "year")


_PRECISION_RANK = {"day": 0, "month": 1, "quarter": 2, "half": 3, "year": 4}
_LAA_BANDS = frozenset({"B46"})  # licensed-assisted access: only usable beside a licensed anchor
_FR2_FIRST = 257  # NR bands n257 and up are FR2 (mmWave)
_COVERAGE_BELOW_KHZ = 1_000_000


def _fixed_layer(band: Band) -> Layer | None:
    """Layers that follow from the band alone, whatever a dataset says (format.md rules)."""
    if band.duplex in (Duplex.SDL, Duplex.SUL) or band.id in _LAA_BANDS:
        return Layer.SUPPLEMENTAL
    if band.rat is Rat.NR and band.number is not None and band.number >= _FR2_FIRST:
        return Layer.BOOST
    return None


def _frequency_layer(band: Band) -> Layer:
    """Coverage below 1 GHz, capacity above (after the fixed SDL/mmWave rules)."""
    fixed = _fixed_layer(band)
    if fixed is not None:
        return fixed
    rng = band.dl or band.ul
    low = rng.low_khz if rng is not None else band.lowest_khz
    return Layer.COVERAGE if low < _COVERAGE_BELOW_KHZ else Layer.CAPACITY


def _slug(text: str) -> str:
    value = re.sub(r"[^a-z0-9.+-]+", "-", text.strip().lower()).strip("-.+")
    return re.sub(r"-{2,}", "-", value)


def _norm_name(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV file (CRLF or LF, optional BOM) with stripped cells; extra cells dropped."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [
            {
                k.strip(): (v or "").strip()
                for k, v in row.items()
                if isinstance(k, str) and isinstance(v, str | None)
            }
            for row in csv.DictReader(fh)
        ]


def _build_operator(result: ImportResult, row: str, fields: dict[str, Any]) -> Operator | None:
    """Validate a drafted record; a record that fails is reported, never half-written."""
    try:
        return Operator.model_validate(fields)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        result.problem(
            row, str(fields.get("id")), f"record does not validate: {where}: {first['msg']}"
        )
        return None


# -------------------------------------------------------------------------------------------
# Band Atlas

_BANDATLAS_FILES = ("networks.csv", "network_bands.csv", "sunset.csv")
_GEN_DEFAULT_RAT = {"2G": Rat.GSM, "3G": Rat.UMTS}
# Countries whose 2G was not GSM: Korea ran CDMA (IS-95) and never deployed GSM; Japan ran PDC,
# which bandfit does not model. Band Atlas names generations, not RATs, so this is needed to read
# its "2g" column there. Everywhere else a bare "2G"/"3G" reads as GSM/UMTS unless a sunset row
# of the same operator names the RAT ("2G/3G (CDMA)").
_COUNTRY_GEN_RAT: dict[tuple[str, str], Rat | None] = {("KR", "2G"): Rat.CDMA, ("JP", "2G"): None}
_SUNSET_RAT_WORDS = {
    "gsm": Rat.GSM,
    "umts": Rat.UMTS,
    "wcdma": Rat.UMTS,
    "foma": Rat.UMTS,
    "cdma": Rat.CDMA,
    "cdma2000": Rat.CDMA,
}
_SUNSET_NEUTRAL_WORDS = frozenset({"sprint", "all", "networks", "operators"})
_NETWORK_TEXT_RE = re.compile(r"^(?P<gens>[^\s(]+)\s*(?:\((?P<paren>[^)]*)\))?\s*(?P<rest>.*)$")
