"""Which visit type a uniform becomes, and how a patient's behaviour is scaled.

Common random numbers hold the *uniforms* fixed: patient k of Dr A's book always gets the
k-th number of the stream ``book/dr_a``, and the k-th number of ``show/dr_a``. A provider's
own ``visit_mix``, a block of the day reserved for physicals, or a later hour's higher
no-show rate change only how those numbers are *read*: the same uniform is mapped through
another table. So a redesign that gives Dr B new patients still meets the same people in
every other respect, and a provider whose mix is unchanged sees an unchanged book.

Everything here is compiled once per scenario (see :mod:`flowsim.model.compile`); a
scenario that uses none of it compiles to ``None`` and the engine takes its old path.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import numpy as np

from flowsim.scenarios.clock import clock_to_min
from flowsim.scenarios.practice_checks import provider_shares
from flowsim.scenarios.samplers import FloatArray
from flowsim.scenarios.schema import Provider, Scenario, Schedule


def cumulative(shares: list[float]) -> list[float]:
    """Cumulative shares, normalised, reaching exactly 1 at the last positive share.

    A uniform ``u`` in [0, 1) is read as the first index whose cumulative share exceeds it,
    so a share of 0 is never chosen, not even by a ``u`` just below 1 after rounding.
    """
    total = sum(shares)
    cum = list(np.cumsum(np.asarray(shares, dtype=float) / total))
    last = max(i for i, share in enumerate(shares) if share > 0)
    return [*cum[:last], *([1.0] * (len(shares) - last))]


def read(cum: list[float], u: float) -> int:
    """The index ``u`` chooses from cumulative shares ``cum`` (as :func:`~flowsim.model.compile.pick`)."""
    return min(bisect_right(cum, u), len(cum) - 1)


@dataclass(frozen=True, slots=True)
class BookMix:
    """How one provider's book reads its uniforms: their mix, blocks and typed template.

    ``cum`` maps a uniform to a visit-type index outside every block; ``blocks`` are
    ``(from_min, to_min, cum)`` with the mix restricted to the block's visit types;
    ``template`` is ``(time_min, visit type index)`` slots. ``add_on`` is the cumulative
    same-day mix restricted to what the provider sees, with the visit-type indices it covers.
    """

    cum: list[float]
    blocks: tuple[tuple[float, float, list[float]], ...]
    template: tuple[tuple[float, int], ...]
    add_on: tuple[list[float], tuple[int, ...]] | None

    def at(self, time_min: float) -> list[float]:
        """The cumulative shares for a slot starting at ``time_min``."""
        for start, end, cum in self.blocks:
            if start <= time_min < end:
                return cum
        return self.cum


def book_mix(s: Scenario, provider: Provider, schedule: Schedule, open_min: int) -> BookMix | None:
    """The provider's :class:`BookMix`, or None when they book the clinic's mix plainly."""
    if provider.visit_mix is None and not schedule.blocks and not schedule.template:
        return None
    names = list(s.visit_types)
    shares = list(provider_shares(s, provider).values())
    blocks = []
    for block in schedule.blocks:
        kept = [share if name in block.visit_types else 0.0 for name, share in zip(names, shares, strict=True)]
        if sum(kept) <= 0:
            continue  # she books none of its types, so it lies outside her sessions (validation): never read
        blocks.append(
            (float(clock_to_min(block.from_) - open_min), float(clock_to_min(block.to) - open_min), cumulative(kept))
        )
    template = tuple(
        (float(clock_to_min(slot.at) - open_min), names.index(slot.visit_type))
        for slot in sorted(schedule.template, key=lambda slot: clock_to_min(slot.at))
    )
    add_on = None
    if provider.visit_mix is not None and s.same_day.visit_mix is not None:
        mix = s.same_day.visit_mix
        seen = [name for name in mix if provider.visit_mix.get(name, 0.0) > 0]
        if seen:
            add_on = (cumulative([mix[name] for name in seen]), tuple(names.index(name) for name in seen))
    return BookMix(cumulative(shares), tuple(sorted(blocks)), template, add_on)


@dataclass(frozen=True, slots=True)
class Behaviour:
    """No-show and punctuality multipliers of each provider's booked patients, by appointment time."""

    by_provider: tuple[tuple[float, float], ...]  # (no-show factor, punctuality factor), by provider index
    changes_min: FloatArray  # minutes from opening at which the by-hour factors change (first: -inf)
    no_show_by_hour: FloatArray
    punctuality_by_hour: FloatArray

    def scales(self, provider: int, times_min: FloatArray) -> tuple[FloatArray, FloatArray]:
        """(no-show, punctuality) multipliers for appointments at ``times_min`` with ``provider``."""
        at = np.searchsorted(self.changes_min, times_min, side="right") - 1
        no_show, punctuality = self.by_provider[provider]
        return self.no_show_by_hour[at] * no_show, self.punctuality_by_hour[at] * punctuality


def behaviour(s: Scenario, open_min: int) -> Behaviour | None:
    """The scenario's :class:`Behaviour`, or None when every factor is 1 (nothing to scale)."""
    by_provider = tuple((p.no_show_factor, p.punctuality_factor) for p in s.providers.values())
    by_hour = s.patients.by_hour
    if all(f == (1.0, 1.0) for f in by_provider) and all(
        (h.no_show_factor, h.punctuality_factor) == (1.0, 1.0) for h in by_hour
    ):
        return None
    return Behaviour(
        by_provider=by_provider,
        changes_min=np.array([-np.inf, *(clock_to_min(h.from_) - open_min for h in by_hour)], dtype=float),
        no_show_by_hour=np.array([1.0, *(h.no_show_factor for h in by_hour)]),
        punctuality_by_hour=np.array([1.0, *(h.punctuality_factor for h in by_hour)]),
    )
