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
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from flowsim.model.book import provider_entries, same_day_fills
from flowsim.model.compile import Compiled, WalkInSpec, pick
from flowsim.model.entities import BOOKED, NO_PROVIDER, SAME_DAY, WALK_IN, Patient
from flowsim.rng import uniforms

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


def walk_in_times(spec: WalkInSpec, seed: int, rep: int) -> list[float]:
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
        gap_u = uniforms(seed, rep, "walk_in/arrivals", chunk, start=drawn)
        keep_u = uniforms(seed, rep, "walk_in/thinning", chunk, start=drawn) if thinning else np.zeros(chunk)
        drawn += chunk
        candidates = t + np.cumsum(-np.log1p(-gap_u) * (60.0 / top_per_hour))
        rate_now = rates[np.searchsorted(changes, candidates, side="right") - 1]
        keep = (keep_u * top_per_hour < rate_now) & (candidates < spec.until_min)
        accepted.extend(candidates[keep].tolist())
        t = float(candidates[-1])
    return accepted


def draw_patients(compiled: Compiled, seed: int, rep: int) -> list[Patient]:
    """Every patient of the day: booked ones in booking order, then walk-ins by arrival."""
    patients: list[Patient] = []
    charting = _Charting(compiled)
    for index, provider in enumerate(compiled.providers):
        entries = provider_entries(compiled, provider, seed, rep)
        fills = iter(same_day_fills(compiled, provider.name, entries, seed, rep))
        types, kinds, urgent = [], [], []
        for entry in entries:
            fill = next(fills) if entry.reserved else (entry.visit_type, False)
            types.append(fill[0] if fill is not None else entry.visit_type)
            kinds.append("" if fill is None else SAME_DAY if entry.reserved else BOOKED)
            urgent.append(fill[1] if fill is not None else False)
        times = np.array([e.time_min for e in entries], dtype=float)
        drawn = _Drawn(
            compiled, seed, rep, provider.name, np.array(types, dtype=np.int64), times, charting, provider=index
        )
        for pos, kind in enumerate(kinds):
            if kind:
                patients.append(drawn(pos, len(patients), kind, index, urgent[pos]))
    if compiled.walk_ins is not None:
        patients.extend(_walk_ins(compiled, compiled.walk_ins, seed, rep, len(patients), charting))
    _rank(compiled, patients)
    return patients


def _rank(compiled: Compiled, patients: list[Patient]) -> None:
    """Priority at every queue: urgent first (if so), then appointment or arrival time, then id.

    The arrival time is when the patient came, before opening for those who came early.
    """

    def key(p: Patient) -> tuple[int, float, int]:
        order_min = p.appointment_min if compiled.appointment_order and p.kind != WALK_IN else p.came_min
        if math.isnan(order_min):  # a no-show never queues
            order_min = math.inf
        return (0 if p.urgent and compiled.urgent_first else 1, order_min, p.pid)

    for rank, p in enumerate(sorted(patients, key=key)):
        p.priority = rank


def _walk_ins(
    compiled: Compiled, spec: WalkInSpec, seed: int, rep: int, first_id: int, charting: _Charting
) -> list[Patient]:
    times = np.array(walk_in_times(spec, seed, rep), dtype=float)
    n = len(times)
    # Keyed streams: one whose numbers cannot matter is simply not drawn.
    type_u = uniforms(seed, rep, "walk_in/visit_type", n) if len(spec.mix_types) > 1 else np.zeros(n)
    urgent_u = uniforms(seed, rep, "walk_in/urgent", n) if spec.urgent_prob > 0 else np.ones(n)
    types = np.array(spec.mix_types, dtype=np.int64)[pick(spec.mix_cum, type_u)]
    drawn = _Drawn(compiled, seed, rep, WALK_IN, types, times, charting, walk_in=True)
    names = [p.name for p in compiled.providers]
    walk_ins = []
    for i in range(n):
        # in_turn and least_busy are decided at arrival, among the providers on duty then;
        # shared_queue when a provider (or, under dedicated rooms, a room) is free
        provider = names.index(spec.assign) if spec.assign in names else NO_PROVIDER
        walk_ins.append(drawn(i, first_id + i, WALK_IN, provider, bool(urgent_u[i] < spec.urgent_prob)))
    return walk_ins


