"""Little's law on the waiting room: time-average number waiting = arrival rate × mean wait.

The waiting room holds patients who have checked in and wait to be roomed (the queue of
the ``rooming`` step; :mod:`flowsim.results` ends the wait at the first room seizure
instead, which can come earlier while the room is held for a busy assistant). Little's
law ``L = lambda W`` (J. D. C. Little, "A proof for the queuing formula L = lambda W",
Operations Research 9 (1961) 383–387) is checked two ways:

* exactly, on every simulated day: the area under the number-waiting curve, built by a
  sweep over ``queue``/``start`` events that never pairs a patient's own events, equals
  the sum of each patient's own wait (sample-path form of the law when everyone who
  waits is roomed before the day ends);
* statistically, in steady state: the time-average number waiting after a warm-up
  equals the known walk-in rate times the mean wait of patients joining the queue in
  the same window, within three standard errors over replications.
"""

from __future__ import annotations

import pytest

from flowsim.model import simulate
from flowsim.model.eventlog import DayLog

from .clinics import DAY_LENGTH_MIN, ROOMING_STEP, waiting_room_clinic
from .daylog_reading import Estimate, assert_within_3se, event_times, queue_area_by_patient, queue_area_by_sweep

PER_HOUR = 10.0
WARM_UP_MIN = 120.0
REPS = 30
SEED = 1961


def _waits_in_window(log: DayLog) -> tuple[float, int]:
    """(total wait, patients) for patients who joined the waiting room after the warm-up."""
    queued, roomed = event_times(log, ROOMING_STEP, "queue"), event_times(log, ROOMING_STEP, "start")
    waits = [roomed[p] - t for p, t in queued.items() if WARM_UP_MIN <= t < DAY_LENGTH_MIN]
    return sum(waits), len(waits)


@pytest.mark.parametrize("rep", range(3))
def test_waiting_room_area_equals_sum_of_waits_on_each_day(rep: int) -> None:
    log = simulate(waiting_room_clinic(PER_HOUR), SEED, rep)
    queued, roomed = event_times(log, ROOMING_STEP, "queue"), event_times(log, ROOMING_STEP, "start")
    assert set(queued) == set(roomed), "everyone who waits to be roomed is roomed"
    last_roomed_min = max(roomed.values())
    by_sweep = queue_area_by_sweep(log, ROOMING_STEP, 0.0, last_roomed_min)
    by_patient = queue_area_by_patient(log, ROOMING_STEP, 0.0, last_roomed_min)
    assert by_patient > 60.0, "the waiting room is used, so the check has something to check"
    assert by_sweep == pytest.approx(by_patient, rel=1e-9)


def test_waiting_room_littles_law_in_steady_state() -> None:
    scenario = waiting_room_clinic(PER_HOUR)
    window_min = DAY_LENGTH_MIN - WARM_UP_MIN
    areas, wait_sums, counts = [], [], []
    for rep in range(REPS):
        log = simulate(scenario, SEED, rep)
        areas.append(queue_area_by_sweep(log, ROOMING_STEP, WARM_UP_MIN, DAY_LENGTH_MIN))
        wait_sum, count = _waits_in_window(log)
        wait_sums.append(wait_sum)
        counts.append(count)
    number_waiting = Estimate.of(area / window_min for area in areas)
    mean_wait = Estimate.ratio(wait_sums, counts)
    arrivals_per_min = PER_HOUR / 60.0
    rate_times_wait = Estimate(arrivals_per_min * mean_wait.mean, arrivals_per_min * mean_wait.se, mean_wait.n)
    assert number_waiting.mean > 0.1, "the waiting room is used"
    assert_within_3se(number_waiting, rate_times_wait, "time-average number waiting vs lambda × mean wait")
