"""The server's warm-up: her clinic's first page is computed before she opens it, by the page's own code.

``flowsim app`` starts Streamlit through :mod:`flowsim.app_pages.server`, which imports the
page's modules and fills the page's caches while the server starts and the browser connects.
These tests run the warm-up in this process and then the page under AppTest: the page must
find the typical day and the normal day's numbers already computed (the library is not
called again), show the same numbers as a run of the library, and the simulations must wait
until the first page's map has been sent, unless nobody comes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from flowsim import report
from flowsim.app_pages import cache, clinic_map, server
from flowsim.experiment import run_experiment
from flowsim.report.paths import bundled_scenario
from flowsim.scenarios import load_scenario
from tests.app.conftest import APP_FILE, TEST_REPS, in_process_app

WAIT_S = 120
WARM_UP_THREAD = "flowsim-warm-up"


@pytest.fixture
def fresh_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Empty caches and no map sent yet, as in a server that has just started; simulations in this process."""
    in_process_app(monkeypatch)
    st.cache_data.clear()
    st.cache_resource.clear()
    server.MAP_SENT.clear()
    yield
    server.MAP_SENT.clear()


def _counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """Count calls of ``flowsim.report.<name>`` (as the page's caches call it), still doing the work."""
    calls: list[int] = []
    real: Callable[..., Any] = getattr(report, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(report, name, counted)
    return calls


def _started_runs(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Record each run the warm-up thread starts: whether a page had sent its map by then."""
    started: list[bool] = []
    real = cache.start_run

    def start_run(*args: Any) -> Any:
        if threading.current_thread().name == WARM_UP_THREAD:  # not the page's own call
            started.append(server.MAP_SENT.is_set())
        return real(*args)

    monkeypatch.setattr(cache, "start_run", start_run)
    return started


FIRST_RUN = """
import importlib, sys
from streamlit.testing.v1 import AppTest
from flowsim.app_pages.server import MAP_MODULES, import_page_modules
for name in MAP_MODULES:
    importlib.import_module(name)
import_page_modules()
before = set(sys.modules)
sys.argv = ["app.py"]
at = AppTest.from_file(sys.argv_app, default_timeout=180)
at.run()
assert not at.exception, [e.value for e in at.exception]
print("\\n".join(sorted(set(sys.modules) - before)))
"""
LIBRARIES = ("flowsim", "pandas", "plotly", "numpy", "scipy", "pyarrow", "pydantic", "yaml", "simpy")


MAP_ONLY = """
import importlib, sys
import streamlit  # loaded by the server before it answers (Streamlit itself loads a part of plotly)
from flowsim.app_pages.server import MAP_MODULES
before = set(sys.modules)
for name in MAP_MODULES:
    importlib.import_module(name)
print("\\n".join(sorted(set(sys.modules) - before)))
"""


def test_her_clinics_map_is_drawn_with_modules_that_load_no_numpy_pandas_plotly_or_simulation() -> None:
    loaded = subprocess.run([sys.executable, "-c", MAP_ONLY], capture_output=True, text=True, check=True).stdout.split()
    heavy = (
        "numpy",
        "scipy",
        "pandas",
        "plotly",
        "pyarrow",
        "simpy",
        "flowsim.model",
        "flowsim.experiment",
        "flowsim.results",
    )
    assert [name for name in loaded if name.startswith(heavy)] == []
    assert "flowsim.app_pages.clinic_map" in loaded


def test_the_first_page_imports_nothing_the_warm_up_has_not_imported() -> None:
    script = FIRST_RUN.replace("sys.argv_app", repr(str(APP_FILE)))
    environ = {**os.environ, "FLOWSIM_APP_REPS": str(TEST_REPS), "FLOWSIM_APP_WORKERS": "1"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environ, check=True)
    imported = result.stdout.split()
    assert [name for name in imported if name.split(".")[0] in LIBRARIES] == []


def test_the_command_line_gives_the_page_its_arguments_after_the_double_dash() -> None:
    argv = ["run", "app.py", "--server.port", "8501", "--", "--scenario", "clinic.yaml"]
    assert server.page_arguments(argv) == ["--scenario", "clinic.yaml"]
    assert server.page_arguments(["run", "app.py"]) == []


@pytest.mark.usefixtures("fresh_server")
def test_after_the_warm_up_the_first_page_computes_nothing_again(monkeypatch: pytest.MonkeyPatch) -> None:
    days, runs = _counting(monkeypatch, "day_events"), _counting(monkeypatch, "run_comparison")
    monkeypatch.setattr(server, "IDLE_S", 0.0)  # nobody came: the warm-up prepares the whole first page
    server.warm_up(str(bundled_scenario()), ready=lambda: True)
    baseline = load_scenario(bundled_scenario()).model_dump_json()
    assert cache.start_run((baseline,), 1, TEST_REPS).wait(WAIT_S)  # the warm-up's run, found by its key
    assert (len(days), len(runs)) == (1, 1)

    at = AppTest.from_file(str(APP_FILE), default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert (len(days), len(runs)) == (1, 1)  # the typical day and the normal day's numbers came from the warm-up
    ran = run_experiment([load_scenario(bundled_scenario())], reps=TEST_REPS, seed=1, workers=1, keep_events=False)
    expected = report.clinic_today(ran.summary, ran.scenarios[0].name)
    assert sorted((m.label, m.value, m.help) for m in at.tabs[0].metric) == sorted(
        (f.label, f.value, f.interval) for f in expected
    )


class _WatchedEvent(threading.Event):
    """An event that also tells when someone has started waiting for it."""

    def __init__(self) -> None:
        super().__init__()
        self.awaited = threading.Event()

    def wait(self, timeout: float | None = None) -> bool:
        self.awaited.set()
        return super().wait(timeout)


@pytest.mark.usefixtures("fresh_server")
def test_before_her_map_is_sent_the_warm_up_prepares_only_the_map(monkeypatch: pytest.MonkeyPatch) -> None:
    map_sent = _WatchedEvent()
    monkeypatch.setattr(server, "MAP_SENT", map_sent)
    monkeypatch.setattr(clinic_map, "MAP_SENT", map_sent)
    went_on: list[bool] = []  # whether the map had been sent when the warm-up went on to the rest of the page
    real_import = server.import_page_modules

    def import_page_modules() -> None:
        went_on.append(map_sent.is_set())
        real_import()

    monkeypatch.setattr(server, "import_page_modules", import_page_modules)
    days, started = _counting(monkeypatch, "day_events"), _started_runs(monkeypatch)
    monkeypatch.setattr(server, "IDLE_S", WAIT_S)
    warming = threading.Thread(
        target=server.warm_up, args=(str(bundled_scenario()),), kwargs={"ready": lambda: True}, name=WARM_UP_THREAD
    )
    warming.start()
    assert map_sent.awaited.wait(WAIT_S)  # the map's modules and the scenario are ready...
    assert (went_on, days, started) == ([], [], [])  # ...and nothing else is done while no page has drawn the map
    at = AppTest.from_file(str(APP_FILE), default_timeout=180)
    at.run()  # the page draws the map, then finds (or makes) the typical day and the normal day
    assert not at.exception, [e.value for e in at.exception]
    warming.join(WAIT_S)
    assert not warming.is_alive()
    assert started == [True]  # the normal day started as soon as the map was sent
    assert (went_on, len(days)) == ([], 1)  # the rest of the page is the page's own work: nothing twice


MAIN_RUN = """
import runpy, sys, threading
import streamlit.web.cli
streamlit.web.cli.main = lambda **options: None  # no server: only what happens before it starts
import flowsim.app_pages.server as served
started = []
served._warm_up_quietly = started.append
sys.argv = ["server", "run", "app.py", "--", "--scenario", "clinic.yaml"]
runpy.run_module("flowsim.app_pages.server", run_name="__main__", alter_sys=True)
for thread in threading.enumerate():
    if thread.name == "flowsim-warm-up":
        thread.join()
print(started)
"""


def test_run_as_a_program_the_warm_up_waits_on_the_map_the_page_announces() -> None:
    """``python -m flowsim.app_pages.server`` makes the file ``__main__``, a module apart from the one
    the page imports (and whose MAP_SENT it sets): the warm-up must belong to the page's module."""
    done = subprocess.run([sys.executable, "-c", MAIN_RUN], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['clinic.yaml']"


@pytest.mark.usefixtures("fresh_server")
def test_without_a_visitor_the_warm_up_simulates_after_a_while(monkeypatch: pytest.MonkeyPatch) -> None:
    started = _started_runs(monkeypatch)
    monkeypatch.setattr(server, "IDLE_S", 0.0)
    warming = threading.Thread(
        target=server.warm_up, args=(str(bundled_scenario()),), kwargs={"ready": lambda: True}, name=WARM_UP_THREAD
    )
    warming.start()
    warming.join(WAIT_S)
    assert started == [False]  # no page had sent its map: the numbers get ready for whoever comes later


@pytest.mark.usefixtures("fresh_server")
def test_a_scenario_that_cannot_be_read_is_left_for_the_page_to_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    days, runs = _counting(monkeypatch, "day_events"), _counting(monkeypatch, "run_comparison")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nexam_rooms: {cuont: 3}\n", encoding="utf-8")
    server.MAP_SENT.set()
    server.warm_up(str(bad), ready=lambda: True)  # returns quietly: the page shows the problems as validate does
    assert (days, runs) == ([], [])


# Opening her browser: ``flowsim app`` sets OPEN_BROWSER_ENV; the server opens the page once it answers.
SERVED_URL = "http://127.0.0.1:8642"
READY_CALLS: list[bool] = []


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Streamlit's opener replaced (no browser is started): each URL it is asked to open.

    Each with the number of ``ready()`` calls made by then. The server's options are those
    of ``flowsim app --port 8642``, on Linux (where a display is needed).
    """
    from streamlit import cli_util, config

    opened: list[tuple[str, int]] = []
    options = {"server.address": "127.0.0.1", "server.port": 8642}
    monkeypatch.setattr(config, "get_option", options.__getitem__)
    monkeypatch.setattr(cli_util, "open_browser", lambda url: opened.append((url, len(READY_CALLS))))
    monkeypatch.setattr(sys, "platform", "linux")
    for name in (server.OPEN_BROWSER_ENV, *server.DISPLAY_ENV):
        monkeypatch.delenv(name, raising=False)
    READY_CALLS.clear()
    return opened


def _ready_on_third_call() -> bool:
    """A server that answers from the third time it is asked."""
    READY_CALLS.append(len(READY_CALLS) >= 2)
    return READY_CALLS[-1]


def _warm_up_bad_scenario(
    tmp_path: Path, ready: Callable[[], bool] = _ready_on_third_call, wait_s: float = 60.0
) -> None:
    """The warm-up up to opening the browser: the scenario cannot be read, so it stops right after (no simulation)."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nexam_rooms: {cuont: 3}\n", encoding="utf-8")
    server.warm_up(str(bad), ready=ready, wait_s=wait_s)


@pytest.mark.parametrize("display", ["DISPLAY", "WAYLAND_DISPLAY"])
def test_asked_and_with_a_display_the_page_is_opened_once_after_the_server_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, browser: list[tuple[str, int]], display: str
) -> None:
    monkeypatch.setenv(server.OPEN_BROWSER_ENV, "1")
    monkeypatch.setenv(display, ":0" if display == "DISPLAY" else "wayland-0")
    _warm_up_bad_scenario(tmp_path)
    assert browser == [(SERVED_URL, 3)]  # once, right after the third call (the first that answered)
    assert READY_CALLS == [False, False, True]


@pytest.mark.parametrize(
    ("wish", "display"),
    [("1", None), ("1", ""), (None, ":0"), ("0", ":0"), (None, None)],
    ids=["asked-no-display", "asked-empty-display", "not-asked", "asked-off", "neither"],
)
def test_without_the_wish_or_a_display_nothing_is_opened(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    browser: list[tuple[str, int]],
    wish: str | None,
    display: str | None,
) -> None:
    if wish is not None:
        monkeypatch.setenv(server.OPEN_BROWSER_ENV, wish)
    if display is not None:
        monkeypatch.setenv("DISPLAY", display)
    _warm_up_bad_scenario(tmp_path)
    assert browser == []
    assert READY_CALLS[-1] is True  # the server did answer: only the wish or the screen was missing


def test_a_server_that_never_answers_opens_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, browser: list[tuple[str, int]]
) -> None:
    monkeypatch.setenv(server.OPEN_BROWSER_ENV, "1")
    monkeypatch.setenv("DISPLAY", ":0")
    _warm_up_bad_scenario(tmp_path, ready=lambda: False, wait_s=0.0)
    assert browser == []


