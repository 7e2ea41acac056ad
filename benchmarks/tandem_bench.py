"""flowsim against Ciw on the tandem both can express: cost per patient-step and mean waits.

A patient-step is one patient served at one step (one Ciw service record, one flowsim
step start). Cost is the time of each engine producing its own output (Ciw's records,
flowsim's event log) per patient-step over the same simulated days, timed in
alternation; reading the waits off those outputs is not timed; the mean waits per step of the two engines, each with its
standard error over days, are shown side by side (they should agree: same model,
different engines).
"""

from __future__ import annotations

import math

from benchmarks.agreement import mean_se
from benchmarks.ciw_tandem import (
    STEPS,
    Tandem,
    TandemDay,
    ciw_day,
    ciw_network,
    ciw_records,
    flowsim_day,
    flowsim_scenario,
)
from benchmarks.timing import Timing, interleaved

SEED = 7


def cost_per_patient_step(days: int, rounds: int) -> dict[str, Timing]:
    """Time per patient-step of Ciw and of flowsim's engine on the tandem (by engine name)."""
    tandem = Tandem()
    network, scenario = ciw_network(tandem), flowsim_scenario(tandem)
    steps = {
        "ciw": sum(ciw_day(network, SEED * 100_000 + d).patient_steps for d in range(days)),
        "flowsim": sum(flowsim_day(scenario, SEED, d).patient_steps for d in range(days)),
    }
    from flowsim.model import simulate

    cases = {
        "ciw": lambda: [ciw_records(network, SEED * 100_000 + d) for d in range(days)],
        "flowsim": lambda: [simulate(scenario, SEED, d) for d in range(days)],
    }
    timings = interleaved(cases, rounds)
    return {name: timings[name].per(steps[name]) for name in cases}


def mean_and_se(days: list[TandemDay], step: str) -> tuple[float, float]:
    """Mean over days of the day's mean wait for ``step``, and its standard error."""
    values = [v for v in (day.mean_wait(step) for day in days) if not math.isnan(v)]
    return mean_se(values)


def mean_waits(days: int, seed: int = SEED) -> dict[str, dict[str, tuple[float, float]]]:
    """Mean wait per step, with standard error, for each engine over ``days`` independent days."""
    tandem = Tandem()
    network, scenario = ciw_network(tandem), flowsim_scenario(tandem)
    ciw_days = [ciw_day(network, seed * 100_000 + d) for d in range(days)]
    flowsim_days = [flowsim_day(scenario, seed, d) for d in range(days)]
    return {
        "ciw": {step: mean_and_se(ciw_days, step) for step in STEPS},
        "flowsim": {step: mean_and_se(flowsim_days, step) for step in STEPS},
    }
