"""Tables tabulated a chunk of days at a time stack to the tables of all days at once, bit for bit."""

from __future__ import annotations

import itertools
from functools import cache
from typing import Any

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from flowsim.model import simulate
from flowsim.model.eventlog import DayLog
from flowsim.results import day_kpis, facts_by_scenario, log_tables
from flowsim.results.day import kpi_columns
from flowsim.results.stacking import stack_day_kpis, stack_tables
from flowsim.scenarios.schema import Scenario
from tests.experiment.clinics import tiny_mapping

REPS = 8
SEED = 3
EXTRA_STEPS = ("vitals", "history", "lab", "teach", "consult", "ecg", "checkout")


def long_pathway_clinic() -> Scenario:
    """Nine steps (numpy sums nine terms pairwise for one day but in sequence for many),
    other providers than the tiny clinic, and the shared steps first and in the same order."""
    data: dict[str, Any] = tiny_mapping("long_pathway", rooms=3)
    session = data["providers"]["dr_a"]
    data["providers"] = {"dr_c": session, "dr_d": session, "dr_e": session}
    data["staff"]["ma"]["count"] = 2
    step = {"duration_min": {"dist": "lognormal", "mean": 2, "cv": 0.5}, "needs": ["ma"]}
    data["pathways"]["visit"] += [{"name": name, **step} for name in EXTRA_STEPS]
    return Scenario.model_validate(data)


@cache
def days() -> tuple[tuple[Scenario, ...], tuple[tuple[str, int, DayLog], ...]]:
    scenarios = (Scenario.model_validate(tiny_mapping("tiny", rooms=1)), long_pathway_clinic())
    logs = tuple((s.name, rep, simulate(s, SEED, rep)) for s in scenarios for rep in range(REPS))
    return scenarios, logs


@settings(max_examples=8, deadline=None)
@given(sizes=st.lists(st.integers(1, REPS), min_size=1, max_size=5))
def test_day_kpis_of_chunks_stack_to_the_kpis_of_all_days_at_once(sizes: list[int]) -> None:
    scenarios, logs = days()
    facts = facts_by_scenario(scenarios)
    providers = {s.name: list(s.providers) for s in scenarios}
    one_pass_tables = log_tables(logs, providers=providers)
    one_pass = day_kpis(
        one_pass_tables.visits, one_pass_tables.events, facts, resource_events=one_pass_tables.resource_events
    )

    parts, visits, events = [], [], []
    for scenario in scenarios:
        own = [log for log in logs if log[0] == scenario.name]
        chunk_sizes, start = itertools.cycle(sizes), 0
        while start < len(own):
            size = next(chunk_sizes)
            chunk = log_tables(own[start : start + size], providers=providers)
            parts.append(
                day_kpis(
                    chunk.visits,
                    chunk.events,
                    {scenario.name: facts[scenario.name]},
                    resource_events=chunk.resource_events,
                )
            )
            visits.append(chunk.visits)
            events.append(chunk.events)
            start += size

    pd.testing.assert_frame_equal(stack_day_kpis(parts), one_pass, check_exact=True)
    # a redesign's extra step columns come last when stacked, in pathway order in one pass
    pd.testing.assert_frame_equal(stack_tables(visits), one_pass_tables.visits, check_exact=True, check_like=True)
    pd.testing.assert_frame_equal(stack_tables(events), one_pass_tables.events, check_exact=True)


def test_kpi_columns_are_the_columns_of_day_kpis() -> None:
    scenarios, logs = days()
    tables = log_tables(logs, providers={s.name: list(s.providers) for s in scenarios})
    kpis = day_kpis(tables.visits, tables.events, facts_by_scenario(scenarios), resource_events=tables.resource_events)
    steps = ["rooming", "exam", *EXTRA_STEPS]
    assert list(kpis.columns) == kpi_columns(steps, ["dr_a", "dr_b", "dr_c", "dr_d", "dr_e"], ["ma"])


def test_a_step_the_clinic_lacks_took_no_share_of_the_waiting() -> None:
    scenarios, logs = days()
    facts = facts_by_scenario(scenarios)
    parts = [log_tables([log for log in logs if log[0] == s.name]).kpis({s.name: facts[s.name]}) for s in scenarios]
    tiny = stack_day_kpis(parts).query("scenario == 'tiny'")
    waited = tiny["wait_share_rooming"].notna()
    assert waited.any()
    assert (tiny.loc[waited, [f"wait_share_{s}" for s in EXTRA_STEPS]] == 0.0).all().all()
    assert tiny["provider_utilisation_dr_c"].isna().all()
