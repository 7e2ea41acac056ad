"""Cross-field checks of ``room_types``: names that must not clash, rooms that must exist.

A room type is a resource a step names in ``needs``, so its name must not be taken by a
provider, a staff pool or a built-in word, and its rooms' resource ids (``procedure_1``
...) must not be the id of something else. A step needing a type with no rooms under a
pathway some patient walks would make that patient wait forever, and dedicated rooms
need an owner for every provider; both are refused with the field to fix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flowsim.scenarios.practice_checks import provider_shares, schedule_users
from flowsim.scenarios.room_policies import EXAM_ROOM, own_rooms_only, room_id

if TYPE_CHECKING:
    from flowsim.scenarios.schema import Scenario

Problem = tuple[str, str]
RESERVED_ROOM_TYPE_NAMES = ("provider", "any_provider", EXAM_ROOM, "room")
"""Names a room type may not take: built-in resources, and ``room`` (exam rooms' ids are ``room_<n>``)."""


def visit_types_in_use(scenario: Scenario) -> set[str]:
    """Visit types some patient may have: a positive share in any mix, or a typed slot."""
    used = {name for name, vt in scenario.visit_types.items() if vt.share > 0}
    for provider in scenario.providers.values():
        used |= {name for name, share in provider_shares(scenario, provider).items() if share > 0}
    mixes = [scenario.same_day.visit_mix, scenario.walk_ins.visit_mix if scenario.walk_ins else None]
    used |= {name for mix in mixes if mix for name, share in mix.items() if share > 0}
    for _, schedule, _ in schedule_users(scenario):
        used |= {slot.visit_type for slot in schedule.template}
    return used


def room_type_problems(scenario: Scenario) -> list[Problem]:
    """Every problem of ``scenario.room_types`` (empty when they are consistent)."""
    problems: list[Problem] = []
    taken = {**dict.fromkeys(scenario.providers, "a provider"), **dict.fromkeys(scenario.staff, "a staff pool")}
    for name, room_type in scenario.room_types.items():
        where = f"room_types.{name}"
        if name in RESERVED_ROOM_TYPE_NAMES:
            problems.append((where, f"'{name}' is a built-in name; choose another name for this room type"))
            continue
        if name in taken:
            problems.append((where, f"'{name}' is already {taken[name]}; choose another name for this room type"))
            continue
        clashes = [room_id(name, n) for n in range(1, room_type.count + 1) if room_id(name, n) in taken]
        if clashes:
            problems.append((where, f"room '{clashes[0]}' would share its name with {taken[clashes[0]]}"))
    if problems:
        return problems
    needed = _needed_by(scenario)
    for name, room_type in scenario.room_types.items():
        where = f"room_types.{name}"
        if name not in needed:
            continue
        pathway, visit_type = needed[name]
        if room_type.count == 0:
            problems.append(
                (
                    f"{where}.count",
                    f"pathway '{pathway}' (visit type '{visit_type}') needs a {name} room but the count is 0",
                )
            )
        elif own_rooms_only(room_type.policy) and room_type.count < len(scenario.providers):
            without = [p for p, rooms in scenario.room_type_owners(name).items() if not rooms]
            problems.append(
                (
                    f"{where}.policy",
                    f"with dedicated {name} rooms every provider needs one of their own, but {room_type.count} "
                    f"room(s) leave {', '.join(without)} without; add rooms or choose pooled or flex",
                )
            )
    return problems


def _needed_by(scenario: Scenario) -> dict[str, tuple[str, str]]:
    """Room type -> (a pathway needing it, a visit type in use walking that pathway)."""
    in_use = visit_types_in_use(scenario)
    needed: dict[str, tuple[str, str]] = {}
    for visit_type, vt in scenario.visit_types.items():
        if visit_type not in in_use:
            continue
        for step in scenario.pathways.get(vt.pathway, []):
            for need in step.needs:
                if need in scenario.room_types:
                    needed.setdefault(need, (vt.pathway, visit_type))
    return needed
