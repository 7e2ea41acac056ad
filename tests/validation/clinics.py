"""Small clinics whose behaviour queueing theory knows, written as scenario mappings.

Picture three stripped-down practices: a walk-in clinic open round the clock where
anyone takes the first free doctor (an M/M/c or M/G/1 queue), a single doctor working
through a morning appointment book, and a walk-in clinic with a front desk, medical
assistant and exam rooms whose waiting room we watch. Each is built as a plain mapping
and validated by :meth:`Scenario.model_validate`, as a scenario file would be.

A walk-in-only clinic has no appointment book (schedule rule ``none``).
"""

from __future__ import annotations

from typing import Any

from flowsim.scenarios.schema import Scenario

DAY_OPEN, DAY_CLOSE = "00:00", "23:00"
DAY_LENGTH_MIN = 23 * 60.0
VISIT_STEP = "visit"


def walk_in_queue(servers: int, per_hour: float, visit_min: dict[str, Any]) -> Scenario:
    """Poisson walk-ins all day to ``servers`` doctors sharing one first-come, first-served queue.

    Every walk-in has one step, ``visit``, needing a provider, with duration ``visit_min``.
    Doctors work from opening (00:00) to close (23:00) and finish their last patient after it.
    """
    return Scenario.model_validate(
        {
            "name": f"walk_ins_to_{servers}",
            "clinic": {"open": DAY_OPEN, "close": DAY_CLOSE},
            "providers": {f"dr_{i}": {"sessions": [{"start": DAY_OPEN, "end": DAY_CLOSE}]} for i in range(servers)},
            "visit_types": {"walk_in": {"share": 1.0, "slot_min": 60, "pathway": "walk_in"}},
            "schedule": {"rule": "none"},
            "pathways": {"walk_in": [{"name": VISIT_STEP, "duration_min": visit_min, "needs": ["provider"]}]},
            "walk_ins": {"per_hour": per_hour, "visit_mix": {"walk_in": 1.0}, "assign": "shared_queue"},
            "queue_discipline": "arrival",
        }
    )


SESSION_START, SESSION_END = "08:00", "12:00"
SESSION_LENGTH_MIN = 240.0
SLOT_MIN = 20.0


def appointment_morning(rule: str, no_show_prob: float, visit_min: dict[str, Any]) -> Scenario:
    """One doctor, one 08:00-12:00 session of 20-minute slots under ``rule``, punctual patients.

    The clinic opens at 08:00 (time 0); the doctor starts on time and has no breaks or
    documentation. Patients arrive exactly at their appointment time (punctuality fixed 0).
    """
    return Scenario.model_validate(
        {
            "name": f"morning_{rule}",
            "clinic": {"open": SESSION_START, "close": "17:00"},
            "providers": {"dr_solo": {"sessions": [{"start": SESSION_START, "end": SESSION_END}]}},
            "visit_types": {
                "visit": {
                    "share": 1.0,
                    "slot_min": SLOT_MIN,
                    "no_show_prob": no_show_prob,
                    "punctuality_min": 0,
                    "pathway": "visit",
                }
            },
            "pathways": {"visit": [{"name": VISIT_STEP, "duration_min": visit_min, "needs": ["provider"]}]},
            "schedule": {"rule": rule},
        }
    )


def expected_appointments_min(rule: str) -> list[float]:
    """Appointment times (minutes from 08:00) the book rule gives a 240-minute session of 20-minute slots.

    individual: one per slot 0, 20, ..., 220; bailey_welch: two at 0, the rest one slot earlier
    (0, 0, 20, ..., 200); double_book_first: one extra at 0 (0, 0, 20, ..., 220).
    """
    slots = [SLOT_MIN * k for k in range(int(SESSION_LENGTH_MIN // SLOT_MIN))]
    if rule == "individual":
        return slots
    if rule == "bailey_welch":
        return [slots[0], *slots[:-1]]
    if rule == "double_book_first":
        return [slots[0], *slots]
    raise ValueError(f"no expected book for rule {rule!r}")


ROOMING_STEP = "rooming"


def waiting_room_clinic(per_hour: float) -> Scenario:
    """Walk-ins through check-in, rooming and an exam, all day; the waiting room is the rooming queue.

    A front desk clerk checks patients in; they then wait to be roomed by the medical
    assistant in one of three pooled exam rooms, keep the room, and see the first free of
    two doctors, who release the room at the end of the exam.
    """
    return Scenario.model_validate(
        {
            "name": "waiting_room",
            "clinic": {"open": DAY_OPEN, "close": DAY_CLOSE},
            "providers": {f"dr_{i}": {"sessions": [{"start": DAY_OPEN, "end": DAY_CLOSE}]} for i in range(2)},
            "staff": {"front_desk": {"count": 1}, "ma": {"count": 1}},
            "exam_rooms": {"count": 3, "policy": "pooled"},
            "visit_types": {"walk_in": {"share": 1.0, "slot_min": 60, "pathway": "walk_in"}},
            "schedule": {"rule": "none"},
            "pathways": {
                "walk_in": [
                    {"name": "check_in", "duration_min": {"dist": "exponential", "mean": 2.0}, "needs": ["front_desk"]},
                    {
                        "name": ROOMING_STEP,
                        "duration_min": {"dist": "exponential", "mean": 3.0},
                        "needs": ["exam_room", "ma"],
                        "hold": ["exam_room"],
                    },
                    {
                        "name": "exam",
                        "duration_min": {"dist": "lognormal", "mean": 8.0, "cv": 0.6},
                        "needs": ["provider"],
                        "release": ["exam_room"],
                    },
                ]
            },
            "walk_ins": {"per_hour": per_hour, "visit_mix": {"walk_in": 1.0}, "assign": "shared_queue"},
            "queue_discipline": "arrival",
        }
    )
