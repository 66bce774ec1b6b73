"""bandfit: will this phone work on this mobile network, here, on this date — and if not, what is missing?

The everyday API::

    >>> import bandfit
    >>> catalog = bandfit.default_catalog()
    >>> device, variant = catalog.resolve("M1803E1A")          # Xiaomi Mi 8, global
    >>> verdict = bandfit.check(variant, catalog.operator("us/verizon"), "2019-06-01")
    >>> verdict.status.value, verdict.missing[0].label
    ('works with gaps', 'B13')

Subpackages are public namespaces: :mod:`bandfit.bands` (3GPP registry, channel maths),
:mod:`bandfit.catalog` (devices and operators), :mod:`bandfit.compat` (verdicts),
:mod:`bandfit.planner` (OEM band plans) and :mod:`bandfit.fleet` (batch screening).
Importing ``bandfit`` loads no data and no heavy dependency; the catalog loads on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bandfit.bands import Band as Band
    from bandfit.bands import Rat as Rat
    from bandfit.bands import find_bands as find_bands
    from bandfit.bands import get_band as get_band
    from bandfit.bands import parse_band as parse_band
    from bandfit.catalog import Catalog as Catalog
    from bandfit.catalog import default_catalog as default_catalog
    from bandfit.compat import Reason as Reason
    from bandfit.compat import Status as Status
    from bandfit.compat import Verdict as Verdict
    from bandfit.compat import check as check
    from bandfit.compat import check_country as check_country
    from bandfit.errors import BandfitError as BandfitError

# Lazy re-exports (PEP 562): `import bandfit` stays fast; pydantic and the catalog models load on
# first use of a name that needs them.
_LAZY = {
    "Band": "bandfit.bands",
    "Rat": "bandfit.bands",
    "find_bands": "bandfit.bands",
    "get_band": "bandfit.bands",
    "parse_band": "bandfit.bands",
    "Catalog": "bandfit.catalog",
    "default_catalog": "bandfit.catalog",
    "Reason": "bandfit.compat",
    "Status": "bandfit.compat",
    "Verdict": "bandfit.compat",
    "check": "bandfit.compat",
    "check_country": "bandfit.compat",
    "BandfitError": "bandfit.errors",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'bandfit' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


__version__ = "0.1.0"

__all__ = [
    "Band",
    "BandfitError",
    "Catalog",
    "Rat",
    "Reason",
    "Status",
    "Verdict",
    "__version__",
    "check",
    "check_country",
    "default_catalog",
    "find_bands",
    "get_band",
    "parse_band",
]
