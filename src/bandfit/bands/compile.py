"""Compile the 3GPP CSV tables under ``data/3gpp`` into the registry's JSON.

Why a compile step: the CSVs keep the specifications' own units (decimal MHz as printed) so a
reviewer can compare them line by line with the TS; the package needs integer kHz. Conversion uses
``Decimal`` and rejects any value that is not a whole kHz, so float rounding never enters.
Every row is checked (ranges inside their band, channel ranges consistent with the band edges) and
all problems are reported together.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

__all__ = ["BandDataError", "compile_band_tables", "mhz_to_khz"]


class BandDataError(ValueError):
    """One or more problems in the 3GPP CSV tables (each names file and row)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def mhz_to_khz(text: str) -> int:
    """Convert a decimal MHz string to exact integer kHz (``"1844.9"`` -> ``1844900``).

    Raises:
        ValueError: the value is not a number or not a whole number of kHz.
    """
    try:
        value = Decimal(text.strip()) * 1000
    except InvalidOperation as err:
        raise ValueError(f"not a number: {text!r}") from err
    if value != value.to_integral_value():
        raise ValueError(f"{text} MHz is not a whole number of kHz")
    return int(value)


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        for lineno, row in enumerate(csv.DictReader(lines), start=2):
            yield lineno, {k: (v or "").strip() for k, v in row.items()}


def _range(row: dict[str, str], prefix: str) -> list[int] | None:
    low, high = row.get(f"{prefix}_low_mhz", ""), row.get(f"{prefix}_high_mhz", "")
    if not low and not high:
        return None
    return [mhz_to_khz(low), mhz_to_khz(high)]


def _channels(spec: str) -> list[int]:
    """Expand ``"412..687 step 25"``, ``"9612..9888"`` or ``"782;787"`` into channel numbers."""
    if ".." in spec:
        body, _, step = spec.partition(" step ")
        first, last = (int(x) for x in body.split(".."))
        return list(range(first, last + 1, int(step) if step else 1))
    return [int(x) for x in spec.split(";") if x]


