"""``flowsim compare``: paired differences of redesigns against a baseline, with 95% intervals."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from flowsim.cli import options as opt
from flowsim.cli.base import app
from flowsim.cli.run import experiment_from_options
from flowsim.cli.tables import comparison_tables, pairing_gain_lines


@app.command()
def compare(
    baseline: Annotated[Path, typer.Argument(help="The baseline scenario file.", show_default=False)],
    redesigns: Annotated[list[Path], typer.Argument(help="Redesign scenario files.", show_default=False)],
    reps: opt.RepsOption = "30",
    precision: opt.PrecisionOption = 0.05,
    max_reps: opt.MaxRepsOption = 1000,
    half_width: opt.HalfWidthOption = None,
    on: opt.OnOption = "mean",
    seed: opt.SeedOption = 1,
    out: opt.OutOption = None,
    force: opt.ForceOption = False,
    workers: opt.WorkersOption = None,
    scheduler: opt.SchedulerOption = None,
    fmt: opt.FormatOption = "table",
) -> None:
    """Compare redesigns with the baseline over the same simulated days (paired differences)."""
    options = opt.RunOptions(reps, precision, max_reps, seed, workers, scheduler, fmt, half_width, on)
    with opt.user_errors():
        experiment = experiment_from_options([baseline, *redesigns], options, out, force)
    comparison = experiment.comparison
    assert comparison is not None  # two or more scenarios always give a comparison
    if fmt == "table":
        console = Console()
        for table in comparison_tables(comparison, experiment.baseline, experiment.reps):
            console.print(table)
        for line in pairing_gain_lines(comparison):
            console.print(line)
    else:
        opt.emit({"comparison": comparison, "summary": experiment.summary}, fmt, primary="comparison")
    if out is not None:
        typer.echo(f"wrote {out}", err=True)
