from .calibrate import fit
from .experiment import run_experiment, run_sweep
from .model import book, simulate
from .observed import read_observed
from .results import (
    day_kpis,
    events_table,
    paired_comparison,
    read_stopwatch,
    summarise,
    visits_table,
)
from .scenarios import (
    Scenario,
    ScenarioError,
    dump_scenario,
    load_scenario,
    redesign_yaml,
    scenario_from_dict,
    with_changes,
)

__version__: str

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
