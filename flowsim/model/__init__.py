"""The SimPy engine: one clinic day from a scenario, recorded as an event log.

``simulate(scenario, seed, rep)`` plays one day and returns a :class:`DayLog`;
``book(scenario, seed, rep)`` shows that day's appointment book. Nothing here
imports pandas, plotly or streamlit: tables are built in :mod:`flowsim.results`.
"""

from __future__ import annotations

from flowsim.model.book import Slot, book
from flowsim.model.engine import simulate
from flowsim.model.eventlog import DayLog, Event, PatientRecord

__all__ = ["DayLog", "Event", "PatientRecord", "Slot", "book", "simulate"]
