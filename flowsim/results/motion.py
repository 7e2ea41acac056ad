"""Where each patient is drawn in a day in motion: the vidigi log, with rooms and providers as places.

:func:`~flowsim.results.seats.vidigi_log` writes one day in vidigi's event-log columns.
Two of its facts need one more step before the day can be drawn as a floor plan:

- A patient who holds an exam room is in it: her steps there are drawn at the room's
  seat (``resource`` = ``exam_room``, even when the step seized a medical assistant
  first), and when she waits for the provider after rooming she waits *inside* the room,
  not in a queue: her ``<step>_wait_begins`` row becomes a place in that room
  (``resource_use`` of seat n of ``exam_room``, event ``<step>_wait_in_room``), so the
  animation shows room 5 occupied while its patient waits.
- Each provider is a pool of one, so every exam would sit at seat 1: providers get
  one row of seats instead, in the scenario's provider order (``resource`` =
  ``provider``, seat 1 for the first provider, ...), and ``provider`` names who it is.

Nothing else changes, so the log stays the one ``flowsim export vidigi`` writes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from flowsim.results.seats import ROOM_POOL, seated_events, vidigi_log

PROVIDER_POOL = "provider"
WAIT_IN_ROOM = "_wait_in_room"
QUEUE_SUFFIX = "_wait_begins"


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
    log = _providers_as_seats(log, list(providers))
    return _in_rooms(log, day)


def _providers_as_seats(log: pd.DataFrame, providers: list[str]) -> pd.DataFrame:
    seat = {name: i + 1 for i, name in enumerate(providers)}
    who = log["resource"].where(log["resource"].isin(list(seat)))
    mine = who.notna()
    log.loc[mine, "provider"] = who[mine]
    log.loc[mine, "resource_id"] = who[mine].map(seat).astype("Int64")
    log.loc[mine, "resource"] = PROVIDER_POOL
    return log


def _in_rooms(log: pd.DataFrame, day: pd.DataFrame) -> pd.DataFrame:
    """Rows of a patient while she holds an exam room are drawn in that room (the provider's rows excepted)."""
    seated = seated_events(day)
    rooms = seated.loc[seated["pool"] == ROOM_POOL]
    taken = rooms.loc[rooms["event"] == "seize", ["patient_id", "time_min", "seat"]].reset_index(drop=True)
    freed = rooms.loc[rooms["event"] == "release", ["patient_id", "time_min"]].reset_index(drop=True)
    if taken.empty:
        return log
    # A patient takes one room at a time, so her n-th seizure pairs with her n-th release.
    taken["n"] = taken.groupby("patient_id").cumcount()
    freed["n"] = freed.groupby("patient_id").cumcount()
    stays = taken.merge(freed, on=["patient_id", "n"], how="left", suffixes=("_in", "_out"))
    stays["time_min_out"] = stays["time_min_out"].fillna(np.inf)
    drawn = log.loc[log["event_type"].isin(["queue", "resource_use", "resource_use_end"])
                    & (log["resource"].fillna("") != PROVIDER_POOL), ["entity_id", "event_type", "time"]]  # fmt: skip
    both = drawn.reset_index().merge(stays, left_on="entity_id", right_on="patient_id")
    queued = both["event_type"] == "queue"
    # A queue row at the very minute of the seizure is the queue *for* the room, logged just before it.
    after_seizure = (both["time_min_in"] < both["time"]) | (~queued & (both["time_min_in"] == both["time"]))
    inside = both.loc[after_seizure & (both["time"] < both["time_min_out"])]
    rows = inside["index"].to_numpy()
    waits = rows[(inside["event_type"] == "queue").to_numpy()]
    log.loc[waits, "event"] = log.loc[waits, "event"].str.removesuffix(QUEUE_SUFFIX) + WAIT_IN_ROOM
    log.loc[waits, "event_type"] = "resource_use"
    log.loc[rows, "resource"] = ROOM_POOL
    log.loc[rows, "resource_id"] = inside["seat"].astype("Int64").to_numpy()
    return log
