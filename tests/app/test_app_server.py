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
