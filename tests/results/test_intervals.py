"""Pairing opening and closing events, overlaps and peaks, against brute force."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from flowsim.results.intervals import overlap_min, pair_intervals, peak_count


def test_two_seizes_of_one_pool_pair_in_order() -> None:
    # patient 0 takes two MAs at 1 and 2, gives them back at 5 and 6; patient 1 one MA 3-4
    keys = (np.array([0, 0, 1, 1, 0, 0]),)
    time_min = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    is_open = np.array([True, True, True, False, False, False])
    opened, closed = pair_intervals(keys, time_min, is_open, ~is_open)
    assert opened.tolist() == [0, 1, 2]
    assert closed.tolist() == [5.0, 6.0, 4.0]


def test_release_and_seize_at_the_same_instant_follow_log_order() -> None:
    keys = (np.zeros(4, dtype=np.int64),)
    time_min = np.array([0.0, 5.0, 5.0, 9.0])
    is_open = np.array([True, False, True, False])
    _, closed = pair_intervals(keys, time_min, is_open, ~is_open)
    assert closed.tolist() == [5.0, 9.0]


def test_an_interval_never_closed_has_no_end() -> None:
    opened, closed = pair_intervals((np.array([0, 1, 1]),), np.array([1.0, 2.0, 3.0]),
                                    np.array([True, True, False]), np.array([False, False, True]))  # fmt: skip
    assert opened.tolist() == [0, 1] and np.isnan(closed[0]) and closed[1] == 3.0


def test_overlap_with_several_windows() -> None:
    start, end = np.array([10.0, 25.0, 50.0]), np.array([25.0, 40.0, 55.0])
    windows = np.array([[0.0, 32.0], [0.0, 32.0], [0.0, 32.0]]), np.array([[30.0, 45.0]] * 3)
    assert overlap_min(start, end, windows[0], windows[1]).tolist() == [15.0, 5.0 + 8.0, 0.0]
    assert overlap_min(start, end, np.zeros(3), np.full(3, 45.0)).tolist() == [15.0, 15.0, 0.0]


intervals = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 20), st.integers(0, 10)), min_size=0, max_size=25)


@given(intervals)
def test_peak_count_equals_brute_force(rows: list[tuple[int, int, int]]) -> None:
    group = np.array([g for g, _, _ in rows], dtype=np.int64)
    start = np.array([float(s) for _, s, _ in rows])
    end = np.array([float(s + d) for _, s, d in rows])
    peak = peak_count(group, start, end, 3)
    for g in range(3):
        mine = [(s, e) for gg, s, e in zip(group, start, end, strict=True) if gg == g and e > s]
        # half-open intervals: the count is constant on [t, t + 0.5) for integer t
        brute = max([sum(s <= t + 0.5 < e for s, e in mine) for t in range(31)], default=0)
        assert peak[g] == brute


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.booleans()), min_size=1, max_size=30))
def test_pairing_equals_brute_force(rows: list[tuple[int, int, bool]]) -> None:
    """Events of (key, time, opens?) in log order; brute force walks each key's events in time order."""
    keys = np.array([k for k, _, _ in rows], dtype=np.int64)
    time_min = np.array([float(t) for _, t, _ in rows])
    is_open = np.array([o for _, _, o in rows])
    opened, closed = pair_intervals((keys,), time_min, is_open, ~is_open)
    expected: dict[int, float] = {}
    for key in set(keys.tolist()):
        mine = sorted((i for i in range(len(rows)) if keys[i] == key), key=lambda i: (time_min[i], i))
        opens = [i for i in mine if is_open[i]]
        closes = [time_min[i] for i in mine if not is_open[i]]
        for n, i in enumerate(opens):
            expected[i] = closes[n] if n < len(closes) else np.nan
    assert sorted(opened.tolist()) == sorted(expected)
    for i, t in zip(opened.tolist(), closed.tolist(), strict=True):
        assert (np.isnan(t) and np.isnan(expected[i])) or t == expected[i]
