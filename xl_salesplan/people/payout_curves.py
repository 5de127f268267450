"""Payout curves: a tier table checked, and the payout it gives at any attainment.

A **payout curve** is a tier table (see :mod:`xl_salesplan.people.incentives`): where each
tier starts, its payout points per attainment point, a cap, and whether the first tier
pays from 0% attainment once the threshold is reached. :func:`payout_curve` checks one;
:func:`payout_share` reads it at any number of attainments.

Reading the curve places each attainment in its tier once (:class:`TierPlaces`, a binary
search of the starts) and adds the payout at the tier's start to the tier's rate times
the points inside it: the work grows with the attainments, not with attainments x tiers,
and a simulation pricing several curves of the same starts places its draws once. The
payout at a tier's start is added as the tier-by-tier sum adds it (:func:`sum_chain`),
so every payout is the very number ``sum(rate x points inside each tier)`` gives.

Examples
--------
>>> curve = payout_curve([0.5, 1.0, 1.5], [1.0, 2.0, 0.5], cap=2.5)
>>> payout_share(curve, [0.4, 0.5, 1.0, 1.2, 1.6, 3.0]).tolist()
[0.0, 0.5, 1.0, 1.4, 2.05, 2.5]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import Text
from xl_salesplan.validation import (
    as_finite_scalar,
    as_float_array,
    reject_negative,
)

__all__ = [
    "MAX_TIERS",
    "PayoutCurve",
    "TierPlaces",
    "payout_curve",
    "payout_share",
    "placed_payout_share",
    "sum_chain",
]


#: Most tiers a payout curve takes (compensation plans have a handful).
MAX_TIERS = 20


@dataclass(frozen=True)
class PayoutCurve:
    """A checked payout curve (see :func:`payout_curve`).

    Attributes
    ----------
    starts : ndarray, shape (tiers,)
        Attainment where each tier starts, strictly increasing; ``starts[0]`` is the threshold.
    rates : ndarray, shape (tiers,)
        Payout points per attainment point inside each tier (>= 0).
    cap : float
        Highest payout as a share of the target incentive (``inf`` = no cap).
    from_zero : bool
        True: on reaching the threshold the first tier pays from 0% attainment.
    """

    starts: NDArray[np.float64]
    rates: NDArray[np.float64]
    cap: float
    from_zero: bool


def payout_curve(
    starts: ArrayLike,
    rates: ArrayLike,
    *,
    cap: float | None = None,
    from_zero: bool = True,
) -> PayoutCurve:
    """Check a tier table and return the payout curve.

    Parameters
    ----------
    starts : array_like, shape (tiers,)
        Attainment where each tier starts (1.0 = 100%), strictly increasing, >= 0.
    rates : array_like, shape (tiers,)
        Payout points per attainment point in each tier, >= 0 (above 1 accelerates, below
        1 decelerates).
    cap : float, optional
        Highest payout as a share of the target incentive (e.g. 2.5 = 250%), > 0.
    from_zero : bool, default True
        Whether the first tier counts from 0% attainment once the threshold is reached.

    Raises
    ------
    PlanningError
        ``tiers_not_increasing``, ``negative``, ``shape_mismatch``, ``empty``,
        ``cap_not_positive``.

    Examples
    --------
    >>> payout_curve([0.5, 1.0, 0.9], [1, 2, 1])
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: tiers must start at increasing attainment; the tier at
    position 2 starts at 90%, not above the tier before it (100%)
    """
    start = np.atleast_1d(as_float_array(starts, "starts", allow_nan=False)).reshape(-1)
    rate = np.atleast_1d(as_float_array(rates, "rates", allow_nan=False)).reshape(-1)
    if start.size == 0:
        raise PlanningError.of("people.incentives.empty", code="empty")
    if start.size > MAX_TIERS:
        raise PlanningError.of(
            "people.incentives.too_many_tiers",
            code="too_many_tiers",
            amount=float(start.size),
            start_size=start.size,
            MAX_TIERS=MAX_TIERS,
        )
    if start.size != rate.size:
        raise PlanningError.of(
            "people.incentives.shape_mismatch",
            code="shape_mismatch",
            start_size=start.size,
            rate_size=rate.size,
        )
    reject_negative(start, "starts", what=Text("input.what.attainment"))
    reject_negative(rate, "rates", what=Text("input.what.rate"), why=Text("input.why.payout"))
    steps = np.flatnonzero(np.diff(start) <= 0)
    if steps.size:
        i = int(steps[0]) + 1
        raise PlanningError.of(
            "people.incentives.tiers_not_increasing",
            positions=[int(k) + 1 for k in steps],
            amount=float(start[i]),
            position=i,
            start=f"{start[i]:.0%}",
            before=f"{start[i - 1]:.0%}",
        )
    top = np.inf if cap is None else as_finite_scalar(cap, "cap")
    if top <= 0:
        raise PlanningError.of(
            "people.incentives.cap_not_positive", code="cap_not_positive", amount=top, top=top
        )
    return PayoutCurve(start, rate, float(top), bool(from_zero))


def payout_share(curve: PayoutCurve, attainment: ArrayLike) -> NDArray[np.float64]:
    """Payout as a share of the target incentive for each attainment (any shape).

    Each attainment is placed in its tier once (a binary search of the tier starts) and
    pays the payout at that tier's start plus the tier's rate times the points inside it:
    the work grows with the attainments, not with attainments x tiers. The payout at each
    tier's start is added in the order a sum over the tiers adds it (see
    :func:`sum_chain`), so every figure is the very number the tier-by-tier sum gives.

    Examples
    --------
    >>> curve = payout_curve([0.5, 1.0], [1.0, 2.0], from_zero=False)
    >>> payout_share(curve, [0.5, 0.75, 1.1]).tolist()
    [0.0, 0.25, 0.7]
    """
    a = np.asarray(as_float_array(attainment, "attainment", allow_nan=False))
    return placed_payout_share(curve, TierPlaces.of(curve, a))


@dataclass(frozen=True)
class TierPlaces:
    """Where attainments fall on a tier table (the same for every curve with those starts).

    Examples
    --------
    >>> places = TierPlaces.of(payout_curve([0.5, 1.0], [1.0, 2.0]), np.array([0.2, 0.7, 1.5]))
    >>> places.reached.tolist(), places.tier.tolist(), places.inside.tolist()
    ([False, True, True], [0, 0, 1], [0.2, 0.7, 0.5])
    """

    reached: NDArray[np.bool_]  # at or above the threshold
    tier: NDArray[np.intp]  # the tier each attainment is in (0 below the threshold)
    inside: NDArray[np.float64]  # attainment points inside that tier

    @classmethod
    def of(cls, curve: PayoutCurve, attainment: NDArray[np.float64]) -> TierPlaces:
        """The places of ``attainment`` (checked numbers, any shape) on ``curve``'s tiers."""
        tier = np.maximum(np.searchsorted(curve.starts, attainment, side="right") - 1, 0)
        inside = attainment - _tier_lows(curve)[tier]
        return cls(attainment >= curve.starts[0], tier, inside)


