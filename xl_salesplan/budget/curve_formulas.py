"""Closed forms and solvers behind the response curves, one group of formulas per family.

For each group: the value, the marginal return (right derivative) and the inverse
marginal ``sup {x >= 0 : marginal(x) > lam}``, vectorised over arrays of parameters.
Closed forms where they exist (Michaelis-Menten and Hill with slope 1, logarithmic,
power, linear, linear with a cap); a monotone Newton iteration for the Hill inverse
marginal; bisection for the tangent point of an S-curve's concave envelope. All loops are
bounded.

Examples
--------
>>> from xl_salesplan.budget.curves import CurveSet
>>> curves = CurveSet(["hill", "log"], [4, 10], [1, 5], [1, None])
>>> evaluate(curves, 2, np.array([1.0, 1.0]))
array([1., 5.])
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
from numpy.typing import NDArray

__all__ = ["CurveParameters", "evaluate", "make_groups", "tangent_points"]


class CurveParameters(Protocol):
    """What the formulas read of a set of curves (:class:`~xl_salesplan.budget.curves.CurveSet`).

    The formulas sit below the curve set: they take its parameter arrays and formula groups
    through this protocol and never import it.
    """

    p1: NDArray[np.float64]
    p2: NDArray[np.float64]
    p3: NDArray[np.float64]
    is_concave: NDArray[np.bool_]
    _groups: tuple[tuple[int, NDArray[np.intp]], ...]

    def inflection(self) -> NDArray[np.float64]: ...


# Evaluation groups: a kind, split where the formulas differ.
_HILL_CONCAVE, _HILL_S, _MM, _LOG, _POWER, _LINEAR, _LINEAR_CAP = range(7)
_NEWTON_ITERATIONS = 100


def evaluate(curves: CurveParameters, what: int, x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Unchecked evaluation used by the optimiser: 0 value, 1 marginal, 2 inverse marginal.

    ``x`` has shape ``(..., n)`` (for ``what == 2`` it holds marginal returns).

    Examples
    --------
    >>> from xl_salesplan.budget.curves import CurveSet
    >>> evaluate(CurveSet(["log"], [1], [1]), 1, np.array([1.0]))
    array([0.5])
    """
    out = np.empty((*x.shape[:-1], len(curves)) if x.ndim else (len(curves),))
    x = np.broadcast_to(x, out.shape)
    with np.errstate(all="ignore"):
        for group, idx in curves._groups:
            a, b, c = curves.p1[idx], curves.p2[idx], curves.p3[idx]
            out[..., idx] = _FORMULAS[group][what](x[..., idx], a, b, c)
    return out


# -- formulas per group: (value, marginal, inverse marginal) ---------------------------


def _hill_value(x, top, k, s):
    return top / (1.0 + (x / k) ** -s)


def _hill_marginal(x, top, k, s):
    z = x / k
    u = z**s
    g = 1.0 / (u + 2.0 + 1.0 / u) / z
    at_zero = np.where(s < 1.0, np.inf, np.where(s == 1.0, 1.0, 0.0))
    g = np.where(z == 0.0, at_zero, g)
    return np.where(top == 0.0, 0.0, top * s / k * g)


def _hill_inverse(lam, top, k, s):
    """Solve marginal(x) == lam on the diminishing branch by Newton in t = log((x/k)^s).

    With ``h(t) = (s-1)/s * t - 2 log(1 + e^t)`` (concave, decreasing on the branch),
    ``marginal = top*s/k * exp(h)``. Newton on a concave decreasing function started to
    the right of the root stays to the right and converges monotonically.
    """
    shape = np.broadcast_shapes(lam.shape, top.shape)
    c = np.broadcast_to(np.log(lam) + np.log(k) - np.log(top * s), shape)
    a = np.broadcast_to((s - 1.0) / s, shape)
    t_infl = np.broadcast_to(np.where(s > 1.0, np.log(np.abs(s - 1.0) / (s + 1.0)), -np.inf), shape)
    peak = np.where(np.isfinite(t_infl), a * t_infl - 2.0 * np.logaddexp(0.0, t_infl), np.inf)
    t = -c * s / (s + 1.0)  # h(t) <= c here because log(1 + e^t) >= t
    t = np.where(s < 1.0, np.minimum(t, c * s / np.where(s < 1.0, s - 1.0, -1.0)), t)
    t = np.maximum(t, t_infl)
    todo = np.isfinite(t) & (c < peak)  # no root when the curve never returns lam per unit
    t_f, c_f, a_f, lo_f = t[todo], c[todo], a[todo], t_infl[todo]
    idx = np.arange(t_f.size)
    for _ in range(_NEWTON_ITERATIONS):  # iterate only on the points not yet converged
        tt, aa = t_f[idx], a_f[idx]
        e = np.exp(-np.abs(tt))
        h = aa * tt - 2.0 * (np.maximum(tt, 0.0) + np.log1p(e))
        dh = aa - 2.0 * np.where(tt >= 0.0, 1.0, e) / (1.0 + e)
        step = np.where(dh < 0.0, (h - c_f[idx]) / dh, 0.0)
        step = np.where(np.isfinite(step), step, 0.0)
        tt = np.maximum(tt - step, lo_f[idx])
        t_f[idx] = tt
        idx = idx[np.abs(step) > 1e-15 * (1.0 + np.abs(tt))]
        if idx.size == 0:
            break
    t = np.where(c >= peak, -np.inf, t)
    t[todo] = t_f
    x = k * np.exp(t / s)
    x = np.where(lam <= 0.0, np.inf, x)
    return np.where((top == 0.0) | (lam == np.inf), 0.0, x)


