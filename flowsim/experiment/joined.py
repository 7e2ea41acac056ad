"""One comparison from runs made apart: a baseline's days beside its redesigns' days.

Day ``r`` of a design depends only on the design, the seed and ``r`` (common random
numbers), and each day's KPIs only on that day. So a baseline simulated alone (as the
app's first page does, for her clinic's normal day) and its redesigns simulated later
over the same seed and days make the same experiment, to the last bit, as all of them
run at once: :func:`joined` stacks the tables as the runner stacks its chunks and works
out the summary and the paired comparison as a run does (:func:`~flowsim.experiment.experiment.analysed`).
"""

from __future__ import annotations

import pandas as pd

from flowsim.experiment.errors import ExperimentError
from flowsim.experiment.experiment import Experiment, analysed
from flowsim.results import build_manifest
from flowsim.results.stacking import stack_day_kpis, stack_tables


def _stacked(first: pd.DataFrame, more: pd.DataFrame) -> pd.DataFrame:
    """Two runs' tables stacked as a run stacks its chunks; a table neither run kept stays as a run leaves it."""
    return first if first.empty and more.empty else stack_tables([first, more])


def joined(first: Experiment, more: Experiment) -> Experiment:
    """The experiment of ``first``'s designs followed by ``more``'s, over the same days.

    ``first``'s first design is the baseline of the paired comparison. Both runs must have
    the same seed and number of days, fixed (not ``reps="auto"``), and different design names.
    """
    if (first.seed, first.reps) != (more.seed, more.reps):
        raise ExperimentError(
            f"only runs of the same seed and days can be joined: seed {first.seed}, {first.reps} days "
            f"and seed {more.seed}, {more.reps} days"
        )
    if first.precision is not None or more.precision is not None:
        raise ExperimentError("runs whose days were chosen by reps='auto' cannot be joined")
    scenarios = (*first.scenarios, *more.scenarios)
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise ExperimentError(f"scenario names must differ to be joined, got {names}")
    visits, events, own = (
        _stacked(getattr(first, t), getattr(more, t)) for t in ("visits", "events", "resource_events")
    )
    kpis, summary, comparison = analysed(stack_day_kpis([first.kpis, more.kpis]), names)
    wall_s = float(first.manifest["wall_s"]) + float(more.manifest["wall_s"])
    extra = {**first.manifest["extra"], "baseline": names[0], "joined": True}
    manifest = build_manifest(scenarios, first.seed, first.reps, first.manifest["started_at"], wall_s, extra=extra)
    return Experiment(
        scenarios=scenarios,
        seed=first.seed,
        reps=first.reps,
        visits=visits,
        events=events,
        kpis=kpis,
        summary=summary,
        comparison=comparison,
        manifest=manifest,
        resource_events=own,
    )
