"""Do two simulators give the same mean? Compared over independent days, in standard errors.

Each day is one independent observation of a mean wait; two models of the same clinic
agree when their means over many days differ by no more than a few standard errors
of that difference (three is the check used throughout: by chance alone it fails
about once in 370 comparisons).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

AGREEMENT_SE = 3.0


def mean_se(values: Sequence[float]) -> tuple[float, float]:
    """Mean of ``values`` and its standard error."""
    return statistics.fmean(values), statistics.stdev(values) / math.sqrt(len(values))


def difference_in_se(a: Sequence[float], b: Sequence[float]) -> float:
    """|mean(a) - mean(b)| in standard errors of the difference (independent samples)."""
    (mean_a, se_a), (mean_b, se_b) = mean_se(a), mean_se(b)
    return abs(mean_a - mean_b) / math.hypot(se_a, se_b)


def disagreement(a: Sequence[float], b: Sequence[float], what: str) -> str | None:
    """None if the means agree within :data:`AGREEMENT_SE` standard errors, else what differs."""
    if difference_in_se(a, b) <= AGREEMENT_SE:
        return None
    (mean_a, se_a), (mean_b, se_b) = mean_se(a), mean_se(b)
    return f"{what}: {mean_a:.3f} vs {mean_b:.3f} (3 SE = {AGREEMENT_SE * math.hypot(se_a, se_b):.3f})"
