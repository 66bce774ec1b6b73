"""The screening pipeline as SQL text, shared by the DuckDB and Spark backends.

Why one SQL text for two engines: "identical output on the same input" is easiest to keep when
there is one definition of the per-row rules. The few functions whose spelling differs (regular
expressions, lists, structs, string literals) go through a :class:`Dialect`; everything else is
plain SQL both engines accept. The memory backend re-implements the same rules in Python, and
the three-backend equality test checks all of them against each other.

Relations the engine provides (names via ``tables``):

* ``src`` — one row per input row: ``_file, _blk, _pos`` (input order), ``_bad, _msg, _line``
  (CSV parse problems), and the raw contract columns as strings: ``row_id, imei, tac,
  model_number, device, operator``. For CSV, :func:`csv_src_sql` builds it from ``lines``
  (``_file, _blk, _pos, line``) and ``files`` (header, field count and field positions per file).
* the lookups of :class:`~bandfit.fleet.contract.Lookups`: ``tac_map, model_map, device_map,
  operator_map`` (key, id, code, message), ``variants``, ``operators``, ``verdicts`` and
  ``verdicts_baseline``; plus ``dups`` (from :func:`dups_sql`).

IMEIs follow :func:`bandfit.catalog.tac.parse_imei`: an optional ``IMEI``/``IMEISV`` label and
whitespace (Python's ``\\s``, spelled out so RE2 and Java agree), ``/`` and ``-`` are removed;
15 digits need a matching Luhn check digit (computed here digit by digit), 14 and 16 are valid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bandfit.fleet.contract import IDENTITY_COLUMNS, LUHN_PAIRS
from bandfit.fleet.inputs import CSV_FIELD, CSV_LINE

__all__ = [
    "DUCKDB",
    "SPARK",
    "Dialect",
    "aggregate_sql",
    "csv_src_sql",
    "dups_sql",
    "keys_sql",
    "pipeline_sql",
    "rejects_sql",
    "results_sql",
    "rows_sql",
]

# Python's \s (str patterns), spelled out: RE2 and Java's \s are ASCII-only.
WS = r"\x{9}-\x{d}\x{1c}-\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
# The label is matched case-insensitively in ASCII only, spelled out: RE2's (?i) also folds
# U+017F into "s", Java's (?i) does not, Python's re.I also folds U+0130 into "i".
IMEI_LABEL = rf"^[{WS}]*[Ii][Mm][Ee][Ii]([Ss][Vv])?[{WS}]*[:#]?[{WS}]*"
SEPARATORS = rf"[{WS}/-]+"
BOM = "\ufeff"
MISSING_COLUMNS_MSG = "no value in any of imei, tac, model_number, device"
MISSING_OPERATOR_MSG = "no operator: fill the operator column or pass --operator"
LENGTH_MSG = " digits; an IMEI has 15 (14 without check digit), an IMEISV 16"


@dataclass(frozen=True)
class Dialect:
    """Spellings that differ between DuckDB and Spark SQL."""

    name: str

    @property
    def spark(self) -> bool:
        """True for Spark SQL."""
        return self.name == "spark"

    def lit(self, text: str) -> str:
        """A string literal (Spark unescapes backslashes and does not accept ``''``)."""
        if self.spark:
            return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
        return "'" + text.replace("'", "''") + "'"

    def regex(self, pattern: str) -> str:
        """A regular-expression literal (raw in Spark, so backslashes reach Java intact)."""
        if "'" in pattern:
            raise ValueError("regex literals must not contain single quotes")
        return f"r'{pattern}'" if self.spark else f"'{pattern}'"

    def full_match(self, expr: str, pattern: str) -> str:
        """True when ``pattern`` matches the whole of ``expr``."""
        if self.spark:
            return f"({expr} RLIKE {self.regex('^(?:' + pattern + ')$')})"
        return f"regexp_full_match({expr}, {self.regex(pattern)})"

    def replace_all(self, expr: str, pattern: str, repl: str = "") -> str:
        """Replace every match."""
        if self.spark:
            return f"regexp_replace({expr}, {self.regex(pattern)}, {self.lit(repl)})"
        return f"regexp_replace({expr}, {self.regex(pattern)}, {self.lit(repl)}, 'g')"

    def extract_all(self, expr: str, pattern: str, group: int) -> str:
        """Every match's capture ``group`` as a list."""
        return f"regexp_extract_all({expr}, {self.regex(pattern)}, {group})"

    def split(self, expr: str, sep: str) -> str:
        """Split on a literal single character, keeping empty pieces."""
        return (
            f"split({expr}, {self.lit(sep)}, -1)"
            if self.spark
            else f"string_split({expr}, {self.lit(sep)})"
        )

    def elem(self, expr: str, index: str) -> str:
        """1-based list element, NULL when out of range."""
        return (
            f"try_element_at({expr}, {index})" if self.spark else f"list_extract({expr}, {index})"
        )

    def size(self, expr: str) -> str:
        """Number of list elements."""
        return f"size({expr})" if self.spark else f"len({expr})"

    def trim_spaces(self, expr: str) -> str:
        """Trim ASCII spaces (only) at both ends.

        DuckDB's one-argument ``trim`` also removes Unicode spaces such as U+00A0, Spark's only
        ASCII spaces, so DuckDB is told the character; and it is skipped when there is nothing
        to trim (trim copies the string, which is costly on 100 M rows).
        """
        if self.spark:
            return f"trim({expr})"
        return f"CASE WHEN starts_with({expr}, ' ') OR ends_with({expr}, ' ') THEN trim({expr}, ' ') ELSE {expr} END"

    def hash64(self, expr: str) -> str:
        """A 64-bit hash (only used to find duplicate candidates, never as identity)."""
        return f"xxhash64({expr})" if self.spark else f"hash({expr})"

    def idiv(self, a: str, b: str) -> str:
        """Integer division of non-negative integers."""
        return f"({a} div {b})" if self.spark else f"({a} // {b})"

    def pick(self, values: Sequence[int], index: str) -> str:
        """``values[index]`` (0-based) from a constant integer list."""
        listed = ", ".join(str(v) for v in values)
        if self.spark:
            return f"element_at(array({listed}), CAST(({index}) + 1 AS INT))"
        return f"list_extract([{listed}], ({index}) + 1)"


