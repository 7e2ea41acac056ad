"""Properties of generated clinics whose steps need people: named colleagues, any provider, two at once.

Over clinics from ``tests.strategies`` (a triage step may need ``any_provider``, an exam a
named colleague besides the patient's own provider): a step needing a named provider is
served by her and nobody else; a step needing several people holds every one of them from
its start to its end; a provider never serves two patients at once; everyone is accounted for.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from hypothesis import given
from hypothesis import strategies as st

from flowsim.model import DayLog, simulate
from flowsim.scenarios.schema import Scenario
from tests.strategies import scenarios

SEEDS = st.integers(0, 2**31 - 1)


def _people_steps(scenario: Scenario) -> dict[tuple[str, str], set[str]]:
    """(pathway, step) -> the people it names: named providers, any_provider, provider (the own)."""
    return {
        (name, step.name): {n for n in step.needs if n in scenario.providers or n in ("provider", "any_provider")}
        for name, steps in scenario.pathways.items()
        for step in steps
    }


def _spans(log: DayLog, providers: set[str]) -> dict[tuple[int, str], list[tuple[str, float, float]]]:
    """(patient, step) -> (provider, seized at, released at) of each provider the step held."""
    seized: dict[tuple[int, str, str], float] = {}
    spans: dict[tuple[int, str], list[tuple[str, float, float]]] = defaultdict(list)
    for e in log.events:
        if e.resource_id not in providers or e.patient_id < 0:
            continue
        if e.event == "seize":
            seized[(e.patient_id, e.step, e.resource_id)] = e.time_min
        elif e.event == "release" and (e.patient_id, e.step, e.resource_id) in seized:
            start = seized.pop((e.patient_id, e.step, e.resource_id))
            spans[(e.patient_id, e.step)].append((e.resource_id, start, e.time_min))
    return spans


@given(scenario=scenarios(), seed=SEEDS)
def test_people_steps_are_served_by_whom_they_name_and_hold_everyone_throughout(scenario: Scenario, seed: int) -> None:
    log = simulate(scenario, seed, 0)
    providers = set(scenario.providers)
    own = {p.patient_id: p.provider for p in log.patients}
    pathway = {p.patient_id: scenario.visit_types[p.visit_type].pathway for p in log.patients}
    people = _people_steps(scenario)
    stamps: dict[tuple[int, str], dict[str, float]] = defaultdict(dict)
    for e in log.events:
        if e.event in ("start", "end") and e.patient_id >= 0:
            stamps[(e.patient_id, e.step)].setdefault(e.event, e.time_min)
    for (pid, step), held in _spans(log, providers).items():
        whom = {name for name, _, _ in held}
        needs = people[(pathway[pid], step)]
        named = needs & providers
        # a named colleague serves the step herself; the own provider is the patient's own
        assert named <= whom
        assert whom <= named | {own[pid]} | (providers if "any_provider" in needs else set())
        started = stamps[(pid, step)]
        if "start" in started and "end" in started:
            for _, seized_at, released_at in held:  # everyone of the step is held from its start to its end
                assert seized_at <= started["start"] and released_at >= started["end"]
    busy: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for held in _spans(log, providers).values():
        for name, a, b in held:
            busy[name].append((a, b))
    for intervals in busy.values():  # one patient at a time per provider
        intervals.sort()
        for (_, end), (start, _) in itertools.pairwise(intervals):
            assert start >= end - 1e-9
    assert {p.outcome for p in log.patients} <= {"seen", "no_show", "rebooked_late", "left_unseen"}
