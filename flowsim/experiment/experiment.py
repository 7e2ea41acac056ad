"""An experiment: several clinic designs, each simulated over the same many days.

A single simulated day proves nothing; an experiment replays each scenario for
``reps`` days with the same seed, so day *r* brings the same patients (the same
no-shows, punctuality and visit lengths) to every design. The tables it returns are
the SPEC's: visits (the stopwatch sheet), events, one KPI row per scenario and day, a
summary with 95% intervals and, when there are at least two scenarios, a paired
comparison of every redesign with the first scenario (the baseline).

Results are assembled in ``(scenario, rep)`` order whatever runner produced them, so
serial, local processes and Dask give identical tables.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd

from flowsim.experiment import precision as auto
from flowsim.experiment.errors import ExperimentError
from flowsim.experiment.executors import Runner, chunk_size_for, open_runner
from flowsim.experiment.replication import ChunkResult, make_chunks
from flowsim.results import build_manifest, day_kpis, facts_by_scenario, paired_comparison, summarise, write_run
from flowsim.scenarios import load_scenario
from flowsim.scenarios.schema import Scenario

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` replications (all scenarios) after each chunk."""

ScenarioLike = Scenario | str | os.PathLike[str]
Collected = dict[tuple[int, int], ChunkResult]  # keyed by (scenario index, first rep of the chunk)
Reps = int | auto.AutoReps | Literal["auto"]


@dataclass(frozen=True, eq=False)  # tables are compared with pandas, not ==
class Experiment:
    """The tables of a finished experiment (SPEC §4).

    Attributes
    ----------
    scenarios
        The designs, baseline first, as they were simulated.
    seed, reps
        The run: replication ``r`` of every scenario uses streams keyed ``(seed, r)``.
    visits, events, kpis, summary
        Stopwatch sheet, event log, one KPI row per scenario and replication, and
        mean/sd/95% interval per scenario and KPI.
    comparison
        Paired differences of every redesign against the baseline, or None for one scenario.
    manifest
        Versions, resolved scenarios, seed, reps and timing (written as manifest.json).
    precision
        What ``reps="auto"`` decided, or None for a fixed number of replications.
    """

    scenarios: tuple[Scenario, ...]
    seed: int
    reps: int
    visits: pd.DataFrame
    events: pd.DataFrame
    kpis: pd.DataFrame
    summary: pd.DataFrame
    comparison: pd.DataFrame | None
    manifest: dict[str, Any]
    precision: auto.PrecisionOutcome | None = None

    @property
    def baseline(self) -> str:
        """Name of the baseline scenario (the first)."""
        return self.scenarios[0].name

    def write(self, out: str | os.PathLike[str], *, force: bool = False) -> Path:
        """Write the SPEC §4 folder ``out`` (refuses a non-empty folder unless ``force``)."""
        return write_run(
            Path(out),
            visits=self.visits,
            events=self.events,
            kpis=self.kpis,
            summary=self.summary,
            comparison=self.comparison,
            manifest=self.manifest,
            force=force,
        )


def run_experiment(
    scenarios: ScenarioLike | Sequence[ScenarioLike],
    reps: Reps,
    seed: int,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
    keep_events: bool = True,
) -> Experiment:
    """Simulate every scenario over the same ``reps`` days and tabulate the results.

    Parameters
    ----------
    scenarios
        One scenario or several (the first is the baseline); scenario objects or paths
        of scenario files.
    reps
        Number of replications (days) per scenario, or ``"auto"`` / :class:`AutoReps`
        to add replications until the headline wait is precise enough.
    seed
        Seed of the random streams; the same seed gives the same tables.
    workers
        Local worker processes (default: one per CPU core; 1 runs in this process).
    scheduler
        Address of an existing Dask scheduler (``tcp://HOST:PORT``) to run on instead.
    progress
        Called as ``progress(done, total)`` after each chunk of replications.
    keep_events
        Keep the long event log (the largest table); if False ``events`` is empty.

    Returns
    -------
    Experiment
        Tables in ``(scenario, rep)`` order, identical for every runner.

    Notes
    -----
    On macOS and Windows local worker processes start fresh and import the calling
    script, so a script that calls this at top level needs the usual
    ``if __name__ == "__main__":`` guard (on Linux workers are forked).
    """
    resolved = resolve_scenarios(scenarios)
    settings = check_reps(reps)
    with open_runner(workers, scheduler) as runner:
        return run_with(runner, resolved, settings, seed, progress=progress, keep_events=keep_events)


def resolve_scenarios(scenarios: ScenarioLike | Sequence[ScenarioLike]) -> list[Scenario]:
    """Scenario objects for scenarios given as objects or file paths; names must differ."""
    items = [scenarios] if isinstance(scenarios, Scenario | str | os.PathLike) else list(scenarios)
    if not items:
        raise ExperimentError("no scenario to run")
    resolved = [s if isinstance(s, Scenario) else load_scenario(s) for s in items]
    names = [s.name for s in resolved]
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise ExperimentError(f"scenario names must differ (they label the tables); repeated: {', '.join(twice)}")
    return resolved


def check_reps(reps: Reps) -> int | auto.AutoReps:
    """A positive number of replications or the auto settings."""
    if reps == "auto":
        return auto.AutoReps()
    if isinstance(reps, auto.AutoReps):
        return reps
    if isinstance(reps, bool) or not isinstance(reps, int | np.integer) or reps < 1:
        raise ExperimentError(f"reps must be a whole number of at least 1 or 'auto', got {reps!r}")
    return int(reps)


