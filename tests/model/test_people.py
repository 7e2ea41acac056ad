"""Steps that need people: a named colleague, whoever is free first, two people at once.

Exact traces with fixed durations and punctual patients (see ``tests.model.days``):
Dr A's procedure ends with an injection given with Nurse Kim, who also runs her own
immunisation book; a triage step goes to whichever provider is free first (among those
on duty); the headline wait is the wait for the clinician the visit is booked with.
"""

from __future__ import annotations

from typing import Any

from flowsim.model import DayLog, simulate
from flowsim.results import visits_table
from tests.model.days import clinic, trace


def _session(*times: str, **fields: Any) -> dict[str, Any]:
    schedule = {"rule": "custom", "custom_times": list(times)} if times else {"rule": "none"}
    return {"sessions": [{"start": "08:00", "end": "10:00"}], "schedule": schedule, **fields}


def _pid(log: DayLog, provider: str, appointment_min: float) -> int:
    return next(p.patient_id for p in log.patients if p.provider == provider and p.appointment_min == appointment_min)


def _procedure_day(**pathways: Any) -> DayLog:
    """Dr A books procedures at 08:00 and 08:20; Nurse Kim books an immunisation at 08:05."""
    scenario = clinic(
        providers={
            "dr_a": _session("08:00", "08:20", visit_mix={"procedure": 1.0}),
            "nurse_kim": _session("08:05", role="nurse", visit_mix={"immunisation": 1.0}),
        },
        exam_rooms={"count": 0},
        visit_types={
            "procedure": {"share": 0.5, "slot_min": 20, "pathway": "procedure"},
            "immunisation": {"share": 0.5, "slot_min": 10, "pathway": "shot"},
        },
        pathways={
            "procedure": [
                {"name": "exam", "duration_min": 10, "needs": ["provider"]},
                # listed nurse first: people are still seized in the providers' order (Dr A, then Nurse Kim)
                {"name": "injection", "duration_min": 5, "needs": ["nurse_kim", "provider"]},
            ],
            "shot": [{"name": "shot", "duration_min": 10, "needs": ["provider"]}],
            **pathways,
        },
    )
    return simulate(scenario, 1, 0)


def test_two_people_are_held_together_for_the_whole_step() -> None:
    log = _procedure_day()
    first, kims, second = _pid(log, "dr_a", 0), _pid(log, "nurse_kim", 5), _pid(log, "dr_a", 20)
    # Dr A is free at 10, Nurse Kim only once her own patient's shot ends at 15
    assert trace(log, first) == [
        ("", "arrive", 0, ""),
        ("exam", "queue", 0, ""),
        ("exam", "seize", 0, "dr_a"),
        ("exam", "start", 0, ""),
        ("exam", "end", 10, ""),
        ("exam", "release", 10, "dr_a"),
        ("injection", "queue", 10, ""),
        ("injection", "seize", 10, "dr_a"),
        ("injection", "seize", 15, "nurse_kim"),
        ("injection", "start", 15, ""),
        ("injection", "end", 20, ""),
        ("injection", "release", 20, "nurse_kim"),
        ("injection", "release", 20, "dr_a"),
        ("", "depart", 20, ""),
    ]
    assert [(s, e, t) for s, e, t, _ in trace(log, kims)] == [
        ("", "arrive", 5),
        ("shot", "queue", 5),
        ("shot", "seize", 5),
        ("shot", "start", 5),
        ("shot", "end", 15),
        ("shot", "release", 15),
        ("", "depart", 15),
    ]
    second_steps = [(s, e, t, r) for s, e, t, r in trace(log, second) if e in ("seize", "start", "end")]
    assert second_steps == [
        ("exam", "seize", 20, "dr_a"),
        ("exam", "start", 20, ""),
        ("exam", "end", 30, ""),
        ("injection", "seize", 30, "dr_a"),
        ("injection", "seize", 30, "nurse_kim"),
        ("injection", "start", 30, ""),
        ("injection", "end", 35, ""),
    ]
    assert {p.outcome for p in log.patients} == {"seen"}


