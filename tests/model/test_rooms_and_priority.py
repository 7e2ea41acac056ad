"""Room policies and urgent priority, traced exactly.

Two providers, two rooms: room_1 is dr_a's, room_2 is dr_b's. dr_a has two patients
at 08:00; dr_b's only patient comes at 10:00, so room_2 stands empty all morning.
Rooming 5 minutes keeps the room; the exam (10 minutes) gives it back.
"""

from __future__ import annotations

import pytest

from flowsim.model import simulate
from tests.model.days import clinic, times


def _two_rooms(policy: str) -> list[tuple[float, str]]:
    scenario = clinic(
        providers={
            "dr_a": {
                "sessions": [{"start": "08:00", "end": "12:00"}],
                "schedule": {"rule": "custom", "custom_times": ["08:00", "08:00"]},
                "rooms": [1],
            },
            "dr_b": {
                "sessions": [{"start": "08:00", "end": "12:00"}],
                "schedule": {"rule": "custom", "custom_times": ["10:00"]},
                "rooms": [2],
            },
        },
        exam_rooms={"count": 2, "policy": policy},
    )
    log = simulate(scenario, 1, 0)
    return [(e.time_min, e.resource_id) for e in log.events if e.patient_id == 1 and e.event == "seize"]


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        # only room_1: roomed when patient 0 leaves it at 15 (rooming 0→5, exam 5→15)
        ("dedicated", [(15.0, "room_1"), (20.0, "dr_a")]),
        # own room busy, so any free room: room_2 at once; then waits for dr_a until 15
        ("flex", [(0.0, "room_2"), (15.0, "dr_a")]),
        ("pooled", [(0.0, "room_2"), (15.0, "dr_a")]),
    ],
)
def test_room_policy_decides_where_the_second_patient_waits(policy: str, expected: list[tuple[float, str]]) -> None:
    assert _two_rooms(policy) == expected


def test_flex_prefers_the_providers_own_room() -> None:
    # Under flex, dr_b's 10:00 patient takes room_2 (own) although room_1 is free too.
    scenario = clinic(
        providers={
            "dr_a": {
                "sessions": [{"start": "08:00", "end": "12:00"}],
                "schedule": {"rule": "custom", "custom_times": ["08:00"]},
                "rooms": [1],
            },
            "dr_b": {
                "sessions": [{"start": "08:00", "end": "12:00"}],
                "schedule": {"rule": "custom", "custom_times": ["10:00"]},
                "rooms": [2],
            },
        },
        exam_rooms={"count": 2, "policy": "flex"},
    )
    log = simulate(scenario, 1, 0)
    assert [(e.patient_id, e.resource_id) for e in log.events if e.event == "seize" and e.step == "rooming"] == [
        (0, "room_1"),
        (1, "room_2"),
    ]


@pytest.mark.parametrize(("urgent_first", "first_seen"), [(True, 1), (False, 0)])
def test_urgent_add_ons_are_seen_first(urgent_first: bool, first_seen: int) -> None:
    # dr_a starts 60 minutes late; slots 08:00 (booked) and 08:30 (reserved, taken by an
    # urgent same-day caller). Both wait at 60: urgent first means the add-on goes first.
    scenario = clinic(
        providers={"dr_a": {"sessions": [{"start": "08:00", "end": "09:00"}], "start_lateness_min": 60}},
        schedule={"rule": "individual", "reserve_every": 2},
        same_day={"fill_prob": 1.0, "urgent_prob": 1.0},
        pathways={"visit": [{"name": "exam", "duration_min": 10, "needs": ["provider"]}]},
        exam_rooms={"count": 0},
        urgent_first=urgent_first,
    )
    log = simulate(scenario, 1, 0)
    assert [p.kind for p in log.patients] == ["booked", "same_day"]
    assert times(log, first_seen, "exam")["start"] == 60.0
    assert times(log, 1 - first_seen, "exam")["start"] == 70.0
