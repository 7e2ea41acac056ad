"""A real practice's book: per-provider visit mix, typed templates and blocks (exact books).

The expected books are worked out by hand from the uniforms of each provider's book
stream: the k-th slot reads the k-th number of ``book/<provider>``, whatever the mix.
"""

from __future__ import annotations

from typing import Any

from flowsim.model import Slot, book, simulate
from flowsim.rng import stream
from tests.model.days import clinic

HOUR = [{"start": "08:00", "end": "09:00"}]
TYPES: dict[str, Any] = {
    "follow_up": {"share": 0.5, "slot_min": 15, "pathway": "visit"},
    "new_patient": {"share": 0.5, "slot_min": 30, "pathway": "visit"},
}


def _two_doctors(dr_a: dict[str, Any], dr_b: dict[str, Any] | None = None, **changes: Any) -> Any:
    providers = {"dr_a": {"sessions": HOUR, **dr_a}, "dr_b": {"sessions": HOUR, **(dr_b or {})}}
    return clinic(providers=providers, visit_types=TYPES, exam_rooms={"count": 2, "policy": "pooled"}, **changes)


def _by_hand(provider: str, cum_new: float, seed: int, rep: int, end_min: float = 60) -> list[tuple[float, str]]:
    """Fill 08:00-09:00: the k-th uniform u is follow_up if u < share(follow_up) else new_patient."""
    uniforms = stream(seed, rep, f"book/{provider}").random(64).tolist()
    slots, t = [], 0.0
    for u in uniforms:
        vt = "follow_up" if u < 1 - cum_new else "new_patient"
        length = 15 if vt == "follow_up" else 30
        if t + length > end_min:
            break
        slots.append((t, vt))
        t += length
    return slots


def test_only_dr_a_sees_new_patients() -> None:
    scenario = _two_doctors({"visit_mix": {"new_patient": 1.0}}, {"visit_mix": {"follow_up": 1.0}})
    assert book(scenario, seed=3, rep=0) == [
        Slot("dr_a", 0, "new_patient", "booked"),
        Slot("dr_a", 30, "new_patient", "booked"),
        Slot("dr_b", 0, "follow_up", "booked"),
        Slot("dr_b", 15, "follow_up", "booked"),
        Slot("dr_b", 30, "follow_up", "booked"),
        Slot("dr_b", 45, "follow_up", "booked"),
    ]


def test_a_type_left_out_of_a_mix_is_never_booked_and_the_rest_keep_their_proportions() -> None:
    # dr_b books follow-ups 1/4 and new patients 3/4; a third type left out of the mix never appears
    types = {**TYPES, "physical": {"share": 0.0, "slot_min": 45, "pathway": "visit"}}
    types["follow_up"] = {**types["follow_up"], "share": 0.5}
    scenario = clinic(
        providers={"dr_b": {"sessions": HOUR, "visit_mix": {"follow_up": 0.25, "new_patient": 0.75}}},
        visit_types=types,
    )
    for seed in range(5):
        got = [(s.time_min, s.visit_type) for s in book(scenario, seed=seed, rep=1)]
        assert got == _by_hand("dr_b", 0.75, seed, 1)


def test_changing_one_providers_mix_leaves_everyone_elses_book_and_patients_alone() -> None:
    base = _two_doctors({}, {}, same_day={"fill_prob": 1.0})
    redesign = _two_doctors({}, {"visit_mix": {"follow_up": 1.0}}, same_day={"fill_prob": 1.0})
    base_book, new_book = book(base, 5, 2), book(redesign, 5, 2)
    assert [s for s in base_book if s.provider == "dr_a"] == [s for s in new_book if s.provider == "dr_a"]
    assert [(s.time_min, s.visit_type) for s in base_book if s.provider == "dr_a"] == _by_hand("dr_a", 0.5, 5, 2)
    # dr_b reads the very same uniforms: with u < 1 everything is a follow-up, four of them
    assert [s.visit_type for s in new_book if s.provider == "dr_b"] == ["follow_up"] * 4
    a_then = [p for p in simulate(base, 5, 2).patients if p.provider == "dr_a"]
    a_now = [p for p in simulate(redesign, 5, 2).patients if p.provider == "dr_a"]
    assert a_then == a_now


def test_same_day_add_ons_take_only_types_the_provider_sees() -> None:
    # the add-on mix is half and half; dr_b sees follow-ups only, so every add-on of dr_b is a follow-up
    scenario = _two_doctors(
        {},
        {"visit_mix": {"follow_up": 1.0}},
        schedule={"rule": "individual", "reserve_every": 2},
        same_day={"fill_prob": 1.0, "visit_mix": {"follow_up": 0.5, "new_patient": 0.5}},
    )
    dr_b = [s for s in book(scenario, 2, 0) if s.provider == "dr_b"]
    assert dr_b == [
        Slot("dr_b", 0, "follow_up", "booked"),
        Slot("dr_b", 15, "follow_up", "reserved"),
        Slot("dr_b", 30, "follow_up", "booked"),
        Slot("dr_b", 45, "follow_up", "reserved"),
    ]
    # dr_a keeps the whole add-on mix: the k-th add-on is read from same_day_type/dr_a
    u = stream(2, 0, "same_day_type/dr_a").random(2).tolist()
    add_ons = [s.visit_type for s in book(scenario, 2, 0) if s.provider == "dr_a" and s.status == "reserved"]
    assert add_ons == ["follow_up" if x < 0.5 else "new_patient" for x in u][: len(add_ons)]


