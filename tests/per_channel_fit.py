"""The per-channel curve fit as it was before channels were fitted together as arrays.

The oracle of tests/test_batched_fitting.py: a grid start, then variable-projection
Gauss-Newton with step halving, one channel at a time (a Python loop per channel). Kept
as it was, so the batched fit can be compared with it; not used by the product.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from xl_salesplan.budget.fitting import GRID_POINTS
from xl_salesplan.history.portable_math import dot, least_squares

_GRID = 241
_GN_ITERATIONS = 100
_GRID_CELLS = 2_000_000


def per_channel_params(x: NDArray, y: NDArray, kind: str) -> tuple[float, ...]:
    """The parameters the per-channel fit finds for points no larger than 1e100."""
    with np.errstate(all="ignore"):
        model = _Model(kind, x, None)
        theta = _gauss_newton(model, model.grid_start(y), y)
        scale, _ = model.project(theta, y)
        params, _ = model.parameters(theta, scale)
    return params


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
