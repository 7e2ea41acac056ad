"""Room types over generated clinics: a procedure happens in a procedure room, and only there.

Whatever the clinic, a step needing ``procedure`` is done in a room of that type (seized
for the step, or kept from the preparation step), a room of a type is only ever taken
for a step needing that type, and adding a procedure room changes when things happen,
never who comes or how long each of their steps takes (common random numbers).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flowsim.model import DayLog, simulate
from flowsim.scenarios import with_changes
from flowsim.scenarios.room_policies import room_id
from flowsim.scenarios.schema import Scenario
from tests.model.days import step_durations
from tests.strategies import ROOM_TYPE, scenarios

SEEDS = st.integers(0, 2**31 - 1)


def _with_procedures(scenario: Scenario) -> bool:
    return any(ROOM_TYPE in step.needs for steps in scenario.pathways.values() for step in steps)


def _room_types_of(scenario: Scenario, log: DayLog) -> dict[str, str]:
    """Resource id -> room type, for every room of the day (as recorded: kind exam_room or room)."""
    ids = {room_id(t, n): t for t, rooms in scenario.room_types.items() for n in range(1, rooms.count + 1)}
    recorded = {r.resource_id: r.kind for r in log.resources}
    assert all(recorded[room] == "room" for room in ids), "every room of a type is recorded as a room"
    ids.update({r.resource_id: "exam_room" for r in log.resources if r.kind == "exam_room"})
    return ids


@settings(max_examples=40, deadline=None)
@given(scenario=scenarios().filter(_with_procedures), seed=SEEDS)
def test_procedure_steps_happen_only_in_procedure_rooms(scenario: Scenario, seed: int) -> None:
    log = simulate(scenario, seed, 0)
    type_of = _room_types_of(scenario, log)
    pathway_of = {p.patient_id: scenario.visit_types[p.visit_type].pathway for p in log.patients}
    holding: dict[int, dict[str, str]] = {}  # patient -> room type -> room held now
    for e in log.events:
        if e.patient_id < 0 or e.step in ("", "turnover", "documentation"):
            continue
        steps = {step.name: step for step in scenario.pathways[pathway_of[e.patient_id]]}
        held = holding.setdefault(e.patient_id, {})
        if e.event == "seize" and e.resource_id in type_of:
            room_type = type_of[e.resource_id]
            assert room_type in steps[e.step].needs, f"{e.resource_id} taken for {e.step}, which needs no {room_type}"
            held[room_type] = e.resource_id
        elif e.event == "release" and e.resource_id in type_of:
            held.pop(type_of[e.resource_id], None)
        elif e.event == "start" and e.step == "procedure":
            assert ROOM_TYPE in held, f"patient {e.patient_id} starts a procedure outside a procedure room"


def _who_came(log: DayLog) -> list[tuple[Any, ...]]:
    return [
        (p.patient_id, p.kind, p.visit_type, p.provider, repr(p.appointment_min), repr(p.arrival_min))
        for p in log.patients
    ]


@settings(max_examples=30, deadline=None)
@given(scenario=scenarios().filter(lambda s: bool(s.room_types)), seed=SEEDS, extra=st.integers(1, 2))
def test_more_procedure_rooms_meet_the_same_patients_with_the_same_draws(
    scenario: Scenario, seed: int, extra: int
) -> None:
    count = scenario.room_types[ROOM_TYPE].count
    redesign = with_changes(scenario, {f"room_types.{ROOM_TYPE}.count": count + extra})
    before, after = simulate(scenario, seed, 0), simulate(redesign, seed, 0)
    if scenario.walk_ins is None or scenario.walk_ins.assign not in ("in_turn", "least_busy"):
        assert _who_came(before) == _who_came(after)  # (walk-ins given to whoever is free may go elsewhere)
    else:
        assert [row[:3] + row[4:] for row in _who_came(before)] == [row[:3] + row[4:] for row in _who_came(after)]
    first, second = step_durations(before), step_durations(after)
    shared = first.keys() & second.keys()
    # (end − start at other clock times: equal up to the last bits of the subtraction)
    assert {key: first[key] for key in shared} == pytest.approx({key: second[key] for key in shared}, abs=1e-9)
