"""``report.html``: the fit and its back-validation on one page, with observed vs simulated waits.

Everything shown is a summary (estimates, per-day KPIs, distributions of waits); every
piece of text from the sheet (column headers, visit-type and provider names) is escaped,
so the page shows it as text.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pandas as pd
import plotly.io as pio

from flowsim.results.columns import step_wait_column, steps_from_columns
from flowsim.viz.waits import wait_distribution

if TYPE_CHECKING:
    from flowsim.calibrate.fitting import FitResult

_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;"
    "font-size:0.85em}td,th{border:1px solid #ccc;padding:2px 6px}.differs{background:#fdd}.close{background:#ffd}"
    ".agrees{background:#dfd}"
)


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, escape=True, float_format=lambda x: f"{x:.4g}", na_rep="")


def _verdict_rows(table: pd.DataFrame) -> str:
    rows = []
    for _, row in table.iterrows():
        cells = "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row.tolist())
        rows.append(f'<tr class="{html.escape(str(row["verdict"]).replace(" ", "_"))}">{cells}</tr>')
    head = "".join(f"<th>{html.escape(c)}</th>" for c in table.columns)
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _cell(value: object) -> str:
    if isinstance(value, float):
        return "" if value != value else f"{value:.4g}"
    return str(value)


def without_file_names(preview: pd.DataFrame, problems: tuple[str, ...]) -> tuple[pd.DataFrame, list[str]]:
    """The preview and problems with each sheet's file name replaced by "sheet N" (names can carry a patient's)."""
    labels = {name: f"sheet {i}" for i, name in enumerate(dict.fromkeys(preview["file"]), start=1)}
    renamed = preview.assign(file=preview["file"].map(labels))
    lines = []
    for line in problems:
        for name, label in labels.items():
            line = line.replace(name, label)
        lines.append(line)
    return renamed, lines


def wait_figures(result: FitResult) -> list[object]:
    """Observed vs simulated distributions of the headline wait and of each step's wait (seen patients)."""
    observed, simulated = result.backtest.observed, result.backtest.simulated
    both = pd.concat([observed, simulated], ignore_index=True)
    both = both[both["outcome"] == "seen"]
    steps = [s for s in steps_from_columns(observed.columns) if s in steps_from_columns(simulated.columns)]
    kpis = ["wait_for_provider_min", *(step_wait_column(s) for s in steps)]
    return [wait_distribution(both, kpi, kind="ecdf") for kpi in kpis]


def report_html(result: FitResult) -> str:
    """The whole page as one self-contained HTML document (plotly.js inlined once)."""
    table = result.backtest.table
    verdicts = table["verdict"].value_counts()
    counts = ", ".join(f"{n} {html.escape(str(v))}" for v, n in verdicts.items())
    figures = [
        pio.to_html(fig, full_html=False, include_plotlyjs=(i == 0)) for i, fig in enumerate(wait_figures(result))
    ]
    observed = result.observed
    preview, problems_text = without_file_names(observed.preview, observed.problems)
    problems = "".join(f"<li>{html.escape(p)}</li>" for p in problems_text) or "<li>none</li>"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>flowsim fit: {html.escape(result.scenario.name)}</title>
<style>{_STYLE}</style></head><body>
<h1>Your clinic, fitted to {len(observed.days)} observed day(s)</h1>
<p>{len(observed.visits)} visits read; clinic opens at {html.escape(observed.clinic_open)}
{"(inferred from the earliest appointment)" if observed.open_inferred else ""}.
The fitted scenario was simulated over {result.backtest.days} days and compared with the observed days:
{counts}.</p>
<h2>Observed and simulated waits</h2>
<p>Simulated days are shown as the clinic's system would record them (same timestamps,
{"rounded to the minute" if observed.whole_minutes else "to the second"}).</p>
{"".join(figures)}
<h2>Back-validation</h2>
{_verdict_rows(table)}
<h2>Fitted values</h2>
{_table(result.fit_table())}
<h2>What was read</h2>
{_table(preview)}
<h3>Left out or doubtful</h3><ul>{problems}</ul>
</body></html>
"""
