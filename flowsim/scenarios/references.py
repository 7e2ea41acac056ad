"""Cross-field checks of a scenario: names that must exist, shares that must add up.

pydantic checks each field on its own; these checks need the whole scenario (a step
needs a staff pool defined elsewhere, dedicated rooms must fit in the room count).
Each problem is returned as ``(dotted.field.path, message)`` so that the user sees
every problem at once, each pointing at the field to fix.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING

from flowsim.scenarios.clock import clock_to_min
from flowsim.scenarios.people import ANY_PROVIDER, expand, people_needs, people_problems
from flowsim.scenarios.practice_checks import practice_problems
from flowsim.scenarios.room_checks import room_type_problems
from flowsim.scenarios.room_policies import own_rooms_only

if TYPE_CHECKING:
    from flowsim.scenarios.schema import Scenario

Problem = tuple[str, str]
SHARE_TOLERANCE = 1e-6
RESERVED_STEP_NAMES = ("documentation", "turnover", "off", "break")
RESERVED_NEEDS = ("provider", "any_provider", "exam_room")
"""Needs that resolve per patient (a provider called ``provider`` is still needed as ``provider``)."""
"""Step names the event log uses for provider and room activity outside pathways."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def unknown(word: str, what: str, choices: Iterable[str]) -> str:
    """``unknown <what> '<word>' (did you mean ...); known: ...``."""
    options = sorted(choices)
    return f"unknown {what} '{word}'{did_you_mean(word, options)}; known: {', '.join(options) or 'none'}"


def reference_problems(scenario: Scenario) -> list[Problem]:
    """Every cross-reference problem of ``scenario`` (empty when it is consistent)."""
    return [
        *_share_problems("visit_types", {k: v.share for k, v in scenario.visit_types.items()}),
        *_visit_type_problems(scenario),
        *_pathway_problems(scenario),
        *_waiting_cycle_problems(scenario),
        *_provider_problems(scenario),
        *people_problems(scenario),
        *_room_problems(scenario),
        *room_type_problems(scenario),
        *_staff_problems(scenario),
        *_arrival_problems(scenario),
        *_opening_hours_problems(scenario),
        *practice_problems(scenario),
    ]


def _share_problems(path: str, shares: Mapping[str, float]) -> list[Problem]:
    total = sum(shares.values())
    if abs(total - 1.0) > SHARE_TOLERANCE:
        listed = ", ".join(f"{k}={v:g}" for k, v in shares.items())
        return [(path, f"shares must sum to 1, got {total:g} ({listed})")]
    return []


def _visit_type_problems(scenario: Scenario) -> list[Problem]:
    return [
        (f"visit_types.{name}.pathway", unknown(vt.pathway, "pathway", scenario.pathways))
        for name, vt in scenario.visit_types.items()
        if vt.pathway not in scenario.pathways
    ]


def _pathway_problems(scenario: Scenario) -> list[Problem]:
    known = {*RESERVED_NEEDS, *scenario.staff, *scenario.providers, *scenario.room_types}
    problems: list[Problem] = []
    for name, steps in scenario.pathways.items():
        if not steps:
            problems.append((f"pathways.{name}", "a pathway needs at least one step"))
        held: set[str] = set()
        seen_steps: set[str] = set()
        for i, step in enumerate(steps):
            where = f"pathways.{name}.{i}"
            if step.name in RESERVED_STEP_NAMES:
                problems.append(
                    (f"{where}.name", f"'{step.name}' is reserved for provider and room activity; choose another name")
                )
            if step.name in seen_steps:
                problems.append((f"{where}.name", f"step name '{step.name}' is used twice in this pathway"))
            seen_steps.add(step.name)
            for resource in step.needs:
                if resource not in known:
                    problems.append((f"{where}.needs", unknown(resource, "resource", known)))
            for resource in step.hold:
                if resource not in step.needs:
                    problems.append((f"{where}.hold", f"'{resource}' is held but not in this step's needs"))
            for resource in step.release:
                if resource not in held:
                    problems.append((f"{where}.release", f"'{resource}' is released but not held by an earlier step"))
            held = (held - set(step.release)) | set(step.hold)
    return problems


