"""Rep capacity and the headcount / hiring plan (人力).

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

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.plan_periods import (
    PeriodsLike,
    exact_dates,
    period_labels,
    period_numbers,
    plan_grid,
    whole_number,
)
from xl_salesplan.plan_periods import periods_per_year as infer_periods_per_year
from xl_salesplan.validation import (
    as_finite_scalar,
    as_float_array,
    as_vector,
    reject_negative,
    reject_out_of_range,
)

__all__ = ["HeadcountPlan", "headcount_plan", "rep_capacity"]

_MAX_HIRES = 1_000_000_000


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
        raise PlanningError("start: no reps given (the list of start dates is empty)", code="empty")
    n_reps = starts.size
    ramp = _validate_ramp(ramp_profile)
    quota = _quota_table(full_quota, "full_quota", n_reps, n)
    rate = _per_period_attrition(
        attrition, attrition_basis, lambda: infer_periods_per_year(grid, periods_per_year)
    )
    if leave is None:
        leaves = np.full(n_reps, np.nan)
    else:
        leaves = period_numbers(leave, "leave", grid, allow_blank=True)
        if leaves.size != n_reps:
            raise PlanningError(
                f"leave has {leaves.size} entries but start has {n_reps} (one per rep)",
                code="shape_mismatch",
            )
        early = np.flatnonzero(
            (leaves < starts) | ((leaves == starts) & (exact_dates(leave) < exact_dates(start)))
        )
        if early.size:
            i = int(early[0])
            raise PlanningError(
                f"leave: rep at position {i} leaves ({_shown(leave, i)}) before starting "
                f"({_shown(start, i)}); reps at positions {early.tolist()} leave before "
                "they start",
                code="leave_before_start",
                positions=early.tolist(),
                amount=float(starts[i] - leaves[i]),
            )

    t = np.arange(n)
    s = starts.astype(np.int64)[:, None]
    tenure = t - s
    in_seat = (tenure >= 0) & ~(t > leaves[:, None])
    ramp_share = ramp[np.clip(tenure, 0, ramp.size - 1)]
    survival = (1.0 - rate) ** np.maximum(t - np.maximum(s, 0), 0)
    return np.where(in_seat, quota * ramp_share * survival, 0.0)


@dataclass(frozen=True)
class HeadcountPlan:
    """Hiring plan returned by :func:`headcount_plan`.

    Every array is aligned with ``period_index``: period numbers from the first period that needs
    action (negative = before the plan, e.g. a requisition opened ahead of the plan year) to the
    last plan period. Capacity and quota columns count only plan periods (0 before the plan).

    Attributes
    ----------
    period_index : ndarray of int64
    hires : ndarray
        New reps starting in each period.
    requisitions : ndarray
        Requisitions to open in each period (``hires`` moved earlier by the hiring lead time).
    new_reps_in_seat : ndarray
        New reps started so far (cumulative hires, before attrition).
    team_quota : ndarray
        ``target x (1 + over_assignment)``.
    required_full_reps : ndarray
        Fully productive reps needed: ``team_quota / (quota_per_rep x expected_attainment)``
        (NaN where the quota per rep is 0).
    existing_capacity, new_hire_capacity : ndarray
        Expected quota capacity (ramped, after attrition) of existing reps and of the new hires.
    expected_bookings : ndarray
        ``(existing_capacity + new_hire_capacity) x expected_attainment``.
    coverage : ndarray
        ``expected_bookings / team_quota`` (NaN where the team quota is 0); >= 1 in every plan
        period.
    expected_attainment, over_assignment : float
    """

    period_index: NDArray[np.int64]
    hires: NDArray[np.float64]
    requisitions: NDArray[np.float64]
    new_reps_in_seat: NDArray[np.float64]
    team_quota: NDArray[np.float64]
    required_full_reps: NDArray[np.float64]
    existing_capacity: NDArray[np.float64]
    new_hire_capacity: NDArray[np.float64]
    expected_bookings: NDArray[np.float64]
    coverage: NDArray[np.float64]
    expected_attainment: float
    over_assignment: float

    @property
    def total_hires(self) -> int:
        """Number of new reps in the plan (including starts before the plan)."""
        return round(float(self.hires.sum()))

    @property
    def in_plan(self) -> NDArray[np.bool_]:
        """Mask of the plan periods (``period_index >= 0``)."""
        return self.period_index >= 0

    def to_frame(self, periods: pd.PeriodIndex | None = None) -> pd.DataFrame:
        """One row per period; labelled with ``periods[0] + period_index`` when given."""
        columns = (
            "hires",
            "requisitions",
            "new_reps_in_seat",
            "team_quota",
            "required_full_reps",
            "existing_capacity",
            "new_hire_capacity",
            "expected_bookings",
            "coverage",
        )
        index = period_labels(self.period_index, periods)
        return pd.DataFrame({c: getattr(self, c) for c in columns}, index=index)


def headcount_plan(
    target: ArrayLike,
    quota_per_rep: ArrayLike,
    ramp_profile: ArrayLike,
    *,
    expected_attainment: float,
    over_assignment: float,
    existing_capacity: ArrayLike | None = None,
    attrition: float = 0.0,
    attrition_basis: str = "annual",
    periods_per_year: int = 12,
    earliest_start: int | None = None,
    hiring_lead_time: int = 0,
) -> HeadcountPlan:
    """Fewest new reps, and when they must start, so every plan period is covered.

    Objective: in every plan period ``t``, expected bookings cover the team quota::

        (existing_capacity[t] + new_hire_capacity[t]) * expected_attainment
            >= target[t] * (1 + over_assignment)

    with the smallest number of hires. Periods are covered in order; a shortfall in period
    ``T`` is closed by hires starting in ``max(earliest_start, T - f)``, where ``f`` is the number
    of ramp periods below 100%: the latest start at which the hire is fully productive in ``T``
    (or, if that is not allowed, the earliest allowed start). Without attrition this gives the
    minimum number of hires: each such hire carries the most any hire can carry in ``T`` and in
    every later period. With attrition, earlier hires have partly left by later periods; a final
    pass drops hires that later, fresher hires made unnecessary, and the count can still exceed
    the exact minimum by a hire or two. Covering every period also covers every year-to-date
    total.

    Parameters
    ----------
    target : array_like, shape (n_periods,)
        Revenue target per plan period (>= 0).
    quota_per_rep : array_like
        Full quota of one rep per period: one number or one per period ``(n_periods,)``.
    ramp_profile : array_like
        As in :func:`rep_capacity`.
    expected_attainment : float
        Expected share of quota a rep books (e.g. 0.85), > 0.
    over_assignment : float
        Quota cushion on top of the target (e.g. 0.15 for 15%), >= 0.
    existing_capacity : array_like, optional
        Expected quota capacity of the current team, ``(n_periods,)`` or the
        ``(n_reps, n_periods)`` result of :func:`rep_capacity` (summed over reps).
    attrition, attrition_basis, periods_per_year
        Attrition of the new hires, as in :func:`rep_capacity`.
    earliest_start : int, optional
        Earliest allowed start period of a hire (0 = plan start, negative = before the plan).
        Default: early enough for any hire to be fully ramped when needed.
    hiring_lead_time : int, default 0
        Periods between opening a requisition and the hire's start.

    Returns
    -------
    HeadcountPlan

    Examples
    --------
    Target 300 a month, quota 100, ramp 50% then 100%, attainment 100%, no cushion, nobody in
    seat: three reps must start the month before the plan.

    >>> plan = headcount_plan([300, 300, 300], 100, [0.5, 1], expected_attainment=1.0,
    ...                       over_assignment=0.0)
    >>> plan.period_index.tolist(), plan.hires.tolist()
    ([-1, 0, 1, 2], [3.0, 0.0, 0.0, 0.0])
    """
    targets = _plan_vector(target, "target")
    n = targets.size
    quota = _plan_vector(quota_per_rep, "quota_per_rep", n=n)
    ramp = _validate_ramp(ramp_profile)
    attain = as_finite_scalar(expected_attainment, "expected_attainment")
    if attain <= 0:
        raise PlanningError(
            f"expected_attainment must be above 0 (e.g. 0.85 for 85% of quota), got {attain:g}",
            code="attainment_not_positive",
            amount=attain,
        )
    cushion = as_finite_scalar(over_assignment, "over_assignment")
    if cushion < 0:
        raise PlanningError(
            f"over_assignment must be 0 or more (e.g. 0.15 for a 15% cushion), got {cushion:g}",
            code="negative_over_assignment",
            amount=cushion,
        )
    existing = _existing_capacity(existing_capacity, n)
    rate = _per_period_attrition(
        attrition,
        attrition_basis,
        lambda: whole_number(periods_per_year, "periods_per_year", minimum=1),
    )
    lead = whole_number(hiring_lead_time, "hiring_lead_time", minimum=0)
    full_at = int(np.argmax(ramp >= 1.0))  # ramp periods below 100%
    lowest = -full_at if earliest_start is None else whole_number(earliest_start, "earliest_start")
    if lowest > n - 1:
        raise PlanningError(
            f"earliest_start {lowest} is after the last plan period {n - 1}",
            code="earliest_start_after_plan",
        )

    team_quota = targets * (1.0 + cushion)
    t = np.arange(n)
    starts = np.arange(min(lowest, 0), n)
    hires = np.zeros(starts.size)
    new_capacity = np.zeros(n)
    tolerance = 1e-9 * np.maximum(team_quota, 1.0)  # shortfalls this small count as covered
    rows: dict[int, NDArray[np.float64]] = {}
    for period in range(n):  # sequential: each period sees the hires made for earlier ones
        gap = team_quota[period] - attain * (existing[period] + new_capacity[period])
        if gap <= tolerance[period]:
            continue
        begin = max(lowest, period - full_at)
        row = rows.setdefault(begin, _hire_capacity(begin, t, quota, ramp, rate))
        if row[period] <= 0.0:
            raise PlanningError(
                f"target: period {period} is short by {gap:.6g} of expected bookings and no "
                f"hire can help (a rep starting in period {begin}, the earliest allowed, carries "
                f"0 quota in period {period}); allow earlier starts, raise quota_per_rep there "
                "or lower the target",
                code="infeasible",
                positions=(period,),
                amount=float(gap),
            )
        needed = gap / (attain * row[period])
        if not needed < _MAX_HIRES:
            raise PlanningError(
                f"target: period {period} would need {needed:.3g} new reps (more than "
                f"{_MAX_HIRES:,}); check the units of target and quota_per_rep",
                code="too_many_hires",
                positions=(period,),
                amount=float(needed),
            )
        count = max(1, math.ceil(needed - 1e-9))
        hires[begin - starts[0]] += count
        new_capacity += count * row
    if rate > 0:
        new_capacity = _drop_unneeded_hires(
            hires, starts, rows, team_quota - tolerance - attain * existing, attain, new_capacity
        )

    return _assemble_plan(
        starts, hires, lead, team_quota, quota, attain, cushion, existing, new_capacity
    )


# --------------------------------------------------------------------------- helpers


def _assemble_plan(
    starts: NDArray[np.int64],
    hires: NDArray[np.float64],
    lead: int,
    team_quota: NDArray[np.float64],
    quota: NDArray[np.float64],
    attain: float,
    cushion: float,
    existing: NDArray[np.float64],
    new_capacity: NDArray[np.float64],
) -> HeadcountPlan:
    n = team_quota.size
    hired = hires > 0
    first = min(0, int(starts[hired].min()) - lead) if hired.any() else 0
    index = np.arange(first, n, dtype=np.int64)
    hires_out = np.zeros(index.size)
    hires_out[starts[hired] - first] = hires[hired]
    requisitions = np.zeros(index.size)
    if lead < index.size:  # always true when anybody is hired (first <= start - lead)
        requisitions[: index.size - lead] = hires_out[lead:]
    plan = index >= 0

    def in_plan(values: NDArray[np.float64], before: float = 0.0) -> NDArray[np.float64]:
        out = np.full(index.size, before)
        out[plan] = values
        return out

    with np.errstate(all="ignore"):
        full_reps = team_quota / (quota * attain)
    full_reps[team_quota == 0] = 0.0
    full_reps[(team_quota > 0) & (quota == 0)] = np.nan  # no quota to carry it: not defined
    bookings = (existing + new_capacity) * attain
    with np.errstate(all="ignore"):
        coverage = np.where(team_quota > 0, bookings / team_quota, np.nan)
    return HeadcountPlan(
        period_index=index,
        hires=hires_out,
        requisitions=requisitions,
        new_reps_in_seat=np.cumsum(hires_out),
        team_quota=in_plan(team_quota),
        required_full_reps=in_plan(full_reps),
        existing_capacity=in_plan(existing),
        new_hire_capacity=in_plan(new_capacity),
        expected_bookings=in_plan(bookings),
        coverage=in_plan(coverage, np.nan),
        expected_attainment=attain,
        over_assignment=cushion,
    )


def _drop_unneeded_hires(
    hires: NDArray[np.float64],
    starts: NDArray[np.int64],
    rows: dict[int, NDArray[np.float64]],
    need: NDArray[np.float64],
    attain: float,
    new_capacity: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Remove hires that later hires made unnecessary (earliest first); updates ``hires``.

    With attrition an early hire may no longer be needed once the later, fresher hires are in
    seat. One pass suffices: removing hires only lowers the slack of the other periods.
    """
    for begin in sorted(rows):
        row = rows[begin] * attain
        held = hires[begin - starts[0]]
        helps = row > 0
        slack = attain * new_capacity - need
        with np.errstate(over="ignore"):  # a tiny capacity row: any number of hires is spare
            spare = np.floor(np.min(slack[helps] / row[helps])) if helps.any() else held
        drop = min(held, max(spare, 0.0))
        if drop > 0:
            hires[begin - starts[0]] -= drop
            new_capacity = new_capacity - drop * rows[begin]
    return new_capacity