def run_with(
    runner: Runner,
    scenarios: list[Scenario],
    reps: int | auto.AutoReps,
    seed: int,
    *,
    progress: Progress | None = None,
    keep_events: bool = True,
) -> Experiment:
    """:func:`run_experiment` on an open runner (shared by batches and sweep points)."""
    if seed < 0:
        raise ExperimentError(f"seed must be 0 or more, got {seed}")
    started, clock = datetime.now(UTC), time.perf_counter()
    collected: Collected = {}
    decision = None
    if isinstance(reps, int):
        _collect(runner, scenarios, seed, range(reps), collected, progress)
    else:
        decision = _collect_until_precise(runner, scenarios, seed, reps, collected, progress)
        reps = decision.reps
    visits, events, kpis = _tables(scenarios, collected, reps)
    collected.clear()  # the chunks' tables are now in the stacked ones
    summary = summarise(kpis)
    comparison = paired_comparison(kpis, baseline=scenarios[0].name) if len(scenarios) > 1 else None
    extra: dict[str, Any] = {"baseline": scenarios[0].name}
    if decision is not None:
        extra["reps_auto"] = {
            "precision": decision.settings.precision,
            "kpi": decision.settings.kpi,
            "max_reps": decision.settings.max_reps,
            "reached": decision.reached,
            "relative_half_width": dict(decision.relative_half_width),
        }
    manifest = build_manifest(scenarios, seed, reps, started, time.perf_counter() - clock, extra=extra)
    return Experiment(
        scenarios=tuple(scenarios),
        seed=seed,
        reps=reps,
        visits=visits,
        events=events if keep_events else events.iloc[0:0],
        kpis=kpis,
        summary=summary,
        comparison=comparison,
        manifest=manifest,
        precision=decision,
    )


class _Tables(NamedTuple):
    visits: pd.DataFrame
    events: pd.DataFrame
    kpis: pd.DataFrame


def _collect(
    runner: Runner,
    scenarios: list[Scenario],
    seed: int,
    reps: range,
    into: Collected,
    progress: Progress | None,
    total: int | None = None,
) -> None:
    """Run replications ``reps`` of every scenario into ``into``."""
    size = chunk_size_for(runner, len(reps) * len(scenarios))
    chunks = make_chunks(scenarios, seed, reps, chunk_size=size)
    total = total if total is not None else len(reps) * len(scenarios)
    for result in runner.run(chunks):
        into[(result.scenario_index, result.reps[0])] = result
        if progress is not None:
            progress(sum(len(r.reps) for r in into.values()), total)


def _tables(scenarios: list[Scenario], collected: Collected, reps: int) -> _Tables:
    """Stack replications 0..reps-1 in (scenario, rep) order and compute the day KPIs in one pass.

    Replications beyond ``reps`` (the look-ahead of ``--reps auto``) are left out before
    the KPIs are computed, so the tables equal those of a run of exactly ``reps``.
    """
    ordered = [collected[key] for key in sorted(collected)]
    visits = _stack([_first_reps(r.visits, reps) for r in ordered])
    events = _stack([_first_reps(r.events, reps) for r in ordered])
    kpis = day_kpis(visits, events, facts_by_scenario(scenarios))
    return _Tables(visits, events, kpis)


def _collect_until_precise(
    runner: Runner,
    scenarios: list[Scenario],
    seed: int,
    settings: auto.AutoReps,
    collected: Collected,
    progress: Progress | None,
) -> auto.PrecisionOutcome:
    """Add batches of replications until the headline KPI is precise (or the cap)."""
    done, target = 0, settings.pilot_reps
    while True:
        total = target * len(scenarios)
        _collect(runner, scenarios, seed, range(done, target), collected, progress, total=total)
        done = target
        kpis = _tables(scenarios, collected, done).kpis
        values = {s.name: kpis.loc[kpis["scenario"] == s.name, settings.kpi].to_numpy(dtype=float) for s in scenarios}
        if done >= settings.max_reps or auto.solution(values, settings) is not None:
            return auto.outcome(values, settings)
        target = auto.next_total(values, settings)


def _first_reps(table: pd.DataFrame, reps: int) -> pd.DataFrame:
    """The rows of replications 0..reps-1 of a chunk's table."""
    keep = table["rep"] < reps
    return table if keep.all() else table.loc[keep]


def _stack(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate chunk tables, keeping categorical columns categorical.

    Each chunk's categorical columns have their own categories; they are given the
    same categories, in order of first appearance in the stacked rows, before
    concatenating, so the result does not depend on how the replications were chunked.
    """
    if not parts:
        return pd.DataFrame()
    first = parts[0]
    categorical = [c for c in first.columns if isinstance(first[c].dtype, pd.CategoricalDtype)]
    if categorical:
        shared = {c: _first_seen_categories([p[c] for p in parts]) for c in categorical}
        parts = [p.assign(**{c: p[c].cat.set_categories(shared[c]) for c in categorical}) for p in parts]
    return pd.concat(parts, ignore_index=True)


def _first_seen_categories(columns: list[pd.Series]) -> list[Any]:
    """The values of categorical ``columns`` (taken in order) in order of first appearance."""
    seen: dict[Any, None] = {}
    for column in columns:
        codes = pd.unique(column.cat.codes.to_numpy())
        seen.update(dict.fromkeys(column.cat.categories[codes[codes >= 0]]))
    return list(seen)
