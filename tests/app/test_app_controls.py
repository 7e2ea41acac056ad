"""The redesign controls: values in, the same scenario a hand-written change gives out."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowsim.app_pages.controls import (
    RedesignControls,
    changes_from_controls,
    control_problems,
    controls_from_scenario,
    field_help,
)
from flowsim.scenarios import ExamRooms, with_changes
from flowsim.scenarios.samplers import distribution_mean
from tests.app.clinic import small_clinic

BASELINE = small_clinic()
START = controls_from_scenario(BASELINE)


def redesign(**values: object) -> RedesignControls:
    return dataclasses.replace(START, **values)  # type: ignore[arg-type]


def test_untouched_controls_change_nothing() -> None:
    assert START.room_count == 8
    assert START.staff_counts == {"front_desk": 2, "ma": 3}
    assert START.no_show_pct == pytest.approx(14.0)
    assert START.arrival_offset_min == pytest.approx(-3.0)
    assert START.lateness_mean_min == pytest.approx(1.0)  # (4 + 0 + 0 + 0) / 4
    assert changes_from_controls(BASELINE, START) == {}


def test_rooms_policy_and_staff_become_the_fields_a_file_would_change() -> None:
    controls = redesign(room_count=10, room_policy="pooled", staff_counts={"front_desk": 2, "ma": 4})
    changes = changes_from_controls(BASELINE, controls)
    assert changes == {"exam_rooms.count": 10, "exam_rooms.policy": "pooled", "staff.ma.count": 4}
    expected = with_changes(BASELINE, {"exam_rooms.count": 10, "exam_rooms.policy": "pooled", "staff.ma.count": 4})
    assert with_changes(BASELINE, changes) == expected


def test_dedicated_rooms_fewer_than_providers_is_explained_not_run() -> None:
    problems = control_problems(BASELINE, redesign(room_count=3))
    assert problems == [
        "With dedicated rooms every provider needs a room of their own: 3 rooms for 4 providers. "
        "Add rooms, or choose pooled or flex rooms."
    ]
    assert control_problems(BASELINE, redesign(room_count=3, room_policy="pooled")) == []
    assert control_problems(BASELINE, redesign(room_count=0, room_policy="pooled")) == [
        "Patients are seen in exam rooms, so the clinic needs at least one room."
    ]


def test_a_staff_pool_patients_need_cannot_be_emptied() -> None:
    problems = control_problems(BASELINE, redesign(staff_counts={"front_desk": 0, "ma": 3}))
    assert problems == ["Front desk: patients need them on their way through the clinic, so keep at least one."]


def test_a_provider_cannot_start_after_their_first_session_ends() -> None:
    starts = {**START.first_start, "dr_diaz": "12:00"}
    assert control_problems(BASELINE, redesign(first_start=starts)) == [
        "dr_diaz would start at 12:00, after their first session ends at 12:00."
    ]


def test_an_extra_provider_copies_the_last_one_and_rooms_are_split_again() -> None:
    starts = {**START.first_start, "provider_5": "09:00"}
    controls = redesign(provider_count=5, room_count=10, first_start=starts)
    scenario = with_changes(BASELINE, changes_from_controls(BASELINE, controls))
    assert list(scenario.providers) == ["dr_adams", "dr_baker", "np_chen", "dr_diaz", "provider_5"]
    assert scenario.providers["provider_5"].sessions[0].start == "09:00"
    assert scenario.providers["provider_5"].sessions[0].end == "12:00"  # dr_diaz's morning
    assert scenario.provider_rooms()["provider_5"] == [9, 10]


def test_fewer_providers_and_staggered_starts() -> None:
    controls = redesign(provider_count=3, first_start={"dr_adams": "08:00", "dr_baker": "08:30", "np_chen": "09:00"})
    scenario = with_changes(BASELINE, changes_from_controls(BASELINE, controls))
    assert [p.sessions[0].start for p in scenario.providers.values()] == ["08:00", "08:30", "09:00"]


def test_no_breaks_and_punctual_providers() -> None:
    scenario = with_changes(
        BASELINE, changes_from_controls(BASELINE, redesign(keep_breaks=False, lateness_mean_min=0.0))
    )
    assert all(not p.breaks for p in scenario.providers.values())
    assert all(distribution_mean(p.start_lateness_min) == 0 for p in scenario.providers.values())


def test_schedule_controls() -> None:
    controls = redesign(
        rule="wave", wave_size=2, overbook_every=5, reserve_every=4, slot_min={"follow_up": 20.0, "new_patient": 30.0}
    )
    scenario = with_changes(BASELINE, changes_from_controls(BASELINE, controls))
    assert (scenario.schedule.rule, scenario.schedule.wave_size) == ("wave", 2)
    assert (scenario.schedule.overbook_every, scenario.schedule.reserve_every) == (5, 4)
    assert scenario.visit_types["follow_up"].slot_min == 20.0
    back = with_changes(
        scenario,
        changes_from_controls(scenario, dataclasses.replace(controls_from_scenario(scenario), overbook_every=0)),
    )
    assert back.schedule.overbook_every is None


def test_walk_ins_are_created_with_the_book_s_mix_when_the_baseline_has_none() -> None:
    scenario = with_changes(BASELINE, changes_from_controls(BASELINE, redesign(walk_ins_per_hour=2.0)))
    assert scenario.walk_ins is not None
    assert scenario.walk_ins.per_hour == 2.0
    assert scenario.walk_ins.visit_mix == {"follow_up": 0.6, "new_patient": 0.4}


@given(
    rooms=st.integers(4, 16),
    policy=st.sampled_from(["dedicated", "pooled", "flex"]),
    turnover=st.sampled_from([0.0, 1.5, 3.0, 5.0]),
    no_show=st.integers(0, 40),
    arrival=st.integers(-20, 10),
    ma=st.integers(1, 6),
    fill=st.integers(0, 100),
)
def test_controls_read_back_from_the_redesign_they_made(
    rooms: int, policy: str, turnover: float, no_show: int, arrival: int, ma: int, fill: int
) -> None:
    controls = redesign(
        room_count=rooms,
        room_policy=policy,
        turnover_mean_min=turnover,
        no_show_pct=float(no_show),
        arrival_offset_min=float(arrival),
        staff_counts={"front_desk": 2, "ma": ma},
        add_on_fill_pct=float(fill),
    )
    assert control_problems(BASELINE, controls) == []
    scenario = with_changes(BASELINE, changes_from_controls(BASELINE, controls))
    back = controls_from_scenario(scenario)
    assert (back.room_count, back.room_policy, back.staff_counts) == (rooms, policy, {"front_desk": 2, "ma": ma})
    assert math.isclose(back.turnover_mean_min, turnover)
    assert math.isclose(back.no_show_pct, no_show, abs_tol=0.05)
    assert math.isclose(back.arrival_offset_min, arrival, abs_tol=0.05)
    assert math.isclose(back.add_on_fill_pct, fill)
    assert changes_from_controls(scenario, back) == {}


def test_tooltips_are_the_schema_descriptions() -> None:
    assert field_help(ExamRooms, "count") == ExamRooms.model_fields["count"].description
    assert field_help(ExamRooms, "nonsense") is None


def test_dedicated_rooms_that_cannot_be_shared_out_evenly_are_pointed_out() -> None:
    from flowsim.app_pages.controls import control_notes

    assert control_notes(BASELINE, redesign(room_count=10)) == [
        "With dedicated rooms, 10 rooms for 4 providers: the first 2 providers get 3 rooms, the others 2."
    ]
    assert control_notes(BASELINE, redesign(room_count=10, room_policy="flex")) == []
    assert control_notes(BASELINE, redesign(room_count=12)) == []


def test_a_redesign_needs_a_name_of_its_own() -> None:
    from flowsim.app_pages.controls import name_problems

    assert name_problems(BASELINE, "more_rooms") == []
    assert name_problems(BASELINE, " ") == ["Give the redesign a name: it labels the tables and charts."]
    assert name_problems(BASELINE, "small_practice") == [
        "'small_practice' is your clinic's name: give the redesign a name of its own."
    ]