def _hire_capacity(
    begin: int,
    t: NDArray[np.int64],
    quota: NDArray[np.float64],
    ramp: NDArray[np.float64],
    rate: float,
) -> NDArray[np.float64]:
    """Expected quota capacity per plan period of one rep starting in period ``begin``."""
    tenure = t - begin
    share = ramp[np.clip(tenure, 0, ramp.size - 1)]
    survival = (1.0 - rate) ** np.maximum(t - max(begin, 0), 0)
    return np.where(tenure >= 0, quota * share * survival, 0.0)


def _shown(values: ArrayLike, i: int) -> str:
    """Entry ``i`` of a start/leave list as the planner typed it (for messages)."""
    item = np.asarray(values, dtype=object).reshape(-1)[i]
    if isinstance(item, pd.Timestamp):
        return str(item.date())
    if isinstance(item, numbers.Real):
        return f"period {float(item):g}"
    return str(item)


def _validate_ramp(ramp_profile: ArrayLike) -> NDArray[np.float64]:
    ramp = as_vector(ramp_profile, "ramp_profile")
    if ramp.size == 0:
        raise PlanningError(
            "ramp_profile is empty; give the share of full quota by month in seat, "
            "e.g. [0, 0.25, 0.5, 0.75, 1.0]",
            code="empty",
        )
    if np.isnan(ramp).any():
        pos = np.flatnonzero(np.isnan(ramp)).tolist()
        raise PlanningError(
            f"ramp_profile: blank value at positions {pos}", code="blank", positions=pos
        )
    reject_out_of_range(
        ramp,
        (ramp < 0) | (ramp > 1),
        "ramp_profile",
        "shares between 0 and 1 (0% to 100%)",
        code="ramp_out_of_range",
    )
    if abs(ramp[-1] - 1.0) > 1e-9:
        last = ramp.size - 1
        raise PlanningError(
            f"ramp_profile must end at 100% (1.0) so that a ramped rep carries the full quota; "
            f"it ends at {ramp[-1]:g} (position {last})",
            code="ramp_not_full",
            positions=(last,),
            amount=float(ramp[-1]),
        )
    drops = np.flatnonzero(np.diff(ramp) < 0) + 1
    if drops.size:
        i = int(drops[0])
        raise PlanningError(
            f"ramp_profile must not decrease; position {i} ({ramp[i]:g}) is below position "
            f"{i - 1} ({ramp[i - 1]:g})",
            code="ramp_decreasing",
            positions=drops.tolist(),
            amount=float(ramp[i - 1] - ramp[i]),
        )
    ramp = ramp.copy()
    ramp[-1] = 1.0
    return ramp


