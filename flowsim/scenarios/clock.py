"""Clock times ("08:30") in files; minutes from clinic open inside the engine.

A day may run past midnight (an urgent-care centre open 08:00-01:00): clock times go on
counting after 23:59, so ``25:00`` is one in the morning of the next day, up to ``47:59``.
Times are printed the same way, so a time read back is the time written.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

_CLOCK = re.compile(r"^([0-3]?\d|4[0-7]):([0-5]\d)$")
LAST_HOUR = 47  # a day ends by 47:59, the next day's 23:59


def clock_to_min(clock: str) -> int:
    """Minutes after midnight of an ``HH:MM`` clock time."""
    match = _CLOCK.match(clock)
    if match is None:
        raise ValueError(
            f"expected a clock time HH:MM (e.g. 08:30; past midnight 25:00, up to {LAST_HOUR}:59), got {clock!r}"
        )
    return int(match.group(1)) * 60 + int(match.group(2))


def min_to_clock(minutes_after_midnight: float) -> str:
    """``HH:MM`` for a number of minutes after midnight (rounded down; past midnight ``25:00``)."""
    total = int(minutes_after_midnight // 1)
    return f"{total // 60:02d}:{total % 60:02d}"


def _check_clock(value: str) -> str:
    clock_to_min(value)
    return value


def _int_minutes_to_text(value: object) -> object:
    # YAML 1.1 reads an unquoted 08:30 as the sexagesimal integer 510; accept it.
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < (LAST_HOUR + 1) * 60:
        return min_to_clock(value)
    return value


ClockTime = Annotated[str, BeforeValidator(_int_minutes_to_text), AfterValidator(_check_clock)]
"""A clock time ``HH:MM`` on the clinic day (``25:00`` is 01:00 after midnight)."""
