"""Plain-language names for the columns a clinic manager sees on a chart.

A KPI column such as ``wait_for_provider_min_p90`` means little on an axis; its label
"Wait for the provider, 90th percentile (min)" says what was measured and in which unit.
Names not listed here are turned into words by rule, so a new KPI still gets a readable label.
"""

from __future__ import annotations

_BASE_LABELS: dict[str, str] = {
    "wait_for_provider_min": "Wait for the provider (min)",
    "door_to_provider_min": "Door to provider (min)",
    "waiting_room_min": "Time in the waiting room (min)",
    "exam_room_wait_min": "Wait in the exam room (min)",
    "total_wait_min": "Total waiting (min)",
    "time_in_clinic_min": "Time in clinic (min)",
    "seen_within_15_pct": "Seen within 15 min (%)",
    "provider_utilisation": "Provider utilisation",
    "provider_idle_min": "Provider idle time (min)",
    "provider_overtime_min": "Provider overtime (min)",
    "clinic_overtime_min": "Clinic overtime (min)",
    "room_utilisation": "Exam-room utilisation",
    "waiting_room_mean": "People in the waiting room, average",
    "waiting_room_max": "People in the waiting room, peak",
    "left_unseen": "Patients who left unseen",
    "no_shows": "No-shows",
    "seen": "Patients seen",
}

_STATISTICS: dict[str, str] = {"_mean": "average", "_p90": "90th percentile", "_max": "peak"}


def kpi_label(kpi: str) -> str:
    """A readable label for a KPI or table column.

    Parameters
    ----------
    kpi
        Column name, e.g. ``"wait_for_provider_min_mean"``.

    Returns
    -------
    str
        E.g. ``"Wait for the provider, average (min)"``.
    """
    if kpi in _BASE_LABELS:
        return _BASE_LABELS[kpi]
    for suffix, statistic in _STATISTICS.items():
        base = kpi.removesuffix(suffix)
        if base != kpi and base.endswith("_min"):
            words = kpi_label(base).removesuffix(" (min)")
            return f"{words}, {statistic} (min)"
    for base in ("provider_utilisation", "provider_idle_min", "provider_overtime_min"):
        if kpi.startswith(base + "_"):  # per-provider columns: provider_utilisation_dr_lee
            return f"{kpi_label(base)}: {kpi.removeprefix(base + '_')}"
    if kpi.startswith("wait_share_"):
        return f"Share of waiting spent waiting for {kpi.removeprefix('wait_share_').replace('_', ' ')}"
    if kpi.endswith("_min"):
        return kpi.removesuffix("_min").replace("_", " ").capitalize() + " (min)"
    return kpi.replace("_", " ").replace(".", " ").capitalize()  # also a sweep's varied field: schedule.rule


def is_share(kpi: str) -> bool:
    """Whether a KPI is a share between 0 and 1 (shown as a percentage)."""
    return "utilisation" in kpi or kpi.startswith("wait_share_")
