"""Observed visits: stopwatch sheets and EHR exports, read into the stopwatch sheet without identifiers.

::

    from flowsim.observed import read_observed

    sheet = read_observed(["march.xlsx"], mapping="our_headers.yaml")
    sheet.preview      # which column became what
    sheet.problems     # every row left out, and why
    sheet.visits       # the stopwatch sheet with per-patient KPIs
"""

from __future__ import annotations

from flowsim.observed.errors import ObservedDataError
from flowsim.observed.headers import FIELDS, ColumnMap, load_mapping, mapping_from_dict
from flowsim.observed.reader import ObservedSheet, label_name, read_observed

__all__ = [
    "FIELDS",
    "ColumnMap",
    "ObservedDataError",
    "ObservedSheet",
    "label_name",
    "load_mapping",
    "mapping_from_dict",
    "read_observed",
]