DUCKDB = Dialect("duckdb")
SPARK = Dialect("spark")


def _t(tables: Mapping[str, str], name: str) -> str:
    return tables.get(name, name)


# ----------------------------------------------------------------------------- CSV


def csv_src_sql(d: Dialect, tables: Mapping[str, str]) -> str:
    """``src`` rows from raw lines: skip blank and header lines, split fields, flag bad lines.

    ``files`` has ``_file, header, n_fields`` and ``p_<column>`` (1-based field position or NULL)
    for ``row_id`` and every identity and operator column.
    """
    line = d.replace_all("l.line", "^" + BOM)
    quoted = d.full_match("',' || line", CSV_LINE)
    fields = f"""CASE WHEN instr(line, '"') = 0 THEN {d.split("line", ",")}
                 WHEN {quoted} THEN {d.extract_all("',' || line", CSV_FIELD, 1)} END"""
    cols = ("row_id", *IDENTITY_COLUMNS, "operator")
    picks = []
    for c in cols:
        raw = d.elem("f", f"p_{c}")
        picks.append(
            f"""CASE WHEN _bad IS NULL AND p_{c} IS NOT NULL THEN
                  CASE WHEN left({raw}, 1) = '"' THEN replace(substr({raw}, 2, length({raw}) - 2), '""', '"')
                       ELSE {raw} END END AS {c}"""
        )
    return f"""
    SELECT _file, _blk, _pos, _bad, _msg, CASE WHEN _bad IS NOT NULL THEN line END AS _line,
           {", ".join(picks)}
    FROM (
      SELECT *,
        CASE WHEN f IS NULL OR {d.size("f")} <> n_fields THEN 'malformed-row' END AS _bad,
        CASE WHEN f IS NULL THEN 'misplaced or unbalanced quotes'
             WHEN {d.size("f")} <> n_fields THEN 'line has ' || CAST({d.size("f")} AS STRING)
                  || ' fields; the header has ' || CAST(n_fields AS STRING) END AS _msg
      FROM (
        SELECT s.*, {fields} AS f
        FROM (
          SELECT l._file, l._blk, l._pos, {line} AS line, fl.header, fl.n_fields,
                 {", ".join(f"fl.p_{c}" for c in cols)}
          FROM {_t(tables, "lines")} l JOIN {_t(tables, "files")} fl ON fl._file = l._file
        ) s
        WHERE line IS NOT NULL AND {d.trim_spaces("line")} <> '' AND line <> header
      ) p
    ) q"""


# ----------------------------------------------------------------------------- rows


