"""What each resource of a day is, as its log recorded it: kinds as integer codes per event.

A day's log lists its resources with their kind (provider, exam room, staff pool). The
tables of many days carry, for every event, the kind its own day recorded for the
resource, so a staff pool called ``room_prep`` is staff and never a room, and a name
may even mean different things in different scenarios.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from flowsim.records import RESOURCE_KINDS

IntArray = np.ndarray[tuple[int, ...], np.dtype[np.int64]]
KIND_NAMES = [*RESOURCE_KINDS, ""]
"""Categories of ``resource_kind``: the recorded kinds, and ``""`` for no (or an unrecorded) resource."""


def kind_codes(resources: list[dict[str, str]], names: list[str]) -> IntArray:
    """The recorded kind of every resource in every log, as a table of codes.

    Parameters
    ----------
    resources
        Per log, ``{resource_id: kind}`` as the log recorded it (logs of one scenario may
        share one mapping object).
    names
        The resource ids, in the order of their codes in the stacked events.

    Returns
    -------
    numpy.ndarray
        ``table[log, code]``: index into :data:`KIND_NAMES` (the last column, for code -1,
        and any resource the log did not record read ``""``).
    """
    table = np.full((len(resources), len(names) + 1), len(RESOURCE_KINDS), dtype=np.int64)  # last column: code -1
    code = {name: i for i, name in enumerate(names)}
    seen: dict[int, IntArray] = {}
    for i, recorded in enumerate(resources):
        row = seen.get(id(recorded))
        if row is None:  # logs of one scenario share their records: worked out once
            row = table[i].copy()
            for resource_id, kind in recorded.items():
                if resource_id in code and kind in RESOURCE_KINDS:
                    row[code[resource_id]] = RESOURCE_KINDS.index(kind)
            seen[id(recorded)] = row
        table[i] = row
    return table


def kind_categorical(codes: IntArray) -> pd.Categorical[Any]:
    """Kind codes as a categorical whose categories come in order of first appearance, as
    every other text column's (so stacked chunks equal one table made at once)."""
    first_seen = pd.unique(codes)
    remap = np.zeros(len(KIND_NAMES), dtype=np.int64)
    remap[first_seen] = np.arange(len(first_seen))
    names = [KIND_NAMES[i] for i in first_seen]
    return pd.Categorical.from_codes(remap[codes], dtype=pd.CategoricalDtype(names), validate=False)
