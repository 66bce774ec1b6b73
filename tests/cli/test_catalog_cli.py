"""CLI: ``bandfit operators``, ``bandfit devices`` and ``bandfit data build --check``.

Run in-process with Typer's ``CliRunner`` on :data:`bandfit.cli.app`; ``--json`` output is parsed,
never grepped. Goldens use the shipped catalog (AT&T's 3G sunset on 2022-02-22, the Xiaomi Mi 8's
global variant M1803E1A). The TAC test builds its table in ``tmp_path`` from
``../shared/datasets/tac`` and is skipped with the reason when that folder is absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from bandfit.catalog.tac import luhn_check_digit, read_model_list_csv
from bandfit.cli import app

pytestmark = pytest.mark.shipped_data

ROOT = Path(__file__).resolve().parents[2]
# the user's own overlay / TAC table must not leak into these tests
runner = CliRunner(env={"BANDFIT_CATALOG": None, "BANDFIT_TAC_DB": None})


def run(*args: str, code: int = 0) -> Result:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, (args, result.stdout, result.stderr)
    return result


def run_json(*args: str) -> Any:
    return json.loads(run(*args, "--json").stdout)


# ------------------------------------------------------------------------------ operators list


def test_operators_list_country() -> None:
    ops = run_json("operators", "list", "--country", "US")
    ids = [o["id"] for o in ops]
    assert {"us/att", "us/verizon", "us/t-mobile", "us/sprint", "us/cricket"} <= set(ids)
    assert all(o["country"] == "US" for o in ops)
    assert {"id", "name", "country", "kind", "brands", "plmns", "hosts"} <= set(ops[0])
    kinds = [o["kind"] for o in ops]
    assert kinds == sorted(kinds, key=lambda k: k != "MNO"), "MNOs are listed first"
    assert len(ids) == len(set(ids))


def test_operators_list_country_on_a_date() -> None:
    every = {o["id"] for o in run_json("operators", "list", "--country", "us")}
    in_2019 = {
        o["id"] for o in run_json("operators", "list", "--country", "US", "--on", "2019-06-01")
    }
    in_2026 = {
        o["id"] for o in run_json("operators", "list", "--country", "US", "--on", "2026-11-21")
    }
    assert in_2019 <= every
    assert in_2026 <= every
    assert "us/sprint" in in_2019  # until 2022-06-30 (merged into T-Mobile)
    assert "us/sprint" not in in_2026
    assert "us/boost" in in_2026  # an MNO since 2020-07-01
    assert "us/boost" not in in_2019
    assert {"us/att", "us/verizon", "us/t-mobile"} <= in_2019 & in_2026


def test_operators_list_all_on_a_date_and_table_output() -> None:
    ops = run_json("operators", "list", "--on", "2026-11-21")
    assert len(ops) >= 120
    assert [o["id"] for o in ops] == sorted(o["id"] for o in ops)
    table = run("operators", "list", "--country", "US", "--on", "2019-06-01").stdout
    assert "operators in US on 2019-06-01" in table
    assert "us/att" in table


def test_operators_list_takes_alpha3_and_names_and_answers_in_alpha2() -> None:
    assert run_json("operators", "list", "--country", "deu") == run_json(
        "operators", "list", "--country", "DE"
    )
    assert "operators in DE" in run("operators", "list", "--country", "Germany").stdout


def test_operators_list_unknown_country_is_an_error() -> None:
    result = run("operators", "list", "--country", "Atlantis", code=1)
    assert result.stderr.startswith("Error [unknown-country]")


# ------------------------------------------------------------------------------ operators show


def test_att_2019_has_umts_live() -> None:
    doc = run_json("operators", "show", "us/att", "--on", "2019-06-01")
    assert (doc["id"], doc["on"], doc["live"]) == ("us/att", "2019-06-01", True)
    nets = {n["rat"]: n for n in doc["network_states"]}
    assert nets["umts"]["status"] == "live"
    assert nets["umts"]["until"] == "2022-02-22"
    live_umts = {d["band"] for d in doc["live_deployments"] if d["rat"] == "umts"}
    assert live_umts == {"U2", "U5"}
    curated_umts = [d for d in doc["deployments"] if d["rat"] == "umts"]
    assert all(d["until"] == "2022-02-22" for d in curated_umts)
    assert not [e for e in doc["ended_deployments"] if e["rat"] == "umts"]
    assert nets["lte"]["status"] == "live"
    assert nets["gsm"]["status"] == "ended"  # AT&T's 2G ended 2017-01-01


def test_att_2022_umts_is_gone_and_shows_its_end() -> None:
    doc = run_json("operators", "show", "us/att", "--on", "2022-03-01")
    nets = {n["rat"]: n for n in doc["network_states"]}
    assert nets["umts"]["status"] == "ended"
    assert nets["umts"]["until"] == "2022-02-22"
    assert not [d for d in doc["live_deployments"] if d["rat"] == "umts"]
    ended_umts = {e["band"]: e["until"] for e in doc["ended_deployments"] if e["rat"] == "umts"}
    assert ended_umts == {"U2": "2022-02-22", "U5": "2022-02-22"}
    assert {d["rat"] for d in doc["live_deployments"]} == {"lte", "nr"}


def test_att_show_json_shape_and_sources() -> None:
    doc = run_json("operators", "show", "us/att", "--on", "2022-03-01")
    assert doc["kind"] == "MNO"
    assert "310-410" in doc["plmns"]
    assert doc["sources"]
    for dep in doc["deployments"]:
        assert dep["sources"]
        assert set(dep["sources"]) <= set(doc["sources"]), dep
    for dep in doc["live_deployments"]:
        if dep["dl_mhz"] is not None:
            assert dep["dl_mhz"][0] < dep["dl_mhz"][1]


def test_operator_json_is_the_http_api_document() -> None:
    """One question, one answer: `operators show --json` and GET /v1/operators/{id} return the
    same document (names and units), and `operators list --json` the API's list items."""
    from fastapi.testclient import TestClient

    from bandfit.server.app import create_app

    client = TestClient(create_app())
    for op_id, on in [("us/att", "2022-03-01"), ("us/cricket", "2019-06-01")]:
        api = client.get(f"/v1/operators/{op_id}", params={"on": on})
        assert api.status_code == 200
        assert run_json("operators", "show", op_id, "--on", on) == api.json()
    items: list[object] = []
    params: dict[str, str] = {"country": "US", "limit": "100"}
    while True:
        page = client.get("/v1/operators", params=params).json()
        items += page["items"]
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    assert run_json("operators", "list", "--country", "US") == items


