"""Changing an average keeps the shape; shifting an offset keeps the spread."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter

from flowsim.app_pages.reshape import lateness_spec, shifted, with_mean
from flowsim.scenarios.distributions import AnyDistribution, Duration, Offset
from flowsim.scenarios.samplers import distribution_mean

DURATION: TypeAdapter[AnyDistribution] = TypeAdapter(Duration)
OFFSET: TypeAdapter[AnyDistribution] = TypeAdapter(Offset)


@pytest.mark.parametrize(
    "spec",
    [
        {"dist": "fixed", "value": 3},
        {"dist": "exponential", "mean": 3},
        {"dist": "lognormal", "mean": 3, "sd": 1.5},
        {"dist": "gamma", "mean": 3, "cv": 0.5},
        {"dist": "triangular", "min": 1, "mode": 2, "max": 6},
        {"dist": "uniform", "min": 1, "max": 5},
        {"dist": "empirical", "values": [1, 2, 6]},
    ],
)
def test_with_mean_reaches_the_new_average(spec: dict[str, object]) -> None:
    new = DURATION.validate_python(with_mean(DURATION.validate_python(spec), 6.0))
    assert distribution_mean(new) == pytest.approx(6.0)
    assert new.dist == spec["dist"]


def test_lognormal_keeps_its_coefficient_of_variation() -> None:
    assert with_mean(DURATION.validate_python({"dist": "lognormal", "mean": 3, "sd": 1.5}), 6.0) == {
        "dist": "lognormal",
        "mean": 6.0,
        "cv": 0.5,
    }


def test_zero_means_none_and_none_becomes_fixed() -> None:
    assert with_mean(DURATION.validate_python(3), 0.0) is None
    assert with_mean(None, 2.5) == {"dist": "fixed", "value": 2.5}


@pytest.mark.parametrize(
    "spec",
    [
        {"dist": "fixed", "value": -2},
        {"dist": "normal", "mean": -5, "sd": 10},
        {"dist": "uniform", "min": -10, "max": 4},
        {"dist": "exponential", "mean": 4},
        {"dist": "lognormal", "mean": 4, "cv": 0.5},
    ],
)
def test_shifted_moves_the_average_by_delta(spec: dict[str, object]) -> None:
    old = OFFSET.validate_python(spec)
    new = OFFSET.validate_python(shifted(old, -7.0))
    before = distribution_mean(old, truncate_at_zero=False)
    assert distribution_mean(new, truncate_at_zero=False) == pytest.approx(before - 7.0)


def test_provider_lateness() -> None:
    assert lateness_spec(OFFSET.validate_python(0), 5.0) == {"dist": "exponential", "mean": 5.0}
    assert lateness_spec(OFFSET.validate_python({"dist": "exponential", "mean": 3}), 0.0) == {
        "dist": "fixed",
        "value": 0.0,
    }
    assert lateness_spec(OFFSET.validate_python({"dist": "uniform", "min": -5, "max": 5}), 2.0) == {
        "dist": "uniform",
        "min": -3.0,
        "max": 7.0,
    }
