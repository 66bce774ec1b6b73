"""Arrow forms of the lookup and file tables, and the summary shape both SQL engines fill.

Why Arrow: DuckDB registers Arrow tables without copying and Spark builds DataFrames from them,
so the Python-side lookups reach both engines with the same types (int64 keys, string codes,
``list<string>`` reasons, float64 scores).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bandfit.fleet.contract import (
    CHANGES,
    DEFAULT_ID_COLUMN,
    IDENTITY_COLUMNS,
    MAP_COLUMNS,
    OPERATOR_COLUMN,
    REJECT_CODES,
    RESOLVED_BY,
    VERDICT_COLUMNS,
    InputSpec,
    Lookups,
)

__all__ = [
    "csv_files_table",
    "empty_aggregates",
    "finish_aggregates",
    "lookup_tables",
    "parquet_files_table",
]

CSV_COLUMNS = (DEFAULT_ID_COLUMN, *IDENTITY_COLUMNS, OPERATOR_COLUMN)


def lookup_tables(lookups: Lookups) -> dict[str, Any]:
    """``tac_map, model_map, device_map, operator_map, variants, operators, verdicts, verdicts_baseline``."""
    import pyarrow as pa

    map_schema = pa.schema(
        [("key", pa.string()), ("id", pa.int64()), ("code", pa.string()), ("message", pa.string())]
    )
    tac_schema = map_schema.append(pa.field("luhn", pa.int32()))
    verdict_schema = pa.schema(
        [
            ("vkey", pa.int64()),
            ("okey", pa.int64()),
            ("status", pa.string()),
            ("status_rank", pa.int64()),
            ("radio_score", pa.float64()),
            ("voice", pa.string()),
            ("voice_rank", pa.int64()),
            ("reasons", pa.list_(pa.string())),
        ]
    )

    def table(rows: Sequence[Sequence[Any]], names: Sequence[str], schema: Any) -> Any:
        cols = list(zip(*rows, strict=True)) if rows else [()] * len(names)
        return pa.table(
            [
                pa.array(list(c), type=schema.field(n).type)
                for c, n in zip(cols, names, strict=True)
            ],
            schema=schema,
        )

    assert tuple(map_schema.names) == MAP_COLUMNS
    assert tuple(verdict_schema.names) == VERDICT_COLUMNS
    return {
        "tac_map": table(lookups.tac_map, (*MAP_COLUMNS, "luhn"), tac_schema),
        "model_map": table(lookups.model_map, MAP_COLUMNS, map_schema),
        "device_map": table(lookups.device_map, MAP_COLUMNS, map_schema),
        "operator_map": table(lookups.operator_map, MAP_COLUMNS, map_schema),
        "variants": table(
            lookups.variants,
            ("vkey", "device_id", "variant_id"),
            pa.schema(
                [("vkey", pa.int64()), ("device_id", pa.string()), ("variant_id", pa.string())]
            ),
        ),
        "operators": table(
            lookups.operators,
            ("okey", "operator_id"),
            pa.schema([("okey", pa.int64()), ("operator_id", pa.string())]),
        ),
        "verdicts": table(lookups.verdicts, VERDICT_COLUMNS, verdict_schema),
        "verdicts_baseline": table(lookups.verdicts_baseline, VERDICT_COLUMNS, verdict_schema),
    }


def csv_files_table(spec: InputSpec) -> Any:
    """Per CSV file: ``_file, header, n_fields`` and 1-based ``p_<column>`` field positions."""
    import pyarrow as pa

    data: dict[str, list[Any]] = {"_file": [], "header": [], "n_fields": []}
    for c in CSV_COLUMNS:
        data[f"p_{c}"] = []
    for f in spec.files:
        data["_file"].append(f.index)
        data["header"].append(f.header)
        data["n_fields"].append(f.n_fields)
        for c in CSV_COLUMNS:
            data[f"p_{c}"].append(int(f.columns[c]) + 1 if c in f.columns else None)
    types = {"_file": pa.int64(), "header": pa.string()}
    return pa.table({k: pa.array(v, type=types.get(k, pa.int32())) for k, v in data.items()})


def parquet_files_table(spec: InputSpec, paths: Mapping[int, str]) -> Any:
    """Per Parquet file: ``_file`` and the path string the engine reports for it."""
    import pyarrow as pa

    return pa.table(
        {
            "_file": pa.array([f.index for f in spec.files], type=pa.int64()),
            "path": pa.array([paths[f.index] for f in spec.files], type=pa.string()),
        }
    )


def empty_aggregates(baseline: bool) -> dict[str, Any]:
    """The aggregate shape with every known category at zero."""
    from bandfit.compat.verdict import Status

    out: dict[str, Any] = {
        "by_status": {s.value: 0 for s in Status},
        "by_resolved_by": dict.fromkeys(RESOLVED_BY.values(), 0),
        "by_operator": {},
        "by_reject_reason": {},
        "top_affected": [],
    }
    if baseline:
        out["by_change"] = dict.fromkeys(CHANGES, 0)
    return out


def finish_aggregates(
    rows: Mapping[str, Iterable[Sequence[Any]]], baseline: bool
) -> dict[str, Any]:
    """Aggregate query rows (``k, n`` pairs; ``top_affected`` tuples) into the summary shape."""
    out = empty_aggregates(baseline)
    for name in ("by_status", "by_resolved_by", "by_operator", "by_reject_reason", "by_change"):
        if name not in rows:
            continue
        for k, n in rows[name]:
            out[name][str(k)] = int(n)
    out["by_operator"] = dict(sorted(out["by_operator"].items()))
    order = list(REJECT_CODES)
    out["by_reject_reason"] = dict(
        sorted(
            out["by_reject_reason"].items(),
            key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0]),
        )
    )
    keys = [
        "device_id",
        "variant_id",
        "operator_id",
        "status",
        *(["change"] if baseline else []),
        "rows",
    ]
    out["top_affected"] = [
        dict(zip(keys, [*r[:-1], int(r[-1])], strict=True)) for r in rows.get("top_affected", ())
    ]
    return out
