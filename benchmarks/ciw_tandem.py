"""A tandem of four queues that both Ciw and flowsim can express, to compare them.

Picture a walk-in clinic with one of everything: patients arrive at random through
the day, check in at a desk, are roomed by a medical assistant, see the provider and
check out at a second desk, queueing in arrival order at each. There is no room held
across steps (Ciw has no such notion), and check-in and checkout are separate desks
because a Ciw node cannot share its servers with another node.

Both engines run the same day: Poisson walk-ins from opening until close, exponential
service at each step, and everyone who came before close is served. The module gives
each engine's day as mean waits per step and a count of patient-steps, so the
benchmark can set cost per patient-step and mean waits side by side.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

import ciw  # type: ignore[import-untyped]

from flowsim.scenarios.schema import Scenario

CLOSE_MIN = 540.0  # 08:00 to 17:00
STEPS = ("check_in", "rooming", "exam", "checkout")
POOLS = ("check_in_desk", "ma", "provider", "checkout_desk")


@dataclass(frozen=True)
class Tandem:
    """Arrival rate and mean service minutes of the four steps (one server each)."""

    walk_ins_per_hour: float = 3.0
    service_mean_min: tuple[float, float, float, float] = (3.0, 6.0, 12.0, 2.0)


@dataclass(frozen=True)
class TandemDay:
    """One simulated day: waits by step and how many patient-steps were served."""

    waits_by_step: dict[str, list[float]]
    patient_steps: int

    def mean_wait(self, step: str) -> float:
        """Mean minutes queued for ``step`` (nan if nobody reached it)."""
        waits = self.waits_by_step.get(step, [])
        return sum(waits) / len(waits) if waits else math.nan


class _ArrivalsUntilClose(ciw.dists.Distribution):  # type: ignore[misc]
    """Poisson arrivals that stop at closing time (no arrival is ever drawn past it)."""

    def __init__(self, per_min: float) -> None:
        self.per_min = per_min

    def sample(self, t: float | None = None, ind: object = None) -> float:
        gap = random.expovariate(self.per_min)
        return gap if (t or 0.0) + gap < CLOSE_MIN else math.inf


def ciw_network(tandem: Tandem) -> Any:
    """The tandem as a Ciw network (node i routes to node i + 1; the last one leaves)."""
    n = len(STEPS)
    routing = [[1.0 if j == i + 1 else 0.0 for j in range(n)] for i in range(n)]
    return ciw.create_network(
        arrival_distributions=[_ArrivalsUntilClose(tandem.walk_ins_per_hour / 60.0)] + [None] * (n - 1),
        service_distributions=[ciw.dists.Exponential(1.0 / mean) for mean in tandem.service_mean_min],
        number_of_servers=[1] * n,
        routing=routing,
    )


def ciw_records(network: Any, seed: int) -> list[Any]:
    """Run one day of the tandem on Ciw; its output, one record per patient-step.

    ``ciw.seed`` seeds Ciw's global random streams.
    """
    ciw.seed(seed)
    simulation = ciw.Simulation(network)
    simulation.simulate_until_max_time(CLOSE_MIN * 100)  # arrivals stop at close; this only ends the run
    records: list[Any] = simulation.get_all_records()
    return records


def ciw_day(network: Any, seed: int) -> TandemDay:
    """One day of the tandem on Ciw, as waits by step."""
    records = ciw_records(network, seed)
    waits: dict[str, list[float]] = {step: [] for step in STEPS}
    for record in records:
        waits[STEPS[record.node - 1]].append(record.waiting_time)
    return TandemDay(waits, len(records))


def flowsim_scenario(tandem: Tandem) -> Scenario:
    """The tandem as a flowsim scenario.

    flowsim always builds an appointment book, so the one provider gets a single
    day-long slot whose patient never shows (no-show probability 1); everyone seen is a
    walk-in.
    """
    steps = [
        {"name": step, "duration_min": {"dist": "exponential", "mean": mean}, "needs": [pool]}
        for step, pool, mean in zip(STEPS, POOLS, tandem.service_mean_min, strict=True)
    ]
    data = {
        "name": "ciw_tandem",
        "clinic": {"open": "08:00", "close": "17:00"},
        "providers": {"dr_a": {"sessions": [{"start": "08:00", "end": "17:00"}]}},
        "staff": {pool: {"count": 1} for pool in POOLS if pool != "provider"},
        "visit_types": {
            "never_booked": {"share": 1.0, "slot_min": CLOSE_MIN, "no_show_prob": 1.0, "pathway": "tandem"},
            "walk_in": {"share": 0.0, "slot_min": 20, "pathway": "tandem"},
        },
        "pathways": {"tandem": steps},
        "walk_ins": {"per_hour": tandem.walk_ins_per_hour, "visit_mix": {"walk_in": 1.0}, "assign": "in_turn"},
        "queue_discipline": "arrival",
        "urgent_first": False,
    }
    return Scenario.model_validate(data)


def flowsim_day(scenario: Scenario, seed: int, rep: int) -> TandemDay:
    """One day of the tandem on flowsim's engine, as waits by step read off its event log."""
    from benchmarks.daylog_waits import step_waits
    from flowsim.model import simulate

    waits = step_waits(simulate(scenario, seed, rep))
    return TandemDay(waits, sum(len(w) for w in waits.values()))
