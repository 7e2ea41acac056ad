"""The "Try a redesign" controls: what a manager would change, as scenario changes.

The app shows a handful of plain controls (rooms, providers, staff, schedule, patients).
:class:`RedesignControls` holds their values; :func:`controls_from_scenario` reads the
starting values off the baseline, :func:`control_problems` explains combinations that
cannot work (three dedicated rooms for four providers), and :func:`changes_from_controls`
turns the values into the dotted-path changes that ``flowsim.scenarios.with_changes``
applies and re-validates. Only what differs from the baseline becomes a change, so the
saved redesign file is a short, readable diff of the baseline.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from flowsim.app_pages.reshape import lateness_spec, offset_mean, shifted, with_mean
from flowsim.app_pages.visit_mix import mix_changes, mix_from_scenario, mix_problems
from flowsim.scenarios import ScenarioError, with_changes
from flowsim.scenarios.clock import clock_to_min
from flowsim.scenarios.room_policies import own_rooms_only
from flowsim.scenarios.samplers import distribution_mean
from flowsim.scenarios.schema import Scenario

STAFF_LABELS = {"front_desk": "Front desk", "ma": "Medical assistants"}


@dataclass(frozen=True)
class RedesignControls:
    """Values of the redesign controls (units in the names; 0 means "none" where noted)."""

    room_count: int
    room_policy: str
    turnover_mean_min: float  # 0: no cleaning time
    provider_count: int
    first_start: dict[str, str]  # provider -> HH:MM start of their first session
    lateness_mean_min: float  # average late start of every provider
    keep_breaks: bool
    staff_counts: dict[str, int]
    rule: str
    wave_size: int
    overbook_every: int  # 0: no overbooking
    reserve_every: int  # 0: no add-on slots
    slot_min: dict[str, float]
    no_show_pct: float  # average over the visit mix
    arrival_offset_min: float  # average arrival minus appointment (negative: early)
    add_on_fill_pct: float
    walk_ins_per_hour: float
    room_type_counts: dict[str, int] = field(default_factory=dict)  # rooms of each room type (procedure, ...)
    visit_mix_pct: dict[str, dict[str, float]] = field(default_factory=dict)  # provider -> type -> %; empty: as is


def _mix_mean(values: Mapping[str, float], scenario: Scenario) -> float:
    return sum(vt.share * values[name] for name, vt in scenario.visit_types.items())


def controls_from_scenario(scenario: Scenario) -> RedesignControls:
    """The controls' starting values: the baseline as it is."""
    providers = scenario.providers
    lateness = [distribution_mean(p.start_lateness_min) for p in providers.values()]
    turnover = scenario.exam_rooms.turnover_min
    return RedesignControls(
        room_count=scenario.exam_rooms.count,
        room_policy=scenario.exam_rooms.policy,
        turnover_mean_min=round(distribution_mean(turnover), 1) if turnover is not None else 0.0,
        provider_count=len(providers),
        first_start={name: p.sessions[0].start for name, p in providers.items()},
        lateness_mean_min=round(sum(lateness) / len(lateness), 1),
        keep_breaks=True,
        staff_counts={name: pool.count for name, pool in scenario.staff.items()},
        rule=scenario.schedule.rule,
        wave_size=scenario.schedule.wave_size,
        overbook_every=scenario.schedule.overbook_every or 0,
        reserve_every=scenario.schedule.reserve_every or 0,
        slot_min={name: vt.slot_min for name, vt in scenario.visit_types.items()},
        no_show_pct=round(100 * _mix_mean({k: v.no_show_prob for k, v in scenario.visit_types.items()}, scenario), 1),
        arrival_offset_min=round(
            _mix_mean({k: offset_mean(v.punctuality_min) for k, v in scenario.visit_types.items()}, scenario), 1
        ),
        add_on_fill_pct=round(100 * scenario.same_day.fill_prob, 1),
        walk_ins_per_hour=scenario.walk_ins.per_hour if scenario.walk_ins is not None else 0.0,
        room_type_counts={name: t.count for name, t in scenario.room_types.items()},
        visit_mix_pct=mix_from_scenario(scenario),
    )


def provider_names(baseline: Scenario, count: int) -> list[str]:
    """The first ``count`` providers of the baseline, then ``provider_5``, ``provider_6``, ... copies."""
    names = list(baseline.providers)[:count]
    number = len(names)
    while len(names) < count:
        number += 1
        candidate = f"provider_{number}"
        if candidate not in baseline.providers:
            names.append(candidate)
    return names


