"""Walk-ins to one doctor with general visit times behave as an M/G/1 queue (Pollaczek–Khinchine).

Poisson walk-ins (rate lambda) see one doctor whose visits have mean E[S] and
coefficient of variation cv. The steady-state mean wait in queue is
``Wq = lambda E[S^2] / (2 (1 - rho))`` with ``E[S^2] = E[S]^2 (1 + cv^2)`` and
``rho = lambda E[S]`` (Gross, Shortle, Thompson & Harris, *Fundamentals of Queueing
Theory*, 4th ed., §5.1.1). The same load with exponential visits (cv = 1) waits
``2 / (1 + cv^2)`` times as long, so these cases also tell a general law from an
exponential one: for gamma with cv = 0.5 that is 60% more, many standard errors away.

Days, warm-up and estimators as in the Erlang C test (23-hour days from empty,
two-hour warm-up, pooled per-patient means with delta-method standard errors).
"""

from __future__ import annotations

from typing import Any

import pytest

from flowsim.model import simulate

from .clinics import DAY_LENGTH_MIN, VISIT_STEP, walk_in_queue
from .daylog_reading import Estimate, assert_within_3se, queue_day
from .theory import pollaczek_khinchine_mean_wait_min

WARM_UP_MIN = 120.0
REPS = 100
SEED = 7


@pytest.mark.parametrize(
    ("visit_min", "per_hour"),
    [
        ({"dist": "gamma", "mean": 5.0, "cv": 0.5}, 7.2),
        ({"dist": "lognormal", "mean": 5.0, "cv": 1.5}, 6.0),
    ],
)
def test_walk_ins_to_one_doctor_match_pollaczek_khinchine(visit_min: dict[str, Any], per_hour: float) -> None:
    scenario = walk_in_queue(1, per_hour, visit_min)
    days = [queue_day(simulate(scenario, SEED, rep), VISIT_STEP, WARM_UP_MIN, DAY_LENGTH_MIN) for rep in range(REPS)]
    mean_min, cv = visit_min["mean"], visit_min["cv"]
    arrivals_per_min = per_hour / 60.0
    expected = pollaczek_khinchine_mean_wait_min(arrivals_per_min, mean_min, mean_min**2 * (1.0 + cv * cv))

    mean_wait = Estimate.ratio([d.wait_sum_min for d in days], [d.patients for d in days])
    assert_within_3se(mean_wait, expected, f"M/G/1 {visit_min}, lambda={per_hour}/h: mean wait (min)")

    # P(wait) = rho for any M/G/1 queue (PASTA: an arrival finds the doctor busy with probability rho).
    wait_prob = Estimate.ratio([d.waited for d in days], [d.patients for d in days])
    assert_within_3se(wait_prob, arrivals_per_min * mean_min, f"M/G/1 {visit_min}: P(wait)")
