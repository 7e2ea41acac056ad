"""Walk-ins go to providers on duty; under dedicated rooms the room decides who sees them.

A provider is on duty while a session of hers has started (lateness included) and not
ended, and she is not on a break. ``in_turn`` and ``least_busy`` walk-ins choose among
the providers on duty when they arrive; when nobody is, they go to whoever comes on
duty first. A shared-queue walk-in roomed under ``dedicated`` rooms is seen by the
room's owner (the room decides the provider), preferring rooms of providers on duty.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from flowsim.model import DayLog, simulate
from flowsim.model.duty import Duty, in_turn, least_busy
from flowsim.records import ResourceRecord
from tests.model.days import clinic, times


def _walk_in_day(assign: str, providers: dict[str, Any], **changes: Any) -> Any:
    """Walk-ins only (booked patients never come), a 5-minute exam with the provider, no rooms."""
    return clinic(
        providers={name: {"schedule": {"rule": "none"}, **fields} for name, fields in providers.items()},
        visit_types={"walk": {"share": 1.0, "slot_min": 60, "pathway": "visit"}},
        pathways={"visit": [{"name": "exam", "duration_min": 5, "needs": ["provider"]}]},
        exam_rooms={"count": 0},
        walk_ins={"per_hour": 6, "until": "11:00", "visit_mix": {"walk": 1.0}, "assign": assign},
        queue_discipline="arrival",
        **changes,
    )


def _session(start: str, end: str, **fields: Any) -> dict[str, Any]:
    return {"sessions": [{"start": start, "end": end}], **fields}


def _seen_by(log: DayLog) -> list[tuple[float, str, float]]:
    """(arrival, provider, exam start) of every walk-in, by arrival."""
    rows = [(p.arrival_min, p.provider, times(log, p.patient_id, "exam")["start"]) for p in log.patients]
    return sorted(rows)


def _one_after_another(rows: list[tuple[float, str, float]]) -> list[float]:
    """Exam starts of walk-ins seen by one provider, 5 minutes each, first come first served."""
    starts: list[float] = []
    free_at = -math.inf
    for arrival, _, _ in rows:
        free_at = max(arrival, free_at)
        starts.append(free_at)
        free_at += 5.0
    return starts


@pytest.mark.parametrize("assign", ["in_turn", "least_busy"])
def test_morning_walk_ins_go_to_the_provider_on_duty(assign: str) -> None:
    # dr_a works 08:00-12:00, dr_b 13:00-17:00: every walk-in of 08:00-11:00 goes to dr_a
    # and is seen when dr_a is free, not kept for dr_b's afternoon.
    log = simulate(_walk_in_day(assign, {"dr_a": _session("08:00", "12:00"), "dr_b": _session("13:00", "17:00")}), 3, 0)
    rows = _seen_by(log)
    assert len(rows) > 5
    assert {provider for _, provider, _ in rows} == {"dr_a"}
    assert [start for _, _, start in rows] == _one_after_another(rows)


@pytest.mark.parametrize("assign", ["in_turn", "least_busy"])
def test_before_anyone_is_on_duty_walk_ins_go_to_the_first_on_duty(assign: str) -> None:
    # dr_c from 10:00, dr_a from 09:30, dr_b from 09:00 but 31 minutes late (09:31). Walk-ins
    # of 08:00-09:00 all go to dr_a, the first on duty (90), and are seen from 90 on.
    providers = {
        "dr_c": _session("10:00", "12:00"),
        "dr_a": _session("09:30", "12:00"),
        "dr_b": _session("09:00", "12:00", start_lateness_min=31),
    }
    log = simulate(_walk_in_day(assign, providers), 4, 0)
    early = [row for row in _seen_by(log) if row[0] < 60]
    assert len(early) >= 3
    assert {provider for _, provider, _ in early} == {"dr_a"}
    assert [start for _, _, start in early] == _one_after_another([(90.0, "", 0.0)] * len(early))


def test_a_walk_in_during_a_break_goes_to_the_colleague_on_duty() -> None:
    # in_turn alternates dr_a, dr_b while both are on duty; while dr_a is on her break
    # (09:00-10:00, no visit runs into it: exams take 5 minutes) every walk-in goes to dr_b.
    providers = {
        "dr_a": _session("08:00", "12:00", breaks=[{"start": "09:00", "end": "10:00"}]),
        "dr_b": _session("08:00", "12:00"),
    }
    log = simulate(_walk_in_day("in_turn", providers), 5, 0)
    rows = _seen_by(log)
    during = [provider for arrival, provider, _ in rows if 60 <= arrival < 120]
    assert during and set(during) == {"dr_b"}
    before = [provider for arrival, provider, _ in rows if arrival < 60]
    assert before == [("dr_a", "dr_b")[i % 2] for i in range(len(before))]


def test_on_duty_and_next_on_duty_by_hand() -> None:
    # dr 0: 0-60 and 120-240; dr 1: 30-240 (started late: 30).
    duty = Duty([[(0.0, 60.0), (120.0, 240.0)], [(30.0, 240.0)]])
    assert [duty.on_duty(0, t) for t in (0.0, 59.9, 60.0, 119.0, 120.0)] == [True, True, False, False, True]
    assert duty.next_on_duty(0, 60.0) == 120.0 and duty.next_on_duty(1, 10.0) == 30.0
    assert duty.next_on_duty(0, 240.0) == math.inf
    duty.break_until[1] = 100.0  # dr 1 is on a break until 100
    assert not duty.on_duty(1, 90.0) and duty.next_on_duty(1, 90.0) == 100.0
    # At 70 nobody is on duty: dr 1 is back first (100), whatever the turn or the load.
    assert in_turn(duty, 70.0, [0, 5], turn=0) == 1
    assert least_busy(duty, 70.0, [0, 5], turn=0) == 1
    duty.break_until[1] = None
    # At 130 both are on duty: in turn from dr 1; least busy picks the emptier (ties: lowest index).
    assert in_turn(duty, 130.0, [0, 0], turn=1) == 1
    assert least_busy(duty, 130.0, [3, 2], turn=0) == 1
    assert least_busy(duty, 130.0, [2, 2], turn=1) == 0


def _shared_rooms_day(**changes: Any) -> Any:
    """Shared-queue walk-ins; rooming 5 min keeps the room; exam 30 min with a provider."""
    changes = {"exam_rooms": {"count": 2, "policy": "dedicated"}, **changes}
    return clinic(
        providers={
            # dr_a owns room 2, dr_b owns room 1; dr_b comes in only at 13:00.
            "dr_a": {**_session("08:00", "12:00"), "schedule": {"rule": "none"}, "rooms": [2]},
            "dr_b": {**_session("13:00", "17:00"), "schedule": {"rule": "none"}, "rooms": [1]},
        },
        visit_types={"walk": {"share": 1.0, "slot_min": 60, "pathway": "visit"}},
        walk_ins={"per_hour": 1.5, "until": "10:00", "visit_mix": {"walk": 1.0}, "assign": "shared_queue"},
        pathways={
            "visit": [
                {"name": "rooming", "duration_min": 5, "needs": ["exam_room"], "hold": ["exam_room"]},
                {"name": "exam", "duration_min": 30, "needs": ["provider"], "release": ["exam_room"]},
            ]
        },
        **changes,
    )


def test_under_dedicated_rooms_the_room_decides_who_sees_a_shared_queue_walk_in() -> None:
    log = simulate(_shared_rooms_day(), 6, 0)
    owner = {"room_1": "dr_b", "room_2": "dr_a"}
    providers = {r.resource_id for r in log.resources if r.kind == "provider"}
    walk_ins = sorted(log.patients, key=lambda p: p.arrival_min)
    assert len(walk_ins) >= 2
    for p in walk_ins:
        room = next(e.resource_id for e in log.events if e.patient_id == p.patient_id and e.event == "seize")
        seen_by = [e.resource_id for e in log.events if e.patient_id == p.patient_id and e.resource_id in providers]
        # Nobody sees a patient in another provider's dedicated room.
        assert set(seen_by) == {owner[room]} and p.provider == owner[room]
    # The first walk-in comes while only dr_a is on duty: roomed in dr_a's room 2 (not the
    # lower-numbered room 1 of dr_b, who comes at 13:00), roomed 5 minutes, seen at once.
    first = walk_ins[0]
    assert times(log, first.patient_id, "rooming")["seize"] == first.arrival_min
    assert times(log, first.patient_id, "exam")["start"] == first.arrival_min + 5
    assert first.provider == "dr_a"


def test_the_day_log_records_what_each_resource_is() -> None:
    # Kinds and owners come from the engine, whatever the names: a staff pool called
    # room_prep is a staff pool, each dedicated room names its owner, each provider her role.
    log = simulate(_shared_rooms_day(staff={"room_prep": {"count": 1}}), 6, 0)
    assert log.resources == (
        ResourceRecord("dr_a", "provider", "", "physician"),
        ResourceRecord("dr_b", "provider", "", "physician"),
        ResourceRecord("room_1", "exam_room", "dr_b"),
        ResourceRecord("room_2", "exam_room", "dr_a"),
        ResourceRecord("room_prep", "staff_pool", ""),
    )
    pooled = simulate(_shared_rooms_day(exam_rooms={"count": 2, "policy": "pooled"}), 6, 0)
    assert [r.owner for r in pooled.resources if r.kind == "exam_room"] == ["", ""]
