"""Read GSMArena-style spec-sheet text into variant drafts (bands per RAT, NR modes, markets).

Why a parser of its own: GSMArena's "Network" block is the most complete public record of which
bands each sold variant supports, but it is free text written for people: ``"1, 3, 7, 20, 28, 38
SA/NSA/Sub6 - International"``, ``"HSDPA 850 / 900 / 1700(AWS) / 1900 / 2100"``, ``"CDMA2000
1xEV-DO"``, older ``"LTE band 1(2100), 3(1800)"``. This module turns it into canonical band ids
deterministically and **reports every fragment it cannot map** (``Problem(field, fragment,
reason, row, kind)``) instead of dropping or guessing it -- a confident wrong band is worse than
a gap. ``kind`` is ``ambiguous`` (understood, but several bands fit: 3G ``800``), ``unknown-band``
(``LTE 2526``) or ``unrecognised`` (not a band list at all).

Mapping rules (device side, GSMArena conventions):

* 2G: ``GSM 850/900/1800/1900`` -> ``GSM850 GSM900 GSM1800 GSM1900`` (``900`` is recorded as
  written, P-GSM ``GSM900``).
* 3G (HSDPA/UMTS/WCDMA): ``850 U5, 900 U8, 1700/1700(AWS) U4, 1800 U3, 1900 U2, 2100 U1, 2600 U7``.
  ``800`` is U6, U19 or U20 depending on the country: reported, never guessed. Other labels are
  accepted only when the band registry's label table gives exactly one band.
* CDMA: ``CDMA2000 1xEV-DO`` without MHz means "CDMA supported, band classes unknown" (``cdma``
  stays unknown, with a note). ``CDMA 800`` / ``850`` / ``1900`` *usually* mean BC0 / BC0 / BC1
  (``1700`` BC15 and ``2100`` BC6 by the registry's label table), but GSMArena names MHz, not
  band classes, and the catalog rule is to write band classes only
  when a source names them. **Decision:** by default the band classes are *not* adopted; the
  likely classes go into the variant notes. ``infer_cdma=True`` adopts them, notes it and marks
  the variant ``inferred``. ``CDMA PCS`` names BC1 and is adopted.
* 4G/5G numbers -> ``B<n>`` / ``n<n>``, validated against the band registry; ``28A`` -> ``B28``
  (noted). MHz labels (``LTE 800``) are coarse data: adopted only when the registry's label
  table gives one band (``LTE 900`` -> ``B8``; variant marked ``inferred``), else reported with
  the candidates. ``(2100)`` after a band number is a MHz hint and only cross-checked.
* 5G flags: ``SA`` / ``NSA`` -> ``nr_modes``; ``mmWave`` is recorded; ``Sub6`` is informational.
* Markers without bands (``LTE``, ``LTE (unspecified)``, ``HSDPA``, ``SA/NSA``) mean "supported,
  bands unknown" (the band list stays ``None``). ``N/A`` means none (``[]``). ``TD-SCDMA`` /
  ``TD-HSDPA`` are recognised but not modelled by bandfit (noted).

Rows and variants: a field holds one row per line (or rows separated by `` | ``); the text after
`` - `` is the row's *label* (``Global``, ``USA, LATAM, Canada``, ``A2849``, ``SM-S928U,
SM-S928U1``). ``SIM 1 & SIM 2 (dual-SIM model only)`` and ``all versions`` are annotations, not
variants. A label names *atoms* -- its model numbers, else its carriers/parts, else its markets
-- and the atoms that exactly the same rows describe form one variant (``A2651, A2893`` on one
4G row but on two 5G rows are two variants sharing the 4G bands). 4G/5G labels define the
variants; 2G/3G labels attach to them (and define variants only on phones without labelled
4G/5G rows). An unlabelled row applies to every variant without a row of its own for that RAT;
when a RAT has both, the unlabelled rows also form a ``default`` variant. A variant whose RAT is
listed only for other variants gets ``None`` (unknown) there, with a note. A RAT absent from
the sheet is ``[]`` when the ``Technology`` line omits it, else unknown. Scraper damage is
repaired where unambiguous: rows glued together (``"... - D852LTE 700 / ..."``,
``"... - G935P2,4,5,8 - G935R"``) are split, a label pushed onto its own row (``"India"``) is
re-attached.

Pasted text (``bandfit data import specsheet FILE``, :func:`parse_pasted_text`) is the GSMArena
spec table as copied from the page, one ``key<TAB>value`` per line (two or more spaces or
``": "`` also separate). A first cell that is a section word (``Network``, ``Launch``, ``Misc``...)
or empty with two more cells after it is the page's section column and is dropped; a line whose
key is empty continues the previous key (GSMArena's continuation rows)::

    Apple iPhone 15 Pro Max                  <- optional name line (or "Name<TAB>...")
    Brand        Apple                       <- optional
    Network   Technology   GSM / CDMA / HSPA / EVDO / LTE / 5G   <- section word is dropped
    2G bands     GSM 850 / 900 / 1800 / 1900 - SIM 1 & SIM 2 (dual-SIM)
                 CDMA 800 / 1900             <- empty key (leading TAB): continues the last key
    3G bands     HSDPA 850 / 900 / 1700(AWS) / 1900 / 2100
    4G bands     1, 2, 3, 4, 5, 7, 8, 12, 13, 17, 18, 19, 20, 25, 26, 28, 66 - A3106
    5G bands     1, 2, 3, 5, 7, 8, 12, 20, 25, 28, 66, 77, 78 SA/NSA/Sub6 - A3106
    Launch    Announced    2023, September 12
              Status       Available. Released 2023, September 22
    Misc      Models       A2849, A3105, A3106, A3108

Keys read: ``Name``, ``Brand``, ``Technology``, ``2G/3G/4G/5G bands``, ``Models``, ``Announced``,
``Status``; others (``Speed``...) are skipped. Lines starting with ``#`` are comments. Without a
``Brand`` line, :func:`to_device` takes the name's first word as the brand.

Package layout (one concern per module): :mod:`.vocab` (field names, MHz tables, tokenizer
patterns, market words), :mod:`.rows` (band-row parsing, :func:`parse_band_field`),
:mod:`.variants` (grouping rows into variant drafts), :mod:`.sheet` (:class:`SpecSheet`,
:func:`parse_specsheet`, :func:`parse_pasted_text`, :func:`to_device`).
"""

