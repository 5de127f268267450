"""Statistical signals on a KPI series: XmR limits, Western Electric and Nelson rules, CUSUM.

An individuals-and-moving-range (XmR) chart separates routine month-to-month
variation from a signal worth a conversation. The limits come from the average
moving range ``MR̄`` (the mean absolute difference of consecutive points)::

    centre  = mean of the points
    UCL/LCL = centre ± 2.66 × MR̄          (natural process limits)
    MR UCL  = 3.267 × MR̄                   (upper limit of the moving-range chart)
    sigma   = 2.66 × MR̄ / 3                (so that centre ± 3 sigma is exactly UCL/LCL)

2.66 is the conventional rounding of 3 / d2 with d2 = 1.128 for ranges of two
points, and 3.267 is D4 for ranges of two points.

The zone rules (Western Electric rules 1-4, Nelson rules 1-8) are tested on the
deviation ``x − centre`` against multiples of sigma. "Beyond k sigma" means
``|x − centre| > k × sigma`` and "within 1 sigma" means ``|x − centre| < sigma``
(strict: a point exactly on a limit is neither). A point exactly on the centre
line is on neither side, and equal consecutive points are neither increasing
nor decreasing, so they break runs. A rule *fires at a point* when that point
completes the pattern: for run rules, the point that makes the run long enough
and every later point of the same run; for "k of m" rules, a point beyond the
zone that has, counting itself, at least k of the last m points (fewer at the
start of the series) beyond the zone on its side.

Examples
--------
>>> flags = nelson_rules([0.2, -0.4, 0.1, 3.2, 0.3], centre=0.0, sigma=1.0)
>>> firing_points(flags)[["position", "rule"]]
   position  rule
0         3     1
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.validation import as_finite_scalar, as_float_array

__all__ = [
    "NELSON_RULES",
    "WESTERN_ELECTRIC_RULES",
    "XMR_D4",
    "XMR_E2",
    "XmrLimits",
    "cusum",
    "firing_points",
    "nelson_rules",
    "western_electric_rules",
    "xmr_limits",
]

#: Factor from the average moving range to the natural process limits.
XMR_E2 = 2.66
#: Factor from the average moving range to the moving-range chart's upper limit.
XMR_D4 = 3.267

#: Nelson rules by number.
NELSON_RULES: dict[int, str] = {
    1: "one point more than 3 sigma from the centre line",
    2: "nine points in a row on the same side of the centre line",
    3: "six points in a row steadily increasing or steadily decreasing",
    4: "fourteen points in a row alternating up and down",
    5: "two out of three points in a row more than 2 sigma from the centre line, same side",
    6: "four out of five points in a row more than 1 sigma from the centre line, same side",
    7: "fifteen points in a row within 1 sigma of the centre line, either side",
    8: "eight points in a row more than 1 sigma from the centre line, either side",
}

#: Western Electric zone rules by number.
WESTERN_ELECTRIC_RULES: dict[int, str] = {
    1: "one point more than 3 sigma from the centre line",
    2: "two out of three points in a row more than 2 sigma from the centre line, same side",
    3: "four out of five points in a row more than 1 sigma from the centre line, same side",
    4: "eight points in a row on the same side of the centre line",
}


class XmrLimits(NamedTuple):
    """Limits of an XmR chart (all floats).

    Attributes
    ----------
    centre : float
        Mean of the points.
    mr_bar : float
        Average moving range (mean absolute difference of consecutive points).
    sigma : float
        ``XMR_E2 * mr_bar / 3``, the sigma used by the zone rules.
    ucl, lcl : float
        ``centre ± XMR_E2 * mr_bar``.
    mr_ucl : float
        ``XMR_D4 * mr_bar``, the moving-range chart's upper limit.
    """

    centre: float
    mr_bar: float
    sigma: float
    ucl: float
    lcl: float
    mr_ucl: float


def xmr_limits(series: ArrayLike) -> XmrLimits:
    """Centre line and limits of an XmR (individuals and moving range) chart.

    Parameters
    ----------
    series : array_like, shape (n,)
        At least two numbers, no blanks.

    Returns
    -------
    XmrLimits

    Examples
    --------
    >>> lim = xmr_limits([1.0, 3.0, 2.0, 4.0, 3.0])
    >>> lim.centre, lim.mr_bar, round(lim.ucl, 4), round(lim.lcl, 4), round(lim.mr_ucl, 4)
    (2.6, 1.5, 6.59, -1.39, 4.9005)
    """
    x = _series(series, "series", minimum=2)
    return _limits(x)


def nelson_rules(
    series: ArrayLike, *, centre: float | None = None, sigma: float | None = None
) -> pd.DataFrame:
    """Which points fire which of the eight Nelson rules.

    Parameters
    ----------
    series : array_like, shape (n,)
        The points in time order, no blanks. A pandas Series keeps its index.
    centre, sigma : float, optional
        Centre line and sigma. By default they are estimated from the series:
        its mean, and ``2.66 × MR̄ / 3`` (see :func:`xmr_limits`). A constant
        series (no variation at all) fires no rule.

    Returns
    -------
    DataFrame of bool, one row per point, columns ``1`` to ``8`` (rule numbers;
    descriptions in :data:`NELSON_RULES`).

    Examples
    --------
    Six points steadily increasing fire rule 3 at the sixth:

    >>> flags = nelson_rules([0.3, -0.9, -0.6, -0.1, 0.4, 0.7, 0.9], centre=0.0, sigma=1.0)
    >>> flags.index[flags[3]].tolist()
    [6]
    >>> flags.any().index[flags.any()].tolist()
    [3]
    """
    x, index = _series_with_index(series)
    c, s = _centre_sigma(x, centre, sigma)
    rules = {
        1: _beyond(x, c, s, 3.0),
        2: _same_side_run(x, c, 9),
        3: _trend(x, 6),
        4: _alternating(x, 14),
        5: _k_of_m_beyond(x, c, s, 2.0, k=2, m=3),
        6: _k_of_m_beyond(x, c, s, 1.0, k=4, m=5),
        7: _run_of(np.abs(x - c) < s, 15),
        8: _run_of(_beyond(x, c, s, 1.0), 8),
    }
    return _frame(rules, index, quiet=s == 0)


def western_electric_rules(
    series: ArrayLike, *, centre: float | None = None, sigma: float | None = None
) -> pd.DataFrame:
    """Which points fire which of the four Western Electric zone rules.

    Rule 1 is one point beyond 3 sigma, rule 2 two of three beyond 2 sigma on the
    same side, rule 3 four of five beyond 1 sigma on the same side, rule 4 eight
    in a row on the same side. Parameters and conventions as :func:`nelson_rules`.

    Returns
    -------
    DataFrame of bool, one row per point, columns ``1`` to ``4``.

    Examples
    --------
    >>> flags = western_electric_rules([-0.5] + [0.4] * 8, centre=0.0, sigma=1.0)
    >>> flags.index[flags[4]].tolist()
    [8]
    """
    x, index = _series_with_index(series)
    c, s = _centre_sigma(x, centre, sigma)
    rules = {
        1: _beyond(x, c, s, 3.0),
        2: _k_of_m_beyond(x, c, s, 2.0, k=2, m=3),
        3: _k_of_m_beyond(x, c, s, 1.0, k=4, m=5),
        4: _same_side_run(x, c, 8),
    }
    return _frame(rules, index, quiet=s == 0)


def firing_points(flags: pd.DataFrame) -> pd.DataFrame:
    """Tidy list of the points that fire a rule: one row per (point, rule).

    Parameters
    ----------
    flags : DataFrame
        The result of :func:`nelson_rules` or :func:`western_electric_rules`.

    Returns
    -------
    DataFrame with columns ``position`` (0-based), ``point`` (the index label)
    and ``rule``, ordered by position then rule.

    Examples
    --------
    >>> flags = nelson_rules([0.1, 3.5, -3.2, -3.4], centre=0.0, sigma=1.0)
    >>> firing_points(flags)
       position  point  rule
    0         1      1     1
    1         2      2     1
    2         3      3     1
    3         3      3     5
    """
    if not isinstance(flags, pd.DataFrame):
        raise PlanningError.of("kpi.signals.bad_type", code="bad_type")
    try:
        mask = flags.to_numpy(dtype=bool)
    except (TypeError, ValueError):
        raise PlanningError.of("kpi.signals.bad_type_2", code="bad_type") from None
    pos, col = np.nonzero(mask)
    return pd.DataFrame(
        {
            "position": pos.astype(np.int64),
            "point": flags.index[pos],
            "rule": np.asarray(flags.columns)[col],
        }
    )


def cusum(series: ArrayLike, target: float, k: float, h: float) -> pd.DataFrame:
    """Tabular CUSUM: upper and lower cumulative sums and alarm points.

    ``upper[i] = max(0, upper[i-1] + x[i] − (target + k))`` and
    ``lower[i] = max(0, lower[i-1] + (target − k) − x[i])``, both starting at 0.
    An alarm is raised at every point where a sum is strictly greater than ``h``;
    the sums are not reset after an alarm. ``k`` (the allowance, often half the
    shift worth detecting, e.g. 0.5 sigma) and ``h`` (the decision interval,
    often 4 or 5 sigma) are in the units of the series.

    Parameters
    ----------
    series : array_like, shape (n,)
        At least one number, no blanks. A pandas Series keeps its index.
    target : float
        The level the process should run at (e.g. the plan per period).
    k : float
        Allowance, zero or positive.
    h : float
        Decision interval, positive.

    Returns
    -------
    DataFrame with columns ``value``, ``upper``, ``lower``, ``upper_alarm``,
    ``lower_alarm`` and ``upper_run`` / ``lower_run`` (the number of points
    since the sum was last zero, which dates the start of a drift).

    Examples
    --------
    >>> out = cusum([10.0, 11.0, 12.0, 9.0, 13.0], target=10.0, k=0.5, h=2.0)
    >>> out[["upper", "lower", "upper_alarm", "upper_run"]]
       upper  lower  upper_alarm  upper_run
    0    0.0    0.0        False          0
    1    0.5    0.0        False          1
    2    2.0    0.0        False          2
    3    0.5    0.5        False          3
    4    3.0    0.0         True          4
    """
    x, index = _series_with_index(series)
    t = as_finite_scalar(target, "target")
    kk = as_finite_scalar(k, "k")
    hh = as_finite_scalar(h, "h")
    if kk < 0:
        raise PlanningError.of("kpi.signals.bad_k", code="bad_k", kk=kk)
    if hh <= 0:
        raise PlanningError.of("kpi.signals.bad_h", code="bad_h", hh=hh)
    upper = _reflected_sum(x - (t + kk))
    lower = _reflected_sum((t - kk) - x)
    return pd.DataFrame(
        {
            "value": x,
            "upper": upper,
            "lower": lower,
            "upper_alarm": upper > hh,
            "lower_alarm": lower > hh,
            "upper_run": _run_length(upper > 0),
            "lower_run": _run_length(lower > 0),
        },
        index=index,
    )


# --- internals -------------------------------------------------------------------------------


def _series(series: ArrayLike, name: str, minimum: int = 1) -> NDArray[np.float64]:
    x = as_float_array(series, name, allow_nan=False)
    if x.ndim != 1:
        raise PlanningError.of(
            "kpi.signals.bad_shape", code="bad_shape", name=name, x_shape=x.shape
        )
    if x.size < minimum:
        raise PlanningError.of(
            "kpi.signals.too_short", code="too_short", name=name, minimum=minimum, x_size=x.size
        )
    return x


def _series_with_index(series: ArrayLike) -> tuple[NDArray[np.float64], pd.Index]:
    x = _series(series, "series")
    if isinstance(series, pd.Series):
        return x, series.index
    return x, pd.RangeIndex(x.size)


def _limits(x: NDArray[np.float64]) -> XmrLimits:
    centre = float(np.mean(x))
    mr_bar = float(np.mean(np.abs(np.diff(x))))
    half_width = XMR_E2 * mr_bar
    return XmrLimits(
        centre=centre,
        mr_bar=mr_bar,
        sigma=half_width / 3.0,
        ucl=centre + half_width,
        lcl=centre - half_width,
        mr_ucl=XMR_D4 * mr_bar,
    )


def _centre_sigma(
    x: NDArray[np.float64], centre: float | None, sigma: float | None
) -> tuple[float, float]:
    c = float(np.mean(x)) if centre is None else as_finite_scalar(centre, "centre")
    if sigma is None:
        if x.size < 2:
            raise PlanningError.of("kpi.signals.too_short_2", code="too_short")
        return c, _limits(x).sigma
    s = as_finite_scalar(sigma, "sigma")
    if s <= 0:
        raise PlanningError.of("kpi.signals.bad_sigma", code="bad_sigma", s=s)
    return c, s


def _run_length(cond: NDArray[np.bool_]) -> NDArray[np.int64]:
    """Length of the run of True values ending at each position (0 where False)."""
    idx = np.arange(cond.size)
    last_false = np.maximum.accumulate(np.where(cond, -1, idx)) if cond.size else idx
    return (idx - last_false).astype(np.int64)


def _run_of(cond: NDArray[np.bool_], length: int) -> NDArray[np.bool_]:
    return _run_length(cond) >= length


def _beyond(x: NDArray, c: float, s: float, k: float) -> NDArray[np.bool_]:
    return np.abs(x - c) > k * s


def _same_side_run(x: NDArray, c: float, length: int) -> NDArray[np.bool_]:
    return _run_of(x > c, length) | _run_of(x < c, length)


def _trend(x: NDArray, points: int) -> NDArray[np.bool_]:
    """Point i ends a run of ``points`` points steadily increasing or decreasing."""
    out = np.zeros(x.size, dtype=bool)
    d = np.diff(x)
    out[1:] = _run_of(d > 0, points - 1) | _run_of(d < 0, points - 1)
    return out


def _alternating(x: NDArray, points: int) -> NDArray[np.bool_]:
    """Point i ends a run of ``points`` points alternating up and down."""
    out = np.zeros(x.size, dtype=bool)
    if x.size < 3:
        return out
    step = np.sign(np.diff(x))
    flips = np.zeros(step.size, dtype=bool)
    flips[1:] = step[1:] * step[:-1] < 0  # points j-1, j, j+1 zigzag
    out[1:] = _run_of(flips, points - 2)
    return out


def _k_of_m_beyond(x: NDArray, c: float, s: float, zone: float, *, k: int, m: int) -> NDArray:
    """Point beyond ``zone`` sigma with >= k of the last m points beyond on its side."""
    out = np.zeros(x.size, dtype=bool)
    for side in (x - c > zone * s, x - c < -zone * s):
        padded = np.concatenate([np.zeros(m - 1, dtype=np.int64), side.astype(np.int64)])
        counts = sliding_window_view(padded, m).sum(axis=1)
        out |= side & (counts >= k)
    return out


def _reflected_sum(z: NDArray[np.float64]) -> NDArray[np.float64]:
    """``c[i] = max(0, c[i-1] + z[i])`` with ``c[-1] = 0``, without a Python loop.

    The recursion equals the running sum minus its running minimum (floored at 0).
    """
    total = np.cumsum(z)
    return total - np.minimum(np.minimum.accumulate(total), 0.0)


def _frame(rules: dict[int, NDArray[np.bool_]], index: pd.Index, quiet: bool) -> pd.DataFrame:
    """Rules as a bool table; ``quiet`` (a constant series, sigma 0) clears every flag."""
    frame = pd.DataFrame(rules, index=index)
    if quiet:
        frame[:] = False
    frame.columns = pd.Index(list(rules), name="rule", dtype=np.int64)
    return frame
