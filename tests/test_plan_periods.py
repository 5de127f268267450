"""Tests for mapping dates and period numbers onto plan periods."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from xl_salesplan.errors import PlanningError
from xl_salesplan.history.plan_periods import (
    exact_dates,
    period_labels,
    period_numbers,
    periods_per_year,
    plan_grid,
)

MONTHS = pd.period_range("2025-01", periods=12, freq="M")


def test_mixed_numbers_dates_and_blanks() -> None:
    # 2024-12-31 is the month before January 2025 -> -1; "4" typed as text is period 4;
    # a Period for July 2025 is period 6; NaT and None are blanks.
    values = ["2024-12-31", "4", pd.Period("2025-07", "M"), pd.NaT, None, 2]
    got = period_numbers(values, "start", MONTHS, allow_blank=True)
    np.testing.assert_array_equal(got, [-1, 4, 6, np.nan, np.nan, 2])


def test_weekly_and_quarterly_calendars() -> None:
    weeks = pd.period_range("2025-01-06", periods=52, freq="W-SUN")
    # 2025-01-15 falls in the week Mon 13 - Sun 19 January: the second plan week (1)
    assert period_numbers(["2025-01-15"], "start", weeks, allow_blank=False).tolist() == [1.0]
    assert periods_per_year(weeks) == 52
    quarters = pd.period_range("2025Q1", periods=4, freq="Q")
    assert period_numbers(["2025-08-01"], "start", quarters, allow_blank=False).tolist() == [2.0]
    assert periods_per_year(quarters) == 4
    assert periods_per_year(pd.period_range("2025", periods=3, freq="Y")) == 1


def test_unknown_year_length_needs_periods_per_year() -> None:
    hours = pd.period_range("2025-01-01", periods=5, freq="h")  # no fixed count per year
    with pytest.raises(PlanningError, match="periods_per_year") as info:
        periods_per_year(hours)
    assert info.value.code == "periods_per_year_unknown"
    assert str(info.value).startswith("periods: cannot tell how many periods")
    assert periods_per_year(hours, 8760) == 8760


def test_grid_from_datetime_index_and_bad_grids() -> None:
    n, grid = plan_grid(pd.DatetimeIndex(["2025-01-01", "2025-02-01", "2025-03-01"]))
    assert n == 3 and str(grid[0]) == "2025-01"
    with pytest.raises(PlanningError, match="consecutive"):
        plan_grid(pd.PeriodIndex(["2025-01", "2025-03"], freq="M"))
    with pytest.raises(PlanningError, match="empty"):
        plan_grid(pd.PeriodIndex([], freq="M"))
    with pytest.raises(PlanningError, match="whole number"):
        plan_grid("twelve")


def test_labels_and_exact_dates() -> None:
    labels = period_labels(np.array([-2, 0, 11]), MONTHS)
    assert [str(p) for p in labels] == ["2024-11", "2025-01", "2025-12"]
    assert period_labels(np.array([0, 1]), None).tolist() == [0, 1]
    got = exact_dates(["2025-03-20", 3, "3", None, pd.Period("2025-03", "M")])
    assert str(got[0])[:10] == "2025-03-20"
    assert np.isnat(got[1:]).all()
