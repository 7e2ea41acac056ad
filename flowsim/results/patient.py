"""Per-patient waits, worked out from the timestamps of the stopwatch sheet.

With a row of timestamps in front of her (arrived 8:02, checked in 8:02-8:05, roomed
8:20, doctor in 8:31, left 8:55) the practice manager can say how long this patient
waited and what for. This module does exactly that, for every row at once, and knows
nothing about how the timestamps were obtained: a simulated day and an observed
stopwatch sheet go through the same arithmetic (SPEC §5).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from flowsim.results.columns import (
    patient_kpi_columns,
    step_columns,
    step_wait_column,
    steps_from_columns,
    timestamp_columns,
)

FloatArray = np.ndarray[tuple[int, ...], np.dtype[np.float64]]
PATIENT_TIMES = ("arrival_min", "appointment_min", "roomed_min", "provider_start_min", "departure_min")
"""Patient timestamps :func:`kpi_arrays` reads after the step columns, in this order."""


def minutes(frame: pd.DataFrame, names: list[str]) -> FloatArray:
    """The timestamp columns ``names`` as one float matrix (missing columns are NaN)."""
    block = frame.reindex(columns=names)
    try:
        return np.asarray(block.to_numpy(dtype=float, na_value=np.nan), dtype=float).reshape(len(frame), len(names))
    except (TypeError, ValueError):  # text in a time column: whatever is not a number is missing
        return np.asarray(block.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float, na_value=np.nan))


def step_waits(queue: FloatArray, start: FloatArray, departure: FloatArray) -> FloatArray:
    """Minutes waited for each step: start - queue.

    A patient who joined a queue and never started the step (left unseen) waited from
    joining until leaving, and that wait belongs to the step they were waiting for.
    """
    waits = start - queue
    abandoned = np.isnan(start) & ~np.isnan(queue)
    left_at = np.broadcast_to(departure[:, None], queue.shape)
    return np.where(abandoned, left_at - queue, waits)


def door_time(arrival: FloatArray) -> FloatArray:
    """When each patient came through the door: ``max(arrival, opening)`` (opening is 0).

    ``arrival_min`` keeps the true arrival, before opening for those who came early;
    every KPI counted from the door starts here.
    """
    return np.maximum(arrival, 0.0)  # (NaN stays NaN: a no-show never came in)


def waiting_room_exit(roomed: FloatArray, provider_start: FloatArray, departure: FloatArray) -> FloatArray:
    """When each patient left the waiting room for good.

    Roomed; or, in a pathway without a room, the start with the provider; or, for a
    patient who left before either, departure. Whether the patient is later seen does
    not change when they sat in the waiting room.
    """
    return np.where(np.isnan(roomed), np.where(np.isnan(provider_start), departure, provider_start), roomed)


def waiting_room_since(exit_min: FloatArray, start: FloatArray, end: FloatArray, door: FloatArray) -> FloatArray:
    """When each patient began waiting in the waiting room for the step that took them out.

    That is the end of the step just before that step (check-in, typically), or the
    door time if no step came before. The step that takes them out is the first step, in
    column order, that starts at or after ``exit_min`` (see :func:`waiting_room_exit`).
    """
    n_steps = start.shape[1]
    at_or_after = np.nan_to_num(start, nan=-np.inf) >= exit_min[:, None]
    first_at_or_after = at_or_after.argmax(axis=1) if n_steps else np.zeros(len(exit_min), dtype=np.int64)
    exit_index = np.where(at_or_after.any(axis=1), first_at_or_after, n_steps)
    before = (np.arange(n_steps)[None, :] < exit_index[:, None]) & (end <= exit_min[:, None])
    last_end = np.where(before, end, -np.inf).max(axis=1, initial=-np.inf)
    since = np.where(np.isneginf(last_end), door, last_end)
    return np.where(np.isnan(exit_min), np.nan, since)


def patient_kpis(visits: pd.DataFrame) -> pd.DataFrame:
    """The visits table with the per-patient KPI columns of SPEC §5 (re)computed.

    Parameters
    ----------
    visits
        One row per patient with the timestamp columns of the stopwatch sheet
        (``arrival_min``, ``appointment_min``, ``<step>_queue_min``, ``<step>_start_min``,
        ``<step>_end_min``, ``roomed_min``, ``provider_start_min``, ``departure_min``).
        Missing columns count as missing timestamps; steps are taken from the column
        names in their order.

    Returns
    -------
    pandas.DataFrame
        The timestamp columns in stopwatch-sheet order, then ``wait_for_provider_min``,
        ``door_to_provider_min``, ``waiting_room_min``, ``exam_room_wait_min``,
        ``total_wait_min``, ``time_in_clinic_min`` and one ``<step>_wait_min`` per step,
        then any other columns the input had. A KPI whose timestamps are missing is NaN
        (e.g. every wait of a no-show, the provider waits of a patient who left unseen).

    Notes
    -----
    The door time is ``max(arrival, opening)``: ``arrival_min`` keeps when the patient
    came, even before opening, and ``door_to_provider_min``, ``time_in_clinic_min`` and
    the waiting room count from the door. ``wait_for_provider_min`` counts from the
    appointment time for early arrivals (``max(door, appointment)``) and from the door for
    walk-ins (no appointment); a patient seen before their appointment time waited 0
    minutes, not a negative time (otherwise early arrivals seen early would hide other
    patients' waits in the mean). ``waiting_room_min`` runs from the end of check-in (or
    the door) until roomed, or in a pathway without a room until the start with the
    provider, or until leaving for a patient who left before either.
    ``total_wait_min`` is the sum of the step waits, including the wait of a patient who
    left unseen while queueing (until ``departure_min``).
    """
    steps = steps_from_columns(visits.columns)
    step_names = [column for step in steps for column in step_columns(step)]
    times = minutes(visits, step_names + list(PATIENT_TIMES))
    kpis = kpi_arrays(times, steps)
    stamps = timestamp_columns(steps)
    base = visits.reindex(columns=stamps)
    known = set(stamps) | set(patient_kpi_columns(steps))
    extras = visits[[c for c in visits.columns if c not in known]]
    kpi_frame = pd.DataFrame(kpis, index=visits.index)
    return pd.concat([base, kpi_frame, extras], axis=1)


def kpi_arrays(times: FloatArray, steps: Sequence[str]) -> dict[str, FloatArray]:
    """The per-patient KPIs by name (the catalogue's patient KPIs), from a matrix of times.

    ``times`` has one row per patient: queue, start and end of each step (3 columns per
    step, in step order), then the :data:`PATIENT_TIMES` columns.
    """
    n_steps = len(steps)
    queue, start, end = (times[:, stamp : 3 * n_steps : 3] for stamp in range(3))
    arrival, appointment, roomed, provider_start, departure = times[:, 3 * n_steps :].T
    waits = step_waits(queue, start, departure)
    any_wait = ~np.isnan(waits).all(axis=1) if n_steps else np.zeros(len(times), dtype=bool)
    door = door_time(arrival)
    out_of_waiting_room = waiting_room_exit(roomed, provider_start, departure)
    arrays = {
        "wait_for_provider_min": np.maximum(provider_start - np.fmax(door, appointment), 0.0),
        "door_to_provider_min": provider_start - door,
        "waiting_room_min": out_of_waiting_room - waiting_room_since(out_of_waiting_room, start, end, door),
        # seen by the provider before being roomed (e.g. an any_provider triage she took): no exam-room wait
        "exam_room_wait_min": np.where(provider_start >= roomed, provider_start - roomed, np.nan),
        "total_wait_min": np.where(any_wait, np.nansum(waits, axis=1), np.nan),
        "time_in_clinic_min": departure - door,
        **{step_wait_column(step): waits[:, j] for j, step in enumerate(steps)},
    }
    return {name: arrays[name] for name in patient_kpi_columns(steps)}  # catalogue order; a missing one fails
