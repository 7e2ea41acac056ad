"""Walk-ins go only to providers who see their visit type (``providers.<p>.visit_mix``).

Dr A sees follow-ups, Nurse Kim runs the immunisation book. Walk-ins for immunisation,
whatever the assignment rule, are all seen by Nurse Kim, even when Dr A is free and
next in turn; follow-up walk-ins all by Dr A.
"""

from __future__ import annotations

import pytest

from flowsim.model import simulate
from tests.model.days import clinic


@pytest.mark.parametrize("assign", ["in_turn", "least_busy", "shared_queue"])
def test_walk_ins_are_seen_only_by_providers_who_see_their_type(assign: str) -> None:
    every_day = [{"start": "08:00", "end": "12:00"}]
    scenario = clinic(
        providers={
            "dr_a": {"sessions": every_day, "schedule": {"rule": "none"}, "visit_mix": {"follow_up": 1.0}},
            "nurse_kim": {
                "sessions": every_day,
                "schedule": {"rule": "none"},
                "role": "nurse",
                "visit_mix": {"immunisation": 1.0},
            },
        },
        exam_rooms={"count": 0},
        visit_types={
            "follow_up": {"share": 0.5, "slot_min": 15, "pathway": "visit"},
            "immunisation": {"share": 0.5, "slot_min": 10, "pathway": "visit"},
        },
        pathways={"visit": [{"name": "exam", "duration_min": 5, "needs": ["provider"]}]},
        walk_ins={
            "per_hour": 8,
            "until": "11:00",
            "visit_mix": {"follow_up": 0.5, "immunisation": 0.5},
            "assign": assign,
        },
        queue_discipline="arrival",
    )
    for rep in range(3):
        log = simulate(scenario, 5, rep)
        kinds = {p.visit_type for p in log.patients}
        assert kinds == {"follow_up", "immunisation"}  # both types came
        expected = {"follow_up": "dr_a", "immunisation": "nurse_kim"}
        for p in log.patients:
            assert p.provider == expected[p.visit_type]
            seen_by = {e.resource_id for e in log.events if e.patient_id == p.patient_id and e.event == "seize"}
            assert seen_by == {expected[p.visit_type]}
