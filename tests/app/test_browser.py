"""The app in a real browser: Debian's Chromium driven by Playwright against `streamlit run`.

The office manager's path end to end: open the page, change the number of exam rooms,
run the comparison, read the headline and see the chart, upload a broken file and read
the error, with a screenshot kept for people to look at. Few replications (through
``FLOWSIM_APP_REPS``) and generous waits keep it steady on a slow two-core machine.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from flowsim.cli.app_cmd import streamlit_command
from flowsim.report.paths import bundled_scenario

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
READY_S = 90
WAIT_MS = 120_000

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_healthy(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + READY_S
    while time.monotonic() < deadline:
        assert server.poll() is None, "streamlit exited before it was ready"
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"the app did not become healthy within {READY_S} s")


@pytest.fixture
def app_url(tmp_path: Path) -> Iterator[str]:
    """The app served by `streamlit run` on a free local port, with a private HOME."""
    port = free_port()
    home = tmp_path / "home"
    home.mkdir()
    command = streamlit_command(bundled_scenario(), port=port)
    env = {**os.environ, "HOME": str(home), "FLOWSIM_APP_REPS": "4", "FLOWSIM_APP_WORKERS": "2"}
    log = (tmp_path / "streamlit.log").open("wb")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


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
    """Wait until Streamlit has finished the rerun a change started."""
    page.wait_for_timeout(300)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=WAIT_MS)


def test_manager_changes_rooms_compares_and_uploads_a_bad_file(app_url: str, page: Page, tmp_path: Path) -> None:
    page.goto(app_url)
    expect(page.get_by_role("tab", name="Your clinic")).to_be_visible()
    expect(page.get_by_text("8 exam rooms; each provider uses only their own rooms")).to_be_visible()

    page.get_by_role("tab", name="Try a redesign").click()
    rooms = page.get_by_label("Exam rooms", exact=True)
    rooms.fill("12")
    rooms.press("Enter")
    settle(page)
    expect(page.get_by_text("Exam rooms: 8 → 12")).to_be_visible()

    page.get_by_role("tab", name="Compare").click()
    page.get_by_role("button", name="Run comparison").click()
    headline = page.get_by_text("Average wait for the provider:")
    expect(headline).to_be_visible(timeout=WAIT_MS)
    assert "95% interval" in headline.inner_text()
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    assert page.locator(".js-plotly-plot").count() >= 4
    page.screenshot(path=str(tmp_path / "compare.png"), full_page=True)

    page.get_by_role("tab", name="Try a redesign").click()
    bad = tmp_path / "typo.yaml"
    bad.write_text("extends: family_practice.yaml\nname: typo\nexam_rooms: {cuont: 3}\n", encoding="utf-8")
    page.locator(".st-key-rd_upload input[type='file']").set_input_files(str(bad))
    settle(page)
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("typo.yaml: exam_rooms.cuont: unknown field 'cuont' (did you mean 'count'?)")
    expect(page.get_by_text("Exam rooms: 8 → 12")).to_be_visible()  # the page kept running and kept the draft
    error.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "upload_error.png"), full_page=True)
    keep = os.environ.get("FLOWSIM_SCREENSHOTS")
    if keep:
        for name in ("compare.png", "upload_error.png"):
            shutil.copy(tmp_path / name, Path(keep) / name)
    assert (tmp_path / "compare.png").stat().st_size > 10_000
    log = (tmp_path / "streamlit.log").read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log
    assert "missing ScriptRunContext" not in log  # worker processes must not run the page


def test_manager_fits_her_export_and_makes_it_her_clinic(app_url: str, page: Page, tmp_path: Path) -> None:
    from tests.calibrate.clinics import export, truth_scenario

    sheet = export(truth_scenario(), days=4, seed=3)
    sheet.insert(0, "Patient Name", [f"Lovelace Ada {i}" for i in range(len(sheet))])
    sheet.insert(1, "MRN", [f"MRN{900000 + i}" for i in range(len(sheet))])
    path = tmp_path / "lovelace_march.csv"
    sheet.to_csv(path, index=False)
    page.goto(app_url)
    page.get_by_role("tab", name="Start from your data").click()
    page.locator(".st-key-data_upload input[type='file']").set_input_files(str(path))
    settle(page)
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