def _uses(baseline: Scenario, resource: str) -> bool:
    return any(resource in step.needs for steps in baseline.pathways.values() for step in steps)


def control_problems(baseline: Scenario, controls: RedesignControls) -> list[str]:
    """Combinations that cannot work, each explained in a sentence (empty when fine)."""
    problems: list[str] = []
    n = controls.provider_count
    if _uses(baseline, "exam_room") and controls.room_count < 1:
        problems.append("Patients are seen in exam rooms, so the clinic needs at least one room.")
    if own_rooms_only(controls.room_policy) and controls.room_count < n and _uses(baseline, "exam_room"):
        problems.append(
            f"With dedicated rooms every provider needs a room of their own: {controls.room_count} rooms for "
            f"{n} providers. Add rooms, or choose pooled or flex rooms."
        )
    problems += _room_type_problems(baseline, controls)
    for name, count in controls.staff_counts.items():
        if count < 1 and _uses(baseline, name):
            label = STAFF_LABELS.get(name, name.replace("_", " "))
            problems.append(f"{label}: patients need them on their way through the clinic, so keep at least one.")
    close = clock_to_min(baseline.clinic.close)
    for name, start in controls.first_start.items():
        if name in baseline.providers:
            first = baseline.providers[name].sessions[0]
            if clock_to_min(start) >= clock_to_min(first.end):
                problems.append(f"{name} would start at {start}, after their first session ends at {first.end}.")
        elif clock_to_min(start) >= close:
            problems.append(f"{name} would start at {start}, after the clinic closes.")
    if controls.rule == "wave" and controls.wave_size < 1:
        problems.append("A wave schedule books at least one patient per wave.")
    return [*problems, *mix_problems(controls.visit_mix_pct)]


def _room_type_problems(baseline: Scenario, controls: RedesignControls) -> list[str]:
    """The validator's own words for a room-type count that cannot work (none, or too few dedicated)."""
    problems: list[str] = []
    for name, count in controls.room_type_counts.items():
        if count == baseline.room_types[name].count:
            continue
        try:
            with_changes(baseline, {f"room_types.{name}.count": count})
        except ScenarioError as error:
            problems += [message for _, message in error.problems]
    return problems


def control_notes(baseline: Scenario, controls: RedesignControls) -> list[str]:
    """Combinations that work but may not do what the manager expects (empty when none)."""
    notes: list[str] = []
    n, rooms = controls.provider_count, controls.room_count
    explicit = _explicit_rooms(baseline) and rooms == baseline.exam_rooms.count and n == len(baseline.providers)
    if own_rooms_only(controls.room_policy) and rooms % n and not explicit and rooms >= n:
        extra = rooms % n
        notes.append(
            f"With dedicated rooms, {rooms} rooms for {n} providers: the first {extra} "
            f"provider{'s get' if extra > 1 else ' gets'} {rooms // n + 1} rooms, the others {rooms // n}."
        )
    return notes


def changes_from_controls(baseline: Scenario, controls: RedesignControls) -> dict[str, Any]:
    """Dotted-path changes (for ``with_changes``) that turn the baseline into the redesign."""
    start = controls_from_scenario(baseline)
    changes: dict[str, Any] = {}
    changes.update(_room_changes(baseline, start, controls))
    changes.update(_provider_changes(baseline, start, controls))
    changes.update({f"staff.{k}.count": v for k, v in controls.staff_counts.items() if v != start.staff_counts.get(k)})
    changes.update(_schedule_changes(start, controls))
    changes.update(_patient_changes(baseline, start, controls))
    names = provider_names(baseline, controls.provider_count)
    changes.update(mix_changes(start.visit_mix_pct, controls.visit_mix_pct, names))
    return changes


def _room_changes(baseline: Scenario, start: RedesignControls, controls: RedesignControls) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if controls.room_count != start.room_count:
        changes["exam_rooms.count"] = controls.room_count
    if controls.room_policy != start.room_policy:
        changes["exam_rooms.policy"] = controls.room_policy
    if not math.isclose(controls.turnover_mean_min, start.turnover_mean_min):
        changes["exam_rooms.turnover_min"] = with_mean(baseline.exam_rooms.turnover_min, controls.turnover_mean_min)
    for name, count in controls.room_type_counts.items():
        if count != start.room_type_counts.get(name):
            changes[f"room_types.{name}.count"] = count
    return changes


