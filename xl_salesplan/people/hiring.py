"""The headcount / hiring plan (人力): how many reps must be in seat, and when to hire them.

Capacity needed = target x max(1 + over-assignment, 1 / expected attainment), in every
period or year to date at every period end; the conventions for ramp, attrition and
periods are those of :mod:`xl_salesplan.people.capacity` (worked examples in
``docs/capacity_and_funnel.md``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.history.plan_periods import (
    period_labels,
    whole_number,
)
from xl_salesplan.messages import Text
from xl_salesplan.people.capacity import (
    check_ramp_profile,
    per_period_attrition,
    plan_vector,
    ramped_capacity,
)
from xl_salesplan.validation import (
    as_finite_scalar,
    as_float_array,
    reject_negative,
)

__all__ = ["COVERAGE_BASES", "HeadcountPlan", "capacity_factor", "coverage_ratio", "headcount_plan"]

_MAX_HIRES = 1_000_000_000


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
        Quota handed out: ``target x (1 + over_assignment)``.
    required_full_reps : ndarray
        Fully productive reps needed in the period: ``target x capacity_factor / quota_per_rep``
        (NaN where the quota per rep is 0).
    existing_capacity, new_hire_capacity : ndarray
        Expected quota capacity (ramped, after attrition) of existing reps and of the new hires.
    expected_bookings : ndarray
        ``(existing_capacity + new_hire_capacity) x expected_attainment``.
    coverage : ndarray
        Capacity / capacity needed (``target x capacity_factor``), per period or, with
        ``coverage_basis="cumulative"``, year to date; >= 1 in every plan period (NaN where
        nothing is needed).
    expected_attainment, over_assignment : float
    coverage_basis : str
        ``"period"`` or ``"cumulative"``: what the plan covers and ``coverage`` measures.
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
    coverage_basis: str = "period"

    @property
    def capacity_factor(self) -> float:
        """Capacity needed per unit of target: ``max(1 + over_assignment, 1 / attainment)``."""
        return capacity_factor(self.over_assignment, self.expected_attainment)

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
        index = period_labels(self.period_index, periods)
        return pd.DataFrame({c: getattr(self, c) for c in _FRAME_COLUMNS}, index=index)


_FRAME_COLUMNS = ("hires", "requisitions", "new_reps_in_seat", "team_quota",
                  "required_full_reps", "existing_capacity", "new_hire_capacity",
                  "expected_bookings", "coverage")  # fmt: skip
COVERAGE_BASES = ("period", "cumulative")


def capacity_factor(over_assignment: float, expected_attainment: float) -> float:
    """Quota capacity needed per unit of target: ``max(1 + over_assignment, 1 / attainment)``.

    The team must have room for the quota handed out (target x (1 + over-assignment)) and,
    at the expected attainment, book the target (capacity x attainment >= target). The two
    cushions are not multiplied: quota is over-assigned because attainment is below 100%.

    Examples
    --------
    >>> capacity_factor(0.15, 0.9), capacity_factor(0.10, 0.8)
    (1.15, 1.25)
    """
    return max(1.0 + over_assignment, 1.0 / expected_attainment)


def coverage_ratio(
    capacity: ArrayLike, needed: ArrayLike, basis: str = "period"
) -> NDArray[np.float64]:
    """Coverage per period: capacity / capacity needed (>= 1: covered).

    ``basis="period"`` compares each period on its own; ``"cumulative"`` compares the sums
    from the first period (year to date). NaN where nothing is needed.

    Examples
    --------
    >>> coverage_ratio([90.0, 120.0, 5.0], [100.0, 100.0, 0.0])
    array([0.9, 1.2, nan])
    >>> coverage_ratio([90.0, 120.0, 5.0], [100.0, 100.0, 0.0], "cumulative")
    array([0.9  , 1.05 , 1.075])
    """
    have = np.asarray(capacity, dtype=float)
    need = np.asarray(needed, dtype=float)
    if basis == "cumulative":
        have, need = np.cumsum(have), np.cumsum(need)
    with np.errstate(all="ignore"):
        return np.where(need > 0, have / need, np.nan)


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
    coverage: str = "period",
) -> HeadcountPlan:
    """Fewest new reps, and when they must start, so the team has the capacity the target needs.

    Capacity needed = ``target x capacity_factor(over_assignment, expected_attainment)``, i.e.
    room for the quota handed out and expected bookings that reach the target. ``coverage``:

    - ``"period"``: in every plan period. A shortfall in period ``T`` is closed by hires starting
      in ``max(earliest_start, T - f)``, ``f`` the ramp periods below 100%: the latest start at
      which a hire is fully productive in ``T``. Exact minimum without attrition; with attrition
      a last pass drops hires that later, fresher hires made unnecessary, and the count can
      exceed the minimum by a hire or two.
    - ``"cumulative"``: year to date, at every period end. The fewest hires ``K`` is the most
      any period end needs of reps starting at the earliest allowed start; then, walking the
      starts in order, only as many start as the rest, starting one period later, cannot
      replace. Exact (fewest hires; then the first hire as late as possible, then the second,
      ...) whenever a later start never carries more year to date: always without attrition or
      with one quota for every period; otherwise every period end is still covered.

    Parameters
    ----------
    target : array_like, shape (n_periods,)
        Revenue target per plan period (>= 0).
    quota_per_rep : array_like
        Full quota of one rep per period: one number or one per period ``(n_periods,)``.
    ramp_profile : array_like
        As in :func:`~xl_salesplan.people.capacity.rep_capacity`.
    expected_attainment : float
        Expected share of quota a rep books (e.g. 0.85), > 0.
    over_assignment : float
        Quota cushion on top of the target (e.g. 0.15 for 15%), >= 0.
    existing_capacity : array_like, optional
        Expected quota capacity of the current team, ``(n_periods,)`` or the
        ``(n_reps, n_periods)`` result of :func:`~xl_salesplan.people.capacity.rep_capacity`
        (summed over reps).
    attrition, attrition_basis, periods_per_year
        Attrition of the new hires, as in :func:`~xl_salesplan.people.capacity.rep_capacity`.
    earliest_start : int, optional
        Earliest allowed start period of a hire (0 = plan start, negative = before the plan).
        Default: early enough for any hire to be fully ramped when needed.
    hiring_lead_time : int, default 0
        Periods between opening a requisition and the hire's start.
    coverage : {"period", "cumulative"}, default "period"
        Cover every period on its own, or every year-to-date total.

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

    A peak in the last month: each month on its own needs 4 reps, the year to date 2 (the
    second one from month 3: 600 + 300 covers the 900 of the year):

    >>> peak = [100, 100, 100, 100, 100, 400]
    >>> headcount_plan(peak, 100, [1], expected_attainment=1, over_assignment=0).hires
    array([1., 0., 0., 0., 0., 3.])
    >>> headcount_plan(peak, 100, [1], expected_attainment=1, over_assignment=0,
    ...                coverage="cumulative").hires
    array([1., 0., 0., 1., 0., 0.])
    """
    targets = plan_vector(target, "target")
    n = targets.size
    quota = plan_vector(quota_per_rep, "quota_per_rep", n=n)
    ramp = check_ramp_profile(ramp_profile)
    attain = as_finite_scalar(expected_attainment, "expected_attainment")
    if attain <= 0:
        raise PlanningError.of(
            "people.hiring.attainment_not_positive",
            code="attainment_not_positive",
            amount=attain,
            attain=attain,
        )
    cushion = as_finite_scalar(over_assignment, "over_assignment")
    if cushion < 0:
        raise PlanningError.of(
            "people.hiring.negative_over_assignment",
            code="negative_over_assignment",
            amount=cushion,
            cushion=cushion,
        )
    if not isinstance(coverage, str) or coverage not in COVERAGE_BASES:
        raise PlanningError.of("people.hiring.bad_coverage", code="bad_coverage", coverage=coverage)
    existing = _existing_capacity(existing_capacity, n)
    rate = per_period_attrition(
        attrition,
        attrition_basis,
        lambda: whole_number(periods_per_year, "periods_per_year", minimum=1),
    )
    lead = whole_number(hiring_lead_time, "hiring_lead_time", minimum=0)
    full_at = int(np.argmax(ramp >= 1.0))  # ramp periods below 100%
    lowest = -full_at if earliest_start is None else whole_number(earliest_start, "earliest_start")
    if lowest > n - 1:
        raise PlanningError.of(
            "people.hiring.earliest_start_after_plan",
            code="earliest_start_after_plan",
            lowest=lowest,
            n_1=n - 1,
        )

    lowest = max(lowest, -full_at)  # an earlier start carries no more in the plan
    needed = targets * capacity_factor(cushion, attain)
    starts = np.arange(min(lowest, 0), n)

    def hire_row(begin: int) -> NDArray[np.float64]:
        """Expected capacity per plan period of one rep starting in period ``begin``."""
        return ramped_capacity(np.array([begin]), quota, ramp, rate, n)[0]

    # shortfalls below a billionth of what is needed (or of one unit) count as covered
    ytd_needed = np.cumsum(needed)
    if coverage == "period":
        short = needed - existing - 1e-9 * np.maximum(needed, 1.0)
        hires, new_capacity = _cover_each_period(short, starts, lowest, full_at, hire_row)
        if rate > 0:
            new_capacity = _drop_unneeded_hires(hires, starts, short, new_capacity, hire_row)
    else:
        short = ytd_needed - np.cumsum(existing) - 1e-9 * np.maximum(ytd_needed, 1.0)
        hires, new_capacity = _cover_year_to_date(short, starts, lowest, hire_row)

    hired = hires > 0
    first = min(0, int(starts[hired].min()) - lead) if hired.any() else 0
    index = np.arange(first, n, dtype=np.int64)
    hires_out = np.zeros(index.size)
    hires_out[starts[hired] - first] = hires[hired]
    requisitions = np.zeros(index.size)
    requisitions[: max(index.size - lead, 0)] = hires_out[lead:]
    capacity = existing + new_capacity
    coverage_values = coverage_ratio(capacity, needed, coverage)
    with np.errstate(all="ignore"):
        full_reps = np.where(needed > 0, needed / quota, 0.0)  # inf -> NaN: no quota to carry
    full_reps[~np.isfinite(full_reps)] = np.nan

    def in_plan(values: NDArray[np.float64], before: float = 0.0) -> NDArray[np.float64]:
        return np.concatenate([np.full(index.size - n, before), values])

    return HeadcountPlan(
        period_index=index,
        hires=hires_out,
        requisitions=requisitions,
        new_reps_in_seat=np.cumsum(hires_out),
        team_quota=in_plan(targets * (1.0 + cushion)),
        required_full_reps=in_plan(full_reps),
        existing_capacity=in_plan(existing),
        new_hire_capacity=in_plan(new_capacity),
        expected_bookings=in_plan(capacity * attain),
        coverage=in_plan(coverage_values, np.nan),
        expected_attainment=attain,
        over_assignment=cushion,
        coverage_basis=coverage,
    )


# --------------------------------------------------------------------------- helpers

HireRow = Callable[[int], NDArray[np.float64]]


def _cover_each_period(
    short: NDArray[np.float64], starts: NDArray[np.int64], lowest: int, full_at: int, row: HireRow
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Hires per start in ``starts`` and their capacity, so that ``capacity[t] >= short[t]``."""
    hires, new_capacity = np.zeros(starts.size), np.zeros(short.size)
    for period in range(short.size):  # sequential: each period sees the earlier hires
        gap = short[period] - new_capacity[period]
        if gap <= 0.0:
            continue
        begin = max(lowest, period - full_at)
        one = row(begin)
        if one[period] <= 0.0:
            shortfall = Text("people.hiring.period_short", {"period": period, "gap": f"{gap:.6g}"})
            raise _no_hire_helps(shortfall, begin, period, gap, Text("people.hiring.in"))
        count = _hire_count(
            gap / one[period], Text("people.hiring.at_period", {"period": period}), period
        )
        hires[begin - starts[0]] += count
        new_capacity += count * one
    return hires, new_capacity


