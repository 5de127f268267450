"""Baseline forecast (trend x season) and growth targets (YoY %, CAGR), phased.

* :func:`baseline_forecast`: next year's periods from multi-year history: a
  robust trend through the years' seasonally adjusted totals, times the robust
  seasonal profile of :func:`~xl_salesplan.history.seasonality.seasonal_profile`.
* :func:`yoy_target`, :func:`cagr`, :func:`target_from_cagr`: growth arithmetic.
* :func:`phased_target`: a target (or last year x (1 + growth)) spread over the
  periods with a seasonal profile through the spreading engine, so the periods
  add up to the target exactly, also after rounding to a unit.

Examples
--------
>>> yoy_target(1_000_000, 0.2)
1200000.0
>>> phased_target(1_000_000, [0.2, 0.25, 0.25, 0.3], growth=0.2, unit=1000)
array([240000., 300000., 300000., 360000.])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.history.calendars import Calendar
from xl_salesplan.history.seasonality import Detrend, SeasonalProfile, seasonal_profile
from xl_salesplan.targets.spreading import spread_proportional
from xl_salesplan.validation import as_finite_scalar, as_float_array, mask_positions

__all__ = [
    "BaselineForecast",
    "baseline_forecast",
    "cagr",
    "phased_target",
    "target_from_cagr",
    "yoy_target",
]

TrendKind = Literal["compound", "linear", "flat"]


@dataclass(frozen=True)
class BaselineForecast:
    """Next year's baseline (returned by :func:`baseline_forecast`).

    Attributes
    ----------
    values : ndarray, shape (P,)
        Forecast per period of the next year, trend x seasonal index (adds up to
        ``total``).
    total : float
        Forecast for the whole next year.
    growth : float
        The trend's growth: forecast (before rounding) over the last year's
        seasonally adjusted level, minus 1.
    annual_levels : ndarray, shape (years,)
        Seasonally adjusted total of each history year, outliers damped; a partial
        year is completed with the seasonal shares of its missing periods. NaN for
        years without data.
    trend : str
        ``"compound"``, ``"linear"`` or ``"flat"`` (what was used).
    profile : SeasonalProfile
        The seasonal profile and its diagnostics.
    warnings : tuple of str
        Plain-language cautions.

    Examples
    --------
    >>> fc = baseline_forecast(np.tile([20.0, 30.0, 20.0, 30.0], (3, 1)), 4)
    >>> fc.total, fc.values.tolist(), fc.trend
    (100.0, [20.0, 30.0, 20.0, 30.0], 'compound')
    """

    values: NDArray[np.float64]
    total: float
    growth: float
    annual_levels: NDArray[np.float64]
    trend: str
    profile: SeasonalProfile
    warnings: tuple[str, ...]


def baseline_forecast(
    history: ArrayLike,
    periods_per_year: int | str | Calendar = 12,
    *,
    trend: TrendKind = "compound",
    source: int | str | Calendar | None = None,
    start_period: int = 0,
    detrend: Detrend = "smooth",
    outlier_threshold: float = 2.5,
    unit: float | None = None,
) -> BaselineForecast:
    """Forecast the year after the history: robust trend x seasonal profile.

    1. The seasonal profile and the damped history come from
       :func:`~xl_salesplan.history.seasonality.seasonal_profile` (one-off outliers damped).
    2. Each year's level is its damped total, divided by the shares of the periods
       it has (so a year-to-date row counts as a full year).
    3. A Theil-Sen line (median of the slopes between every pair of years, robust
       to one odd year) through the levels, on a log scale for ``"compound"``
       growth or as is for ``"linear"``, is extended one year; ``"flat"`` repeats
       the last level. With one year of history the trend is flat.
    4. The total is spread over the periods in proportion to trend x seasonal
       index: with ``detrend="smooth"`` the trend keeps growing through the year
       (later periods get a little more than their seasonal share), with
       ``"yearly"`` the level is constant within the year. To phase a growth
       target like the baseline, pass ``values`` as the profile of
       :func:`phased_target`.

    Parameters
    ----------
    history : array_like
        ``(years, periods)`` or a long 1-D series, as for ``seasonal_profile``;
        non-negative, blanks allowed.
    periods_per_year : int, str or Calendar, default 12
        Calendar of the forecast (12, 4, 52, ``"4-4-5"`` ...).
    trend : {"compound", "linear", "flat"}, default "compound"
        How the years' levels are extended.
    source, start_period, detrend, outlier_threshold
        As for :func:`~xl_salesplan.history.seasonality.seasonal_profile`.
    unit : float, optional
        Round the total to a multiple of ``unit`` and spread it in whole units.

    Returns
    -------
    BaselineForecast

    Examples
    --------
    Years of 400, 440 and 484 with the same quarterly shares (+10 % a year, in
    steps each January): next year is 484 x 1.1 = 532.4, rounded to 532.

    >>> history = np.outer([400.0, 440.0, 484.0], [0.2, 0.25, 0.25, 0.3])
    >>> fc = baseline_forecast(history, 4, detrend="yearly", unit=1)
    >>> fc.total, round(fc.growth, 3), fc.values.tolist()
    (532.0, 0.1, [106.0, 133.0, 133.0, 160.0])
    """
    if trend not in ("compound", "linear", "flat"):
        raise PlanningError.of(
            "history.forecast.invalid_option", code="invalid_option", trend=trend
        )
    profile = seasonal_profile(
        history,
        periods_per_year,
        source=source,
        start_period=start_period,
        detrend=detrend,
        outlier_threshold=outlier_threshold,
    )
    notes = list(profile.warnings)
    levels = _annual_levels(profile)
    have = np.flatnonzero(~np.isnan(levels))
    x, y = have.astype(np.float64), levels[have]
    used = trend if have.size >= 2 else "flat"
    if used != trend:
        notes.append("one year of history: the forecast repeats its level (no trend)")
    next_x = float(levels.size)
    if used == "compound" and np.any(y <= 0):
        raise PlanningError.of(
            "history.forecast.nonpositive_history",
            code="nonpositive_history",
            positions=[int(i) for i in have[y <= 0]],
        )
    level_at = _trend_line(x, y, used)
    total = float(level_at(np.array([next_x]))[0])
    if total < 0:
        notes.append("the linear trend falls below 0 next year: the forecast is set to 0")
        total = 0.0
    growth = total / float(y[-1]) - 1.0 if y[-1] > 0 else float("nan")
    weights = profile.shares
    if detrend == "smooth":
        # growth continues through the year: period p sits at year n + midpoint - 1/2
        tilt = np.clip(level_at(next_x + profile.calendar.midpoints - 0.5), 0.0, None)
        if np.sum(weights * tilt) > 0:
            weights = weights * tilt
    if unit is not None:
        step = _positive_unit(unit)
        total = float(np.round(total / step) * step)
        values = spread_proportional(total, weights, unit=step)
    else:
        values = total * weights / np.sum(weights)
    return BaselineForecast(
        values=values,
        total=total,
        growth=growth,
        annual_levels=levels,
        trend=used,
        profile=profile,
        warnings=tuple(notes),
    )


def yoy_target(last_year: ArrayLike, growth: ArrayLike) -> float | NDArray[np.float64]:
    """Return last year x (1 + growth), element-wise.

    Parameters
    ----------
    last_year : float or array_like
        Last year's actuals (0 or more).
    growth : float or array_like
        Growth as a fraction (0.2 = +20 %); at least -1 (-100 %). Broadcasts with
        ``last_year``.

    Examples
    --------
    >>> yoy_target([100.0, 250.0], 0.1)
    array([110., 275.])
    >>> yoy_target(100.0, -1.5)
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: growth: -1.5 at position 0 is below -1 (-100 %)
    """
    base = _non_negative(last_year, "last_year")
    rate = _growth_rate(growth, "growth")
    return _out(_broadcast(base * 1.0, rate, "last_year", "growth", lambda a, g: a * (1.0 + g)))


def cagr(start: ArrayLike, end: ArrayLike, years: ArrayLike) -> float | NDArray[np.float64]:
    """Compound annual growth rate from ``start`` to ``end`` over ``years``.

    ``(end / start) ** (1 / years) - 1``, element-wise.

    Parameters
    ----------
    start : float or array_like
        Value at the start (above 0).
    end : float or array_like
        Value at the end (0 or more).
    years : float or array_like
        Years between them (above 0; fractions allowed).

    Examples
    --------
    >>> round(cagr(100.0, 121.0, 2), 10)
    0.1
    >>> cagr(0.0, 121.0, 2)
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: start: 0 at position 0 must be above 0 for a growth rate
    """
    s = as_float_array(start, "start", allow_nan=False)
    _require(s > 0, s, "start", "must be above 0 for a growth rate")
    e = _non_negative(end, "end")
    n = as_float_array(years, "years", allow_nan=False)
    _require(n > 0, n, "years", "must be above 0")
    ratio = _broadcast(s, e, "start", "end", lambda a, b: b / a)
    return _out(_broadcast(ratio, n, "start", "years", lambda r, k: r ** (1.0 / k) - 1.0))


def target_from_cagr(
    start: ArrayLike, rate: ArrayLike, years: ArrayLike
) -> float | NDArray[np.float64]:
    """Value after ``years`` of compound growth at ``rate``: ``start * (1 + rate) ** years``.

    Parameters
    ----------
    start : float or array_like
        Starting value (0 or more).
    rate : float or array_like
        Annual growth rate (at least -1).
    years : float or array_like
        Number of years (0 or more; fractions allowed).

    Examples
    --------
    >>> target_from_cagr(100.0, 0.1, 2)
    121.00000000000001
    >>> target_from_cagr(100.0, [0.0, 0.5], 1)
    array([100., 150.])
    """
    s = _non_negative(start, "start")
    g = _growth_rate(rate, "rate")
    n = as_float_array(years, "years", allow_nan=False)
    _require(n >= 0, n, "years", "must be 0 or more")
    grown = _broadcast(g, n, "rate", "years", lambda r, k: (1.0 + r) ** k)
    return _out(_broadcast(s, grown, "start", "rate", lambda a, f: a * f))


def phased_target(
    total: ArrayLike,
    profile: SeasonalProfile | ArrayLike,
    *,
    growth: ArrayLike = 0.0,
    unit: float | None = None,
    holds: ArrayLike | None = None,
    floors: ArrayLike | None = None,
    caps: ArrayLike | None = None,
) -> NDArray[np.float64]:
    """Spread ``total x (1 + growth)`` over the periods of a seasonal profile, exactly.

    Pass the target itself as ``total`` (with ``growth=0``), or last year's total
    with the growth rate. The spread goes through
    :func:`~xl_salesplan.targets.spreading.spread_proportional`, so the periods add up to
    the target exactly, including after rounding to ``unit``; held cells keep their
    value and floors/caps are respected.

    Parameters
    ----------
    total : float or array_like, shape (...)
        Annual amount(s): one per row for batched phasing (e.g. one per region).
    profile : SeasonalProfile or array_like, shape (P,) or (..., P)
        Seasonal shares (or any non-negative weights) of the periods.
    growth : float or array_like, default 0.0
        Growth applied to ``total`` (0.2 = +20 %), at least -1; broadcasts with ``total``.
    unit : float, optional
        Round every period to a multiple of ``unit`` keeping the total exact.
    holds, floors, caps : array_like, optional
        As for ``spread_proportional`` (broadcastable to the result).

    Returns
    -------
    ndarray, shape ``total.shape + (P,)``

    Examples
    --------
    >>> phased_target(1_000, [1, 1, 1], unit=1)
    array([334., 333., 333.])
    >>> phased_target([100.0, 200.0], [0.4, 0.6], growth=[0.1, 0.0])
    array([[ 44.,  66.],
           [ 80., 120.]])
    """
    shares = profile.shares if isinstance(profile, SeasonalProfile) else profile
    weights = as_float_array(shares, "profile", allow_nan=False)
    if weights.ndim == 0 or weights.shape[-1] == 0:
        raise PlanningError.of("history.forecast.empty", code="empty")
    _require(weights >= 0, weights, "profile", "is negative")
    amount = yoy_target(total, growth)
    amount_arr = np.asarray(amount, dtype=np.float64)
    try:
        rows = np.broadcast_shapes(amount_arr.shape, weights.shape[:-1])
    except ValueError:
        raise PlanningError.of(
            "history.forecast.shape_mismatch",
            code="shape_mismatch",
            amount_arr_shape=amount_arr.shape,
            weights_shape_1=weights.shape[:-1],
        ) from None
    weights = np.broadcast_to(weights, (*rows, weights.shape[-1]))
    amount_arr = np.broadcast_to(amount_arr, rows)
    step = None if unit is None else _positive_unit(unit)
    target = float(amount_arr) if amount_arr.ndim == 0 else amount_arr
    return spread_proportional(target, weights, holds=holds, floors=floors, caps=caps, unit=step)


# --- helpers ------------------------------------------------------------------------------------


def _annual_levels(profile: SeasonalProfile) -> NDArray[np.float64]:
    damped = profile.damped_history
    obs = ~np.isnan(damped)
    covered = (obs * profile.shares[None, :]).sum(axis=1)
    sums = np.where(obs, damped, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(covered > 0, sums / covered, np.nan)


def _trend_line(
    x: NDArray[np.float64], y: NDArray[np.float64], kind: str
) -> Callable[[NDArray[np.float64]], NDArray[np.float64]]:
    """Theil-Sen line through the years' levels, as a function of time in years."""
    if kind == "flat":
        last = float(y[-1])
        return lambda at: np.full(np.shape(at), last)
    values = np.log(y) if kind == "compound" else y
    i, j = np.triu_indices(x.size, k=1)
    slope = float(np.median((values[j] - values[i]) / (x[j] - x[i])))
    intercept = float(np.median(values - slope * x))
    if kind == "compound":
        return lambda at: np.exp(intercept + slope * np.asarray(at, dtype=np.float64))
    return lambda at: intercept + slope * np.asarray(at, dtype=np.float64)


