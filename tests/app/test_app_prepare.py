"""A comparison is prepared once she has set it up: Run then finds it under way or done.

``cache.prepare`` starts the run as a server job (:mod:`flowsim.app_pages.jobs`). The jobs
here are stand-ins that wait until the test lets them end, so every step is deterministic.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
import streamlit as st

from flowsim.app_pages import cache
from flowsim.app_pages.jobs import Job, Progress

WAIT_S = 30.0
FIRST = (("baseline", "more rooms"), 1, 100)
SECOND = (("baseline", "pooled rooms"), 1, 100)


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[tuple[str, ...], int, int]]]:
    """The runs started, as keys; each is a job that ends when the test sets ``release``."""
    st.cache_resource.clear()
    keys: list[tuple[tuple[str, ...], int, int]] = []
    release = threading.Event()

    def start_run(scenario_jsons: tuple[str, ...], seed: int, reps: int) -> Job:
        def work(progress: Progress) -> Any:
            assert release.wait(WAIT_S)
            return "experiment"

        keys.append((scenario_jsons, seed, reps))
        return cache.jobs().attach((scenario_jsons, seed, reps), work)

    monkeypatch.setattr(cache, "start_run", start_run)
    yield keys
    release.set()
    st.cache_resource.clear()


def test_a_comparison_is_prepared_once(started: list[Any]) -> None:
    cache.prepare(*FIRST)
    cache.prepare(*FIRST, superseded=FIRST)
    assert started == [FIRST]


def test_changing_her_mind_stops_the_comparison_she_left(started: list[Any]) -> None:
    cache.prepare(*FIRST)
    first = cache.jobs().attach(FIRST, lambda progress: "not started: the prepared job is found")
    cache.prepare(*SECOND, superseded=FIRST)
    assert first.cancelled
    assert started == [FIRST, SECOND]
    second = cache.jobs().attach(SECOND, lambda progress: "not started: the prepared job is found")
    cache.prepare(*FIRST, superseded=SECOND)  # back to the first: prepared again, the second stopped
    assert started == [FIRST, SECOND, FIRST]
    assert second.cancelled


def test_long_comparisons_and_cancelled_ones_are_left_for_run(started: list[Any]) -> None:
    cache.prepare(("baseline", "more rooms"), 1, cache.PREPARE_MAX_REPS + 1)
    cache.cancel(*SECOND)  # she pressed Cancel on it
    cache.prepare(*SECOND)
    assert started == []
