"""No-show probability and punctuality that vary by provider and by appointment hour.

The uniforms each patient draws (``show/<provider>``, ``punctuality/<provider>``) never
change; the factors only change how they are read: a patient no-shows when their
uniform is below ``no_show_prob * provider factor * hour factor``, and arrives at
``appointment + offset * provider factor * hour factor``.
"""

from __future__ import annotations

from typing import Any

import pytest

from flowsim.model import simulate
from flowsim.rng import stream
from tests.model.days import clinic

SESSION = [{"start": "09:00", "end": "11:00"}]  # booked from 60 min after opening: nobody is clipped at the door


def _day(provider: dict[str, Any] | None = None, by_hour: list[dict[str, Any]] | None = None, **vt: Any) -> Any:
    visit = {"share": 1.0, "slot_min": 20, "pathway": "visit", **vt}
    return clinic(
        providers={"dr_a": {"sessions": SESSION, **(provider or {})}},
        visit_types={"visit": visit},
        patients={"by_hour": by_hour or []},
    )


def test_punctuality_is_scaled_by_provider_and_hour() -> None:
    # everyone comes 10 minutes early; dr_a's patients twice that; from 10:00 on, on time
    scenario = _day({"punctuality_factor": 2.0}, [{"from": "10:00", "punctuality_factor": 0.0}], punctuality_min=-10)
    arrivals = [(p.appointment_min, p.arrival_min) for p in simulate(scenario, 1, 0).patients]
    assert arrivals == [(60, 40), (80, 60), (100, 80), (120, 120), (140, 140), (160, 160)]


def test_no_show_probability_is_scaled_and_reads_the_same_uniforms() -> None:
    # 0.2 base, dr_a x 1.5 = 0.3 before 10:00; x 3 from 10:00 = 0.9
    scenario = _day({"no_show_factor": 1.5}, [{"from": "10:00", "no_show_factor": 3.0}], no_show_prob=0.2)
    u = stream(8, 0, "show/dr_a").random(6).tolist()
    threshold = [0.3, 0.3, 0.3, 0.9, 0.9, 0.9]
    expected = ["no_show" if x < t else "seen" for x, t in zip(u, threshold, strict=True)]
    assert [p.outcome for p in simulate(scenario, 8, 0).patients] == expected
    plain = _day(no_show_prob=0.2)
    assert [p.outcome for p in simulate(plain, 8, 0).patients] == ["no_show" if x < 0.2 else "seen" for x in u]


def test_factors_of_one_change_nothing() -> None:
    plain = _day(no_show_prob=0.3, punctuality_min={"dist": "normal", "mean": -5, "sd": 6})
    ones = _day(
        {"no_show_factor": 1.0, "punctuality_factor": 1.0},
        [{"from": "09:30", "no_show_factor": 1.0, "punctuality_factor": 1.0}],
        no_show_prob=0.3,
        punctuality_min={"dist": "normal", "mean": -5, "sd": 6},
    )
    for rep in range(3):
        assert simulate(plain, 2, rep).patients == simulate(ones, 2, rep).patients


@pytest.mark.parametrize("factor", [0.0, 0.5, 2.0])
def test_every_patient_keeps_their_draws_when_factors_change(factor: float) -> None:
    laws = {"no_show_prob": 0.3, "punctuality_min": {"dist": "normal", "mean": -5, "sd": 6}}
    plain = simulate(_day(**laws), 6, 1)
    scaled = simulate(_day({"punctuality_factor": factor}, **laws), 6, 1)
    assert [p.outcome == "no_show" for p in plain.patients] == [p.outcome == "no_show" for p in scaled.patients]
    for before, after in zip(plain.patients, scaled.patients, strict=True):
        if before.outcome != "no_show":
            offset = before.arrival_min - before.appointment_min
            assert after.arrival_min - after.appointment_min == pytest.approx(offset * factor)
