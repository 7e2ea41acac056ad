"""The independent calculations are themselves right: checked against hand values and each other.

A yardstick is checked before it measures anything. These tests need no engine.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from .daylog_reading import Estimate, assert_within_3se
from .theory import (
    FloatArray,
    ServiceSampler,
    appointment_days,
    erlang_c_wait_prob,
    exponential_service,
    gamma_service,
    lognormal_service,
    mg1_mean_wait_by_lindley_min,
    mmc_mean_wait_by_balance_min,
    mmc_mean_wait_min,
    pollaczek_khinchine_mean_wait_min,
)


def test_erlang_c_hand_values() -> None:
    # c = 1: P(wait) = rho. c = 2, a = 1: tail = 1/2 * 2/1 = 1, head = 1 + 1, so C = 1/3.
    assert erlang_c_wait_prob(1, 0.6) == pytest.approx(0.6)
    assert erlang_c_wait_prob(2, 1.0) == pytest.approx(1.0 / 3.0)
    # M/M/1: Wq = rho / (mu - lambda) = 0.5 / (0.1 - 0.05) = 10 minutes.
    assert mmc_mean_wait_min(1, 0.05, 10.0) == pytest.approx(10.0)


@pytest.mark.parametrize(
    ("servers", "arrivals_per_min", "mean_service_min"), [(1, 0.07, 10.0), (2, 0.3, 5.0), (3, 0.12, 20.0)]
)
def test_erlang_c_matches_balance_equations(servers: int, arrivals_per_min: float, mean_service_min: float) -> None:
    closed_form = mmc_mean_wait_min(servers, arrivals_per_min, mean_service_min)
    numerical = mmc_mean_wait_by_balance_min(servers, arrivals_per_min, mean_service_min)
    assert numerical == pytest.approx(closed_form, rel=1e-9)


def test_erlang_c_refuses_unstable_load() -> None:
    with pytest.raises(ValueError, match="stable"):
        erlang_c_wait_prob(2, 2.0)


def test_pollaczek_khinchine_with_exponential_service_is_mm1() -> None:
    mean_min = 8.0
    assert pollaczek_khinchine_mean_wait_min(0.1, mean_min, 2 * mean_min**2) == pytest.approx(
        mmc_mean_wait_min(1, 0.1, mean_min)
    )


def test_samplers_have_their_nominal_moments() -> None:
    rng = np.random.default_rng(11)
    for sampler, dist in [
        (lognormal_service(6.0, 0.8), stats.lognorm(s=math.sqrt(math.log1p(0.64)), scale=6.0 / math.sqrt(1.64))),
        (gamma_service(6.0, 0.5), stats.gamma(a=4.0, scale=1.5)),
        (exponential_service(6.0), stats.expon(scale=6.0)),
    ]:
        draws = sampler(rng, (200_000,))
        assert dist.mean() == pytest.approx(6.0)
        assert_within_3se(
            Estimate(float(draws.mean()), float(draws.std() / math.sqrt(len(draws))), len(draws)),
            float(dist.mean()),
            "sample mean",
        )
        second = draws**2
        assert_within_3se(
            Estimate(float(second.mean()), float(second.std() / math.sqrt(len(draws))), len(draws)),
            float(dist.moment(2)),
            "sample second moment",
        )


def test_pollaczek_khinchine_matches_lindley_recursion() -> None:
    arrivals_per_min, mean_min, cv = 0.1, 6.0, 0.8
    expected = pollaczek_khinchine_mean_wait_min(arrivals_per_min, mean_min, mean_min**2 * (1 + cv * cv))
    means = mg1_mean_wait_by_lindley_min(
        arrivals_per_min, lognormal_service(mean_min, cv), 20_000, np.random.default_rng(5), chains=32
    )
    assert_within_3se(Estimate.of(means), expected, "M/G/1 Lindley vs Pollaczek-Khinchine")


def _fixed(minutes: float) -> ServiceSampler:
    def draw(rng: np.random.Generator, shape: tuple[int, ...]) -> FloatArray:
        return np.full(shape, minutes)

    return draw


def test_appointment_days_exact_with_fixed_visits() -> None:
    # Slots every 15 min in a 60-min session, visits of 20 min, everyone comes:
    # starts 0, 20, 40, 60 -> waits 0, 5, 10, 15 (mean 7.5); last finish 80 -> overtime 20;
    # busy inside the session 60 -> idle 0.
    days = appointment_days(np.array([0.0, 15.0, 30.0, 45.0]), 60.0, 0.0, _fixed(20.0), 3, np.random.default_rng(0))
    np.testing.assert_allclose(days.mean_wait_min, 7.5)
    np.testing.assert_allclose(days.overtime_min, 20.0)
    np.testing.assert_allclose(days.idle_min, 0.0)
    # Visits of 10 min: nobody waits, no overtime, idle 5 min after each visit.
    short = appointment_days(np.array([0.0, 15.0, 30.0, 45.0]), 60.0, 0.0, _fixed(10.0), 3, np.random.default_rng(0))
    np.testing.assert_allclose(short.mean_wait_min, 0.0)
    np.testing.assert_allclose(short.overtime_min, 0.0)
    np.testing.assert_allclose(short.idle_min, 20.0)


def test_appointment_days_nobody_comes() -> None:
    days = appointment_days(np.array([0.0, 15.0]), 30.0, 1.0, exponential_service(10.0), 4, np.random.default_rng(1))
    assert np.isnan(days.mean_wait_min).all()
    np.testing.assert_allclose(days.idle_min, 30.0)
    np.testing.assert_allclose(days.overtime_min, 0.0)


def test_appointment_days_single_patient_exponential() -> None:
    # One patient at time 0 in a session of length L: overtime = max(S - L, 0), so with exponential S
    # E[overtime] = mean * exp(-L / mean) (memorylessness); E[idle] = L - E[min(S, L)] = L - mean (1 - exp(-L/mean)).
    length, mean = 20.0, 15.0
    days = appointment_days(np.array([0.0]), length, 0.0, exponential_service(mean), 200_000, np.random.default_rng(2))
    assert_within_3se(Estimate.of(days.overtime_min), mean * math.exp(-length / mean), "overtime")
    assert_within_3se(Estimate.of(days.idle_min), length - mean * (1 - math.exp(-length / mean)), "idle")
