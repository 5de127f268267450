"""Optimal allocation of a budget across channels with response curves.

Maximise the total outcome ``sum_i f_i(x_i)`` subject to spending exactly the
budget, ``sum_i x_i = B``, and per-channel floors and caps
``floor_i <= x_i <= cap_i``.

Method and guarantee
--------------------
*Concave curves* (Hill with slope <= 1, Michaelis-Menten, logarithmic, power,
linear with a cap): a bracketing search on the Lagrange multiplier ``lam`` (see
:mod:`xl_salesplan.budget.multiplier_search`). At the optimum every channel strictly between
its bounds has the same marginal return ``lam``; channels at a floor return less per
extra unit, channels at a cap more. The result meets these conditions to about 1e-14
relative, spends the budget exactly, and is the global optimum (a concave problem
has no other local optimum). Channels with flat, equal marginal returns (linear
pieces) share the money at that return; any such split is optimal.

*S-shaped curves* (Hill with slope > 1): the search runs on each curve's concave
envelope seen from its floor, so a flat start never hides a channel that pays off
once funded. The envelope optimum is an upper bound on what any allocation can
reach. When no channel lands inside a straight piece of its envelope, that bound is
attained and the answer is the global optimum (``proven_optimal``). Otherwise
:mod:`xl_salesplan.budget.s_curve_search` decides which S-shaped channels are "off" (at their
floor) or "on" (beyond the inflection point, where the curve is concave), solving each
such pattern exactly, and lets one channel at a time sit anywhere on its range. With
few S-shaped channels every pattern is tried; with many, a bounded local search. The
result is always feasible, never worse than the envelope's own allocation, and its
distance to the optimum is at most ``upper_bound - total_outcome``, which is reported.

Examples
--------
>>> from xl_salesplan.budget.curves import CurveSet
>>> curves = CurveSet(["logarithmic", "logarithmic"], [100, 300], [10, 10],
...                   names=["Events", "Paid search"])
>>> plan = optimise_budget(curves, 100)
>>> plan.spend.round(6).tolist(), round(plan.multiplier, 6)
([20.0, 80.0], 3.333333)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.budget.curves import CurveSet, ResponseCurve, as_curve_set, evaluate
from xl_salesplan.budget.multiplier_search import multiplier_search
from xl_salesplan.budget.s_curve_search import improve_s_curves
from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import Listing, Text
from xl_salesplan.validation import as_float_array

__all__ = [
    "Allocation",
    "AllocationProblem",
    "Frontier",
    "allocation_problem",
    "budget_frontier",
    "format_amount",
    "next_unit_value",
    "optimise_budget",
    "solve_problem",
]

Curves = CurveSet | ResponseCurve | Sequence[ResponseCurve]


@dataclass(frozen=True)
class AllocationProblem:
    """Checked inputs of an allocation: curves, bounds and budgets.

    ``floors`` (blank = 0) and ``caps`` (blank = no cap, ``inf``) have shape ``(n,)``;
    ``budgets`` has shape ``(m,)``.
    """

    curves: CurveSet
    floors: NDArray[np.float64]
    caps: NDArray[np.float64]
    budgets: NDArray[np.float64]


def allocation_problem(
    curves: Curves,
    budgets: ArrayLike,
    *,
    floors: ArrayLike | None = None,
    caps: ArrayLike | None = None,
    names: Sequence[str] | None = None,
    check_budget: bool = True,
) -> AllocationProblem:
    """Check an allocation request and return it in array form.

    Raises :class:`~xl_salesplan.errors.PlanningError` when a floor is above its cap,
    a bound is negative or not a number, the floors add up to more than a budget, or
    the caps to less (``check_budget=False`` skips the last two).

    Examples
    --------
    >>> from xl_salesplan.budget.curves import power
    >>> p = allocation_problem([power(1, 0.5), power(2, 0.5)], 10, floors=[2, None])
    >>> p.floors.tolist(), p.caps.tolist(), p.budgets.tolist()
    ([2.0, 0.0], [inf, inf], [10.0])
    >>> allocation_problem([power(1, 0.5), power(2, 0.5)], 10, floors=[8, 5])
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: floors add up to 13, which is 3 more than the budget ...
    """
    cs = as_curve_set(curves, names)
    n = len(cs)
    b = np.atleast_1d(as_float_array(budgets, "budget", allow_nan=False)).ravel()
    if b.size == 0:
        raise PlanningError.of("budget.allocation.empty", code="empty")
    if (b < 0).any():
        pos = int(np.flatnonzero(b < 0)[0])
        raise PlanningError.of(
            "budget.allocation.negative_budget",
            code="negative_budget",
            positions=(pos,),
            amount=float(b[pos]),
            format_amount_b_pos=format_amount(b[pos]),
        )
    lo = _bound(floors, "floors", n, 0.0)
    hi = _bound(caps, "caps", n, np.inf)
    for label, arr in (("floor", lo), ("cap", hi)):
        bad = arr < 0
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise PlanningError.of(
                "budget.allocation.must_not_be_negative_got",
                code=f"negative_{label}",
                positions=(i,),
                amount=float(arr[i]),
                cs_label_i=cs.label(i),
                label=label,
                format_amount_arr_i=format_amount(arr[i]),
            )
    if np.isinf(lo).any():
        i = int(np.flatnonzero(np.isinf(lo))[0])
        raise PlanningError.of(
            "budget.allocation.not_finite",
            code="not_finite",
            positions=(i,),
            cs_label_i=cs.label(i),
        )
    crossed = lo > hi
    if crossed.any():
        idx = np.flatnonzero(crossed)
        i = int(idx[0])
        raise PlanningError.of(
            "budget.allocation.floor_above_cap",
            code="floor_above_cap",
            positions=tuple(int(j) for j in idx),
            amount=float(lo[i] - hi[i]),
            cs_label_i=cs.label(i),
            format_amount_lo_i=format_amount(lo[i]),
            format_amount_hi_i=format_amount(hi[i]),
        )
    if check_budget:
        _check_budget_fits(cs, lo, hi, b)
    return AllocationProblem(cs, lo, hi, b)


def _bound(values: ArrayLike | None, name: str, n: int, fill: float) -> NDArray[np.float64]:
    if values is None:
        return np.full(n, fill)
    try:
        out = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        out = as_float_array(values, name)
    try:
        out = np.broadcast_to(out, (n,)).copy()
    except ValueError:
        raise PlanningError.of(
            "budget.allocation.shape_mismatch",
            code="shape_mismatch",
            name=name,
            out_size=out.size,
            n=n,
        ) from None
    out[np.isnan(out)] = fill
    return out


def _check_budget_fits(cs: CurveSet, lo, hi, budgets) -> None:
    floor_sum, cap_sum = float(lo.sum()), float(hi.sum())
    least, most = float(budgets.min()), float(budgets.max())
    if floor_sum > least * (1 + 1e-12) + 1e-12:
        who = _listing(cs, lo, lo > 0)
        raise PlanningError.of(
            "budget.allocation.floors_exceed_budget",
            code="floors_exceed_budget",
            positions=tuple(int(i) for i in np.flatnonzero(lo > 0)),
            amount=floor_sum - least,
            format_amount_floor_sum=format_amount(floor_sum),
            format_amount_floor_sum_least=format_amount(floor_sum - least),
            format_amount_least=format_amount(least),
            who=who,
        )
    if cap_sum < most * (1 - 1e-12) - 1e-12:
        who = _listing(cs, hi, np.isfinite(hi))
        raise PlanningError.of(
            "budget.allocation.caps_below_budget",
            code="caps_below_budget",
            positions=tuple(int(i) for i in np.flatnonzero(np.isfinite(hi))),
            amount=most - cap_sum,
            format_amount_cap_sum=format_amount(cap_sum),
            format_amount_most_cap_sum=format_amount(most - cap_sum),
            format_amount_most=format_amount(most),
            who=who,
        )


def _listing(cs: CurveSet, values, mask, limit: int = 6) -> Listing:
    idx = np.flatnonzero(mask)
    idx = idx[np.argsort(-values[idx], kind="stable")]
    parts: list[object] = [
        Text(
            "budget.channel_amount",
            {"channel": cs.label(int(i)), "amount": format_amount(values[i])},
        )
        for i in idx[:limit]
    ]
    if idx.size > limit:
        parts.append(Text("budget.and_more", {"count": idx.size - limit}))
    return Listing(tuple(parts))


def format_amount(value: float) -> str:
    """Format an amount for a planner: thousands separators, sensible decimals.

    Examples
    --------
    >>> format_amount(1234567.8), format_amount(35.4), format_amount(0.84567), format_amount(0)
    ('1,234,568', '35.4', '0.846', '0')
    """
    v = float(value)
    if not np.isfinite(v):
        return str(v)
    a = abs(v)
    if a >= 100 or a == 0 or round(v) == v:
        return f"{v:,.0f}"
    digits = max(0, 2 - int(np.floor(np.log10(a))))
    return f"{v:,.{digits}f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Allocation:
    """An optimal allocation and what it is worth.

    Attributes
    ----------
    names : tuple of str
        Channel labels.
    spend, outcome, marginal : ndarray, shape (n,)
        Spend per channel, its outcome, and the return of the next unit of spend.
    status : tuple of str
        ``"free"`` (between its bounds), ``"at floor"``, ``"at cap"``, ``"fixed"``
        (floor equals cap) or ``"unfunded"`` (no spend and no floor).
    bound_value : ndarray, shape (n,)
        For a channel held by its floor or cap: the outcome gained per unit by
        relaxing that bound (lowering the floor or raising the cap), i.e.
        ``|marginal - multiplier|``; it is what the bound costs per unit. 0 otherwise.
    budget, total_outcome : float
    multiplier : float
        Value of one more unit of budget: the common marginal return of the free
        channels (0 when every channel is saturated).
    upper_bound : float
        No allocation can reach more (equal to ``total_outcome`` when proven optimal).
    proven_optimal : bool
        True when ``total_outcome`` reaches ``upper_bound`` (always for concave curves).
    """

    names: tuple[str, ...]
    spend: NDArray[np.float64]
    outcome: NDArray[np.float64]
    marginal: NDArray[np.float64]
    status: tuple[str, ...]
    bound_value: NDArray[np.float64]
    budget: float
    total_outcome: float
    multiplier: float
    upper_bound: float
    proven_optimal: bool

    def to_frame(self) -> pd.DataFrame:
        """One row per channel: spend, outcome, ROI, marginal return, status, bound value.

        Examples
        --------
        >>> from xl_salesplan.budget.curves import power
        >>> optimise_budget([power(1, 0.5), power(1, 0.5)], 8).to_frame()["spend"].tolist()
        [4.0, 4.0]
        """
        with np.errstate(all="ignore"):
            roi = np.where(self.spend > 0, self.outcome / self.spend, np.nan)
        return pd.DataFrame(
            {
                "channel": list(self.names),
                "spend": self.spend,
                "outcome": self.outcome,
                "roi": roi,
                "marginal_roi": self.marginal,
                "status": list(self.status),
                "bound_value": self.bound_value,
            }
        )

    def summary(self) -> str:
        """One sentence for the planner.

        Examples
        --------
        >>> from xl_salesplan.budget.curves import power
        >>> print(optimise_budget([power(1, 0.5), power(1, 0.5)], 8).summary())
        Best plan: outcome 4 from a budget of 8; one more unit of budget adds 0.25.
        """
        text = (
            f"Best plan: outcome {format_amount(self.total_outcome)} from a budget of "
            f"{format_amount(self.budget)}; one more unit of budget adds "
            f"{format_amount(self.multiplier)}."
        )
        if not self.proven_optimal:
            text += (
                f" S-shaped curves: at most {format_amount(self.upper_bound - self.total_outcome)}"
                " short of the best possible."
            )
        return text


@dataclass(frozen=True)
class Frontier:
    """Optimal outcome for each of several budgets.

    Attributes
    ----------
    budgets, total_outcome, multiplier, upper_bound : ndarray, shape (m,)
    spend : ndarray, shape (m, n)
        The optimal allocation for each budget (rows).
    names : tuple of str
    """

    budgets: NDArray[np.float64]
    total_outcome: NDArray[np.float64]
    multiplier: NDArray[np.float64]
    upper_bound: NDArray[np.float64]
    spend: NDArray[np.float64]
    names: tuple[str, ...]

    def to_frame(self) -> pd.DataFrame:
        """One row per budget: budget, outcome, multiplier, then spend per channel.

        Examples
        --------
        >>> from xl_salesplan.budget.curves import power
        >>> budget_frontier([power(1, 0.5)], [1, 4]).to_frame().columns.tolist()
        ['budget', 'total_outcome', 'multiplier', 'channel 0']
        """
        frame = pd.DataFrame(
            {
                "budget": self.budgets,
                "total_outcome": self.total_outcome,
                "multiplier": self.multiplier,
            }
        )
        spend = pd.DataFrame(self.spend, columns=list(self.names))
        return pd.concat([frame, spend], axis=1)


def optimise_budget(
    curves: Curves,
    budget: float,
    *,
    floors: ArrayLike | None = None,
    caps: ArrayLike | None = None,
    names: Sequence[str] | None = None,
) -> Allocation:
    """Spend ``budget`` across channels to maximise the total outcome.

    Parameters
    ----------
    curves : CurveSet or list of ResponseCurve
        One response curve per channel.
    budget : float
        The amount to spend, exactly.
    floors, caps : array_like, optional
        Per-channel minimum and maximum spend (blank = 0 / no cap).
    names : sequence of str, optional
        Channel names for messages and reports.

    Returns
    -------
    Allocation

    Examples
    --------
    >>> from xl_salesplan.budget.curves import linear_cap, logarithmic
    >>> plan = optimise_budget([linear_cap(3, 40), logarithmic(100, 50)], 100, caps=[None, 50])
    >>> plan.spend.tolist(), plan.status
    ([50.0, 50.0], ('free', 'at cap'))
    >>> optimise_budget([linear_cap(3, 40)], 100, caps=[60])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: caps add up to 60, which is 40 short of the budget of 100 ...
    """
    problem = allocation_problem(curves, budget, floors=floors, caps=caps, names=names)
    x, lam, ub = solve_problem(problem)
    return _allocation(problem, x[0], float(lam[0]), float(ub[0]))


def budget_frontier(
    curves: Curves,
    budgets: ArrayLike,
    *,
    floors: ArrayLike | None = None,
    caps: ArrayLike | None = None,
    names: Sequence[str] | None = None,
) -> Frontier:
    """Optimal outcome and allocation for each budget in ``budgets``, in one pass.

    The multiplier search runs for all budgets at once (vectorised along a first axis).

    Examples
    --------
    >>> from xl_salesplan.budget.curves import logarithmic
    >>> f = budget_frontier([logarithmic(100, 10), logarithmic(300, 10)], [20, 100, 180])
    >>> f.spend.round(6).tolist()
    [[0.0, 20.0], [20.0, 80.0], [40.0, 140.0]]
    >>> np.all(np.diff(f.total_outcome) > 0)
    np.True_
    """
    problem = allocation_problem(curves, budgets, floors=floors, caps=caps, names=names)
    x, lam, ub = solve_problem(problem)
    cs = problem.curves
    total = evaluate(cs, 0, x).sum(axis=1)
    return Frontier(problem.budgets.copy(), total, lam, np.maximum(ub, total), x, cs.display_names)


def solve_problem(
    problem: AllocationProblem,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Optimal spend ``(m, n)``, multiplier ``(m,)`` and upper bound ``(m,)`` per budget.

    Examples
    --------
    >>> from xl_salesplan.budget.curves import power
    >>> x, lam, ub = solve_problem(allocation_problem([power(1, 0.5)] * 2, [2, 8]))
    >>> x.tolist(), lam.round(4).tolist()
    ([[1.0, 1.0], [4.0, 4.0]], [0.5, 0.25])
    """
    cs, lo, hi, budgets = problem.curves, problem.floors, problem.caps, problem.budgets
    env = multiplier_search(cs, lo, hi, budgets)
    x, ub = env.spend, env.upper_bound
    if env.split.any():
        x, _, ub = improve_s_curves(cs, lo, hi, budgets, env)
    return x, next_unit_value(cs, x, hi), ub


