"""People a step may need: the patient's own provider, whoever is free, a named colleague.

A practice's pathways name people in three ways. ``provider`` is the clinician the patient
is booked with (or assigned to); ``any_provider`` is whichever provider becomes free first;
a provider's own name (``nurse_kim``) is that person and nobody else. A step may need
several people at once (``[provider, nurse_kim]``): the patient waits until all are free
and holds them for the whole step.

Each provider has a ``role`` (physician, np, pa, nurse): a nurse running her own
immunisation book is a provider of role nurse.

Several people at once can deadlock (Dr A's patient holds Dr A waiting for Nurse Kim while
Nurse Kim's patient holds her waiting for Dr A). The engine therefore seizes the people of a
step in one clinic-wide order, the providers' order in the file, with ``any_provider`` last
(see :func:`person_rank`); :func:`expand` gives the waiting-cycle check in
:mod:`flowsim.scenarios.references` the concrete people a need may stand for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:
    from flowsim.scenarios.schema import Scenario

PROVIDER = "provider"
ANY_PROVIDER = "any_provider"
Role = Literal["physician", "np", "pa", "nurse"]
ROLES: tuple[str, ...] = get_args(Role)
"""What a provider is; shown with the provider in tables and the app."""

Problem = tuple[str, str]


def people_needs(scenario: Scenario) -> set[str]:
    """The needs naming people other than ``provider`` (named providers, ``any_provider``) in any pathway."""
    people = {*scenario.providers, ANY_PROVIDER}
    return {need for steps in scenario.pathways.values() for step in steps for need in step.needs if need in people}


def is_person(need: str, providers: Iterable[str]) -> bool:
    """Whether ``need`` is served by a provider: ``provider``, ``any_provider`` or a provider's name."""
    return need in (PROVIDER, ANY_PROVIDER) or need in providers


def person_rank(index: int) -> float:
    """Place of a person in a step's seize order: by provider index; any_provider (index -1) last."""
    return float("inf") if index < 0 else float(index)


def expand(need: str, providers: Sequence[str], named_people: bool) -> list[str]:
    """The concrete resources ``need`` may stand for, for the waiting-cycle check.

    Without named people or ``any_provider`` in the clinic, ``provider`` stays one node (each
    patient only ever waits for their own provider); with them, ``provider`` and
    ``any_provider`` may be any provider.
    """
    if named_people and need in (PROVIDER, ANY_PROVIDER):
        return list(providers)
    return [need]


def people_problems(scenario: Scenario) -> list[Problem]:
    """Provider names that clash with other needs, and steps needing one person twice."""
    from flowsim.scenarios.references import RESERVED_NEEDS  # references imports this module

    problems: list[Problem] = []
    for name in scenario.providers:
        if name in RESERVED_NEEDS and name != PROVIDER:  # (needing `provider` means the own one anyway)
            problems.append((f"providers.{name}", f"'{name}' is a reserved need name; choose another provider name"))
        elif name in scenario.staff:
            problems.append(
                (f"providers.{name}", f"'{name}' is also a staff pool: a step needing '{name}' would be ambiguous")
            )
    return [*problems, *_team_problems(scenario)]


def _team_problems(scenario: Scenario) -> list[Problem]:
    """Teams name existing pools and fit in them all day; providers without a team keep some of the pool."""
    from flowsim.scenarios.references import unknown  # references imports this module

    problems: list[Problem] = []
    reserved: dict[str, int] = {}
    for name, provider in scenario.providers.items():
        for pool, size in (provider.team or {}).items():
            if pool not in scenario.staff:
                problems.append((f"providers.{name}.team.{pool}", unknown(pool, "staff pool", scenario.staff)))
            else:
                reserved[pool] = reserved.get(pool, 0) + size
    for pool, size in reserved.items():
        staff = scenario.staff[pool]
        fewest = min([staff.count, *(c.count for c in staff.count_by_time)])
        teamed = [n for n, p in scenario.providers.items() if p.team and pool in p.team]
        if size > fewest:
            problems.append(
                (
                    f"staff.{pool}.count",
                    f"teams reserve {size} of {pool} ({', '.join(teamed)}) but as few as {fewest} are on duty",
                )
            )
            continue
        others = [n for n, p in scenario.providers.items() if not (p.team and pool in p.team)]
        largest = max([staff.count, *(c.count for c in staff.count_by_time)])
        if others and size >= largest and _needed(scenario, pool):
            problems.append(
                (
                    f"staff.{pool}.count",
                    f"teams reserve every {pool} ({size}): patients of {', '.join(others)} would have none",
                )
            )
    return problems


def _needed(scenario: Scenario, pool: str) -> bool:
    return any(pool in step.needs for steps in scenario.pathways.values() for step in steps)
