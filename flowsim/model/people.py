"""Which provider a step's person need means for one patient, and in what order people are seized.

A step may need the patient's own ``provider``, a named colleague (``nurse_kim``) or
``any_provider``. For a given patient a named need may be their own provider (Nurse Kim's
own immunisation patient needing ``[provider, nurse_kim]`` needs her once), so needs are
*keyed* per patient: the key a held resource is filed under. Several people in one step are
seized in one clinic-wide order (the providers' order in the file, ``any_provider`` and an
unassigned own provider last), so two patients cannot each hold whom the other waits for.
"""

from __future__ import annotations

from collections.abc import Mapping

from flowsim.model.compile import PROVIDER
from flowsim.model.entities import NO_PROVIDER, Patient
from flowsim.scenarios.people import ANY_PROVIDER, person_rank


def need_key(named: Mapping[str, int], p: Patient, need: str) -> str:
    """The key ``need`` is held under for ``p``: ``provider`` when it names their own provider."""
    if need in p.held or need not in named:
        return need
    return PROVIDER if named[need] == p.provider else need


def people_order(named: Mapping[str, int], p: Patient, needs: tuple[str, ...]) -> list[str]:
    """``needs`` (rooms and staff first, then people) with the people in the clinic-wide order."""

    def rank(need: str) -> tuple[int, float]:
        if need == PROVIDER:
            return 1, person_rank(p.provider)  # NO_PROVIDER (a shared queue) goes last, like any_provider
        if need == ANY_PROVIDER:
            return 1, person_rank(NO_PROVIDER)
        if need in named:
            return 1, person_rank(named[need])
        return 0, 0.0  # rooms and staff keep their place, before every person

    return sorted(needs, key=rank)


def held_people(named: Mapping[str, int], p: Patient) -> set[int]:
    """Indices of the providers ``p`` holds now (a shared or any_provider ask skips them)."""
    return {got[1] for key, got in p.held.items() if key in (PROVIDER, ANY_PROVIDER) or key in named}


def is_person_key(named: Mapping[str, int], key: str) -> bool:
    """Whether a held key is a provider (own, named or any) rather than a room or a staff pool."""
    return key in (PROVIDER, ANY_PROVIDER) or key in named


def candidates(n_providers: int, held: set[int]) -> list[int]:
    """Providers a shared-queue or any_provider ask goes to: everyone the patient does not hold already."""
    return [i for i in range(n_providers) if i not in held]
