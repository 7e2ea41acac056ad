"""``flowsim run``: tables for people, json/csv for scripts, files, and one clear line on bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from flowsim.cli import app
from flowsim.experiment import run_experiment
from tests.experiment.clinics import tiny_clinic, write_tiny

runner = CliRunner(env={"COLUMNS": "200"})  # wide enough that table cells do not wrap
SPEC_FILES = {"visits.parquet", "events.parquet", "resource_events.parquet", "kpis.csv", "summary.csv", "manifest.json"}


@pytest.fixture
def clinics(tmp_path: Path) -> tuple[Path, Path]:
    return write_tiny(tmp_path, "one_room", rooms=1), write_tiny(tmp_path, "three_rooms", rooms=3)


def test_table_shows_headline_kpis_of_every_scenario(clinics: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["run", *map(str, clinics), "--reps", "3", "--workers", "1"])
    assert result.exit_code == 0, result.output
    for text in ("one_room", "three_rooms", "wait, mean (min)", "95% interval", "3 replications"):
        assert text in result.stdout


def test_csv_on_stdout_is_the_summary_of_the_same_experiment(clinics: tuple[Path, Path]) -> None:
    result = runner.invoke(
        app, ["run", str(clinics[0]), "--reps", "4", "--seed", "5", "--workers", "1", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    printed = pd.read_csv(io.StringIO(result.stdout))
    expected = run_experiment(tiny_clinic("one_room", rooms=1), 4, 5, workers=1).summary
    assert list(printed["kpi"]) == list(expected["kpi"])
    assert printed["mean"].to_numpy() == pytest.approx(expected["mean"].to_numpy(), rel=1e-9, nan_ok=True)


def test_json_on_stdout_parses_and_says_how_many_replications(clinics: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["run", *map(str, clinics), "--reps", "2", "--workers", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["summary"]
    assert {row["scenario"] for row in rows} == {"one_room", "three_rooms"}
    assert {row["n_reps"] for row in rows if row["kpi"] == "wait_for_provider_min_mean"} == {2}


def test_out_folder_is_written_and_not_overwritten_without_force(clinics: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["run", str(clinics[0]), "--reps", "2", "--workers", "1", "--out", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    assert {p.name for p in out.iterdir()} == SPEC_FILES
    before = (out / "kpis.csv").read_bytes()
    refused = runner.invoke(app, [*args[:-2], "--seed", "2", "--out", str(out)])
    assert refused.exit_code == 2
    assert "not empty" in refused.stderr and "--force" in refused.stderr
    assert (out / "kpis.csv").read_bytes() == before
    forced = runner.invoke(app, [*args[:-2], "--seed", "2", "--out", str(out), "--force"])
    assert forced.exit_code == 0 and (out / "kpis.csv").read_bytes() != before


def test_one_and_two_workers_write_identical_kpis(clinics: tuple[Path, Path], tmp_path: Path) -> None:
    for workers in ("1", "2"):
        args = ["run", *map(str, clinics), "--reps", "6", "--workers", workers, "--out", str(tmp_path / workers)]
        assert runner.invoke(app, args).exit_code == 0
    assert (tmp_path / "1" / "kpis.csv").read_bytes() == (tmp_path / "2" / "kpis.csv").read_bytes()


def test_auto_reps_reports_the_cap(clinics: tuple[Path, Path]) -> None:
    args = ["run", str(clinics[0]), "--reps", "auto", "--precision", "0.001", "--max-reps", "12", "--workers", "1"]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "precision not reached" in result.stderr and "--max-reps" in result.stderr
    rows = json.loads(result.stdout)["summary"]
    assert {row["n_reps"] for row in rows if row["kpi"] == "wait_for_provider_min_mean"} == {12}


def test_invalid_scenario_gives_its_problems_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(write_tiny(tmp_path).read_text().replace("count: 2", "cuont: 2"))
    result = runner.invoke(app, ["run", str(bad), "--reps", "2", "--workers", "1"])
    assert result.exit_code == 2
    assert "exam_rooms" in result.stderr and "did you mean 'count'" in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--reps", "0"], "--reps must be between 1 and 100,000, got 0"),
        (["--reps", "many"], "--reps must be a whole number"),
        (["--workers", "0"], "--workers must be between 1 and 256, got 0"),
        (["--workers", "2", "--scheduler", "tcp://127.0.0.1:1"], "not both"),
        (["--format", "xml"], "--format must be one of"),
        (["--seed", "-1"], "--seed must be 0 or more"),
        (["--reps", "auto", "--precision", "2"], "precision must be between 0 and 1"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(clinics: tuple[Path, Path], extra: list[str], message: str) -> None:
    result = runner.invoke(app, ["run", str(clinics[0]), *extra])
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_missing_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(tmp_path / "nope.yaml"), "--workers", "1"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'nope.yaml'}: file not found"


def test_unreachable_scheduler_is_one_line_and_exit_2(clinics: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["run", str(clinics[0]), "--reps", "2", "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