@pytest.mark.parametrize("key", ["310410", "310-410", "AT&T Mobility"])
def test_operators_show_by_plmn_or_name(key: str) -> None:
    assert run_json("operators", "show", key, "--on", "2024-01-01")["id"] == "us/att"


def test_operators_show_ambiguous_name_lists_candidates() -> None:
    result = run("operators", "show", "AT&T", code=1)
    assert result.stdout == ""
    assert result.stderr.startswith("Error [ambiguous-operator]")
    assert "mx/att" in result.stderr
    assert "us/att" in result.stderr


def test_operators_show_mvno_and_table_output() -> None:
    doc = run_json("operators", "show", "us/cricket", "--on", "2024-01-01")
    assert doc["kind"] == "MVNO"
    assert any(h["operator"] == "us/att" and h["in_effect"] for h in doc["hosts"])
    text = run("operators", "show", "us/att", "--on", "2022-03-01").stdout
    assert "AT&T Mobility" in text
    assert "U5 (2022-02-22)" in " ".join(text.split())


# ------------------------------------------------------------------------------ devices search / show


@pytest.mark.parametrize(
    ("query", "device", "variant"),
    [
        ("M2101K6G", "xiaomi/redmi-note-10-pro", "global"),
        ("sm-s928u", "samsung/galaxy-s24-ultra", "usa"),
        ("sm-s928b/ds", "samsung/galaxy-s24-ultra", "global"),
    ],
)
def test_devices_search_model_numbers(query: str, device: str, variant: str) -> None:
    hits = run_json("devices", "search", query)
    assert hits[0]["id"] == device
    assert hits[0]["match"] == {"matched_by": "model-number", "score": 1.0, "variant_id": variant}


def test_devices_search_name() -> None:
    hits = run_json("devices", "search", "redmi note 13 pro", "--limit", "3")
    assert len(hits) == 3
    assert {h["id"] for h in hits[:2]} == {
        "xiaomi/redmi-note-13-pro",
        "xiaomi/redmi-note-13-pro-5g",
    }
    assert all(h["match"]["variant_id"] is None for h in hits[:2])
    assert set(hits[0]) == {
        "id",
        "brand",
        "name",
        "full_name",
        "kind",
        "released",
        "variants",
        "match",
    }
    # (tables wrap cells at 80 columns off a terminal: check the title only)
    assert (
        "10 match(es) for 'redmi note 13 pro'"
        in run("devices", "search", "redmi note 13 pro").stdout
    )


