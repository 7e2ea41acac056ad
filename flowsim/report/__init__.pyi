from .changes import scenario_differences
from .compare import (
    day_events,
    default_reps,
    default_workers,
    open_app_runner,
    run_comparison,
    stopwatch_sheet,
)
from .explain import explanations
from .headline import HEADLINE_KPIS, headline_sentence, kpi_label, verdict
from .motion import day_in_motion, motion_stages, simulated_day_in_motion
from .pathway_map import pathway_steps, pathway_table, resource_counts
from .summary import key_differences, summary_html
from .tables import book_table
from .today import clinic_today
from .views import ComparisonFiles, comparison_figures, comparison_files
from .waits import StepPlace, bottleneck_sentence, step_places, wait_by_place
from .words import (
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
    "pathway_steps",
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
