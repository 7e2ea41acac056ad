"""The app as the office manager meets it: a fresh server, a real Chromium, time and memory.

Figures, each with its target (issue 13):

``server_ready_s``        starting ``flowsim app``'s server until it answers (reported: the page can be opened);
``first_page_s``          opening the page on a fresh server, the moment it answers, until her clinic's map is
                          drawn (<= 2 s). The page's times are the browser's (:mod:`benchmarks.page_clock`);
``first_chart_s``         ... until the typical day's chart (the first plotly chart) is drawn too (reported);
``first_numbers_s``       ... until the normal day's numbers are there as well (reported, no target);
``click_to_headline_same_days_s``
                          in Chromium, with the library card "extra room per provider" ticked, clicking
                          Run comparison (100 days, the workers warm) until the comparison's headline
                          card is there, over the first page's days (seed 1) (<= 1 s). As the app does
                          it: the comparison she has set up is simulated from the moment the page is on
                          screen (``cache.prepare``), and her clinic's days are reused;
                          ``comparison_warm_s`` in :mod:`benchmarks.app_latency` is the simulation alone;
``click_to_headline_new_days_s``
                          ... the slower of two more, after setting the seed to 2, then 3 (new days; the
                          page simulates her clinic's normal day for the new seed) (<= 1 s);
``server_mb_after_3``     the server process's resident memory after three comparisons of 100 days
                          (<= 400 MB; the worker processes are reported apart);
``days_2000_peak_mb``     peak resident memory of a 2,000-day comparison (baseline + one redesign)
                          on the app's runner: the process, its forkserver and workers together (<= 1 GB).

Run alone with ``python -m benchmarks.app_server``; ``make bench`` calls :func:`measure`.
``python -m benchmarks.app_server N`` measures only the first page, on N fresh servers.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks import page_clock
from benchmarks.timing import QUICK, use_bytecode_cache

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from tests.app.served import Served

RESULTS_DIR = Path(__file__).resolve().parent / "results"
REPS = 20 if QUICK else 100
BIG_REPS = 200 if QUICK else 2000
TARGETS = {
    "first_page_s": 2.0,
    "click_to_headline_same_days_s": 1.0,  # issue 13's "comparison of 100 days x 2 designs <= 1 s warm", in the app
    "click_to_headline_new_days_s": 1.0,
    "server_mb_after_3": 400.0,
    "days_2000_peak_mb": 1024.0,
}


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _browser_figures() -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    from flowsim.cli.app_cmd import streamlit_command
    from flowsim.report.paths import bundled_scenario
    from tests.app.served import free_port, serve
    from tests.app.test_browser import CHROMIUM, CHROMIUM_ARGS

    port = free_port()
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        # The browser is up before the server starts, and opens the page the moment the server
        # answers: the server's warm-up (flowsim.app_pages.server) gets no time beyond what a
        # person would give it, however quickly she clicks the link `flowsim app` prints.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        launched = time.perf_counter()
        with serve(
            streamlit_command(bundled_scenario(), port), port, Path(folder), {"FLOWSIM_APP_REPS": str(REPS)}
        ) as app:
            figures = _page_figures(page, app, launched)
        browser.close()
    return figures


def _page_figures(page: Page, app: Served, launched: float) -> dict[str, float]:
    """The first page's times (from when the server answers), then three comparisons and the server's memory."""
    from playwright.sync_api import expect

    from tests.app.served import descendants
    from tests.app.test_browser import settle

    figures = _first_page(page, app, launched)
    settle(page)
    page.get_by_role("tab", name="Compare").click()
    page.locator(".st-key-lib_extra_room_per_provider").get_by_text("Compare").click()  # tick the library card
    settle(page)
    seed = page.get_by_role("spinbutton", name="Seed")
    clicks = []
    for value in ("1", "2", "3"):  # seed 1: the first page's days; 2 and 3: new days for both designs
        seed.fill(value)
        seed.press("Enter")
        settle(page)
        # the headline card of this run: the card of the last run (another seed) is still there meanwhile
        headline = (".st-key-finding_1", f"(seed {value})")
        page_clock.watch(page, "headline", *headline)
        page.get_by_role("button", name="Run comparison").click()
        page_clock.wait_seen(page, "headline")
        clicks.append(page_clock.since_click_s(page, "headline"))
        expect(page.locator(headline[0]).get_by_text(headline[1])).to_be_visible()
        settle(page)
    server_mb = _rss_mb(app.server.pid)
    workers_mb = max((_rss_mb(pid) for pid in descendants(app.server.pid)), default=0.0)
    return {**figures, "click_to_headline_same_days_s": clicks[0], "click_to_headline_new_days_s": max(clicks[1:]),
            "server_mb_after_3": server_mb, "largest_worker_mb_after_3": workers_mb}  # fmt: skip


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) process ``pid`` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


FIRST_PAGE = {
    # The map is an image since it stopped waiting for plotly's script (see benchmarks/README.md).
    "map": (".st-key-fig_process_map img[src^='data:image/svg+xml']", ""),
    "chart": (".st-key-fig_clinic_day .js-plotly-plot", ""),
    "numbers": ("[data-testid='stMetric']", ""),
}
"""What the first page's figures wait for (watched by :mod:`benchmarks.page_clock` from the page's first byte)."""


def _first_page(page: Page, app: Served, launched: float) -> dict[str, float]:
    """Open the page the moment the server answers; times until the map, the first chart, the numbers.

    The times are the browser's (:mod:`benchmarks.page_clock`, from the start of the navigation).
    Also the server's CPU seconds until it answered and from then until the map was drawn
    (warm-up included): CPU time, unlike wall time, is barely inflated by other jobs.
    """
    from playwright.sync_api import expect

    page_clock.install(page, FIRST_PAGE)
    start = time.perf_counter()
    cpu_at_ready = _cpu_s(app.server.pid)
    page.goto(app.url)
    page_clock.wait_seen(page, "map")
    cpu_to_map = _cpu_s(app.server.pid) - cpu_at_ready
    page_clock.wait_seen(page, "chart")
    page_clock.wait_seen(page, "numbers")
    expect(page.locator(FIRST_PAGE["map"][0])).to_be_visible()  # drawn, not only in the page
    return {"server_ready_s": start - launched, "first_page_s": page_clock.seen_s(page, "map"),
            "first_chart_s": page_clock.seen_s(page, "chart"), "first_numbers_s": page_clock.seen_s(page, "numbers"),
            "server_cpu_to_ready_s": cpu_at_ready, "server_cpu_ready_to_map_s": cpu_to_map}  # fmt: skip


def first_page_rounds(rounds: int) -> list[dict[str, float]]:
    """Only the first page, on ``rounds`` fresh servers in turn (one browser): ``python -m benchmarks.app_server N``."""
    from playwright.sync_api import sync_playwright

    from flowsim.cli.app_cmd import streamlit_command
    from flowsim.report.paths import bundled_scenario
    from tests.app.served import free_port, serve
    from tests.app.test_browser import CHROMIUM, CHROMIUM_ARGS

    _compile_untimed()
    found = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(rounds):
            port = free_port()
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            with tempfile.TemporaryDirectory() as folder:
                launched = time.perf_counter()
                command = streamlit_command(bundled_scenario(), port)
                with serve(command, port, Path(folder), {"FLOWSIM_APP_REPS": str(REPS)}) as app:
                    found.append({**_first_page(page, app, launched), "load_average": os.getloadavg()[0]})
            context.close()
        browser.close()
    return found


_BIG_RUN = """
import sys
from flowsim.report import open_app_runner, run_comparison
from flowsim.report.paths import bundled_scenario
from flowsim.scenarios import load_scenario
jsons = tuple(load_scenario(bundled_scenario(n)).model_dump_json()
              for n in ("family_practice.yaml", "extra_room_per_provider.yaml"))