class _Drawn:
    """Per-patient attributes of one owner's positions, drawn as numpy arrays."""

    def __init__(
        self,
        compiled: Compiled,
        seed: int,
        rep: int,
        owner: str,
        types: IntArray,
        times: FloatArray,
        charting: _Charting,
        walk_in: bool = False,
        provider: int = NO_PROVIDER,
    ) -> None:
        n = len(types)
        self.compiled, self.types, self.times, self.walk_in = compiled, types.tolist(), times.tolist(), walk_in
        zeros = np.zeros(n)

        def u(name: str, needed: bool) -> FloatArray:
            # A stream whose numbers would not matter (fixed laws, no option) is not drawn:
            # streams are keyed by name, so skipping one shifts no other.
            return uniforms(seed, rep, f"{name}/{owner}", n) if needed and n else zeros

        show_u = u("show", compiled.any_no_show and not walk_in)
        punctuality_u = u("punctuality", compiled.random_punctuality and not walk_in)
        step_u = {name: u(f"step:{name}", name in compiled.random_steps) for name in compiled.step_names}
        optional_u = {name: u(f"optional:{name}", name in compiled.optional_steps) for name in compiled.step_names}
        self.no_show = [False] * n
        self.came = self.times[:]  # true arrival times: early ones are clipped to opening when they walk in
        self.durations: list[list[float]] = [[] for _ in range(n)]
        self.does: list[list[bool]] = [[] for _ in range(n)]
        # the same uniforms, scaled by the provider's and the appointment hour's factors (if any)
        scaled = compiled.behaviour.scales(provider, times) if compiled.behaviour and not walk_in else None
        for k, vt in enumerate(compiled.visit_types):
            rows = np.flatnonzero(types == k)
            if len(rows) == 0:
                continue
            indices = rows.tolist()
            if scaled is not None:
                no_show_prob, offset_min = vt.no_show_prob * scaled[0][rows], vt.punctuality(punctuality_u[rows])
                _scatter(self.no_show, indices, (show_u[rows] < no_show_prob).tolist())
                _scatter(self.came, indices, (times[rows] + offset_min * scaled[1][rows]).tolist())
            elif not walk_in:
                _scatter(self.no_show, indices, (show_u[rows] < vt.no_show_prob).tolist())
                _scatter(self.came, indices, (times[rows] + vt.punctuality(punctuality_u[rows])).tolist())
            durations = np.column_stack([step.quantile(step_u[step.name][rows]) for step in vt.steps])
            does = np.column_stack([optional_u[step.name][rows] < step.probability for step in vt.steps])
            _scatter(self.durations, indices, durations.tolist())
            _scatter(self.does, indices, does.tolist())
        patience = compiled.patience
        self.patience = patience(u("patience", compiled.random_patience)).tolist() if patience else [math.inf] * n
        # cleaning after this patient, per room type (each type its own stream: CRN across room changes)
        by_type = [
            t.turnover(u(t.stream, t.random_turnover)).tolist() if t.turnover else [0.0] * n
            for t in compiled.room_types
        ]
        self.turnover = list(zip(*by_type, strict=True)) if n else []
        self.documentation = _DocumentationTimes(charting, u("documentation", charting.any))

    def __call__(self, pos: int, pid: int, kind: str, provider: int, urgent: bool) -> Patient:
        vt = self.types[pos]
        appointment = math.nan if self.walk_in else self.times[pos]
        late_limit = self.compiled.rebook_if_late_min
        no_show = self.no_show[pos]
        came = math.nan if no_show else self.came[pos]
        door = math.nan if no_show else max(came, 0.0)  # the door opens at 0
        return Patient(
            pid=pid,
            kind=kind,
            visit_type=vt,
            provider=provider,
            appointment_min=appointment,
            door_min=door,
            came_min=came,
            urgent=urgent,
            no_show=no_show,
            rebooked=late_limit is not None and not no_show and door - appointment > late_limit,
            steps=self.compiled.visit_types[vt].steps,
            durations_min=self.durations[pos],
            does_step=self.does[pos],
            patience_min=self.patience[pos],
            documentation_min=_PatientDocumentation(self.documentation, pos),
            turnover_min=self.turnover[pos],
        )


def _scatter(target: list[Any], indices: list[int], values: list[Any]) -> None:
    for i, value in zip(indices, values, strict=True):
        target[i] = value


class _Charting:
    """Each provider's law of charting minutes after a visit (None: no charting), for the day."""

    def __init__(self, compiled: Compiled) -> None:
        self.laws = [p.documentation for p in compiled.providers]
        self.any = any(law is not None for law in self.laws)


class _DocumentationTimes:
    """Charting minutes of one owner's patients with each provider, a provider's column at a time.

    A patient could be seen by any provider (a walk-in assigned at arrival), and each
    provider has their own law. Computing every law for every patient up front grew with
    patients x providers (10,000 providers ran out of memory); a provider's column is
    computed, for all positions at once as before (so the same numbers to the last bit),
    the first time one of these patients is seen by that provider.
    """

    def __init__(self, charting: _Charting, uniforms_: FloatArray) -> None:
        self.laws = charting.laws
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
