"""Fitting a scenario to observed visits, and checking it against them (SPEC §9).

:func:`fit` reads the sheets (:mod:`flowsim.observed`), estimates every parameter the
timestamps identify (:mod:`flowsim.calibrate.estimates`, with :mod:`flowsim.calibrate.families`
choosing each distribution), takes the rest from a base scenario or infers it
(:mod:`flowsim.calibrate.structure`), and back-validates the result (:mod:`flowsim.calibrate.backtest`).
"""

from __future__ import annotations

from flowsim.calibrate.backtest import Backtest
from flowsim.calibrate.estimates import Estimate
from flowsim.calibrate.fitting import FitResult, fit

__all__ = ["Backtest", "Estimate", "FitResult", "fit"]
