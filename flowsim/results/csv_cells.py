"""CSV files a spreadsheet opens safely: text that would run as a formula is escaped.

A scenario named ``=HYPERLINK("http://...", "click")`` would otherwise become a live
formula in every spreadsheet that opens ``kpis.csv``. Following OWASP's rule for CSV
injection, a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return gets a leading single quote, which spreadsheets show as text and do not evaluate.
Numbers are never touched (``-3.5`` stays a number); only text cells are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: Any) -> Any:
    """``value`` with a leading ``'`` if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def escape_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every risky text cell (and column name) escaped; the input is not changed."""
    escaped = frame.rename(columns=escape_cell)
    for column in escaped.columns:
        values = escaped[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            escaped[column] = values.cat.rename_categories(escape_cell)
        elif pd.api.types.is_object_dtype(values.dtype) or pd.api.types.is_string_dtype(values.dtype):
            escaped[column] = values.map(escape_cell)
    return escaped


def to_safe_csv(frame: pd.DataFrame, path: Path | None = None, float_format: str | None = None) -> str:
    """Write ``frame`` as CSV (to ``path``, or return the text) with formulas escaped."""
    text = escape_formulas(frame).to_csv(index=False, float_format=float_format, lineterminator="\n")
    if path is not None:
        path.write_text(text, encoding="utf-8")
    return text


def unescape_cell(value: Any) -> Any:
    """The text :func:`escape_cell` was given: a leading ``'`` before a formula start is dropped."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def read_safe_csv(path: Path) -> pd.DataFrame:
    """Read a CSV written by :func:`to_safe_csv`, with text cells and column names as they were."""
    frame = pd.read_csv(path)
    frame = frame.rename(columns=unescape_cell)
    for column in frame.columns:
        if pd.api.types.is_object_dtype(frame[column].dtype) or pd.api.types.is_string_dtype(frame[column].dtype):
            frame[column] = frame[column].map(unescape_cell)
    return frame
