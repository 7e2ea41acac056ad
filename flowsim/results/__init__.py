"""From event logs to answers: the stopwatch sheet, KPIs, intervals and run folders.

The engine records facts; everything a manager reads is computed here, by plain
functions over tables that serve simulated and observed days alike::

    tables = log_tables(("baseline", rep, simulate(s, seed, rep)) for rep in range(100))
    kpis = day_kpis(tables.visits, tables.events, facts_by_scenario([s]), resource_events=tables.resource_events)
    summary = summarise(kpis)
"""

from __future__ import annotations

from flowsim.results.columns import visits_columns
from flowsim.results.day import day_kpis
from flowsim.results.facts import ClinicFacts, clinic_facts, facts_by_scenario
from flowsim.results.folders import OutputExistsError
from flowsim.results.logs import LogTables, events_table, log_tables, resource_events_table, visits_table
from flowsim.results.long import kpis_long, summary_long
from flowsim.results.output import build_manifest, write_run
from flowsim.results.patient import patient_kpis
from flowsim.results.run_files import RunFiles, read_run
from flowsim.results.stopwatch import read_stopwatch
from flowsim.results.summary import paired_comparison, summarise

__all__ = [
    "ClinicFacts",
    "LogTables",
    "OutputExistsError",
    "RunFiles",
    "build_manifest",
    "clinic_facts",
    "day_kpis",
    "events_table",
    "facts_by_scenario",
    "kpis_long",
    "log_tables",
    "paired_comparison",
    "patient_kpis",
    "read_run",
    "read_stopwatch",
    "resource_events_table",
    "summarise",
    "summary_long",
    "visits_columns",
    "visits_table",
    "write_run",
]