def _rows_select(d: Dialect, tables: Mapping[str, str], *, default_operator: str | None) -> str:
    """The heavy per-row pass: clean values, pick the identity, check IMEI/TAC form, derive keys.

    IMEIs that are already plain 14-16 digit strings (nearly all) skip the regular expressions
    (``imei_d`` stays NULL for them; it holds the cleaned digits otherwise). The Luhn check
    needs the TAC's partial sum and happens in :func:`pipeline_sql`.
    """
    op_default = d.lit(default_operator) if default_operator is not None else "CAST(NULL AS STRING)"
    cleaned = d.replace_all(d.replace_all("imei_raw", IMEI_LABEL), SEPARATORS)
    plain = d.full_match("imei_raw", "[0-9]{14,16}")
    digits = "coalesce(imei_d, imei_raw)"
    return f"""
    WITH clean AS (
      SELECT _file, _blk, _pos, _bad, _msg, _line,
        nullif({d.trim_spaces("row_id")}, '') AS rid,
        nullif({d.trim_spaces("imei")}, '') AS imei_raw,
        nullif({d.trim_spaces("tac")}, '') AS tac_raw,
        nullif({d.trim_spaces("model_number")}, '') AS mn_raw,
        nullif({d.trim_spaces("device")}, '') AS dev_raw,
        coalesce(nullif({d.trim_spaces("operator")}, ''), {op_default}) AS op_raw
      FROM {_t(tables, "src")}
    ),
    ident AS (
      SELECT *,
        CASE WHEN imei_raw IS NOT NULL THEN 'imei' WHEN tac_raw IS NOT NULL THEN 'tac'
             WHEN mn_raw IS NOT NULL THEN 'model-number' WHEN dev_raw IS NOT NULL THEN 'device' END AS how,
        CASE WHEN imei_raw IS NULL OR {plain} THEN NULL ELSE {cleaned} END AS imei_d,
        CASE WHEN imei_raw IS NULL AND tac_raw IS NOT NULL THEN {d.replace_all("tac_raw", SEPARATORS)} END AS tac_d
      FROM clean
    ),
    checked AS (
      SELECT *,
        CASE WHEN how = 'imei' AND imei_d IS NOT NULL THEN
               CASE WHEN imei_d = '' THEN 'invalid-imei'
                    WHEN length(imei_d) NOT IN (14, 15, 16) OR NOT {d.full_match("imei_d", "[0-9]+")} THEN 'invalid-imei' END
             WHEN how = 'tac' AND NOT {d.full_match("tac_d", "[0-9]{8}")} THEN 'invalid-tac' END AS id_code
      FROM ident
    )
    SELECT _file, _blk, _pos, _bad, _msg, _line, rid, imei_raw, tac_raw, mn_raw, dev_raw, op_raw, how, imei_d, id_code,
      CASE WHEN id_code IS NULL AND how = 'imei' THEN substr({digits}, 1, 8)
           WHEN id_code IS NULL AND how = 'tac' THEN tac_d END AS tac_key,
      CASE WHEN id_code IS NULL AND how = 'imei' AND length({digits}) = 15
           THEN TRY_CAST(substr({digits}, 9, 7) AS INT) END AS serial_cd
    FROM checked"""


def rows_sql(d: Dialect, tables: Mapping[str, str], *, default_operator: str | None) -> str:
    """The intermediate ``rows`` relation (one row per input row), written once by the engine."""
    return _rows_select(d, tables, default_operator=default_operator)


def keys_sql(tables: Mapping[str, str]) -> str:
    """Distinct TACs, model numbers, device names and operators of ``rows``, in one scan."""
    return f"""
    SELECT grouping(tac_key) AS g_tac, grouping(mn_key) AS g_mn, grouping(dev_key) AS g_dev,
           grouping(op_raw) AS g_op, tac_key, mn_key, dev_key, op_raw, count(*) AS n
    FROM (SELECT tac_key, op_raw, CASE WHEN how = 'model-number' THEN mn_raw END AS mn_key,
                 CASE WHEN how = 'device' THEN dev_raw END AS dev_key
          FROM {_t(tables, "rows")} WHERE _bad IS NULL) k
    GROUP BY GROUPING SETS ((tac_key), (mn_key), (dev_key), (op_raw))"""


