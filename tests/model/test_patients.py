"""Patients at the door and in the waiting room: extremes, lateness, patience, walk-ins."""

from __future__ import annotations

from typing import Any

import numpy as np

from flowsim.model import simulate
from flowsim.model.arrivals import walk_in_times
from flowsim.model.compile import compile_scenario
from flowsim.rng import Streams
from tests.model.days import clinic, events_of, times

LOGNORMAL = {"dist": "lognormal", "mean": 8, "cv": 0.6}
EXAM_ONLY = {"visit": [{"name": "exam", "duration_min": 10, "needs": ["provider"]}]}


def _one_provider(*clock: str, **fields: Any) -> dict[str, Any]:
    return {
        "dr_a": {
            "sessions": [{"start": "08:00", "end": "12:00"}],
            "schedule": {"rule": "custom", "custom_times": list(clock)},
            **fields,
        }
    }


def test_unlimited_capacity_means_no_waiting() -> None:
    # One patient per provider, rooms and staff to spare: every step starts when queued.
    scenario = clinic(
        providers={
            name: {
                "sessions": [{"start": "08:00", "end": "12:00"}],
                "schedule": {"rule": "custom", "custom_times": ["09:00"]},
            }
            for name in ("dr_a", "dr_b", "dr_c")
        },
        staff={"front_desk": {"count": 10}, "ma": {"count": 10}},
        exam_rooms={"count": 20, "policy": "dedicated", "turnover_min": LOGNORMAL},
        visit_types={
            "visit": {
                "share": 1.0,
                "slot_min": 20,
                "pathway": "visit",
                "punctuality_min": {"dist": "normal", "mean": 0, "sd": 15},
            }
        },
        pathways={
            "visit": [
                {"name": "check_in", "duration_min": LOGNORMAL, "needs": ["front_desk"]},
                {"name": "rooming", "duration_min": LOGNORMAL, "needs": ["exam_room", "ma"], "hold": ["exam_room"]},
                {"name": "exam", "duration_min": LOGNORMAL, "needs": ["provider"], "release": ["exam_room"]},
                {"name": "checkout", "duration_min": LOGNORMAL, "needs": ["front_desk"]},
            ]
        },
    )
    for rep in range(5):
        log = simulate(scenario, 11, rep)
        assert len(log.patients) == 3 and {p.outcome for p in log.patients} == {"seen"}
        for p in log.patients:
            for step in log.steps:
                stamps = times(log, p.patient_id, step)
                assert stamps["queue"] == stamps["seize"] == stamps["start"], (step, stamps)
                assert stamps["end"] > stamps["start"]


def test_nobody_comes_when_everyone_is_a_no_show() -> None:
    scenario = clinic(visit_types={"visit": {"share": 1.0, "slot_min": 30, "pathway": "visit", "no_show_prob": 1.0}})
    log = simulate(scenario, 5, 0)
    assert len(log.patients) == 8  # 08:00-12:00 in 30-minute slots
    assert {p.outcome for p in log.patients} == {"no_show"}
    assert [(e.event, e.time_min) for e in log.events] == [("no_show", 30.0 * i) for i in range(8)]


def test_late_patients_are_rebooked() -> None:
    # 20 minutes late with a 15-minute limit: arrive, rebooked and leave at 20.
    scenario = clinic(
        providers=_one_provider("08:00"),
        visit_types={"visit": {"share": 1.0, "slot_min": 30, "pathway": "visit", "punctuality_min": 20}},
        patients={"rebook_if_late_min": 15},
    )
    log = simulate(scenario, 1, 0)
    assert log.patients[0].outcome == "rebooked_late"
    assert [(e.event, e.time_min) for e in log.events] == [("arrive", 20.0), ("rebooked", 20.0), ("depart", 20.0)]


