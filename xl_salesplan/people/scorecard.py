"""The rep scorecard (绩效评估): attainment to date, pace, rank and quartile.

For each rep, from the annual quota, the quota phased to date (the plan of the closed months)
and the actual to date:

* ``attainment`` = actual to date / annual quota (how much of the year is done);
* ``pace`` = actual to date / plan to date (1.0 = exactly on the seasonal plan);
* ``projected`` = quota x pace (the year's landing on the current pace);
* ``rank`` = 1 for the best pace (ties share the better rank);
* ``quartile`` = 1 for the top quarter of reps by rank, 4 for the bottom quarter.

Ranking by pace, not by attainment, is fair mid-year: a rep whose quota is heavy in the
second half is not ranked down for it.

Examples
--------
>>> card = rep_scorecard([120, 120, 240, 60], [60, 60, 60, 30], [66, 45, 60, 15],
...                      names=["Ann", "Bo", "Chen", "Dai"])
>>> card[["rep", "pace", "rank", "quartile"]].values.tolist()
[['Ann', 1.1, 1.0, 1.0], ['Bo', 0.75, 3.0, 3.0], ['Chen', 1.0, 2.0, 2.0], ['Dai', 0.5, 4.0, 4.0]]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from xl_salesplan.errors import PlanningError
from xl_salesplan.validation import as_float_array, reject_negative

__all__ = ["rep_scorecard"]


def rep_scorecard(
    quota: ArrayLike,
    plan_to_date: ArrayLike,
    actual_to_date: ArrayLike,
    *,
    names: Sequence[str] | None = None,
) -> pd.DataFrame:
    """One row per rep: quota, plan and actual to date, attainment, pace, projected, rank,
    quartile.

    Parameters
    ----------
    quota : array_like, shape (reps,)
        Annual quota of each rep (>= 0).
    plan_to_date : array_like, shape (reps,)
        Each rep's quota phased over the closed months (>= 0).
    actual_to_date : array_like, shape (reps,)
        Each rep's actual over the closed months (>= 0).
    names : sequence of str, optional
        Rep names (default ``rep 1``, ``rep 2`` ...).

    Returns
    -------
    pandas.DataFrame
        Columns ``rep, quota, plan_to_date, actual_to_date, attainment, pace, projected,
        rank, quartile``. A rep with no plan to date has a blank pace and no rank.

    Examples
    --------
    >>> rep_scorecard([100], [0], [10])[["pace", "rank"]].values.tolist()
    [[nan, nan]]
    """
    q = _column(quota, "quota")
    plan = _column(plan_to_date, "plan_to_date", q.size)
    actual = _column(actual_to_date, "actual_to_date", q.size)
    labels = list(names) if names is not None else [f"rep {i + 1}" for i in range(q.size)]
    if len(labels) != q.size:
        raise PlanningError.of(
            "people.scorecard.shape_mismatch",
            code="shape_mismatch",
            len_labels=len(labels),
            q_size=q.size,
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        attainment = np.where(q > 0, actual / q, np.nan)
        pace = np.where(plan > 0, actual / plan, np.nan)
    ranked = pd.Series(pace).rank(ascending=False, method="min")
    count = int(ranked.notna().sum())
    quartile = np.ceil(4 * ranked / max(count, 1))
    return pd.DataFrame(
        {
            "rep": labels,
            "quota": q,
            "plan_to_date": plan,
            "actual_to_date": actual,
            "attainment": attainment,
            "pace": pace,
            "projected": q * pace,
            "rank": ranked.to_numpy(),
            "quartile": quartile.to_numpy(),
        }
    )


def _column(values: ArrayLike, name: str, size: int | None = None) -> np.ndarray:
    arr = np.atleast_1d(as_float_array(values, name, allow_nan=False)).reshape(-1)
    reject_negative(arr, name)
    if size is not None and arr.size != size:
        raise PlanningError.of(
            "people.scorecard.shape_mismatch_2",
            code="shape_mismatch",
            name=name,
            arr_size=arr.size,
            size=size,
        )
    if arr.size == 0:
        raise PlanningError.of("people.scorecard.empty", code="empty", name=name)
    return arr
