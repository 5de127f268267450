"""Fit a budget response curve to observed (spend, outcome) points.

Every family is ``outcome = scale * g(spend; theta)`` with one or two shape
parameters ``theta`` (the Hill slope and half-saturation, the Michaelis-Menten
half-saturation, the logarithmic reference spend, the power exponent, the linear
saturation point). For a given ``theta`` the best ``scale`` is closed form, so the
fit only searches ``theta``: first on a wide grid (so it does not stop in a poor
local minimum), then by Gauss-Newton on the projected residual, which converges to
machine precision when the points lie exactly on a curve (the search is
:mod:`~xl_salesplan.budget.shape_search`; many channels are fitted at once, as arrays,
by :func:`fit_responses`). With two points, a
two-parameter family is solved exactly whenever an exact solution exists.

Fit quality is reported as R^2, RMSE and the number of points.

Examples
--------
>>> fit = fit_response([100, 300], [50, 75], kind="michaelis_menten")
>>> fit.curve.kind, [round(p, 6) for p in fit.curve.params], fit.exact
('michaelis_menten', [100.0, 100.0], True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.budget.curves import ResponseCurve, normalise_kind
from xl_salesplan.budget.shape_search import GRID_POINTS, ShapeSearch
from xl_salesplan.errors import PlanningError
from xl_salesplan.history.portable_math import dot
from xl_salesplan.validation import amount_text, as_float_array

__all__ = ["GRID_POINTS", "CurveFit", "fit_response", "fit_responses"]


@dataclass(frozen=True)
class CurveFit:
    """A fitted curve and how well it matches the points.

    Attributes
    ----------
    curve : ResponseCurve
        The fitted curve.
    r_squared : float
        Share of the outcome's variation around its mean that the curve explains.
    rmse : float
        Root mean squared difference between the points and the curve.
    n_points : int
        Number of (spend, outcome) points used.
    exact : bool
        True when the curve passes through every point (within 1e-9 relative).
    note : str
        A remark for the planner ("" when there is nothing to say).
    """

    curve: ResponseCurve
    r_squared: float
    rmse: float
    n_points: int
    exact: bool
    note: str = ""

    def summary(self) -> str:
        """One line describing the fit.

        Examples
        --------
        >>> fit_response([1, 4], [2, 4], kind="power").summary()
        'power fitted to 2 points: R^2 = 1.000, RMSE = 0 (exact)'
        """
        text = (
            f"{self.curve.kind} fitted to {self.n_points} points: "
            f"R^2 = {self.r_squared:.3f}, RMSE = {self.rmse:.3g}"
        )
        if self.exact:
            text += " (exact)"
        return text + (f"; {self.note}" if self.note else "")


def fit_response(
    spend: ArrayLike,
    outcome: ArrayLike,
    kind: str = "hill",
    *,
    slope: float | None = None,
    name: str | None = None,
) -> CurveFit:
    """Least-squares fit of a response curve of ``kind`` through (spend, outcome) points.

    Parameters
    ----------
    spend, outcome : array_like
        The observed points (same length, not negative). Rows blank in both are skipped.
    kind : str, default "hill"
        One of ``hill``, ``michaelis_menten``, ``logarithmic``, ``power``, ``linear_cap``.
    slope : float, optional
        Fix the Hill slope (then two points suffice); by default a Hill fit estimates
        it and needs three distinct spends.
    name : str, optional
        Channel name carried by the fitted curve.

    Returns
    -------
    CurveFit

    Examples
    --------
    >>> x = np.array([10.0, 20, 40, 80])
    >>> y = 100 * x**2 / (30**2 + x**2)
    >>> fit = fit_response(x, y, kind="hill")
    >>> [round(p, 6) for p in fit.curve.params], round(fit.r_squared, 9)
    ([100.0, 30.0, 2.0], 1.0)
    >>> fit_response([10], [5], kind="log")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: need at least 2 points with different positive spend, ...
    """
    result = fit_responses([spend], [outcome], [kind], slopes=[slope], names=[name])[0]
    if isinstance(result, PlanningError):
        raise result
    return result


def fit_responses(
    spends: Sequence[ArrayLike],
    outcomes: Sequence[ArrayLike],
    kinds: Sequence[str],
    *,
    slopes: Sequence[float | None] | None = None,
    names: Sequence[str | None] | None = None,
) -> list[CurveFit | PlanningError]:
    """:func:`fit_response` for many curves at once (one per channel), as arrays.

    The curves of one kind with the same number of points are fitted together: the grid
    start and every Gauss-Newton step are array operations over the curves, and each
    curve gets the same arithmetic as when fitted alone (so the same fit).

    Parameters
    ----------
    spends, outcomes : sequence of array_like
        Each curve's points, as for :func:`fit_response`.
    kinds : sequence of str
        Each curve's kind.
    slopes : sequence of float or None, optional
        Fixed Hill slopes (None: estimated), one per curve.
    names : sequence of str or None, optional
        Channel names carried by the fitted curves.

    Returns
    -------
    list of CurveFit or PlanningError
        One entry per curve, in order: its fit, or the error that refuses it (the same
        error :func:`fit_response` raises).

    Examples
    --------
    >>> fits = fit_responses([[100, 300], [1, 4], [10]], [[50, 75], [2, 4], [5]],
    ...                      ["michaelis_menten", "power", "log"])
    >>> [round(p, 6) for p in fits[0].curve.params], fits[1].curve.params
    ([100.0, 100.0], (2.0, 0.5))
    >>> fits[2].code
    'too_few_points'
    """
    count = len(kinds)
    slopes = [None] * count if slopes is None else list(slopes)
    names = [None] * count if names is None else list(names)
    results: list[CurveFit | PlanningError | None] = [None] * count
    groups: dict[tuple[str, bool, int], list[int]] = {}
    prepared: dict[int, tuple[NDArray, NDArray, float, float]] = {}
    for i in range(count):
        try:
            kind_name, x, y = _checked(spends[i], outcomes[i], kinds[i], slopes[i])
        except PlanningError as err:
            results[i] = err
            continue
        x_unit, y_unit = _unit(float(x.max())), _unit(float(y.max()))
        prepared[i] = (x, y, x_unit, y_unit)
        groups.setdefault((kind_name, slopes[i] is not None, x.size), []).append(i)
    for (kind_name, fixed, _), members in groups.items():
        xs = np.stack([prepared[i][0] / prepared[i][2] for i in members])
        ys = np.stack([prepared[i][1] / prepared[i][3] for i in members])
        slope = np.array([slopes[i] for i in members], dtype=np.float64) if fixed else None
        try:
            with np.errstate(all="ignore"):
                search = ShapeSearch(kind_name, xs, slope)
                theta = search.refine(search.grid_start(ys), ys)
                scale, resid = search.project(theta, ys)
                found = search.parameters(theta, scale)
        except (ValueError, FloatingPointError):  # refused below as a fit out of range
            found, resid = [((np.nan,), "")] * len(members), np.full((len(members), 1), np.nan)
        for row, i in enumerate(members):
            x, y, x_unit, y_unit = prepared[i]
            params, note = found[row]
            results[i] = _fit(kind_name, x, y, x_unit, y_unit, params, note, resid[row], names[i])
    return [r for r in results if r is not None]


def _checked(
    spend: ArrayLike, outcome: ArrayLike, kind: str, slope: float | None
) -> tuple[str, NDArray, NDArray]:
    """The kind's name and the points, checked (PlanningError on bad input)."""
    kind_name = normalise_kind(kind)
    x, y = _points(spend, outcome)
    if slope is not None and kind_name != "hill":
        raise PlanningError.of(
            "budget.fitting.bad_argument", code="bad_argument", kind_name=kind_name
        )
    if slope is not None and not (np.isfinite(slope) and slope > 0):
        raise PlanningError.of("budget.fitting.bad_argument_2", code="bad_argument", slope=slope)
    n_shape = 2 if kind_name == "hill" and slope is None else 1
    distinct = np.unique(x[x > 0]).size
    if distinct < n_shape + 1:
        fixed_slope = " (or give slope: then 2 points suffice)" if n_shape == 2 else ""
        raise PlanningError.of(
            "budget.fitting.too_few_points",
            code="too_few_points",
            amount=float(distinct),
            n_shape_1=n_shape + 1,
            distinct=distinct,
            fixed_slope=fixed_slope,
        )
    return kind_name, x, y


