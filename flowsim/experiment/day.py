"""One simulated day, as tables: what callers outside the engine need to look at a day.

The app's timeline, Gantt and appointment book show one day of one design. They get it
here, as the same tables a whole experiment produces, so that reporting code never
imports the engine (``flowsim.model``) itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flowsim.model import book, simulate
from flowsim.results import LogTables, log_tables
from flowsim.scenarios.schema import Scenario


@dataclass(frozen=True)
class BookedSlot:
    """One slot of a day's appointment book (minutes from opening)."""

    provider: str
    time_min: float
    visit_type: str  # "": a slot kept for an add-on that nobody took
    status: str  # "booked" or "reserved"


def appointment_book(scenario: Scenario, seed: int, rep: int) -> list[BookedSlot]:
    """Day ``rep``'s appointment book, add-on slots filled as on that simulated day."""
    return [BookedSlot(s.provider, s.time_min, s.visit_type, s.status) for s in book(scenario, seed, rep)]


def simulate_day(scenarios: Sequence[Scenario], seed: int, rep: int) -> LogTables:
    """Day ``rep`` of every scenario (the same day as in an experiment): ``(visits, events,
    resource_events)`` tables, as :func:`flowsim.results.log_tables` makes them."""
    logs = [(s.name, rep, simulate(s, seed, rep)) for s in scenarios]
    return log_tables(logs, providers={s.name: list(s.providers) for s in scenarios})
