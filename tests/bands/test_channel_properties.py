"""Property tests (Hypothesis) for the channel maths.

* channel -> kHz -> channel and kHz -> channel -> kHz round trips on the raster points of every band:
  EARFCN, NR-ARFCN (per band channel raster and global raster), GSCN, UARFCN (general and
  additional channels) and GSM ARFCN;
* every channel of a band's range lies in that band's frequency range on the right link;
* ``snap=True`` returns the nearest raster point, and off-raster input without it raises naming
  that nearest point;
* ``find_bands(f, link)`` holds exactly the bands whose range on ``link`` contains ``f``;
* the numpy functions give the scalar answers on random input, invalid values included.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bandfit.bands import (
    Link,
    Rat,
    arfcn_info,
    channels_at,
    default_registry,
    earfcn_info,
    earfcn_to_khz,
    find_bands,
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
from bandfit.bands.channels import GSCN_MAX, NRARFCN_MAX
from bandfit.bands.model import format_mhz
from bandfit.bands.registry import EarfcnRange, GsmArfcnRange, NrRasterRow, SyncRasterRow, UarfcnSet
from bandfit.bands.vectorized import (
    earfcn_band_array,
    earfcn_to_khz_array,
    gscn_to_khz_array,
    khz_to_nrarfcn_array,
    nrarfcn_to_khz_array,
)
from bandfit.errors import ChannelError

REG = default_registry()
BANDS = REG.bands()
LINKS = st.sampled_from([Link.DL, Link.UL])
FR2_START_KHZ = 24_250_080
GSCN_MAX_KHZ = FR2_START_KHZ + 17_280 * (GSCN_MAX - 22_256)

earfcn_rows = st.sampled_from(REG.earfcn).flatmap(
    lambda r: st.tuples(st.just(r), st.integers(r.first, r.last))
)
nr_rows = st.sampled_from(REG.nr_raster).flatmap(
    lambda r: st.tuples(
        st.just(r), st.integers(0, (r.last - r.first) // r.step).map(lambda k: r.first + k * r.step)
    )
)
sync_rows = st.sampled_from(REG.nr_sync).flatmap(
    lambda r: st.tuples(
        st.just(r),
        st.sampled_from(sorted(r.listed))
        if r.listed
        else st.integers(0, (r.last - r.first) // r.step).map(lambda k: r.first + k * r.step),  # type: ignore[operator]
    )
)
uarfcn_rows = st.sampled_from(REG.uarfcn).flatmap(
    lambda r: st.tuples(st.just(r), st.sampled_from(sorted(r.channels)))
)
gsm_rows = st.sampled_from(REG.gsm_arfcn).flatmap(
    lambda r: st.tuples(st.just(r), st.integers(r.first, r.last))
)
# frequencies with extra weight on the global-raster range boundaries
nr_khz = st.one_of(
    st.integers(0, 100_000_000),
    st.integers(2_999_900, 3_000_100),
    st.integers(24_249_900, 24_250_300),
    st.integers(99_999_800, 100_000_000),
)
ss_khz = st.one_of(
    st.integers(1250, GSCN_MAX_KHZ),
    st.integers(1250, 10_000),
    st.integers(2_997_000, 3_003_000),
    st.integers(24_240_000, 24_270_000),
    st.integers(GSCN_MAX_KHZ - 40_000, GSCN_MAX_KHZ),
)


def _band_range(band_id: str, link: Link):
    rng = REG.get(band_id).range(link)
    assert rng is not None, f"{band_id} has channels on {link} but no {link} range"
    return rng


# ------------------------------------------------------------------------------- E-UTRA
@given(earfcn_rows)
def test_earfcn_channel_to_khz_to_channel(case: tuple[EarfcnRange, int]) -> None:
    row, n = case
    khz = earfcn_to_khz(n)
    assert khz == row.khz(n)
    ch = earfcn_info(n)
    on_link = ch.dl_bands if row.link is Link.DL else ch.ul_bands
    assert on_link == (row.band,)
    assert (ch.dl_khz if row.link is Link.DL else ch.ul_khz) == khz
    # the carrier lies inside the band on that link (last carrier 100 kHz below the top edge)
    rng = _band_range(row.band, row.link)
    assert rng.low_khz <= khz <= rng.high_khz - 100
    assert khz_to_earfcn(khz, row.band, link=row.link) == n


@given(earfcn_rows, st.integers(1, 99))
def test_earfcn_off_raster_khz(case: tuple[EarfcnRange, int], offset: int) -> None:
    row, n = case
    khz = row.khz(n) + offset
    if khz > row.khz(row.last):
        khz -= 100  # stay between two carriers of the band
    with pytest.raises(ChannelError) as info:
        khz_to_earfcn(khz, row.band, link=row.link)
    (nearest,) = info.value.nearest
    snapped = khz_to_earfcn(khz, row.band, link=row.link, snap=True)
    assert snapped == nearest
    assert abs(row.khz(snapped) - khz) <= 50


# ------------------------------------------------------------------------------------ NR
@given(nr_rows)
def test_nrarfcn_on_band_raster_round_trips(case: tuple[NrRasterRow, int]) -> None:
    row, n = case
    khz = nrarfcn_to_khz(n)
    rng = _band_range(row.band, row.link)
    assert rng.contains(khz)
    assert khz_to_nrarfcn(khz) == n
    assert khz_to_nrarfcn(khz, row.band, link=row.link) == n
    ch = nrarfcn_info(n)
    assert row.band in (ch.dl_bands if row.link is Link.DL else ch.ul_bands)
    assert (ch.dl_khz if row.link is Link.DL else ch.ul_khz) == khz


@given(st.integers(0, NRARFCN_MAX))
@example(599_999)
@example(600_000)
@example(2_016_666)
@example(2_016_667)
@example(NRARFCN_MAX)
def test_nrarfcn_global_raster_round_trips(n: int) -> None:
    assert khz_to_nrarfcn(nrarfcn_to_khz(n)) == n


@given(st.one_of(st.integers(0, NRARFCN_MAX), nr_rows.map(lambda c: c[1] + 1)))
@example(156_510)
@example(388_030)
def test_nrarfcn_info_bands_per_link(n: int) -> None:
    """Raster bands per link; only when no raster holds the number, the bands by range per link."""
    ch = nrarfcn_info(n)
    khz = nrarfcn_to_khz(n)
    raster = {lk: {r.band for r in REG.nr_raster if r.link is lk and r.contains(n)} for lk in Link}
    if raster[Link.DL] or raster[Link.UL]:
        assert (set(ch.dl_bands), set(ch.ul_bands)) == (raster[Link.DL], raster[Link.UL])
    else:
        by_range = {lk: {b.id for b in find_bands(khz, link=lk, rat=Rat.NR)} for lk in Link}
        assert (set(ch.dl_bands), set(ch.ul_bands)) == (by_range[Link.DL], by_range[Link.UL])
        assert ch.notes
    assert ch.dl_khz == (khz if ch.dl_bands or not ch.ul_bands else None)
    assert ch.ul_khz == (khz if ch.ul_bands else None)


def _nr_distance(n: int, khz: int) -> int:
    return abs(nrarfcn_to_khz(n) - khz)


@given(nr_khz)
@example(24_250_005)
@example(24_250_079)
@example(100_000_000)
def test_nrarfcn_snap_is_nearest_and_strict_mode_names_it(khz: int) -> None:
    snapped = khz_to_nrarfcn(khz, snap=True)
    best = _nr_distance(snapped, khz)
    for other in (snapped - 1, snapped + 1):
        if 0 <= other <= NRARFCN_MAX:
            assert best <= _nr_distance(other, khz), (khz, snapped, other)
    if best == 0:
        assert khz_to_nrarfcn(khz) == snapped
    else:
        with pytest.raises(ChannelError) as info:
            khz_to_nrarfcn(khz)
        assert info.value.nearest == (snapped,)


@given(nr_rows, st.integers(-3, 3))
def test_nrarfcn_band_snap_lands_on_the_band_raster(
    case: tuple[NrRasterRow, int], shift: int
) -> None:
    row, n = case
    n = min(max(n + shift, 0), NRARFCN_MAX)
    khz = nrarfcn_to_khz(n)
    rows = [r for r in REG.nr_raster if r.band == row.band and r.link is row.link]
    if any(r.contains(n) for r in rows):
        assert khz_to_nrarfcn(khz, row.band, link=row.link) == n
        return
    with pytest.raises(ChannelError) as info:
        khz_to_nrarfcn(khz, row.band, link=row.link)
    snapped = khz_to_nrarfcn(khz, row.band, link=row.link, snap=True)
    assert any(r.contains(snapped) for r in rows)
    assert snapped == info.value.nearest[0]


# ---------------------------------------------------------------------------------- GSCN
@given(st.integers(2, GSCN_MAX))
@example(2)
@example(7498)
@example(7499)
@example(22255)
@example(22256)
@example(GSCN_MAX)
def test_gscn_round_trips(gscn: int) -> None:
    assert khz_to_gscn(gscn_to_khz(gscn)) == gscn
    assert gscn_info(gscn).dl_khz == gscn_to_khz(gscn)


@given(ss_khz)
@example(2_999_900)
@example(24_250_000)
@example(24_249_400)
def test_gscn_snap_is_nearest_and_strict_mode_names_it(khz: int) -> None:
    snapped = khz_to_gscn(khz, snap=True)
    best = abs(gscn_to_khz(snapped) - khz)
    for other in (snapped - 1, snapped + 1):  # SS reference frequencies increase with the GSCN
        if 2 <= other <= GSCN_MAX:
            assert best <= abs(gscn_to_khz(other) - khz), (khz, snapped, other)
    if best == 0:
        assert khz_to_gscn(khz) == snapped
    else:
        with pytest.raises(ChannelError) as info:
            khz_to_gscn(khz)
        assert info.value.nearest == (snapped,)


@given(sync_rows)
def test_applicable_gscn_lies_in_the_band_downlink(case: tuple[SyncRasterRow, int]) -> None:
    row, gscn = case
    assert row.contains(gscn)
    assert _band_range(row.band, Link.DL).contains(gscn_to_khz(gscn))
    assert row.band in gscn_info(gscn).dl_bands


# ---------------------------------------------------------------------------------- UTRA
@given(uarfcn_rows)
def test_uarfcn_round_trips(case: tuple[UarfcnSet, int]) -> None:
    row, n = case
    _check_uarfcn(row, n)


@pytest.mark.parametrize(
    "row", [r for r in REG.uarfcn if r.additional], ids=lambda r: f"{r.band}-{r.link}"
)
def test_every_additional_uarfcn_round_trips(row: UarfcnSet) -> None:
    for n in sorted(row.channels):
        _check_uarfcn(row, n)


def _check_uarfcn(row: UarfcnSet, n: int) -> None:
    khz = row.offset_khz + 200 * n
    rng = _band_range(row.band, row.link)
    # a 5 MHz carrier: centre at least 2.4 MHz inside the band edges (TS 25.101 §5.4)
    assert rng.low_khz + 2400 <= khz <= rng.high_khz - 2400, (row.band, n, khz)
    assert khz_to_uarfcn(khz, row.band, link=row.link) == n
    meanings = {
        (
            c.dl_bands or c.ul_bands,
            c.dl_khz if c.dl_bands else c.ul_khz,
            any("additional" in x for x in c.notes),
        )
        for c in uarfcn_info(n)
        if (c.dl_bands if row.link is Link.DL else c.ul_bands)
    }
    assert ((row.band,), khz, row.additional) in meanings


# ----------------------------------------------------------------------------------- GSM
@given(gsm_rows)
def test_gsm_arfcn_round_trips(case: tuple[GsmArfcnRange, int]) -> None:
    row, n = case
    ch = arfcn_info(n, band=row.band)
    ul, dl = row.ul_khz(n), row.ul_khz(n) + row.duplex_khz
    assert (ch.ul_khz, ch.dl_khz) == (ul, dl)
    assert row.band in ch.ul_bands
    assert row.band in ch.dl_bands
    assert _band_range(row.band, Link.UL).contains(ul)
    assert _band_range(row.band, Link.DL).contains(dl)
    for khz, link in ((ul, Link.UL), (dl, Link.DL)):
        found = {(c.band, c.number) for c in channels_at(khz, link) if c.rat is Rat.GSM}
        assert (row.band, n) in found


# ------------------------------------------------------------------------------ find_bands
near_band = st.sampled_from(BANDS).flatmap(
    lambda b: st.tuples(
        st.sampled_from(b.links),
        st.sampled_from([b.range(lk) for lk in b.links]).flatmap(
            lambda r: st.integers(r.low_khz - 2_000, r.high_khz + 2_000)
        ),
    )
)


@given(near_band, st.sampled_from([None, *Rat]))
@example((Link.DL, 782_550), Rat.NR)
@example((Link.UL, 782_550), Rat.NR)
def test_find_bands_is_exactly_the_bands_containing_f_on_that_link(case, rat) -> None:
    _link, khz = case
    for link in (Link.DL, Link.UL):
        found = {b.id for b in find_bands(khz, link=link, rat=rat)}
        want = {
            b.id
            for b in BANDS
            if b.range(link) is not None
            and b.range(link).low_khz <= khz <= b.range(link).high_khz
            and (rat is None or b.rat is rat)
        }
        assert found == want
        for band_id in found:  # never a band that lacks this link (SDL has no UL, SUL no DL)
            assert REG.get(band_id).range(link) is not None


def test_find_bands_keeps_links_apart_at_782_55() -> None:
    assert [b.id for b in find_bands(782_550, link="dl", rat="nr")] == ["n28"]
    assert [b.id for b in find_bands(782_550, link="ul", rat="nr")] == ["n13"]


# ------------------------------------------------------------------ vectorised == scalar
def _scalar_or_invalid(func: Callable[[int], int], value: int) -> int:
    try:
        return func(value)
    except ChannelError:
        return -1


def _earfcn_band(n: int) -> int:
    return int(earfcn_info(n).bands[0][1:])


valid_earfcn = earfcn_rows.map(lambda c: c[1])
any_earfcn = st.one_of(valid_earfcn, st.integers(-10, 140_000), st.integers(-(2**40), 2**40))
any_nrarfcn = st.one_of(
    st.integers(-10, NRARFCN_MAX + 10),
    st.sampled_from([-1, 0, 599_999, 600_000, 2_016_666, 2_016_667, NRARFCN_MAX, NRARFCN_MAX + 1]),
)
any_nr_khz = st.one_of(
    nr_khz,
    st.integers(0, NRARFCN_MAX).map(nrarfcn_to_khz),
    st.integers(-1000, 0),
    st.integers(100_000_000, 100_001_000),
)
any_gscn = st.one_of(
    st.integers(-10, GSCN_MAX + 10), st.sampled_from([0, 1, 2, 7498, 7499, 22255, 22256, GSCN_MAX])
)

PAIRS = [
    ("earfcn_to_khz", earfcn_to_khz_array, earfcn_to_khz, any_earfcn),
    ("earfcn_band", earfcn_band_array, _earfcn_band, any_earfcn),
    ("nrarfcn_to_khz", nrarfcn_to_khz_array, nrarfcn_to_khz, any_nrarfcn),
    ("khz_to_nrarfcn", khz_to_nrarfcn_array, khz_to_nrarfcn, any_nr_khz),
    ("gscn_to_khz", gscn_to_khz_array, gscn_to_khz, any_gscn),
]


@pytest.mark.parametrize(
    ("name", "array_func", "scalar", "values"), PAIRS, ids=[p[0] for p in PAIRS]
)
def test_vectorised_equals_scalar(name, array_func, scalar, values) -> None:
    @given(st.lists(values, min_size=1, max_size=40))
    def check(items: list[int]) -> None:
        want = [_scalar_or_invalid(scalar, v) for v in items]
        got = array_func(np.array(items, dtype=np.int64), strict=False)
        assert got.dtype == np.int64
        assert got.shape == (len(items),)
        assert got.tolist() == want
        bad = [i for i, w in enumerate(want) if w == -1]
        if not bad:
            assert array_func(items, strict=True).tolist() == want
            return
        with pytest.raises(ChannelError) as info:
            array_func(items, strict=True)
        err = info.value
        # a frequency is reported in MHz under kind "frequency", never as a channel number
        shown = f"{format_mhz(items[bad[0]])} MHz" if name.startswith("khz_") else items[bad[0]]
        if name.startswith("khz_"):
            assert err.kind == "frequency"
        assert err.value == shown
        assert err.details["value"] == shown
        assert f"index {bad[0]}" in err.reason
        assert f"index {bad[0]}" in str(err)

    check()


def test_vectorised_functions_accept_empty_and_nd_input() -> None:
    assert earfcn_to_khz_array([]).tolist() == []
    grid = np.array([[5110, 300], [6600, 1275]])
    assert earfcn_to_khz_array(grid).tolist() == [[739_000, 2_140_000], [3_510_000, 1_812_500]]
    assert nrarfcn_to_khz_array(np.array([[632_628]])).tolist() == [[3_489_420]]
