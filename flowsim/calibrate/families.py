"""Choosing a distribution for observed minutes: maximum likelihood, AIC, a KS check, empirical fallback.

Observed durations come to the whole minute: "roomed 08:05, provider in 08:12" is 7
minutes, but the truth lies anywhere between about 6 and 8. Fitting a continuous
distribution to the rounded numbers as if they were exact puts a spike at every whole
minute and, for short steps, turns some visits into 0-minute ones. Each whole-minute
value ``d`` is therefore treated as *interval censored*: the true duration lies in
``[d - 0.5, d + 0.5]`` (``[0, 0.5]`` for a 0), and scipy.stats fits the families of
the scenario schema to that :class:`scipy.stats.CensoredData`. (The difference of two
rounded clock times has a triangular error of width 2 rather than a uniform one of
width 1; the half-minute interval keeps the mean unbiased and overstates the variance by
at most 1/12 min², negligible next to the spread of a visit.) Observations known only to
be shorter than a bound (a provider who started as soon as a patient was ready was *at
most* that late) enter as left-censored.

The family with the smallest AIC among those the data do not reject (Kolmogorov-Smirnov
test at :data:`KS_ALPHA`, on the rounded scale; none for censored data) is chosen; when every family is rejected
the observed minutes themselves are used (``dist: empirical``). The 95% interval of the
mean is a Wald interval from the observed information of the chosen family (on the log
scale for positive families), or a t-interval for the empirical fallback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import optimize, stats

KS_ALPHA = 0.01
"""A family whose KS p-value is below this is rejected."""
Z95 = float(stats.norm.ppf(0.975))
Array = np.ndarray[Any, Any]


@dataclass(frozen=True)
class Minutes:
    """Observed minutes: exact (or whole-minute) values and values known only to be at most a bound."""

    values: Array
    at_most: Array
    whole_minutes: bool

    @property
    def n(self) -> int:
        return len(self.values) + len(self.at_most)


@dataclass(frozen=True)
class FamilyFit:
    """The chosen distribution of some observed minutes."""

    family: str
    dist: dict[str, Any]
    mean: float
    ci_low: float
    ci_high: float
    aic: float
    ks_distance: float
    ks_p: float
    aic_by_family: dict[str, float]


@dataclass(frozen=True)
class Shape:
    """A scipy.stats distribution with its parameters, not frozen (freezing costs more than the cdf itself)."""

    rv: Any
    args: tuple[float, ...]
    scale: float
    loc: float = 0.0

    def cdf(self, x: Array) -> Array:
        return np.asarray(self.rv.cdf(x, *self.args, loc=self.loc, scale=self.scale), dtype=float)

    def logpdf(self, x: Array) -> Array:
        return np.asarray(self.rv.logpdf(x, *self.args, loc=self.loc, scale=self.scale), dtype=float)


def _lognormal(theta: Array) -> Shape:
    mean, cv = np.exp(theta)
    s2 = np.log1p(cv * cv)
    return Shape(stats.lognorm, (float(np.sqrt(s2)),), float(mean / np.sqrt(1 + cv * cv)))


def _gamma(theta: Array) -> Shape:
    mean, cv = np.exp(theta)
    return Shape(stats.gamma, (float(1 / (cv * cv)),), float(mean * cv * cv))


def _exponential(theta: Array) -> Shape:
    return Shape(stats.expon, (), float(np.exp(theta[0])))


def _normal(theta: Array) -> Shape:
    return Shape(stats.norm, (), float(np.exp(theta[1])), float(theta[0]))


@dataclass(frozen=True)
class _Family:
    """A schema family: scipy's fit, and a (log-)mean parameterisation for intervals and the scenario."""

    scipy: Any
    fixed: dict[str, float]  # scipy's fixed parameters (location 0 for durations)
    theta: Callable[[tuple[float, ...]], Array]  # scipy's parameters -> theta (first entry: mean or log mean)
    frozen: Callable[[Array], Shape]
    as_dist: Callable[[Array], dict[str, Any]]
    log_mean: bool


def _cv_of_lognormal(p: tuple[float, ...]) -> Array:
    s, _, scale = p
    return np.log([scale * np.exp(s * s / 2), np.sqrt(np.expm1(s * s))])


