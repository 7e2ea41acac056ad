"""The least a SimPy model of the benchmark clinic can cost: the floor for flowsim's engine.

Picture the benchmark clinic written by hand in an afternoon: four providers, each
with two exam rooms of their own, two medical assistants and two front-desk clerks.
A patient checks in at the front desk, waits for one of the provider's rooms and an
MA to room them, keeps the room through the exam, leaves it to be cleaned for three
minutes and checks out at the front desk. Providers take the hour between their
sessions off once they have seen every patient of the morning already in the clinic
(the gap shrinks; it ends on time).

Everything random is drawn with numpy before the clock starts; the processes use
plain SimPy ``PriorityResource`` objects (every queue in order of arrival at the
clinic) and record nothing but the wait for the provider. The model was written from
the issue's description of the clinic, without reading flowsim's engine, so it also
serves as an independent check of flowsim's numbers.

Semantics shared with the benchmark scenario (``benchmark_clinic.yaml``):

- time is minutes from opening (08:00); patients who come early wait for opening;
- a step needing several resources takes them in the order listed
  (rooming: the room first, then the MA);
- ``wait_for_provider_min`` = exam start − max(arrival, appointment) (walk-ins: − arrival).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Generator
from dataclasses import dataclass

import numpy as np
import simpy
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
BREAK_PRIORITY = -1  # a break request goes before every waiting patient (patients rank from 0)


@dataclass(frozen=True)
class ClinicParams:
    """The benchmark clinic's numbers (defaults: the clinic of the performance issue)."""

    providers: int = 4
    rooms_per_provider: int = 2
    medical_assistants: int = 2
    front_desk: int = 2
    sessions_min: tuple[tuple[float, float], ...] = ((0.0, 240.0), (300.0, 540.0))
    slot_min: float = 20.0
    no_show_prob: float = 0.1
    punctuality_mean_min: float = -5.0
    punctuality_sd_min: float = 10.0
    walk_ins_per_hour: float = 1.0
    close_min: float = 540.0
    check_in_min: tuple[float, float] = (3.0, 0.5)  # lognormal (mean, cv)
    rooming_min: tuple[float, float] = (6.0, 0.4)
    exam_min: tuple[float, float] = (15.0, 0.5)
    checkout_min: tuple[float, float] = (2.0, 0.5)
    turnover_min: float = 3.0


def _lognormal(rng: np.random.Generator, mean_cv: tuple[float, float], size: int) -> FloatArray:
    mean, cv = mean_cv
    sigma2 = math.log1p(cv * cv)
    return rng.lognormal(math.log(mean) - sigma2 / 2.0, math.sqrt(sigma2), size)


