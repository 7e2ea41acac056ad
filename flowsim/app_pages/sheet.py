"""The stopwatch sheet as the app shows it: the same numbers, in the words people use.

The sheet's own column names (``check_in_queue_min``, ``dr_patel``) are the file format,
kept in downloads and files; on the page the columns read "Check-in: joined the line
(min)" and the providers "Dr Patel".
"""

from __future__ import annotations

import re

import pandas as pd

from flowsim.report.words import provider_words, step_words, words
from flowsim.results.catalogue import is_kpi, title

COLUMN_WORDS = {
    "arrived": "Arrived",
    "seen_by_provider": "Seen by the provider",
    "left": "Left",
    "patient_id": "Patient",
    "visit_type": "Visit type",
    "provider": "Provider",
    "kind": "Booked or walk-in",
    "appointment_min": "Appointment (min)",
    "arrival_min": "Arrival (min)",
    "outcome": "Outcome",
    "roomed_min": "Roomed (min)",
    "provider_start_min": "Seen by the provider (min)",
    "departure_min": "Left (min)",
}
STAMP_WORDS = {"queue": "joined the line", "start": "started", "end": "ended"}
_STAMP = re.compile(r"^(?P<step>.+)_(?P<stamp>queue|start|end)_min$")


def column_words(name: str) -> str:
    """A stopwatch-sheet column in words: ``rooming_start_min`` → ``Rooming: started (min)``."""
    if name in COLUMN_WORDS:
        return COLUMN_WORDS[name]
    stamp = _STAMP.match(name)
    if stamp:
        return f"{step_words(stamp['step'])}: {STAMP_WORDS[stamp['stamp']]} (min)"
    return title(name) if is_kpi(name) else words(name).capitalize()


def readable_sheet(sheet: pd.DataFrame) -> pd.DataFrame:
    """``sheet`` with its columns and names in words (a copy; the numbers are unchanged)."""
    shown = sheet.copy()
    for column, say in (("provider", provider_words), ("visit_type", words), ("outcome", words)):
        if column in shown:
            shown[column] = shown[column].map(lambda v, say=say: say(v) if isinstance(v, str) and v else v)
    if "kind" in shown:
        shown["kind"] = shown["kind"].map(lambda v: words(v).replace("walk in", "walk-in") if isinstance(v, str) else v)
    return shown.rename(columns=column_words)
