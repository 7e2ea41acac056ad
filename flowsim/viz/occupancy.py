"""How full is the waiting room through the day?

A patient counts as in the waiting room from the end of check-in (or from the door if
the pathway has no check-in) until an exam room is taken (in a pathway without a room:
until the provider sees them), or until leaving. Patients who come before opening are
counted from the door, when the clinic opens.
The count is read on a time grid in each replication and averaged over replications,
so a height of 2.5 at 10:00 means that at ten o'clock 2.5 patients were waiting on an
average day. The time-average of the same count is the ``waiting_room_mean`` KPI.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from flowsim.results import patient_kpis
from flowsim.results.patient import minutes, waiting_room_exit
from flowsim.viz.clock_axis import style_time_axis


def waiting_intervals(visits: pd.DataFrame) -> pd.DataFrame:
    """When each patient was in the waiting room: columns ``scenario, rep, from_min, to_min``.

    The same definition as the ``waiting_room_mean`` KPI: until the patient left the waiting
    room (roomed; with the provider in a pathway without a room; or gone, see
    :func:`~flowsim.results.patient.waiting_room_exit`), from ``waiting_room_min`` before
    that (the end of check-in or whatever step came before, else the door time). No-shows
    are left out. Without a ``waiting_room_min`` column the per-patient KPIs are computed first.
    """
    if "waiting_room_min" not in visits.columns:
        visits = patient_kpis(visits)
    stamps = minutes(visits, ["roomed_min", "provider_start_min", "departure_min", "waiting_room_min"])
    end = pd.Series(waiting_room_exit(*stamps[:, :3].T), index=visits.index)
    start = end - stamps[:, 3]
    out = pd.DataFrame({"scenario": visits["scenario"], "rep": visits["rep"], "from_min": start, "to_min": end})
    return out[out["from_min"].notna() & out["to_min"].notna()].reset_index(drop=True)


def count_waiting(from_min: np.ndarray, to_min: np.ndarray, grid_min: np.ndarray) -> np.ndarray:
    """How many intervals ``[from, to)`` contain each grid time."""
    started = np.searchsorted(np.sort(from_min), grid_min, side="right")
    finished = np.searchsorted(np.sort(to_min), grid_min, side="right")
    return (started - finished).astype(float)


def mean_waiting(visits: pd.DataFrame, grid_min: np.ndarray) -> pd.DataFrame:
    """Mean number waiting at each grid time per scenario, over all replications in ``visits``.

    Returns
    -------
    pandas.DataFrame
        Columns ``scenario, time_min, waiting`` (a replication where nobody waited counts as 0).
    """
    intervals = waiting_intervals(visits)
    frames = []
    for scenario, reps in visits.groupby("scenario", sort=False, observed=True)["rep"]:
        rows = intervals[intervals["scenario"] == scenario]
        total = np.zeros(len(grid_min))
        for _, one in rows.groupby("rep", observed=True):
            total += count_waiting(one["from_min"].to_numpy(float), one["to_min"].to_numpy(float), grid_min)
        frames.append(pd.DataFrame({"scenario": scenario, "time_min": grid_min, "waiting": total / reps.nunique()}))
    return pd.concat(frames, ignore_index=True)


def waiting_room_occupancy(
    visits: pd.DataFrame,
    open_clock: str | None = None,
    step_min: float = 5.0,
    end_min: float | None = None,
) -> go.Figure:
    """Number of patients waiting to be roomed through the day, averaged over replications.

    Parameters
    ----------
    visits
        The stopwatch sheet (``scenario, rep, outcome, arrival_min, roomed_min, departure_min``,
        the step columns and ``waiting_room_min``, which is computed when missing).
    open_clock
        Clinic opening time (``"08:00"``) to label the time axis in clock times.
    step_min
        Spacing of the time grid the count is read on, in minutes.
    end_min
        End of the grid in minutes from opening; by default the last time anyone waited.
        The grid starts at opening, or earlier if patients waited before opening.

    Returns
    -------
    plotly.graph_objects.Figure
        One step line per scenario; its y at grid time x is the mean count at x.
    """
    intervals = waiting_intervals(visits)
    first = min(0.0, float(np.floor(intervals["from_min"].min() / step_min) * step_min)) if len(intervals) else 0.0
    last = end_min if end_min is not None else float(intervals["to_min"].max()) if len(intervals) else 0.0
    grid = np.arange(first, last + step_min, step_min)
    fig = go.Figure()
    for scenario, curve in mean_waiting(visits, grid).groupby("scenario", sort=False, observed=True):
        fig.add_trace(
            go.Scatter(x=curve["time_min"], y=curve["waiting"], name=str(scenario), mode="lines", line_shape="hv")
        )
    style_time_axis(fig, float(grid[0]), float(grid[-1]), open_clock)
    fig.update_layout(
        title="Patients in the waiting room through the day (average over simulated days)",
        yaxis_title="Patients waiting to be roomed",
        template="plotly_white",
    )
    return fig
