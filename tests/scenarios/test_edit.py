"""Variants by dotted path: new validated scenarios, the original untouched, typos caught."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowsim.scenarios import Lognormal, ScenarioError, load_scenario, parse_vary, with_changes
from flowsim.scenarios.schema import Scenario
from tests.scenarios.helpers import BASELINE
from tests.strategies import scenarios

BASE = load_scenario(BASELINE)


def test_changes_give_a_new_scenario_and_leave_the_original_alone() -> None:
    changed = with_changes(
        BASE,
        {
            "exam_rooms.count": 10,
            "walk_ins.per_hour": 2,
            "pathways.short_visit.2.duration_min.mean": 12,
            "providers.dr_patel.sessions.0.start": "08:30",
            "exam_rooms.turnover_min": Lognormal(dist="lognormal", mean=3, sd=1),
        },
    )
    assert changed.exam_rooms.count == 10 and BASE.exam_rooms.count == 8
    assert changed.walk_ins is not None and changed.walk_ins.per_hour == 2.0
    assert changed.pathways["short_visit"][2].duration_min == Lognormal(dist="lognormal", mean=12, cv=0.5)
    assert changed.providers["dr_patel"].sessions[0].start == "08:30"
    assert changed.providers["dr_nguyen"].sessions[0].start == "08:00"
    assert changed.exam_rooms.turnover_min == Lognormal(dist="lognormal", mean=3, sd=1)
    assert (
        with_changes(changed, {"exam_rooms.count": 8, "walk_ins.per_hour": 0.5}).exam_rooms
        == with_changes(BASE, {"exam_rooms.turnover_min": {"dist": "lognormal", "mean": 3, "sd": 1}}).exam_rooms
    )


def test_an_empty_section_can_be_filled_and_a_named_entry_added() -> None:
    no_walk_ins = with_changes(BASE, {"walk_ins": None})
    assert no_walk_ins.walk_ins is None
    again = with_changes(no_walk_ins, {"walk_ins.per_hour": 1, "walk_ins.visit_mix": {"follow_up": 1}})
    assert again.walk_ins is not None and again.walk_ins.assign == "in_turn"
    more = with_changes(BASE, {"staff.nurse": {"count": 1}})
    assert more.staff["nurse"].count == 1


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        (
            {"exam_rooms.cuont": 3},
            ("exam_rooms.cuont", "unknown field 'cuont' (did you mean 'count'?); allowed: count, policy, turnover_min"),
        ),
        (
            {"pathways.short_visit.7.name": "x"},
            ("pathways.short_visit.7", "no item 7: the list has 4 (positions from 0)"),
        ),
        (
            {"pathways.short_visit.exma.duration_min": 3},
            (
                "pathways.short_visit.exma",
                "no item named 'exma' (did you mean 'exam'?); expected one of check_in, rooming, exam, checkout "
                "or a list position 0..3",
            ),
        ),
        ({"name.first": "x"}, ("name.first", "name is a single value, not a section")),
        ({"exam_rooms..count": 3}, ("exam_rooms..count", "expected a dotted field path such as exam_rooms.count")),
        ({"exam_rooms.count": -1}, ("exam_rooms.count", "must be between 0 and 10000, got -1")),
        (
            {"providers.dr_patel.sessions.0.start": "12:30"},
            ("providers.dr_patel.sessions.0", "session ends (12:00) before it starts (12:30)"),
        ),
    ],
)
def test_bad_changes_are_scenario_errors_naming_the_path(changes: dict[str, Any], problem: tuple[str, str]) -> None:
    with pytest.raises(ScenarioError) as caught:
        with_changes(BASE, changes, source="sweep")
    assert caught.value.file == "sweep"
    assert problem in caught.value.problems


def test_steps_are_addressed_by_name_as_well_as_by_position() -> None:
    by_name = with_changes(BASE, {"pathways.short_visit.exam.duration_min.mean": 12}, name="Long exams")
    by_position = with_changes(BASE, {"pathways.short_visit.2.duration_min.mean": 12}, name="Long exams")
    assert by_name == by_position
    assert by_name.pathways["short_visit"][2].duration_min == Lognormal(dist="lognormal", mean=12, cv=0.5)
    assert by_name.pathways["short_visit"][1] == BASE.pathways["short_visit"][1]


def test_a_variant_never_keeps_the_original_name() -> None:
    auto = with_changes(BASE, {"exam_rooms.count": 10, "exam_rooms.policy": "pooled"})
    assert auto.name == f"{BASE.name} (exam_rooms.count=10, exam_rooms.policy=pooled)"
    assert with_changes(BASE, {"exam_rooms.count": 10}, name="Ten rooms").name == "Ten rooms"
    assert with_changes(BASE, {"exam_rooms.count": 10, "name": "Ten"}).name == "Ten"
    assert with_changes(BASE, {}).name == BASE.name  # no change: the same design
    long = with_changes(BASE, {"pathways.short_visit.exam.duration_min": {"dist": "lognormal", "mean": 12, "sd": 4}})
    assert long.name.startswith(f"{BASE.name} (pathways.short_visit.exam.duration_min={{dist: lognormal")
    assert len(long.name) <= len(BASE.name) + 83


def test_a_variant_and_its_original_can_be_compared_without_naming_it() -> None:
    from flowsim.experiment import run_experiment

    result = run_experiment([BASE, with_changes(BASE, {"exam_rooms.policy": "pooled"})], reps=2, seed=1, workers=1)
    assert result.comparison is not None
    assert list(result.comparison["redesign"].unique()) == [f"{BASE.name} (exam_rooms.policy=pooled)"]


@given(scenarios(), st.sampled_from(["dedicated", "pooled", "flex"]), st.integers(3, 9))
def test_with_changes_equals_validating_the_edited_data(scenario: Scenario, policy: str, count: int) -> None:
    data = scenario.model_dump(mode="json", by_alias=True)
    data["exam_rooms"].update(policy=policy, count=count)
    data["name"] = f"{scenario.name} (exam_rooms.policy={policy}, exam_rooms.count={count})"
    try:
        expected: Scenario | str = Scenario.model_validate(data)
    except ValueError:
        expected = "invalid"
    try:
        got: Scenario | str = with_changes(scenario, {"exam_rooms.policy": policy, "exam_rooms.count": count})
    except ScenarioError:
        got = "invalid"
    assert got == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("exam_rooms.count=6,8,10", ("exam_rooms.count", [6, 8, 10])),
        ("exam_rooms.policy=pooled, dedicated", ("exam_rooms.policy", ["pooled", "dedicated"])),
        ("visit_types.follow_up.no_show_prob=0.1,0.2", ("visit_types.follow_up.no_show_prob", [0.1, 0.2])),
        ("patients.hold_early_arrivals=true,false", ("patients.hold_early_arrivals", [True, False])),
        (
            "pathways.short_visit.2.duration_min={dist: exponential, mean: 5},7",
            ("pathways.short_visit.2.duration_min", [{"dist": "exponential", "mean": 5}, 7]),
        ),
        (
            "providers.np_kim.sessions.0.start='08:30','09:00'",
            ("providers.np_kim.sessions.0.start", ["08:30", "09:00"]),
        ),
    ],
)
def test_parse_vary_types_values_as_yaml(text: str, expected: tuple[str, list[Any]]) -> None:
    assert parse_vary(text) == expected


@pytest.mark.parametrize("text", ["exam_rooms.count", "=3", "exam_rooms.count=", "exam_rooms.count=1,,2", "a=[1"])
def test_parse_vary_refuses_malformed_options(text: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_vary(text)
    assert caught.value.file == "--vary"
    assert "expected PATH=V1,V2,... such as exam_rooms.count=6,8,10" in str(caught.value)
