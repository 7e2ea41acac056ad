"""The one-page summary a manager can forward: what was compared, what changed, how sure we are.

A single self-contained HTML page (no scripts, no external files, prints on one sheet):
the baseline clinic in words, each redesign as the list of settings it changes, the
headline differences with their 95% intervals, and the assumptions behind the numbers
(days simulated, the seed, common random numbers, what the model leaves out).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

import pandas as pd

from flowsim import __version__
from flowsim.report.changes import scenario_differences
from flowsim.report.explain import explanations
from flowsim.report.headline import HEADLINE_KPIS, headline_sentence, verdict
from flowsim.report.waits import bottleneck_sentence, wait_by_place
from flowsim.report.words import describe_scenario, fmt_number
from flowsim.scenarios.schema import Scenario

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:46rem;margin:1.5rem auto;color:#222;
line-height:1.4;font-size:14px}
h1{font-size:1.4rem;margin-bottom:.2rem}h2{font-size:1.1rem;border-bottom:1px solid #ccc;margin-top:1.2rem}
h3{font-size:1rem;margin:.8rem 0 .2rem}.muted{color:#666;font-size:.85rem}ul{margin:.2rem 0;padding-left:1.2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}td{padding:.1rem .3rem}td.bar{width:40%}
td.bar span{display:inline-block;height:.7rem;background:#4c78a8}td.num{white-space:nowrap}td.num{white-space:nowrap}
.better{color:#1a7f37}.worse{color:#b42318}.unclear{color:#666}
@media print{body{margin:0;font-size:11px}}
"""


