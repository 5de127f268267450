"""Funnel back-solve (线索 -> 商机 -> 成交): the pipeline a revenue target needs, and when.

Deals needed in a period are ``revenue_target / avg_deal_size``. Each earlier stage needs the
next stage's volume divided by its conversion rate, and must be in place ``lag`` periods
earlier: with a 3-month opportunity-to-win cycle, deals closing in June were opportunities in
March. Volumes are expected (fractional) counts; round them up in the sheet if whole numbers are
wanted.

Lags are whole periods (use weekly periods for cycles shorter than a month). Periods before the
plan that need pipeline are reported with negative period numbers rather than dropped. Only the
deals of the revenue given are counted: to include the pipeline built late in the plan for deals
that close after it, pass the following periods' revenue too and keep the plan's rows (Build
plan does so, see :func:`xl_salesplan.actions.plan.funnel_after_plan`).
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.history.plan_periods import period_labels
from xl_salesplan.messages import Text
from xl_salesplan.validation import (
    as_float_array,
    as_vector,
    reject_negative,
    reject_out_of_range,
)

__all__ = ["FunnelPlan", "funnel_needed"]

_MAX_LAG = 1_000


@dataclass(frozen=True)
class FunnelPlan:
    """Pipeline needed per period, returned by :func:`funnel_needed`.

    Attributes
    ----------
    period_index : ndarray of int64
        Period numbers from the earliest period that needs pipeline (negative = before the plan)
        to the last plan period.
    stage_names : tuple of str
        Stage names, first stage first, the closed deals last.
    volumes : ndarray, shape (n_stages, n_index)
        Expected number entering each stage in each period.
    revenue : ndarray, shape (n_index,)
        Revenue closing in each period (the target; 0 before the plan).
    conversion_rates : ndarray, shape (n_stages - 1,)
    lags : ndarray of int64, shape (n_stages - 1,)
    """

    period_index: NDArray[np.int64]
    stage_names: tuple[str, ...]
    volumes: NDArray[np.float64]
    revenue: NDArray[np.float64]
    conversion_rates: NDArray[np.float64]
    lags: NDArray[np.int64]

    def stage(self, name: str) -> NDArray[np.float64]:
        """Volumes of one stage, aligned with ``period_index``."""
        if name not in self.stage_names:
            raise PlanningError.of(
                "people.funnel.unknown_stage",
                code="unknown_stage",
                name=name,
                list_self_stage_names=list(self.stage_names),
            )
        return self.volumes[self.stage_names.index(name)]

    @property
    def before_plan(self) -> NDArray[np.bool_]:
        """Mask of the periods before the plan (``period_index < 0``)."""
        return self.period_index < 0

    def to_frame(self, periods: pd.PeriodIndex | None = None) -> pd.DataFrame:
        """One row per period, columns ``revenue`` and the stages.

        Rows are labelled ``periods[0] + period_index`` when ``periods`` is given.
        """
        index = period_labels(self.period_index, periods)
        data = {"revenue": self.revenue}
        data.update({name: self.volumes[k] for k, name in enumerate(self.stage_names)})
        return pd.DataFrame(data, index=index)


def funnel_needed(
    revenue_target: ArrayLike,
    avg_deal_size: ArrayLike,
    conversion_rates: ArrayLike,
    lags: ArrayLike = 0,
    *,
    stage_names: Sequence[str] | None = None,
) -> FunnelPlan:
    """Back-solve the leads and opportunities needed per period.

    Stage ``k`` volume needed in period ``p`` is the deals closing in period ``p + L_k`` divided by
    the product of the conversion rates from stage ``k`` to the win, where ``L_k`` is the sum of
    the lags from stage ``k`` to the win.

    Parameters
    ----------
    revenue_target : array_like, shape (n_periods,)
        Revenue to close in each plan period (>= 0).
    avg_deal_size : float or array_like, shape (n_periods,)
        Average deal size (> 0), one number or one per closing period.
    conversion_rates : array_like, shape (k,)
        Stage-to-next-stage rates in ``(0, 1]``, first stage first, e.g. ``[0.2, 0.25]`` for
        lead -> opportunity 20% and opportunity -> win 25%.
    lags : int or array_like of int, shape (k,)
        Whole periods from entering each stage to entering the next one; one number applies to
        every stage. Default 0.
    stage_names : sequence of str, optional
        ``k + 1`` names; default ``("leads", "opportunities", "deals")`` for two rates,
        ``("opportunities", "deals")`` for one, ``("stage 1", ..., "deals")`` otherwise.

    Returns
    -------
    FunnelPlan

    Examples
    --------
    120 000 to close in each of two months, deals of 10 000, leads convert 20% into
    opportunities (1 month later), opportunities 25% into wins (2 months later):

    >>> plan = funnel_needed([120_000, 120_000], 10_000, [0.2, 0.25], [1, 2])
    >>> plan.period_index.tolist()
    [-3, -2, -1, 0, 1]
    >>> plan.to_frame()[["leads", "opportunities", "deals"]].round(1)
            leads  opportunities  deals
    period
    -3      240.0            0.0    0.0
    -2      240.0           48.0    0.0
    -1        0.0           48.0    0.0
     0        0.0            0.0   12.0
     1        0.0            0.0   12.0
    """
    revenue = as_vector(revenue_target, "revenue_target", allow_nan=False)
    if revenue.size == 0:
        raise PlanningError.of("people.funnel.empty", code="empty")
    reject_negative(revenue, "revenue_target")
    n = revenue.size
    deal_size = _deal_sizes(avg_deal_size, n)
    rates = _conversion_rates(conversion_rates)
    k = rates.size
    lag = _lags(lags, k)
    names = _stage_names(stage_names, k)

    # offset[j]: periods between entering stage j and the win; rates_to_win[j]: share that wins
    offset = np.concatenate([np.cumsum(lag[::-1])[::-1], [0]]).astype(np.int64)
    rates_to_win = np.concatenate([np.cumprod(rates[::-1])[::-1], [1.0]])
    first = -int(offset[0])
    index = np.arange(first, n, dtype=np.int64)
    deals = np.zeros(index.size)
    with np.errstate(all="ignore"):
        deals[-n:] = revenue / deal_size
    # column i of stage j holds deals closing at column i + offset[j]; shift left by offset[j]
    shift = np.arange(index.size)[None, :] + offset[:, None]
    valid = shift < index.size
    with np.errstate(all="ignore"):
        volumes = np.where(valid, deals[np.minimum(shift, index.size - 1)], 0.0)
        volumes /= rates_to_win[:, None]
    if not np.isfinite(volumes).all():
        raise PlanningError.of("people.funnel.overflow", code="overflow")
    closing = np.zeros(index.size)
    closing[-n:] = revenue
    return FunnelPlan(
        period_index=index,
        stage_names=names,
        volumes=volumes,
        revenue=closing,
        conversion_rates=rates,
        lags=lag,
    )


def _deal_sizes(values: ArrayLike, n: int) -> NDArray[np.float64]:
    arr = as_float_array(values, "avg_deal_size", allow_nan=False)
    if arr.ndim == 0:
        arr = np.full(n, float(arr))
    arr = as_vector(arr, "avg_deal_size")
    if arr.size != n:
        raise PlanningError.of(
            "people.funnel.shape_mismatch", code="shape_mismatch", arr_size=arr.size, n=n
        )
    reject_out_of_range(
        arr, arr <= 0, "avg_deal_size", Text("input.rule.above_zero"), code="deal_size_not_positive"
    )
    return arr


def _conversion_rates(values: ArrayLike) -> NDArray[np.float64]:
    arr = as_float_array(values, "conversion_rates", allow_nan=False)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    arr = as_vector(arr, "conversion_rates")
    if arr.size == 0:
        raise PlanningError.of("people.funnel.empty_2", code="empty")
    reject_out_of_range(
        arr,
        (arr <= 0) | (arr > 1),
        "conversion_rates",
        Text("input.rule.rate"),
        code="conversion_out_of_range",
    )
    return arr


def _lags(values: ArrayLike, k: int) -> NDArray[np.int64]:
    if isinstance(values, numbers.Real) and not isinstance(values, bool):
        values = [values] * k
    arr = as_vector(values, "lags", allow_nan=False)
    if arr.size != k:
        raise PlanningError.of(
            "people.funnel.shape_mismatch_2", code="shape_mismatch", arr_size=arr.size, k=k
        )
    reject_out_of_range(
        arr,
        (arr < 0) | (arr != np.round(arr)) | (arr > _MAX_LAG),
        "lags",
        Text("input.rule.lags", {"most": _MAX_LAG}),
        code="bad_lag",
        hint=Text("input.hint.lags"),
    )
    return arr.astype(np.int64)


def _stage_names(names: Sequence[str] | None, k: int) -> tuple[str, ...]:
    if names is None:
        if k == 1:
            return ("opportunities", "deals")
        if k == 2:
            return ("leads", "opportunities", "deals")
        return (*(f"stage {j + 1}" for j in range(k)), "deals")
    out = tuple(str(x) for x in names)
    if len(out) != k + 1 or len(set(out)) != len(out):
        raise PlanningError.of(
            "people.funnel.bad_stage_names", code="bad_stage_names", k_1=k + 1, list_out=list(out)
        )
    return out
