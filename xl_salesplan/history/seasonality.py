"""Robust seasonal profile from multi-year history.

:func:`seasonal_profile` splits history into trend x season x noise and returns
the seasonal shares of a year (they add up to 1) with the diagnostics a planner
needs to trust them: the years used, the points damped as one-off outliers (and
by how much), the noise level and a quality grade. ``docs/seasonality.md``
explains the method for planners.

Method (multiplicative decomposition, fitted by alternating robust steps):

1. Trend: with ``detrend="smooth"`` (default) a continuous straight line per
   year, joined at the year boundaries (a linear spline with one knot per year
   end); with ``detrend="yearly"`` one level per year. It is fitted by weighted
   least squares to history ~ trend x seasonal index. With less than two full
   cycles the smooth trend is a constant level (in one year a trend cannot be
   told apart from seasonality).
2. Season: for every period, the weighted mean over the years of history /
   trend. Each value is compared with the weighted mean of the *other* years of
   its period (at the start: with the median of all years), in robust standard
   deviations (1.4826 x median absolute deviation, pooled over all periods). It
   keeps weight 1 up to ``outlier_threshold`` (2.5), loses weight linearly up to
   twice the threshold, and is ignored beyond. A period needs 3 or more years
   before any of its values can be damped (with 2 years nobody can say which
   one is odd).
3. Repeat until the indices and weights settle (at most ``max_iter`` rounds).

The profile equals the plain average of the *damped* history (history pulled
towards the fitted value by ``1 - weight``), so the damping shown in the
diagnostics is exactly what was removed.

Tested accuracy (``tests/test_seasonality.py``): on synthetic monthly history of
3 to 5 years, trend x season x noise with compound growth of 0 to 15 % a year,
3 % log-normal noise, and one-off outliers of +60 % and -50 % injected, every
share is within 0.0075 of the true share (9 % of an average month's 1/12) and
the shares of the outlier months are within 0.006 of their true values (a
plain average of the years' shares would be off by about 0.017). Quarterly,
52-week and 4-4-5 tolerances are stated in the tests.

Examples
--------
>>> season = np.array([0.8, 1.0, 1.0, 1.2])
>>> trend = 100.0 + 3.0 * np.arange(12)  # growing 3 a quarter
>>> history = (trend * np.tile(season, 3)).reshape(3, 4)
>>> history[1, 3] *= 1.5  # a one-off promotion in the last quarter of year 2
>>> profile = seasonal_profile(history, periods_per_year=4)
>>> np.round(profile.shares, 3)
array([0.2 , 0.25, 0.25, 0.3 ])
>>> profile.outlier_table()[["year_index", "period_label"]].to_dict("records")
[{'year_index': 1, 'period_label': 'Q4'}]
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.history.calendars import Calendar, aggregate_periods, fold_years, get_calendar
from xl_salesplan.history.portable_math import dot, least_squares
from xl_salesplan.validation import as_finite_scalar, as_float_array, mask_positions

__all__ = ["Detrend", "SeasonalProfile", "seasonal_profile"]

Detrend = Literal["smooth", "yearly"]

_MAD_TO_SD = 1.4826  # median absolute deviation -> standard deviation for normal noise
_MIN_SIGMA = 1e-6  # relative noise floor: below this, data are treated as exact
_MIN_INDEX_FOR_SCALE = 0.05  # deviations of near-zero periods are measured against this level
_MIN_YEARS_FOR_OUTLIERS = 3


@dataclass(frozen=True)
class SeasonalProfile:
    """A seasonal profile and its diagnostics (returned by :func:`seasonal_profile`).

    Attributes
    ----------
    shares : ndarray, shape (P,)
        Share of a year's total in each period; non-negative, sums to 1.
    indices : ndarray, shape (P,)
        Seasonal index per period corrected for period length: 1.0 is an average
        period, 1.2 is 20 % above average (for 4-4-5 calendars a 5-week month with
        an index of 1 has a larger share than a 4-week one).
    calendar : Calendar
        The calendar of the periods.
    years_used : int
        Number of years (rows) with at least one value.
    observations : ndarray of int, shape (P,)
        Number of years with a value in each period.
    history : ndarray, shape (years, P)
        The history as used (folded into years, aggregated to the calendar).
    trend : ndarray, shape (years, P)
        Fitted trend level of each period.
    expected : ndarray, shape (years, P)
        Trend x seasonal index: what each period "should" have been.
    weights : ndarray, shape (years, P)
        Weight of each value in the profile: 1 = used fully, 0 = ignored as an
        outlier, in between = damped; NaN where the history is blank.
    damped_history : ndarray, shape (years, P)
        History with outliers pulled towards ``expected``:
        ``expected + weight * (history - expected)``.
    residual_cv : float
        Robust noise level: typical relative deviation of a period from
        trend x season (0.05 = 5 %).
    seasonal_strength : float
        0 (no seasonality, only noise) to 1 (a pure, repeating pattern).
    share_std_error : ndarray, shape (P,)
        Approximate standard error of each share.
    year_correlations : ndarray, shape (years,)
        Correlation of each year's detrended history (before damping) with the
        profile (NaN for years with fewer than 3 values); a low value marks an
        unusual year.
    quality : str
        ``"good"`` (every period has 3+ years and noise <= 10 %), ``"fair"``
        (every period has 2+ years and noise <= 25 %) or ``"poor"``.
    warnings : tuple of str
        Plain-language cautions (short history, periods too short to check outliers, ...).
    iterations : int
        Rounds of the robust fit.
    converged : bool
        Whether the fit settled within ``max_iter`` rounds.

    Examples
    --------
    >>> p = seasonal_profile([[10, 30, 10, 50], [11, 33, 11, 55], [12, 36, 12, 60]], 4)
    >>> np.round(p.shares, 3).tolist(), p.years_used, p.quality
    ([0.1, 0.3, 0.1, 0.5], 3, 'good')
    """

    shares: NDArray[np.float64]
    indices: NDArray[np.float64]
    calendar: Calendar
    years_used: int
    observations: NDArray[np.int64]
    history: NDArray[np.float64]
    trend: NDArray[np.float64]
    expected: NDArray[np.float64]
    weights: NDArray[np.float64]
    damped_history: NDArray[np.float64]
    residual_cv: float
    seasonal_strength: float
    share_std_error: NDArray[np.float64]
    year_correlations: NDArray[np.float64]
    quality: str
    warnings: tuple[str, ...]
    iterations: int
    converged: bool

    def outlier_table(self) -> pd.DataFrame:
        """Return one row per damped value, largest damping first.

        Columns: ``year_index`` (0-based row of the history), ``period`` (0-based),
        ``period_label``, ``value`` (the history), ``expected`` (trend x season),
        ``damped_value``, ``damped_by`` (value - damped value, in history units)
        and ``weight``.

        Examples
        --------
        >>> h = np.tile([10.0, 20.0, 30.0, 40.0], (3, 1))
        >>> h[2, 0] = 25.0
        >>> seasonal_profile(h, 4).outlier_table()[["period_label", "value", "damped_value"]]
          period_label  value  damped_value
        0           Q1   25.0          10.0
        """
        mask = (self.weights < 1.0) & ~np.isnan(self.history)
        rows, cols = np.nonzero(mask)
        damped = self.damped_history[rows, cols]
        table = pd.DataFrame(
            {
                "year_index": rows.astype(np.int64),
                "period": cols.astype(np.int64),
                "period_label": np.asarray(self.calendar.labels, dtype=object)[cols],
                "value": self.history[rows, cols],
                "expected": self.expected[rows, cols],
                "damped_value": damped,
                "damped_by": self.history[rows, cols] - damped,
                "weight": self.weights[rows, cols],
            }
        )
        order = np.argsort(-np.abs(table["damped_by"].to_numpy()), kind="stable")
        return table.iloc[order].reset_index(drop=True)


def seasonal_profile(
    history: ArrayLike,
    periods_per_year: int | str | Calendar = 12,
    *,
    source: int | str | Calendar | None = None,
    start_period: int = 0,
    detrend: Detrend = "smooth",
    outlier_threshold: float = 2.5,
    max_iter: int = 100,
    tol: float = 1e-10,
    year_labels: Sequence[str] | None = None,
) -> SeasonalProfile:
    """Estimate the seasonal shares of a year from multi-year history.

    Robust to trend (a per-year straight-line trend is divided out) and to one-off
    outliers (a promotion month is damped instead of becoming next year's
    seasonality). See the module docstring for the method and its tested accuracy.

    Parameters
    ----------
    history : array_like
        Either shape ``(years, periods)`` (one row per year, oldest first) or a long
        1-D series of consecutive periods. Blanks (None/NaN) are allowed; values
        must be non-negative.
    periods_per_year : int, str or Calendar, default 12
        The profile's calendar: 12 (monthly), 4 (quarterly), 52 (weekly), a fiscal
        pattern such as ``"4-4-5"``, or a :class:`~xl_salesplan.history.calendars.Calendar`.
    source : int, str or Calendar, optional
        Calendar of ``history`` when it is finer than the profile's, e.g.
        ``source="weekly"`` with ``periods_per_year="4-4-5"`` or ``source=12`` with
        ``periods_per_year=4``; the history is summed into the profile's periods.
    start_period : int, default 0
        For a 1-D series: the 0-based period (of ``source``) of its first value.
    detrend : {"smooth", "yearly"}, default "smooth"
        ``"smooth"``: a continuous trend, one straight line per year joined at the
        year ends (growth that builds up through the year). ``"yearly"``: one level
        per year (growth that comes in steps each new year, e.g. annual price lists);
        each year's shares are then compared as they are.
    outlier_threshold : float, default 2.5
        Deviations beyond this many robust standard deviations are damped, and
        ignored completely beyond twice as many. Use ``np.inf`` to switch damping off.
    max_iter : int, default 100
        Maximum rounds of the robust fit.
    tol : float, default 1e-10
        The fit stops when no seasonal index or weight moves by more than this.
    year_labels : sequence of str, optional
        Names of the history's years (rows) for messages, e.g. ``["2023", "2024"]``;
        by default ``year 1 (position 0)`` ...

    Years whose values are all 0 (a new business before its first sale) are left out
    with a warning: a year without sales says nothing about seasonality. When what is
    left does not cover every period, the error names those years.

    Returns
    -------
    SeasonalProfile
        ``.shares`` (sums to 1) and the diagnostics.

    Raises
    ------
    PlanningError
        Empty or all-blank history (``empty``, ``all_blank``), fewer than one full
        cycle (``too_short``), negative values (``negative_values``), all zero
        (``all_zero``), a history that does not fit the calendar (``shape_mismatch``).

    Examples
    --------
    >>> profile = seasonal_profile([10, 20, 30, 40, 10, 20, 30, 40], periods_per_year=4)
    >>> np.round(profile.shares, 3), profile.years_used
    (array([0.1, 0.2, 0.3, 0.4]), 2)
    >>> seasonal_profile([1, 2, 3], periods_per_year=4)
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: history has 3 quarterly periods; a seasonal profile
    needs at least one full cycle of 4
    """
    cal = get_calendar(periods_per_year)
    src = cal if source is None else get_calendar(source)
    if detrend not in ("smooth", "yearly"):
        raise PlanningError.of(
            "history.seasonality.invalid_option", code="invalid_option", detrend=detrend
        )
    threshold = _positive_threshold(outlier_threshold)
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise PlanningError.of(
            "history.seasonality.bad_max_iter", code="bad_max_iter", max_iter=max_iter
        )
    tolerance = as_finite_scalar(tol, "tol")
    years = _history_matrix(history, src, start_period)
    if src != cal:
        years = aggregate_periods(years, src, cal)
    years, without_sales = _without_years_of_no_sales(years)
    left_out = _years_text(without_sales, year_labels)
    _check_enough(years, cal, left_out)
    profile = _decompose(years, cal, detrend, threshold, int(max_iter), tolerance)
    if without_sales:
        note = (
            f"{left_out} of the history had no sales and "
            f"{'is' if len(without_sales) == 1 else 'are'} left out: a year without sales "
            "says nothing about seasonality"
        )
        profile = replace(profile, warnings=(note, *profile.warnings))
    if not np.all(np.isfinite(profile.shares)):
        raise PlanningError.of("history.seasonality.no_pattern", code="no_pattern")
    return profile


def _without_years_of_no_sales(
    years: NDArray[np.float64],
) -> tuple[NDArray[np.float64], tuple[int, ...]]:
    """History with the years that sold nothing blanked, and those years' positions."""
    observed = ~np.isnan(years)
    no_sales = observed.any(axis=1) & (np.where(observed, years, 0.0) == 0.0).all(axis=1)
    positions = tuple(int(i) for i in np.flatnonzero(no_sales))
    if not positions or no_sales.sum() == observed.any(axis=1).sum():
        return years, ()  # nothing left out, or nothing would be left: all zero is refused
    blanked = years.copy()
    blanked[no_sales] = np.nan
    return blanked, positions