def _list(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>"


def key_differences(
    comparison: pd.DataFrame, redesign: str, kpis: Sequence[str] = HEADLINE_KPIS
) -> list[tuple[str, str]]:
    """``(sentence, verdict)`` for each headline KPI of ``redesign`` found in the comparison.

    A design in which nobody is seen gets one sentence saying so, with the patients who
    left unseen, instead of waits that do not exist (and an overtime that "improved"
    because the clinic emptied).
    """
    rows = comparison[comparison["redesign"] == redesign]
    by_kpi = {str(row["kpi"]): {str(k): v for k, v in row.items()} for row in rows.to_dict("records")}
    nobody = nobody_seen(by_kpi)
    if nobody is not None:
        return [(nobody, "worse")]
    return [(headline_sentence(kpi, by_kpi[kpi]), verdict(kpi, by_kpi[kpi])) for kpi in kpis if kpi in by_kpi]


def nobody_seen(by_kpi: Mapping[str, Mapping[str, float]]) -> str | None:
    """The sentence for a redesign in which no patient is seen on any day, else None."""
    seen = by_kpi.get("seen")
    if seen is None or float(seen["redesign_mean"]) > 0:
        return None
    left = by_kpi.get("left_unseen", {}).get("redesign_mean", math.nan)
    before = float(seen["baseline_mean"])
    text = "Nobody is seen by a provider in this design"
    if not math.isnan(float(left)):
        text += f": on average {fmt_number(round(float(left), 1))} patients a day leave without being seen"
    if before > 0:
        text += f" (your clinic sees {fmt_number(round(before, 1))} a day)"
    return text + ". Its waits cannot be compared."


def _changes_section(baseline: Scenario, redesign: Scenario) -> str:
    changes = scenario_differences(baseline, redesign) or ["(no setting differs from the baseline)"]
    own = redesign.description and redesign.description != baseline.description  # not inherited by extends:
    description = f"<p>{html.escape(redesign.description)}</p>" if own else ""
    return f"<h3>{html.escape(redesign.name)}</h3>{description}{_list(changes)}"


def _findings_section(baseline: Scenario, redesign: Scenario, comparison: pd.DataFrame) -> str:
    css = {"better": "better", "worse": "worse"}  # everything else (no difference, higher, lower) is neutral
    findings = "".join(
        f'<li>{html.escape(sentence)} — <span class="{css.get(word, "unclear")}">{html.escape(word)}</span></li>'
        for sentence, word in key_differences(comparison, redesign.name)
    )
    why = "".join(f"<p><b>Why:</b> {html.escape(s)}</p>" for s in explanations(comparison, redesign.name))
    return f"<h3>{html.escape(redesign.name)} compared with {html.escape(baseline.name)}</h3><ul>{findings}</ul>{why}"


def _waits_section(summary: pd.DataFrame, designs: Sequence[Scenario]) -> str:
    """Where the waiting happens, per design: the bottleneck sentence and a bar per step (no scripts: CSS widths)."""
    table = wait_by_place(summary, list(designs))
    if table.empty:
        return ""
    top = max(float(table["ci_high"].max()), float(table["mean"].max()), 1e-9)
    parts = []
    for design in designs:
        rows = table[table["scenario"] == design.name].to_dict("records")
        bars = "".join(
            f'<tr><td>{html.escape(str(r["label"]))}</td><td class="bar">'
            f'<span style="width:{100 * max(float(r["mean"]), 0.0) / top:.1f}%"></span></td>'
            f"<td class='num'>{float(r['mean']):.1f} min ({max(float(r['ci_low']), 0.0):.1f} to "
            f"{float(r['ci_high']):.1f})</td></tr>"
            for r in rows
        )
        sentence = html.escape(bottleneck_sentence(summary, design))
        parts.append(f"<h3>{html.escape(design.name)}</h3><p>{sentence}</p><table>{bars}</table>")
    return "<h2>Where the waiting happens</h2>" + "".join(parts)


def assumptions(baseline: Scenario, seed: int, reps: int) -> list[str]:
    """The conditions behind the numbers, in plain words."""
    return [
        f"Each design was simulated for the same {reps} clinic days (random seed {seed}): on day r every design "
        "sees the same patients, with the same no-shows, arrival times and visit lengths (common random numbers), "
        "so the differences come from the redesign, not from luck.",
        "Intervals are 95% intervals over those days: a difference whose interval includes 0 may be chance. "
        "Percentage intervals divide the interval of the difference by the baseline average.",
        f"The clinic is described by the scenario '{baseline.name}'; the results are only as good as its numbers "
        "(visit lengths, no-show rates, punctuality). Check them against your own stopwatch data.",
        "The model covers one day at a time: it leaves out what happens to rebooked patients on later days, "
        "staff sickness and anything not written in the scenario.",
    ]


def summary_html(
    baseline: Scenario,
    redesigns: Sequence[Scenario],
    comparison: pd.DataFrame,
    seed: int,
    reps: int,
    created: datetime | None = None,
    summary: pd.DataFrame | None = None,
) -> str:
    """A self-contained one-page HTML summary of a comparison.

    Parameters
    ----------
    baseline, redesigns
        The scenarios that were compared (names as in ``comparison``'s ``redesign`` column).
    comparison
        The paired comparison (one row per redesign and KPI).
    seed, reps
        The run that produced the comparison.
    created
        Time stamp printed on the page (default: now, UTC).
    summary
        The experiment's ``summary.csv`` table: with it, the page shows where the waiting
        happens in every design (a bar per step with its 95% interval).
    """
    when = (created or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    clinic = "".join(
        f"<li><b>{html.escape(topic)}:</b> {html.escape(text)}</li>"
        for topic, text in describe_scenario(baseline).items()
    )
    changes = "".join(_changes_section(baseline, r) for r in redesigns)
    findings = "".join(_findings_section(baseline, r, comparison) for r in redesigns)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Clinic redesign: '
        f"{html.escape(baseline.name)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>What happens to patient waits if we redesign {html.escape(baseline.name)}?</h1>"
        f'<p class="muted">flowsim {__version__} · {when} · {reps} simulated days per design · seed {seed}</p>'
        f"<h2>Our clinic today (the baseline)</h2><ul>{clinic}</ul>"
        f"<h2>What we changed</h2>{changes}"
        f"<h2>Key differences</h2>{findings}"
        f"{_waits_section(summary, [baseline, *redesigns]) if summary is not None else ''}"
        f"<h2>Assumptions</h2>{_list(assumptions(baseline, seed, reps))}"
        "</body></html>"
    )
