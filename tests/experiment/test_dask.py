"""A real Dask cluster on 127.0.0.1 gives the same tables as this process; failures are clear."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from flowsim.cli import app
from flowsim.experiment import ExecutorError, run_experiment
from flowsim.experiment.dask_runner import connect
from tests.experiment.clinics import tiny_clinic, write_tiny
from tests.experiment.pairing import assert_twins_differ_by_nothing, chancy_clinic

DASK = str(Path(sys.executable).parent / "dask")
START_TIMEOUT_S = 60.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


@pytest.fixture(scope="module")
def scheduler_address() -> Iterator[str]:
    """A `dask scheduler` and one single-threaded `dask worker`, torn down after the module."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen(
        [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], **quiet
    )
    processes = [scheduler]
    try:
        worker = subprocess.Popen(
            [DASK, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"], **quiet
        )
        processes.append(worker)
        client = connect(address, timeout_s=START_TIMEOUT_S)
        try:
            client.wait_for_workers(1, timeout=START_TIMEOUT_S)
        finally:
            client.close()
        yield address
    finally:
        for process in reversed(processes):
            _stop(process)


def test_dask_cluster_gives_the_tables_and_files_of_a_local_run(scheduler_address: str, tmp_path: Path) -> None:
    """One test, so that pytest-xdist never starts a second cluster for a second test."""
    scenarios = [tiny_clinic("two_rooms"), tiny_clinic("one_room", rooms=1)]
    local = run_experiment(scenarios, 5, 9, workers=1)
    remote = run_experiment(scenarios, 5, 9, scheduler=scheduler_address)
    for table in ("kpis", "visits", "events", "summary", "comparison"):
        pd.testing.assert_frame_equal(getattr(local, table), getattr(remote, table), check_exact=True)
    # Common random numbers on the cluster too: a renamed copy of the baseline is no change.
    twins = [chancy_clinic("baseline"), chancy_clinic("same_again")]
    assert_twins_differ_by_nothing(run_experiment(twins, 8, 11, scheduler=scheduler_address))

    base, redesign = write_tiny(tmp_path, "one_room", rooms=1), write_tiny(tmp_path, "three_rooms", rooms=3)
    common = ["compare", str(base), str(redesign), "--reps", "4", "--seed", "2", "--format", "csv"]
    for name, where in (("local", ["--workers", "1"]), ("dask", ["--scheduler", scheduler_address])):
        result = CliRunner().invoke(app, [*common, *where, "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    for file in ("kpis.csv", "comparison.csv", "visits.parquet"):
        assert (tmp_path / "local" / file).read_bytes() == (tmp_path / "dask" / file).read_bytes(), file


def test_unreachable_scheduler_is_one_clear_error() -> None:
    address = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(ExecutorError, match=f"cannot reach the Dask scheduler at {address}"):
        connect(address, timeout_s=1)


def test_missing_dask_extra_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ExecutorError, match=r"install flowsim\[dask\]"):
        run_experiment(tiny_clinic(), 2, 1, scheduler="tcp://127.0.0.1:1")
