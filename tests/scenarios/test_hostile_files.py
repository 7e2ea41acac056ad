"""Hostile scenario files: bombs, repeated keys, reaching for other files, odd file kinds, limits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from flowsim.app_pages.uploads import UploadError, load_upload
from flowsim.scenarios import ScenarioError, load_scenario, scenario_from_dict
from flowsim.scenarios.limits import MAX_PATIENTS_PER_DAY
from flowsim.scenarios.loader import MAX_EXTENDS_DEPTH
from flowsim.scenarios.safe_yaml import (
    MAX_ALIAS_VALUES,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    TOO_DEEP,
    TOO_LARGE,
    UnsafeYamlError,
    load_yaml,
)
from tests.scenarios.helpers import BASELINE, baseline_data, write


def _only_line(error: ScenarioError) -> str:
    lines = error.lines()
    assert len(lines) == 1, lines
    return lines[0]


def _laughs(levels: int, width: int = 10, flow: bool = True) -> str:
    """A "billion laughs": each level an anchor holding ``width`` aliases of the level below."""
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    for k in range(1, levels):
        items = ", ".join([f"*a{k - 1}"] * width)
        lines.append(
            f"a{k}: &a{k} [{items}]" if flow else f"a{k}: &a{k}\n" + "".join(f"  - *a{k - 1}\n" for _ in range(width))
        )
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("flow", [True, False], ids=["flow lists", "block lists"])
def test_billion_laughs_is_refused_in_one_line_naming_the_line(tmp_path: Path, flow: bool) -> None:
    path = write(tmp_path / "bomb.yaml", _laughs(9, flow=flow))
    assert path.stat().st_size < 2000
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    line = _only_line(caught.value)
    assert line.startswith(f"{path}: line ")
    assert f"the aliases (*name) expand to more than {MAX_ALIAS_VALUES:,} values" in line


def test_mapping_bomb_with_merge_keys_is_refused(tmp_path: Path) -> None:
    levels = ["m0: &m0 {" + ", ".join(f"k{i}: {i}" for i in range(10)) + "}"]
    for k in range(1, 8):
        levels.append(f"m{k}: &m{k} {{" + ", ".join(f"x{i}: *m{k - 1}" for i in range(10)) + "}")
    path = write(tmp_path / "maps.yaml", "\n".join(levels) + "\n")
    with pytest.raises(ScenarioError, match="expand to more than"):
        load_scenario(path)


def test_aliases_within_the_budget_still_read_as_copies() -> None:
    text = _laughs(4)  # 10 + 100 + 1,000 + 10,000 values: within the budget
    data = load_yaml(text)
    assert len(data["a3"]) == 10 and data["a3"][0][0][0] == ["lol"] * 10


def test_repeated_key_is_refused_with_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "twice.yaml", "name: A\nexam_rooms:\n  count: 8\n  policy: pooled\n  count: 4\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert _only_line(caught.value) == f"{path}: line 5: duplicate key 'count' (first at line 3); keep one of them"


@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{a: ", "}")])
def test_nesting_deeper_than_the_limit_is_refused_before_the_scanner_gets_slow(opening: str, closing: str) -> None:
    # PyYAML scans flow nesting in time square in its depth: 10,000 levels took minutes and
    # then ran out of stack. The composer stops at MAX_DEPTH instead, naming the line.
    levels = 10_000
    with pytest.raises(UnsafeYamlError, match=f"^line 1: {TOO_DEEP}$"):
        load_yaml("name: " + opening * levels + "1" + closing * levels + "\n")


def test_nesting_up_to_the_limit_is_read() -> None:
    lists = MAX_DEPTH - 2  # the top mapping and the number are a level each
    data = load_yaml("name: " + "[" * lists + "1" + "]" * lists + "\n")["name"]
    for _ in range(lists - 1):
        data = data[0]
    assert data == [1]
    with pytest.raises(UnsafeYamlError, match=TOO_DEEP):
        load_yaml("name: " + "[" * (lists + 1) + "1" + "]" * (lists + 1) + "\n")


def test_merge_keys_may_be_overridden_without_being_duplicates() -> None:
    data = load_yaml("base: &b {count: 2, policy: pooled}\nrooms:\n  <<: *b\n  count: 3\n")
    assert data["rooms"] == {"count": 3, "policy": "pooled"}


def test_file_larger_than_the_cap_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("name: x\n" + "# padding\n" * (MAX_FILE_BYTES // 10 + 1), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert (
        _only_line(caught.value)
        == f"{path}: the file is larger than {MAX_FILE_BYTES:,} bytes; a scenario is a few kilobytes"
    )


def test_an_upload_larger_than_the_cap_is_refused() -> None:
    baseline = load_scenario(BASELINE)
    with pytest.raises(UploadError) as caught:
        load_upload(b"#" * (MAX_FILE_BYTES + 1), "big.yaml", str(BASELINE), baseline)
    assert caught.value.lines == [f"big.yaml: {TOO_LARGE}"]
    assert TOO_LARGE == "the file is larger than 1,000,000 bytes; a scenario is a few kilobytes"


def test_extends_of_a_non_yaml_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:SECRET-LINE:/root:/bin/bash\n", encoding="utf-8")
    path = write(tmp_path / "steal.yaml", f"extends: {secret}\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    line = _only_line(caught.value)
    assert "SECRET-LINE" not in line and "root:x" not in line
    assert line.endswith("only .yaml and .yml files can be extended")


def test_a_yaml_parent_that_is_not_a_mapping_is_not_echoed(tmp_path: Path) -> None:
    write(tmp_path / "notes.yaml", "SECRET-LINE plain text that happens to end in .yaml\n")
    path = write(tmp_path / "steal.yaml", "extends: notes.yaml\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    line = _only_line(caught.value)
    assert "SECRET" not in line and line.endswith("at the top level, got plain text")


def test_an_upload_may_extend_the_bundled_scenarios_but_no_other_file(tmp_path: Path) -> None:
    baseline = load_scenario(BASELINE)
    outside = write(tmp_path / "private.yaml", baseline_data())
    with pytest.raises(UploadError) as caught:
        load_upload(f"extends: {outside}\nname: Stolen\n".encode(), "up.yaml", str(BASELINE), baseline)
    assert caught.value.lines == [
        f"up.yaml: extends: '{outside}' is not one of the scenarios this file may extend (only files beside it)"
    ]
    with pytest.raises(UploadError, match="not one of the scenarios"):
        load_upload(b"extends: ../../../etc/x.yaml\nname: Up\n", "up.yaml", str(BASELINE), baseline)
    pooled = load_upload(b"extends: pooled_rooms.yaml\nname: Mine\n", "up.yaml", str(BASELINE), baseline)
    assert (pooled.name, pooled.exam_rooms.policy) == ("Mine", "pooled")


def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(fifo)  # would block forever if it were opened
    assert _only_line(caught.value) == f"{fifo}: is not a regular file (a pipe or a device?); give a scenario file"


def test_a_fifo_parent_is_refused_too(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    path = write(tmp_path / "child.yaml", "extends: pipe.yaml\n")
    with pytest.raises(ScenarioError, match=r"pipe\.yaml: is not a regular file"):
        load_scenario(path)


def test_a_very_long_extends_chain_blames_the_file_where_it_is_too_long(tmp_path: Path) -> None:
    write(tmp_path / "f0.yaml", baseline_data())
    for i in range(1, 3001):
        write(tmp_path / f"f{i}.yaml", f"extends: f{i - 1}.yaml\nname: s{i}\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path / "f3000.yaml")
    culprit = tmp_path / f"f{3000 - MAX_EXTENDS_DEPTH + 1}.yaml"
    assert _only_line(caught.value) == (
        f"{culprit}: extends: the extends: chain is more than {MAX_EXTENDS_DEPTH} files long "
        f"(from {tmp_path / 'f3000.yaml'})"
    )


def test_a_chain_within_the_limit_blames_the_file_that_set_the_bad_field(tmp_path: Path) -> None:
    data = baseline_data()
    data["exam_rooms"]["count"] = -1
    write(tmp_path / "f0.yaml", data)
    for i in range(1, MAX_EXTENDS_DEPTH):
        write(tmp_path / f"f{i}.yaml", f"extends: f{i - 1}.yaml\nname: s{i}\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path / f"f{MAX_EXTENDS_DEPTH - 1}.yaml")
    assert _only_line(caught.value).endswith(f"got -1 (set in {tmp_path / 'f0.yaml'})")


def test_exponent_numbers_read_the_same_for_every_number_field(tmp_path: Path) -> None:
    text = BASELINE.read_text(encoding="utf-8")
    base = load_scenario(BASELINE)
    vt = next(iter(base.visit_types))
    step = base.pathways[base.visit_types[vt].pathway][0].name
    path = write(tmp_path / "exp.yaml", f"extends: {BASELINE}\nvisit_types:\n  {vt}: {{slot_min: 5e1}}\n")
    assert load_scenario(path).visit_types[vt].slot_min == 50.0
    assert "5e1" not in text  # the baseline itself is unchanged
    data = baseline_data()
    pathway = base.visit_types[vt].pathway
    data["pathways"][pathway][0]["duration_min"] = "__EXP__"
    written = write(tmp_path / "dur.yaml", data).read_text(encoding="utf-8").replace("__EXP__", "5e1")
    scenario = load_scenario(write(tmp_path / "dur.yaml", written))
    first = scenario.pathways[pathway][0]
    assert (first.name, first.duration_min.value) == (step, 50.0)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"schedule": {"rule": "custom", "custom_times": ["07:00", "09:00", "17:30"]}}, "schedule.custom_times",
         "07:00, 17:30 outside opening hours 08:00-17:00"),
        ({"walk_ins": {"per_hour": 1, "visit_mix": {"follow_up": 1}, "until": "18:00"}}, "walk_ins.until",
         "18:00 is outside opening hours 08:00-17:00"),
    ],
    ids=["custom times", "walk-in cut-off"],
)  # fmt: skip
def test_times_outside_opening_hours_are_refused(change: dict[str, object], field: str, message: str) -> None:
    data = {**baseline_data(), **change}
    data["clinic"] = {"open": "08:00", "close": "17:00"}
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data, "clinic.yaml")
    assert (field, message) in caught.value.problems


@pytest.mark.parametrize(
    ("text", "code"),
    [("Clinic\x1b[2J\x1b[31mRED", "U+001B"), ("Clinic \u202eevil", "U+202E"), ("two\nlines", "U+000A"),
     ("bell\x07", "U+0007"), ("isolate\u2066x", "U+2066")],
)  # fmt: skip
def test_names_with_control_or_direction_characters_are_refused(text: str, code: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict({**baseline_data(), "name": text}, "clinic.yaml")
    ((field, message),) = caught.value.problems
    assert field == "name" and message.startswith(f"character {code} (")
    assert "\x1b" not in message and "\u202e" not in message


def test_descriptions_keep_line_breaks_but_not_escapes() -> None:
    assert scenario_from_dict({**baseline_data(), "description": "line one\nline two\tok"}).description.count("\n") == 1
    with pytest.raises(ScenarioError, match="description: character U\\+009B"):
        scenario_from_dict({**baseline_data(), "description": "csi\x9b31m"}, "clinic.yaml")


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("exam_rooms", "count"), 10**20, "must be between 0 and 10000, got 100000000000000000000"),
        (("staff", "front_desk", "count"), 10**9, "must be between 0 and 10000, got 1000000000"),
        (("visit_types", "follow_up", "slot_min"), 0.001, "must be at least 1, got 0.001"),
        (("schedule", "wave_size"), 10**6, "must be between 1 and 1000, got 1000000"),
    ],
)
def test_sizes_beyond_the_limits_get_a_clear_message(path: tuple[str, ...], value: object, message: str) -> None:
    data = baseline_data()
    data.setdefault("schedule", {})
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data, "clinic.yaml")
    assert (".".join(path), message) in caught.value.problems


def test_walk_in_rate_and_patients_per_day_have_limits() -> None:
    data = baseline_data()
    data["walk_ins"] = {"per_hour": 1e9, "visit_mix": {"follow_up": 1}}
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data, "clinic.yaml")
    assert ("walk_ins.per_hour", "must be between 0 and 1000, got 1000000000.0") in caught.value.problems
    provider = next(iter(data["providers"].values()))
    data["walk_ins"] = None
    data["providers"] = {f"p{i}": provider for i in range(10_000)}
    data["exam_rooms"] = {"count": 10_000}
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data, "clinic.yaml")
    ((field, message),) = caught.value.problems
    assert field == "" and message.endswith(
        f"at most {MAX_PATIENTS_PER_DAY:,} are simulated: fewer providers, longer slots or a lower walk-in rate"
    )


def test_validate_on_a_bomb_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    path = write(tmp_path / "bomb.yaml", _laughs(9))
    done = subprocess.run(
        [sys.executable, "-m", "flowsim", "validate", str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    expected = "line 5: the aliases (*name) expand to more than 100,000 values; write the values out or use fewer"
    assert done.stdout + done.stderr == f"{path}: {expected} aliases\n"