def _fit(
    kind_name: str,
    x: NDArray,
    y: NDArray,
    x_unit: float,
    y_unit: float,
    params: tuple[float, ...],
    note: str,
    resid: NDArray,
    name: str | None,
) -> CurveFit | PlanningError:
    """One curve's fit and its quality, or the error when the fit is not finite."""
    params = _in_data_units(kind_name, params, x_unit, y_unit)
    no_cap = kind_name == "linear_cap" and len(params) == 2 and params[1] == np.inf
    if not (np.isfinite(resid).all() and np.isfinite(params[: 1 if no_cap else None]).all()):
        return PlanningError.of(
            "budget.fit.out_of_range",
            code="cannot_fit",
            kind=kind_name,
            lowest=amount_text(x[x > 0].min()),
            highest=amount_text(x.max()),
            top=amount_text(y.max()),
        )
    ys = y / y_unit
    curve = ResponseCurve(kind_name, params, name)
    sse = dot(resid, resid)  # in units of the largest outcome, like ``resid``
    sst = float(((ys - ys.mean()) ** 2).sum())
    close = 1e-9 * max(float(np.abs(ys).max()), 1e-300)  # a residual this small is exact
    r2 = 1.0 - sse / sst if sst > 0 else (1.0 if sse <= close**2 * y.size else 0.0)
    return CurveFit(
        curve=curve,
        r_squared=float(min(r2, 1.0)),
        rmse=float(np.sqrt(sse / y.size) * y_unit),
        n_points=int(y.size),
        exact=bool(np.abs(resid).max() <= close),
        note=note,
    )


