"""Where a school stands among the others: the shares that a coordinator can say in words.

>>> import numpy as np
>>> top, bottom = standing(np.array([[1.0], [2.0], [np.nan], [2.0]]))
>>> top.ravel().round(3).tolist(), bottom.ravel().round(3).tolist()
([1.0, 0.667, nan, 0.667], [0.333, 1.0, nan, 1.0])
>>> [share_words(x) for x in (0.004, 0.031, 0.07, 0.10, 0.234)]
['1%', '4%', '10%', '10%', '25%']
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["share_words", "standing"]


def standing(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per column of ``z``, each row's share of the rows doing as well or better, and as well or worse.

    Both count the row itself, so both are true of it: the best of 18 is «among the top 1/18».
    NaN (no value) stays NaN and does not count. A 1-d ``z`` is one column.
    """
    from scipy.stats import rankdata

    count = (~np.isnan(z)).sum(axis=0)
    low = rankdata(z, method="min", axis=0, nan_policy="omit")  # 1 + the number doing worse
    high = rankdata(z, method="max", axis=0, nan_policy="omit")  # the number doing as well or worse
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray((count - low + 1) / count), np.asarray(high / count)


def share_words(share: float) -> str:
    """A share rounded up as people say it: whole per cent up to 5, then to the next multiple of 5.

    Rounded up, «among the top 10%» stays true of a school in the top 7%.
    """
    pct = 100.0 * share
    step = 1 if pct <= 5 else 5
    return f"{max(1, math.ceil(pct / step - 1e-9) * step)}%"
