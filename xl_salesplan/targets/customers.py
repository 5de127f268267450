"""Targets from the customer base: the revenue bridge and its back-solves.

The plan year's revenue, month by month, is

    existing customers' revenue last year (in that month)
      - churn       = base x (1 - retention)
      + expansion   = base x retention x expansion
      + new         = first-year revenue / 12 x customers won so far this year

so ``base - churn + expansion + new = total`` in every month and for the year (the bridge adds
up by construction). Retention is gross revenue retention (the share of last year's revenue
that stays, at most 100%); expansion is the growth of the customers who stay (upsell,
price). A new customer bills ``first_year_revenue / 12`` a month from the month it is won.

* :func:`customer_bridge`: the bridge by month and for the year.
* :func:`customers_needed`: how many new customers (and leads, with a lead-to-customer rate)
  a target needs, given retention and expansion.
* :func:`retention_needed`: the retention a target assumes, given the new customers.

Examples
--------
>>> bridge = customer_bridge(1200, 0.9, 0.1, [12] + [0] * 11, 10)
>>> bridge.annual()
{'base': 1200.0, 'churn': 120.0, 'expansion': 108.0, 'new': 120.0, 'total': 1308.0}
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.validation import (
    as_finite_scalar,
    as_float_array,
    reject_negative,
)

__all__ = [
    "CustomerBridge",
    "CustomersNeeded",
    "customer_bridge",
    "customers_needed",
    "retention_needed",
]

MONTHS = 12
_PARTS = ("base", "churn", "expansion", "new", "total")


@dataclass(frozen=True)
class CustomerBridge:
    """The revenue bridge by month (returned by :func:`customer_bridge`).

    Attributes
    ----------
    base, churn, expansion, new, total : ndarray, shape (12,)
        ``total = base - churn + expansion + new`` in every month.
    """

    base: NDArray[np.float64]
    churn: NDArray[np.float64]
    expansion: NDArray[np.float64]
    new: NDArray[np.float64]
    total: NDArray[np.float64]

    def annual(self) -> dict[str, float]:
        """The year's bridge: every part summed over the months."""
        return {part: float(getattr(self, part).sum()) for part in _PARTS}

    def table(self) -> pd.DataFrame:
        """One row per part (base, churn, expansion, new, total), months 1-12 and the year.

        Examples
        --------
        >>> float(customer_bridge(120, 1.0, 0.0, 0, 0).table().loc["total", "year"])
        120.0
        """
        rows = np.array([getattr(self, part) for part in _PARTS])
        frame = pd.DataFrame(rows, index=list(_PARTS), columns=list(range(1, MONTHS + 1)))
        frame["year"] = rows.sum(axis=1)
        return frame


@dataclass(frozen=True)
class CustomersNeeded:
    """Result of :func:`customers_needed`.

    Attributes
    ----------
    new_customers : float
        New customers to win in the year (not rounded; round up for a headcount of logos).
    per_month : ndarray, shape (12,)
        Customers to win in each month (the acquisition profile).
    leads : float
        Leads needed (NaN when no lead-to-customer rate is given).
    from_existing : float
        Revenue the existing customers bring: base x retention x (1 + expansion).
    gap : float
        Target minus ``from_existing``: what new customers must bring (0 when negative).
    revenue_per_new_customer : float
        In-year revenue of one new customer won on the acquisition profile.
    """

    new_customers: float
    per_month: NDArray[np.float64]
    leads: float
    from_existing: float
    gap: float
    revenue_per_new_customer: float


def customer_bridge(
    existing_revenue: ArrayLike,
    retention: float,
    expansion: float,
    new_customers: ArrayLike,
    first_year_revenue: float,
    *,
    profile: ArrayLike | None = None,
) -> CustomerBridge:
    """The revenue bridge from existing and new customers, by month.

    Parameters
    ----------
    existing_revenue : float or array_like, shape (12,)
        Last year's revenue of today's customers: the year's total (spread over the months
        by ``profile``) or one amount per month.
    retention : float
        Gross revenue retention, from 0 to 1 (100%).
    expansion : float
        Growth of retained customers' revenue (0.1 = +10%), at least -100%.
    new_customers : float or array_like, shape (12,)
        New customers won: the year's number (spread evenly) or one number per month.
    first_year_revenue : float
        Revenue of one new customer in its first twelve months, >= 0.
    profile : array_like, shape (12,), optional
        Monthly weights of ``existing_revenue`` when it is a total (default: even).

    Returns
    -------
    CustomerBridge

    Raises
    ------
    PlanningError
        ``retention_out_of_range`` (above 100% or below 0), ``expansion_below_minus_100``,
        ``negative``, ``shape_mismatch``.

    Examples
    --------
    >>> b = customer_bridge(1200, 0.9, 0.0, 12, 120)
    >>> b.new[:3].tolist(), b.annual()["new"]
    ([10.0, 20.0, 30.0], 780.0)
    >>> customer_bridge(1200, 1.2, 0.0, 0, 0)
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: retention must be from 0 to 100% (the share of last
    year's revenue that stays; put growth in expansion), got 1.2
    """
    base = _monthly(existing_revenue, "existing_revenue", profile)
    keep = _retention(retention)
    grow = _expansion(expansion)
    won = _new_customers(new_customers)
    revenue = _non_negative(first_year_revenue, "first_year_revenue")
    churn = base * (1.0 - keep)
    extra = base * keep * grow
    new = revenue / MONTHS * np.cumsum(won)
    return CustomerBridge(base, churn, extra, new, base - churn + extra + new)


