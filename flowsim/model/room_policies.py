"""The room-choosing rules: one small function per room policy, keyed by its name.

Picture the receptionist with the room board: a patient of Dr A needs a room; which free
room, if any, may they have? Each policy answers with a function
``choose(pool, provider, free) -> room number or None``. The names, and the words people
read, live in :data:`flowsim.scenarios.room_policies.ROOM_POLICIES`; a test checks both
lists name the same policies. A new policy is one function here and one entry there.

``provider`` is the patient's provider index, or ``NO_PROVIDER`` for a patient of the
shared queue who has none yet. ``free`` is never empty.
"""

from __future__ import annotations

from collections.abc import Callable, Set
from typing import NamedTuple, Protocol

from flowsim.model.entities import NO_PROVIDER


class Board(Protocol):
    """What a rule may read about the rooms of one type (see :class:`~flowsim.model.resources.RoomPool`)."""

    owned: list[tuple[int, ...]]  # room numbers of each provider, best first
    owners: dict[int, int]  # room number -> owning provider

    def on_duty(self, provider: int) -> bool:
        """Whether ``provider`` is working now."""


Chooser = Callable[[Board, int, Set[int]], "int | None"]


class RoomRule(NamedTuple):
    """A room policy as the engine runs it."""

    choose: Chooser
    decides_provider: bool  # a shared-queue patient given a room is seen by its owner


def _dedicated(board: Board, provider: int, free: Set[int]) -> int | None:
    """Only the provider's own rooms; a shared-queue patient takes an owned room, preferably
    of a provider at work (and its owner will see them)."""
    if provider == NO_PROVIDER:
        owned = [room for room in free if room in board.owners]
        working = [room for room in owned if board.on_duty(board.owners[room])]
        return min(working or owned, default=None)
    return _own_free(board, provider, free)


def _own_free(board: Board, provider: int, free: Set[int]) -> int | None:
    """The provider's first free own room, or None (a plain loop: this runs at every rooming)."""
    for room in board.owned[provider]:
        if room in free:
            return room
    return None


def _pooled(board: Board, provider: int, free: Set[int]) -> int | None:
    """Any free room: the lowest number."""
    return min(free)


def _flex(board: Board, provider: int, free: Set[int]) -> int | None:
    """The provider's own free room first, else any free room."""
    if provider != NO_PROVIDER:
        own = _own_free(board, provider, free)
        if own is not None:
            return own
    return min(free)


ROOM_RULES: dict[str, RoomRule] = {
    "dedicated": RoomRule(_dedicated, decides_provider=True),
    "pooled": RoomRule(_pooled, decides_provider=False),
    "flex": RoomRule(_flex, decides_provider=False),
}
"""Every room policy's rule by name (the same names as ``ROOM_POLICIES``)."""
