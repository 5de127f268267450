"""The Lagrange-multiplier search behind the budget optimiser.

Problem: maximise ``sum_i f_i(x_i)`` subject to ``sum_i x_i = B`` and
``floor_i <= x_i <= cap_i``, for one or many budgets ``B`` at once.

For a multiplier ``lam`` (the value of one more unit of budget) every channel
spends its *demand*: the spend that maximises ``f_i(x) - lam * x`` on
``[floor_i, cap_i]``. For a concave curve that is the inverse marginal clipped to
the bounds. Total demand falls as ``lam`` rises, so the multiplier that spends
exactly ``B`` is found by a bracketing search on ``log(lam)`` (Illinois steps with
regular bisection, to 1e-14 relative), for all budgets in parallel. Where total
demand jumps (channels with equal, flat marginal returns: linear curves) the final
allocation interpolates between the demands at the two ends of the last bracket,
which spends the budget exactly and splits the money between those channels.

An S-shaped curve is replaced by its concave envelope seen from the floor: a straight
line from ``(floor, f(floor))`` to the tangent point, then the curve. Its demand jumps
from the floor to the tangent point when ``lam`` falls below the line's slope, so the
flat start never traps the search. The envelope problem's optimum is an upper bound on
the true optimum; channels whose spend lands strictly inside a straight piece
("split" channels) are where the envelope and the curve differ, and
:mod:`xl_salesplan.budget.allocation` repairs them.

Examples
--------
>>> from xl_salesplan.budget.curves import CurveSet
>>> curves = CurveSet(["logarithmic", "logarithmic"], [10, 20], [1, 1])
>>> res = multiplier_search(curves, np.zeros(2), np.full(2, np.inf), np.array([4.0]))
>>> res.spend.round(6).tolist(), round(float(res.multiplier[0]), 6)
([[1.0, 3.0]], 5.0)
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray

from xl_salesplan.budget.curves import CurveSet, evaluate, tangent_points

__all__ = ["SearchResult", "multiplier_search"]

_ROUNDS = 400
_BLOCK = 2**16
_LOG_TOL = 1e-14


@dataclass(frozen=True)
class SearchResult:
    """Envelope optimum for each budget (rows) and channel (columns).

    Attributes
    ----------
    spend : ndarray, shape (m, n)
        Allocation; each row adds up to its budget.
    multiplier : ndarray, shape (m,)
        The Lagrange multiplier ``lam``; 0 when every curve is saturated.
    upper_bound : ndarray, shape (m,)
        Optimum of the envelope problem: no allocation can do better.
    split : ndarray of bool, shape (m, n)
        Channels strictly inside a straight piece of their envelope.
    segment_end, segment_slope : ndarray, shape (m, n)
        Where each S-shaped channel's straight piece ends and its slope (the floor and
        NaN for channels without one).
    """

    spend: NDArray[np.float64]
    multiplier: NDArray[np.float64]
    upper_bound: NDArray[np.float64]
    split: NDArray[np.bool_]
    segment_end: NDArray[np.float64]
    segment_slope: NDArray[np.float64]


def multiplier_search(
    curves: CurveSet,
    floors: NDArray[np.float64],
    caps: NDArray[np.float64],
    budgets: NDArray[np.float64],
    *,
    hint: NDArray[np.float64] | None = None,
) -> SearchResult:
    """Solve the envelope problem for every budget by a search on the multiplier.

    ``floors`` and ``caps`` have shape ``(n,)`` or ``(m, n)`` (bounds per budget).
    The bounds must be feasible for every budget
    (``floors.sum() <= B <= caps.sum()``, ``floors <= caps``); the public functions
    check that first. ``caps`` may be infinite. ``hint`` (a multiplier per budget, e.g.
    from a nearby problem) only speeds up the start.

    Examples
    --------
    >>> from xl_salesplan.budget.curves import CurveSet
    >>> curves = CurveSet(["linear_cap", "linear_cap"], [3, 2], [10, 10])
    >>> multiplier_search(curves, np.zeros(2), np.full(2, 50.0), np.array([5.0, 15, 30])).spend
    array([[ 5.,  0.],
           [10.,  5.],
           [15., 15.]])
    """
    budgets = np.atleast_1d(np.asarray(budgets, dtype=np.float64))
    shape = (budgets.size, len(curves))
    floors = np.broadcast_to(np.asarray(floors, dtype=np.float64), shape)
    caps = np.broadcast_to(np.asarray(caps, dtype=np.float64), shape)
    rows = max(1, _BLOCK // max(1, shape[1]))
    if budgets.size > rows:  # blocks of rows keep the working arrays in cache
        parts = [
            multiplier_search(
                curves,
                floors[i : i + rows],
                caps[i : i + rows],
                budgets[i : i + rows],
                hint=None if hint is None else np.broadcast_to(hint, budgets.shape)[i : i + rows],
            )
            for i in range(0, budgets.size, rows)
        ]
        names = [f.name for f in fields(SearchResult)]
        return SearchResult(**{k: np.concatenate([getattr(p, k) for p in parts]) for k in names})
    with np.errstate(all="ignore"):
        env = _Envelope(curves, floors, caps, budgets)
        return env.solve(hint)


class _Envelope:
    """Concave envelopes of the curves on ``[floor, cap_b]`` for each budget ``b``."""

    def __init__(self, curves: CurveSet, floors, caps, budgets) -> None:
        self.curves, self.floors, self.budgets = curves, floors, budgets
        slack = budgets - floors.sum(axis=1)
        # No channel can usefully take more than its floor plus the whole slack.
        self.caps = np.minimum(caps, floors + np.maximum(slack, 0.0)[:, None])
        infl = curves.inflection()
        self.s_shaped = (~curves.is_concave) & (curves.p1 > 0) & (floors < infl)
        shape = self.caps.shape
        self.seg_end = floors.copy()
        self.seg_slope = np.full(shape, np.nan)
        if self.s_shaped.any():
            tangent = tangent_points(curves, floors)
            f_lo = evaluate(curves, 0, floors)
            f_cap = evaluate(curves, 0, self.caps)
            chord = (f_cap - f_lo) / (self.caps - floors)
            touch = evaluate(curves, 1, tangent)
            on_curve = tangent < self.caps
            s = self.s_shaped
            self.seg_end = np.where(s, np.where(on_curve, tangent, self.caps), self.seg_end)
            slope = np.where(on_curve, touch, np.where(self.caps > floors, chord, 0.0))
            self.seg_slope = np.where(s, slope, np.nan)
        self.any_s = self.s_shaped & (self.seg_end > floors)

    def demand(self, lam: NDArray[np.float64]) -> NDArray[np.float64]:
        """Spend per channel at multiplier ``lam`` (shape ``(m,)``)."""
        x = evaluate(self.curves, 2, lam[:, None])
        x = np.minimum(np.maximum(x, self.floors), self.caps)
        if self.s_shaped.any():
            on = np.maximum(x, self.seg_end)
            x = np.where(self.any_s, np.where(lam[:, None] >= self.seg_slope, self.floors, on), x)
        return x

    def solve(self, hint: NDArray[np.float64] | None = None) -> SearchResult:
        budgets = self.budgets
        lo, hi = self._bracket(hint)
        x_lo, x_hi = self.demand(np.exp(lo)), self.demand(np.exp(hi))
        d_lo, d_hi = x_lo.sum(axis=1), x_hi.sum(axis=1)
        # Even a vanishing multiplier leaves money unspent: every curve is flat beyond its
        # demand, so the rest is spread over the room up to the caps (any split is optimal).
        saturated = d_lo < budgets
        x_hi = np.where(saturated[:, None], x_lo, x_hi)
        d_hi = np.where(saturated, d_lo, d_hi)
        x_lo = np.where(saturated[:, None], self.caps, x_lo)
        d_lo = x_lo.sum(axis=1)
        # Illinois (regula falsi that halves a stale end's value) on g = demand - budget,
        # with a bisection step every fourth round: superlinear where demand is smooth,
        # and the bracket always shrinks, also around a jump (channels with flat returns).
        g_tol = 1e-13 * np.maximum(budgets, 1.0)
        fa, fb = d_lo - budgets, d_hi - budgets
        side = np.zeros(budgets.size, dtype=np.int8)
        near = np.abs(fb) <= np.abs(fa)
        x_best = np.where(near[:, None], x_hi, x_lo)
        g_best = np.minimum(np.abs(fa), np.abs(fb))
        active = ~saturated & (hi - lo > _LOG_TOL) & (g_best > g_tol)
        for it in range(_ROUNDS):
            if not active.any():
                break
            width = hi - lo
            with np.errstate(all="ignore"):
                rf = lo + fa / (fa - fb) * width
            mid = 0.5 * (lo + hi)
            if it % 4 != 3:
                inside = np.isfinite(rf) & (rf > lo) & (rf < hi)
                mid = np.where(inside, rf, mid)
            x_mid = self.demand(np.exp(mid))
            g = x_mid.sum(axis=1) - budgets
            above = active & (g > 0)
            below = active & ~above
            fb = np.where(above & (side == 1), 0.5 * fb, fb)
            fa = np.where(below & (side == -1), 0.5 * fa, fa)
            lo, fa = np.where(above, mid, lo), np.where(above, g, fa)
            hi, fb = np.where(below, mid, hi), np.where(below, g, fb)
            x_lo = np.where(above[:, None], x_mid, x_lo)
            x_hi = np.where(below[:, None], x_mid, x_hi)
            side = np.where(above, 1, np.where(below, -1, side)).astype(np.int8)
            better = active & (np.abs(g) < g_best)
            x_best = np.where(better[:, None], x_mid, x_best)
            g_best = np.where(better, np.abs(g), g_best)
            nxt = 0.5 * (lo + hi)
            active &= (hi - lo > _LOG_TOL) & (nxt != lo) & (nxt != hi) & (g_best > g_tol)
        d_lo, d_hi = x_lo.sum(axis=1), x_hi.sum(axis=1)
        gap = d_lo - d_hi
        theta = np.where(gap > 0, np.clip((budgets - d_hi) / np.where(gap > 0, gap, 1.0), 0, 1), 0)
        x = x_hi + theta[:, None] * (x_lo - x_hi)
        narrow = saturated | (hi - lo <= 1e-12) | (g_best > g_tol)
        x = self._settle(np.where(narrow[:, None], x, x_best))
        lam = np.where(saturated, 0.0, np.exp(0.5 * (lo + hi)))
        return SearchResult(
            spend=x,
            multiplier=lam,
            upper_bound=self._envelope_value(x).sum(axis=1),
            split=self._split(x),
            segment_end=self.seg_end,
            segment_slope=np.where(self.any_s, self.seg_slope, np.nan),
        )

    def _bracket(self, hint) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Log-multipliers with demand above (lo) and at most (hi) each budget."""
        m = self.budgets.size
        if hint is not None and np.all(np.isfinite(hint) & (hint > 0)):
            centre = np.log(np.broadcast_to(hint, (m,)))
            lo, hi = centre - 1e-3, centre + 1e-3
        else:
            at_floor = evaluate(self.curves, 1, self.floors)
            at_floor = np.where(self.any_s, self.seg_slope, at_floor)
            at_cap = evaluate(self.curves, 1, np.nextafter(self.caps, 0.0))
            top = np.where(np.isfinite(at_floor) & (at_floor > 0), at_floor, -np.inf)
            low = np.where(np.isfinite(at_cap) & (at_cap > 0), at_cap, np.inf)
            top_max, low_min = top.max(axis=-1), low.min(axis=-1)
            hi = np.log(np.where(np.isfinite(top_max), top_max, 1.0)) + 1e-9
            lo = np.log(np.where(np.isfinite(low_min), low_min, 1.0)) - 1e-9
            lo = np.minimum(lo, hi - 1e-6)
        hi, lo = np.broadcast_to(hi, (m,)).copy(), np.broadcast_to(lo, (m,)).copy()
        widen = 1e-2
        for _ in range(60):  # widen until the bracket holds (bounded: e^+-700)
            over = (self.demand(np.exp(hi)).sum(axis=1) > self.budgets) & (hi < 700)
            under = (self.demand(np.exp(lo)).sum(axis=1) <= self.budgets) & (lo > -700)
            if not (over.any() or under.any()):
                break
            widen *= 4.0
            hi = np.where(over, np.minimum(hi + widen, 700.0), hi)
            lo = np.where(under, np.maximum(lo - widen, -700.0), lo)
        return lo, hi

    def _settle(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """Put the rounding residual of each row on the channel with the most room."""
        resid = self.budgets - x.sum(axis=1)
        room = np.where(resid[:, None] >= 0, self.caps - x, x - self.floors)
        j = np.argmax(room, axis=1)
        rows = np.arange(x.shape[0])
        ok = np.abs(resid) <= room[rows, j]
        x[rows[ok], j[ok]] += resid[ok]
        return np.minimum(np.maximum(x, self.floors), self.caps)

    def _envelope_value(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        value = evaluate(self.curves, 0, x)
        if not self.s_shaped.any():
            return value
        f_lo = evaluate(self.curves, 0, self.floors)
        line = f_lo + self.seg_slope * (x - self.floors)
        return np.where(self.any_s & (x < self.seg_end), line, value)

    def _split(self, x: NDArray[np.float64]) -> NDArray[np.bool_]:
        tol = 1e-9 * np.maximum(1.0, self.seg_end - self.floors)
        return self.any_s & (x > self.floors + tol) & (x < self.seg_end - tol)
