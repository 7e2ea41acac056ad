"""Headline sentences: a paired comparison said in words a manager trusts.

A comparison row says ``baseline_mean=24.1, redesign_mean=14.0, diff_ci_low=-11.3,
diff_ci_high=-8.9``. The manager reads "Average wait for the provider: 24 → 14 min,
−42% (95% interval −47% to −37%)". Minutes are shown as a percentage change of the
baseline; shares (utilisation, patients seen within 15 minutes) as a change in
percentage points, because "+20% of 55%" is a trap.

The percentage interval divides the paired difference's interval by the baseline mean,
treating the baseline mean as known: a close approximation when replications are many.

Verdicts say whether a difference matters: "better" or "worse" only when the interval
excludes 0 and reaches beyond a practical threshold (1 min, 2 percentage points);
"no practical difference" when the whole interval lies within that threshold; "no clear
difference" when it includes 0. Utilisation and counts are neither better nor worse
(busier providers can be good or bad): they are "higher" or "lower".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from flowsim.viz.labels import is_share
from flowsim.viz.labels import kpi_label as chart_label

MINUS = "\u2212"
ARROW = "\u2192"


Better = Literal["lower", "higher", "neutral"]
PRACTICAL_MIN = 1.0
"""Differences of minutes whose whole interval lies within ±1 min make no practical difference."""
PRACTICAL_POINTS = 2.0
"""Differences of shares whose whole interval lies within ±2 percentage points make no practical difference."""


@dataclass(frozen=True)
class KpiLabel:
    """How to say a KPI: its words, its unit and which direction is better."""

    label: str
    unit: Literal["min", "share", "count"]
    better: Better = "lower"


KPI_LABELS: dict[str, KpiLabel] = {
    "wait_for_provider_min_mean": KpiLabel("Average wait for the provider", "min"),
    "wait_for_provider_min_p90": KpiLabel("Long waits for the provider (1 patient in 10 waits longer than)", "min"),
    "seen_within_15_pct": KpiLabel("Patients seen by the provider within 15 min", "share", better="higher"),
    "waiting_room_min_mean": KpiLabel("Average time in the waiting room", "min"),
    "time_in_clinic_min_mean": KpiLabel("Average time in the clinic", "min"),
    "clinic_overtime_min": KpiLabel("Clinic overtime (last patient leaves after closing)", "min"),
    "provider_overtime_min": KpiLabel("Provider overtime", "min"),
    "provider_utilisation": KpiLabel("Provider utilisation (busy share of session time)", "share", better="neutral"),
    "room_utilisation": KpiLabel("Exam-room utilisation", "share", better="neutral"),
    "waiting_room_max": KpiLabel("Most patients in the waiting room at once", "count", better="neutral"),
    "left_unseen": KpiLabel("Patients who left without being seen", "count"),
    "seen": KpiLabel("Patients seen", "count", better="neutral"),
}
"""Labels of the KPIs the app headlines, in the order shown (names as in ``kpis.csv``)."""

HEADLINE_KPIS = (
    "wait_for_provider_min_mean",
    "seen_within_15_pct",
    "wait_for_provider_min_p90",
    "clinic_overtime_min",
    "provider_utilisation",
)
"""The KPIs on the app's headline cards, most important first."""


def kpi_label(kpi: str) -> KpiLabel:
    """The label of ``kpi``; unknown KPIs get a readable label from their column name."""
    if kpi in KPI_LABELS:
        return KPI_LABELS[kpi]
    words = chart_label(kpi).removesuffix(" (min)").removesuffix(" (%)")
    unit: Literal["min", "share", "count"] = "min" if "_min" in kpi else "share" if is_share(kpi) else "count"
    better: Better = "lower" if unit == "min" else "neutral"  # waits: shorter is better; shares, counts: neither
    return KpiLabel(words, unit, better)


def signed(value: float, digits: int = 0) -> str:
    """``+5``, ``−42`` (a real minus sign), ``0``."""
    text = f"{abs(value):.{digits}f}"
    if float(text) == 0:
        return text
    return ("+" if value > 0 else MINUS) + text


