"""The app's caches: runs, figures and days are kept per content, so unchanged clicks are instant.

Runs are keyed on the scenarios' JSON text, the seed and the number of days (Streamlit
hashes the arguments), so the same comparison is never simulated twice in a session or
across sessions of one server. The worker processes are started once per server.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from flowsim import report, viz
from flowsim.app_pages.jobs import Job, JobCancelledError, Jobs, Progress
from flowsim.app_pages.library import LibraryEntry
from flowsim.app_pages.library import library as read_library
from flowsim.experiment import Experiment, joined
from flowsim.scenarios.schema import Scenario


@st.cache_resource(show_spinner=False)
def runner(workers: int, warm_up_json: str | None = None) -> Any:
    """The worker processes, started once per server (warmed up on ``warm_up_json``)."""
    return report.open_app_runner(workers, warm_up_json)


@st.cache_resource(show_spinner=False)
def jobs() -> Jobs:
    """The server's simulation runs in progress (they outlive a page's rerun)."""
    return Jobs()


RunKey = tuple[tuple[str, ...], int, int]
"""A run's key: the designs' scenario JSON (baseline first), the seed and the number of days."""
POLL_S = 0.2


@st.cache_data(show_spinner=False, max_entries=16)
def run(scenario_jsons: tuple[str, ...], seed: int, reps: int) -> Experiment:
    """The comparison (baseline first), with a progress bar while it runs.

    The bar counts days of all designs together and says so, and never goes back: the
    run is a job of the server (:mod:`flowsim.app_pages.jobs`), so a rerun of the page
    (any click while it runs) finds it where it was instead of starting it again. Cancel
    (:func:`cancel`) stops it; the runner then drops the chunks not yet started, and
    nothing is cached.
    """
    # The progress bar is made here, not outside: Streamlit replays a cached function's elements.
    designs = len(scenario_jsons)
    key = (scenario_jsons, seed, reps)
    job = start_run(scenario_jsons, seed, reps)
    bar = st.progress(_fraction(job), text=_progress_text(job, designs, reps))  # a rerun starts where the job is
    while True:
        while not job.wait(POLL_S):
            # drawn at every poll, changed or not: a click can only stop the script at a Streamlit call
            bar.progress(_fraction(job), text=_progress_text(job, designs, reps))
        try:
            experiment: Experiment = jobs().take(key, job)
            prepared()[key] = None  # cached from now on: nothing to prepare for it again
            if designs == 1:
                remember_alone(key, experiment)
            break
        except JobCancelledError:  # cancelled from another page showing the same run; this page still wants it
            job = start_run(scenario_jsons, seed, reps)
    bar.empty()
    return experiment


def start_run(scenario_jsons: tuple[str, ...], seed: int, reps: int) -> Job:
    """The server's job for this run: the one running (or just finished), else one started now on the workers.

    :func:`run` waits for it on the page; the server's warm-up (:mod:`flowsim.app_pages.server`)
    starts the first page's run before anyone opens the page, and the page then finds it here.
    """
    workers = runner(report.default_workers(), scenario_jsons[0])
    baseline_days = alone_runs().get((scenario_jsons[0], seed, reps)) if len(scenario_jsons) > 1 else None

    def simulate(progress: Progress) -> Experiment:
        if baseline_days is None:
            return report.run_comparison(scenario_jsons, seed, reps, runner=workers, progress=progress)

        # Her clinic's days are simulated already (the first page's normal day): only the redesigns
        # are, and the bar counts her clinic's days as done. Joined, the tables are those of one run.
        def counted(done: int, total: int) -> None:
            progress(done + reps, total + reps)

        redesigns = report.run_comparison(scenario_jsons[1:], seed, reps, runner=workers, progress=counted)
        return joined(baseline_days, redesigns)

    return jobs().attach((scenario_jsons, seed, reps), simulate)


PREPARE_MAX_REPS = 200
"""Comparisons of at most this many days are prepared before she asks (a few seconds of the workers at most)."""
PREPARED_KEPT = 32


@st.cache_resource(show_spinner=False)
def prepared() -> dict[RunKey, None]:
    """Comparisons started before she asked for them, or run (an ordered set of run keys, the newest last)."""
    return {}


def prepare(scenario_jsons: tuple[str, ...], seed: int, reps: int, superseded: RunKey | None = None) -> None:
    """Start simulating the comparison she has set up, before she presses Run: :func:`run` then
    attaches to the job, under way or done, and its answer comes sooner. Nothing happens for a
    comparison already run or prepared, or longer than :data:`PREPARE_MAX_REPS` days.
    ``superseded`` (the key this page prepared last, if another) is cancelled: she changed her mind.
    """
    key = (scenario_jsons, seed, reps)
    kept = prepared()
    if superseded is not None and superseded != key and jobs().cancel(superseded):
        kept.pop(superseded, None)  # stopped before anyone took it: it may be prepared again
    if key in kept or reps > PREPARE_MAX_REPS:
        return
    kept[key] = None
    for oldest in list(kept)[:-PREPARED_KEPT]:
        kept.pop(oldest, None)
    start_run(scenario_jsons, seed, reps)


ALONE_KEPT = 4
"""How many runs of a clinic alone are kept for comparisons to reuse (a few MB each)."""


@st.cache_resource(show_spinner=False)
def alone_runs() -> dict[tuple[str, int, int], Experiment]:
    """Finished runs of one design alone, by ``(scenario JSON, seed, days)``: a comparison of
    that design (as the baseline) over the same days reuses its days instead of simulating them again."""
    return {}


def remember_alone(key: tuple[tuple[str, ...], int, int], experiment: Experiment) -> None:
    """Keep the finished run of one design under ``key`` (its run's key) for comparisons to
    reuse (the newest :data:`ALONE_KEPT`)."""
    (scenario_json,), seed, reps = key
    kept = alone_runs()
    kept[(scenario_json, seed, reps)] = experiment
    for oldest in list(kept)[:-ALONE_KEPT]:
        kept.pop(oldest, None)  # another session's page may be dropping it at the same moment


def _fraction(job: Job) -> float:
    done, total = job.progress()
    return done / total if total else 0.0


def _progress_text(job: Job, designs: int, reps: int) -> str:
    done, _ = job.progress()
    if not done:
        return f"Simulating {reps} days of {designs} designs..."
    seconds = job.seconds_left()
    left = "" if seconds is None else f", about {seconds:.0f} s left"
    return f"Simulated {done} of {designs * reps} clinic days ({designs} designs × {reps} days){left}"


def cancel(scenario_jsons: tuple[str, ...], seed: int, reps: int) -> None:
    """Stop the run of these designs, seed and days if it is running; it is not prepared again (Run starts it)."""
    jobs().cancel((scenario_jsons, seed, reps))
    prepared()[(scenario_jsons, seed, reps)] = None


# Figures are kept as themselves (cache_resource), not pickled (cache_data): unpickling a plotly
# figure validates all of it again, ~0.1 s a figure at every rerun of the page, i.e. at every click.
# The page only reads them (st.plotly_chart copies a figure into its message); nothing may change them.


@st.cache_resource(show_spinner=False, max_entries=16)
def figures(scenario_jsons: tuple[str, ...], seed: int, reps: int) -> dict[str, Any]:
    """The comparison's figures (:func:`flowsim.report.comparison_figures`), built once; read only."""
    return report.comparison_figures(run(scenario_jsons, seed, reps))


@st.cache_data(show_spinner=False, max_entries=16)
def files(scenario_jsons: tuple[str, ...], seed: int, reps: int) -> report.ComparisonFiles:
    """The comparison's download files (:func:`flowsim.report.comparison_files`), built once."""
    return report.comparison_files(run(scenario_jsons, seed, reps))


@st.cache_data(show_spinner=False, max_entries=16)
def day(scenario_jsons: tuple[str, ...], seed: int, rep: int) -> Any:
    """The event log of one day of every design, ``(events, resource_events)`` (for the timeline)."""
    return report.day_events(scenario_jsons, seed, rep)


@st.cache_resource(show_spinner=False, max_entries=16)
def day_figure(scenario_jsons: tuple[str, ...], seed: int, rep: int, design: int) -> Any:
    """Day ``rep`` of design number ``design`` (0: the baseline): its rooms and providers over the
    clock, with the names people use (:func:`flowsim.viz.timeline`); built once, read only."""
    events, time_off = day(scenario_jsons, seed, rep)
    scenarios = [Scenario.model_validate_json(text) for text in scenario_jsons]
    shown = scenarios[design]
    return viz.timeline(events, shown.name, rep, open_clock=scenarios[0].clinic.open, resource_events=time_off,
                        labels=report.lane_words(shown))  # fmt: skip


@st.cache_data(show_spinner=False)
def library(baseline_path: str) -> list[LibraryEntry]:
    """The redesign files beside the baseline, read once per server."""
    return read_library(baseline_path)
