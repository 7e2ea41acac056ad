"""How long patients wait, scenario by scenario.

Averages hide the patient who waited an hour. This figure shows the whole spread of a
per-patient wait (every seen patient of every replication): a box per scenario with
its median, quartiles and mean, or the share of patients seen within each number of
minutes (an empirical cumulative distribution, read "80% waited 20 minutes or less").
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from flowsim.results.catalogue import title as kpi_label


def patient_waits(visits: pd.DataFrame, kpi: str = "wait_for_provider_min") -> dict[str, np.ndarray]:
    """The per-patient values of ``kpi`` for each scenario, patients without a value left out.

    Parameters
    ----------
    visits
        The stopwatch sheet: one row per scenario, replication and patient.
    kpi
        A per-patient column, e.g. ``"wait_for_provider_min"``.

    Returns
    -------
    dict
        Scenario name to its values, in order of first appearance of the scenario.
    """
    if kpi not in visits.columns:
        raise ValueError(f"visits has no column {kpi!r}; per-patient columns include wait_for_provider_min")
    return {
        str(name): group[kpi].dropna().to_numpy(dtype=float)
        for name, group in visits.groupby("scenario", sort=False, observed=True)
    }


def wait_distribution(
    visits: pd.DataFrame,
    kpi: str = "wait_for_provider_min",
    kind: Literal["box", "ecdf"] = "box",
    target_min: float | None = 15.0,
) -> go.Figure:
    """The distribution of a per-patient wait in each scenario.

    Parameters
    ----------
    visits
        The stopwatch sheet (columns ``scenario`` and ``kpi``).
    kpi
        The per-patient wait to show; the headline wait by default.
    kind
        ``"box"``: one box per scenario (median, quartiles, mean as a dashed line);
        ``"ecdf"``: the percentage of patients who waited at most x minutes.
    target_min
        A target wait drawn as a dotted line (``None`` for none).

    Returns
    -------
    plotly.graph_objects.Figure
        One trace per scenario; its data are that scenario's values of ``kpi``.
    """
    label = kpi_label(kpi)
    fig = go.Figure()
    for scenario, values in patient_waits(visits, kpi).items():
        if kind == "box":
            fig.add_trace(go.Box(y=values, name=scenario, boxmean=True, boxpoints="outliers"))
        else:
            x = np.sort(values)
            share = 100.0 * np.arange(1, len(x) + 1) / len(x) if len(x) else x
            fig.add_trace(go.Scatter(x=x, y=share, name=scenario, mode="lines", line_shape="hv"))
    if kind == "box":
        fig.update_layout(yaxis_title=label, xaxis_title="Design", showlegend=False)
        if target_min is not None:
            fig.add_hline(y=target_min, line_dash="dot", annotation_text=f"target {target_min:g} min")
    else:
        fig.update_layout(xaxis_title=label, yaxis_title="Patients who waited this long or less (%)")
        fig.update_yaxes(ticksuffix="%", range=[0, 102])
        if target_min is not None:
            fig.add_vline(x=target_min, line_dash="dot", annotation_text=f"target {target_min:g} min")
    title = label.removesuffix(" (min)")
    fig.update_layout(title=f"{title}: how long patients waited, per design", template="plotly_white")
    return fig
