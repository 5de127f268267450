"""KPI deviation: variance against plan, seasonal pace and status per KPI row.

Three steps of the monthly review (监测与评估), each a pure vectorised function:

- :func:`kpi_variance`: actual versus plan in the IBCS convention,
  ``ΔPL = AC − PL`` and ``ΔPL% = (AC − PL) / |PL|``, plus a *favourable*
  variance whose sign follows the KPI's direction (higher is better for
  revenue and new customers, lower is better for cost of sale and churn).
- :func:`kpi_pace`: expected-to-date from the seasonal phasing of the target
  (the cumulative share of the phased plan, not a straight line), projected
  landing, gap to target and the probability of reaching the target given
  historical noise.
- :func:`kpi_status`: On track / At risk / Off track (正常 / 预警 / 落后) from
  thresholds set per KPI row, relative or in standard deviations, with a
  documented "No data" status where the comparison is undefined.

The planner-facing description of every rule is in ``docs/kpi.md``.

Examples
--------
>>> v = kpi_variance([110.0, 90.0], [100.0, 100.0], ["higher", "lower"])
>>> v.delta_pct, v.good
(array([ 0.1, -0.1]), array([1., 1.]))
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import message
from xl_salesplan.validation import as_float_array

__all__ = [
    "DIRECTION_ALIASES",
    "STATUS_LABELS",
    "STATUS_ZH",
    "KpiPace",
    "KpiVariance",
    "direction_sign",
    "kpi_pace",
    "kpi_status",
    "kpi_variance",
]

#: Accepted direction words (case, spaces and hyphens ignored) and their sign:
#: +1 when a higher value is better, -1 when a lower value is better.
#: Booleans are accepted too: True means higher is better.
DIRECTION_ALIASES: dict[str, float] = {
    "higher": 1.0,
    "higher_is_better": 1.0,
    "越高越好": 1.0,
    "lower": -1.0,
    "lower_is_better": -1.0,
    "越低越好": -1.0,
}

#: Status labels by language, in the order of the internal status codes
#: 0 = On track, 1 = At risk, 2 = Off track, 3 = No data.
#: The words are the message catalogue's (``kpi.status.*``).
STATUS_LABELS: dict[str, tuple[str, str, str, str]] = {
    short: tuple(  # type: ignore[misc]
        message(f"kpi.status.{code}", language)
        for code in ("on_track", "at_risk", "off_track", "no_data")
    )
    for short, language in (("en", "en"), ("zh", "zh-CN"))
}

#: English status label -> Simplified Chinese label.
STATUS_ZH: dict[str, str] = dict(zip(STATUS_LABELS["en"], STATUS_LABELS["zh"], strict=True))

_ON_TRACK, _AT_RISK, _OFF_TRACK, _NO_DATA = 0, 1, 2, 3
_MAX_LISTED = 5


class KpiVariance(NamedTuple):
    """Variance of actual against plan; every field has the shape of ``actual``."""

    delta: NDArray[np.float64]  #: ``AC − PL`` (IBCS ΔPL); NaN where either is blank
    delta_pct: NDArray[np.float64]  #: ``(AC − PL) / |PL|`` (ΔPL%); NaN where the plan is 0/blank
    favourable: NDArray[np.float64]  #: ``delta`` × direction sign: positive is good for any KPI
    favourable_pct: NDArray[np.float64]  #: ``delta_pct`` × direction sign
    good: NDArray[np.float64]  #: +1 favourable, -1 unfavourable, 0 on plan, NaN when blank

    def to_frame(self) -> pd.DataFrame:
        """Return the fields as columns of a DataFrame (cells in row-major order).

        Examples
        --------
        >>> kpi_variance([12.0], [10.0]).to_frame().columns.tolist()
        ['delta', 'delta_pct', 'favourable', 'favourable_pct', 'good']
        """
        return pd.DataFrame({name: np.atleast_1d(v).ravel() for name, v in self._asdict().items()})


class KpiPace(NamedTuple):
    """Pace of each KPI row against its phased target; every field has shape ``(rows,)``.

    For a one-dimensional plan (a single KPI row) every field is a 0-d array.
    """

    #: period target: the sum of the phased plan over all periods
    target: NDArray[np.float64]
    #: number of periods counted as to-date (``as_of``, given or inferred)
    periods_closed: NDArray[np.float64]
    #: plan summed over the closed periods (the seasonal expectation)
    expected_to_date: NDArray[np.float64]
    #: ``expected_to_date / target``: cumulative share of the phasing
    expected_share: NDArray[np.float64]
    #: ``target × periods_closed / periods``: the straight-line expectation, for comparison
    linear_expected_to_date: NDArray[np.float64]
    #: actuals summed over the closed periods (blanks count as zero); NaN when none
    actual_to_date: NDArray[np.float64]
    #: ``actual_to_date / expected_to_date``; NaN when nothing was expected yet
    pace: NDArray[np.float64]
    #: ``actual_to_date + (target − expected_to_date) × factor`` (see ``projection``)
    projected_landing: NDArray[np.float64]
    #: ``projected_landing − target`` (IBCS sign: AC − PL)
    gap: NDArray[np.float64]
    #: standard deviation of ``actual_to_date`` under the noise model; NaN without noise
    sd_to_date: NDArray[np.float64]
    #: standard deviation of the remaining periods' total; NaN without noise
    sd_remaining: NDArray[np.float64]
    #: probability of reaching the target (at/above it if higher is better, at/below it
    #: if lower is better); NaN without noise or without data
    probability: NDArray[np.float64]

    def to_frame(self) -> pd.DataFrame:
        """Return the fields as columns of a DataFrame, one row per KPI row.

        Examples
        --------
        >>> p = kpi_pace([[10.0, 10.0]], [[9.0, None]], 1)
        >>> p.to_frame()[["expected_to_date", "actual_to_date", "pace"]]
           expected_to_date  actual_to_date  pace
        0              10.0             9.0   0.9
        """
        return pd.DataFrame({name: np.atleast_1d(v).ravel() for name, v in self._asdict().items()})


def direction_sign(direction: ArrayLike) -> NDArray[np.float64]:
    """Return +1 where higher is better and -1 where lower is better.

    Parameters
    ----------
    direction : str, bool or array_like of them
        ``"higher"`` / ``"higher_is_better"`` / ``"越高越好"`` or ``True`` for
        revenue-like KPIs; ``"lower"`` / ``"lower_is_better"`` / ``"越低越好"``
        or ``False`` for cost-like KPIs. Case, spaces and hyphens are ignored.

    Returns
    -------
    ndarray of float64 with the shape of ``direction``.

    Examples
    --------
    >>> direction_sign(["higher", "Lower is better", True, False])
    array([ 1., -1.,  1., -1.])
    >>> direction_sign("sideways")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: direction: 'sideways' not understood as a KPI direction; ...
    """
    raw = np.asarray(direction, dtype=object)
    signs = np.asarray(_SIGN_OF(raw), dtype=np.float64) if raw.size else np.zeros(raw.shape)
    bad = np.isnan(signs)
    if bad.any():
        positions, where = _bad_positions(bad)
        shown = ", ".join(repr(raw[p]) for p in positions)
        raise PlanningError(
            f"direction: {shown}{where} not understood as a KPI direction; "
            "use 'higher' (higher is better, e.g. revenue) or 'lower' (lower is better, "
            "e.g. cost of sale), or True/False",
            code="bad_direction",
            positions=_public_positions(positions),
        )
    return signs


def kpi_variance(
    actual: ArrayLike, plan: ArrayLike, direction: ArrayLike = "higher"
) -> KpiVariance:
    """Variance of actual against plan, IBCS convention, direction-aware.

    Parameters
    ----------
    actual, plan : array_like
        Same shape; each cell is one KPI row (or one row x period cell).
        Blanks (None/NaN) give NaN results for that cell.
    direction : str, bool or array_like
        One direction for all cells, one per row (``actual.shape[0]`` values)
        or one per cell; see :func:`direction_sign`.

    Returns
    -------
    KpiVariance
        ``delta = AC − PL``; ``delta_pct = (AC − PL) / |PL|`` (NaN where the plan
        is zero: a relative variance against nothing is undefined); the
        ``favourable`` variants multiply by the direction sign so that positive
        is always good; ``good`` is the sign of ``favourable``.

    Examples
    --------
    Revenue 90 against 100 is bad; cost 90 against 100 is good:

    >>> v = kpi_variance([90.0, 90.0], [100.0, 100.0], ["higher", "lower"])
    >>> v.delta, v.delta_pct, v.favourable, v.good
    (array([-10., -10.]), array([-0.1, -0.1]), array([-10.,  10.]), array([-1.,  1.]))

    A negative plan (e.g. a planned loss) keeps the sign of ΔPL% equal to the sign of ΔPL:

    >>> kpi_variance([-5.0], [-10.0]).delta_pct
    array([0.5])
    """
    ac, pl = _actual_against(actual, plan, "plan")
    sign = _per_row(direction_sign(direction), "direction", ac.shape)
    delta = ac - pl
    pct = _safe_divide(delta, np.abs(pl))
    favourable = sign * delta + 0.0
    favourable_pct = sign * pct + 0.0
    return KpiVariance(delta, pct, favourable, favourable_pct, np.sign(favourable) + 0.0)


def kpi_pace(
    plan_by_period: ArrayLike,
    actual_by_period: ArrayLike,
    as_of: ArrayLike | None = None,
    *,
    direction: ArrayLike = "higher",
    noise: ArrayLike | None = None,
    residuals: ArrayLike | None = None,
    projection: str = "pace",
) -> KpiPace:
    """Seasonal pace, projected landing and probability of reaching the target.

    Parameters
    ----------
    plan_by_period : array_like, shape (periods,) or (rows, periods)
        The phased target (e.g. from seasonal spreading). A row with any blank is
        a missing target: all its results are NaN (status "No data").
    actual_by_period : array_like, same shape
        Actuals; NaN for periods not yet closed. Blanks inside the closed periods
        count as zero (like a spreadsheet SUM); actuals after ``as_of`` are ignored.
    as_of : int or array_like of int, optional
        Number of closed periods (the 1-based number of the last closed period;
        0 = none), for all rows or one per row. Default: per row, the position
        of the last non-blank actual plus one.
    direction : str, bool or array_like
        Per row; decides which side of the target counts as reaching it.
    noise : float or array_like, optional
        Historical relative noise per period: the standard deviation of
        ``actual / plan − 1`` for one period (0.1 = 10 %). One value, one per row,
        one per period (single-row plan only) or one per row and period.
    residuals : array_like, optional
        Instead of ``noise``: past relative residuals ``actual / plan − 1``, one
        history for all rows (1-D) or one per row (2-D, rows first); the noise is
        their sample standard deviation (NaN with fewer than two values).
    projection : {"pace", "plan"}
        How the remaining periods are projected: ``"pace"`` multiplies the
        remaining plan by the pace so far (landing = pace × target); ``"plan"``
        assumes the remaining plan is delivered as phased. When the pace is
        undefined (nothing expected yet) the factor is 1.

    Returns
    -------
    KpiPace
        See :class:`KpiPace`. The probability uses a normal approximation: each
        remaining period's value is ``factor × plan × (1 + e)`` with independent
        ``e ~ N(0, noise²)``, so the remaining total has standard deviation
        ``sqrt(sum((noise × factor × plan)²))``; the probability is
        ``Φ(margin / sd)`` with ``margin`` the favourable side of ``landing − target``.
        With no uncertainty left it is 1 if the landing reaches the target, else 0.

    Examples
    --------
    A business booking most revenue in Q4, reviewed after September:

    >>> plan = [5.0] * 9 + [15.0, 15.0, 25.0]
    >>> actual = [5.0, 4.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0] + [None] * 3
    >>> p = kpi_pace(plan, actual, 9, noise=0.1)
    >>> float(p.expected_to_date), float(p.linear_expected_to_date), float(p.actual_to_date)
    (45.0, 75.0, 44.0)
    >>> round(float(p.pace), 4), round(float(p.projected_landing), 2)
    (0.9778, 97.78)
    >>> round(float(p.probability), 3)
    0.244
    """
    plan = as_float_array(plan_by_period, "plan_by_period")
    actual = as_float_array(actual_by_period, "actual_by_period")
    if plan.ndim not in (1, 2) or plan.shape[-1] == 0:
        raise PlanningError(
            f"plan_by_period must be a row of periods or a table of rows x periods, "
            f"got shape {plan.shape}",
            code="bad_shape" if plan.size else "empty",
        )
    if actual.shape != plan.shape:
        raise PlanningError(
            f"actual_by_period has shape {actual.shape} but plan_by_period has shape "
            f"{plan.shape}; the actuals must cover the same rows and periods as the plan",
            code="shape_mismatch",
        )
    if not isinstance(projection, str) or projection not in ("pace", "plan"):
        raise PlanningError(
            f"projection must be 'pace' or 'plan', got {projection!r}", code="bad_option"
        )
    single = plan.ndim == 1
    plan2, act2 = np.atleast_2d(plan), np.atleast_2d(actual)
    rows, n = plan2.shape
    sign = _per_row(direction_sign(direction), "direction", (rows,))
    closed_count = _closed_periods(as_of, act2)
    closed = np.arange(n) < closed_count[:, None]

    missing_target = np.isnan(plan2).any(axis=1)
    target = plan2.sum(axis=1)
    expected = np.where(closed, plan2, 0.0).sum(axis=1)
    has_actual = (closed & ~np.isnan(act2)).any(axis=1)
    actual_to_date = np.where(has_actual, np.where(closed, np.nan_to_num(act2), 0.0).sum(1), np.nan)
    pace = _safe_divide(actual_to_date, expected)
    factor = pace if projection == "pace" else np.ones(rows)
    factor = np.where(np.isnan(factor), 1.0, factor)
    landing = actual_to_date + (target - expected) * factor

    sigma = _relative_noise(noise, residuals, rows, n, single)
    var_cells = (sigma * plan2) ** 2  # NaN noise anywhere in a row makes its sds NaN
    sd_to_date = np.sqrt((var_cells * closed).sum(axis=1))
    sd_remaining = np.abs(factor) * np.sqrt((var_cells * ~closed).sum(axis=1))
    margin = sign * (landing - target)
    probability = np.where(
        sd_remaining > 0,
        _normal_cdf(_safe_divide(margin, sd_remaining)),
        np.where(margin >= 0, 1.0, 0.0),
    )
    probability = np.where(np.isnan(margin) | np.isnan(sd_remaining), np.nan, probability)

    fields = {
        "target": target,
        "periods_closed": closed_count.astype(np.float64),
        "expected_to_date": expected,
        "expected_share": _safe_divide(expected, target),
        "linear_expected_to_date": target * closed_count / n,
        "actual_to_date": actual_to_date,
        "pace": pace,
        "projected_landing": landing,
        "gap": landing - target,
        "sd_to_date": sd_to_date,
        "sd_remaining": sd_remaining,
        "probability": probability,
    }
    out = {}
    for name, values in fields.items():
        values = values if name == "periods_closed" else np.where(missing_target, np.nan, values)
        out[name] = values.reshape(()) if single else values + 0.0
    return KpiPace(**out)


def kpi_status(
    actual: ArrayLike,
    expected: ArrayLike,
    direction: ArrayLike = "higher",
    *,
    at_risk: ArrayLike = -0.05,
    off_track: ArrayLike = -0.10,
    basis: str = "relative",
    sd: ArrayLike | None = None,
    language: str = "en",
) -> NDArray[np.object_]:
    """Status per KPI row: On track / At risk / Off track, or No data.

    The score is the favourable variance of ``actual`` against ``expected``:
    ``s × (AC − PL) / |PL|`` for ``basis="relative"`` and ``s × (AC − PL) / sd``
    for ``basis="sd"``, where ``s`` is +1 for higher-is-better and -1 for
    lower-is-better KPIs. Then, with thresholds ``off_track <= at_risk <= 0``::

        score >= at_risk               -> On track   (正常)
        off_track <= score < at_risk   -> At risk    (预警)
        score < off_track              -> Off track  (落后)

    A score exactly at a threshold keeps the better status: only a shortfall
    strictly worse than the threshold is flagged. "No data" (无数据) is given
    where the score is undefined: blank actual or expected, zero expected
    (relative basis) or blank/zero ``sd`` (sd basis).

    Parameters
    ----------
    actual, expected : array_like
        Same shape, one cell per KPI row (e.g. ``actual_to_date`` and
        ``expected_to_date`` from :func:`kpi_pace`).
    direction : str, bool or array_like
        One for all rows or one per row; see :func:`direction_sign`.
    at_risk, off_track : float or array_like
        Thresholds (zero or negative), one for all rows or one per row:
        fractions of expected for the relative basis (-0.05 = 5 % short),
        numbers of standard deviations for the sd basis (e.g. -1 and -2).
    basis : {"relative", "sd"}
    sd : float or array_like, optional
        Standard deviation of ``actual`` per row (required for ``basis="sd"``),
        e.g. ``sd_to_date`` from :func:`kpi_pace`.
    language : {"en", "zh"}
        Label language; see :data:`STATUS_LABELS`.

    Returns
    -------
    ndarray of str (object dtype) with the shape of ``actual`` (a str for a scalar).

    Examples
    --------
    >>> kpi_status([100.0, 95.0, 94.0, 89.0, 5.0], [100.0, 100.0, 100.0, 100.0, 0.0])
    array(['On track', 'On track', 'At risk', 'Off track', 'No data'], dtype=object)
    >>> kpi_status([106.0, 106.0], [100.0, 100.0], ["higher", "lower"], language="zh")
    array(['正常', '预警'], dtype=object)
    >>> kpi_status([80.0], [100.0], basis="sd", sd=[10.0], at_risk=-1, off_track=-2)
    array(['At risk'], dtype=object)
    """
    if not isinstance(language, str) or language not in STATUS_LABELS:
        raise PlanningError(
            f"language must be one of {sorted(STATUS_LABELS)}, got {language!r}", code="bad_option"
        )
    if not isinstance(basis, str) or basis not in ("relative", "sd"):
        raise PlanningError(f"basis must be 'relative' or 'sd', got {basis!r}", code="bad_option")
    ac, ex = _actual_against(actual, expected, "expected")
    sign = _per_row(direction_sign(direction), "direction", ac.shape)
    risk_given = as_float_array(at_risk, "at_risk", allow_nan=False)
    off_given = as_float_array(off_track, "off_track", allow_nan=False)
    risk = _per_row(risk_given, "at_risk", ac.shape)
    off = _per_row(off_given, "off_track", ac.shape)
    if risk_given.ndim == 0 and off_given.ndim == 0:
        _check_thresholds(risk_given, off_given)  # one pair for all rows: report it once
    else:
        _check_thresholds(risk, off)
    if basis == "relative":
        scale = np.abs(ex)
    else:
        if sd is None:
            raise PlanningError(
                "sd is needed when basis is sd: give the standard deviation of each row",
                code="missing_sd",
            )
        sd_given = as_float_array(sd, "sd")
        _check_non_negative(sd_given, "sd")
        scale = _per_row(sd_given, "sd", ac.shape)
    score = sign * _safe_divide(ac - ex, scale)
    codes = np.where(score < off, _OFF_TRACK, np.where(score < risk, _AT_RISK, _ON_TRACK))
    codes = np.where(np.isnan(score), _NO_DATA, codes)
    return np.asarray(STATUS_LABELS[language], dtype=object)[codes]


# --- internals -------------------------------------------------------------------------------


def _direction_item(item: object) -> float:
    if isinstance(item, bool | np.bool_):
        return 1.0 if item else -1.0
    if isinstance(item, str):
        key = "_".join(item.strip().lower().replace("-", " ").split())
        return DIRECTION_ALIASES.get(key, math.nan)
    return math.nan


_SIGN_OF = np.frompyfunc(_direction_item, 1, 1)
_ERFC = np.frompyfunc(math.erfc, 1, 1)


def _per_row(values: NDArray, name: str, shape: tuple[int, ...]) -> NDArray:
    """Broadcast one value, one value per row (leading axis) or one per cell to ``shape``."""
    if values.ndim == 0 or values.shape == shape:
        return np.broadcast_to(values, shape)
    if len(shape) >= 2 and values.shape == shape[:1]:
        return np.broadcast_to(values.reshape(shape[:1] + (1,) * (len(shape) - 1)), shape)
    rows = shape[0] if shape else 1
    raise PlanningError(
        f"{name} has {values.size} value(s) (shape {values.shape}) but there are {rows} KPI "
        f"row(s) (shape {shape}); give one value for all rows or one per row",
        code="shape_mismatch",
    )


def _safe_divide(num: NDArray, den: NDArray) -> NDArray[np.float64]:
    """``num / den``, NaN where ``den`` is zero or blank."""
    num, den = np.broadcast_arrays(np.asarray(num, np.float64), np.asarray(den, np.float64))
    out = np.full(num.shape, np.nan)
    with np.errstate(over="ignore"):  # a vanishingly small divisor gives ±inf, not a warning
        np.divide(num, den, out=out, where=(den != 0) & ~np.isnan(den))
    return out


def _normal_cdf(z: NDArray) -> NDArray[np.float64]:
    z = np.asarray(z, dtype=np.float64)
    out = np.full(z.shape, np.nan)
    ok = ~np.isnan(z)
    if ok.any():
        out[ok] = 0.5 * _ERFC(-z[ok] / math.sqrt(2.0)).astype(np.float64)
    return out


def _closed_periods(as_of: ArrayLike | None, actual: NDArray) -> NDArray[np.int64]:
    rows, n = actual.shape
    if as_of is None:
        present = ~np.isnan(actual)
        last = n - np.argmax(present[:, ::-1], axis=1)
        return np.where(present.any(axis=1), last, 0).astype(np.int64)
    given = as_float_array(as_of, "as_of", allow_nan=False)
    bad = (given != np.round(given)) | (given < 0) | (given > n)
    if bad.any():
        positions, where = _bad_positions(bad)
        shown = ", ".join(f"{given[p]:g}" for p in positions)
        raise PlanningError(
            f"as_of must be a whole number of closed periods from 0 to {n}; got {shown}{where}",
            code="as_of_out_of_range",
            positions=_public_positions(positions),
        )
    return _per_row(given, "as_of", (rows,)).astype(np.int64)


def _relative_noise(
    noise: ArrayLike | None, residuals: ArrayLike | None, rows: int, n: int, single: bool
) -> NDArray[np.float64]:
    """Relative noise per row and period, shape (rows, n); NaN when not given."""
    if noise is not None and residuals is not None:
        raise PlanningError("give either noise or residuals, not both", code="bad_option")
    if noise is None and residuals is None:
        return np.full((rows, n), np.nan)
    if noise is not None:
        s = as_float_array(noise, "noise")
        _check_non_negative(s, "noise")
        if s.ndim == 0 or s.shape == (rows, n):
            out = np.broadcast_to(s, (rows, n))
        elif s.shape == (rows,) and not single:
            out = np.broadcast_to(s[:, None], (rows, n))
        elif s.shape in ((n,), (1,)) and single:
            out = np.broadcast_to(s[None, :], (rows, n))
        else:
            raise PlanningError(
                f"noise has shape {s.shape}; give one value, one per row ({rows}), or one "
                f"per row and period ({rows} x {n})",
                code="shape_mismatch",
            )
        return out.astype(np.float64)
    r = as_float_array(residuals, "residuals")
    if r.ndim == 1:
        r = r[None, :]
    if r.ndim != 2 or r.shape[0] not in (1, rows):
        raise PlanningError(
            f"residuals has shape {r.shape}; give one history (1-D) or one history per row "
            f"({rows} rows first)",
            code="shape_mismatch",
        )
    count = (~np.isnan(r)).sum(axis=1)
    mean = _safe_divide(np.nansum(r, axis=1), count)
    ss = np.nansum((r - mean[:, None]) ** 2, axis=1)
    sigma = np.sqrt(_safe_divide(ss, np.where(count >= 2, count - 1, 0)))
    return np.broadcast_to(sigma[:, None], (rows, n)).astype(np.float64)


def _check_non_negative(values: NDArray, name: str) -> None:
    bad = values < 0
    if bad.any():
        positions, where = _bad_positions(bad)
        shown = ", ".join(f"{values[p]:g}" for p in positions)
        raise PlanningError(
            f"{name} must not be negative; got {shown}{where}",
            code=f"negative_{name}",
            positions=_public_positions(positions),
        )


def _check_thresholds(risk: NDArray, off: NDArray) -> None:
    for bad, what in (
        (risk > 0, "at_risk must be zero or negative (a shortfall such as -0.05)"),
        (off > risk, "off_track must not be above at_risk (it is the more severe shortfall)"),
    ):
        if bad.any():
            positions, where = _bad_positions(bad)
            shown = ", ".join(f"at_risk={risk[p]:g} off_track={off[p]:g}" for p in positions)
            raise PlanningError(
                f"{what}; got {shown}{where}",
                code="bad_threshold",
                positions=_public_positions(positions),
            )


def _actual_against(
    actual: ArrayLike, other: ArrayLike, name: str
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``actual`` and what it is compared with (``name``), as arrays of the same shape."""
    ac = as_float_array(actual, "actual")
    ot = as_float_array(other, name)
    if ac.shape != ot.shape:
        raise PlanningError(
            f"actual has shape {ac.shape} but {name} has shape {ot.shape}; "
            f"give one {name} value for every actual",
            code="shape_mismatch",
        )
    return ac, ot


def _bad_positions(mask: NDArray[np.bool_]) -> tuple[list[tuple[int, ...]], str]:
    """First few flagged index tuples and a " at position(s) ..." phrase ("" for a scalar)."""
    positions = [tuple(int(i) for i in p) for p in np.argwhere(mask)[:_MAX_LISTED]]
    if mask.ndim == 0:
        return positions, ""
    shown = ", ".join(str(p[0]) if len(p) == 1 else str(p) for p in positions)
    more = " and more" if int(mask.sum()) > len(positions) else ""
    return positions, f" at position(s) {shown}{more}"


def _public_positions(positions: list[tuple[int, ...]]) -> list[object]:
    return [p[0] if len(p) == 1 else p for p in positions]
