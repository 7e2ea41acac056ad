"""``flowsim validate FILE...``: check scenario files before running them.

Each good file gets one line saying what it describes; each bad file gets every problem,
one line each as ``file: field.path: message``, so that all can be fixed in one pass.
The exit code is 0 when every file is valid and 2 otherwise; there is never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from flowsim.cli.base import app
from flowsim.scenarios.errors import ScenarioError
from flowsim.scenarios.loader import load_scenario
from flowsim.scenarios.schema import Scenario

INVALID = 2


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(scenario: Scenario) -> str:
    """One line saying what a scenario describes.

    For example ``Family practice: 4 providers, 8 exam rooms (dedicated), ..., walk-ins 0.5/h``.
    """
    parts = [_plural(len(scenario.providers), "provider")]
    rooms = scenario.exam_rooms
    if rooms.count:
        parts.append(f"{_plural(rooms.count, 'exam room')} ({rooms.policy})")
    parts += [
        f"{_plural(t.count, name.replace('_', ' ') + ' room')} ({t.policy})" for name, t in scenario.room_types.items()
    ]
    staff = sum(pool.count for pool in scenario.staff.values())
    if staff:
        parts.append(f"{_plural(staff, 'staff member')} in {_plural(len(scenario.staff), 'pool')}")
    parts.append(_plural(len(scenario.visit_types), "visit type"))
    if scenario.walk_ins is not None:
        rates = [scenario.walk_ins.per_hour, *(r.per_hour for r in scenario.walk_ins.rate_by_time)]
        parts.append(f"walk-ins {max(rates):.1f}/h" if len(rates) > 1 else f"walk-ins {rates[0]:.1f}/h")
    return f"{scenario.name}: {', '.join(parts)}"


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Scenario files (YAML) to check.", show_default=False)],
) -> None:
    """Check scenario files: one summary line per valid file, every problem of every invalid one."""
    failed = False
    for file in files:
        try:
            scenario = load_scenario(file)
        except ScenarioError as error:
            failed = True
            for line in error.lines():
                typer.echo(line, err=True)
            continue
        typer.echo(f"{file}: ok — {summary(scenario)}")
    if failed:
        raise typer.Exit(INVALID)
