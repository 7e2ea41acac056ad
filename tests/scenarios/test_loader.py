"""Reading scenario files: ``extends:`` chains, merging, and every way a file can be unreadable."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from flowsim.scenarios import ScenarioError, load_scenario, load_scenario_data, scenario_from_dict
from flowsim.scenarios.loader import merge
from tests.scenarios.helpers import BASELINE, baseline_data, write


def _only_line(error: ScenarioError) -> str:
    lines = str(error).splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_merge_is_deep_for_mappings_replaces_lists_and_none_removes() -> None:
    parent = {"a": {"x": 1, "y": [1, 2]}, "b": 1, "c": {"dist": "normal", "mean": 1, "sd": 2}}
    child = {"a": {"y": [3]}, "b": None, "c": {"dist": "exponential", "mean": 5}, "d": {"k": None, "v": 1}}
    assert merge(parent, child) == {
        "a": {"x": 1, "y": [3]},
        "c": {"dist": "exponential", "mean": 5},
        "d": {"v": 1},
    }
    assert parent["a"] == {"x": 1, "y": [1, 2]}  # the parent is not changed


def test_chain_of_extends_is_resolved_relative_to_each_file(tmp_path: Path) -> None:
    (tmp_path / "base").mkdir()
    (tmp_path / "mid").mkdir()
    write(tmp_path / "base" / "clinic.yaml", baseline_data())
    write(tmp_path / "mid" / "pooled.yaml", "extends: ../base/clinic.yaml\nexam_rooms: {policy: pooled}\n")
    leaf = write(tmp_path / "big.yaml", "extends: mid/pooled.yaml\nname: Big\nexam_rooms: {count: 12}\n")
    scenario = load_scenario(leaf)
    assert (scenario.name, scenario.exam_rooms.count, scenario.exam_rooms.policy) == ("Big", 12, "pooled")
    assert scenario.exam_rooms.turnover_min == load_scenario(BASELINE).exam_rooms.turnover_min
    assert "extends" not in load_scenario_data(leaf)


def test_a_list_in_the_child_replaces_the_parents_list(tmp_path: Path) -> None:
    write(tmp_path / "base.yaml", baseline_data())
    child = write(
        tmp_path / "child.yaml",
        "extends: base.yaml\nproviders:\n  np_kim:\n    sessions: [{start: '08:00', end: '12:00'}]\n",
    )
    scenario = load_scenario(child)
    assert [(s.start, s.end) for s in scenario.providers["np_kim"].sessions] == [("08:00", "12:00")]
    assert scenario.providers["np_kim"].documentation_min is not None  # the rest of np_kim is kept


def test_extends_loop_is_one_line_naming_the_chain(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", "extends: b.yaml\nname: A\n")
    write(tmp_path / "b.yaml", "extends: a.yaml\nname: B\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path / "a.yaml")
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert _only_line(caught.value) == f"{b}: extends: extends loop: {a} -> {b} -> {a}"


def test_a_file_extending_itself_is_a_loop(tmp_path: Path) -> None:
    path = write(tmp_path / "self.yaml", "extends: self.yaml\nname: Me\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert _only_line(caught.value) == f"{path}: extends: extends loop: {path} -> {path}"


def test_missing_parent_is_one_line_naming_parent_and_referring_file(tmp_path: Path) -> None:
    path = write(tmp_path / "child.yaml", "extends: nowhere/base.yaml\nname: Child\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    parent = tmp_path / "nowhere" / "base.yaml"
    assert _only_line(caught.value) == f"{path}: extends: parent scenario file {parent} does not exist"


def test_extends_must_be_a_path(tmp_path: Path) -> None:
    path = write(tmp_path / "child.yaml", "extends: [a.yaml]\nname: Child\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.problems == [("extends", "expected the path of the parent scenario file, got ['a.yaml']")]


def test_unreadable_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.yaml", "name: Bad\nexam_rooms:\n  count: 3\n   policy: pooled\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert _only_line(caught.value).startswith(f"{path}: line 4, column 10: unreadable YAML: ")


def test_unreadable_yaml_in_a_parent_names_the_parent(tmp_path: Path) -> None:
    write(tmp_path / "base.yaml", "name: [unclosed\n")
    child = write(tmp_path / "child.yaml", "extends: base.yaml\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(child)
    assert caught.value.file == str(tmp_path / "base.yaml")
    assert "unreadable YAML" in _only_line(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty; a scenario is a mapping of fields (name, providers, visit_types, pathways, ...)"),
        (
            "- a\n- b\n",
            "expected a mapping of fields (name, providers, visit_types, pathways, ...) at the top level, got a list",
        ),
        (
            "just text\n",
            "expected a mapping of fields (name, providers, visit_types, pathways, ...) at the top "
            "level, got plain text",
        ),
    ],
)
def test_top_level_must_be_a_mapping(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "s.yaml", text)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert str(caught.value) == f"{path}: {message}"


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as missing:
        load_scenario(tmp_path / "none.yaml")
    assert str(missing.value) == f"{tmp_path / 'none.yaml'}: file not found"
    with pytest.raises(ScenarioError) as directory:
        load_scenario(tmp_path)
    assert str(directory.value) == f"{tmp_path}: is a directory, not a scenario file"


def test_not_utf8_is_a_scenario_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert _only_line(caught.value).startswith(f"{path}: cannot read the file: ")


def test_problem_in_a_field_set_by_the_parent_says_so(tmp_path: Path) -> None:
    data = baseline_data()
    data["exam_rooms"]["count"] = 3  # fewer rooms than the four dedicated providers need
    write(tmp_path / "base.yaml", data)
    child = write(tmp_path / "child.yaml", "extends: base.yaml\nname: Child\nstaff: {ma: {count: -1}}\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(child)
    assert caught.value.problems == [("staff.ma.count", "must be between 0 and 10000, got -1")]
    # once the child's own problem is fixed, the parent's shows where it comes from
    write(child, "extends: base.yaml\nname: Child\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(child)
    assert (
        "providers.np_kim.rooms",
        f"with dedicated rooms every provider needs at least one room (set in {tmp_path / 'base.yaml'})",
    ) in caught.value.problems


def test_scenario_from_dict_refuses_non_mappings_and_extends() -> None:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict([1, 2], source="notebook")
    assert str(caught.value).startswith("notebook: expected a mapping of fields")
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict({"extends": "x.yaml"})
    assert caught.value.problems[0][0] == "extends"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: &x {b: *x}\n", "line 1: the YAML refers to itself: an alias (*name) inside its own anchor (&name)"),
        ("a: " + "[" * 3000 + "]" * 3000 + "\n", "line 1: the YAML is nested too deeply to read"),
    ],
    ids=["alias inside its anchor", "deep nesting"],
)
def test_self_referring_or_absurdly_deep_yaml_is_a_scenario_error(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "s.yaml", text)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert str(caught.value) == f"{path}: {message}"


def test_anchored_providers_become_separate_copies_in_the_data() -> None:
    data = load_scenario_data(BASELINE)
    data["providers"]["dr_patel"]["sessions"].pop()
    assert len(data["providers"]["np_kim"]["sessions"]) == 2


def test_scenario_error_survives_pickling_for_worker_processes() -> None:
    error = ScenarioError("clinic.yaml", [("exam_rooms.count", "must be at least 0, got -1"), ("", "whole file")])
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.file, copy.problems, str(copy)) == (error.file, error.problems, str(error))
    assert str(error) == "clinic.yaml: exam_rooms.count: must be at least 0, got -1\nclinic.yaml: whole file"
