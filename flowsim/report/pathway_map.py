"""The clinic's pathways as a table a process map is drawn from: steps, who does them, how many.

One row per step of each pathway: which visit types follow it, what the step needs in
words with the clinic's counts ("exam room (8) + medical assistant (3)"), how often it
happens, and whether the patient keeps a room through it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flowsim.report.words import STAFF_ONE_WORDS, join_words, step_words, words
from flowsim.scenarios.schema import Scenario

if TYPE_CHECKING:
    import pandas as pd

MAP_COLUMNS = ["pathway", "visit_types", "position", "step", "label", "needs", "probability", "in_room"]


def resource_counts(scenario: Scenario) -> dict[str, str]:
    """Each resource a step can need, in words with its count: ``provider`` → ``provider (4)``."""
    counts = {
        "provider": f"provider ({len(scenario.providers)})",
        "any_provider": f"any provider ({len(scenario.providers)})",
        "exam_room": f"exam room ({scenario.exam_rooms.count}, {scenario.exam_rooms.policy})",
    }
    for name, room_type in scenario.room_types.items():
        counts[name] = f"{words(name).lower()} room ({room_type.count}, {room_type.policy})"
    for name, pool in scenario.staff.items():
        counts[name] = (
            f"{STAFF_ONE_WORDS.get(name, words(name)).removeprefix('a ').removeprefix('the ')} ({pool.count})"
        )
    return counts


def pathway_steps(scenario: Scenario) -> list[dict[str, Any]]:
    """The rows of :func:`pathway_table` as records (keys :data:`MAP_COLUMNS`), without pandas.

    The app's first page draws its map from these before anything has imported pandas.
    """
    counts = resource_counts(scenario)
    users: dict[str, list[str]] = {}
    for name, visit in scenario.visit_types.items():
        users.setdefault(visit.pathway, []).append(words(name))
    rows = []
    for pathway, steps in scenario.pathways.items():
        if pathway not in users:
            continue
        held: set[str] = set()
        for position, step in enumerate(steps):
            needs = " + ".join(counts.get(n, words(n)) for n in step.needs)
            in_room = "exam_room" in held or "exam_room" in step.needs
            values = (words(pathway), join_words(users[pathway]), position, step.name, step_words(step.name),
                      needs, step.probability, in_room)  # fmt: skip
            rows.append(dict(zip(MAP_COLUMNS, values, strict=True)))
            held = (held | set(step.hold)) - set(step.release)
    return rows


def pathway_table(scenario: Scenario) -> pd.DataFrame:
    """The steps of every pathway the visit types use, with their resources and counts (:data:`MAP_COLUMNS`)."""
    import pandas as pd  # here, not above: pathway_steps is for pages that have not loaded pandas yet

    return pd.DataFrame(pathway_steps(scenario), columns=MAP_COLUMNS)