def _in_data_units(
    kind: str, params: tuple[float, ...], x_unit: float, y_unit: float
) -> tuple[float, ...]:
    """Parameters fitted to ``x / x_unit`` and ``y / y_unit``, for ``x`` and ``y``."""
    if len(params) < 2 or not np.isfinite(params[0]):
        return params
    with np.errstate(all="ignore"):
        if kind == "power":
            scale, exponent = params
            return (float(scale * y_unit / x_unit**exponent), exponent)
        if kind == "linear_cap":
            rate, saturation = params
            return (float(rate * y_unit / x_unit), float(saturation * x_unit))
        # hill, michaelis_menten, logarithmic: (scale, a spend, [slope])
        return (float(params[0] * y_unit), float(params[1] * x_unit), *params[2:])


def _unit(largest: float) -> float:
    """1, or ``largest`` when amounts that large (or small) risk overflow in the fit."""
    return largest if not 1e-100 <= largest <= 1e100 else 1.0


def _points(spend: ArrayLike, outcome: ArrayLike) -> tuple[NDArray, NDArray]:
    x = np.atleast_1d(as_float_array(spend, "spend")).ravel()
    y = np.atleast_1d(as_float_array(outcome, "outcome")).ravel()
    if x.size != y.size:
        raise PlanningError.of(
            "budget.fitting.shape_mismatch", code="shape_mismatch", x_size=x.size, y_size=y.size
        )
    both = np.isnan(x) & np.isnan(y)
    one = np.isnan(x) ^ np.isnan(y)
    if one.any():
        pos = int(np.flatnonzero(one)[0])
        raise PlanningError.of("budget.fitting.blank", code="blank", positions=(pos,), pos=pos)
    for label, arr in (("spend", x), ("outcome", y)):
        if (arr < 0).any():  # before blank rows are dropped: positions as given
            pos = int(np.flatnonzero(arr < 0)[0])
            raise PlanningError.of(
                "budget.fitting.negative_value",
                code="negative_value",
                positions=(pos,),
                amount=float(arr[pos]),
                label=label,
                pos=pos,
                arr_pos=arr[pos],
            )
    x, y = x[~both], y[~both]
    if y.size and not (y > 0).any():
        raise PlanningError.of("budget.fitting.zero_outcome", code="zero_outcome")
    return x, y
