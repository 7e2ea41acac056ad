"""Properties of the tables of generated clinics (shared scenario strategies).

Whatever the clinic: every patient is counted exactly once, no wait is negative, the
KPIs recomputed from the stopwatch columns alone equal the ones read off the log, and
many replications at once give the same KPI rows as one at a time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings

from flowsim.model import simulate
from flowsim.results import clinic_facts, log_tables, patient_kpis
from flowsim.scenarios.schema import Scenario
from tests.strategies import scenarios

NON_NEGATIVE = ("door_to_provider_min", "waiting_room_min", "exam_room_wait_min", "total_wait_min")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_tables_of_generated_clinics_hang_together(scenario: Scenario) -> None:
    logs = [(scenario.name, rep, simulate(scenario, 5, rep)) for rep in range(2)]
    providers = {scenario.name: list(scenario.providers)}
    facts = clinic_facts(scenario)
    visits, events, time_off = made = log_tables(logs, providers=providers)
    kpis = made.kpis(facts)

    assert len(visits) == sum(len(log.patients) for _, _, log in logs)
    assert len(events) + len(time_off) == sum(len(log.events) for _, _, log in logs)
    assert (events["patient_id"] >= 0).all() and "patient_id" not in time_off
    # censored at results_until, those still waiting for the provider then are counted apart
    still_waiting = kpis["waiting_at_results_until"].fillna(0) if "waiting_at_results_until" in kpis else 0
    assert (kpis[["booked", "same_day", "walk_ins"]].sum(axis=1) == kpis[["no_shows", "seen", "rebooked_late",
            "left_unseen"]].sum(axis=1) + still_waiting).all()  # fmt: skip
    wait_columns = [c for c in visits.columns if c.endswith("_wait_min")] + list(NON_NEGATIVE)
    waits = visits[wait_columns].to_numpy(dtype=float)
    assert (np.nan_to_num(waits, nan=0.0) >= -1e-9).all()
    seen = visits["outcome"] == "seen"
    assert visits.loc[seen, "provider_start_min"].notna().all()
    assert visits.loc[seen, "provider"].ne("").all()

    pd.testing.assert_frame_equal(patient_kpis(visits.loc[:, :"departure_min"]), visits)
    one_at_a_time = pd.concat([log_tables([log], providers=providers).kpis(facts) for log in logs], ignore_index=True)
    pd.testing.assert_frame_equal(kpis, one_at_a_time)
    for column in [c for c in kpis.columns if "utilisation" in c]:
        assert kpis[column].dropna().between(0, 100 + 1e-9).all(), column
    assert (kpis["waiting_room_mean"] <= kpis["waiting_room_max"] + 1e-9).all()
