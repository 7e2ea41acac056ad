"""Where each patient is drawn in a day in motion: the vidigi log, with rooms and providers as places.

:func:`~flowsim.results.seats.vidigi_log` writes one day in vidigi's event-log columns.
Its facts need one more step before the day can be drawn as a floor plan:

- A patient who holds an exam room is in it: the steps she does there are drawn at
  the room's seat (``resource`` = ``exam_room``, even when a step seized a medical
  assistant first), and when she waits for the provider
  after rooming she waits *inside* the room, not in a queue: her ``<step>_wait_begins``
  row becomes a place in that room (``resource_use`` of seat n of ``exam_room``, event
  ``<step>_wait_in_room``), so the animation shows room 5 occupied while its patient
  waits. Only the exam with the provider, in a later step, is drawn with the provider.
- Each provider is a pool of one, so every exam would sit at seat 1: providers get
  one row of seats instead, in the scenario's provider order (``resource`` =
  ``provider``, seat 1 for the first provider, ...), and ``provider`` names who it is.
  A step that takes a provider is drawn with her even if it seized a clerk or an MA
  first; a step that takes a room is drawn in the room.
- A step's ``<step>_begins`` row is named by the seat it is drawn at,
  ``<step>_at_<resource>`` (``rooming_at_exam_room``, ``exam_at_provider``,
  ``check_in_at_front_desk``): a step name shared by pathways with different needs
  still has one place per kind of seat.

Times, patients and queues are the ones ``flowsim export vidigi`` writes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from flowsim.results.seats import ROOM_POOL, seated_events, vidigi_log

PROVIDER_POOL = "provider"
WAIT_IN_ROOM = "_wait_in_room"
AT = "_at_"
QUEUE_SUFFIX = "_wait_begins"
BEGIN_SUFFIX = "_begins"
STEP_SUFFIX = r"_(?:wait_begins|begins|complete)$"  # vidigi event name -> step


def motion_log(day: pd.DataFrame, visits: pd.DataFrame | None, providers: Sequence[str]) -> pd.DataFrame:
    """One day's vidigi log with waits inside exam rooms and providers as places to draw.

    Parameters
    ----------
    day
        The event log of one (scenario, rep), in log order (see
        :func:`~flowsim.results.seats.one_day`).
    visits
        The stopwatch sheet, for each patient's visit type (``pathway``); may be None.
    providers
        The scenario's providers in order: seat n of ``provider`` is the n-th of them.

    Returns
    -------
    pandas.DataFrame
        vidigi's columns (``entity_id, pathway, event_type, event, time, resource,
        resource_id``) plus ``provider`` (who, on the rows of a provider's seat).
    """
    log = vidigi_log(day, visits).reset_index(drop=True)
    log["provider"] = pd.Series(pd.NA, index=log.index, dtype="string")
    seated = seated_events(day)
    log = _providers_as_seats(log, seated, list(providers))
    log = _in_rooms(log, seated)
    # Named by where it is drawn, so a step done at the front desk in one pathway and in a room in another
    # has a place for each.
    seats = (log["event_type"] == "resource_use") & ~log["event"].str.endswith(WAIT_IN_ROOM)
    steps = log.loc[seats, "event"].str.removesuffix(BEGIN_SUFFIX)
    log.loc[seats, "event"] = steps + AT + log.loc[seats, "resource"].astype(str)
    return log


def _providers_as_seats(log: pd.DataFrame, seated: pd.DataFrame, providers: list[str]) -> pd.DataFrame:
    """A step that takes a provider is drawn at her seat, whatever else it seized first (a clerk, an MA)."""
    seat = {name: i + 1 for i, name in enumerate(providers)}
    taken = seated.loc[(seated["event"] == "seize") & seated["pool"].isin(list(seat))]
    taken = taken.drop_duplicates(["patient_id", "step"])
    who = {
        (int(p), str(s)): str(name)
        for p, s, name in zip(taken["patient_id"], taken["step"], taken["pool"], strict=True)
    }
    used = log["event_type"].isin(["resource_use", "resource_use_end"])
    steps = log["event"].str.replace(STEP_SUFFIX, "", regex=True)
    names = [who.get((int(p), s)) if u else None for p, s, u in zip(log["entity_id"], steps, used, strict=True)]
    mine = pd.Series(names, index=log.index, dtype="string")
    found = mine.notna()
    log.loc[found, "provider"] = mine[found]
    log.loc[found, "resource_id"] = mine[found].map(seat).astype("Int64")
    log.loc[found, "resource"] = PROVIDER_POOL
    return log


def _in_rooms(log: pd.DataFrame, seated: pd.DataFrame) -> pd.DataFrame:
    """Rows of a patient while she holds an exam room are drawn in that room.

    Except a provider's rows in a step after the one that took the room: the exam is
    drawn with the provider. Waits in the room are renamed ``<step>_wait_in_room``.
    """
    rooms = seated.loc[seated["pool"] == ROOM_POOL]
    taken = rooms.loc[rooms["event"] == "seize", ["patient_id", "step", "time_min", "seat"]].reset_index(drop=True)
    freed = rooms.loc[rooms["event"] == "release", ["patient_id", "time_min"]].reset_index(drop=True)
    if taken.empty:
        return log
    # A patient takes one room at a time, so her n-th seizure pairs with her n-th release.
    taken["n"] = taken.groupby("patient_id").cumcount()
    freed["n"] = freed.groupby("patient_id").cumcount()
    stays = taken.merge(freed, on=["patient_id", "n"], how="left", suffixes=("_in", "_out"))
    stays["time_min_out"] = stays["time_min_out"].fillna(np.inf)
    drawn = log.loc[log["event_type"].isin(["queue", "resource_use", "resource_use_end"])]
    both = drawn[["entity_id", "event_type", "event", "time", "resource"]].reset_index()
    both = both.merge(stays.astype({"step": str}), left_on="entity_id", right_on="patient_id")
    queued = both["event_type"] == "queue"
    own_step = both["event"].str.replace(STEP_SUFFIX, "", regex=True) == both["step"]
    # A queue row at the very minute of the seizure is the queue *for* the room, logged just before it.
    after_seizure = (both["time_min_in"] < both["time"]) | (~queued & (both["time_min_in"] == both["time"]))
    with_provider = (both["resource"].fillna("") == PROVIDER_POOL) & ~own_step
    inside = both.loc[after_seizure & (both["time"] < both["time_min_out"]) & ~with_provider]
    rows = inside["index"].to_numpy()
    waits = rows[(inside["event_type"] == "queue").to_numpy()]
    log.loc[waits, "event"] = log.loc[waits, "event"].str.removesuffix(QUEUE_SUFFIX) + WAIT_IN_ROOM
    log.loc[waits, "event_type"] = "resource_use"
    log.loc[rows, "resource"] = ROOM_POOL
    log.loc[rows, "resource_id"] = inside["seat"].astype("Int64").to_numpy()
    return log
