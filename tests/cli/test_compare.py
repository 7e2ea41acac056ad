"""``flowsim compare``: paired differences, the pairing gain, and byte-identical reruns."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from flowsim.cli import app
from tests.experiment.clinics import write_tiny

runner = CliRunner(env={"COLUMNS": "200"})  # wide enough that table cells do not wrap


def _args(tmp_path: Path, *extra: str) -> list[str]:
    base, redesign = write_tiny(tmp_path, "one_room", rooms=1), write_tiny(tmp_path, "three_rooms", rooms=3)
    return ["compare", str(base), str(redesign), "--reps", "5", "--seed", "3", "--workers", "1", *extra]


def test_table_shows_differences_and_the_pairing_gain(tmp_path: Path) -> None:
    result = runner.invoke(app, _args(tmp_path))
    assert result.exit_code == 0, result.output
    assert "three_rooms against one_room (paired over 5 replications)" in result.stdout
    assert "difference [95% CI]" in result.stdout and "wait, mean (min)" in result.stdout
    assert "Pairing gain" in result.stdout and "three_rooms: ±" in result.stdout and "narrower" in result.stdout


def test_csv_is_the_comparison_one_row_per_redesign_and_kpi(tmp_path: Path) -> None:
    result = runner.invoke(app, _args(tmp_path, "--format", "csv"))
    assert result.exit_code == 0, result.output
    comparison = pd.read_csv(io.StringIO(result.stdout))
    assert set(comparison["redesign"]) == {"three_rooms"}
    assert not comparison["kpi"].duplicated().any()
    wait = comparison.set_index("kpi").loc["wait_for_provider_min_mean"]
    assert wait["diff"] == wait["redesign_mean"] - wait["baseline_mean"] or abs(
        wait["diff"] - (wait["redesign_mean"] - wait["baseline_mean"])
    ) < 1e-6 * abs(wait["baseline_mean"])
    assert wait["diff_ci_low"] <= wait["diff"] <= wait["diff_ci_high"]


def test_json_holds_comparison_and_summary(tmp_path: Path) -> None:
    result = runner.invoke(app, _args(tmp_path, "--format", "json"))
    payload = json.loads(result.stdout)
    assert set(payload) == {"comparison", "summary"}
    assert {row["scenario"] for row in payload["summary"]} == {"one_room", "three_rooms"}


def test_same_seed_twice_gives_identical_files(tmp_path: Path) -> None:
    for name in ("first", "second"):
        result = runner.invoke(app, _args(tmp_path, "--out", str(tmp_path / name)))
        assert result.exit_code == 0, result.output
    for file in ("kpis.csv", "summary.csv", "comparison.csv", "visits.parquet", "events.parquet"):
        assert (tmp_path / "first" / file).read_bytes() == (tmp_path / "second" / file).read_bytes(), file
    first = json.loads((tmp_path / "first" / "manifest.json").read_text())
    assert (first["seed"], first["reps"]) == (3, 5)


def test_a_redesign_is_needed(tmp_path: Path) -> None:
    result = runner.invoke(app, ["compare", str(write_tiny(tmp_path))])
    assert result.exit_code == 2


def test_scenarios_with_the_same_name_are_refused(tmp_path: Path) -> None:
    path = write_tiny(tmp_path)
    result = runner.invoke(app, ["compare", str(path), str(path), "--reps", "2", "--workers", "1"])
    assert result.exit_code == 2
    assert "scenario names must differ" in result.stderr and "Traceback" not in result.output


def test_reps_auto_to_an_absolute_half_width_on_the_difference(tmp_path: Path) -> None:
    base, redesign = write_tiny(tmp_path, "one_room", rooms=1), write_tiny(tmp_path, "three_rooms", rooms=3)
    out = tmp_path / "run"
    args = ["compare", str(base), str(redesign), "--reps", "auto", "--half-width", "5", "--on", "difference"]
    result = runner.invoke(app, [*args, "--seed", "4", "--workers", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    auto = manifest["extra"]["reps_auto"]
    assert (auto["on"], auto["half_width_target"], auto["reached"]) == ("difference", 5.0, True)
    assert auto["half_width"]["three_rooms"] <= 5.0
    assert manifest["reps"] == 54  # the same as run_experiment (tests/experiment/test_precision.py)
    assert manifest["extra"]["runner"] == {"kind": "serial", "workers": 1}
    comparison = pd.read_csv(out / "comparison.csv").set_index("kpi").loc["wait_for_provider_min_mean"]
    assert (comparison["diff_ci_high"] - comparison["diff_ci_low"]) / 2 <= 5.0
    assert "54 replications: 95% half-width of the paired difference" in result.output
    assert "at most 5 min for every redesign" in result.output


def test_half_width_and_on_need_reps_auto(tmp_path: Path) -> None:
    result = runner.invoke(app, _args(tmp_path, "--half-width", "1"))
    assert result.exit_code == 2
    assert "--half-width and --on set the target of --reps auto; add --reps auto" in result.output
    result = runner.invoke(app, _args(tmp_path, "--reps", "auto", "--on", "sideways"))  # the last --reps counts
    assert result.exit_code == 2 and "--on must be 'mean' or 'difference', got 'sideways'" in result.output
