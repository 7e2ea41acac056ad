"""The KPI catalogue: every number flowsim reports, with its words, unit and direction.

Picture the legend printed under the practice manager's stopwatch summary: one line per
number ("Average wait for the provider, minutes, lower is better"). This module is that
legend, and the only one: the CLI tables, the app, the figures and the reports read
their labels, units and headline order here, and the KPI tables lay out their columns
in catalogue order. Adding a KPI means adding its entry here and its computation (in
:mod:`flowsim.results.patient` or :mod:`flowsim.results.day`), nothing else.

Names are the column names of ``visits.parquet`` and ``kpis.csv``. Some are families
with a placeholder: ``{step}_wait_min`` is one KPI per pathway step,
``provider_utilisation_{provider}`` one per provider. Per-patient KPIs become day KPIs
twice, as ``<name>_mean`` and ``<name>_p90``. Shares are stored and shown in percent
(0-100), everywhere.

Examples
--------
>>> kpi("wait_for_provider_min_mean").label
'Average wait for the provider'
>>> format_value("provider_utilisation", 82.34)
'82%'
>>> label("rooming_wait_min_p90")
'Wait for rooming, 90th percentile'
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import groupby
from typing import Literal

Scale = Literal["minutes", "percent", "count", "people"]
"""What kind of number: minutes of time, a share in percent (0-100), a count of patients,
or an average number of people present."""
Better = Literal["lower", "higher", "neutral"]
Level = Literal["patient", "day"]
UNITS: Mapping[Scale, str] = {"minutes": "min", "percent": "%", "count": "patients", "people": "people"}
STATISTICS: Mapping[str, str] = {"_mean": "average", "_p90": "90th percentile"}
"""Suffixes of the day statistics of a per-patient KPI."""
PLACEHOLDER = re.compile(r"\{(step|provider|pool|room_type)\}")


@dataclass(frozen=True)
class Kpi:
    """One KPI (or one family of KPIs, when ``name`` holds a ``{placeholder}``).

    Attributes
    ----------
    name
        Column name, e.g. ``"wait_for_provider_min_mean"`` or ``"wait_share_{step}"``.
    label
        Plain words without the unit, e.g. ``"Average wait for the provider"``.
    scale
        ``minutes``, ``percent`` (0-100), ``count`` (patients) or ``people``.
    better
        Which direction is an improvement: ``lower``, ``higher`` or ``neutral``.
    short
        A few words for terminal tables and narrow columns.
    level
        ``patient`` (a column of the visits table) or ``day`` (a column of ``kpis.csv``).
    headline
        Position among the headline KPIs (0 first), or ``None``.
    description
        One sentence on how it is measured, for help texts.
    """

    name: str
    label: str
    scale: Scale
    better: Better
    short: str = ""
    level: Level = "day"
    headline: int | None = None
    description: str = ""

    @property
    def unit(self) -> str:
        """The unit written after a value: ``min``, ``%``, ``patients`` or ``people``."""
        return UNITS[self.scale]

    @property
    def title(self) -> str:
        """Label with its unit, for axes and column headers: ``"Average wait for the provider (min)"``."""
        return f"{self.label} ({self.unit})"


def _p(name: str, label: str, description: str, short: str) -> Kpi:
    return Kpi(name, label, "minutes", "lower", short, "patient", description=description)


PATIENT_ENTRIES: tuple[Kpi, ...] = (
    _p(
        "wait_for_provider_min",
        "wait for the provider",
        "start with the clinician the visit is booked with - max(arrival, appointment), >= 0 (walk-ins: - arrival). "
        "A nurse's own book: the wait for that nurse; time with a named colleague or any_provider before it is "
        "still waiting; a pathway that never needs the booked clinician counts to the first provider who sees them",
        "wait",
    ),
    _p(
        "door_to_provider_min",
        "door to provider",
        "provider start - door time (max(arrival, open))",
        "door to provider",
    ),
    _p("waiting_room_min", "time in the waiting room", "roomed - end of check-in (or door time)", "waiting room"),
    _p(
        "exam_room_wait_min",
        "wait in the exam room",
        "provider start - roomed (empty if the provider saw the patient before rooming)",
        "exam-room wait",
    ),
    _p("total_wait_min", "total waiting", "minutes queueing for any step", "total wait"),
    _p("time_in_clinic_min", "time in clinic", "departure - door time", "time in clinic"),
    _p("{step}_wait_min", "wait for {step}", "that step's start - joining its queue", "wait for {step}"),
)
"""Per-patient KPIs (columns of the visits table), in column order. Labels are lower case:
the day statistics put them in a phrase ("Average wait for the provider")."""

DAY_ENTRIES: tuple[Kpi, ...] = (
    Kpi("seen_within_15_pct", "Patients seen by the provider within 15 min", "percent", "higher", "seen within 15 min"),
    Kpi("booked", "Booked patients", "count", "neutral", "booked"),
    Kpi("same_day", "Same-day add-ons", "count", "neutral", "same-day"),
    Kpi("walk_ins", "Walk-ins", "count", "neutral", "walk-ins"),
    Kpi("no_shows", "No-shows", "count", "lower", "no-shows"),
    Kpi("seen", "Patients seen", "count", "neutral", "seen"),
    Kpi("rebooked_late", "Patients rebooked for arriving late", "count", "lower", "rebooked late"),
    Kpi("left_unseen", "Patients who left without being seen", "count", "lower", "left unseen"),
    Kpi(
        "waiting_at_results_until",
        "Patients still waiting at results_until",
        "count",
        "neutral",
        "still waiting",
        description="came by results_until, neither seen by the provider nor gone by then; "
        "left out of the means like those who left unseen (a column only when results_until is set)",
    ),
    Kpi("left_unseen_pct", "Left without being seen, of those who came", "percent", "lower", "left unseen %"),
    Kpi("rebooked_late_pct", "Rebooked for arriving late, of those who came", "percent", "lower", "rebooked %"),
    Kpi(
        "left_unseen_wait_min_mean",
        "Average wait before leaving unseen",
        "minutes",
        "neutral",
        "wait before leaving",
        description="minutes from max(door, appointment) to leaving, over the patients who left unseen",
    ),
    Kpi(
        "left_unseen_wait_min_p90",
        "Wait before leaving unseen, 90th percentile",
        "minutes",
        "neutral",
        "wait before leaving, p90",
        description="90th percentile of the minutes from max(door, appointment) to leaving unseen",
    ),
    Kpi(
        "provider_utilisation", "Provider utilisation (busy share of session time)", "percent", "neutral", "utilisation"
    ),
    Kpi("provider_idle_min", "Provider idle time", "minutes", "lower", "idle"),
    Kpi("provider_overtime_min", "Provider overtime", "minutes", "lower", "provider overtime"),
    Kpi(
        "provider_utilisation_{provider}",
        "Provider utilisation: {provider}",
        "percent",
        "neutral",
        "utilisation {provider}",
    ),
    Kpi("provider_idle_min_{provider}", "Provider idle time: {provider}", "minutes", "lower", "idle {provider}"),
    Kpi("provider_overtime_min_{provider}", "Provider overtime: {provider}", "minutes", "lower", "overtime {provider}"),
    Kpi("clinic_overtime_min", "Clinic overtime (last patient leaves after closing)", "minutes", "lower", "overtime"),
    Kpi("wait_share_{step}", "Share of waiting spent waiting for {step}", "percent", "neutral", "waiting for {step}"),
    Kpi("room_utilisation", "Exam-room utilisation", "percent", "neutral", "room utilisation"),
    Kpi(
        "room_utilisation_{room_type}",
        "Room utilisation: {room_type}",
        "percent",
        "neutral",
        "utilisation {room_type} rooms",
        description="occupied minutes (patients in the room plus turnover) ÷ (rooms of the type × opening minutes)",
    ),
    Kpi(
        "staff_utilisation_{pool}",
        "Staff utilisation: {pool}",
        "percent",
        "neutral",
        "utilisation {pool}",
        description="busy staff minutes ÷ on-duty staff minutes (following count_by_time) in opening hours",
    ),
    Kpi("waiting_room_mean", "People in the waiting room, average", "people", "lower", "waiting room, mean"),
    Kpi("waiting_room_max", "Most patients in the waiting room at once", "people", "neutral", "waiting room, peak"),
)
"""Day KPIs other than the statistics of per-patient KPIs, in ``kpis.csv`` column order."""

HEADLINE: tuple[str, ...] = (
    "wait_for_provider_min_mean",
    "seen_within_15_pct",
    "wait_for_provider_min_p90",
    "time_in_clinic_min_mean",
    "clinic_overtime_min",
    "provider_utilisation",
)
"""The headline KPIs, most important first (the app's cards, the CLI tables, the reports)."""


def _statistic(entry: Kpi, suffix: str) -> Kpi:
    """The day statistic ``<name><suffix>`` of a per-patient KPI."""
    if suffix == "_mean":
        words = f"Average {entry.label}"
    else:
        words = f"{entry.label[0].upper()}{entry.label[1:]}, {STATISTICS[suffix]}"
    short = f"{entry.short}, {'mean' if suffix == '_mean' else 'p90'}"
    return replace(entry, name=entry.name + suffix, label=words, short=short, level="day")


def _capitalised(entry: Kpi) -> Kpi:
    return replace(entry, label=entry.label[0].upper() + entry.label[1:])


def _with_headline(entries: Sequence[Kpi]) -> dict[str, Kpi]:
    order = {name: i for i, name in enumerate(HEADLINE)}
    return {e.name: replace(e, headline=order.get(e.name)) for e in entries}


KPIS: Mapping[str, Kpi] = _with_headline(
    [
        *(_capitalised(e) for e in PATIENT_ENTRIES),
        *(_statistic(e, suffix) for e in PATIENT_ENTRIES for suffix in STATISTICS),
        *DAY_ENTRIES,
    ]
)
"""Every KPI and KPI family by name: per-patient KPIs, then day KPIs in ``kpis.csv`` order."""


def _pattern(name: str) -> re.Pattern[str]:
    """``wait_share_{step}`` -> ``^wait_share_(?P<step>.+)$``."""
    parts = PLACEHOLDER.split(name)  # literal, placeholder, literal, ...
    body = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+)" for i, p in enumerate(parts))
    return re.compile(f"^{body}$")


