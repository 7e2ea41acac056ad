"""Headline sentences: a paired comparison said in words a manager trusts.

A comparison row says ``baseline_mean=24.1, redesign_mean=14.0, diff_ci_low=-11.3,
diff_ci_high=-8.9``. The manager reads "Average wait for the provider: 24 → 14 min,
−42% (95% interval −47% to −37%)". Minutes are shown as a percentage change of the
baseline; shares (utilisation, patients seen within 15 minutes) as a change in
percentage points, because "+20% of 55%" is a trap.

The percentage interval divides the paired difference's interval by the baseline mean,
treating the baseline mean as known: a close approximation when replications are many.

Verdicts say whether a difference matters: "no practical difference" when the whole
interval lies within a practical threshold (1 min, 2 percentage points), whether or not
it includes 0; otherwise "no clear difference" when it includes 0; "better" or "worse"
only when it excludes 0 and reaches beyond the threshold. Utilisation and counts are neither better nor worse
(busier providers can be good or bad): they are "higher" or "lower".
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from flowsim.results.catalogue import HEADLINE, Kpi, kpi, label

MINUS = "\u2212"
ARROW = "\u2192"

HEADLINE_KPIS: tuple[str, ...] = HEADLINE
"""The KPIs on the app's headline cards, most important first (the catalogue's headline order)."""


def kpi_label(name: str) -> Kpi:
    """The catalogue entry of ``name``; other columns get words by rule and count as neutral numbers."""
    try:
        return kpi(name)
    except KeyError:
        return Kpi(name, label(name), "minutes" if "_min" in name else "count", "neutral")


PRACTICAL_MIN = 1.0
"""Differences of minutes whose whole interval lies within ±1 min make no practical difference."""
PRACTICAL_POINTS = 2.0
"""Differences of shares whose whole interval lies within ±2 percentage points make no practical difference."""


def signed(value: float, digits: int = 0) -> str:
    """``+5``, ``−42`` (a real minus sign), ``0``."""
    text = f"{abs(value):.{digits}f}"
    if float(text) == 0:
        return text
    return ("+" if value > 0 else MINUS) + text


def _value(value: float, scale: str) -> str:
    if scale == "percent":
        return f"{value:.0f}%"
    return f"{value:.0f}" if abs(value) >= 10 or (scale != "minutes" and float(value).is_integer()) else f"{value:.1f}"


def headline_sentence(kpi: str, row: Mapping[str, float]) -> str:
    """One comparison row (``baseline_mean``, ``redesign_mean``, ``diff_ci_low``, ``diff_ci_high``) in words.

    Examples
    --------
    >>> headline_sentence("wait_for_provider_min_mean",
    ...     {"baseline_mean": 24.0, "redesign_mean": 14.0, "diff_ci_low": -11.3, "diff_ci_high": -8.9})
    'Average wait for the provider: 24 → 14 min, −42% (95% interval −47% to −37%)'
    """
    entry = kpi_label(kpi)
    base, new = float(row["baseline_mean"]), float(row["redesign_mean"])
    low, high = float(row["diff_ci_low"]), float(row["diff_ci_high"])
    unit_text = " min" if entry.scale == "minutes" else ""
    if math.isnan(base) or math.isnan(new):  # e.g. a wait when nobody was seen: there is nothing to compare
        shown = [f"{_value(v, entry.scale)}{unit_text}" if not math.isnan(v) else "nobody seen" for v in (base, new)]
        return f"{entry.label}: {shown[0]} {ARROW} {shown[1]} (no comparison possible)"
    head = f"{entry.label}: {_value(base, entry.scale)} {ARROW} {_value(new, entry.scale)}{unit_text}"
    if entry.scale == "percent":
        diff = new - base
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


def verdict(kpi: str, row: Mapping[str, float]) -> str:
    """What the difference means for the manager.

    "no practical difference" (the whole interval within ±1 min, or ±2 points for
    shares, whether or not it includes 0: whatever the difference is, it is too small
    to matter); else "no clear difference" (the interval includes 0 or is unknown);
    else "better" or "worse" for KPIs with a better direction, "higher" or "lower" for
    neutral ones (utilisation, counts).
    """
    entry = kpi_label(kpi)
    low, high = float(row["diff_ci_low"]), float(row["diff_ci_high"])
    if math.isnan(low) or math.isnan(high):
        return "no clear difference"
    threshold = {"minutes": PRACTICAL_MIN, "percent": PRACTICAL_POINTS}.get(entry.scale)
    if entry.better != "neutral" and threshold is not None and -threshold <= low and high <= threshold:
        return "no practical difference"
    if low <= 0 <= high:
        return "no clear difference"
    if entry.better == "neutral":
        return "lower" if high < 0 else "higher"
    return "better" if (high < 0) == (entry.better == "lower") else "worse"
