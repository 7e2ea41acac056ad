"""The appointment book: exact slot times for each rule on small templates."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from flowsim.model import Slot, book, simulate
from flowsim.rng import stream
from flowsim.scenarios.schema import Scenario
from tests.model.days import clinic

HOUR = [{"start": "08:00", "end": "09:00"}]


def _book(schedule: dict[str, Any], sessions: list[dict[str, str]] = HOUR, **changes: Any) -> list[Slot]:
    scenario = clinic(
        providers={"dr_a": {"sessions": sessions}},
        visit_types={"visit": {"share": 1.0, "slot_min": 15, "pathway": "visit"}},
        schedule=schedule,
        **changes,
    )
    return book(scenario, seed=1, rep=0)


@pytest.mark.parametrize(
    ("schedule", "expected_min"),
    [
        # one per 15-minute slot of 08:00-09:00
        ({"rule": "individual"}, [0, 15, 30, 45]),
        # two at the first slot, each later patient one slot earlier, same number of patients
        ({"rule": "bailey_welch"}, [0, 0, 15, 30]),
        # one extra patient at the first slot
        ({"rule": "double_book_first"}, [0, 0, 15, 30, 45]),
        # waves of 2 at the wave's start; a wave lasts 2 x 15 = 30 minutes
        ({"rule": "wave", "wave_size": 2}, [0, 0, 30, 30]),
        # waves of 3 last 45 minutes; the second wave (at 45) has room for one patient only
        ({"rule": "wave", "wave_size": 3}, [0, 0, 0, 45]),
        # custom times, one patient each, in time order
        ({"rule": "custom", "custom_times": ["08:40", "08:10"]}, [10, 40]),
        # an extra patient after every 2nd slot, at that slot's time
        ({"rule": "individual", "overbook_every": 2}, [0, 15, 15, 30, 45, 45]),
    ],
)
def test_rule_places_patients(schedule: dict[str, Any], expected_min: list[float]) -> None:
    slots = _book(schedule)
    assert [s.time_min for s in slots] == expected_min
    assert all(s == Slot("dr_a", s.time_min, "visit", "booked") for s in slots)


def test_bailey_welch_restarts_each_session() -> None:
    sessions = [{"start": "08:00", "end": "09:00"}, {"start": "10:00", "end": "10:45"}]
    assert [s.time_min for s in _book({"rule": "bailey_welch"}, sessions)] == [0, 0, 15, 30, 120, 120, 135]


def test_every_second_slot_is_kept_for_same_day_callers() -> None:
    kept = _book({"rule": "individual", "reserve_every": 2}, same_day={"fill_prob": 0.0})
    assert [(s.time_min, s.visit_type, s.status) for s in kept] == [
        (0, "visit", "booked"),
        (15, "", "reserved"),  # nobody called: the slot stays empty
        (30, "visit", "booked"),
        (45, "", "reserved"),
    ]
    filled = _book({"rule": "individual", "reserve_every": 2}, same_day={"fill_prob": 1.0})
    assert [(s.visit_type, s.status) for s in filled][1::2] == [("visit", "reserved")] * 2


def test_same_day_callers_come_and_are_urgent_when_drawn_so() -> None:
    scenario = clinic(
        providers={"dr_a": {"sessions": HOUR}},
        schedule={"rule": "individual", "reserve_every": 2},
        visit_types={"visit": {"share": 1.0, "slot_min": 15, "pathway": "visit"}},
        same_day={"fill_prob": 1.0, "urgent_prob": 1.0},
    )
    patients = simulate(scenario, seed=1, rep=0).patients
    assert [(p.kind, p.appointment_min, p.urgent) for p in patients] == [
        ("booked", 0.0, False),
        ("same_day", 15.0, True),
        ("booked", 30.0, False),
        ("same_day", 45.0, True),
    ]


def test_slot_lengths_follow_each_drawn_visit_type() -> None:
    scenario = clinic(
        providers={"dr_a": {"sessions": [{"start": "08:00", "end": "12:00"}]}},
        visit_types={
            "short": {"share": 0.5, "slot_min": 10, "pathway": "visit"},
            "long": {"share": 0.5, "slot_min": 40, "pathway": "visit"},
        },
    )
    slots = book(scenario, seed=7, rep=2)
    length = {"short": 10, "long": 40}
    assert {s.visit_type for s in slots} == {"short", "long"}
    assert slots[0].time_min == 0
    for before, after in itertools.pairwise(slots):
        assert after.time_min == before.time_min + length[before.visit_type]
    assert slots[-1].time_min + length[slots[-1].visit_type] <= 240
    assert book(scenario, seed=7, rep=2) == slots
    assert book(scenario, seed=7, rep=3) != slots


def test_book_is_prefix_stable_when_the_session_grows() -> None:
    # The first draws of a provider's book stream do not depend on how many follow.
    mixed = {
        "short": {"share": 0.5, "slot_min": 10, "pathway": "visit"},
        "long": {"share": 0.5, "slot_min": 20, "pathway": "visit"},
    }
    short_day = book(clinic(providers={"dr_a": {"sessions": HOUR}}, visit_types=mixed), 4, 0)
    long_day = book(
        clinic(providers={"dr_a": {"sessions": [{"start": "08:00", "end": "11:00"}]}}, visit_types=mixed), 4, 0
    )
    assert long_day[: len(short_day)] == short_day


def test_a_long_book_takes_its_visit_types_from_one_draw_of_the_book_stream() -> None:
    # 8 hours of 5-minute slots: 96 patients, more than one buffer of draws (64).
    mixed = {
        "quick": {"share": 0.5, "slot_min": 5, "pathway": "visit"},
        "also_quick": {"share": 0.5, "slot_min": 5, "pathway": "visit"},
    }
    day = [{"start": "08:00", "end": "16:00"}]
    slots = book(clinic(providers={"dr_a": {"sessions": day}}, visit_types=mixed), 11, 3)
    assert len(slots) == 96
    # draws 0..95 (one more is drawn and found not to fit at the session's end)
    drawn = stream(11, 3, "book/dr_a").random(97)
    expected = ["quick" if u < 0.5 else "also_quick" for u in drawn[:96]]
    assert [s.visit_type for s in slots] == expected


def test_rule_none_books_nobody() -> None:
    scenario = Scenario.model_validate(
        {
            "name": "walk-in only",
            "providers": {"dr_a": {"sessions": [{"start": "08:00", "end": "12:00"}]}},
            "visit_types": {"acute": {"share": 1.0, "slot_min": 15, "pathway": "visit"}},
            "pathways": {"visit": [{"name": "exam", "duration_min": 10, "needs": ["provider"]}]},
            "schedule": {"rule": "none"},
            "walk_ins": {"per_hour": 2.0, "visit_mix": {"acute": 1.0}},
        }
    )
    assert book(scenario, 1, 0) == []
    day = simulate(scenario, 1, 0)
    assert {p.kind for p in day.patients} == {"walk_in"}
