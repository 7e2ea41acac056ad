"""The few facts about a clinic that day-level KPIs need besides the timestamps.

To say "the doctor was idle 40 minutes of her session" or "we closed 25 minutes late"
one needs the session times, the closing time and the number of rooms. For a simulated
day they come from the scenario (:func:`clinic_facts`); for an observed stopwatch
sheet the manager writes them down by hand::

    ClinicFacts(close_min=540, sessions={"dr_lee": ((0, 240), (300, 540))}, rooms=4)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from flowsim.scenarios.clock import clock_to_min
from flowsim.scenarios.schema import Scenario

Interval = tuple[float, float]


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
    """

    close_min: float
    sessions: Mapping[str, tuple[Interval, ...]] = field(default_factory=dict)
    rooms: int = 0

    def __post_init__(self) -> None:
        if self.close_min <= 0:
            raise ValueError(f"close_min must be > 0 (minutes after opening), got {self.close_min}")
        for provider, intervals in self.sessions.items():
            for start, end in intervals:
                if end <= start:
                    raise ValueError(f"session of {provider} ends ({end}) before it starts ({start})")
        if self.rooms < 0:
            raise ValueError(f"rooms must be >= 0, got {self.rooms}")


def clinic_facts(scenario: Scenario) -> ClinicFacts:
    """The :class:`ClinicFacts` of a scenario (times in minutes from clinic open)."""
    open_min = clock_to_min(scenario.clinic.open)
    sessions = {
        name: tuple(
            (float(clock_to_min(s.start) - open_min), float(clock_to_min(s.end) - open_min)) for s in provider.sessions
        )
        for name, provider in scenario.providers.items()
    }
    return ClinicFacts(
        close_min=float(clock_to_min(scenario.clinic.close) - open_min),
        sessions=sessions,
        rooms=scenario.exam_rooms.count,
    )


def facts_by_scenario(scenarios: Iterable[Scenario]) -> dict[str, ClinicFacts]:
    """``{scenario.name: clinic_facts(scenario)}`` for :func:`flowsim.results.day_kpis`."""
    return {scenario.name: clinic_facts(scenario) for scenario in scenarios}