class _Compiler:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[str] = []
        self.bands: dict[str, dict[str, Any]] = {}

    def note(self, file: str, line: int, message: str) -> None:
        self.problems.append(f"data/3gpp/{file}:{line}: {message}")

    def add_band(self, file: str, line: int, row: dict[str, str], **fields: Any) -> None:
        """Record one band-table row: every table spells duplex, ul/dl ranges and the name alike;
        ``fields`` gives id, rat, number, aliases, spec (and duplex or notes where fixed)."""
        band = {
            "id": fields["id"],
            "rat": fields["rat"],
            "number": fields["number"],
            "duplex": fields.get("duplex") or row["duplex"],
            "ul": _range(row, "ul"),
            "dl": _range(row, "dl"),
            "name": row["name"],
            "aliases": fields["aliases"],
            "spec": fields["spec"],
        }
        if "notes" in fields:
            band["notes"] = fields["notes"]
        if band["id"] in self.bands:
            self.note(file, line, f"duplicate band {band['id']}")
        for link in ("ul", "dl"):
            rng = band[link]
            if rng is not None and rng[0] >= rng[1]:
                self.note(file, line, f"{band['id']} {link} range {rng} is empty or reversed")
        self.bands[band["id"]] = band

    def inside(self, file: str, line: int, band_id: str, link: str, khz: int) -> None:
        band = self.bands.get(band_id)
        rng = band and band[link]
        if not rng:
            self.note(file, line, f"{band_id} has no {link} range")
        elif not rng[0] <= khz <= rng[1]:
            self.note(file, line, f"{band_id} {link} {khz} kHz lies outside {rng}")

    # -- per-RAT tables -------------------------------------------------------------------
    def gsm(self) -> list[list[Any]]:
        for line, row in _rows(self.root / "gsm_bands.csv"):
            self.add_band(
                "gsm_bands.csv",
                line,
                row,
                id=row["band"],
                rat="gsm",
                number=None,
                aliases=[row["spec_name"]],
                spec="TS 45.005 §2",
                duplex="fdd",
            )
        out = []
        for line, row in _rows(self.root / "gsm_arfcn.csv"):
            first, last = int(row["arfcn_first"]), int(row["arfcn_last"])
            ul_first = mhz_to_khz(row["ul_first_mhz"])
            spacing = mhz_to_khz(row["duplex_spacing_mhz"])
            self.inside("gsm_arfcn.csv", line, row["band"], "ul", ul_first)
            self.inside("gsm_arfcn.csv", line, row["band"], "ul", ul_first + 200 * (last - first))
            self.inside("gsm_arfcn.csv", line, row["band"], "dl", ul_first + spacing)
            out.append([row["band"], first, last, ul_first, spacing])
        return out

    def utra(self) -> list[list[Any]]:
        for line, row in _rows(self.root / "utra_bands.csv"):
            self.add_band(
                "utra_bands.csv",
                line,
                row,
                id=f"U{row['band']}",
                rat="umts",
                number=int(row["band"]),
                aliases=[f"Band {row['roman']}", f"UMTS {row['roman']}"],
                spec="TS 25.101 Table 5.0",
            )
        out = []
        for line, row in _rows(self.root / "utra_uarfcn.csv"):
            band_id, link = f"U{row['band']}", row["link"]
            offset = mhz_to_khz(row["offset_mhz"])
            channels = _channels(row["channels"])
            for n in (channels[0], channels[-1]):
                self.inside("utra_uarfcn.csv", line, band_id, link, offset + 200 * n)
            out.append([band_id, link, row["kind"], offset, channels])
        return out

    def cdma(self) -> None:
        for line, row in _rows(self.root / "cdma_bands.csv"):
            self.add_band(
                "cdma_bands.csv",
                line,
                row,
                id=row["band"],
                rat="cdma",
                number=int(row["band"][2:]),
                aliases=[f"Band Class {row['band'][2:]}"],
                spec="3GPP2 C.S0057-E",
                duplex="fdd",
                notes=row.get("notes", ""),
            )

    def eutra(self) -> list[list[Any]]:
        for line, row in _rows(self.root / "eutra_bands.csv"):
            self.add_band(
                "eutra_bands.csv",
                line,
                row,
                id=f"B{row['band']}",
                rat="lte",
                number=int(row["band"]),
                aliases=[],
                spec="TS 36.101 Table 5.5-1",
            )
        out = []
        for line, row in _rows(self.root / "eutra_earfcn.csv"):
            band_id = f"B{row['band']}"
            band = self.bands.get(band_id)
            for link in ("dl", "ul"):
                if not row[f"{link}_low_mhz"]:
                    continue
                low = mhz_to_khz(row[f"{link}_low_mhz"])
                first, last = int(row[f"n_{link}_first"]), int(row[f"n_{link}_last"])
                offs = int(row[f"n_offs_{link}"])
                if (
                    band
                    and band[link]
                    and (low != band[link][0] or low + 100 * (last - offs) != band[link][1] - 100)
                ):
                    self.note(
                        "eutra_earfcn.csv", line, f"{band_id} {link} EARFCNs do not span the band"
                    )
                out.append([band_id, link, low, offs, first, last])
        return out

    def nr(self) -> tuple[list[list[Any]], list[list[Any]]]:
        for file, spec in (
            ("nr_bands_fr1.csv", "TS 38.101-1 Table 5.2-1"),
            ("nr_bands_fr2.csv", "TS 38.101-2 Table 5.2-1"),
        ):
            for line, row in _rows(self.root / file):
                self.add_band(
                    file,
                    line,
                    row,
                    id=f"n{row['band']}",
                    rat="nr",
                    number=int(row["band"]),
                    aliases=[],
                    spec=spec,
                )
        raster = []
        for _line, row in _rows(self.root / "nr_channel_raster.csv"):
            for link in ("ul", "dl"):
                if row[f"{link}_first"]:
                    raster.append(
                        [
                            row["band"],
                            int(row["raster_khz"]),
                            link,
                            int(row[f"{link}_first"]),
                            int(row[f"{link}_step"]),
                            int(row[f"{link}_last"]),
                        ]
                    )
        sync = []
        for line, row in _rows(self.root / "nr_sync_raster.csv"):
            if row["band"] not in self.bands:
                self.note("nr_sync_raster.csv", line, f"unknown band {row['band']}")
            listed = [int(x) for x in row["gscn_list"].split(";") if x]
            if not listed:
                first, step, last = (
                    int(row["gscn_first"]),
                    int(row["gscn_step"]),
                    int(row["gscn_last"]),
                )
                listed_range: list[int] = [first, step, last]
            else:
                listed_range = []
            if not all(2 <= g <= 26_639 for g in listed + listed_range[::2]):
                self.note(
                    "nr_sync_raster.csv",
                    line,
                    f"{row['band']}: GSCN outside 2-26639 (TS 38.104 Table 5.4.3.1-1)",
                )
            sync.append(
                [row["band"], int(row["scs_khz"]), row["block_pattern"], listed_range, listed]
            )
        return raster, sync

    def labels(self) -> list[list[Any]]:
        out = []
        for line, row in _rows(self.root / "band_labels.csv"):
            bands = row["bands"].split()
            for band in bands:
                if band not in self.bands:
                    self.note("band_labels.csv", line, f"unknown band {band}")
            out.append([row["rat"], int(row["label_mhz"]), row["scope"], bands])
        return out


def compile_band_tables(root: Path, countries_csv: Path) -> dict[str, Any]:
    """Read every table under ``root`` (``data/3gpp``) and return the registry document.

    Raises:
        BandDataError: listing every problem found, each with file and line.
    """
    comp = _Compiler(root)
    gsm_arfcn = comp.gsm()
    utra = comp.utra()
    comp.cdma()
    eutra = comp.eutra()
    nr_raster, nr_sync = comp.nr()
    labels = comp.labels()
    countries = [
        [row["code"], row["name"], int(row["itu_region"]), row.get("alpha3") or None]
        for _line, row in _rows(countries_csv)
    ]
    if comp.problems:
        raise BandDataError(comp.problems)
    return {
        "release": "Rel-18",
        "bands": list(comp.bands.values()),
        "gsm_arfcn": gsm_arfcn,
        "utra_uarfcn": utra,
        "eutra_earfcn": eutra,
        "nr_channel_raster": nr_raster,
        "nr_sync_raster": nr_sync,
        "labels": labels,
        "countries": countries,
    }
