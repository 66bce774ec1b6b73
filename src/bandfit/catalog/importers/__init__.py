"""Import public operator datasets into catalog records: Band Atlas CSVs and the MCC-MNC list.

Why importers: the curated records under ``data/operators`` cover a few dozen countries; Band
Atlas (LTE/NR band numbers for ~465 networks) and the Wikipedia MCC-MNC list (MHz labels for
~3,300 PLMNs) cover the rest of the world. The importers turn them into ordinary
:class:`~bandfit.catalog.model.Operator` records that a user loads as an overlay
(``bandfit data import ... --out DIR`` then ``--catalog DIR``), validated like shipped data.

Imported data is coarser than curated data, so these rules keep it honest:

* **Ids carry a prefix** (``us/bandatlas-att``, ``us/mccmnc-310-410``), so an overlay adds records
  beside curated ones and never silently replaces ``us/att``. Replacing needs both ``prefix=""``
  and ``write_overlay(..., replace=True)``.
* **Only** ``kind: MNO``: neither source names an MVNO's host network, and an MVNO without hosts
  is not a valid record. MVNO rows are skipped and reported.
* **Band Atlas** band ids are used as given. The layer comes from its ``layer`` column, except that
  mmWave (FR2, ``n257`` and up) becomes ``boost`` and SDL/SUL bands and the LAA band B46 become
  ``supplemental`` (the layer rules of ``docs/data/format.md``). ``x`` (cross-checked) ->
  ``confirmed``, ``s`` (single source) -> ``reported``.
* **MCC-MNC MHz labels** ("LTE 700") go through :func:`~bandfit.bands.parse.resolve_label` with the
  record's country. Exactly one candidate -> a ``reported`` deployment of that band. Several ->
  ``confidence: inferred`` with every candidate in ``candidates``; ``band`` then holds the first
  candidate only because the schema requires a band, and the note says so. The engine must treat
  an inferred deployment with candidates as uncertain, never as that first band.
* **Partial dates** (``2024``, ``2024-03``, ``2025-Q4``, ``2028-H2``) map to the bound that never
  overstates service: an ``until`` takes the first day of the period (the earliest day the network
  may have gone), a ``since`` the first day after it (the latest day it may have started). The
  original text is always kept in the note.
* **Nothing is dropped silently**: every value that could not be used is listed as an
  :class:`ImportProblem` (row, value, reason).
"""

from __future__ import annotations

from bandfit.catalog.importers.bandatlas import import_bandatlas as import_bandatlas
from bandfit.catalog.importers.common import BANDATLAS_AS_OF as BANDATLAS_AS_OF
from bandfit.catalog.importers.common import BANDATLAS_CREDIT as BANDATLAS_CREDIT
from bandfit.catalog.importers.common import MCCMNC_AS_OF as MCCMNC_AS_OF
from bandfit.catalog.importers.common import DateSpan as DateSpan
from bandfit.catalog.importers.common import ImportProblem as ImportProblem
from bandfit.catalog.importers.common import ImportResult as ImportResult
from bandfit.catalog.importers.common import parse_date_span as parse_date_span
from bandfit.catalog.importers.mccmnc import import_mccmnc as import_mccmnc
from bandfit.catalog.importers.overlay import operator_yaml as operator_yaml
from bandfit.catalog.importers.overlay import write_overlay as write_overlay

__all__ = [
    "BANDATLAS_AS_OF",
    "BANDATLAS_CREDIT",
    "MCCMNC_AS_OF",
    "DateSpan",
    "ImportProblem",
    "ImportResult",
    "import_bandatlas",
    "import_mccmnc",
    "operator_yaml",
    "parse_date_span",
    "write_overlay",
]
