"""``flowsim sweep``: a grid saved point by point, resumed on rerun, bad --vary refused clearly."""

from __future__ import annotations

import io
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from flowsim.cli import app
from tests.experiment.clinics import write_tiny

runner = CliRunner(env={"COLUMNS": "200"})  # wide enough that table cells do not wrap


def _args(tmp_path: Path, *extra: str) -> list[str]:
    scenario = write_tiny(tmp_path)
    return ["sweep", str(scenario), "--reps", "2", "--seed", "4", "--workers", "1", *extra]


def test_sweep_runs_the_grid_and_a_rerun_resumes(tmp_path: Path) -> None:
    out = tmp_path / "grid"
    args = _args(tmp_path, "--vary", "exam_rooms.count=1,3", "--vary", "staff.ma.count=1,2", "--out", str(out))
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "4 points computed, 0 already done" in first.stderr
    assert len(list((out / "points").iterdir())) == 4
    assert (out / "grid.csv").is_file() and (out / "sweep_summary.csv").is_file()
    assert "exam_rooms.count" in first.stdout

    again = runner.invoke(app, [*args, "--format", "csv"])
    assert again.exit_code == 0, again.output
    assert "0 points computed, 4 already done" in again.stderr
    summary = pd.read_csv(io.StringIO(again.stdout))
    assert summary["point_id"].nunique() == 4
    assert list(summary.columns[:3]) == ["point_id", "exam_rooms.count", "staff.ma.count"]


def test_a_misspelt_field_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, _args(tmp_path, "--vary", "exam_rooms.cuont=1,2", "--out", str(tmp_path / "g")))
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("error: --vary: exam_rooms.cuont: unknown field 'cuont'")
    assert not (tmp_path / "g").exists()


def test_a_malformed_vary_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, _args(tmp_path, "--vary", "exam_rooms.count", "--out", str(tmp_path / "g")))
    assert result.exit_code == 2
    assert "expected PATH=V1,V2" in result.stderr


def test_out_is_required_and_a_foreign_folder_is_refused(tmp_path: Path) -> None:
    assert runner.invoke(app, _args(tmp_path, "--vary", "exam_rooms.count=1")).exit_code == 2
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep")
    result = runner.invoke(app, _args(tmp_path, "--vary", "exam_rooms.count=1", "--out", str(foreign)))
    assert result.exit_code == 2 and "other files" in result.stderr
    assert (foreign / "notes.txt").read_text() == "keep"


def test_a_killed_sweep_resumes_where_it_stopped(tmp_path: Path) -> None:
    """Kill a real `flowsim sweep` process once a point is saved; the rerun does only the rest."""
    scenario = write_tiny(tmp_path)
    grid = ["--vary", "exam_rooms.count=1,2,3", "--vary", "staff.ma.count=1,2"]
    common = [str(scenario), *grid, "--reps", "4", "--seed", "6", "--workers", "1"]
    out = tmp_path / "killed"
    flowsim = str(Path(sys.executable).parent / "flowsim")
    process = subprocess.Popen([flowsim, "sweep", *common, "--out", str(out)], stderr=subprocess.DEVNULL)
    try:
        while process.poll() is None and not _finished_points(out):
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    finished = _finished_points(out)
    for point in finished:
        assert {p.name for p in point.iterdir()} >= {"kpis.csv", "summary.csv", "manifest.json", "visits.parquet"}

    resumed = runner.invoke(app, ["sweep", *common, "--out", str(out), "--format", "csv"])
    assert resumed.exit_code == 0, resumed.output
    assert f"{6 - len(finished)} points computed, {len(finished)} already done" in resumed.stderr
    straight = runner.invoke(app, ["sweep", *common, "--out", str(tmp_path / "straight"), "--format", "csv"])
    assert resumed.stdout == straight.stdout


def _finished_points(out: Path) -> list[Path]:
    points = out / "points"
    return sorted(p for p in points.iterdir() if not p.name.startswith(".")) if points.is_dir() else []
