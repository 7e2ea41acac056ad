"""Every kind of bad input in SPEC §7 gets a message naming the file, the field and what is allowed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from flowsim.scenarios import ScenarioError, load_scenario, scenario_from_dict
from tests.scenarios.helpers import baseline_data, write

Data = dict[str, Any]


def _set(path: str, value: Any) -> Callable[[Data], None]:
    """A change of the baseline data at a dotted path (mapping keys and list positions)."""

    def change(data: Data) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return change


CASES: list[tuple[str, Callable[[Data], None], str, str]] = [
    (
        "unknown key with a did-you-mean",
        _set("exam_rooms", {"cuont": 8}),
        "exam_rooms.cuont",
        "unknown field 'cuont' (did you mean 'count'?); allowed: count, policy, turnover_min",
    ),
    (
        "unknown key in a named provider",
        _set("providers.dr_patel.sesions", []),
        "providers.dr_patel.sesions",
        "unknown field 'sesions' (did you mean 'sessions'?); allowed: role, sessions, start_lateness_min, breaks, "
        "documentation_min, schedule, rooms, visit_mix, team, no_show_factor, punctuality_factor, "
        "finish_list_before_break",
    ),
    (
        "unknown distribution",
        _set("pathways.short_visit.2.duration_min", {"dist": "lognormall", "mean": 15, "cv": 0.5}),
        "pathways.short_visit.2.duration_min",
        "unknown distribution 'lognormall' (did you mean 'lognormal'?); allowed: fixed, exponential, lognormal, "
        "gamma, normal, triangular, uniform, empirical",
    ),
    (
        "wrong type: text for a count",
        _set("staff.ma.count", "three"),
        "staff.ma.count",
        "expected a whole number, got 'three'",
    ),
    (
        "wrong type: a number for a section",
        _set("exam_rooms", 8),
        "exam_rooms",
        "expected a mapping with fields count, policy, turnover_min, got 8",
    ),
    (
        "wrong type: a clock time",
        _set("clinic.open", "8 am"),
        "clinic.open",
        "expected a clock time HH:MM (e.g. 08:30; past midnight 25:00, up to 47:59), got '8 am'",
    ),
    (
        "zero duration",
        _set("pathways.short_visit.0.duration_min", 0),
        "pathways.short_visit.0.duration_min",
        "a duration must be more than 0 minutes, got 0.0",
    ),
    (
        "negative duration mean",
        _set("pathways.short_visit.0.duration_min", {"dist": "lognormal", "mean": -3, "cv": 0.5}),
        "pathways.short_visit.0.duration_min.mean",
        "must be more than 0, got -3",
    ),
    (
        "zero slot length",
        _set("visit_types.follow_up.slot_min", 0),
        "visit_types.follow_up.slot_min",
        "must be at least 1, got 0",
    ),
    (
        "probability above 1",
        _set("visit_types.follow_up.no_show_prob", 1.5),
        "visit_types.follow_up.no_show_prob",
        "must be between 0 and 1, got 1.5",
    ),
    (
        "negative step probability",
        _set("pathways.long_visit.3.probability", -0.1),
        "pathways.long_visit.3.probability",
        "must be between 0 and 1, got -0.1",
    ),
    (
        "not a finite number",
        _set("visit_types.follow_up.slot_min", float("inf")),
        "visit_types.follow_up.slot_min",
        "expected a finite number, got inf",
    ),
    (
        "shares not summing to 1",
        _set("visit_types.follow_up.share", 0.5),
        "visit_types",
        "shares must sum to 1, got 0.9 (follow_up=0.5, new_patient=0.2, physical=0.2)",
    ),
    (
        "sessions overlapping",
        _set("providers.dr_patel.sessions.1", {"start": "11:00", "end": "15:00"}),
        "providers.dr_patel.sessions",
        "sessions overlap",
    ),
    (
        "session ending before it starts",
        _set("providers.dr_patel.sessions.1", {"start": "15:00", "end": "13:00"}),
        "providers.dr_patel.sessions.1",
        "session ends (13:00) before it starts (15:00)",
    ),
    (
        "a step needing an unknown resource",
        _set("pathways.short_visit.1.needs", ["exam_room", "mas"]),
        "pathways.short_visit.1.needs",
        "unknown resource 'mas' (did you mean 'ma'?); known: any_provider, dr_garcia, dr_nguyen, dr_patel, "
        "exam_room, front_desk, ma, np_kim, provider",
    ),
    (
        "dedicated rooms exceeding the room count",
        lambda data: (
            data["providers"].update(
                {name: {**p, "rooms": [2 * i + 1, 2 * i + 2]} for i, (name, p) in enumerate(data["providers"].items())}
            )
            or data["exam_rooms"].update({"count": 6})
        ),
        "providers.np_kim.rooms",
        "room 7 does not exist: exam_rooms.count is 6",
    ),
    (
        "fewer dedicated rooms than providers",
        _set("exam_rooms.count", 3),
        "providers.np_kim.rooms",
        "with dedicated rooms every provider needs at least one room",
    ),
]


@pytest.mark.parametrize(("case", "change", "field", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_names_file_field_and_what_is_allowed(
    tmp_path: Path, case: str, change: Callable[[Data], None], field: str, message: str
) -> None:
    data = baseline_data()
    change(data)
    path = write(tmp_path / "clinic.yaml", data)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.file == str(path)
    assert (field, message) in caught.value.problems
    assert f"{path}: {field}: {message}" in str(caught.value).splitlines()


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path) -> None:
    data = baseline_data()
    data["exam_rooms"]["cuont"] = 8
    data["visit_types"]["physical"]["no_show_prob"] = 2
    data["staff"]["ma"]["count"] = "x"
    path = write(tmp_path / "clinic.yaml", data)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert [p for p, _ in caught.value.problems] == [
        "staff.ma.count",
        "exam_rooms.cuont",
        "visit_types.physical.no_show_prob",
    ]


def test_cross_reference_problems_are_split_one_per_line(tmp_path: Path) -> None:
    data = baseline_data()
    data["visit_types"]["follow_up"]["pathway"] = "short_vist"
    data["walk_ins"]["assign"] = "dr_patell"
    path = write(tmp_path / "clinic.yaml", data)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.problems == [
        (
            "visit_types.follow_up.pathway",
            "unknown pathway 'short_vist' (did you mean 'short_visit'?); known: long_visit, short_visit",
        ),
        (
            "walk_ins.assign",
            "unknown assignment rule or provider 'dr_patell' (did you mean 'dr_patel'?); known: dr_garcia, "
            "dr_nguyen, dr_patel, in_turn, least_busy, np_kim, shared_queue",
        ),
    ]


def test_bad_name_of_a_provider_says_what_names_may_be(tmp_path: Path) -> None:
    data = baseline_data()
    data["providers"]["Dr Who"] = data["providers"].pop("np_kim")
    path = write(tmp_path / "clinic.yaml", data)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.problems == [
        (
            "providers.Dr Who",
            "'Dr Who' is not a usable name: use lower-case letters, digits and _ (it becomes a column name)",
        )
    ]


def test_missing_required_field_says_what_it_is(tmp_path: Path) -> None:
    data = baseline_data()
    del data["visit_types"]["physical"]["slot_min"]
    path = write(tmp_path / "clinic.yaml", data)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.problems == [
        ("visit_types.physical.slot_min", "required field missing: Length of the appointment slot in minutes.")
    ]


def test_unknown_field_inside_a_distribution_drops_the_union_tag_from_the_path(tmp_path: Path) -> None:
    data = baseline_data()
    data["exam_rooms"]["turnover_min"] = {"dist": "gamma", "mean": 2, "cv": 0.5, "sd": 1}
    path = write(tmp_path / "clinic.yaml", data)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.problems == [("exam_rooms.turnover_min.sd", "unknown field 'sd'; allowed: dist, mean, cv")]


def test_step_named_like_provider_activity_is_refused() -> None:
    data = {
        "name": "x",
        "providers": {"dr_a": {"sessions": [{"start": "08:00", "end": "12:00"}]}},
        "visit_types": {"fu": {"share": 1.0, "slot_min": 15, "pathway": "visit"}},
        "pathways": {"visit": [{"name": "documentation", "duration_min": 10, "needs": ["provider"]}]},
    }
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data, source="reserved.yaml")
    assert "reserved.yaml: pathways.visit.0.name: 'documentation' is reserved" in str(caught.value)
