"""Options a red team tried: each is refused in one line, before any work, with exit code 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flowsim.cli import app
from tests.experiment.clinics import write_tiny

runner = CliRunner()


@pytest.fixture
def no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if a simulation starts: the refusal must come first."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the run started")

    monkeypatch.setattr("flowsim.cli.run.run_experiment", refuse)
    monkeypatch.setattr("flowsim.cli.sweep.run_sweep", refuse)


@pytest.mark.usefixtures("no_work")
@pytest.mark.parametrize("command", ["run", "sweep"])
def test_out_dot_force_is_refused_before_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    scenario = write_tiny(tmp_path)
    monkeypatch.chdir(tmp_path)
    extra = ["--vary", "exam_rooms.count=1,2"] if command == "sweep" else []
    result = runner.invoke(app, [command, str(scenario), *extra, "--out", ".", "--force"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: .: cannot write a run into the current folder or one containing it; "
        "choose a new folder, e.g. --out results\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny.yaml"]


@pytest.mark.usefixtures("no_work")
@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--scheduler", "garbage://!!"], "--scheduler: expected the address of a Dask scheduler such as "
         "tcp://HOST:PORT (schemes: tcp, tls, ws, wss, ucx, inproc), got 'garbage://!!'"),
        (["--scheduler", "tcp://host:99999"], "--scheduler: expected the address"),
        (["--workers", "100000"], "--workers must be between 1 and 256, got 100,000"),
        (["--reps", "10000000000"], "--reps must be between 1 and 100,000, got 10,000,000,000"),
        (["--reps", "auto", "--max-reps", "1000000000"],
         "--reps auto: max_reps must be at most 100,000, got 1,000,000,000"),
    ],
)  # fmt: skip
def test_absurd_options_are_one_line(tmp_path: Path, extra: list[str], message: str) -> None:
    result = runner.invoke(app, ["run", str(write_tiny(tmp_path)), *extra])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {message}") and result.stderr.count("\n") == 1


def test_a_bad_scheduler_prints_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flowsim", "run", str(write_tiny(tmp_path)), "--scheduler", "garbage://!!"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1


def test_a_grid_too_large_is_refused_before_any_point_is_validated(tmp_path: Path) -> None:
    rooms = ",".join(str(n) for n in range(1, 201))
    staff = ",".join(str(n) for n in range(1, 101))
    out = tmp_path / "grid"
    args = [
        "sweep",
        str(write_tiny(tmp_path)),
        "--vary",
        f"exam_rooms.count={rooms}",
        "--vary",
        f"staff.ma.count={staff}",
    ]
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 2
    assert result.stderr == "error: the grid has 20,000 points; at most 10,000 are run (vary fewer values)\n"
    assert not out.exists()


@pytest.mark.usefixtures("no_work")
@pytest.mark.parametrize("command", ["run", "compare", "sweep", "fit"])
@pytest.mark.parametrize("force", [[], ["--force"]])
def test_out_naming_a_plain_file_is_refused_and_the_file_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, force: list[str]
) -> None:
    def no_fit(*args: object, **kwargs: object) -> None:
        raise AssertionError("the fit started")

    monkeypatch.setattr("flowsim.calibrate.fit", no_fit)
    scenario = write_tiny(tmp_path)
    notes = tmp_path / "notes.csv"
    notes.write_text("the user's own table\n", encoding="utf-8")
    inputs = {
        "run": [str(scenario)],
        "compare": [str(scenario), str(write_tiny(tmp_path, "more", rooms=3))],
        "sweep": [str(scenario), "--vary", "exam_rooms.count=1,2"],
        "fit": [str(notes)],
    }[command]
    result = runner.invoke(app, [command, *inputs, "--out", str(notes), *force])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"error: {notes}: is a file, not a run folder; --out names a folder to write into "
        "(--force never replaces a file); choose another --out\n"
    )
    assert notes.read_text(encoding="utf-8") == "the user's own table\n"
