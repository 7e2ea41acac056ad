"""Time intervals from paired events, and how much of them falls inside a window.

A room is occupied from the moment a patient seizes it until they release it; a
provider is charting from ``documentation start`` to ``documentation end``. The event
log records the two ends separately; :func:`pair_intervals` matches them up again for
every replication at once (the k-th opening with the k-th closing of the same
resource, patient and replication). :func:`overlap_min` then measures how much of each
interval lies inside sessions or opening hours, and :func:`peak_count` finds the
largest number of intervals open at the same instant.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

Array = np.ndarray[Any, Any]


def pair_intervals(keys: Sequence[Array], time_min: Array, is_open: Array, is_close: Array) -> tuple[Array, Array]:
    """Match each opening event with its closing event.

    Parameters
    ----------
    keys
        Integer arrays (one value per event) that together identify what is opened and
        closed, e.g. (replication, patient, resource). Events are taken in time order,
        ties in their order in the arrays (the log order).
    time_min
        Event times.
    is_open, is_close
        Boolean masks of opening and closing events.

    Returns
    -------
    (open_index, close_time)
        Index of every opening event, and the time of its matching closing event (the
        k-th closing of the same keys), NaN when it was never closed.
    """
    selected = np.flatnonzero(is_open | is_close)
    if len(selected) == 0:
        return selected.astype(np.int64), np.zeros(0)
    combined = _combined_key([np.asarray(k)[selected] for k in keys])
    by_time = np.argsort(time_min[selected], kind="stable")  # ties keep log order
    by_key = by_time[np.argsort(combined[by_time], kind="stable")]
    order, key_sorted = selected[by_key], combined[by_key]
    new_group = np.r_[True, key_sorted[1:] != key_sorted[:-1]]
    group = np.cumsum(new_group) - 1
    opens = is_open[order]
    open_rank = _rank_within(group, opens)
    close_rank = _rank_within(group, ~opens)
    width = len(order) + 1
    open_key = group[opens] * width + open_rank[opens]
    close_key = group[~opens] * width + close_rank[~opens]
    close_times = time_min[order[~opens]]
    position = np.searchsorted(close_key, open_key)
    found = position < len(close_key)
    found[found] = close_key[position[found]] == open_key[found]
    close_time = np.full(len(open_key), np.nan)
    close_time[found] = close_times[position[found]]
    return order[opens].astype(np.int64), close_time


def _combined_key(keys: list[Array]) -> Array:
    """One integer per row that orders and groups like the tuple of ``keys``."""
    combined = np.zeros(len(keys[0]), dtype=np.int64)
    span = 1
    for key in keys:
        codes = key.astype(np.int64) - int(key.min())
        width = int(codes.max()) + 1
        if span * width >= 2**62:  # too many combinations for one integer: rank the tuples instead
            _, combined = np.unique(np.stack([*keys]), axis=1, return_inverse=True)
            return np.asarray(combined, dtype=np.int64).ravel()
        combined = combined * width + codes
        span *= width
    return combined


def _rank_within(group: Array, mask: Array) -> Array:
    """0, 1, 2, ... for the masked rows of each group (sorted by group)."""
    counts = np.cumsum(mask)
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    before_group = np.repeat(counts[starts] - mask[starts], np.diff(np.r_[starts, len(group)]))
    return np.asarray(counts - before_group - 1)


def overlap_min(start: Array, end: Array, window_start: Array, window_end: Array) -> Array:
    """Minutes of ``[start, end]`` inside ``[window_start, window_end]`` (NaN windows count 0).

    ``window_start``/``window_end`` may have one extra axis (several windows per
    interval, e.g. a provider's sessions); the overlaps are then summed over it.
    """
    several = np.ndim(window_start) > np.ndim(start)
    if several:
        start, end = start[:, None], end[:, None]
    overlap = np.minimum(end, window_end) - np.maximum(start, window_start)
    overlap = np.nan_to_num(np.clip(overlap, 0.0, None), nan=0.0)
    return np.asarray(overlap.sum(axis=-1) if several else overlap)


def peak_count(group: Array, start: Array, end: Array, n_groups: int) -> Array:
    """Largest number of intervals open at once, per group (an interval ending when
    another starts does not overlap it). Empty intervals are ignored."""
    keep = end > start
    group, start, end = group[keep], start[keep], end[keep]
    times = np.r_[start, end]
    deltas = np.r_[np.ones(len(start)), -np.ones(len(end))]
    groups = np.r_[group, group]
    order = np.lexsort((deltas, times, groups))
    # every group's deltas sum to 0, so a running sum over the sorted groups restarts at 0 in each
    level = np.cumsum(deltas[order])
    peak = np.zeros(n_groups)
    np.maximum.at(peak, groups[order], level)
    return peak
