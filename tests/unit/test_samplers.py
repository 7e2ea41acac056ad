"""Samplers give the distribution a user wrote: checked against scipy's own quantiles and moments."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from scipy import stats

from flowsim.scenarios.distributions import Duration, Offset
from flowsim.scenarios.samplers import distribution_mean, quantile_function, sample

DURATION = TypeAdapter(Duration)
OFFSET = TypeAdapter(Offset)
U = np.array([0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999])


@pytest.mark.parametrize(
    ("spec", "frozen"),
    [
        ({"dist": "exponential", "mean": 12.0}, stats.expon(scale=12.0)),
        ({"dist": "gamma", "mean": 15.0, "cv": 0.5}, stats.gamma(a=4.0, scale=3.75)),
        ({"dist": "uniform", "min": 2.0, "max": 8.0}, stats.uniform(loc=2.0, scale=6.0)),
        ({"dist": "triangular", "min": 2.0, "mode": 3.0, "max": 8.0}, stats.triang(c=1 / 6, loc=2.0, scale=6.0)),
        ({"dist": "normal", "mean": 10.0, "sd": 4.0}, stats.truncnorm(a=-2.5, b=np.inf, loc=10.0, scale=4.0)),
    ],
)
def test_quantiles_equal_scipy(spec: dict[str, object], frozen: stats.rv_continuous) -> None:
    quantile = quantile_function(DURATION.validate_python(spec))
    np.testing.assert_allclose(quantile(U), frozen.ppf(U), rtol=1e-9)
    assert distribution_mean(DURATION.validate_python(spec)) == pytest.approx(frozen.mean(), rel=1e-9)


def test_lognormal_given_by_mean_and_cv_has_that_mean_and_sd() -> None:
    dist = DURATION.validate_python({"dist": "lognormal", "mean": 15.0, "cv": 0.5})
    draws = sample(dist, np.random.default_rng(1), 400_000)
    # standard errors: sd/sqrt(n) = 7.5/632 ~ 0.012 for the mean
    assert draws.mean() == pytest.approx(15.0, abs=0.05)
    assert draws.std() == pytest.approx(7.5, rel=0.02)


def test_lognormal_sd_and_cv_are_the_same_distribution() -> None:
    by_cv = quantile_function(DURATION.validate_python({"dist": "lognormal", "mean": 6.0, "cv": 0.4}))
    by_sd = quantile_function(DURATION.validate_python({"dist": "lognormal", "mean": 6.0, "sd": 2.4}))
    np.testing.assert_allclose(by_cv(U), by_sd(U))


def test_offset_normal_is_not_truncated() -> None:
    early = OFFSET.validate_python({"dist": "normal", "mean": -5.0, "sd": 10.0})
    quantile = quantile_function(early, truncate_at_zero=False)
    np.testing.assert_allclose(quantile(U), stats.norm(-5.0, 10.0).ppf(U))
    assert distribution_mean(early, truncate_at_zero=False) == -5.0


def test_empirical_resamples_observed_values_equally() -> None:
    dist = DURATION.validate_python({"dist": "empirical", "values": [3.0, 5.0, 11.0]})
    quantile = quantile_function(dist)
    np.testing.assert_array_equal(quantile(np.array([0.0, 0.33, 0.34, 0.66, 0.67, 0.999999])), [3, 3, 5, 5, 11, 11])


def test_bare_number_is_fixed() -> None:
    dist = DURATION.validate_python(7)
    np.testing.assert_array_equal(quantile_function(dist)(U), np.full(U.shape, 7.0))


@pytest.mark.parametrize(
    "bad",
    [
        0,
        -3,
        {"dist": "exponential", "mean": 0},
        {"dist": "lognormal", "mean": 5},
        {"dist": "lognormal", "mean": 5, "sd": 1, "cv": 0.2},
        {"dist": "triangular", "min": 5, "mode": 2, "max": 8},
        {"dist": "uniform", "min": -1, "max": 3},
        {"dist": "normal", "mean": -2, "sd": 1},
        {"dist": "empirical", "values": []},
        {"dist": "lognormall", "mean": 5, "cv": 1},
        {"dist": "fixed", "value": 3, "extra": 1},
    ],
)
def test_bad_durations_are_refused(bad: object) -> None:
    with pytest.raises(ValidationError):
        DURATION.validate_python(bad)


@settings(max_examples=60, deadline=None)
@given(
    mean=st.floats(0.5, 60.0),
    cv=st.floats(0.05, 2.0),
    u=st.lists(st.floats(0.0, 0.999999), min_size=2, max_size=20),
)
def test_quantiles_are_monotone_and_non_negative(mean: float, cv: float, u: list[float]) -> None:
    """Inverse-CDF sampling keeps common random numbers monotone: a larger draw is never a shorter visit."""
    ordered = np.sort(np.array(u))
    for spec in (
        {"dist": "lognormal", "mean": mean, "cv": cv},
        {"dist": "gamma", "mean": mean, "cv": cv},
        {"dist": "normal", "mean": mean, "sd": mean * cv},
        {"dist": "exponential", "mean": mean},
    ):
        values = quantile_function(DURATION.validate_python(spec))(ordered)
        assert np.all(values >= 0)
        assert np.all(np.diff(values) >= -1e-9 * mean)
