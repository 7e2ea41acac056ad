"""Change a distribution's average, keep its shape.

When the manager says "cleaning takes 5 minutes now, not 3", the spread of cleaning
times should stay as it was: a lognormal keeps its coefficient of variation, a
triangular is stretched, a fixed time becomes the new number. When she says "patients
now arrive 10 minutes early on average", punctuality is shifted, not stretched.
Results are plain dicts (the scenario file's form), ready for ``with_changes``.
"""

from __future__ import annotations

from typing import Any

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
from flowsim.scenarios.samplers import distribution_mean

Spec = dict[str, Any]


def as_spec(dist: AnyDistribution) -> Spec:
    """A distribution as it is written in a scenario file."""
    spec: Spec = dist.model_dump(mode="json", exclude_none=True)
    return spec


def with_mean(dist: AnyDistribution | None, mean_min: float) -> Spec | None:
    """``dist`` rescaled to average ``mean_min`` minutes (``None`` when the mean is 0: no such time).

    A missing distribution that becomes positive is a fixed time.
    """
    if mean_min <= 0:
        return None
    if dist is None or isinstance(dist, Fixed):
        return {"dist": "fixed", "value": mean_min}
    if isinstance(dist, (Exponential, Gamma)):
        return {**as_spec(dist), "mean": mean_min}
    if isinstance(dist, Lognormal):
        cv = dist.cv if dist.cv is not None else (dist.sd or 0.0) / dist.mean
        return {"dist": "lognormal", "mean": mean_min, "cv": round(cv, 6)}
    if isinstance(dist, Normal):
        return {"dist": "normal", "mean": mean_min, "sd": dist.sd}
    factor = mean_min / distribution_mean(dist)
    return _scaled(dist, factor)


def _scaled(dist: Triangular | Uniform | Empirical, factor: float) -> Spec:
    if isinstance(dist, Triangular):
        return {"dist": "triangular", "min": dist.min * factor, "mode": dist.mode * factor, "max": dist.max * factor}
    if isinstance(dist, Uniform):
        return {"dist": "uniform", "min": dist.min * factor, "max": dist.max * factor}
    return {"dist": "empirical", "values": [v * factor for v in dist.values]}


def shifted(dist: AnyDistribution, delta_min: float) -> Spec:
    """Offset ``dist`` (e.g. punctuality) by ``delta_min`` minutes, keeping its spread.

    Right-skewed laws that cannot be shifted in a scenario file (exponential, lognormal,
    gamma) become a normal with the same mean and standard deviation, then shifted.
    """
    if isinstance(dist, Fixed):
        return {"dist": "fixed", "value": dist.value + delta_min}
    if isinstance(dist, Normal):
        return {"dist": "normal", "mean": dist.mean + delta_min, "sd": dist.sd}
    if isinstance(dist, Triangular):
        return {
            "dist": "triangular",
            "min": dist.min + delta_min,
            "mode": dist.mode + delta_min,
            "max": dist.max + delta_min,
        }
    if isinstance(dist, Uniform):
        return {"dist": "uniform", "min": dist.min + delta_min, "max": dist.max + delta_min}
    if isinstance(dist, Empirical):
        return {"dist": "empirical", "values": [v + delta_min for v in dist.values]}
    mean = distribution_mean(dist, truncate_at_zero=False)
    sd = _sd(dist)
    return {"dist": "normal", "mean": mean + delta_min, "sd": sd}


def _sd(dist: Exponential | Lognormal | Gamma) -> float:
    if isinstance(dist, Exponential):
        return dist.mean
    if isinstance(dist, Lognormal):
        return dist.sd if dist.sd is not None else dist.mean * (dist.cv or 0.0)
    return dist.mean * dist.cv


def offset_mean(dist: AnyDistribution) -> float:
    """Mean of an offset distribution (early arrivals negative, no truncation)."""
    return distribution_mean(dist, truncate_at_zero=False)


def lateness_spec(dist: AnyDistribution, mean_min: float) -> Spec:
    """A provider's start lateness averaging ``mean_min``: 0 is on time; a fixed 0 becomes exponential."""
    if mean_min <= 0:
        return {"dist": "fixed", "value": 0.0}
    if isinstance(dist, Fixed):
        return {"dist": "exponential", "mean": mean_min}
    if isinstance(dist, (Exponential, Gamma, Lognormal)) or distribution_mean(dist) > 0:
        return with_mean(dist, mean_min) or {"dist": "fixed", "value": 0.0}
    return shifted(dist, mean_min - offset_mean(dist))
