"""One Excel workbook per run, for the client: summary, comparison, KPIs, a sheet per design.

The consultant's deliverable is a spreadsheet the practice can open. The workbook holds
the run's tables with the catalogue's words and units next to the KPI names, designs in
run order (the baseline first), numbers as numbers, missing values as empty cells, and
no cell a spreadsheet would run as a formula (text from scenario files is text).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from flowsim.results import catalogue
from flowsim.results.run_files import RunFiles

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31


def labelled(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with the catalogue's ``label`` and ``unit`` after its ``kpi`` column."""
    at = list(table.columns).index("kpi") + 1
    result = table.copy()
    result.insert(at, "unit", [catalogue.kpi(k).unit if catalogue.is_kpi(k) else "" for k in table["kpi"]])
    result.insert(at, "label", [catalogue.label(str(k)) for k in table["kpi"]])
    return result


def sheet_names(designs: Sequence[str], taken: Sequence[str]) -> list[str]:
    """Valid, distinct sheet names for the designs (Excel: at most 31 characters, no ``[]:*?/\\``)."""
    used = {t.lower() for t in taken}
    names = []
    for design in designs:
        base = _SHEET_FORBIDDEN.sub("_", design).strip("'") or "design"
        name, n = base[:SHEET_NAME_MAX], 2
        while name.lower() in used:
            suffix = f" ({n})"
            name, n = base[: SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
        used.add(name.lower())
        names.append(name)
    return names


def write_workbook(run: RunFiles, path: str | Path) -> Path:
    """Write the run's workbook to ``path`` (extra ``excel``: openpyxl).

    Sheets: ``Summary`` (design, KPI, label, unit, mean, sd, 95% interval, days),
    ``Comparison`` (when the run compared designs), ``KPIs`` (one row per design and
    day), then one sheet per design with its days' KPIs.
    """
    try:
        from openpyxl import Workbook
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise ImportError("the Excel export needs openpyxl: pip install 'flowsim[excel]'") from None
    designs = run.scenarios
    book = Workbook()
    book.remove(book.active)
    sheets: list[tuple[str, pd.DataFrame]] = [("Summary", labelled(_in_design_order(run.summary, "scenario", designs)))]
    if run.comparison is not None:
        sheets.append(("Comparison", labelled(_in_design_order(run.comparison, "redesign", designs))))
    kpis = _in_design_order(run.kpis, "scenario", designs)
    sheets.append(("KPIs", kpis))
    for design, name in zip(designs, sheet_names(designs, [n for n, _ in sheets]), strict=True):
        sheets.append((name, kpis.loc[kpis["scenario"] == design].drop(columns="scenario")))
    for name, table in sheets:
        sheet = book.create_sheet(name)
        sheet.append([str(c) for c in table.columns])
        for row in table.itertuples(index=False):
            sheet.append([_cell(v) for v in row])
        _as_text_where_formula(sheet)
        sheet.freeze_panes = "B2"
    out = Path(path)
    book.save(out)
    return out


def _in_design_order(table: pd.DataFrame, column: str, designs: Sequence[str]) -> pd.DataFrame:
    """Rows in design order, the baseline first (a stable sort keeps each design's rows in order)."""
    rank = {d: i for i, d in enumerate(designs)}
    order = table[column].astype(str).map(lambda d: rank.get(d, len(rank)))
    return table.iloc[order.argsort(kind="stable")].reset_index(drop=True)


def _cell(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _as_text_where_formula(sheet: Any) -> None:
    """Cells of text starting with ``=`` stay text: openpyxl would otherwise store a formula."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
