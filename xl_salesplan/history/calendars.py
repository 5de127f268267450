"""Period calendars: 12 months, 4 quarters, 52 weeks and 4-4-5 fiscal months.

A :class:`Calendar` names the periods of one year and their relative lengths.
Calendar months and quarters are treated as equal in length (the usual
planning convention); week-based calendars know their weeks, so a 5-week
fiscal month of a 4-4-5 calendar is 5/52 of the year.

The helpers map weeks to fiscal months and quarters, fold a long series into
years x periods, and aggregate history from a finer calendar to a coarser one
(monthly -> quarterly, weekly -> 4-4-5 fiscal months or 13-week quarters).
All functions are pure and work along the last axis.

Examples
--------
>>> cal = get_calendar("4-4-5")
>>> cal.periods_per_year, cal.period_weeks[:3]
(12, (4, 4, 5))
>>> aggregate_periods([1.0] * 52, source="weekly", target="4-4-5")[:3]
array([4., 4., 5.])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.history.portable_math import matmul
from xl_salesplan.validation import as_float_array

__all__ = [
    "FISCAL_445",
    "MONTHLY",
    "QUARTERLY",
    "WEEKLY",
    "Calendar",
    "aggregate_periods",
    "fiscal_calendar",
    "fiscal_period_bounds",
    "fold_years",
    "get_calendar",
    "period_mapping",
    "week_to_fiscal_month",
    "week_to_fiscal_quarter",
]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_QUARTERS_ZH = ("一季度", "二季度", "三季度", "四季度")


def _parse_pattern(pattern: str | tuple[int, int, int]) -> tuple[int, int, int]:
    if isinstance(pattern, str):
        text = pattern.strip()
        parts = text.split("-") if "-" in text else list(text)
    else:
        parts = list(pattern)
    try:
        weeks = tuple(int(p) for p in parts)
    except (TypeError, ValueError):
        weeks = ()
    if len(weeks) != 3 or min(weeks) < 1:
        raise PlanningError.of("history.calendars.bad_pattern", code="bad_pattern", pattern=pattern)
    if sum(weeks) != 13:
        shown = "-".join(str(w) for w in weeks)
        raise PlanningError.of(
            "history.calendars.bad_pattern_2", code="bad_pattern", shown=shown, sum_weeks=sum(weeks)
        )
    return weeks  # type: ignore[return-value]


@dataclass(frozen=True)
class Calendar:
    """The periods of one planning year.

    Attributes
    ----------
    name : str
        ``"monthly"``, ``"quarterly"``, ``"weekly"`` or a fiscal pattern such as ``"4-4-5"``.
    periods_per_year : int
        Number of periods in a year (12, 4, 52, 12).
    labels, labels_zh : tuple of str
        Period labels in English and Chinese.
    period_weeks : tuple of int or None
        Weeks per period for week-based calendars (weekly and fiscal); ``None`` for
        calendar months and quarters.

    Examples
    --------
    >>> MONTHLY.labels[:2], QUARTERLY.labels_zh[0]
    (('Jan', 'Feb'), '一季度')
    """

    name: str
    periods_per_year: int
    labels: tuple[str, ...]
    labels_zh: tuple[str, ...]
    period_weeks: tuple[int, ...] | None = None

    @property
    def period_weights(self) -> NDArray[np.float64]:
        """Relative length of each period; sums to 1.

        Examples
        --------
        >>> FISCAL_445.period_weights[:3] * 52
        array([4., 4., 5.])
        """
        if self.period_weeks is None:
            return np.full(self.periods_per_year, 1.0 / self.periods_per_year)
        weeks = np.asarray(self.period_weeks, dtype=np.float64)
        return weeks / weeks.sum()

    @property
    def midpoints(self) -> NDArray[np.float64]:
        """Middle of each period as a fraction of the year (0 = start, 1 = end).

        Examples
        --------
        >>> QUARTERLY.midpoints
        array([0.125, 0.375, 0.625, 0.875])
        """
        ends = np.cumsum(self.period_weights)
        return ends - self.period_weights / 2.0


def fiscal_calendar(pattern: str | tuple[int, int, int] = "4-4-5") -> Calendar:
    """Return a 52-week fiscal calendar of 12 fiscal months (4-4-5, 4-5-4 or 5-4-4).

    Parameters
    ----------
    pattern : str or tuple of 3 int
        Weeks in the three fiscal months of each quarter; must add up to 13.

    Examples
    --------
    >>> fiscal_calendar("5-4-4").period_weeks[:4]
    (5, 4, 4, 5)
    >>> fiscal_calendar((4, 4, 4))
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: pattern: the weeks of a fiscal quarter must add up
    to 13, got 4-4-4 = 12
    """
    weeks = _parse_pattern(pattern)
    name = "-".join(str(w) for w in weeks)
    labels = tuple(f"P{i:02d}" for i in range(1, 13))
    labels_zh = tuple(f"第{i}期" for i in range(1, 13))
    return Calendar(name, 12, labels, labels_zh, weeks * 4)


MONTHLY = Calendar("monthly", 12, _MONTHS, tuple(f"{i}月" for i in range(1, 13)))
QUARTERLY = Calendar("quarterly", 4, ("Q1", "Q2", "Q3", "Q4"), _QUARTERS_ZH)
WEEKLY = Calendar(
    "weekly",
    52,
    tuple(f"W{i:02d}" for i in range(1, 53)),
    tuple(f"第{i}周" for i in range(1, 53)),
    (1,) * 52,
)
FISCAL_445 = fiscal_calendar("4-4-5")

_BY_NAME = {
    "monthly": MONTHLY,
    "month": MONTHLY,
    "m": MONTHLY,
    "12": MONTHLY,
    "quarterly": QUARTERLY,
    "quarter": QUARTERLY,
    "q": QUARTERLY,
    "4": QUARTERLY,
    "weekly": WEEKLY,
    "week": WEEKLY,
    "w": WEEKLY,
    "52": WEEKLY,
}


def get_calendar(spec: int | str | Calendar) -> Calendar:
    """Return the calendar for 12, 4, 52, a name, a fiscal pattern, or a Calendar.

    Parameters
    ----------
    spec : int, str or Calendar
        ``12``/``"monthly"``, ``4``/``"quarterly"``, ``52``/``"weekly"``,
        ``"4-4-5"`` (also ``"445"``, ``"4-5-4"``, ``"5-4-4"``), or a :class:`Calendar`.

    Examples
    --------
    >>> get_calendar(4).name, get_calendar("445").name, get_calendar("Weekly").periods_per_year
    ('quarterly', '4-4-5', 52)
    >>> get_calendar(7)
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: calendar: expected 12, 4, 52, 'monthly', 'quarterly',
    'weekly' or a fiscal pattern like '4-4-5', got 7
    """
    if isinstance(spec, Calendar):
        return spec
    key = str(spec).strip().lower() if not isinstance(spec, bool) else ""
    if key in _BY_NAME:
        return _BY_NAME[key]
    digits = key.replace("-", "")
    if len(digits) == 3 and digits.isdigit() and sorted(digits) == ["4", "4", "5"]:
        return fiscal_calendar(digits)
    raise PlanningError.of("history.calendars.unknown_calendar", code="unknown_calendar", spec=spec)


def week_to_fiscal_month(pattern: str | tuple[int, int, int] = "4-4-5") -> NDArray[np.int64]:
    """Return the 0-based fiscal month of each of the 52 weeks.

    Examples
    --------
    >>> week_to_fiscal_month("4-4-5")[:14]
    array([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3])
    """
    weeks = np.asarray(_parse_pattern(pattern) * 4)
    return np.repeat(np.arange(12), weeks).astype(np.int64)


def week_to_fiscal_quarter() -> NDArray[np.int64]:
    """Return the 0-based fiscal quarter (13 weeks each) of each of the 52 weeks.

    Examples
    --------
    >>> np.bincount(week_to_fiscal_quarter())
    array([13, 13, 13, 13])
    """
    return np.repeat(np.arange(4), 13).astype(np.int64)


def period_mapping(source: int | str | Calendar, target: int | str | Calendar) -> NDArray[np.int64]:
    """Return, for each source period of a year, the target period it belongs to.

    Supported: monthly -> quarterly; weekly -> fiscal months (4-4-5 and variants)
    or quarterly (13-week quarters); fiscal months -> quarterly; and any calendar
    to itself. Weeks do not add up to calendar months, so weekly -> monthly is refused.

    Examples
    --------
    >>> period_mapping("monthly", "quarterly")
    array([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3])
    >>> period_mapping("quarterly", "monthly")
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: cannot aggregate quarterly periods into monthly periods:
    only from a finer calendar to a coarser one (monthly -> quarterly, weekly -> 4-4-5 or
    quarterly, 4-4-5 -> quarterly)
    """
    src, tgt = get_calendar(source), get_calendar(target)
    if src == tgt:
        return np.arange(src.periods_per_year, dtype=np.int64)
    if src.name == "weekly" and tgt.period_weeks is not None and tgt.periods_per_year == 12:
        return np.repeat(np.arange(12), tgt.period_weeks).astype(np.int64)
    if src.name == "weekly" and tgt.name == "quarterly":
        return week_to_fiscal_quarter()
    if src.periods_per_year == 12 and tgt.name == "quarterly":
        return np.repeat(np.arange(4), 3).astype(np.int64)
    raise PlanningError.of(
        "history.calendars.unsupported_aggregation",
        code="unsupported_aggregation",
        src_name=src.name,
        tgt_name=tgt.name,
    )


def aggregate_periods(
    values: ArrayLike,
    source: int | str | Calendar,
    target: int | str | Calendar,
) -> NDArray[np.float64]:
    """Sum values of a finer calendar into the periods of a coarser one, along the last axis.

    The last axis may hold several years back to back (a multiple of the source
    calendar's periods). A target period with any blank (NaN) source period is
    NaN: a partial sum would look like a real dip.

    Parameters
    ----------
    values : array_like, shape (..., k * source periods)
        History in the source calendar.
    source, target : int, str or Calendar
        Calendars, see :func:`get_calendar` and :func:`period_mapping`.

    Returns
    -------
    ndarray, shape (..., k * target periods)

    Examples
    --------
    >>> aggregate_periods(np.arange(1.0, 13.0), "monthly", "quarterly")
    array([ 6., 15., 24., 33.])
    >>> aggregate_periods([1, 2, None, 4, 5, 6, 7, 8, 9, 10, 11, 12], 12, 4)
    array([nan, 15., 24., 33.])
    """
    src, tgt = get_calendar(source), get_calendar(target)
    mapping = period_mapping(src, tgt)
    arr = as_float_array(values, "values")
    if arr.ndim == 0 or arr.shape[-1] == 0 or arr.shape[-1] % src.periods_per_year:
        n = 0 if arr.ndim == 0 else arr.shape[-1]
        raise PlanningError.of(
            "history.calendars.shape_mismatch",
            code="shape_mismatch",
            src_name=src.name,
            src_periods_per_year=src.periods_per_year,
            n=n,
        )
    years = arr.shape[-1] // src.periods_per_year
    folded = arr.reshape(*arr.shape[:-1], years, src.periods_per_year)
    one_hot = (mapping[:, None] == np.arange(tgt.periods_per_year)[None, :]).astype(np.float64)
    missing = np.isnan(folded)
    sums = matmul(np.where(missing, 0.0, folded), one_hot)
    gaps = matmul(missing.astype(np.float64), one_hot)
    sums[gaps > 0] = np.nan
    return sums.reshape(*arr.shape[:-1], years * tgt.periods_per_year)


def fold_years(
    series: ArrayLike, periods_per_year: int | str | Calendar = 12, *, start_period: int = 0
) -> NDArray[np.float64]:
    """Arrange a long 1-D series into a (years, periods) matrix, padding with NaN.

    Parameters
    ----------
    series : array_like, shape (n,)
        Consecutive periods, oldest first; blanks allowed.
    periods_per_year : int, str or Calendar
        The calendar of the series.
    start_period : int, default 0
        0-based period of the year of the first value (e.g. 3 for a monthly series
        starting in April).

    Examples
    --------
    >>> fold_years([1, 2, 3, 4, 5, 6], 4, start_period=2)
    array([[nan, nan,  1.,  2.],
           [ 3.,  4.,  5.,  6.]])
    """
    cal = get_calendar(periods_per_year)
    arr = as_float_array(series, "history")
    if arr.ndim != 1:
        raise PlanningError.of(
            "history.calendars.shape_mismatch_2", code="shape_mismatch", arr_shape=arr.shape
        )
    p = cal.periods_per_year
    if isinstance(start_period, bool) or not 0 <= int(start_period) < p:
        raise PlanningError.of(
            "history.calendars.bad_start_period",
            code="bad_start_period",
            p_1=p - 1,
            start_period=start_period,
        )
    start = int(start_period)
    years = -(-(start + arr.size) // p)
    out = np.full(years * p, np.nan)
    out[start : start + arr.size] = arr
    return out.reshape(years, p)


def fiscal_period_bounds(
    year_start: str | np.datetime64, pattern: str | tuple[int, int, int] = "4-4-5"
) -> tuple[NDArray[np.datetime64], NDArray[np.datetime64]]:
    """Return the first and last day of each fiscal month of a 52-week fiscal year.

    Parameters
    ----------
    year_start : str or numpy.datetime64
        First day of the fiscal year (ISO date).
    pattern : str or tuple of 3 int
        Fiscal pattern, default ``"4-4-5"``.

    Returns
    -------
    starts, ends : ndarray of datetime64[D], shape (12,)

    Examples
    --------
    >>> starts, ends = fiscal_period_bounds("2026-01-04")
    >>> str(starts[2]), str(ends[2]), str(ends[-1])
    ('2026-03-01', '2026-04-04', '2027-01-02')
    """
    try:
        first = np.datetime64(year_start, "D")
    except (TypeError, ValueError):
        raise PlanningError.of(
            "history.calendars.bad_date_2", code="bad_date", year_start=year_start
        ) from None
    if np.isnat(first):
        raise PlanningError.of("history.calendars.bad_date", code="bad_date")
    weeks = np.asarray(_parse_pattern(pattern) * 4)
    offsets = np.concatenate([[0], np.cumsum(weeks)]) * 7
    bounds = first + offsets.astype("timedelta64[D]")
    return bounds[:-1], bounds[1:] - np.timedelta64(1, "D")
