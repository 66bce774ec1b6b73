"""``bandfit data validate|build|import``: check, compile and import catalog data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from bandfit.catalog.load import Catalog
from bandfit.cli._options import JsonOpt, read_text_file
from bandfit.cli._render import EXIT_ERROR, console, emit_json
from bandfit.errors import InvalidInputError

data_app = typer.Typer(help="Catalog data: validate, build, import.", no_args_is_help=True)


def _require_record_tree(root: Path, option: str) -> None:
    """Refuse a tree with nothing to validate.

    Why: a mistyped path used to report "0 record(s), 0 error(s)" and exit 0 — a pass for a
    tree that was never read. (``check --catalog`` already refuses a missing overlay.)

    Raises:
        InvalidInputError: ``root`` is no directory, or has neither ``operators/`` nor ``devices/``.
    """
    if not root.is_dir():
        raise InvalidInputError(
            f"{option} {root}: no such directory",
            hint=f"{option} takes a folder holding operators/ and/or devices/",
            value=str(root),
        )
    if not (root / "operators").is_dir() and not (root / "devices").is_dir():
        raise InvalidInputError(
            f"{option} {root}: no operators/ or devices/ folder, so no record to validate",
            hint="records live in operators/<cc>/<id>.yaml and devices/<brand>/<id>.yaml",
            value=str(root),
        )


@data_app.command("validate")
def data_validate(
    data_dir: Annotated[
        Path, typer.Option("--data", help="Data tree to validate (operators/, devices/).")
    ] = Path("data"),
    catalog: Annotated[
        Path | None,
        typer.Option(
            "--catalog", help="Validate this overlay directory against the shipped catalog instead."
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Report every problem in the data tree (or an overlay with --catalog), with file and place."""
    from bandfit.catalog.compile import read_tree, validate_tree

    base = Catalog.from_compiled()
    root = catalog or data_dir
    _require_record_tree(root, "--catalog" if catalog else "--data")
    records = read_tree(root)
    extra = set(base.operators) if catalog else set()
    problems = validate_tree(records, base.registry, extra_operator_ids=extra)
    errors = [p for p in problems if p.severity == "error"]
    if as_json:
        emit_json(
            {
                "root": str(root),
                "errors": len(errors),
                "warnings": len(problems) - len(errors),
                "problems": [p.to_dict() for p in problems],
            }
        )
    else:
        for p in problems:
            console.print(f"{'ERROR' if p.severity == 'error' else 'warn '} {p}", markup=False)
        n_files = len(records.operators) + len(records.devices)
        console.print(
            f"{root}: {n_files} record(s), {len(errors)} error(s), {len(problems) - len(errors)} warning(s)"
        )
    if errors:
        raise typer.Exit(EXIT_ERROR)


@data_app.command("build")
def data_build(
    data_dir: Annotated[Path, typer.Option("--data", help="Source data tree.")] = Path("data"),
    out: Annotated[Path, typer.Option(help="Output directory for the compiled JSON.")] = Path(
        "src/bandfit/_data"
    ),
    check_only: Annotated[
        bool, typer.Option("--check", help="Fail if the compiled files differ instead of writing.")
    ] = False,
) -> None:
    """Compile data/ (3GPP tables, operators, devices) into the package's JSON with a manifest."""
    from bandfit.catalog.build import build_documents, diff_documents, write_documents

    files = build_documents(data_dir)
    if check_only:
        changed = diff_documents(files, out)
        if changed:
            console.print("stale: " + ", ".join(changed))
            raise typer.Exit(EXIT_ERROR)
        console.print(f"up to date ({len(files)} files)")
        return
    write_documents(files, out)
    manifest = json.loads(files["manifest.json"])
    console.print(
        f"wrote {len(files)} files to {out}: {manifest['counts']} (catalog {manifest['catalog_version']})"
    )


import_app = typer.Typer(
    help="Import public datasets into an overlay directory (--out).", no_args_is_help=True
)
data_app.add_typer(import_app, name="import")
OutOpt = Annotated[
    Path, typer.Option("--out", help="Overlay directory to write (use it later with --catalog).")
]


def _report_import(result: object, written: list[Path], as_json: bool) -> None:
    from bandfit.catalog.importers import ImportResult

    assert isinstance(result, ImportResult)
    if as_json:
        emit_json({**result.to_dict(), "written": len(written)})
        return
    console.print(result.summary())
    for problem in result.problems[:20]:
        console.print(
            f"  {problem.kind}: row {problem.row}: {problem.value!r} — {problem.reason}",
            markup=False,
        )
    if len(result.problems) > 20:
        console.print(f"  ... {len(result.problems) - 20} more (see --json)")
    console.print(f"wrote {len(written)} operator file(s)")


