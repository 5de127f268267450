"""Payout curves: a tier table checked, and the payout it gives at any attainment.

A **payout curve** is a tier table (see :mod:`xl_salesplan.people.incentives`): where each
tier starts, its payout points per attainment point, a cap, and whether the first tier
pays from 0% attainment once the threshold is reached. :func:`payout_curve` checks one;
:func:`payout_share` reads it at any number of attainments.

Reading the curve places each attainment in its tier once (:class:`TierPlaces`) and adds
the payout at the tier's start to the tier's rate times the points inside it
(:class:`PayoutLookup`): a few passes over the attainments whatever the number of tiers,
instead of one array of attainments x tiers, and a simulation pricing several curves of
the same starts places its draws once. The payout at a tier's start is added as the
tier-by-tier sum adds it (:func:`sum_chain`), so every payout is the very number
``sum(rate x points inside each tier)`` gives.

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
    "PayoutLookup",
    "TierPlaces",
    "payout_curve",
    "payout_share",
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

    Each attainment is placed in its tier once (:class:`TierPlaces`) and pays the payout
    at that tier's start plus the tier's rate times the points inside it
    (:class:`PayoutLookup`): the work grows with the attainments, not with attainments x
    tiers. The payout at each tier's start is added in the order a sum over the tiers
    adds it (see :func:`sum_chain`), so every figure is the very number the tier-by-tier
    sum gives.

    Examples
    --------
    >>> curve = payout_curve([0.5, 1.0], [1.0, 2.0], from_zero=False)
    >>> payout_share(curve, [0.5, 0.75, 1.1]).tolist()
    [0.0, 0.25, 0.7]
    """
    a = np.asarray(as_float_array(attainment, "attainment", allow_nan=False))
    return PayoutLookup.of(curve).shares(TierPlaces.of(curve, a))


#: Up to this many tiers an attainment is placed by comparing it with each start (a few
#: passes over the array); above it by a binary search of the starts.
_COMPARED_TIERS = 8


@dataclass(frozen=True)
class TierPlaces:
    """Where attainments fall on a tier table (the same for every curve with those starts).

    Place 0 is below the threshold, place ``k + 1`` is tier ``k``.

    Examples
    --------
    >>> places = TierPlaces.of(payout_curve([0.5, 1.0], [1.0, 2.0]), np.array([0.2, 0.7, 1.5]))
    >>> places.place.tolist(), places.inside.tolist()
    ([0, 1, 2], [0.2, 0.7, 0.5])
    """

    place: NDArray[np.intp]  # 0 below the threshold, k + 1 in tier k
    inside: NDArray[np.float64]  # attainment points inside that tier (below: the attainment)

    @classmethod
    def of(cls, curve: PayoutCurve, attainment: NDArray[np.float64]) -> TierPlaces:
        """The places of ``attainment`` (finite numbers, any shape) on ``curve``'s tiers."""
        starts = curve.starts
        if starts.size <= _COMPARED_TIERS:  # the number of starts at or below each attainment
            place = np.zeros(np.shape(attainment), dtype=np.intp)
            for start in starts:
                np.add(place, attainment >= start, out=place, casting="unsafe")
        else:
            place = np.searchsorted(starts, attainment, side="right")
        lows = np.concatenate([[0.0], starts])  # where each place counts from
        if curve.from_zero:
            lows[1] = 0.0
        return cls(place, attainment - np.take(lows, place))


@dataclass(frozen=True)
class PayoutLookup:
    """A payout curve as lookups by tier place (see :class:`TierPlaces`).

    Attributes
    ----------
    rates : ndarray, shape (tiers + 1,)
        Payout points per attainment point at each place (0 below the threshold).
    added : ndarray, shape (steps, tiers + 1)
        The terms added, in order, to the points inside a place times its rate: the payout
        at the tier's start as the tier-by-tier sum adds it (:func:`sum_chain`), padded
        with zeros (payouts are never negative, so adding 0 changes nothing).
    cap : float

    Examples
    --------
    >>> lookup = PayoutLookup.of(payout_curve([0.5, 1.0, 1.2], [1.0, 2.0, 1.0], cap=2.5))
    >>> lookup.rates.tolist(), lookup.added.tolist()
    ([0.0, 1.0, 2.0, 1.0], [[0.0, 0.0, 1.0, 1.4]])
    >>> places = TierPlaces.of(payout_curve([0.5, 1.0, 1.2], [1, 1, 1]), np.array([0.4, 1.1]))
    >>> lookup.shares(places).tolist()  # the same places serve every curve of those starts
    [0.0, 1.2]
    """

    rates: NDArray[np.float64]
    added: NDArray[np.float64]
    cap: float

    @classmethod
    def of(cls, curve: PayoutCurve) -> PayoutLookup:
        """The lookups of ``curve``."""
        lows = curve.starts.copy()
        if curve.from_zero:
            lows[0] = 0.0
        widths = np.append(curve.starts[1:], np.inf) - lows
        full = [float(v) for v in (widths * curve.rates)[:-1]]
        tiers = curve.starts.size
        chains = [[]] + [
            sum_chain([*full[:k], None] + [0.0] * (tiers - 1 - k)) for k in range(tiers)
        ]
        steps = max(1, *(len(chain) for chain in chains))  # below the threshold: + 0
        added = np.array([chain + [0.0] * (steps - len(chain)) for chain in chains]).T
        return cls(np.concatenate([[0.0], curve.rates]), np.ascontiguousarray(added), curve.cap)

    def shares(self, places: TierPlaces) -> NDArray[np.float64]:
        """The payout (share of the target incentive) of attainments placed in their tiers."""
        paid = np.asarray(places.inside * np.take(self.rates, places.place))
        for added in self.added:
            paid += np.take(added, places.place)
        if self.cap < np.inf:
            np.minimum(paid, self.cap, out=paid)
        return paid if paid.ndim else paid[()]


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
