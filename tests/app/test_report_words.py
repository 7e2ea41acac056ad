"""The clinic in plain words: each sentence checked against the small clinic by hand."""

from __future__ import annotations

import pytest

from flowsim.report import describe_scenario, scenario_differences
from flowsim.report.words import describe_distribution, lane_words
from flowsim.scenarios import Exponential, Fixed, Lognormal, Triangular, with_changes
from flowsim.scenarios.schema import Scenario
from tests.app.clinic import small_clinic


def test_every_topic_is_described_in_words() -> None:
    words = describe_scenario(small_clinic())
    assert list(words) == ["Providers", "Exam rooms", "Staff", "Schedule", "Patients"]
    assert words["Providers"].startswith(
        "4 providers see patients: Dr Adams, Dr Baker and NP Chen 08:00–12:00 and 13:00–17:00; Dr Diaz 08:00–12:00."
    )
    assert "Dr Adams starts late by 4 min on average" in words["Providers"]
    assert "Dr Adams breaks 10:00–10:15" in words["Providers"]
    assert words["Exam rooms"] == (
        "8 exam rooms; each provider uses only their own rooms (2 rooms each). "
        "Cleaning between patients takes 3 min on average, give or take 1.5."
    )
    assert words["Staff"] == "2 at the front desk and 3 medical assistants."
    assert (
        words["Schedule"]
        == "Booking rule: one patient per slot. Slots: 15 min for follow up and 30 min for new patient."
    )


def test_no_show_rate_and_punctuality_are_weighted_by_the_visit_mix() -> None:
    # no-shows 0.6 * 10% + 0.4 * 20% = 14%; arrival 0.6 * (-5) + 0.4 * 0 = 3 min early
    text = describe_scenario(small_clinic())["Patients"]
    assert text == (
        "Visit mix: 60% follow up and 40% new patient. 14% of booked patients do not come; "
        "on average patients arrive 3 min early."
    )


def test_pooled_rooms_and_add_on_slots_are_said() -> None:
    pooled = with_changes(small_clinic(), {"exam_rooms.policy": "pooled", "schedule.reserve_every": 4})
    words = describe_scenario(pooled)
    assert words["Exam rooms"].startswith("8 exam rooms; any provider can use any free room.")
    assert "every 4th slot is kept for same-day add-ons" in words["Schedule"]
    assert "80% of add-on slots are taken by same-day callers" in words["Patients"]


def test_distributions_in_words() -> None:
    assert describe_distribution(Fixed(dist="fixed", value=5)) == "always 5 min"
    assert describe_distribution(Exponential(dist="exponential", mean=2.5)) == (
        "2.5 min on average (mostly short, sometimes long)"
    )
    assert describe_distribution(Lognormal(dist="lognormal", mean=15, sd=6)) == "15 min on average, give or take 6"
    assert describe_distribution(Triangular(dist="triangular", min=5, mode=10, max=20)) == "5–20 min, most often 10"


def test_differences_list_only_what_the_redesign_changes() -> None:
    baseline = small_clinic()
    redesign = with_changes(baseline, {"name": "more_rooms", "exam_rooms.count": 10, "schedule.rule": "wave"})
    assert scenario_differences(baseline, redesign) == [
        "Exam rooms: 8 → 10",
        "Booking: one patient per slot → patients booked in waves at the start of each wave",
    ]
    assert scenario_differences(baseline, baseline) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"exam_rooms.count": 12}, ["Exam rooms: 8 → 12 (+1 room per provider)"]),  # 4 providers, dedicated
        ({"exam_rooms.count": 9}, ["Exam rooms: 8 → 9"]),
        ({"visit_types.new_patient.no_show_prob": 0.066}, ["No-shows for new patients: 20% → 7%"]),
        ({"staff.ma.count": 4}, ["Medical assistants: 3 → 4"]),
        ({"schedule.reserve_every": 6}, ["Kept for same-day add-ons: none → every 6th slot"]),
        ({"visit_types.follow_up.slot_min": 20}, ["Slot for follow-ups: 15 → 20 min"]),
        ({"exam_rooms.turnover_min": {"dist": "fixed", "value": 5}},
         ["Room cleaning: 3 min on average, give or take 1.5 → always 5 min"]),
        ({"providers.dr_diaz.sessions": [{"start": "13:00", "end": "17:00"}]},
         ["Hours of Dr Diaz: 08:00–12:00 → 13:00–17:00"]),
    ],
)  # fmt: skip
def test_each_change_is_a_sentence_in_the_units_people_use(changes: dict[str, object], expected: list[str]) -> None:
    baseline = small_clinic()
    assert scenario_differences(baseline, with_changes(baseline, changes)) == expected


def test_providers_added_and_removed_are_one_sentence_each() -> None:
    baseline = small_clinic()
    providers = baseline.model_dump(mode="json")["providers"]
    providers["provider_5"] = providers.pop("dr_diaz")
    redesign = with_changes(baseline, {"providers": providers})
    assert scenario_differences(baseline, redesign) == [
        "Added a provider: Provider 5, 08:00–12:00",
        "Dr Diaz no longer sees patients",
    ]


def test_a_provider_who_leaves_at_the_session_end_is_said() -> None:
    clinic = small_clinic()
    leaving = with_changes(clinic, {"providers.dr_adams.finish_list_before_break": False})
    assert (
        "dr_adams leaves at the end of a session even with patients still waiting"
        in (describe_scenario(leaving)["Providers"])
    )
    assert "patients still waiting" not in describe_scenario(clinic)["Providers"]


def _with_procedure_room(count: int = 1, policy: str = "pooled") -> Scenario:
    data = small_clinic().model_dump(by_alias=True)
    room_type = {"count": count, "policy": policy, "turnover_min": {"dist": "fixed", "value": 10}}
    return Scenario.model_validate({**data, "room_types": {"procedure": room_type}})


def test_a_procedure_room_is_said_after_the_exam_rooms() -> None:
    assert describe_scenario(_with_procedure_room())["Exam rooms"].endswith(
        " 1 procedure room; any provider can use any free room; cleaning takes always 10 min."
    )


def test_procedure_rooms_added_changed_and_removed_are_said() -> None:
    plain, one = small_clinic(), _with_procedure_room()
    assert scenario_differences(plain, one) == [
        "Added 1 procedure room; any provider can use any free room; cleaning takes always 10 min."
    ]
    assert scenario_differences(one, plain) == ["No more procedure rooms"]
    assert scenario_differences(one, _with_procedure_room(2, "flex")) == [
        "Procedure rooms: 1 → 2",
        "Procedure rooms: any provider can use any free room → providers use their own rooms first, then any free room",
    ]


def test_every_lane_of_the_day_chart_has_the_name_people_use() -> None:
    labels = lane_words(_with_procedure_room(count=2))
    assert labels == {
        "dr_adams": "Dr Adams",
        "dr_baker": "Dr Baker",
        "np_chen": "NP Chen",
        "dr_diaz": "Dr Diaz",
        **{f"room_{n}": f"Exam room {n}" for n in range(1, 9)},
        "procedure_1": "Procedure room 1",
        "procedure_2": "Procedure room 2",
    }
