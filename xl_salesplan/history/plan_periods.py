"""Plan periods: map start and leave dates, or period numbers, onto the plan's periods.

A plan is either a number of periods ``n`` (periods ``0 .. n-1``) or a consecutive pandas
``PeriodIndex`` (e.g. the 12 months of the plan year). Period numbers count from the first plan
period; negative numbers are periods before the plan. A date maps to the period that contains
it (a rep starting on 15 March belongs to March).

Examples
--------
>>> months = pd.period_range("2025-01", periods=12, freq="M")
>>> period_numbers(["2024-11-15", 3, None], "start", months, allow_blank=True).tolist()
[-2.0, 3.0, nan]
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError

__all__ = [
    "PeriodsLike",
    "exact_dates",
    "period_labels",
    "period_numbers",
    "periods_per_year",
    "plan_grid",
    "whole_number",
]

PeriodsLike = int | pd.PeriodIndex | pd.DatetimeIndex

_MAX_PERIODS = 10_000
_MAX_INDEX = 1_000_000
_FREQ_PER_YEAR = {"M": 12, "Q": 4, "W": 52, "Y": 1, "A": 1, "D": 365}


def plan_grid(periods: PeriodsLike) -> tuple[int, pd.PeriodIndex | None]:
    """Number of plan periods and, when dates are in play, the ``PeriodIndex`` of the plan.

    A ``DatetimeIndex`` is converted with its own frequency (monthly when it has none).

    Examples
    --------
    >>> plan_grid(12)
    (12, None)
    >>> n, grid = plan_grid(pd.date_range("2025-01-01", periods=3, freq="MS"))
    >>> n, grid.freqstr
    (3, 'M')
    """
    if isinstance(periods, pd.DatetimeIndex):
        try:
            periods = periods.to_period() if periods.freq is not None else periods.to_period("M")
        except (ValueError, TypeError, AttributeError):
            raise PlanningError.of(
                "history.plan_periods.bad_periods_4", code="bad_periods"
            ) from None
    if isinstance(periods, pd.PeriodIndex):
        if len(periods) == 0:
            raise PlanningError.of("history.plan_periods.empty", code="empty")
        if periods.hasnans:
            raise PlanningError.of("history.plan_periods.bad_periods_2", code="bad_periods")
        gaps = np.flatnonzero(np.diff(periods.asi8) != 1)
        if gaps.size:
            i = int(gaps[0]) + 1
            raise PlanningError.of(
                "history.plan_periods.bad_periods_3",
                code="bad_periods",
                positions=(i,),
                i=i,
                periods_i=periods[i],
                i_1=i - 1,
                periods_i_1=periods[i - 1],
            )
        return len(periods), periods
    n = whole_number(periods, "periods", minimum=1)
    if n > _MAX_PERIODS:
        raise PlanningError.of(
            "history.plan_periods.too_many_periods",
            code="too_many_periods",
            n=n,
            _MAX_PERIODS=_MAX_PERIODS,
        )
    return n, None


def periods_per_year(grid: pd.PeriodIndex | None, given: int | None = None) -> int:
    """``given`` if set, else inferred from the grid's frequency (M=12, Q=4, W=52), else 12.

    Examples
    --------
    >>> periods_per_year(pd.period_range("2025Q1", periods=4, freq="Q"))
    4
    >>> periods_per_year(None)
    12
    """
    if given is not None:
        return whole_number(given, "periods_per_year", minimum=1)
    if grid is None:
        return 12
    code = grid.freqstr.split("-")[0]
    if code in _FREQ_PER_YEAR:
        return _FREQ_PER_YEAR[code]
    raise PlanningError.of(
        "history.plan_periods.periods_per_year_unknown",
        code="periods_per_year_unknown",
        code_word=code,
    )


def period_numbers(
    values: ArrayLike, name: str, grid: pd.PeriodIndex | None, *, allow_blank: bool
) -> NDArray[np.float64]:
    """Period number of each entry (float; NaN = blank): numbers as given, dates mapped.

    Dates (``datetime64``, ``Timestamp``, ``Period``, ISO text) need ``grid``.

    Examples
    --------
    >>> period_numbers([0, -3], "start", None, allow_blank=False).tolist()
    [0.0, -3.0]
    >>> period_numbers(["2025-01-01"], "start", None, allow_blank=False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: periods is a number of periods, but start has a date ...
    """
    try:
        arr = np.asarray(values)
    except (ValueError, TypeError):  # ragged nesting
        arr = np.empty(len(values), dtype=object)  # type: ignore[arg-type]
        arr[:] = list(values)  # type: ignore[arg-type]
    if arr.dtype.kind in "US":  # numpy turned a mix of numbers and text into text
        arr = np.asarray(values, dtype=object)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim > 1 and sum(d > 1 for d in arr.shape) <= 1:
        arr = arr.reshape(-1)
    if arr.ndim != 1:
        raise PlanningError.of(
            "history.plan_periods.shape_mismatch",
            code="shape_mismatch",
            name=name,
            arr_shape=arr.shape,
        )
    if arr.dtype.kind in "iuf":
        out = arr.astype(np.float64)
    elif arr.dtype.kind == "M":
        try:
            dates = pd.DatetimeIndex(arr)
        except (ValueError, OverflowError):
            raise PlanningError.of(
                "history.plan_periods.not_a_date_2", code="not_a_date", name=name
            ) from None
        dated = np.flatnonzero(~np.asarray(dates.isna()))
        out = _dates_to_numbers(dates, name, grid, int(dated[0]) if dated.size else 0)
    else:
        out = np.array([_one_number(item, name, i, grid) for i, item in enumerate(arr)])
        out = out.astype(np.float64).reshape(-1)
    bad = np.flatnonzero(~np.isnan(out) & ((out != np.round(out)) | (np.abs(out) > _MAX_INDEX)))
    if bad.size:
        i = int(bad[0])
        raise PlanningError.of(
            "history.plan_periods.not_whole",
            code="not_whole",
            positions=bad.tolist(),
            name=name,
            i=i,
            out_i=out[i],
            _MAX_INDEX=_MAX_INDEX,
        )
    blank = np.flatnonzero(np.isnan(out))
    if blank.size and not allow_blank:
        raise PlanningError.of(
            "history.plan_periods.blank",
            code="blank",
            positions=blank.tolist(),
            name=name,
            blank_tolist=blank.tolist(),
        )
    return out


def exact_dates(values: ArrayLike) -> NDArray[np.datetime64]:
    """The calendar date of each entry that is a date (NaT for numbers, periods and blanks).

    Used to compare two dates inside the same period (a leave date before the start date).
    Call it on values :func:`period_numbers` has accepted.

    Examples
    --------
    >>> exact_dates(["2025-03-20", 4, None]).astype("datetime64[D]").tolist()
    [datetime.date(2025, 3, 20), None, None]
    """
    arr = np.asarray(values) if not isinstance(values, list) else None
    if arr is not None and arr.dtype.kind == "M":
        return np.asarray(pd.DatetimeIndex(arr.reshape(-1)), dtype="datetime64[ns]")
    items = np.asarray(values, dtype=object).reshape(-1)
    out = np.full(items.size, np.datetime64("NaT", "ns"))
    for i, item in enumerate(items):
        if item is None or isinstance(item, numbers.Real | pd.Period) or item is pd.NaT:
            continue
        if isinstance(item, str) and _is_number(item):
            continue
        try:
            stamp = pd.Timestamp(item)  # type: ignore[arg-type]
        except (TypeError, ValueError, OverflowError):
            continue
        if stamp is not pd.NaT:
            out[i] = np.datetime64(stamp.tz_localize(None) if stamp.tz else stamp, "ns")
    return out


def period_labels(index: NDArray[np.int64], periods: pd.PeriodIndex | None) -> pd.Index:
    """Row labels for period numbers: the numbers, or ``periods[0] + number`` as periods.

    Examples
    --------
    >>> period_labels(np.array([-1, 0]), pd.period_range("2025-01", periods=12, freq="M"))
    PeriodIndex(['2024-12', '2025-01'], dtype='period[M]', name='period')
    """
    if periods is None:
        return pd.Index(index, name="period")
    if not isinstance(periods, pd.PeriodIndex) or len(periods) == 0:
        raise PlanningError.of("history.plan_periods.bad_periods", code="bad_periods")
    return pd.PeriodIndex([periods[0] + int(i) for i in index], name="period")


def whole_number(value: object, name: str, minimum: int | None = None) -> int:
    """``value`` as an int, or raise naming ``name`` if it is not a whole number >= ``minimum``.

    Examples
    --------
    >>> whole_number(3.0, "hiring_lead_time", minimum=0)
    3
    >>> whole_number(1.5, "hiring_lead_time")
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: hiring_lead_time must be a whole number, got 1.5
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise PlanningError.of(
            "history.plan_periods.not_a_number", code="not_a_number", name=name, value=value
        )
    number = float(value)
    if not math.isfinite(number) or number != round(number) or abs(number) > _MAX_INDEX:
        raise PlanningError.of(
            "history.plan_periods.not_a_number", code="not_whole", name=name, value=value
        )
    if minimum is not None and number < minimum:
        raise PlanningError.of(
            "history.plan_periods.out_of_range",
            code="out_of_range",
            amount=number,
            name=name,
            minimum=minimum,
            number=int(number),
        )
    return int(number)


def _dates_to_numbers(
    dates: pd.DatetimeIndex, name: str, grid: pd.PeriodIndex | None, position: int
) -> NDArray[np.float64]:
    """Period numbers of ``dates``; ``position`` is where the first of them stands in ``name``."""
    if grid is None:
        raise PlanningError.of(
            "history.plan_periods.dates_without_calendar",
            code="dates_without_calendar",
            positions=(position,),
            name=name,
            position=position,
        )
    ordinals = dates.to_period(grid.freq).asi8.astype(np.float64)
    ordinals[np.asarray(dates.isna())] = np.nan
    return ordinals - grid[0].ordinal


def _one_number(item: object, name: str, i: int, grid: pd.PeriodIndex | None) -> float:
    if item is None or item is pd.NaT or (isinstance(item, float) and math.isnan(item)):
        return np.nan
    if isinstance(item, numbers.Real) and not isinstance(item, bool | np.bool_):
        return float(item)
    if isinstance(item, str) and _is_number(item):
        return float(item)  # a period number typed as text
    if isinstance(item, pd.Period):
        item = item.start_time
    try:
        stamp = pd.Timestamp(item)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise PlanningError.of(
            "history.plan_periods.not_a_date",
            code="not_a_date",
            positions=(i,),
            name=name,
            i=i,
            item=item,
        ) from None
    if stamp is pd.NaT:
        return np.nan
    if stamp.tz is not None:
        stamp = stamp.tz_localize(None)  # the local calendar date decides the period
    return float(_dates_to_numbers(pd.DatetimeIndex([stamp]), name, grid, i)[0])


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
