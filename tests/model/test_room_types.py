"""Room types traced exactly: a procedure room shared by two providers with their own exam rooms.

Two providers, each with a dedicated exam room (dr_a: room_1, dr_b: room_2), one pooled
procedure room cleaned for 10 minutes after each patient. Each provider has one patient
at 08:00 whose pathway is: rooming (5 min, exam room, kept), exam (10 min with the
provider, gives back the exam room), procedure (20 min, the procedure room and the
provider). Both patients reach the procedure at 15; only one room: the second waits for
the first patient (15→35) and the cleaning (35→45).
"""

from __future__ import annotations

import math

import pytest

from flowsim.model import simulate
from flowsim.results.day import day_kpis
from flowsim.results.facts import clinic_facts
from flowsim.results.logs import log_tables
from flowsim.scenarios.schema import Scenario
from tests.model.days import busy_intervals, clinic, trace

ROOMING = {"name": "rooming", "duration_min": 5, "needs": ["exam_room"], "hold": ["exam_room"]}
EXAM = {"name": "exam", "duration_min": 10, "needs": ["provider"], "release": ["exam_room"]}
EXAM_ONLY = {"name": "exam", "duration_min": 10, "needs": ["provider"]}
PROCEDURE = {"name": "procedure", "duration_min": 20, "needs": ["provider", "procedure"]}
ONE_AT_EIGHT = {
    "sessions": [{"start": "08:00", "end": "12:00"}],
    "schedule": {"rule": "custom", "custom_times": ["08:00"]},
}


def _shared_procedure_room(count: int = 1, **changes: object) -> Scenario:
    data: dict[str, object] = {
        "providers": {"dr_a": {**ONE_AT_EIGHT, "rooms": [1]}, "dr_b": {**ONE_AT_EIGHT, "rooms": [2]}},
        "exam_rooms": {"count": 2, "policy": "dedicated"},
        "room_types": {"procedure": {"count": count, "policy": "pooled", "turnover_min": 10}},
        "pathways": {"visit": [ROOMING, EXAM, PROCEDURE]},
    }
    data.update(changes)
    return clinic(**data)


def test_the_second_patient_waits_for_the_procedure_room_and_its_cleaning() -> None:
    log = simulate(_shared_procedure_room(), 1, 0)
    assert trace(log, 0) == [
        ("", "arrive", 0.0, ""),
        ("rooming", "queue", 0.0, ""),
        ("rooming", "seize", 0.0, "room_1"),
        ("rooming", "start", 0.0, ""),
        ("rooming", "end", 5.0, ""),
        ("exam", "queue", 5.0, ""),
        ("exam", "seize", 5.0, "dr_a"),
        ("exam", "start", 5.0, ""),
        ("exam", "end", 15.0, ""),
        ("exam", "release", 15.0, "dr_a"),
        ("exam", "release", 15.0, "room_1"),
        ("procedure", "queue", 15.0, ""),
        ("procedure", "seize", 15.0, "procedure_1"),  # rooms are seized before the provider
        ("procedure", "seize", 15.0, "dr_a"),
        ("procedure", "start", 15.0, ""),
        ("procedure", "end", 35.0, ""),
        ("procedure", "release", 35.0, "dr_a"),  # given back in the order the step lists its needs
        ("procedure", "release", 35.0, "procedure_1"),
        ("turnover", "start", 35.0, "procedure_1"),
        ("", "depart", 35.0, ""),
        ("turnover", "end", 45.0, "procedure_1"),
    ]
    second = [(step, event, at, what) for step, event, at, what in trace(log, 1) if step == "procedure"]
    assert second == [
        ("procedure", "queue", 15.0, ""),
        ("procedure", "seize", 45.0, "procedure_1"),  # after patient 0 (→35) and the cleaning (→45)
        ("procedure", "seize", 45.0, "dr_b"),  # dr_b is not held while the room is awaited
        ("procedure", "start", 45.0, ""),
        ("procedure", "end", 65.0, ""),
        ("procedure", "release", 65.0, "dr_b"),
        ("procedure", "release", 65.0, "procedure_1"),
    ]
    assert busy_intervals(log)["procedure_1"] == [(15.0, 35.0), (35.0, 45.0), (45.0, 65.0), (65.0, 75.0)]
    assert busy_intervals(log)["room_2"] == [(0.0, 15.0)]  # dr_b's own exam room, never dr_a's