def _cover_year_to_date(
    short: NDArray[np.float64], starts: NDArray[np.int64], lowest: int, row: HireRow
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Hires per start in ``starts`` and their capacity, so that ``cumsum(capacity) >= short``.

    Invariant of the walk: the reps placed so far plus the ``remaining`` ones starting at
    ``begin`` cover every period end, so the fewest at ``begin`` that let the rest start at
    ``begin + 1`` always exist (at most ``remaining``).
    """
    one, ytd = row(lowest), np.cumsum(row(lowest))
    short_by = short > 0
    stuck = np.flatnonzero(short_by & (ytd <= 0.0))
    if stuck.size:
        period = int(stuck[0])
        where = Text("people.hiring.year_to_date_short",
                     {"period": period, "gap": f"{short[period]:.6g}"})  # fmt: skip
        raise _no_hire_helps(where, lowest, period, short[period], Text("people.hiring.up_to"))
    with np.errstate(over="ignore"):
        per_end = np.where(short_by, short / np.where(short_by, ytd, 1.0), 0.0)
    worst = int(np.argmax(per_end))
    remaining = _hire_count(
        per_end[worst], Text("people.hiring.year_to_date_at", {"period": worst}), worst
    )
    hires, new_capacity, placed = np.zeros(starts.size), np.zeros(short.size), np.zeros(short.size)
    for begin in range(lowest, short.size):
        if remaining == 0:
            break
        later = row(begin + 1)
        later_ytd = np.cumsum(later)
        gain = ytd - later_ytd  # what starting now rather than a period later adds by each end
        helps = gain > 0.0
        with np.errstate(over="ignore", invalid="ignore"):
            lack = (short - placed - remaining * later_ytd)[helps] / gain[helps]
        count = min(remaining, max(0, math.ceil(float(np.max(lack, initial=0.0)))))
        hires[begin - starts[0]] = count
        placed = placed + count * ytd
        new_capacity += count * one
        remaining -= count
        one, ytd = later, later_ytd
    return hires, new_capacity


def _hire_count(needed: float, where: str | Text, period: int) -> int:
    """Whole reps for ``needed`` (fractional) reps; refuses absurd counts."""
    if not needed < _MAX_HIRES:
        raise PlanningError.of(
            "people.hiring.too_many_hires",
            code="too_many_hires",
            positions=(period,),
            amount=float(needed),
            where_text=where,
            needed=needed,
            _MAX_HIRES=_MAX_HIRES,
        )
    return max(0, math.ceil(needed))


def _no_hire_helps(shortfall: Text, begin: int, period: int, gap: float, by: Text) -> PlanningError:
    return PlanningError.of(
        "people.hiring.infeasible",
        code="infeasible",
        positions=(period,),
        amount=float(gap),
        shortfall=shortfall,
        begin=begin,
        by=by,
        period=period,
    )


def _drop_unneeded_hires(
    hires: NDArray[np.float64],
    starts: NDArray[np.int64],
    need: NDArray[np.float64],
    new_capacity: NDArray[np.float64],
    row: HireRow,
) -> NDArray[np.float64]:
    """Remove hires that later hires made unnecessary (earliest first); updates ``hires``.

    With attrition an early hire may no longer be needed once the later, fresher hires are in
    seat. One pass suffices: removing hires only lowers the slack of the other periods.
    """
    for k in np.flatnonzero(hires):
        one = row(int(starts[k]))
        helps = one > 0
        with np.errstate(over="ignore"):  # a tiny capacity row: any number of hires is spare
            spare = np.floor(np.min((new_capacity - need)[helps] / one[helps]))
        drop = min(hires[k], max(spare, 0.0))
        if drop > 0:
            hires[k] -= drop
            new_capacity = new_capacity - drop * one
    return new_capacity


def _existing_capacity(values: ArrayLike | None, n: int) -> NDArray[np.float64]:
    if values is None:
        return np.zeros(n)
    arr = as_float_array(values, "existing_capacity", allow_nan=False)
    reject_negative(arr, "existing_capacity")
    if arr.ndim == 2 and arr.shape[1] == n:
        arr = arr.sum(axis=0)
    if arr.shape != (n,):
        raise PlanningError.of(
            "people.hiring.shape_mismatch", code="shape_mismatch", arr_shape=arr.shape, n=n
        )
    return arr
