"""``bandfit check`` and ``bandfit best`` end to end through Typer's CliRunner (shipped catalog).

Facts asserted here are the golden ones of tests/compat/test_compat_golden.py (Xiaomi Mi 8 on AT&T
in 2019: works with gaps, B14 missing, calls over 3G).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bandfit.cli import app
from bandfit.testing import FIXTURE_DIR

pytestmark = pytest.mark.shipped_data

WIDE = {"COLUMNS": "200", "NO_COLOR": "1", "BANDFIT_CATALOG": ""}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env=WIDE)


def test_check_mi8_on_att_2019(runner: CliRunner) -> None:
    r = invoke(runner, "check", "Xiaomi Mi 8", "--operator", "us/att", "--on", "2019-06-01")
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "Xiaomi Mi 8 — Global / China full-network (M1803E1A)" in out
    assert "on us/att, 2019-06-01: WORKS WITH GAPS" in out
    assert "radio score 0.62" in out  # 800/1300
    assert "no B14" in out  # the costliest missing layer is listed
    assert "23.1%" in out  # 300/1300
    assert "voice: ok — 2G/3G circuit-switched voice on AT&T Mobility" in out
    assert "coverage-layer-missing" in out


def test_check_country_ranks_operators(runner: CliRunner) -> None:
    r = invoke(runner, "check", "Redmi Note 13 Pro 5G", "--country", "US", "--on", "2026-11-21")
    assert r.exit_code == 0, r.output
    assert "Redmi Note 13 Pro 5G" in r.stdout
    for op in ("us/att", "us/verizon", "us/t-mobile"):
        assert op in r.stdout


def test_check_country_json_structure(runner: CliRunner) -> None:
    r = invoke(runner, "check", "M1803E1A", "--country", "GB", "--json", "--on", "2026-11-21")
    assert r.exit_code == 0, r.output
    payload = json.loads(r.stdout)
    assert set(payload) == {"device_id", "variant_id", "country", "on", "verdicts"}
    assert (payload["device_id"], payload["variant_id"], payload["country"], payload["on"]) == (
        "xiaomi/mi-8",
        "global-china",
        "GB",
        "2026-11-21",
    )
    verdicts = payload["verdicts"]
    ids = [v["operator_id"] for v in verdicts]
    assert {"gb/ee", "gb/o2", "gb/three", "gb/vodafone"} <= set(ids)
    assert len(ids) == len(set(ids))
    for v in verdicts:
        assert set(v) >= {
            "status",
            "radio_score",
            "per_rat",
            "voice",
            "admission",
            "missing",
            "reasons",
            "hosts",
            "data_stamp",
        }
        assert 0.0 <= v["radio_score"] <= 1.0
        for reason in v["reasons"]:
            assert set(reason) == {"code", "severity", "message", "evidence"}
    # ranked best first: status rank, then score
    order = {"works": 0, "works with gaps": 1, "limited": 2, "unknown": 3, "no service": 4}
    keys = [(order[v["status"]], -v["radio_score"]) for v in verdicts]
    assert keys == sorted(keys)
    ee = next(v for v in verdicts if v["operator_id"] == "gb/ee")
    # EE 700 MHz: B28 and n28 share one block -> one group, labelled LTE first
    assert [m["label"] for m in ee["missing"]] == ["B28/n28", "n78"]
    # MVNOs say which network they run on
    assert any(v["network_id"] != v["operator_id"] for v in verdicts)


def test_check_operator_json_is_one_verdict(runner: CliRunner) -> None:
    r = invoke(runner, "check", "A2849", "--operator", "us/cricket", "--json", "--on", "2026-11-21")
    assert r.exit_code == 0, r.output
    v = json.loads(r.stdout)
    assert (v["operator_id"], v["network_id"], v["radio_score"]) == ("us/cricket", "us/att", 1.0)
    assert v["reasons"][0]["code"] == "host-network"


def test_best_on_verizon_json(runner: CliRunner) -> None:
    r = invoke(
        runner, "best", "--operator", "us/verizon", "--json", "--on", "2026-11-21", "--limit", "10"
    )
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert 0 < len(rows) <= 10
    for row in rows:
        assert set(row) == {
            "device_id",
            "variant_id",
            "name",
            "variant",
            "model_numbers",
            "status",
            "mean_radio_score",
        }
        assert row["status"] != "unknown"  # unknown verdicts are left out by default
    order = {"works": 0, "works with gaps": 1, "limited": 2, "unknown": 3, "no service": 4}
    keys = [(order[row["status"]], -row["mean_radio_score"]) for row in rows]
    assert keys == sorted(keys)
    # Verizon certifies devices and no variant is documented as certified: nothing "works".
    assert rows[0]["status"] == "works with gaps"
    assert rows[0]["mean_radio_score"] == 1.0


def test_fail_on_gate_exits_3(runner: CliRunner) -> None:
    args = ("check", "M1803E1A", "--operator", "us/att", "--on", "2019-06-01")
    gated = invoke(runner, *args, "--fail-on", "works-with-gaps")
    assert gated.exit_code == 3
    assert "WORKS WITH GAPS" in gated.stdout  # the verdict is still printed
    passed = invoke(runner, *args, "--fail-on", "limited")
    assert passed.exit_code == 0
    json_gated = invoke(runner, *args, "--json", "--fail-on", "works with gaps")
    assert json_gated.exit_code == 3
    assert json.loads(json_gated.stdout)["status"] == "works with gaps"


def test_fail_on_rejects_unknown_status(runner: CliRunner) -> None:
    r = invoke(runner, "check", "M1803E1A", "--operator", "us/att", "--fail-on", "bad")
    assert r.exit_code == 1
    assert "--fail-on 'bad' is not a status" in r.stderr


def test_ambiguous_device_lists_candidates(runner: CliRunner) -> None:
    r = invoke(runner, "check", "Redmi Note", "--operator", "us/att")
    assert r.exit_code == 1
    assert "ambiguous-device" in r.stderr
    for cand in ("xiaomi/redmi-note-13", "xiaomi/redmi-note-12"):
        assert cand in r.stderr
    assert r.stdout == ""


def test_operator_and_country_are_exclusive(runner: CliRunner) -> None:
    both = invoke(runner, "check", "M1803E1A", "--operator", "us/att", "--country", "US")
    neither = invoke(runner, "check", "M1803E1A")
    assert both.exit_code == neither.exit_code == 1
    assert "exactly one of --operator or --country" in both.stderr


def test_chart_writes_svg_with_band_labels(runner: CliRunner, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "out.svg"
    r = invoke(
        runner,
        "check",
        "M1803E1A",
        "--operator",
        "us/verizon",
        "--on",
        "2026-11-21",
        "--chart",
        str(out),
    )
    assert r.exit_code == 0, r.output
    svg = out.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml")
    assert "<svg" in svg
    # the missing coverage band and bands the phone uses are labelled on the chart
    for label in ("B13", "B5", "B66"):
        assert label in svg, label
    assert f"chart written to {out}" in r.stdout.replace("\n", "")


def test_chart_rejects_other_extensions(runner: CliRunner, tmp_path: Path) -> None:
    r = invoke(
        runner, "check", "M1803E1A", "--operator", "us/att", "--chart", str(tmp_path / "x.pdf")
    )
    assert r.exit_code == 1
    assert ".svg or .png" in r.stderr


def test_check_with_fixture_overlay(runner: CliRunner) -> None:
    # --catalog adds the tiny fixture catalog to the shipped one (validated like shipped data).
    r = invoke(
        runner,
        "check",
        "AC-100G",
        "--operator",
        "xa/alpha",
        "--on",
        "2024-01-01",
        "--catalog",
        str(FIXTURE_DIR),
        "--json",
    )
    assert r.exit_code == 0, r.output
    v = json.loads(r.stdout)
    assert (v["status"], v["radio_score"]) == ("works", 0.92)
    assert v["data_stamp"]["overlay"] == str(FIXTURE_DIR)


def test_country_without_operators_is_an_error_not_an_empty_pass(runner: CliRunner) -> None:
    """An empty ranking must not pass --fail-on silently."""
    r = invoke(runner, "check", "M1803E1A", "-c", "FI", "--json", "--fail-on", "limited")
    assert r.exit_code != 0
    assert "no operator in service in FI" in r.output


def test_country_is_echoed_as_its_iso_code(runner: CliRunner) -> None:
    r = invoke(runner, "check", "M1803E1A", "-c", " us ", "--json", "--on", "2024-06-01")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["country"] == "US"


def test_text_view_warns_that_calls_depend_on_a_network_being_switched_off(
    runner: CliRunner,
) -> None:
    r = invoke(runner, "check", "M1803E1A", "-o", "us/att", "--on", "2019-06-01")
    assert r.exit_code == 0, r.output
    assert "network-sunset-ahead: AT&T Mobility 3G UMTS ends on 2022-02-22" in r.stdout
    assert "voice-legacy" in r.stdout


def test_device_name_resolves_to_the_operators_market_variant(runner: CliRunner) -> None:
    """'iPhone 15' on AT&T is the US model (A2846), and the output says how it was chosen."""
    r = invoke(runner, "check", "iPhone 15", "-o", "us/att", "--on", "2024-06-01", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["variant_id"] == "a2846"
    text = invoke(runner, "check", "iPhone 15", "-o", "us/att", "--on", "2024-06-01")
    assert "variant: chose the variant sold in US (a2846)" in " ".join(text.stdout.split())


def test_unknown_phone_bands_note_has_no_dangling_separator(runner: CliRunner) -> None:
    """SM-A136B has no band lists in the catalog: the per-RAT note says so, joined to the
    network's own note only when there is one."""
    r = invoke(runner, "check", "SM-A136B", "--operator", "us/att", "--on", "2024-06-01")
    assert r.exit_code == 0, r.output
    assert "phone bands unknown; switched off on 2022-02-22" in r.output
    assert not re.search(r"unknown; +│", r.output), r.output


