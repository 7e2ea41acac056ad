"""Room types are validated like every other field: one message per problem, naming file and field.

The family practice gets a procedure visit type (share 0.2 taken from follow-ups) whose
pathway needs a ``procedure`` room; each case then breaks one thing.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from flowsim.model import simulate
from flowsim.model.room_policies import ROOM_RULES
from flowsim.scenarios import ScenarioError, scenario_from_dict
from flowsim.scenarios.room_policies import ROOM_POLICIES
from tests.scenarios.helpers import baseline_data

PROCEDURE_PATHWAY = [
    {"name": "check_in", "duration_min": 3, "needs": ["front_desk"]},
    {"name": "procedure", "duration_min": 30, "needs": ["procedure", "provider"]},
]


def _with_procedures(**room_type: Any) -> dict[str, Any]:
    data = baseline_data()
    data["visit_types"]["follow_up"]["share"] = 0.4
    data["visit_types"]["procedure"] = {"share": 0.2, "slot_min": 30, "pathway": "procedure"}
    data["pathways"]["procedure"] = copy.deepcopy(PROCEDURE_PATHWAY)
    data["room_types"] = {"procedure": {"count": 1, "policy": "pooled", "turnover_min": 10, **room_type}}
    return data


def _problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data, source="clinic.yaml")
    return str(caught.value).splitlines()


def test_a_valid_procedure_room_loads() -> None:
    scenario = scenario_from_dict(_with_procedures(), source="clinic.yaml")
    assert scenario.room_types["procedure"].count == 1
    assert scenario.room_types["procedure"].policy == "pooled"


def test_the_room_policy_names_and_the_engines_rules_are_the_same_list() -> None:
    assert list(ROOM_RULES) == list(ROOM_POLICIES)
    # a room that decides a shared-queue patient's provider is one only its owner sees patients in
    assert all(ROOM_RULES[name].decides_provider == policy.own_rooms_only for name, policy in ROOM_POLICIES.items())


def test_an_unknown_room_type_in_needs_is_named_with_the_known_resources() -> None:
    data = _with_procedures()
    data["pathways"]["procedure"][1]["needs"] = ["procedur", "provider"]
    assert _problems(data) == [
        "clinic.yaml: pathways.procedure.1.needs: unknown resource 'procedur' (did you mean 'procedure'?); "
        "known: any_provider, dr_garcia, dr_nguyen, dr_patel, exam_room, front_desk, ma, np_kim, procedure, provider"
    ]


@pytest.mark.parametrize("where", ["room_types.procedure.policy", "exam_rooms.policy"])
def test_an_unknown_policy_lists_the_registry(where: str) -> None:
    data = _with_procedures()
    section = data["room_types"]["procedure"] if where.startswith("room_types") else data["exam_rooms"]
    section["policy"] = "shared"
    assert _problems(data) == [f"clinic.yaml: {where}: unknown room policy 'shared'; allowed: dedicated, pooled, flex"]


def test_no_procedure_room_under_a_booked_pathway_is_refused() -> None:
    assert _problems(_with_procedures(count=0)) == [
        "clinic.yaml: room_types.procedure.count: pathway 'procedure' (visit type 'procedure') needs a procedure "
        "room but the count is 0"
    ]


def test_no_procedure_room_is_fine_while_nobody_is_booked_for_it() -> None:
    data = _with_procedures(count=0)
    data["visit_types"]["procedure"]["share"] = 0.0
    data["visit_types"]["follow_up"]["share"] = 0.6
    assert scenario_from_dict(data).room_types["procedure"].count == 0


def test_dedicated_procedure_rooms_need_one_for_every_provider() -> None:
    assert _problems(_with_procedures(count=3, policy="dedicated")) == [
        "clinic.yaml: room_types.procedure.policy: with dedicated procedure rooms every provider needs one of "
        "their own, but 3 room(s) leave np_kim without; add rooms or choose pooled or flex"
    ]
    assert scenario_from_dict(_with_procedures(count=3, policy="flex")).room_types["procedure"].policy == "flex"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("exam_room", "'exam_room' is a built-in name; choose another name for this room type"),
        ("room", "'room' is a built-in name; choose another name for this room type"),
        ("ma", "'ma' is already a staff pool; choose another name for this room type"),
        ("dr_patel", "'dr_patel' is already a provider; choose another name for this room type"),
    ],
)
def test_a_room_type_may_not_take_a_name_in_use(name: str, message: str) -> None:
    data = _with_procedures()
    data["room_types"] = {name: {"count": 1}}
    data["pathways"]["procedure"][1]["needs"] = ["provider"]
    assert f"clinic.yaml: room_types.{name}: {message}" in _problems(data)


def test_a_rooms_id_may_not_be_a_staff_pools_name() -> None:
    data = _with_procedures()
    data["staff"]["xray_1"] = {"count": 1}
    data["room_types"]["xray"] = {"count": 2}
    assert _problems(data) == ["clinic.yaml: room_types.xray: room 'xray_1' would share its name with a staff pool"]


def test_an_unknown_key_in_a_room_type_has_a_did_you_mean() -> None:
    data = _with_procedures(cuont=2)
    assert _problems(data) == [
        "clinic.yaml: room_types.procedure.cuont: unknown field 'cuont' (did you mean 'count'?); "
        "allowed: count, policy, turnover_min"
    ]


def test_the_readme_example_of_room_types_runs() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("#### Room types and station queues", 1)[1]
    example = yaml.safe_load(section.split("```yaml", 1)[1].split("```", 1)[0])
    data = baseline_data()
    data["visit_types"]["follow_up"]["share"] = 0.4
    data["visit_types"]["procedure"] = {"share": 0.2, "slot_min": 30, "pathway": "procedure_visit"}
    data.update({k: v for k, v in example.items() if k != "pathways"})
    data["pathways"].update(example["pathways"])
    scenario = scenario_from_dict(data, source="README.md")
    log = simulate(scenario, 1, 0)
    assert {e.resource_id for e in log.events if e.step == "prep" and e.event == "seize"} >= {"procedure_1"}
    assert scenario.queue_discipline == "station_fifo"
