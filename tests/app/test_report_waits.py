"""Where the waiting happens: places of each step, waits with intervals, the bottleneck in words."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from flowsim import report, viz
from flowsim.experiment import run_experiment
from flowsim.scenarios import with_changes
from tests.app.clinic import small_clinic


def test_each_step_waits_in_the_place_the_pathway_implies() -> None:
    assert [p.label for p in report.step_places(small_clinic())] == [
        "Check-in: in line, for the front desk",
        "Rooming: in the waiting room, for a medical assistant and an exam room",
        "Exam: in the exam room, for the provider",  # the room is held from rooming
        "Checkout: in line, for the front desk",  # released at the end of the exam
    ]


def _summary(rows: dict[str, tuple[float, float, float]], scenario: str = "small_practice") -> pd.DataFrame:
    return pd.DataFrame(
        [{"scenario": scenario, "kpi": k, "mean": m, "ci_low": lo, "ci_high": hi} for k, (m, lo, hi) in rows.items()]
    )


def test_wait_table_takes_each_step_mean_and_interval_from_the_summary() -> None:
    summary = _summary(
        {
            "check_in_wait_min_mean": (0.5, 0.25, 0.75),
            "rooming_wait_min_mean": (6.0, 5.0, 7.0),
            "exam_wait_min_mean": (16.5, 15.0, 18.0),
            "checkout_wait_min_mean": (0.25, 0.0, 0.5),
        }
    )
    table = report.wait_by_place(summary, [small_clinic()])
    assert table["step"].tolist() == ["check_in", "rooming", "exam", "checkout"]
    assert table["mean"].tolist() == [0.5, 6.0, 16.5, 0.25]
    assert table.loc[2, ["ci_low", "ci_high"]].tolist() == [15.0, 18.0]
    figure = viz.wait_by_place(table)
    assert list(figure.data[0].x) == [0.5, 6.0, 16.5, 0.25]
    assert list(figure.data[0].error_x.array) == [0.25, 1.0, 1.5, 0.25]


def test_the_bottleneck_sentence_adds_steps_waiting_for_the_same_people() -> None:
    shares = {"check_in": 10.0, "rooming": 25.0, "exam": 62.0, "checkout": 3.0}  # percent, as the KPIs are
    summary = _summary({f"wait_share_{s}": (v, v, v) for s, v in shares.items()})
    assert report.bottleneck_sentence(summary, small_clinic()) == (
        "62% of the waiting is for the provider (in the exam room); 25% for a medical assistant and an exam room "
        "(in the waiting room); 13% for the front desk (in line)."
    )


def test_a_day_without_waiting_says_so() -> None:
    summary = _summary({"wait_share_exam": (float("nan"),) * 3})
    assert report.bottleneck_sentence(summary, small_clinic()) == "Nobody waited in small_practice."


@pytest.mark.parametrize("rooms", [8, 12])
def test_the_steps_waits_add_up_to_the_simulated_shares(rooms: int) -> None:
    clinic = with_changes(small_clinic(), {"exam_rooms.count": rooms})
    ran = run_experiment([clinic], reps=3, seed=1, workers=1, keep_events=False)
    table = report.wait_by_place(ran.summary, [clinic])
    kpis = ran.kpis.set_index("rep")
    for row in table.itertuples():
        assert row.mean == pytest.approx(kpis[f"{row.step}_wait_min_mean"].mean())
    sentence = report.bottleneck_sentence(ran.summary, clinic)
    top = max(report.step_places(clinic), key=lambda p: kpis[f"wait_share_{p.step}"].mean())
    assert sentence.split(" of the waiting is for ")[1].startswith(top.waiting_for)
    # the shares are percentages of all waiting: the sentence's parts add up to about 100
    assert 97 <= sum(int(n) for n in re.findall(r"(\d+)%", sentence)) <= 103
