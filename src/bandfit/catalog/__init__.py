"""L2: devices with their variants and operators with dated deployments; load, validate, query."""

from __future__ import annotations

from bandfit.catalog.load import Catalog as Catalog
from bandfit.catalog.load import DataStamp as DataStamp
from bandfit.catalog.load import default_catalog as default_catalog
from bandfit.catalog.model import BandSet as BandSet
from bandfit.catalog.model import Deployment as Deployment
from bandfit.catalog.model import Device as Device
from bandfit.catalog.model import Operator as Operator
from bandfit.catalog.model import Variant as Variant

__all__ = [
    "BandSet",
    "Catalog",
    "DataStamp",
    "Deployment",
    "Device",
    "Operator",
    "Variant",
    "default_catalog",
]
