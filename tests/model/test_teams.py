"""Teams: ``providers.<p>.team: {ma: 1}`` reserves one medical assistant of pool ``ma`` for Dr A.

Exact traces with fixed durations. Dr A's patients take her team MA first and, with
``team_fallback: pool`` (the default), a free MA of the pool when the team MA is busy;
with ``team_fallback: none`` they wait for the team MA. Dr B's patients never take Dr A's
team MA, even when it is idle. The pool's utilisation counts team and pool MAs together.
"""

from __future__ import annotations

from typing import Any

from flowsim.model import DayLog, simulate
from flowsim.results import clinic_facts, day_kpis, log_tables
from flowsim.scenarios.schema import Scenario
from tests.model.days import clinic


def _teams(dr_a_times: list[str], dr_b_times: list[str], **changes: Any) -> Scenario:
    def provider(times: list[str], **fields: Any) -> dict[str, Any]:
        schedule = {"rule": "custom", "custom_times": times} if times else {"rule": "none"}
        return {"sessions": [{"start": "08:00", "end": "09:00"}], "schedule": schedule, **fields}

    return clinic(
        clinic={"open": "08:00", "close": "09:00"},
        providers={"dr_a": provider(dr_a_times, team={"ma": 1}), "dr_b": provider(dr_b_times)},
        staff={"ma": {"count": 2}},
        exam_rooms={"count": 0},
        visit_types={"visit": {"share": 1.0, "slot_min": 5, "pathway": "visit"}},
        pathways={
            "visit": [
                {"name": "rooming", "duration_min": 10, "needs": ["ma"]},
                {"name": "exam", "duration_min": 5, "needs": ["provider"]},
            ]
        },
        **changes,
    )


def _steps(log: DayLog) -> list[tuple[str, float, float, float]]:
    """(provider, appointment, rooming start, exam start) per patient, by provider and appointment."""
    starts: dict[tuple[int, str], float] = {}
    for e in log.events:
        if e.event == "start" and e.patient_id >= 0:
            starts[(e.patient_id, e.step)] = e.time_min
    rows = [
        (p.provider, p.appointment_min, starts[(p.patient_id, "rooming")], starts[(p.patient_id, "exam")])
        for p in log.patients
    ]
    return sorted(rows)


def test_the_team_ma_first_then_the_pool() -> None:
    # 08:00 Dr A's first patient takes her team MA (0-10); at 08:05 the team MA is busy and
    # the second takes the pool's MA (5-15); Dr B's 08:30 patient the pool's MA (30-40).
    log = simulate(_teams(["08:00", "08:05"], ["08:30"]), 1, 0)
    assert _steps(log) == [("dr_a", 0, 0, 10), ("dr_a", 5, 5, 15), ("dr_b", 30, 30, 40)]
    # the pool's utilisation counts both MAs: 30 busy minutes of 2 x 60 on duty
    tables = log_tables([("base", 0, log)])
    kpis = day_kpis(tables.visits, tables.events, clinic_facts(_teams(["08:00", "08:05"], ["08:30"])))
    assert kpis["staff_utilisation_ma"].iloc[0] == 100 * 30 / 120


def test_without_fallback_the_patients_wait_for_their_team() -> None:
    log = simulate(_teams(["08:00", "08:05"], ["08:30"], team_fallback="none"), 1, 0)
    assert _steps(log) == [("dr_a", 0, 0, 10), ("dr_a", 5, 10, 20), ("dr_b", 30, 30, 40)]


def test_other_providers_patients_never_take_a_team_ma() -> None:
    # Dr B's two patients share the one pool MA; Dr A's team MA stays idle
    log = simulate(_teams([], ["08:00", "08:05"]), 1, 0)
    assert _steps(log) == [("dr_b", 0, 0, 10), ("dr_b", 5, 10, 20)]
