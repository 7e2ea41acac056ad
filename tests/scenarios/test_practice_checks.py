"""Every new field of a practice's structure is refused with its field and what is allowed."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from flowsim.scenarios import ScenarioError, scenario_from_dict
from tests.model.days import BASE

HOUR = [{"start": "08:00", "end": "09:00"}]
TYPES = {
    "follow_up": {"share": 0.5, "slot_min": 15, "pathway": "visit"},
    "new_patient": {"share": 0.5, "slot_min": 30, "pathway": "visit", "no_show_prob": 0.4},
}


def _data(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["visit_types"] = copy.deepcopy(TYPES)
    data["providers"] = {"dr_a": {"sessions": HOUR}, "dr_b": {"sessions": HOUR, "visit_mix": {"follow_up": 1.0}}}
    data["exam_rooms"] = {"count": 2, "policy": "pooled"}
    data.update(copy.deepcopy(changes))
    return data


def _problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data)
    return caught.value.problems


CASES = [
    (
        "a visit type in visit_mix that does not exist",
        {"providers": {"dr_a": {"sessions": HOUR, "visit_mix": {"folow_up": 1.0}}}},
        "providers.dr_a.visit_mix.folow_up",
        "unknown visit type 'folow_up' (did you mean 'follow_up'?); known: follow_up, new_patient",
    ),
    (
        "a provider's shares that do not sum to 1",
        {"providers": {"dr_a": {"sessions": HOUR, "visit_mix": {"follow_up": 0.5, "new_patient": 0.2}}}},
        "providers.dr_a.visit_mix",
        "shares must sum to 1, got 0.7 (follow_up=0.5, new_patient=0.2)",
    ),
    (
        "blocks that overlap",
        {
            "schedule": {
                "blocks": [
                    {"from": "08:00", "to": "08:40", "visit_types": ["follow_up"]},
                    {"from": "08:30", "to": "09:00", "visit_types": ["follow_up"]},
                ]
            }
        },
        "schedule.blocks.1",
        "overlaps block 0 (08:00-08:40)",
    ),
    (
        "a block of types the provider never sees",
        {"schedule": {"blocks": [{"from": "08:00", "to": "08:30", "visit_types": ["new_patient"]}]}},
        "schedule.blocks.0.visit_types",
        "dr_b is booked none of new_patient (all share 0)",
    ),
    (
        "a template slot of a type the provider never sees",
        {"schedule": {"template": [{"at": "08:00", "visit_type": "new_patient"}]}},
        "schedule.template.0.visit_type",
        "dr_b is never booked new_patient (providers.dr_b.visit_mix gives it share 0)",
    ),
    (
        "template slots that overlap",
        {
            "schedule": {
                "template": [
                    {"at": "08:00", "visit_type": "follow_up"},
                    {"at": "08:10", "visit_type": "follow_up"},
                ]
            }
        },
        "schedule.template.1.at",
        "starts before the follow_up slot at 08:00 ends (15 min): slots may not overlap",
    ),
    (
        "a template slot outside the sessions",
        {
            "schedule": {
                "template": [{"at": "08:45", "visit_type": "follow_up"}, {"at": "09:00", "visit_type": "follow_up"}]
            }
        },
        "schedule.template.1.at",
        "a follow_up slot at 09:00 does not fit in dr_a's sessions",
    ),
    (
        "a template under another rule",
        {"schedule": {"rule": "wave", "template": [{"at": "08:00", "visit_type": "follow_up"}]}},
        "schedule",
        "a template books one patient per typed slot: use rule individual, not wave",
    ),
    (
        "walk-ins of a type no provider sees",
        {
            "providers": {
                "dr_a": {"sessions": HOUR, "visit_mix": {"follow_up": 1.0}},
                "dr_b": {"sessions": HOUR, "visit_mix": {"follow_up": 1.0, "new_patient": 0.0}},
            },
            "walk_ins": {"per_hour": 2, "visit_mix": {"new_patient": 1.0}, "assign": "least_busy"},
        },
        "walk_ins.visit_mix.new_patient",
        "no provider sees new_patient (every visit_mix gives it share 0)",
    ),
    (
        "shared-queue walk-ins under dedicated rooms, of a type some provider never sees",
        {
            "exam_rooms": {"count": 2, "policy": "dedicated"},
            "walk_ins": {"per_hour": 2, "visit_mix": {"new_patient": 1.0}, "assign": "shared_queue"},
        },
        "walk_ins.visit_mix.new_patient",
        "dr_b is never booked new_patient (providers.dr_b.visit_mix gives it share 0) (under dedicated rooms a "
        "shared-queue walk-in goes to the room's owner); assign walk-ins to a provider who sees new_patient",
    ),
    (
        "walk-ins assigned to a named provider who never sees their type",
        {"walk_ins": {"per_hour": 2, "visit_mix": {"new_patient": 1.0}, "assign": "dr_b"}},
        "walk_ins.visit_mix.new_patient",
        "dr_b is never booked new_patient (providers.dr_b.visit_mix gives it share 0); assign walk-ins to a "
        "provider who sees new_patient",
    ),
    (
        "same-day add-ons of types a provider with reserved slots never sees",
        {
            "schedule": {"reserve_every": 2},
            "same_day": {"fill_prob": 1.0, "visit_mix": {"new_patient": 1.0}},
        },
        "same_day.visit_mix",
        "dr_b keeps slots for add-ons (schedule.reserve_every) but is booked none of new_patient",
    ),
    (
        "factors that push a no-show probability above 1",
        {"patients": {"by_hour": [{"from": "08:30", "no_show_factor": 3.0}]}},
        "patients.by_hour",
        "dr_a's no_show_factor (1) times the largest by-hour factor (3) makes new_patient's no-show "
        "probability 1.2; probabilities stop at 1",
    ),
    (
        "by-hour factors out of order",
        {"patients": {"by_hour": [{"from": "10:00"}, {"from": "09:00"}]}},
        "patients.by_hour",
        "list the changes in time order, one per clock time",
    ),
    (
        "a negative factor",
        {"providers": {"dr_a": {"sessions": HOUR, "punctuality_factor": -1}}},
        "providers.dr_a.punctuality_factor",
        "must be at least 0, got -1",
    ),
]


@pytest.mark.parametrize(("changes", "field", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_practice_field_problems_name_the_field(changes: dict[str, Any], field: str, message: str) -> None:
    data = _data()
    if "providers" in changes:
        data["providers"].update(changes.pop("providers"))
    data.update(changes)
    assert (field, message) in _problems(data)


def test_named_walk_in_provider_needs_to_see_the_walk_in_types() -> None:
    data = _data(walk_ins={"per_hour": 2, "visit_mix": {"new_patient": 1.0}, "assign": "dr_b"})
    assert (
        "walk_ins.visit_mix.new_patient",
        "dr_b is never booked new_patient (providers.dr_b.visit_mix gives it share 0); "
        "assign walk-ins to a provider who sees new_patient",
    ) in _problems(data)
    data["walk_ins"]["assign"] = "dr_a"
    assert scenario_from_dict(data).walk_ins is not None


def test_a_consistent_practice_is_accepted() -> None:
    data = _data(
        schedule={"blocks": [{"from": "08:00", "to": "08:30", "visit_types": ["follow_up"]}]},
        patients={"by_hour": [{"from": "08:30", "no_show_factor": 2.0, "punctuality_factor": 0.5}]},
    )
    assert scenario_from_dict(data).patients.by_hour[0].no_show_factor == 2.0


def test_the_readme_example_of_a_practice_is_valid() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### A real practice's structure", 1)[1]
    example = yaml.safe_load(section.split("```yaml", 1)[1].split("```", 1)[0])
    data = _data(**example)
    data["visit_types"]["new_patient"]["no_show_prob"] = 0.1
    scenario = scenario_from_dict(data)
    assert scenario.clinic.close == "25:00"
    assert scenario.providers["dr_b"].visit_mix == {"follow_up": 1.0}
