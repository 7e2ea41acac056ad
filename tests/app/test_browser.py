"""The app in a real browser: Debian's Chromium driven by Playwright against `streamlit run`.

The office manager's paths end to end, on a fresh server each: reading the first page
before running (the first-visit hang: forked workers held the browser's connections),
changing rooms, running the comparison, uploading a broken file and a file with a
hostile name, and starting the app with a plain ``streamlit run``. Screenshots are kept
in ``FLOWSIM_SCREENSHOTS`` (when set) for people to look at.

Waits are for states, never for fixed times alone: a rerun is over when Streamlit's
status widget has been gone for a while, an upload has arrived when its file is listed.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from flowsim.cli.app_cmd import APP_FILE, streamlit_command
from flowsim.report.paths import bundled_scenario
from tests.app.served import LISTEN, Served, descendants, free_port, held_server_sockets, serve

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WAIT_MS = 90_000
APP_ENV = {"FLOWSIM_APP_REPS": "4", "FLOWSIM_APP_WORKERS": "2"}

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Served]:
    """The app as ``flowsim app`` serves it, on a free port, with a private HOME."""
    port = free_port()
    with serve(streamlit_command(bundled_scenario(), port=port), port, tmp_path, APP_ENV) as served:
        yield served


@pytest.fixture
def page() -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(WAIT_MS)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def settle(page: Page) -> None:
    """Wait until Streamlit is idle: no status widget (the "Running..." badge) for half a second in a row."""
    status = page.get_by_test_id("stStatusWidget")
    quiet = 0
    while quiet < 5:
        expect(status).to_have_count(0, timeout=WAIT_MS)
        page.wait_for_timeout(100)
        quiet = quiet + 1 if status.count() == 0 else 0


def upload(page: Page, path: Path, key: str = "rd_upload") -> None:
    """Give the uploader with widget ``key`` the file ``path`` and wait until the app has it, then until idle."""
    settle(page)
    page.locator(f".st-key-{key} input[type='file']").set_input_files(str(path))
    expect(page.get_by_test_id("stFileChipName").filter(has_text=path.name)).to_have_count(1)
    settle(page)


def whole_page(page: Page, path: Path) -> None:
    """Screenshot the whole page. Streamlit scrolls inside its main block, not the document, so
    ``full_page=True`` alone gives the first screen; the window is made as tall as the content first."""
    size = page.viewport_size or {"width": 1400, "height": 1000}
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight ?? 0")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height) + 100, 12_000))})
    page.wait_for_timeout(300)  # plotly redraws its charts at the new size
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


def keep(tmp_path: Path, *names: str) -> None:
    folder = os.environ.get("FLOWSIM_SCREENSHOTS")
    if folder:
        for name in names:
            shutil.copy(tmp_path / name, Path(folder) / name)


def external_requests(page: Page) -> list[str]:
    """Every request the page makes to a host other than this computer (filled as the page works)."""
    found: list[str] = []
    page.on("request", lambda r: found.append(r.url) if urlparse(r.url).hostname not in (None, "127.0.0.1") else None)
    return found


def change_rooms_and_run(page: Page) -> None:
    page.get_by_role("tab", name="Try a redesign").click()
    rooms = page.get_by_label("Exam rooms", exact=True)
    rooms.fill("12")
    rooms.press("Enter")
    settle(page)
    expect(page.get_by_text("Changes from your clinic: Exam rooms: 8 → 12")).to_be_visible()
    page.get_by_role("tab", name="Compare").click()
    page.get_by_role("button", name="Run comparison").click()
    expect(page.get_by_text("Average wait for the provider:")).to_be_visible()
    settle(page)


def test_reading_first_then_running_then_reloading_never_hangs(app: Served, page: Page, tmp_path: Path) -> None:
    page.goto(app.url)
    expect(page.get_by_role("tab", name="Your clinic")).to_be_visible()
    expect(page.locator(".st-key-fig_process_map img[src^='data:image/svg+xml']")).to_be_visible()  # the map
    page.wait_for_timeout(4_000)  # she reads the first page while the workers start
    expect(page.get_by_text("A normal day in your clinic")).to_be_visible()
    expect(page.get_by_test_id("stMetric").first).to_be_visible()
    whole_page(page, tmp_path / "first_page.png")
    page.get_by_text("A typical day: rooms and providers").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "typical_day.png"))
    change_rooms_and_run(page)
    charts = page.locator(".js-plotly-plot")
    expect(charts.nth(5)).to_be_visible()  # places, waits, forest, occupancy, trade-off, the day
    page.wait_for_timeout(4_000)
    page.reload()
    expect(page.get_by_text("8 exam rooms; each provider uses only their own rooms")).to_be_visible(timeout=30_000)
    settle(page)
    page.get_by_role("tab", name="Compare").click()
    whole_page(page, tmp_path / "after_reload.png")
    keep(tmp_path, "first_page.png", "typical_day.png", "after_reload.png")
    workers = descendants(app.server.pid)
    assert len(workers) >= 2  # the forkserver and its workers: the check below looks at real processes
    held = {pid: held_server_sockets(pid, app.port) for pid in workers}
    assert all(not sockets for sockets in held.values()), held  # neither the listening socket nor a browser's
    assert "Traceback" not in app.log_text()


def test_manager_changes_rooms_compares_and_uploads_a_bad_file(app: Served, page: Page, tmp_path: Path) -> None:
    outside = external_requests(page)
    page.goto(app.url)
    expect(page.get_by_text("8 exam rooms; each provider uses only their own rooms")).to_be_visible()
    change_rooms_and_run(page)
    assert "95% interval" in page.get_by_text("Average wait for the provider:").first.inner_text()
    expect(page.get_by_text("of the waiting is for the provider").last).to_be_visible()  # first: on "Your clinic"
    assert page.locator(".js-plotly-plot").count() >= 5
    whole_page(page, tmp_path / "compare.png")
    page.locator(".st-key-fig_places").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "where_waiting.png"))

    page.get_by_role("tab", name="Try a redesign").click()
    bad = tmp_path / "typo.yaml"
    bad.write_text("extends: family_practice.yaml\nname: typo\nexam_rooms: {cuont: 3}\n", encoding="utf-8")
    upload(page, bad)
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("typo.yaml: exam_rooms.cuont: unknown field 'cuont' (did you mean 'count'?)")
    # the page kept running and kept the draft
    expect(page.get_by_text("Changes from your clinic: Exam rooms: 8 → 12")).to_be_visible()
    error.scroll_into_view_if_needed()
    whole_page(page, tmp_path / "upload_error.png")
    keep(tmp_path, "compare.png", "where_waiting.png", "upload_error.png")
    assert outside == []
    log = app.log_text()
    assert "Traceback" not in log
    assert "missing ScriptRunContext" not in log  # worker processes must not run the page


def test_her_saved_redesign_is_a_card_beside_the_bundled_ones_and_compare_all_runs_it(
    app: Served, page: Page, tmp_path: Path
) -> None:
    page.goto(app.url)
    page.get_by_role("tab", name="Try a redesign").click()
    rooms = page.get_by_label("Exam rooms", exact=True)
    rooms.fill("10")
    rooms.press("Enter")
    settle(page)
    page.get_by_role("button", name="Save redesign").click()
    settle(page)
    expect(rooms).to_have_value("8")  # back to her clinic: the next redesign does not stack on this one
    expect(page.get_by_text("Changes from your clinic: none yet")).to_be_visible()
    page.get_by_role("tab", name="Compare").click()
    card = page.locator("[class*='st-key-card_lib_saved_']")
    expect(card).to_have_count(1)
    expect(card.get_by_text("redesign_1", exact=True)).to_be_visible()
    expect(card.get_by_text("Exam rooms: 8 → 10")).to_be_visible()  # its one line, in a sentence
    expect(card.get_by_role("checkbox")).to_be_checked()
    page.get_by_role("button", name="Compare all of them").click()
    settle(page)
    for title in ("redesign_1", "Pooled rooms", "Text reminders"):  # hers and the bundled ones, run together
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    whole_page(page, tmp_path / "library_with_saved.png")
    keep(tmp_path, "library_with_saved.png")
    assert "Traceback" not in app.log_text()


def test_names_from_a_file_are_shown_as_text_and_fetch_nothing(app: Served, page: Page, tmp_path: Path) -> None:
    outside = external_requests(page)
    page.goto(app.url)
    page.get_by_role("tab", name="Try a redesign").click()
    hostile = "![p](http://example.invalid/p.png) :red[loud] <img src=http://example.invalid/i.png>"
    named = tmp_path / "hostile.yaml"
    named.write_text(f"extends: family_practice.yaml\nname: '{hostile}'\nexam_rooms: {{count: 9}}\n", encoding="utf-8")
    upload(page, named)
    expect(page.get_by_text(hostile).first).to_be_visible()  # the name exactly as written, as text
    echoed = tmp_path / "echo.yaml"
    echoed.write_text("extends: family_practice.yaml\nname: e\nexam_rooms: {count: '![e](http://example.invalid/e)'}\n")
    upload(page, echoed)
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text("echo.yaml: exam_rooms.count")
    whole_page(page, tmp_path / "hostile_names.png")
    keep(tmp_path, "hostile_names.png")
    assert page.locator("img[src*='example.invalid']").count() == 0
    assert outside == []


def test_a_plain_streamlit_run_serves_this_computer_only_and_sends_nothing(page: Page, tmp_path: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(APP_FILE), "--server.port", str(port),
               "--server.headless", "true"]  # fmt: skip
    with serve(command, port, tmp_path, APP_ENV) as served:
        outside = external_requests(page)
        page.goto(served.url)
        expect(page.get_by_text("8 exam rooms; each provider uses only their own rooms")).to_be_visible()
        settle(page)
        listening = [s for s in held_server_sockets(served.server.pid, port) if s.state == LISTEN]
        assert listening, "the server's listening socket was not found"
        assert {s.local[0] for s in listening} == {"127.0.0.1"}
        assert outside == []
        assert "Collecting usage statistics" not in served.log_text()


def test_a_long_run_shows_truthful_progress_and_can_be_cancelled(app: Served, page: Page) -> None:
    page.goto(f"{app.url}/?reps=2000")
    expect(page.get_by_text("A normal day in your clinic")).to_be_visible()
    page.get_by_role("tab", name="Compare").click()
    settle(page)  # the first page's normal day (2,000 days of the clinic alone) is done
    page.locator(".st-key-lib_extra_room_per_provider").get_by_text("Compare").click()
    settle(page)
    page.get_by_role("button", name="Run comparison").click()
    expect(page.get_by_text("clinic days (2 designs × 2000 days)")).to_be_visible()
    bar = page.get_by_role("progressbar")
    expect(bar).not_to_have_attribute("aria-valuenow", "0")  # the first chunks are done
    before = float(bar.get_attribute("aria-valuenow") or "nan")
    # a click during the run reruns the page: the run used to start again from day 0 (the bar jumped back)
    page.locator(".st-key-lib_pooled_rooms").get_by_text("Compare").click()
    seen = []
    for _ in range(40):  # samples of the bar through the rerun (the run is far from over: 4,000 days)
        page.wait_for_timeout(100)
        value = bar.get_attribute("aria-valuenow") if bar.count() == 1 else None
        seen.append(float(value) if value is not None else 0.0)  # no bar at all: it was started again
    assert min(seen) >= before, (before, seen)
    page.get_by_role("button", name="Cancel this run").click()
    expect(page.get_by_text("The run was cancelled.")).to_be_visible()
    settle(page)
    expect(page.get_by_text("Average wait for the provider:")).to_have_count(0)
    assert "Traceback" not in app.log_text()


def test_manager_fits_her_export_and_makes_it_her_clinic(app: Served, page: Page, tmp_path: Path) -> None:
    from tests.calibrate.clinics import export, truth_scenario

    sheet = export(truth_scenario(), days=4, seed=3)
    sheet.insert(0, "Patient Name", [f"Lovelace Ada {i}" for i in range(len(sheet))])
    sheet.insert(1, "MRN", [f"MRN{900000 + i}" for i in range(len(sheet))])
    path = tmp_path / "lovelace_march.csv"
    sheet.to_csv(path, index=False)
    page.goto(app.url)
    page.get_by_role("tab", name="Start from your data").click()
    upload(page, path, key="data_upload")
    expect(page.get_by_text("What was read.")).to_be_visible(timeout=WAIT_MS)
    days = page.get_by_label("Simulated days for the check")
    days.fill("10")
    days.press("Enter")
    settle(page)
    page.get_by_role("button", name="Fit my clinic").click()
    expect(page.get_by_text("Back-validation", exact=False).first).to_be_visible(timeout=WAIT_MS)
    settle(page)
    for fragment in ("Lovelace", "MRN9"):  # names and record numbers appear nowhere on the page
        assert fragment not in page.content()
    page.get_by_role("button", name="Make this my clinic").click()
    settle(page)
    page.get_by_role("tab", name="Your clinic").click()
    expect(page.get_by_text("Your clinic: Your clinic")).to_be_visible(timeout=WAIT_MS)


def test_the_day_in_motion_plays_in_the_browser(app: Served, page: Page, tmp_path: Path) -> None:
    pytest.importorskip("vidigi")
    page.goto(app.url)
    expect(page.get_by_text("A normal day in your clinic")).to_be_visible()
    settle(page)
    page.get_by_text("Show the day in motion").click()
    chart = page.locator(".st-key-fig_day_in_motion .js-plotly-plot")
    expect(chart).to_be_visible()
    settle(page)
    frames = chart.evaluate("plot => plot._transitionData._frames.map(f => f.name)")
    assert frames[0] == "08:00" and "10:00" in frames and len(frames) > 100  # a frame every 5 min of the day
    clock = chart.locator(".slider-group > text.slider-label")  # plotly's label of the frame on screen
    expect(clock).to_have_text("08:00")
    chart.scroll_into_view_if_needed()
    chart.locator(".updatemenu-button").filter(has_text="▶").click()
    expect(clock).not_to_have_text("08:00")  # the clock moves: the day plays
    page.wait_for_timeout(2_000)
    chart.screenshot(path=str(tmp_path / "day_in_motion.png"))
    keep(tmp_path, "day_in_motion.png")
    assert "Traceback" not in app.log_text()
