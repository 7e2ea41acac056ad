"""Samplers: plain functions that turn uniform draws into minutes.

Every distribution is sampled by its inverse CDF (quantile function) applied to
uniform numbers. This keeps common random numbers tight: patient #17's exam uses
the same uniform draw in the baseline and in a redesign, so a longer mean exam time
moves every patient's exam the same way instead of reshuffling who is slow.

Nothing here imports pydantic at call time; a :class:`Sampler` is built once per
distribution and then called with numpy arrays.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray
from scipy import special

from flowsim.scenarios.distributions import (
    AnyDistribution,
    Empirical,
    Exponential,
    Fixed,
    Gamma,
    Lognormal,
    Normal,
    Triangular,
    Uniform,
)

FloatArray = NDArray[np.float64]
Quantile = Callable[[FloatArray], FloatArray]


def lognormal_params(mean: float, sd: float) -> tuple[float, float]:
    """Return (mu, sigma) of the underlying normal for a lognormal of this mean and sd."""
    sigma2 = math.log1p((sd / mean) ** 2)
    return math.log(mean) - sigma2 / 2.0, math.sqrt(sigma2)


def quantile_function(dist: AnyDistribution, *, truncate_at_zero: bool = True) -> Quantile:
    """Return the quantile function ``u -> minutes`` of ``dist``.

    ``truncate_at_zero`` makes a normal a duration (conditioned on being >= 0);
    punctuality offsets pass ``False`` so early arrivals stay negative.
    """
    if isinstance(dist, Fixed):
        value = dist.value
        return lambda u: np.full(u.shape, value)
    if isinstance(dist, Exponential):
        mean = dist.mean
        return lambda u: -mean * np.log1p(-u)
    if isinstance(dist, Lognormal):
        sd = dist.sd if dist.sd is not None else dist.mean * (dist.cv or 0.0)
        mu, sigma = lognormal_params(dist.mean, sd)
        return lambda u: np.exp(mu + sigma * special.ndtri(u))
    if isinstance(dist, Gamma):
        shape = 1.0 / dist.cv**2
        scale = dist.mean * dist.cv**2
        return lambda u: scale * special.gammaincinv(shape, u)
    if isinstance(dist, Normal):
        return _normal_quantile(dist.mean, dist.sd, truncate_at_zero)
    if isinstance(dist, Triangular):
        return _triangular_quantile(dist.min, dist.mode, dist.max)
    if isinstance(dist, Uniform):
        low, width = dist.min, dist.max - dist.min
        return lambda u: low + width * u
    if isinstance(dist, Empirical):
        values = np.asarray(dist.values, dtype=float)
        n = len(values)
        return lambda u: values[np.minimum((u * n).astype(np.int64), n - 1)]
    raise TypeError(f"unknown distribution {dist!r}")  # pragma: no cover - the union is closed


def _normal_quantile(mean: float, sd: float, truncate_at_zero: bool) -> Quantile:
    if not truncate_at_zero:
        return lambda u: mean + sd * special.ndtri(u)
    p0 = float(special.ndtr((0.0 - mean) / sd))  # mass below zero, removed by truncation

    def quantile(u: FloatArray) -> FloatArray:
        values: FloatArray = np.maximum(mean + sd * special.ndtri(p0 + (1.0 - p0) * u), 0.0)
        return values

    return quantile


def _triangular_quantile(low: float, mode: float, high: float) -> Quantile:
    width = high - low
    cut = (mode - low) / width

    def quantile(u: FloatArray) -> FloatArray:
        left = low + np.sqrt(u * width * (mode - low))
        right = high - np.sqrt((1.0 - u) * width * (high - mode))
        return np.where(u < cut, left, right)

    return quantile


def distribution_mean(dist: AnyDistribution, *, truncate_at_zero: bool = True) -> float:
    """Mean in minutes of ``dist`` (as sampled, i.e. after truncation)."""
    if isinstance(dist, Fixed):
        return dist.value
    if isinstance(dist, (Exponential, Lognormal, Gamma)):
        return dist.mean
    if isinstance(dist, Normal):
        if not truncate_at_zero:
            return dist.mean
        alpha = -dist.mean / dist.sd
        pdf = math.exp(-alpha * alpha / 2) / math.sqrt(2 * math.pi)
        return dist.mean + dist.sd * pdf / (1.0 - float(special.ndtr(alpha)))
    if isinstance(dist, Triangular):
        return (dist.min + dist.mode + dist.max) / 3.0
    if isinstance(dist, Uniform):
        return (dist.min + dist.max) / 2.0
    if isinstance(dist, Empirical):
        return float(np.mean(dist.values))
    raise TypeError(f"unknown distribution {dist!r}")  # pragma: no cover


def sample(dist: AnyDistribution, rng: np.random.Generator, size: int, *, truncate_at_zero: bool = True) -> FloatArray:
    """Draw ``size`` values of ``dist`` in minutes from ``rng`` (one uniform per value)."""
    return quantile_function(dist, truncate_at_zero=truncate_at_zero)(rng.random(size))
