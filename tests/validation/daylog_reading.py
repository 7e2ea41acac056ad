"""Reading the engine's event log directly, and comparing estimates with their standard errors.

Picture the stopwatch sheet before anyone has typed it into a spreadsheet: a pile of
timestamped facts ("patient 7 joined the queue for the exam at 12.5", "patient 7's exam
started at 20.1"). The validation tests read that pile themselves (from
:class:`flowsim.model.eventlog.DayLog`), so that a theory check does not depend on the
results tables it might also be checking.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from flowsim.model.eventlog import DayLog


def event_times(log: DayLog, step: str, event: str) -> dict[int, float]:
    """Time of the first ``event`` of ``step`` per patient id (patients only, not provider time off)."""
    times: dict[int, float] = {}
    for e in log.events:
        if e.step == step and e.event == event and e.patient_id >= 0:
            times.setdefault(e.patient_id, e.time_min)
    return times


def first_seizures(log: DayLog, resource_prefix: str) -> dict[int, float]:
    """Time each patient first seized a resource whose id starts with ``resource_prefix`` (e.g. ``room_``)."""
    times: dict[int, float] = {}
    for e in log.events:
        if e.event == "seize" and e.resource_id.startswith(resource_prefix) and e.patient_id >= 0:
            times.setdefault(e.patient_id, e.time_min)
    return times


def arrival_times(log: DayLog) -> dict[int, float]:
    """Arrival time per patient who came (the ``arrive`` events)."""
    return event_times(log, "", "arrive")


def step_intervals(log: DayLog, step: str) -> list[tuple[float, float]]:
    """``(start, end)`` of ``step`` for every patient who went through it, in start order."""
    starts, ends = event_times(log, step, "start"), event_times(log, step, "end")
    return sorted((starts[p], ends[p]) for p in starts if p in ends)


def busy_inside_min(intervals: Iterable[tuple[float, float]], window_start_min: float, window_end_min: float) -> float:
    """Total length of the intervals' overlap with the window (intervals must not overlap each other)."""
    return sum(max(0.0, min(end, window_end_min) - max(start, window_start_min)) for start, end in intervals)


def queue_area_by_sweep(log: DayLog, step: str, window_start_min: float, window_end_min: float) -> float:
    """Integral over the window of the number of patients queueing for ``step``, by a sweep of events.

    Every ``queue`` event of ``step`` adds one patient to the line and every ``start`` event
    removes one, whoever it is; the area under that step function is accumulated between
    consecutive event times. This never pairs a patient's own two events, unlike
    :func:`queue_area_by_patient`, so the two are two ways of computing one number.
    """
    # At equal times a patient joins before anyone starts, so the count never dips below 0.
    changes = sorted(
        (
            (e.time_min, 1 if e.event == "queue" else -1)
            for e in log.events
            if e.step == step and e.event in ("queue", "start") and e.patient_id >= 0
        ),
        key=lambda change: (change[0], -change[1]),
    )
    area, count, last = 0.0, 0, window_start_min
    for time_min, change in changes:
        clipped = min(max(time_min, window_start_min), window_end_min)
        area += count * (clipped - last)
        last = clipped
        count += change
        if count < 0:
            raise AssertionError(f"more patients started {step} than queued for it, at {time_min}")
    return area + count * (window_end_min - last)


def queue_area_by_patient(log: DayLog, step: str, window_start_min: float, window_end_min: float) -> float:
    """Sum over patients of the part of their wait for ``step`` that lies inside the window."""
    queued, started = event_times(log, step, "queue"), event_times(log, step, "start")
    return busy_inside_min(((queued[p], started[p]) for p in started), window_start_min, window_end_min)


