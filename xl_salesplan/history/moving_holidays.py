"""Moving holidays in monthly seasonality: Chinese New Year (春节) and the other lunar holidays.

Chinese New Year falls between 21 January and 20 February, so a profile by calendar month
mixes years whose holiday was in January with years whose holiday was in February: the
January and February shares of every year come out wrong. As X-13ARIMA-SEATS does with its
moving-holiday regressors, the holiday is measured instead of averaged:

1. **Regressor.** For each holiday, a window of days around it (Chinese New Year: from
   ``before`` days before to ``after`` days after New Year's Day, default 10 and 10); the
   regressor of a month is the share of the month's days inside the window.
2. **Effect.** ``log(history)`` is fitted by least squares with one level per year, one
   index per calendar month and one effect per holiday (``exp(effect) - 1`` is the change of
   sales on a day inside the window).
3. **Holiday-free profile.** The history with the holiday effect divided out goes through the
   robust :func:`~xl_salesplan.history.seasonality.seasonal_profile`.
4. **Phasing.** The shares of a plan year put the holiday back where it falls in *that*
   year: ``share_m x exp(effect x regressor_m(year))``, normalised to add up to 1.

The holiday dates come from the ``holidays`` library (its China calendar computes the
lunar dates), not from a table kept by hand; the library is loaded by the first call that
needs a date, and one calendar gives every holiday of the years asked for. National Day
(1 October) does not move between months; it is accepted for completeness, but a regressor
that is the same every year cannot be told apart from October's index and gets an effect
of 0.

Examples
--------
>>> windows = holiday_regressors([2025, 2026], before=10, after=10)
>>> np.round(windows[0, :, :3], 3).tolist()
[[0.419, 0.286, 0.0], [0.0, 0.75, 0.0]]
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.history.portable_math import least_squares
from xl_salesplan.history.seasonality import SeasonalProfile, seasonal_profile
from xl_salesplan.validation import as_float_array

__all__ = [
    "HOLIDAYS",
    "HolidayProfile",
    "holiday_dates",
    "holiday_moves",
    "holiday_phasing",
    "holiday_profile",
    "holiday_regressors",
    "synthetic_history_example",
]

#: Holidays the model knows, with their name in the ``holidays`` library's China calendar.
HOLIDAYS = {
    "spring_festival": "Chinese New Year (Spring Festival)",
    "dragon_boat": "Dragon Boat Festival",
    "mid_autumn": "Mid-Autumn Festival",
    "national_day": "National Day",
}
MONTHS = 12
_FIRST_YEAR, _LAST_YEAR = 1950, 2100


@dataclass(frozen=True)
class HolidayProfile:
    """A holiday-adjusted seasonal profile (returned by :func:`holiday_profile`).

    Attributes
    ----------
    shares : ndarray, shape (12,)
        The holiday-free seasonal shares (add up to 1).
    effects : ndarray, shape (n_holidays,)
        Log effect of a day inside each holiday's window.
    holidays : tuple of str
    before, after : int
        The window around each holiday, in days.
    years : ndarray of int, shape (years,)
        The calendar years of the history.
    regressors : ndarray, shape (n_holidays, years, 12)
        Share of each month's days inside each window, per history year.
    base : SeasonalProfile
        The robust profile of the holiday-free history, with its diagnostics.
    """

    shares: NDArray[np.float64]
    effects: NDArray[np.float64]
    holidays: tuple[str, ...]
    before: int
    after: int
    years: NDArray[np.int64]
    regressors: NDArray[np.float64]
    base: SeasonalProfile

    def phasing(self, year: int) -> NDArray[np.float64]:
        """The shares of the months of ``year`` with its holidays where they fall.

        Examples
        --------
        >>> history = synthetic_history_example()
        >>> profile = holiday_profile(history, 2019)
        >>> bool(profile.phasing(2026)[1] < profile.phasing(2025)[1])
        True
        """
        return holiday_phasing(
            self.shares, self.effects, year, self.holidays, self.before, self.after
        )


def _dates(holiday: str, first: int, last: int) -> tuple[datetime.date, ...]:
    """The first day of ``holiday`` in each year ``first``..``last``.

    Raises
    ------
    PlanningError
        For a year the calendar has not got the holiday in (Dragon Boat and Mid-Autumn
        are public holidays from 2008).
    """
    _load_years(range(first, last + 1))
    by_year = _FIRST_DAYS[holiday]
    lacking = [y for y in range(first, last + 1) if y not in by_year]
    if lacking:
        known = [y for y in by_year if y > lacking[0]]
        raise PlanningError.of(
            "history.moving_holidays.no_date",
            code="out_of_range",
            holiday=holiday,
            year=lacking[0],
            first=min(known) if known else _LAST_YEAR + 1,
        )
    return tuple(by_year[y] for y in range(first, last + 1))


# The first day of each holiday by year, for the years read from the library so far. One
# China calendar gives every holiday of the years a plan asks for: the library takes about
# 0.25 s to load its calendars, so it is imported by the first command that needs a date.
_FIRST_DAYS: dict[str, dict[int, datetime.date]] = {holiday: {} for holiday in HOLIDAYS}
_YEARS_READ: set[int] = set()
_READING = threading.Lock()


def _load_years(years: Iterable[int]) -> None:
    """Read the holidays of ``years`` (the span from the first to the last not yet read)."""
    with _READING:
        missing = [y for y in years if y not in _YEARS_READ]
        if not missing:
            return
        import holidays  # here: only the commands that phase by holidays load it

        span = range(min(missing), max(missing) + 1)
        calendar = holidays.China(years=span, language="en_US")
        for holiday, name in HOLIDAYS.items():
            for day in sorted(calendar.get_named(name, lookup="exact")):
                if day.year not in _YEARS_READ:
                    _FIRST_DAYS[holiday].setdefault(day.year, day)
        _YEARS_READ.update(span)


def holiday_dates(years: Sequence[int], holiday: str = "spring_festival") -> list[datetime.date]:
    """The first day of ``holiday`` in each year, from the ``holidays`` library.

    Examples
    --------
    >>> [d.isoformat() for d in holiday_dates([2025, 2026, 2027])]
    ['2025-01-29', '2026-02-17', '2027-02-06']
    >>> holiday_dates([2007], "dragon_boat")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: the holiday calendar has no date of dragon_boat in 2007 ...
    """
    _check_holiday(holiday)
    years_list = [_year(y) for y in years]
    if not years_list:
        return []
    first, last = min(years_list), max(years_list)
    table = _dates(holiday, first, last)
    return [table[y - first] for y in years_list]


def holiday_regressors(
    years: Sequence[int],
    holidays_used: Sequence[str] = ("spring_festival",),
    *,
    before: int = 10,
    after: int = 10,
) -> NDArray[np.float64]:
    """Share of each month's days inside each holiday's window, shape (holidays, years, 12).

    The window of a holiday runs from ``before`` days before its first day to ``after`` days
    after it (``before + after + 1`` days).

    Examples
    --------
    >>> x = holiday_regressors([2026], before=0, after=0)
    >>> float(x[0, 0, 1] * 28)  # 2026: New Year's Day in February
    1.0
    """
    names = tuple(_check_holiday(h) for h in holidays_used)
    lo, hi = _window(before, "before"), _window(after, "after")
    years_list = [_year(y) for y in years]
    out = np.zeros((len(names), len(years_list), MONTHS))
    if names:  # every year a window may reach, read from one calendar
        _load_years(
            y for x in years_list for y in (x - 1, x, x + 1) if _FIRST_YEAR <= y <= _LAST_YEAR
        )
    for h, name in enumerate(names):
        by_year = _FIRST_DAYS[name]
        for i, year in enumerate(years_list):
            if year not in by_year:
                holiday_dates([year], name)  # raises: the calendar has no date that year
            near = [y for y in (year - 1, year, year + 1) if y in by_year]
            days = np.arange(-lo, hi + 1).astype("timedelta64[D]")
            for start in (by_year[y] for y in near):  # a window may reach into the next year
                stamps = np.datetime64(start) + days
                stamp_years = stamps.astype("datetime64[Y]").astype(int) + 1970
                stamp_months = stamps.astype("datetime64[M]").astype(int) % 12
                inside = stamp_years == year
                np.add.at(out[h, i], stamp_months[inside], 1.0)
            out[h, i] /= _days_in_months(year)
    return out


def holiday_moves(
    years: Sequence[int],
    holidays_used: Sequence[str] = ("spring_festival",),
    *,
    before: int = 10,
    after: int = 10,
) -> NDArray[np.bool_]:
    """Whether each holiday's window splits differently over the months in these years.

    Only a holiday that moves between months can be told apart from the season: one that
    falls the same way every year (National Day; Chinese New Year in years that all have it
    in February) gets an effect of 0 from :func:`holiday_profile`.

    Examples
    --------
    >>> holiday_moves([2023, 2024, 2025]).tolist()  # 22 Jan, 10 Feb, 29 Jan
    [True]
    >>> holiday_moves([2024, 2026], before=0, after=0).tolist()  # 10 Feb, 17 Feb
    [False]
    """
    years_list = [_year(y) for y in years]
    x = holiday_regressors(years_list, holidays_used, before=before, after=after)
    return np.array([_moves(x[h], years_list) for h in range(x.shape[0])], dtype=bool)


def holiday_profile(
    history: ArrayLike,
    first_year: int,
    *,
    holidays_used: Sequence[str] = ("spring_festival",),
    before: int = 10,
    after: int = 10,
    outlier_threshold: float = 2.5,
) -> HolidayProfile:
    """Estimate a holiday-free monthly profile and each holiday's effect from history.

    Parameters
    ----------
    history : array_like, shape (years, 12)
        Monthly history, one row per calendar year (oldest first), values > 0; blanks are
        allowed (they are left out of the fit).
    first_year : int
        The calendar year of the first row.
    holidays_used : sequence of str, default ("spring_festival",)
        Any of ``spring_festival``, ``dragon_boat``, ``mid_autumn``, ``national_day``.
    before, after : int, default 10
        Days of each window before and after the holiday's first day.
    outlier_threshold : float, default 2.5
        Passed to :func:`~xl_salesplan.history.seasonality.seasonal_profile`.

    Returns
    -------
    HolidayProfile

    Raises
    ------
    PlanningError
        ``shape_mismatch`` (not 12 months a row), ``too_short`` (fewer than 2 years),
        ``not_positive`` (a value of 0 or less), ``unknown_holiday``, ``out_of_range``.

    Examples
    --------
    >>> profile = holiday_profile(synthetic_history_example(), 2019)
    >>> round(float(np.exp(profile.effects[0]) - 1), 2)  # a day in the window sells 45% less
    -0.45
    """
    data = as_float_array(history, "history")
    if data.ndim != 2 or data.shape[1] != MONTHS:
        raise PlanningError.of(
            "history.moving_holidays.shape_mismatch", code="shape_mismatch", data_shape=data.shape
        )
    n_years = data.shape[0]
    if n_years < 2:
        raise PlanningError.of("history.moving_holidays.too_short", code="too_short")
    if (data[~np.isnan(data)] <= 0).any():
        raise PlanningError.of("history.moving_holidays.not_positive", code="not_positive")
    start = _year(first_year)
    years = np.arange(start, start + n_years)
    names = tuple(_check_holiday(h) for h in holidays_used)
    x = holiday_regressors(years.tolist(), names, before=before, after=after)
    effects = _fit_effects(np.log(data), x, years.tolist())
    adjusted = data * np.exp(-np.tensordot(effects, x, axes=1))
    base = seasonal_profile(adjusted, 12, outlier_threshold=outlier_threshold)
    return HolidayProfile(
        shares=base.shares,
        effects=effects,
        holidays=names,
        before=int(before),
        after=int(after),
        years=years,
        regressors=x,
        base=base,
    )


def holiday_phasing(
    shares: ArrayLike,
    effects: ArrayLike,
    year: int,
    holidays_used: Sequence[str] = ("spring_festival",),
    before: int = 10,
    after: int = 10,
) -> NDArray[np.float64]:
    """Monthly shares of ``year``: holiday-free shares with each holiday put back.

    Examples
    --------
    >>> even = np.full(12, 1 / 12)
    >>> feb = holiday_phasing(even, [np.log(0.5)], 2026, before=16, after=11)  # all of February
    >>> np.round(feb[:3], 4)
    array([0.087 , 0.0435, 0.087 ])
    """
    base = as_float_array(shares, "shares", allow_nan=False).reshape(-1)
    if base.size != MONTHS:
        raise PlanningError.of("history.moving_holidays.shape_mismatch_2", code="shape_mismatch")
    beta = np.atleast_1d(as_float_array(effects, "effects", allow_nan=False)).reshape(-1)
    x = holiday_regressors([year], holidays_used, before=before, after=after)[:, 0, :]
    if beta.size != x.shape[0]:
        raise PlanningError.of(
            "history.moving_holidays.shape_mismatch_3",
            code="shape_mismatch",
            beta_size=beta.size,
            x_shape_0=x.shape[0],
        )
    weights = base * np.exp(np.sum(beta[:, None] * x, axis=0))
    return weights / weights.sum()


def synthetic_history_example(
    first_year: int = 2019, years: int = 7, effect: float = -0.45
) -> NDArray[np.float64]:
    """Monthly history with a known Chinese New Year effect (for examples and tests).

    A fixed season, 8% growth a year (compounded monthly) and, on every day from 10 days
    before to 10 days after
    New Year's Day, sales changed by ``effect`` (-0.45 = 45% less); no noise.

    Examples
    --------
    >>> synthetic_history_example().shape
    (7, 12)
    """
    season = np.array([1.0, 0.9, 1.0, 1.0, 1.05, 1.1, 0.95, 0.95, 1.0, 1.05, 1.1, 1.3])
    rows = []
    for i in range(years):
        year = first_year + i
        x = holiday_regressors([year])[0, 0]
        trend = 1.08 ** (i + np.arange(MONTHS) / MONTHS)
        rows.append(1000.0 * trend * season * np.exp(np.log1p(effect) * x))
    return np.array(rows)


# ---------------------------------------------------------------- internals


def _fit_effects(
    log_history: NDArray[np.float64], x: NDArray[np.float64], years: Sequence[int]
) -> NDArray[np.float64]:
    """Least squares of log history on year levels, month indices and holiday regressors."""
    n_years = log_history.shape[0]
    rows = np.flatnonzero(~np.isnan(log_history.reshape(-1)))
    year = np.repeat(np.arange(n_years), MONTHS)[rows]
    month = np.tile(np.arange(MONTHS), n_years)[rows]
    design = [np.eye(n_years)[year], np.eye(MONTHS)[month][:, 1:]]
    moving = [h for h in range(x.shape[0]) if _moves(x[h], years)]
    design += [x[h].reshape(-1)[rows, None] for h in moving]
    matrix = np.hstack(design)
    coef = least_squares(matrix, log_history.reshape(-1)[rows])
    effects = np.zeros(x.shape[0])
    effects[moving] = coef[matrix.shape[1] - len(moving) :]
    return effects


def _moves(regressor: NDArray[np.float64], years: Sequence[int]) -> bool:
    """A regressor (years x 12) whose days in the window per month differ between the years
    (the share alone also changes with the length of February)."""
    if not len(years):
        return False
    days = np.rint(regressor * np.array([_days_in_months(y) for y in years]))
    return bool(np.ptp(days - days.mean(axis=0)) > 1e-9)


def _days_in_months(year: int) -> NDArray[np.float64]:
    starts = np.arange(f"{year}-01", f"{year + 1}-02", dtype="datetime64[M]")
    return np.diff(starts.astype("datetime64[D]")).astype(np.float64)


def _check_holiday(name: str) -> str:
    key = str(name).strip().lower().replace("-", "_").replace(" ", "_")
    if key not in HOLIDAYS:
        raise PlanningError.of(
            "history.moving_holidays.unknown_holiday",
            code="unknown_holiday",
            name=name,
            join_holidays=", ".join(HOLIDAYS),
        )
    return key


def _year(value: object) -> int:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = np.nan
    if not (np.isfinite(number) and number.is_integer() and _FIRST_YEAR <= number <= _LAST_YEAR):
        raise PlanningError.of(
            "history.moving_holidays.out_of_range",
            code="out_of_range",
            _FIRST_YEAR=_FIRST_YEAR,
            _LAST_YEAR=_LAST_YEAR,
            value=value,
        )
    return int(number)


def _window(value: object, name: str) -> int:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = np.nan
    if not (np.isfinite(number) and number.is_integer() and 0 <= number <= 60):
        raise PlanningError.of(
            "history.moving_holidays.out_of_range_2", code="out_of_range", name=name, value=value
        )
    return int(number)
