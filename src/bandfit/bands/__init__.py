"""L1: the 3GPP band registry, channel maths and band-name parsing (stdlib only at import)."""

from __future__ import annotations

from bandfit.bands.channels import (
    Channel as Channel,
)
from bandfit.bands.channels import (
    arfcn_info as arfcn_info,
)
from bandfit.bands.channels import (
    channels_at as channels_at,
)
from bandfit.bands.channels import (
    earfcn_info as earfcn_info,
)
from bandfit.bands.channels import (
    earfcn_to_khz as earfcn_to_khz,
)
from bandfit.bands.channels import (
    gscn_info as gscn_info,
)
from bandfit.bands.channels import (
    gscn_to_khz as gscn_to_khz,
)
from bandfit.bands.channels import (
    khz_to_earfcn as khz_to_earfcn,
)
from bandfit.bands.channels import (
    khz_to_gscn as khz_to_gscn,
)
from bandfit.bands.channels import (
    khz_to_nrarfcn as khz_to_nrarfcn,
)
from bandfit.bands.channels import (
    khz_to_uarfcn as khz_to_uarfcn,
)
from bandfit.bands.channels import (
    nrarfcn_info as nrarfcn_info,
)
from bandfit.bands.channels import (
    nrarfcn_to_khz as nrarfcn_to_khz,
)
from bandfit.bands.channels import (
    uarfcn_info as uarfcn_info,
)
from bandfit.bands.model import Band as Band
from bandfit.bands.model import Duplex as Duplex
from bandfit.bands.model import FreqRange as FreqRange
from bandfit.bands.model import Link as Link
from bandfit.bands.model import Rat as Rat
from bandfit.bands.model import format_mhz as format_mhz
from bandfit.bands.parse import LabelMatch as LabelMatch
from bandfit.bands.parse import band_candidates as band_candidates
from bandfit.bands.parse import parse_band as parse_band
from bandfit.bands.parse import resolve_label as resolve_label
from bandfit.bands.registry import BandRegistry as BandRegistry
from bandfit.bands.registry import default_registry as default_registry

__all__ = [
    "Band",
    "BandRegistry",
    "Channel",
    "Duplex",
    "FreqRange",
    "LabelMatch",
    "Link",
    "Rat",
    "arfcn_info",
    "band_candidates",
    "channels_at",
    "covers",
    "default_registry",
    "earfcn_info",
    "earfcn_to_khz",
    "find_bands",
    "format_mhz",
    "get_band",
    "gscn_info",
    "gscn_to_khz",
    "khz_to_earfcn",
    "khz_to_gscn",
    "khz_to_nrarfcn",
    "khz_to_uarfcn",
    "nrarfcn_info",
    "nrarfcn_to_khz",
    "parse_band",
    "resolve_label",
    "uarfcn_info",
]


def get_band(band_id: str, *, registry: BandRegistry | None = None) -> Band:
    """Return a band by canonical id (``"B66"``, ``"n77"``); raises UnknownBandError."""
    return (registry or default_registry()).get(band_id)


def find_bands(
    khz: int,
    *,
    link: Link | str,
    rat: Rat | str | None = None,
    registry: BandRegistry | None = None,
) -> tuple[Band, ...]:
    """Bands whose ``link`` range contains ``khz``; UL and DL are never mixed.

    Examples:
        >>> [b.id for b in find_bands(739_000, link="dl", rat="lte")]
        ['B12', 'B17', 'B44', 'B67', 'B85']
    """
    reg = registry or default_registry()
    return reg.at(khz, Link(link), Rat(rat) if rat is not None else None)


def covers(a: Band | str, b: Band | str, *, registry: BandRegistry | None = None) -> bool:
    """Return True if band ``a`` contains band ``b``: its ranges contain ``b``'s (same RAT and
    duplex mode) and, for NR, every channel-raster point of ``b`` is one of ``a``'s.

    Examples:
        >>> covers("B66", "B4"), covers("B12", "B17"), covers("n77", "n78"), covers("B4", "B66")
        (True, True, True, False)
        >>> covers("n41", "n38"), covers("n90", "n38"), covers("n90", "n41")
        (False, True, True)
    """
    reg = registry or default_registry()
    return reg.covers(a, b)
