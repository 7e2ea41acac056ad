"""Provider time, rooms and patients at the door, traced exactly with fixed durations.

The base clinic: dr_a, one room, rooming 5 min (keeps the room), exam 10 min
(gives the room back at its end), 30-minute slots, punctual patients.
"""

from __future__ import annotations

from typing import Any

from flowsim.model import simulate
from tests.model.days import clinic, provider_events, times

EXAM_ONLY = {"visit": [{"name": "exam", "duration_min": 10, "needs": ["provider"]}]}


def _provider(**fields: Any) -> dict[str, Any]:
    return {"dr_a": {"sessions": [{"start": "08:00", "end": "12:00"}], **fields}}


def _custom(*clock: str) -> dict[str, Any]:
    return {"rule": "custom", "custom_times": list(clock)}


def test_late_start_holds_the_first_patient() -> None:
    scenario = clinic(providers=_provider(start_lateness_min=12, schedule=_custom("08:00")))
    log = simulate(scenario, 1, 0)
    # Off from opening until 0 + 12; rooming 0→5, then the exam waits for dr_a: 12→22.
    assert provider_events(log, "dr_a") == [(-1, "off", "start", 0.0), (-1, "off", "end", 12.0)]
    assert times(log, 0, "exam") == {"queue": 5.0, "seize": 12.0, "start": 12.0, "end": 22.0, "release": 22.0}


def test_break_waits_for_the_visit_in_progress() -> None:
    # Exam 08:50→09:10 (50→70) runs into the 09:00–09:15 break: the break starts at 70 and
    # still ends at 75; the 09:00 patient, roomed after the room is free at 70 (70→75), sees
    # dr_a at 75.
    scenario = clinic(
        providers=_provider(breaks=[{"start": "09:00", "end": "09:15"}], schedule=_custom("08:50", "09:00")),
        pathways={
            "visit": [
                {"name": "rooming", "duration_min": 5, "needs": ["exam_room"], "hold": ["exam_room"]},
                {"name": "exam", "duration_min": 15, "needs": ["provider"], "release": ["exam_room"]},
            ]
        },
    )
    log = simulate(scenario, 1, 0)
    assert provider_events(log, "dr_a") == [(-1, "break", "start", 70.0), (-1, "break", "end", 75.0)]
    assert times(log, 0, "exam")["start"] == 55.0  # 50 + 5 of rooming
    assert times(log, 1, "rooming")["start"] == 70.0
    assert times(log, 1, "exam")["start"] == 75.0


def test_no_break_when_the_visit_runs_past_its_end() -> None:
    # Exam 08:55→09:25 (55→85) covers the whole 09:00–09:15 break: no break at all.
    scenario = clinic(
        providers=_provider(breaks=[{"start": "09:00", "end": "09:15"}], schedule=_custom("08:55")),
        pathways={"visit": [{"name": "exam", "duration_min": 30, "needs": ["provider"]}]},
        exam_rooms={"count": 0},
    )
    log = simulate(scenario, 1, 0)
    assert provider_events(log, "dr_a") == []
    assert times(log, 0, "exam")["end"] == 85.0


def test_time_between_sessions_is_off_and_lateness_is_per_session() -> None:
    # Sessions 08:00–09:00 and 10:00–11:00, 5 minutes late each time: off 0→5 and 60→125.
    scenario = clinic(
        providers={
            "dr_a": {
                "sessions": [{"start": "08:00", "end": "09:00"}, {"start": "10:00", "end": "11:00"}],
                "start_lateness_min": 5,
                "schedule": _custom("10:00"),
            }
        },
        pathways=EXAM_ONLY,
        exam_rooms={"count": 0},
    )
    log = simulate(scenario, 1, 0)
    assert provider_events(log, "dr_a") == [
        (-1, "off", "start", 0.0),
        (-1, "off", "end", 5.0),
        (-1, "off", "start", 60.0),
        (-1, "off", "end", 125.0),
    ]
    assert times(log, 0, "exam")["start"] == 125.0


def test_provider_documents_after_each_visit() -> None:
    # Two patients at 08:00 (double-booked). Exam 0→10; dr_a documents patient 0 10→14 while
    # patient 0 leaves at 10; patient 1's exam starts at 14 and ends at 24, documented 24→28.
    scenario = clinic(
        providers=_provider(documentation_min=4, schedule=_custom("08:00", "08:00")),
        pathways=EXAM_ONLY,
        exam_rooms={"count": 0},
    )
    log = simulate(scenario, 1, 0)
    assert provider_events(log, "dr_a") == [
        (0, "documentation", "start", 10.0),
        (0, "documentation", "end", 14.0),
        (1, "documentation", "start", 24.0),
        (1, "documentation", "end", 28.0),
    ]
    assert times(log, 0, "")["depart"] == 10.0
    assert times(log, 1, "exam") == {"queue": 0.0, "seize": 14.0, "start": 14.0, "end": 24.0, "release": 24.0}


def test_a_visit_with_two_provider_steps_is_documented_once_after_the_last() -> None:
    # SPEC: documentation "after each visit". Exam 0->10 (provider), test 10->15 (an MA),
    # recheck: the provider again 15->20, documented 20->24. Not also after the exam.
    scenario = clinic(
        providers=_provider(documentation_min=4, schedule=_custom("08:00")),
        pathways={
            "visit": [
                {"name": "exam", "duration_min": 10, "needs": ["provider"]},
                {"name": "test", "duration_min": 5, "needs": ["ma"]},
                {"name": "recheck", "duration_min": 5, "needs": ["provider"]},
            ]
        },
        staff={"ma": {"count": 1}},
        exam_rooms={"count": 0},
    )
    log = simulate(scenario, 1, 0)
    assert provider_events(log, "dr_a") == [(0, "documentation", "start", 20.0), (0, "documentation", "end", 24.0)]
    assert times(log, 0, "recheck") == {"queue": 15.0, "seize": 15.0, "start": 15.0, "end": 20.0, "release": 20.0}


def test_room_is_turned_over_before_the_next_patient() -> None:
    # One room, two patients at 08:00: patient 0 rooming 0→5, exam 5→15 (room released at 15),
    # turnover 15→18; patient 1 seizes the room at 18, rooming 18→23, exam 23→33.
    scenario = clinic(
        providers=_provider(schedule=_custom("08:00", "08:00")),
        exam_rooms={"count": 1, "policy": "pooled", "turnover_min": 3},
    )
    log = simulate(scenario, 1, 0)
    turnover = [(e.patient_id, e.event, e.time_min, e.resource_id) for e in log.events if e.step == "turnover"]
    assert turnover[:2] == [(0, "start", 15.0, "room_1"), (0, "end", 18.0, "room_1")]
    assert times(log, 1, "rooming") == {"queue": 0.0, "seize": 18.0, "start": 18.0, "end": 23.0}
    assert times(log, 1, "exam")["end"] == 33.0


def test_overtime_the_provider_sees_everyone_left() -> None:
    # Session 08:00–08:30 but three 20-minute exams booked at 08:00: the last ends at 60.
    scenario = clinic(
        providers={
            "dr_a": {"sessions": [{"start": "08:00", "end": "08:30"}], "schedule": _custom("08:00", "08:00", "08:00")}
        },
        pathways={"visit": [{"name": "exam", "duration_min": 20, "needs": ["provider"]}]},
        exam_rooms={"count": 0},
    )
    log = simulate(scenario, 1, 0)
    assert [times(log, i, "exam")["end"] for i in range(3)] == [20.0, 40.0, 60.0]
    assert {p.outcome for p in log.patients} == {"seen"}
