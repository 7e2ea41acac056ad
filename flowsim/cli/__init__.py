"""Command line: ``flowsim run | compare | sweep | validate | fit | export | app``.

Each command lives in its own module and registers itself on :data:`app`.
"""

from __future__ import annotations

import sys

import typer

from flowsim.cli import (
    app_cmd,  # noqa: F401  (registers the command)
    compare,  # noqa: F401  (registers the command)
    export,  # noqa: F401  (registers the command)
    fit_cmd,  # noqa: F401  (registers the command)
    run,  # noqa: F401  (registers the command)
    sweep,  # noqa: F401  (registers the command)
    validate,  # noqa: F401  (registers the command)
)
from flowsim.cli.base import app


def main() -> None:
    """Entry point of the ``flowsim`` console script.

    Usage mistakes (a missing argument, ``--workers abc``) are reported as one line on
    stderr with exit code 2, like every other bad input, instead of click's usage box.
    """
    try:
        result = app(standalone_mode=False, prog_name="flowsim")
    except typer.TyperException as error:  # usage errors of the command-line parser
        context = getattr(error, "ctx", None)
        command = context.command_path if context is not None else "flowsim"
        typer.echo(f"{command}: {error.format_message()} (see '{command} --help')", err=True)
        sys.exit(getattr(error, "exit_code", 2))
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("flowsim: interrupted", err=True)
        sys.exit(130)
    sys.exit(result if isinstance(result, int) else 0)


__all__ = ["app", "main"]
