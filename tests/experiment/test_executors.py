"""Serial and local processes give bit-identical tables, however the work is chunked."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowsim.experiment import run_experiment
from flowsim.experiment.executors import ProcessRunner, SerialRunner, chunk_size_for, open_runner
from flowsim.experiment.experiment import run_with
from flowsim.experiment.replication import Chunk, ChunkResult, make_chunks, run_chunk
from flowsim.model import simulate
from flowsim.results import log_tables
from flowsim.results.long import designs_first
from flowsim.scenarios.schema import Scenario
from tests.experiment.clinics import tiny_clinic, tiny_mapping


def test_serial_and_two_processes_give_identical_tables() -> None:
    scenarios = [tiny_clinic("two_rooms"), tiny_clinic("one_room", rooms=1)]
    serial = run_experiment(scenarios, 6, 5, workers=1)
    parallel = run_experiment(scenarios, 6, 5, workers=2)
    for table in ("kpis", "visits", "events", "summary", "comparison"):
        pd.testing.assert_frame_equal(getattr(serial, table), getattr(parallel, table), check_exact=True)


class BatchingRunner:
    """Runs in this process but gets chunks of several replications, as a pool of one would."""

    workers = 1

    def run(self, chunks: Sequence[Chunk]) -> Iterator[ChunkResult]:
        """The chunks' results, last chunk first (completion order must not matter either)."""
        return (run_chunk(chunk) for chunk in reversed(chunks))

    def close(self) -> None:
        """Nothing to release."""


def test_chunking_does_not_change_a_bit() -> None:
    scenarios = [tiny_clinic("two_rooms"), tiny_clinic("one_room", rooms=1)]
    runner = BatchingRunner()
    assert chunk_size_for(runner, 16) == 4
    one_by_one = run_with(SerialRunner(), scenarios, 8, 2)
    batched = run_with(runner, scenarios, 8, 2)
    for table in ("kpis", "visits", "events", "summary", "comparison"):
        pd.testing.assert_frame_equal(getattr(one_by_one, table), getattr(batched, table), check_exact=True)


def test_stacked_chunks_equal_the_one_pass_tables_of_the_results_layer() -> None:
    data = tiny_mapping()
    data["providers"]["dr_a"]["sessions"] = [{"start": "08:00", "end": "09:00"}, {"start": "09:20", "end": "10:00"}]
    scenario = Scenario.model_validate(data)  # dr_a's time off between sessions: resource_events has rows
    batched = run_with(BatchingRunner(), [scenario], 9, 4)
    one_pass = log_tables((scenario.name, rep, simulate(scenario, 4, rep)) for rep in range(9))
    for name in ("visits", "events", "resource_events"):  # NA for missing text in both already: one code path
        tidy = designs_first(getattr(one_pass, name), [scenario.name])
        assert len(tidy) > 0
        pd.testing.assert_frame_equal(getattr(batched, name), tidy, check_exact=True)


@given(reps=st.integers(1, 30), start=st.integers(0, 5), size=st.integers(1, 12))
def test_chunks_cover_every_replication_exactly_once(reps: int, start: int, size: int) -> None:
    scenarios = [tiny_clinic("a"), tiny_clinic("b")]
    chunks = make_chunks(scenarios, 1, range(start, start + reps), chunk_size=size)
    covered = [(c.scenario_index, rep) for c in chunks for rep in c.reps]
    assert sorted(covered) == [(i, r) for i in (0, 1) for r in range(start, start + reps)]
    assert all(1 <= len(c.reps) <= size for c in chunks)


def test_chunks_of_three() -> None:
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
        assert isinstance(serial, SerialRunner) and chunk_size_for(serial, 100) == 25
    with open_runner(workers=2) as pool:
        assert isinstance(pool, ProcessRunner) and chunk_size_for(pool, 100) == 13
        assert chunk_size_for(pool, 10_000) == 25
    with pytest.raises(ValueError, match="workers"):
        open_runner(workers=0)
