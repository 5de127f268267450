"""Fit a budget response curve to observed (spend, outcome) points.

Every family is ``outcome = scale * g(spend; theta)`` with one or two shape
parameters ``theta`` (the Hill slope and half-saturation, the Michaelis-Menten
half-saturation, the logarithmic reference spend, the power exponent, the linear
saturation point). For a given ``theta`` the best ``scale`` is closed form, so the
fit only searches ``theta``: first on a wide grid (so it does not stop in a poor
local minimum), then by Gauss-Newton on the projected residual, which converges to
machine precision when the points lie exactly on a curve. With two points, a
two-parameter family is solved exactly whenever an exact solution exists.

Fit quality is reported as R^2, RMSE and the number of points.

Examples
--------
>>> fit = fit_response([100, 300], [50, 75], kind="michaelis_menten")
>>> fit.curve.kind, [round(p, 6) for p in fit.curve.params], fit.exact
('michaelis_menten', [100.0, 100.0], True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.budget.curves import ResponseCurve, normalise_kind
from xl_salesplan.errors import PlanningError
from xl_salesplan.history.portable_math import dot, least_squares
from xl_salesplan.validation import amount_text, as_float_array

__all__ = ["CurveFit", "fit_response"]

_GRID = 241
_GN_ITERATIONS = 100
#: The grid start looks at most this many points (evenly spaced in spend order); the
#: Gauss-Newton refinement then uses every point. Up to here the start uses all points.
GRID_POINTS = 2_000
_GRID_CELLS = 2_000_000  # grid shapes x points evaluated at once (bounds the memory)


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
    kind_name = normalise_kind(kind)
    x, y = _points(spend, outcome)
    if slope is not None and kind_name != "hill":
        raise PlanningError(
            f"slope only applies to hill curves, not {kind_name}; leave it out",
            code="bad_argument",
        )
    if slope is not None and not (np.isfinite(slope) and slope > 0):
        raise PlanningError(f"slope must be a positive number, got {slope!r}", code="bad_argument")
    n_shape = 2 if kind_name == "hill" and slope is None else 1
    distinct = np.unique(x[x > 0]).size
    if distinct < n_shape + 1:
        fixed_slope = " (or give slope: then 2 points suffice)" if n_shape == 2 else ""
        raise PlanningError(
            f"need at least {n_shape + 1} points with different positive spend, got "
            f"{distinct}{fixed_slope}",
            code="too_few_points",
            amount=float(distinct),
        )
    # Amounts near the ends of the floating-point range are fitted in units of the largest
    # spend and outcome (the curves scale exactly), so they neither overflow nor underflow.
    x_unit, y_unit = _unit(float(x.max())), _unit(float(y.max()))
    xs, ys = x / x_unit, y / y_unit
    try:
        with np.errstate(all="ignore"):
            model = _Model(kind_name, xs, slope)
            theta = model.grid_start(ys)
            theta = _gauss_newton(model, theta, ys)
            scale, resid = model.project(theta, ys)
            params, note = model.parameters(theta, scale)
    except (np.linalg.LinAlgError, ValueError, FloatingPointError):
        params, note, resid = (np.nan,), "", np.full(1, np.nan)
    params = _in_data_units(kind_name, params, x_unit, y_unit)
    no_cap = kind_name == "linear_cap" and len(params) == 2 and params[1] == np.inf
    if not (np.isfinite(resid).all() and np.isfinite(params[: 1 if no_cap else None]).all()):
        raise PlanningError.of(
            "budget.fit.out_of_range",
            code="cannot_fit",
            kind=kind_name,
            lowest=amount_text(x[x > 0].min()),
            highest=amount_text(x.max()),
            top=amount_text(y.max()),
        )
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
        raise PlanningError(
            f"spend has {x.size} values but outcome has {y.size}; give one outcome per spend",
            code="shape_mismatch",
        )
    both = np.isnan(x) & np.isnan(y)
    one = np.isnan(x) ^ np.isnan(y)
    if one.any():
        pos = int(np.flatnonzero(one)[0])
        raise PlanningError(
            f"point {pos} has a spend or an outcome but not both",
            code="blank",
            positions=(pos,),
        )
    for label, arr in (("spend", x), ("outcome", y)):
        if (arr < 0).any():  # before blank rows are dropped: positions as given
            pos = int(np.flatnonzero(arr < 0)[0])
            raise PlanningError(
                f"{label} at point {pos} is negative ({arr[pos]:g})",
                code="negative_value",
                positions=(pos,),
                amount=float(arr[pos]),
            )
    x, y = x[~both], y[~both]
    if y.size and not (y > 0).any():
        raise PlanningError(
            "every outcome is zero; a curve needs at least one positive outcome",
            code="zero_outcome",
        )
    return x, y


class _Model:
    """``outcome = scale * g(x; theta)`` with shape parameters ``theta`` (1 or 2)."""

    def __init__(self, kind: str, x: NDArray, slope: float | None) -> None:
        self.kind, self.x, self.slope = kind, x, slope
        pos = x[x > 0]
        self.logx = np.log(np.where(x > 0, x, 1.0))
        lo, hi = np.log(pos.min()), np.log(pos.max())
        self.bounds: list[tuple[float, float]]
        if kind == "power":
            self.bounds = [(1e-3, 1.0)]
        elif kind == "linear_cap":
            self.bounds = [(lo - np.log(10.0), hi + 1e-9)]
        else:
            self.bounds = [(lo - np.log(1e3), hi + np.log(1e3))]
        if kind == "hill" and slope is None:
            self.bounds.append((0.05, 20.0))

    def shapes(self, thetas: NDArray) -> NDArray:
        """``g`` for each row of ``thetas`` (shape ``(T, d)``), as a ``(T, n)`` array."""
        x, kind = self.x, self.kind
        t0 = thetas[:, :1]
        with np.errstate(all="ignore"):
            if kind == "hill":
                s = self.slope if self.slope is not None else thetas[:, 1:2]
                return np.where(x > 0, 1.0 / (1.0 + np.exp(-s * (self.logx - t0))), 0.0)
            if kind == "michaelis_menten":
                return x / (np.exp(t0) + x)
            if kind == "logarithmic":
                return np.log1p(x / np.exp(t0))
            if kind == "power":
                return np.where(x > 0, np.exp(t0 * self.logx), 0.0)
            return np.minimum(x, np.exp(t0))

    def g_and_jac(self, theta: NDArray) -> tuple[NDArray, NDArray]:
        x, kind = self.x, self.kind
        g = self.shapes(theta[None, :])[0]
        jac = np.zeros((x.size, theta.size))
        with np.errstate(all="ignore"):
            if kind == "hill":
                s = self.slope if self.slope is not None else theta[1]
                d = g * (1.0 - g)
                jac[:, 0] = -s * d
                if theta.size == 2:
                    jac[:, 1] = np.where(x > 0, (self.logx - theta[0]) * d, 0.0)
            elif kind == "michaelis_menten":
                k = np.exp(theta[0])
                jac[:, 0] = -k * x / (k + x) ** 2
            elif kind == "logarithmic":
                b = np.exp(theta[0])
                jac[:, 0] = -x / (b + x)
            elif kind == "power":
                jac[:, 0] = g * self.logx
            else:
                sat = np.exp(theta[0])
                jac[:, 0] = np.where(x > sat, sat, 0.0)
        return g, jac

    def project(self, theta: NDArray, y: NDArray) -> tuple[float, NDArray]:
        g = self.shapes(theta[None, :])[0]
        gg = dot(g, g)
        scale = max(dot(g, y) / gg, 0.0) if gg > 0 else 0.0
        return scale, y - scale * g

    def grid_start(self, y: NDArray) -> NDArray:
        """The best shape on a wide grid: the start of the Gauss-Newton refinement.

        With more than :data:`GRID_POINTS` points the grid is scored on that many of
        them, evenly spaced in spend order; the grid is scored a slice at a time.
        """
        size = _GRID if len(self.bounds) == 1 else 61
        axes = [np.linspace(lo, hi, size) for lo, hi in self.bounds]
        mesh = np.stack([m.ravel() for m in np.meshgrid(*axes, indexing="ij")], axis=1)
        model, points = self, y
        if y.size > GRID_POINTS:
            pick = np.argsort(self.x, kind="stable")[
                np.linspace(0, y.size - 1, GRID_POINTS).round().astype(np.intp)
            ]
            model, points = _Model(self.kind, self.x[pick], self.slope), y[pick]
            model.bounds = self.bounds
        sse = np.empty(mesh.shape[0])
        step = max(1, _GRID_CELLS // points.size)
        for start in range(0, mesh.shape[0], step):
            part = slice(start, start + step)
            g = model.shapes(mesh[part])
            gg = np.einsum("tn,tn->t", g, g)
            gy = dot(g, points)
            with np.errstate(all="ignore"):
                scale = np.where(gg > 0, np.maximum(gy / gg, 0.0), 0.0)
                g *= scale[:, None]
                np.subtract(points, g, out=g)
                sse[part] = np.einsum("tn,tn->t", g, g)
        return mesh[int(np.nanargmin(np.where(np.isfinite(sse), sse, np.inf)))].astype(np.float64)

    def clip(self, theta: NDArray) -> NDArray:
        lows, highs = np.array(self.bounds).T
        return np.minimum(np.maximum(theta, lows), highs)

    def parameters(self, theta: NDArray, scale: float) -> tuple[tuple[float, ...], str]:
        kind = self.kind
        if kind == "hill":
            s = self.slope if self.slope is not None else float(theta[1])
            return (scale, float(np.exp(theta[0])), s), ""
        if kind == "power":
            return (scale, float(theta[0])), ""
        if kind == "linear_cap":
            sat = float(np.exp(theta[0]))
            if sat >= self.x.max() * (1 - 1e-12):
                return (scale, np.inf), (
                    "no saturation within the data: outcome grows linearly; set a cap"
                )
            return (scale, sat), ""
        return (scale, float(np.exp(theta[0]))), ""


def _gauss_newton_step(model: _Model, theta: NDArray, y: NDArray, r: NDArray) -> NDArray | None:
    """The Gauss-Newton step of the projected residual ``r`` at ``theta`` (None: none)."""
    g, dg = model.g_and_jac(theta)
    gg = dot(g, g)
    if gg <= 0:
        return None
    scale = dot(g, y) / gg
    dscale = (dot(dg.T, y) - 2.0 * scale * dot(dg.T, g)) / gg
    jac = -(np.outer(g, dscale) + scale * dg)
    if not (np.isfinite(jac).all() and np.isfinite(r).all()):
        return None
    return least_squares(jac, -r)


def _gauss_newton(model: _Model, theta: NDArray, y: NDArray) -> NDArray:
    """Variable-projection Gauss-Newton with step halving, within the parameter bounds.

    Step halving stops once the sum of squares no longer falls in floating point, which
    near the minimum leaves the shape known only to about 8 digits (the sum is flat
    there). Full steps then continue while they shrink: they solve the first-order
    condition, which floating point resolves far better, so a last-bit change in the
    data (or in ``exp`` and ``log`` between machines) changes the fit in its last bits,
    not in its eighth digit.
    """
    _, r = model.project(theta, y)
    sse = dot(r, r)
    for _ in range(_GN_ITERATIONS):
        step = _gauss_newton_step(model, theta, y, r) if sse > 0.0 else None
        if step is None:
            return theta
        improved = False
        for _ in range(40):
            cand = model.clip(theta + step)
            _, r_c = model.project(cand, y)
            sse_c = dot(r_c, r_c)
            if sse_c < sse:
                improved = True
                break
            step = step / 2.0
        if not improved:
            break
        moved = np.abs(cand - theta).max()
        theta, r, sse = cand, r_c, sse_c
        if moved <= 1e-15 * (1.0 + np.abs(theta).max()):
            break
    last = np.inf
    for _ in range(_GN_ITERATIONS):
        step = _gauss_newton_step(model, theta, y, r)
        if step is None:
            break
        cand = model.clip(theta + step)
        moved = float(np.abs(cand - theta).max())
        if not moved < last:
            break
        theta, last = cand, moved
        _, r = model.project(theta, y)
    return theta
