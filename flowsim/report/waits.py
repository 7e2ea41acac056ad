"""Where the waiting happens: each design's wait split by place and step, and its bottleneck.

The headline wait hides trade-offs: one more room per provider can empty the waiting
room while patients wait longer inside the exam room. Every minute a patient waits is
attributed to the step it was spent waiting for (``<step>_wait_min``), and each step
happens in a place the pathway implies: in line at the front desk, in the waiting room
(for a room and whoever rooms the patient), or in the exam room (for the provider, the
room already held). This module names those places, gathers each step's average wait
with its 95% interval over the simulated days, and says in a sentence where most of the
waiting goes ("62% of the waiting is for the providers").
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from flowsim.report.words import join_words, resource_words, step_words
from flowsim.scenarios.schema import Scenario

WAIT_COLUMNS = ["scenario", "step", "label", "place", "waiting_for", "mean", "ci_low", "ci_high"]


@dataclass(frozen=True)
class StepPlace:
    """Where a patient waits before a step, and for what."""

    step: str
    place: str  # "in line", "in the waiting room", "in the exam room"
    waiting_for: str  # "the provider", "an exam room and a medical assistant"

    @property
    def label(self) -> str:
        """``Exam: in the exam room, for the provider``."""
        return f"{step_words(self.step)}: {self.place}, for {self.waiting_for}"


def step_places(scenario: Scenario) -> list[StepPlace]:
    """Every step of the scenario's pathways (first-seen order) with the place its wait happens in."""
    places: dict[str, StepPlace] = {}
    rooms = {"exam_room"}
    for steps in scenario.pathways.values():
        held: set[str] = set()
        for step in steps:
            if step.name not in places:
                if held & rooms:
                    place = "in the exam room"
                elif set(step.needs) & rooms:
                    place = "in the waiting room"
                else:
                    place = "in line"
                who = join_words(resource_words(need, scenario) for need in step.needs) or "nothing"
                places[step.name] = StepPlace(step.name, place, who)
            held = (held | set(step.hold)) - set(step.release)
    return list(places.values())


def wait_by_place(summary: pd.DataFrame, scenarios: list[Scenario]) -> pd.DataFrame:
    """Average wait before each step, per design, with its 95% interval over the simulated days.

    Parameters
    ----------
    summary
        ``summary.csv`` of the experiment (``scenario, kpi, mean, ci_low, ci_high, ...``).
    scenarios
        The designs, in the order to show them.

    Returns
    -------
    pandas.DataFrame
        ``scenario, step, label, place, waiting_for, mean, ci_low, ci_high`` (minutes per
        patient who took the step; ``label`` says it in words), steps in pathway order.
    """
    stats = {
        (str(row["scenario"]), str(row["kpi"])): (float(row["mean"]), float(row["ci_low"]), float(row["ci_high"]))
        for row in summary.to_dict("records")
    }
    rows = []
    for scenario in scenarios:
        for place in step_places(scenario):
            key = (scenario.name, f"{place.step}_wait_min_mean")
            if key in stats:
                rows.append([scenario.name, place.step, place.label, place.place, place.waiting_for, *stats[key]])
    return pd.DataFrame(rows, columns=WAIT_COLUMNS)


def bottleneck_sentence(summary: pd.DataFrame, scenario: Scenario) -> str:
    """Where most of the design's waiting goes, from its ``wait_share_<step>`` KPIs.

    Shares of steps waiting for the same resources are added (check-in and checkout
    both wait for the front desk). Example: "62% of the waiting is for the provider
    (in the exam room); 25% for an exam room and a medical assistant."
    """
    rows = summary[summary["scenario"] == scenario.name].set_index("kpi")["mean"]
    shares: dict[str, float] = {}
    where: dict[str, list[str]] = {}
    for place in step_places(scenario):
        share = float(rows.get(f"wait_share_{place.step}", float("nan")))
        if share != share or share <= 0:  # NaN: no waiting at all that day
            continue
        shares[place.waiting_for] = shares.get(place.waiting_for, 0.0) + share
        where.setdefault(place.waiting_for, []).append(place.place)
    if not shares:
        return f"Nobody waited in {scenario.name}."
    ranked = sorted(shares.items(), key=lambda item: -item[1])
    parts = [
        f"{share:.0f}% {'of the waiting is ' if i == 0 else ''}for {who} "  # wait_share_* are in percent
        f"({join_words(dict.fromkeys(where[who]))})"
        for i, (who, share) in enumerate(ranked[:3])
    ]  # fmt: skip
    return "; ".join(parts) + "."
