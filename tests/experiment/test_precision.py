"""The sequential replication procedure, on numbers whose answer is known."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from flowsim.experiment.precision import AutoReps, look_ahead, next_total, outcome, relative_half_widths, solution

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
