"""No queue jumping: a chair freed while others wait goes to the head of the queue.

When a medical assistant comes on duty, a patient gives the MA or the provider back,
or a room is given back, someone who has been waiting for it gets it, not a
newcomer who walks up at that very instant and sits down on the spot. Every
patient here is punctual, routine and booked (appointment order), so the one who has
waited longest also ranks first: only a jump could put the newcomer ahead.

Each day plays out with fixed durations, so every time below is a sum to check by hand.
"""

from __future__ import annotations

from typing import Any

from flowsim.model import DayLog, simulate
from tests.model.days import clinic, times, trace

INTAKE_THEN_EXAM = {
    "visit": [
        {"name": "intake", "duration_min": 10, "needs": ["ma"]},
        {"name": "exam", "duration_min": 10, "needs": ["provider"]},
    ]
}


def _dr_a(*clock: str) -> dict[str, Any]:
    return {
        "dr_a": {
            "sessions": [{"start": "08:00", "end": "12:00"}],
            "schedule": {"rule": "custom", "custom_times": list(clock)},
        }
    }


def _starts(log: DayLog, step: str, patients: int) -> list[float]:
    return [times(log, pid, step)["start"] for pid in range(patients)]


def test_an_ma_coming_on_duty_takes_the_patient_who_waited_not_the_newcomer() -> None:
    # No MA until 09:00 (60), then one. Patient 0 (08:00) waits for intake from 0;
    # patient 1 (09:00) walks in at 60, the moment the MA arrives. Patient 0 goes first:
    # intake 60->70, exam 70->80; patient 1 intake 70->80, exam 80->90.
    scenario = clinic(
        providers=_dr_a("08:00", "09:00"),
        staff={"ma": {"count": 0, "count_by_time": [{"from": "09:00", "count": 1}]}},
        exam_rooms={"count": 0},
        pathways=INTAKE_THEN_EXAM,
    )
    log = simulate(scenario, 1, 0)
    assert trace(log, 0) == [
        ("", "arrive", 0.0, ""),
        ("intake", "queue", 0.0, ""),
        ("intake", "seize", 60.0, "ma"),
        ("intake", "start", 60.0, ""),
        ("intake", "end", 70.0, ""),
        ("intake", "release", 70.0, "ma"),
        ("exam", "queue", 70.0, ""),
        ("exam", "seize", 70.0, "dr_a"),
        ("exam", "start", 70.0, ""),
        ("exam", "end", 80.0, ""),
        ("exam", "release", 80.0, "dr_a"),
        ("", "depart", 80.0, ""),
    ]
    assert trace(log, 1) == [
        ("", "arrive", 60.0, ""),
        ("intake", "queue", 60.0, ""),
        ("intake", "seize", 70.0, "ma"),
        ("intake", "start", 70.0, ""),
        ("intake", "end", 80.0, ""),
        ("intake", "release", 80.0, "ma"),
        ("exam", "queue", 80.0, ""),
        ("exam", "seize", 80.0, "dr_a"),
        ("exam", "start", 80.0, ""),
        ("exam", "end", 90.0, ""),
        ("exam", "release", 90.0, "dr_a"),
        ("", "depart", 90.0, ""),
    ]


def test_an_ma_given_back_goes_to_the_patient_who_waited() -> None:
    # One MA; a 20-minute intake. Patient 0 (08:00) has the MA 0->20; patient 1 (08:05)
    # waits from 5; patient 2 (08:20) walks in at 20, as patient 0 gives the MA back.
    # Patient 1 has it 20->40, patient 2 40->60; exams (10 min) follow each intake.
    scenario = clinic(
        providers=_dr_a("08:00", "08:05", "08:20"),
        staff={"ma": {"count": 1}},
        exam_rooms={"count": 0},
        pathways={
            "visit": [
                {"name": "intake", "duration_min": 20, "needs": ["ma"]},
                {"name": "exam", "duration_min": 10, "needs": ["provider"]},
            ]
        },
    )
    log = simulate(scenario, 1, 0)
    assert times(log, 1, "intake") == {"queue": 5.0, "seize": 20.0, "start": 20.0, "end": 40.0, "release": 40.0}
    assert times(log, 2, "intake") == {"queue": 20.0, "seize": 40.0, "start": 40.0, "end": 60.0, "release": 60.0}
    assert _starts(log, "exam", 3) == [20.0, 40.0, 60.0]


def test_a_provider_given_back_goes_to_the_patient_who_waited() -> None:
    # A 20-minute exam, no room. Patient 0 (08:00) sees dr_a 0->20; patient 1 (08:05)
    # waits from 5; patient 2 (08:20) arrives at 20, as dr_a becomes free. Patient 1 is
    # seen 20->40, patient 2 40->60.
    scenario = clinic(
        providers=_dr_a("08:00", "08:05", "08:20"),
        exam_rooms={"count": 0},
        pathways={"visit": [{"name": "exam", "duration_min": 20, "needs": ["provider"]}]},
    )
    log = simulate(scenario, 1, 0)
    assert times(log, 1, "exam") == {"queue": 5.0, "seize": 20.0, "start": 20.0, "end": 40.0, "release": 40.0}
    assert times(log, 2, "exam") == {"queue": 20.0, "seize": 40.0, "start": 40.0, "end": 60.0, "release": 60.0}


def test_a_provider_back_from_time_off_sees_the_patient_who_waited() -> None:
    # dr_a's session starts at 09:00 (60); patient 0 (08:00) waits from 0, patient 1
    # (09:00) arrives as dr_a does. Patient 0 is seen 60->80, patient 1 80->100.
    scenario = clinic(
        providers={
            "dr_a": {
                "sessions": [{"start": "09:00", "end": "12:00"}],
                "schedule": {"rule": "custom", "custom_times": ["08:00", "09:00"]},
            }
        },
        exam_rooms={"count": 0},
        pathways={"visit": [{"name": "exam", "duration_min": 20, "needs": ["provider"]}]},
    )
    log = simulate(scenario, 1, 0)
    assert times(log, 0, "exam") == {"queue": 0.0, "seize": 60.0, "start": 60.0, "end": 80.0, "release": 80.0}
    assert times(log, 1, "exam") == {"queue": 60.0, "seize": 80.0, "start": 80.0, "end": 100.0, "release": 100.0}


def test_a_room_given_back_goes_to_the_patient_who_waited() -> None:
    # One room, rooming 5 then exam 10 (room kept until the exam ends). Patient 0
    # (08:00) holds the room 0->15; patient 1 (08:05) waits for it from 5; patient 2
    # (08:15) arrives at 15, as it is given back. Patient 1 is roomed 15->20 and
    # examined 20->30; patient 2 is roomed 30->35 and examined 35->45.
    scenario = clinic(providers=_dr_a("08:00", "08:05", "08:15"))
    log = simulate(scenario, 1, 0)
    assert times(log, 1, "rooming") == {"queue": 5.0, "seize": 15.0, "start": 15.0, "end": 20.0}
    assert times(log, 2, "rooming") == {"queue": 15.0, "seize": 30.0, "start": 30.0, "end": 35.0}
    assert _starts(log, "exam", 3) == [5.0, 20.0, 35.0]
