"""What the Compare page shows and offers for one finished comparison, built once.

Figures and download files depend only on the comparison's result, so the app builds
them together, once per result, and keeps them with it (rebuilding five figures and a
parquet file on every click would make every widget feel slow).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from flowsim import viz
from flowsim.experiment import Experiment
from flowsim.report.summary import summary_html
from flowsim.report.waits import wait_by_place
from flowsim.results.csv_cells import to_safe_csv

FOREST_KPIS = ("wait_for_provider_min_mean", "clinic_overtime_min")


@dataclass(frozen=True)
class ComparisonFiles:
    """The downloads of a comparison: the forwardable summary and the result tables."""

    summary_html: str
    comparison_csv: str
    kpis_csv: str
    visits_parquet: bytes


def comparison_files(experiment: Experiment) -> ComparisonFiles:
    """The one-page summary, the paired comparison and per-day KPIs (CSV), and the stopwatch sheets (parquet)."""
    comparison = experiment.comparison
    if comparison is None:
        raise ValueError("a comparison needs a baseline and at least one redesign")
    parquet = io.BytesIO()
    experiment.visits.to_parquet(parquet, index=False)
    page = summary_html(experiment.scenarios[0], experiment.scenarios[1:], comparison, experiment.seed, experiment.reps,
                        summary=experiment.summary)  # fmt: skip
    return ComparisonFiles(
        summary_html=page,
        comparison_csv=to_safe_csv(comparison),
        kpis_csv=to_safe_csv(experiment.kpis),
        visits_parquet=parquet.getvalue(),
    )


def comparison_figures(experiment: Experiment) -> dict[str, Any]:
    """Wait distributions, forest plot, waiting-room occupancy and the wait/overtime trade-off (plotly figures)."""
    comparison = experiment.comparison
    if comparison is None:
        raise ValueError("a comparison needs a baseline and at least one redesign")
    open_clock = experiment.scenarios[0].clinic.open
    kpis = [k for k in FOREST_KPIS if k in set(comparison["kpi"])]
    return {
        "places": viz.wait_by_place(wait_by_place(experiment.summary, list(experiment.scenarios))),
        "waits": viz.wait_distribution(experiment.visits),
        "forest": viz.forest_plot(comparison, kpis=kpis),
        "occupancy": viz.waiting_room_occupancy(experiment.visits, open_clock=open_clock),
        "tradeoff": viz.tradeoff(experiment.summary),
    }
