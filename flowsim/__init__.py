"""flowsim: simulate patient flow in an outpatient clinic and compare redesigns by wait time.

The names a consultant needs are here::

    import flowsim

    baseline = flowsim.load_scenario("scenarios/family_practice.yaml")
    pooled = flowsim.with_changes(baseline, {"exam_rooms.policy": "pooled"})
    result = flowsim.run_experiment([baseline, pooled], reps=100, seed=1)
    result.comparison  # paired differences with 95% intervals

They are imported on first use, so ``import flowsim`` stays cheap for the engine's worker
processes (the engine itself needs neither pandas nor plotly).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Scenario": "flowsim.scenarios",
    "ScenarioError": "flowsim.scenarios",
    "load_scenario": "flowsim.scenarios",
    "scenario_from_dict": "flowsim.scenarios",
    "dump_scenario": "flowsim.scenarios",
    "redesign_yaml": "flowsim.scenarios",
    "with_changes": "flowsim.scenarios",
    "simulate": "flowsim.model",
    "book": "flowsim.model",
    "run_experiment": "flowsim.experiment",
    "run_sweep": "flowsim.experiment",
    "visits_table": "flowsim.results",
    "events_table": "flowsim.results",
    "day_kpis": "flowsim.results",
    "summarise": "flowsim.results",
    "paired_comparison": "flowsim.results",
    "read_stopwatch": "flowsim.results",
    "fit": "flowsim.calibrate",
    "read_observed": "flowsim.observed",
}

__all__ = [
    "Scenario",
    "ScenarioError",
    "__version__",
    "book",
    "day_kpis",
    "dump_scenario",
    "events_table",
    "fit",
    "load_scenario",
    "paired_comparison",
    "read_observed",
    "read_stopwatch",
    "redesign_yaml",
    "run_experiment",
    "run_sweep",
    "scenario_from_dict",
    "simulate",
    "summarise",
    "visits_table",
    "with_changes",
]

if TYPE_CHECKING:
    from flowsim.calibrate import fit
    from flowsim.experiment import run_experiment, run_sweep
    from flowsim.model import book, simulate
    from flowsim.observed import read_observed
    from flowsim.results import (
        day_kpis,
        events_table,
        paired_comparison,
        read_stopwatch,
        summarise,
        visits_table,
    )
    from flowsim.scenarios import (
        Scenario,
        ScenarioError,
        dump_scenario,
        load_scenario,
        redesign_yaml,
        scenario_from_dict,
        with_changes,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'flowsim' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