runner = open_app_runner(2)
run_comparison(jsons, 1, int(sys.argv[1]), runner=runner)
runner.close()
"""


def _big_run_mb() -> tuple[float, float]:
    """Peak MB of a BIG_REPS comparison on the app's runner: the whole process tree, and the process alone.

    Sampled every 0.1 s from outside (forkserver workers are not the process's children, so
    its own rusage would miss them); resident memory of each process, shared pages counted
    in each (an upper bound).
    """
    from tests.app.served import descendants

    child = subprocess.Popen([sys.executable, "-c", _BIG_RUN, str(BIG_REPS)])
    tree = own = 0.0
    while child.poll() is None:
        try:
            mine = _rss_mb(child.pid)
            total = mine + sum(_rss_mb(pid) for pid in descendants(child.pid))
        except OSError:  # a process ended between listing and reading
            continue
        tree, own = max(tree, total), max(own, mine)
        time.sleep(0.1)
    if child.returncode:
        raise RuntimeError(f"the {BIG_REPS}-day comparison failed (exit {child.returncode})")
    return tree, own


_WARM_UP = (
    "import streamlit.web.bootstrap, flowsim.app_pages.server, flowsim.app_pages.clinic, flowsim.app_pages.compare, "
    "flowsim.app_pages.redesign, flowsim.app_pages.your_data, flowsim.experiment.replication"
)


def _compile_untimed() -> None:
    use_bytecode_cache(RESULTS_DIR / "pycache")
    subprocess.run([sys.executable, "-c", _WARM_UP], check=True, capture_output=True)


def measure() -> dict[str, float]:
    """The app's figures on a fresh server (see the module docstring).

    The server's modules are compiled once, untimed, before (as a ``pip install`` leaves
    them; see ``use_bytecode_cache``): otherwise the first page would time Python
    compiling Streamlit, pandas and plotly from source, which no installed app does.
    """
    _compile_untimed()
    figures = _browser_figures()
    tree, own = _big_run_mb()
    figures["days_2000_peak_mb"] = tree
    figures["days_2000_process_mb"] = own
    return figures


if __name__ == "__main__":
    if len(sys.argv) > 1:  # only the first page, this many fresh servers
        import statistics

        rows = first_page_rounds(int(sys.argv[1]))
        for number, row in enumerate(rows):
            print(number, "  ".join(f"{name} {value:.2f}" for name, value in row.items()))
        print("median", "  ".join(f"{name} {statistics.median(r[name] for r in rows):.2f}" for name in rows[0]))
        raise SystemExit(0)
    for name, value in measure().items():
        target = TARGETS.get(name)
        print(f"{name:<26} {value:8.2f}" + (f"  target <= {target:g}" if target else ""))
