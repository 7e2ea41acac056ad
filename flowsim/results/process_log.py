"""The event log in process-mining form: one case per patient visit, one row per activity event.

Process-mining tools (pm4py, ProM, Disco, bupaR) discover the flow a clinic really has
from such a log. Their shared convention, from the XES standard, names the columns
``case:concept:name`` (the case: here scenario, day and patient), ``concept:name`` (the
activity: a pathway step, or ``arrive`` / ``depart``), ``lifecycle:transition``
(``start`` or ``complete``), ``time:timestamp`` (a date-time) and ``org:resource`` (who
or what served it: the provider, ``room_5``, ``ma 2`` for seat 2 of the MA pool). pm4py
reads this CSV as it is; :func:`write_xes` writes the XES file through pm4py when the
``processmining`` extra is installed.
"""

from __future__ import annotations

import datetime as dt
import os
import warnings
from pathlib import Path

import pandas as pd

from flowsim.results.clock import date_times
from flowsim.results.seats import seated_events

CASE, ACTIVITY, LIFECYCLE, TIMESTAMP, RESOURCE = (
    "case:concept:name",
    "concept:name",
    "lifecycle:transition",
    "time:timestamp",
    "org:resource",
)
COLUMNS = (CASE, ACTIVITY, LIFECYCLE, TIMESTAMP, RESOURCE, "scenario", "rep", "patient_id")
_ACTIVITY_EVENTS = {"arrive": "complete", "start": "start", "end": "complete", "depart": "complete"}
_NOT_THE_PATIENTS = {"documentation", "turnover"}


def process_log(events: pd.DataFrame, date: str | dt.date, open_clock: str) -> pd.DataFrame:
    """Patients' events in the process-mining convention (see the module docstring).

    Parameters
    ----------
    events
        The event log of a run (any scenarios and days).
    date
        The calendar date of day 0; day ``rep`` is ``rep`` days later, so the cases of
        different days never overlap in time.
    open_clock
        Opening time (``HH:MM``) of the clinic day.
    """
    patients = events.loc[(events["patient_id"] >= 0) & events["event"].isin(list(_ACTIVITY_EVENTS))]
    patients = patients.loc[~patients["step"].astype("string").fillna("").isin(_NOT_THE_PATIENTS)]
    resources = _resources_by_step(events)
    scenario = patients["scenario"].astype(str)
    rep = patients["rep"].astype(int)
    step = patients["step"].astype("string").fillna("").astype(str)  # no step (arrive, depart): NA or ""
    event = patients["event"].astype(str)
    keys = list(zip(scenario, rep, patients["patient_id"].astype(int), step, strict=True))
    minutes = patients["time_min"].to_numpy(dtype=float) + 24 * 60 * rep.to_numpy()
    frame = pd.DataFrame(
        {
            CASE: scenario + "|" + rep.astype(str) + "|" + patients["patient_id"].astype(str),
            ACTIVITY: step.where(step != "", event),
            LIFECYCLE: event.map(_ACTIVITY_EVENTS),
            TIMESTAMP: date_times(minutes, date, open_clock).to_numpy(),
            RESOURCE: pd.array([resources.get(k, pd.NA) for k in keys], dtype="string"),
            "scenario": scenario,
            "rep": rep,
            "patient_id": patients["patient_id"].astype(int),
        }
    )
    frame.loc[frame[ACTIVITY].isin(["arrive", "depart"]), RESOURCE] = pd.NA
    return frame.reset_index(drop=True)[list(COLUMNS)]


def _resources_by_step(events: pd.DataFrame) -> dict[tuple[str, int, int, str], str]:
    """``"dr_lee"``, ``"room_5; ma 2"``: what each patient's step seized, pooled staff with their seat
    (a resource that never had more than one seat that day keeps its plain name)."""
    result: dict[tuple[str, int, int, str], str] = {}
    for (scenario, rep), day in events.groupby(["scenario", "rep"], sort=False, observed=True):
        seized = seated_events(day)
        seized = seized.loc[seized["event"] == "seize"]
        single = set(seized.groupby("pool")["seat"].max().loc[lambda s: s == 1].index)
        for patient, step, resource, pool, seat in seized[
            ["patient_id", "step", "resource_id", "pool", "seat"]
        ].itertuples(index=False):
            # a room is named by its own id (it is its seat); staff by pool and seat
            name = str(resource) if pool in single or str(resource) != str(pool) else f"{pool} {seat}"
            key = (str(scenario), int(str(rep)), int(patient), str(step))
            result[key] = f"{result[key]}; {name}" if key in result else name
    return result


def write_xes(log: pd.DataFrame, path: str | Path) -> Path:
    """Write :func:`process_log` as an XES file through pm4py (extra ``processmining``)."""
    os.environ.setdefault("PM4PY_SHOW_PROGRESS_BAR", "False")  # read at import: no bars on the terminal
    try:
        import pm4py
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise ImportError("XES needs pm4py: pip install 'flowsim[processmining]' (or export the CSV)") from None
    frame = log.copy()
    frame[TIMESTAMP] = pd.to_datetime(frame[TIMESTAMP])
    with warnings.catch_warnings():  # "install r4pm to export faster": advice for pm4py's users, not ours
        warnings.simplefilter("ignore", UserWarning)
        pm4py.write_xes(frame, str(path), case_id_key=CASE)
    return Path(path)
