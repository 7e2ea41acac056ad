"""The engine's side of the day's record: the record types themselves live in :mod:`flowsim.records`.

They are kept outside the engine so that :mod:`flowsim.results` can read a day
without importing :mod:`flowsim.model`; they are re-exported here for the engine.
"""

from __future__ import annotations

from flowsim.records import (
    EVENT_COLUMNS,
    PATIENT_COLUMNS,
    DayLog,
    Event,
    EventColumns,
    PatientRecord,
    ResourceRecord,
    event_columns,
)

__all__ = [
    "EVENT_COLUMNS",
    "PATIENT_COLUMNS",
    "DayLog",
    "Event",
    "EventColumns",
    "PatientRecord",
    "ResourceRecord",
    "event_columns",
]