def test_early_arrivals_are_held_until_their_appointment() -> None:
    early = {"visit": {"share": 1.0, "slot_min": 30, "pathway": "visit", "punctuality_min": -10}}
    held = clinic(providers=_one_provider("08:30"), visit_types=early, patients={"hold_early_arrivals": True})
    free = clinic(providers=_one_provider("08:30"), visit_types=early)
    # Arrives at 30 - 10 = 20; held: roomed at the appointment, 30; otherwise at once.
    assert times(simulate(held, 1, 0), 0, "rooming") == {"queue": 20.0, "seize": 30.0, "start": 30.0, "end": 35.0}
    assert times(simulate(free, 1, 0), 0, "rooming") == {"queue": 20.0, "seize": 20.0, "start": 20.0, "end": 25.0}


def test_patients_leave_unseen_when_patience_runs_out() -> None:
    # dr_a starts 60 minutes late; the patient, roomed 0→5, gives up at 0 + 20 while waiting
    # for the exam, giving the room back.
    scenario = clinic(providers=_one_provider("08:00", start_lateness_min=60), patients={"patience_min": 20})
    log = simulate(scenario, 1, 0)
    assert log.patients[0].outcome == "left_unseen"
    assert times(log, 0, "exam") == {"queue": 5.0, "abandon": 20.0}
    assert times(log, 0, "") == {"arrive": 0.0, "release": 20.0, "depart": 20.0}
    assert not [e for e in events_of(log, "seize") if e.resource_id == "dr_a"]


def test_patience_does_not_apply_after_the_provider() -> None:
    # Checkout needs the front desk, busy with nobody but closed (0 staff) until 09:00: the
    # patient, seen at 0-10, waits 50 minutes for checkout with patience 20 and stays.
    scenario = clinic(
        providers=_one_provider("08:00"),
        staff={"front_desk": {"count": 0, "count_by_time": [{"from": "09:00", "count": 1}]}},
        pathways={
            "visit": [
                {"name": "exam", "duration_min": 10, "needs": ["provider"]},
                {"name": "checkout", "duration_min": 2, "needs": ["front_desk"]},
            ]
        },
        exam_rooms={"count": 0},
        patients={"patience_min": 20},
    )
    log = simulate(scenario, 1, 0)
    assert log.patients[0].outcome == "seen"
    assert times(log, 0, "checkout") == {"queue": 10.0, "seize": 60.0, "start": 60.0, "end": 62.0, "release": 62.0}


def test_staff_count_drops_after_the_task_in_progress() -> None:
    # One MA until 08:10, none until 08:40, then one. Patient 0 rooms 0→15 (not interrupted);
    # patient 1 waits until the MA is back at 40: 40→55.
    scenario = clinic(
        providers=_one_provider("08:00", "08:00"),
        staff={"ma": {"count": 1, "count_by_time": [{"from": "08:10", "count": 0}, {"from": "08:40", "count": 1}]}},
        pathways={"visit": [{"name": "rooming", "duration_min": 15, "needs": ["ma"]}]},
        exam_rooms={"count": 0},
    )
    log = simulate(scenario, 1, 0)
    assert times(log, 0, "rooming")["end"] == 15.0
    assert times(log, 1, "rooming") == {"queue": 0.0, "seize": 40.0, "start": 40.0, "end": 55.0, "release": 55.0}


def _walk_in_clinic(assign: str, per_hour: float = 6.0, exam: Any = 10) -> Any:
    """Two providers whose booked patients never come; walk-ins only."""
    return clinic(
        providers={name: {"sessions": [{"start": "08:00", "end": "12:00"}]} for name in ("dr_a", "dr_b")},
        visit_types={
            "booked": {"share": 1.0, "slot_min": 60, "pathway": "visit", "no_show_prob": 1.0},
            "walk": {"share": 0.0, "slot_min": 60, "pathway": "visit"},
        },
        pathways={"visit": [{"name": "exam", "duration_min": exam, "needs": ["provider"]}]},
        exam_rooms={"count": 0},
        walk_ins={"per_hour": per_hour, "until": "11:00", "visit_mix": {"walk": 1.0}, "assign": assign},
        queue_discipline="arrival",
    )


