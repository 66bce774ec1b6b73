"""The verdict: what ``check`` returns, as plain data that renders to text, JSON or a chart.

Why a value and not text: the CLI, the HTTP API, the web page and fleet screening all render the
same verdict; explanations are data (stable reason codes + evidence) so wording can change
without changing meaning, and tests assert on codes, not prose.

Every reason code is declared once in :data:`REASON_CODES` with its default severity and a
one-line description; ``docs/concepts/verdicts-and-scores.md`` documents each (a test checks).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "REASON_CODES",
    "STATUS_ORDER",
    "Admission",
    "HostVerdict",
    "MissingBand",
    "RatDetail",
    "Reason",
    "Severity",
    "Status",
    "Verdict",
    "Voice",
    "make_reason",
]


class Status(StrEnum):
    """Overall answer. ``unknown`` means data is missing — never a guess."""

    WORKS = "works"
    WORKS_WITH_GAPS = "works with gaps"
    LIMITED = "limited"
    NO_SERVICE = "no service"
    UNKNOWN = "unknown"


# Best first; used to rank operators and variants and to pick the best host.
STATUS_ORDER: dict[Status, int] = {
    Status.WORKS: 0,
    Status.WORKS_WITH_GAPS: 1,
    Status.LIMITED: 2,
    Status.UNKNOWN: 3,
    Status.NO_SERVICE: 4,
}


class Severity(StrEnum):
    """How much a reason matters to the user."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


REASON_CODES: dict[str, tuple[Severity, str]] = {
    "operator-not-operating": (Severity.ERROR, "the operator does not offer service on that date"),
    "no-host-on-date": (Severity.ERROR, "an MVNO with no host network in effect on that date"),
    "host-network": (Severity.INFO, "an MVNO or hosted operator evaluated on its host's network"),
    "roaming-partner": (
        Severity.INFO,
        "the operator also roams on a partner network (shown, not scored)",
    ),
    "operator-data-missing": (
        Severity.ERROR,
        "no live deployment data for the operator on that date",
    ),
    "device-bands-unknown": (
        Severity.WARNING,
        "the variant's bands for a RAT the operator uses are unknown",
    ),
    "no-common-band": (
        Severity.ERROR,
        "the variant supports none of the operator's live deployments",
    ),
    "coverage-layer-missing": (
        Severity.WARNING,
        "a low-band coverage layer of the operator is not supported",
    ),
    "no-coverage-layer": (Severity.ERROR, "none of the operator's coverage layers is supported"),
    "low-radio-score": (
        Severity.ERROR,
        "the variant can use less than half of a network that has no coverage layer",
    ),
    "capacity-band-missing": (Severity.INFO, "a mid-band capacity layer is not supported"),
    "boost-band-missing": (Severity.INFO, "a mmWave boost layer is not supported"),
    "supplemental-band-missing": (Severity.INFO, "a supplemental-downlink layer is not supported"),
    "supplemental-needs-anchor": (
        Severity.INFO,
        "an SDL band is supported but no anchor band is, so it is unusable",
    ),
    "via-multi-band-indicator": (
        Severity.INFO,
        "a deployment is reached through a superset band (MFBI)",
    ),
    "nr-needs-lte-anchor": (
        Severity.WARNING,
        "5G NSA needs an LTE anchor band the variant does not support",
    ),
    "nr-sa-required": (
        Severity.WARNING,
        "the operator's 5G is standalone-only and the variant lacks SA",
    ),
    "nr-nsa-unsupported": (
        Severity.WARNING,
        "the operator's 5G needs NSA (an LTE anchor) and the variant supports SA only",
    ),
    "nr-sa-certification": (Severity.WARNING, "native 5G SA is limited to certified devices"),
    "network-sunset": (
        Severity.INFO,
        "a 2G/3G/CDMA network the variant could use has been switched off",
    ),
    "network-sunset-ahead": (
        Severity.INFO,
        "a network the variant relies on has an announced end date",
    ),
    "legacy-only": (Severity.ERROR, "only 2G/3G networks are usable; no 4G/5G"),
    "voice-volte": (Severity.INFO, "calls go over VoLTE"),
    "voice-vonr": (Severity.INFO, "calls go over VoNR"),
    "voice-legacy": (Severity.INFO, "calls fall back to 2G/3G circuit-switched voice"),
    "voice-none": (Severity.ERROR, "no voice path: no VoLTE/VoNR and no legacy network"),
    "voice-unknown": (Severity.WARNING, "whether calls work cannot be determined from the data"),
    "volte-not-supported": (Severity.WARNING, "the variant does not support VoLTE"),
    "operator-volte-unknown": (Severity.WARNING, "the operator's VoLTE service is not in the data"),
    "volte-whitelist-unverified": (
        Severity.WARNING,
        "VoLTE is limited to whitelisted devices and this one is not documented",
    ),
    "activation-refused": (Severity.ERROR, "the operator refuses to activate non-VoLTE devices"),
    "activation-unverified": (
        Severity.WARNING,
        "activation needs VoLTE and the variant's VoLTE support is unknown",
    ),
    "certification-unverified": (
        Severity.WARNING,
        "the operator certifies devices and this one is not documented as certified",
    ),
    "certified": (
        Severity.INFO,
        "the variant is documented as certified/whitelisted by the operator",
    ),
    "inferred-deployment": (
        Severity.INFO,
        "a deployment was inferred from coarse data (candidate bands)",
    ),
    "market-mismatch": (Severity.INFO, "the variant is not sold in the operator's country"),
    "not-released": (
        Severity.INFO,
        "the catalog dates the variant after the check date: the verdict is a what-if",
    ),
}


