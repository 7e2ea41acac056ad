"""Each estimator on small hand-made sheets: what it counts, what it leaves out, its interval."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from flowsim.calibrate import estimates as est
from flowsim.calibrate.families import Minutes, fit_minutes


def sheet(rows: list[dict[str, object]]) -> pd.DataFrame:
    base = {"rep": 0, "visit_type": "follow_up", "provider": "dr_a", "kind": "booked", "outcome": "seen",
            "appointment_min": np.nan, "arrival_min": np.nan, "exam_queue_min": np.nan, "exam_start_min": np.nan,
            "exam_end_min": np.nan}  # fmt: skip
    return pd.DataFrame([{**base, **row} for row in rows])


def test_no_show_rate_is_binomial_with_the_clopper_pearson_interval() -> None:
    visits = sheet([{"outcome": "no_show"}] * 3 + [{"outcome": "seen"}] * 7 + [{"kind": "walk_in"}] * 4)
    (rate,) = est.no_show_rates(visits)
    assert (rate.path, rate.estimate, rate.n, rate.family) == (
        "visit_types.follow_up.no_show_prob",
        0.3,
        10,
        "binomial",
    )
    assert (rate.ci_low, rate.ci_high) == pytest.approx((0.06674, 0.65245), abs=1e-5)  # textbook values for 3/10


def test_walk_ins_per_clock_hour_with_exact_poisson_intervals() -> None:
    visits = sheet([{"kind": "walk_in", "arrival_min": 10.0}, {"kind": "walk_in", "arrival_min": 20.0},
                    {"kind": "walk_in", "arrival_min": 70.0, "rep": 1}, {"rep": 1}])  # fmt: skip
    first, second = est.walk_in_rates(visits, open_min=8 * 60, close_min=120.0)
    assert (first.path, first.estimate, first.n) == ("walk_ins.hour.08:00", 1.0, 2)  # 2 walk-ins over 2 days
    assert (first.ci_low, first.ci_high) == pytest.approx((0.24221 / 2, 7.22469 / 2), abs=1e-5)
    assert (second.path, second.estimate) == ("walk_ins.hour.09:00", 0.5)


def test_punctuality_is_arrival_minus_appointment_of_those_who_came() -> None:
    offsets = [-5.0, -3.0, -4.0, 0.0, 2.0, -6.0, -1.0, -3.0, -2.0, -4.0]
    rows = [{"appointment_min": 30.0, "arrival_min": 30.0 + o} for o in offsets]
    visits = sheet([*rows, {"appointment_min": 30.0, "outcome": "no_show"}, {"kind": "walk_in", "arrival_min": 5.0}])
    (punctuality,) = est.punctuality(visits, whole_minutes=True)
    assert punctuality.n == 10 and punctuality.family == "normal"
    expected = fit_minutes(Minutes(np.array(offsets), np.zeros(0), True), offset=True)
    assert punctuality.value == expected.dist and punctuality.estimate == pytest.approx(np.mean(offsets), abs=0.05)


def test_documentation_is_the_gap_to_the_next_ready_patient_or_at_most_the_gap() -> None:
    rows, t = [], 0.0
    gaps = [(2.0, True), (3.0, True), (2.0, True), (4.0, True), (3.0, True), (5.0, False), (6.0, False), (8.0, False)]
    rows.append({"exam_queue_min": 0.0, "exam_start_min": 0.0, "exam_end_min": 10.0})
    t = 10.0
    for gap, ready_before in gaps:
        start = t + gap
        rows.append({"exam_queue_min": t - 1 if ready_before else start, "exam_start_min": start,
                     "exam_end_min": start + 10})  # fmt: skip
        t = start + 10
    rows.append({"exam_queue_min": t + 50, "exam_start_min": t + 90, "exam_end_min": t + 100})  # lunch: left out
    rows.append({"rep": 1, "exam_queue_min": 0.0, "exam_start_min": 1.0, "exam_end_min": 9.0})  # next day: left out
    (documentation,) = est.documentation(sheet(rows), whole_minutes=False)
    assert documentation.path == "providers.dr_a.documentation_min"
    assert documentation.n == 8 and documentation.note == "3 gaps are upper bounds"
    expected = fit_minutes(Minutes(np.array([2.0, 3.0, 2.0, 4.0, 3.0]), np.array([5.0, 6.0, 8.0]), False))
    assert documentation.value == expected.dist


def test_start_lateness_counts_a_session_exactly_only_when_the_patient_waited() -> None:
    rows = []
    for day in range(10):
        ready = 3.0 if day < 6 else 20.0  # days 6-9: the patient came after the provider, lateness <= start
        rows.append({"rep": day, "exam_queue_min": ready, "exam_start_min": max(ready, 5.0 + day),
                     "exam_end_min": 40.0})  # fmt: skip
    (lateness,) = est.start_lateness(sheet(rows), {"dr_a": [0.0]}, whole_minutes=False)
    assert lateness.n == 10 and lateness.note == "4 sessions give upper bounds"
    expected = fit_minutes(Minutes(np.array([5.0, 6, 7, 8, 9, 10]), np.array([20.0] * 4), False))
    assert lateness.value == expected.dist


def test_step_durations_need_start_and_end_and_enough_patients() -> None:
    rows = [{"exam_start_min": 0.0, "exam_end_min": d} for d in (10, 12, 14, 9, 11, 13, 15, 12)]
    visits = sheet([*rows, {"visit_type": "physical", "exam_start_min": 0.0, "exam_end_min": 30.0}])
    (duration,) = est.step_durations(visits, whole_minutes=True)  # physical: 1 patient, not fitted
    assert (duration.path, duration.n) == ("duration:follow_up:exam", 8)
    assert duration.ci_low < 12.0 < duration.ci_high


def test_back_to_back_visits_within_a_minute_mean_no_documentation_time() -> None:
    rows, t = [], 0.0
    for gap in [0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 6.0, 0.0, 1.0, 0.0]:
        rows.append({"exam_queue_min": t - 5, "exam_start_min": t, "exam_end_min": t + 10})
        t += 10 + gap
    (documentation,) = est.documentation(sheet(rows), whole_minutes=True)
    assert (documentation.family, documentation.value, documentation.n) == ("none", None, 9)
    assert documentation.estimate == pytest.approx(1.0)  # gaps 0,1,0,0,1,0,6,0,1: mean 1
