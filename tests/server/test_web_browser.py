"""The web page in headless Debian Chromium (Playwright), against a real server on the shipped catalog.

Screenshots go to ``artifacts/`` (git-ignored) as test artifacts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
ON = "2024-06-01"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.shipped_data,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian chromium at /usr/bin/chromium (make system-deps)",
    ),
]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (python) is not installed")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_factory(browser, live_server) -> Iterator[Any]:
    """``page_factory(expected_console=(), **context_options)`` -> a page that records console
    errors (except those containing one of ``expected_console``, such as the browser's own log of
    a 404 the test provokes) and offsite requests."""
    contexts = []
    problems: list[str] = []

    def make(expected_console: tuple[str, ...] = (), **options: Any) -> Any:
        context = browser.new_context(base_url=live_server, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on(
            "console",
            lambda m: (
                problems.append(f"console {m.type}: {m.text}")
                if m.type == "error" and not any(e in m.text for e in expected_console)
                else None
            ),
        )
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on(
            "request",
            lambda r: (
                None
                if r.url.startswith((live_server, "data:"))
                else problems.append(f"offsite request: {r.url}")
            ),
        )
        return page

    yield make
    for context in contexts:
        context.close()
    assert problems == []


def _shot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def _cards(page: Any) -> list[str]:
    return [c.get_attribute("data-operator") for c in page.query_selector_all("#cards .card")]


def test_mi8_in_the_us_with_spectrum_gaps(page_factory):
    page = page_factory(viewport={"width": 1280, "height": 900})
    page.goto("/")
    page.fill("#on", ON)
    page.fill("#device", "mi 8")
    page.wait_for_selector("#device-list [role=option][data-id='xiaomi/mi-8']")
    page.click("#device-list [role=option][data-id='xiaomi/mi-8']")
    page.wait_for_selector("#variant:not([disabled])")
    labels = page.eval_on_selector_all("#variant option", "os => os.map(o => o.textContent)")
    global_label = next(label for label in labels if "M1803E1A" in label)  # model numbers shown
    page.select_option("#variant", label=global_label)
    page.select_option("#country", "US")
    page.wait_for_selector("#cards .card[data-operator='us/verizon'] svg.spectrum")
    ids = _cards(page)
    assert len(ids) >= 3
    assert {"us/att", "us/verizon", "us/t-mobile"} <= set(ids)
    verizon = page.locator(".card[data-operator='us/verizon']")
    assert verizon.locator("h3").inner_text() == "Verizon Wireless"
    assert verizon.locator(".badge").inner_text() in {
        "works",
        "works with gaps",
        "limited",
        "no service",
        "unknown",
    }
    assert "Radio score" in verizon.inner_text()
    assert "Voice" in verizon.inner_text()
    # The chart marks Verizon's 700 MHz coverage block (B13) as a gap, with hover text.
    gap = verizon.locator("svg.spectrum g.dep[data-band='B13']")
    assert gap.get_attribute("data-state") == "missing"
    assert gap.get_attribute("data-layer") == "coverage"
    assert "MISSING" in gap.locator("title").text_content()
    assert verizon.locator("svg.spectrum g.dep[data-state='used']").count() >= 1
    assert verizon.locator("svg.spectrum g.phone-band").count() >= 1
    assert verizon.locator(".missing li[data-bands~='B13']").count() == 1
    # AT&T's 700 MHz (B12/B17) is usable by this phone
    att_states = page.eval_on_selector_all(
        ".card[data-operator='us/att'] g.dep[data-band='B12']", "gs => gs.map(g => g.dataset.state)"
    )
    assert att_states
    assert set(att_states) == {"used"}
    # The URL now restores this state.
    assert re.search(
        r"device=xiaomi%2Fmi-8&variant=global-china&country=US&on=2024-06-01", page.url
    )
    assert page.get_attribute("#results", "aria-busy") == "false"
    _shot(page, "web-check-mi8-us.png")


def test_keyboard_only(page_factory):
    page = page_factory(viewport={"width": 1100, "height": 900})
    page.goto(f"/?on={ON}")
    page.wait_for_selector("#country option[value='US']", state="attached")
    # Tab order: skip link, brand, three nav links, then the device search.
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "device":
            break
    assert page.evaluate("document.activeElement.id") == "device"
    page.keyboard.type("mi 8")
    page.wait_for_selector("#device-list [role=option]")
    assert page.get_attribute("#device", "aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#device", "aria-activedescendant") == "device-opt-0"
    page.keyboard.press("Enter")  # Enter selects the suggestion
    page.wait_for_selector("#variant:not([disabled])")
    assert page.input_value("#device") == "Xiaomi Mi 8"
    assert page.input_value("#variant") == "global-china"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "variant"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "country"
    for _ in range(80):  # arrow through the closed <select> (each step fires "change")
        if page.input_value("#country") == "US":
            break
        page.keyboard.press("ArrowDown")
    assert page.input_value("#country") == "US"
    page.wait_for_selector("#operator:not([disabled]) option[value='us/att']", state="attached")
    page.keyboard.press("Tab")
    page.wait_for_selector("#cards .card[data-operator='us/att']")
    assert page.get_attribute("#results", "aria-live") == "polite"
    assert len(_cards(page)) >= 3
    # Pick one operator by keyboard: the ranked list collapses to its card.
    assert page.evaluate("document.activeElement.id") == "operator"
    page.wait_for_selector("#operator option[value='us/verizon']", state="attached")
    for _ in range(40):
        if page.input_value("#operator") == "us/verizon":
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.locator("#cards .card[data-operator='us/verizon']:only-child").wait_for()
    assert _cards(page) == ["us/verizon"]
    assert "operator=us%2Fverizon" in page.url
    # Every control has a label.
    unlabeled = page.eval_on_selector_all(
        "input:not([type=hidden]), select",
        "els => els.filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.id)",
    )
    assert unlabeled == []


def test_shared_url_restores_state(page_factory):
    page = page_factory(viewport={"width": 1100, "height": 900})
    page.goto(f"/?device=xiaomi/mi-8&variant=global-china&country=US&operator=us/t-mobile&on={ON}")
    page.wait_for_selector("#cards .card svg.spectrum")
    assert page.input_value("#device") == "Xiaomi Mi 8"
    assert page.input_value("#variant") == "global-china"
    assert page.input_value("#country") == "US"
    assert page.input_value("#operator") == "us/t-mobile"
    assert page.input_value("#on") == ON
    assert _cards(page) == ["us/t-mobile"]


def test_mobile_viewport(page_factory):
    page = page_factory(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page.goto(f"/?device=xiaomi/mi-8&variant=global-china&country=US&on={ON}")
    page.wait_for_selector("#cards .card[data-operator='us/verizon'] svg.spectrum")
    widths = page.evaluate(
        "() => ({doc: document.documentElement.scrollWidth, win: window.innerWidth,"
        " svg: Math.max(...[...document.querySelectorAll('svg.spectrum')].map(s => s.getBoundingClientRect().right))})"
    )
    assert widths["doc"] <= widths["win"], widths  # no horizontal scrolling
    assert widths["svg"] <= widths["win"], widths
    box = page.locator("#device").bounding_box()
    assert box is not None
    assert box["width"] >= 300
    _shot(page, "web-check-mobile.png")


def test_planner_page(page_factory):
    page = page_factory(viewport={"width": 1100, "height": 900})
    page.goto(f"/plan?country=US&on={ON}&ops=us/att:1,us/verizon:1,us/t-mobile:1&max_lte=8")
    page.locator("#summary", has_text=re.compile(r"^(Optimal|Error)")).wait_for(timeout=60_000)
    summary = page.inner_text("#summary")
    if summary.startswith("Error"):
        assert "backend-unavailable" in summary or "unavailable" in summary, summary
        pytest.skip(f"planner unavailable: {summary}")
    assert page.locator("svg.curve circle.curve-pt").count() >= 2
    assert page.locator("svg.curve circle.chosen").count() == 1
    assert page.locator(".bandset li").count() >= 1
    _shot(page, "web-planner-us.png")


def test_planner_market_follows_the_date(page_factory):
    """Changing the date reloads the operators in service then and keeps the user's choices."""
    page = page_factory(viewport={"width": 1100, "height": 900})
    page.goto("/plan?country=US&on=2019-06-01")
    sprint = page.locator('#market input[data-op="us/sprint"]')
    sprint.wait_for()
    assert page.locator('#market input[data-op="us/boost"]').count() == 0
    page.fill('#market input[data-weight="us/att"]', "3")
    page.uncheck('#market input[data-op="us/verizon"]')

    page.fill("#on", "2024-01-01")
    page.locator("#on").dispatch_event("change")
    page.locator('#market input[data-op="us/boost"]').wait_for()
    assert sprint.count() == 0
    assert page.input_value('#market input[data-weight="us/att"]') == "3"
    assert not page.is_checked('#market input[data-op="us/verizon"]')
    assert page.is_checked('#market input[data-op="us/boost"]')
    assert page.input_value('#market input[data-weight="us/boost"]') == "1"
    url = page.url
    assert "on=2024-01-01" in url
    assert "sprint" not in url


