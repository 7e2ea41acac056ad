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
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from flowsim.experiment import precision as auto
from flowsim.experiment.collect import Collector
from flowsim.experiment.errors import ExperimentError
from flowsim.experiment.executors import Runner, chunk_size_for, describe, open_runner
from flowsim.experiment.replication import make_chunks
from flowsim.results import build_manifest, log_tables, paired_comparison, summarise, write_run
from flowsim.results.long import designs_first, kpis_long, summary_long
from flowsim.results.output import RunFolder
from flowsim.scenarios import load_scenario
from flowsim.scenarios.limits import MAX_REPS
from flowsim.scenarios.schema import Scenario

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` replications (all scenarios), for each replication of a finished chunk."""

ScenarioLike = Scenario | str | os.PathLike[str]
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
        Stopwatch sheet, the patients' events, one KPI row per scenario and replication,
        and mean/sd/95% interval per scenario and KPI. In every table ``scenario`` is an
        ordered categorical with the baseline first; missing text is NA, never ``""``.
    resource_events
        What resources did for no patient: a provider's time off (see
        :func:`flowsim.results.resource_events_table`); empty like ``events`` when the
        event log was not kept.
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
    resource_events: pd.DataFrame = field(default_factory=lambda: log_tables([]).resource_events)

    @property
    def baseline(self) -> str:
        """Name of the baseline scenario (the first)."""
        return self.scenarios[0].name

    @property
    def designs(self) -> list[str]:
        """Design names in run order, the baseline first."""
        return [s.name for s in self.scenarios]

    def kpis_long(self) -> pd.DataFrame:
        """Every KPI as a row (``scenario, rep, kpi, group_kind, group, value``), also per visit
        type, provider, provider role and step; see :func:`flowsim.results.long.kpis_long`."""
        roles = {s.name: {name: p.role for name, p in s.providers.items()} for s in self.scenarios}
        return kpis_long(self.kpis, self.visits if not self.visits.columns.empty else None, self.designs, roles)

    def summary_long(self) -> pd.DataFrame:
        """Mean and 95% interval of every row group of :meth:`kpis_long`."""
        return summary_long(self.kpis_long())

    def write(self, out: str | os.PathLike[str], *, force: bool = False) -> Path:
        """Write the SPEC §4 folder ``out`` (refuses a non-empty folder unless ``force``).

        Needs the visits table: an experiment run with ``keep_visits=False`` is written
        by passing ``out=`` to :func:`run_experiment` instead.
        """
        if self.visits.columns.empty:
            raise ExperimentError("this experiment kept no visits table (keep_visits=False): run it with out=FOLDER")
        return write_run(
            Path(out),
            visits=self.visits,
            events=self.events,
            kpis=self.kpis,
            summary=self.summary,
            comparison=self.comparison,
            manifest=self.manifest,
            force=force,
            resource_events=self.resource_events,
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
    keep_visits: bool = True,
    out: str | os.PathLike[str] | None = None,
    force: bool = False,
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
        Called as ``progress(done, total)`` for each replication, as chunks finish.
    keep_events
        Keep the long event log (the largest table); if False ``events`` is empty.
    keep_visits
        Keep the stopwatch sheet; if False ``visits`` is empty.
    out
        Also write the run folder (SPEC §4) here. The visits and events tables are
        streamed to it chunk by chunk, so with ``keep_visits=False, keep_events=False``
        a long run needs memory for its KPIs only. Refused if the folder is not empty,
        unless ``force``; the folder appears complete or not at all.
    force
        Replace a non-empty ``out`` folder (once the new run is complete).

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
        if out is None:
            return run_with(runner, resolved, settings, seed, progress=progress, keep_events=keep_events,
                            keep_visits=keep_visits)  # fmt: skip
        with RunFolder(Path(out), force=force) as folder:
            return run_with(runner, resolved, settings, seed, progress=progress, keep_events=keep_events,
                            keep_visits=keep_visits, folder=folder)  # fmt: skip


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
    if reps > MAX_REPS:
        raise ExperimentError(f"reps must be at most {MAX_REPS:,}, got {int(reps):,}")
    return int(reps)


def run_with(
    runner: Runner,
    scenarios: list[Scenario],
    reps: int | auto.AutoReps,
    seed: int,
    *,
    progress: Progress | None = None,
    keep_events: bool = True,
    keep_visits: bool = True,
    folder: RunFolder | None = None,
) -> Experiment:
    """:func:`run_experiment` on an open runner (shared by batches and sweep points).

    With a ``folder``, the visits and events tables are streamed into it and the folder
    is finished (put in place) before returning.
    """
    if seed < 0:
        raise ExperimentError(f"seed must be 0 or more, got {seed}")
    if isinstance(reps, auto.AutoReps) and reps.on == "difference" and len(scenarios) < 2:
        raise ExperimentError("a precision on the difference needs a baseline and at least one redesign")
    started, clock = datetime.now(UTC), time.perf_counter()
    collector = Collector([s.name for s in scenarios], keep_visits=keep_visits, keep_events=keep_events, folder=folder)
    decision = None
    if isinstance(reps, int):
        _collect(runner, scenarios, seed, range(reps), collector, progress)
    else:
        decision = _collect_until_precise(runner, scenarios, seed, reps, collector, progress)
        reps = decision.reps
    wall_s = time.perf_counter() - clock
    return _finished(collector, scenarios, seed, reps, decision, started, wall_s, folder, describe(runner))


def analysed(kpis: pd.DataFrame, designs: list[str]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    """``(kpis, summary, comparison)`` of a run's stacked day KPIs, ``designs`` in run order
    (the first is the baseline; the comparison is None for one design). The tables have the
    designs as ordered categoricals, baseline first."""
    summary = summarise(kpis)
    comparison = paired_comparison(kpis, baseline=designs[0]) if len(designs) > 1 else None
    kpis, summary = designs_first(kpis, designs), designs_first(summary, designs)
    if comparison is not None:
        comparison = designs_first(comparison, designs[1:], column="redesign")
    return kpis, summary, comparison


def _finished(
    collector: Collector,
    scenarios: list[Scenario],
    seed: int,
    reps: int,
    decision: auto.PrecisionOutcome | None,
    started: datetime,
    wall_s: float,
    folder: RunFolder | None,
    runner: dict[str, Any],
) -> Experiment:
    """The experiment of everything ``collector`` gathered; the folder (if any) finished and put in place."""
    visits, events, kpis, resource_events = collector.tables(reps)
    collector.release()
    kpis, summary, comparison = analysed(kpis, [s.name for s in scenarios])
    extra: dict[str, Any] = {"baseline": scenarios[0].name, "runner": runner}
    if decision is not None:
        extra["reps_auto"] = {
            "precision": decision.settings.precision,
            "half_width_target": decision.settings.half_width,
            "on": decision.settings.on,
            "kpi": decision.settings.kpi,
            "max_reps": decision.settings.max_reps,
            "reached": decision.reached,
            "relative_half_width": dict(decision.relative_half_width),
            "half_width": dict(decision.half_width),
        }
    manifest = build_manifest(scenarios, seed, reps, started, wall_s, extra=extra)
    if folder is not None:
        folder.finish(kpis=kpis, summary=summary, comparison=comparison, manifest=manifest, reps=reps)
    return Experiment(
        scenarios=tuple(scenarios),
        seed=seed,
        reps=reps,
        visits=visits,
        events=events,
        kpis=kpis,
        summary=summary,
        comparison=comparison,
        manifest=manifest,
        precision=decision,
        resource_events=resource_events,
    )


def run_each(
    runner: Runner,
    jobs: Sequence[tuple[Scenario, Path]],
    reps: int,
    seed: int,
    *,
    with_events: bool = False,
    done: Callable[[int], None] | None = None,
) -> None:
    """Run several one-scenario experiments on one runner at once, each into its own run folder.

    The chunks of every job go to the runner together, in job order, so the workers move
    from one job to the next without waiting while the parent writes a finished job's
    folder; with short jobs (a sweep of many points of a few dozen days) that wait was
    most of the time a second worker could save. Each job's folder is written like
    :func:`run_with`'s and put in place as soon as its last chunk is in, then
    ``done(job_index)`` is called. The results are those of running the jobs one by one.
    """
    size = chunk_size_for(runner, reps * len(jobs))
    chunks = [
        replace(chunk, scenario_index=index)
        for index, (scenario, _) in enumerate(jobs)
        for chunk in make_chunks([scenario], seed, range(reps), chunk_size=size, keep_events=with_events)
    ]
    open_jobs: dict[int, tuple[Collector, RunFolder]] = {}
    started, clock = datetime.now(UTC), time.perf_counter()
    try:
        for result in runner.run(chunks):
            index = result.scenario_index
            if index not in open_jobs:
                folder = RunFolder(jobs[index][1], with_events=with_events)
                collector = Collector([jobs[index][0].name], keep_visits=False, keep_events=False, folder=folder)
                open_jobs[index] = (collector, folder)
            collector, folder = open_jobs[index]
            collector.add(replace(result, scenario_index=0))
            if collector.done == reps:
                del open_jobs[index]
                wall_s = time.perf_counter() - clock
                _finished(collector, [jobs[index][0]], seed, reps, None, started, wall_s, folder, describe(runner))
                started, clock = datetime.now(UTC), time.perf_counter()  # the next job's time starts now
                if done is not None:
                    done(index)
    except BaseException:
        for _, folder in open_jobs.values():
            folder.discard()
        raise


def _collect(
    runner: Runner,
    scenarios: list[Scenario],
    seed: int,
    reps: range,
    into: Collector,
    progress: Progress | None,
    total: int | None = None,
) -> None:
    """Run replications ``reps`` of every scenario into ``into``."""
    size = chunk_size_for(runner, len(reps) * len(scenarios))
    chunks = make_chunks(
        scenarios, seed, reps, chunk_size=size, keep_visits=into.needs_visits, keep_events=into.needs_events
    )
    total = total if total is not None else len(reps) * len(scenarios)
    for result in runner.run(chunks):
        before = into.done
        into.add(result)
        if progress is not None:
            for done in range(before + 1, into.done + 1):
                progress(done, total)


def tracked_values(kpis: pd.DataFrame, names: list[str], settings: auto.AutoReps) -> dict[str, np.ndarray]:
    """Per replication, the values whose mean must be precise: each scenario's KPI, or
    (``on="difference"``) each redesign's KPI minus the baseline's on the same day."""
    by_name = {name: kpis.loc[kpis["scenario"] == name, settings.kpi].to_numpy(dtype=float) for name in names}
    if settings.on == "mean":
        return by_name
    if len(names) < 2:
        raise ExperimentError("a precision on the difference needs a baseline and at least one redesign")
    return {name: by_name[name] - by_name[names[0]] for name in names[1:]}


def _collect_until_precise(
    runner: Runner,
    scenarios: list[Scenario],
    seed: int,
    settings: auto.AutoReps,
    collected: Collector,
    progress: Progress | None,
) -> auto.PrecisionOutcome:
    """Add batches of replications until the headline KPI is precise (or the cap)."""
    done, target = 0, settings.pilot_reps
    while True:
        total = target * len(scenarios)
        _collect(runner, scenarios, seed, range(done, target), collected, progress, total=total)
        done = target
        kpis = collected.kpis(done)
        values = tracked_values(kpis, [s.name for s in scenarios], settings)
        if done >= settings.max_reps or auto.solution(values, settings) is not None:
            return auto.outcome(values, settings)
        target = auto.next_total(values, settings)
