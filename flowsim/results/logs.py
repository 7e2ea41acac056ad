"""From simulated days to tables: the long event logs and the stopwatch sheet.

:func:`log_tables` makes every table of a set of simulated days in one pass: the days
are flattened into columns once (:mod:`flowsim.results.event_tables`, which also cuts
the event tables) and the stopwatch sheet is pivoted from the same columns
(:mod:`flowsim.results.visit_sheet`). The one-table functions are here too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

import pandas as pd

from flowsim.results.day import day_kpis
from flowsim.results.event_tables import (
    LogItem,
    events_table,
    flatten,
    patient_events_frame,
    resource_events_frame,
    resource_events_table,
)
from flowsim.results.facts import ClinicFacts
from flowsim.results.visit_sheet import visits_frame

__all__ = ["LogItem", "LogTables", "events_table", "log_tables", "resource_events_table", "visits_table"]


class LogTables(NamedTuple):
    """The tables read off a set of simulated days.

    ``visits`` is the stopwatch sheet (:func:`visits_table`), ``events`` the patients'
    events (:func:`events_table`), ``resource_events`` what resources did for no patient
    (:func:`resource_events_table`). KPIs need all three (a provider's time off is not
    idle time): :meth:`kpis`, or ``resource_events=`` for :func:`~flowsim.results.day_kpis`.
    """

    visits: pd.DataFrame
    events: pd.DataFrame
    resource_events: pd.DataFrame

    def kpis(self, facts: Mapping[str, ClinicFacts] | ClinicFacts) -> pd.DataFrame:
        """Day-level KPIs of these days: :func:`~flowsim.results.day_kpis` given all three tables."""
        return day_kpis(self.visits, self.events, facts, resource_events=self.resource_events)


def visits_table(logs: Iterable[LogItem], *, providers: Mapping[str, Iterable[str]] | None = None) -> pd.DataFrame:
    """The stopwatch sheet of many simulated days (``visits.parquet``), SPEC §4 columns.

    Parameters
    ----------
    logs
        ``(scenario_name, rep, DayLog)`` triples.
    providers
        Optional provider names per scenario, for logs that do not record their resources
        (hand-made ones). Providers and rooms are otherwise what each day's log recorded
        (``DayLog.resources``), never guessed from names.

    Returns
    -------
    pandas.DataFrame
        One row per patient (provider time off is not a visit), see
        :func:`flowsim.results.columns.visits_columns`. ``roomed_min`` is when the patient
        holds the room and the staff who room them (see :mod:`flowsim.results.visit_sheet`); ``provider_start_min``
        the start of the first step that seized the patient's provider (for a patient of a
        shared queue, the first provider who saw them, who also fills the ``provider``
        column); ``departure_min`` the
        ``depart`` event, or the ``abandon`` event if the log has no departure.
    """
    return log_tables(logs, providers=providers).visits


def log_tables(logs: Iterable[LogItem], *, providers: Mapping[str, Iterable[str]] | None = None) -> LogTables:
    """Every table in one pass over ``logs`` (cheaper than three calls; ``logs`` may be an iterator)."""
    flat = flatten(logs)
    return LogTables(
        visits=visits_frame(flat, providers or {}),
        events=patient_events_frame(flat),
        resource_events=resource_events_frame(flat),
    )