def dups_sql(d: Dialect, tables: Mapping[str, str]) -> str:
    """Positions of every repeated row id after its first occurrence.

    Candidates are found on a 64-bit hash of the id (an integer aggregate, cheap even for 100
    million ids); only candidate rows are then grouped by the id itself, so a hash collision
    costs nothing but a slightly larger candidate set.
    """
    rows = _t(tables, "rows")
    return f"""
    SELECT _file, _blk, _pos FROM (
      SELECT _file, _blk, _pos,
             row_number() OVER (PARTITION BY rid ORDER BY _file, _blk, _pos) AS occurrence
      FROM {rows}
      WHERE _bad IS NULL AND rid IS NOT NULL AND {d.hash64("rid")} IN (
        SELECT {d.hash64("rid")} AS h FROM {rows} WHERE _bad IS NULL AND rid IS NOT NULL
        GROUP BY h HAVING count(*) > 1)
    ) o WHERE occurrence > 1"""


def change_sql() -> str:
    """The change category of a pair, from ``v`` (now) and ``b`` (baseline) verdict columns.

    Same rules as :func:`bandfit.fleet.contract.change_category`.
    """
    return """CASE
      WHEN b.status IN ('works', 'works with gaps', 'limited') AND v.status = 'no service' THEN 'lost data'
      WHEN b.voice IN ('ok', 'unverified') AND v.voice = 'none' THEN 'lost voice'
      WHEN v.status_rank > b.status_rank OR (v.status_rank = b.status_rank AND v.radio_score < b.radio_score)
           OR v.voice_rank > b.voice_rank THEN 'degraded'
      WHEN v.status_rank < b.status_rank OR (v.status_rank = b.status_rank AND v.radio_score > b.radio_score)
           OR v.voice_rank < b.voice_rank THEN 'gained'
      ELSE 'unchanged' END"""


def _tac_luhn(d: Dialect, tac: str) -> str:
    """Luhn partial sum of an 8-digit TAC (:func:`~bandfit.fleet.contract.luhn_tac_part`) in SQL.

    Only TACs missing from the TAC lookup need it (the lookup carries the sum for the others):
    both engines evaluate ``coalesce`` arguments only where the earlier ones are NULL.
    """
    return " + ".join(
        d.pick(LUHN_PAIRS, f"CAST(substr({tac}, {i}, 2) AS INT)") for i in (1, 3, 5, 7)
    )


def _expected_check(d: Dialect, luhn: str, serial_cd: str) -> str:
    """Expected check digit from the TAC's Luhn part and ``serial_cd`` (7 digits: serial + check)."""
    serial = d.idiv(serial_cd, "10")
    pairs = " + ".join(
        d.pick(LUHN_PAIRS, f"{d.idiv(serial, str(10 ** (4 - 2 * k)))} % 100") for k in range(3)
    )
    return f"((10 - (({luhn}) + {pairs}) % 10) % 10)"


