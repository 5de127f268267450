"""The company's revenue by year and month, and the seasonal profile the plan is phased by.

Build plan and Validate inputs both go through :func:`plan_profile`, so Validate inputs
reports exactly the history Build plan would refuse.

Examples
--------
>>> history = pd.DataFrame({"month": pd.date_range("2024-01-01", periods=24, freq="MS"),
...                         "revenue": [0.0] * 12 + [10.0, 20.0, 30.0, 40.0] * 3})
>>> by_year_month = revenue_by_year_month(history)
>>> profile = plan_profile(by_year_month, 2026)
>>> round(float(profile.shares[3]), 4), profile.warnings[0][:37]
(0.1333, '2024 of the history had no sales and ')
"""

from __future__ import annotations

import pandas as pd

from xl_salesplan.errors import PlanningError
from xl_salesplan.history.seasonality import SeasonalProfile, seasonal_profile

__all__ = ["plan_profile", "revenue_by_year_month"]


def revenue_by_year_month(history: pd.DataFrame) -> pd.DataFrame:
    """Company revenue as years x 12 months (NaN where a month has no rows).

    Parameters
    ----------
    history : DataFrame
        Columns ``month`` (dates) and ``revenue`` (numbers); one row per region,
        product line and rep, summed here.

    Raises
    ------
    PlanningError
        When ``history`` has no rows.

    Examples
    --------
    >>> frame = pd.DataFrame({"month": ["2025-01-01", "2025-01-01"], "revenue": [1.0, 2.0]})
    >>> revenue_by_year_month(frame).loc[2025, 1]
    np.float64(3.0)
    """
    if history.empty:
        raise PlanningError("history is empty", code="empty", positions=("history",))
    months = pd.to_datetime(history["month"])
    revenue = pd.to_numeric(history["revenue"], errors="coerce")
    return (
        pd.DataFrame({"year": months.dt.year, "m": months.dt.month, "revenue": revenue})
        .groupby(["year", "m"])["revenue"]
        .sum(min_count=1)
        .unstack("m")
        .reindex(columns=range(1, 13))
    )


def plan_profile(by_year_month: pd.DataFrame, plan_year: int) -> SeasonalProfile:
    """The monthly seasonal profile of the years before ``plan_year``.

    Raises
    ------
    PlanningError
        Worded for the planner with the calendar years (e.g. years without sales that
        leave too little history), for the ``history`` input.

    Examples
    --------
    >>> table = pd.DataFrame([[0.0] * 12, [5.0] * 6 + [float("nan")] * 6], index=[2024, 2025],
    ...                      columns=range(1, 13))
    >>> plan_profile(table, 2026)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: seasonality of the sales history: ... (2024: no sales, ...
    """
    past = by_year_month.loc[by_year_month.index < plan_year]
    try:
        return seasonal_profile(
            past.to_numpy(dtype=float), 12, year_labels=[str(int(y)) for y in past.index]
        )
    except PlanningError as exc:
        raise PlanningError(
            f"seasonality of the sales history: {exc.message}",
            code=exc.code,
            positions=("history",),
        ) from None
