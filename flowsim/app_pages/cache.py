"""The app's caches: runs, figures and days are kept per content, so unchanged clicks are instant.

Runs are keyed on the scenarios' JSON text, the seed and the number of days (Streamlit
hashes the arguments), so the same comparison is never simulated twice in a session or
across sessions of one server. The worker processes are started once per server.
"""

from __future__ import annotations

import time
from typing import Any

import streamlit as st

from flowsim import report
from flowsim.app_pages.library import LibraryEntry
from flowsim.app_pages.library import library as read_library
from flowsim.experiment import Experiment
from flowsim.scenarios import load_scenario


@st.cache_data(show_spinner=False)
def load_json(path: str) -> str:
    """The scenario file as validated JSON text (raises ScenarioError)."""
    return load_scenario(path).model_dump_json()


@st.cache_resource(show_spinner=False)
def runner(workers: int, warm_up_json: str | None = None) -> Any:
    """The worker processes, started once per server (warmed up on ``warm_up_json``)."""
    return report.open_app_runner(workers, warm_up_json)


@st.cache_data(show_spinner=False, max_entries=16)
def run(scenario_jsons: tuple[str, ...], seed: int, reps: int) -> Experiment:
    """The comparison (baseline first), with a progress bar while it runs.

    The bar counts days of all designs together and says so, and never goes back. A
    click elsewhere (the Cancel button) stops the page's run at the next update; the
    runner then cancels the chunks not yet started, and nothing is cached.
    """
    # The progress bar is made here, not outside: Streamlit replays a cached function's elements.
    designs = len(scenario_jsons)
    bar = st.progress(0.0, text=f"Simulating {reps} days of {designs} designs...")
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        left = (time.perf_counter() - started) * (total - done) / done
        bar.progress(done / total, text=f"Simulated {done} of {total} clinic days ({designs} designs × {reps} days)"
                     f", about {left:.0f} s left")  # fmt: skip

    workers = runner(report.default_workers(), scenario_jsons[0])
    experiment = report.run_comparison(scenario_jsons, seed, reps, runner=workers, progress=progress)
    bar.empty()
    return experiment


@st.cache_data(show_spinner=False, max_entries=16)
def views(scenario_jsons: tuple[str, ...], seed: int, reps: int) -> tuple[dict[str, Any], Any]:
    """Figures and download files of the comparison, built once."""
    experiment = run(scenario_jsons, seed, reps)
    return report.comparison_figures(experiment), report.comparison_files(experiment)


@st.cache_data(show_spinner=False, max_entries=16)
def day(scenario_jsons: tuple[str, ...], seed: int, rep: int) -> Any:
    """The event log of one day of every design, ``(events, resource_events)`` (for the timeline)."""
    return report.day_events(scenario_jsons, seed, rep)


@st.cache_data(show_spinner=False)
def library(baseline_path: str) -> list[LibraryEntry]:
    """The redesign files beside the baseline, read once per server."""
    return read_library(baseline_path)
