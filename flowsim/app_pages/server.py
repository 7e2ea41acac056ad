"""Serve the app with her clinic's first page prepared before she opens it.

Streamlit runs a page's script only when a browser connects, so the first visitor of a
fresh server waited for everything the script imports (Streamlit's elements, pandas,
plotly, the report package: about a second of CPU on a quiet machine) before the first
element of her clinic was sent. The page therefore draws her clinic's heading and map
first, from a few light modules (:data:`MAP_MODULES`), and ``flowsim app`` starts
Streamlit through :func:`main` (``python -m flowsim.app_pages.server run flowsim/app.py
...``, the arguments of ``streamlit run``), which first starts :func:`warm_up` on a
thread. While Streamlit starts its server and the browser loads Streamlit's frontend, the
thread imports the map's modules and reads the clinic. Once the first page's map has been
sent (or after :data:`IDLE_S` without a visitor) it imports the rest of the page and
fills the app's caches for the clinic being served: its typical day (the Gantt chart),
then the normal day's numbers on the worker processes, so that neither the numbers nor
the first comparison wait for them to start. Before the map, it leaves both cores to the
browser loading Streamlit's page and to the page's script.

The server accepts connections exactly as early as without the warm-up; the page finds
the warm-up's work (waiting for a module being imported, attaching to the run in
progress). What is cached is what the page would compute itself, by the same functions
with the same arguments, so the numbers are the CLI's. A plain ``streamlit run
flowsim/app.py`` serves the same page, without the warm-up.

This module is the server's ``__main__``, so the worker processes import it (as
``__mp_main__``): it imports nothing heavy at module level.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence

LOGGER = logging.getLogger(__name__)
READY_POLL_S = 0.02
IDLE_S = 3.0
MAP_SENT = threading.Event()
"""Set by the page once her clinic's map is on its way to the browser (see :func:`warm_up`)."""

MAP_MODULES = ("flowsim.app_pages.clinic_map",)
"""What ``flowsim/app.py``'s page draws her clinic's heading and map with (no pandas, plotly or simulation)."""
PAGE_MODULES = (
    "flowsim.app_pages.cache",
    "flowsim.app_pages.clinic",
    "flowsim.app_pages.compare",
    "flowsim.app_pages.redesign",
    "flowsim.app_pages.your_data",
    "flowsim.app_pages.privacy",
)
"""What the rest of the page imports, after the map (a test checks that its first run imports nothing more)."""
OPEN_BROWSER_ENV = "FLOWSIM_OPEN_BROWSER"
"""Set to ``1`` in the server's environment by ``flowsim app`` (not with ``--no-browser``): open her browser."""
DISPLAY_ENV = ("DISPLAY", "WAYLAND_DISPLAY")
LAZY_PACKAGES = ("flowsim.report", "flowsim.viz")
"""Packages whose names are imported on first use: the warm-up imports all of them, as the page uses them."""


def import_page_modules() -> None:
    """Import what the page imports after the map: :data:`PAGE_MODULES` and every name of :data:`LAZY_PACKAGES`."""
    import importlib

    for name in PAGE_MODULES:
        importlib.import_module(name)
    for name in LAZY_PACKAGES:
        package = importlib.import_module(name)
        for exported in package.__all__:
            getattr(package, exported)


def page_arguments(argv: Sequence[str]) -> list[str]:
    """The page script's own arguments in a ``streamlit run`` command line: what follows ``--``."""
    arguments = list(argv)
    return arguments[arguments.index("--") + 1 :] if "--" in arguments else []


def server_started() -> bool:
    """Whether Streamlit's server is up (its runtime started): the page's caches belong to that runtime."""
    from streamlit import runtime
    from streamlit.runtime.runtime import RuntimeState

    return runtime.exists() and runtime.get_instance().state is not RuntimeState.INITIAL


def has_display(environ: Mapping[str, str], platform: str) -> bool:
    """Whether a browser opened on ``platform`` (a :data:`sys.platform`) would show on a screen.

    Windows and macOS always have one. Elsewhere (Linux, the BSDs) only a graphical session
    sets ``DISPLAY`` or ``WAYLAND_DISPLAY``; without one (ssh, CI, a server) the opener would
    fall back to a text-mode browser taking over her terminal.
    """
    if platform in ("win32", "darwin"):
        return True
    return any(environ.get(name) for name in DISPLAY_ENV)


