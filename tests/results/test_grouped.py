"""Group means and percentiles equal numpy's, group by group."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from flowsim.results.grouped import group_mean, group_quantile

values_and_groups = st.lists(
    st.tuples(st.integers(0, 3), st.one_of(st.floats(-50, 50, allow_nan=False), st.just(float("nan")))),
    max_size=40,
)


@given(values_and_groups, st.sampled_from([0.0, 0.5, 0.9, 1.0]))
def test_matches_numpy_per_group(rows: list[tuple[int, float]], q: float) -> None:
    group = np.array([g for g, _ in rows], dtype=np.int64)
    values = np.array([v for _, v in rows], dtype=float)
    means, quantiles = group_mean(values, group, 4), group_quantile(values, group, 4, q)
    for g in range(4):
        mine = values[(group == g) & ~np.isnan(values)]
        if len(mine) == 0:
            assert np.isnan(means[g]) and np.isnan(quantiles[g])
        else:
            assert np.isclose(means[g], mine.mean())
            assert np.isclose(quantiles[g], np.quantile(mine, q))


def test_p90_by_hand() -> None:
    values = np.array([20.0, 3.0, 8.0, 10.0, 15.0])
    group = np.array([0, 0, 0, 1, 1])
    assert group_quantile(values, group, 2, 0.9).tolist() == [8 + 0.8 * 12, 10 + 0.9 * 5]