MI8_GLOBAL_LTE = [
    "B1",
    "B2",
    "B3",
    "B4",
    "B5",
    "B7",
    "B8",
    "B12",
    "B17",
    "B20",
    "B34",
    "B38",
    "B39",
    "B40",
    "B41",
]


def test_devices_show_mi8_global_variant() -> None:
    doc = run_json("devices", "show", "xiaomi/mi-8")
    assert (doc["id"], doc["full_name"]) == ("xiaomi/mi-8", "Xiaomi Mi 8")
    (glob,) = [v for v in doc["variants"] if "global" in v["markets"]]
    assert glob["model_numbers"] == ["M1803E1A"]
    assert glob["bands"]["lte"] == MI8_GLOBAL_LTE
    assert glob["bands"]["nr"] == []
    assert glob["bands"]["cdma"] is None  # GSMArena gives CDMA 800 without a band class
    assert "gsmarena" in glob["sources"]
    for key in glob["sources"]:  # variants cite by id; the device's `sources` holds the details
        source = doc["sources"][key]
        assert source["title"]
        assert source.get("url") or source.get("publisher")
    b12 = next(b for b in glob["band_ranges"] if b["id"] == "B12")
    assert (b12["rat"], b12["dl_mhz"], b12["ul_mhz"]) == ("lte", [729.0, 746.0], [699.0, 716.0])
    # the other variants are listed too, with their (unknown) bands
    assert {v["model_numbers"][0] for v in doc["variants"]} == {"M1803E1A", "M1803E1T", "M1803E1C"}


def test_device_json_is_the_http_api_document() -> None:
    """`devices show --json` is GET /v1/devices/{id} (narrowed to the variants asked for) and
    `devices search --json` the items of GET /v1/devices?q=: same names, same units."""
    from fastapi.testclient import TestClient

    from bandfit.server.app import create_app

    client = TestClient(create_app())
    api = client.get("/v1/devices/xiaomi/mi-8").json()
    assert run_json("devices", "show", "xiaomi/mi-8") == api
    one = run_json("devices", "show", "M1803E1A")
    assert one == {
        **api,
        "variants": [v for v in api["variants"] if v["id"] == one["variants"][0]["id"]],
    }
    for query in ["M1803E1A", "redmi note 13 pro"]:
        items = client.get("/v1/devices", params={"q": query, "limit": 10}).json()["items"]
        assert run_json("devices", "search", query, "--limit", "10") == items


def test_devices_show_by_model_number_shows_only_that_variant() -> None:
    doc = run_json("devices", "show", "M1803E1A")
    assert doc["id"] == "xiaomi/mi-8"
    assert [v["model_numbers"] for v in doc["variants"]] == [["M1803E1A"]]
    doc = run_json("devices", "show", "xiaomi/mi-8", "--variant", "M1803E1T")
    assert [v["id"] for v in doc["variants"]] == ["china-mobile"]
    assert doc["variants"][0]["bands"]["lte"] is None


def test_devices_show_table_output() -> None:
    text = " ".join(run("devices", "show", "xiaomi/mi-8").stdout.split())
    assert "Xiaomi Mi 8 (xiaomi/mi-8)" in text
    assert "M1803E1A" in text
    assert " ".join(MI8_GLOBAL_LTE) in text
    assert "[gsmarena]" in text


def test_devices_show_unknown_device() -> None:
    result = run("devices", "show", "Nokia 9999 Ultra Max", code=1)
    assert result.stderr.startswith("Error [unknown-device]")


# ------------------------------------------------------------------------------ IMEI / TAC


def test_imei_bad_check_digit_names_the_expected_digit() -> None:
    result = run("devices", "imei", "352906110000000", code=1)
    assert result.stdout == ""
    assert "Error [invalid-imei]" in result.stderr
    assert "check digit 0 does not match" in result.stderr
    assert "the Luhn check digit for these 14 digits is 9" in result.stderr


