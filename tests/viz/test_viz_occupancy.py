"""Waiting-room occupancy: step heights equal counts done by hand on a tiny stopwatch sheet."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from flowsim.viz import waiting_room_occupancy
from flowsim.viz.occupancy import count_waiting, waiting_intervals

NAN = math.nan


@pytest.fixture
def visits() -> pd.DataFrame:
    rows = [
        # scenario, rep, outcome, arrival, check_in_end, roomed, provider_start, departure
        ("A", 0, "seen", 0.0, 2.0, 10.0, 12.0, 40.0),  # waits [2, 10)
        ("A", 0, "seen", 5.0, NAN, 7.0, 9.0, 30.0),  # no check-in: waits from arrival, [5, 7)
        ("A", 0, "no_show", NAN, NAN, NAN, NAN, NAN),  # never came
        ("A", 0, "left_unseen", 8.0, 9.0, NAN, NAN, 20.0),  # waits [9, 20), then leaves
        ("A", 0, "seen", 3.0, 4.0, NAN, 6.0, 25.0),  # no room: waits for the provider, [4, 6)
        ("A", 0, "rebooked_late", 11.0, NAN, NAN, NAN, 11.0),  # sent home at the door: [11, 11)
        ("A", 1, "seen", 1.0, 3.0, 4.0, 5.0, 30.0),  # waits [3, 4)
        ("B", 0, "seen", 0.0, 1.0, 1.0, 2.0, 20.0),  # roomed straight away
        ("B", 1, "seen", 0.0, 1.0, 6.0, 8.0, 20.0),  # waits [1, 6)
    ]
    columns = [
        "scenario", "rep", "outcome", "arrival_min", "check_in_end_min", "roomed_min", "provider_start_min",
        "departure_min",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def test_waiting_intervals_run_from_check_in_or_arrival_to_rooming_or_leaving(visits: pd.DataFrame) -> None:
    intervals = waiting_intervals(visits)
    assert list(zip(intervals["from_min"], intervals["to_min"], strict=True)) == [
        (2.0, 10.0),
        (5.0, 7.0),
        (9.0, 20.0),
        (4.0, 6.0),
        (11.0, 11.0),
        (3.0, 4.0),
        (1.0, 1.0),
        (1.0, 6.0),
    ]


def test_step_heights_are_hand_counted_means_over_replications(visits: pd.DataFrame) -> None:
    fig = waiting_room_occupancy(visits, step_min=1.0, end_min=12.0)
    a, b = fig.data
    assert (a.name, b.name) == ("A", "B")
    np.testing.assert_array_equal(a.x, np.arange(13.0))
    rep0 = np.array([0, 0, 1, 1, 2, 3, 2, 1, 1, 2, 1, 1, 1])
    rep1 = np.array([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    np.testing.assert_array_equal(a.y, (rep0 + rep1) / 2)
    np.testing.assert_array_equal(b.y, np.array([0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]) / 2)
    assert a.line.shape == "hv"


def test_default_grid_reaches_the_last_wait(visits: pd.DataFrame) -> None:
    fig = waiting_room_occupancy(visits, step_min=5.0)
    assert list(fig.data[0].x) == [0.0, 5.0, 10.0, 15.0, 20.0]
    np.testing.assert_array_equal(fig.data[0].y, [0.0, 1.5, 0.5, 0.5, 0.0])


def test_count_is_zero_outside_and_counts_half_open_intervals() -> None:
    counts = count_waiting(np.array([1.0, 2.0]), np.array([3.0, 2.0]), np.array([0.0, 1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(counts, [0.0, 1.0, 1.0, 0.0])


def test_clock_time_ticks_when_opening_time_given(visits: pd.DataFrame) -> None:
    fig = waiting_room_occupancy(visits, open_clock="08:50", step_min=1.0, end_min=115.0)
    assert list(fig.layout.xaxis.ticktext) == ["09:00", "09:15", "09:30", "09:45", "10:00", "10:15", "10:30", "10:45"]
    assert list(fig.layout.xaxis.tickvals) == [10.0, 25.0, 40.0, 55.0, 70.0, 85.0, 100.0, 115.0]


def test_a_given_waiting_room_column_decides_when_the_wait_began(visits: pd.DataFrame) -> None:
    observed = visits.assign(waiting_room_min=1.0)  # e.g. a stopwatch sheet with its own column
    intervals = waiting_intervals(observed)
    assert list(intervals["from_min"]) == [9.0, 6.0, 19.0, 5.0, 10.0, 3.0, 0.0, 5.0]
    assert list(intervals["to_min"]) == [10.0, 7.0, 20.0, 6.0, 11.0, 4.0, 1.0, 6.0]


def test_early_arrivals_wait_in_the_waiting_room_from_opening() -> None:
    # Came at -12, outside a closed door: in the waiting room from 0 until roomed at 3.
    early = pd.DataFrame(
        {
            "scenario": "A",
            "rep": 0,
            "outcome": "seen",
            "arrival_min": [-12.0],
            "roomed_min": [3.0],
            "departure_min": [30.0],
        }
    )
    fig = waiting_room_occupancy(early, step_min=5.0)
    assert list(fig.data[0].x) == [0.0, 5.0]
    assert list(fig.data[0].y) == [1.0, 0.0]
