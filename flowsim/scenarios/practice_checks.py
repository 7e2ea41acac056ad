"""Cross-field checks of a practice's structure: visit mixes, typed templates, blocks, factors.

Each check returns ``(dotted.field.path, message)`` problems, as
:mod:`flowsim.scenarios.references` does, so a manager sees every problem at once. The
rule they guard: a visit type a provider does not see (share 0 in their ``visit_mix``)
is never booked with them, whether by the book, a template, a block, a same-day add-on
or a walk-in.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from flowsim.scenarios.clock import clock_to_min
from flowsim.scenarios.room_policies import own_rooms_only

if TYPE_CHECKING:
    from flowsim.scenarios.schema import Provider, Scenario, Schedule

Problem = tuple[str, str]
SHARE_TOLERANCE = 1e-6


def provider_shares(scenario: Scenario, provider: Provider) -> dict[str, float]:
    """The visit-type shares of ``provider``'s book: their own ``visit_mix``, else the clinic's.

    Every visit type of the scenario is a key, in the order of ``visit_types``; a type left
    out of a provider's mix has share 0.
    """
    if provider.visit_mix is None:
        return {name: vt.share for name, vt in scenario.visit_types.items()}
    return {name: provider.visit_mix.get(name, 0.0) for name in scenario.visit_types}


def schedule_users(scenario: Scenario) -> list[tuple[str, Schedule, list[str]]]:
    """(field path, schedule, providers booked by it): the clinic's schedule and each provider's own."""
    clinic_users = [name for name, p in scenario.providers.items() if p.schedule is None]
    users = [("schedule", scenario.schedule, clinic_users)] if clinic_users else []
    users += [
        (f"providers.{name}.schedule", p.schedule, [name]) for name, p in scenario.providers.items() if p.schedule
    ]
    return users


def practice_problems(scenario: Scenario) -> list[Problem]:
    """Every problem of the visit mixes, templates, blocks and behaviour factors of ``scenario``."""
    problems = _mix_problems(scenario)
    if problems:  # the checks below read the mixes
        return problems
    for where, schedule, users in schedule_users(scenario):
        problems += _template_problems(scenario, where, schedule, users)
        problems += _block_problems(scenario, where, schedule, users)
    return [*problems, *_add_on_problems(scenario), *_walk_in_problems(scenario), *_factor_problems(scenario)]


def _unknown_types(scenario: Scenario, where: str, names: list[str]) -> list[Problem]:
    from flowsim.scenarios.references import unknown  # references imports this module

    return [
        (where, unknown(name, "visit type", scenario.visit_types)) for name in names if name not in scenario.visit_types
    ]


def _mix_problems(scenario: Scenario) -> list[Problem]:
    problems: list[Problem] = []
    for name, provider in scenario.providers.items():
        if provider.visit_mix is None:
            continue
        where = f"providers.{name}.visit_mix"
        problems += [
            (f"{where}.{vt}", message)
            for vt in provider.visit_mix
            for _, message in _unknown_types(scenario, where, [vt])
        ]
        total = sum(provider.visit_mix.values())
        if abs(total - 1.0) > SHARE_TOLERANCE:
            listed = ", ".join(f"{k}={v:g}" for k, v in provider.visit_mix.items())
            problems.append((where, f"shares must sum to 1, got {total:g} ({listed})"))
    return problems


def sees(provider: Provider, visit_type: str) -> bool:
    """Whether ``provider`` may be booked or take ``visit_type``: no own mix, or a share above 0 in it."""
    return provider.visit_mix is None or provider.visit_mix.get(visit_type, 0.0) > 0


def _sees_not(scenario: Scenario, provider: str, visit_type: str) -> str:
    """Why ``provider`` is never booked ``visit_type``, or an empty string if they may be.

    Only a provider's own ``visit_mix`` rules a type out: without one, the clinic's shares
    draw the book, and templates, add-ons and walk-ins may bring any visit type.
    """
    if sees(scenario.providers[provider], visit_type):
        return ""
    return f"{provider} is never booked {visit_type} (providers.{provider}.visit_mix gives it share 0)"


def _template_problems(scenario: Scenario, where: str, schedule: Schedule, users: list[str]) -> list[Problem]:
    problems: list[Problem] = []
    placed: list[tuple[int, int, int]] = []  # (start, end, index) of slots whose type exists
    for i, slot in enumerate(schedule.template):
        at = f"{where}.template.{i}"
        if slot.visit_type not in scenario.visit_types:
            problems += _unknown_types(scenario, f"{at}.visit_type", [slot.visit_type])
            continue
        start = clock_to_min(slot.at)
        end = start + scenario.visit_types[slot.visit_type].slot_min
        placed.append((start, int(-(-end // 1)), i))
        for user in users:
            why = _sees_not(scenario, user, slot.visit_type)
            if why:
                problems.append((f"{at}.visit_type", why))
            sessions = [(clock_to_min(s.start), clock_to_min(s.end)) for s in scenario.providers[user].sessions]
            if not any(s0 <= start and end <= s1 for s0, s1 in sessions):
                problems.append(
                    (f"{at}.at", f"a {slot.visit_type} slot at {slot.at} does not fit in {user}'s sessions")
                )
    for (_, a1, i), (b0, _, j) in itertools.pairwise(sorted(placed)):
        if b0 < a1:
            first = schedule.template[i]
            problems.append(
                (
                    f"{where}.template.{j}.at",
                    f"starts before the {first.visit_type} slot at {first.at} ends "
                    f"({scenario.visit_types[first.visit_type].slot_min:g} min): slots may not overlap",
                )
            )
    return problems


def _block_problems(scenario: Scenario, where: str, schedule: Schedule, users: list[str]) -> list[Problem]:
    problems: list[Problem] = []
    spans = sorted((clock_to_min(b.from_), clock_to_min(b.to), i) for i, b in enumerate(schedule.blocks))
    for (_, a1, i), (b0, _, j) in itertools.pairwise(spans):
        if b0 < a1:
            problems.append(
                (f"{where}.blocks.{j}", f"overlaps block {i} ({schedule.blocks[i].from_}-{schedule.blocks[i].to})")
            )
    for i, block in enumerate(schedule.blocks):
        at = f"{where}.blocks.{i}.visit_types"
        unknown = _unknown_types(scenario, at, block.visit_types)
        if unknown:
            problems += unknown
            continue
        b0, b1 = clock_to_min(block.from_), clock_to_min(block.to)
        for user in users:
            provider = scenario.providers[user]
            meets = any(clock_to_min(s.start) < b1 and b0 < clock_to_min(s.end) for s in provider.sessions)
            shares = provider_shares(scenario, provider)
            if meets and sum(shares[vt] for vt in block.visit_types) <= 0:
                problems.append((at, f"{user} is booked none of {', '.join(block.visit_types)} (all share 0)"))
    return problems


def _add_on_problems(scenario: Scenario) -> list[Problem]:
    """Same-day add-ons take the provider's mix restricted to the add-on mix: it may not be empty."""
    mix = scenario.same_day.visit_mix
    if mix is None or not all(name in scenario.visit_types for name in mix):
        return []
    problems: list[Problem] = []
    for where, schedule, users in schedule_users(scenario):
        if schedule.reserve_every is None or schedule.rule == "none" or scenario.same_day.fill_prob == 0:
            continue
        for user in users:
            own = scenario.providers[user].visit_mix
            if own is not None and sum(own.get(vt, 0.0) * share for vt, share in mix.items()) <= 0:
                problems.append(
                    (
                        "same_day.visit_mix",
                        f"{user} keeps slots for add-ons ({where}.reserve_every) but is booked none of "
                        f"{', '.join(mix)}",
                    )
                )
    return problems


