"""One replication: one simulated clinic day, turned into small tables.

Think of a replication as one more day of the stopwatch study: the same clinic, the
same kind of patients, different luck. It is a pure function of ``(scenario, seed,
rep)``: the engine draws every random number from streams keyed by those three (see
:mod:`flowsim.rng`), so the same day comes out wherever it is computed (this process,
another process, a Dask worker on another machine).

A worker simulates a chunk of days and turns them into the visits and events tables
before sending them back (the table functions are vectorised over many days), so only
compact DataFrames cross process boundaries; the parent stacks chunks in
``(scenario, rep)`` order and computes the day KPIs in one pass over the stack. (Day
KPIs are sums over many patients: computed per chunk, their last bits would depend on
how days were chunked.) The scenario is pickled once per :class:`Chunk`, not once per
replication.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from flowsim.model import simulate
from flowsim.results.logs import log_tables
from flowsim.scenarios.schema import Scenario


@dataclass(frozen=True, slots=True)
class Chunk:
    """A batch of replications of one scenario, shipped to a worker as one task."""

    scenario_index: int
    scenario: Scenario
    seed: int
    reps: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """The tables of a chunk's replications (rows carry ``scenario`` and ``rep``)."""

    scenario_index: int
    reps: tuple[int, ...]
    visits: pd.DataFrame
    events: pd.DataFrame


def run_chunk(chunk: Chunk) -> ChunkResult:
    """Simulate every replication of ``chunk`` and tabulate them (the task a worker executes).

    Each day is ``simulate(scenario, seed, rep)``: a pure function of its arguments,
    so the result does not depend on where, or next to which other days, it runs.
    """
    scenario = chunk.scenario
    logs = [(scenario.name, rep, simulate(scenario, chunk.seed, rep)) for rep in chunk.reps]
    tables = log_tables(logs, providers={scenario.name: list(scenario.providers)})
    return ChunkResult(chunk.scenario_index, chunk.reps, tables.visits, tables.events)


def make_chunks(scenarios: list[Scenario], seed: int, reps: range, *, chunk_size: int) -> list[Chunk]:
    """Split replications ``reps`` of every scenario into chunks of at most ``chunk_size``.

    The split only decides how work is shipped; results are reassembled by
    ``(scenario_index, rep)``, so it never changes the answer.
    """
    size = max(1, chunk_size)
    return [
        Chunk(index, scenario, seed, tuple(reps[start : start + size]))
        for index, scenario in enumerate(scenarios)
        for start in range(0, len(reps), size)
    ]
