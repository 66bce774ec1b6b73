"""L4: band planning — which bands should a variant for this market have, and what does each buy?

``plan`` solves a MILP (``scipy.optimize.milp``, HiGHS) that models the compatibility engine's
radio score exactly, and verifies its answer with ``bandfit.compat.check`` on a synthetic variant;
``upgrade_path`` finds the fewest bands to add to an existing variant. SciPy is imported only
when a problem is solved, so ``import bandfit.planner`` stays light.
"""

from __future__ import annotations

from bandfit.planner.market import Market as Market
from bandfit.planner.market import resolve_market as resolve_market
from bandfit.planner.plan import BandChoice as BandChoice
from bandfit.planner.plan import CurvePoint as CurvePoint
from bandfit.planner.plan import NetworkScore as NetworkScore
from bandfit.planner.plan import Plan as Plan
from bandfit.planner.plan import UpgradePath as UpgradePath
from bandfit.planner.plan import UpgradeStep as UpgradeStep
from bandfit.planner.plan import VariantMatch as VariantMatch
from bandfit.planner.plan import closest_variants as closest_variants
from bandfit.planner.plan import plan as plan
from bandfit.planner.plan import upgrade_path as upgrade_path
from bandfit.planner.problem import Constraints as Constraints
from bandfit.planner.problem import Problem as Problem
from bandfit.planner.problem import build_problem as build_problem
from bandfit.planner.problem import synthetic_variant as synthetic_variant

__all__ = [
    "BandChoice",
    "Constraints",
    "CurvePoint",
    "Market",
    "NetworkScore",
    "Plan",
    "Problem",
    "UpgradePath",
    "UpgradeStep",
    "VariantMatch",
    "build_problem",
    "closest_variants",
    "plan",
    "resolve_market",
    "synthetic_variant",
    "upgrade_path",
]
