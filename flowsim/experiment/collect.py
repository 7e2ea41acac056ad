"""Gathering the chunks of an experiment as they finish, keeping only what was asked for.

Chunks of replications come back from the workers in any order, like exam papers
handed in by several markers. The KPIs of every day are always kept (they are small:
one row per day). The visits and event tables are kept in memory only if the caller
wants them, and are handed to a run folder, in replication order per scenario, as
soon as the chunks before them have arrived; so a long run written to disk never holds
more than a few chunks of its largest tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from typing import NamedTuple

import pandas as pd

from flowsim.experiment.replication import ChunkResult
from flowsim.results.logs import LogTables, log_tables
from flowsim.results.long import designs_first
from flowsim.results.output import RunFolder
from flowsim.results.stacking import stack_day_kpis, stack_tables

Key = tuple[int, int]  # (scenario index, first rep of the chunk)


class Tables(NamedTuple):
    """The stacked tables of replications ``0..reps-1``."""

    visits: pd.DataFrame
    events: pd.DataFrame
    kpis: pd.DataFrame
    resource_events: pd.DataFrame


class Collector:
    """Takes chunk results in completion order; stacks them in ``(scenario, rep)`` order.

    Parameters
    ----------
    designs
        Names of the experiment's scenarios, the baseline first: the visits and events
        tables list them in this order (an ordered categorical), in memory and on disk.
    keep_visits, keep_events
        Keep these tables in memory (for :class:`~flowsim.experiment.Experiment`);
        ``keep_events`` keeps the patients' events and the resources' own.
    folder
        A run folder to stream the visits and events tables into, or None.
    """

    def __init__(
        self, designs: Sequence[str], *, keep_visits: bool, keep_events: bool, folder: RunFolder | None
    ) -> None:
        self.designs = list(designs)
        scenarios = len(self.designs)
        self.keep_visits = keep_visits
        self.keep_events = keep_events
        self.folder = folder
        self._kpis: dict[Key, pd.DataFrame] = {}
        self._visits: dict[Key, pd.DataFrame] = {}
        self._events: dict[Key, pd.DataFrame] = {}
        self._resource_events: dict[Key, pd.DataFrame] = {}
        self._next_rep = [0] * scenarios  # next replication to write, per scenario
        self._waiting: list[dict[int, ChunkResult]] = [{} for _ in range(scenarios)]
        self.done = 0  # replications collected (all scenarios)

    @property
    def needs_visits(self) -> bool:
        """Whether chunks must send their visits table back."""
        return self.keep_visits or self.folder is not None

    @property
    def needs_events(self) -> bool:
        """Whether chunks must send their event log back."""
        return self.keep_events or (self.folder is not None and self.folder.with_events)

    def add(self, result: ChunkResult) -> None:
        """Keep what is asked for of one finished chunk, and write what can be written."""
        key = (result.scenario_index, result.reps[0])
        self._kpis[key] = result.kpis
        # each chunk tidied as it arrives, so the streamed files and the tables in memory agree
        visits, events, own = result.visits, result.events, result.resource_events
        result = replace(
            result,
            visits=None if visits is None else self._tidy(visits),
            events=None if events is None else self._tidy(events),
            resource_events=None if own is None else self._tidy(own),
        )
        if self.keep_visits and result.visits is not None:
            self._visits[key] = result.visits
        if self.keep_events and result.events is not None:
            self._events[key] = result.events
        if self.keep_events and result.resource_events is not None:
            self._resource_events[key] = result.resource_events
        self.done += len(result.reps)
        if self.folder is not None:
            self._waiting[result.scenario_index][result.reps[0]] = result
            self._write_ready(result.scenario_index)

    def _write_ready(self, index: int) -> None:
        """Append the scenario's chunks that are next in replication order to the folder."""
        assert self.folder is not None
        waiting = self._waiting[index]
        while self._next_rep[index] in waiting:
            result = waiting.pop(self._next_rep[index])
            assert result.visits is not None
            self.folder.append(index, result.visits, result.events, result.resource_events)
            self._next_rep[index] = result.reps[-1] + 1

    def _tidy(self, table: pd.DataFrame) -> pd.DataFrame:
        """A chunk's table with the designs in run order (missing text is NA already: see
        :mod:`flowsim.results.event_tables`).

        A chunk keeps only the designs it has rows of as categories, as stacking would; so
        the streamed files do not depend on how the days were chunked, and the stacked
        tables list the designs in run order (chunks are stacked in that order).
        """
        ordered = designs_first(table, self.designs)
        return ordered.assign(scenario=ordered["scenario"].cat.remove_unused_categories())

    def kpis(self, reps: int) -> pd.DataFrame:
        """The day KPIs of replications ``0..reps-1``, in ``(scenario, rep)`` order."""
        return stack_day_kpis([_first_reps(self._kpis[key], reps) for key in sorted(self._kpis)])

    def tables(self, reps: int) -> Tables:
        """Every kept table of replications ``0..reps-1``; tables not kept are empty."""
        visits = self._stacked(self._visits, reps) if self.keep_visits else pd.DataFrame()
        empty = _no_events()
        events = self._stacked(self._events, reps) if self.keep_events else self._tidy(empty.events)
        own = self._stacked(self._resource_events, reps) if self.keep_events else self._tidy(empty.resource_events)
        return Tables(visits, events, self.kpis(reps), own)

    @staticmethod
    def _stacked(parts: dict[Key, pd.DataFrame], reps: int) -> pd.DataFrame:
        return stack_tables([_first_reps(parts[key], reps) for key in sorted(parts)])

    def release(self) -> None:
        """Drop the chunk tables (once stacked, they are held twice)."""
        self._visits.clear()
        self._events.clear()
        self._resource_events.clear()


@cache
def _empty_tables() -> LogTables:
    return log_tables([])


def _no_events() -> LogTables:
    """Tables of no day at all (made once: pandas takes ~10 ms to make them), as copies."""
    return LogTables(*(table.copy() for table in _empty_tables()))


def _first_reps(table: pd.DataFrame, reps: int) -> pd.DataFrame:
    """The rows of replications 0..reps-1 of a chunk's table."""
    keep = table["rep"] < reps
    return table if keep.all() else table.loc[keep]
