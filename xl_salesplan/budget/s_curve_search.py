"""Search for the best allocation when some response curves are S-shaped.

The multiplier search (:mod:`xl_salesplan.budget.multiplier_search`) solves the problem on
each curve's concave envelope. Where a channel lands inside a straight piece of its
envelope the true curve lies below the envelope, and this module finds the real
optimum.

Structure of an optimum: every S-shaped channel is *off* (at its floor), *on*
(beyond its inflection point, where its curve is concave) or, for at most one
channel, strictly inside its convex start (two channels there could trade money for a
gain, because both curves bend upwards). With an on/off *pattern* fixed the problem is
concave and the multiplier search solves it exactly. With one channel ``j`` left free
(a *family*), the others' best response to any multiplier ``lam`` is their demand, so
sweeping ``lam`` traces every allocation in which the others are optimal for what
``j`` leaves them: ``j`` takes ``budget - demand_others(lam)``. The same sweep gives
a Lagrangian upper bound for the family,
``lam * budget + sum_i max_x (f_i(x) - lam * x)``.

Exact mode (``2**k * n <= EXACT_SIZE`` for ``k`` S-shaped channels with a straight
piece, ``n`` channels): every pattern is solved, every family is swept on a multiplier
grid and then refined around its best point and around its lowest bound. Every
optimum is a pattern or lies in a family, so the search covers them all, up to the
resolution of the refined grids (steps below 1e-7 of the multiplier). The upper bound
returned is the largest family bound (or the envelope's, if lower); the Lagrangian
bound of a family can stay above its true best when its free channel ends on its
convex start, so ``upper_bound - value`` is a guarantee, not an estimate of the miss.

Larger problems use a bounded local search: the straddling channels are switched on
in order of envelope slope, then single switches the multiplier says pay, then the
one-free-channel sweep for the channels nearest the margin (skipped once the plan is
within a part in a billion of the envelope bound). The result is feasible and at least
as good as the envelope's own allocation; the envelope optimum stays the upper bound.

Examples
--------
>>> from xl_salesplan.budget.curves import CurveSet
>>> from xl_salesplan.budget.multiplier_search import multiplier_search
>>> curves = CurveSet(["hill", "hill"], [1, 1], [1, 1], [2, 2])
>>> lo, hi, b = np.zeros(2), np.full(2, np.inf), np.array([1.8])
>>> x, lam, ub = improve_s_curves(curves, lo, hi, b, multiplier_search(curves, lo, hi, b))
>>> x.round(6).tolist(), round(float(evaluate(curves, 0, x).sum()), 6), round(float(ub[0]), 6)
([[0.9, 0.9]], 0.895028, 0.9)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from xl_salesplan.budget.curves import CurveSet, evaluate
from xl_salesplan.budget.multiplier_search import SearchResult, multiplier_search

__all__ = ["EXACT_SIZE", "improve_s_curves"]

EXACT_SIZE = 4096
_MAX_PREFIXES = 17
_FLIP_ROUNDS = 12
_FLIPS_PER_ROUND = 3
_LOCAL_CANDIDATES = 12
_GRID = 129
_LOCAL_GRID = 65
_ZOOM_GRID = 17
_ZOOMS = 7
_ZOOM_FAMILIES = 32
_BLOCK = 2**17
_NEGLIGIBLE = 1e-9


class _Row:
    """One budget's problem and the best allocation found so far."""

    def __init__(self, curves: CurveSet, lo, hi, budget: float, x, lam: float) -> None:
        self.curves, self.lo, self.hi, self.budget = curves, lo, hi, budget
        self.cap = np.minimum(hi, lo + max(budget - lo.sum(), 0.0))
        self.on_floor = np.minimum(np.maximum(lo, curves.inflection()), self.cap)
        self.x, self.lam = x.copy(), lam
        self.value = float(evaluate(curves, 0, x).sum())

    def tol(self) -> float:
        return 1e-12 * max(1.0, abs(self.value))

    def pins(self, on: NDArray[np.bool_], off: NDArray[np.bool_]):
        return np.where(on, self.on_floor, self.lo), np.where(off, self.lo, self.cap)

    def offer(self, x: NDArray, value: NDArray) -> None:
        if value.size == 0:
            return
        best = int(np.argmax(value))
        if value[best] > self.value + self.tol():
            self.x, self.value = x[best].copy(), float(value[best])
            self.lam = float(_common_marginal(self.curves, self.x, self.lo, self.cap))

    def solve(self, lo: NDArray, hi: NDArray) -> NDArray:
        """Solve pattern rows exactly; returns each row's value (-inf if infeasible)."""
        value = np.full(lo.shape[0], -np.inf)
        ok = (lo.sum(axis=1) <= self.budget * (1 + 1e-12)) & (
            hi.sum(axis=1) >= self.budget * (1 - 1e-12)
        )
        if ok.any():
            k = int(ok.sum())
            hint = np.full(k, self.lam) if self.lam > 0 else None
            res = multiplier_search(self.curves, lo[ok], hi[ok], np.full(k, self.budget), hint=hint)
            value[ok] = evaluate(self.curves, 0, res.spend).sum(axis=1)
            self.offer(res.spend, value[ok])
        return value


