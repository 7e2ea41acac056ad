"""The event-log readers and the standard-error comparison, on a hand-written day.

Three walk-ins and one doctor: patient 0 arrives at 0 and is seen 0-10, patient 1
arrives at 2 and is seen 10-15, patient 2 arrives at 4 and is seen 15-30. The doctor is
away (``off``, patient id -1) 40-50, which must not count as a patient.
"""

from __future__ import annotations

import math

import pytest

from flowsim.model.eventlog import DayLog, Event, PatientRecord

from .daylog_reading import (
    Estimate,
    assert_within_3se,
    busy_inside_min,
    queue_area_by_patient,
    queue_area_by_sweep,
    queue_day,
    step_intervals,
)


def _hand_day() -> DayLog:
    visits = {0: (0.0, 0.0, 10.0), 1: (2.0, 10.0, 15.0), 2: (4.0, 15.0, 30.0)}
    events = []
    for pid, (arrive, start, end) in visits.items():
        events += [
            Event(pid, "", "arrive", arrive, ""),
            Event(pid, "visit", "queue", arrive, ""),
            Event(pid, "visit", "start", start, "dr_a"),
            Event(pid, "visit", "end", end, "dr_a"),
            Event(pid, "", "depart", end, ""),
        ]
    events += [Event(-1, "visit", "start", 40.0, "dr_a"), Event(-1, "visit", "end", 50.0, "dr_a")]
    events.sort(key=lambda e: e.time_min)
    patients = [
        PatientRecord(p, "walk_in", "walk_in", "dr_a", math.nan, a, "seen", False) for p, (a, _, _) in visits.items()
    ]
    return DayLog(events, patients, ("visit",))


def test_queue_areas_by_sweep_and_by_patient() -> None:
    log = _hand_day()
    # Waits 0, 8 and 11 minutes: area 19 over the whole day.
    assert queue_area_by_sweep(log, "visit", 0.0, 100.0) == pytest.approx(19.0)
    assert queue_area_by_patient(log, "visit", 0.0, 100.0) == pytest.approx(19.0)
    # Window 5-12: patient 1 waits 5-10 (5), patient 2 waits 5-12 (7).
    assert queue_area_by_sweep(log, "visit", 5.0, 12.0) == pytest.approx(12.0)
    assert queue_area_by_patient(log, "visit", 5.0, 12.0) == pytest.approx(12.0)


def test_queue_day_and_busy_time() -> None:
    log = _hand_day()
    day = queue_day(log, "visit", warm_up_min=1.0, window_end_min=100.0)
    # Patient 0 arrived before the warm-up ended; patients 1 and 2 waited 8 and 11 minutes.
    assert (day.wait_sum_min, day.waited, day.patients) == (19.0, 2, 2)
    assert day.queue_area == pytest.approx(19.0)  # nobody waits before time 2
    assert step_intervals(log, "visit") == [(0.0, 10.0), (10.0, 15.0), (15.0, 30.0)]
    assert busy_inside_min(step_intervals(log, "visit"), 0.0, 20.0) == pytest.approx(20.0)
    assert busy_inside_min(step_intervals(log, "visit"), 12.0, 100.0) == pytest.approx(18.0)


def test_estimates_and_the_three_se_rule() -> None:
    estimate = Estimate.of([1.0, 2.0, 3.0, math.nan])
    assert (estimate.mean, estimate.n) == (2.0, 3)
    assert estimate.se == pytest.approx(1.0 / math.sqrt(3))
    ratio = Estimate.ratio([2.0, 6.0], [1.0, 3.0])
    assert (ratio.mean, ratio.se) == (2.0, 0.0)
    assert_within_3se(Estimate(10.0, 1.0, 5), 12.9, "inside")
    with pytest.raises(AssertionError, match=r"\+3\.10 standard errors"):
        assert_within_3se(Estimate(10.0, 1.0, 5), Estimate(6.9, 0.0, 5), "outside")
    with pytest.raises(AssertionError):
        assert_within_3se(Estimate(1.0, 0.0, 5), 1.5, "exact and different")
    assert_within_3se(Estimate(1.0, 0.0, 5), 1.0, "exact and equal")
