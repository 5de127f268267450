"""KPI pace: expected-to-date from the seasonal phasing, landing and probability (step 2).

Expected-to-date is the cumulative share of the phased plan (not a straight
line); the projected landing, the gap to target and the probability of reaching
the target given historical noise follow from it. The planner-facing
description is in ``docs/kpi.md``.

Examples
--------
>>> p = kpi_pace([[10.0, 10.0]], [[9.0, None]], 1)
>>> float(p.pace[0]), float(p.projected_landing[0])
(0.9, 18.0)
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.kpi.rows import (
    bad_positions,
    check_non_negative,
    direction_sign,
    per_row,
    public_positions,
    safe_divide,
)
from xl_salesplan.validation import as_float_array

__all__ = ["KpiPace", "kpi_pace"]

_ERFC = np.frompyfunc(math.erfc, 1, 1)


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
        raise PlanningError.of(
            "kpi.pace.plan_by_period_must_be",
            code="bad_shape" if plan.size else "empty",
            plan_shape=plan.shape,
        )
    if actual.shape != plan.shape:
        raise PlanningError.of(
            "kpi.pace.shape_mismatch",
            code="shape_mismatch",
            actual_shape=actual.shape,
            plan_shape=plan.shape,
        )
    if not isinstance(projection, str) or projection not in ("pace", "plan"):
        raise PlanningError.of("kpi.pace.bad_option", code="bad_option", projection=projection)
    single = plan.ndim == 1
    plan2, act2 = np.atleast_2d(plan), np.atleast_2d(actual)
    rows, n = plan2.shape
    sign = per_row(direction_sign(direction), "direction", (rows,))
    closed_count = _closed_periods(as_of, act2)
    closed = np.arange(n) < closed_count[:, None]

    missing_target = np.isnan(plan2).any(axis=1)
    target = plan2.sum(axis=1)
    expected = np.where(closed, plan2, 0.0).sum(axis=1)
    has_actual = (closed & ~np.isnan(act2)).any(axis=1)
    actual_to_date = np.where(has_actual, np.where(closed, np.nan_to_num(act2), 0.0).sum(1), np.nan)
    pace = safe_divide(actual_to_date, expected)
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
        _normal_cdf(safe_divide(margin, sd_remaining)),
        np.where(margin >= 0, 1.0, 0.0),
    )
    probability = np.where(np.isnan(margin) | np.isnan(sd_remaining), np.nan, probability)

    fields = {
        "target": target,
        "periods_closed": closed_count.astype(np.float64),
        "expected_to_date": expected,
        "expected_share": safe_divide(expected, target),
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
        positions, where = bad_positions(bad)
        shown = ", ".join(f"{given[p]:g}" for p in positions)
        raise PlanningError.of(
            "kpi.pace.as_of_out_of_range",
            code="as_of_out_of_range",
            positions=public_positions(positions),
            n=n,
            shown=shown,
            where_text=where,
        )
    return per_row(given, "as_of", (rows,)).astype(np.int64)


def _relative_noise(
    noise: ArrayLike | None, residuals: ArrayLike | None, rows: int, n: int, single: bool
) -> NDArray[np.float64]:
    """Relative noise per row and period, shape (rows, n); NaN when not given."""
    if noise is not None and residuals is not None:
        raise PlanningError.of("kpi.pace.bad_option_2", code="bad_option")
    if noise is None and residuals is None:
        return np.full((rows, n), np.nan)
    if noise is not None:
        s = as_float_array(noise, "noise")
        check_non_negative(s, "noise")
        if s.ndim == 0 or s.shape == (rows, n):
            out = np.broadcast_to(s, (rows, n))
        elif s.shape == (rows,) and not single:
            out = np.broadcast_to(s[:, None], (rows, n))
        elif s.shape in ((n,), (1,)) and single:
            out = np.broadcast_to(s[None, :], (rows, n))
        else:
            raise PlanningError.of(
                "kpi.pace.shape_mismatch_3", code="shape_mismatch", s_shape=s.shape, rows=rows, n=n
            )
        return out.astype(np.float64)
    r = as_float_array(residuals, "residuals")
    if r.ndim == 1:
        r = r[None, :]
    if r.ndim != 2 or r.shape[0] not in (1, rows):
        raise PlanningError.of(
            "kpi.pace.shape_mismatch_2", code="shape_mismatch", r_shape=r.shape, rows=rows
        )
    count = (~np.isnan(r)).sum(axis=1)
    mean = safe_divide(np.nansum(r, axis=1), count)
    ss = np.nansum((r - mean[:, None]) ** 2, axis=1)
    sigma = np.sqrt(safe_divide(ss, np.where(count >= 2, count - 1, 0)))
    return np.broadcast_to(sigma[:, None], (rows, n)).astype(np.float64)
