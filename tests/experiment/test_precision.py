"""The sequential replication procedure, on numbers whose answer is known."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from flowsim.experiment import run_experiment
from flowsim.experiment.errors import ExperimentError
from flowsim.experiment.experiment import tracked_values
from flowsim.experiment.precision import (
    AutoReps,
    half_widths,
    look_ahead,
    next_total,
    outcome,
    relative_half_widths,
    solution,
)
from tests.experiment.clinics import tiny_clinic

values_lists = st.lists(st.floats(min_value=0.5, max_value=100.0), min_size=2, max_size=40)


@given(values_lists)
def test_relative_half_width_of_every_prefix_is_the_t_interval(values: list[float]) -> None:
    rel = relative_half_widths(np.array(values))
    for n in range(2, len(values) + 1):
        sample = np.array(values[:n])
        half = stats.t.ppf(0.975, n - 1) * sample.std(ddof=1) / np.sqrt(n)
        assert rel[n - 1] == pytest.approx(half / sample.mean(), rel=1e-6, abs=1e-9)
    assert rel[0] == np.inf


def test_no_spread_is_perfectly_precise_and_zero_mean_with_spread_never() -> None:
    assert list(relative_half_widths(np.zeros(4))[1:]) == [0.0, 0.0, 0.0]
    assert relative_half_widths(np.array([-1.0, 1.0, -1.0, 1.0]))[3] == np.inf


def test_days_without_a_value_are_left_out() -> None:
    with_gaps = np.array([np.nan, 4.0, np.nan, 6.0, 5.0])
    expected = relative_half_widths(np.array([4.0, 6.0, 5.0]))
    assert relative_half_widths(with_gaps)[[3, 4]] == pytest.approx(expected[[1, 2]])
    assert list(relative_half_widths(with_gaps)[:3]) == [np.inf] * 3


def test_constant_kpi_is_solved_at_the_pilot_once_the_look_ahead_is_run() -> None:
    settings = AutoReps(precision=0.05, pilot_reps=10, max_reps=100)
    assert solution({"a": np.full(14, 7.0)}, settings) is None  # look-ahead to 15 not run yet
    assert solution({"a": np.full(15, 7.0)}, settings) == 10


def test_every_scenario_must_be_precise() -> None:
    settings = AutoReps(precision=0.05, pilot_reps=5, max_reps=100)
    noisy = np.tile([1.0, 20.0], 20)
    assert solution({"calm": np.full(40, 3.0), "noisy": noisy}, settings) is None
    assert solution({"calm": np.full(40, 3.0)}, settings) == 5


def test_a_lucky_early_precision_must_hold_through_the_look_ahead() -> None:
    settings = AutoReps(precision=0.05, pilot_reps=3, max_reps=100)
    lucky_then_wild = np.array([10.0, 10.0, 10.0, 10.0, 30.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0])
    assert relative_half_widths(lucky_then_wild)[2] == 0.0  # a rule without look-ahead would stop at 3
    assert solution({"a": lucky_then_wild}, settings) is None


def test_next_total_grows_by_at_least_a_pilot_and_at_most_doubles() -> None:
    settings = AutoReps(precision=0.05, pilot_reps=10, max_reps=1000)
    rng = np.random.default_rng(3)
    noisy, calm = rng.normal(10.0, 5.0, size=20), rng.normal(10.0, 0.01, size=20)
    assert next_total({"a": noisy}, settings) == 40  # far from precise: double
    assert next_total({"a": calm}, settings) == 30  # precise already: one more pilot-sized batch
    assert next_total({"a": rng.normal(10.0, 5.0, size=990)}, settings) == 1000  # never past the cap


def test_outcome_at_the_cap_says_so() -> None:
    settings = AutoReps(precision=0.01, pilot_reps=5, max_reps=12)
    decision = outcome({"a": np.tile([1.0, 3.0], 6)}, settings)
    assert (decision.reps, decision.reached) == (12, False)
    assert "precision not reached" in decision.message and "--max-reps" in decision.message


def test_look_ahead_scales_after_one_hundred() -> None:
    assert [look_ahead(n) for n in (10, 100, 101, 400)] == [5, 5, 6, 20]


@pytest.mark.parametrize(("kwargs", "word"), [({"precision": 0}, "precision"), ({"max_reps": 2}, "pilot_reps")])
def test_settings_refuse_nonsense(kwargs: dict[str, float], word: str) -> None:
    with pytest.raises(ValueError, match=word):
        AutoReps(**kwargs)  # type: ignore[arg-type]


@given(values_lists)
def test_absolute_half_width_of_every_prefix_is_the_t_interval(values: list[float]) -> None:
    half = half_widths(np.array(values))
    for n in range(2, len(values) + 1):
        sample = np.array(values[:n])
        expected = stats.t.ppf(0.975, n - 1) * sample.std(ddof=1) / np.sqrt(n)
        assert half[n - 1] == pytest.approx(expected, rel=1e-6, abs=1e-9)
    assert half[0] == np.inf


def test_an_absolute_target_ignores_the_size_of_the_mean() -> None:
    # alternating -a, +a: half-widths 1.14 at n = 6, 0.98 at 7, then falling: the first n at most 1 is 7
    values = np.tile([-1.0, 1.0], 30) * np.sqrt(59 / 60)
    for offset in (0.0, 1000.0):
        settings = AutoReps(half_width=1.0, pilot_reps=3, max_reps=100)
        assert solution({"a": values + offset}, settings) == 7
    assert solution({"a": values + 1000.0}, AutoReps(precision=0.05, pilot_reps=3)) == 3  # relative: easy


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf")])
def test_half_width_must_be_a_positive_number(bad: float) -> None:
    with pytest.raises(ExperimentError, match="half_width must be a positive number"):
        AutoReps(half_width=bad)


def test_on_difference_tracks_each_redesign_minus_the_baseline() -> None:
    kpis = pd.DataFrame(
        {
            "scenario": ["base"] * 4 + ["new"] * 4,
            "rep": [0, 1, 2, 3] * 2,
            "wait_for_provider_min_mean": [10.0, 30.0, 20.0, 40.0, 8.0, 28.0, 19.0, 37.0],
        }
    )
    values = tracked_values(kpis, ["base", "new"], AutoReps(on="difference"))
    assert list(values) == ["new"]
    np.testing.assert_allclose(values["new"], [-2.0, -2.0, -1.0, -3.0])
    assert list(tracked_values(kpis, ["base", "new"], AutoReps())) == ["base", "new"]


def test_the_difference_needs_a_redesign() -> None:
    with pytest.raises(ExperimentError, match="needs a baseline and at least one redesign"):
        run_experiment(tiny_clinic("one_room", rooms=1), AutoReps(half_width=1.0, on="difference"), 1, workers=1)


def test_agrees_with_sim_tools_replications_algorithm_on_one_case(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same days, our sequential rule and sim-tools' ReplicationsAlgorithm (Hoad et al.) agree.

    sim-tools aims at a relative half-width; for the absolute target its statistic is
    replaced by the half-width itself, the rest of its procedure (pilot, look-ahead) kept.
    """
    output_analysis = pytest.importorskip("sim_tools.output_analysis")
    clinics = [tiny_clinic("one_room", rooms=1), tiny_clinic("three_rooms", rooms=3)]
    settings = AutoReps(half_width=5.0, on="difference", pilot_reps=10, max_reps=400)
    auto = run_experiment(clinics, settings, seed=4, workers=1)
    assert auto.precision is not None and auto.precision.reached
    fixed = run_experiment(clinics, 250, seed=4, workers=1, keep_events=False, keep_visits=False)  # the same days
    differences = tracked_values(fixed.kpis, ["one_room", "three_rooms"], settings)["three_rooms"]
    baseline = tracked_values(fixed.kpis, ["one_room"], AutoReps())["one_room"]
    values = differences

    class Days:
        def single_run(self, replication_number: int) -> dict[str, float]:
            return {"difference": float(values[replication_number])}

    for target, absolute in ((5.0, True), (0.05, False)):
        if absolute:
            monkeypatch.setattr(output_analysis.OnlineStatistics, "deviation", property(lambda s: s.half_width))
        else:
            monkeypatch.undo()
        values = differences if absolute else baseline
        theirs = output_analysis.ReplicationsAlgorithm(
            alpha=0.05, half_width_precision=target, initial_replications=10, look_ahead=5, replication_budget=240
        ).select(Days(), ["difference"])[0]["difference"]
        ours = AutoReps(half_width=target, pilot_reps=10) if absolute else AutoReps(precision=target, pilot_reps=10)
        assert theirs is not None
        assert solution({"x": np.asarray(values, dtype=float)}, ours) == theirs
    assert auto.reps == solution({"d": differences}, settings)
