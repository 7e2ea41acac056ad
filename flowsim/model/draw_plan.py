"""What drawing a day's patients needs that depends only on the scenario.

:func:`~flowsim.model.arrivals.draw_patients` runs once per simulated day, a hundred
times or more per scenario. The names of the streams it reads (``show/dr_a``,
``step:exam/walk_in``, ...), which of them cannot matter and are not drawn at all, and
which visit types share a pathway (so their step durations are computed together) are
the same every day: they are worked out here once per compiled scenario. The names also
let :class:`~flowsim.rng.Streams` seed all of a day's streams in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from flowsim.model.compile import Compiled, StepSpec
from flowsim.model.entities import WALK_IN
from flowsim.scenarios.samplers import FloatArray, Quantile

IntArray = NDArray[np.int64]
CACHE_SIZE = 64


@dataclass(frozen=True, slots=True)
class OwnerStreams:
    """The streams one owner's patients (a provider's book, or the walk-ins) draw; None: not drawn.

    A stream whose numbers would not matter (a fixed law, no option) is not drawn:
    streams are keyed by name, so skipping one shifts no other.
    """

    show: str | None
    punctuality: str | None
    steps: dict[str, str | None]  # by step name
    optional: dict[str, str | None]  # by step name
    patience: str | None
    turnover: tuple[str | None, ...]  # by room type (Compiled.room_types order)
    documentation: str | None


@dataclass(frozen=True, slots=True)
class DrawPlan:
    """A scenario's streams by owner, and its visit types' laws as arrays and groups."""

    owners: tuple[OwnerStreams, ...]  # by provider index, the walk-ins last
    names: tuple[str, ...]  # every stream a day may draw (book, same day, walk-ins, attributes)
    no_show_prob: FloatArray  # by visit-type index
    pathway_of: IntArray  # pathway group of each visit-type index
    pathways: tuple[tuple[StepSpec, ...], ...]  # the steps of each pathway group
    charting: tuple[Quantile | None, ...]  # each provider's law of charting minutes (None: no charting)

    @property
    def walk_ins(self) -> OwnerStreams:
        """The streams of the walk-ins."""
        return self.owners[-1]


def draw_plan(compiled: Compiled) -> DrawPlan:
    """The :class:`DrawPlan` of ``compiled`` (cached: it is asked for once a day)."""
    hit = _CACHE.get(id(compiled))
    if hit is not None and hit[0] is compiled:
        return hit[1]
    plan = _plan(compiled)
    if len(_CACHE) >= CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)), None)  # (another thread may have dropped it first)
    _CACHE[id(compiled)] = (compiled, plan)  # keeping the compiled scenario alive keeps its id unique
    return plan


_CACHE: dict[int, tuple[Compiled, DrawPlan]] = {}


def _plan(compiled: Compiled) -> DrawPlan:
    charting = tuple(p.documentation for p in compiled.providers)
    owners = tuple(
        _owner_streams(compiled, owner, any(law is not None for law in charting), walk_in=owner == WALK_IN)
        for owner in [*(p.name for p in compiled.providers), WALK_IN]
    )
    names: list[str] = []
    for provider in compiled.providers:
        if len(compiled.book_cum) > 1:
            names.append(f"book/{provider.name}")
        if provider.schedule.reserve_every is not None:
            names += [f"same_day_{what}/{provider.name}" for what in ("fill", "type", "urgent")]
    if compiled.walk_ins is not None:
        names += [f"walk_in/{what}" for what in ("arrivals", "thinning", "visit_type", "urgent")]
    for owner in owners if compiled.walk_ins is not None else owners[:-1]:
        names += [
            name
            for name in (
                owner.show,
                owner.punctuality,
                *owner.steps.values(),
                *owner.optional.values(),
                owner.patience,
                *owner.turnover,
                owner.documentation,
            )
            if name is not None
        ]
    groups: dict[int, int] = {}  # visit types with the same pathway share its step records
    for vt in compiled.visit_types:
        groups.setdefault(id(vt.steps), len(groups))
    pathways = {id(vt.steps): vt.steps for vt in compiled.visit_types}
    return DrawPlan(
        owners=owners,
        names=tuple(names),
        no_show_prob=np.array([vt.no_show_prob for vt in compiled.visit_types], dtype=float),
        pathway_of=np.array([groups[id(vt.steps)] for vt in compiled.visit_types], dtype=np.int64),
        pathways=tuple(pathways[key] for key in groups),
        charting=charting,
    )


def _owner_streams(compiled: Compiled, owner: str, charting: bool, walk_in: bool) -> OwnerStreams:
    def name(stream: str, needed: bool) -> str | None:
        return f"{stream}/{owner}" if needed else None

    return OwnerStreams(
        show=name("show", compiled.any_no_show and not walk_in),
        punctuality=name("punctuality", compiled.random_punctuality and not walk_in),
        steps={step: name(f"step:{step}", step in compiled.random_steps) for step in compiled.step_names},
        optional={step: name(f"optional:{step}", step in compiled.optional_steps) for step in compiled.step_names},
        patience=name("patience", compiled.random_patience),
        turnover=tuple(name(t.stream, t.random_turnover) for t in compiled.room_types),
        documentation=name("documentation", charting),
    )
