"""Where a patient is drawn in the day in motion: in her exam room while she holds it, with her provider."""

from __future__ import annotations

import pandas as pd

from flowsim.results.motion import motion_log


def _events(rows: list[tuple[int, str, str, float, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["patient_id", "step", "event", "time_min", "resource_id"])
    return frame.assign(scenario="s", rep=0)


def _step(pid: int, step: str, queue: float, start: float, end: float, seize: list[str], release: list[str]) -> list:
    return [
        (pid, step, "queue", queue, ""),
        *[(pid, step, "seize", start, r) for r in seize],
        (pid, step, "start", start, ""),
        (pid, step, "end", end, ""),
        *[(pid, step, "release", end, r) for r in release],
    ]


# Patient 0: check-in 0-2; waits for a room 2-3; the MA is seized before room 3 (rooming 3-8);
# waits in room 3 for dr_b 8-10; exam 10-25 gives the room back; checkout queue at 25, 25-27.
HAND_DAY = _events(
    [
        (0, "", "arrive", 0.0, ""),
        *_step(0, "check_in", 0, 0, 2, ["front_desk"], ["front_desk"]),
        *_step(0, "rooming", 2, 3, 8, ["ma", "room_3"], ["ma"]),
        *_step(0, "exam", 8, 10, 25, ["dr_b"], ["dr_b", "room_3"]),
        (-1, "off", "start", 12.0, "dr_a"),
        *_step(0, "checkout", 25, 25, 27, ["front_desk"], ["front_desk"]),
        (0, "", "depart", 27.0, ""),
    ]
)


def test_hand_day_is_drawn_in_the_room_while_the_room_is_held() -> None:
    log = motion_log(HAND_DAY, None, ["dr_a", "dr_b"])
    rows = log[["event_type", "event", "time", "resource", "resource_id", "provider"]].astype(object)
    assert [tuple(r) for r in rows.itertuples(index=False)] == [
        ("arrival_departure", "arrival", 0.0, pd.NA, pd.NA, pd.NA),
        ("queue", "check_in_wait_begins", 0.0, pd.NA, pd.NA, pd.NA),
        ("resource_use", "check_in_at_front_desk", 0.0, "front_desk", 1, pd.NA),
        ("resource_use_end", "check_in_complete", 2.0, "front_desk", 1, pd.NA),
        ("queue", "rooming_wait_begins", 2.0, pd.NA, pd.NA, pd.NA),
        ("resource_use", "rooming_at_exam_room", 3.0, "exam_room", 3, pd.NA),  # the MA came first; drawn in room 3
        ("resource_use_end", "rooming_complete", 8.0, "exam_room", 3, pd.NA),
        ("resource_use", "exam_wait_in_room", 8.0, "exam_room", 3, pd.NA),  # waits for dr_b inside room 3
        ("resource_use", "exam_at_provider", 10.0, "provider", 2, "dr_b"),  # dr_b is the second provider
        ("resource_use_end", "exam_complete", 25.0, "provider", 2, "dr_b"),
        ("queue", "checkout_wait_begins", 25.0, pd.NA, pd.NA, pd.NA),  # the room was given back at 25
        ("resource_use", "checkout_at_front_desk", 25.0, "front_desk", 1, pd.NA),
        ("resource_use_end", "checkout_complete", 27.0, "front_desk", 1, pd.NA),
        ("arrival_departure", "depart", 27.0, pd.NA, pd.NA, pd.NA),
    ]


def test_a_day_without_rooms_keeps_its_queues() -> None:
    day = _events(
        [
            (0, "", "arrive", 0.0, ""),
            *_step(0, "video_call", 0, 4, 19, ["dr_a"], ["dr_a"]),
            (0, "", "depart", 19.0, ""),
        ]
    )
    log = motion_log(day, None, ["dr_a"])
    assert list(log["event"]) == ["arrival", "video_call_wait_begins", "video_call_at_provider", "video_call_complete",
                                  "depart"]  # fmt: skip
    assert list(log["event_type"])[1] == "queue"
    assert log["resource_id"].dropna().tolist() == [1, 1]
