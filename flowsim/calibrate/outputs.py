"""The fit's folder: ``scenario.yaml``, ``fit.csv``, ``backtest.csv`` and ``report.html`` (SPEC §9).

The folder appears complete or not at all, like a run folder, and holds no identifier:
the observed sheet's patient columns were dropped when it was read, and only counts,
estimates and per-day or per-step summaries are written (file names of the sheets are
left out too, as they sometimes carry a patient's name).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from flowsim.calibrate.commented import commented_yaml
from flowsim.calibrate.estimates import Estimate
from flowsim.results.csv_cells import to_safe_csv
from flowsim.results.folders import check_destination, staging_folder, swap_into_place
from flowsim.results.output import CSV_FLOAT_FORMAT
from flowsim.scenarios.yaml_io import scenario_data

if TYPE_CHECKING:
    from flowsim.calibrate.fitting import FitResult


def _number(x: float) -> str:
    return f"{x:.3g}" if abs(x) < 100 else f"{x:.0f}"


def comment(estimate: Estimate) -> str:
    """The YAML comment of one value: where it came from, its n and 95% interval."""
    if estimate.source == "base":
        return f"from base: {estimate.note}"
    if estimate.source == "inferred":
        return f"inferred, please check: {estimate.note}"
    interval = (
        f" (95% CI {_number(estimate.ci_low)} to {_number(estimate.ci_high)})"
        if math.isfinite(estimate.ci_low) and math.isfinite(estimate.ci_high)
        else ""
    )
    text = f"fitted: n={estimate.n}, {_number(estimate.estimate)}{interval}, {estimate.family}"
    if math.isfinite(estimate.ks_p):
        text += f", KS p={estimate.ks_p:.2g}"
    return text


def scenario_yaml(result: FitResult) -> str:
    """The fitted scenario as YAML, each fitted value commented with its n and interval."""
    observed = result.observed
    header = (
        f"{result.scenario.name}: fitted by flowsim fit to {len(observed.days)} observed day(s), "
        f"{len(observed.visits)} visits.\n"
        "Comments say where each value comes from: 'fitted' (with n and a 95% interval),\n"
        "'from base' (the --base scenario) or 'inferred' (a guess the timestamps cannot check: please check it).\n"
        "fit.csv lists every value; backtest.csv and report.html compare this clinic with the observed days."
    )
    comments: dict[str, str] = {}
    for estimate in result.estimates:
        comments.setdefault(estimate.path, comment(estimate))
    return commented_yaml(scenario_data(result.scenario), comments, header)


def write_fit(result: FitResult, out: Path, *, force: bool = False) -> Path:
    """Write the fit's four files into ``out`` (refused if non-empty unless ``force``); the folder's path."""
    destination = check_destination(out, force)
    staging = staging_folder(destination)
    try:
        (staging / "scenario.yaml").write_text(scenario_yaml(result), encoding="utf-8")
        to_safe_csv(result.fit_table(), staging / "fit.csv", float_format=CSV_FLOAT_FORMAT)
        to_safe_csv(result.backtest.table, staging / "backtest.csv", float_format=CSV_FLOAT_FORMAT)
        from flowsim.calibrate.report import report_html

        (staging / "report.html").write_text(report_html(result), encoding="utf-8")
        swap_into_place(staging, destination, force)
    except BaseException:
        import shutil

        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out