def test_a_typed_template_books_each_slot_with_its_type() -> None:
    template = [
        {"at": "08:00", "visit_type": "new_patient"},
        {"at": "08:30", "visit_type": "follow_up"},
        {"at": "08:45", "visit_type": "follow_up"},
    ]
    scenario = _two_doctors({"schedule": {"template": template}}, {"visit_mix": {"follow_up": 1.0}})
    assert [s for s in book(scenario, 9, 0) if s.provider == "dr_a"] == [
        Slot("dr_a", 0, "new_patient", "booked"),
        Slot("dr_a", 30, "follow_up", "booked"),
        Slot("dr_a", 45, "follow_up", "booked"),
    ]
    patients = [p for p in simulate(scenario, 9, 0).patients if p.provider == "dr_a"]
    assert [(p.visit_type, p.appointment_min) for p in patients] == [
        ("new_patient", 0.0),
        ("follow_up", 30.0),
        ("follow_up", 45.0),
    ]


def test_a_template_keeps_add_on_and_overbooking_rules() -> None:
    template = [{"at": "08:00", "visit_type": "new_patient"}, {"at": "08:30", "visit_type": "new_patient"}]
    schedule = {"template": template, "reserve_every": 2}
    scenario = _two_doctors({"schedule": schedule, "visit_mix": {"new_patient": 1.0}}, same_day={"fill_prob": 0.0})
    assert [s for s in book(scenario, 1, 0) if s.provider == "dr_a"] == [
        Slot("dr_a", 0, "new_patient", "booked"),
        Slot("dr_a", 30, "", "reserved"),
    ]


def test_blocks_book_only_their_types_and_read_the_same_uniforms() -> None:
    # 08:00-08:30 is for new patients; the rest of the hour takes the whole mix
    day = [{"start": "08:00", "end": "10:00"}]
    blocks = [{"from": "08:00", "to": "08:30", "visit_types": ["new_patient"]}]
    scenario = clinic(providers={"dr_a": {"sessions": day}}, visit_types=TYPES, schedule={"blocks": blocks})
    uniforms = stream(4, 0, "book/dr_a").random(16).tolist()
    expected, t = [], 0.0
    for u in uniforms:
        vt = "new_patient" if t < 30 or u >= 0.5 else "follow_up"
        length = 30 if vt == "new_patient" else 15
        if t + length > 120:
            break
        expected.append((t, vt))
        t += length
    assert [(s.time_min, s.visit_type) for s in book(scenario, 4, 0)] == expected
    assert expected[0] == (0.0, "new_patient")


def test_under_bailey_welch_a_block_types_the_patients_booked_at_its_times() -> None:
    # slots 0, 15, 30, 45 hold patients at 0, 0, 15, 30: the patient drawn for the 30 slot sits at 15,
    # inside the follow-up block 08:00-08:30, so all of the first three are follow-ups
    blocks = [{"from": "08:00", "to": "08:30", "visit_types": ["follow_up"]}]
    types = {
        **TYPES,
        "follow_up": {**TYPES["follow_up"], "slot_min": 15},
        "new_patient": {**TYPES["new_patient"], "slot_min": 15},
    }
    scenario = clinic(
        providers={"dr_a": {"sessions": HOUR}}, visit_types=types, schedule={"rule": "bailey_welch", "blocks": blocks}
    )
    for seed in range(8):
        u = stream(seed, 0, "book/dr_a").random(5).tolist()
        fourth = "follow_up" if u[3] < 0.5 else "new_patient"
        assert [(s.time_min, s.visit_type) for s in book(scenario, seed, 0)] == [
            (0, "follow_up"),
            (0, "follow_up"),
            (15, "follow_up"),
            (30, fourth),
        ]


def test_a_block_outside_a_providers_sessions_with_none_of_her_types_is_no_problem() -> None:
    # dr_b works 08:00-09:00 and books only follow-ups; the new-patient block 09:00-09:30 is dr_a's
    # (found by Hypothesis: compiling dr_b's book divided by her zero share of the block's types)
    blocks = [{"from": "09:00", "to": "09:30", "visit_types": ["new_patient"]}]
    scenario = clinic(
        providers={
            "dr_a": {"sessions": [{"start": "08:00", "end": "10:00"}]},
            "dr_b": {"sessions": HOUR, "visit_mix": {"follow_up": 1.0}},
        },
        visit_types=TYPES,
        exam_rooms={"count": 2, "policy": "pooled"},
        schedule={"blocks": blocks},
    )
    booked = book(scenario, seed=2, rep=0)
    assert [(s.time_min, s.visit_type) for s in booked if s.provider == "dr_b"] == [
        (0.0, "follow_up"), (15.0, "follow_up"), (30.0, "follow_up"), (45.0, "follow_up")
    ]  # fmt: skip
    assert all(s.visit_type == "new_patient" for s in booked if s.provider == "dr_a" and 60 <= s.time_min < 90)
    assert simulate(scenario, 2, 0).patients
