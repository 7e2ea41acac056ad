"""Steps needing people and providers' roles are refused with their field and what is allowed."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from flowsim.scenarios import ScenarioError, scenario_from_dict
from tests.model.days import BASE

HOUR = [{"start": "08:00", "end": "09:00"}]


def _data(pathways: dict[str, Any] | None = None, **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["providers"] = {"dr_a": {"sessions": HOUR}, "nurse_kim": {"sessions": HOUR, "role": "nurse"}}
    data["staff"] = {"ma": {"count": 1}}
    data["exam_rooms"] = {"count": 2, "policy": "pooled"}
    if pathways is not None:
        data["pathways"] = pathways
        data["visit_types"] = {name: {"share": 1 / len(pathways), "slot_min": 20, "pathway": name} for name in pathways}
    data.update(copy.deepcopy(changes))
    return data


def _step(name: str, needs: list[str], **extra: Any) -> dict[str, Any]:
    return {"name": name, "duration_min": 5, "needs": needs, **extra}


def _problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data)
    return caught.value.problems


def test_a_named_provider_that_does_not_exist() -> None:
    problems = _problems(_data({"visit": [_step("exam", ["provider", "nurse_kin"])]}))
    assert problems == [
        (
            "pathways.visit.0.needs",
            "unknown resource 'nurse_kin' (did you mean 'nurse_kim'?); known: any_provider, dr_a, exam_room, ma, "
            "nurse_kim, provider",
        )
    ]


def test_a_role_that_is_not_allowed() -> None:
    data = _data()
    data["providers"]["nurse_kim"]["role"] = "midwife"
    assert _problems(data) == [
        ("providers.nurse_kim.role", "unknown value 'midwife'; allowed: physician, np, pa, nurse")
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("any_provider", "'any_provider' is a reserved need name; choose another provider name"),
        ("ma", "'ma' is also a staff pool: a step needing 'ma' would be ambiguous"),
    ],
)
def test_a_provider_name_that_clashes_with_another_need(name: str, message: str) -> None:
    data = _data()
    data["providers"][name] = {"sessions": HOUR}
    assert (f"providers.{name}", message) in _problems(data)


def test_people_in_one_step_are_accepted_in_any_order() -> None:
    # the engine seizes a step's people in the providers' order, whatever order they are listed in
    scenario = scenario_from_dict(
        _data(
            {
                "procedure": [_step("injection", ["nurse_kim", "provider", "ma"])],
                "shot": [_step("shot", ["provider", "dr_a"])],
            }
        )
    )
    assert scenario.pathways["procedure"][0].needs == ["nurse_kim", "provider", "ma"]


def test_holding_one_named_provider_while_waiting_for_another_both_ways_is_refused() -> None:
    problems = _problems(
        _data(
            {
                "a_first": [_step("one", ["dr_a"], hold=["dr_a"]), _step("two", ["nurse_kim"], release=["dr_a"])],
                "kim_first": [
                    _step("one", ["nurse_kim"], hold=["nurse_kim"]),
                    _step("two", ["dr_a"], release=["nurse_kim"]),
                ],
            }
        )
    )
    assert len(problems) == 1
    where, message = problems[0]
    assert where in ("pathways.a_first.1.needs", "pathways.kim_first.1.needs")
    assert "holds 'dr_a' while it waits for 'nurse_kim'" in message
    assert "holds 'nurse_kim' while it waits for 'dr_a'" in message


def test_the_own_provider_with_any_provider_in_one_step_is_refused() -> None:
    # Dr A's patient holds Dr A and waits for anyone else (Nurse Kim); Nurse Kim's patient
    # holds her and waits for anyone else (Dr A): they could wait for each other forever.
    problems = _problems(_data({"visit": [_step("exam", ["provider", "any_provider"])]}))
    assert [where for where, _ in problems] == ["pathways.visit.0.needs"]
    assert "patients could wait for each other forever" in problems[0][1]


def test_a_named_provider_alone_and_any_provider_alone_are_accepted() -> None:
    scenario = scenario_from_dict(
        _data({"visit": [_step("triage", ["any_provider"]), _step("exam", ["exam_room", "ma", "dr_a"])]})
    )
    assert scenario.providers["dr_a"].role == "physician"
    assert scenario.providers["nurse_kim"].role == "nurse"


def test_a_team_of_a_pool_that_does_not_exist() -> None:
    data = _data()
    data["providers"]["dr_a"]["team"] = {"mas": 1}
    assert _problems(data) == [("providers.dr_a.team.mas", "unknown staff pool 'mas' (did you mean 'ma'?); known: ma")]


def test_teams_larger_than_the_pool() -> None:
    data = _data()
    data["providers"]["dr_a"]["team"] = {"ma": 1}
    data["providers"]["nurse_kim"]["team"] = {"ma": 1}
    data["staff"]["ma"] = {"count": 2, "count_by_time": [{"from": "08:30", "count": 1}]}
    message = "teams reserve 2 of ma (dr_a, nurse_kim) but as few as 1 are on duty"
    assert _problems(data) == [("staff.ma.count", message)]


def test_teams_that_leave_nobody_for_the_other_providers() -> None:
    data = _data({"visit": [_step("rooming", ["ma"]), _step("exam", ["provider"])]})
    data["providers"]["dr_a"]["team"] = {"ma": 1}
    assert _problems(data) == [("staff.ma.count", "teams reserve every ma (1): patients of nurse_kim would have none")]


def test_team_fallback_is_pool_or_none() -> None:
    data = _data(team_fallback="sometimes")
    assert _problems(data) == [("team_fallback", "unknown value 'sometimes'; allowed: pool, none")]
    data = _data(team_fallback="none")
    data["providers"]["dr_a"]["team"] = {"ma": 1}
    data["staff"]["ma"] = {"count": 2}
    assert scenario_from_dict(data).providers["dr_a"].team == {"ma": 1}
