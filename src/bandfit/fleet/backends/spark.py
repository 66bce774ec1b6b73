"""The Spark backend: the shared SQL on Spark, locally (``local[*]``) or on a cluster.

Why Spark: fleets held in a data lake are screened where they live, by ``spark-submit`` on the
cluster (see ``docs/guides/fleet-screening.md`` for the command). The per-row rules, including
the IMEI Luhn check, are the shared SQL of :mod:`bandfit.fleet.sql` — Spark SQL functions, not
a Python UDF per row — so the work runs in the JVM executors.

How the input is read:

* Parquet: ``spark.read.parquet`` per group of files with the same columns; the input order
  is ``(file, _metadata.row_index)``.
* CSV: ``spark.read.text`` (lines), ordered by ``(file, _metadata.file_block_start,
  monotonically_increasing_id())`` — the id increases along each split, and a split is
  identified by its start offset — then split into fields in SQL, as in the other backends.

Outputs: each is sorted by input position and written as a single Parquet file (one final
task), moved to ``results.parquet`` / ``rejects.parquet``. The input and the output directory
must be on a filesystem the driver sees at the same path (local disk in local mode; a shared
mount such as NFS on a cluster), because the driver lists the input and swaps the output.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import urllib.parse
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from bandfit.errors import BackendUnavailableError, InvalidInputError
from bandfit.fleet.backends.base import Progress, run_counts, watch_progress
from bandfit.fleet.contract import (
    CONTRACT_COLUMNS,
    InputSpec,
    Lookups,
    RunCounts,
    rejects_schema,
    result_columns,
    results_schema,
)
from bandfit.fleet.inputs import MAX_LINE_BYTES, line_too_long_error, parquet_input_rows
from bandfit.fleet.lookups import InputKeys
from bandfit.fleet.sql import (
    SPARK,
    aggregate_sql,
    csv_src_sql,
    dups_sql,
    keys_sql,
    pipeline_sql,
    rejects_sql,
    rows_sql,
)
from bandfit.fleet.tables import (
    csv_files_table,
    lookup_tables,
    parquet_files_table,
)

__all__ = ["SparkBackend", "local_session"]

_ROW_SIDE = {"row_id": "rid", "resolved_by": "how", "tac": "tac_key"}


def _sorted_results_sql(baseline: bool, tables: dict[str, str]) -> str:
    """Accepted rows in input order, sorting only narrow columns.

    Why not :func:`~bandfit.fleet.sql.results_sql` (join, then sort): Spark's sort then moves
    every verdict string of every row (10 M rows: 21-22 s without writing). Here the sort
    carries the row's own columns and a pair number, and the verdict columns are read after
    the sort from one array of the pairs (a scalar subquery, evaluated once), indexed by that
    number — a projection, which keeps the order, where a join after the sort would not (and
    Spark's optimizer removes a sort placed below a join). Same 10 M rows: 10-16 s.
    """
    explained, pairs = tables["explained"], tables["pairs"]
    verdict = [name for name, _kind in result_columns(baseline) if name not in _ROW_SIDE]
    fields = ", ".join(["pidx", *verdict])
    select = ", ".join(
        f"o.{_ROW_SIDE[name]} AS {name}" if name in _ROW_SIDE else f"o.p.{name} AS {name}"
        for name, _kind in result_columns(baseline)
    )
    return f"""
    SELECT {select} FROM (
      SELECT s.rid, s.how, s.tac_key,
             element_at((SELECT array_sort(collect_list(struct({fields}))) FROM {pairs}), s.pidx) AS p
      FROM (
        SELECT e._file, e._blk, e._pos, e.rid, e.how, e.tac_key, pr.pidx
        FROM {explained} e JOIN {pairs} pr ON pr.vkey = e.vkey AND pr.okey = e.okey
        WHERE e.code IS NULL
        ORDER BY e._file, e._blk, e._pos
      ) s
    ) o"""


_RUN = itertools.count()

# HotSpot does not JIT-compile methods above 8,000 bytes of bytecode, and the code Spark
# generates for the classification (one method for the whole row) is larger: it then runs
# interpreted. Measured on the 10 M-row benchmark fleet, the classification took 41 s without
# this flag and 8 s with it (splitting Spark's generated methods smaller,
# ``spark.sql.codegen.methodSplitThreshold``, did not help: 29-39 s).
JIT_HUGE_METHODS = "-XX:-DontCompileHugeMethods"


def local_session(
    *, master: str | None = None, driver_memory: str = "4g", app_name: str = "bandfit-fleet"
) -> Any:
    """The active Spark session; under ``spark-submit`` the cluster's; else a local one.

    ``spark-submit`` starts the JVM first and tells the Python driver through
    ``PYSPARK_GATEWAY_PORT``; then the master, memory and network settings are the cluster's
    and nothing is overridden (see the fleet guide for the JVM option to pass there). Otherwise
    a ``local[*]`` session bound to loopback with the UI off is started (``master`` overrides
    ``local[*]``), whose JVM compiles huge methods (:data:`JIT_HUGE_METHODS`).

    Raises:
        BackendUnavailableError: pyspark or Java is missing, or the JVM does not start.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as err:
        raise BackendUnavailableError(
            "spark", reason=str(err), install="'bandfit[spark]'"
        ) from None
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    try:
        if "PYSPARK_GATEWAY_PORT" in os.environ and master is None:
            spark = SparkSession.builder.appName(app_name).getOrCreate()
        else:
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
            spark = (
                SparkSession.builder.master(master or "local[*]")
                .appName(app_name)
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.memory", driver_memory)
                .config("spark.driver.extraJavaOptions", JIT_HUGE_METHODS)
                .config("spark.executor.extraJavaOptions", JIT_HUGE_METHODS)
                .config("spark.sql.shuffle.partitions", str(max(2, (os.cpu_count() or 2) * 2)))
                .getOrCreate()
            )
    except Exception as err:  # JVM start-up failures surface as several exception types
        raise BackendUnavailableError(
            "spark", reason=f"cannot start a Spark session: {err}"
        ) from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _norm_uri(col: str) -> str:
    """SQL: Spark reports ``file:/x`` in ``_metadata`` but ``file:///x`` from ``inputFiles``."""
    return f"regexp_replace({col}, r'^([A-Za-z][A-Za-z0-9+.-]*):///', '$1:/')"


_GLOB_CHARS = re.compile(r"([\\*?\[\]{}])")


def _read_uri(path: Path) -> str:
    """A local file as Spark's readers must be given it: ``file://``, the absolute path, and
    each glob character escaped.

    Why not ``Path.as_uri()``: Spark hands every read path to Hadoop's glob (``*``, ``?``,
    ``[...]``, ``{a,b}``, ``\\``), so ``p[1].csv`` read ``p1.csv`` and ``q?.csv`` read ``qq.csv``
    as well; and Hadoop does not decode ``%XX``, so the percent-encoded ``my%20fleet.csv`` named
    a file that does not exist. Hadoop quotes spaces and ``%`` itself.
    """
    return "file://" + _GLOB_CHARS.sub(r"\\\1", str(path.resolve()))


def _write_uri(path: Path) -> str:
    """A local directory as Spark's writers take it: written literally (no glob, no decoding)."""
    return "file://" + str(path.resolve())


def _uri_to_path(uri: str) -> Path:
    parsed = urllib.parse.urlparse(uri)
    if parsed.scheme not in ("", "file"):
        raise InvalidInputError(
            f"the Spark backend reads local or mounted paths only, not {uri}", value=uri
        )
    return Path(urllib.parse.unquote(parsed.path)).resolve()


class SparkBackend:
    """Screen with a Spark session (given, active, or a new local one)."""

    name = "spark"

    def __init__(
        self, *, session: Any = None, master: str | None = None, driver_memory: str = "4g"
    ) -> None:
        self.spark = (
            session
            if session is not None
            else local_session(master=master, driver_memory=driver_memory)
        )
        self.prefix = f"bandfit_fleet_{os.getpid()}_{next(_RUN)}_"
        self._views: list[str] = []
        self._workdir = Path(".")
        self.input_rows = 0

    # -- plumbing -------------------------------------------------------------------------------
    def _view(self, name: str, df: Any) -> str:
        full = self.prefix + name
        df.createOrReplaceTempView(full)
        self._views.append(full)
        return full

    def _sql(self, text: str) -> Any:
        return self.spark.sql(text)

    def _watch(
        self, stage: str, total: int | None, progress: Progress | None
    ) -> AbstractContextManager[None]:
        """Report task completion of the running stages as a share of ``total`` rows."""
        tracker = self.spark.sparkContext.statusTracker()

        def rows_done() -> int | None:
            infos = [tracker.getStageInfo(s) for s in tracker.getActiveStageIds()]
            tasks = sum(i.numTasks for i in infos if i)
            finished = sum(i.numCompletedTasks for i in infos if i)
            return int(total * finished / tasks) if tasks and total else None

        return watch_progress(stage, total, progress, rows_done, interval=0.5)

    def _file_index(
        self, df: Any, spec: InputSpec, indexes: list[int] | None = None
    ) -> dict[int, str]:
        """Input file index -> the URI Spark reports in ``_metadata.file_path`` (normalised)."""
        files = [spec.files[i] for i in indexes] if indexes is not None else list(spec.files)
        by_path = {f.path.resolve(): f.index for f in files}
        uris: dict[int, str] = {}
        for uri in df.inputFiles():
            index = by_path.get(_uri_to_path(uri))
            if index is not None:
                uris[index] = re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*):///", r"\1:/", uri)
        missing = [str(f.path) for f in files if f.index not in uris]
        if missing:
            raise InvalidInputError(f"Spark did not list input files: {', '.join(missing[:3])}")
        return uris

    # -- input ----------------------------------------------------------------------------------
    def _csv_src(self, spec: InputSpec) -> str:
        from pyspark.sql import functions as sf

        raw = self.spark.read.text([_read_uri(f.path) for f in spec.files])
        uris = self._file_index(raw, spec)
        lines = raw.select(
            sf.col("value").alias("line"),
            sf.col("_metadata.file_path").alias("_path"),
            sf.col("_metadata.file_block_start").alias("_blk"),
            sf.monotonically_increasing_id().alias("_pos"),
        )
        paths = self._view("paths", self.spark.createDataFrame(parquet_files_table(spec, uris)))
        lines_view = self._view("raw_lines", lines)
        joined = self._sql(
            f"SELECT p._file, l._blk, l._pos, l.line FROM {lines_view} l JOIN {paths} p ON p.path = {_norm_uri('l._path')}"
        )
        tables = {
            "lines": self._view("lines", joined),
            "files": self._view("files", self.spark.createDataFrame(csv_files_table(spec))),
        }
        # Spark's text reader passes undecodable bytes and lines of any length through where
        # DuckDB and Python stop; stop here too (``is_valid_utf8``, Spark 4; the same byte limit),
        # so all backends refuse the same files. One pass finds either.
        bad = self._sql(
            f"""SELECT _file, is_valid_utf8(line) FROM {tables["lines"]}
            WHERE NOT is_valid_utf8(line) OR octet_length(line) > {MAX_LINE_BYTES} LIMIT 1"""
        ).collect()
        if bad:
            path = spec.files[int(bad[0][0])].path
            if bad[0][1]:
                raise line_too_long_error(path)
            raise InvalidInputError(
                f"input is not valid UTF-8: {path}",
                hint="convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8)",
            )
        return self._view("src", self._sql(csv_src_sql(SPARK, tables)))

    def _parquet_src(self, spec: InputSpec) -> str:
        from pyspark.sql import functions as sf

        groups = spec.column_groups()
        frames = []
        all_uris: dict[int, str] = {}
        for mapping, indexes in groups:
            df = self.spark.read.parquet(*[_read_uri(spec.files[i].path) for i in indexes])
            all_uris.update(self._file_index(df, spec, indexes))
            cols = [
                (
                    sf.col(f"`{mapping[c]}`").cast("string")
                    if c in mapping
                    else sf.lit(None).cast("string")
                ).alias(c)
                for c in CONTRACT_COLUMNS
            ]
            frames.append(
                df.select(
                    sf.col("_metadata.file_path").alias("_path"),
                    sf.col("_metadata.row_index").alias("_pos"),
                    *cols,
                )
            )
        union = frames[0]
        for frame in frames[1:]:
            union = union.unionByName(frame)
        paths = self._view("paths", self.spark.createDataFrame(parquet_files_table(spec, all_uris)))
        raw = self._view("raw_rows", union)
        cols_sql = ", ".join(f"r.{c}" for c in CONTRACT_COLUMNS)
        return self._view(
            "src",
            self._sql(
                f"""SELECT p._file, CAST(0 AS BIGINT) AS _blk, r._pos, CAST(NULL AS STRING) AS _bad,
                CAST(NULL AS STRING) AS _msg, CAST(NULL AS STRING) AS _line, {cols_sql}
                FROM {raw} r JOIN {paths} p ON p.path = {_norm_uri("r._path")}"""
            ),
        )

    # -- contract -------------------------------------------------------------------------------
    def scan(
        self,
        spec: InputSpec,
        workdir: Path,
        *,
        default_operator: str | None,
        progress: Progress | None,
    ) -> InputKeys:
        """The per-row pass (written once as Parquet), then row count, distinct keys and
        duplicate positions (also written as Parquet)."""
        src = self._csv_src(spec) if spec.fmt == "csv" else self._parquet_src(spec)
        self._workdir = workdir
        # Parquet footers give the row count up front, so the longest stage shows progress
        total = parquet_input_rows(spec)
        with self._watch("reading and checking rows", total, progress):
            rows_df = self._checkpoint(
                "rows", self._sql(rows_sql(SPARK, {"src": src}, default_operator=default_operator))
            )
            self.input_rows = int(rows_df.count())
        tables = {"rows": self._view("rows", rows_df)}
        with self._watch("collecting keys", self.input_rows, progress):
            found = self._sql(keys_sql(tables)).collect()
        with self._watch("finding duplicate row ids", self.input_rows, progress):
            self._view("dups", self._checkpoint("dups", self._sql(dups_sql(SPARK, tables))))
        return InputKeys.from_grouping_rows(found, self.input_rows)  # Rows are tuples

    def _checkpoint(self, name: str, df: Any) -> Any:
        """Write ``df`` once as Parquet in the job's work directory and read it back.

        Why not ``persist``: a persisted DataFrame is only reused when a later plan matches
        its plan, and the SQL over this job's temp views never did — every later statement
        recomputed the per-row pass and the duplicate search from the input (2 M rows:
        the classification alone took 22 s). Parquet files cut the lineage for certain, keep
        executors' memory for the sorts, and lie where the output does (a path the driver
        and the executors share, see the module docstring).
        """
        path = (self._workdir / f"spark-{name}").resolve()
        df.write.mode("overwrite").option("compression", "lz4").parquet(_write_uri(path))
        return self.spark.read.parquet(_read_uri(path))

    def _write_single(self, df: Any, target: Path, schema: Any) -> None:
        """Write a globally sorted DataFrame in parallel, then join its parts into one file.

        ``orderBy`` range-partitions the rows, so the part files in name order are in input
        order; the driver streams their row groups into ``target`` with the contract's Arrow
        schema (one row group in memory at a time). Funnelling the rows through a single Spark
        task instead (``coalesce(1)``) ran out of heap at 10 M rows.
        """
        import pyarrow.parquet as pq

        staging = target.parent / f"_spark_{target.stem}"
        df.write.mode("overwrite").option("compression", "zstd").parquet(_write_uri(staging))
        parts = sorted(staging.glob("part-*.parquet"))
        with pq.ParquetWriter(target, schema, compression="zstd") as writer:
            for part in parts:
                file = pq.ParquetFile(part)
                for i in range(file.num_row_groups):
                    writer.write_table(file.read_row_group(i).cast(schema))
        shutil.rmtree(staging)

    def write(
        self, lookups: Lookups, out: Path, *, id_column: str, progress: Progress | None
    ) -> RunCounts:
        """Materialise the classified rows once, then write both outputs sorted by input position."""
        tables = {"rows": self.prefix + "rows", "dups": self.prefix + "dups"}
        for name, table in lookup_tables(lookups).items():
            tables[name] = self._view(name, self.spark.createDataFrame(table))
        base = pipeline_sql(SPARK, tables, id_column=id_column, baseline=lookups.with_baseline)
        # only what the two outputs need, classified once
        with self._watch("screening", self.input_rows, progress):
            explained = self._checkpoint(
                "explained",
                self._sql(
                    f"""{base} SELECT _file, _blk, _pos, rid, how, tac_key, vkey, okey, code, field,
                    raw_value, message FROM explained"""
                ),
            )
        names = {
            "explained": self._view("explained", explained),
            "pairs": self._indexed_pairs(
                self._sql(f"{base} SELECT * FROM pairs ORDER BY vkey, okey")
            ),
        }
        with self._watch("writing results", self.input_rows, progress):
            self._write_single(
                self._sql(_sorted_results_sql(lookups.with_baseline, names)),
                out / "results.parquet",
                results_schema(lookups.with_baseline),
            )
        with self._watch("writing rejects", self.input_rows, progress):
            self._write_single(
                self._sql(rejects_sql(tables=names)), out / "rejects.parquet", rejects_schema()
            )
        results = self._view("results", self.spark.read.parquet(_read_uri(out / "results.parquet")))
        rejects = self._view("rejects", self.spark.read.parquet(_read_uri(out / "rejects.parquet")))
        queries = aggregate_sql(results, rejects, baseline=lookups.with_baseline)
        fetched = {name: [tuple(r) for r in self._sql(q).collect()] for name, q in queries.items()}
        return run_counts(self.input_rows, fetched, lookups.with_baseline)

    def _indexed_pairs(self, pairs: Any) -> str:
        """The (variant, operator) pairs (a few thousand) numbered 1..n on the driver, as a view."""
        from pyspark.sql.types import IntegerType, StructField, StructType

        schema = StructType([StructField("pidx", IntegerType(), False), *pairs.schema.fields])
        rows = [(i, *row) for i, row in enumerate(pairs.collect(), start=1)]
        return self._view("pairs", self.spark.createDataFrame(rows, schema))

    def close(self) -> None:
        """Drop this job's views (the session stays up for reuse; the Parquet intermediates
        go with the work directory)."""
        for view in self._views:
            self.spark.catalog.dropTempView(view)
        self._views.clear()