def _years_text(positions: tuple[int, ...], labels: Sequence[str] | None = None) -> str:
    """``years 1 and 2 (positions 0, 1)`` or, with ``labels``, ``2023 and 2024``."""
    if not positions:
        return ""
    if labels is not None and len(labels) > max(positions):
        names = [str(labels[i]) for i in positions]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    numbers = [str(i + 1) for i in positions]
    listed = numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " and " + numbers[-1]
    word = "year" if len(numbers) == 1 else "years"
    return (
        f"{word} {listed} (position{'s' if len(numbers) > 1 else ''} "
        + ", ".join(str(i) for i in positions)
        + ")"
    )


def _positive_threshold(value: object) -> float:
    try:
        threshold = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        threshold = float("nan")
    if not threshold > 0:
        raise PlanningError.of(
            "history.seasonality.bad_threshold", code="bad_threshold", value=value
        )
    return threshold


def _history_matrix(history: ArrayLike, src: Calendar, start_period: int) -> NDArray[np.float64]:
    arr = as_float_array(history, "history")
    if arr.size == 0:
        raise PlanningError.of("history.seasonality.empty", code="empty")
    if arr.ndim not in (1, 2):
        raise PlanningError.of(
            "history.seasonality.shape_mismatch", code="shape_mismatch", arr_shape=arr.shape
        )
    negative = arr < 0
    if negative.any():
        positions = mask_positions(negative)
        shown = ", ".join(str(p) for p in positions[:5]) + (" ..." if len(positions) > 5 else "")
        raise PlanningError.of(
            "history.seasonality.negative_values",
            code="negative_values",
            positions=positions,
            amount=float(np.nanmin(arr)),
            shown=shown,
            np_nanmin_arr=np.nanmin(arr),
        )
    if np.isnan(arr).all():
        raise PlanningError.of("history.seasonality.all_blank", code="all_blank")
    p = src.periods_per_year
    if arr.ndim == 1:
        if arr.size < p:
            raise PlanningError.of(
                "history.seasonality.too_short_2",
                code="too_short",
                amount=float(p - arr.size),
                arr_size=arr.size,
                src_name=src.name,
                p=p,
            )
        return fold_years(arr, src, start_period=start_period)
    if arr.shape[1] != p:
        raise PlanningError.of(
            "history.seasonality.shape_mismatch_2",
            code="shape_mismatch",
            arr_shape_1=arr.shape[1],
            p=p,
            src_name=src.name,
        )
    return arr


