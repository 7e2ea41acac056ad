"""How many replications are enough: ``--reps auto --precision 0.05`` or ``--half-width 1``.

Each replication is one more simulated day; the mean wait over many days settles
down, and its 95% confidence interval narrows like one over the square root of the
number of days. The sequential procedure of Hoad, Robinson & Davies (2010),
"Automated selection of the number of replications for a discrete-event
simulation", Journal of the Operational Research Society 61(11), 1632–1644, keeps
adding replications until the half-width of that interval is within a chosen
fraction of the mean, and then looks a few replications further ahead to make sure
the precision was not reached by luck. The target may also be absolute (``half_width``:
"the mean wait to within ±1 minute"), and may be set on the paired difference of each
redesign with the baseline (``on="difference"``), which is what decides a comparison.

Here every scenario must reach the precision (a comparison needs the same number of
days for each), the next batch size is estimated from the current half-width, and a
cap stops runaway runs with a clear message. Everything depends only on the
replications' results, so it is deterministic for a given seed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy import special  # not scipy.stats: importing it costs half a second at every start

from flowsim.experiment.errors import ExperimentError
from flowsim.results.catalogue import is_kpi, kpi
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
    half_width
        Absolute target: the 95% half-width in the KPI's own unit (minutes for the
        headline wait). When given, ``precision`` is not used.
    on
        ``"mean"``: every scenario's mean must be precise; ``"difference"``: every
        redesign's paired difference with the baseline (the first scenario).
    """

    precision: float = 0.05
    pilot_reps: int = 10
    max_reps: int = 1000
    kpi: str = HEADLINE_KPI
    half_width: float | None = None
    on: Literal["mean", "difference"] = "mean"

    def __post_init__(self) -> None:
        if self.half_width is not None and not (math.isfinite(self.half_width) and self.half_width > 0):
            raise ExperimentError(f"half_width must be a positive number of minutes (e.g. 1), got {self.half_width}")
        if self.on not in ("mean", "difference"):
            raise ExperimentError(f"on must be 'mean' or 'difference', got {self.on!r}")
        if not 0 < self.precision < 1:
            raise ExperimentError(f"precision must be between 0 and 1 (e.g. 0.05 for 5%), got {self.precision}")
        if self.pilot_reps < 3:
            raise ExperimentError(f"pilot_reps must be at least 3, got {self.pilot_reps}")
        if self.max_reps > MAX_REPS:
            raise ExperimentError(f"max_reps must be at most {MAX_REPS:,}, got {self.max_reps:,}")
        if self.max_reps < self.pilot_reps:
            raise ExperimentError(f"max_reps ({self.max_reps}) must be at least pilot_reps ({self.pilot_reps})")

    @property
    def target(self) -> str:
        """The target in words: ``"±1 min"`` or ``"5.0% of its mean"``."""
        what = "the paired difference with the baseline" if self.on == "difference" else "the mean"
        if self.half_width is not None:
            unit = f" {kpi(self.kpi).unit}" if is_kpi(self.kpi) else ""
            return f"95% half-width of {what} of {self.kpi} at most {self.half_width:g}{unit}"
        return f"95% half-width of {what} of {self.kpi} within {self.precision:.1%} of it"

    def ratios(self, values: np.ndarray) -> np.ndarray:
        """Half-width ÷ target for every prefix of ``values``: at most 1 means precise enough."""
        if self.half_width is not None:
            return half_widths(values) / self.half_width
        return relative_half_widths(values) / self.precision


@dataclass(frozen=True, slots=True)
class PrecisionOutcome:
    """What the procedure decided."""

    reps: int
    reached: bool
    relative_half_width: Mapping[str, float] = field(default_factory=dict)
    settings: AutoReps = field(default_factory=AutoReps)
    half_width: Mapping[str, float] = field(default_factory=dict)
    """Absolute 95% half-width at ``reps``, per scenario (or per redesign's difference)."""

    @property
    def message(self) -> str:
        """One line for the user."""
        s = self.settings
        if s.half_width is not None:
            worst = f"{max(self.half_width.values(), default=math.nan):.2f}"
            loosen = "--half-width"
        else:
            worst = f"{max(self.relative_half_width.values(), default=math.nan):.1%} of the mean"
            loosen = "--precision"
        if self.reached:
            return f"{self.reps} replications: {s.target} for every {_unit(s)} (worst {worst})"
        return (
            f"precision not reached: after the cap of {self.reps} replications the widest 95% half-width is "
            f"{worst} (target: {s.target}); raise --max-reps or loosen {loosen}"
        )


