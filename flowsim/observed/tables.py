"""Opening CSV, Excel and parquet files as plain tables, with one clear message when that fails."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd

from flowsim.observed.errors import ObservedDataError

FORMATS = (".csv", ".txt", ".xlsx", ".parquet")


def read_table(path: Path) -> pd.DataFrame:
    """The file's first sheet as text and native cells (nothing converted yet, nothing dropped).

    CSV cells stay text so that times are parsed by one function whatever the format;
    Excel keeps its time and date-time cells (read with openpyxl, the ``excel`` extra).
    """
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ObservedDataError(
            [f"{path}: cannot read {suffix or 'a file without extension'}; use a .csv, .xlsx or .parquet file"]
        )
    if not path.is_file():
        raise ObservedDataError([f"{path}: no such file"])
    try:
        if suffix == ".parquet":
            return pd.read_parquet(path)
        if suffix == ".xlsx":
            return _read_excel(path)
        return pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True, encoding="utf-8-sig")
    except ObservedDataError:
        raise
    except (OSError, ValueError, UnicodeDecodeError, zipfile.BadZipFile, pd.errors.ParserError) as error:
        raise ObservedDataError([f"{path}: cannot read the file as {suffix[1:]} ({type(error).__name__})"]) from None


def _read_excel(path: Path) -> pd.DataFrame:
    try:
        import openpyxl  # noqa: F401  (pandas needs it for .xlsx)
    except ImportError:  # pragma: no cover - depends on the installation
        raise ObservedDataError([f"{path}: reading Excel files needs openpyxl: pip install 'flowsim[excel]'"]) from None
    table: pd.DataFrame = pd.read_excel(path, dtype=object, engine="openpyxl")
    return table
