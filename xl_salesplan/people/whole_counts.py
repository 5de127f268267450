"""Whole counts of things that come whole: people, deals, leads, opportunities.

A plan needs 163.3 deals in January: the planner has to win 164. Needs are rounded
up, month by month, and a year's need is the sum of its months, so totals always
agree with the months shown. (Rounding up a month's need by less than one per
month is the price of never planning a fraction of a rep or a deal.)

Examples
--------
>>> whole_needed([163.31, 197.0, 0.0, 2.0000000001])
array([164., 197.,   0.,   2.])
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["whole_needed"]

#: Needs within this (relative) distance above a whole number are that number
#: (``2.0000000001`` is float noise of 2, not a third unit).
_NOISE = 1e-9


def whole_needed(needed: ArrayLike) -> NDArray[np.float64]:
    """Each need rounded up to a whole number (NaN stays NaN).

    Parameters
    ----------
    needed : array_like
        Fractional needs (any shape), zero or more.

    Returns
    -------
    ndarray
        The smallest whole numbers at or above ``needed``, as ``float64``, same shape.

    Examples
    --------
    >>> whole_needed([[0.2, 1.0], [np.nan, 15.56]])
    array([[ 1.,  1.],
           [nan, 16.]])
    """
    values = np.asarray(needed, dtype=np.float64)
    tolerance = _NOISE * np.maximum(np.abs(values), 1.0)
    with np.errstate(invalid="ignore"):
        return np.ceil(values - tolerance)