def test_a_second_procedure_room_removes_the_wait() -> None:
    log = simulate(_shared_procedure_room(count=2), 1, 0)
    seized = [
        (e.patient_id, e.time_min, e.resource_id) for e in log.events if e.step == "procedure" and e.event == "seize"
    ]
    assert seized == [(0, 15.0, "procedure_1"), (0, 15.0, "dr_a"), (1, 15.0, "procedure_2"), (1, 15.0, "dr_b")]


def test_a_procedure_room_held_across_steps_and_roomed_there() -> None:
    # No exam room at all: the patient is roomed in the procedure room (prep with the MA,
    # kept), seen there, and leaves it after the procedure; roomed_min is when prep starts.
    pathway = [
        {"name": "prep", "duration_min": 5, "needs": ["procedure", "ma"], "hold": ["procedure"]},
        {"name": "procedure", "duration_min": 20, "needs": ["provider"], "release": ["procedure"]},
    ]
    scenario = clinic(
        providers={"dr_a": {**ONE_AT_EIGHT, "schedule": {"rule": "custom", "custom_times": ["08:00", "08:00"]}}},
        exam_rooms={"count": 0},
        staff={"ma": {"count": 2}},
        room_types={"procedure": {"count": 1}},
        pathways={"visit": pathway},
    )
    log = simulate(scenario, 1, 0)
    assert busy_intervals(log)["procedure_1"] == [(0.0, 25.0), (25.0, 50.0)]  # no turnover set: back at once
    tables = log_tables([(scenario.name, 0, log)])
    visits = tables.visits.set_index("patient_id")
    assert visits["roomed_min"].tolist() == [0.0, 25.0]
    assert visits["provider_start_min"].tolist() == [5.0, 30.0]
    kpis = day_kpis(tables.visits, tables.events, clinic_facts(scenario))
    assert kpis["room_utilisation_procedure"].iloc[0] == pytest.approx(100 * 50 / 540)
    assert math.isnan(kpis["room_utilisation"].iloc[0])  # no exam rooms


def test_utilisation_per_room_type_counts_patients_and_cleaning() -> None:
    scenario = _shared_procedure_room()
    tables = log_tables([(scenario.name, 0, simulate(scenario, 1, 0))])
    kpis = day_kpis(tables.visits, tables.events, clinic_facts(scenario))
    # procedure_1: 15→35, 35→45 (cleaning), 45→65, 65→75 = 60 of 540 open minutes
    assert kpis["room_utilisation_procedure"].iloc[0] == pytest.approx(100 * 60 / 540)
    # exam rooms: 0→15 each, no turnover = 30 of 2 × 540
    assert kpis["room_utilisation"].iloc[0] == pytest.approx(100 * 30 / 1080)


def test_the_day_records_procedure_rooms_as_rooms_with_no_owner_when_pooled() -> None:
    log = simulate(_shared_procedure_room(count=2), 1, 0)
    rooms = [(r.resource_id, r.kind, r.owner) for r in log.resources if r.resource_id.startswith(("room", "proc"))]
    assert rooms == [
        ("room_1", "exam_room", "dr_a"),
        ("room_2", "exam_room", "dr_b"),
        ("procedure_1", "room", ""),
        ("procedure_2", "room", ""),
    ]


def test_dedicated_procedure_rooms_are_split_between_providers() -> None:
    scenario = _shared_procedure_room(count=2, room_types={"procedure": {"count": 2, "policy": "dedicated"}})
    log = simulate(scenario, 1, 0)
    owners = {r.resource_id: r.owner for r in log.resources if r.kind == "room"}
    assert owners == {"procedure_1": "dr_a", "procedure_2": "dr_b"}
    seized = {(e.patient_id, e.resource_id) for e in log.events if e.step == "procedure" and e.event == "seize"}
    assert {(0, "procedure_1"), (1, "procedure_2")} <= seized


def test_a_room_taken_only_after_the_provider_is_not_rooming() -> None:
    # seen by the provider first (no room), then the procedure room: the patient never
    # waited for the provider in a room, so there is no roomed_min (and no negative room wait)
    scenario = _shared_procedure_room(
        providers={"dr_a": ONE_AT_EIGHT, "dr_b": ONE_AT_EIGHT},
        exam_rooms={"count": 0},
        pathways={"visit": [EXAM_ONLY, PROCEDURE]},
    )
    tables = log_tables([(scenario.name, 0, simulate(scenario, 1, 0))])
    visits = tables.visits.set_index("patient_id")
    assert visits["provider_start_min"].tolist() == [0.0, 0.0]
    assert visits["roomed_min"].isna().all()
    assert visits["exam_room_wait_min"].isna().all()
