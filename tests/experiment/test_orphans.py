"""Killing a run leaves no worker behind, and the next run into the same place cleans up after it."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flowsim.experiment.executors import watch_parent
from tests.experiment.clinics import write_tiny

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")

REPO = Path(__file__).resolve().parents[2]
WAIT_S = 60  # how long to wait for processes to appear or go: generous on a loaded machine


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, exited but not yet reaped, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def _wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killing_a_run_leaves_no_worker_and_the_next_run_cleans_its_staging(tmp_path: Path, sig: int) -> None:
    scenario = write_tiny(tmp_path)
    out = tmp_path / "run"
    command = [sys.executable, "-m", "flowsim", "run", str(scenario), "--workers", "2", "--out", str(out)]
    parent = subprocess.Popen([*command, "--reps", "50000"], cwd=REPO, stderr=subprocess.DEVNULL)
    try:
        _wait_for(lambda: len(_children(parent.pid)) >= 2, "the run never started its two workers")
        workers = _children(parent.pid)
        _wait_for(lambda: any(tmp_path.glob(".run.partial-*")), "the run never made its staging folder")
        parent.send_signal(sig)
        parent.wait(timeout=WAIT_S)
        _wait_for(lambda: not any(_alive(pid) for pid in workers), f"workers {workers} outlived their parent")
    finally:
        parent.kill()
        parent.wait()
    (left,) = tmp_path.glob(".run.partial-*")
    assert left.name.startswith(f".run.partial-{parent.pid}-")

    again = subprocess.run([*command, "--reps", "2"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run", "tiny.yaml"]


def _watched_child(parent_pid: int) -> None:
    watch_parent(parent_pid, interval_s=0.05)
    time.sleep(WAIT_S * 2)  # only the watch can end this process early


def test_the_watch_ends_a_process_whose_parent_is_another_process_that_died() -> None:
    # As under forkserver: the watched parent is not this process's own parent.
    stand_in = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    child = multiprocessing.get_context("spawn").Process(target=_watched_child, args=(stand_in.pid,))
    child.start()
    try:
        assert child.pid is not None and _alive(child.pid)
        stand_in.kill()
        stand_in.wait()
        child.join(timeout=WAIT_S)
        assert child.exitcode == 1
    finally:
        stand_in.kill()
        if child.is_alive():
            child.kill()
    assert os.getpid() > 0  # this process, which the child did not watch, lives on
