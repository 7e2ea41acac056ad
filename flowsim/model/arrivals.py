"""Who comes today and when: booked patients, same-day add-ons and walk-ins.

Booked and same-day patients come from the appointment book; walk-ins from a
Poisson process whose rate may change by the hour, drawn for the whole day before
opening by thinning: candidates arrive at the highest rate of the day, and each is
kept with probability rate(its time) / highest rate, using its own uniform.

Every attribute is drawn per patient in booking order from a stream named after
the attribute and the provider (``show/dr_a``, ``step:exam/dr_a``, ...), or
``walk_in`` for walk-ins, so no rooms, staff or policy change alters a patient.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from flowsim.model.book import provider_entries, same_day_fills
from flowsim.model.compile import Compiled, WalkInSpec, pick
from flowsim.model.draw_plan import DrawPlan, OwnerStreams, draw_plan
from flowsim.model.entities import BOOKED, NO_PROVIDER, SAME_DAY, WALK_IN, Patient
from flowsim.rng import Streams
from flowsim.scenarios.samplers import Quantile

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


def walk_in_times(spec: WalkInSpec, streams: Streams) -> list[float]:
    """Walk-in arrival times in minutes from opening, on [0, until)."""
    changes = np.array([t for t, _ in spec.rate_changes])
    rates = np.array([r for _, r in spec.rate_changes])
    top_per_hour = float(rates.max())
    if top_per_hour <= 0 or spec.until_min <= 0:
        return []
    # At a constant rate every candidate is kept whatever its uniform: the stream is not drawn.
    thinning = rates.min() < top_per_hour
    chunk = int(top_per_hour * spec.until_min / 60 * 1.2) + 16
    accepted: list[float] = []
    t, drawn = 0.0, 0
    while t < spec.until_min:  # (a second round is rare: the first chunk covers the day 1.2 times over)
        gap_u = streams.uniforms("walk_in/arrivals", chunk, start=drawn)
        keep_u = streams.uniforms("walk_in/thinning", chunk, start=drawn) if thinning else np.zeros(chunk)
        drawn += chunk
        candidates = t + np.cumsum(-np.log1p(-gap_u) * (60.0 / top_per_hour))
        rate_now = rates[np.searchsorted(changes, candidates, side="right") - 1]
        keep = (keep_u * top_per_hour < rate_now) & (candidates < spec.until_min)
        accepted.extend(candidates[keep].tolist())
        t = float(candidates[-1])
    return accepted


class _Owner(NamedTuple):
    """The positions of one owner (a provider's book, or the walk-ins), in order.

    ``kinds`` is ``""`` for a reserved slot nobody took: it is no patient, but it keeps
    its position (and so its numbers) in every stream.
    """

    streams: OwnerStreams
    types: list[int]
    times: list[float]
    kinds: list[str]
    urgent: list[bool]
    provider: int  # the patients' provider (walk-ins: assigned, or NO_PROVIDER)
    walk_in: bool


def draw_patients(compiled: Compiled, seed: int, rep: int) -> list[Patient]:
    """Every patient of the day: booked ones in booking order, then walk-ins by arrival."""
    plan = draw_plan(compiled)
    streams = Streams(seed, rep, plan.names)
    owners: list[_Owner] = []
    for index, provider in enumerate(compiled.providers):
        entries = provider_entries(compiled, provider, streams)
        types = [e.visit_type for e in entries]
        kinds, urgent = [BOOKED] * len(entries), [False] * len(entries)
        reserved = [pos for pos, e in enumerate(entries) if e.reserved]
        for pos, fill in zip(reserved, same_day_fills(compiled, provider.name, entries, streams), strict=True):
            if fill is None:
                kinds[pos] = ""  # kept for a same-day caller, and nobody took it
            else:
                types[pos], kinds[pos], urgent[pos] = fill[0], SAME_DAY, fill[1]
        times = [e.time_min for e in entries]
        owners.append(_Owner(plan.owners[index], types, times, kinds, urgent, index, walk_in=False))
    if compiled.walk_ins is not None:
        owners.append(_walk_ins(compiled, compiled.walk_ins, plan.walk_ins, streams))
    patients = _Drawn(compiled, plan, streams, owners).patients(owners)
    _rank(compiled, patients)
    return patients


def _rank(compiled: Compiled, patients: list[Patient]) -> None:
    """Priority at every queue: urgent first (if so), then appointment or arrival time, then id.

    The arrival time is when the patient came, before opening for those who came early.
    """

    by_appointment, urgent_first = compiled.appointment_order, compiled.urgent_first

    def key(p: Patient) -> tuple[int, float, int]:
        order_min = p.appointment_min if by_appointment and p.kind != WALK_IN else p.came_min
        if math.isnan(order_min):  # a no-show never queues
            order_min = math.inf
        return (0 if p.urgent and urgent_first else 1, order_min, p.pid)

    for rank, p in enumerate(sorted(patients, key=key)):
        p.priority = rank


def _walk_ins(compiled: Compiled, spec: WalkInSpec, owner: OwnerStreams, streams: Streams) -> _Owner:
    times = walk_in_times(spec, streams)
    n = len(times)
    # Keyed streams: one whose numbers cannot matter is simply not drawn.
    type_u = streams.uniforms("walk_in/visit_type", n) if len(spec.mix_types) > 1 else np.zeros(n)
    urgent_u = streams.uniforms("walk_in/urgent", n) if spec.urgent_prob > 0 else np.ones(n)
    types = np.array(spec.mix_types, dtype=np.int64)[pick(spec.mix_cum, type_u)].tolist()
    # in_turn and least_busy are decided at arrival, among the providers on duty then;
    # shared_queue when a provider (or, under dedicated rooms, a room) is free
    names = [p.name for p in compiled.providers]
    provider = names.index(spec.assign) if spec.assign in names else NO_PROVIDER
    urgent = (urgent_u < spec.urgent_prob).tolist()
    return _Owner(owner, types, times, [WALK_IN] * n, urgent, provider, walk_in=True)


class _Drawn:
    """Per-patient attributes of the whole day, drawn as numpy arrays.

    Each owner draws each attribute from its own stream, position by position; the
    owners' numbers are then laid end to end, so each law is applied once a day to all
    the patients it concerns (the same numbers, element by element, as owner by owner).
    """

    def __init__(self, compiled: Compiled, plan: DrawPlan, streams: Streams, owners: list[_Owner]) -> None:
        self.compiled = compiled
        sizes = [len(o.types) for o in owners]

        def u(names: Iterable[str | None]) -> FloatArray:
            """The owners' streams ``names`` (one per owner, None: not drawn), end to end."""
            named = list(zip(names, sizes, strict=True))
            if all(name is None or not size for name, size in named):  # e.g. a step that is never optional
                return np.zeros(sum(sizes))
            parts = [np.zeros(0)]  # (so that a day without owners still concatenates)
            for name, size in named:
                parts.append(streams.uniforms(name, size) if name is not None and size else np.zeros(size))
            return np.concatenate(parts)

        self.types: list[int] = [vt for o in owners for vt in o.types]
        self.times: list[float] = [t for o in owners for t in o.times]
        n = len(self.types)
        types = np.array(self.types, dtype=np.int64)
        self.no_show = [False] * n
        self.came = self.times[:]  # true arrival times: early ones are clipped to opening when they walk in
        booked = sum(size for o, size in zip(owners, sizes, strict=True) if not o.walk_in)  # the walk-ins come last
        if booked:
            show_u, punctuality_u = u(o.streams.show for o in owners), u(o.streams.punctuality for o in owners)
            self._behave(compiled, plan, owners, types[:booked], show_u, punctuality_u)
        step_u = {name: u(o.streams.steps[name] for o in owners) for name in compiled.step_names}
        optional_u = {name: u(o.streams.optional[name] for o in owners) for name in compiled.step_names}
        self.durations: list[list[float]] = [[] for _ in range(n)]
        self.does: list[list[bool]] = [[] for _ in range(n)]
        pathway_of = plan.pathway_of[types]
        for group, steps in enumerate(plan.pathways):
            rows = np.flatnonzero(pathway_of == group)
            if len(rows) == 0:
                continue
            indices = rows.tolist()
            durations = np.column_stack([step.quantile(step_u[step.name][rows]) for step in steps])
            does = np.column_stack([optional_u[step.name][rows] < step.probability for step in steps])
            _scatter(self.durations, indices, durations.tolist())
            _scatter(self.does, indices, does.tolist())
        patience = compiled.patience
        self.patience = patience(u(o.streams.patience for o in owners)).tolist() if patience else [math.inf] * n
        # cleaning after this patient, per room type (each type its own stream: CRN across room changes)
        by_type = [
            t.turnover(u(o.streams.turnover[k] for o in owners)).tolist() if t.turnover else [0.0] * n
            for k, t in enumerate(compiled.room_types)
        ]
        self.turnover = list(zip(*by_type, strict=True)) if n else []
        doc_u = u(o.streams.documentation for o in owners)
        starts = np.cumsum([0, *sizes]).tolist()
        self.documentation = [_DocumentationTimes(plan.charting, doc_u[a:b]) for a, b in pairwise(starts)]

    def _behave(
        self,
        compiled: Compiled,
        plan: DrawPlan,
        owners: list[_Owner],
        types: IntArray,
        show_u: FloatArray,
        punctuality_u: FloatArray,
    ) -> None:
        """No-shows and true arrival times of the booked positions (the first ``len(types)``)."""
        n = len(types)
        times = np.array(self.times[:n], dtype=float)
        offset_min = np.zeros(n)
        for k, vt in enumerate(compiled.visit_types):
            rows = np.flatnonzero(types == k)
            if len(rows):
                offset_min[rows] = vt.punctuality(punctuality_u[rows])
        no_show_prob = plan.no_show_prob[types]
        behaviour = compiled.behaviour
        if behaviour is not None:  # the same uniforms, scaled by the provider's and the appointment hour's factors
            scaled = [behaviour.scales(o.provider, np.array(o.times, dtype=float)) for o in owners if not o.walk_in]
            no_show_prob = no_show_prob * np.concatenate([np.zeros(0), *(s[0] for s in scaled)])
            offset_min = offset_min * np.concatenate([np.zeros(0), *(s[1] for s in scaled)])
        self.no_show[:n] = (show_u[:n] < no_show_prob).tolist()
        self.came[:n] = (times + offset_min).tolist()

    def patients(self, owners: list[_Owner]) -> list[Patient]:
        """The owners' positions that hold a patient, as patients numbered in that order."""
        visit_types, late_limit = self.compiled.visit_types, self.compiled.rebook_if_late_min
        no_shows, came_at, times = self.no_show, self.came, self.times
        patients: list[Patient] = []
        at = 0  # position in the day (all owners one after the other)
        for owner, documentation in zip(owners, self.documentation, strict=True):
            for pos, kind in enumerate(owner.kinds):
                if not kind:
                    continue
                i = at + pos
                vt = self.types[i]
                appointment = math.nan if owner.walk_in else times[i]
                no_show = no_shows[i]
                came = math.nan if no_show else came_at[i]
                door = math.nan if no_show else max(came, 0.0)  # the door opens at 0
                # positional (field order of Patient): keyword construction costs twice as much, per patient
                patients.append(
                    Patient(
                        len(patients),
                        kind,
                        vt,
                        owner.provider,
                        appointment,
                        door,
                        came,
                        owner.urgent[pos],
                        no_show,
                        late_limit is not None and not no_show and door - appointment > late_limit,  # rebooked
                        visit_types[vt].steps,
                        self.durations[i],
                        self.does[i],
                        self.patience[i],
                        _PatientDocumentation(documentation, pos),
                        self.turnover[i],
                    )
                )
            at += len(owner.kinds)
        return patients


def _scatter(target: list[Any], indices: list[int], values: list[Any]) -> None:
    for i, value in zip(indices, values, strict=True):
        target[i] = value


class _DocumentationTimes:
    """Charting minutes of one owner's patients with each provider, a provider's column at a time.

    A patient could be seen by any provider (a walk-in assigned at arrival), and each
    provider has their own law. Computing every law for every patient up front grew with
    patients x providers (10,000 providers ran out of memory); a provider's column is
    computed, for all positions at once as before (so the same numbers to the last bit),
    the first time one of these patients is seen by that provider.
    """

    def __init__(self, laws: tuple[Quantile | None, ...], uniforms_: FloatArray) -> None:
        self.laws = laws
        self.uniforms = uniforms_
        self.columns: dict[int, list[float] | None] = {}

    def at(self, provider: int, pos: int) -> float:
        if provider not in self.columns:
            law = self.laws[provider]
            self.columns[provider] = law(self.uniforms).tolist() if law is not None else None
        column = self.columns[provider]
        return column[pos] if column is not None else 0.0


class _PatientDocumentation(Sequence[float]):
    """One patient's charting minutes by provider index (0 when that provider does not chart)."""

    __slots__ = ("pos", "times")

    def __init__(self, times: _DocumentationTimes, pos: int) -> None:
        self.times, self.pos = times, pos

    def __getitem__(self, provider: int) -> float:  # type: ignore[override]  # indexed by provider only
        return self.times.at(provider, self.pos)

    def __len__(self) -> int:
        return len(self.times.laws)
