"""The "visit mix per provider" controls: which visit types each provider is booked, in percent.

A manager redesigning who sees what (the NP takes new patients too; Dr Brooks stops doing
physicals) edits one row per provider: the share of each visit type in that provider's
book. A provider without a mix of her own starts from the clinic's shares. Only rows that
changed become ``providers.<p>.visit_mix`` changes, so the saved redesign stays a short diff.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from flowsim import report
from flowsim.app_pages.text import as_text
from flowsim.results.catalogue import provider_label
from flowsim.scenarios.practice_checks import provider_shares
from flowsim.scenarios.schema import Provider, Scenario

Mix = dict[str, dict[str, float]]  # provider -> visit type -> percent of her book


def mix_from_scenario(scenario: Scenario) -> Mix:
    """Each provider's book in percent: her own visit_mix, else the clinic's shares."""
    return {
        name: {vt: round(100 * share, 2) for vt, share in provider_shares(scenario, p).items()}
        for name, p in scenario.providers.items()
    }


def mix_problems(mix: Mix) -> list[str]:
    """Rows that do not add up to 100%."""
    problems = []
    for name, shares in mix.items():
        total = sum(shares.values())
        if not math.isclose(total, 100.0, abs_tol=0.1):
            problems.append(f"The visit mix of {report.provider_words(name)} adds up to {total:g}%: make it 100%.")
    return problems


def mix_changes(start: Mix, chosen: Mix, providers: Sequence[str]) -> dict[str, Any]:
    """``providers.<p>.visit_mix`` changes for the rows that moved (of providers still in the redesign)."""
    changes: dict[str, Any] = {}
    for name in providers:
        if name not in start or name not in chosen:
            continue
        if any(not math.isclose(chosen[name][vt], start[name][vt]) for vt in start[name]):
            changes[f"providers.{name}.visit_mix"] = {vt: round(pct / 100, 6) for vt, pct in chosen[name].items()}
    return changes


def mix_controls(baseline: Scenario, start: Mapping[str, Mapping[str, float]]) -> Mix:
    """One row of percent inputs per provider (key ``rd_mix_<provider>_<visit type>``)."""
    chosen: Mix = {}
    with st.expander("Visit mix per provider (% of each provider's book)"):
        for name, shares in start.items():
            role = baseline.providers[name].role
            st.markdown(as_text(provider_label(report.provider_words(name), role)))
            columns = st.columns(max(len(shares), 1))
            chosen[name] = {
                vt: float(
                    columns[i].number_input(
                        as_text(vt.replace("_", " ")),
                        0.0,
                        100.0,
                        float(pct),
                        5.0,
                        key=f"rd_mix_{name}_{vt}",
                        help=Provider.model_fields["visit_mix"].description,
                    )
                )
                for i, (vt, pct) in enumerate(shares.items())
            }
    return chosen
