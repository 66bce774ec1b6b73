"""Known-answer vectors from the 3GPP specs and independent implementations.

The vectors live in ``tests/fixtures/vectors/<rat>.json`` (one file per RAT), each with a ``source``
naming where the expected value comes from. Schema of one vector::

    {"id": "L1-dl", "ref": "§4.3 L1", "op": "earfcn_info", "args": {"earfcn": 5110},
     "expect": {...}, "source": "domain-facts §4.3 L1: srsRAN_4G, nrarfcn, AOSP"}

``args`` holds frequencies as ``mhz`` (converted here to exact integer kHz) and links as
``"dl"``/``"ul"``. ``expect`` is one of:

* ``{"error": "ChannelError" | "AmbiguousBandError", "nearest": [...], "candidates": [...]}``
* ``{"number": N}`` (a kHz -> channel conversion) or ``{"mhz": F}`` (channel -> frequency)
* for ``*_info``: any of ``dl_mhz``/``ul_mhz`` (``null`` = no such link), ``dl_bands``/``ul_bands``
  (exact, order-free), ``bands_include``/``bands_exclude``, ``notes_contain``, ``primary``/``bands``
  (GSM), ``meanings`` (UMTS: every band/link interpretation of a UARFCN).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bandfit.bands import (
    Channel,
    Link,
    arfcn_info,
    earfcn_info,
    earfcn_to_khz,
    gscn_info,
    gscn_to_khz,
    khz_to_earfcn,
    khz_to_gscn,
    khz_to_nrarfcn,
    khz_to_uarfcn,
    nrarfcn_info,
    nrarfcn_to_khz,
    uarfcn_info,
)
from bandfit.bands.vectorized import (
    earfcn_band_array,
    earfcn_to_khz_array,
    gscn_to_khz_array,
    khz_to_nrarfcn_array,
    nrarfcn_to_khz_array,
)
from bandfit.errors import AmbiguousBandError, BandfitError, ChannelError

VECTOR_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "vectors"
RATS = ("gsm", "umts", "lte", "nr", "gscn")
ERRORS: dict[str, type[BandfitError]] = {
    "ChannelError": ChannelError,
    "AmbiguousBandError": AmbiguousBandError,
}
EXPECT_KEYS = {
    "error", "nearest", "candidates", "number", "mhz", "dl_mhz", "ul_mhz", "dl_bands", "ul_bands",
    "bands_include", "bands_exclude", "notes_contain", "primary", "bands", "meanings",
}  # fmt: skip


def mhz_to_khz(mhz: float) -> int:
    """Exact kHz of a MHz value as written in the JSON (``3489.42`` -> ``3489420``)."""
    khz = Decimal(repr(mhz)) * 1000
    assert khz == khz.to_integral_value(), f"{mhz} MHz is not a whole number of kHz"
    return int(khz)


def _load() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for rat in RATS:
        doc = json.loads((VECTOR_DIR / f"{rat}.json").read_text(encoding="utf-8"))
        assert doc["rat"] == rat
        out += [(f"{rat}:{v['id']}", v) for v in doc["vectors"]]
    return out


VECTORS = _load()


def _freq_args(args: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    kwargs: dict[str, Any] = {}
    if "band" in args:
        kwargs["band"] = args["band"]
    if "link" in args:
        kwargs["link"] = Link(args["link"])
    if "snap" in args:
        kwargs["snap"] = args["snap"]
    return mhz_to_khz(args["mhz"]), kwargs


OPS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "earfcn_info": lambda a: earfcn_info(a["earfcn"]),
    "earfcn_to_khz": lambda a: earfcn_to_khz(a["earfcn"]),
    "khz_to_earfcn": lambda a: khz_to_earfcn(*_freq_args(a)[:1], **_freq_args(a)[1]),
    "nrarfcn_info": lambda a: nrarfcn_info(a["nrarfcn"]),
    "nrarfcn_to_khz": lambda a: nrarfcn_to_khz(a["nrarfcn"]),
    "khz_to_nrarfcn": lambda a: khz_to_nrarfcn(*_freq_args(a)[:1], **_freq_args(a)[1]),
    "gscn_info": lambda a: gscn_info(a["gscn"]),
    "gscn_to_khz": lambda a: gscn_to_khz(a["gscn"]),
    "khz_to_gscn": lambda a: khz_to_gscn(mhz_to_khz(a["mhz"]), snap=a.get("snap", False)),
    "uarfcn_info": lambda a: uarfcn_info(a["uarfcn"]),
    "khz_to_uarfcn": lambda a: khz_to_uarfcn(*_freq_args(a)[:1], **_freq_args(a)[1]),
    "arfcn_info": lambda a: arfcn_info(a["arfcn"], band=a.get("band"), country=a.get("country")),
}


# ------------------------------------------------------------------------- the vector files
def test_every_vector_is_well_formed_and_sourced() -> None:
    ids = [vid for vid, _ in VECTORS]
    assert len(ids) == len(set(ids)), "vector ids must be unique per file"
    for vid, v in VECTORS:
        assert isinstance(v.get("source"), str), f"{vid}: no source"
        assert len(v["source"].strip()) >= 10, f"{vid}: source too short to say where it comes from"
        assert v["op"] in OPS, f"{vid}: unknown op {v['op']!r}"
        assert set(v["expect"]) <= EXPECT_KEYS, f"{vid}: unknown expect keys"
        assert v["expect"], f"{vid}: expects nothing"


def test_all_worked_examples_of_domain_facts_4_3_are_present() -> None:
    refs = {v.get("ref") for _, v in VECTORS}
    wanted = (
        [f"§4.3 L{i}" for i in range(1, 11)]
        + [f"§4.3 N{i}" for i in range(1, 9)]
        + [f"§4.3 G{i}" for i in range(1, 6)]
        + [f"§4.3 U{i}" for i in range(1, 5)]
        + [f"§4.3 S{i}" for i in range(1, 6)]
    )
    assert not set(wanted) - refs


@pytest.mark.parametrize(
    ("key", "numbers"),
    [
        ("earfcn", [5110, 23110, 5230, 23230, 300, 18300, 6300, 6400, 66811, 1275, 68661, 133197,
                    40620, 6600, 9360, 1667, 18000]),
        ("nrarfcn", [620000, 632628, 388030, 2016667, 3279165, 2070832, 126900, 156510, 422000,
                     599999, 600000, 2016666, -1, 3279166]),
        ("gscn", [2156, 5934, 7010, 4594, 7498, 7499, 8475, 22255, 22256, 23038]),
        ("uarfcn", [10700, 9750, 4400, 1537, 2938, 2963]),
        ("arfcn", [1, 975, 128, 512, 885]),
    ],
)  # fmt: skip
def test_required_numbers_have_vectors(key: str, numbers: list[int]) -> None:
    present = {v["args"][key] for _, v in VECTORS if key in v["args"]}
    assert not set(numbers) - present


def test_dcs_pcs_vectors_cover_gb_us_and_no_hint() -> None:
    arfcn_512 = [v for _, v in VECTORS if v["args"].get("arfcn") == 512]
    countries = {v["args"].get("country") for v in arfcn_512}
    assert {"GB", "US", None} <= countries


# ------------------------------------------------------------------------ run the vectors
def _bands(ch: Channel) -> set[str]:
    return set(ch.dl_bands) | set(ch.ul_bands)


def _check_channel(ch: Channel, exp: dict[str, Any]) -> None:
    for link in ("dl", "ul"):
        if f"{link}_mhz" in exp:
            want = exp[f"{link}_mhz"]
            got = getattr(ch, f"{link}_khz")
            assert got == (None if want is None else mhz_to_khz(want)), f"{link} frequency"
        if f"{link}_bands" in exp:
            assert set(getattr(ch, f"{link}_bands")) == set(exp[f"{link}_bands"]), f"{link} bands"
    if "bands_include" in exp:
        assert set(exp["bands_include"]) <= _bands(ch)
    if "bands_exclude" in exp:
        assert not set(exp["bands_exclude"]) & _bands(ch)
    if "notes_contain" in exp:
        assert any(exp["notes_contain"] in note for note in ch.notes), ch.notes
    if "primary" in exp:
        assert ch.dl_bands[0] == ch.ul_bands[0] == exp["primary"]
    if "bands" in exp:
        assert set(ch.dl_bands) == set(ch.ul_bands) == set(exp["bands"])


def _check_meanings(result: tuple[Channel, ...], exp: list[dict[str, Any]]) -> None:
    got = set()
    for ch in result:
        link = "dl" if ch.dl_bands else "ul"
        khz = ch.dl_khz if link == "dl" else ch.ul_khz
        bands = ch.dl_bands or ch.ul_bands
        assert len(bands) == 1, "one Channel per (band, link) meaning"
        additional = any("additional" in n for n in ch.notes)
        got.add((bands[0], link, khz, additional))
    want = {(m["band"], m["link"], mhz_to_khz(m["mhz"]), m["additional"]) for m in exp}
    assert got == want
    dl_first = [ch.dl_bands != () for ch in result]
    assert dl_first == sorted(dl_first, reverse=True), "DL meanings come first"


@pytest.mark.parametrize(("vid", "vector"), VECTORS, ids=[vid for vid, _ in VECTORS])
def test_vector(vid: str, vector: dict[str, Any]) -> None:
    op, exp = OPS[vector["op"]], vector["expect"]
    if "error" in exp:
        with pytest.raises(ERRORS[exp["error"]]) as info:
            op(vector["args"])
        err = info.value
        assert err.code
        assert err.message
        if "nearest" in exp:
            assert isinstance(err, ChannelError)
            assert list(err.nearest) == exp["nearest"]
        if "candidates" in exp:
            assert isinstance(err, AmbiguousBandError)
            assert set(err.candidates) == set(exp["candidates"])
            assert len(err.candidates) == len(set(err.candidates))
        return
    result = op(vector["args"])
    if "number" in exp:
        assert result == exp["number"]
    elif "mhz" in exp:
        assert result == mhz_to_khz(exp["mhz"])
    elif "meanings" in exp:
        _check_meanings(result, exp["meanings"])
    else:
        _check_channel(result, exp)


# ---------------------------------------------------------- same answers, vectorised path
def _array_cases() -> list[tuple[str, Callable[..., Any], int, int]]:
    """(id, array function, input, expected output or -1) for every vector the arrays can answer."""
    cases = []
    for vid, v in VECTORS:
        exp, args = v["expect"], v["args"]
        invalid = exp.get("error") == "ChannelError"
        if v["op"] in ("earfcn_info", "earfcn_to_khz"):
            want = exp.get("mhz", exp.get("dl_mhz") or exp.get("ul_mhz"))
            khz = -1 if invalid else mhz_to_khz(want)
            cases.append((vid, earfcn_to_khz_array, args["earfcn"], khz))
            if "dl_bands" in exp or "ul_bands" in exp:
                bands = set(exp.get("dl_bands", [])) | set(exp.get("ul_bands", []))
                (band,) = bands
                cases.append((vid + "/band", earfcn_band_array, args["earfcn"], int(band[1:])))
            elif invalid:
                cases.append((vid + "/band", earfcn_band_array, args["earfcn"], -1))
        elif v["op"] in ("nrarfcn_info", "nrarfcn_to_khz"):
            want = exp.get("mhz", exp.get("dl_mhz"))
            cases.append(
                (vid, nrarfcn_to_khz_array, args["nrarfcn"], -1 if invalid else mhz_to_khz(want))
            )
        elif v["op"] in ("gscn_info", "gscn_to_khz"):
            want = exp.get("mhz", exp.get("dl_mhz"))
            cases.append(
                (vid, gscn_to_khz_array, args["gscn"], -1 if invalid else mhz_to_khz(want))
            )
        elif v["op"] == "khz_to_nrarfcn" and "band" not in args:
            khz = mhz_to_khz(args["mhz"])
            if "number" in exp and not args.get("snap"):
                cases.append((vid, khz_to_nrarfcn_array, khz, exp["number"]))
            elif invalid:
                cases.append((vid, khz_to_nrarfcn_array, khz, -1))
    return cases


ARRAY_CASES = _array_cases()


@pytest.mark.parametrize(
    ("vid", "func", "value", "want"), ARRAY_CASES, ids=[c[0] for c in ARRAY_CASES]
)
def test_vector_vectorised(vid: str, func: Callable[..., Any], value: int, want: int) -> None:
    got = func(np.array([value, value]), strict=False)
    assert got.tolist() == [want, want]
    if want == -1:
        with pytest.raises(ChannelError):
            func([value], strict=True)
    else:
        assert func([value]).tolist() == [want]