FAMILIES: dict[str, _Family] = {
    "lognormal": _Family(
        stats.lognorm,
        {"floc": 0.0},
        _cv_of_lognormal,
        _lognormal,
        lambda t: {"dist": "lognormal", "mean": _r(np.exp(t[0])), "cv": _r(np.exp(t[1]))},
        True,
    ),
    "gamma": _Family(
        stats.gamma,
        {"floc": 0.0},
        lambda p: np.log([p[0] * p[2], 1 / np.sqrt(p[0])]),
        _gamma,
        lambda t: {"dist": "gamma", "mean": _r(np.exp(t[0])), "cv": _r(np.exp(t[1]))},
        True,
    ),
    "exponential": _Family(
        stats.expon,
        {"floc": 0.0},
        lambda p: np.log([p[1]]),
        _exponential,
        lambda t: {"dist": "exponential", "mean": _r(np.exp(t[0]))},
        True,
    ),
    "normal": _Family(
        stats.norm,
        {},
        lambda p: np.array([p[0], np.log(p[1])]),
        _normal,
        lambda t: {"dist": "normal", "mean": _r(t[0]), "sd": _r(np.exp(t[1]))},
        False,
    ),
}
DURATION_FAMILIES = ("lognormal", "gamma", "exponential", "normal")
OFFSET_FAMILIES = ("normal",)


def _r(x: float) -> float:
    return float(np.round(float(x), 3))


@dataclass(frozen=True)
class _Observed:
    """Distinct observations with their counts: (lower, upper) intervals, exact values, upper bounds."""

    lower: Array
    upper: Array
    interval_count: Array
    exact: Array
    exact_count: Array
    at_most: Array
    at_most_count: Array


def _distinct(values: Array) -> tuple[Array, Array]:
    unique, counts = np.unique(values, return_counts=True)
    return unique, counts.astype(float)


def _observed(data: Minutes, positive: bool) -> _Observed:
    half = 0.5 if data.whole_minutes else 0.0
    at_most, at_most_count = _distinct(data.at_most + half)
    if not data.whole_minutes:
        exact, exact_count = _distinct(data.values)
        return _Observed(np.zeros(0), np.zeros(0), np.zeros(0), exact, exact_count, at_most, at_most_count)
    values, counts = _distinct(data.values)
    lower, upper = values - half, values + half
    if positive:
        lower, upper = np.maximum(lower, 0.0), np.maximum(upper, 1e-3)
    return _Observed(lower, upper, counts, np.zeros(0), np.zeros(0), at_most, at_most_count)


def log_likelihood(dist: Any, obs: _Observed) -> float:
    """Log-likelihood of the observations (intervals, exact values, left-censored bounds) under ``dist``."""
    k, m = len(obs.lower), len(obs.at_most)
    total = 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        if k or m:  # one cdf call for all bounds: scipy's per-call overhead dominates at these sizes
            cdf = dist.cdf(np.concatenate([obs.upper, obs.lower, obs.at_most]))
            total += obs.interval_count @ np.log(np.clip(cdf[:k] - cdf[k : 2 * k], 1e-300, None))
            total += obs.at_most_count @ np.log(np.clip(cdf[2 * k :], 1e-300, None))
        if len(obs.exact):
            total += obs.exact_count @ dist.logpdf(obs.exact)
    return total if np.isfinite(total) else -1e300


def ks_check(dist: Any, data: Minutes) -> tuple[float, float]:
    """KS distance and p-value of the observations, on the rounded scale for whole minutes.

    With upper bounds among the observations the exact values are no sample of the
    distribution (only the larger ones were seen exactly): there is no KS check, and the
    family is chosen by AIC alone.
    """
    values = np.sort(data.values)
    n = len(values)
    if n == 0 or len(data.at_most):
        return float("nan"), float("nan")
    if not data.whole_minutes:
        result = stats.kstest(values, dist.cdf)
        return float(result.statistic), float(result.pvalue)
    support = np.unique(values)
    above = np.searchsorted(values, support, side="right") / n
    below = np.searchsorted(values, support, side="left") / n
    distance = max(np.abs(above - dist.cdf(support + 0.5)).max(), np.abs(below - dist.cdf(support - 0.5)).max())
    return float(distance), float(stats.kstwo.sf(distance, n))


