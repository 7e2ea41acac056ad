"""The morning list is finished before lunch: exact traces with fixed durations.

dr_a works 08:00-09:00 and 10:00-12:00 (minutes 0-60 and 120-240); every exam takes
20 minutes with dr_a alone (no room), and patients are punctual. A patient of the
morning session who is already in the clinic when it ends is seen before the time
off; the time off still ends on time, or not at all if the list runs past the next
session's start. ``finish_list_before_break: false`` keeps the old rule.
"""

from __future__ import annotations

from typing import Any

from flowsim.model import simulate
from tests.model.days import clinic, provider_events, times

EXAM_ONLY = {"visit": [{"name": "exam", "duration_min": 20, "needs": ["provider"]}]}
ROOMING_THEN_EXAM = {
    "visit": [
        {"name": "rooming", "duration_min": 10, "needs": ["ma"]},
        {"name": "exam", "duration_min": 20, "needs": ["provider"]},
    ]
}


def _day(*clock: str, second: str = "10:00", pathways: Any = None, **provider: Any) -> Any:
    return clinic(
        providers={
            "dr_a": {
                "sessions": [{"start": "08:00", "end": "09:00"}, {"start": second, "end": "12:00"}],
                "schedule": {"rule": "custom", "custom_times": list(clock)},
                **provider,
            }
        },
        pathways=pathways or EXAM_ONLY,
        staff={"ma": {"count": 1}},
        exam_rooms={"count": 0},
    )


def test_a_patient_queued_at_the_session_end_is_seen_before_lunch() -> None:
    # 08:00, 08:20, 08:40 fill the session (0-20, 20-40, 40-60); the 08:45 patient has
    # waited since 45 and is seen at 60 (09:00), 60-80. Lunch is then 80-120 (shorter),
    # and the 10:00 patient is seen on time, 120-140.
    log = simulate(_day("08:00", "08:20", "08:40", "08:45", "10:00"), 1, 0)
    assert times(log, 3, "exam") == {"queue": 45.0, "seize": 60.0, "start": 60.0, "end": 80.0, "release": 80.0}
    assert provider_events(log, "dr_a") == [(-1, "off", "start", 80.0), (-1, "off", "end", 120.0)]
    assert times(log, 4, "exam")["start"] == 120.0


def test_a_provider_may_leave_at_the_session_end() -> None:
    # Opting out: off 60-120 as planned; the 08:45 patient waits for 10:00 (120-140) and
    # goes before the 10:00 patient (earlier appointment), who is seen at 140.
    log = simulate(_day("08:00", "08:20", "08:40", "08:45", "10:00", finish_list_before_break=False), 1, 0)
    assert provider_events(log, "dr_a") == [(-1, "off", "start", 60.0), (-1, "off", "end", 120.0)]
    assert times(log, 3, "exam")["start"] == 120.0
    assert times(log, 4, "exam")["start"] == 140.0


def test_an_overrun_past_the_next_start_makes_that_session_late() -> None:
    # The second session starts at 09:10 (70). The 08:45 patient is seen 60-80: the gap
    # 60-70 is gone, there is no time off at all, and the 09:10 patient starts at 80.
    log = simulate(_day("08:00", "08:20", "08:40", "08:45", "09:10", second="09:10"), 1, 0)
    assert provider_events(log, "dr_a") == []
    assert times(log, 3, "exam")["start"] == 60.0
    assert times(log, 4, "exam") == {"queue": 70.0, "seize": 80.0, "start": 80.0, "end": 100.0, "release": 100.0}


def test_a_patient_still_being_roomed_at_the_session_end_is_seen_too() -> None:
    # The 08:55 patient is with the MA 55-65 when the session ends at 60, and joins the
    # exam queue only at 65: dr_a waits for them and sees them 65-85, then lunch 85-120.
    log = simulate(_day("08:00", "08:55", pathways=ROOMING_THEN_EXAM), 1, 0)
    assert times(log, 1, "exam") == {"queue": 65.0, "seize": 65.0, "start": 65.0, "end": 85.0, "release": 85.0}
    assert provider_events(log, "dr_a") == [(-1, "off", "start", 85.0), (-1, "off", "end", 120.0)]
    # Opting out, the same patient waits for the afternoon: 120-140.
    opted_out = simulate(_day("08:00", "08:55", pathways=ROOMING_THEN_EXAM, finish_list_before_break=False), 1, 0)
    assert times(opted_out, 1, "exam")["start"] == 120.0


def test_patients_booked_for_the_next_session_are_not_on_the_list() -> None:
    # Exams take 40 minutes and everyone comes 70 minutes early. The 08:00 and 08:20
    # patients are in at opening and seen 0-40 and 40-80; the 10:00 patient is in since 50,
    # waiting when the session ends, but booked for the next one: lunch runs 80-120 and they
    # are seen at 120, not at 80.
    scenario = clinic(
        providers={
            "dr_a": {
                "sessions": [{"start": "08:00", "end": "09:00"}, {"start": "10:00", "end": "12:00"}],
                "schedule": {"rule": "custom", "custom_times": ["08:00", "08:20", "10:00"]},
            }
        },
        visit_types={"visit": {"share": 1.0, "slot_min": 20, "pathway": "visit", "punctuality_min": -70}},
        pathways={"visit": [{"name": "exam", "duration_min": 40, "needs": ["provider"]}]},
        exam_rooms={"count": 0},
    )
    log = simulate(scenario, 1, 0)
    assert times(log, 2, "exam")["queue"] == 50.0
    assert [times(log, i, "exam")["start"] for i in range(3)] == [0.0, 40.0, 120.0]
    assert provider_events(log, "dr_a") == [(-1, "off", "start", 80.0), (-1, "off", "end", 120.0)]