def test_the_headline_wait_is_for_the_clinician_the_visit_is_booked_with() -> None:
    # Nurse Kim's 08:05 patient first needs Dr A's consent. Dr A's 08:00 patient (earlier
    # appointment, so first in Dr A's queue) has the exam 08:00-08:10 and the injection with
    # Dr A and Nurse Kim 08:10-08:15; then the consent 08:15-08:20 with Dr A and the shot
    # 08:20-08:30 with Nurse Kim. The wait for the provider is 20 - 5 = 15 min: the wait
    # for Nurse Kim, with whom the visit is booked, not the 10 min until Dr A.
    log = _procedure_day(
        shot=[
            {"name": "consent", "duration_min": 5, "needs": ["dr_a"]},
            {"name": "shot", "duration_min": 10, "needs": ["provider"]},
        ]
    )
    kims = _pid(log, "nurse_kim", 5)
    visits = visits_table([("base", 0, log)]).set_index("patient_id")
    row = visits.loc[kims]
    assert row["provider"] == "nurse_kim"
    assert (row["consent_start_min"], row["shot_start_min"]) == (15, 20)
    assert row["provider_start_min"] == 20
    assert row["wait_for_provider_min"] == 15


def test_people_of_one_step_are_seized_in_one_order_so_two_patients_cannot_deadlock() -> None:
    # Dr A's patient needs [provider, nurse_kim], Nurse Kim's patient [provider, dr_a], both at
    # 08:00. Seized as "own provider first", each would hold whom the other waits for.
    scenario = clinic(
        providers={
            "dr_a": _session("08:00", visit_mix={"procedure": 1.0}),
            "nurse_kim": _session("08:00", role="nurse", visit_mix={"immunisation": 1.0}),
        },
        exam_rooms={"count": 0},
        visit_types={
            "procedure": {"share": 0.5, "slot_min": 20, "pathway": "with_nurse"},
            "immunisation": {"share": 0.5, "slot_min": 10, "pathway": "with_doctor"},
        },
        pathways={
            "with_nurse": [{"name": "together", "duration_min": 5, "needs": ["provider", "nurse_kim"]}],
            "with_doctor": [{"name": "together", "duration_min": 5, "needs": ["provider", "dr_a"]}],
        },
    )
    log = simulate(scenario, 1, 0)
    starts = sorted((e.time_min, e.patient_id) for e in log.events if e.step == "together" and e.event == "start")
    assert [t for t, _ in starts] == [0, 5]
    assert {p.outcome for p in log.patients} == {"seen"}


def _triage_day(dr_b_from: str) -> DayLog:
    scenario = clinic(
        providers={
            "dr_a": _session("08:00", "08:05", "08:10"),
            "dr_b": {"sessions": [{"start": dr_b_from, "end": "10:00"}], "schedule": {"rule": "none"}},
        },
        exam_rooms={"count": 0},
        visit_types={"triage": {"share": 1.0, "slot_min": 5, "pathway": "triage"}},
        pathways={"triage": [{"name": "see", "duration_min": 10, "needs": ["any_provider"]}]},
        queue_discipline="arrival",
    )
    return simulate(scenario, 1, 0)


def _seen_by(log: DayLog) -> list[tuple[float, str, float]]:
    """(arrival, who saw them, start) of each patient, by arrival."""
    seized = {e.patient_id: (e.resource_id, e.time_min) for e in log.events if e.step == "see" and e.event == "seize"}
    return sorted((p.arrival_min, *seized[p.patient_id]) for p in log.patients)


def test_any_provider_is_whoever_is_free_first() -> None:
    # 08:00 to Dr A; 08:05 Dr A is busy, Dr B free; 08:10 both busy until Dr A finishes at 08:10
    assert _seen_by(_triage_day("08:00")) == [(0, "dr_a", 0), (5, "dr_b", 5), (10, "dr_a", 10)]


def test_any_provider_waits_for_providers_on_duty() -> None:
    # Dr B starts at 08:15: the 08:05 patient takes Dr A at 08:10, the 08:10 patient Dr B at 08:15
    log = _triage_day("08:15")
    assert _seen_by(log) == [(0, "dr_a", 0), (5, "dr_a", 10), (10, "dr_b", 15)]
    # every visit is booked with Dr A, who never sees two of them: the wait counts to whoever saw them
    visits = visits_table([("base", 0, log)]).sort_values("arrival_min")
    assert visits["provider"].tolist() == ["dr_a", "dr_a", "dr_a"]
    assert visits["wait_for_provider_min"].tolist() == [0, 5, 5]


def test_roles_are_recorded_with_the_providers() -> None:
    log = _procedure_day()
    roles = {r.resource_id: r.role for r in log.resources if r.kind == "provider"}
    assert roles == {"dr_a": "physician", "nurse_kim": "nurse"}