def test_unknown_or_empty_device_is_reported_not_ignored(page_factory):
    """Check with text that matches no device: the page says so and drops the previous cards
    (they answered another question), instead of doing nothing."""
    page = page_factory(viewport={"width": 1100, "height": 900})
    page.goto(f"/?device=xiaomi/mi-8&variant=global-china&country=US&on={ON}")
    page.wait_for_selector("#cards .card")
    page.fill("#device", "qqqq zzzz 9000")
    page.locator("#device-list .opt-empty").wait_for()
    page.keyboard.press("Escape")
    page.click("#go")
    page.locator("#summary.error", has_text="No device matches").wait_for()
    assert "qqqq zzzz 9000" in page.inner_text("#summary")
    assert _cards(page) == []
    assert page.evaluate("document.activeElement.id") == "device"
    page.fill("#device", "")
    page.click("#go")
    page.locator("#summary.error", has_text="Type a device").wait_for()


def test_device_id_from_the_url_stays_one_path_segment(page_factory):
    """``?device=../../v1/health`` asked the API for /v1/health and broke on its JSON
    ("device.variants is not iterable"); it is an unknown device."""
    page = page_factory(
        expected_console=("status of 404",), viewport={"width": 1100, "height": 900}
    )
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"/?device=..%2F..%2Fv1%2Fhealth&country=US&on={ON}")
    page.locator("#summary.error").wait_for()
    summary = page.inner_text("#summary")
    assert "no device matches '../../v1/health'" in summary, summary
    assert any("/v1/devices/..%2F..%2Fv1%2Fhealth" in url for url in requested), requested


