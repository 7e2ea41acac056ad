"""Tables a person reads: the appointment book with clock times.

The engine keeps times as minutes from opening; the front desk reads ``08:45``.
"""

from __future__ import annotations

import pandas as pd

from flowsim.experiment import appointment_book
from flowsim.report.words import provider_words
from flowsim.scenarios.clock import clock_to_min, min_to_clock
from flowsim.scenarios.schema import Scenario

STATUS_WORDS = {"booked": "booked", "reserved": "kept for a same-day add-on"}


def book_table(scenario: Scenario, seed: int = 1, rep: int = 0) -> pd.DataFrame:
    """The day's appointment book: ``provider, time, visit_type, status, time_min`` in the engine's order.

    A reserved slot that no same-day caller took has an empty visit type ("(empty)").
    """
    open_min = clock_to_min(scenario.clinic.open)
    rows = [
        {
            "provider": provider_words(slot.provider),
            "time": min_to_clock(open_min + slot.time_min),
            "visit_type": (slot.visit_type or "(empty)").replace("_", " "),
            "status": STATUS_WORDS.get(slot.status, slot.status),
            "time_min": slot.time_min,
        }
        for slot in appointment_book(scenario, seed, rep)
    ]
    return pd.DataFrame(rows, columns=["provider", "time", "visit_type", "status", "time_min"])