def test_voice_and_admission_lines_have_no_dangling_dash_without_a_note(
    runner: CliRunner,
) -> None:
    """An operator out of service has no voice/admission note: no "voice: none — " with nothing
    after the dash."""
    r = invoke(runner, "check", "A2846", "-o", "us/sprint", "--on", "2024-01-01")
    assert r.exit_code == 0, r.output
    assert "NO SERVICE" in r.stdout
    for line in r.stdout.splitlines():
        assert not line.rstrip().endswith("—"), line
    assert "voice: none\n" in r.stdout


def test_check_says_when_the_phone_is_dated_after_the_check_date(runner: CliRunner) -> None:
    """The Galaxy S23 came out in February 2023: a verdict for 2022 is a what-if, and every
    view says so — the text reasons, the country table's note and the JSON reasons."""
    r = invoke(runner, "check", "SM-S911B", "-o", "de/telekom", "--on", "2022-06-01")
    assert r.exit_code == 0, r.output
    text = " ".join(r.stdout.split())
    assert "not-released" in text
    assert "dated 2023-02-17 in the catalog, after 2022-06-01" in text
    country = invoke(runner, "check", "SM-S911B", "-c", "DE", "--on", "2022-06-01")
    assert "note: Samsung Galaxy S23 (Global (B)) is dated 2023-02-17" in " ".join(
        country.stdout.split()
    )
    as_json = invoke(
        runner, "check", "SM-S911B", "-o", "de/telekom", "--on", "2022-06-01", "--json"
    )
    reason = next(x for x in json.loads(as_json.stdout)["reasons"] if x["code"] == "not-released")
    assert reason["severity"] == "info"
    assert reason["evidence"] == {"released": "2023-02-17", "first_day": "2023-02-17"}
    later = invoke(runner, "check", "SM-S911B", "-o", "de/telekom", "--on", "2024-06-01")
    assert "not-released" not in later.stdout


