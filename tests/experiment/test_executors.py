"""Serial and local processes give bit-identical tables, however the work is chunked."""

from __future__ import annotations

import pandas as pd
import pytest

from flowsim.experiment import run_experiment
from flowsim.experiment.executors import ProcessRunner, SerialRunner, chunk_size_for, open_runner
from flowsim.experiment.replication import make_chunks
from tests.experiment.clinics import tiny_clinic


def test_serial_and_two_processes_give_identical_tables() -> None:
    scenarios = [tiny_clinic("two_rooms"), tiny_clinic("one_room", rooms=1)]
    serial = run_experiment(scenarios, 6, 5, workers=1)
    parallel = run_experiment(scenarios, 6, 5, workers=2)
    for table in ("kpis", "visits", "events", "summary", "comparison"):
        pd.testing.assert_frame_equal(getattr(serial, table), getattr(parallel, table), check_exact=True)


def test_chunks_cover_every_replication_once() -> None:
    scenarios = [tiny_clinic("a"), tiny_clinic("b")]
    chunks = make_chunks(scenarios, 1, range(3, 10), chunk_size=3)
    assert [(c.scenario_index, c.reps) for c in chunks] == [
        (0, (3, 4, 5)),
        (0, (6, 7, 8)),
        (0, (9,)),
        (1, (3, 4, 5)),
        (1, (6, 7, 8)),
        (1, (9,)),
    ]


def test_runner_choice_and_chunk_sizes() -> None:
    with open_runner(workers=1) as serial:
        assert isinstance(serial, SerialRunner) and chunk_size_for(serial, 100) == 1
    with open_runner(workers=2) as pool:
        assert isinstance(pool, ProcessRunner) and chunk_size_for(pool, 100) == 13
    with pytest.raises(ValueError, match="workers"):
        open_runner(workers=0)
