"""The second bundled practice: a multispecialty clinic written with a real practice's keys.

Only Dr Adams sees new patients; physicals are booked in the mornings (afternoon blocks
leave them out); each physician has her own MA (a team); a procedure needs the physician
and Nurse Rosa at once; Nurse Rosa runs her own immunisation book (a provider of role nurse);
no-shows rise by appointment hour. Its two redesigns change only what they say.
"""

from __future__ import annotations

from flowsim.model import book, simulate
from flowsim.scenarios import load_scenario, with_changes
from tests.scenarios.helpers import SCENARIOS

BASE = load_scenario(SCENARIOS / "multispecialty.yaml")


def test_the_practice_uses_the_keys_of_a_real_practice() -> None:
    roles = {name: p.role for name, p in BASE.providers.items()}
    assert roles == {"dr_adams": "physician", "dr_brooks": "physician", "np_lee": "np", "nurse_rosa": "nurse"}
    assert [n for n, p in BASE.providers.items() if p.visit_mix and p.visit_mix.get("new_patient", 0) > 0] == [
        "dr_adams"
    ]
    assert BASE.providers["nurse_rosa"].visit_mix == {"immunisation": 1.0}
    assert {n: p.team for n, p in BASE.providers.items() if p.team} == {"dr_adams": {"ma": 1}, "dr_brooks": {"ma": 1}}
    assert BASE.pathways["procedure_visit"][3].needs == ["procedure", "provider", "nurse_rosa"]
    assert (BASE.room_types["procedure"].count, BASE.room_types["procedure"].policy) == (1, "pooled")
    assert [h.no_show_factor for h in BASE.patients.by_hour] == [1.2, 1.5]


def test_its_book_and_day_keep_each_rule() -> None:
    for rep in range(3):
        slots = [s for s in book(BASE, 1, rep) if s.visit_type]
        assert {s.visit_type for s in slots if s.provider == "nurse_rosa"} == {"immunisation"}
        assert {s.provider for s in slots if s.visit_type == "new_patient"} == {"dr_adams"}
        assert all(s.time_min < 5 * 60 for s in slots if s.visit_type == "physical")  # mornings (13:00 on is blocked)
        log = simulate(BASE, 1, rep)
        procedure = {p.patient_id for p in log.patients if p.visit_type == "procedure"}
        helpers = {e.resource_id for e in log.events if e.patient_id in procedure and e.step == "procedure"}
        assert "nurse_rosa" in helpers
        assert {h for h in helpers if h.startswith("procedure")} == {"procedure_1"}  # the one procedure room


def test_the_redesigns_change_only_what_they_say() -> None:
    np_new = load_scenario(SCENARIOS / "multispecialty_np_takes_new.yaml")
    assert np_new == with_changes(
        BASE,
        {
            "name": "NP takes new patients",
            "providers.np_lee.visit_mix": {"follow_up": 0.75, "new_patient": 0.25},
            "providers.dr_adams.visit_mix": {"follow_up": 0.55, "new_patient": 0.15, "physical": 0.2, "procedure": 0.1},
        },
    )
    shared = load_scenario(SCENARIOS / "multispecialty_shared_mas.yaml")
    assert shared == with_changes(
        BASE, {"name": "Shared MAs", "providers.dr_adams.team": None, "providers.dr_brooks.team": None}
    )
    second_room = load_scenario(SCENARIOS / "multispecialty_second_procedure_room.yaml")
    assert second_room == with_changes(BASE, {"name": "Second procedure room", "room_types.procedure.count": 2})
    for file in (
        "multispecialty_np_takes_new.yaml",
        "multispecialty_second_procedure_room.yaml",
        "multispecialty_shared_mas.yaml",
    ):
        assert (SCENARIOS / file).read_text(encoding="utf-8").count("extends: multispecialty.yaml\n") == 1
