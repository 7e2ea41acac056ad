"""A comparison reuses her clinic's days from the first page: only the redesigns are simulated."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from flowsim import report
from flowsim.scenarios import with_changes
from tests.app.conftest import APP_FILE, TEST_REPS, in_process_app
from tests.app.test_app_pages import BASELINE, expected_headlines, headlines


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    """The app's first page on a server that has run nothing yet (another test may have run the same comparison)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    in_process_app(monkeypatch)
    at = AppTest.from_file(str(APP_FILE), default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    yield at


@pytest.fixture
def simulated(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many designs each run the app starts simulates (filled as the page runs them)."""
    designs: list[int] = []
    real = report.run_comparison

    def counted(scenario_jsons: tuple[str, ...], *args: Any, **kwargs: Any) -> Any:
        designs.append(len(scenario_jsons))
        return real(scenario_jsons, *args, **kwargs)

    monkeypatch.setattr(report, "run_comparison", counted)
    return designs


def test_a_comparison_simulates_only_the_redesign_and_says_the_same(app: AppTest, simulated: list[int]) -> None:
    app.number_input(key="rd_room_count").set_value(12).run()
    app.button(key="cmp_run").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert simulated == [1]  # the redesign alone: her clinic's days are those of the first page's normal day
    more_rooms = with_changes(
        BASELINE, {"exam_rooms.count": 12, "name": "redesign_1", "description": f"A redesign of {BASELINE.name}."}
    )
    assert headlines(app) == expected_headlines(more_rooms)  # the numbers of one run of both designs


def test_other_days_are_simulated_for_both_designs(app: AppTest, simulated: list[int]) -> None:
    app.number_input(key="rd_room_count").set_value(12).run()
    app.number_input(key="cmp_reps").set_value(TEST_REPS + 1).run()  # not as many days as the first page's
    app.button(key="cmp_run").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert simulated[-1] == 2  # her clinic and the redesign, over the new days (prepared before she pressed Run)


def test_the_comparison_she_sets_up_is_simulated_before_she_presses_run(app: AppTest, simulated: list[int]) -> None:
    app.number_input(key="rd_room_count").set_value(12).run()
    assert simulated == [1]  # prepared as soon as the page was on screen: the redesign over the first page's days
    app.button(key="cmp_run").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert simulated == [1]  # Run found it (done, or under way): nothing simulated twice
    more_rooms = with_changes(
        BASELINE, {"exam_rooms.count": 12, "name": "redesign_1", "description": f"A redesign of {BASELINE.name}."}
    )
    assert headlines(app) == expected_headlines(more_rooms)
    app.run()
    assert simulated == [1]  # a comparison on screen is not prepared again
