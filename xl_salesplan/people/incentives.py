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

* :func:`payout_curve` checks a tier table; :func:`payout_share` reads the curve (both in
  :mod:`xl_salesplan.people.payout_curves`, imported here); :func:`payout` pays reps (per
  period for quarterly measurement, plus a bonus per new customer).
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

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.history.portable_math import dot
from xl_salesplan.messages import Text
from xl_salesplan.people.payout_curves import (
    MAX_TIERS,
    PayoutCurve,
    PayoutLookup,
    TierPlaces,
    payout_curve,
    payout_share,
)
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


#: Draws priced at a time: small enough for the processor's cache, large enough for numpy.
_BLOCK_NUMBERS = 1 << 16


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
    curves = [curve] if changed is None else [curve, changed]
    simulation = _Simulation(attainment_sample, distribution, mean, sd, upper, n_sims, seed)
    risk, _ = _priced(curves, quotas, target_incentive, company_target, simulation)
    return risk


@dataclass(frozen=True)
class _Simulation:
    """The arguments of :func:`~xl_salesplan.people.quota_risk.simulated_attainment`."""

    attainment_sample: ArrayLike | None
    distribution: str | None
    mean: float | None
    sd: float | None
    upper: float
    n_sims: int
    seed: int


def _priced(
    curves: Sequence[PayoutCurve],
    quotas: ArrayLike,
    target_incentive: ArrayLike,
    company_target: float,
    simulation: _Simulation,
) -> tuple[PayoutRisk, list[CostFigures]]:
    """The cost of every curve on one simulation of the years (each year drawn once).

    The risk holds the first curve as the plan and the second, if there are exactly two,
    as the changed curve; the figures of every curve follow in the order given.
    """
    quota, incentive = _checked_reps(quotas, target_incentive)
    target = as_finite_scalar(company_target, "company_target")
    draws = simulated_attainment(
        quota.size,
        attainment_sample=simulation.attainment_sample,
        distribution=simulation.distribution,
        mean=simulation.mean,
        sd=simulation.sd,
        upper=simulation.upper,
        n_sims=simulation.n_sims,
        seed=simulation.seed,
    )
    revenue, costs = _simulated_costs(curves, draws, quota, incentive, int(simulation.n_sims))
    mean_revenue = float(revenue.mean())
    figures = [_figures(c, mean_revenue) for c in costs]
    risk = PayoutRisk(
        plan=figures[0],
        changed=figures[1] if len(figures) == 2 else None,
        expected_revenue=mean_revenue,
        probability=float(np.mean(revenue >= target)),
        n_sims=int(simulation.n_sims),
        seed=int(simulation.seed),
    )
    return risk, figures


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
    rows = max(1, _BLOCK_NUMBERS // max(quota.size, 1))  # simulated years priced at a time
    lookups = [PayoutLookup.of(one) for one in curves]
    with np.errstate(all="ignore"):
        for first, drawn in draws:
            for begin in range(first, first + drawn.shape[0], rows):
                attainment = drawn[begin - first : begin - first + rows]
                end = begin + attainment.shape[0]
                revenue[begin:end] = dot(attainment, quota)
                ratio = np.maximum(attainment, 0.0)  # a normal draw below 0 pays like 0
                places: dict[tuple[bytes, bool], TierPlaces] = {}  # curves of the same starts
                for k, one in enumerate(curves):
                    key = (one.starts.tobytes(), one.from_zero)
                    if key not in places:
                        places[key] = TierPlaces.of(one, ratio)
                    costs[k, begin:end] = dot(lookups[k].shares(places[key]), incentive)
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
    simulation = _Simulation(attainment_sample, distribution, mean, sd, upper, n_sims, seed)
    both, figures = _priced([curve, *changed], quotas, target_incentive, company_target,
                            simulation)  # fmt: skip
    risk = PayoutRisk(both.plan, None, both.expected_revenue, both.probability, both.n_sims,
                      both.seed)  # fmt: skip
    expected = np.array([f.expected - risk.plan.expected for f in figures[1:]])
    p90 = np.array([f.p90 - risk.plan.p90 for f in figures[1:]])
    return risk, expected, p90


def _figures(costs: NDArray[np.float64], mean_revenue: float) -> CostFigures:
    p50, p90 = (float(v) for v in np.quantile(costs, [0.5, 0.9]))
    expected = float(costs.mean())
    share = expected / mean_revenue if mean_revenue > 0 else np.nan
    return CostFigures(expected=expected, p50=p50, p90=p90, share_of_revenue=share, costs=costs)