def _patients(params: ClinicParams, rng: np.random.Generator) -> FloatArray:
    """One row per patient who comes, in order of arrival.

    Columns: provider index, arrival, the time the wait for the provider counts from
    (max of arrival and appointment; a walk-in's arrival), the appointment (NaN for a
    walk-in), then the four step durations.
    The row number is the patient's rank in every queue.
    """
    slots = [
        start + k * params.slot_min
        for start, end in params.sessions_min
        for k in range(int((end - start) // params.slot_min))
    ]
    appointments = np.tile(np.asarray(slots), params.providers)
    providers = np.repeat(np.arange(params.providers, dtype=float), len(slots))
    shows = rng.random(appointments.size) >= params.no_show_prob
    offsets = rng.normal(params.punctuality_mean_min, params.punctuality_sd_min, appointments.size)
    arrivals = appointments + offsets
    booked = np.column_stack([providers, arrivals, np.maximum(arrivals, appointments), appointments])[shows]

    # A Poisson process on [0, close): a Poisson count of uniformly scattered times.
    count = rng.poisson(params.walk_ins_per_hour * params.close_min / 60.0)
    walk_in_arrivals = np.sort(rng.uniform(0.0, params.close_min, count))
    turns = np.arange(count) % params.providers
    walk_ins = np.column_stack([turns, walk_in_arrivals, walk_in_arrivals, np.full(count, np.nan)])

    people = np.vstack([booked, walk_ins])
    n = len(people)
    steps = [
        _lognormal(rng, d, n) for d in (params.check_in_min, params.rooming_min, params.exam_min, params.checkout_min)
    ]
    table = np.column_stack([people, *steps])
    return table[np.argsort(table[:, 1], kind="stable")]


class _Clinic:
    """The clinic's resources and the patient process, for one day."""

    def __init__(self, env: simpy.Environment, params: ClinicParams) -> None:
        self.env = env
        self.turnover_min = params.turnover_min
        self.front_desk = simpy.PriorityResource(env, params.front_desk)
        self.ma = simpy.PriorityResource(env, params.medical_assistants)
        self.rooms = [simpy.PriorityResource(env, params.rooms_per_provider) for _ in range(params.providers)]
        self.providers = [simpy.PriorityResource(env, 1) for _ in range(params.providers)]
        self.waits: list[float] = []
        # per provider: rank -> appointment of each patient in the clinic not yet through the exam
        self.inside: list[dict[int, float]] = [{} for _ in range(params.providers)]
        self.lists: list[tuple[set[int], simpy.Event] | None] = [None] * params.providers

    def _examined(self, who: int, rank: int) -> None:
        del self.inside[who][rank]
        waiting = self.lists[who]
        if waiting is not None and rank in waiting[0]:
            waiting[0].discard(rank)
            if not waiting[0]:
                self.lists[who] = None
                waiting[1].succeed()

    def off_duty(self, who: int, start: float, end: float) -> Generator[simpy.Event]:
        """At ``start`` the provider sees the session's patients already inside, then stops
        after the visit in progress, and is back at ``end``."""
        yield self.env.timeout(start)
        morning = {rank for rank, appointment in self.inside[who].items() if not appointment >= start}  # NaN: walk-in
        if morning:
            done = self.env.event()
            self.lists[who] = (morning, done)
            yield done
        with self.providers[who].request(priority=BREAK_PRIORITY) as req:
            yield req
            if self.env.now < end:
                yield self.env.timeout(end - self.env.now)

    def visit(self, rank: int, row: list[float]) -> Generator[simpy.Event]:
        """One patient, from the door to checkout; ``rank`` is their place in every queue."""
        env = self.env
        who, arrival, due, appointment, check_in, rooming, exam, checkout = row
        if arrival > 0:
            yield env.timeout(arrival)
        self.inside[int(who)][rank] = appointment
        with self.front_desk.request(priority=rank) as desk:
            yield desk
            yield env.timeout(check_in)
        rooms = self.rooms[int(who)]
        room = rooms.request(priority=rank)
        yield room
        with self.ma.request(priority=rank) as ma:
            yield ma
            yield env.timeout(rooming)
        with self.providers[int(who)].request(priority=rank) as provider:
            yield provider
            self.waits.append(env.now - due)
            yield env.timeout(exam)
        self._examined(int(who), rank)

        def free_room(_event: simpy.Event) -> None:
            rooms.release(room)

        env.timeout(self.turnover_min).callbacks.append(free_room)  # cleaning, without a process
        with self.front_desk.request(priority=rank) as desk:
            yield desk
            yield env.timeout(checkout)


def simulate_day(seed: int, rep: int = 0, params: ClinicParams | None = None) -> FloatArray:
    """Run day ``rep`` of ``seed``; return the wait for the provider (minutes) of every patient seen.

    Its random numbers come from numpy's own generator seeded with ``(seed, rep)``,
    unrelated to flowsim's streams, so the two models' days are independent samples.
    """
    params = params or ClinicParams()
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(rep,)))
    patients = _patients(params, rng)
    env = simpy.Environment()
    clinic = _Clinic(env, params)
    for who in range(params.providers):
        for (_, end), (next_start, _) in zip(params.sessions_min, params.sessions_min[1:], strict=False):
            env.process(clinic.off_duty(who, end, next_start))
    for rank, row in enumerate(patients.tolist()):
        env.process(clinic.visit(rank, row))
    env.run()
    return np.asarray(clinic.waits)


def patients_per_day(params: ClinicParams | None = None) -> float:
    """Expected number of patients who come in a day (booked who show, plus walk-ins)."""
    params = params or ClinicParams()
    slots = sum(int((end - start) // params.slot_min) for start, end in params.sessions_min)
    booked = params.providers * slots * (1.0 - params.no_show_prob)
    return booked + params.walk_ins_per_hour * params.close_min / 60.0


def main(argv: list[str] | None = None) -> None:
    """``python -m benchmarks.minimal_simpy REPS [SEED]``: run REPS days, print the mean wait for the provider.

    This is the minimal model's side of the end-to-end comparison with ``flowsim run``:
    a fresh interpreter, imports, every replication, one number out.
    """
    args = sys.argv[1:] if argv is None else argv
    reps, seed = int(args[0]), int(args[1]) if len(args) > 1 else 1
    day_means = [float(np.mean(simulate_day(seed, rep))) for rep in range(reps)]
    print(f"{reps} days, mean wait for the provider {np.mean(day_means):.3f} min")


if __name__ == "__main__":
    main()
