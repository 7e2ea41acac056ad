"""Clock times in files, minutes inside the engine."""

from __future__ import annotations

import pytest
import yaml
from pydantic import TypeAdapter, ValidationError

from flowsim.scenarios.clock import ClockTime, clock_to_min, min_to_clock

CLOCK = TypeAdapter(ClockTime)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("08:00", 480), ("8:05", 485), ("13:30", 810), ("00:00", 0), ("24:00", 1440), ("25:30", 1530), ("47:59", 2879)],
)
def test_clock_to_min(text: str, minutes: int) -> None:
    assert clock_to_min(text) == minutes
    assert clock_to_min(min_to_clock(minutes)) == minutes


@pytest.mark.parametrize("bad", ["48:00", "8h", "08:60", "", "noon", "-1:00", "100:00"])
def test_bad_clock_refused(bad: str) -> None:
    with pytest.raises(ValidationError, match="HH:MM"):
        CLOCK.validate_python(bad)


def test_unquoted_yaml_time_read_as_sexagesimal_is_accepted() -> None:
    # YAML 1.1 reads an unquoted 13:00 as the integer 780; a manager should not need quotes.
    assert CLOCK.validate_python(yaml.safe_load("t: 13:00")["t"]) == "13:00"


def test_unquoted_yaml_time_past_midnight_is_accepted() -> None:
    # an unquoted 25:00 is the sexagesimal 1500: one in the morning after the clinic day began
    assert CLOCK.validate_python(yaml.safe_load("t: 25:00")["t"]) == "25:00"


def test_times_past_midnight_print_as_they_are_written() -> None:
    assert min_to_clock(24 * 60 + 75) == "25:15"
