"""flowsim agrees with models written without it: a minimal SimPy clinic and Ciw.

The benchmark models double as independent checks of the engine. The minimal SimPy
model of the benchmark clinic was written from the clinic's description alone, with
its own random numbers; Ciw is another simulator altogether. Run side by side over
independent days, each pair must give the same mean waits within three standard
errors of their difference. A hand-traced day pins down the minimal model itself, and
the same day run through flowsim must give the same timestamps.
"""

from __future__ import annotations

import statistics

import pytest

from benchmarks.agreement import disagreement
from benchmarks.ciw_tandem import STEPS, Tandem, ciw_day, ciw_network, flowsim_day, flowsim_scenario
from benchmarks.clinic_bench import clinic_data, load_clinic
from benchmarks.daylog_waits import provider_waits
from benchmarks.minimal_simpy import ClinicParams, simulate_day
from flowsim.model import simulate
from flowsim.scenarios.schema import Scenario

DAYS = 200


# A day small enough to trace by hand: one provider, fixed times, a morning list that
# runs into the time off between sessions.
TRACE = ClinicParams(
    providers=1,
    sessions_min=((0.0, 60.0), (120.0, 180.0)),
    no_show_prob=0.0,
    punctuality_mean_min=0.0,
    punctuality_sd_min=0.0,
    walk_ins_per_hour=0.0,
    close_min=180.0,
    check_in_min=(3.0, 0.0),
    rooming_min=(6.0, 0.0),
    exam_min=(30.0, 0.0),
    checkout_min=(2.0, 0.0),
)
# Arrivals 0, 20, 40 | 120, 140, 160; each is ready for the provider 9 min after arriving
# (check-in 3, rooming 6) unless a room is busy. Exams of 30 min: 9-39, 39-69, 69-99 (the
# 40 patient, waiting when the session ends at 60, is seen before the time off, now
# 99-120), 129-159, 159-189, 189-219.
TRACE_WAITS_MIN = [9.0, 19.0, 29.0, 9.0, 19.0, 29.0]


def trace_scenario() -> Scenario:
    """:data:`TRACE` as a flowsim scenario (the benchmark clinic cut down, durations fixed)."""
    data = clinic_data()
    data["clinic"] = {"open": "08:00", "close": "11:00"}
    data["providers"] = {"dr_a": {"sessions": [{"start": "08:00", "end": "09:00"}, {"start": "10:00", "end": "11:00"}]}}
    data["exam_rooms"]["count"] = 2
    data["visit_types"]["routine"].update(no_show_prob=0.0, punctuality_min=0)
    durations = {"check_in": 3, "rooming": 6, "exam": 30, "checkout": 2}
    for step in data["pathways"]["visit"]:
        step["duration_min"] = durations[step["name"]]
    del data["walk_ins"]
    return Scenario.model_validate(data)


def test_minimal_model_matches_a_hand_traced_day() -> None:
    assert simulate_day(0, 0, TRACE).tolist() == pytest.approx(TRACE_WAITS_MIN)


def test_flowsim_matches_the_same_hand_traced_day() -> None:
    assert provider_waits(simulate(trace_scenario(), 0, 0)) == pytest.approx(TRACE_WAITS_MIN)


def test_benchmark_clinic_mean_wait_for_provider_agrees_with_minimal_model() -> None:
    scenario = load_clinic()
    flowsim_days = [statistics.fmean(provider_waits(simulate(scenario, 11, rep))) for rep in range(DAYS)]
    minimal_days = [float(simulate_day(12, rep).mean()) for rep in range(DAYS)]
    assert disagreement(flowsim_days, minimal_days, "mean wait for the provider") is None


def test_tandem_mean_waits_agree_with_ciw_at_every_step() -> None:
    tandem = Tandem()
    network, scenario = ciw_network(tandem), flowsim_scenario(tandem)
    ciw_days = [ciw_day(network, 1_000 + d) for d in range(DAYS)]
    flowsim_days = [flowsim_day(scenario, 21, d) for d in range(DAYS)]
    problems = [
        disagreement([d.mean_wait(step) for d in ciw_days], [d.mean_wait(step) for d in flowsim_days], step)
        for step in STEPS
    ]
    assert [p for p in problems if p] == []
    # Both engines served the same kind of day: about 27 walk-ins through 4 steps.
    assert statistics.fmean(d.patient_steps for d in flowsim_days) == pytest.approx(27 * 4, rel=0.05)
    assert statistics.fmean(d.patient_steps for d in ciw_days) == pytest.approx(27 * 4, rel=0.05)
