"""Means and percentiles of many small groups at once (one group per simulated day).

A thousand replications of a day are a thousand small piles of patient waits. Rather
than asking pandas for each pile's mean and 90th percentile, the values are sorted once
by (pile, value) and each pile's statistics are read off by position, which costs the
same for one replication or a thousand.
"""

from __future__ import annotations

from typing import Any

import numpy as np

Array = np.ndarray[Any, Any]


def group_mean(values: Array, group: Array, n_groups: int) -> Array:
    """Mean of the non-NaN ``values`` of each group (NaN for a group without any)."""
    ok = ~np.isnan(values)
    counts = np.bincount(group[ok], minlength=n_groups)
    sums = np.bincount(group[ok], values[ok], minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


def group_quantile(values: Array, group: Array, n_groups: int, q: float) -> Array:
    """Quantile ``q`` of the non-NaN ``values`` of each group, by linear interpolation
    between order statistics (numpy's and pandas' default); NaN for an empty group."""
    ok = ~np.isnan(values)
    v, g = values[ok], group[ok]
    order = np.lexsort((v, g))
    v = v[order]
    counts = np.bincount(g, minlength=n_groups)
    starts = np.cumsum(counts) - counts
    position = q * np.maximum(counts - 1, 0)
    low = np.floor(position).astype(np.int64)
    high = np.minimum(low + 1, np.maximum(counts - 1, 0))
    fraction = position - low
    result = np.full(n_groups, np.nan)
    has = counts > 0
    at_low, at_high = v[(starts + low)[has]], v[(starts + high)[has]]
    result[has] = at_low + fraction[has] * (at_high - at_low)
    return result
