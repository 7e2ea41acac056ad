"""KPIs censored at a clock time (``results_until``), for treatment-centre models.

A treatment centre that never really closes is judged on what happened up to a cut-off,
as a manager who reads the board at 01:00 would: who came by then, who was seen by
then, who is still sitting there. This module cuts the per-patient timestamps and the
activity intervals of each replication at its ``results_until`` (minutes from opening;
``inf`` where the scenario has none, which leaves the replication untouched):

- a patient who came after the cut (arrival, or for a no-show the appointment) is not
  counted at all;
- a patient who came by the cut but was neither with the provider nor gone by then is
  *waiting*: counted among those who came and in ``waiting_at_results_until``, and,
  like a patient who left unseen, left out of the means and of the wait shares (their
  wait is not over, so any number would understate it);
- a patient seen by the provider by the cut keeps every KPI as recorded;
- busy, held and off intervals end at the cut at the latest, so utilisation, idle time
  and overtime are over ``[0, results_until]``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from flowsim.results.columns import step_wait_column

Array = np.ndarray[Any, Any]
WAITING = "waiting"
"""Outcome of a patient still waiting at ``results_until``."""
STILL_THERE = ("seen", "left_unseen")
"""Outcomes of patients who may still be in the clinic at the cut."""


def censor_visits(
    times: Mapping[str, Array], text: Mapping[str, Array], group: Array, until: Array, steps: Sequence[str]
) -> tuple[dict[str, Array], dict[str, Array], Array]:
    """The visits' times, text columns and group indices cut at ``until`` (one value per group).

    Rows of patients who came after the cut are dropped; those still waiting at it get
    the outcome :data:`WAITING` and no step waits (see the module notes).
    """
    cut = until[group]
    came_at = np.where(np.isnan(times["arrival_min"]), times["appointment_min"], times["arrival_min"])
    keep = ~(came_at > cut)
    times = {name: values[keep] for name, values in times.items()}
    text = {name: values[keep] for name, values in text.items()}
    group, cut = group[keep], cut[keep]
    waiting = (
        np.isin(text["outcome"], STILL_THERE) & ~(times["provider_start_min"] <= cut) & ~(times["departure_min"] <= cut)
    )
    text["outcome"] = np.where(waiting, WAITING, text["outcome"]).astype(object)
    for step in steps:  # their waits are not over: no share of the day's waiting yet
        times[step_wait_column(step)] = np.where(waiting, np.nan, times[step_wait_column(step)])
    return times, text, group


def censor_intervals(intervals: pd.DataFrame, until: Array) -> pd.DataFrame:
    """Activity intervals ending at the cut at the latest (one that starts after it has no length)."""
    cut = until[intervals["group"].to_numpy(dtype=np.int64)]
    return intervals.assign(
        start_min=np.minimum(intervals["start_min"].to_numpy(dtype=float), cut),
        end_min=np.minimum(intervals["end_min"].to_numpy(dtype=float), cut),  # never closed stays NaN
    )