def provider_day(log: DayLog, step: str, session_end_min: float) -> tuple[float, float, float]:
    """(mean wait, idle, overtime) of one provider's single session from 0 to ``session_end_min``.

    Wait = start of ``step`` - max(arrival, appointment), averaged over patients seen (nan if
    none); idle = session length - minutes of ``step`` inside the session; overtime = last end
    of ``step`` - session end, at least 0.
    """
    appointment = {p.patient_id: p.appointment_min for p in log.patients}
    arrivals, starts = arrival_times(log), event_times(log, step, "start")
    waits = [starts[p] - max(arrivals[p], appointment[p]) for p in starts]
    intervals = step_intervals(log, step)
    idle = session_end_min - busy_inside_min(intervals, 0.0, session_end_min)
    overtime = max([0.0, *(end - session_end_min for _, end in intervals)])
    return (float(np.mean(waits)) if waits else math.nan), idle, overtime


@dataclass(frozen=True)
class QueueDay:
    """One day's waits for a step, counting only patients who arrived from the warm-up on."""

    wait_sum_min: float  # total minutes from arrival to the step's start
    waited: int  # patients who waited more than a moment
    patients: int  # patients who arrived after the warm-up and started the step
    queue_area: float  # integral of the number queueing for the step from the warm-up to the window end


def queue_day(log: DayLog, step: str, warm_up_min: float, window_end_min: float) -> QueueDay:
    """Summarise the day's queue for ``step`` (a single-step pathway: wait = step start - arrival)."""
    arrivals, starts = arrival_times(log), event_times(log, step, "start")
    waits = [starts[p] - a for p, a in arrivals.items() if a >= warm_up_min and p in starts]
    return QueueDay(
        wait_sum_min=float(sum(waits)),
        waited=sum(w > 1e-9 for w in waits),
        patients=len(waits),
        queue_area=queue_area_by_sweep(log, step, warm_up_min, window_end_min),
    )


@dataclass(frozen=True)
class Estimate:
    """A mean with its standard error."""

    mean: float
    se: float
    n: int

    @classmethod
    def of(cls, values: Iterable[float]) -> Estimate:
        """Mean and standard error of independent replications (nan values are left out)."""
        array = np.asarray(list(values), dtype=float)
        array = array[~np.isnan(array)]
        if len(array) < 2:
            raise ValueError("need at least two replications for a standard error")
        return cls(float(array.mean()), float(array.std(ddof=1) / math.sqrt(len(array))), len(array))

    @classmethod
    def ratio(cls, numerators: Iterable[float], denominators: Iterable[float]) -> Estimate:
        """Pooled ratio ``sum x / sum n`` over replications, with its delta-method standard error.

        Used for a per-patient mean over many days (total wait / patients): the mean of the
        daily means would weigh a quiet day like a busy one and be biased low for waits.
        The standard error is ``sd(x_r - R n_r) / (sqrt(reps) * mean(n))``.
        """
        x, n = np.asarray(list(numerators), dtype=float), np.asarray(list(denominators), dtype=float)
        if len(x) < 2 or len(x) != len(n):
            raise ValueError("need at least two replications, each with a numerator and a denominator")
        estimate = float(x.sum() / n.sum())
        residuals = x - estimate * n
        return cls(estimate, float(residuals.std(ddof=1) / (math.sqrt(len(x)) * n.mean())), len(x))


def assert_within_3se(observed: Estimate, expected: Estimate | float, what: str) -> None:
    """Fail unless ``observed`` and ``expected`` differ by at most 3 combined standard errors.

    A plain number for ``expected`` is exact (a formula); an :class:`Estimate` (an independent
    Monte Carlo) brings its own standard error, combined in quadrature.
    """
    expected_mean = expected.mean if isinstance(expected, Estimate) else expected
    expected_se = expected.se if isinstance(expected, Estimate) else 0.0
    se = math.hypot(observed.se, expected_se)
    difference = observed.mean - expected_mean
    z = difference / se if se > 0 else (0.0 if difference == 0 else math.inf)
    assert abs(z) <= 3.0, (
        f"{what}: flowsim {observed.mean:.4f} (SE {observed.se:.4f}, n={observed.n}) vs expected "
        f"{expected_mean:.4f} (SE {expected_se:.4f}): {z:+.2f} standard errors"
    )