def _value(value: float, unit: str) -> str:
    if unit == "share":
        return f"{_as_percent(value):.0f}%"
    return f"{value:.0f}" if abs(value) >= 10 or (unit == "count" and float(value).is_integer()) else f"{value:.1f}"


def _as_percent(share: float) -> float:
    """Shares may be stored as 0–1 fractions or 0–100 percentages; show both as percent."""
    return share * 100 if abs(share) <= 1.0 else share


def headline_sentence(kpi: str, row: Mapping[str, float]) -> str:
    """One comparison row (``baseline_mean``, ``redesign_mean``, ``diff_ci_low``, ``diff_ci_high``) in words.

    Examples
    --------
    >>> headline_sentence("wait_for_provider_min_mean",
    ...     {"baseline_mean": 24.0, "redesign_mean": 14.0, "diff_ci_low": -11.3, "diff_ci_high": -8.9})
    'Average wait for the provider: 24 → 14 min, −42% (95% interval −47% to −37%)'
    """
    label = kpi_label(kpi)
    base, new = float(row["baseline_mean"]), float(row["redesign_mean"])
    low, high = float(row["diff_ci_low"]), float(row["diff_ci_high"])
    unit_text = " min" if label.unit == "min" else ""
    if math.isnan(base) or math.isnan(new):  # e.g. a wait when nobody was seen: there is nothing to compare
        shown = [f"{_value(v, label.unit)}{unit_text}" if not math.isnan(v) else "nobody seen" for v in (base, new)]
        return f"{label.label}: {shown[0]} {ARROW} {shown[1]} (no comparison possible)"
    head = f"{label.label}: {_value(base, label.unit)} {ARROW} {_value(new, label.unit)}{unit_text}"
    if label.unit == "share":
        scale = 100.0 if max(abs(base), abs(new)) <= 1.0 else 1.0
        diff, low, high = (new - base) * scale, low * scale, high * scale
        digits = 1 if max(abs(diff), abs(low), abs(high)) < 5 else 0  # small changes need their decimal
        interval = f"{signed(low, digits)} to {signed(high, digits)} points"
        return f"{head}, {signed(diff, digits)} points (95% interval {interval})"
    if base == 0 or math.isnan(base):
        digits = 1
        interval = f"{signed(low, digits)} to {signed(high, digits)}{unit_text}"
        return f"{head}, {signed(new - base, digits)}{unit_text} (95% interval {interval})"
    if {"pct_change", "pct_ci_low", "pct_ci_high"} <= set(row):
        pct, pct_low, pct_high = (float(row[k]) for k in ("pct_change", "pct_ci_low", "pct_ci_high"))
    else:
        pct, pct_low, pct_high = (100 * x / base for x in (new - base, low, high))
    return f"{head}, {signed(pct)}% (95% interval {signed(pct_low)}% to {signed(pct_high)}%)"


def _scale(unit: str, row: Mapping[str, float]) -> float:
    """Factor that puts a difference in the unit its threshold is stated in (points for 0–1 shares)."""
    if unit != "share":
        return 1.0
    base, new = float(row.get("baseline_mean", math.nan)), float(row.get("redesign_mean", math.nan))
    return 100.0 if max(abs(base), abs(new)) <= 1.0 else 1.0  # NaN compares False: taken as percent


def verdict(kpi: str, row: Mapping[str, float]) -> str:
    """What the difference means for the manager.

    "no clear difference" (the interval includes 0 or is unknown); "no practical
    difference" (the whole interval within ±1 min, or ±2 points for shares);
    "better" or "worse" for KPIs with a better direction, "higher" or "lower" for
    neutral ones (utilisation, counts).
    """
    label = kpi_label(kpi)
    factor = _scale(label.unit, row)
    low, high = float(row["diff_ci_low"]) * factor, float(row["diff_ci_high"]) * factor
    if math.isnan(low) or math.isnan(high) or low <= 0 <= high:
        return "no clear difference"
    threshold = {"min": PRACTICAL_MIN, "share": PRACTICAL_POINTS}.get(label.unit)
    if label.better != "neutral" and threshold is not None and -threshold <= low and high <= threshold:
        return "no practical difference"
    if label.better == "neutral":
        return "lower" if high < 0 else "higher"
    return "better" if (high < 0) == (label.better == "lower") else "worse"