_FAMILIES = [(_pattern(name), entry) for name, entry in KPIS.items() if PLACEHOLDER.search(name)]


ROLE_WORDS: Mapping[str, str] = {
    "physician": "physician",
    "np": "nurse practitioner",
    "pa": "physician assistant",
    "nurse": "nurse",
}
"""A provider's role (``providers.<p>.role``) in words, for labels."""


def provider_label(provider: str, role: str | None = None) -> str:
    """A provider with her role in words: ``"nurse_kim (nurse)"``; the name alone without a role."""
    return f"{provider} ({ROLE_WORDS.get(role, role)})" if role else provider


def kpi(name: str, roles: Mapping[str, str] | None = None) -> Kpi:
    """The catalogue entry of a KPI column, with a family's placeholder filled in.

    ``roles`` (provider -> role) adds the provider's role to per-provider labels:
    ``"Provider utilisation: nurse_kim (nurse)"``.

    Raises
    ------
    KeyError
        ``name`` is not a KPI column.
    """
    if name in KPIS:
        return KPIS[name]
    for pattern, entry in _FAMILIES:
        match = pattern.match(name)
        if match:
            ((key, value),) = match.groupdict().items()
            words = value.replace("_", " ") if key == "step" else value
            if key == "provider" and roles:
                words = provider_label(value, roles.get(value))
            fill = {key: words}
            return replace(entry, name=name, label=entry.label.format(**fill), short=entry.short.format(**fill))
    raise KeyError(f"{name!r} is not a KPI of the catalogue (flowsim.results.catalogue)")


