"""One replication: one simulated clinic day, turned into small tables.

Think of a replication as one more day of the stopwatch study: the same clinic, the
same kind of patients, different luck. It is a pure function of ``(scenario, seed,
rep)``: the engine draws every random number from streams keyed by those three (see
:mod:`flowsim.rng`), so the same day comes out wherever it is computed (this process,
another process, a Dask worker on another machine).

A worker simulates a chunk of days and turns them into tables before sending them
back (the table functions are vectorised over many days), so only small DataFrames
cross process boundaries; the parent only stacks chunks in ``(scenario, rep)``
order. The scenario is pickled once per :class:`Chunk`, not once per replication.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from flowsim.model import simulate
from flowsim.results.day import day_kpis
from flowsim.results.facts import clinic_facts
from flowsim.results.logs import log_tables
from flowsim.scenarios.schema import Scenario


@dataclass(frozen=True, slots=True)
class Chunk:
    """A batch of replications of one scenario, shipped to a worker as one task."""

    scenario_index: int
    scenario: Scenario
    seed: int
    reps: tuple[int, ...]
    keep_events: bool = True


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """The tables of a chunk's replications (rows carry ``scenario`` and ``rep``)."""

    scenario_index: int
    reps: tuple[int, ...]
    visits: pd.DataFrame
    events: pd.DataFrame | None
    kpis: pd.DataFrame  # one row per replication


def run_chunk(chunk: Chunk) -> ChunkResult:
    """Simulate every replication of ``chunk`` and tabulate them (the task a worker executes).

    Each day is ``simulate(scenario, seed, rep)``: a pure function of its arguments,
    so the result does not depend on where, or next to which other days, it runs.
    """
    scenario = chunk.scenario
    logs = [(scenario.name, rep, simulate(scenario, chunk.seed, rep)) for rep in chunk.reps]
    tables = log_tables(logs, providers={scenario.name: list(scenario.providers)})
    kpis = day_kpis(tables.visits, tables.events, {scenario.name: clinic_facts(scenario)})
    events = tables.events if chunk.keep_events else None
    return ChunkResult(chunk.scenario_index, chunk.reps, tables.visits, events, kpis)


def make_chunks(
    scenarios: list[Scenario], seed: int, reps: range, *, keep_events: bool, chunk_size: int
) -> list[Chunk]:
    """Split replications ``reps`` of every scenario into chunks of at most ``chunk_size``.

    The split only decides how work is shipped; results are reassembled by
    ``(scenario_index, rep)``, so it never changes the answer.
    """
    size = max(1, chunk_size)
    return [
        Chunk(index, scenario, seed, tuple(reps[start : start + size]), keep_events)
        for index, scenario in enumerate(scenarios)
        for start in range(0, len(reps), size)
    ]
