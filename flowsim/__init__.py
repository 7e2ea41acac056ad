"""flowsim: simulate patient flow in an outpatient clinic and compare redesigns by wait time.

The names a consultant needs are here::

    import flowsim

    baseline = flowsim.load_scenario("scenarios/family_practice.yaml")
    pooled = flowsim.with_changes(baseline, {"exam_rooms.policy": "pooled"})
    result = flowsim.run_experiment([baseline, pooled], reps=100, seed=1)
    result.comparison  # paired differences with 95% intervals

They are imported on first use, so ``import flowsim`` stays cheap for the engine's worker
processes (the engine itself needs neither pandas nor plotly).
"""

import lazy_loader

__version__ = "0.1.0"

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)  # the names in __init__.pyi
__all__ += ["__version__"]