def is_kpi(name: str) -> bool:
    """Whether ``name`` is a KPI column (of the visits table or of ``kpis.csv``)."""
    try:
        kpi(name)
    except KeyError:
        return False
    return True


def label(name: str) -> str:
    """The words for a KPI; other columns (a sweep's ``schedule.rule``) are turned into words by rule."""
    return kpi(name).label if is_kpi(name) else name.replace("_", " ").replace(".", " ").capitalize()


def title(name: str) -> str:
    """Label and unit, for an axis or a column header: ``"Average wait for the provider (min)"``."""
    return kpi(name).title if is_kpi(name) else label(name)


def is_percent(name: str) -> bool:
    """Whether ``name`` is a KPI measured in percent (0-100)."""
    return is_kpi(name) and kpi(name).scale == "percent"


def format_value(name: str, value: float, digits: int | None = None) -> str:
    """A value of KPI ``name`` with its unit: ``"24.1 min"``, ``"82%"``, ``"12 patients"``, ``"–"`` if missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    entry = kpi(name)
    if digits is None:
        digits = 0 if entry.scale == "percent" or (entry.scale == "count" and float(value).is_integer()) else 1
    number = f"{value:.{digits}f}"
    return f"{number}%" if entry.scale == "percent" else f"{number} {entry.unit}"


def headline_kpis(names: Sequence[str] | None = None) -> list[str]:
    """The headline KPIs in order; with ``names``, only those present among them."""
    return list(HEADLINE) if names is None else [k for k in HEADLINE if k in set(names)]


def expand(entries: Sequence[Kpi], values: Mapping[str, Sequence[str]]) -> list[str]:
    """Concrete column names of ``entries``, families filled in with ``values`` per placeholder.

    Consecutive entries of the same family expand together, value by value, so the
    per-provider columns of one provider stay side by side
    (``provider_utilisation_a, provider_idle_min_a, provider_utilisation_b, ...``).
    """
    names: list[str] = []
    for key, run in groupby(entries, key=lambda e: _placeholder(e.name)):
        block = list(run)
        if key is None:
            names.extend(e.name for e in block)
        else:
            names.extend(e.name.format(**{key: v}) for v in values.get(key, ()) for e in block)
    return names


def _placeholder(name: str) -> str | None:
    match = PLACEHOLDER.search(name)
    return match[1] if match else None


def patient_kpi_names(steps: Sequence[str]) -> list[str]:
    """The per-patient KPI columns for a pathway with these steps, in order."""
    return expand([KPIS[e.name] for e in PATIENT_ENTRIES], {"step": steps})


CENSORED_ONLY = ("waiting_at_results_until",)
"""Day KPIs that exist only for days censored at ``results_until``."""


def day_kpi_names(
    steps: Sequence[str],
    providers: Sequence[str],
    staff: Sequence[str] = (),
    censored: bool = False,
    room_types: Sequence[str] = (),
) -> list[str]:
    """The KPI columns of ``kpis.csv`` for these steps, providers, staff pools and room types
    (other than exam rooms), in order (with :data:`CENSORED_ONLY` when some day is censored
    at ``results_until``)."""
    statistics = [f"{name}{suffix}" for name in patient_kpi_names(steps) for suffix in STATISTICS]
    values = {"step": steps, "provider": providers, "pool": staff, "room_type": room_types}
    entries = [KPIS[e.name] for e in DAY_ENTRIES if censored or e.name not in CENSORED_ONLY]
    return [*statistics, *expand(entries, values)]
