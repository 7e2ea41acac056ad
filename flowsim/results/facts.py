"""The few facts about a clinic that day-level KPIs need besides the timestamps.

To say "the doctor was idle 40 minutes of her session" or "we closed 25 minutes late"
one needs the session times, the closing time, the number of rooms and how many staff
were on duty when. For a simulated day they come from the scenario
(:func:`clinic_facts`); for an observed stopwatch sheet the manager writes them down
by hand::

    ClinicFacts(close_min=540, sessions={"dr_lee": ((0, 240), (300, 540))}, rooms=4,
                staff={"ma": ((0, 2), (240, 1), (300, 2))})
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from flowsim.scenarios.clock import clock_to_min
from flowsim.scenarios.room_policies import room_id
from flowsim.scenarios.schema import Scenario

Interval = tuple[float, float]
CountFrom = tuple[float, int]  # (from_min, head count from then on)


@dataclass(frozen=True)
class ClinicFacts:
    """What the day-level KPIs need to know about one clinic design.

    Attributes
    ----------
    close_min
        Closing time in minutes from opening (clinic overtime and room utilisation).
    sessions
        Each provider's sessions as ``(start_min, end_min)`` from opening. The keys are
        the provider resource ids used in the event log.
    rooms
        Number of exam rooms.
    room_types
        The resource ids of the rooms of each other room type (``room_types`` of the
        scenario), e.g. ``{"procedure": ("procedure_1",)}``.
    staff
        Each staff pool's head count over the day as ``(from_min, count)`` pairs in time
        order, the first from 0 (the pool's resource id in the event log is the key).
    results_until_min
        Minutes from opening at which the KPIs are censored (``results_until``), or
        ``None`` for the whole day (see :func:`~flowsim.results.day.day_kpis`).
    """

    close_min: float
    sessions: Mapping[str, tuple[Interval, ...]] = field(default_factory=dict)
    rooms: int = 0
    staff: Mapping[str, tuple[CountFrom, ...]] = field(default_factory=dict)
    room_types: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    results_until_min: float | None = None

    def __post_init__(self) -> None:
        if self.close_min <= 0:
            raise ValueError(f"close_min must be > 0 (minutes after opening), got {self.close_min}")
        for provider, intervals in self.sessions.items():
            for start, end in intervals:
                if end <= start:
                    raise ValueError(f"session of {provider} ends ({end}) before it starts ({start})")
        if self.rooms < 0:
            raise ValueError(f"rooms must be >= 0, got {self.rooms}")
        for pool, counts in self.staff.items():
            if not counts or any(count < 0 for _, count in counts):
                raise ValueError(f"staff {pool}: give (from_min, count >= 0) pairs, the first from 0")
        if self.results_until_min is not None and self.results_until_min <= 0:
            raise ValueError(f"results_until_min must be > 0 (minutes after opening), got {self.results_until_min}")

    def observed_window(self) -> ClinicFacts:
        """The facts utilisation is measured against: opening hours and sessions cut at
        ``results_until_min``, the window ``[0, results_until_min]`` (these facts unchanged
        without it). A session starting at or after the cut drops out."""
        until = self.results_until_min
        if until is None:
            return self
        sessions = {
            name: tuple((start, min(end, until)) for start, end in intervals if start < until)
            for name, intervals in self.sessions.items()
        }
        return replace(self, close_min=until, sessions=sessions)

    def staff_minutes(self, pool: str) -> float:
        """On-duty staff minutes of ``pool`` between opening and closing (count x minutes)."""
        # a change before opening applies from opening, after the counts listed before it
        counts = sorted(((max(t, 0.0), c) for t, c in self.staff.get(pool, ())), key=lambda tc: tc[0])
        ends = [t for t, _ in counts[1:]] + [self.close_min]
        return float(sum(c * max(min(end, self.close_min) - t, 0.0) for (t, c), end in zip(counts, ends, strict=True)))


def clinic_facts(scenario: Scenario) -> ClinicFacts:
    """The :class:`ClinicFacts` of a scenario (times in minutes from clinic open)."""
    open_min = clock_to_min(scenario.clinic.open)
    sessions = {
        name: tuple(
            (float(clock_to_min(s.start) - open_min), float(clock_to_min(s.end) - open_min)) for s in provider.sessions
        )
        for name, provider in scenario.providers.items()
    }
    staff = {
        name: ((0.0, pool.count), *((float(clock_to_min(c.from_) - open_min), c.count) for c in pool.count_by_time))
        for name, pool in scenario.staff.items()
    }
    until = scenario.clinic.results_until
    return ClinicFacts(
        close_min=float(clock_to_min(scenario.clinic.close) - open_min),
        sessions=sessions,
        rooms=scenario.exam_rooms.count,
        staff=staff,
        room_types={
            name: tuple(room_id(name, n) for n in range(1, t.count + 1)) for name, t in scenario.room_types.items()
        },
        results_until_min=None if until is None else float(clock_to_min(until) - open_min),
    )


def facts_by_scenario(scenarios: Iterable[Scenario]) -> dict[str, ClinicFacts]:
    """``{scenario.name: clinic_facts(scenario)}`` for :func:`flowsim.results.day_kpis`."""
    return {scenario.name: clinic_facts(scenario) for scenario in scenarios}
