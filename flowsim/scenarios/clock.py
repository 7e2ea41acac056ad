"""Clock times ("08:30") in files; minutes from clinic open inside the engine."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def clock_to_min(clock: str) -> int:
    """Minutes after midnight of an ``HH:MM`` clock time."""
    match = _CLOCK.match(clock)
    if match is None:
        raise ValueError(f"expected a clock time HH:MM (e.g. 08:30), got {clock!r}")
    return int(match.group(1)) * 60 + int(match.group(2))


def min_to_clock(minutes_after_midnight: float) -> str:
    """``HH:MM`` for a number of minutes after midnight (rounded down to the minute)."""
    total = int(minutes_after_midnight // 1)
    return f"{total // 60:02d}:{total % 60:02d}"


def _check_clock(value: str) -> str:
    clock_to_min(value)
    return value


def _int_minutes_to_text(value: object) -> object:
    # YAML 1.1 reads an unquoted 08:30 as the sexagesimal integer 510; accept it.
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return min_to_clock(value)
    return value


ClockTime = Annotated[str, BeforeValidator(_int_minutes_to_text), AfterValidator(_check_clock)]
"""A clock time ``HH:MM`` on the clinic day."""
