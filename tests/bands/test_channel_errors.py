"""Channel errors name the offending value and, in the hint, the valid range or nearest value.

The CLI audit found ``bandfit channel arfcn 512 --band B12`` answered "not a B12 channel" and
nothing else; every refusal here must tell the user what would have been accepted.
"""

from __future__ import annotations

import pytest

from bandfit.bands import arfcn_info, khz_to_gscn, khz_to_nrarfcn
from bandfit.bands.channels import channel_meanings
from bandfit.errors import ChannelError, UnknownCountryError


@pytest.mark.parametrize(
    ("kind", "number", "band", "label", "reason", "valid"),
    [
        # a band of another RAT: its own numbering and range
        ("arfcn", 512, "B12", "ARFCN", "B12 is a 4G LTE band", "B12 EARFCN DL 5010-5179, UL 23010-23179"),
        ("arfcn", 512, "n41", "ARFCN", "n41 is a 5G NR band", "n41 NR-ARFCN DL/UL 499200:<3>:537999"),
        ("earfcn", 5110, "n12", "EARFCN", "not a n12 channel (it is B12)", "n12 NR-ARFCN DL 145800:<20>:149200"),
        ("uarfcn", 10700, "B1", "UARFCN", "not a B1 channel (it is U1)", "B1 EARFCN DL 0-599, UL 18000-18599"),
        # the same numbering, another band
        ("arfcn", 512, "GSM850", "ARFCN", "not a GSM850 channel", "GSM850 ARFCN 128-251"),
        ("arfcn", 130, "EGSM900", "ARFCN", "not a EGSM900 channel", "EGSM900 ARFCN 0-124, 975-1023"),
        ("earfcn", 5110, "B13", "EARFCN", "not a B13 channel (it is B12)", "B13 EARFCN DL 5180-5279, UL 23180-23279"),
        ("earfcn", 40000, "B38", "EARFCN", "not a B38 channel (it is B41)", "B38 EARFCN DL/UL 37750-38249"),
        ("nrarfcn", 632628, "n41", "NR-ARFCN", "not a n41 channel (it is n77, n78)", "n41 NR-ARFCN DL/UL 499200:<3>:537999 (15 kHz raster); DL/UL 499200:<6>:537996 (30 kHz raster)"),
        ("uarfcn", 10700, "U2", "UARFCN", "not a U2 channel (it is U1)", "U2 UARFCN DL 9662-9938 + 412, 437"),
        ("gscn", 7711, "n41", "GSCN", "not a n41 channel (it is n77, n78)", "n41 GSCN 6246:<3>:6717 (15 kHz SSB); 6252:<3>:6714 (30 kHz SSB)"),
        ("gscn", 7010, "n41", "GSCN", "not a n41 channel (it is in no band)", "n41 GSCN 6246:<3>:6717"),
    ],
)  # fmt: skip
def test_a_number_outside_the_named_band_names_the_band_range(
    kind: str, number: int, band: str, label: str, reason: str, valid: str
) -> None:
    with pytest.raises(ChannelError) as info:
        channel_meanings(kind, number, band=band)
    err = info.value
    assert (err.kind, err.value) == (label, number)
    assert reason in err.reason
    assert err.valid is not None
    assert valid in err.valid
    assert err.hint is not None
    assert valid in err.hint


def test_cdma_band_hint_says_its_numbering_is_not_modelled() -> None:
    with pytest.raises(ChannelError) as info:
        channel_meanings("earfcn", 5110, band="BC0")
    assert "BC0" in (info.value.hint or "")
    assert "not modelled" in (info.value.hint or "")


@pytest.mark.parametrize(
    ("kind", "number", "nearest"),
    [
        ("uarfcn", 99999, [10838]),  # past the last UARFCN: the hint used to be empty
        ("uarfcn", 8000, [7012, 8762]),  # in a gap between bands
        ("earfcn", 5000, [4949, 5010]),  # "DL 0-70705 with gaps" alone does not say where
        ("earfcn", 15000, [10359, 18000]),
    ],
)
def test_an_unassigned_number_names_the_nearest_assigned_ones(
    kind: str, number: int, nearest: list[int]
) -> None:
    with pytest.raises(ChannelError) as info:
        channel_meanings(kind, number)
    err = info.value
    assert err.value == number
    assert list(err.nearest) == nearest
    assert err.valid
    assert "nearest" in (err.hint or "")


@pytest.mark.parametrize(
    ("call", "valid"),
    [
        (lambda: khz_to_nrarfcn(100_000_001), "0-100000 MHz"),
        (lambda: khz_to_gscn(1000), "1.25-"),
    ],
)
def test_frequencies_outside_a_raster_name_its_range(call, valid: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ChannelError) as info:
        call()
    assert valid in (info.value.hint or "")


@pytest.mark.parametrize("number", [1, 512])
@pytest.mark.parametrize("country", ["XX", "AQ", "ZZZ"])
def test_an_unknown_country_hint_is_an_error_not_ignored_or_operatorless(
    number: int, country: str
) -> None:
    """ARFCN 1 used to ignore --country; 512 said "no operators for country"."""
    with pytest.raises(UnknownCountryError) as info:
        channel_meanings("arfcn", number, country=country)
    assert "operator" not in str(info.value)
    with pytest.raises(UnknownCountryError):
        arfcn_info(number, country=country)
    with pytest.raises(UnknownCountryError):
        channel_meanings("earfcn", 5110, country=country)