def seize_order(needs: Iterable[str], room_types: Collection[str] = (), providers: Iterable[str] = ()) -> list[str]:
    """The order a step's resources are seized in: rooms (the exam room, then ``room_types``
    in alphabetical order), staff pools as listed, then people.

    People are ``provider``, named ``providers`` (as listed) and, last, ``any_provider``.
    One order for the whole clinic: patients who ask in the same order cannot each hold
    what the other waits for. (The engine seizes in this order, and a step's people by the
    providers' order in the file; see :func:`_waiting_cycle_problems` for what a patient
    keeps from an earlier step.)
    """
    named = set(providers)

    def rank(need: str) -> tuple[int, str]:
        if need == "exam_room":
            return 0, ""
        if need in room_types:
            return 1, need
        if need == ANY_PROVIDER:
            return 4, ""
        return (3, "") if need == "provider" or need in named else (2, "")

    return sorted(dict.fromkeys(needs), key=rank)


WaitEdge = tuple[str, int, str]  # (pathway, step index, step name) where the holder waits


def _waiting_cycle_problems(scenario: Scenario) -> list[Problem]:
    """Refuse pathways whose patients could hold what each other waits for, forever.

    Draw an arrow from resource A to resource B wherever a patient holds A (kept from an
    earlier step, or seized first in this step) while waiting for B. Patients can then
    only deadlock if the arrows make a cycle, e.g. a pathway holding the MA while it
    waits for a room, and another holding a room while it waits for the MA. The day would
    end with both still waiting (and counted as left unseen), so such pathways are refused.
    """
    waits: dict[str, dict[str, WaitEdge]] = {}
    providers = list(scenario.providers)
    named = bool(people_needs(scenario))
    rank = {name: i for i, name in enumerate(providers)}
    for name, steps in scenario.pathways.items():
        held: set[str] = set()
        for index, step in enumerate(steps):
            kept_before = {x for need in held for x in expand(need, providers, named)}
            this_step: set[str] = set()
            for need in seize_order(step.needs, scenario.room_types, providers):
                if need in held:
                    continue
                for target in expand(need, providers, named):
                    # people of one step are seized in the providers' order (any_provider last)
                    earlier = {
                        x
                        for x in this_step
                        if need == ANY_PROVIDER or x not in rank or target not in rank or rank[x] < rank[target]
                    }
                    for kept in sorted((kept_before | earlier) - {target}):
                        waits.setdefault(kept, {}).setdefault(target, (name, index, step.name))
                this_step.update(expand(need, providers, named))
            freed = [need for need in step.needs if need not in step.hold] + list(step.release)
            held = (held | set(step.needs)) - set(freed)
    cycle = _a_cycle(waits)
    if cycle is None:
        return []
    links = list(zip(cycle, cycle[1:] + cycle[:1], strict=True))
    said = [
        f"pathway '{waits[a][b][0]}' holds '{a}' while it waits for '{b}' (step '{waits[a][b][2]}')" for a, b in links
    ]
    # point at a step that waits against the seize order (holds the MA, waits for a room), if one does
    against = [(a, b) for a, b in links if seize_order([a, b], scenario.room_types, providers) == [b, a]]
    a, b = (against or links)[0]
    pathway, index, _ = waits[a][b]
    return [
        (
            f"pathways.{pathway}.{index}.needs",
            "patients could wait for each other forever: "
            + ", and ".join(said)
            + "; ask for resources in the same order in every pathway (a step seizes exam_room, then other "
            "room types, then staff, then provider), or release one before asking for the other",
        )
    ]


def _a_cycle(arrows: Mapping[str, Mapping[str, object]]) -> list[str] | None:
    """One cycle of the directed graph ``arrows`` (node -> successors), or None."""
    done: set[str] = set()
    for start in sorted(arrows):
        found = _cycle_from(start, arrows, [], done)
        if found is not None:
            return found
    return None


def _cycle_from(
    node: str, arrows: Mapping[str, Mapping[str, object]], path: list[str], done: set[str]
) -> list[str] | None:
    """Depth first from ``node`` at the end of ``path``: the cycle that leads back onto the path, if any."""
    if node in path:
        return path[path.index(node) :]
    if node in done:
        return None
    path.append(node)
    for successor in sorted(arrows.get(node, {})):
        found = _cycle_from(successor, arrows, path, done)
        if found is not None:
            return found
    path.pop()
    done.add(node)
    return None


def _overlaps(intervals: list[tuple[int, int]]) -> bool:
    ordered = sorted(intervals)
    return any(later[0] < earlier[1] for earlier, later in itertools.pairwise(ordered))