def pipeline_sql(
    d: Dialect,
    tables: Mapping[str, str],
    *,
    id_column: str,
    baseline: bool,
) -> str:
    """CTEs ``pairs`` and ``explained`` (every row with its reject code, or its pair) over ``rows``."""

    def t(name: str) -> str:
        return _t(tables, name)

    base_cols = (
        f", b.status AS status_baseline, b.radio_score AS radio_score_baseline, b.voice AS voice_baseline, {change_sql()} AS change"
        if baseline
        else ""
    )
    base_join = (
        f"LEFT JOIN {t('verdicts_baseline')} b ON b.vkey = v.vkey AND b.okey = v.okey"
        if baseline
        else ""
    )
    expected = _expected_check(
        d, f"coalesce(j.tm_luhn, {_tac_luhn(d, 'j.tac_key')})", "j.serial_cd"
    )
    return f"""
    WITH pairs AS (
      SELECT v.vkey, v.okey, va.device_id, va.variant_id, o.operator_id,
             v.status, v.radio_score, v.voice, v.reasons{base_cols}
      FROM {t("verdicts")} v
      JOIN {t("variants")} va ON va.vkey = v.vkey
      JOIN {t("operators")} o ON o.okey = v.okey
      {base_join}
    ),
    joined AS (
      SELECT k.*, dp._pos IS NOT NULL AS is_dup,
        CASE WHEN k.how = 'model-number' THEN k.mn_raw END AS mn_key,
        CASE WHEN k.how = 'device' THEN k.dev_raw END AS dev_key,
        coalesce(k.imei_d, k.imei_raw) AS imei_digits,
        tm.key AS tm_key, tm.id AS tm_id, tm.code AS tm_code, tm.message AS tm_msg, tm.luhn AS tm_luhn,
        mm.key AS mm_key, mm.id AS mm_id, mm.code AS mm_code, mm.message AS mm_msg,
        dm.key AS dm_key, dm.id AS dm_id, dm.code AS dm_code, dm.message AS dm_msg,
        om.key AS om_key, om.id AS okey, om.code AS om_code, om.message AS om_msg
      FROM {t("rows")} k
      LEFT JOIN {t("dups")} dp ON dp._pos = k._pos AND dp._file = k._file AND dp._blk = k._blk
      LEFT JOIN {t("tac_map")} tm ON tm.key = k.tac_key
      LEFT JOIN {t("model_map")} mm ON mm.key = (CASE WHEN k.how = 'model-number' THEN k.mn_raw END)
      LEFT JOIN {t("device_map")} dm ON dm.key = (CASE WHEN k.how = 'device' THEN k.dev_raw END)
      LEFT JOIN {t("operator_map")} om ON om.key = k.op_raw
    ),
    checked AS (
      SELECT j.*, CASE WHEN j.serial_cd IS NOT NULL THEN {expected} END AS expected_cd
      FROM joined j
    ),
    resolved AS (
      SELECT j.*,
        CASE WHEN j.how IN ('imei', 'tac') THEN
               CASE WHEN j.id_code IS NOT NULL THEN j.id_code
                    WHEN j.expected_cd <> j.serial_cd % 10 THEN 'bad-imei-check-digit'
                    WHEN j.tm_key IS NULL THEN 'unknown-tac' ELSE j.tm_code END
             WHEN j.how = 'model-number' THEN CASE WHEN j.mm_key IS NULL THEN 'unknown-model' ELSE j.mm_code END
             WHEN j.how = 'device' THEN CASE WHEN j.dm_key IS NULL THEN 'unknown-device' ELSE j.dm_code END END AS ident_code,
        CASE WHEN j.how IN ('imei', 'tac') THEN j.tm_id WHEN j.how = 'model-number' THEN j.mm_id
             WHEN j.how = 'device' THEN j.dm_id END AS vkey,
        CASE WHEN j.op_raw IS NULL THEN 'missing-operator' WHEN j.om_key IS NULL THEN 'unknown-operator'
             ELSE j.om_code END AS op_code
      FROM checked j
    ),
    decided AS (
      SELECT r.*,
        CASE WHEN r._bad IS NOT NULL THEN r._bad
             WHEN r.rid IS NULL THEN 'missing-row-id'
             WHEN r.is_dup THEN 'duplicate-row-id'
             WHEN r.how IS NULL THEN 'missing-columns'
             WHEN r.ident_code IS NOT NULL THEN r.ident_code
             ELSE r.op_code END AS code
      FROM resolved r
    ),
    explained AS (
      SELECT x.*,
        CASE
          WHEN x.code IS NULL THEN NULL
          WHEN x.code = 'malformed-row' THEN x._msg
          WHEN x.code = 'missing-row-id' THEN {d.lit(f"no value in column {id_column}")}
          WHEN x.code = 'duplicate-row-id' THEN 'row id ' || x.rid || ' already appeared earlier in the input'
          WHEN x.code = 'missing-columns' THEN {d.lit(MISSING_COLUMNS_MSG)}
          WHEN x.code = 'invalid-imei' AND x.imei_digits = '' THEN 'IMEI has no digits'
          WHEN x.code = 'invalid-imei' AND NOT {d.full_match("x.imei_digits", "[0-9]+")} THEN 'IMEI contains characters other than digits'
          WHEN x.code = 'invalid-imei' THEN 'IMEI has ' || CAST(length(x.imei_digits) AS STRING) || {d.lit(LENGTH_MSG)}
          WHEN x.code = 'bad-imei-check-digit' THEN 'IMEI check digit ' || CAST(x.serial_cd % 10 AS STRING)
               || ' does not match; the Luhn check digit for these 14 digits is ' || CAST(x.expected_cd AS STRING)
          WHEN x.code = 'invalid-tac' THEN 'TAC must be 8 digits'
          WHEN x.code = 'missing-operator' THEN {d.lit(MISSING_OPERATOR_MSG)}
          WHEN x.code IN ('unknown-operator', 'ambiguous-operator') THEN coalesce(x.om_msg, 'unknown operator ' || x.op_raw)
          WHEN x.code IN ('unknown-tac', 'unresolved-tac', 'ambiguous-tac') THEN coalesce(x.tm_msg, 'TAC ' || x.tac_key || ' is not in the TAC table')
          WHEN x.code IN ('unknown-model', 'ambiguous-model') THEN coalesce(x.mm_msg, 'unknown model number ' || x.mn_key)
          WHEN x.code IN ('unknown-device', 'ambiguous-device') THEN coalesce(x.dm_msg, 'unknown device ' || x.dev_key)
        END AS message,
        CASE
          WHEN x.code IS NULL THEN NULL
          WHEN x.code = 'malformed-row' THEN 'line'
          WHEN x.code IN ('missing-row-id', 'duplicate-row-id') THEN {d.lit(id_column)}
          WHEN x.code = 'missing-columns' THEN NULL
          WHEN x.code IN ('missing-operator', 'unknown-operator', 'ambiguous-operator') THEN 'operator'
          WHEN x.how = 'imei' THEN 'imei' WHEN x.how = 'tac' THEN 'tac'
          WHEN x.how = 'model-number' THEN 'model_number' WHEN x.how = 'device' THEN 'device'
        END AS field,
        CASE
          WHEN x.code IS NULL THEN NULL
          WHEN x.code = 'malformed-row' THEN x._line
          WHEN x.code = 'duplicate-row-id' THEN x.rid
          WHEN x.code IN ('missing-row-id', 'missing-columns') THEN NULL
          WHEN x.code IN ('missing-operator', 'unknown-operator', 'ambiguous-operator') THEN x.op_raw
          WHEN x.how = 'imei' THEN x.imei_raw WHEN x.how = 'tac' THEN x.tac_raw
          WHEN x.how = 'model-number' THEN x.mn_raw WHEN x.how = 'device' THEN x.dev_raw
        END AS raw_value
      FROM decided x
    )"""


