"""Targets from the market (市场分析 -> 目标): market size x growth x share goal.

* :func:`market_target`: the target of every plan year from the market's size today, its
  growth per year and a share goal, with the share moving in a straight line from today's
  share to the goal (the share path). One column per region or product.
* :func:`fair_share_split`: split a target over regions (or products) in proportion to their
  potential (their market size), with holds, caps and rounding like every spread.

Market sizes and growth rates come from outside sources (an industry report, a statistics
office); the workbook keeps a source note next to each figure.

Examples
--------
>>> path = market_target(1_000_000, 0.10, 0.12, current_share=0.10, years=2)
>>> np.round(path.share, 3).tolist(), np.round(path.target).tolist()
([[0.11], [0.12]], [[121000.0], [145200.0]])
>>> fair_share_split(1000, [600, 300, 100])
array([600., 300., 100.])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import Text
from xl_salesplan.targets.spreading import spread_proportional
from xl_salesplan.validation import (
    as_float_array,
    reject_negative,
    reject_out_of_range,
)

__all__ = ["MarketTarget", "check_share", "fair_share_split", "market_target"]


@dataclass(frozen=True)
class MarketTarget:
    """Result of :func:`market_target`: one row per plan year, one column per market.

    Attributes
    ----------
    market : ndarray, shape (years, n)
        Market size in each plan year: today's size x (1 + growth) ** year.
    share : ndarray, shape (years, n)
        Share aimed at in each plan year (the share path), ending at the goal.
    target : ndarray, shape (years, n)
        ``market x share``: the target from the market.
    """

    market: NDArray[np.float64]
    share: NDArray[np.float64]
    target: NDArray[np.float64]

    def table(self, names: list[str] | None = None) -> pd.DataFrame:
        """Long table: year (1 = first plan year), market name, market size, share, target.

        Examples
        --------
        >>> market_target([100, 50], 0.0, 0.5).table(["East", "West"])["target"].tolist()
        [50.0, 25.0]
        """
        years, n = self.target.shape
        labels = names if names is not None else [f"market {j + 1}" for j in range(n)]
        return pd.DataFrame(
            {
                "year": np.repeat(np.arange(1, years + 1), n),
                "market_name": labels * years,
                "market_size": self.market.reshape(-1),
                "share": self.share.reshape(-1),
                "target": self.target.reshape(-1),
            }
        )


def check_share(values: ArrayLike, name: str) -> NDArray[np.float64]:
    """Market shares as a 1-D array of fractions, each from 0 to 1 (100%).

    Examples
    --------
    >>> check_share([0.1, 0.25], "share_goal")
    array([0.1 , 0.25])
    >>> check_share([0.1, 1.2], "share_goal")
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: share_goal must be from 0 to 100% (a share of the
    market); position 1 is 1.2 (out of range at [1])
    """
    arr = np.atleast_1d(as_float_array(values, name, allow_nan=False)).reshape(-1)
    bad = np.flatnonzero((arr < 0) | (arr > 1))
    if bad.size:
        i = int(bad[0])
        raise PlanningError.of(
            "targets.market.share_out_of_range",
            positions=bad.tolist(),
            amount=float(arr[i]),
            name=name,
            position=i,
            value=f"{arr[i]:g}",
            listed=", ".join(str(int(k)) for k in bad),
        )
    return arr


def market_target(
    market_size: ArrayLike,
    growth: ArrayLike,
    share_goal: ArrayLike,
    *,
    current_share: ArrayLike | None = None,
    years: int = 1,
) -> MarketTarget:
    """Targets from market size, market growth and a share goal, year by year.

    Parameters
    ----------
    market_size : array_like, shape (n,) or scalar
        Size of each market (region or product) in the current year, >= 0.
    growth : array_like, shape (n,) or scalar
        The market's growth per year (0.08 = +8%), at least -100%.
    share_goal : array_like, shape (n,) or scalar
        Share of the market to hold in the last plan year, from 0 to 1.
    current_share : array_like, optional
        Today's share; the share then moves in a straight line to the goal over ``years``.
        Default: the goal already in the first year.
    years : int, default 1
        Number of plan years (1 to 20).

    Returns
    -------
    MarketTarget

    Raises
    ------
    PlanningError
        ``share_out_of_range`` (a share above 100% or below 0), ``growth_below_minus_100``,
        ``negative``, ``shape_mismatch``, ``out_of_range`` (years).

    Examples
    --------
    >>> market_target([2_000_000, 500_000], [0.05, 0.20], 0.10).target
    array([[210000.,  60000.]])
    >>> market_target(1000, 0.1, 1.5)
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: share_goal must be from 0 to 100% (a share of the
    market); position 0 is 1.5 (out of range at [0])
    """
    if isinstance(years, bool) or not float(years).is_integer() or not 1 <= years <= 20:
        raise PlanningError.of("targets.market.out_of_range", code="out_of_range", years=years)
    size = np.atleast_1d(as_float_array(market_size, "market_size", allow_nan=False)).reshape(-1)
    reject_negative(size, "market_size", what=Text("input.what.market_size"))
    rate = np.atleast_1d(as_float_array(growth, "growth", allow_nan=False)).reshape(-1)
    reject_out_of_range(
        rate,
        rate < -1,
        "growth",
        Text("input.rule.market_growth"),
        code="growth_below_minus_100",
    )
    goal = check_share(share_goal, "share_goal")
    start = goal if current_share is None else check_share(current_share, "current_share")
    try:
        n = np.broadcast_shapes(size.shape, rate.shape, goal.shape, start.shape)[0]
    except ValueError:
        raise PlanningError.of(
            "targets.market.shape_mismatch",
            code="shape_mismatch",
            size_size=size.size,
            rate_size=rate.size,
            goal_size=goal.size,
            start_size=start.size,
        ) from None
    step = np.arange(1, int(years) + 1, dtype=np.float64)[:, None]
    market = np.broadcast_to(size, (n,)) * (1.0 + np.broadcast_to(rate, (n,))) ** step
    share = start + (goal - start) * step / float(years)
    share = np.broadcast_to(share, market.shape).copy()
    return MarketTarget(market=market, share=share, target=market * share)


def fair_share_split(
    total: float,
    potential: ArrayLike,
    *,
    holds: ArrayLike | None = None,
    caps: ArrayLike | None = None,
    unit: float | None = None,
) -> NDArray[np.float64]:
    """Split a target over regions in proportion to their potential (fair share).

    A thin name over :func:`~xl_salesplan.targets.spreading.spread_proportional` with the
    potential (e.g. each region's market size) as weights: held regions keep their value,
    caps are respected (what overflows goes to regions with room), and with ``unit`` the
    parts are rounded keeping the total exact.

    Examples
    --------
    >>> fair_share_split(1000, [600, 300, 100], holds=[None, None, 200])
    array([533.33333333, 266.66666667, 200.        ])
    >>> fair_share_split(1000, [1, 1, 1], unit=10)
    array([340., 330., 330.])
    """
    return spread_proportional(total, potential, holds=holds, caps=caps, unit=unit)
