"""Score a planner's own budget allocation against the curves.

For a proposed spend per channel: the expected outcome, ROI (outcome per unit of
spend) and marginal ROI (outcome of the next unit) per channel; the totals; the gap
to the best allocation of the same budget under the same floors and caps; and the
best single move of money from one channel to another, with the sentence a planner
reads ("Move 120,000 from Events to Paid search to gain 35,400.").

A proposal that breaks a floor or a cap is still scored; the breaches are listed.

The best move: every ordered pair of channels (for more than 64 channels, the 64 that
return most per unit when they receive money against the 64 that lose least when they
give) is solved for the amount that gains most, within the bounds: a grid over the
amount, then bisection on the sign of the gain's slope around the best grid point
(exact for concave curves, whose gain is concave in the amount).

Examples
--------
>>> from xl_salesplan.budget.curves import logarithmic
>>> curves = [logarithmic(100, 10, name="Events"), logarithmic(300, 10, name="Paid search")]
>>> score = score_allocation(curves, [60, 40])
>>> print(score.best_move.sentence)
Move 40 from Events to Paid search to gain 91.6.
>>> round(score.gap, 4) == round(score.best_move.gain, 4)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.budget.allocation import (
    Curves,
    allocation_problem,
    format_amount,
    solve_problem,
)
from xl_salesplan.budget.curves import CurveSet, evaluate, tangent_points
from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import Text
from xl_salesplan.validation import as_float_array

__all__ = ["AllocationScore", "BestMove", "best_single_move", "score_allocation"]

_PAIR_LIMIT = 64
_GRID = 33
_BISECTIONS = 64  # halves a bracket of two grid steps to below rounding


@dataclass(frozen=True)
class BestMove:
    """Moving ``amount`` from channel ``source`` to channel ``target`` gains ``gain``.

    ``gain`` is 0 (and ``amount`` 0) when no single move between two channels helps.
    """

    source: int
    target: int
    source_name: str
    target_name: str
    amount: float
    gain: float
    sentence: str


@dataclass(frozen=True)
class AllocationScore:
    """How good a proposed allocation is.

    Attributes
    ----------
    names : tuple of str
    spend, outcome, roi, marginal_roi : ndarray, shape (n,)
        The proposal, its outcome per channel, outcome per unit spent (NaN at zero
        spend) and the outcome of the next unit of spend.
    total_spend, total_outcome, total_roi : float
    optimal_outcome : float
        Best outcome for the same budget under the same floors and caps (NaN when the
        floors or caps cannot be met with this budget).
    optimal_spend : ndarray, shape (n,)
    gap : float
        ``optimal_outcome - total_outcome``.
    gap_pct : float
        The gap as a percentage of the optimal outcome: the share of what the budget can
        achieve that the proposal leaves on the table.
    uplift_pct : float
        The gap as a percentage of the proposal's outcome: how much more the best plan
        brings.
    best_move : BestMove
    below_floor, above_cap : ndarray, shape (n,)
        By how much the proposal breaks each floor and cap (0 where it does not).
    violations : tuple of str
        One message per broken bound.
    """

    names: tuple[str, ...]
    spend: NDArray[np.float64]
    outcome: NDArray[np.float64]
    roi: NDArray[np.float64]
    marginal_roi: NDArray[np.float64]
    total_spend: float
    total_outcome: float
    total_roi: float
    optimal_outcome: float
    optimal_spend: NDArray[np.float64]
    gap: float
    gap_pct: float
    uplift_pct: float
    best_move: BestMove
    below_floor: NDArray[np.float64]
    above_cap: NDArray[np.float64]
    violations: tuple[str, ...]

    def to_frame(self) -> pd.DataFrame:
        """One row per channel: spend, outcome, ROI, marginal ROI, optimal spend, breaches.

        Examples
        --------
        >>> from xl_salesplan.budget.curves import power
        >>> frame = score_allocation([power(1, 0.5), power(1, 0.5)], [1, 3]).to_frame()
        >>> frame["optimal_spend"].tolist()
        [2.0, 2.0]
        """
        return pd.DataFrame(
            {
                "channel": list(self.names),
                "spend": self.spend,
                "outcome": self.outcome,
                "roi": self.roi,
                "marginal_roi": self.marginal_roi,
                "optimal_spend": self.optimal_spend,
                "below_floor": self.below_floor,
                "above_cap": self.above_cap,
            }
        )

    def summary(self) -> str:
        """A few sentences for the planner.

        Examples
        --------
        >>> from xl_salesplan.budget.curves import power
        >>> print(score_allocation([power(1, 0.5), power(1, 0.5)], [1, 3]).summary())
        The plan spends 4 for an outcome of 2.73 (ROI 0.683). The best plan for this budget reaches 2.83: 3.5% more is possible. Move 1 from channel 1 to channel 0 to gain 0.0964.
        """  # noqa: E501
        text = (
            f"The plan spends {format_amount(self.total_spend)} for an outcome of "
            f"{format_amount(self.total_outcome)}"
        )
        text += f" (ROI {format_amount(self.total_roi)})." if self.total_spend > 0 else "."
        if np.isfinite(self.optimal_outcome):
            more = (
                f"{self.uplift_pct:.1f}% more is possible"
                if self.total_outcome > 0
                else f"{format_amount(self.gap)} more is possible"
            )
            text += (
                f" The best plan for this budget reaches {format_amount(self.optimal_outcome)}"
                f": {more}."
            )
        text += " " + self.best_move.sentence
        if self.violations:
            text += " Breaks: " + "; ".join(self.violations) + "."
        return text


def score_allocation(
    curves: Curves,
    proposal: ArrayLike,
    *,
    floors: ArrayLike | None = None,
    caps: ArrayLike | None = None,
    names: Sequence[str] | None = None,
) -> AllocationScore:
    """Score ``proposal`` (spend per channel; blank = 0) against the response curves.

    Examples
    --------
    >>> from xl_salesplan.budget.curves import power
    >>> s = score_allocation([power(1, 0.5), power(1, 0.5)], [1, 3], caps=[2, None])
    >>> round(s.gap, 6), s.violations
    (0.096376, ())
    >>> score_allocation([power(1, 0.5)], [-5])
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: proposal: spend of channel 0 is negative (-5)
    """
    problem = allocation_problem(
        curves, 0.0, floors=floors, caps=caps, names=names, check_budget=False
    )
    cs, lo, hi = problem.curves, problem.floors, problem.caps
    n = len(cs)
    x = np.atleast_1d(as_float_array(proposal, "proposal")).ravel()
    if x.size != n:
        raise PlanningError.of(
            "budget.scoring.shape_mismatch", code="shape_mismatch", x_size=x.size, n=n
        )
    x = np.where(np.isnan(x), 0.0, x)
    if (x < 0).any():
        i = int(np.flatnonzero(x < 0)[0])
        raise PlanningError.of(
            "budget.scoring.negative_spend",
            code="negative_spend",
            positions=(i,),
            amount=float(x[i]),
            cs_label_i=cs.label(i),
            format_amount_x_i=format_amount(x[i]),
        )
    outcome = evaluate(cs, 0, x)
    marginal = evaluate(cs, 1, x)
    with np.errstate(all="ignore"):
        roi = np.where(x > 0, outcome / x, np.nan)
    budget = float(x.sum())
    total = float(outcome.sum())
    below = np.maximum(lo - x, 0.0)
    above = np.maximum(x - hi, 0.0)
    violations = tuple(
        [
            Text("budget.below_floor", {"channel": cs.label(i), "amount": format_amount(below[i])})
            for i in np.flatnonzero(below)
        ]
        + [
            Text("budget.above_cap", {"channel": cs.label(i), "amount": format_amount(above[i])})
            for i in np.flatnonzero(above)
        ]
    )
    feasible_bounds = (
        lo.sum() <= budget * (1 + 1e-12) + 1e-12 and hi.sum() >= budget * (1 - 1e-12) - 1e-12
    )
    if feasible_bounds:
        opt_problem = allocation_problem(cs, budget, floors=lo, caps=hi)
        opt_x, _, _ = solve_problem(opt_problem)
        opt_x = opt_x[0]
        optimum = float(evaluate(cs, 0, opt_x).sum())
        if not violations and total > optimum:
            optimum, opt_x = total, x.copy()  # the planner's own plan is the best known
    else:
        optimum, opt_x = np.nan, np.full(n, np.nan)
        violations += (Text("budget.bounds_unmet", {"budget": format_amount(budget)}),)
    gap = optimum - total
    with np.errstate(all="ignore"):
        gap_pct = 100.0 * gap / optimum if optimum else np.nan
        uplift_pct = 100.0 * gap / total if total else np.nan
    return AllocationScore(
        names=cs.display_names,
        spend=x,
        outcome=outcome,
        roi=roi,
        marginal_roi=marginal,
        total_spend=budget,
        total_outcome=total,
        total_roi=total / budget if budget > 0 else np.nan,
        optimal_outcome=optimum,
        optimal_spend=opt_x,
        gap=gap,
        gap_pct=float(gap_pct),
        uplift_pct=float(uplift_pct),
        best_move=best_single_move(cs, x, floors=lo, caps=hi),
        below_floor=below,
        above_cap=above,
        violations=violations,
    )


def best_single_move(
    curves: CurveSet,
    spend: NDArray[np.float64],
    *,
    floors: NDArray[np.float64] | None = None,
    caps: NDArray[np.float64] | None = None,
) -> BestMove:
    """The transfer between two channels that gains most, within floors and caps.

    Examples
    --------
    >>> from xl_salesplan.budget.curves import CurveSet
    >>> curves = CurveSet(["log", "log"], [100, 300], [10, 10], names=["Events", "Search"])
    >>> move = best_single_move(curves, np.array([60.0, 40.0]))
    >>> move.source_name, move.target_name, round(move.amount, 6)
    ('Events', 'Search', 40.0)
    """
    n = len(curves)
    lo = np.zeros(n) if floors is None else np.asarray(floors, dtype=np.float64)
    hi = np.full(n, np.inf) if caps is None else np.asarray(caps, dtype=np.float64)
    x = np.asarray(spend, dtype=np.float64)
    give = np.maximum(x - lo, 0.0)  # how much each channel can give up
    take = np.maximum(hi - x, 0.0)  # how much each channel can receive
    take = np.minimum(take, give.sum())
    src, dst = _candidate_pairs(curves, x, lo, give, take)
    names = curves.display_names
    none = BestMove(
        -1, -1, "", "", 0.0, 0.0, "No single move between two channels improves this plan."
    )
    if src.size == 0:
        return none
    limit = np.minimum(give[src], take[dst])
    base = evaluate(curves, 0, x)
    amount, gain = _best_amounts(curves, x, base, src, dst, limit)
    k = int(np.argmax(gain))
    total = float(np.abs(base).sum())
    if not gain[k] > 1e-12 * max(1.0, total):
        return none
    a, b = int(src[k]), int(dst[k])
    sentence = (
        f"Move {format_amount(amount[k])} from {names[a]} to {names[b]} "
        f"to gain {format_amount(gain[k])}."
    )
    return BestMove(a, b, names[a], names[b], float(amount[k]), float(gain[k]), sentence)


def _candidate_pairs(curves: CurveSet, x, lo, give, take):
    """Ordered (source, target) pairs to solve: all, or the most promising for big sets."""
    n = len(curves)
    givers = np.flatnonzero(give > 0)
    takers = np.flatnonzero(take > 0)
    if n > _PAIR_LIMIT:
        with np.errstate(all="ignore"):
            loss = evaluate(curves, 1, x)  # outcome lost per unit given, for small moves
            # Return per unit received over the best stretch: the tangent slope for an
            # S-curve still on its flat start, the marginal return otherwise.
            touch = tangent_points(curves, x)
            reach = np.where(
                touch > x,
                (evaluate(curves, 0, touch) - evaluate(curves, 0, x)) / (touch - x),
                evaluate(curves, 1, x),
            )
        givers = givers[np.argsort(loss[givers], kind="stable")[:_PAIR_LIMIT]]
        takers = takers[np.argsort(-reach[takers], kind="stable")[:_PAIR_LIMIT]]
    src, dst = np.meshgrid(givers, takers, indexing="ij")
    src, dst = src.ravel(), dst.ravel()
    keep = src != dst
    return src[keep], dst[keep]


def _best_amounts(curves: CurveSet, x, base, src, dst, limit):
    """Best amount and gain per pair (``base``: outcome at ``x``): grid, then bisection."""
    sub_s, sub_d = curves.take(src), curves.take(dst)
    xs, xd = x[src], x[dst]

    def gain(t):  # t has shape (pairs, k)
        with np.errstate(all="ignore"):
            fs = evaluate(sub_s, 0, np.maximum(xs[:, None] - t, 0.0).T).T
            fd = evaluate(sub_d, 0, (xd[:, None] + t).T).T
        return fs - base[src][:, None] + fd - base[dst][:, None]

    grid = limit[:, None] * np.linspace(0.0, 1.0, _GRID)
    values = gain(grid)
    arg = np.argmax(values, axis=1)
    rows = np.arange(src.size)
    step = limit / (_GRID - 1)
    a = np.maximum(grid[rows, arg] - step, 0.0)
    b = np.minimum(grid[rows, arg] + step, limit)

    def slope(t):  # derivative of the gain in the amount moved
        with np.errstate(all="ignore"):
            gd = evaluate(sub_d, 1, (xd + t)[None])[0]
            gs = evaluate(sub_s, 1, np.maximum(xs - t, 0.0)[None])[0]
        return gd - gs

    # Bisection on the sign of the derivative inside the bracket of the best grid point:
    # machine precision in the amount (a value-only search stalls near sqrt(eps)).
    a0, b0 = a, b
    rising_a, rising_b = slope(a) > 0, slope(b) > 0
    for _ in range(_BISECTIONS):
        mid = 0.5 * (a + b)
        up = slope(mid) > 0
        a, b = np.where(up, mid, a), np.where(up, b, mid)
        if not ((b - a) > 4e-16 * np.maximum(b, 1e-300)).any():
            break
    t_best = np.where(rising_b, b0, np.where(rising_a, 0.5 * (a + b), a0))
    g_best = gain(t_best[:, None])[:, 0]
    better_grid = values[rows, arg] > g_best
    t_best = np.where(better_grid, grid[rows, arg], t_best)
    g_best = np.where(better_grid, values[rows, arg], g_best)
    return t_best, g_best
