"""Incentives (激励): payout curves by attainment and the cost of a plan as a distribution.

A **payout curve** is a tier table, as compensation plans are written:

==============  ======  =====================================================
attainment      rate    meaning
==============  ======  =====================================================
50%             1.0     threshold: below 50% nothing is paid
100%            2.0     accelerator: every point above 100% pays 2 points
150%            0.5     decelerator: above 150% every point pays half a point
==============  ======  =====================================================

with a cap (e.g. 250% of the target incentive). The payout, as a share of the target
incentive, adds ``rate x`` the attainment inside each tier; the first tier counts from 0
once the threshold is reached (``from_zero=True``, the usual "50% at the threshold"), or
from the threshold itself (``from_zero=False``, no jump). Rates are 0 or more, so the payout
never falls when attainment rises, and it never passes the cap.

* :func:`payout_curve` checks a tier table; :func:`payout_share` reads the curve;
  :func:`payout` pays reps (per period for quarterly measurement, plus a bonus per new
  customer).
* :func:`payout_risk`: the plan's cost as a distribution, from the **same** simulated
  attainment that gives the quota risk
  (:func:`xl_salesplan.people.quota_risk.simulated_attainment`): expected cost, P50, P90
  (the cost not passed nine years in ten), cost as a share of revenue, and, for a changed
  tier table, the same figures on the same draws and the difference.

Examples
--------
>>> curve = payout_curve([0.5, 1.0, 1.5], [1.0, 2.0, 0.5], cap=2.5)
>>> payout_share(curve, [0.4, 0.5, 1.0, 1.2, 1.6, 3.0]).tolist()
[0.0, 0.5, 1.0, 1.4, 2.05, 2.5]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.history.portable_math import dot
from xl_salesplan.messages import Text
from xl_salesplan.people.quota_risk import simulated_attainment
from xl_salesplan.validation import (
    as_finite_scalar,
    as_float_array,
    reject_negative,
)

__all__ = [
    "MAX_TIERS",
    "CostFigures",
    "PayoutCurve",
    "PayoutRisk",
    "payout",
    "payout_curve",
    "payout_risk",
    "payout_share",
    "tier_curves",
    "tier_sensitivity",
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


@dataclass(frozen=True)
class CostFigures:
    """The cost distribution of one payout curve over the simulated years.

    Attributes
    ----------
    expected, p50, p90 : float
        Mean, median and 90th percentile (not passed nine years in ten) of the plan's cost.
    share_of_revenue : float
        Expected cost / expected revenue (team bookings).
    costs : ndarray, shape (n_sims,)
        Every simulated year's cost.
    """

    expected: float
    p50: float
    p90: float
    share_of_revenue: float
    costs: NDArray[np.float64]


@dataclass(frozen=True)
class PayoutRisk:
    """Result of :func:`payout_risk`.

    Attributes
    ----------
    plan : CostFigures
        The cost of the curve given.
    changed : CostFigures or None
        The cost of the changed curve on the same simulated years.
    expected_revenue : float
        Mean team bookings in the simulation.
    probability : float
        Probability that the team reaches the company target (as in ``quota_risk``).
    n_sims, seed : int
    """

    plan: CostFigures
    changed: CostFigures | None
    expected_revenue: float
    probability: float
    n_sims: int
    seed: int

    @property
    def change_in_expected_cost(self) -> float:
        """Expected cost of the changed curve minus the plan's (NaN without one)."""
        return np.nan if self.changed is None else self.changed.expected - self.plan.expected


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

    Examples
    --------
    >>> curve = payout_curve([0.5, 1.0], [1.0, 2.0], from_zero=False)
    >>> payout_share(curve, [0.5, 0.75, 1.1]).tolist()
    [0.0, 0.25, 0.7]
    """
    a = np.asarray(as_float_array(attainment, "attainment", allow_nan=False))
    ends = np.append(curve.starts[1:], np.inf)
    lows = curve.starts.copy()
    if curve.from_zero:
        lows[0] = 0.0
    inside = np.clip(a[..., None], lows, ends) - lows  # attainment points inside each tier
    paid = dot(inside, curve.rates)
    paid = np.where(a >= curve.starts[0], paid, 0.0)
    return np.minimum(paid, curve.cap)


def payout(
    curve: PayoutCurve,
    attainment: ArrayLike,
    target_incentive: ArrayLike,
    *,
    new_customers: ArrayLike | None = None,
    bonus_per_customer: float = 0.0,
) -> NDArray[np.float64]:
    """Pay each rep: target incentive x the curve, per measurement period, plus bonuses.

    Parameters
    ----------
    curve : PayoutCurve
    attainment : array_like, shape (reps,) or (reps, periods)
        Attainment of each rep: one column for annual measurement, one per quarter (or
        other period) for periodic measurement; each period pays its share
        ``target_incentive / periods`` on its own attainment.
    target_incentive : array_like, shape (reps,) or scalar
        Incentive of each rep at 100% (for the year).
    new_customers : array_like, shape (reps,), optional
        New customers won by each rep.
    bonus_per_customer : float, default 0
        Bonus per new customer.

    Returns
    -------
    ndarray, shape (reps,)

    Examples
    --------
    >>> curve = payout_curve([0.5, 1.0], [1.0, 2.0], cap=2.0)
    >>> payout(curve, [[1.2, 0.8, 0.4, 1.0]], 40_000).tolist()  # quarterly: 14k + 8k + 0 + 10k
    [32000.0]
    >>> payout(curve, [1.0, 0.3], [10_000, 10_000], new_customers=[2, 0],
    ...        bonus_per_customer=500).tolist()
    [11000.0, 0.0]
    """
    a = as_float_array(attainment, "attainment", allow_nan=False)
    a = a.reshape(-1, 1) if a.ndim <= 1 else a
    if a.ndim != 2:
        raise PlanningError.of("people.incentives.shape_mismatch_2", code="shape_mismatch")
    reject_negative(a, "attainment")
    incentive = np.atleast_1d(
        as_float_array(target_incentive, "target_incentive", allow_nan=False)
    ).reshape(-1)
    reject_negative(incentive, "target_incentive", what=Text("input.what.incentive"))
    if incentive.size not in (1, a.shape[0]):
        raise PlanningError.of(
            "people.incentives.shape_mismatch_3",
            code="shape_mismatch",
            incentive_size=incentive.size,
            a_shape_0=a.shape[0],
        )
    paid = np.broadcast_to(incentive, (a.shape[0],)) * payout_share(curve, a).mean(axis=1)
    if new_customers is not None:
        won = np.atleast_1d(as_float_array(new_customers, "new_customers", allow_nan=False))
        reject_negative(won.reshape(-1), "new_customers")
        bonus = as_finite_scalar(bonus_per_customer, "bonus_per_customer")
        if bonus < 0:
            raise PlanningError.of("people.incentives.negative", code="negative", amount=bonus)
        try:
            paid = paid + bonus * np.broadcast_to(won.reshape(-1), paid.shape)
        except ValueError:
            raise PlanningError.of(
                "people.incentives.shape_mismatch_5",
                code="shape_mismatch",
                won_size=won.size,
                a_shape_0=a.shape[0],
            ) from None
    return paid


def payout_risk(
    curve: PayoutCurve,
    quotas: ArrayLike,
    target_incentive: ArrayLike,
    company_target: float,
    *,
    changed: PayoutCurve | None = None,
    attainment_sample: ArrayLike | None = None,
    distribution: str | None = None,
    mean: float | None = None,
    sd: float | None = None,
    upper: float = 2.0,
    n_sims: int = 10_000,
    seed: int = 0,
) -> PayoutRisk:
    """The cost of an incentive plan over the quota-risk simulation (annual measurement).

    Every simulated year draws one attainment per rep exactly as
    :func:`xl_salesplan.people.quota_risk.quota_risk` does with the same arguments and seed; that
    year's cost is ``sum(target_incentive x payout_share(attainment))`` and its revenue
    ``sum(quota x attainment)``.

    Examples
    --------
    >>> curve = payout_curve([0.5, 1.0], [1.0, 2.0], cap=2.0)
    >>> risk = payout_risk(curve, [100_000] * 4, 10_000, 380_000, distribution="normal",
    ...                    mean=1.0, sd=0.0, n_sims=100)
    >>> risk.plan.expected, risk.plan.share_of_revenue, risk.probability
    (40000.0, 0.1, 1.0)
    >>> steeper = payout_curve([0.5, 1.0], [1.0, 3.0], cap=2.0)
    >>> r = payout_risk(curve, [100_000] * 4, 10_000, 380_000, changed=steeper,
    ...                 distribution="normal", mean=1.1, sd=0.0, n_sims=10)
    >>> r.plan.expected, r.changed.expected, r.change_in_expected_cost
    (48000.0, 52000.0, 4000.0)
    """
    quota, incentive = _checked_reps(quotas, target_incentive)
    target = as_finite_scalar(company_target, "company_target")
    curves: Sequence[PayoutCurve] = [curve] if changed is None else [curve, changed]
    draws = simulated_attainment(
        quota.size,
        attainment_sample=attainment_sample,
        distribution=distribution,
        mean=mean,
        sd=sd,
        upper=upper,
        n_sims=n_sims,
        seed=seed,
    )
    revenue, costs = _simulated_costs(curves, draws, quota, incentive, int(n_sims))
    mean_revenue = float(revenue.mean())
    figures = [_figures(c, mean_revenue) for c in costs]
    return PayoutRisk(
        plan=figures[0],
        changed=figures[1] if len(figures) > 1 else None,
        expected_revenue=mean_revenue,
        probability=float(np.mean(revenue >= target)),
        n_sims=int(n_sims),
        seed=int(seed),
    )


def _checked_reps(
    quotas: ArrayLike, target_incentive: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Quotas (reps,) and each rep's target incentive (reps,), checked."""
    quota = np.atleast_1d(as_float_array(quotas, "quotas", allow_nan=False)).reshape(-1)
    reject_negative(quota, "quotas", what=Text("input.what.quota"))
    if quota.size == 0 or quota.sum() <= 0:
        raise PlanningError.of("people.incentives.zero_quotas", code="zero_quotas")
    incentive = np.atleast_1d(
        as_float_array(target_incentive, "target_incentive", allow_nan=False)
    ).reshape(-1)
    reject_negative(incentive, "target_incentive", what=Text("input.what.incentive"))
    if incentive.size not in (1, quota.size):
        raise PlanningError.of(
            "people.incentives.shape_mismatch_4",
            code="shape_mismatch",
            incentive_size=incentive.size,
            quota_size=quota.size,
        )
    incentive = np.broadcast_to(incentive, quota.shape)
    return quota, incentive


