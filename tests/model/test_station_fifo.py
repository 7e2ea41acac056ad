"""``queue_discipline: station_fifo``: first come, first served at each station, traced exactly.

One provider, 60 minutes late (fixed). Three booked patients, slots of 5 minutes:

=====  ===========  ============  ==========  =====================  ===================
id     appointment  came (door)   paperwork   joins the exam queue   visit type
=====  ===========  ============  ==========  =====================  ===================
0      0            0             30 min      30                     slow
1      5            5             5 min       10                     fast
2      10           2 (8 early)   5 min       7                      early
=====  ===========  ============  ==========  =====================  ===================

Paperwork needs nobody, so all three wait for the provider, who comes at 60 and sees
each for 10 minutes. By appointment: 0, 1, 2. By arrival: 0, 2, 1. At the station (the
exam queue), by when each joined it: 2, 1, 0.
"""

from __future__ import annotations

import pytest

from flowsim.model import simulate
from flowsim.scenarios import ScenarioError, scenario_from_dict
from flowsim.scenarios.schema import Scenario
from tests.model.days import clinic

EXAM = {"name": "exam", "duration_min": 10, "needs": ["provider"]}


def _three_patients(discipline: str) -> Scenario:
    slots = [
        {"at": "08:00", "visit_type": "slow"},
        {"at": "08:05", "visit_type": "fast"},
        {"at": "08:10", "visit_type": "early"},
    ]
    return clinic(
        providers={
            "dr_a": {
                "sessions": [{"start": "08:00", "end": "12:00"}],
                "start_lateness_min": 60,
                "schedule": {"template": slots},
            }
        },
        exam_rooms={"count": 0},
        visit_types={
            "slow": {"share": 0.4, "slot_min": 5, "pathway": "slow"},
            "fast": {"share": 0.3, "slot_min": 5, "pathway": "fast"},
            "early": {"share": 0.3, "slot_min": 5, "punctuality_min": -8, "pathway": "fast"},
        },
        pathways={
            "slow": [{"name": "paperwork", "duration_min": 30}, EXAM],
            "fast": [{"name": "paperwork", "duration_min": 5}, EXAM],
        },
        queue_discipline=discipline,
    )


def _exam_starts(discipline: str) -> list[tuple[int, float]]:
    log = simulate(_three_patients(discipline), 1, 0)
    return [(e.patient_id, e.time_min) for e in log.events if e.step == "exam" and e.event == "start"]


@pytest.mark.parametrize(
    ("discipline", "expected"),
    [
        ("appointment", [(0, 60.0), (1, 70.0), (2, 80.0)]),
        ("arrival", [(0, 60.0), (2, 70.0), (1, 80.0)]),
        ("station_fifo", [(2, 60.0), (1, 70.0), (0, 80.0)]),
    ],
)
def test_each_discipline_serves_the_exam_queue_in_its_own_order(
    discipline: str, expected: list[tuple[int, float]]
) -> None:
    assert _exam_starts(discipline) == expected


def test_station_fifo_queues_are_joined_when_the_trace_says() -> None:
    log = simulate(_three_patients("station_fifo"), 1, 0)
    joined = [(e.patient_id, e.time_min) for e in log.events if e.step == "exam" and e.event == "queue"]
    assert joined == [(2, 7.0), (1, 10.0), (0, 30.0)]


def test_station_fifo_is_a_queue_discipline_the_file_may_name() -> None:
    data = _three_patients("station_fifo").model_dump(by_alias=True)
    assert scenario_from_dict(data).queue_discipline == "station_fifo"
    with pytest.raises(
        ScenarioError, match="queue_discipline: unknown value 'fifo'; allowed: appointment, arrival, station_fifo"
    ):
        scenario_from_dict({**data, "queue_discipline": "fifo"})
