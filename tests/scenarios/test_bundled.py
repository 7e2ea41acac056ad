"""The bundled scenarios: the family practice baseline and redesigns that each change only what they say."""

from __future__ import annotations

from typing import Any

import pytest

import flowsim.scenarios
from flowsim.scenarios import load_scenario, with_changes
from tests.scenarios.helpers import BASELINE, SCENARIOS

BASE = load_scenario(BASELINE)
REDESIGNS: dict[str, dict[str, Any]] = {
    "pooled_rooms.yaml": {"name": "Pooled rooms", "exam_rooms.policy": "pooled"},
    "extra_room_per_provider.yaml": {"name": "Extra room per provider", "exam_rooms.count": 12},
    "bailey_welch_schedule.yaml": {"name": "Bailey-Welch schedule", "schedule.rule": "bailey_welch"},
    "add_on_slots.yaml": {"name": "Add-on slots", "schedule.reserve_every": 6, "same_day.urgent_prob": 0.3},
    "staggered_starts.yaml": {
        "name": "Staggered starts",
        "providers.dr_garcia.sessions.0": {"start": "08:30", "end": "12:30"},
        "providers.np_kim.sessions.0": {"start": "08:30", "end": "12:30"},
    },
    "text_reminders.yaml": {
        "name": "Text reminders",
        "visit_types.follow_up.no_show_prob": 0.13,
        "visit_types.new_patient.no_show_prob": 0.18,
        "visit_types.physical.no_show_prob": 0.08,
    },
}


def test_family_practice_is_four_providers_with_two_dedicated_rooms_each() -> None:
    assert list(BASE.providers) == ["dr_patel", "dr_nguyen", "dr_garcia", "np_kim"]
    assert (BASE.exam_rooms.count, BASE.exam_rooms.policy) == (8, "dedicated")
    assert BASE.provider_rooms() == {"dr_patel": [1, 2], "dr_nguyen": [3, 4], "dr_garcia": [5, 6], "np_kim": [7, 8]}
    assert {(s.start, s.end) for p in BASE.providers.values() for s in p.sessions} == {
        ("08:00", "12:00"),
        ("13:00", "17:00"),
    }
    assert [step.name for step in BASE.pathways["short_visit"]] == ["check_in", "rooming", "exam", "checkout"]
    assert {name: pool.count for name, pool in BASE.staff.items()} == {"front_desk": 2, "ma": 3}


@pytest.mark.parametrize("file", sorted(REDESIGNS))
def test_each_redesign_is_the_baseline_with_only_its_own_changes(file: str) -> None:
    assert load_scenario(SCENARIOS / file) == with_changes(BASE, REDESIGNS[file])


def test_every_redesign_extends_the_baseline() -> None:
    # (the second practice and its redesigns: tests/scenarios/test_multispecialty.py)
    files = {p.name for p in SCENARIOS.glob("*.yaml")} - {"family_practice.yaml"}
    files -= {p.name for p in SCENARIOS.glob("multispecialty*.yaml")}
    assert files == set(REDESIGNS)
    for file in files:
        assert (SCENARIOS / file).read_text(encoding="utf-8").count("extends: family_practice.yaml\n") == 1


def test_validation_clinics_are_as_small_as_they_say() -> None:
    book = load_scenario(SCENARIOS / "validation" / "single_provider_book.yaml")
    assert (list(book.providers), book.staff, book.exam_rooms.count, book.walk_ins) == (["provider"], {}, 0, None)
    assert [step.needs for step in book.pathways["visit"]] == [["provider"]]
    pooled = load_scenario(SCENARIOS / "validation" / "walk_ins_pooled.yaml")
    assert pooled.walk_ins is not None
    assert (len(pooled.providers), pooled.walk_ins.assign, pooled.walk_ins.per_hour) == (3, "shared_queue", 10.0)
    assert all(p.schedule is not None and p.schedule.rule == "none" for p in pooled.providers.values())


def test_public_names_are_exported_and_importable() -> None:
    assert sorted(flowsim.scenarios.__all__) == flowsim.scenarios.__all__
    for name in flowsim.scenarios.__all__:
        assert getattr(flowsim.scenarios, name) is not None
    assert {"Scenario", "ScenarioError", "load_scenario", "dump_scenario", "redesign_yaml", "with_changes"} <= set(
        flowsim.scenarios.__all__
    )


def test_rooms_that_do_not_divide_evenly_all_get_an_owner() -> None:
    from flowsim.scenarios import with_changes

    rooms = with_changes(load_scenario(SCENARIOS / "family_practice.yaml"), {"exam_rooms.count": 10}).provider_rooms()
    assert sorted(n for owned in rooms.values() for n in owned) == list(range(1, 11))
    assert [len(owned) for owned in rooms.values()] == [3, 3, 2, 2]
