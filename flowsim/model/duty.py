"""Who is on duty, and which provider takes a walk-in.

Picture the front desk looking at the day's rota when a walk-in comes through the
door: a provider is *on duty* while one of her sessions has started (she came in,
late or not) and not yet ended, and she is not on a break. A walk-in assigned
``in_turn`` goes to the next provider on duty in turn; ``least_busy`` to the provider
on duty with the fewest patients waiting for or with her. When nobody is on duty (a
walk-in at 08:20 when every session starts at 09:00, or over lunch) the walk-in goes
to whoever comes on duty first. Only providers who see the walk-in's visit type (a share
above 0 in their own ``visit_mix``, or no mix of their own) take it.

The rules are small functions in :data:`WALK_IN_RULES`, keyed by the scenario's
``walk_ins.assign`` value.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

Window = tuple[float, float]  # (actual start, end) of a session, minutes from opening


class Duty:
    """The providers' on-duty state over the day.

    Parameters
    ----------
    windows
        Per provider, the sessions as (actual start, end): the start already includes
        that day's lateness. A session whose start is not before its end never happens.
    """

    def __init__(self, windows: Sequence[Sequence[Window]]) -> None:
        self.windows = [tuple((a, b) for a, b in w if a < b) for w in windows]
        self.break_until: list[float | None] = [None] * len(windows)  # end of the break in progress

    def on_duty(self, provider: int, now: float) -> bool:
        """Whether ``provider`` is in a started session and not on a break at ``now``."""
        if self.break_until[provider] is not None:
            return False
        return any(start <= now < end for start, end in self.windows[provider])

    def next_on_duty(self, provider: int, now: float) -> float:
        """The first time at or after ``now`` that ``provider`` is on duty (inf if never again)."""
        after = self.break_until[provider]
        t = now if after is None else max(now, after)
        return min((max(start, t) for start, end in self.windows[provider] if end > t), default=math.inf)


def _first_on_duty(duty: Duty, now: float, candidates: Sequence[int]) -> list[int]:
    """The candidates on duty now or, if none is, those who come on duty first (in the given order)."""
    on = [i for i in candidates if duty.on_duty(i, now)]
    if on:
        return on
    when = {i: duty.next_on_duty(i, now) for i in candidates}
    first = min(when.values(), default=math.inf)
    return [i for i in candidates if when[i] == first]


def in_turn(duty: Duty, now: float, busy: Sequence[int], turn: int, takers: Sequence[int] | None = None) -> int:
    """The next provider in turn (from index ``turn`` on, cyclically) among those on duty.

    ``takers``: the providers who see the walk-in's visit type (default: everyone).
    """
    n = len(busy)
    allowed = set(range(n) if takers is None else takers)
    order = [i for i in ((turn + k) % n for k in range(n)) if i in allowed]
    return _first_on_duty(duty, now, order)[0]


def least_busy(duty: Duty, now: float, busy: Sequence[int], turn: int, takers: Sequence[int] | None = None) -> int:
    """The provider on duty with the fewest patients waiting for or with her (lowest index on ties),
    among ``takers`` (the providers who see the walk-in's visit type; default: everyone)."""
    eligible = _first_on_duty(duty, now, range(len(busy)) if takers is None else takers)
    return min(eligible, key=lambda i: (busy[i], i))


WalkInRule = Callable[[Duty, float, Sequence[int], int, Sequence[int] | None], int]
WALK_IN_RULES: dict[str, WalkInRule] = {"in_turn": in_turn, "least_busy": least_busy}
"""Walk-in assignment decided at arrival:
``rule(duty, now, patients in care per provider, turn, takers) -> provider``."""
