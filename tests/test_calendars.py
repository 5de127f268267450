"""Tests for xl_salesplan.history.calendars: period definitions, week mappings, aggregation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from xl_salesplan.errors import PlanningError
from xl_salesplan.history.calendars import (
    FISCAL_445,
    MONTHLY,
    QUARTERLY,
    WEEKLY,
    aggregate_periods,
    fiscal_calendar,
    fiscal_period_bounds,
    fold_years,
    get_calendar,
    period_mapping,
    week_to_fiscal_month,
    week_to_fiscal_quarter,
)


def _aggregate_by_loop(values: np.ndarray, group_of: list[int], n_groups: int) -> np.ndarray:
    """Reference: plain loops, NaN if any member is NaN."""
    per_year = len(group_of)
    years = len(values) // per_year
    out = np.zeros(years * n_groups)
    for y in range(years):
        for i, g in enumerate(group_of):
            out[y * n_groups + g] += values[y * per_year + i]
    return out


@pytest.mark.parametrize(
    ("spec", "name", "n"),
    [
        (12, "monthly", 12),
        ("Monthly", "monthly", 12),
        (4, "quarterly", 4),
        ("q", "quarterly", 4),
        (52, "weekly", 52),
        ("weekly", "weekly", 52),
        ("4-4-5", "4-4-5", 12),
        ("445", "4-4-5", 12),
        ("4-5-4", "4-5-4", 12),
        ("5-4-4", "5-4-4", 12),
        (np.int64(12), "monthly", 12),
    ],
)
def test_get_calendar_accepts_numbers_names_and_patterns(spec, name, n):
    cal = get_calendar(spec)
    assert cal.name == name
    assert cal.periods_per_year == n
    assert len(cal.labels) == n and len(cal.labels_zh) == n
    assert get_calendar(cal) is cal


@pytest.mark.parametrize("spec", [7, 0, "daily", "4-4-4", "3-5-5", True, None, 12.5])
def test_get_calendar_rejects_unknown(spec):
    with pytest.raises(PlanningError) as err:
        get_calendar(spec)
    assert err.value.code == "unknown_calendar"
    assert repr(spec) in str(err.value)


def test_fiscal_patterns_weeks():
    assert FISCAL_445.period_weeks == (4, 4, 5) * 4
    assert sum(FISCAL_445.period_weeks) == 52
    assert fiscal_calendar("4-5-4").period_weeks[:3] == (4, 5, 4)
    assert fiscal_calendar((5, 4, 4)).period_weeks[:3] == (5, 4, 4)
    with pytest.raises(PlanningError, match="add up to 13"):
        fiscal_calendar("4-4-6")
    with pytest.raises(PlanningError, match="three week counts"):
        fiscal_calendar("4-9")
    with pytest.raises(PlanningError, match="three week counts"):
        fiscal_calendar("a-b-c")


def test_period_weights_and_midpoints():
    for cal in (MONTHLY, QUARTERLY, WEEKLY, FISCAL_445):
        assert cal.period_weights.sum() == pytest.approx(1.0, abs=1e-15)
        mids = cal.midpoints
        assert np.all(np.diff(mids) > 0) and mids[0] > 0 and mids[-1] < 1
    np.testing.assert_allclose(MONTHLY.period_weights, np.full(12, 1 / 12))
    # 4-4-5: the third fiscal month is 5 of 52 weeks, its middle at week 8 + 2.5
    assert FISCAL_445.period_weights[2] == pytest.approx(5 / 52)
    assert FISCAL_445.midpoints[2] == pytest.approx(10.5 / 52)


def test_week_to_fiscal_month_and_quarter():
    months = week_to_fiscal_month("4-4-5")
    assert months.shape == (52,)
    np.testing.assert_array_equal(np.bincount(months), [4, 4, 5] * 4)
    assert np.all(np.diff(months) >= 0)
    quarters = week_to_fiscal_quarter()
    # every fiscal quarter is 13 weeks, so fiscal month // 3 is the quarter for any pattern
    for pattern in ("4-4-5", "4-5-4", "5-4-4"):
        np.testing.assert_array_equal(week_to_fiscal_month(pattern) // 3, quarters)
    assert months[12] == 2 and months[13] == 3  # week 13 ends P03, week 14 starts P04


def test_period_mapping_supported_and_refused():
    np.testing.assert_array_equal(period_mapping(12, 4), np.repeat(np.arange(4), 3))
    np.testing.assert_array_equal(period_mapping("4-4-5", 4), np.repeat(np.arange(4), 3))
    np.testing.assert_array_equal(period_mapping(52, 4), np.repeat(np.arange(4), 13))
    np.testing.assert_array_equal(period_mapping(52, 52), np.arange(52))
    for source, target in [(4, 12), (52, 12), (12, 52), (4, "4-4-5")]:
        with pytest.raises(PlanningError) as err:
            period_mapping(source, target)
        assert err.value.code == "unsupported_aggregation"


def test_aggregate_monthly_to_quarterly_by_hand():
    months = np.arange(1.0, 25.0)  # two years
    out = aggregate_periods(months, "monthly", "quarterly")
    np.testing.assert_array_equal(out, [6, 15, 24, 33, 42, 51, 60, 69])


def test_aggregate_batched_rows_and_nan_only_in_its_quarter():
    rows = np.vstack([np.ones(12), np.arange(12.0)])
    rows[1, 4] = np.nan
    out = aggregate_periods(rows, 12, 4)
    np.testing.assert_array_equal(out[0], [3, 3, 3, 3])
    np.testing.assert_array_equal(out[1, [0, 2, 3]], [3, 21, 30])
    assert np.isnan(out[1, 1])


def test_aggregate_weekly_to_445_by_hand():
    weeks = np.ones(52)
    np.testing.assert_array_equal(aggregate_periods(weeks, "weekly", "4-4-5"), [4, 4, 5] * 4)
    np.testing.assert_array_equal(aggregate_periods(weeks, "weekly", "5-4-4"), [5, 4, 4] * 4)
    np.testing.assert_array_equal(aggregate_periods(weeks, 52, 4), [13, 13, 13, 13])
    np.testing.assert_array_equal(aggregate_periods(np.arange(52.0), 52, "4-4-5")[:2], [6, 22])


@given(
    arrays(np.float64, st.sampled_from([52, 104]), elements=st.floats(0, 1e6)),
    st.sampled_from(["4-4-5", "4-5-4", "5-4-4", "quarterly"]),
)
def test_aggregate_weekly_matches_loop_reference(values, target):
    cal = get_calendar(target)
    group_of = list(period_mapping("weekly", cal))
    expected = _aggregate_by_loop(values, group_of, cal.periods_per_year)
    out = aggregate_periods(values, "weekly", target)
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-6)
    assert out.sum() == pytest.approx(values.sum(), rel=1e-12, abs=1e-6)


def test_aggregate_errors():
    with pytest.raises(PlanningError, match="multiple of 12"):
        aggregate_periods(np.ones(13), 12, 4)
    with pytest.raises(PlanningError, match="multiple of 52"):
        aggregate_periods(5.0, 52, 4)
    with pytest.raises(PlanningError, match="not a number"):
        aggregate_periods(["x"] * 12, 12, 4)


def test_fold_years_pads_with_blanks():
    out = fold_years(np.arange(1.0, 15.0), 12, start_period=3)
    assert out.shape == (2, 12)
    assert np.isnan(out[0, :3]).all()
    np.testing.assert_array_equal(out[0, 3:], np.arange(1.0, 10.0))
    np.testing.assert_array_equal(out[1, :5], np.arange(10.0, 15.0))
    assert np.isnan(out[1, 5:]).all()
    np.testing.assert_array_equal(fold_years([1, 2, 3, 4], "quarterly"), [[1, 2, 3, 4]])


def test_fold_years_errors():
    with pytest.raises(PlanningError, match="start_period"):
        fold_years([1, 2, 3], 4, start_period=4)
    with pytest.raises(PlanningError, match="start_period"):
        fold_years([1, 2, 3], 4, start_period=-1)
    with pytest.raises(PlanningError, match="1-D"):
        fold_years(np.ones((2, 4)), 4)


def test_fiscal_period_bounds_are_contiguous_weeks():
    starts, ends = fiscal_period_bounds("2025-12-28", "4-4-5")
    assert starts.shape == ends.shape == (12,)
    assert str(starts[0]) == "2025-12-28"
    lengths = (ends - starts).astype(int) + 1
    np.testing.assert_array_equal(lengths, np.array([4, 4, 5] * 4) * 7)
    np.testing.assert_array_equal(starts[1:], ends[:-1] + np.timedelta64(1, "D"))
    assert int((ends[-1] - starts[0]).astype(int)) + 1 == 364
    assert all(np.datetime64(s).astype("datetime64[D]").item().weekday() == 6 for s in starts)


def test_fiscal_period_bounds_bad_date():
    with pytest.raises(PlanningError, match="year_start"):
        fiscal_period_bounds("not a date")
    with pytest.raises(PlanningError, match="blank"):
        fiscal_period_bounds(np.datetime64("NaT"))
