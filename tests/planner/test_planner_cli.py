"""``bandfit plan``: JSON for machines, tables for people, charts, cost files, mapped errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from _plan_cli import plan_error, plan_json
from typer.testing import CliRunner

from bandfit.cli import app

runner = CliRunner()
BIG_THREE = "us/att,us/verizon,us/t-mobile"
# the Xiaomi story: plan a US variant of the global Mi 8 for AT&T, Verizon and T-Mobile
MI8_BIG_THREE_PLAN = (
    "plan",
    "--operators",
    BIG_THREE,
    "--on",
    "2019-06-01",
    "--from-variant",
    "M1803E1A",
    "--target",
    "0.9",
)


def test_plan_json_us_2019() -> None:
    payload = plan_json(["--operators", BIG_THREE, "--on", "2019-06-01"])
    assert payload["score"] == 1.0
    assert {"B13", "B14", "B71"} <= set(payload["bands"]["lte"])  # type: ignore[index]
    networks = payload["networks"]
    assert isinstance(networks, list)
    assert all(n["agrees_with_check"] for n in networks)
    assert payload["curve"][0]["k"] == 1  # type: ignore[index]
    assert payload["upgrade"] is None


def test_plan_json_with_upgrade_and_constraints(tmp_path: Path) -> None:
    costs = tmp_path / "costs.csv"
    costs.write_text("# RF front-end cost in score units\nband,cost\nn258,0.01\n", encoding="utf-8")
    payload = plan_json(
        [
            "--country",
            "US",
            "--operators",
            BIG_THREE,
            "--weights",
            "us/att=0.4,us/verizon=0.4,us/t-mobile=0.2,us/sprint=0,us/uscellular=0",
            "--on",
            "2019-06-01",
            "--max-bands",
            "lte=20,nr=12",
            "--must",
            "B2",
            "--forbid",
            "n261",
            "--cost-file",
            str(costs),
            "--from-variant",
            "xiaomi/mi-8:global",
            "--target",
            "0.9",
        ]
    )
    assert "B2" in payload["bands"]["lte"]  # type: ignore[index]
    assert "n261" not in payload["bands"].get("nr", [])  # type: ignore[attr-defined]
    assert payload["constraints"]["costs"] == {"n258": 0.01}  # type: ignore[index]
    upgrade = payload["upgrade"]
    assert isinstance(upgrade, dict)
    assert upgrade["added"][0] == "B13"  # Verizon weighs 0.4: its 700 MHz layer pays most
    assert upgrade["final_score"] >= 0.9


def test_plan_table_output() -> None:
    result = runner.invoke(
        app,
        [
            *MI8_BIG_THREE_PLAN,
        ],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    for text in (
        "Chosen bands",
        "Trade-off curve",
        "Closest existing variants",
        "Upgrade path",
        "B13",
    ):
        assert text in out


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_plan_chart(tmp_path: Path, suffix: str) -> None:
    chart = tmp_path / f"curve{suffix}"
    payload = plan_json(
        ["--operators", BIG_THREE, "--on", "2019-06-01", "--chart", str(chart), "--closest", "0"]
    )
    assert payload["chart"] == str(chart)
    data = chart.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in data[:2000]


def test_plan_infeasible_maps_to_exit_1() -> None:
    result = runner.invoke(
        app, ["plan", "--operators", BIG_THREE, "--must", "B13", "--forbid", "B13"]
    )
    assert result.exit_code == 1
    assert "infeasible-plan" in result.stderr
    assert "must-have B13 and forbid B13" in result.stderr


def test_plan_cap_conflict_named() -> None:
    result = runner.invoke(
        app, ["plan", "--operators", BIG_THREE, "--max-bands", "lte=1", "--must", "B13,B71"]
    )
    assert result.exit_code == 1
    assert "max-bands lte=1 with 2 must-have LTE bands (B13, B71)" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--country", "US", "--max-bands", "lte"],
        ["--country", "US", "--max-bands", "lte=1.5"],
        ["--country", "US", "--nr-modes", "lte"],
        ["--country", "US", "--chart", "curve.gif"],
        ["--country", "US", "--cost-file", "/nonexistent/costs.csv"],
    ],
)
def test_plan_bad_input(args: list[str]) -> None:
    result = runner.invoke(app, ["plan", *args, "--on", "2019-06-01", "--closest", "0"])
    assert result.exit_code == 1, result.output
    assert "invalid-input" in result.stderr


def test_plan_bad_cost_file(tmp_path: Path) -> None:
    costs = tmp_path / "costs.csv"
    costs.write_text("band;cost\nn258;0.01\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", "--country", "US", "--cost-file", str(costs)])
    assert result.exit_code == 1
    assert "band,cost" in result.stderr


@pytest.mark.slow
def test_plan_json_stdout_is_clean_in_a_real_process() -> None:
    """HiGHS prints from C straight to fd 1; a real process proves --json stdout stays pure JSON."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "bandfit",
            *MI8_BIG_THREE_PLAN,  # with HiGHS presolve on, this market made HiGHS print 17 lines
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    payload = json.loads(proc.stdout)
    assert payload["proven_optimal"] is True


