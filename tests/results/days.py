"""A hand-built clinic day whose every KPI was worked out on paper.

One provider (dr_a, sessions 0-30 and 32-45, starts 4 min late) and an idle second
provider (dr_b, 0-45); one exam room with 5 min turnover; the clinic closes at 45.
Pathway: check_in (front_desk) -> rooming (ma, takes exam_room and keeps it) -> exam
(provider, gives the room back); dr_a documents 5 min after each visit.

- P0 booked 0, came 6 minutes before opening (arrival -6, in at the door at 0):
  check-in 0-2, roomed 3 (MA busy), exam 10-25 (late doctor).
- P1 same-day add-on 15, arrives 20: check-in 20-22, roomed 30 (room turned over 25-30),
  exam 35-50.
- P2 walk-in arrives 5: check-in 5-7, waits for a room and leaves unseen at 27.
- P3 booked 30: no-show.
- P4 booked 20, arrives 40: more than 15 min late, rebooked.
"""

from __future__ import annotations

import math

from flowsim.records import DayLog, Event, PatientRecord, ResourceRecord
from flowsim.results.facts import ClinicFacts

STEPS = ("check_in", "rooming", "exam")
RESOURCES = (
    ResourceRecord("dr_a", "provider"),
    ResourceRecord("dr_b", "provider"),
    ResourceRecord("room_1", "exam_room", "dr_a"),
    ResourceRecord("front_desk", "staff_pool"),
    ResourceRecord("ma", "staff_pool"),
)
"""What the engine would have recorded about this clinic's resources."""
NAN = math.nan


def stepped(
    pid: int, step: str, queue: float, start: float, end: float, seize: dict[str, float], release: list[str]
) -> list[Event]:
    """Events of one step: queue, one seize per resource, start, end, releases."""
    events = [Event(pid, step, "queue", queue, "")]
    events += [Event(pid, step, "seize", t, r) for r, t in seize.items()]
    events += [Event(pid, step, "start", start, ""), Event(pid, step, "end", end, "")]
    events += [Event(pid, step, "release", end, r) for r in release]
    return events


def timed(pid: int, step: str, start: float, end: float, resource: str) -> list[Event]:
    return [Event(pid, step, "start", start, resource), Event(pid, step, "end", end, resource)]


def p0_events() -> list[Event]:
    return [
        Event(0, "", "arrive", 0.0, ""),
        *stepped(0, "check_in", 0, 0, 2, {"front_desk": 0}, ["front_desk"]),
        *stepped(0, "rooming", 2, 3, 8, {"ma": 3, "room_1": 3}, ["ma"]),
        *stepped(0, "exam", 8, 10, 25, {"dr_a": 10}, ["dr_a", "room_1"]),
        Event(0, "", "depart", 25.0, ""),
        *timed(0, "documentation", 25, 30, "dr_a"),
        *timed(0, "turnover", 25, 30, "room_1"),
    ]


def hand_day() -> DayLog:
    events = [
        *timed(-1, "off", 0, 4, "dr_a"),
        *p0_events(),
        Event(2, "", "arrive", 5.0, ""),
        *stepped(2, "check_in", 5, 5, 7, {"front_desk": 5}, ["front_desk"]),
        Event(2, "rooming", "queue", 7.0, ""),
        Event(1, "", "arrive", 20.0, ""),
        *stepped(1, "check_in", 20, 20, 22, {"front_desk": 20}, ["front_desk"]),
        Event(1, "rooming", "queue", 22.0, ""),
        Event(2, "rooming", "abandon", 27.0, ""),
        Event(2, "", "depart", 27.0, ""),
        Event(3, "", "no_show", 30.0, ""),
        *timed(-1, "off", 30, 32, "dr_a"),
        Event(1, "rooming", "seize", 30.0, "ma"),
        Event(1, "rooming", "seize", 30.0, "room_1"),
        Event(1, "rooming", "start", 30.0, ""),
        Event(1, "rooming", "end", 35.0, ""),
        Event(1, "rooming", "release", 35.0, "ma"),
        *stepped(1, "exam", 35, 35, 50, {"dr_a": 35}, ["dr_a", "room_1"]),
        Event(4, "", "arrive", 40.0, ""),
        Event(4, "", "rebooked", 40.0, ""),
        Event(4, "", "depart", 40.0, ""),
        Event(1, "", "depart", 50.0, ""),
        *timed(1, "documentation", 50, 55, "dr_a"),
        *timed(1, "turnover", 50, 55, "room_1"),
    ]
    patients = [
        PatientRecord(0, "booked", "follow_up", "dr_a", 0.0, -6.0, "seen", False),
        PatientRecord(1, "same_day", "follow_up", "dr_a", 15.0, 20.0, "seen", False),
        PatientRecord(2, "walk_in", "acute", "dr_a", NAN, 5.0, "left_unseen", False),
        PatientRecord(3, "booked", "new", "dr_a", 30.0, NAN, "no_show", False),
        PatientRecord(4, "booked", "new", "dr_a", 20.0, 40.0, "rebooked_late", False),
    ]
    return DayLog(events=events, patients=patients, steps=STEPS, resources=RESOURCES)


def short_day() -> DayLog:
    """Only P0's visit: waits 10 for the doctor, nobody else comes."""
    patients = [PatientRecord(0, "booked", "follow_up", "dr_a", 0.0, -6.0, "seen", False)]
    events = [*timed(-1, "off", 0, 4, "dr_a"), *p0_events()]
    return DayLog(events=events, patients=patients, steps=STEPS, resources=RESOURCES)


FACTS = ClinicFacts(
    close_min=45.0,
    sessions={"dr_a": ((0.0, 30.0), (32.0, 45.0)), "dr_b": ((0.0, 45.0),)},
    rooms=1,
    staff={"front_desk": ((0.0, 1),), "ma": ((0.0, 1), (30.0, 2))},  # a second MA from 30
)