def customers_needed(
    target: float,
    existing_revenue: float,
    retention: float,
    expansion: float,
    first_year_revenue: float,
    *,
    acquisition_profile: ArrayLike | None = None,
    lead_to_customer: float | None = None,
) -> CustomersNeeded:
    """New customers (and leads) a target needs from the customer bridge.

    ``gap = target - existing x retention x (1 + expansion)``; one new customer won on the
    acquisition profile ``s`` (shares of the year's wins by month) brings
    ``first_year_revenue x sum_m s_m (12 - m) / 12`` in the year (month ``m`` counted from 0),
    so ``new_customers = gap / that``.

    Examples
    --------
    >>> need = customers_needed(1500, 1200, 0.9, 0.0, 120, lead_to_customer=0.05)
    >>> round(need.new_customers, 4), round(need.leads, 2), need.gap
    (6.4615, 129.23, 420.0)
    >>> customers_needed(1000, 1200, 0.9, 0.0, 120).new_customers
    0.0
    """
    goal = as_finite_scalar(target, "target")
    base = _non_negative(existing_revenue, "existing_revenue")
    from_existing = base * _retention(retention) * (1.0 + _expansion(expansion))
    revenue = _non_negative(first_year_revenue, "first_year_revenue")
    shares = _shares(acquisition_profile)
    per_customer = revenue * float(np.sum(shares * (MONTHS - np.arange(MONTHS)))) / MONTHS
    gap = max(goal - from_existing, 0.0)
    if gap > 0 and per_customer <= 0:
        raise PlanningError.of(
            "targets.customers.infeasible", code="infeasible", amount=gap, gap=gap
        )
    count = gap / per_customer if gap > 0 else 0.0
    rate = np.nan
    if lead_to_customer is not None:
        rate = as_finite_scalar(lead_to_customer, "lead_to_customer")
        if not 0 < rate <= 1:
            raise PlanningError.of(
                "targets.customers.rate_out_of_range",
                code="rate_out_of_range",
                amount=rate,
                rate=rate,
            )
    return CustomersNeeded(
        new_customers=count,
        per_month=count * shares,
        leads=count / rate,
        from_existing=from_existing,
        gap=gap,
        revenue_per_new_customer=per_customer,
    )


def retention_needed(
    target: float,
    existing_revenue: float,
    expansion: float,
    new_customers: ArrayLike,
    first_year_revenue: float,
) -> float:
    """The gross retention a target assumes, given the new customers planned.

    ``(target - new customers' revenue) / (existing x (1 + expansion))``. A result above 1
    means the target cannot be reached even if no customer leaves; below 0, the new
    customers alone reach it.

    Examples
    --------
    >>> retention_needed(1308, 1200, 0.1, [12] + [0] * 11, 10)
    0.9
    """
    base = _non_negative(existing_revenue, "existing_revenue")
    grow = _expansion(expansion)
    if base * (1.0 + grow) <= 0:
        raise PlanningError.of("targets.customers.infeasible_2", code="infeasible")
    won = _new_customers(new_customers)
    new = _non_negative(first_year_revenue, "first_year_revenue") / MONTHS * np.cumsum(won)
    goal = as_finite_scalar(target, "target")
    return float(np.round((goal - new.sum()) / (base * (1.0 + grow)), 12))


# ---------------------------------------------------------------- inputs


def _retention(value: float) -> float:
    keep = as_finite_scalar(value, "retention")
    if not 0 <= keep <= 1:
        raise PlanningError.of(
            "targets.customers.retention_out_of_range", amount=keep, value=f"{keep:g}"
        )
    return keep


def _expansion(value: float) -> float:
    grow = as_finite_scalar(value, "expansion")
    if grow < -1:
        raise PlanningError.of(
            "targets.customers.expansion_below_minus_100",
            code="expansion_below_minus_100",
            amount=grow,
            grow=grow,
        )
    return grow


def _non_negative(value: float, name: str) -> float:
    number = as_finite_scalar(value, name)
    if number < 0:
        raise PlanningError.of(
            "targets.customers.negative", code="negative", amount=number, name=name, number=number
        )
    return number


def _twelve(values: ArrayLike, name: str) -> NDArray[np.float64]:
    arr = np.atleast_1d(as_float_array(values, name, allow_nan=False)).reshape(-1)
    if arr.size not in (1, MONTHS):
        raise PlanningError.of(
            "targets.customers.shape_mismatch", code="shape_mismatch", name=name, arr_size=arr.size
        )
    reject_negative(arr, name)
    return arr


def _shares(profile: ArrayLike | None) -> NDArray[np.float64]:
    if profile is None:
        return np.full(MONTHS, 1.0 / MONTHS)
    weights = _twelve(profile, "profile")
    if weights.size == 1 or weights.sum() <= 0:
        return np.full(MONTHS, 1.0 / MONTHS)
    return weights / weights.sum()


def _monthly(values: ArrayLike, name: str, profile: ArrayLike | None) -> NDArray[np.float64]:
    arr = _twelve(values, name)
    return arr.copy() if arr.size == MONTHS else float(arr[0]) * _shares(profile)


def _new_customers(values: ArrayLike) -> NDArray[np.float64]:
    arr = _twelve(values, "new_customers")
    return arr.copy() if arr.size == MONTHS else np.full(MONTHS, float(arr[0]) / MONTHS)
