"""Scenarios: one clinic design for one day, read from YAML, validated, varied and written back.

::

    from flowsim.scenarios import load_scenario, with_changes, dump_scenario

    baseline = load_scenario("scenarios/family_practice.yaml")
    pooled = with_changes(baseline, {"exam_rooms.policy": "pooled", "name": "Pooled rooms"})
    print(dump_scenario(pooled))

Every problem with a file is raised as one :class:`ScenarioError` listing each
``file: field.path: message``.
"""

from __future__ import annotations

from flowsim.scenarios.distributions import (
    AnyDistribution,
    Empirical,
    Exponential,
    Fixed,
    Gamma,
    Lognormal,
    Normal,
    Triangular,
    Uniform,
)
from flowsim.scenarios.edit import parse_vary, with_changes
from flowsim.scenarios.errors import ScenarioError
from flowsim.scenarios.loader import load_scenario, load_scenario_data, scenario_from_dict
from flowsim.scenarios.schema import (
    Break,
    ClinicDay,
    ExamRooms,
    Patients,
    Provider,
    SameDay,
    Scenario,
    Schedule,
    Session,
    StaffPool,
    Step,
    VisitType,
    WalkIns,
)
from flowsim.scenarios.yaml_io import dump_scenario, redesign_yaml

__all__ = [
    "AnyDistribution",
    "Break",
    "ClinicDay",
    "Empirical",
    "ExamRooms",
    "Exponential",
    "Fixed",
    "Gamma",
    "Lognormal",
    "Normal",
    "Patients",
    "Provider",
    "SameDay",
    "Scenario",
    "ScenarioError",
    "Schedule",
    "Session",
    "StaffPool",
    "Step",
    "Triangular",
    "Uniform",
    "VisitType",
    "WalkIns",
    "dump_scenario",
    "load_scenario",
    "load_scenario_data",
    "parse_vary",
    "redesign_yaml",
    "scenario_from_dict",
    "with_changes",
]