def _provider_changes(baseline: Scenario, start: RedesignControls, controls: RedesignControls) -> dict[str, Any]:
    """Providers are rewritten as a whole when any of their controls moved (adding or removing needs it)."""
    same_people = controls.provider_count == start.provider_count
    rooms_moved = controls.room_count != start.room_count
    if (
        same_people
        and controls.first_start == start.first_start
        and math.isclose(controls.lateness_mean_min, start.lateness_mean_min)
        and controls.keep_breaks
        and not (rooms_moved and _explicit_rooms(baseline))
    ):
        return {}
    names = provider_names(baseline, controls.provider_count)
    template = list(baseline.providers.values())[-1]
    providers: dict[str, Any] = {}
    for name in names:
        provider = baseline.providers.get(name, template)
        spec = provider.model_dump(mode="json", by_alias=True, exclude_none=True)
        spec["sessions"][0]["start"] = controls.first_start.get(name, spec["sessions"][0]["start"])
        if not math.isclose(controls.lateness_mean_min, start.lateness_mean_min):
            spec["start_lateness_min"] = lateness_spec(provider.start_lateness_min, controls.lateness_mean_min)
        if not controls.keep_breaks:
            spec["breaks"] = []
        if not same_people or rooms_moved:
            spec.pop("rooms", None)  # split the rooms evenly among the new team
        providers[name] = spec
    return {"providers": providers}


def _explicit_rooms(baseline: Scenario) -> bool:
    return any(p.rooms is not None for p in baseline.providers.values())


def _schedule_changes(start: RedesignControls, controls: RedesignControls) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if controls.rule != start.rule:
        changes["schedule.rule"] = controls.rule
    if controls.wave_size != start.wave_size:
        changes["schedule.wave_size"] = controls.wave_size
    if controls.overbook_every != start.overbook_every:
        changes["schedule.overbook_every"] = controls.overbook_every or None
    if controls.reserve_every != start.reserve_every:
        changes["schedule.reserve_every"] = controls.reserve_every or None
    for name, slot in controls.slot_min.items():
        if not math.isclose(slot, start.slot_min[name]):
            changes[f"visit_types.{name}.slot_min"] = slot
    return changes


def _patient_changes(baseline: Scenario, start: RedesignControls, controls: RedesignControls) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    types = baseline.visit_types
    if not math.isclose(controls.no_show_pct, start.no_show_pct):
        current = _mix_mean({k: v.no_show_prob for k, v in types.items()}, baseline)
        target = controls.no_show_pct / 100
        for name, vt in types.items():
            prob = vt.no_show_prob * target / current if current > 0 else target
            changes[f"visit_types.{name}.no_show_prob"] = round(min(prob, 1.0), 6)
    if not math.isclose(controls.arrival_offset_min, start.arrival_offset_min):
        current = _mix_mean({k: offset_mean(v.punctuality_min) for k, v in types.items()}, baseline)
        delta = controls.arrival_offset_min - current
        for name, vt in types.items():
            changes[f"visit_types.{name}.punctuality_min"] = shifted(vt.punctuality_min, delta)
    if not math.isclose(controls.add_on_fill_pct, start.add_on_fill_pct):
        changes["same_day.fill_prob"] = controls.add_on_fill_pct / 100
    if not math.isclose(controls.walk_ins_per_hour, start.walk_ins_per_hour):
        if baseline.walk_ins is None:
            mix = {name: vt.share for name, vt in types.items()}
            changes["walk_ins"] = {"per_hour": controls.walk_ins_per_hour, "visit_mix": mix}
        else:
            changes["walk_ins.per_hour"] = controls.walk_ins_per_hour
    return changes


def field_help(model: type[BaseModel], name: str) -> str | None:
    """The schema's description of a field: the one source of the app's tooltips."""
    info = model.model_fields.get(name)
    return info.description if info is not None else None


def name_problems(baseline: Scenario, name: str) -> list[str]:
    """Why ``name`` cannot label a redesign (it labels the tables and charts), or nothing."""
    if not name.strip():
        return ["Give the redesign a name: it labels the tables and charts."]
    if name.strip() == baseline.name:
        return [f"'{name}' is your clinic's name: give the redesign a name of its own."]
    return []
