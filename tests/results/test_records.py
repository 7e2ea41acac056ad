"""Results read a day's record without importing the engine that played it.

The record types (events, patients, resources) live in :mod:`flowsim.records`, a
module that imports nothing of flowsim; the engine and the results both import it.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pandas as pd

import flowsim.model
import flowsim.records
import flowsim.results
from flowsim.model import simulate
from flowsim.results import day_kpis, facts_by_scenario, log_tables
from flowsim.scenarios.schema import Scenario
from tests.experiment.clinics import tiny_mapping

ROOT = Path(flowsim.results.__file__).parent.parent


def _imported(path: Path) -> set[str]:
    """Every module a source file imports (absolute names)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_results_never_import_the_engine() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(m for m in _imported(path) if m.startswith("flowsim.model"))
        for path in sorted((ROOT / "results").glob("*.py"))
    }
    assert {path: modules for path, modules in offenders.items() if modules} == {}


def test_the_record_types_import_nothing_of_flowsim() -> None:
    assert not [m for m in _imported(Path(flowsim.records.__file__)) if m.startswith("flowsim")]


def test_engine_and_results_share_one_set_of_record_types() -> None:
    assert flowsim.model.DayLog is flowsim.records.DayLog
    assert flowsim.model.PatientRecord is flowsim.records.PatientRecord
    assert flowsim.model.Event is flowsim.records.Event


def _renamed(data: dict[str, Any], old: str, new: str) -> Scenario:
    """The same clinic with staff pool ``old`` called ``new`` everywhere."""
    text = json.dumps(data).replace(f'"{old}"', f'"{new}"')
    return Scenario.model_validate(json.loads(text))


def test_renaming_a_staff_pool_changes_no_kpi() -> None:
    # Once, a pool called room_prep was counted as an exam room by its name.
    data = tiny_mapping("tiny", rooms=2)
    kpis = []
    for name in ("ma", "room_prep"):
        scenario = _renamed(data, "ma", name)
        tables = log_tables([("tiny", rep, simulate(scenario, 3, rep)) for rep in range(3)])
        day = day_kpis(
            tables.visits, tables.events, facts_by_scenario([scenario]), resource_events=tables.resource_events
        )
        kpis.append(day.rename(columns={f"staff_utilisation_{name}": "staff_utilisation"}))
    pd.testing.assert_frame_equal(kpis[0], kpis[1], check_exact=True)
    assert kpis[0]["room_utilisation"].between(1, 100).all()
    assert kpis[0]["staff_utilisation"].between(1, 100).all()