def _plan_vector(values: ArrayLike, name: str, n: int | None = None) -> NDArray[np.float64]:
    """Non-negative per-period vector; a scalar is broadcast when ``n`` is given."""
    arr = as_float_array(values, name, allow_nan=False)
    if arr.ndim == 0 and n is not None:
        arr = np.full(n, float(arr))
    arr = as_vector(arr, name)
    if arr.size == 0:
        raise PlanningError(f"{name} is empty; give one value per plan period", code="empty")
    if n is not None and arr.size != n:
        raise PlanningError(
            f"{name} has {arr.size} values but the target has {n} periods",
            code="shape_mismatch",
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
        raise PlanningError(
            f"{name} has shape {arr.shape} but there are {n_reps} reps and {n} periods; give one "
            f"number, one per rep ({n_reps},), or a reps x periods table ({n_reps}, {n}) "
            f"(one row (1, {n}) applies to every rep)",
            code="shape_mismatch",
        )
    return np.broadcast_to(arr, (n_reps, n))


def _existing_capacity(values: ArrayLike | None, n: int) -> NDArray[np.float64]:
    if values is None:
        return np.zeros(n)
    arr = as_float_array(values, "existing_capacity", allow_nan=False)
    reject_negative(arr, "existing_capacity")
    if arr.ndim == 2 and arr.shape[1] == n:
        arr = arr.sum(axis=0)
    if arr.shape != (n,):
        raise PlanningError(
            f"existing_capacity has shape {arr.shape}; expected ({n},) or (reps, {n}) to match "
            f"the {n} target periods",
            code="shape_mismatch",
        )
    return arr


def _per_period_attrition(attrition: float, basis: str, per_year: Callable[[], int]) -> float:
    """Per-period leaving rate; ``per_year`` is only asked for when an annual rate is given."""
    rate = as_finite_scalar(attrition, "attrition")
    if not 0.0 <= rate < 1.0:
        raise PlanningError(
            f"attrition must be a rate from 0 up to (not including) 1, e.g. 0.2 for 20%; "
            f"got {rate:g}",
            code="attrition_out_of_range",
            amount=rate,
        )
    if basis == "annual":
        return 1.0 - (1.0 - rate) ** (1.0 / per_year()) if rate > 0 else 0.0
    if basis == "per_period":
        return rate
    raise PlanningError(
        f"attrition_basis must be 'annual' or 'per_period', got {basis!r}",
        code="bad_attrition_basis",
    )
