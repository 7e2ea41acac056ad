"""An EHR-style export of simulated days: a sheet whose true parameters are known.

The way to trust a fit is to fit a clinic whose truth one knows. :func:`ehr_export`
writes simulated visits the way a scheduling system would export them: one row per
appointment, clock date-times rounded down to the minute, a status column, headers
such as "Appt Time" and "Provider In", and (optionally) recording noise of a minute or
two on each stamp, as when a medical assistant clicks "roomed" a little late.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from flowsim.observed.stopwatch import SIMULATED
from flowsim.scenarios.clock import clock_to_min

HEADERS = {
    "appointment": "Appt Time",
    "arrival": "Arrived",
    "check_in_start": "Check-in Start",
    "check_in_end": "Check-in Complete",
    "roomed": "Roomed",
    "intake_end": "Intake Complete",
    "provider_in": "Provider In",
    "provider_out": "Provider Out",
    "checkout": "Checkout",
}
STATUS = {
    "seen": "Completed",
    "no_show": "No Show",
    "left_unseen": "Left Without Being Seen",
    "rebooked_late": "Completed",
}


def ehr_export(
    visits: pd.DataFrame,
    clinic_open: str,
    *,
    first_day: dt.date = dt.date(2026, 3, 2),
    noise_min: float = 0.0,
    seed: int = 0,
) -> pd.DataFrame:
    """Simulated visits (one scenario, ``rep`` = day) as an EHR export with whole-minute date-times.

    Parameters
    ----------
    visits
        The visits table of :func:`flowsim.run_experiment` for one scenario.
    clinic_open
        The scenario's opening time (minute 0).
    first_day
        Date of replication 0; replication ``r`` is ``r`` days later.
    noise_min
        Standard deviation of a recording delay added to every stamp after arrival
        (half-normal: a click is late, never early), before rounding down.
    seed
        Seed of the recording noise.
    """
    rng = np.random.default_rng(seed)
    opened = pd.Timestamp(first_day) + pd.Timedelta(minutes=clock_to_min(clinic_open))
    day = opened + pd.to_timedelta(visits["rep"].to_numpy(), unit="D")
    export = pd.DataFrame({"Visit Date": [d.date().isoformat() for d in day]})
    previous = np.full(len(visits), -np.inf)
    for milestone, column in SIMULATED.items():
        header = HEADERS[milestone]
        minutes = visits[column].to_numpy(float) if column in visits else np.full(len(visits), np.nan)
        if noise_min > 0 and column not in ("appointment_min", "arrival_min"):
            minutes = minutes + np.abs(rng.normal(0.0, noise_min, len(minutes)))
        if column != "appointment_min":  # a late click never puts a stamp before the one it follows
            minutes = np.where(np.isfinite(minutes), np.fmax(minutes, previous), minutes)
            previous = np.where(np.isfinite(minutes), minutes, previous)
        stamps = (day + pd.to_timedelta(minutes, unit="min")).floor("min")
        export[header] = [s.strftime("%Y-%m-%d %H:%M") if not pd.isna(s) else "" for s in stamps]
    export["Provider"] = visits["provider"].to_numpy()
    export["Visit Type"] = visits["visit_type"].to_numpy()
    export["Status"] = visits["outcome"].map(STATUS).to_numpy()
    return export
