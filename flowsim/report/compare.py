"""Run the app's comparison: the baseline and the redesigns over the same simulated days.

The app hands over scenarios as JSON text (their content is what the result depends
on, so the app can cache on it) and gets back the experiment's tables. A runner of
local worker processes can be kept open across runs so that worker start-up is paid
once per app session; one day's event log (for the timeline) is simulated on demand,
since keeping every day's log would only slow the comparison down.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from flowsim.experiment import Experiment, Runner, open_runner, run_with, simulate_day
from flowsim.scenarios.clock import clock_to_min, min_to_clock
from flowsim.scenarios.schema import Scenario

DEFAULT_REPS = 100
MIN_REPS = 2
DEFAULT_SEED = 1
DEFAULT_WORKERS = 2
Progress = Callable[[int, int], None]
CLOCK_COLUMNS = {"arrived": "arrival_min", "seen_by_provider": "provider_start_min", "left": "departure_min"}


def _positive_int(text: str | None, default: int) -> int:
    try:
        value = int(text) if text not in (None, "") else default
    except ValueError:
        return default
    return value if value >= 1 else default


def default_reps(environ: Mapping[str, str] | None = None, query: Mapping[str, str] | None = None) -> int:
    """Replications the app starts with: ``?reps=`` in the URL, else ``FLOWSIM_APP_REPS``, else 100.

    At least 2: a paired interval needs two days.
    """
    env = os.environ if environ is None else environ
    from_env = _positive_int(env.get("FLOWSIM_APP_REPS"), DEFAULT_REPS)
    return max(MIN_REPS, _positive_int((query or {}).get("reps"), from_env))


def default_workers(environ: Mapping[str, str] | None = None) -> int:
    """Worker processes for the app's runs: ``FLOWSIM_APP_WORKERS``, else 2 (1 runs in the app's process)."""
    env = os.environ if environ is None else environ
    return _positive_int(env.get("FLOWSIM_APP_WORKERS"), min(DEFAULT_WORKERS, os.cpu_count() or 1))


def open_app_runner(workers: int, warm_up_json: str | None = None) -> Runner:
    """A runner kept open for the app's lifetime (closed when the process exits).

    Its workers start from a forkserver, never forked from the server: a forked worker
    would hold the browser's connections open after the server closed them, and the
    page would hang on its next load. With ``warm_up_json`` (a scenario), one day of it
    is simulated on every worker right away, so the first comparison does not wait for the workers to start and import.
    """
    runner = open_runner(workers, start_method="forkserver").__enter__()
    if warm_up_json is not None and runner.workers > 1:
        run_with(runner, scenarios_from_json([warm_up_json]), runner.workers, DEFAULT_SEED, keep_events=False)
    return runner


def scenarios_from_json(scenario_jsons: Sequence[str]) -> list[Scenario]:
    """Scenarios from their JSON text (as produced by ``Scenario.model_dump_json``)."""
    return [Scenario.model_validate_json(text) for text in scenario_jsons]


def run_comparison(
    scenario_jsons: Sequence[str],
    seed: int,
    reps: int,
    *,
    runner: Runner | None = None,
    progress: Progress | None = None,
) -> Experiment:
    """Simulate the baseline (first) and the redesigns over the same ``reps`` days.

    Parameters
    ----------
    scenario_jsons
        Baseline first, then each redesign, as JSON text; names must differ.
    seed, reps
        The run (common random numbers: day ``r`` is the same in every design).
    runner
        An open runner to reuse; by default one worker process per :func:`default_workers`.
    progress
        Called as ``progress(done, total)`` replications.

    Returns
    -------
    Experiment
        Visits, KPIs, summary and paired comparison (the event log is left out: see :func:`day_events`).
    """
    scenarios = scenarios_from_json(scenario_jsons)
    if runner is not None:
        return run_with(runner, scenarios, reps, seed, progress=progress, keep_events=False)
    with open_runner(default_workers(), start_method="forkserver") as own:
        return run_with(own, scenarios, reps, seed, progress=progress, keep_events=False)


def day_events(scenario_jsons: Sequence[str], seed: int, rep: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The event log of day ``rep`` of every scenario (the same day as in :func:`run_comparison`):
    ``(events, resource_events)``, the patients' events and the providers' time off, as in a run."""
    day = simulate_day(scenarios_from_json(scenario_jsons), seed, rep)
    return day.events, day.resource_events


def stopwatch_sheet(visits: pd.DataFrame, scenario: str, rep: int, open_clock: str | None = None) -> pd.DataFrame:
    """One design's stopwatch sheet for one day: one row per patient, times rounded to 0.1 min.

    With ``open_clock`` (the clinic's opening time), clock-time columns ``arrived``,
    ``seen_by_provider`` and ``left`` (HH:MM) come first, for people reading the sheet.
    """
    day = visits[(visits["scenario"] == scenario) & (visits["rep"] == rep)]
    sheet: pd.DataFrame = day.drop(columns=["scenario", "rep"]).round(1).reset_index(drop=True)
    if open_clock is None:
        return sheet
    open_min = clock_to_min(open_clock)
    clocks = {
        name: sheet[column].map(lambda m: "" if pd.isna(m) else min_to_clock(open_min + m))
        for name, column in CLOCK_COLUMNS.items()
        if column in sheet
    }
    return pd.concat([pd.DataFrame(clocks), sheet], axis=1)