def _provider_problems(scenario: Scenario) -> list[Problem]:
    problems: list[Problem] = []
    open_min, close_min = clock_to_min(scenario.clinic.open), clock_to_min(scenario.clinic.close)
    for name, provider in scenario.providers.items():
        where = f"providers.{name}"
        spans = [(clock_to_min(s.start), clock_to_min(s.end)) for s in provider.sessions]
        if _overlaps(spans):
            problems.append((f"{where}.sessions", "sessions overlap"))
        if any(start < open_min or end > close_min for start, end in spans):
            hours = f"{scenario.clinic.open}-{scenario.clinic.close}"
            problems.append((f"{where}.sessions", f"sessions must lie within opening hours {hours}"))
        for j, brk in enumerate(provider.breaks):
            b0, b1 = clock_to_min(brk.start), clock_to_min(brk.end)
            if not any(s0 <= b0 and b1 <= s1 for s0, s1 in spans):
                problems.append((f"{where}.breaks.{j}", f"break {brk.start}-{brk.end} is not inside a session"))
    return problems


def _room_problems(scenario: Scenario) -> list[Problem]:
    rooms = scenario.exam_rooms
    explicit = [p.rooms is not None for p in scenario.providers.values()]
    if any(explicit) and not all(explicit):
        return [("providers", "give rooms for every provider or for none (then rooms are split evenly)")]
    problems: list[Problem] = []
    owner: dict[int, str] = {}
    for name, provider in scenario.providers.items():
        for number in provider.rooms or []:
            if not 1 <= number <= rooms.count:
                problems.append(
                    (f"providers.{name}.rooms", f"room {number} does not exist: exam_rooms.count is {rooms.count}")
                )
            elif number in owner:
                problems.append((f"providers.{name}.rooms", f"room {number} is already owned by {owner[number]}"))
            else:
                owner[number] = name
    uses_rooms = any("exam_room" in step.needs for steps in scenario.pathways.values() for step in steps)
    if uses_rooms and rooms.count == 0:
        problems.append(("exam_rooms.count", "a pathway needs exam_room but there are no exam rooms"))
    elif uses_rooms and own_rooms_only(rooms.policy) and not problems:
        for name, owned in scenario.provider_rooms().items():
            if not owned:
                problems.append(
                    (f"providers.{name}.rooms", "with dedicated rooms every provider needs at least one room")
                )
    return problems


def _staff_problems(scenario: Scenario) -> list[Problem]:
    problems: list[Problem] = []
    for name, pool in scenario.staff.items():
        times = [clock_to_min(c.from_) for c in pool.count_by_time]
        if times != sorted(times):
            problems.append((f"staff.{name}.count_by_time", "changes must be listed in time order"))
    return problems


def _arrival_problems(scenario: Scenario) -> list[Problem]:
    problems: list[Problem] = []
    mixes = [("same_day.visit_mix", scenario.same_day.visit_mix)]
    walk_ins = scenario.walk_ins
    if walk_ins is not None:
        mixes.append(("walk_ins.visit_mix", walk_ins.visit_mix))
        valid = {"in_turn", "least_busy", "shared_queue", *scenario.providers}
        if walk_ins.assign not in valid:
            problems.append(("walk_ins.assign", unknown(walk_ins.assign, "assignment rule or provider", valid)))
        times = [clock_to_min(r.from_) for r in walk_ins.rate_by_time]
        if times != sorted(times):
            problems.append(("walk_ins.rate_by_time", "changes must be listed in time order"))
    for path, mix in mixes:
        if mix is None:
            continue
        problems.extend(_share_problems(path, mix))
        problems.extend(
            (f"{path}.{name}", unknown(name, "visit type", scenario.visit_types))
            for name in mix
            if name not in scenario.visit_types
        )
    return problems


def _opening_hours_problems(scenario: Scenario) -> list[Problem]:
    """Appointment times and the walk-in cut-off inside opening hours (open up to close)."""
    open_min, close_min = clock_to_min(scenario.clinic.open), clock_to_min(scenario.clinic.close)
    hours = f"opening hours {scenario.clinic.open}-{scenario.clinic.close}"
    schedules = [("schedule", scenario.schedule)]
    schedules += [(f"providers.{name}.schedule", p.schedule) for name, p in scenario.providers.items() if p.schedule]
    problems: list[Problem] = []
    for where, schedule in schedules:
        outside = [t for t in schedule.custom_times if not open_min <= clock_to_min(t) < close_min]
        if outside:
            problems.append((f"{where}.custom_times", f"{', '.join(outside)} outside {hours}"))
    until = scenario.walk_ins.until if scenario.walk_ins is not None else None
    if until is not None and not open_min <= clock_to_min(until) <= close_min:
        problems.append(("walk_ins.until", f"{until} is outside {hours}"))
    return problems
