"""One replication: one simulated clinic day, turned into small tables.

Think of a replication as one more day of the stopwatch study: the same clinic, the
same kind of patients, different luck. It is a pure function of ``(scenario, seed,
rep)``: the engine draws every random number from streams keyed by those three (see
:mod:`flowsim.rng`), so the same day comes out wherever it is computed (this process,
another process, a Dask worker on another machine).

A worker simulates a chunk of days, turns them into the visits and events tables (the
table functions are vectorised over many days) and computes each day's KPIs, so only
compact DataFrames cross process boundaries, and only the tables the caller keeps. A
day's KPIs are computed from that day's rows alone (see
:func:`~flowsim.results.stacking.stack_day_kpis`), so they are the same to the last bit however
the days were chunked. The scenario is pickled once per :class:`Chunk`, not once per
replication.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from flowsim.model import simulate
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
    keep_visits: bool = True  # send the visits table back (the KPIs always come back)
    keep_events: bool = True  # send the event log back


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """The tables of a chunk's replications (rows carry ``scenario`` and ``rep``).

    ``visits`` is None when the chunk did not ask for it; ``events`` and
    ``resource_events`` (the patients' events and the resources' own) are None when it
    did not ask for the event log.
    """

    scenario_index: int
    reps: tuple[int, ...]
    kpis: pd.DataFrame
    visits: pd.DataFrame | None
    events: pd.DataFrame | None
    resource_events: pd.DataFrame | None = None


def run_chunk(chunk: Chunk) -> ChunkResult:
    """Simulate every replication of ``chunk`` and tabulate them (the task a worker executes).

    Each day is ``simulate(scenario, seed, rep)``: a pure function of its arguments,
    so the result does not depend on where, or next to which other days, it runs.
    """
    scenario = chunk.scenario
    logs = [(scenario.name, rep, simulate(scenario, chunk.seed, rep)) for rep in chunk.reps]
    tables = log_tables(logs, providers={scenario.name: list(scenario.providers)})
    del logs  # the tables hold everything now
    kpis = tables.kpis({scenario.name: clinic_facts(scenario)})
    visits = tables.visits if chunk.keep_visits else None
    events, own = (tables.events, tables.resource_events) if chunk.keep_events else (None, None)
    return ChunkResult(chunk.scenario_index, chunk.reps, kpis, visits, events, own)


def make_chunks(
    scenarios: list[Scenario],
    seed: int,
    reps: range,
    *,
    chunk_size: int,
    keep_visits: bool = True,
    keep_events: bool = True,
) -> list[Chunk]:
    """Split replications ``reps`` of every scenario into chunks of at most ``chunk_size``.

    The split only decides how work is shipped; results are reassembled by
    ``(scenario_index, rep)``, so it never changes the answer.
    """
    size = max(1, chunk_size)
    return [
        Chunk(index, scenario, seed, tuple(reps[start : start + size]), keep_visits, keep_events)
        for index, scenario in enumerate(scenarios)
        for start in range(0, len(reps), size)
    ]