def test_plan_voice_and_certification_flags() -> None:
    payload = plan_json(
        [
            "--operators",
            BIG_THREE,
            "--on",
            "2019-06-01",
            "--certified-on",
            "verizon,us/att",
            "--vonr",
            "--closest",
            "0",
            "--no-curve",
        ]
    )
    assert payload["constraints"]["certified_on"] == ["us/att", "us/verizon"]  # type: ignore[index]
    statuses = {n["operator_id"]: n["status"] for n in payload["networks"]}  # type: ignore[union-attr]
    assert statuses == {"us/att": "works", "us/t-mobile": "works", "us/verizon": "works"}
    no_volte = plan_json(
        [
            "--operators",
            BIG_THREE,
            "--on",
            "2019-06-01",
            "--no-volte",
            "--closest",
            "0",
            "--no-curve",
        ]
    )
    assert no_volte["score"] == payload["score"]  # voice never enters the radio score
    assert no_volte["constraints"]["volte"] is False  # type: ignore[index]


def test_plan_unknown_certifier() -> None:
    result = runner.invoke(app, ["plan", "--operators", BIG_THREE, "--certified-on", "nobody-here"])
    assert result.exit_code == 1
    assert "unknown-operator" in result.stderr


def test_plan_chart_into_a_new_folder_like_check(tmp_path: Path) -> None:
    """`check --chart` creates missing folders; `plan --chart` used to die with a traceback."""
    pytest.importorskip("matplotlib")
    chart = tmp_path / "new" / "dir" / "curve.svg"
    payload = plan_json(["--operators", "us/att", "--on", "2024-06-01", "--chart", str(chart)])
    assert payload["chart"] == str(chart)
    assert chart.exists()


def test_plan_chart_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    err = plan_error(["--operators", "us/att", "--on", "2024-06-01", "--chart", f"{blocker}/c.png"])
    assert "invalid-input" in err
    assert f"{blocker}/c.png" in err
    assert "hint:" in err


def test_plan_country_that_is_no_country_is_named_as_a_country() -> None:
    """`--country usaa` used to fail as "no operator matches 'usaa'"."""
    err = plan_error(["--country", "usaa", "--no-curve", "--closest", "0"])
    assert "unknown-country" in err
    assert "'usaa'" in err


def test_plan_country_takes_an_alpha3_code() -> None:
    result = runner.invoke(
        app,
        [
            "plan",
            "--country",
            "usa",
            "--on",
            "2019-06-01",
            "--no-curve",
            "--closest",
            "0",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["market"]["countries"] == ["US"]


def test_plan_country_given_an_operator_id_is_refused() -> None:
    """`--country us/att` must not silently plan for the operator."""
    err = plan_error(["--country", "us/att", "--no-curve", "--closest", "0"])
    assert "unknown-country" in err


def test_plan_negative_closest_is_refused() -> None:
    result = runner.invoke(app, ["plan", "--operators", "us/att", "--closest", "-1"])
    assert result.exit_code == 2, result.output
    assert "--closest" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--operators", "us/att", "--from-variant", "M1803E1A", "--target", "1.5"],
        ["--operators", "us/att", "--time-limit", "0"],
        ["--operators", "us/att", "--max-bands", "lte"],
        ["--operators", "us/att", "--max-bands", "lte=1.5"],
        ["--operators", "us/att", "--weights", "bogus"],
        ["--operators", "us/att", "--max-total", "-3"],
        ["--operators", "us/att", "--chart", "curve.gif"],
        ["--operators", "us/att", "--chart", "curve.png", "--no-curve"],
        ["--operators", "us/att", "--cost-file", "/nonexistent/costs.csv"],
        ["--operators", "us/att", "--must", "PCS"],
    ],
)
def test_plan_bad_input_names_the_value_and_gives_a_hint(args: list[str]) -> None:
    quick = [] if "--chart" in args else ["--no-curve"]
    err = plan_error([*args, "--on", "2024-06-01", "--closest", "0", *quick])
    assert "hint:" in err, err
    assert "rat=" not in err  # a Python keyword is no hint for a CLI user


def test_plan_cost_file_bad_row_has_a_hint(tmp_path: Path) -> None:
    costs = tmp_path / "costs.csv"
    costs.write_text("band,cost\nn258,cheap\n", encoding="utf-8")
    err = plan_error(["--operators", "us/att", "--cost-file", str(costs)])
    assert f"{costs}:2" in err
    assert "hint:" in err


def test_plan_label_names_a_repeated_operator_once() -> None:
    payload = plan_json(["--operators", "us/att,us/att", "--no-curve", "--closest", "0"])
    assert payload["market"]["label"] == "us/att"  # type: ignore[index]


def test_plan_target_without_from_variant_is_refused_not_ignored() -> None:
    """--target steers only the upgrade path; it used to be dropped silently without one."""
    err = plan_error(["--country", "US", "--target", "0.8", "--no-curve", "--closest", "0"])
    assert "invalid-input" in err
    assert "--from-variant" in err