def _unit(settings: AutoReps) -> str:
    return "redesign" if settings.on == "difference" else "scenario"


def half_widths(values: np.ndarray) -> np.ndarray:
    """95% t half-width of the mean of every prefix ``values[:n]`` (inf below two values)."""
    half, _ = _prefix_half_widths(values)
    return half


def relative_half_widths(values: np.ndarray) -> np.ndarray:
    """95% t half-width ÷ |mean| of every prefix ``values[:n]`` (n = 1, 2, ...).

    Missing values (a day on which nobody was seen has no mean wait) are left out, as
    in the summary. A zero half-width counts as perfectly precise (0); an undefined one
    (fewer than two values, or a zero mean with spread) as never precise (inf).
    """
    half, mean = _prefix_half_widths(values)
    with np.errstate(invalid="ignore", divide="ignore"):
        rel = np.where(half == 0, 0.0, half / np.abs(mean))
    return np.where(np.isfinite(rel), rel, np.inf)


def _prefix_half_widths(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Half-width (inf with fewer than two values) and mean of every prefix, missing values left out."""
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
    half = np.where((n >= 2) & np.isfinite(half), half, np.inf)
    return half, mean


def look_ahead(n: int) -> int:
    """How many more replications must confirm a precision first reached at ``n``."""
    return LOOK_AHEAD if n <= 100 else math.ceil(LOOK_AHEAD * n / 100)


def solution(kpi_by_scenario: Mapping[str, np.ndarray], settings: AutoReps) -> int | None:
    """The confirmed number of replications, or None if not (yet) found.

    ``n`` is confirmed when the precision holds for every scenario at ``n`` and at
    every count up to ``n + look_ahead(n)``, all of which must have been run.
    """
    ratio = np.max([settings.ratios(v) for v in kpi_by_scenario.values()], axis=0)
    ok = ratio <= 1.0
    for n in range(settings.pilot_reps, len(ratio) + 1):
        end = n + look_ahead(n)
        if end > len(ratio):
            return None
        if ok[n - 1 : end].all():
            return n
    return None


def next_total(kpi_by_scenario: Mapping[str, np.ndarray], settings: AutoReps) -> int:
    """How many replications to have after the next batch (at most the cap).

    The usual estimate ``n × (current half-width ÷ target)²`` plus the
    look-ahead, growing by at least ``pilot_reps`` (and the look-ahead) and at most doubling.
    """
    done = min(len(v) for v in kpi_by_scenario.values())
    worst = max(float(settings.ratios(v)[done - 1]) for v in kpi_by_scenario.values())
    estimate = done * worst**2 if math.isfinite(worst) else 2 * done
    wanted = math.ceil(estimate) + look_ahead(math.ceil(estimate))
    least = done + max(settings.pilot_reps, look_ahead(done))
    return min(settings.max_reps, max(least, min(wanted, 2 * done)))


def outcome(kpi_by_scenario: Mapping[str, np.ndarray], settings: AutoReps) -> PrecisionOutcome:
    """The decision once the loop stops: the solution if found, else the cap."""
    found = solution(kpi_by_scenario, settings)
    reps = found if found is not None else min(len(v) for v in kpi_by_scenario.values())
    rel = {name: float(relative_half_widths(v)[reps - 1]) for name, v in kpi_by_scenario.items()}
    half = {name: float(half_widths(v)[reps - 1]) for name, v in kpi_by_scenario.items()}
    return PrecisionOutcome(
        reps=reps, reached=found is not None, relative_half_width=rel, settings=settings, half_width=half
    )
