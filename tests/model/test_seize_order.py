"""Resources are seized in one clinic-wide order, so opposite orders in files cannot deadlock."""

from __future__ import annotations

from flowsim.model import simulate
from flowsim.scenarios.schema import Scenario


def test_opposite_need_orders_do_not_deadlock() -> None:
    # Two visit types list the same two resources in opposite orders. Seized as written,
    # patient A (room, then MA) and patient B (MA, then room) booked at the same time
    # would each hold what the other waits for, and nobody would ever be seen.
    scenario = Scenario.model_validate(
        {
            "name": "opposite orders",
            "providers": {"dr_a": {"sessions": [{"start": "08:00", "end": "10:00"}]}},
            "staff": {"ma": {"count": 1}},
            "exam_rooms": {"count": 1, "policy": "pooled"},
            "visit_types": {
                "a": {"share": 0.5, "slot_min": 20, "pathway": "room_first"},
                "b": {"share": 0.5, "slot_min": 20, "pathway": "ma_first"},
            },
            "pathways": {
                "room_first": [
                    {"name": "rooming", "duration_min": 5, "needs": ["exam_room", "ma"], "hold": ["exam_room"]},
                    {"name": "exam", "duration_min": 10, "needs": ["provider"], "release": ["exam_room"]},
                ],
                "ma_first": [
                    {"name": "rooming", "duration_min": 5, "needs": ["ma", "exam_room"], "hold": ["exam_room"]},
                    {"name": "exam", "duration_min": 10, "needs": ["provider"], "release": ["exam_room"]},
                ],
            },
            "schedule": {"rule": "wave", "wave_size": 2},
        }
    )
    for rep in range(5):
        day = simulate(scenario, 3, rep)
        assert {p.outcome for p in day.patients} == {"seen"}
        seizes = [(e.patient_id, e.resource_id) for e in day.events if e.event == "seize" and e.step == "rooming"]
        by_patient: dict[int, list[str]] = {}
        for pid, resource in seizes:
            by_patient.setdefault(pid, []).append(resource)
        assert all(resources == ["room_1", "ma"] for resources in by_patient.values())