@import_app.command("bandatlas")
def import_bandatlas_cmd(
    directory: Annotated[
        Path,
        typer.Argument(help="Folder with Band Atlas networks.csv, network_bands.csv, sunset.csv."),
    ],
    out: OutOpt,
    prefix: Annotated[
        str, typer.Option(help="Id prefix so imports never replace curated records.")
    ] = "bandatlas-",
    skip_known: Annotated[
        bool, typer.Option(help="Skip operators the catalog already curates.")
    ] = True,
    replace: Annotated[
        bool, typer.Option(help="Allow replacing curated records (needs --prefix '').")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Import Band Atlas operators (LTE/NR band numbers, layers, 2G/3G sunsets) into an overlay."""
    from bandfit.catalog.importers import import_bandatlas, write_overlay

    base = Catalog.from_compiled()
    result = import_bandatlas(directory, prefix=prefix, known=base if skip_known else None)
    written = write_overlay(result.operators, out, base=base, replace=replace)
    _report_import(result, written, as_json)


@import_app.command("mccmnc")
def import_mccmnc_cmd(
    path: Annotated[
        Path, typer.Argument(help="mcc-mnc-list.json (Wikipedia-derived MCC-MNC list).")
    ],
    out: OutOpt,
    prefix: Annotated[
        str, typer.Option(help="Id prefix so imports never replace curated records.")
    ] = "mccmnc-",
    skip_known: Annotated[
        bool, typer.Option(help="Skip PLMNs the catalog already curates.")
    ] = True,
    include_unknown_status: Annotated[
        bool, typer.Option(help="Also import records whose status is Unknown.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Import MCC-MNC operators; MHz labels become candidate-band sets marked inferred."""
    from bandfit.catalog.importers import import_mccmnc, write_overlay

    base = Catalog.from_compiled()
    result = import_mccmnc(
        path,
        prefix=prefix,
        known=base if skip_known else None,
        include_unknown_status=include_unknown_status,
    )
    written = write_overlay(result.operators, out, base=base)
    _report_import(result, written, as_json)


@import_app.command("specsheet")
def import_specsheet_cmd(
    path: Annotated[
        Path, typer.Argument(help="Text file with a pasted GSMArena-style Network block.")
    ],
    out: OutOpt,
    device_id: Annotated[
        str | None, typer.Option("--id", help="Device id brand/model (default from the name line).")
    ] = None,
    infer_cdma: Annotated[
        bool, typer.Option(help="Map 'CDMA 800/1900' to BC0/BC1 (marked inferred).")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Build an overlay device from pasted spec-sheet text; every unparsed fragment is reported."""
    from bandfit.catalog.gsmarena import write_overlay
    from bandfit.catalog.specsheet import parse_pasted_text, to_device

    text = read_text_file(
        path, "spec sheet", "give a text file with the pasted Network block of a spec page"
    )
    sheet = parse_pasted_text(text, infer_cdma=infer_cdma)
    device = to_device(sheet, device_id=device_id)
    written = write_overlay([device], out, base=Catalog.from_compiled())
    problems = [p.to_dict() for p in sheet.problems]
    if as_json:
        emit_json(
            {
                "device": device.model_dump(mode="json", by_alias=True, exclude_defaults=True),
                "problems": problems,
                "written": [str(p) for p in written],
            }
        )
        return
    console.print(
        f"{device.id}: {len(device.variants)} variant(s) written to {', '.join(map(str, written))}"
    )
    for p in problems:
        console.print(f"  unparsed [{p['field']}] {p['fragment']!r}: {p['reason']}", markup=False)


@import_app.command("gsmarena")
def import_gsmarena_cmd(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="GSMArena-style dump(s): nested <Brand>_data.json, .jsonl, or a folder."
        ),
    ],
    out: OutOpt,
    infer_cdma: Annotated[
        bool, typer.Option(help="Map 'CDMA 800/1900' to BC0/BC1 (marked inferred).")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Import thousands of devices from GSMArena-style dumps into an overlay (curated ids skipped)."""
    from collections import Counter

    from bandfit.catalog.gsmarena import import_gsmarena, write_overlay

    base = Catalog.from_compiled()
    report = import_gsmarena(paths, infer_cdma=infer_cdma, known=base)
    written = write_overlay(report.imported, out, base=base)
    if as_json:
        emit_json({**report.summary(), "written": len(written)})
        return
    console.print(report.summary())
    reasons = Counter(p.reason.split(":")[0] for _d, p in report.problems)
    for reason, n in reasons.most_common(10):
        console.print(f"  {n:6d} × {reason}", markup=False)
    console.print(f"wrote {len(written)} device file(s) under {out}")


@import_app.command("tac")
def import_tac_cmd(
    out: Annotated[Path, typer.Option("--out", help="TAC table to write (bandfit.tac/1 CSV).")],
    osmocom: Annotated[list[Path], typer.Option(help="Osmocom TAC database CSV(s).")] = [],  # noqa: B006
    model_list: Annotated[
        list[Path], typer.Option(help="Plain tac,model[,model2...] CSV(s), e.g. the Samsung list.")
    ] = [],  # noqa: B006
    as_json: JsonOpt = False,
) -> None:
    """Build a TAC table from the Osmocom CSV and/or plain tac,model_number lists."""
    from bandfit.catalog.tac import TacTable, read_model_list_csv, read_osmocom_csv, write_tac_table

    if not osmocom and not model_list:
        raise InvalidInputError(
            "give at least one --osmocom or --model-list file",
            hint="e.g. --model-list samsung_tacs.csv",
        )
    imports = [read_osmocom_csv(p) for p in osmocom] + [read_model_list_csv(p) for p in model_list]
    table = TacTable()
    for imp in imports:
        table = table.merged(imp.table)
    rows = write_tac_table(table, out)
    summary = {
        "inputs": [
            {
                "rows": i.rows,
                "accepted": i.accepted,
                "rejected": len(i.rejected),
                "notes": list(i.notes)[:20],
            }
            for i in imports
        ],
        "tacs": rows,
        "out": str(out),
    }
    if as_json:
        emit_json(summary)
        return
    for i, imp in zip(osmocom + model_list, imports, strict=True):
        console.print(
            f"{i}: {imp.rows} rows, {imp.accepted} accepted, {len(imp.rejected)} rejected"
        )
        for r in imp.rejected[:10]:
            console.print(f"  line {r.line}: {r.reason}", markup=False)
    console.print(f"wrote {rows} TACs to {out}")


def register(app: typer.Typer) -> None:
    """Attach the ``data`` group."""
    app.add_typer(data_app, name="data")
