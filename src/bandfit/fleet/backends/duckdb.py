"""The DuckDB backend (default): the whole pipeline as SQL on an embedded engine.

Why DuckDB: it scans Parquet and CSV in parallel, spills sorts and hash aggregates to disk
under a memory limit (so a 100-million-row input never has to fit in memory), and writes
Parquet itself. The per-row rules are the shared SQL of :mod:`bandfit.fleet.sql`.

How the input is read:

* Parquet: ``read_parquet(..., file_row_number=true)``, per group of files with the same
  columns; the row number is the input order.
* CSV: each file's raw lines are first copied to a Parquet file of lines (a plain scan, which
  keeps line order), so every line gets its position; the fields are then split in SQL
  (:func:`~bandfit.fleet.sql.csv_src_sql`) — the same dialect as the other backends.

Duplicate row ids are searched on a background thread between :meth:`DuckDBBackend.scan` and
:meth:`DuckDBBackend.write`, while Python resolves the keys (DuckDB runs without the GIL).

Determinism: DuckDB's parallel joins do not keep row order, so both outputs are written with
``ORDER BY`` the input position; with the row order fixed, DuckDB's Parquet writer produces
byte-identical files on every run.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from bandfit.compat.verdict import Status
from bandfit.errors import BackendUnavailableError, InvalidInputError
from bandfit.fleet.backends.base import Progress, run_counts, watch_progress
from bandfit.fleet.contract import (
    CHANGES,
    CONTRACT_COLUMNS,
    REJECT_COLUMNS,
    InputSpec,
    Lookups,
    RunCounts,
    column_names,
    result_columns,
)
from bandfit.fleet.inputs import (
    MAX_LINE_BYTES,
    line_too_long_error,
    parquet_input_rows,
    parquet_rows,
)
from bandfit.fleet.lookups import InputKeys
from bandfit.fleet.sql import (
    DUCKDB,
    aggregate_sql,
    csv_src_sql,
    dups_sql,
    keys_sql,
    pipeline_sql,
    rejects_sql,
    results_sql,
    rows_sql,
)
from bandfit.fleet.tables import (
    csv_files_table,
    lookup_tables,
    parquet_files_table,
)

__all__ = [
    "DuckDBBackend",
    "check_memory_limit",
    "default_memory_limit",
    "intermediate_store",
    "limit_bytes",
]


def default_memory_limit() -> str:
    """A quarter of physical memory, at least 1 GiB and at most 8 GiB (DuckDB spills beyond it)."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return "2GB"
    gib = max(1, min(8, total // 4 // 2**30))
    return f"{gib}GB"


def _parquet_rows_in(folder: Path) -> int:
    return sum(parquet_rows(p) for p in sorted(folder.glob("*.parquet")))


_UNITS = {
    "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
    "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40,
}  # fmt: skip

# Bytes per input row that the two intermediates take as DuckDB temp tables (uncompressed;
# DuckDB's profiler on the 10 M-row benchmark: 139 B/row for the per-row pass, 137 B/row for
# the classified rows — a string costs 16 bytes even when NULL).
TABLE_BYTES_PER_ROW = 280


def limit_bytes(limit: str) -> int | None:
    """``"2GB"``, ``"512 MiB"``, ``"1.5GB"`` -> bytes (DuckDB's units: KB = 1000 B, KiB = 1024 B);
    None when the text is not a size."""
    text = limit.strip().lower().replace(" ", "")
    number = text.rstrip("abcdefghijklmnopqrstuvwxyz")
    unit = text[len(number) :] or "b"
    try:
        value = float(number)
    except ValueError:
        return None
    factor = _UNITS.get(unit)
    return int(value * factor) if factor is not None and value >= 0 else None


def check_memory_limit(limit: str) -> str:
    """``limit`` if DuckDB can use it as a memory limit (a size with a unit such as ``2GB`` or
    ``512MiB``, or a share of RAM such as ``50%``); else an :class:`InvalidInputError`.

    Why here: DuckDB only parses the setting when the job's connection opens, and its parser
    error would escape as a traceback after the input was already checked.
    """
    text = limit.strip()
    if re.fullmatch(r"[0-9]+(\.[0-9]+)?\s*%", text) and 0 < float(text.rstrip("% ")) <= 100:
        return limit
    size = limit_bytes(text)
    if size is not None and size > 0 and re.search(r"[A-Za-z]$", text):
        return limit
    raise InvalidInputError(
        f"--memory-limit {limit!r} is not a memory size",
        hint="use a number and a unit, e.g. 2GB, 512MiB or 1.5GB (KB = 1000 B, KiB = 1024 B)",
        value=limit,
    )


def intermediate_store(setting: str, rows: int, memory_limit: str) -> str:
    """Where the per-row pass and the classified rows are kept: ``table`` or ``parquet``.

    Why it depends on size: DuckDB temp tables skip Parquet encoding and decoding (10 M-row
    benchmark, three interleaved pairs of runs: 13.5-14.0 s against 16.6-18.8 s, the per-row
    pass 3.2-3.4 s against 5.2-5.3 s), but they are uncompressed (:data:`TABLE_BYTES_PER_ROW`)
    and what does not fit under the memory limit is spilled to the
    temporary directory as is: at 100 M rows the spill passed 22 GB (this machine's disk was
    nearly full when the run was stopped), where the lz4 Parquet intermediates take about
    7 GB. So ``auto`` keeps them as tables only while both fit in three quarters of the
    memory limit (so the spill stays below the limit's size, and a quarter is left for joins
    and sorts); ``table`` or ``parquet`` (``intermediate=`` or ``BANDFIT_DUCKDB_INTERMEDIATE``) force one.
    """
    if setting in ("table", "parquet"):
        return setting
    budget = limit_bytes(memory_limit)
    if budget is None:
        return "parquet"
    return "table" if rows * TABLE_BYTES_PER_ROW <= budget * 3 // 4 else "parquet"


# The input order as one BIGINT sort key (the sort of 8.8 M results took 1.39 s instead of
# 1.67 s with three keys). Exact here: this backend's ``_blk`` is always 0, a file's row number
# stays below 2**40 and the file index below 2**23.
_ORD = "(CAST(_file AS BIGINT) * 1099511627776 + _pos)"


_TOO_LONG = "bandfit: line too long"
_GLOB_CHARS = re.compile(r"([*?\[])")


def _read_path(path: Path | str) -> str:
    """A DuckDB string literal that reads exactly ``path``.

    Why: DuckDB's readers treat every path as a glob pattern (``*``, ``?``, ``[...]``), so a
    part named ``a*.csv`` would also read ``ab.csv``, and an ``--out`` under ``Fleet [EU]``
    would match nothing. Each glob character is written as a one-character class (``[*]``),
    which matches only itself.
    """
    return DUCKDB.lit(_GLOB_CHARS.sub(r"[\1]", str(path)))


def _csv_error(path: Path, text: str) -> InvalidInputError:
    """DuckDB's error while staging the CSV file ``path``, as a whole-job error naming it."""
    first = text.splitlines()[0] if text else ""
    lower = text.lower()
    if _TOO_LONG in text or "maximum line size" in lower:
        return line_too_long_error(path)
    if "unicode" in lower or "utf-8" in lower or "utf8" in lower:
        return InvalidInputError(
            f"input is not valid UTF-8: {path}",
            hint="convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8)",
            value=str(path),
        )
    hint = (
        "a .csv.gz file may be truncated: check its size or re-export it"
        if path.name.lower().endswith(".gz")
        else None
    )
    return InvalidInputError(f"{path}: cannot read ({first})", hint=hint, value=str(path))


def _nullable(select: str, names: list[str]) -> str:
    """``select`` with every column marked nullable in the Parquet file DuckDB writes.

    Why: DuckDB's Parquet writer marks a column ``REQUIRED`` (not null) when its statistics
    show no NULL, which depends on the data (a run without TAC-less rows wrote ``tac`` as not
    null), while the contract's schema (:func:`~bandfit.fleet.contract.results_schema`) and
    the memory backend's files are nullable; files with different nullability cannot be
    concatenated by Arrow. ``CASE WHEN c IS NULL THEN NULL ELSE c END`` is the value itself,
    but its statistics can hold NULL. A projection keeps the order of the sorted ``select``.
    """
    cols = ", ".join(
        f"CASE WHEN {_ident(n)} IS NULL THEN NULL ELSE {_ident(n)} END AS {_ident(n)}"
        for n in names
    )
    return f"SELECT {cols} FROM ({select}) nullable_out"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _Background:
    """One statement on a daemon thread; :meth:`wait` joins it and re-raises its error.

    Why: DuckDB releases the GIL while a statement runs, so a statement that does not depend
    on the lookups (the duplicate search) can use the cores while Python resolves keys.
    The connection is not used by anything else until :meth:`wait` returns.
    """

    def __init__(self, run: Callable[[str], Any], sql: str) -> None:
        self._error: BaseException | None = None

        def target() -> None:
            try:
                run(sql)
            except BaseException as err:  # handed to wait()
                self._error = err

        self._thread = threading.Thread(target=target, name="bandfit-duckdb", daemon=True)
        self._thread.start()

    def wait(self, *, reraise: bool = True) -> None:
        """Block until the statement finished; raise its error (if ``reraise``)."""
        self._thread.join()
        if self._error is not None and reraise:
            raise self._error


class DuckDBBackend:
    """Screen with an embedded DuckDB connection (one per job).

    ``memory_limit`` (default :func:`default_memory_limit`) bounds DuckDB's memory; it spills
    beyond. ``threads`` defaults to DuckDB's (all cores). ``intermediate`` is ``auto``,
    ``table`` or ``parquet`` (see :func:`intermediate_store`).
    """

    name = "duckdb"

    def __init__(
        self,
        *,
        memory_limit: str | None = None,
        threads: int | None = None,
        intermediate: str | None = None,
    ) -> None:
        try:
            import duckdb
        except ImportError as err:
            raise BackendUnavailableError(
                "duckdb", reason=str(err), install="'bandfit[data]'"
            ) from None
        self._duckdb = duckdb
        self.memory_limit = check_memory_limit(memory_limit or default_memory_limit())
        self.intermediate = intermediate or os.environ.get("BANDFIT_DUCKDB_INTERMEDIATE", "auto")
        if self.intermediate not in ("auto", "table", "parquet"):
            raise InvalidInputError(
                f"unknown DuckDB intermediate store {self.intermediate!r}",
                hint="use auto, table or parquet",
                value=self.intermediate,
            )
        self.threads = threads
        self._con: Any = None
        self._spec: InputSpec | None = None
        self._default_operator: str | None = None
        self._workdir = Path(".")
        self._dups: _Background | None = None
        self._store = "parquet"
        self.input_rows = 0

    # -- plumbing -------------------------------------------------------------------------------
    def _connect(self, workdir: Path) -> Any:
        con = self._duckdb.connect(config={"allow_unsigned_extensions": False})
        spill = workdir / "duckdb-spill"
        spill.mkdir(parents=True, exist_ok=True)
        con.execute(f"SET memory_limit = {DUCKDB.lit(self.memory_limit)}")
        con.execute(f"SET temp_directory = {DUCKDB.lit(str(spill))}")
        con.execute("SET preserve_insertion_order = true")
        con.execute("SET enable_progress_bar = true")
        con.execute("SET enable_progress_bar_print = false")
        if self.threads:
            con.execute(f"SET threads = {int(self.threads)}")
        return con

    def _watch(
        self, stage: str, total: int | None, progress: Progress | None
    ) -> AbstractContextManager[None]:
        """Report DuckDB's query progress (a percentage) as rows while a statement runs."""

        def rows_done() -> int | None:
            pct = float(self._con.query_progress())
            return int(total * min(pct, 100.0) / 100.0) if pct >= 0 and total else None

        return watch_progress(stage, total, progress, rows_done, interval=0.25)

    def _run(self, sql: str) -> Any:
        try:
            return self._con.execute(sql)
        except self._duckdb.InvalidInputException as err:
            text = str(err)
            if "unicode" in text.lower() or "utf-8" in text.lower():
                raise InvalidInputError(
                    f"input is not valid UTF-8: {text.splitlines()[0]}",
                    hint="convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8)",
                ) from None
            raise InvalidInputError(f"cannot read input: {text.splitlines()[0]}") from None
        except self._duckdb.IOException as err:
            raise InvalidInputError(f"cannot read input: {str(err).splitlines()[0]}") from None
        except self._duckdb.ConversionException as err:
            raise InvalidInputError(
                f"cannot read input: {str(err).splitlines()[0]}",
                hint="give each input column one type in every part (strings, or integers for "
                "ids), e.g. by writing all parts with the same schema",
            ) from None
        except self._duckdb.OutOfMemoryException as err:
            raise BackendUnavailableError(
                "duckdb",
                reason=f"out of memory at memory_limit {self.memory_limit}: {str(err).splitlines()[0]}",
            ) from None

    # -- input ----------------------------------------------------------------------------------
    def _stage_csv(self, spec: InputSpec, workdir: Path, progress: Progress | None) -> None:
        """Copy each CSV file's raw lines, in file order, to a Parquet file of lines.

        ``new_line`` is set explicitly: with it DuckDB ends a line at every ``\\n`` and every
        ``\\r`` (a ``\\r\\n`` gives one extra, empty line, and empty lines are not rows), which
        is the contract's "lines end at \\n, \\r\\n or \\r". Left to guess, it picked one style
        per file and split stray CRs wrongly. A line longer than :data:`MAX_LINE_BYTES` stops
        the job, as in the other backends (DuckDB's own limit is set above it, so that the
        check here decides).
        """
        lines_dir = workdir / "lines"
        lines_dir.mkdir(parents=True, exist_ok=True)
        staged = []
        for f in spec.files:
            target = lines_dir / f"lines_{f.index:06d}.parquet"
            read = (
                f"read_csv({_read_path(f.path)}, columns = {{'line': 'VARCHAR'}}, header = false, "
                "delim = '\\0', quote = '', escape = '', new_line = '\\n', "
                f"max_line_size = {2 * MAX_LINE_BYTES + 64}, auto_detect = false, "
                "strict_mode = false, compression = 'auto')"
            )
            line = (
                f"CASE WHEN strlen(line) > {MAX_LINE_BYTES} THEN error({DUCKDB.lit(_TOO_LONG)}) "
                "ELSE line END AS line"
            )
            if progress is not None:
                progress(f"staging {f.path.name}", f.index, len(spec.files))
            try:
                self._con.execute(
                    f"COPY (SELECT {line} FROM {read}) TO {DUCKDB.lit(str(target))} (FORMAT parquet)"
                )
            except (self._duckdb.InvalidInputException, self._duckdb.IOException) as err:
                raise _csv_error(f.path, str(err)) from None
            staged.append(_read_path(target))
        self._con.register("fleet_files", csv_files_table(spec))
        listed = ", ".join(staged)  # explicit files: a pattern would glob the work directory
        self._con.execute(
            f"""CREATE VIEW fleet_lines AS
            SELECT CAST(regexp_extract(filename, 'lines_([0-9]+)\\.parquet$', 1) AS BIGINT) AS _file,
                   CAST(0 AS BIGINT) AS _blk, file_row_number AS _pos, line
            FROM read_parquet([{listed}], filename = true, file_row_number = true)"""
        )
        self._con.execute(
            f"CREATE VIEW fleet_src AS {csv_src_sql(DUCKDB, {'lines': 'fleet_lines', 'files': 'fleet_files'})}"
        )

    def _parquet_src(self, spec: InputSpec) -> None:
        groups = spec.column_groups()
        paths = {f.index: str(f.path) for f in spec.files}
        self._con.register("fleet_pfiles", parquet_files_table(spec, paths))
        selects = []
        for mapping, indexes in groups:
            cols = ", ".join(
                f"CAST(r.{_ident(mapping[c])} AS VARCHAR) AS {c}"
                if c in mapping
                else f"CAST(NULL AS VARCHAR) AS {c}"
                for c in CONTRACT_COLUMNS
            )
            files = ", ".join(_read_path(paths[i]) for i in indexes)
            selects.append(
                f"""SELECT pf._file, CAST(0 AS BIGINT) AS _blk, r.file_row_number AS _pos,
                       CAST(NULL AS VARCHAR) AS _bad, CAST(NULL AS VARCHAR) AS _msg, CAST(NULL AS VARCHAR) AS _line, {cols}
                FROM read_parquet([{files}], filename = true, file_row_number = true) r
                JOIN fleet_pfiles pf ON pf.path = r.filename"""
            )
        self._con.execute("CREATE VIEW fleet_src AS " + "\nUNION ALL\n".join(selects))

    # -- contract -------------------------------------------------------------------------------
    def scan(
        self,
        spec: InputSpec,
        workdir: Path,
        *,
        default_operator: str | None,
        progress: Progress | None,
    ) -> InputKeys:
        """Stage CSV lines (if CSV); write the per-row pass once; count and collect keys.

        Duplicate row ids are then searched on a background thread while the caller resolves
        the keys in Python (DuckDB runs without the GIL, so the search uses the cores the
        single-threaded lookups leave idle); :meth:`write` waits for it.
        """
        self._spec, self._default_operator, self._workdir = spec, default_operator, workdir
        self._con = self._connect(workdir)
        if spec.fmt == "csv":
            self._stage_csv(spec, workdir, progress)
        else:
            self._parquet_src(spec)
        total = parquet_input_rows(spec)
        staged = total if total is not None else _parquet_rows_in(workdir / "lines")
        self._store = intermediate_store(self.intermediate, staged, self.memory_limit)
        with self._watch("reading and checking rows", total, progress):
            self._materialize(
                "rows", rows_sql(DUCKDB, {"src": "fleet_src"}, default_operator=default_operator)
            )
        self.input_rows = int(self._run("SELECT count(*) FROM fleet_rows").fetchone()[0])
        tables = {"rows": "fleet_rows"}
        with self._watch("collecting keys", self.input_rows, progress):
            rows = self._run(keys_sql(tables)).fetchall()
        self._dups = _Background(
            self._run, f"CREATE TEMP TABLE fleet_dups AS {dups_sql(DUCKDB, tables)}"
        )
        return InputKeys.from_grouping_rows(rows, self.input_rows)

    def write(
        self, lookups: Lookups, out: Path, *, id_column: str, progress: Progress | None
    ) -> RunCounts:
        """Classify once, write results and rejects in input order, aggregate the written files.

        Waits first for the duplicate search started by :meth:`scan`.
        """
        if self._dups is not None:
            with self._watch("finding duplicate row ids", self.input_rows, progress):
                self._dups.wait()
            self._dups = None
        self._register_lookups(lookups)
        names = [
            "rows", "tac_map", "model_map", "device_map", "operator_map",
            "variants", "operators", "verdicts", "verdicts_baseline", "dups",
        ]  # fmt: skip
        tables = {n: f"fleet_{n}" for n in names}
        base = pipeline_sql(DUCKDB, tables, id_column=id_column, baseline=lookups.with_baseline)
        results, rejects = out / "results.parquet", out / "rejects.parquet"
        opts = "(FORMAT parquet, COMPRESSION zstd)"
        # classify every row once (parallel, unordered), then write both outputs from that
        with self._watch("screening", self.input_rows, progress):
            self._materialize(
                "explained",
                f"""{base} SELECT {_ORD} AS _ord, rid, how, tac_key, vkey, okey, code, field,
                raw_value, message FROM explained""",
            )
        # the change category as an ENUM too, cast once per pair (a few thousand) rather than
        # written as a string per row: in-process A/B on the 10 M-row benchmark, the results
        # statement took 2.7-3.5 s instead of 3.2-3.8 s
        pairs = "SELECT * REPLACE (CAST(change AS fleet_e_change) AS change) FROM pairs"
        self._con.execute(
            f"CREATE TEMP TABLE fleet_pairs AS {base} "
            + (pairs if lookups.with_baseline else "SELECT * FROM pairs")
        )
        views = {"explained": "fleet_explained", "pairs": "fleet_pairs"}
        result_names = column_names(result_columns(lookups.with_baseline))
        with self._watch("writing results", self.input_rows, progress):
            select = results_sql(lookups.with_baseline, tables=views, order=("_ord",))
            self._run(
                f"COPY ({_nullable(select, result_names)}) TO {DUCKDB.lit(str(results))} {opts}"
            )
        with self._watch("writing rejects", self.input_rows, progress):
            select = rejects_sql(tables=views, order=("_ord",))
            self._run(
                f"COPY ({_nullable(select, column_names(REJECT_COLUMNS))}) "
                f"TO {DUCKDB.lit(str(rejects))} {opts}"
            )
        queries = aggregate_sql(
            f"read_parquet({_read_path(results)})",
            f"read_parquet({_read_path(rejects)})",
            baseline=lookups.with_baseline,
        )
        fetched = {name: self._run(q).fetchall() for name, q in queries.items()}
        return run_counts(self.input_rows, fetched, lookups.with_baseline)

    def _materialize(self, name: str, select: str) -> None:
        """Run ``select`` once into ``fleet_<name>``: a DuckDB temp table or a Parquet file,
        as :func:`intermediate_store` chose for this input."""
        if self._store == "table":
            self._run(f"CREATE TEMP TABLE fleet_{name} AS {select}")
            return
        path = self._workdir / f"{name}.parquet"
        self._run(
            f"COPY ({select}) TO {DUCKDB.lit(str(path))} (FORMAT parquet, COMPRESSION lz4_raw)"
        )
        self._con.execute(
            f"CREATE VIEW fleet_{name} AS SELECT * FROM read_parquet({_read_path(path)})"
        )

    def _register_lookups(self, lookups: Lookups) -> None:
        """Register the lookups; the verdict-side strings become ENUMs.

        Why ENUMs: results are sorted by input position before writing, and DuckDB's sort moves
        every payload column. Device, variant and operator ids, statuses, reason codes and change
        categories come from a few thousand values; as ENUMs they travel through the sort as
        small integers (about 4x faster on 10 M rows) and are written to Parquet as ordinary
        strings.
        """
        tables = lookup_tables(lookups)
        for name, table in tables.items():
            self._con.register(f"fleet_raw_{name}", table)

        def values(table: str, column: str) -> list[str]:
            col = tables[table].column(column).to_pylist()
            flat = [v for item in col for v in (item if isinstance(item, list) else [item])]
            return sorted({v for v in flat if v is not None})

        enums = {
            "dev": values("variants", "device_id"),
            "var": values("variants", "variant_id"),
            "op": values("operators", "operator_id"),
            "status": [s.value for s in Status],
            "change": list(CHANGES),
            "voice": sorted({*values("verdicts", "voice"), *values("verdicts_baseline", "voice")}),
            "reason": sorted(
                {*values("verdicts", "reasons"), *values("verdicts_baseline", "reasons")}
            ),
        }
        for name, vals in enums.items():
            listed = ", ".join(DUCKDB.lit(v) for v in (vals or ["-"]))
            self._con.execute(f"CREATE TYPE fleet_e_{name} AS ENUM ({listed})")
        for name in ("tac_map", "model_map", "device_map", "operator_map"):
            self._con.execute(f"CREATE VIEW fleet_{name} AS SELECT * FROM fleet_raw_{name}")
        self._con.execute(
            "CREATE VIEW fleet_variants AS SELECT vkey, CAST(device_id AS fleet_e_dev) AS device_id, "
            "CAST(variant_id AS fleet_e_var) AS variant_id FROM fleet_raw_variants"
        )
        self._con.execute(
            "CREATE VIEW fleet_operators AS SELECT okey, CAST(operator_id AS fleet_e_op) AS operator_id "
            "FROM fleet_raw_operators"
        )
        for name in ("verdicts", "verdicts_baseline"):
            self._con.execute(
                f"""CREATE VIEW fleet_{name} AS SELECT vkey, okey, CAST(status AS fleet_e_status) AS status,
                status_rank, radio_score, CAST(voice AS fleet_e_voice) AS voice, voice_rank,
                CAST(reasons AS fleet_e_reason[]) AS reasons FROM fleet_raw_{name}"""
            )

    def close(self) -> None:
        """Close the connection (after stopping a duplicate search still running)."""
        if self._dups is not None:
            self._con.interrupt()
            self._dups.wait(reraise=False)
            self._dups = None
        if self._con is not None:
            self._con.close()
            self._con = None
