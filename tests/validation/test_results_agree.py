"""The results tables say what the event log says: KPIs recomputed here from raw events.

The theory tests read the engine's events directly. Managers read
:func:`flowsim.results.day_kpis` instead; these tests check that, on the same simulated
days, both readings give the same numbers (to rounding): the doctor's idle time and
overtime and the mean wait of an appointment morning, and the waiting-room occupancy and
waits of a walk-in clinic. So the theory checks carry over to the numbers people see.
"""

from __future__ import annotations

import numpy as np
import pytest

from flowsim.model import simulate
from flowsim.results.day import day_kpis
from flowsim.results.facts import clinic_facts
from flowsim.results.logs import log_tables

from .clinics import DAY_LENGTH_MIN, ROOMING_STEP, SESSION_LENGTH_MIN, VISIT_STEP, appointment_morning
from .clinics import waiting_room_clinic as waiting_room_scenario
from .daylog_reading import arrival_times, event_times, first_seizures, provider_day

REPS = 12
SEED = 4


@pytest.mark.parametrize("rule", ["individual", "bailey_welch", "double_book_first"])
def test_day_kpis_of_an_appointment_morning_match_the_events(rule: str) -> None:
    scenario = appointment_morning(rule, 0.2, {"dist": "lognormal", "mean": 19.0, "cv": 0.7})
    logs = [simulate(scenario, SEED, rep) for rep in range(REPS)]
    tables = log_tables((scenario.name, rep, log) for rep, log in enumerate(logs))
    kpis = day_kpis(tables.visits, tables.events, clinic_facts(scenario), resource_events=tables.resource_events)
    expected = np.array([provider_day(log, VISIT_STEP, SESSION_LENGTH_MIN) for log in logs])
    assert kpis["rep"].tolist() == list(range(REPS))
    np.testing.assert_allclose(kpis["wait_for_provider_min_mean"], expected[:, 0], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(kpis["provider_idle_min"], expected[:, 1], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(kpis["provider_overtime_min"], expected[:, 2], rtol=1e-9, atol=1e-9)
    assert (expected[:, 2] > 0).any() and (expected[:, 1] > 0).any(), "the days have both idle time and overtime"


def test_waiting_room_kpis_match_the_events() -> None:
    scenario = waiting_room_scenario(10.0)
    logs = [simulate(scenario, SEED, rep) for rep in range(4)]
    tables = log_tables(
        ((scenario.name, rep, log) for rep, log in enumerate(logs)), providers={scenario.name: scenario.providers}
    )
    kpis = day_kpis(tables.visits, tables.events, clinic_facts(scenario), resource_events=tables.resource_events)
    for rep, log in enumerate(logs):
        # A patient is roomed when the rooming step starts: the room alone may be taken earlier,
        # while the medical assistant who walks the patient in is still busy.
        queued, roomed = event_times(log, ROOMING_STEP, "queue"), event_times(log, ROOMING_STEP, "start")
        room_taken = first_seizures(log, "room_")
        assert any(room_taken[p] < roomed[p] for p in roomed), "some rooms are taken before the MA is free"
        departures = event_times(log, "", "depart").values()
        horizon_min = max(DAY_LENGTH_MIN, *departures)
        waits = [roomed[p] - queued[p] for p in roomed]
        assert sum(waits) > 0
        assert kpis["waiting_room_mean"][rep] == pytest.approx(sum(waits) / horizon_min, rel=1e-9)
        visits = tables.visits[tables.visits["rep"] == rep].set_index("patient_id")
        np.testing.assert_allclose(visits.loc[list(roomed), "waiting_room_min"].to_numpy(), waits, atol=1e-9)

        arrivals, seen = arrival_times(log), event_times(log, "exam", "start")
        to_provider = visits.loc[list(seen), "wait_for_provider_min"].to_numpy()
        np.testing.assert_allclose(to_provider, [seen[p] - arrivals[p] for p in seen], atol=1e-9)
