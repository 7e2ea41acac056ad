"""Exact traces: fixed durations make every timestamp a sum a person can check.

Three patients, two providers, one shared exam room. Rooming takes 5 minutes and
keeps the room; the exam takes 10 minutes with the patient's own provider and gives
the room back when it ends. Everyone is punctual; queues go by appointment time.
"""

from __future__ import annotations

from flowsim.model import simulate
from tests.model.days import clinic, trace

TWO_PROVIDERS_ONE_ROOM = clinic(
    providers={
        # dr_a sees patients 0 (08:00) and 1 (08:30); dr_b sees patient 2 (08:00).
        "dr_a": {
            "sessions": [{"start": "08:00", "end": "12:00"}],
            "schedule": {"rule": "custom", "custom_times": ["08:00", "08:30"]},
        },
        "dr_b": {
            "sessions": [{"start": "08:00", "end": "12:00"}],
            "schedule": {"rule": "custom", "custom_times": ["08:00"]},
        },
    },
)


def test_three_patients_share_one_room() -> None:
    log = simulate(TWO_PROVIDERS_ONE_ROOM, seed=1, rep=0)
    assert [(p.patient_id, p.provider, p.appointment_min, p.arrival_min, p.outcome) for p in log.patients] == [
        (0, "dr_a", 0.0, 0.0, "seen"),
        (1, "dr_a", 30.0, 30.0, "seen"),
        (2, "dr_b", 0.0, 0.0, "seen"),
    ]
    # Patient 0 (appointment 0, id 0) is first for the room: rooming 0→5, exam with dr_a 5→15,
    # the room is given back when the exam ends (15).
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
        ("", "depart", 15.0, ""),
    ]
    # Patient 2 arrives at 0 but waits for the only room until patient 0 leaves it at 15:
    # rooming 15→20 (15 + 5), exam with dr_b 20→30 (20 + 10).
    assert trace(log, 2) == [
        ("", "arrive", 0.0, ""),
        ("rooming", "queue", 0.0, ""),
        ("rooming", "seize", 15.0, "room_1"),
        ("rooming", "start", 15.0, ""),
        ("rooming", "end", 20.0, ""),
        ("exam", "queue", 20.0, ""),
        ("exam", "seize", 20.0, "dr_b"),
        ("exam", "start", 20.0, ""),
        ("exam", "end", 30.0, ""),
        ("exam", "release", 30.0, "dr_b"),
        ("exam", "release", 30.0, "room_1"),
        ("", "depart", 30.0, ""),
    ]
    # Patient 1 arrives at 30, exactly when patient 2 frees the room: rooming 30→35,
    # exam with dr_a (free since 15) 35→45.
    assert trace(log, 1) == [
        ("", "arrive", 30.0, ""),
        ("rooming", "queue", 30.0, ""),
        ("rooming", "seize", 30.0, "room_1"),
        ("rooming", "start", 30.0, ""),
        ("rooming", "end", 35.0, ""),
        ("exam", "queue", 35.0, ""),
        ("exam", "seize", 35.0, "dr_a"),
        ("exam", "start", 35.0, ""),
        ("exam", "end", 45.0, ""),
        ("exam", "release", 45.0, "dr_a"),
        ("exam", "release", 45.0, "room_1"),
        ("", "depart", 45.0, ""),
    ]
    assert log.steps == ("rooming", "exam")
    assert [e.time_min for e in log.events] == sorted(e.time_min for e in log.events)


EXAM_ONLY = {"visit": [{"name": "exam", "duration_min": 10, "needs": ["provider"]}]}


def _late_provider_day(discipline: str) -> tuple[list[int], list[int], list[float]]:
    """Four patients (08:00–08:15) all arrive before dr_a, 60 minutes late, starts."""
    scenario = clinic(
        providers={
            "dr_a": {
                "sessions": [{"start": "08:00", "end": "12:00"}],
                "start_lateness_min": 60,
                "schedule": {"rule": "custom", "custom_times": ["08:00", "08:05", "08:10", "08:15"]},
            }
        },
        visit_types={
            "visit": {
                "share": 1.0,
                "slot_min": 5,
                "pathway": "visit",
                "punctuality_min": {"dist": "uniform", "min": -20, "max": 20},
            }
        },
        pathways=EXAM_ONLY,
        exam_rooms={"count": 0},
        queue_discipline=discipline,
    )
    log = simulate(scenario, seed=3, rep=0)
    by_arrival = sorted(range(4), key=lambda i: log.patients[i].arrival_min)
    seen_order = [e.patient_id for e in log.events if e.event == "seize"]
    starts = [e.time_min for e in log.events if e.event == "start" and e.step == "exam"]
    return by_arrival, seen_order, starts


def test_queue_discipline_orders_the_waiting_room() -> None:
    # Everyone arrives by 08:15 + 20 = 35 < 60, so at 60 all four wait and the discipline
    # alone decides the order; exams then run back to back: 60, 70, 80, 90.
    by_arrival, seen_order, starts = _late_provider_day("arrival")
    assert by_arrival != [0, 1, 2, 3], "the seed must make arrival order differ from appointment order"
    assert seen_order == by_arrival
    assert starts == [60.0, 70.0, 80.0, 90.0]
    _, seen_order, starts = _late_provider_day("appointment")
    assert seen_order == [0, 1, 2, 3]
    assert starts == [60.0, 70.0, 80.0, 90.0]
