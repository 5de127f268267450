"""The search for the shape parameters of many response curves at once.

Every family is ``outcome = scale * g(spend; theta)`` with one or two shape parameters
``theta``; for a given ``theta`` the best ``scale`` is closed form, so only ``theta`` is
searched: first on a wide grid (so the search does not stop in a poor local minimum),
then by variable-projection Gauss-Newton with step halving. The curves of one search
share a family and a number of points, and every step is an array operation over a
leading curves axis, so 2,000 channels cost a few array passes, not 2,000 Python loops.
Each curve's arithmetic is the same whatever other curves share its search: a channel's
fit does not depend on the other channels. Sums use numpy's own reductions along the
points axis (no BLAS), so the bits are the same on every machine.

Examples
--------
>>> x = np.array([[10.0, 20, 40, 80], [5.0, 10, 20, 40]])
>>> y = np.array([100 * x[0] / (30 + x[0]), 50 * x[1] / (8 + x[1])])
>>> search = ShapeSearch("michaelis_menten", x)
>>> theta = search.refine(search.grid_start(y), y)
>>> np.exp(theta[:, 0]).round(9), search.project(theta, y)[0].round(9)
(array([30.,  8.]), array([100.,  50.]))
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from xl_salesplan.history.portable_math import least_squares_many

__all__ = ["GRID_POINTS", "ShapeSearch"]

_GRID = 241
_GRID_2D = 61
_GN_ITERATIONS = 100
_HALVINGS = 40
#: The grid start looks at most this many points (evenly spaced in spend order); the
#: Gauss-Newton refinement then uses every point. Up to here the start uses all points.
GRID_POINTS = 2_000
_GRID_CELLS = 2_000_000  # curves x grid shapes x points scored at once (at least one curve)
_EXP_LIMIT = 350.0  # the factors of a Hill grid stay within exp(+-350): no overflow


def _sum(a: NDArray) -> NDArray:
    """Sum over the last axis with numpy's own reduction (the same bits everywhere)."""
    return np.add.reduce(a, axis=-1)


