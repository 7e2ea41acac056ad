"""Experiments: many simulated days per design, on this machine or a Dask cluster.

``run_experiment`` replays each scenario over the same days (common random numbers)
and returns tidy tables with 95% intervals and paired comparisons; ``run_sweep`` runs
a resumable grid of redesigns.
"""

from __future__ import annotations

from flowsim.experiment.day import BookedSlot, appointment_book, simulate_day
from flowsim.experiment.errors import ExecutorError, ExperimentError
from flowsim.experiment.executors import Runner, open_runner
from flowsim.experiment.experiment import Experiment, run_experiment, run_with
from flowsim.experiment.joined import joined
from flowsim.experiment.precision import HEADLINE_KPI, AutoReps, PrecisionOutcome
from flowsim.experiment.sweep import SweepError, SweepResult, run_sweep

__all__ = [
    "HEADLINE_KPI",
    "AutoReps",
    "BookedSlot",
    "ExecutorError",
    "Experiment",
    "ExperimentError",
    "PrecisionOutcome",
    "Runner",
    "SweepError",
    "SweepResult",
    "appointment_book",
    "joined",
    "open_runner",
    "run_experiment",
    "run_sweep",
    "run_with",
    "simulate_day",
]