def _hessian(f: Callable[[Array], float], theta: Array, step: float = 1e-3) -> Array:
    k = len(theta)
    h = np.zeros((k, k))
    for i in range(k):
        for j in range(k):
            ei, ej = np.eye(k)[i] * step, np.eye(k)[j] * step
            h[i, j] = (f(theta + ei + ej) - f(theta + ei - ej) - f(theta - ei + ej) + f(theta - ei - ej)) / (
                4 * step * step
            )
    return h


def _fit_family(name: str, data: Minutes, positive: bool) -> tuple[Array, float, float, float, float]:
    """theta, AIC, KS distance, KS p-value and the standard error of theta[0] for one family.

    scipy.stats fits the family to the values as if exact (the start); the censored
    likelihood of the distinct values, weighted by their counts, is then maximised with
    scipy.optimize (``CensoredData`` fits give the same answer ~50 times slower, as they
    evaluate every observation rather than every distinct minute).
    """
    family = FAMILIES[name]
    start_values = np.concatenate([data.values, data.at_most])
    if positive:
        start_values = np.maximum(start_values, 0.25)
    theta0 = family.theta(tuple(float(p) for p in family.scipy.fit(start_values, **family.fixed)))
    obs = _observed(data, positive)

    def negative(theta: Array) -> float:
        return -log_likelihood(family.frozen(theta), obs)

    best = optimize.minimize(negative, theta0, method="Nelder-Mead", options={"xatol": 1e-4, "fatol": 1e-4})
    theta = np.asarray(best.x, dtype=float)
    distance, p_value = ks_check(family.frozen(theta), data)
    hessian = _hessian(lambda t: -negative(t), theta)
    with np.errstate(invalid="ignore"):
        try:
            se = float(np.sqrt(np.linalg.inv(-hessian)[0, 0]))
        except np.linalg.LinAlgError:
            se = float("nan")
    return theta, 2 * len(theta) + 2 * float(best.fun), distance, p_value, se


def fit_minutes(data: Minutes, *, offset: bool = False) -> FamilyFit:
    """The distribution of observed minutes: a schema family by AIC among those KS does not reject, else empirical.

    Parameters
    ----------
    data
        The observations (whole-minute values are treated as rounded, see the module notes).
    offset
        True for minutes that may be negative (punctuality): only the normal family, not truncated.
    """
    names = OFFSET_FAMILIES if offset else DURATION_FAMILIES
    results = {}
    for name in names:
        try:
            results[name] = _fit_family(name, data, positive=not offset)
        except (ValueError, FloatingPointError, RuntimeError):
            continue  # a family scipy cannot fit to these data is simply not a candidate
    aic_by_family = {name: float(r[1]) for name, r in results.items()}
    acceptable = {n: r for n, r in results.items() if np.isfinite(r[1]) and not r[3] < KS_ALPHA}
    if not offset:
        acceptable = {n: r for n, r in acceptable.items() if n != "normal" or r[0][0] > 3 * np.exp(r[0][1])}
    if not acceptable:
        return _empirical(data, aic_by_family, results)
    name = min(acceptable, key=lambda n: acceptable[n][1])
    theta, aic, distance, p_value, se = acceptable[name]
    family = FAMILIES[name]
    centre = float(theta[0])
    low, high = centre - Z95 * se, centre + Z95 * se
    if family.log_mean:
        centre, low, high = float(np.exp(centre)), float(np.exp(low)), float(np.exp(high))
    return FamilyFit(name, family.as_dist(theta), centre, low, high, aic, distance, p_value, aic_by_family)


def _empirical(data: Minutes, aic_by_family: dict[str, float], results: dict[str, Any]) -> FamilyFit:
    values = np.concatenate([data.values, data.at_most])  # bounds as values: stated in the fit table's note
    mean, low, high = t_interval(values)
    best = min(results.values(), key=lambda r: r[1]) if results else None
    distance, p_value = (float(best[2]), float(best[3])) if best is not None else (float("nan"), float("nan"))
    dist = {"dist": "empirical", "values": [float(v) for v in np.sort(values)]}
    return FamilyFit("empirical", dist, mean, low, high, float("nan"), distance, p_value, aic_by_family)


def t_interval(values: Array) -> tuple[float, float, float]:
    """Mean and 95% t-interval of some minutes."""
    mean = float(np.mean(values))
    half = float(stats.t.ppf(0.975, len(values) - 1) * np.std(values, ddof=1) / np.sqrt(len(values)))
    return mean, mean - half, mean + half