def _simulated_costs(
    curves: Sequence[PayoutCurve],
    draws: Iterable[tuple[int, NDArray[np.float64]]],
    quota: NDArray[np.float64],
    incentive: NDArray[np.float64],
    sims: int,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Team revenue (sims,) and each curve's cost (curves, sims) over the same draws."""
    revenue = np.empty(sims)
    costs = np.empty((len(curves), sims))
    with np.errstate(all="ignore"):
        for begin, attainment in draws:
            end = begin + attainment.shape[0]
            revenue[begin:end] = dot(attainment, quota)
            ratio = np.maximum(attainment, 0.0)  # a normal draw below 0 pays like 0
            for k, one in enumerate(curves):
                costs[k, begin:end] = dot(payout_share(one, ratio), incentive)
    return revenue, costs


def tier_curves(curve: PayoutCurve, change: float) -> list[PayoutCurve]:
    """One curve per tier: that tier's rate x (1 + ``change``), the others as they are.

    Examples
    --------
    >>> curve = payout_curve([0.5, 1.0], [1.0, 2.0], cap=2.5)
    >>> [c.rates.tolist() for c in tier_curves(curve, 0.1)]
    [[1.1, 2.0], [1.0, 2.2]]
    """
    step = as_finite_scalar(change, "change")
    if step < -1:
        raise PlanningError.of(
            "people.incentives.change_below_minus_100", amount=step, change=f"{step:.0%}"
        )
    out = []
    for k in range(curve.rates.size):
        rates = curve.rates.copy()
        rates[k] = rates[k] * (1.0 + step)
        out.append(PayoutCurve(curve.starts, rates, curve.cap, curve.from_zero))
    return out


def tier_sensitivity(
    curve: PayoutCurve,
    quotas: ArrayLike,
    target_incentive: ArrayLike,
    company_target: float,
    *,
    change: float = 0.10,
    attainment_sample: ArrayLike | None = None,
    distribution: str | None = None,
    mean: float | None = None,
    sd: float | None = None,
    upper: float = 2.0,
    n_sims: int = 10_000,
    seed: int = 0,
) -> tuple[PayoutRisk, NDArray[np.float64], NDArray[np.float64]]:
    """What changing one tier does: each tier's rate x (1 + ``change``) on the same years.

    The plan and every changed curve are priced on the same simulated attainment (that of
    :func:`payout_risk` with the same arguments), so each difference is the tier's own,
    without simulation noise.

    Returns
    -------
    (PayoutRisk, ndarray, ndarray)
        The plan's cost distribution, then per tier the change in expected cost and in the
        P90 cost.

    Examples
    --------
    >>> curve = payout_curve([0.5, 1.0], [1.0, 2.0], cap=2.5)
    >>> risk, expected, p90 = tier_sensitivity(curve, [100_000] * 4, 10_000, 380_000,
    ...                                        distribution="normal", mean=1.1, sd=0.0, n_sims=10)
    >>> round(risk.plan.expected, 6), [round(float(x), 6) for x in expected]  # 110%: 1 + 2 x 0.1
    (48000.0, [4000.0, 800.0])
    """
    changed = tier_curves(curve, change)
    simulation: dict[str, Any] = {
        "attainment_sample": attainment_sample, "distribution": distribution, "mean": mean,
        "sd": sd, "upper": upper, "n_sims": n_sims, "seed": seed,
    }  # fmt: skip
    risk = payout_risk(curve, quotas, target_incentive, company_target, **simulation)
    quota, incentive = _checked_reps(quotas, target_incentive)
    draws = simulated_attainment(quota.size, **simulation)
    _, costs = _simulated_costs(changed, draws, quota, incentive, risk.n_sims)
    figures = [_figures(c, risk.expected_revenue) for c in costs]
    expected = np.array([f.expected - risk.plan.expected for f in figures])
    p90 = np.array([f.p90 - risk.plan.p90 for f in figures])
    return risk, expected, p90


def _figures(costs: NDArray[np.float64], mean_revenue: float) -> CostFigures:
    p50, p90 = (float(v) for v in np.quantile(costs, [0.5, 0.9]))
    expected = float(costs.mean())
    share = expected / mean_revenue if mean_revenue > 0 else np.nan
    return CostFigures(expected=expected, p50=p50, p90=p90, share_of_revenue=share, costs=costs)
