"""``flowsim.fit``: from observed sheets to a fitted, back-validated scenario.

::

    import flowsim

    result = flowsim.fit(["march.xlsx"], base="scenarios/family_practice.yaml")
    result.scenario          # the fitted clinic, ready for redesigns
    result.fit_table()       # one row per parameter: family, interval, n, goodness of fit
    result.backtest          # observed vs simulated KPIs, with a verdict each
    result.write("our-clinic")   # scenario.yaml, fit.csv, backtest.csv, report.html
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from flowsim.calibrate import estimates as est
from flowsim.calibrate.assemble import assemble
from flowsim.calibrate.backtest import Backtest, backtest
from flowsim.calibrate.estimates import Estimate
from flowsim.calibrate.structure import from_base, inferred_base
from flowsim.observed import ColumnMap, ObservedSheet, load_mapping, read_observed
from flowsim.scenarios.clock import clock_to_min
from flowsim.scenarios.loader import load_scenario, scenario_from_dict
from flowsim.scenarios.schema import Scenario
from flowsim.scenarios.yaml_io import scenario_data

PathLike = str | os.PathLike[str]
FIT_COLUMNS = [
    "path",
    "what",
    "source",
    "family",
    "value",
    "estimate",
    "ci_low",
    "ci_high",
    "n",
    "aic",
    "ks_distance",
    "ks_p",
    "note",
]


@dataclass(frozen=True, eq=False)
class FitResult:
    """A scenario fitted to observed visits, and how well it reproduces them.

    Attributes
    ----------
    scenario
        The fitted clinic (valid; what the sheet could not identify comes from the base or is inferred).
    estimates
        Every fitted, kept or inferred value, at its scenario field path.
    observed
        The observed sheet as read (stopwatch sheet, preview, problems).
    backtest
        The fitted scenario simulated over many days and compared with the observed days.
    """

    scenario: Scenario
    estimates: tuple[Estimate, ...]
    observed: ObservedSheet
    backtest: Backtest

    def fit_table(self) -> pd.DataFrame:
        """One row per parameter (``fit.csv``)."""
        rows = [{name: getattr(e, name) for name in FIT_COLUMNS} for e in self.estimates]
        table = pd.DataFrame(rows, columns=FIT_COLUMNS)
        table["value"] = table["value"].map(_short_value)
        return table

    def write(self, out: PathLike, *, force: bool = False) -> Path:
        """Write ``scenario.yaml``, ``fit.csv``, ``backtest.csv`` and ``report.html`` into ``out``."""
        from flowsim.calibrate.outputs import write_fit

        return write_fit(self, Path(out), force=force)


def _short_value(value: object) -> str:
    if isinstance(value, dict) and value.get("dist") == "empirical":
        values = value["values"]
        return f"empirical ({len(values)} values, {min(values):g}-{max(values):g} min)"
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items() if v is not None)
    return "" if value is None else str(value)


def fit(
    sheets: PathLike | Sequence[PathLike],
    *,
    mapping: ColumnMap | PathLike | None = None,
    base: Scenario | PathLike | None = None,
    clinic_open: str | None = None,
    days: int = 100,
    seed: int = 1,
    workers: int | None = 1,
) -> FitResult:
    """Fit a scenario to observed sheets and back-validate it (SPEC §9).

    Parameters
    ----------
    sheets
        Observed sheets: CSV, .xlsx or parquet; EHR exports or stopwatch sheets.
    mapping
        A mapping file for headers and statuses the reader does not recognise.
    base
        The scenario that supplies what timestamps cannot (rooms, staff, sessions,
        pathways); without it a plain clinic is inferred and flagged.
    clinic_open
        Opening time ``HH:MM``; default: the base's, else inferred from the sheet.
    days
        Simulated days in the back-validation.
    seed, workers
        Seed and local worker processes of the back-validation.
    """
    column_map = load_mapping(Path(mapping)) if isinstance(mapping, (str, os.PathLike)) else mapping
    base_scenario = load_scenario(base) if isinstance(base, (str, os.PathLike)) else base
    opening = clinic_open or (column_map.clinic_open if column_map else None)
    if opening is None and base_scenario is not None:
        opening = base_scenario.clinic.open
    paths = [sheets] if isinstance(sheets, (str, os.PathLike)) else list(sheets)
    observed = read_observed([Path(p) for p in paths], mapping=column_map, clinic_open=opening)
    visits = _named(observed.visits)
    if base_scenario is not None:
        base_data, notes = scenario_data(base_scenario, full=True), list[Estimate]()
        label = base_scenario.name
    else:
        base_data, notes = inferred_base(visits, observed.clinic_open)
        label = "inferred (no --base)"
    estimates = _estimates(visits, observed, base_data)
    data, placed = assemble(base_data, visits, estimates, base_label=label)
    notes.append(_patience_note(visits, data, label))
    scenario = scenario_from_dict(data, "<fitted scenario>")
    result_backtest = backtest(
        scenario, visits, observed.milestones, observed.whole_minutes, days=days, seed=seed, workers=workers
    )
    return FitResult(scenario, _one_per_path([*placed, *notes]), observed, result_backtest)


def _patience_note(visits: pd.DataFrame, data: dict[str, Any], label: str) -> Estimate:
    """Patients who left unseen: counted and compared in the back-validation; patience itself is not fitted."""
    left = int((visits["outcome"] == "left_unseen").sum())
    patients = data.get("patients") or {}
    note = (
        f"{left} patient(s) left unseen: their step durations are not used (they never started the step) and "
        f"left_unseen is compared in backtest.csv; patience is not fitted, kept from {label}"
    )
    return from_base("patients.patience_min", "patience", patients.get("patience_min"), note)


def _one_per_path(estimates: list[Estimate]) -> tuple[Estimate, ...]:
    """One row per field path: fitted before inferred before kept from the base."""
    rank = {"fitted": 0, "inferred": 1, "base": 2}
    chosen: dict[str, Estimate] = {}
    for estimate in sorted(estimates, key=lambda e: rank.get(e.source, 3)):
        chosen.setdefault(estimate.path, estimate)
    return tuple(e for e in estimates if chosen[e.path] is e)


def _named(visits: pd.DataFrame) -> pd.DataFrame:
    """Visit types and providers as scenario names (a sheet without them has one of each)."""
    named = visits.copy()
    named["visit_type"] = named["visit_type"].replace("", "visit")
    return named


def _estimates(visits: pd.DataFrame, observed: ObservedSheet, base: dict[str, object]) -> list[Estimate]:
    whole = observed.whole_minutes
    clinic = base["clinic"]
    assert isinstance(clinic, dict)
    open_min, close_min = clock_to_min(clinic["open"]), clock_to_min(clinic["close"])
    providers = base["providers"]
    assert isinstance(providers, dict)
    names = list(providers)
    starts = {}
    for i, name in enumerate(p for p in dict.fromkeys(visits["provider"]) if p):
        template = providers[name] if name in providers else providers[names[i % len(names)]]  # as assemble does
        starts[name] = [float(clock_to_min(s["start"]) - open_min) for s in template["sessions"]]
    return [
        *est.no_show_rates(visits),
        *est.punctuality(visits, whole),
        *est.step_durations(visits, whole),
        *est.walk_in_rates(visits, open_min, close_min - open_min),
        *est.documentation(visits, whole),
        *est.start_lateness(visits, starts, whole),
    ]
