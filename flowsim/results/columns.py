"""Column names of the stopwatch sheet, in one place.

Picture the practice manager's clipboard: one row per patient, then a column for
every timestamp she wrote down (queued, started, ended for each step of the
pathway), then the waits worked out from them. Every table flowsim writes and
every observed sheet it reads uses these names, in this order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from flowsim.results.catalogue import patient_kpi_names

ID_COLUMNS: tuple[str, ...] = (
    "scenario",
    "rep",
    "patient_id",
    "visit_type",
    "provider",
    "kind",
    "appointment_min",
    "arrival_min",
    "outcome",
)
"""Who the patient is and how the day ended (first columns of the visits table)."""

STEP_STAMPS: tuple[str, ...] = ("queue", "start", "end")
"""The three timestamps of every pathway step: joined its queue, started, ended."""

PATIENT_STAMPS: tuple[str, ...] = ("roomed_min", "provider_start_min", "departure_min")
"""Timestamps after the step columns: first room seized, provider start, departure."""

EVENT_TABLE_COLUMNS: tuple[str, ...] = (
    "scenario",
    "rep",
    "patient_id",
    "step",
    "event",
    "time_min",
    "resource_id",
    "resource_kind",
)
"""Columns of ``events.parquet``: the patients' events, every row a patient's (``resource_kind``:
what the engine recorded the resource to be)."""

RESOURCE_EVENT_COLUMNS: tuple[str, ...] = (
    "scenario",
    "rep",
    "step",
    "event",
    "time_min",
    "resource_id",
    "resource_kind",
)
"""Columns of ``resource_events.parquet``: what resources did for no patient (a provider's time off)."""

KINDS: tuple[str, ...] = ("booked", "same_day", "walk_in")
OUTCOMES: tuple[str, ...] = ("seen", "no_show", "rebooked_late", "left_unseen")

_STEP_COLUMN = re.compile(r"^(?P<step>[a-z][a-z0-9_]*)_(?P<stamp>queue|start|end)_min$")


def step_columns(step: str) -> tuple[str, str, str]:
    """``<step>_queue_min, <step>_start_min, <step>_end_min``."""
    return f"{step}_queue_min", f"{step}_start_min", f"{step}_end_min"


def step_wait_column(step: str) -> str:
    """``<step>_wait_min``: minutes spent waiting for that step."""
    return f"{step}_wait_min"


def patient_kpi_columns(steps: Sequence[str]) -> list[str]:
    """All per-patient KPI columns, in catalogue order (the fixed ones, then one wait per step)."""
    return patient_kpi_names(steps)


def timestamp_columns(steps: Sequence[str]) -> list[str]:
    """Identity columns plus every timestamp column, in stopwatch-sheet order."""
    stamps = [column for step in steps for column in step_columns(step)]
    return [*ID_COLUMNS, *stamps, *PATIENT_STAMPS]


def visits_columns(steps: Sequence[str]) -> list[str]:
    """Every column of the visits table (SPEC §4), in order."""
    return [*timestamp_columns(steps), *patient_kpi_columns(steps)]


def steps_from_columns(columns: Iterable[str]) -> list[str]:
    """Pathway step names found in column names, in first-seen order.

    A step is recognised by any of its ``<step>_queue_min``, ``<step>_start_min`` or
    ``<step>_end_min`` columns; ``provider_start_min`` is a patient timestamp, not a step.
    """
    steps: list[str] = []
    for column in columns:
        if column in PATIENT_STAMPS:
            continue
        match = _STEP_COLUMN.match(column)
        if match and match["step"] not in steps:
            steps.append(match["step"])
    return steps
