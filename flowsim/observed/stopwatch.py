"""From an export's milestones to the stopwatch sheet's pathway steps.

An EHR records milestones (arrived, check-in complete, roomed, intake complete,
provider in, provider out, checked out); the simulator records each pathway step's
queue, start and end. The milestones map onto the steps of the usual outpatient
pathway, named as in the bundled scenarios:

==========  =======================  ==================  ===============
step        queue (joined the line)  start               end
==========  =======================  ==================  ===============
check_in    arrival                  check-in start      check-in complete
rooming     check-in complete        roomed              intake complete
exam        intake complete          provider in         provider out
==========  =======================  ==================  ===============

A step is written only when the sheet has its start or end column; a missing queue
milestone falls back to the one before it (no check-in stamps: rooming queues from
arrival). ``departure_min`` is the checkout time, or provider out when there is none.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

STEPS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "check_in": (("arrival",), "check_in_start", "check_in_end"),
    "rooming": (("check_in_end", "arrival"), "roomed", "intake_end"),
    "exam": (("intake_end", "roomed", "check_in_end", "arrival"), "provider_in", "provider_out"),
}
"""Step -> (queue milestones in order of preference, start milestone, end milestone)."""

SIMULATED: dict[str, str] = {
    "appointment": "appointment_min",
    "arrival": "arrival_min",
    "check_in_start": "check_in_start_min",
    "check_in_end": "check_in_end_min",
    "roomed": "rooming_start_min",
    "intake_end": "rooming_end_min",
    "provider_in": "exam_start_min",
    "provider_out": "exam_end_min",
    "checkout": "departure_min",
}
"""Milestone -> the simulated visits column an export of a simulated day shows for it."""


def _first(table: pd.DataFrame, names: tuple[str, ...]) -> np.ndarray:
    values = np.full(len(table), np.nan)
    for name in reversed(names):
        column = table[name].to_numpy(dtype=float)
        values = np.where(np.isfinite(column), column, values)
    return values


def to_stopwatch(table: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """The stopwatch sheet (visits-table columns, before the KPIs) of checked milestone rows."""
    sheet = pd.DataFrame(
        {
            "scenario": scenario,
            "rep": table["rep"].to_numpy(dtype=np.int64),
            "patient_id": table.groupby("rep", sort=False).cumcount().to_numpy(dtype=np.int64),
            "visit_type": table["visit_type"].to_numpy(dtype=object),
            "provider": table["provider"].to_numpy(dtype=object),
            "kind": np.where(np.isfinite(table["appointment"].to_numpy(dtype=float)), "booked", "walk_in"),
            "appointment_min": table["appointment"].to_numpy(dtype=float),
            "arrival_min": table["arrival"].to_numpy(dtype=float),
            "outcome": table["outcome"].to_numpy(dtype=object),
        }
    )
    for step, (queue, start, end) in STEPS.items():
        if table[[start, end]].notna().to_numpy().any():
            sheet[f"{step}_queue_min"] = _first(table, queue)
            sheet[f"{step}_start_min"] = table[start].to_numpy(dtype=float)
            sheet[f"{step}_end_min"] = table[end].to_numpy(dtype=float)
    sheet["roomed_min"] = table["roomed"].to_numpy(dtype=float)
    sheet["provider_start_min"] = table["provider_in"].to_numpy(dtype=float)
    sheet["departure_min"] = _first(table, ("checkout", "provider_out"))
    return sheet.reset_index(drop=True)
