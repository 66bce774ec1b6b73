"""``bandfit channel`` and ``bandfit freq`` end to end, and their agreement with the HTTP API.

The channel answers must not depend on the entry point: the CLI's ``--json`` object is the
body of ``GET /v1/channels/{kind}/{number}``, including what the ``--band`` hint does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from bandfit.bands.channels import (
    arfcn_info,
    channel_meanings,
    khz_to_earfcn,
    khz_to_nrarfcn,
    khz_to_uarfcn,
)
from bandfit.cli import app
from bandfit.errors import ChannelError

fastapi_testclient = pytest.importorskip(
    "fastapi.testclient", reason="the server extra is not installed"
)

WIDE = {"COLUMNS": "200", "NO_COLOR": "1", "BANDFIT_CATALOG": ""}


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """The HTTP API in process (the band registry is the same for every catalog)."""
    from bandfit.server import create_app
    from bandfit.testing import tiny_catalog

    with fastapi_testclient.TestClient(create_app(catalog=tiny_catalog())) as test_client:
        yield test_client


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), env=WIDE)


@pytest.mark.parametrize(
    "args",
    [
        ("earfcn", "5110"),
        ("uarfcn", "412"),  # several meanings: U2 additional channel and more
        ("uarfcn", "412", "--band", "U2"),
        ("arfcn", "600", "--band", "PCS 1900"),
        ("arfcn", "512", "--country", "US"),
        ("nrarfcn", "632628"),
        ("gscn", "7711"),
    ],
)
def test_channel_json_is_the_api_body(client: Any, args: tuple[str, ...]) -> None:
    r = invoke("channel", *args, "--json")
    assert r.exit_code == 0, r.output
    kind, number, *rest = args
    params = dict(zip(rest[::2], rest[1::2], strict=True))
    api = client.get(
        f"/v1/channels/{kind}/{number}", params={k.lstrip("-"): v for k, v in params.items()}
    )
    assert api.status_code == 200, api.text
    assert json.loads(r.stdout) == api.json()


def test_band_hint_is_never_ignored() -> None:
    """EARFCN 5110 is B12's; asking for it as B17 is an error, on both entry points."""
    with pytest.raises(ChannelError, match="not a B17 channel"):
        channel_meanings("earfcn", 5110, band="B17")
    r = invoke("channel", "earfcn", "5110", "--band", "B17")
    assert r.exit_code != 0
    assert "not a B17 channel (it is B12)" in r.output
    # any name parse_band accepts works as a hint, for GSM too
    (pcs,) = channel_meanings("arfcn", 600, band="PCS 1900")
    assert pcs.dl_bands == ("GSM1900",)


@pytest.mark.parametrize("text", ["Infinity", "-Infinity", "NaN", "0", "-0.5"])
def test_freq_rejects_non_frequencies(text: str) -> None:
    r = invoke("freq", "--link", "dl", "--", text)
    assert r.exit_code != 0
    assert "invalid-input" in r.output
    assert repr(text) in r.output


@pytest.mark.parametrize(
    ("call", "shown"),
    [
        (lambda: khz_to_earfcn(739050, "B12"), "739.05 MHz"),
        (lambda: khz_to_nrarfcn(3489421), "3489.421 MHz"),
        (lambda: khz_to_nrarfcn(2600000, "n41"), "2600 MHz"),
        (lambda: khz_to_uarfcn(1932450, "U2"), "1932.45 MHz"),
    ],
)
def test_frequency_errors_show_mhz_not_a_channel_number(call, shown: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ChannelError) as info:
        call()
    err = info.value
    assert (err.kind, err.value) == ("frequency", shown)
    assert str(err).startswith(f"frequency {shown}: ")


def test_uarfcn_error_lists_sparse_additional_channels() -> None:
    """U2's additional channels are 412, 437, ... 687 in steps of 25, not a range."""
    with pytest.raises(ChannelError) as info:
        khz_to_uarfcn(1932450, "U2")
    assert "412, 437, 462" in (info.value.valid or "")
    assert "412-687 (additional)" not in (info.value.valid or "")


@pytest.mark.parametrize("country", ["GP", "MQ", "GF", "BL", "MF", "BR"])
def test_dcs_1800_in_region_2_territories(country: str) -> None:
    """French Caribbean/Guiana networks use 900/1800 MHz as in France (ARCEP); Brazil too."""
    ch = arfcn_info(600, country=country)
    assert ch.dl_bands == ("GSM1800",)
    assert ch.dl_khz == 1_822_800


def test_pcs_stays_the_default_in_region_2() -> None:
    assert arfcn_info(600, country="US").dl_bands == ("GSM1900",)
    assert arfcn_info(600, country="CA").dl_bands == ("GSM1900",)


@pytest.mark.shipped_data
def test_check_picks_the_same_variant_on_cli_and_api() -> None:
    """A device name on a US operator is the US variant on both entry points."""
    from bandfit.catalog import default_catalog
    from bandfit.server import create_app

    with fastapi_testclient.TestClient(create_app(catalog=default_catalog())) as api:
        body = api.get(
            "/v1/check", params={"device": "iPhone 15", "operator": "us/att", "on": "2024-06-01"}
        )
    assert body.status_code == 200, body.text
    r = invoke("check", "iPhone 15", "-o", "us/att", "--on", "2024-06-01", "--json")
    assert r.exit_code == 0, r.output
    assert body.json()["verdicts"][0]["variant_id"] == json.loads(r.stdout)["variant_id"] == "a2846"
    assert body.json()["device"]["notes"][0].startswith("chose the variant sold in US")


@pytest.mark.parametrize(
    "args",
    [
        ("freq", "739", "--link", "DL"),
        ("freq", "739", "--link", "dl", "--rat", "LTE"),
        ("bands", "--rat", "NR"),
        ("band", "PCS", "--rat", "Lte"),
        ("channel", "EARFCN", "5110"),
    ],
)
def test_choice_values_are_case_insensitive(args: tuple[str, ...]) -> None:
    """The output writes DL, LTE and EARFCN in capitals; the same words are accepted as input,
    like band names (b12) and country codes (us) are."""
    r = invoke(*args)
    assert r.exit_code == 0, r.output


def test_ambiguous_band_hint_names_the_cli_option() -> None:
    """'PCS' needs a RAT: the CLI hint says --rat, not the Python keyword rat=."""
    r = invoke("band", "PCS")
    assert r.exit_code == 1
    assert "ambiguous-band" in r.stderr
    assert "--rat" in r.stderr
    assert "rat=" not in r.stderr


def test_ambiguous_arfcn_hint_names_the_cli_options() -> None:
    r = invoke("channel", "arfcn", "512")
    assert r.exit_code == 1
    assert "--band" in r.stderr
    assert "--country" in r.stderr
    assert "band=" not in r.stderr


def test_freq_finer_than_a_khz_has_a_hint() -> None:
    r = invoke("freq", "739.0001", "--link", "dl")
    assert r.exit_code == 1
    assert "739.0001" in r.stderr
    assert "hint:" in r.stderr
