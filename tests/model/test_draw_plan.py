"""The per-scenario draw plan: a day's streams named up front, visit types grouped by pathway."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flowsim.model.arrivals import draw_patients
from flowsim.model.compile import compile_scenario
from flowsim.model.draw_plan import draw_plan
from flowsim.scenarios import load_scenario
from flowsim.scenarios.schema import Scenario
from tests.strategies import scenarios

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted([*ROOT.glob("scenarios/*.yaml"), *ROOT.glob("scenarios/validation/*.yaml")])


def _draws_only_planned_streams(scenario: Scenario, seed: int, rep: int) -> None:
    # A stream seeded on its own (not in the plan) would give the same numbers, only
    # slower: the plan must name every stream a day reads.
    with mock.patch("flowsim.rng._pcg64_state", side_effect=AssertionError("a stream missing from the plan")):
        draw_patients(compile_scenario(scenario), seed, rep)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_a_bundled_day_reads_only_streams_its_plan_names(path: Path) -> None:
    scenario = load_scenario(path)
    for rep in range(3):
        _draws_only_planned_streams(scenario, 1, rep)


@settings(max_examples=60, deadline=None)
@given(scenario=scenarios(), seed=st.integers(0, 2**31 - 1), rep=st.integers(0, 50))
def test_any_day_reads_only_streams_its_plan_names(scenario: Scenario, seed: int, rep: int) -> None:
    _draws_only_planned_streams(scenario, seed, rep)


def test_visit_types_with_one_pathway_are_one_group_and_unneeded_streams_are_not_named() -> None:
    plan = draw_plan(compile_scenario(load_scenario(ROOT / "scenarios" / "family_practice.yaml")))
    # follow_up walks the short visit; new_patient and physical both the long one
    assert plan.pathway_of.tolist() == [0, 1, 1]
    assert [[s.name for s in steps] for steps in plan.pathways] == [
        ["check_in", "rooming", "exam", "checkout"],
        ["check_in", "rooming", "exam", "lab_draw", "checkout"],
    ]
    walk_ins = plan.walk_ins
    assert (walk_ins.show, walk_ins.punctuality, walk_ins.patience) == (None, None, None)  # nothing to draw
    assert walk_ins.optional == {
        "check_in": None,
        "rooming": None,
        "exam": None,
        "checkout": None,
        "lab_draw": "optional:lab_draw/walk_in",
    }
    assert plan.owners[0].steps["exam"] == "step:exam/dr_patel"
    assert "book/dr_patel" in plan.names and "walk_in/arrivals" in plan.names
    assert not any(name.startswith("same_day_") for name in plan.names)  # no slot is kept for add-ons


def test_the_plan_is_made_once_per_compiled_scenario() -> None:
    compiled = compile_scenario(load_scenario(ROOT / "scenarios" / "family_practice.yaml"))
    assert draw_plan(compiled) is draw_plan(compiled)