def open_browser_if_wanted() -> str | None:
    """Open the default browser on the served page, if asked for and there is a display; return the URL opened.

    Call once the server answers. The address and port are the server's options (Streamlit
    may have moved to the next free port). Streamlit's opener is used: it starts the browser
    with its chatter silenced. Failing to open one is logged, never raised: the address is
    printed on the terminal anyway.
    """
    if os.environ.get(OPEN_BROWSER_ENV) != "1" or not has_display(os.environ, sys.platform):
        return None
    from streamlit import cli_util, config

    url = f"http://{config.get_option('server.address') or '127.0.0.1'}:{config.get_option('server.port')}"
    try:
        cli_util.open_browser(url)
    except Exception:  # a missing or broken browser must not stop the server
        LOGGER.warning("flowsim: could not open a browser on %s; open it yourself", url, exc_info=True)
        return None
    return url


def warm_up(scenario_path: str, ready: Callable[[], bool] = server_started, wait_s: float = 60.0) -> None:
    """Import the page's modules and compute the first page of the clinic in ``scenario_path``.

    Waits until ``ready()`` first (at most ``wait_s``): Streamlit starts its server
    without competing with the warm-up for the interpreter, so it accepts connections
    as early as without it, and the page's caches are made in the server's runtime.
    Once it is ready, her browser is opened if wanted (:func:`open_browser_if_wanted`).
    Whatever goes wrong here is left for the page to meet and report (a scenario that
    cannot be read is shown as the page shows it); the warm-up only saves time.
    """
    import importlib
    import inspect

    deadline = time.monotonic() + wait_s
    while not (up := ready()) and time.monotonic() < deadline:
        time.sleep(READY_POLL_S)
    if up:  # a server that never came up has no page to open
        open_browser_if_wanted()
    for name in MAP_MODULES:
        importlib.import_module(name)
    # Streamlit looks at the call stack once per process, at the first element a page sends, and
    # inspect then reads the path of every loaded module (~0.3 s of CPU once the page is imported).
    # inspect remembers what it has read: done here, the page's first element only reads what is new.
    inspect.stack()
    from flowsim.app_pages.clinic_map import load_json
    from flowsim.scenarios import ScenarioError
    from flowsim.scenarios.schema import Scenario

    try:
        scenario = Scenario.model_validate_json(load_json(scenario_path))
    except ScenarioError:
        return  # the page says what is wrong with the file
    # Until her map is sent, the rest of the page (pandas, plotly, the simulations: a few seconds of
    # CPU) would only slow the browser loading Streamlit's page and the page's script drawing the map.
    MAP_SENT.wait(IDLE_S)
    from flowsim.app_pages import cache
    from flowsim.app_pages.clinic import normal_day_reps, typical_day_figure
    from flowsim.report.compare import DEFAULT_SEED

    # The normal day's numbers: the workers start and simulate while the page draws the rest.
    cache.start_run((scenario.model_dump_json(),), DEFAULT_SEED, normal_day_reps({}))
    if not MAP_SENT.is_set():  # nobody came yet: when she does, the rest of her first page is ready too
        import_page_modules()
        typical_day_figure(scenario, DEFAULT_SEED)  # cached; plotly's first figure loads its parts


def _warm_up_quietly(scenario_path: str) -> None:
    try:
        warm_up(scenario_path)
    except Exception:  # only time is lost: the page computes what is missing itself
        LOGGER.warning("flowsim: preparing the first page failed; the page will do it", exc_info=True)


def start_warm_up(argv: Sequence[str]) -> threading.Thread:
    """:func:`warm_up` on a daemon thread for the scenario named in ``argv`` (a ``streamlit run`` command line)."""
    from flowsim.app import scenario_path

    thread = threading.Thread(
        target=_warm_up_quietly, args=(scenario_path(page_arguments(argv)),), name="flowsim-warm-up", daemon=True
    )
    thread.start()
    return thread


def main() -> None:
    """``streamlit`` with the same arguments, the warm-up started first."""
    start_warm_up(sys.argv[1:])
    from streamlit.web.cli import main as streamlit_main

    streamlit_main(prog_name="streamlit")


if __name__ == "__main__":
    # Run by ``python -m``, this file is ``__main__``, while the page imports it as
    # flowsim.app_pages.server: two modules, each with its own MAP_SENT. The warm-up is started
    # from the page's, so that it waits on the event the page sets.
    from flowsim.app_pages.server import main as served_main

    served_main()