def test_impossible_date_in_the_url_falls_back_to_today(page_factory):
    page = page_factory(viewport={"width": 1100, "height": 900})
    page.goto("/?device=xiaomi/mi-8&variant=global-china&country=US&on=2022-02-30")
    page.wait_for_selector("#cards .card")
    shown = page.input_value("#on")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", shown), shown
    assert f"as of {shown}" in page.inner_text("#summary")


def test_planner_without_a_country_says_so(page_factory):
    page = page_factory(viewport={"width": 1100, "height": 900})
    page.goto("/plan")
    page.wait_for_selector("#country option[value='US']", state="attached")
    page.click("#go")
    page.locator("#summary.error", has_text="Choose a country").wait_for()
    assert page.evaluate("document.activeElement.id") == "country"


def test_a_device_name_checks_the_variant_sold_in_the_country(page_factory):
    """Like ``bandfit check "iPhone 15" -o us/att`` and ``/v1/check?device=apple/iphone-15``, a
    device picked by name is checked as the variant sold in the chosen country (A2846 in the US,
    A3089 in Japan), not as the rest-of-world model; a variant the user picks stays picked."""
    page = page_factory(viewport={"width": 1100, "height": 900})
    page.goto(f"/?on={ON}")
    page.wait_for_selector("#country option[value='US']", state="attached")
    page.fill("#device", "iphone 15")
    page.click("#device-list [role=option][data-id='apple/iphone-15']")
    page.wait_for_selector("#variant:not([disabled])")
    for country, variant in (("US", "a2846"), ("JP", "a3089")):
        page.select_option("#country", country)
        page.locator("#summary", has_text=variant.upper()).wait_for()
        assert page.input_value("#variant") == variant
        api = page.request.get(f"/v1/check?device=apple/iphone-15&country={country}&on={ON}")
        assert api.json()["device"]["variant_id"] == variant
        assert "variant=" not in page.url  # the shared link follows the country too
    page.select_option("#variant", "a3090")
    page.locator("#summary", has_text="A3090").wait_for()
    assert "variant=a3090" in page.url
    page.select_option("#country", "US")
    page.locator("#summary", has_text="United States").wait_for()
    assert page.input_value("#variant") == "a3090"
    assert "A3090" in page.inner_text("#summary")
