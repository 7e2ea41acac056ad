"""Which chair: seat numbers for pooled staff, and the day's log in vidigi's animation form.

The event log says "patient 17 seized ``ma`` for rooming" but not *which* of the three
medical assistants: the engine pools them. An animation needs a place to draw each
patient, so :func:`seated_events` replays the day and gives every seizure of a pool a
seat, the lowest one free, exactly as a receptionist would point at the first free
chair. Rooms already carry their number (``room_5``, ``procedure_1``); a provider is a pool of one.

:func:`vidigi_log` then writes the day in the event-log columns of the vidigi package
(``entity_id, pathway, event_type, event, time, resource_id``): ``arrival_departure``
rows (``arrival``, ``depart``), ``queue`` rows (``<step>_wait_begins``), and
``resource_use`` / ``resource_use_end`` rows (``<step>_begins`` / ``<step>_complete``)
with the seat number of the step's first resource in ``resource_id`` and its pool in
``resource``.
"""

from __future__ import annotations

import re

import pandas as pd

from flowsim.records import EXAM_ROOM_KIND, ROOM_KIND

ROOM = re.compile(r"^room_(\d+)$")
TYPED_ROOM = re.compile(r"^(.+)_(\d+)$")  # <type>_<n>, for resources recorded as rooms of a type
ROOM_POOL = "exam_room"
VIDIGI_COLUMNS = ("entity_id", "pathway", "event_type", "event", "time", "resource", "resource_id")


def one_day(events: pd.DataFrame, scenario: str, rep: int) -> pd.DataFrame:
    """The events of one design's simulated day, or a ``KeyError`` naming what exists."""
    day = events.loc[(events["scenario"].astype(str) == scenario) & (events["rep"] == rep)]
    if day.empty:
        names = sorted(events["scenario"].astype(str).unique())
        reps = sorted(int(r) for r in events["rep"].unique())
        span = f"{reps[0]}..{reps[-1]}" if reps else "none"
        raise KeyError(f"no events for scenario {scenario!r}, rep {rep}: scenarios {names}, reps {span}")
    return day


def seated_events(day: pd.DataFrame) -> pd.DataFrame:
    """The ``seize`` and ``release`` rows of one day with ``pool`` and ``seat`` columns.

    Parameters
    ----------
    day
        The event log of one (scenario, rep), in log order.

    Returns
    -------
    pandas.DataFrame
        ``patient_id, step, event, time_min, resource_id, pool, seat``: ``room_<n>`` is
        seat n of ``exam_room``, a room of another type (recorded kind ``room``, e.g.
        ``procedure_2``) seat n of its type; any other resource (a staff pool, a provider) gets the
        lowest seat of its pool free at the seizure, held until the same patient
        releases it.
    """
    rows = day.loc[day["event"].isin(["seize", "release"]) & (day["patient_id"] >= 0)]
    free: dict[str, list[int]] = {}
    size: dict[str, int] = {}
    held: dict[tuple[str, int], list[int]] = {}
    pools, seats = [], []
    kinds = rows["resource_kind"].astype(str) if "resource_kind" in rows else pd.Series("", index=rows.index)
    for patient, event, resource, kind in zip(
        rows["patient_id"], rows["event"], rows["resource_id"].astype(str), kinds, strict=True
    ):
        room = ROOM.match(resource) if kind in ("", EXAM_ROOM_KIND) else None
        typed = TYPED_ROOM.match(resource) if kind == ROOM_KIND else None
        if room is not None:  # a room is its own seat: room_5 is seat 5 of the exam rooms
            pools.append(ROOM_POOL)
            seats.append(int(room[1]))
            continue
        if typed is not None:
            pools.append(typed[1])
            seats.append(int(typed[2]))
            continue
        key = (resource, int(patient))
        if event == "seize":
            chairs = free.setdefault(resource, [])
            seat = min(chairs) if chairs else size.setdefault(resource, 0) + 1
            if chairs:
                chairs.remove(seat)
            else:
                size[resource] = seat
            held.setdefault(key, []).append(seat)
        else:
            seat = held[key].pop()
            free.setdefault(resource, []).append(seat)
        pools.append(resource)
        seats.append(seat)
    return rows[["patient_id", "step", "event", "time_min", "resource_id"]].assign(pool=pools, seat=seats)


def vidigi_log(day: pd.DataFrame, visits: pd.DataFrame | None = None) -> pd.DataFrame:
    """One day's log in vidigi's event-log columns (see the module docstring).

    ``visits`` (the same day's stopwatch sheet) gives each patient's ``pathway`` (visit
    type); without it the column is empty. Patients who never came (no-shows) have no rows.
    """
    patients = day.loc[day["patient_id"] >= 0]
    seated = seated_events(day)
    first_seat = seated.loc[seated["event"] == "seize"].drop_duplicates(["patient_id", "step"])
    seat_of = {
        (p, str(s)): (pool, seat)
        for p, s, pool, seat in first_seat[["patient_id", "step", "pool", "seat"]].itertuples(index=False)
    }
    records = []
    for patient, step, event, time in patients[["patient_id", "step", "event", "time_min"]].itertuples(index=False):
        step = str(step)
        resource: tuple[str | None, int | None] = (None, None)
        if event == "arrive":
            kind, name = "arrival_departure", "arrival"
        elif event == "depart":
            kind, name = "arrival_departure", "depart"
        elif event == "queue":
            kind, name = "queue", f"{step}_wait_begins"
        elif event in ("start", "end") and (patient, step) in seat_of:
            kind = "resource_use" if event == "start" else "resource_use_end"
            name = f"{step}_begins" if event == "start" else f"{step}_complete"
            resource = seat_of[(patient, step)]
        else:
            continue  # seize/release are folded into resource_use; documentation and turnover are not the patient's
        records.append((int(patient), kind, name, float(time), *resource))
    frame = pd.DataFrame.from_records(
        records, columns=["entity_id", "event_type", "event", "time", "resource", "resource_id"]
    )
    frame["resource_id"] = frame["resource_id"].astype("Int64")
    frame["resource"] = frame["resource"].astype("string")
    pathway = _pathways(visits, day) if visits is not None else {}
    frame.insert(1, "pathway", frame["entity_id"].map(pathway).astype("string"))
    return frame[list(VIDIGI_COLUMNS)]


def _pathways(visits: pd.DataFrame, day: pd.DataFrame) -> dict[int, str]:
    scenario, rep = str(day["scenario"].iloc[0]), int(day["rep"].iloc[0])
    rows = visits.loc[(visits["scenario"].astype(str) == scenario) & (visits["rep"] == rep)]
    return dict(zip(rows["patient_id"].astype(int), rows["visit_type"].astype(str), strict=True))
