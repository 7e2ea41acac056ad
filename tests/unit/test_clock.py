"""Clock times in files, minutes inside the engine."""

from __future__ import annotations

import pytest
import yaml
from pydantic import TypeAdapter, ValidationError

from flowsim.scenarios.clock import ClockTime, clock_to_min, min_to_clock

CLOCK = TypeAdapter(ClockTime)


@pytest.mark.parametrize(("text", "minutes"), [("08:00", 480), ("8:05", 485), ("13:30", 810), ("00:00", 0)])
def test_clock_to_min(text: str, minutes: int) -> None:
    assert clock_to_min(text) == minutes
    assert clock_to_min(min_to_clock(minutes)) == minutes


@pytest.mark.parametrize("bad", ["24:00", "8h", "08:60", "", "noon"])
def test_bad_clock_refused(bad: str) -> None:
    with pytest.raises(ValidationError, match="HH:MM"):
        CLOCK.validate_python(bad)


def test_unquoted_yaml_time_read_as_sexagesimal_is_accepted() -> None:
    # YAML 1.1 reads an unquoted 13:00 as the integer 780; a manager should not need quotes.
    assert CLOCK.validate_python(yaml.safe_load("t: 13:00")["t"]) == "13:00"
