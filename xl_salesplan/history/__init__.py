"""History (市场分析): calendars, plan periods, seasonality and the baseline forecast.

The public engine API of this package; each name is documented in its module:

- :mod:`~xl_salesplan.history.calendars`: Calendar, FISCAL_445, MONTHLY, QUARTERLY, WEEKLY,
  aggregate_periods, fiscal_calendar, fiscal_period_bounds, fold_years, get_calendar,
  period_mapping, week_to_fiscal_month, week_to_fiscal_quarter
- :mod:`~xl_salesplan.history.plan_periods`: PeriodsLike, exact_dates, period_labels,
  period_numbers, periods_per_year, plan_grid, whole_number
- :mod:`~xl_salesplan.history.seasonality`: Detrend, SeasonalProfile, seasonal_profile
- :mod:`~xl_salesplan.history.forecast`: BaselineForecast, baseline_forecast, cagr, phased_target,
  target_from_cagr, yoy_target
"""

from xl_salesplan.history.calendars import (
    FISCAL_445,
    MONTHLY,
    QUARTERLY,
    WEEKLY,
    Calendar,
    aggregate_periods,
    fiscal_calendar,
    fiscal_period_bounds,
    fold_years,
    get_calendar,
    period_mapping,
    week_to_fiscal_month,
    week_to_fiscal_quarter,
)
from xl_salesplan.history.forecast import (
    BaselineForecast,
    baseline_forecast,
    cagr,
    phased_target,
    target_from_cagr,
    yoy_target,
)
from xl_salesplan.history.plan_periods import (
    PeriodsLike,
    exact_dates,
    period_labels,
    period_numbers,
    periods_per_year,
    plan_grid,
    whole_number,
)
from xl_salesplan.history.seasonality import (
    Detrend,
    SeasonalProfile,
    seasonal_profile,
)

__all__ = [
    "FISCAL_445",
    "MONTHLY",
    "QUARTERLY",
    "WEEKLY",
    "BaselineForecast",
    "Calendar",
    "Detrend",
    "PeriodsLike",
    "SeasonalProfile",
    "aggregate_periods",
    "baseline_forecast",
    "cagr",
    "exact_dates",
    "fiscal_calendar",
    "fiscal_period_bounds",
    "fold_years",
    "get_calendar",
    "period_labels",
    "period_mapping",
    "period_numbers",
    "periods_per_year",
    "phased_target",
    "plan_grid",
    "seasonal_profile",
    "target_from_cagr",
    "week_to_fiscal_month",
    "week_to_fiscal_quarter",
    "whole_number",
    "yoy_target",
]
