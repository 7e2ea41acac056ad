"""Errors of the experiment layer that a user can act on; their messages are for people."""

from __future__ import annotations


class ExecutorError(RuntimeError):
    """The chosen place to run replications is not available or broke down.

    Raised for a missing Dask install, an unreachable scheduler, or local worker
    processes that could not start; the message says what to do.
    """


class ExperimentError(ValueError):
    """An experiment asked for something impossible (no scenario, repeated names, zero replications)."""
