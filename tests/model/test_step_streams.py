"""Step durations are drawn from streams keyed by the step's name, not its position.

A redesign that adds a screening step at the door (or a new step anywhere) must not
change how long anyone's other steps take, nor who needs the optional lab draw:
otherwise the paired comparison would see different patients, not the new step.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from flowsim.model import simulate
from flowsim.scenarios.schema import Scenario
from tests.model.days import clinic, step_durations

ROOMING: dict[str, Any] = {
    "name": "rooming",
    "duration_min": {"dist": "gamma", "mean": 5, "cv": 0.4},
    "needs": ["exam_room"],
    "hold": ["exam_room"],
}
EXAM: dict[str, Any] = {
    "name": "exam",
    "duration_min": {"dist": "lognormal", "mean": 14, "cv": 0.5},
    "needs": ["provider"],
    "release": ["exam_room"],
}
LAB: dict[str, Any] = {"name": "lab", "duration_min": {"dist": "uniform", "min": 3, "max": 9}, "probability": 0.4}
CHECKOUT: dict[str, Any] = {"name": "checkout", "duration_min": {"dist": "triangular", "min": 1, "mode": 2, "max": 4}}
SCREENING: dict[str, Any] = {"name": "screening", "duration_min": {"dist": "exponential", "mean": 2}}
VITALS: dict[str, Any] = {"name": "vitals", "duration_min": {"dist": "uniform", "min": 1, "max": 3}, "probability": 0.5}


def _day(steps: list[dict[str, Any]]) -> Scenario:
    """Two providers, a full morning book, two rooms; the pathway under test."""
    session = {"sessions": [{"start": "08:00", "end": "12:00"}]}
    return clinic(
        providers={"dr_a": session, "dr_b": session},
        exam_rooms={"count": 2, "policy": "pooled"},
        visit_types={"visit": {"share": 1.0, "slot_min": 20, "pathway": "visit"}},
        pathways={"visit": steps},
    )


BASE: list[dict[str, Any]] = [ROOMING, EXAM, LAB, CHECKOUT]


@pytest.mark.parametrize(
    "redesign",
    [
        pytest.param([SCREENING, *BASE], id="screening at the door"),
        pytest.param([ROOMING, VITALS, EXAM, LAB, CHECKOUT], id="optional vitals after rooming"),
    ],
)
def test_a_new_step_leaves_every_other_steps_durations_alone(redesign: list[dict[str, Any]]) -> None:
    new_step = next(step["name"] for step in redesign if step not in BASE)
    for rep in range(3):
        before, after = simulate(_day(BASE), 4, rep), simulate(_day(redesign), 4, rep)
        assert len(before.patients) == len(after.patients) == 24  # 12 slots x 2 providers
        first, second = step_durations(before), step_durations(after)
        # Same patients do the optional lab draw, and each old step takes as long as before.
        assert first.keys() == {key for key in second if key[1] != new_step}
        assert {pid for pid, step in first if step == "lab"}, "somebody must need the lab, or lab proves nothing"
        for key, minutes in first.items():
            assert math.isclose(second[key], minutes, rel_tol=1e-9, abs_tol=1e-9), key
        # ...while the new step has random lengths of its own (it is really drawn).
        assert len({round(v, 9) for (_, step), v in second.items() if step == new_step}) > 1
