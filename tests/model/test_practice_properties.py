"""Properties of generated practices: visit mixes, templates and blocks hold on every day.

Over clinics with per-provider visit mixes, typed templates, blocks and behaviour factors
(see ``tests.strategies._practice``): no provider is ever booked, or sees, a visit type
their own mix rules out; template slots are booked as written; a block's slots carry only
its types; and changing one provider's mix leaves every other provider's patients the same people.
"""

from __future__ import annotations

import math

from hypothesis import assume, given
from hypothesis import strategies as st

from flowsim.model import PatientRecord, book, simulate
from flowsim.scenarios import ScenarioError, scenario_from_dict
from flowsim.scenarios.clock import clock_to_min
from flowsim.scenarios.schema import Scenario
from tests.strategies import scenarios

SEEDS = st.integers(0, 2**31 - 1)


def _sees(scenario: Scenario, provider: str, visit_type: str) -> bool:
    mix = scenario.providers[provider].visit_mix
    return mix is None or mix.get(visit_type, 0.0) > 0


@given(scenario=scenarios(practice=True), seed=SEEDS)
def test_no_provider_is_booked_or_sees_a_type_outside_their_mix(scenario: Scenario, seed: int) -> None:
    for slot in book(scenario, seed, 0):
        assert slot.visit_type == "" or _sees(scenario, slot.provider, slot.visit_type)
    log = simulate(scenario, seed, 0)
    visit_type = {p.patient_id: p.visit_type for p in log.patients}
    for p in log.patients:
        if p.provider:
            assert _sees(scenario, p.provider, p.visit_type)
    # whoever actually saw the patient as their provider (shared queues, least busy) too; a
    # colleague named in a step, or any_provider, helps with any visit type
    named_in: dict[str, set[str]] = {}  # step name -> colleagues named in it (in any pathway)
    for steps in scenario.pathways.values():
        for step in steps:
            if "provider" in step.needs:
                named_in.setdefault(step.name, set()).update(n for n in step.needs if n in scenario.providers)
    for e in log.events:
        own = e.step in named_in and e.resource_id not in named_in[e.step]
        if e.resource_id in scenario.providers and e.patient_id in visit_type and own:
            assert _sees(scenario, e.resource_id, visit_type[e.patient_id])


@given(scenario=scenarios(practice=True), seed=SEEDS)
def test_templates_and_blocks_are_booked_as_written(scenario: Scenario, seed: int) -> None:
    open_min = clock_to_min(scenario.clinic.open)
    slots = book(scenario, seed, 0)
    for name, provider in scenario.providers.items():
        schedule = provider.schedule or scenario.schedule
        own = [s for s in slots if s.provider == name]
        if schedule.template:
            written = sorted((clock_to_min(t.at) - open_min, t.visit_type) for t in schedule.template)
            extra = schedule.overbook_every is not None
            booked = [(s.time_min, s.visit_type) for s in own if s.status == "booked"]
            if not extra and schedule.reserve_every is None:
                assert booked == written
            assert {s.time_min for s in own} == {t for t, _ in written}
        for block in schedule.blocks:
            start, end = clock_to_min(block.from_) - open_min, clock_to_min(block.to) - open_min
            for s in own:
                if start <= s.time_min < end and s.status == "booked" and not schedule.template:
                    assert s.visit_type in block.visit_types


@given(scenario=scenarios(practice=True, walk_ins=False), seed=SEEDS, pick=st.integers(0, 2))
def test_changing_one_providers_mix_leaves_the_others_patients_alone(scenario: Scenario, seed: int, pick: int) -> None:
    names = list(scenario.providers)
    changed = names[pick % len(names)]
    data = scenario.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    only = next(iter(scenario.visit_types))
    data["providers"][changed]["visit_mix"] = {only: 1.0}
    try:
        redesign = scenario_from_dict(data)
    except ScenarioError:
        assume(False)  # the new mix clashes with a template, block or add-on mix: not this test's business
        raise
    before, after = simulate(scenario, seed, 0).patients, simulate(redesign, seed, 0).patients
    # who they are (not how their day went: they still share the desk and rooms with the changed book)
    assert _who(before, changed) == _who(after, changed)


def _who(patients: list[PatientRecord], changed: str) -> list[tuple[object, ...]]:
    """Kind, visit type, provider, appointment, arrival and no-show of everyone booked with another provider."""
    return [
        (
            p.kind,
            p.visit_type,
            p.provider,
            p.appointment_min,
            None if math.isnan(p.arrival_min) else p.arrival_min,
            p.outcome in ("no_show", "rebooked_late"),
        )
        for p in patients
        if p.provider and p.provider != changed
    ]
