"""How long the office manager waits for the app's default comparison.

The default comparison is the bundled family practice against one redesign (pooled
rooms), 100 simulated days each, on the app's two worker processes. Three figures:

``comparison_warm_s``  the simulation and tables alone, on worker processes already started
                       (what every Run after the first costs), both designs simulated;
``comparison_after_first_page_s``
                       the same comparison as the app runs it after the first page: her
                       clinic's days are the first page's normal day (same seed and days,
                       simulated untimed first), only the redesign is simulated and joined;
``page_first_run_s``   clicking Run in the page (under Streamlit's AppTest) until every
                       headline, chart and table is drawn, the worker start-up included;
``page_cached_s``      the same click again, unchanged: answered from the cache.

Run alone with ``python -m benchmarks.app_latency``; ``make bench`` calls :func:`measure`.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from benchmarks.timing import QUICK

REPS = 20 if QUICK else 100
ROUNDS = 1 if QUICK else 3
APP_FILE = Path(__file__).resolve().parents[1] / "flowsim" / "app.py"


def _comparison_warm_s() -> float:
    from flowsim.report import default_workers, open_app_runner, run_comparison
    from flowsim.report.paths import bundled_scenario
    from flowsim.scenarios import load_scenario, with_changes

    baseline = load_scenario(bundled_scenario())
    pooled = with_changes(baseline, {"name": "pooled_rooms", "exam_rooms.policy": "pooled"})
    jsons = (baseline.model_dump_json(), pooled.model_dump_json())
    runner = open_app_runner(default_workers())
    try:
        run_comparison(jsons, 1, 4, runner=runner)  # start the workers
        times = []
        for seed in range(2, 2 + ROUNDS):
            start = time.perf_counter()
            run_comparison(jsons, seed, REPS, runner=runner)
            times.append(time.perf_counter() - start)
    finally:
        runner.close()
    return statistics.median(times)


def _comparison_after_first_page_s() -> float:
    from flowsim.experiment import joined
    from flowsim.report import default_workers, open_app_runner, run_comparison
    from flowsim.report.paths import bundled_scenario
    from flowsim.scenarios import load_scenario, with_changes

    baseline = load_scenario(bundled_scenario())
    pooled = with_changes(baseline, {"name": "pooled_rooms", "exam_rooms.policy": "pooled"})
    runner = open_app_runner(default_workers())
    try:
        run_comparison((baseline.model_dump_json(),), 1, 4, runner=runner)  # start the workers
        times = []
        for seed in range(2, 2 + ROUNDS):
            first_page = run_comparison((baseline.model_dump_json(),), seed, REPS, runner=runner)  # untimed
            start = time.perf_counter()
            joined(first_page, run_comparison((pooled.model_dump_json(),), seed, REPS, runner=runner))
            times.append(time.perf_counter() - start)
    finally:
        runner.close()
    return statistics.median(times)


def _page_s() -> tuple[float, float]:
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    os.environ["FLOWSIM_APP_REPS"] = str(REPS)
    # the settings `streamlit run flowsim/app.py` reads (the app refuses to show a clinic otherwise)
    config._main_script_path = str(APP_FILE)
    config.get_config_options(force_reparse=True)
    at = AppTest.from_file(str(APP_FILE), default_timeout=600)
    at.run()
    if at.exception or at.error:
        raise RuntimeError([e.value for e in [*at.exception, *at.error]])
    at.selectbox(key="rd_room_policy").set_value("pooled").run()
    start = time.perf_counter()
    at.button(key="cmp_run").click().run()
    first = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    start = time.perf_counter()
    at.button(key="cmp_run").click().run()
    cached = time.perf_counter() - start
    return first, cached


def measure() -> dict[str, float]:
    """Seconds for the default comparison: warm simulation (both designs, and after the first
    page with her clinic's days reused), first click in the page, cached click."""
    warm = _comparison_warm_s()
    after_first_page = _comparison_after_first_page_s()
    first, cached = _page_s()
    return {
        "comparison_warm_s": warm,
        "comparison_after_first_page_s": after_first_page,
        "page_first_run_s": first,
        "page_cached_s": cached,
    }


if __name__ == "__main__":
    for name, seconds in measure().items():
        print(f"{name:<30} {seconds:6.2f} s  ({REPS} days, baseline + pooled rooms)")
