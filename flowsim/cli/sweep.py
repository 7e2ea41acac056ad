"""``flowsim sweep``: a resumable grid of redesigns of one scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from flowsim.cli import options as opt
from flowsim.cli.base import app
from flowsim.cli.tables import sweep_table
from flowsim.experiment import run_sweep
from flowsim.results.folders import refuse_plain_file
from flowsim.scenarios import parse_vary


@app.command()
def sweep(
    scenario: Annotated[Path, typer.Argument(help="The scenario every grid point starts from.", show_default=False)],
    vary: Annotated[
        list[str],
        typer.Option("--vary", help="A field and its values, e.g. exam_rooms.count=6,8,10 (repeat for a grid)."),
    ],
    out: Annotated[Path, typer.Option("--out", help="Folder of the sweep; rerun with the same folder to resume.")],
    reps: opt.RepsOption = "30",
    precision: opt.PrecisionOption = 0.05,
    max_reps: opt.MaxRepsOption = 1000,
    seed: opt.SeedOption = 1,
    force: opt.ForceOption = False,
    workers: opt.WorkersOption = None,
    scheduler: opt.SchedulerOption = None,
    fmt: opt.FormatOption = "table",
    reference: Annotated[
        str, typer.Option("--reference", help="Point the others are compared with: grid position (from 0) or id.")
    ] = "0",
) -> None:
    """Run every combination of the --vary values; each point is saved when done, so a rerun resumes."""
    with opt.user_errors():
        settings = opt.RunOptions(reps, precision, max_reps, seed, workers, scheduler, fmt).checked_reps()
        varies = [parse_vary(text) for text in vary]
        if force:  # a folder that cannot be replaced is refused now, not after the sweep
            opt.check_out(out, force)
        refuse_plain_file(out)  # without --force too: a sweep resumes in a folder, never in a file
        (base,) = opt.load_all([scenario])
        opt.freeze_start_up_objects()
        with opt.progress_bar("grid points") as progress:
            result = run_sweep(
                base, varies, settings, seed, out, workers=workers, scheduler=scheduler, progress=progress,
                force=force, reference=int(reference) if reference.isdigit() else reference,
            )  # fmt: skip
    typer.echo(f"{len(result.computed)} points computed, {len(result.skipped)} already done; wrote {out}", err=True)
    if fmt == "table":
        Console().print(sweep_table(result.summary, [path for path, _ in varies]))
    else:
        tables = {"summary": result.summary, "grid": result.grid}
        if result.comparison is not None:
            tables["comparison"] = result.comparison
        opt.emit(tables, fmt, primary="summary")
