"""Sealed run folders under faults: a full disk, a killed run, a folder that cannot be replaced."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from flowsim.experiment import run_experiment, run_sweep
from flowsim.results.folders import OutputPlaceError, check_destination, remove_stale_staging
from flowsim.results.output import RunFolder
from flowsim.scenarios import scenario_from_dict
from tests.experiment.clinics import tiny_clinic, tiny_mapping


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_current_folder_and_its_parents_are_refused_up_front(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "project" / "analysis"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    for out in (".", "..", str(tmp_path), "./"):
        with pytest.raises(OutputPlaceError, match="cannot write a run into the current folder or one containing it"):
            check_destination(out, force=True)
        with pytest.raises(OutputPlaceError):
            RunFolder(out, force=True)
    assert check_destination("results", force=True) == work / "results"


def test_staging_left_by_a_killed_run_is_removed_by_the_next_run_into_the_same_place(tmp_path: Path) -> None:
    out = tmp_path / "run"
    dead = tmp_path / f".run.partial-{_dead_pid()}-0123456789ab"
    alive = tmp_path / f".run.partial-{os.getppid()}-0123456789ab"  # pytest's parent: still running
    other = tmp_path / f".other.partial-{_dead_pid()}-0123456789ab"  # another destination's: not ours to judge
    for folder in (dead, alive, other):
        folder.mkdir()
        (folder / "visits.parquet").write_bytes(b"half")
    folder = RunFolder(out)
    assert not dead.exists() and alive.is_dir() and other.is_dir()
    assert folder.staging.name.startswith(f".run.partial-{os.getpid()}-")
    folder.discard()
    assert remove_stale_staging(tmp_path / "other") == [other]


def test_a_day_with_nobody_writes_its_tables_with_columns_and_no_rows(tmp_path: Path) -> None:
    data = tiny_mapping("nobody")
    data["schedule"] = {"rule": "none"}
    out = tmp_path / "empty"
    experiment = run_experiment([scenario_from_dict(data)], 3, 1, workers=1, out=out)
    visits, events = pd.read_parquet(out / "visits.parquet"), pd.read_parquet(out / "events.parquet")
    assert len(visits) == 0 and {"scenario", "rep", "patient_id", "rooming_start_min", "exam_end_min"} <= set(visits)
    assert len(events) == 0 and list(events.columns)[:5] == ["scenario", "rep", "patient_id", "step", "event"]
    kpis = pd.read_csv(out / "kpis.csv")
    assert {"scenario", "rep", "seen", "wait_for_provider_min_mean"} <= set(kpis) and experiment.reps == 3


def test_sweep_force_keeps_the_old_folder_until_the_new_sweep_is_complete(tmp_path: Path) -> None:
    out = tmp_path / "sweep"
    out.mkdir()
    (out / "notes.txt").write_text("the user's own notes", encoding="utf-8")
    before = _snapshot(out)

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt  # Ctrl-C after the first point is saved

    with pytest.raises(KeyboardInterrupt):
        run_sweep(tiny_clinic(), [("exam_rooms.count", [1, 2])], 2, 1, out, workers=1, force=True, progress=interrupt)
    assert _snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["sweep"]  # no staging folder left behind

    result = run_sweep(tiny_clinic(), [("exam_rooms.count", [1, 2])], 2, 1, out, workers=1, force=True)
    assert result.out_dir == out and len(result.computed) == 2
    assert not (out / "notes.txt").exists() and (out / "sweep_summary.csv").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sweep"]


@pytest.mark.skipif(sys.platform != "linux", reason="ulimit -f and SIGXFSZ as on Linux")
def test_a_full_disk_keeps_the_old_run_removes_staging_and_says_so_in_one_line(tmp_path: Path) -> None:
    scenario = tmp_path / "tiny.yaml"
    scenario.write_text(pd.Series(tiny_mapping()).to_json(), encoding="utf-8")  # JSON is YAML
    out = tmp_path / "run"
    command = f"{sys.executable} -m flowsim run {scenario} --reps 3 --workers 1 --out {out}"
    first = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    before = _snapshot(out)
    # 40 blocks of 1 KiB: less than the event log of 400 days; a write past it fails with EFBIG
    limited = f"ulimit -f 40; {command} --reps 400 --force"
    full = subprocess.run(["bash", "-c", limited], capture_output=True, text=True, timeout=300)
    assert full.returncode == 2
    assert full.stderr.strip().splitlines() == [
        f"error: {out}: could not write the run (File too large); nothing was changed there. "
        "Free some disk space or choose another --out"
    ]
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run", "tiny.yaml"]


def test_a_destination_that_cannot_be_made_is_one_line_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(OSError, match=r"could not write the run \(No such file or directory\); nothing was "):
        RunFolder("/proc/flowsim-cannot-be-here")
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OSError) as caught:
        RunFolder(blocker / "run")
    assert str(caught.value) == f"{blocker / 'run'}: {blocker} is a file, not a folder; choose another --out"
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_force_never_replaces_a_plain_file_in_python_either(tmp_path: Path) -> None:
    table = tmp_path / "table.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    scenario = scenario_from_dict(tiny_mapping("tiny"))
    with pytest.raises(OutputPlaceError, match="is a file, not a run folder"):
        run_experiment([scenario], 2, 1, workers=1, out=table, force=True)
    with pytest.raises(OutputPlaceError, match="is a file, not a run folder"):
        run_sweep(scenario, [("exam_rooms.count", [1, 2])], 2, 1, table, workers=1, force=True)
    assert table.read_text(encoding="utf-8") == "a,b\n1,2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.csv"]
