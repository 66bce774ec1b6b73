"""L3: the compatibility engine: facts -> rules -> explained verdicts."""

from __future__ import annotations

from bandfit.compat.engine import best_variants as best_variants
from bandfit.compat.engine import check as check
from bandfit.compat.engine import check_country as check_country
from bandfit.compat.verdict import REASON_CODES as REASON_CODES
from bandfit.compat.verdict import STATUS_ORDER as STATUS_ORDER
from bandfit.compat.verdict import MissingBand as MissingBand
from bandfit.compat.verdict import Reason as Reason
from bandfit.compat.verdict import Status as Status
from bandfit.compat.verdict import Verdict as Verdict

__all__ = [
    "REASON_CODES",
    "STATUS_ORDER",
    "MissingBand",
    "Reason",
    "Status",
    "Verdict",
    "best_variants",
    "check",
    "check_country",
]