def _mm_value(x, top, k, _c):
    return top * x / (k + x)


def _mm_marginal(x, top, k, _c):
    return top * k / (k + x) ** 2


def _mm_inverse(lam, top, k, _c):
    x = np.sqrt(top * k / lam) - k
    return np.maximum(np.where(lam <= 0.0, np.inf, x), 0.0)


def _log_value(x, a, b, _c):
    return a * np.log1p(x / b)


def _log_marginal(x, a, b, _c):
    return a / (b + x)


def _log_inverse(lam, a, b, _c):
    return np.maximum(np.where(lam <= 0.0, np.inf, a / lam - b), 0.0)


def _power_value(x, a, p, _c):
    return a * x**p


def _power_marginal(x, a, p, _c):
    return np.where(a == 0.0, 0.0, a * p * x ** (p - 1.0))


def _power_inverse(lam, a, p, _c):
    x = (a * p / lam) ** (1.0 / (1.0 - p))
    return np.where(lam <= 0.0, np.inf, np.where(a == 0.0, 0.0, x))


def _linear_value(x, a, _b, _c):
    return a * x


def _linear_marginal(x, a, _b, _c):
    return np.broadcast_to(a, np.broadcast_shapes(np.shape(x), a.shape)).astype(np.float64)


def _linear_inverse(lam, a, _b, _c):
    return np.where(lam < a, np.inf, 0.0)


def _cap_value(x, rate, sat, _c):
    return rate * np.minimum(x, sat)


def _cap_marginal(x, rate, sat, _c):
    return np.where(x < sat, rate, 0.0)


def _cap_inverse(lam, rate, sat, _c):
    return np.where(lam < rate, sat, 0.0)


_FORMULAS = {
    _HILL_CONCAVE: (_hill_value, _hill_marginal, _hill_inverse),
    _HILL_S: (_hill_value, _hill_marginal, _hill_inverse),
    _MM: (_mm_value, _mm_marginal, _mm_inverse),
    _LOG: (_log_value, _log_marginal, _log_inverse),
    _POWER: (_power_value, _power_marginal, _power_inverse),
    _LINEAR: (_linear_value, _linear_marginal, _linear_inverse),
    _LINEAR_CAP: (_cap_value, _cap_marginal, _cap_inverse),
}


def make_groups(
    codes: NDArray[np.int8], s: NDArray[np.float64], p: NDArray[np.float64]
) -> tuple[tuple[int, NDArray[np.intp]], ...]:
    """Channel indices per formula group, from kind codes, Hill slopes and power exponents.

    Examples
    --------
    >>> make_groups(np.array([0, 0, 3], dtype=np.int8), np.array([2.0, 1.0, 1.0]),
    ...             np.array([1.0, 1.0, 0.5]))
    ((1, array([0])), (2, array([1])), (4, array([2])))
    """
    group = np.select(
        [
            (codes == 0) & (s == 1.0),
            (codes == 0) & (s > 1.0),
            codes == 0,
            codes == 1,
            codes == 2,
            (codes == 3) & (p == 1.0),
            codes == 3,
        ],
        [_MM, _HILL_S, _HILL_CONCAVE, _MM, _LOG, _LINEAR, _POWER],
        default=_LINEAR_CAP,
    )
    return tuple((int(g), np.flatnonzero(group == g)) for g in np.unique(group))


def tangent_points(curves: CurveParameters, floors: NDArray[np.float64]) -> NDArray[np.float64]:
    """Unchecked :meth:`CurveSet.tangent_from` for floors of shape ``(..., n)``.

    Bisection in log-spend between the inflection point and a point past the tangent
    (the gap ``f(x) - f(floor) - f'(x) (x - floor)`` increases there), bounded steps.

    Examples
    --------
    >>> from xl_salesplan.budget.curves import CurveSet
    >>> curves = CurveSet(["hill", "log"], [1, 1], [1, 1], [2, None])
    >>> tangent_points(curves, np.array([[0.0, 0.0], [0.2, 1.0]])).round(4)
    array([[1.    , 0.    ],
           [0.8198, 1.    ]])
    """
    floors = np.asarray(floors, dtype=np.float64)
    out = floors.copy()
    shape = floors.shape
    infl = np.broadcast_to(curves.inflection(), shape)
    mask = np.broadcast_to(~curves.is_concave & (curves.p1 > 0), shape) & (floors < infl)
    if not mask.any():
        return out
    top = np.broadcast_to(curves.p1, shape)[mask]
    k = np.broadcast_to(curves.p2, shape)[mask]
    s = np.broadcast_to(curves.p3, shape)[mask]
    lo_x = floors[mask]
    with np.errstate(all="ignore"):
        f_lo = _hill_value(lo_x, top, k, s)

        def gap(x):  # increasing beyond the inflection, root at the tangent point
            return _hill_value(x, top, k, s) - f_lo - _hill_marginal(x, top, k, s) * (x - lo_x)

        left = np.log(infl[mask])
        right = left + np.log(2.0)
        for _ in range(200):
            short = gap(np.exp(right)) <= 0.0
            if not short.any():
                break
            right = np.where(short, right + np.log(2.0) * 4, right)
        for _ in range(200):
            mid = 0.5 * (left + right)
            if not ((right - left) > 1e-15 * np.maximum(1.0, np.abs(mid))).any():
                break
            pos = gap(np.exp(mid)) > 0.0
            right = np.where(pos, mid, right)
            left = np.where(pos, left, mid)
    out[mask] = np.exp(right)
    return out
