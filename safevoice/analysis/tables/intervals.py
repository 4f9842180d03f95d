"""95% Wilson score intervals for proportions, vectorised over whole tables."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.stats import norm


def wilson_interval(
    successes: ArrayLike, base: ArrayLike, *, confidence: float = 0.95
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Lower and upper bounds of the Wilson score interval for ``successes`` out of ``base``, as proportions.

    Wilson rather than the textbook normal ("Wald") interval because survey tables are full of small groups and
    proportions near 0 or 1, where Wald gives bounds below 0 or above 1 and badly under-covers. ``base`` may be
    fractional (an effective sample size after weighting). A base of 0 gives NaN: there is nothing to estimate.
    """
    x = np.asarray(successes, dtype=np.float64)
    n = np.asarray(base, dtype=np.float64)
    z = float(norm.ppf(0.5 + confidence / 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        denominator = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denominator
        half_width = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
        lower = np.where(n > 0, np.clip(centre - half_width, 0.0, 1.0), np.nan)
        upper = np.where(n > 0, np.clip(centre + half_width, 0.0, 1.0), np.nan)
    return lower, upper
