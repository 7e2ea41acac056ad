"""How many morning patients wait through the lunch gap: ``python -m benchmarks.lunch_gap SCENARIO...``.

A morning patient (appointment before 12:00) seen by the provider at or after 13:00 sat
through the providers' time off between sessions. With the morning list finished before
lunch (SPEC §2) there should be none in the bundled family practice.
"""

from __future__ import annotations

import sys

from flowsim.model import simulate
from flowsim.results import log_tables
from flowsim.scenarios import load_scenario

NOON_MIN, ONE_PM_MIN = 240.0, 300.0  # minutes from an 08:00 opening


def lunch_gap(path: str, reps: int = 50, seed: int = 2024) -> tuple[float, float]:
    """Morning patients seen after 13:00 per day, and the mean wait for the provider of all seen."""
    scenario = load_scenario(path)
    visits = log_tables((scenario.name, rep, simulate(scenario, seed, rep)) for rep in range(reps)).visits
    seen = visits[visits["outcome"] == "seen"]
    late = seen[(seen["appointment_min"] < NOON_MIN) & (seen["provider_start_min"] >= ONE_PM_MIN)]
    return len(late) / reps, float(seen["wait_for_provider_min"].mean())


def main(argv: list[str] | None = None) -> None:
    for path in sys.argv[1:] if argv is None else argv:
        per_day, wait = lunch_gap(path)
        print(f"{path}: {per_day:.2f} morning patients a day seen after 13:00; mean wait of all seen {wait:.2f} min")


if __name__ == "__main__":
    main()