from __future__ import annotations

from bandfit.catalog.specsheet.rows import BandRow as BandRow
from bandfit.catalog.specsheet.rows import FieldParse as FieldParse
from bandfit.catalog.specsheet.rows import NrMode as NrMode
from bandfit.catalog.specsheet.rows import Problem as Problem
from bandfit.catalog.specsheet.rows import ProblemKind as ProblemKind
from bandfit.catalog.specsheet.rows import parse_band_field as parse_band_field
from bandfit.catalog.specsheet.sheet import GSMARENA_SOURCE as GSMARENA_SOURCE
from bandfit.catalog.specsheet.sheet import SpecSheet as SpecSheet
from bandfit.catalog.specsheet.sheet import device_id_for as device_id_for
from bandfit.catalog.specsheet.sheet import guess_kind as guess_kind
from bandfit.catalog.specsheet.sheet import parse_gsmarena_date as parse_gsmarena_date
from bandfit.catalog.specsheet.sheet import parse_pasted_text as parse_pasted_text
from bandfit.catalog.specsheet.sheet import parse_specsheet as parse_specsheet
from bandfit.catalog.specsheet.sheet import to_device as to_device
from bandfit.catalog.specsheet.variants import VariantDraft as VariantDraft
from bandfit.catalog.specsheet.vocab import slugify as slugify

__all__ = [
    "GSMARENA_SOURCE",
    "BandRow",
    "FieldParse",
    "NrMode",
    "Problem",
    "ProblemKind",
    "SpecSheet",
    "VariantDraft",
    "device_id_for",
    "guess_kind",
    "parse_band_field",
    "parse_gsmarena_date",
    "parse_pasted_text",
    "parse_specsheet",
    "slugify",
    "to_device",
]
