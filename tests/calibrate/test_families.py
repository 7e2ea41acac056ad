"""Choosing a distribution for observed minutes: rounding, censoring, AIC, KS and the empirical fallback."""

from __future__ import annotations

import numpy as np
from scipy import stats

from flowsim.calibrate.families import Minutes, fit_minutes, ks_check


def rounded_durations(true: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """What two clock stamps rounded down to the minute say about each duration."""
    start = rng.uniform(0, 60, len(true))
    return np.floor(start + true) - np.floor(start)


def lognormal(mean: float, cv: float, n: int, rng: np.random.Generator) -> np.ndarray:
    s2 = np.log1p(cv * cv)
    return rng.lognormal(np.log(mean) - s2 / 2, np.sqrt(s2), n)


def test_whole_minute_rounding_of_short_steps_is_no_spike_at_zero() -> None:
    rng = np.random.default_rng(1)
    observed = rounded_durations(lognormal(2.0, 0.5, 3000, rng), rng)
    assert (observed == 0).mean() > 0.01  # rounding makes 0-minute check-outs
    fitted = fit_minutes(Minutes(observed, np.zeros(0), whole_minutes=True))
    assert fitted.family in ("lognormal", "gamma")
    assert fitted.ci_low <= 2.0 <= fitted.ci_high and abs(fitted.dist["cv"] - 0.5) < 0.06
    assert fitted.ks_p > 0.01
    # a continuous KS test on the rounded minutes rejects even the truth: the check must be on the rounded scale
    s2 = np.log1p(0.25)
    truth = stats.lognorm(np.sqrt(s2), scale=2.0 / np.sqrt(1.25))
    assert stats.kstest(observed, truth.cdf).pvalue < 1e-6
    assert ks_check(truth, Minutes(observed, np.zeros(0), True))[1] > 0.01


def test_exponential_times_are_called_exponential_and_two_humps_empirical() -> None:
    rng = np.random.default_rng(2)
    true = rng.exponential(8.0, 800)
    exponential = fit_minutes(Minutes(rounded_durations(true, rng), np.zeros(0), True))
    assert exponential.family in ("exponential", "gamma") and exponential.dist.get("cv", 1.0) > 0.9
    assert abs(exponential.mean - true.mean()) < 0.05 * true.mean()
    assert exponential.aic == min(exponential.aic_by_family.values())  # the smallest AIC wins
    assert exponential.aic_by_family["exponential"] - exponential.aic < 4  # gamma is exponential at cv 1
    humps = np.concatenate([rng.normal(5, 0.5, 300), rng.normal(25, 1.0, 300)]).round()
    empirical = fit_minutes(Minutes(humps, np.zeros(0), True))
    assert empirical.family == "empirical" and empirical.dist["values"] == sorted(humps.tolist())
    half = stats.t.ppf(0.975, 599) * humps.std(ddof=1) / np.sqrt(600)
    assert (empirical.ci_low, empirical.ci_high) == (humps.mean() - half, humps.mean() + half)


def test_upper_bounds_are_censored_not_taken_as_values() -> None:
    rng = np.random.default_rng(3)
    late = lognormal(6.0, 0.5, 400, rng)
    ready = rng.uniform(0, 12, 400)  # the first patient's readiness, independent of the provider
    bounded = late <= ready  # provider in = max(late, ready): when the patient came last, "at most this late"
    bounds = ready[bounded]
    fitted = fit_minutes(Minutes(late[~bounded], bounds, whole_minutes=False))
    assert fitted.ci_low <= 6.0 <= fitted.ci_high
    naive = np.concatenate([late[~bounded], bounds]).mean()
    assert naive > fitted.ci_high  # taking bounds as values would overstate lateness


def test_offsets_may_be_negative_and_are_normal() -> None:
    rng = np.random.default_rng(4)
    early = rounded_durations(rng.normal(-6.0, 7.0, 500), rng)
    fitted = fit_minutes(Minutes(early, np.zeros(0), True), offset=True)
    assert fitted.family == "normal" and fitted.ci_low <= -6.0 <= fitted.ci_high
    assert abs(fitted.dist["sd"] - 7.0) < 0.6
