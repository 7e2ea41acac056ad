"""How many replications are enough: ``--reps auto --precision 0.05``.

Each replication is one more simulated day; the mean wait over many days settles
down, and its 95% confidence interval narrows like one over the square root of the
number of days. The sequential procedure of Hoad, Robinson & Davies (2010),
"Automated selection of the number of replications for a discrete-event
simulation", Journal of the Operational Research Society 61(11), 1632–1644, keeps
adding replications until the half-width of that interval is within a chosen
fraction of the mean, and then looks a few replications further ahead to make sure
the precision was not reached by luck.

Here every scenario must reach the precision (a comparison needs the same number of
days for each), the next batch size is estimated from the current half-width, and a
cap stops runaway runs with a clear message. Everything depends only on the
replications' results, so it is deterministic for a given seed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy import special  # not scipy.stats: importing it costs half a second at every start

from flowsim.experiment.errors import ExperimentError
from flowsim.scenarios.limits import MAX_REPS

HEADLINE_KPI = "wait_for_provider_min_mean"
LOOK_AHEAD = 5  # Hoad et al.'s kLimit: confirm over this many more replications (scaled above 100)


@dataclass(frozen=True, slots=True)
class AutoReps:
    """Settings of the sequential procedure.

    Attributes
    ----------
    precision
        Target 95% half-width as a fraction of the mean (0.05 = within 5%).
    pilot_reps
        Replications run before the first check.
    max_reps
        The cap: stop here even if the precision is not reached.
    kpi
        The day-level KPI (column of the kpis table) whose mean must be precise.
    """

    precision: float = 0.05
    pilot_reps: int = 10
    max_reps: int = 1000
    kpi: str = HEADLINE_KPI

    def __post_init__(self) -> None:
        if not 0 < self.precision < 1:
            raise ExperimentError(f"precision must be between 0 and 1 (e.g. 0.05 for 5%), got {self.precision}")
        if self.pilot_reps < 3:
            raise ExperimentError(f"pilot_reps must be at least 3, got {self.pilot_reps}")
        if self.max_reps > MAX_REPS:
            raise ExperimentError(f"max_reps must be at most {MAX_REPS:,}, got {self.max_reps:,}")
        if self.max_reps < self.pilot_reps:
            raise ExperimentError(f"max_reps ({self.max_reps}) must be at least pilot_reps ({self.pilot_reps})")


@dataclass(frozen=True, slots=True)
class PrecisionOutcome:
    """What the procedure decided."""

    reps: int
    reached: bool
    relative_half_width: Mapping[str, float] = field(default_factory=dict)
    settings: AutoReps = field(default_factory=AutoReps)

    @property
    def message(self) -> str:
        """One line for the user."""
        worst = max(self.relative_half_width.values(), default=math.nan)
        target = f"{self.settings.precision:.1%}"
        if self.reached:
            return (
                f"{self.reps} replications: the 95% half-width of {self.settings.kpi} is within {target} "
                f"of its mean for every scenario (worst {worst:.1%})"
            )
        return (
            f"precision not reached: after the cap of {self.reps} replications the 95% half-width of "
            f"{self.settings.kpi} is {worst:.1%} of its mean (target {target}); "
            "raise --max-reps or loosen --precision"
        )


def relative_half_widths(values: np.ndarray) -> np.ndarray:
    """95% t half-width ÷ |mean| of every prefix ``values[:n]`` (n = 1, 2, ...).

    Missing values (a day on which nobody was seen has no mean wait) are left out, as
    in the summary. A zero half-width counts as perfectly precise (0); an undefined one
    (fewer than two values, or a zero mean with spread) as never precise (inf).
    """
    values = np.asarray(values, dtype=float)
    present = ~np.isnan(values)
    n = np.cumsum(present)
    anchor = values[present][0] if present.any() else 0.0  # shifting keeps the running variance accurate
    shifted = np.where(present, values - anchor, 0.0)
    csum, csum2 = np.cumsum(shifted), np.cumsum(shifted**2)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = csum / n + anchor
        var = np.maximum(csum2 - csum**2 / n, 0.0) / (n - 1)
        half = special.stdtrit(n - 1, 0.975) * np.sqrt(var / n)  # = scipy.stats.t.ppf(0.975, n - 1)
        rel = np.where(half == 0, 0.0, half / np.abs(mean))
    rel[n < 2] = np.inf
    return np.where(np.isfinite(rel), rel, np.inf)


def look_ahead(n: int) -> int:
    """How many more replications must confirm a precision first reached at ``n``."""
    return LOOK_AHEAD if n <= 100 else math.ceil(LOOK_AHEAD * n / 100)


def solution(kpi_by_scenario: Mapping[str, np.ndarray], settings: AutoReps) -> int | None:
    """The confirmed number of replications, or None if not (yet) found.

    ``n`` is confirmed when the precision holds for every scenario at ``n`` and at
    every count up to ``n + look_ahead(n)``, all of which must have been run.
    """
    rel = np.max([relative_half_widths(v) for v in kpi_by_scenario.values()], axis=0)
    ok = rel <= settings.precision
    for n in range(settings.pilot_reps, len(rel) + 1):
        end = n + look_ahead(n)
        if end > len(rel):
            return None
        if ok[n - 1 : end].all():
            return n
    return None


def next_total(kpi_by_scenario: Mapping[str, np.ndarray], settings: AutoReps) -> int:
    """How many replications to have after the next batch (at most the cap).

    The usual estimate ``n × (current relative half-width ÷ target)²`` plus the
    look-ahead, growing by at least ``pilot_reps`` (and the look-ahead) and at most doubling.
    """
    done = min(len(v) for v in kpi_by_scenario.values())
    worst = max(float(relative_half_widths(v)[done - 1]) for v in kpi_by_scenario.values())
    estimate = done * (worst / settings.precision) ** 2 if math.isfinite(worst) else 2 * done
    wanted = math.ceil(estimate) + look_ahead(math.ceil(estimate))
    least = done + max(settings.pilot_reps, look_ahead(done))
    return min(settings.max_reps, max(least, min(wanted, 2 * done)))


def outcome(kpi_by_scenario: Mapping[str, np.ndarray], settings: AutoReps) -> PrecisionOutcome:
    """The decision once the loop stops: the solution if found, else the cap."""
    found = solution(kpi_by_scenario, settings)
    reps = found if found is not None else min(len(v) for v in kpi_by_scenario.values())
    rel = {name: float(relative_half_widths(v)[reps - 1]) for name, v in kpi_by_scenario.items()}
    return PrecisionOutcome(reps=reps, reached=found is not None, relative_half_width=rel, settings=settings)
