"""Fitting a scenario to observed visits, and checking it against them (SPEC §9).

:func:`fit` reads the sheets (:mod:`flowsim.observed`), estimates every parameter the
timestamps identify (:mod:`flowsim.fit.estimates`, with :mod:`flowsim.fit.families`
choosing each distribution), takes the rest from a base scenario or infers it
(:mod:`flowsim.fit.structure`), and back-validates the result (:mod:`flowsim.fit.backtest`).
"""

from __future__ import annotations

from flowsim.fit.backtest import Backtest
from flowsim.fit.estimates import Estimate
from flowsim.fit.fitting import FitResult, fit

__all__ = ["Backtest", "Estimate", "FitResult", "fit"]