def _positive_unit(unit: object) -> float:
    step = as_finite_scalar(unit, "unit")
    if step <= 0:
        raise PlanningError.of("history.forecast.invalid_unit", code="invalid_unit", unit=unit)
    return step


def _non_negative(values: ArrayLike, name: str) -> NDArray[np.float64]:
    arr = as_float_array(values, name, allow_nan=False)
    _require(arr >= 0, arr, name, "is negative")
    return arr


def _growth_rate(values: ArrayLike, name: str) -> NDArray[np.float64]:
    arr = as_float_array(values, name, allow_nan=False)
    _require(arr >= -1.0, arr, name, "is below -1 (-100 %)")
    return arr


def _require(ok: NDArray[np.bool_], arr: NDArray[np.float64], name: str, what: str) -> None:
    if np.all(ok):
        return
    positions = mask_positions(~np.atleast_1d(ok))
    value = np.atleast_1d(arr)[positions[0]]
    raise PlanningError.of(
        "history.forecast.invalid_value",
        code="invalid_value",
        positions=positions,
        amount=float(value),
        name=name,
        value=value,
        positions_0=positions[0],
        what=what,
    )


def _broadcast(
    a: NDArray[np.float64],
    b: NDArray[np.float64],
    name_a: str,
    name_b: str,
    op: Callable[[NDArray[np.float64], NDArray[np.float64]], NDArray[np.float64]],
) -> NDArray[np.float64]:
    try:
        shape = np.broadcast_shapes(np.shape(a), np.shape(b))
    except ValueError:
        raise PlanningError.of(
            "history.forecast.shape_mismatch_2",
            code="shape_mismatch",
            name_a=name_a,
            np_shape_a=np.shape(a),
            name_b=name_b,
            np_shape_b=np.shape(b),
        ) from None
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        out = np.asarray(op(np.broadcast_to(a, shape), np.broadcast_to(b, shape)), dtype=np.float64)
    if not np.all(np.isfinite(out)):
        raise PlanningError.of(
            "history.forecast.not_finite", code="not_finite", name_a=name_a, name_b=name_b
        )
    return out


def _out(arr: NDArray[np.float64]) -> float | NDArray[np.float64]:
    return float(arr) if arr.ndim == 0 else arr
