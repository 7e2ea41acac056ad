"""Long tables: one row per number, ready for a consultant's own plots.

The KPI table is wide (one column per KPI, per provider, per step), which suits a
spreadsheet and collides in a plotting library: ``exam_room_wait_min`` (a KPI) and
``<step>_wait_min`` (a step's wait) look alike, and the provider sits inside the column
name. Here every number gets its own row with the KPI, the kind of group it belongs to
(``all``, ``visit_type``, ``provider`` or ``step``) and the group: seaborn's or plotly
express's ``facet``, ``hue`` and ``x`` take those columns directly. Designs are ordered
categoricals with the baseline first, so every plot and groupby shows it first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from flowsim.results import catalogue
from flowsim.results.columns import step_wait_column
from flowsim.results.summary import KEY_COLUMNS, _t_half_width, kpi_names

GROUP_KINDS = ("all", "visit_type", "provider", "role", "step")
LONG_COLUMNS = ("scenario", "rep", "kpi", "group_kind", "group", "value")
PER_PROVIDER = ("provider_utilisation", "provider_idle_min", "provider_overtime_min")


def designs_first(frame: pd.DataFrame, designs: Sequence[str], column: str = "scenario") -> pd.DataFrame:
    """``frame`` with ``column`` an ordered categorical of ``designs`` (baseline first)."""
    if column not in frame.columns:
        return frame
    values = frame[column]
    if isinstance(values.dtype, pd.CategoricalDtype):
        # an event log has millions of rows and few designs: recode the categories, not the rows
        seen = [str(c) for c in values.cat.categories]
        extra = [d for d in seen if d not in designs]
        categories = [*designs, *extra]
        recoded = values.cat.rename_categories(seen).cat.set_categories(categories, ordered=True)
        return frame.assign(**{column: recoded})
    # coded once in C, then the few distinct names are placed (no Python loop, no lookup, per row)
    codes, uniques = pd.factorize(values.astype(str))
    names = [str(d) for d in uniques]
    categories = [*designs, *(d for d in names if d not in designs)]
    position = np.array([categories.index(d) for d in names] + [-1], dtype=np.int64)
    dtype = pd.CategoricalDtype(categories, ordered=True)
    return frame.assign(**{column: pd.Categorical.from_codes(position[codes], dtype=dtype, validate=False)})


def missing_as_na(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every empty text value (``""``: no resource, no provider...) as NA.

    Categorical columns lose their ``""`` category (its rows become NA); string and
    object columns have ``""`` replaced by NA. Other columns are left as they are.
    """
    changed: dict[str, pd.Series] = {}
    for column in frame.columns:
        values = frame[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            if "" in values.cat.categories:
                # set_categories keeps the order (remove_categories sorts what is left)
                kept = [c for c in values.cat.categories if c != ""]
                changed[str(column)] = values.cat.set_categories(kept)
        elif pd.api.types.is_string_dtype(values.dtype) or values.dtype == object:
            blank = values.eq("").fillna(False).to_numpy(dtype=bool)
            if blank.any():
                changed[str(column)] = values.mask(blank, pd.NA)
    return frame.assign(**changed) if changed else frame


def kpis_long(
    kpis: pd.DataFrame,
    visits: pd.DataFrame | None = None,
    designs: Sequence[str] | None = None,
    roles: Mapping[str, Mapping[str, str]] | None = None,
) -> pd.DataFrame:
    """Every day-level KPI as a row: ``scenario, rep, kpi, group_kind, group, value``.

    Parameters
    ----------
    kpis
        One row per scenario and replication (``kpis.csv``).
    visits
        The stopwatch sheet; when given, per-patient KPIs are added per visit type and
        per provider (the mean over that group's patients who have the KPI, per day).
    designs
        Design order, baseline first (default: order of first appearance).
    roles
        Per scenario, each provider's role (``providers.<p>.role``); with ``visits``, the
        per-patient KPIs are also given per role of the clinician the visit is booked with
        (``group_kind="role"``: physicians' patients against the nurse's own book).

    Returns
    -------
    pandas.DataFrame
        ``kpi`` is a catalogue name (a family's for grouped rows): ``provider_utilisation_dr_lee``
        is ``kpi="provider_utilisation_{provider}", group_kind="provider", group="dr_lee"``;
        ``rooming_wait_min_mean`` is ``kpi="{step}_wait_min_mean", group_kind="step",
        group="rooming"``; per-patient KPIs by visit type keep their name
        (``wait_for_provider_min_mean``, ``group_kind="visit_type"``).
        Missing values are NA (a provider absent from a design has no rows there).
    """
    order = list(designs) if designs is not None else list(dict.fromkeys(kpis["scenario"].astype(str)))
    steps = [c.removeprefix("wait_share_") for c in kpis.columns if c.startswith("wait_share_")]
    melted = kpis.melt(id_vars=list(KEY_COLUMNS), value_vars=kpi_names(kpis), var_name="column", value_name="value")
    split = pd.DataFrame([_split(c, steps) for c in melted["column"]], columns=["kpi", "group_kind", "group"])
    frame = pd.concat([melted.drop(columns="column").reset_index(drop=True), split], axis=1)
    frame = frame.loc[~((frame["group_kind"] != "all") & frame["value"].isna())]
    if visits is not None and not visits.empty:
        groups = [_by_group(visits, "visit_type"), _by_group(visits, "provider")]
        if roles:
            groups.append(_by_group(visits.assign(role=_roles(visits, roles)), "role"))
        frame = pd.concat([frame, *groups], ignore_index=True)
    frame["group"] = frame["group"].astype("string")
    frame["value"] = frame["value"].astype("Float64")
    kinds = pd.CategoricalDtype(list(GROUP_KINDS), ordered=True)
    return designs_first(frame.assign(group_kind=frame["group_kind"].astype(kinds)), order)[list(LONG_COLUMNS)]


def summary_long(long: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Mean and t-interval over replications for every (scenario, kpi, group) of :func:`kpis_long`.

    Returns ``scenario, kpi, group_kind, group, mean, sd, ci_low, ci_high, n_reps``, in the
    order of ``long`` (designs baseline first); days without a value are left out of
    ``n_reps``, as in :func:`~flowsim.results.summarise`.
    """
    keys = ["scenario", "kpi", "group_kind", "group"]
    present = long.dropna(subset=["value"]).astype({"value": float})
    grouped = present.groupby(keys, observed=True, sort=False, dropna=False)["value"]
    table = grouped.agg(mean="mean", sd="std", n_reps="count").reset_index()
    half = _t_half_width(table["sd"].to_numpy(), table["n_reps"].to_numpy(), table["n_reps"].to_numpy() - 1, confidence)
    table["sd"] = table["sd"].where(table["n_reps"] > 1)
    table["ci_low"], table["ci_high"] = table["mean"] - half, table["mean"] + half
    table = table.sort_values("scenario", kind="stable", ignore_index=True)  # designs in order, KPIs as in long
    return table[["scenario", "kpi", "group_kind", "group", "mean", "sd", "ci_low", "ci_high", "n_reps"]]


def _split(column: str, steps: Sequence[str]) -> tuple[str, str, str | None]:
    """``(kpi, group_kind, group)`` of a wide KPI column."""
    if column.startswith("wait_share_"):
        return "wait_share_{step}", "step", column.removeprefix("wait_share_")
    for step in steps:
        for suffix in catalogue.STATISTICS:
            if column == step_wait_column(step) + suffix:
                return f"{{step}}_wait_min{suffix}", "step", step
    for base in PER_PROVIDER:
        if column.startswith(base + "_") and column != base:
            return base + "_{provider}", "provider", column.removeprefix(base + "_")
    return column, "all", None


def _roles(visits: pd.DataFrame, roles: Mapping[str, Mapping[str, str]]) -> pd.Series[Any]:
    """The role of each visit's provider (NA where the scenario or provider is not listed)."""
    pairs = zip(visits["scenario"].astype(str), visits["provider"].astype("string").fillna(""), strict=True)
    return pd.Series([roles.get(s, {}).get(p) for s, p in pairs], index=visits.index, dtype="string")


def _by_group(visits: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per day and group, the mean of each per-patient KPI over the patients who have it."""
    names = [n for n in catalogue.patient_kpi_names([]) if n in visits.columns]  # step waits: group "step"
    group = visits[by].astype("string").replace({"": pd.NA})  # "string" keeps NA as NA
    frame = visits[["scenario", "rep", *names]].assign(group=group).dropna(subset=["group"])
    means = frame.groupby(["scenario", "rep", "group"], observed=True, sort=False)[names].mean().reset_index()
    long = means.melt(id_vars=["scenario", "rep", "group"], var_name="kpi", value_name="value")
    long = long.dropna(subset=["value"])
    return long.assign(kpi=long["kpi"] + "_mean", group_kind=by, scenario=long["scenario"].astype(str)).astype(
        {"value": float, "rep": np.int64}
    )
