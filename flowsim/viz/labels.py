"""A KPI's label with its unit, as the figures put it on an axis: ``"Average wait for the provider (min)"``."""

from __future__ import annotations

from flowsim.results.catalogue import title as kpi_label

__all__ = ["kpi_label"]
