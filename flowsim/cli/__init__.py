"""Command line: ``flowsim run | compare | sweep | validate | app``.

Each command lives in its own module and registers itself on :data:`app`.
"""

from __future__ import annotations

from flowsim.cli import (
    app_cmd,  # noqa: F401  (registers the command)
    compare,  # noqa: F401  (registers the command)
    run,  # noqa: F401  (registers the command)
    sweep,  # noqa: F401  (registers the command)
    validate,  # noqa: F401  (registers the command)
)
from flowsim.cli.base import app


def main() -> None:
    """Entry point of the ``flowsim`` console script."""
    app()


__all__ = ["app", "main"]
