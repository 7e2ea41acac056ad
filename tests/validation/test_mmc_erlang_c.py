"""Walk-ins to c doctors sharing one queue behave as an M/M/c queue (Erlang C).

Poisson walk-ins (rate lambda) join one first-come, first-served line and see the first
free of c doctors; visits are exponential with mean 1/mu. In steady state the mean wait
in queue is ``Wq = C(c, a) / (c mu - lambda)`` with ``a = lambda / mu`` and Erlang's
``C(c, a)`` the probability of waiting at all (Gross, Shortle, Thompson & Harris,
*Fundamentals of Queueing Theory*, 4th ed., §2.3). By Little's law the time-average
number waiting is ``Lq = lambda Wq``.

Each replication is one 23-hour day (00:00-23:00) starting empty; patients arriving in
the first two hours are a warm-up and are left out, as is the queue before then. A
numpy simulation of this exact finite-day estimator (10,000 days per case) put its
bias against the steady-state values at under 1% of Wq, well below the test's standard
error (about 5% of Wq). Estimates pool all replications' patients (total wait / patients),
with a delta-method standard error over replications.
"""

from __future__ import annotations

import pytest

from flowsim.model import simulate

from .clinics import DAY_LENGTH_MIN, VISIT_STEP, walk_in_queue
from .daylog_reading import Estimate, QueueDay, assert_within_3se, queue_day
from .theory import erlang_c_wait_prob, mmc_mean_wait_min

WARM_UP_MIN = 120.0
REPS = 100
SEED = 20261126


def _days(servers: int, per_hour: float, mean_min: float) -> list[QueueDay]:
    scenario = walk_in_queue(servers, per_hour, {"dist": "exponential", "mean": mean_min})
    days = []
    for rep in range(REPS):
        log = simulate(scenario, SEED, rep)
        assert {p.outcome for p in log.patients if p.kind == "walk_in"} == {"seen"}
        days.append(queue_day(log, VISIT_STEP, WARM_UP_MIN, DAY_LENGTH_MIN))
    return days


@pytest.mark.parametrize(("servers", "per_hour", "mean_min"), [(2, 14.0, 6.0), (3, 12.6, 10.0)])
def test_walk_ins_to_pooled_doctors_match_erlang_c(servers: int, per_hour: float, mean_min: float) -> None:
    arrivals_per_min = per_hour / 60.0
    days = _days(servers, per_hour, mean_min)
    expected_wait = mmc_mean_wait_min(servers, arrivals_per_min, mean_min)
    label = f"M/M/{servers}, lambda={per_hour}/h, mean visit {mean_min} min"

    mean_wait = Estimate.ratio([d.wait_sum_min for d in days], [d.patients for d in days])
    assert_within_3se(mean_wait, expected_wait, f"{label}: mean wait (min)")

    wait_prob = Estimate.ratio([d.waited for d in days], [d.patients for d in days])
    assert_within_3se(wait_prob, erlang_c_wait_prob(servers, arrivals_per_min * mean_min), f"{label}: P(wait)")

    window_min = DAY_LENGTH_MIN - WARM_UP_MIN
    queue_length = Estimate.of(d.queue_area / window_min for d in days)
    assert_within_3se(queue_length, arrivals_per_min * expected_wait, f"{label}: time-average number waiting")
