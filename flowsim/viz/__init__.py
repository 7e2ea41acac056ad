"""Figures for people who run a clinic: DataFrames in, plotly figures out.

Every function here takes the tidy tables a run produces (the stopwatch sheet of
visits, the event log, the per-replication KPIs, their summary or a paired comparison)
and returns a :class:`plotly.graph_objects.Figure`. Nothing here runs a model or knows
about the app; the same figures serve the app, the notebooks and anyone's own analysis.
"""

# The figures are imported on first use (their imports are in __init__.pyi): importing one figure's
# module does not load plotly's graph objects for all of them.
import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
