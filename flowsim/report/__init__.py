"""Everything the office manager's app says and offers, as plain library functions.

The Streamlit page (``flowsim/app.py``) only lays widgets out; what they mean lives
here, so it can be tested without a browser and reused by anyone: the clinic in plain
words, headline sentences with their intervals, the comparison run, and the
one-page summary a manager can forward.
"""

from __future__ import annotations

from flowsim.report.changes import scenario_differences
from flowsim.report.compare import (
    day_events,
    default_reps,
    default_workers,
    open_app_runner,
    run_comparison,
    stopwatch_sheet,
)
from flowsim.report.explain import explanations
from flowsim.report.headline import HEADLINE_KPIS, headline_sentence, kpi_label, verdict
from flowsim.report.motion import day_in_motion, motion_stages, simulated_day_in_motion
from flowsim.report.pathway_map import pathway_table, resource_counts
from flowsim.report.summary import key_differences, summary_html
from flowsim.report.tables import book_table
from flowsim.report.today import clinic_today
from flowsim.report.views import ComparisonFiles, comparison_figures, comparison_files
from flowsim.report.waits import StepPlace, bottleneck_sentence, step_places, wait_by_place
from flowsim.report.words import (
    POLICY_CHOICES,
    RULE_CHOICES,
    describe_scenario,
    lane_words,
    provider_words,
    step_words,
)

__all__ = [
    "HEADLINE_KPIS",
    "POLICY_CHOICES",
    "RULE_CHOICES",
    "ComparisonFiles",
    "StepPlace",
    "book_table",
    "bottleneck_sentence",
    "clinic_today",
    "comparison_figures",
    "comparison_files",
    "day_events",
    "day_in_motion",
    "default_reps",
    "default_workers",
    "describe_scenario",
    "explanations",
    "headline_sentence",
    "key_differences",
    "kpi_label",
    "lane_words",
    "motion_stages",
    "open_app_runner",
    "pathway_table",
    "provider_words",
    "resource_counts",
    "run_comparison",
    "scenario_differences",
    "simulated_day_in_motion",
    "step_places",
    "step_words",
    "stopwatch_sheet",
    "summary_html",
    "verdict",
    "wait_by_place",
]