def next_unit_value(
    curves: CurveSet, spend: NDArray[np.float64], caps: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Value of one more unit of budget: the best marginal return among channels below cap.

    A channel whose return drops within ``1e-9 * (1 + spend)`` further on (a linear
    channel sitting, to rounding, at its saturation) counts with the lower return. At an
    optimum of concave curves this is the Lagrange multiplier, the common marginal return
    of the free channels. 0 when every channel is at its cap.

    Examples
    --------
    >>> from xl_salesplan.budget.curves import CurveSet
    >>> curves = CurveSet(["log", "log", "linear_cap"], [10, 10, 5], [1, 1, 3])
    >>> caps = np.array([1.0, np.inf, np.inf])
    >>> next_unit_value(curves, np.array([[1.0, 4.0, 3.0 - 1e-15]]), caps).round(6)
    array([2.])
    """
    marginal = evaluate(curves, 1, spend)
    ahead = evaluate(curves, 1, np.minimum(spend + 1e-9 * (1.0 + spend), caps))
    marginal = np.where(ahead < marginal * (1 - 1e-6), ahead, marginal)  # a kink just ahead
    room = (spend < caps * (1 - 1e-12) - 1e-300) & np.isfinite(marginal)
    return np.where(room, marginal, -np.inf).max(axis=-1, initial=0.0)


def _allocation(problem: AllocationProblem, x, lam: float, ub: float) -> Allocation:
    cs, lo, hi = problem.curves, problem.floors, problem.caps
    outcome = evaluate(cs, 0, x)
    marginal = evaluate(cs, 1, x)
    tol = 1e-12 * float(problem.budgets[0])
    at_lo, at_hi = x <= lo + tol, x >= hi - tol
    status = np.select(
        [at_lo & at_hi, at_lo & (lo == 0), at_lo, at_hi],
        ["fixed", "unfunded", "at floor", "at cap"],
        default="free",
    )
    with np.errstate(invalid="ignore"):
        gap = np.where(np.isfinite(marginal), np.abs(marginal - lam), np.inf)
    bound_value = np.where(
        (status == "at floor") & (marginal < lam)
        | (status == "at cap") & (marginal > lam)
        | (status == "fixed"),
        gap,
        0.0,
    )
    total = float(outcome.sum())
    return Allocation(
        names=cs.display_names,
        spend=x,
        outcome=outcome,
        marginal=marginal,
        status=tuple(str(s) for s in status),
        bound_value=bound_value,
        budget=float(problem.budgets[0]),
        total_outcome=total,
        multiplier=lam,
        upper_bound=max(ub, total),
        proven_optimal=bool(total >= ub - 1e-10 * max(1.0, abs(ub))),
    )
