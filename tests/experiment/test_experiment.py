"""run_experiment: tables in (scenario, rep) order, reproducible, paired comparisons that pay off."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from flowsim.experiment import AutoReps, run_experiment
from flowsim.results import paired_comparison
from tests.experiment.clinics import tiny_clinic

HEADLINE = "wait_for_provider_min_mean"


@pytest.fixture(scope="module")
def rooms_experiment():  # type: ignore[no-untyped-def]
    """One exam room (the bottleneck) against three, 30 days each, seed 7, in this process."""
    return run_experiment([tiny_clinic("one_room", rooms=1), tiny_clinic("three_rooms", rooms=3)], 30, 7, workers=1)


def test_tables_hold_every_scenario_and_replication_in_order(rooms_experiment) -> None:  # type: ignore[no-untyped-def]
    kpis = rooms_experiment.kpis
    assert list(kpis["scenario"].astype(str)) == ["one_room"] * 30 + ["three_rooms"] * 30
    assert list(kpis["rep"]) == list(range(30)) * 2
    assert set(rooms_experiment.visits["scenario"].astype(str)) == {"one_room", "three_rooms"}
    assert set(rooms_experiment.events["rep"]) == set(range(30))
    summary = rooms_experiment.summary
    # nobody gives up in this clinic (no patience): the wait before leaving unseen is never defined
    never = summary["kpi"].astype(str).str.startswith("left_unseen_wait_min")
    assert set(summary.loc[~never, "n_reps"]) == {30} and set(summary.loc[never, "n_reps"]) == {0}
    assert rooms_experiment.baseline == "one_room" and rooms_experiment.reps == 30


def test_summary_mean_is_the_mean_over_replications(rooms_experiment) -> None:  # type: ignore[no-untyped-def]
    summary = rooms_experiment.summary.set_index(["scenario", "kpi"])
    kpis = rooms_experiment.kpis
    for name in ("one_room", "three_rooms"):
        values = kpis.loc[kpis["scenario"] == name, HEADLINE]
        assert summary.loc[(name, HEADLINE), "mean"] == pytest.approx(values.mean())


def test_a_third_room_cuts_the_wait_and_the_comparison_says_so(rooms_experiment) -> None:  # type: ignore[no-untyped-def]
    comparison = rooms_experiment.comparison.set_index("kpi")
    row = comparison.loc[HEADLINE]
    assert row["diff"] < 0 and row["diff_ci_high"] < 0


def test_pairing_narrows_the_interval_of_a_capacity_redesign(rooms_experiment) -> None:  # type: ignore[no-untyped-def]
    kpis = rooms_experiment.kpis
    paired = paired_comparison(kpis, baseline="one_room").set_index("kpi").loc[HEADLINE]
    paired_half = (paired["diff_ci_high"] - paired["diff_ci_low"]) / 2
    base = kpis.loc[kpis["scenario"] == "one_room", HEADLINE].to_numpy()
    redesign = kpis.loc[kpis["scenario"] == "three_rooms", HEADLINE].to_numpy()
    unpaired_se = np.sqrt(base.var(ddof=1) / len(base) + redesign.var(ddof=1) / len(redesign))
    unpaired_half = stats.t.ppf(0.975, len(base) + len(redesign) - 2) * unpaired_se
    assert paired_half < unpaired_half


def test_same_seed_same_tables_other_seed_other_days() -> None:
    scenario = tiny_clinic()
    first, again = (run_experiment(scenario, 4, 11, workers=1) for _ in range(2))
    pd.testing.assert_frame_equal(first.kpis, again.kpis, check_exact=True)
    pd.testing.assert_frame_equal(first.visits, again.visits, check_exact=True)
    other = run_experiment(scenario, 4, 12, workers=1)
    assert not first.kpis[HEADLINE].equals(other.kpis[HEADLINE])


def test_one_scenario_has_no_comparison_and_events_can_be_dropped() -> None:
    experiment = run_experiment(tiny_clinic(), 2, 1, workers=1, keep_events=False)
    assert experiment.comparison is None
    assert experiment.events.empty
    assert len(experiment.kpis) == 2


def test_progress_reports_every_replication() -> None:
    seen: list[tuple[int, int]] = []
    run_experiment(
        [tiny_clinic("a"), tiny_clinic("b", rooms=1)], 3, 1, workers=1, progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(i, 6) for i in range(1, 7)]


def test_auto_reps_stops_when_precise_and_equals_a_fixed_run_of_that_length() -> None:
    settings = AutoReps(precision=0.25, pilot_reps=5, max_reps=200)
    ran: list[int] = []
    auto = run_experiment(tiny_clinic(), settings, 3, workers=1, progress=lambda done, total: ran.append(done))
    assert auto.precision is not None and auto.precision.reached
    assert max(ran) >= auto.reps + 5  # the look-ahead was run, and then left out
    assert auto.precision.relative_half_width["tiny"] <= 0.25
    fixed = run_experiment(tiny_clinic(), auto.reps, 3, workers=1)
    pd.testing.assert_frame_equal(auto.kpis, fixed.kpis, check_exact=True)


def test_auto_reps_hits_the_cap_with_a_clear_message() -> None:
    settings = AutoReps(precision=0.001, pilot_reps=4, max_reps=9)
    experiment = run_experiment(tiny_clinic(), settings, 3, workers=1)
    assert experiment.precision is not None and not experiment.precision.reached
    assert experiment.reps == 9 and len(experiment.kpis) == 9
    assert "precision not reached" in experiment.precision.message


@pytest.mark.parametrize("reps", [0, -1, 2.5, "many"])
def test_nonsense_reps_are_refused(reps: object) -> None:
    with pytest.raises(ValueError, match="reps"):
        run_experiment(tiny_clinic(), reps, 1, workers=1)  # type: ignore[arg-type]


def test_scenarios_need_different_names() -> None:
    with pytest.raises(ValueError, match="repeated: tiny"):
        run_experiment([tiny_clinic(), tiny_clinic(rooms=3)], 2, 1, workers=1)
