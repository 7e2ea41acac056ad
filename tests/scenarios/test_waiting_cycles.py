"""Pathways that could make patients wait for each other forever are refused, with the cycle named.

A patient who holds the medical assistant and waits for an exam room, while another holds
the room and waits for the assistant, would both wait until the end of the day. The engine
seizes a step's resources in one order (exam room, staff pools as listed, provider), so
trouble only comes from what a patient keeps from an earlier step, or from two steps that
list staff pools in opposite orders.
"""

from __future__ import annotations

from typing import Any

import pytest

from flowsim.scenarios import ScenarioError, scenario_from_dict
from flowsim.scenarios.references import seize_order

MA_FIRST = [
    {"name": "vitals", "duration_min": 5, "needs": ["ma"], "hold": ["ma"]},
    {"name": "exam", "duration_min": 10, "needs": ["exam_room", "provider"], "release": ["ma"]},
]
ROOM_FIRST = [
    {"name": "rooming", "duration_min": 5, "needs": ["exam_room"], "hold": ["exam_room"]},
    {"name": "vitals", "duration_min": 5, "needs": ["ma"]},
    {"name": "exam", "duration_min": 10, "needs": ["provider"]},
]


def clinic(**pathways: list[dict[str, Any]]) -> dict[str, Any]:
    names = list(pathways)
    return {
        "name": "hold and wait",
        "providers": {"dr_a": {"sessions": [{"start": "08:00", "end": "12:00"}]}},
        "staff": {"ma": {"count": 1}, "nurse": {"count": 1}},
        "exam_rooms": {"count": 1, "policy": "pooled"},
        "visit_types": {n: {"share": 1 / len(names), "slot_min": 15, "pathway": n} for n in names},
        "pathways": pathways,
    }


def refusal(data: dict[str, Any]) -> str:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data, source="cycle.yaml")
    return str(caught.value)


def test_holding_the_assistant_while_waiting_for_a_room_against_the_usual_rooming_is_refused() -> None:
    message = refusal(clinic(ma_first=MA_FIRST, room_first=ROOM_FIRST))
    assert "cycle.yaml: pathways.ma_first.1.needs: patients could wait for each other forever:" in message
    assert "pathway 'ma_first' holds 'ma' while it waits for 'exam_room' (step 'exam')" in message
    assert "pathway 'room_first' holds 'exam_room' while it waits for 'ma' (step 'vitals')" in message
    assert "exam_room, then other room types, then staff, then provider" in message


def test_each_order_alone_is_accepted() -> None:
    assert scenario_from_dict(clinic(ma_first=MA_FIRST)).name == "hold and wait"
    assert scenario_from_dict(clinic(room_first=ROOM_FIRST)).name == "hold and wait"


def test_one_pathway_can_wait_for_itself() -> None:
    # Patients at different stages of the same pathway: one holds the room and waits for
    # the assistant, another holds the assistant and waits for a room.
    pathway = [
        {"name": "rooming", "duration_min": 5, "needs": ["exam_room"], "hold": ["exam_room"]},
        {"name": "vitals", "duration_min": 5, "needs": ["ma"], "hold": ["ma"], "release": ["exam_room"]},
        {"name": "exam", "duration_min": 10, "needs": ["exam_room", "provider"], "release": ["ma"]},
    ]
    message = refusal(clinic(visit=pathway))
    assert "pathway 'visit' holds 'exam_room' while it waits for 'ma' (step 'vitals')" in message
    assert "pathway 'visit' holds 'ma' while it waits for 'exam_room' (step 'exam')" in message


def test_two_staff_pools_listed_in_opposite_orders_are_refused() -> None:
    one = [{"name": "procedure", "duration_min": 5, "needs": ["ma", "nurse"]}]
    other = [{"name": "procedure", "duration_min": 5, "needs": ["nurse", "ma"]}]
    message = refusal(clinic(one=one, other=other))
    assert "pathway 'one' holds 'ma' while it waits for 'nurse' (step 'procedure')" in message
    assert "pathway 'other' holds 'nurse' while it waits for 'ma' (step 'procedure')" in message


def test_a_room_held_into_the_exam_is_the_safe_order() -> None:
    safe = [
        {"name": "rooming", "duration_min": 5, "needs": ["exam_room", "ma"], "hold": ["exam_room"]},
        {"name": "exam", "duration_min": 10, "needs": ["provider"], "hold": ["provider"]},
        {"name": "wrap_up", "duration_min": 2, "needs": ["nurse"], "release": ["exam_room", "provider"]},
    ]
    assert scenario_from_dict(clinic(visit=safe, room_first=ROOM_FIRST)).name == "hold and wait"


def test_seize_order_is_room_then_staff_as_listed_then_provider() -> None:
    assert seize_order(["provider", "nurse", "exam_room", "ma", "nurse"]) == ["exam_room", "nurse", "ma", "provider"]


def test_seize_order_takes_every_room_type_before_staff_exam_room_first() -> None:
    needs = ["provider", "ma", "xray", "procedure", "exam_room"]
    assert seize_order(needs, ["procedure", "xray"]) == ["exam_room", "procedure", "xray", "ma", "provider"]


def test_holding_a_procedure_room_while_waiting_for_an_exam_room_and_the_reverse_is_refused() -> None:
    procedure_first = [
        {"name": "prep", "duration_min": 5, "needs": ["procedure"], "hold": ["procedure"]},
        {"name": "exam", "duration_min": 10, "needs": ["exam_room", "provider"], "release": ["procedure"]},
    ]
    exam_first = [
        {"name": "rooming", "duration_min": 5, "needs": ["exam_room"], "hold": ["exam_room"]},
        {"name": "procedure", "duration_min": 10, "needs": ["procedure", "provider"], "release": ["exam_room"]},
    ]
    data = {**clinic(procedure_first=procedure_first, exam_first=exam_first), "room_types": {"procedure": {"count": 1}}}
    message = refusal(data)
    assert "pathway 'procedure_first' holds 'procedure' while it waits for 'exam_room' (step 'exam')" in message
    assert "pathway 'exam_first' holds 'exam_room' while it waits for 'procedure' (step 'procedure')" in message
    assert "cycle.yaml: pathways.procedure_first.1.needs:" in message  # the step asking against the order