def test_the_server_opens_the_address_and_port_it_serves_on(
    monkeypatch: pytest.MonkeyPatch, browser: list[tuple[str, int]]
) -> None:
    from streamlit import config

    monkeypatch.setenv(server.OPEN_BROWSER_ENV, "1")
    monkeypatch.setenv("DISPLAY", ":0")
    options = {"server.address": "127.0.0.1", "server.port": 8502}  # 8501 was taken: Streamlit moved on
    monkeypatch.setattr(config, "get_option", options.__getitem__)
    assert server.open_browser_if_wanted() == "http://127.0.0.1:8502"
    assert browser == [("http://127.0.0.1:8502", 0)]


def test_a_browser_that_fails_to_open_is_logged_and_the_warm_up_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, browser: list[tuple[str, int]], caplog: pytest.LogCaptureFixture
) -> None:
    from streamlit import cli_util

    def broken(url: str) -> None:
        raise OSError("no browser here")

    monkeypatch.setattr(cli_util, "open_browser", broken)
    monkeypatch.setenv(server.OPEN_BROWSER_ENV, "1")
    monkeypatch.setenv("DISPLAY", ":0")
    went_on: list[str] = []  # the scenarios the warm-up read after the opener failed
    real_load = clinic_map.load_json

    def load_json(path: str) -> str:
        went_on.append(Path(path).name)
        return real_load(path)

    monkeypatch.setattr(clinic_map, "load_json", load_json)
    with caplog.at_level("WARNING", logger=server.LOGGER.name):
        _warm_up_bad_scenario(tmp_path)  # raises nothing
    assert went_on == ["bad.yaml"]
    assert f"could not open a browser on {SERVED_URL}" in caplog.text
    assert "no browser here" in caplog.text


@pytest.mark.parametrize(
    ("platform", "environ", "expected"),
    [
        ("linux", {}, False),
        ("linux", {"DISPLAY": ""}, False),
        ("linux", {"DISPLAY": ":0"}, True),
        ("linux", {"WAYLAND_DISPLAY": "wayland-0"}, True),
        ("freebsd14", {}, False),
        ("freebsd14", {"DISPLAY": ":1"}, True),
        ("darwin", {}, True),
        ("win32", {}, True),
    ],
)
def test_a_display_is_needed_only_where_a_text_mode_browser_could_take_her_terminal(
    platform: str, environ: dict[str, str], expected: bool
) -> None:
    assert server.has_display(environ, platform) is expected
