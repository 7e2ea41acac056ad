"""A single doctor's appointment morning agrees with an independent numpy simulation of it.

One doctor, one 08:00–12:00 session of 20-minute slots under a book rule, punctual
patients (arrival = appointment), independent no-shows and exponential or lognormal
visits. flowsim's answer, read straight from its event log, is compared with
:func:`~.theory.appointment_days`: 200,000 days of the same morning by Lindley's
recursion ``W_{k+1} = max(0, W_k + S_k - (a_{k+1} - a_k))`` over the patients who came,
vectorised in numpy, sharing no code with the engine.

Definitions (SPEC §5): wait = provider start - max(arrival, appointment); the day's mean
over patients seen (days nobody came are left out on both sides); idle = session
length - time the doctor is busy inside the session; overtime = last finish - session
end, at least 0.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from flowsim.model import simulate
from flowsim.model.eventlog import DayLog

from .clinics import SESSION_LENGTH_MIN, VISIT_STEP, appointment_morning, expected_appointments_min
from .daylog_reading import Estimate, arrival_times, assert_within_3se, event_times, provider_day
from .theory import ServiceSampler, appointment_days, exponential_service, lognormal_service

REPS = 500
MONTE_CARLO_DAYS = 200_000
SEED = 31


def _sampler(visit_min: dict[str, Any]) -> ServiceSampler:
    if visit_min["dist"] == "exponential":
        return exponential_service(visit_min["mean"])
    return lognormal_service(visit_min["mean"], visit_min["cv"])


def _day_measures(log: DayLog, rule: str) -> tuple[float, float, float]:
    """(mean wait, idle, overtime) of one simulated morning, from its events, after checking its book."""
    booked = sorted(p.appointment_min for p in log.patients if p.kind == "booked")
    assert booked == expected_appointments_min(rule)
    appointment = {p.patient_id: p.appointment_min for p in log.patients}
    arrivals, starts = arrival_times(log), event_times(log, VISIT_STEP, "start")
    assert all(arrivals[p] == appointment[p] for p in arrivals), "punctual patients arrive at their appointment"
    assert set(starts) == set(arrivals), "everyone who came is seen"
    return provider_day(log, VISIT_STEP, SESSION_LENGTH_MIN)


CASES = [
    ("individual", 0.0, {"dist": "exponential", "mean": 18.0}),
    ("individual", 0.2, {"dist": "lognormal", "mean": 18.0, "cv": 0.6}),
    ("bailey_welch", 0.1, {"dist": "exponential", "mean": 18.0}),
    ("bailey_welch", 0.3, {"dist": "lognormal", "mean": 20.0, "cv": 0.6}),
    ("double_book_first", 0.15, {"dist": "exponential", "mean": 18.0}),
    ("double_book_first", 0.0, {"dist": "lognormal", "mean": 16.0, "cv": 0.8}),
]


@pytest.mark.parametrize(("rule", "no_show_prob", "visit_min"), CASES)
def test_appointment_morning_matches_lindley_monte_carlo(
    rule: str, no_show_prob: float, visit_min: dict[str, Any]
) -> None:
    scenario = appointment_morning(rule, no_show_prob, visit_min)
    measured = np.array([_day_measures(simulate(scenario, SEED, rep), rule) for rep in range(REPS)])
    reference = appointment_days(
        np.array(expected_appointments_min(rule)),
        SESSION_LENGTH_MIN,
        no_show_prob,
        _sampler(visit_min),
        MONTE_CARLO_DAYS,
        np.random.default_rng([SEED, len(rule), int(no_show_prob * 100)]),
    )
    label = f"{rule}, no-show {no_show_prob}, visits {visit_min}"
    assert_within_3se(Estimate.of(measured[:, 0]), Estimate.of(reference.mean_wait_min), f"{label}: mean wait")
    assert_within_3se(Estimate.of(measured[:, 1]), Estimate.of(reference.idle_min), f"{label}: idle in session")
    assert_within_3se(Estimate.of(measured[:, 2]), Estimate.of(reference.overtime_min), f"{label}: overtime")