def test_walk_ins_in_turn_and_to_a_named_provider() -> None:
    log = simulate(_walk_in_clinic("in_turn"), 2, 0)
    walk_ins = [p for p in log.patients if p.kind == "walk_in"]
    assert len(walk_ins) > 5
    assert [p.provider for p in walk_ins] == [("dr_a", "dr_b")[i % 2] for i in range(len(walk_ins))]
    assert all(0 <= p.arrival_min < 180 for p in walk_ins)
    assert [p.arrival_min for p in walk_ins] == sorted(p.arrival_min for p in walk_ins)
    named = simulate(_walk_in_clinic("dr_b"), 2, 0)
    assert {p.provider for p in named.patients if p.kind == "walk_in"} == {"dr_b"}


def test_least_busy_sends_walk_ins_to_the_emptier_provider() -> None:
    log = simulate(_walk_in_clinic("least_busy", per_hour=12, exam={"dist": "exponential", "mean": 15}), 3, 0)
    walk_ins = [p for p in log.patients if p.kind == "walk_in"]
    done = {p.patient_id: times(log, p.patient_id, "exam")["end"] for p in walk_ins}
    assert len({p.provider for p in walk_ins}) == 2
    for p in walk_ins:
        load = {
            name: sum(
                1
                for q in walk_ins
                if q.provider == name and q.arrival_min < p.arrival_min and done[q.patient_id] > p.arrival_min
            )
            for name in ("dr_a", "dr_b")
        }
        fewest = min(load.values())
        assert p.provider == next(name for name in ("dr_a", "dr_b") if load[name] == fewest)


def test_shared_queue_serves_walk_ins_first_come_first_served() -> None:
    log = simulate(_walk_in_clinic("shared_queue", per_hour=9, exam={"dist": "exponential", "mean": 12}), 4, 0)
    walk_ins = [p for p in log.patients if p.kind == "walk_in"]
    starts = {p.patient_id: times(log, p.patient_id, "exam")["start"] for p in walk_ins}
    assert any(starts[p.patient_id] > p.arrival_min for p in walk_ins), "someone must have waited"
    by_arrival = sorted(walk_ins, key=lambda p: p.arrival_min)
    assert [starts[p.patient_id] for p in by_arrival] == sorted(starts.values())
    releases = {e.time_min for e in events_of(log, "release")}
    for p in walk_ins:  # nobody waits while a provider is free: a wait ends when a provider frees up
        assert starts[p.patient_id] == p.arrival_min or starts[p.patient_id] in releases
        assert p.provider == next(e.resource_id for e in events_of(log, "seize") if e.patient_id == p.patient_id)


def test_walk_in_rate_by_time_and_until() -> None:
    # 6 an hour from 08:00, none 09:00-10:00, 12 an hour from 10:00 until 11:00: 6 + 12 = 18 a day.
    scenario = clinic(
        visit_types={"visit": {"share": 1.0, "slot_min": 30, "pathway": "visit"}},
        walk_ins={
            "per_hour": 6,
            "rate_by_time": [{"from": "09:00", "per_hour": 0}, {"from": "10:00", "per_hour": 12}],
            "until": "11:00",
            "visit_mix": {"visit": 1.0},
        },
    )
    spec = compile_scenario(scenario).walk_ins
    assert spec is not None
    days = [walk_in_times(spec, Streams(9, rep)) for rep in range(1500)]
    every = np.concatenate([np.asarray(d) for d in days])
    assert not np.any((every >= 60) & (every < 120)) and every.max() < 180 and every.min() >= 0
    counts = np.array([len(d) for d in days])
    assert abs(counts.mean() - 18) < 3 * np.sqrt(18 / len(days))  # Poisson: variance = mean
    first_hour = np.array([np.sum(np.asarray(d) < 60) for d in days])
    assert abs(first_hour.mean() - 6) < 3 * np.sqrt(6 / len(days))


def test_patients_stuck_for_staff_who_never_come_leave_at_the_end_of_the_day() -> None:
    # Checkout needs a front desk that never has anyone: after the exam (0→10), the patient
    # waits until nothing else can happen (the last event, patient 1's exam ending at 40),
    # then gives up; counted seen, since they saw the provider.
    scenario = clinic(
        providers=_one_provider("08:00", "08:30"),
        staff={"front_desk": {"count": 0}},
        pathways={
            "visit": [
                {"name": "exam", "duration_min": 10, "needs": ["provider"]},
                {"name": "checkout", "duration_min": 2, "needs": ["front_desk"]},
            ]
        },
        exam_rooms={"count": 0},
    )
    log = simulate(scenario, 1, 0)
    assert [p.outcome for p in log.patients] == ["seen", "seen"]
    assert times(log, 0, "checkout") == {"queue": 10.0, "abandon": 40.0}
    assert times(log, 0, "")["depart"] == 40.0
    assert events_of(log, "depart")[-1].time_min == 40.0


