"""Writing scenarios back to YAML: a dump loads to an equal scenario; a redesign file to the redesign."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from flowsim.scenarios import dump_scenario, load_scenario, redesign_yaml, scenario_from_dict, with_changes
from flowsim.scenarios.loader import parse_mapping
from flowsim.scenarios.schema import Scenario
from tests.scenarios.helpers import BASELINE, SCENARIOS
from tests.strategies import scenario_dicts


def _reload(text: str) -> Scenario:
    return scenario_from_dict(parse_mapping(text, "<dump>"), "<dump>")


@given(scenario_dicts(), st.booleans())
def test_dumped_scenario_loads_to_an_equal_scenario(data: dict[str, Any], full: bool) -> None:
    scenario = scenario_from_dict(data)
    assert _reload(dump_scenario(scenario, full=full)) == scenario


def test_text_that_reads_as_an_exponent_number_is_written_quoted() -> None:
    # the reader takes 0E0 and 1e5 for numbers (YAML 1.2): a clinic named so must keep its name
    for name in ("0E0", "1e5", "-2E+3"):
        scenario = with_changes(load_scenario(BASELINE), {"name": name})
        assert f"name: '{name}'" in dump_scenario(scenario)
        assert _reload(dump_scenario(scenario)).name == name


def test_dump_leaves_out_defaults_and_writes_fixed_times_as_numbers() -> None:
    scenario = scenario_from_dict(
        {
            "name": "Tiny",
            "providers": {"dr_a": {"sessions": [{"start": "08:00", "end": "09:00"}]}},
            "visit_types": {"visit": {"share": 1, "slot_min": 20, "pathway": "p"}},
            "pathways": {"p": [{"name": "exam", "duration_min": 12, "needs": ["provider"]}]},
        }
    )
    assert dump_scenario(scenario) == (
        "name: Tiny\n"
        "providers:\n"
        "  dr_a:\n"
        "    sessions:\n"
        "    - {start: '08:00', end: '09:00'}\n"
        "visit_types:\n"
        "  visit: {share: 1.0, slot_min: 20.0, pathway: p}\n"
        "pathways:\n"
        "  p:\n"
        "  - name: exam\n"
        "    duration_min: 12.0\n"
        "    needs: [provider]\n"
    )


def _redesign_round_trip(base_text: str, baseline: Scenario, redesign: Scenario) -> Scenario:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "base.yaml").write_text(base_text, encoding="utf-8")
        path = Path(folder) / "redesign.yaml"
        path.write_text(redesign_yaml("base.yaml", baseline, redesign), encoding="utf-8")
        return load_scenario(path)


@given(scenario_dicts(), scenario_dicts())
def test_redesign_file_next_to_its_baseline_loads_to_the_redesign(base: dict[str, Any], other: dict[str, Any]) -> None:
    baseline, redesign = scenario_from_dict(base), scenario_from_dict(other)
    assert _redesign_round_trip(yaml.safe_dump(base), baseline, redesign) == redesign


CHANGES = st.sampled_from(
    [
        {"exam_rooms.policy": "pooled"},
        {"exam_rooms.count": 12, "name": "Twelve rooms"},
        {"exam_rooms.turnover_min": None},
        {"walk_ins": None},
        {"pathways.short_visit.2.duration_min": {"dist": "gamma", "mean": 14, "cv": 0.4}},
        {"pathways.short_visit.2.duration_min": 15},
        {"pathways.short_visit.2.duration_min.cv": None, "pathways.short_visit.2.duration_min.sd": 6},
        {"visit_types.follow_up.no_show_prob": 0.1, "schedule.rule": "bailey_welch"},
        {"providers.np_kim.sessions": [{"start": "09:00", "end": "12:00"}]},
        {"staff.ma.count_by_time": [{"from": "12:00", "count": 1}, {"from": "13:00", "count": 3}]},
    ]
)


@given(CHANGES)
def test_small_redesign_of_the_bundled_baseline_is_small_and_round_trips(changes: dict[str, Any]) -> None:
    baseline = load_scenario(BASELINE)
    redesign = with_changes(baseline, changes)
    text = redesign_yaml("family_practice.yaml", baseline, redesign)
    assert text.startswith("extends: family_practice.yaml\n")
    assert set(yaml.safe_load(text)) <= {"extends", "name", *(path.split(".")[0] for path in changes)}  # own name
    assert _redesign_round_trip(BASELINE.read_text(encoding="utf-8"), baseline, redesign) == redesign


def test_redesign_yaml_of_pooled_rooms_is_the_two_line_diff() -> None:
    baseline = load_scenario(BASELINE)
    pooled = load_scenario(SCENARIOS / "pooled_rooms.yaml")
    assert redesign_yaml("family_practice.yaml", baseline, pooled) == (
        "extends: family_practice.yaml\nname: Pooled rooms\nexam_rooms: {policy: pooled}\n"
    )


def test_removing_a_provider_is_written_as_null() -> None:
    baseline = load_scenario(BASELINE)
    data = baseline.model_dump(mode="json", by_alias=True)
    del data["providers"]["np_kim"]
    data["walk_ins"]["assign"] = "dr_patel"
    three = scenario_from_dict(data)
    text = redesign_yaml("family_practice.yaml", baseline, three)
    assert yaml.safe_load(text) == {
        "extends": "family_practice.yaml",
        "providers": {"np_kim": None},
        "walk_ins": {"assign": "dr_patel"},
    }
    assert _redesign_round_trip(BASELINE.read_text(encoding="utf-8"), baseline, three) == three