def _tier_lows(curve: PayoutCurve) -> NDArray[np.float64]:
    """Where each tier counts from: its start, or 0 for the first tier paying from zero."""
    lows = curve.starts.copy()
    if curve.from_zero:
        lows[0] = 0.0
    return lows


def placed_payout_share(curve: PayoutCurve, places: TierPlaces) -> NDArray[np.float64]:
    """:func:`payout_share` of attainments already placed in their tiers.

    Examples
    --------
    >>> curve = payout_curve([0.5, 1.0], [1.0, 2.0], cap=2.0)
    >>> steeper = payout_curve([0.5, 1.0], [1.0, 3.0], cap=2.0)
    >>> places = TierPlaces.of(curve, np.array([0.4, 1.2]))  # the same places for both
    >>> placed_payout_share(curve, places).tolist(), placed_payout_share(steeper, places).tolist()
    ([0.0, 1.4], [0.0, 1.6])
    """
    paid = places.inside * curve.rates[places.tier]
    for added in _start_payouts(curve).T:  # the payout at the tier's start, term by term
        paid += added[places.tier]
    paid = np.where(places.reached, paid, 0.0)
    return np.minimum(paid, curve.cap)


def _start_payouts(curve: PayoutCurve) -> NDArray[np.float64]:
    """Per tier (rows), the terms added to the payout inside it, in the sum's order.

    The tier-by-tier payout is the sum over the tiers of ``rate x points inside``: full
    widths below the attainment's tier, zeros above it. The rows hold the other terms of
    that sum as :func:`sum_chain` adds them to the attainment's own term, padded with
    zeros (payouts are never negative, so adding 0 changes nothing).

    Examples
    --------
    >>> _start_payouts(payout_curve([0.5, 1.0, 1.2], [1.0, 2.0, 1.0])).tolist()
    [[0.0], [1.0], [1.4]]
    """
    lows = _tier_lows(curve)
    widths = np.append(curve.starts[1:], np.inf) - lows
    full = [float(v) for v in (widths * curve.rates)[:-1]]
    tiers = curve.starts.size
    chains = [sum_chain([*full[:k], None] + [0.0] * (tiers - 1 - k)) for k in range(tiers)]
    steps = max(1, *(len(chain) for chain in chains))
    return np.array([chain + [0.0] * (steps - len(chain)) for chain in chains])


def sum_chain(terms: list[float | None]) -> list[float]:
    """What numpy's sum of ``terms`` adds to the one unknown term (``None``), in order.

    ``np.add.reduce`` over a short last axis starts from 0 and sums pairwise: fewer than 8
    terms one after the other, 8 to 128 terms in 8 running sums combined as a tree, then
    the rest one by one. Following that order with the known terms gives the additions
    made to the unknown one (addition commutes exactly; only the grouping changes a
    result), so ``unknown + c1 + c2 ...`` is bit for bit the sum.

    Examples
    --------
    >>> sum_chain([1.0, 2.0, None])
    [3.0]
    >>> sum_chain([1.0, 2.0, 3.0, None, 0.0, 0.0, 0.0, 0.0])  # ((1 + 2) + (3 + u)) + 0
    [3.0, 3.0]
    """
    Partial = float | list[float]  # a known sum, or the additions made to the unknown term

    def add(x: Partial, y: Partial) -> Partial:
        if isinstance(x, list):
            return [*x, y]  # type: ignore[list-item]
        if isinstance(y, list):
            return [*y, x]
        return x + y

    values: list[Partial] = [[] if t is None else t for t in terms]
    n = len(values)
    if n < 8:
        total: Partial = 0.0
        for value in values:
            total = add(total, value)
    else:
        if n > 128:
            raise ValueError("at most 128 terms")
        runs = values[:8]
        i = 8
        while i < n - n % 8:
            runs = [add(runs[j], values[i + j]) for j in range(8)]
            i += 8
        total = add(add(add(runs[0], runs[1]), add(runs[2], runs[3])),
                    add(add(runs[4], runs[5]), add(runs[6], runs[7])))  # fmt: skip
        for value in values[i:]:
            total = add(total, value)
    total = add(0.0, total)
    # payouts are never negative: adding 0 to one changes nothing
    return [c for c in total if c != 0.0] if isinstance(total, list) else []
