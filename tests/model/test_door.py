"""Patients who come before opening: they wait at the door and come in at opening.

dr_a's patient is booked at 08:10 and dr_b's at 08:00; everyone comes 20 minutes
early, so dr_a's patient (id 0 in booking order) is at the door at 07:50 (−10) and
dr_b's (id 1) at 07:40 (−20). One clerk checks both in, 5 minutes each.
"""

from __future__ import annotations

from typing import Any

import pytest

from flowsim.model import simulate
from tests.model.days import clinic, times


def _door_clinic(discipline: str, clerk: dict[str, Any]) -> Any:
    return clinic(
        providers={
            name: {
                "sessions": [{"start": "08:00", "end": "12:00"}],
                "schedule": {"rule": "custom", "custom_times": [at]},
            }
            for name, at in (("dr_a", "08:10"), ("dr_b", "08:00"))
        },
        staff={"front_desk": clerk},
        exam_rooms={"count": 0},
        visit_types={"visit": {"share": 1.0, "slot_min": 30, "pathway": "visit", "punctuality_min": -20}},
        pathways={
            "visit": [
                {"name": "check_in", "duration_min": 5, "needs": ["front_desk"]},
                {"name": "exam", "duration_min": 10, "needs": ["provider"]},
            ]
        },
        queue_discipline=discipline,
    )


CLERK_AT_OPENING = {"count": 1}
CLERK_FROM_0830 = {"count": 0, "count_by_time": [{"from": "08:30", "count": 1}]}


@pytest.mark.parametrize(("clerk", "first_min"), [(CLERK_AT_OPENING, 0.0), (CLERK_FROM_0830, 30.0)])
def test_under_arrival_discipline_the_first_at_the_door_is_served_first(
    clerk: dict[str, Any], first_min: float
) -> None:
    # Whether the clerk is free at opening (taken on the spot) or comes later (a queue):
    # the −20 patient (id 1) checks in first, the −10 patient (id 0) after.
    log = simulate(_door_clinic("arrival", clerk), 1, 0)
    assert times(log, 1, "check_in")["start"] == first_min
    assert times(log, 0, "check_in")["start"] == first_min + 5
    # Both walk in when the door opens (their arrive events read 0); their records keep
    # when they really came, before opening.
    assert [p.arrival_min for p in log.patients] == [-10.0, -20.0]
    assert times(log, 0, "")["arrive"] == times(log, 1, "")["arrive"] == 0.0


def test_under_appointment_discipline_the_earlier_appointment_goes_first() -> None:
    # The clerk comes at 08:30: dr_b's 08:00 patient (id 1) before dr_a's 08:10 one (id 0).
    log = simulate(_door_clinic("appointment", CLERK_FROM_0830), 1, 0)
    assert times(log, 1, "check_in")["start"] == 30.0
    assert times(log, 0, "check_in")["start"] == 35.0