def _check_enough(years: NDArray[np.float64], cal: Calendar, left_out: str = "") -> None:
    obs = ~np.isnan(years)
    empty = np.flatnonzero(~obs.any(axis=0))
    if empty.size:
        labels = ", ".join(cal.labels[i] for i in empty[:6]) + (" ..." if empty.size > 6 else "")
        without = f" ({left_out}: no sales, not counted)" if left_out else ""
        raise PlanningError.of(
            "history.seasonality.too_short",
            code="too_short",
            positions=[int(i) for i in empty],
            empty_size=empty.size,
            cal_periods_per_year=cal.periods_per_year,
            cal_name=cal.name,
            labels=labels,
            join_str_int_i_for_i_in_empty=", ".join(str(int(i)) for i in empty[:6]),
            without=without,
        )
    if not np.nansum(years) > 0:
        raise PlanningError.of("history.seasonality.all_zero", code="all_zero")


def _hat_basis(n_years: int, midpoints: NDArray[np.float64]) -> NDArray[np.float64]:
    """Linear-spline basis with knots at the year boundaries: shape (years, P, years + 1)."""
    t = np.arange(n_years)[:, None] + midpoints[None, :]
    knots = np.arange(n_years + 1, dtype=np.float64)
    return np.clip(1.0 - np.abs(t[:, :, None] - knots[None, None, :]), 0.0, None)


