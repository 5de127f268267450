"""Rep capacity (人力): what each rep can carry per period.

The hiring plan built on it is :mod:`xl_salesplan.people.hiring`.

Conventions (explained with worked examples in ``docs/capacity_and_funnel.md``):

- **Periods** are numbered ``0 .. n-1`` from the first plan period. Negative numbers are
  periods before the plan: a rep who started two months before a monthly plan has start ``-2``.
  Dates (numpy ``datetime64``, pandas ``Timestamp``/``Period``, ISO strings) are accepted when
  ``periods`` is a pandas ``PeriodIndex`` (or ``DatetimeIndex``); each date maps to the period
  that contains it.
- **Whole periods**: a rep is in seat for the whole period that contains the start date, and that
  period is ramp period 1 (``ramp_profile[0]``), whatever the day (a rep starting on 15 March is
  in ramp month 1 in March). The period that contains the leave date counts in full; capacity is
  zero from the next period on.
- **Ramp**: ``ramp_profile[k]`` is the share of the full quota a rep carries in their
  ``(k+1)``-th period in seat; after the profile ends the rep carries 100%. The profile must be
  non-decreasing, lie in ``[0, 1]`` and end at ``1.0``.
- **Attrition**: expected capacity = ramped quota x probability that the rep is still in seat.
  Departures happen at period ends; survival is counted from the later of the rep's start and
  the plan start: ``(1 - m) ** (t - max(start, 0))``. An annual rate ``a`` becomes the
  per-period rate ``m = 1 - (1 - a) ** (1 / periods_per_year)``, so that 12 monthly periods
  compound back to ``a``.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.history.plan_periods import (
    PeriodsLike,
    exact_dates,
    period_numbers,
    plan_grid,
)
from xl_salesplan.history.plan_periods import periods_per_year as infer_periods_per_year
from xl_salesplan.messages import Text
from xl_salesplan.validation import (
    as_finite_scalar,
    as_float_array,
    as_vector,
    reject_negative,
    reject_out_of_range,
)

__all__ = [
    "check_ramp_profile",
    "per_period_attrition",
    "plan_vector",
    "ramped_capacity",
    "rep_capacity",
]


def rep_capacity(
    start: ArrayLike,
    full_quota: ArrayLike,
    ramp_profile: ArrayLike,
    periods: PeriodsLike,
    *,
    leave: ArrayLike | None = None,
    attrition: float = 0.0,
    attrition_basis: str = "annual",
    periods_per_year: int | None = None,
) -> NDArray[np.float64]:
    """Effective (expected) capacity of each rep in each plan period.

    Parameters
    ----------
    start : array_like, shape (n_reps,)
        Start of each rep: a period index (0 = first plan period, negative = before the plan)
        or, when ``periods`` is a ``PeriodIndex``/``DatetimeIndex``, a date.
    full_quota : array_like
        Quota per period of a fully ramped rep: one number, one per rep ``(n_reps,)``, or a
        reps x periods table ``(n_reps, n_periods)``; a row ``(1, n_periods)`` applies to all reps.
    ramp_profile : array_like, shape (k,)
        Share of full quota by period in seat, non-decreasing in ``[0, 1]``, ending at ``1.0``.
    periods : int or pandas.PeriodIndex or pandas.DatetimeIndex
        Number of plan periods, or the consecutive plan periods themselves.
    leave : array_like, optional
        Leave period index or date per rep; blank (None, NaN, NaT) = no leave date.
    attrition : float, default 0
        Probability of leaving, per year (``attrition_basis="annual"``) or per period
        (``"per_period"``).
    attrition_basis : {"annual", "per_period"}
    periods_per_year : int, optional
        Converts an annual rate; inferred from a ``PeriodIndex`` (M=12, Q=4, W=52), else 12.

    Returns
    -------
    ndarray, shape (n_reps, n_periods)
        Expected quota capacity per rep and period (float64).

    Examples
    --------
    A rep already fully ramped, one starting in period 1, one leaving after period 2:

    >>> rep_capacity([-5, 1, 0], 100, [0, 0.5, 1], 4, leave=[None, None, 2])
    array([[100., 100., 100., 100.],
           [  0.,   0.,  50., 100.],
           [  0.,  50., 100.,   0.]])

    With dates on a monthly plan (start month = ramp month 1, whatever the day):

    >>> months = pd.period_range("2025-01", periods=3, freq="M")
    >>> rep_capacity(["2025-02-20"], 100, [0.5, 1], months)
    array([[  0.,  50., 100.]])
    """
    n, grid = plan_grid(periods)
    starts = period_numbers(start, "start", grid, allow_blank=False)
    if starts.size == 0:
        raise PlanningError.of("people.capacity.empty", code="empty")
    n_reps = starts.size
    ramp = check_ramp_profile(ramp_profile)
    quota = _quota_table(full_quota, "full_quota", n_reps, n)
    rate = per_period_attrition(
        attrition, attrition_basis, lambda: infer_periods_per_year(grid, periods_per_year)
    )
    if leave is None:
        leaves = np.full(n_reps, np.nan)
    else:
        leaves = period_numbers(leave, "leave", grid, allow_blank=True)
        if leaves.size != n_reps:
            raise PlanningError.of(
                "people.capacity.shape_mismatch_2",
                code="shape_mismatch",
                leaves_size=leaves.size,
                n_reps=n_reps,
            )
        early = np.flatnonzero(
            (leaves < starts) | ((leaves == starts) & (exact_dates(leave) < exact_dates(start)))
        )
        if early.size:
            i = int(early[0])
            raise PlanningError.of(
                "people.capacity.leave_before_start",
                code="leave_before_start",
                positions=early.tolist(),
                amount=float(starts[i] - leaves[i]),
                i=i,
                shown_leave_i=_shown(leave, i),
                shown_start_i=_shown(start, i),
                early_tolist=early.tolist(),
            )

    capacity = ramped_capacity(starts.astype(np.int64), quota, ramp, rate, n)
    return np.where(np.arange(n) > leaves[:, None], 0.0, capacity)


def ramped_capacity(
    starts: NDArray[np.int64],
    quota: NDArray[np.float64],
    ramp: NDArray[np.float64],
    rate: float,
    n: int,
) -> NDArray[np.float64]:
    """Expected capacity in plan periods ``0 .. n-1`` of reps starting in ``starts``, never leaving.

    The ramp and attrition rule of the module docstring, on checked inputs: ``quota`` broadcasts
    with ``(starts.size, n)``, ``ramp`` is a checked profile, ``rate`` a per-period rate.

    Examples
    --------
    >>> ramped_capacity(np.array([-1, 1]), np.full(3, 100.0), np.array([0.5, 1.0]), 0.1, 3)
    array([[100.,  90.,  81.],
           [  0.,  50.,  90.]])
    """
    t = np.arange(n)
    s = starts[:, None]
    tenure = t - s
    ramp_share = ramp[np.clip(tenure, 0, ramp.size - 1)]
    survival = (1.0 - rate) ** np.maximum(t - np.maximum(s, 0), 0)
    return np.where(tenure >= 0, quota * ramp_share * survival, 0.0)


def _shown(values: ArrayLike, i: int) -> str:
    """Entry ``i`` of a start/leave list as the planner typed it (for messages)."""
    item = np.asarray(values, dtype=object).reshape(-1)[i]
    if isinstance(item, pd.Timestamp):
        return str(item.date())
    if isinstance(item, numbers.Real):
        return f"period {float(item):g}"
    return str(item)


def check_ramp_profile(ramp_profile: ArrayLike) -> NDArray[np.float64]:
    """The ramp profile as floats, or a planning error saying what is wrong with it.

    Examples
    --------
    >>> check_ramp_profile([0, 0.5, 1])
    array([0. , 0.5, 1. ])
    >>> check_ramp_profile([0, 0.5, 0.9])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: ramp_profile must end at 100% (1.0) ... (position 2)
    """
    ramp = as_vector(ramp_profile, "ramp_profile")
    if ramp.size == 0:
        raise PlanningError.of("people.capacity.empty_2", code="empty")
    if np.isnan(ramp).any():
        pos = np.flatnonzero(np.isnan(ramp)).tolist()
        raise PlanningError.of("people.capacity.blank", code="blank", positions=pos, pos=pos)
    reject_out_of_range(
        ramp,
        (ramp < 0) | (ramp > 1),
        "ramp_profile",
        Text("input.rule.shares"),
        code="ramp_out_of_range",
    )
    if abs(ramp[-1] - 1.0) > 1e-9:
        last = ramp.size - 1
        raise PlanningError.of(
            "people.capacity.ramp_not_full",
            code="ramp_not_full",
            positions=(last,),
            amount=float(ramp[-1]),
            ramp_1=ramp[-1],
            last=last,
        )
    drops = np.flatnonzero(np.diff(ramp) < 0) + 1
    if drops.size:
        i = int(drops[0])
        raise PlanningError.of(
            "people.capacity.ramp_decreasing",
            code="ramp_decreasing",
            positions=drops.tolist(),
            amount=float(ramp[i - 1] - ramp[i]),
            i=i,
            ramp_i=ramp[i],
            i_1=i - 1,
            ramp_i_1=ramp[i - 1],
        )
    ramp = ramp.copy()
    ramp[-1] = 1.0
    return ramp


def plan_vector(values: ArrayLike, name: str, n: int | None = None) -> NDArray[np.float64]:
    """Non-negative per-period vector; a scalar is broadcast when ``n`` is given.

    Examples
    --------
    >>> plan_vector(5, "quota_per_rep", 3)
    array([5., 5., 5.])
    """
    arr = as_float_array(values, name, allow_nan=False)
    if arr.ndim == 0 and n is not None:
        arr = np.full(n, float(arr))
    arr = as_vector(arr, name)
    if arr.size == 0:
        raise PlanningError.of("people.capacity.empty_3", code="empty", name=name)
    if n is not None and arr.size != n:
        raise PlanningError.of(
            "people.capacity.shape_mismatch",
            code="shape_mismatch",
            name=name,
            arr_size=arr.size,
            n=n,
        )
    reject_negative(arr, name)
    return arr


def _quota_table(values: ArrayLike, name: str, n_reps: int, n: int) -> NDArray[np.float64]:
    arr = as_float_array(values, name, allow_nan=False)
    reject_negative(arr, name)
    if arr.ndim == 1 and arr.size == n_reps:
        arr = arr[:, None]
    elif arr.ndim == 2 and arr.shape[0] in (1, n_reps) and arr.shape[1] in (1, n):
        pass
    elif arr.ndim != 0:
        raise PlanningError.of(
            "people.capacity.shape_mismatch_3",
            code="shape_mismatch",
            name=name,
            arr_shape=arr.shape,
            n_reps=n_reps,
            n=n,
        )
    return np.broadcast_to(arr, (n_reps, n))


def per_period_attrition(attrition: float, basis: str, per_year: Callable[[], int]) -> float:
    """Per-period leaving rate; ``per_year`` is only asked for when an annual rate is given.

    Examples
    --------
    >>> round(per_period_attrition(0.2, "annual", lambda: 12), 6)  # 12 months compound to 20%
    0.018423
    """
    rate = as_finite_scalar(attrition, "attrition")
    if not 0.0 <= rate < 1.0:
        raise PlanningError.of(
            "people.capacity.attrition_out_of_range",
            code="attrition_out_of_range",
            amount=rate,
            rate=rate,
        )
    if basis == "annual":
        return 1.0 - (1.0 - rate) ** (1.0 / per_year()) if rate > 0 else 0.0
    if basis == "per_period":
        return rate
    raise PlanningError.of(
        "people.capacity.bad_attrition_basis", code="bad_attrition_basis", basis=basis
    )