def _walk_in_problems(scenario: Scenario) -> list[Problem]:
    """Each walk-in visit type needs a provider who sees it.

    A walk-in assigned to a named provider goes to her; ``in_turn``, ``least_busy`` and
    ``shared_queue`` walk-ins go only to providers who see their visit type. Under dedicated
    rooms a shared-queue walk-in is seen by the owner of the room they are given, whoever
    that is: there every provider must see every walk-in visit type.
    """
    walk_ins = scenario.walk_ins
    if walk_ins is None or (walk_ins.per_hour == 0 and not any(r.per_hour for r in walk_ins.rate_by_time)):
        return []
    named = walk_ins.assign in scenario.providers
    uses_rooms = any("exam_room" in step.needs for steps in scenario.pathways.values() for step in steps)
    room_decides = walk_ins.assign == "shared_queue" and own_rooms_only(scenario.exam_rooms.policy) and uses_rooms
    problems: list[Problem] = []
    for vt, share in walk_ins.visit_mix.items():
        if share <= 0 or vt not in scenario.visit_types:
            continue
        if named or room_decides:
            for taker in [walk_ins.assign] if named else list(scenario.providers):
                why = _sees_not(scenario, taker, vt)
                if why:
                    rule = "" if named else " (under dedicated rooms a shared-queue walk-in goes to the room's owner)"
                    problems.append(
                        (f"walk_ins.visit_mix.{vt}", f"{why}{rule}; assign walk-ins to a provider who sees {vt}")
                    )
        elif not any(sees(p, vt) for p in scenario.providers.values()):
            problems.append((f"walk_ins.visit_mix.{vt}", f"no provider sees {vt} (every visit_mix gives it share 0)"))
    return problems


def _factor_problems(scenario: Scenario) -> list[Problem]:
    """By-hour factors in time order; no visit type's no-show probability pushed above 1."""
    by_hour = scenario.patients.by_hour
    times = [clock_to_min(f.from_) for f in by_hour]
    if times != sorted(set(times)):
        return [("patients.by_hour", "list the changes in time order, one per clock time")]
    hour_factor = max([1.0, *(f.no_show_factor for f in by_hour)])
    problems: list[Problem] = []
    for name, provider in scenario.providers.items():
        for vt_name, vt in scenario.visit_types.items():
            highest = vt.no_show_prob * provider.no_show_factor * hour_factor
            if highest > 1 + SHARE_TOLERANCE:
                problems.append(
                    (
                        f"providers.{name}.no_show_factor" if provider.no_show_factor != 1 else "patients.by_hour",
                        f"{name}'s no_show_factor ({provider.no_show_factor:g}) times the largest by-hour factor "
                        f"({hour_factor:g}) makes {vt_name}'s no-show probability {highest:g}; probabilities stop at 1",
                    )
                )
                break
    return problems