def test_best_leaves_out_phones_not_released_on_the_date(runner: CliRunner) -> None:
    """`best --on 2016-01-01` cannot recommend phones that came out years later."""
    r = invoke(runner, "best", "-o", "us/att", "--on", "2016-01-01", "--json", "--limit", "500")
    assert r.exit_code == 0, r.output
    ids = {row["device_id"] for row in json.loads(r.stdout)}
    assert "apple/iphone-15" not in ids
    assert "samsung/galaxy-s23" not in ids


def test_best_without_operator_or_country_gives_a_hint(runner: CliRunner) -> None:
    r = invoke(runner, "best")
    assert r.exit_code == 1
    assert "hint:" in r.stderr


@pytest.mark.parametrize("name", ["chart.svg", "chart.png"])
def test_chart_in_an_unwritable_place_is_a_clear_error(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    """A chart path under a regular file cannot be written: a typed error, not a traceback."""
    pytest.importorskip("matplotlib")
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    r = invoke(runner, "check", "M1803E1A", "-o", "us/att", "--chart", str(blocker / name))
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output
    assert "invalid-input" in r.stderr
    assert str(blocker / name) in r.stderr
    assert "hint:" in r.stderr


def test_chart_suffix_error_has_a_hint(runner: CliRunner, tmp_path: Path) -> None:
    r = invoke(runner, "check", "M1803E1A", "-o", "us/att", "--chart", str(tmp_path / "x.gif"))
    assert r.exit_code == 1
    assert "hint:" in r.stderr


def test_check_accepts_the_device_variant_form_plan_prints(runner: CliRunner) -> None:
    """`plan` lists closest variants as lg/g8-thinq:usa; `check` takes that reference as is."""
    r = invoke(runner, "check", "lg/g8-thinq:usa", "-o", "us/att", "--on", "2019-06-01", "--json")
    assert r.exit_code == 0, r.output
    v = json.loads(r.stdout)
    assert (v["device_id"], v["variant_id"]) == ("lg/g8-thinq", "usa")


def test_country_title_says_no_model_number_like_the_operator_view(runner: CliRunner) -> None:
    """The Google Pixel (2016) international variant has no model number in the catalog: the
    country table's title says so instead of printing empty brackets."""
    r = invoke(runner, "check", "google/pixel", "-c", "JP", "--on", "2024-06-01")
    assert r.exit_code == 0, r.output
    assert "()" not in r.stdout
    assert "(no model number) in JP" in r.stdout


def test_errors_with_json_are_the_http_error_envelope_on_stderr(runner: CliRunner) -> None:
    """A pipeline that asked for --json gets the API's error envelope on stderr (stdout stays
    empty, exit code 1); without --json the error stays one readable line."""
    r = invoke(runner, "check", "Xiaomi Mi 8", "-o", "us/att", "--on", "2022-02-30", "--json")
    assert r.exit_code == 1
    assert r.stdout == ""
    err = json.loads(r.stderr)["error"]
    assert err["code"] == "invalid-date"
    assert err["details"]["value"] == "2022-02-30"
    assert err["details"]["hint"]
    nested = invoke(runner, "operators", "show", "nope/x", "--json")
    assert json.loads(nested.stderr)["error"]["code"] == "unknown-operator"
    plain = invoke(runner, "check", "Xiaomi Mi 8", "-o", "us/att", "--on", "2022-02-30")
    assert plain.stderr.startswith("Error [invalid-date]: invalid date '2022-02-30'")
    after_separator = invoke(runner, "devices", "show", "--", "--json")
    assert after_separator.stderr.startswith("Error [")