@dataclass(frozen=True, slots=True)
class Reason:
    """A stable code, a severity, a rendered message and the evidence behind it."""

    code: str
    severity: Severity
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "evidence": self.evidence,
        }


def make_reason(code: str, message: str, **evidence: object) -> Reason:
    """A reason with the severity its code declares in :data:`REASON_CODES`."""
    return Reason(code, REASON_CODES[code][0], message, dict(evidence))


@dataclass(frozen=True, slots=True)
class MissingBand:
    """An operator layer the variant cannot use, ranked by what it costs."""

    bands: tuple[str, ...]
    layer: str
    cost: float  # share of the operator's weighted network lost (0..1)
    message: str
    dl_mhz: tuple[float, float] | None = None

    @property
    def label(self) -> str:
        """``"B71/n71"``."""
        return "/".join(self.bands)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "bands": list(self.bands),
            "label": self.label,
            "layer": self.layer,
            "cost": round(self.cost, 4),
            "message": self.message,
            "dl_mhz": list(self.dl_mhz) if self.dl_mhz else None,
        }


@dataclass(frozen=True, slots=True)
class RatDetail:
    """Per-technology detail (2G/3G/4G/5G) on the evaluated network."""

    rat: str
    generation: str
    network: str  # live | ended | planned | none
    network_until: dt.date | None
    deployments: int
    usable: int
    device_bands: tuple[str, ...] | None
    used_bands: tuple[str, ...]
    missing_bands: tuple[str, ...]
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "rat": self.rat,
            "generation": self.generation,
            "network": self.network,
            "network_until": self.network_until.isoformat() if self.network_until else None,
            "deployments": self.deployments,
            "usable": self.usable,
            "device_bands": list(self.device_bands) if self.device_bands is not None else None,
            "used_bands": list(self.used_bands),
            "missing_bands": list(self.missing_bands),
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class Voice:
    """How calls work: ``ok``, ``unverified`` (depends on an undocumented whitelist), ``unknown``, ``none``."""

    status: str
    via: str | None  # volte | vonr | cs | None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"status": self.status, "via": self.via, "note": self.note}


@dataclass(frozen=True, slots=True)
class Admission:
    """Whether the operator lets the device on: ``ok``, ``unverified``, ``unknown``, ``refused``."""

    status: str
    policies: tuple[str, ...] = ()
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"status": self.status, "policies": list(self.policies), "note": self.note}


@dataclass(frozen=True, slots=True)
class HostVerdict:
    """A host or roaming network and how the variant fares there."""

    operator_id: str
    role: str
    status: Status
    radio_score: float
    used: bool  # True for the network the verdict is based on

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "operator_id": self.operator_id,
            "role": self.role,
            "status": self.status.value,
            "radio_score": round(self.radio_score, 4),
            "used": self.used,
        }


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer to "will this variant work on this operator on this date, and what is missing?"."""

    device_id: str
    variant_id: str
    operator_id: str
    network_id: str  # the operator whose radio network was evaluated (host for MVNOs)
    on: dt.date
    status: Status
    radio_score: float
    per_rat: tuple[RatDetail, ...]
    voice: Voice
    admission: Admission
    missing: tuple[MissingBand, ...]
    reasons: tuple[Reason, ...]
    hosts: tuple[HostVerdict, ...]
    data_stamp: dict[str, Any]

    @property
    def codes(self) -> tuple[str, ...]:
        """Reason codes in order (handy in tests and batch output)."""
        return tuple(r.code for r in self.reasons)

    def reason(self, code: str) -> Reason | None:
        """The first reason with ``code`` (None if absent)."""
        return next((r for r in self.reasons if r.code == code), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (snake_case keys; MHz; ISO dates)."""
        return {
            "device_id": self.device_id,
            "variant_id": self.variant_id,
            "operator_id": self.operator_id,
            "network_id": self.network_id,
            "on": self.on.isoformat(),
            "status": self.status.value,
            "radio_score": round(self.radio_score, 4),
            "per_rat": [d.to_dict() for d in self.per_rat],
            "voice": self.voice.to_dict(),
            "admission": self.admission.to_dict(),
            "missing": [m.to_dict() for m in self.missing],
            "reasons": [r.to_dict() for r in self.reasons],
            "hosts": [h.to_dict() for h in self.hosts],
            "data_stamp": self.data_stamp,
        }
