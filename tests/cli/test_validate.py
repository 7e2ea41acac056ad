"""``flowsim validate``: a summary line per good file, every problem of every bad file, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from flowsim.cli import app
from tests.scenarios.helpers import SCENARIOS, baseline_data, write

runner = CliRunner()
BUNDLED = sorted(SCENARIOS.glob("*.yaml")) + sorted((SCENARIOS / "validation").glob("*.yaml"))


def test_every_bundled_scenario_is_valid() -> None:
    result = runner.invoke(app, ["validate", *map(str, BUNDLED)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split(": ok — ")[0] for line in lines] == [str(p) for p in BUNDLED]
    assert (
        f"{SCENARIOS / 'family_practice.yaml'}: ok — Family practice: 4 providers, 8 exam rooms (dedicated), "
        "5 staff members in 2 pools, 3 visit types, walk-ins 0.5/h" in lines
    )


def test_misspelt_key_exits_2_naming_file_field_and_suggestion(tmp_path: Path) -> None:
    data = baseline_data()
    data["exam_rooms"] = {"cuont": 3}
    path = write(tmp_path / "clinic.yaml", data)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}: exam_rooms.count: required field missing: Number of exam rooms.",
        f"{path}: exam_rooms.cuont: unknown field 'cuont' (did you mean 'count'?); allowed: count, policy, "
        "turnover_min",
    ]


def test_every_problem_of_every_file_is_printed_and_good_files_still_summarised(tmp_path: Path) -> None:
    first = baseline_data()
    first["visit_types"]["physical"]["no_show_prob"] = 3
    first["staff"]["ma"]["count"] = "x"
    second = baseline_data()
    second["providers"]["dr_patel"]["sessions"][1] = {"start": "11:00", "end": "15:00"}
    bad1, bad2 = write(tmp_path / "one.yaml", first), write(tmp_path / "two.yaml", second)
    good = SCENARIOS / "pooled_rooms.yaml"
    result = runner.invoke(app, ["validate", str(bad1), str(good), str(bad2)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{bad1}: staff.ma.count: expected a whole number, got 'x'",
        f"{bad1}: visit_types.physical.no_show_prob: must be between 0 and 1, got 3",
        f"{bad2}: providers.dr_patel.sessions: sessions overlap",
    ]
    assert result.stdout.startswith(f"{good}: ok — Pooled rooms: ")


@pytest.mark.parametrize(
    ("files", "line"),
    [
        (
            {"a.yaml": "extends: b.yaml\n", "b.yaml": "extends: a.yaml\n"},
            "{b}: extends: extends loop: {a} -> {b} -> {a}",
        ),
        ({"a.yaml": "extends: missing.yaml\nname: A\n"}, "{a}: extends: parent scenario file {missing} does not exist"),
        (
            {"a.yaml": "name: [oops\n"},
            "{a}: line 2, column 1: unreadable YAML: expected ',' or ']', but got '<stream end>' "
            "(while parsing a flow sequence)",
        ),
    ],
    ids=["extends loop", "missing parent", "unreadable YAML"],
)
def test_file_level_problems_are_one_clear_line(tmp_path: Path, files: dict[str, str], line: str) -> None:
    for name, text in files.items():
        write(tmp_path / name, text)
    names = {"a": tmp_path / "a.yaml", "b": tmp_path / "b.yaml", "missing": tmp_path / "missing.yaml"}
    result = runner.invoke(app, ["validate", str(tmp_path / "a.yaml")])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [line.format(**names)]
    assert "Traceback" not in result.output


def test_missing_file_and_directory_are_reported_not_raised(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.yaml"), str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'nope.yaml'}: file not found",
        f"{tmp_path}: is a directory, not a scenario file",
    ]


def test_the_summary_line_names_each_room_type(tmp_path: Path) -> None:
    data = baseline_data()
    data["room_types"] = {"procedure": {"count": 2, "policy": "flex"}}
    path = write(tmp_path / "clinic.yaml", data)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "8 exam rooms (dedicated), 2 procedure rooms (flex), 5 staff members" in result.stdout
