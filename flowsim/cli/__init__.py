"""Command line: ``flowsim run | compare | sweep | validate | app``.

Each command lives in its own module and registers itself on :data:`app`.
"""

from __future__ import annotations

from flowsim.cli import app_cmd  # noqa: F401  (registers the command)
from flowsim.cli import validate  # noqa: F401  (registers the command)
from flowsim.cli.base import app


def main() -> None:
    """Entry point of the ``flowsim`` console script."""
    app()


__all__ = ["app", "main"]
