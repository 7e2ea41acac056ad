"""A procedure room in the app: its count is a control, said in words, refused at 0 when needed."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from flowsim.app_pages.controls import RedesignControls, changes_from_controls, control_problems, controls_from_scenario
from flowsim.report.paths import bundled_scenario
from flowsim.scenarios import load_scenario_data, scenario_from_dict
from tests.app.conftest import APP_FILE, in_process_app, shown

NEEDS_IT = "pathway 'procedure' (visit type 'procedure') needs a procedure room but the count is 0"


def _procedure_practice() -> dict[str, Any]:
    data = copy.deepcopy(load_scenario_data(bundled_scenario()))
    data["visit_types"]["follow_up"]["share"] = 0.5
    data["visit_types"]["procedure"] = {"share": 0.1, "slot_min": 30, "pathway": "procedure"}
    data["pathways"]["procedure"] = [
        {"name": "check_in", "duration_min": 3, "needs": ["front_desk"]},
        {"name": "procedure", "duration_min": 25, "needs": ["procedure", "provider"]},
    ]
    data["room_types"] = {"procedure": {"count": 1, "policy": "pooled", "turnover_min": 10}}
    return data


BASELINE = scenario_from_dict(_procedure_practice())


def test_the_procedure_room_count_is_a_control_that_becomes_one_change() -> None:
    start = controls_from_scenario(BASELINE)
    assert start.room_type_counts == {"procedure": 1}
    changes = changes_from_controls(BASELINE, _with_count(start, 2))
    assert changes == {"room_types.procedure.count": 2}


def test_no_procedure_room_is_explained_in_the_validators_words() -> None:
    assert control_problems(BASELINE, _with_count(controls_from_scenario(BASELINE), 0)) == [NEEDS_IT]
    assert control_problems(BASELINE, _with_count(controls_from_scenario(BASELINE), 3)) == []


def _with_count(start: RedesignControls, count: int) -> RedesignControls:
    return dataclasses.replace(start, room_type_counts={"procedure": count})


@pytest.fixture
def procedure_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[AppTest]:
    path = tmp_path / "procedures.yaml"
    path.write_text(yaml.safe_dump(_procedure_practice(), sort_keys=False), encoding="utf-8")
    in_process_app(monkeypatch, "--scenario", str(path))
    at = AppTest.from_file(str(APP_FILE), default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    yield at


def test_the_app_edits_the_procedure_room_count_and_says_it(procedure_app: AppTest) -> None:
    texts = [shown(m.value) for m in procedure_app.markdown]
    assert any("1 procedure room; any provider can use any free room" in t for t in texts)
    procedure_app.number_input(key="rd_room_type_procedure").set_value(2).run()
    assert not procedure_app.exception, [e.value for e in procedure_app.exception]
    said = " ".join(shown(m.value) for m in procedure_app.markdown)
    assert "Procedure rooms: 1 → 2" in said
    procedure_app.number_input(key="rd_room_type_procedure").set_value(0).run()
    assert [shown(w.value) for w in procedure_app.warning] == [NEEDS_IT]
    assert all(b.key != "cmp_run" for b in procedure_app.button)