INPUT_ORDER: tuple[str, ...] = ("_file", "_blk", "_pos")


def results_sql(
    baseline: bool,
    *,
    tables: Mapping[str, str] | None = None,
    order: Sequence[str] = INPUT_ORDER,
) -> str:
    """Accepted rows joined to their pair's verdict, in input order.

    ``explained`` and ``pairs`` are the CTEs of :func:`pipeline_sql` (or views of them);
    ``order`` names the columns of ``explained`` that give the input order.
    """
    t = tables or {}
    extra = (
        ", p.status_baseline, p.radio_score_baseline, p.voice_baseline, p.change"
        if baseline
        else ""
    )
    return f"""
    SELECT e.rid AS row_id, p.operator_id, p.device_id, p.variant_id, e.how AS resolved_by,
           e.tac_key AS tac, p.status, p.radio_score, p.voice, p.reasons{extra}
    FROM {_t(t, "explained")} e JOIN {_t(t, "pairs")} p ON p.vkey = e.vkey AND p.okey = e.okey
    WHERE e.code IS NULL
    ORDER BY {", ".join(f"e.{c}" for c in order)}"""


def rejects_sql(
    *, tables: Mapping[str, str] | None = None, order: Sequence[str] = INPUT_ORDER
) -> str:
    """Rejected rows with field, raw value, reason code and message, in input order."""
    return f"""
    SELECT rid AS row_id, field, raw_value, code AS reason, message
    FROM {_t(tables or {}, "explained")} WHERE code IS NOT NULL
    ORDER BY {", ".join(order)}"""


def aggregate_sql(results: str, rejects: str, *, baseline: bool, top: int = 10) -> dict[str, str]:
    """Summary queries over the written outputs (``results`` / ``rejects`` relation names)."""
    affected = (
        "change IN ('lost data', 'lost voice', 'degraded')"
        if baseline
        else "status IN ('limited', 'no service')"
    )
    change_col = ", change" if baseline else ""
    queries = {
        "by_status": f"SELECT status AS k, count(*) AS n FROM {results} GROUP BY status",
        "by_resolved_by": f"SELECT resolved_by AS k, count(*) AS n FROM {results} GROUP BY resolved_by",
        "by_operator": f"SELECT operator_id AS k, count(*) AS n FROM {results} GROUP BY operator_id",
        "by_reject_reason": f"SELECT reason AS k, count(*) AS n FROM {rejects} GROUP BY reason",
        "top_affected": f"""
            SELECT device_id, variant_id, operator_id, status{change_col}, count(*) AS n
            FROM {results} WHERE {affected}
            GROUP BY device_id, variant_id, operator_id, status{change_col}
            ORDER BY n DESC, device_id, variant_id, operator_id LIMIT {top}""",
        "counts": f"SELECT (SELECT count(*) FROM {results}) AS accepted, (SELECT count(*) FROM {rejects}) AS rejected",
    }
    if baseline:
        queries["by_change"] = f"SELECT change AS k, count(*) AS n FROM {results} GROUP BY change"
    return queries