def _early_patient(**patients: Any) -> Any:
    """Appointment 08:30, comes 20 minutes early (10); dr_a's 08:00 session starts an hour late (60)."""
    return clinic(
        providers=_one_provider("08:30", start_lateness_min=60),
        visit_types={"visit": {"share": 1.0, "slot_min": 30, "pathway": "visit", "punctuality_min": -20}},
        patients=patients,
    )


def test_an_early_patient_does_not_give_up_before_the_appointment() -> None:
    # Patience 15 counts from the appointment (30), not from arrival (10): held until 30, the
    # patient is roomed 30→35, waits for the late doctor and gives up at max(10, 30) + 15 = 45.
    log = simulate(_early_patient(hold_early_arrivals=True, patience_min=15), 1, 0)
    assert log.patients[0].outcome == "left_unseen"
    assert times(log, 0, "rooming") == {"queue": 10.0, "seize": 30.0, "start": 30.0, "end": 35.0}
    assert times(log, 0, "exam") == {"queue": 35.0, "abandon": 45.0}
    # Not held, the same patient is roomed at once (10→15) and still gives up only at 45.
    free = simulate(_early_patient(patience_min=15), 1, 0)
    assert times(free, 0, "rooming") == {"queue": 10.0, "seize": 10.0, "start": 10.0, "end": 15.0}
    assert times(free, 0, "exam") == {"queue": 15.0, "abandon": 45.0}


def test_a_walk_in_gives_up_counting_from_the_door() -> None:
    # No appointment: patience (15) counts from arrival. dr_a starts at 08:30, so the
    # walk-ins of 08:00-08:01 leave the exam queue 15 minutes after they came.
    scenario = clinic(
        providers={"dr_a": {"sessions": [{"start": "08:30", "end": "12:00"}], "schedule": {"rule": "none"}}},
        visit_types={"walk": {"share": 1.0, "slot_min": 60, "pathway": "visit"}},
        pathways=EXAM_ONLY,
        exam_rooms={"count": 0},
        walk_ins={"per_hour": 120, "until": "08:01", "visit_mix": {"walk": 1.0}, "assign": "dr_a"},
        patients={"patience_min": 15},
    )
    log = simulate(scenario, 5, 0)
    assert log.patients
    for p in log.patients:
        assert times(log, p.patient_id, "exam") == {"queue": p.arrival_min, "abandon": p.arrival_min + 15}


def test_early_arrivals_are_held_without_rooms_too() -> None:
    # Check-in, then the exam with dr_a and no room at all. Appointment 08:30, arrives at 20:
    # checked in 20→25, held in the waiting room until 30, seen 30→40 (not at 25).
    pathway = {
        "visit": [
            {"name": "check_in", "duration_min": 5, "needs": ["front_desk"]},
            {"name": "exam", "duration_min": 10, "needs": ["provider"]},
        ]
    }
    early = {"visit": {"share": 1.0, "slot_min": 30, "pathway": "visit", "punctuality_min": -10}}
    changes = {
        "providers": _one_provider("08:30"),
        "visit_types": early,
        "pathways": pathway,
        "staff": {"front_desk": {"count": 1}},
        "exam_rooms": {"count": 0},
    }
    held = simulate(clinic(**changes, patients={"hold_early_arrivals": True}), 1, 0)
    assert times(held, 0, "check_in") == {"queue": 20.0, "seize": 20.0, "start": 20.0, "end": 25.0, "release": 25.0}
    assert times(held, 0, "exam") == {"queue": 25.0, "seize": 30.0, "start": 30.0, "end": 40.0, "release": 40.0}
    free = simulate(clinic(**changes), 1, 0)
    assert times(free, 0, "exam")["start"] == 25.0
