"""The room policies by name: what each means, in one line, and whether it uses owned rooms.

A room policy is the rule that picks a free room of one type (the exam rooms, or a room
type such as ``procedure``) for a patient. This module is the one list of the policies'
*names and words*: the scenario schema accepts exactly these names, and the app and the
report describe them with these words. The rules themselves are small functions in the
engine (``flowsim.model.room_policies``), keyed by the same names; a test checks the two
key sets are equal, so adding a policy means one entry here and one function there.
"""

from __future__ import annotations

from typing import NamedTuple


class RoomPolicy(NamedTuple):
    """What a room policy is, for people and for validation."""

    description: str  # one plain line: what happens under this policy
    choice: str  # a short label for a list to choose from
    uses_owners: bool  # rooms belong to providers (providers.<p>.rooms or an even split)
    own_rooms_only: bool  # a provider sees patients only in her own rooms (so each needs one)


ROOM_POLICIES: dict[str, RoomPolicy] = {
    "dedicated": RoomPolicy("each provider uses only their own rooms", "Own rooms only", True, True),
    "pooled": RoomPolicy("any provider can use any free room", "Any free room", False, False),
    "flex": RoomPolicy(
        "providers use their own rooms first, then any free room", "Own rooms first, then any", True, False
    ),
}
"""Every room policy by name, in the order they are offered."""

EXAM_ROOM = "exam_room"
"""The built-in room type: the exam rooms of ``exam_rooms`` (resource ids ``room_<n>``)."""


def room_policy(value: str) -> str:
    """``value`` if it names a room policy (the check behind every ``policy`` field)."""
    if value not in ROOM_POLICIES:
        allowed = ", ".join(ROOM_POLICIES)
        raise ValueError(f"unknown room policy {value!r}; allowed: {allowed}")
    return value


def own_rooms_only(policy: str) -> bool:
    """Whether under ``policy`` each provider sees patients only in her own rooms (dedicated)."""
    return ROOM_POLICIES[policy].own_rooms_only


def room_id(room_type: str, number: int) -> str:
    """The resource id of room ``number`` (1-based) of ``room_type``: ``room_3`` for exam
    room 3 (as always), ``procedure_1`` for the first room of type ``procedure``."""
    return f"room_{number}" if room_type == EXAM_ROOM else f"{room_type}_{number}"