def _fit_trend(
    values: NDArray[np.float64],
    index: NDArray[np.float64],
    weights: NDArray[np.float64],
    basis: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Weighted least squares of values ~ trend x index, trend = basis @ theta."""
    design = (basis * index[None, :, None]).reshape(-1, basis.shape[-1])
    root_w = np.sqrt(weights).ravel()
    theta = least_squares(design * root_w[:, None], values.ravel() * root_w)
    return dot(basis, theta)


def _robust_index(
    ratios: NDArray[np.float64],
    prev_weights: NDArray[np.float64],
    obs: NDArray[np.bool_],
    threshold: float,
    reference: NDArray[np.float64] | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64], float]:
    """One robust step: new weights and the weighted mean of each period's ratios.

    Each value is compared with the (previously weighted) mean of the *other* years
    of its period, so an outlier cannot hide by pulling the mean towards itself;
    the first step compares with ``reference`` (the per-period median) instead.
    """
    n_obs = obs.sum(axis=0)
    filled = np.where(obs, ratios, 0.0)
    w_prev = np.where(obs, prev_weights, 0.0)
    others_w = w_prev.sum(axis=0)[None, :] - w_prev
    others_wr = (w_prev * filled).sum(axis=0)[None, :] - w_prev * filled
    others_n = n_obs[None, :] - obs
    others_plain = (filled.sum(axis=0)[None, :] - filled) / np.maximum(others_n, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        loo = np.where(others_w > 1e-12, others_wr / others_w, others_plain)
    # a value minus the mean of n - 1 others has variance (1 + 1/(n - 1)) x the noise's
    spread = np.sqrt(1.0 + 1.0 / np.maximum(n_obs - 1, 1))
    dev = (filled - loo) / np.maximum(loo, _MIN_INDEX_FOR_SCALE) / spread[None, :]
    pooled = np.abs(dev[obs & (n_obs >= 2)[None, :]])
    sigma = _MAD_TO_SD * float(np.median(pooled)) if pooled.size else 0.0
    sigma = max(sigma, _MIN_SIGMA)
    if reference is not None:
        dev = (filled - reference[None, :]) / np.maximum(reference, _MIN_INDEX_FOR_SCALE)[None, :]
    u = np.abs(np.where(obs, dev, 0.0)) / sigma
    weights = np.clip(2.0 - u / threshold, 0.0, 1.0) if np.isfinite(threshold) else np.ones_like(u)
    weights[:, n_obs < _MIN_YEARS_FOR_OUTLIERS] = 1.0
    weights[~obs] = 0.0
    den = weights.sum(axis=0)
    lost = den <= 0  # every year of the period rejected: keep them all instead
    weights[:, lost] = obs[:, lost].astype(np.float64)
    den = weights.sum(axis=0)
    num = (weights * filled).sum(axis=0)
    return np.divide(num, den, out=np.ones_like(num), where=den > 0), weights, sigma


def _decompose(
    years: NDArray[np.float64],
    cal: Calendar,
    detrend: str,
    threshold: float,
    max_iter: int,
    tol: float,
) -> SeasonalProfile:
    n, p = years.shape
    obs = ~np.isnan(years)
    values = np.where(obs, years, 0.0)
    notes: list[str] = []
    if detrend == "yearly":
        basis = np.broadcast_to(np.eye(n)[:, None, :], (n, p, n))
    elif int(obs.sum()) >= 2 * p:
        basis = _hat_basis(n, cal.midpoints)
    else:
        basis = np.ones((n, p, 1))
        notes.append(
            "less than two full cycles of history: no trend adjustment, the profile is the "
            "pattern of the data as it is"
        )
    index, weights = _robust_start(years, obs, threshold)
    floor = 1e-12 * float(np.nanmax(years))
    converged = False
    iterations = 0
    sigma = _MIN_SIGMA
    trend = np.ones_like(values)
    for iterations in range(1, max_iter + 1):  # noqa: B007 - the count is reported
        trend = np.maximum(_fit_trend(values, index, weights, basis), floor)
        ratios = np.where(obs, values / trend, np.nan)
        new_index, new_weights, sigma = _robust_index(ratios, weights, obs, threshold)
        scale = new_index.mean()
        if scale > 0:  # keep trend x index unchanged: the index has mean 1, the trend the level
            new_index, trend = new_index / scale, trend * scale
        change = max(
            float(np.max(np.abs(new_index - index))), float(np.max(np.abs(new_weights - weights)))
        )
        index, weights = new_index, new_weights
        if change <= tol:
            converged = True
            break
    if not converged:
        notes.append(f"the robust fit did not settle within {max_iter} rounds")
    return _profile_result(years, cal, index, weights, trend, sigma, iterations, converged, notes)


def _robust_start(
    years: NDArray[np.float64], obs: NDArray[np.bool_], threshold: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Median pattern of the years around robust per-year levels, and first weights."""
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-blank rows/columns give NaN
        level = np.nanmean(years, axis=1, keepdims=True)
        index = _unit_mean(np.nanmedian(np.where(level > 0, years / level, np.nan), axis=0))
        level = np.nanmedian(np.where(index > 0, years / index, np.nan), axis=1, keepdims=True)
        ratios = np.where(obs & (level > 0), years / level, np.nan)
        median = np.nanmedian(ratios, axis=0)
    usable = ~np.isnan(ratios)
    reference = np.where(np.isnan(median), 1.0, median)
    _, weights, _ = _robust_index(ratios, usable.astype(np.float64), usable, threshold, reference)
    index = _unit_mean(median)
    return index, np.where(usable, weights, obs.astype(np.float64))


def _unit_mean(index: NDArray[np.float64]) -> NDArray[np.float64]:
    index = np.where(np.isnan(index), 1.0, index)
    mean = index.mean()
    return index / mean if mean > 0 else np.ones_like(index)


def _profile_result(
    years: NDArray[np.float64],
    cal: Calendar,
    index: NDArray[np.float64],
    weights: NDArray[np.float64],
    trend: NDArray[np.float64],
    sigma: float,
    iterations: int,
    converged: bool,
    notes: list[str],
) -> SeasonalProfile:
    obs = ~np.isnan(years)
    n_obs = obs.sum(axis=0).astype(np.int64)
    shares = _exact_shares(index)
    expected = trend * index[None, :]
    damped = np.where(obs, expected + weights * (np.where(obs, years, 0.0) - expected), np.nan)
    detrended = damped / trend
    remainder = detrended - index[None, :]
    # the remainder of n years around their own mean is (n - 1) / n of the noise: undo that,
    # so that pure noise scores about 0 however many years there are
    n_eff = float(obs.sum()) / obs.shape[1]
    noise_var = float(np.nanvar(remainder)) * (n_eff / (n_eff - 1.0) if n_eff > 1 else 1.0)
    total_var = float(np.nanvar(detrended)) if obs.sum() > 1 else 0.0
    strength = 0.0 if total_var <= 0 else min(1.0, max(0.0, 1.0 - noise_var / total_var))
    effective = np.maximum(weights.sum(axis=0), 1.0)
    share_se = shares * sigma / np.sqrt(effective)
    short = [cal.labels[i] for i in np.flatnonzero(n_obs < _MIN_YEARS_FOR_OUTLIERS)]
    if short:
        shown = ", ".join(short[:6]) + (" ..." if len(short) > 6 else "")
        notes.append(
            f"{len(short)} period(s) ({shown}) have fewer than {_MIN_YEARS_FOR_OUTLIERS} years "
            "of history: an outlier there cannot be told apart from seasonality and is not damped"
        )
    years_used = int(obs.any(axis=1).sum())
    residual_cv = float(sigma) if sigma > _MIN_SIGMA else 0.0
    fewest = int(n_obs.min())
    if fewest >= 3 and residual_cv <= 0.10:
        quality = "good"
    elif fewest >= 2 and residual_cv <= 0.25:
        quality = "fair"
    else:
        quality = "poor"
    return SeasonalProfile(
        shares=shares,
        indices=shares / cal.period_weights,
        calendar=cal,
        years_used=years_used,
        observations=n_obs,
        history=years,
        trend=np.where(obs, trend, np.nan),
        expected=np.where(obs, expected, np.nan),
        weights=np.where(obs, weights, np.nan),
        damped_history=damped,
        residual_cv=residual_cv,
        seasonal_strength=strength,
        share_std_error=share_se,
        year_correlations=_year_correlations(years / trend, index, obs),
        quality=quality,
        warnings=tuple(notes),
        iterations=iterations,
        converged=converged,
    )


def _exact_shares(index: NDArray[np.float64]) -> NDArray[np.float64]:
    """Shares proportional to ``index`` whose float sum is 1 (remainder on the largest)."""
    shares = np.clip(index, 0.0, None)
    shares = shares / shares.sum()
    shares[int(np.argmax(shares))] += 1.0 - shares.sum()
    return shares


def _year_correlations(
    detrended: NDArray[np.float64], index: NDArray[np.float64], obs: NDArray[np.bool_]
) -> NDArray[np.float64]:
    count = obs.sum(axis=1)
    safe = np.maximum(count, 1)
    x = np.where(obs, detrended, 0.0)
    y = np.where(obs, index[None, :], 0.0)
    mx = x.sum(axis=1, keepdims=True) / safe[:, None]
    my = y.sum(axis=1, keepdims=True) / safe[:, None]
    dx = np.where(obs, x - mx, 0.0)
    dy = np.where(obs, y - my, 0.0)
    den = np.sqrt((dx**2).sum(axis=1) * (dy**2).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = (dx * dy).sum(axis=1) / den
    return np.where((count >= 3) & (den > 0), corr, np.nan)