class ShapeSearch:
    """``outcome = scale * g(x; theta)`` for ``C`` curves of one family, ``N`` points each.

    Parameters
    ----------
    kind : str
        A normalised curve kind (``hill``, ``michaelis_menten``, ``logarithmic``,
        ``power``, ``linear_cap``).
    x : ndarray
        Spends, shape ``(C, N)``, not negative, each row with a positive spend.
    slope : ndarray, optional
        Fixed Hill slopes, shape ``(C,)``; without them a Hill search estimates the slope.
    """

    def __init__(self, kind: str, x: NDArray, slope: NDArray | None = None) -> None:
        self.kind, self.x = kind, x
        self.slope = None if slope is None else np.asarray(slope, dtype=np.float64)[:, None]
        self.positive = x > 0
        self.logx = np.log(np.where(self.positive, x, 1.0))
        lo = np.log(np.where(self.positive, x, np.inf).min(axis=1))
        hi = np.log(x.max(axis=1))
        bounds: list[tuple[NDArray, NDArray]]
        if kind == "power":
            bounds = [(np.full_like(lo, 1e-3), np.full_like(hi, 1.0))]
        elif kind == "linear_cap":
            bounds = [(lo - np.log(10.0), hi + 1e-9)]
        else:
            bounds = [(lo - np.log(1e3), hi + np.log(1e3))]
        if kind == "hill" and slope is None:
            bounds.append((np.full_like(lo, 0.05), np.full_like(hi, 20.0)))
        self.lows = np.stack([b[0] for b in bounds], axis=1)  # (C, d)
        self.highs = np.stack([b[1] for b in bounds], axis=1)

    @property
    def dimensions(self) -> int:
        """Number of shape parameters searched (1 or 2)."""
        return self.lows.shape[1]

    def _subset(self, rows: NDArray | slice, pick: NDArray | None = None) -> ShapeSearch:
        """The search restricted to some curves (and, with ``pick``, some points of each)."""
        part = object.__new__(ShapeSearch)
        part.kind = self.kind
        part.slope = None if self.slope is None else self.slope[rows]
        part.lows, part.highs = self.lows[rows], self.highs[rows]
        take = (lambda a: a[rows]) if pick is None else (lambda a: np.take_along_axis(a, pick, 1))
        part.x, part.positive, part.logx = take(self.x), take(self.positive), take(self.logx)
        return part

    # -- the curves and their derivatives --------------------------------------------

    def shapes(self, thetas: NDArray) -> NDArray:
        """``g`` for shapes ``thetas`` of shape ``(C, T, d)``, as a ``(C, T, N)`` array."""
        x, kind = self.x[:, None, :], self.kind
        t0 = thetas[..., :1]
        with np.errstate(all="ignore"):
            if kind == "hill":
                s = self.slope[:, :, None] if self.slope is not None else thetas[..., 1:2]
                z = 1.0 / (1.0 + np.exp(-s * (self.logx[:, None, :] - t0)))
                return np.where(self.positive[:, None, :], z, 0.0)
            if kind == "michaelis_menten":
                return x / (np.exp(t0) + x)
            if kind == "logarithmic":
                return np.log1p(x / np.exp(t0))
            if kind == "power":
                return np.where(self.positive[:, None, :], np.exp(t0 * self.logx[:, None, :]), 0.0)
            return np.minimum(x, np.exp(t0))

    def g_and_jac(self, theta: NDArray) -> tuple[NDArray, NDArray]:
        """``g`` (shape ``(C, N)``) and its derivative by ``theta`` (``(C, N, d)``)."""
        x, kind = self.x, self.kind
        g = self.shapes(theta[:, None, :])[:, 0, :]
        jac = np.zeros((*x.shape, theta.shape[1]))
        t0 = theta[:, :1]
        with np.errstate(all="ignore"):
            if kind == "hill":
                s = self.slope if self.slope is not None else theta[:, 1:2]
                d = g * (1.0 - g)
                jac[..., 0] = -s * d
                if theta.shape[1] == 2:
                    jac[..., 1] = np.where(self.positive, (self.logx - t0) * d, 0.0)
            elif kind == "michaelis_menten":
                k = np.exp(t0)
                jac[..., 0] = -k * x / (k + x) ** 2
            elif kind == "logarithmic":
                b = np.exp(t0)
                jac[..., 0] = -x / (b + x)
            elif kind == "power":
                jac[..., 0] = g * self.logx
            else:
                sat = np.exp(t0)
                jac[..., 0] = np.where(x > sat, sat, 0.0)
        return g, jac

    def project(self, theta: NDArray, y: NDArray) -> tuple[NDArray, NDArray]:
        """The best scale per curve (``(C,)``) and the residuals ``y - scale * g``."""
        g = self.shapes(theta[:, None, :])[:, 0, :]
        gg = _sum(g * g)
        with np.errstate(all="ignore"):
            scale = np.where(gg > 0, np.maximum(_sum(g * y) / gg, 0.0), 0.0)
        return scale, y - scale[:, None] * g

    def clip(self, theta: NDArray) -> NDArray:
        """``theta`` within the bounds of its curve."""
        return np.minimum(np.maximum(theta, self.lows), self.highs)

    # -- the grid start ----------------------------------------------------------------

    def grid(self, rows: slice = slice(None)) -> NDArray:
        """The grid of shapes of the curves ``rows`` (all by default), shape ``(C, T, d)``."""
        size = _GRID if self.dimensions == 1 else _GRID_2D
        axes = np.linspace(self.lows[rows], self.highs[rows], size, axis=-1)  # (C, d, size)
        if self.dimensions == 1:
            return axes.transpose(0, 2, 1)
        first = np.repeat(axes[:, 0, :], size, axis=1)
        second = np.tile(axes[:, 1, :], (1, size))
        return np.stack([first, second], axis=-1)

    def _grid_sse(self, grid: NDArray, y: NDArray) -> NDArray:
        """Sum of squares of the best-scaled residual at each grid shape, ``(C, T)``.

        The two-parameter Hill grid is a product of factors,
        ``exp(s (t0 - m)) * exp(-s (log x - m))`` (``m`` the middle of the curve's log
        spends): one exponential per (shape, curve) and per (slope, point) instead of one
        per (shape, point).
        """
        if self.kind == "hill" and self.dimensions == 2:
            size = _GRID_2D
            slopes = grid[:, :size, 1]  # (C, S)
            t0 = grid[:, ::size, 0]  # (C, K)
            middle = 0.5 * (self.lows[:, :1] + self.highs[:, :1])
            with np.errstate(all="ignore"):
                left = np.exp(np.clip(slopes[:, None, :] * (t0 - middle)[:, :, None], -_EXP_LIMIT,
                                      _EXP_LIMIT))  # fmt: skip
                right = np.exp(np.clip(-slopes[:, :, None] * (self.logx - middle)[:, None, :],
                                       -_EXP_LIMIT, _EXP_LIMIT))  # fmt: skip
                z = left[:, :, :, None] * right[:, None, :, :]  # (C, K, S, N)
                z += 1.0
                g = np.reciprocal(z, out=z)
                g *= self.positive[:, None, None, :]
                g = g.reshape(grid.shape[0], -1, self.x.shape[1])
        else:
            g = self.shapes(grid)
        gg = _sum(g * g)
        gy = _sum(g * y[:, None, :])
        with np.errstate(all="ignore"):
            scale = np.where(gg > 0, np.maximum(gy / gg, 0.0), 0.0)
        g *= scale[:, :, None]
        np.subtract(y[:, None, :], g, out=g)  # the residuals (not yy - gy^2/gg: no cancellation)
        return _sum(np.square(g, out=g))

    def grid_start(self, y: NDArray) -> NDArray:
        """The best shape of each curve on a wide grid: the start of the refinement.

        With more than :data:`GRID_POINTS` points the grid is scored on that many of
        them, evenly spaced in spend order; the curves are scored a few at a time.
        """
        search, points = self, y
        n = y.shape[1]
        if n > GRID_POINTS:
            order = np.argsort(self.x, axis=1, kind="stable")
            pick = order[:, np.linspace(0, n - 1, GRID_POINTS).round().astype(np.intp)]
            search, points = self._subset(slice(None), pick), np.take_along_axis(y, pick, 1)
        shapes = (_GRID if self.dimensions == 1 else _GRID_2D) ** self.dimensions
        step = max(1, _GRID_CELLS // (shapes * points.shape[1]))
        start = np.empty(self.lows.shape)
        for first in range(0, start.shape[0], step):
            rows = slice(first, first + step)
            grid = self.grid(rows)
            sse = search._subset(rows)._grid_sse(grid, points[rows])
            best = np.argmin(np.where(np.isfinite(sse), sse, np.inf), axis=1)
            start[rows] = np.take_along_axis(grid, best[:, None, None], 1)[:, 0, :]
        return start

    # -- the refinement ----------------------------------------------------------------

    def _step(self, theta: NDArray, y: NDArray, r: NDArray) -> tuple[NDArray, NDArray]:
        """The Gauss-Newton step of the projected residual ``r``, and where there is one."""
        g, dg = self.g_and_jac(theta)
        gg = _sum(g * g)
        with np.errstate(all="ignore"):
            scale = _sum(g * y) / gg
            dgt = dg.transpose(0, 2, 1)  # (C, d, N)
            dscale = _sum(dgt * y[:, None, :]) - 2.0 * scale[:, None] * _sum(dgt * g[:, None, :])
            dscale /= gg[:, None]
            jac = -(g[:, :, None] * dscale[:, None, :] + scale[:, None, None] * dg)
        ok = (gg > 0) & np.isfinite(jac).all(axis=(1, 2)) & np.isfinite(r).all(axis=1)
        step = np.zeros_like(theta)
        if ok.any():
            step[ok] = least_squares_many(jac[ok], -r[ok])
        # A shape at its bound that the step pushes outward stays there: the step is
        # solved again for the other shape parameter (a zero column gets no step).
        blocked = ((theta <= self.lows) & (step < 0)) | ((theta >= self.highs) & (step > 0))
        again = ok & blocked.any(axis=1) & ~blocked.all(axis=1)
        if again.any():
            free = np.where(blocked[again][:, None, :], 0.0, jac[again])
            step[again] = least_squares_many(free, -r[again])
        return step, ok

    def refine(self, theta: NDArray, y: NDArray) -> NDArray:
        """Variable-projection Gauss-Newton with step halving, within the bounds.

        Step halving stops once the sum of squares no longer falls in floating point,
        which near the minimum leaves the shape known only to about 8 digits (the sum is
        flat there). Full steps then continue while they shrink: they solve the
        first-order condition, which floating point resolves far better, so a last-bit
        change in the data (or in ``exp`` and ``log`` between machines) changes the fit
        in its last bits, not in its eighth digit. Each curve stops on its own.
        """
        theta = theta.copy()
        _, r = self.project(theta, y)
        sse = _sum(r * r)
        halving = sse > 0.0  # still in the first stage
        finished = ~halving  # stopped for good (no step): no second stage
        for _ in range(_GN_ITERATIONS):
            idx = np.flatnonzero(halving)
            if idx.size == 0:
                break
            part = self._subset(idx)
            step, ok = part._step(theta[idx], y[idx], r[idx])
            halving[idx[~ok]] = False
            finished[idx[~ok]] = True
            idx, step, part = idx[ok], step[ok], part._subset(ok)
            found = np.zeros(idx.size, dtype=bool)
            cand = theta[idx].copy()
            r_c, sse_c = r[idx].copy(), sse[idx].copy()
            trying = np.arange(idx.size)
            for _ in range(_HALVINGS):
                tried = part._subset(trying)
                c = tried.clip(theta[idx[trying]] + step[trying])
                _, rt = tried.project(c, y[idx[trying]])
                st = _sum(rt * rt)
                good = st < sse[idx[trying]]
                hit = trying[good]
                cand[hit], r_c[hit], sse_c[hit] = c[good], rt[good], st[good]
                found[hit] = True
                trying = trying[~good]
                if trying.size == 0:
                    break
                step[trying] = step[trying] / 2.0
            halving[idx[~found]] = False
            idx, cand = idx[found], cand[found]
            moved = np.abs(cand - theta[idx]).max(axis=1)
            theta[idx], r[idx], sse[idx] = cand, r_c[found], sse_c[found]
            settled = moved <= 1e-15 * (1.0 + np.abs(cand).max(axis=1))
            halving[idx[settled]] = False
        last = np.full(theta.shape[0], np.inf)
        moving = ~finished
        for _ in range(_GN_ITERATIONS):
            idx = np.flatnonzero(moving)
            if idx.size == 0:
                break
            part = self._subset(idx)
            step, ok = part._step(theta[idx], y[idx], r[idx])
            cand = part.clip(theta[idx] + step)
            moved = np.abs(cand - theta[idx]).max(axis=1)
            go = ok & (moved < last[idx])
            moving[idx[~go]] = False
            idx, cand = idx[go], cand[go]
            theta[idx], last[idx] = cand, moved[go]
            _, r[idx] = part._subset(go).project(cand, y[idx])
        return theta

    def parameters(self, theta: NDArray, scale: NDArray) -> list[tuple[tuple[float, ...], str]]:
        """Each curve's parameters (from its shape and scale) and a note ("" if none)."""
        out: list[tuple[tuple[float, ...], str]] = []
        top = self.x.max(axis=1)
        for c in range(theta.shape[0]):
            sc, t = float(scale[c]), theta[c]
            if self.kind == "hill":
                s = float(self.slope[c, 0]) if self.slope is not None else float(t[1])
                out.append(((sc, float(np.exp(t[0])), s), ""))
            elif self.kind == "power":
                out.append(((sc, float(t[0])), ""))
            elif self.kind == "linear_cap":
                sat = float(np.exp(t[0]))
                if sat >= top[c] * (1 - 1e-12):
                    note = "no saturation within the data: outcome grows linearly; set a cap"
                    out.append(((sc, np.inf), note))
                else:
                    out.append(((sc, sat), ""))
            else:
                out.append(((sc, float(np.exp(t[0]))), ""))
        return out
