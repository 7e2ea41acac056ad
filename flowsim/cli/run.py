"""``flowsim run``: simulate scenarios and show their headline KPIs with 95% intervals."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from flowsim.cli import options as opt
from flowsim.cli.base import app
from flowsim.cli.tables import summary_table
from flowsim.experiment import Experiment, run_experiment


def experiment_from_options(paths: list[Path], options: opt.RunOptions, out: Path | None, force: bool) -> Experiment:
    """Check the options, run the experiment with a progress bar, write --out; report the precision.

    The returned experiment holds KPIs, summary and comparison only (no visits or events).
    """
    reps = options.checked_reps()
    opt.check_out(out, force)
    scenarios = opt.load_all(paths)
    opt.freeze_start_up_objects()
    with opt.progress_bar("replications") as progress:
        # the commands print summaries only: the large tables go straight to --out (if any), chunk by chunk
        experiment = run_experiment(
            scenarios,
            reps,
            options.seed,
            workers=options.workers,
            scheduler=options.scheduler,
            progress=progress,
            keep_visits=False,
            keep_events=False,
            out=out,
            force=force,
        )
    if experiment.precision is not None:
        typer.echo(("" if experiment.precision.reached else "warning: ") + experiment.precision.message, err=True)
    return experiment


@app.command()
def run(
    scenarios: Annotated[list[Path], typer.Argument(help="Scenario files (YAML).", show_default=False)],
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
    """Simulate each scenario over the same days and show headline KPIs with 95% intervals."""
    options = opt.RunOptions(reps, precision, max_reps, seed, workers, scheduler, fmt, half_width, on)
    with opt.user_errors():
        experiment = experiment_from_options(scenarios, options, out, force)
    if fmt == "table":
        Console().print(summary_table(experiment.summary, experiment.reps))
    else:
        opt.emit({"summary": experiment.summary}, fmt, primary="summary")
    if out is not None:
        typer.echo(f"wrote {out}", err=True)
