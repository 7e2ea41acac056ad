"""A freed exam room goes to the best-ranked waiting patient, not to the first in line.

One room, kept from rooming (5 min) through the exam (10 min). dr_a starts 100
minutes late, so patient 0 (08:00) sits in the room until the exam 100->110 and the
others queue for the room meanwhile. When it is given back at 110, the patient who
ranks first (urgent before routine, then by appointment under the default discipline)
gets it, whoever joined the room queue first.
"""

from __future__ import annotations

from typing import Any

from flowsim.model import simulate
from flowsim.scenarios.schema import Scenario
from tests.model.days import clinic, provider_events, times, trace


def _late_provider(schedule: dict[str, Any], **changes: Any) -> Scenario:
    return clinic(
        providers={
            "dr_a": {"sessions": [{"start": "08:00", "end": "12:00"}], "start_lateness_min": 100, "schedule": schedule}
        },
        **changes,
    )


def test_the_urgent_add_on_gets_the_room_before_the_routine_patient_who_queued_first() -> None:
    # 08:00 and 08:30 booked; 09:00 kept for a same-day caller, who is urgent. Patient 1
    # (08:30) queues for the room at 30, urgent patient 2 at 60. At 110 the room goes to
    # patient 2: rooming 110->115, exam 115->125; then patient 1: 125->130, 130->140.
    scenario = _late_provider(
        {"rule": "custom", "custom_times": ["08:00", "08:30", "09:00"], "reserve_every": 3},
        same_day={"fill_prob": 1.0, "urgent_prob": 1.0},
    )
    log = simulate(scenario, 1, 0)
    assert [(p.kind, p.urgent, p.arrival_min) for p in log.patients] == [
        ("booked", False, 0.0),
        ("booked", False, 30.0),
        ("same_day", True, 60.0),
    ]
    assert provider_events(log, "dr_a") == [(-1, "off", "start", 0.0), (-1, "off", "end", 100.0)]
    assert times(log, 0, "exam") == {"queue": 5.0, "seize": 100.0, "start": 100.0, "end": 110.0, "release": 110.0}
    assert trace(log, 2) == [
        ("", "arrive", 60.0, ""),
        ("rooming", "queue", 60.0, ""),
        ("rooming", "seize", 110.0, "room_1"),
        ("rooming", "start", 110.0, ""),
        ("rooming", "end", 115.0, ""),
        ("exam", "queue", 115.0, ""),
        ("exam", "seize", 115.0, "dr_a"),
        ("exam", "start", 115.0, ""),
        ("exam", "end", 125.0, ""),
        ("exam", "release", 125.0, "dr_a"),
        ("exam", "release", 125.0, "room_1"),
        ("", "depart", 125.0, ""),
    ]
    assert trace(log, 1) == [
        ("", "arrive", 30.0, ""),
        ("rooming", "queue", 30.0, ""),
        ("rooming", "seize", 125.0, "room_1"),
        ("rooming", "start", 125.0, ""),
        ("rooming", "end", 130.0, ""),
        ("exam", "queue", 130.0, ""),
        ("exam", "seize", 130.0, "dr_a"),
        ("exam", "start", 130.0, ""),
        ("exam", "end", 140.0, ""),
        ("exam", "release", 140.0, "dr_a"),
        ("exam", "release", 140.0, "room_1"),
        ("", "depart", 140.0, ""),
    ]


def test_the_earlier_appointment_gets_the_room_before_an_early_comer_who_queued_first() -> None:
    # All routine, booked 08:00, 08:30, 09:00, coming up to an hour early (seed 3:
    # patient 2 comes at about 8, patient 1 at about 26). Patient 2 is first in the room
    # queue, but patient 1's appointment is earlier: at 110 the room goes to patient 1
    # (rooming 110->115, exam 115->125), then to patient 2 (125->130, 130->140).
    scenario = _late_provider(
        {"rule": "custom", "custom_times": ["08:00", "08:30", "09:00"]},
        visit_types={
            "visit": {
                "share": 1.0,
                "slot_min": 30,
                "pathway": "visit",
                "punctuality_min": {"dist": "uniform", "min": -60, "max": 0},
            }
        },
    )
    log = simulate(scenario, 3, 0)
    arrivals = [times(log, pid, "")["arrive"] for pid in range(3)]  # at the door (patient 0 came before opening)
    assert arrivals[0] == 0.0 and 0.0 < arrivals[2] < arrivals[1] < 100.0, "patient 2 must queue first"
    assert log.patients[0].arrival_min < 0.0
    assert times(log, 1, "rooming") == {"queue": arrivals[1], "seize": 110.0, "start": 110.0, "end": 115.0}
    assert times(log, 2, "rooming") == {"queue": arrivals[2], "seize": 125.0, "start": 125.0, "end": 130.0}
    assert [times(log, pid, "exam")["start"] for pid in range(3)] == [100.0, 115.0, 130.0]