def test_imei_valid_without_tac_table() -> None:
    doc = run_json("devices", "imei", "35-290611-000000-9")
    assert (doc["imei"], doc["tac"], doc["serial"], doc["check_digit"]) == (
        "352906110000009",
        "35290611",
        "000000",
        9,
    )
    assert doc["imeisv"] is False
    assert doc["entry"] is None
    assert doc["variants"] == []
    assert "no TAC table given" in doc["reason"]
    assert "valid" in run("devices", "imei", "352906110000009").stdout


@pytest.fixture(scope="module")
def tac_dir(shared_datasets: Path) -> Path:
    path = shared_datasets / "tac"
    needed = ("osmocom_tacdb.csv", "samsung_tacs_samloaderkotlin.csv")
    if not all((path / name).is_file() for name in needed):
        pytest.skip(f"TAC lists not found in {path} (need {', '.join(needed)})")
    return path


@pytest.fixture(scope="module")
def tac_db(tac_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bandfit.tac/1 table built by ``bandfit data import tac`` from both shared lists."""
    out = tmp_path_factory.mktemp("tac") / "tacs.csv"
    summary = run_json(
        "data",
        "import",
        "tac",
        "--out",
        str(out),
        "--osmocom",
        str(tac_dir / "osmocom_tacdb.csv"),
        "--model-list",
        str(tac_dir / "samsung_tacs_samloaderkotlin.csv"),
    )
    assert summary["out"] == str(out)
    assert [i["rejected"] for i in summary["inputs"]] == [0, 0]
    assert summary["tacs"] > 25_000
    assert out.read_text(encoding="utf-8").startswith("# bandfit.tac/1\n")
    return out


@pytest.fixture(scope="module")
def s24_ultra_tac(tac_dir: Path) -> str:
    """The first TAC the Samsung list gives for SM-S928B (Galaxy S24 Ultra, global)."""
    table = read_model_list_csv(tac_dir / "samsung_tacs_samloaderkotlin.csv").table
    return next(e.tac for e in table if "SM-S928B" in e.model_numbers)


def test_devices_tac_resolves_to_the_curated_variant(tac_db: Path, s24_ultra_tac: str) -> None:
    doc = run_json("devices", "tac", s24_ultra_tac, "--tac-db", str(tac_db))
    assert doc["tac"] == s24_ultra_tac
    assert "Samsung" in doc["entry"]["brands"]
    assert any("SM-S928B" in m["model_numbers"] for m in doc["entry"]["models"])
    hits = {(v["device_id"], v["variant_id"]) for v in doc["variants"]}
    assert ("samsung/galaxy-s24-ultra", "global") in hits
    assert all(d.startswith("samsung/") for d, _v in hits)
    assert doc["reason"] is None
    text = run("devices", "tac", s24_ultra_tac, "--tac-db", str(tac_db)).stdout
    assert "samsung/galaxy-s24-ultra --variant global" in text


def test_devices_tac_from_the_environment(tac_db: Path, s24_ultra_tac: str) -> None:
    result = runner.invoke(
        app, ["devices", "tac", s24_ultra_tac, "--json"], env={"BANDFIT_TAC_DB": str(tac_db)}
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["variants"]


def test_devices_imei_with_tac_table(tac_db: Path, s24_ultra_tac: str) -> None:
    body = f"{s24_ultra_tac}123456"
    imei = f"{body}{luhn_check_digit(body)}"
    doc = run_json("devices", "imei", imei, "--tac-db", str(tac_db))
    assert (doc["imei"], doc["tac"], doc["serial"]) == (imei, s24_ultra_tac, "123456")
    assert ("samsung/galaxy-s24-ultra", "global") in {
        (v["device_id"], v["variant_id"]) for v in doc["variants"]
    }
    # an IMEISV (16 digits, software version instead of the check digit) resolves the same TAC
    sv = run_json("devices", "imei", f"{body}01", "--tac-db", str(tac_db))
    assert sv["imeisv"] is True
    assert sv["imei"] == imei
    assert sv["variants"] == doc["variants"]


def test_devices_tac_not_in_the_table(tac_db: Path) -> None:
    doc = run_json("devices", "tac", "00000001", "--tac-db", str(tac_db))
    assert doc["entry"] is None
    assert doc["variants"] == []
    assert doc["reason"] == "TAC 00000001 is not in the TAC table"


def test_devices_tac_without_a_table() -> None:
    result = runner.invoke(
        app, ["devices", "tac", "35290611", "--json"], env={"BANDFIT_TAC_DB": None}
    )
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["entry"] is None
    assert "no TAC table given" in doc["reason"]


# ------------------------------------------------------------------------------ data build --check


@pytest.mark.slow
def test_data_build_check_repo_is_up_to_date() -> None:
    result = run(
        "data",
        "build",
        "--check",
        "--data",
        str(ROOT / "data"),
        "--out",
        str(ROOT / "src" / "bandfit" / "_data"),
    )
    assert result.stdout.strip() == "up to date (4 files)"


def test_data_build_check_reports_stale_files(tmp_path: Path) -> None:
    for name in ("bands.json", "operators.json", "devices.json", "manifest.json"):
        (tmp_path / name).write_text(
            (ROOT / "src" / "bandfit" / "_data" / name).read_text(encoding="utf-8")
        )
    (tmp_path / "devices.json").write_text("{}\n")
    (tmp_path / "old.json").write_text("{}\n")
    result = run(
        "data", "build", "--check", "--data", str(ROOT / "data"), "--out", str(tmp_path), code=1
    )
    assert result.stdout.strip() == "stale: devices.json, old.json"


# ------------------------------------------------------------------------------ data: bad paths


@pytest.mark.parametrize("option", ["--data", "--catalog"])
def test_data_validate_a_missing_tree_is_an_error_not_a_pass(tmp_path: Path, option: str) -> None:
    """A mistyped path used to report '0 record(s), 0 error(s)' and exit 0."""
    missing = tmp_path / "no-such-dir"
    result = run("data", "validate", option, str(missing), code=1)
    assert "invalid-input" in result.stderr
    assert str(missing) in result.stderr
    assert "hint:" in result.stderr


def test_data_validate_a_tree_without_records_folders_is_an_error(tmp_path: Path) -> None:
    result = run("data", "validate", "--data", str(tmp_path), code=1)
    assert "operators/" in result.stderr
    assert "hint:" in result.stderr


def test_data_build_from_a_missing_tree_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-dir"
    result = run("data", "build", "--check", "--data", str(missing), "--out", str(tmp_path), code=1)
    assert "Traceback" not in result.output
    assert "invalid-input" in result.stderr
    assert str(missing) in result.stderr
    assert "hint:" in result.stderr


def test_import_specsheet_from_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "sheet.txt"
    result = run("data", "import", "specsheet", str(missing), "--out", str(tmp_path / "o"), code=1)
    assert "Traceback" not in result.output
    assert "invalid-input" in result.stderr
    assert str(missing) in result.stderr
    assert "hint:" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("data", "import", "mccmnc", "{missing}", "--out", "{out}"),
        ("data", "import", "tac", "--osmocom", "{missing}", "--out", "{out}/t.csv"),
        ("data", "import", "tac", "--model-list", "{missing}", "--out", "{out}/t.csv"),
        ("data", "import", "tac", "--out", "{out}/t.csv"),
    ],
)
def test_import_bad_input_names_the_value_and_gives_a_hint(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    missing = tmp_path / "missing.json"
    argv = [a.format(missing=missing, out=tmp_path / "o") for a in args]
    result = run(*argv, code=1)
    assert "invalid-input" in result.stderr
    assert "hint:" in result.stderr
    if "{missing}" in args:
        assert str(missing) in result.stderr


def test_devices_show_device_variant_reference_shows_that_variant() -> None:
    doc = run_json("devices", "show", "samsung/galaxy-s23:usa")
    assert doc["id"] == "samsung/galaxy-s23"
    assert [v["id"] for v in doc["variants"]] == ["usa"]


@pytest.mark.parametrize("tac", ["3534", "abcdefgh", "353456789", ""])
def test_devices_tac_rejects_a_non_tac_as_a_tac(tac: str) -> None:
    """A TAC is 8 digits: refused as a TAC (not as an "invalid IMEI"), with or without a TAC
    table (without one, '3534' used to be looked up and "not found")."""
    result = run("devices", "tac", tac, code=1)
    assert "invalid-input" in result.stderr
    assert f"invalid TAC {tac!r}" in result.stderr
    assert "8 digits" in result.stderr
    assert "hint:" in result.stderr


def test_devices_tac_takes_the_tac_of_a_whole_imei() -> None:
    doc = run_json("devices", "tac", "490154203237518")
    assert doc["tac"] == "49015420"
