"""The shared strategies generate what they promise: valid, small, varied scenarios."""

from __future__ import annotations

from hypothesis import given

from flowsim.scenarios.clock import clock_to_min
from flowsim.scenarios.distributions import Fixed
from flowsim.scenarios.schema import Scenario
from tests.strategies import scenarios


@given(scenarios())
def test_generated_scenarios_are_small_and_inside_opening_hours(scenario: Scenario) -> None:
    open_min, close_min = clock_to_min(scenario.clinic.open), clock_to_min(scenario.clinic.close)
    assert close_min - open_min <= 180
    assert 1 <= len(scenario.providers) <= 3
    for provider in scenario.providers.values():
        for session in provider.sessions:
            assert open_min <= clock_to_min(session.start) < clock_to_min(session.end) <= close_min


@given(scenarios(fixed_durations=True))
def test_fixed_durations_gives_only_fixed_step_times(scenario: Scenario) -> None:
    for steps in scenario.pathways.values():
        assert all(isinstance(step.duration_min, Fixed) for step in steps)


@given(scenarios())
def test_only_rooms_are_held_and_optional_steps_hold_nothing(scenario: Scenario) -> None:
    for steps in scenario.pathways.values():
        assert any("provider" in step.needs and step.probability == 1.0 for step in steps)
        for step in steps:
            assert set(step.hold) <= {"exam_room", "procedure"}
            if step.probability < 1.0:
                assert not step.hold and not step.release