def _common_marginal(curves: CurveSet, x, lo, cap) -> float:
    free = (x > lo * (1 + 1e-12) + 1e-300) & (x < cap * (1 - 1e-12))
    m = evaluate(curves, 1, x)
    m = m[free & np.isfinite(m) & (m > 0)]
    return float(np.median(m)) if m.size else 0.0


def improve_s_curves(
    curves: CurveSet,
    floors: NDArray[np.float64],
    caps: NDArray[np.float64],
    budgets: NDArray[np.float64],
    env: SearchResult,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Best allocation, multiplier and upper bound per budget, from the envelope result.

    Rows without a straddling channel are returned as they are (already optimal).

    Examples
    --------
    >>> from xl_salesplan.budget.curves import CurveSet
    >>> from xl_salesplan.budget.multiplier_search import multiplier_search
    >>> curves = CurveSet(["hill", "hill", "linear_cap"], [1, 1, 0.1], [1, 1, 10], [2, 2, None])
    >>> lo, hi, b = np.zeros(3), np.full(3, np.inf), np.array([1.8])
    >>> env = multiplier_search(curves, lo, hi, b)
    >>> bool(env.split.any()), round(float(env.upper_bound[0]), 6)
    (True, 0.9)
    >>> x, lam, ub = improve_s_curves(curves, lo, hi, b, env)
    >>> x.round(6).tolist()
    [[0.9, 0.9, 0.0]]
    """
    x, lam = env.spend.copy(), env.multiplier.copy()
    ub = env.upper_bound.copy()
    has_piece = ~np.isnan(env.segment_slope)
    for r in np.flatnonzero(env.split.any(axis=1)):
        row = _Row(curves, floors, caps, float(budgets[r]), x[r], float(lam[r]))
        s_idx = np.flatnonzero(has_piece[r])
        if s_idx.size <= np.log2(EXACT_SIZE / len(curves)):
            ub[r] = min(ub[r], _exact(row, s_idx))
        else:
            _local(row, env, int(r), s_idx)
        x[r], lam[r] = row.x, row.lam
        ub[r] = max(ub[r], row.value)
    return x, lam, ub


def _exact(row: _Row, s_idx: NDArray[np.intp]) -> float:
    """Solve every pattern, sweep every family; return a valid upper bound."""
    k, n = s_idx.size, row.lo.size
    bits = (np.arange(2**k)[:, None] >> np.arange(k)) & 1 == 1
    on = np.zeros((bits.shape[0], n), dtype=bool)
    on[:, s_idx] = bits
    off = np.zeros_like(on)
    off[:, s_idx] = ~bits
    plo, phi = row.pins(on, off)
    row.solve(plo, phi)
    # Family (pattern p, channel j) for every pattern p in which j is off: the others
    # keep p's pins, j is free on its whole range.
    fam_p, fam_j = np.nonzero(off[:, s_idx])
    fam_j = s_idx[fam_j]
    bound = _sweep_families(row, plo, phi, fam_p, fam_j, certify=True)
    return float(max(row.value, bound.max(initial=-np.inf)))


def _lam_grid(row: _Row, size: int) -> NDArray[np.float64]:
    """Log-spaced multipliers covering every useful marginal return."""
    with np.errstate(all="ignore"):
        m = np.concatenate(
            [
                evaluate(row.curves, 1, row.lo),
                evaluate(row.curves, 1, row.on_floor),  # the peak return of an S-curve
                evaluate(row.curves, 1, np.nextafter(row.cap, 0)),
            ]
        )
    m = m[np.isfinite(m) & (m > 0)]
    ref = row.lam if row.lam > 0 else 1.0
    lo = np.log(m.min()) if m.size else np.log(ref) - 20
    hi = np.log(m.max()) if m.size else np.log(ref) + 20
    lo, hi = max(lo, np.log(ref) - 40) - 0.5, min(hi, np.log(ref) + 40) + 0.5
    return np.exp(np.linspace(lo, hi, size))


def _local_grid(row: _Row, plo, phi, cand) -> NDArray[np.float64]:
    """Multipliers around the current one, widened until every candidate's range is swept.

    With many channels one channel's spend moves the others' multiplier only a little,
    so a narrow grid suffices; it widens (bounded) where it does not.
    """
    centre = np.log(row.lam) if row.lam > 0 else 0.0
    lo_w, hi_w = 0.05, 0.05
    # Sweep j from its floor up to where its return falls to half the current multiplier.
    with np.errstate(all="ignore"):
        top = _one_channel(row.curves, cand, np.full((cand.size, 1), 0.5 * row.lam), what=2)
    top = np.minimum(np.maximum(top[:, 0], row.on_floor[cand]), row.cap[cand])
    need_low = row.budget - row.lo[cand]  # others must be able to take this much ...
    need_high = row.budget - top  # ... and to give up down to this
    for _ in range(30):
        ends = np.clip(np.array([centre - lo_w, centre + hi_w]), -700.0, 700.0)
        d = evaluate(row.curves, 2, np.exp(ends)[:, None])
        d = np.minimum(np.maximum(d, plo), phi)
        rest = d.sum(axis=1)[:, None] - d[:, cand]
        short_low = (rest[0] < need_low).any() and centre - lo_w > -700
        short_high = (rest[1] > need_high).any() and centre + hi_w < 700
        if not (short_low or short_high):
            break
        lo_w = lo_w * 3 if short_low else lo_w
        hi_w = hi_w * 3 if short_high else hi_w
    lo_w, hi_w = min(lo_w, 700 + centre), min(hi_w, 700 - centre)
    return np.exp(np.linspace(centre - lo_w, centre + hi_w, _LOCAL_GRID))


def _sweep_families(row: _Row, plo, phi, fam_p, fam_j, certify: bool) -> NDArray[np.float64]:
    """Sweep each family's multiplier grid, then zoom; returns each family's bound.

    The best few families are refined around their best point; with ``certify`` the
    families whose bound beats the best allocation are also refined around their
    lowest bound (the bound is convex in the multiplier).
    """
    if certify:
        grid = np.broadcast_to(_lam_grid(row, _GRID), (fam_p.size, _GRID))
    else:
        grid = np.broadcast_to(_local_grid(row, plo[0], phi[0], fam_j), (fam_p.size, _LOCAL_GRID))
    primal, dual = _family_values(row, plo, phi, fam_p, fam_j, grid, shared=True)
    bound = dual.min(axis=1)
    targets = np.argsort(-primal.max(axis=1), kind="stable")[: 4 if certify else 2]
    open_ = np.flatnonzero(bound > row.value + row.tol()) if certify else np.zeros(0, int)
    open_ = open_[np.argsort(-bound[open_], kind="stable")][:_ZOOM_FAMILIES]
    for which, by_bound in ((targets, False), (open_, True)):
        if which.size == 0:
            continue
        g = grid[which]
        score = -dual[which] if by_bound else primal[which]
        for _ in range(_ZOOMS):
            arg = np.argmax(score, axis=1)
            rows = np.arange(which.size)
            left = np.log(g[rows, np.maximum(arg - 1, 0)])
            right = np.log(g[rows, np.minimum(arg + 1, g.shape[1] - 1)])
            g = np.exp(left[:, None] + (right - left)[:, None] * np.linspace(0, 1, _ZOOM_GRID))
            p, d = _family_values(row, plo, phi, fam_p[which], fam_j[which], g)
            bound[which] = np.minimum(bound[which], d.min(axis=1))
            score = -d if by_bound else p
    return np.where(bound > row.value + row.tol(), bound, row.value)


def _family_values(row: _Row, plo, phi, fam_p, fam_j, grid, shared: bool = False):
    """Primal value (-inf where j's share is out of range) and Lagrangian bound per point.

    ``shared`` means every family uses the same multipliers (``grid[0]``): the inverse
    marginals are then computed once per block. Work runs in blocks of about 2**17
    numbers, which keeps it in cache.
    """
    curves, n, g = row.curves, row.lo.size, grid.shape[1]
    primal, dual = np.empty(grid.shape), np.empty(grid.shape)
    with np.errstate(all="ignore"):
        f_lo, f_hi = evaluate(curves, 0, plo), evaluate(curves, 0, phi)
    cols = max(1, min(g, _BLOCK // n))
    fams = max(1, _BLOCK // (cols * n))
    for c0 in range(0, g, cols):
        cs_ = slice(c0, c0 + cols)
        with np.errstate(all="ignore"):
            if shared:
                im_s = evaluate(curves, 2, grid[0, cs_][:, None])[None]
                f_im_s = evaluate(curves, 0, np.minimum(im_s, row.cap))
        for f0 in range(0, fam_p.size, fams):
            fs = slice(f0, f0 + fams)
            p_idx, j, lam = fam_p[fs], fam_j[fs], grid[fs, cs_]
            lo3, hi3 = plo[p_idx][:, None, :], phi[p_idx][:, None, :]
            with np.errstate(all="ignore"):
                if shared:
                    im, f_im = im_s, f_im_s
                else:
                    im = evaluate(curves, 2, lam[:, :, None])
                    f_im = evaluate(curves, 0, np.minimum(im, row.cap))
                d = np.minimum(np.maximum(im, lo3), hi3)
                f_at_hi = np.where(d == hi3, f_hi[p_idx][:, None, :], f_im)
                f = np.where(d == lo3, f_lo[p_idx][:, None, :], f_at_hi)
                rows = np.arange(j.size)
                d_rest = d.sum(axis=2) - d[rows, :, j]
                f_rest = f.sum(axis=2) - f[rows, :, j]
                xj = row.budget - d_rest
                lo_j, hi_j = row.lo[j][:, None], row.cap[j][:, None]
                ok = (xj >= lo_j - 1e-12 * row.budget) & (xj <= hi_j + 1e-12 * row.budget)
                xj = np.minimum(np.maximum(xj, lo_j), hi_j)
                value = np.where(ok, _one_channel(curves, j, xj) + f_rest, -np.inf)
                # Best f_j(x) - lam x on j's range: at its floor or on the concave branch.
                y = _one_channel(curves, j, lam, what=2)
                y = np.minimum(np.maximum(y, row.on_floor[j][:, None]), hi_j)
                h = np.maximum(
                    _one_channel(curves, j, np.broadcast_to(lo_j, lam.shape)) - lam * lo_j,
                    _one_channel(curves, j, y) - lam * y,
                )
            primal[fs, cs_] = value
            dual[fs, cs_] = lam * row.budget + (f_rest - lam * d_rest) + h
            if np.isfinite(value).any():
                fi, gi = np.unravel_index(np.argmax(value), value.shape)
                alloc = d[min(fi, d.shape[0] - 1), gi].copy()
                alloc = np.minimum(np.maximum(alloc, plo[p_idx[fi]]), phi[p_idx[fi]])
                alloc[j[fi]] = xj[fi, gi]
                row.offer(alloc[None], np.array([value[fi, gi]]))
    return primal, dual


def _one_channel(curves: CurveSet, j: NDArray[np.intp], x: NDArray, what: int = 0) -> NDArray:
    """Evaluate channel ``j[r]``'s curve on row ``r`` of ``x`` (shape ``(len(j), g)``)."""
    return evaluate(curves.take(j), what, np.ascontiguousarray(x.T)).T


def _local(row: _Row, env: SearchResult, r: int, s_idx: NDArray[np.intp]) -> None:
    """Bounded local search for many S-shaped channels (see the module text)."""
    lo = row.lo
    tol = 1e-9 * np.maximum(1.0, env.segment_end[r] - lo)
    has_piece = np.zeros(lo.size, dtype=bool)
    has_piece[s_idx] = True
    on = has_piece & (env.spend[r] >= env.segment_end[r] - tol)
    off = has_piece & ~on & ~env.split[r]
    idx = np.flatnonzero(env.split[r])
    length = env.segment_end[r, idx] - lo[idx]
    idx = idx[np.lexsort((length, -env.segment_slope[r, idx]))]
    ks = np.unique(np.linspace(0, idx.size, min(idx.size + 1, _MAX_PREFIXES)).round()).astype(int)
    ons = np.repeat(on[None], ks.size, axis=0)
    offs = np.repeat(off[None], ks.size, axis=0)
    for t, k in enumerate(ks):
        ons[t, idx[:k]] = True
        offs[t, idx[k:]] = True
    state = (on, off)
    for _ in range(_FLIP_ROUNDS + 1):
        before = row.value
        value = row.solve(*row.pins(ons, offs))
        if not row.value > before:
            break
        best = int(np.argmax(value))
        state = (ons[best], offs[best])
        flips = _promising_flips(row, *state)
        if not flips:
            break
        ons = np.repeat(state[0][None], len(flips), axis=0)
        offs = np.repeat(state[1][None], len(flips), axis=0)
        for t, i in enumerate(flips):
            ons[t, i], offs[t, i] = not state[0][i], not state[1][i]
    if env.upper_bound[r] - row.value <= _NEGLIGIBLE * abs(row.value):
        return  # certified to within a part in a billion: nothing a planner could see
    # One free channel at a time, for the channels nearest the margin.
    with np.errstate(all="ignore"):
        ratio = evaluate(row.curves, 1, row.x) / max(row.lam, 1e-300)
    closeness = np.abs(np.log(np.where(ratio > 0, ratio, 1e-300)))
    cand = s_idx[np.argsort(closeness[s_idx], kind="stable")][:_LOCAL_CANDIDATES]
    plo, phi = row.pins(state[0][None], state[1][None])
    plo[0, cand], phi[0, cand] = row.lo[cand], row.lo[cand]
    _sweep_families(row, plo, phi, np.zeros(cand.size, dtype=np.intp), cand, certify=False)


def _promising_flips(row: _Row, on, off) -> list[int]:
    """S-channels whose on/off switch the multiplier says would pay, best first."""
    cs, lo, cap, lam = row.curves, row.lo, row.cap, row.lam
    with np.errstate(all="ignore"):
        y = evaluate(cs, 2, np.full(len(cs), lam))
        y = np.minimum(np.maximum(y, row.on_floor), cap)
        f_lo, f_y, f_x = evaluate(cs, 0, lo), evaluate(cs, 0, y), evaluate(cs, 0, row.x)
    gain_on = np.where(off & (cap > lo), (f_y - lam * y) - (f_lo - lam * lo), -np.inf)
    gain_off = np.where(on, (f_lo - lam * lo) - (f_x - lam * row.x), -np.inf)
    gain = np.maximum(gain_on, gain_off)
    gain = np.where(np.isfinite(gain), gain, -np.inf)
    order = np.argsort(-gain, kind="stable")[:_FLIPS_PER_ROUND]
    return [int(i) for i in order if gain[i] > row.tol()]
