"""Tests for xl_salesplan.history.forecast: growth arithmetic, phased targets, baseline forecast."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_salesplan.errors import PlanningError
from xl_salesplan.history.forecast import (
    baseline_forecast,
    cagr,
    phased_target,
    target_from_cagr,
    yoy_target,
)
from xl_salesplan.history.seasonality import seasonal_profile

SEASON_Q = np.array([0.2, 0.25, 0.25, 0.3])
MONTHLY = np.array([0.70, 0.75, 1.00, 1.00, 1.02, 1.10, 0.92, 0.90, 1.05, 0.95, 1.15, 1.46])
MONTHLY = MONTHLY / MONTHLY.sum()


# --- growth arithmetic ---------------------------------------------------------------------------


def test_yoy_target_by_hand():
    assert yoy_target(1_000_000, 0.2) == pytest.approx(1_200_000)
    assert isinstance(yoy_target(100, 0.1), float)
    np.testing.assert_allclose(yoy_target([100, 200], [0.1, -0.5]), [110, 100])
    np.testing.assert_allclose(yoy_target([[100], [200]], [0.0, 1.0]), [[100, 200], [200, 400]])
    assert yoy_target(100, -1.0) == 0.0


@pytest.mark.parametrize(
    ("last_year", "growth", "code", "text"),
    [
        (100, -1.2, "invalid_value", "growth: -1.2 at position 0 is below -1"),
        (-5, 0.1, "invalid_value", "last_year: -5 at position 0 is negative"),
        ([1, 2, 3], [0.1, 0.2], "shape_mismatch", "cannot be combined"),
        ([1, None], 0.1, "blank", "last_year: blank value at position 1"),
        (100, "abc", "not_a_number", "growth"),
        (1e308, 10.0, "not_finite", "too large"),
    ],
)
def test_yoy_target_errors(last_year, growth, code, text):
    with pytest.raises(PlanningError) as err:
        yoy_target(last_year, growth)
    assert err.value.code == code
    assert text in str(err.value)


def test_cagr_and_target_from_cagr_by_hand():
    assert cagr(100, 121, 2) == pytest.approx(0.1, abs=1e-12)
    assert cagr(100, 100, 5) == pytest.approx(0.0)
    assert cagr(200, 100, 1) == pytest.approx(-0.5)
    assert cagr(100, 0, 3) == pytest.approx(-1.0)
    assert cagr(1_000, 1_728, 3) == pytest.approx(0.2, abs=1e-12)  # 1.2 ** 3 = 1.728
    np.testing.assert_allclose(cagr([100, 100], [121, 144], 2), [0.1, 0.2])
    assert target_from_cagr(1_000, 0.2, 3) == pytest.approx(1_728)
    assert target_from_cagr(1_000, 0.2, 0) == pytest.approx(1_000)
    assert target_from_cagr(1_000, 0.1, 0.5) == pytest.approx(1_000 * math.sqrt(1.1))


@settings(max_examples=100)
@given(
    st.floats(1.0, 1e9),
    st.floats(-0.9, 2.0),
    st.floats(0.25, 20.0),
)
def test_cagr_inverts_target_from_cagr(start, rate, years):
    end = target_from_cagr(start, rate, years)
    assert cagr(start, end, years) == pytest.approx(rate, abs=1e-9)


@pytest.mark.parametrize(
    ("args", "text"),
    [
        ((0, 100, 2), "start: 0 at position 0 must be above 0"),
        ((100, -1, 2), "end: -1 at position 0 is negative"),
        ((100, 121, 0), "years: 0 at position 0 must be above 0"),
        (([100, -3], 121, 1), "start: -3 at position 1"),
    ],
)
def test_cagr_errors(args, text):
    with pytest.raises(PlanningError, match=text):
        cagr(*args)


def test_target_from_cagr_errors():
    with pytest.raises(PlanningError, match="rate: -2 at position 0 is below -1"):
        target_from_cagr(100, -2, 1)
    with pytest.raises(PlanningError, match="years: -1 at position 0 must be 0 or more"):
        target_from_cagr(100, 0.1, -1)
    with pytest.raises(PlanningError, match="start: -100 at position 0 is negative"):
        target_from_cagr(-100, 0.1, 1)


# --- phased targets ------------------------------------------------------------------------------


def test_phased_target_by_hand():
    # last year 1,000,000, +20 % = 1,200,000 split 20/25/25/30 %
    out = phased_target(1_000_000, SEASON_Q, growth=0.2, unit=1000)
    np.testing.assert_array_equal(out, [240_000, 300_000, 300_000, 360_000])
    # 1,000 in thirds, whole units: 333.33 each, the largest remainder tie goes to the first
    np.testing.assert_array_equal(phased_target(1_000, [1, 1, 1], unit=1), [334, 333, 333])


def test_phased_target_with_a_seasonal_profile_object():
    history = np.outer([100.0, 100.0, 100.0], SEASON_Q * 4)
    profile = seasonal_profile(history, 4)
    out = phased_target(400.0, profile, growth=0.5)
    np.testing.assert_allclose(out, 600.0 * SEASON_Q)


@settings(max_examples=100)
@given(
    st.integers(0, 10**9),
    st.lists(st.floats(0.0, 100.0), min_size=4, max_size=12).filter(lambda w: sum(w) > 1e-3),
    st.sampled_from([1, 100, 1000]),
)
def test_phased_target_is_exact_after_rounding(whole_units, weights, unit):
    total = float(whole_units * unit)
    out = phased_target(total, weights, unit=unit)
    assert out.sum() == total
    np.testing.assert_array_equal(np.mod(out, unit), 0.0)
    ideal = total * np.asarray(weights) / np.sum(weights)
    assert np.all(np.abs(out - ideal) < unit + 1e-6 * max(total, 1.0))


def test_phased_target_batched_rows():
    totals = np.array([1_200.0, 2_400.0, 0.0])
    out = phased_target(totals, SEASON_Q, unit=1)
    assert out.shape == (3, 4)
    np.testing.assert_array_equal(out.sum(axis=1), totals)
    np.testing.assert_array_equal(out[0], [240, 300, 300, 360])
    rows = phased_target([100.0, 200.0], [[1, 1], [1, 3]], growth=[0.0, 0.5])
    np.testing.assert_allclose(rows, [[50, 50], [75, 225]])


def test_phased_target_with_holds_and_caps_goes_through_spreading():
    out = phased_target(1_000.0, SEASON_Q, holds=[None, None, None, 400.0])
    assert out[3] == 400.0 and out.sum() == pytest.approx(1_000.0)
    np.testing.assert_allclose(out[:3], 600.0 * SEASON_Q[:3] / SEASON_Q[:3].sum())
    capped = phased_target(1_000.0, SEASON_Q, caps=[None, None, None, 250.0])
    assert capped[3] == pytest.approx(250.0) and capped.sum() == pytest.approx(1_000.0)
    with pytest.raises(PlanningError) as err:
        phased_target(1_000.0, SEASON_Q, holds=[600.0, 600.0, None, None])
    assert err.value.code == "holds_exceed_total"


@pytest.mark.parametrize(
    ("total", "profile", "kwargs", "text"),
    [
        (-100.0, SEASON_Q, {}, "negative"),
        (100.0, [], {}, "profile"),
        ([1.0, 2.0, 3.0], [[1, 1], [1, 1]], {}, "shape"),
        (100.0, SEASON_Q, {"unit": 0}, "unit"),
        (100.0, SEASON_Q, {"growth": -3}, "below -1"),
        (100.0, [1, -1, 1, 1], {}, "negative"),
    ],
)
def test_phased_target_errors(total, profile, kwargs, text):
    with pytest.raises(PlanningError, match=text):
        phased_target(total, profile, **kwargs)


# --- baseline forecast ---------------------------------------------------------------------------


def test_baseline_step_growth_by_hand():
    history = np.outer([400.0, 440.0, 484.0], SEASON_Q)
    fc = baseline_forecast(history, 4, detrend="yearly")
    assert fc.total == pytest.approx(532.4)  # 484 x 1.1
    assert fc.growth == pytest.approx(0.1)
    np.testing.assert_allclose(fc.values, 532.4 * SEASON_Q)
    np.testing.assert_allclose(fc.annual_levels, [400.0, 440.0, 484.0])
    linear = baseline_forecast(history, 4, detrend="yearly", trend="linear")
    assert linear.total == pytest.approx(526.0)  # Theil-Sen slopes 40, 42, 44 -> 42
    flat = baseline_forecast(history, 4, detrend="yearly", trend="flat")
    assert flat.total == pytest.approx(484.0)


def test_baseline_smooth_compound_growth_recovers_next_year():
    t = np.arange(48) / 12
    history = (1_000.0 * 1.12**t * np.tile(MONTHLY * 12, 4)).reshape(4, 12)
    fc = baseline_forecast(history, 12)
    next_months = 1_000.0 * 1.12 ** (np.arange(48, 60) / 12) * MONTHLY * 12
    assert fc.total == pytest.approx(next_months.sum(), rel=0.005)
    assert fc.growth == pytest.approx(0.12, abs=0.005)
    np.testing.assert_allclose(fc.profile.shares, MONTHLY, atol=2e-4)
    # trend x season: the growth continues through the year, month by month
    np.testing.assert_allclose(fc.values, next_months, rtol=0.006)
    assert fc.values.sum() == pytest.approx(fc.total)
    # the pure seasonal shares would under-phase December by about half a year's growth
    assert fc.values[11] / fc.total > MONTHLY[11] * 1.04


def test_baseline_ignores_a_promotion_month():
    rng = np.random.default_rng(11)
    t = np.arange(36) / 12
    clean = (1_000.0 * 1.1**t * np.tile(MONTHLY * 12, 3) * rng.lognormal(0, 0.02, 36)).reshape(
        3, 12
    )
    spiked = clean.copy()
    spiked[2, 8] *= 2.0  # promotion in the last year: it would add ~8 % to that year
    a = baseline_forecast(clean, 12)
    b = baseline_forecast(spiked, 12)
    assert b.total == pytest.approx(a.total, rel=0.01)
    assert b.profile.weights[2, 8] < 0.1


def test_baseline_partial_last_year_is_completed():
    history = np.outer([100.0, 100.0, 100.0], SEASON_Q * 4)
    history[2, 2:] = np.nan  # year-to-date: first half only
    fc = baseline_forecast(history, 4, trend="linear")
    np.testing.assert_allclose(fc.annual_levels, [400.0, 400.0, 400.0])
    assert fc.total == pytest.approx(400.0)


def test_baseline_long_series_and_unit():
    series = np.tile(SEASON_Q * 1_000.0, 3)
    fc = baseline_forecast(series, 4, unit=100)
    assert fc.total == 1_000.0
    assert fc.values.sum() == 1_000.0
    # 200/250/250/300 in hundreds: one of the two 250s goes up, the other down
    assert sorted(fc.values.tolist()) == [200.0, 200.0, 300.0, 300.0]
    assert fc.values[0] == 200.0 and fc.values[3] == 300.0
    np.testing.assert_array_equal(np.mod(fc.values, 100), 0)


def test_baseline_one_year_is_flat_with_warning():
    fc = baseline_forecast([10.0, 20.0, 30.0, 40.0], 4)
    assert fc.trend == "flat" and fc.total == pytest.approx(100.0) and fc.growth == 0.0
    assert any("one year of history" in w for w in fc.warnings)


def test_baseline_leaves_out_years_without_sales():
    # A new business: the first year sold nothing. It says nothing about growth or the
    # season; compound growth runs from the first year with sales (100 -> 200 -> 400).
    history = np.outer([0.0, 100.0, 200.0], SEASON_Q)
    fc = baseline_forecast(history, 4, detrend="yearly")
    assert fc.total == pytest.approx(400.0)
    assert np.isnan(fc.annual_levels[0])
    assert any("year 1 (position 0) of the history had no sales" in w for w in fc.warnings)
    fc = baseline_forecast(history, 4, detrend="yearly", trend="linear")
    assert fc.total == pytest.approx(300.0)


def test_baseline_linear_decline_floors_at_zero():
    history = np.outer([300.0, 150.0, 10.0], SEASON_Q)
    fc = baseline_forecast(history, 4, detrend="yearly", trend="linear")
    assert fc.total == 0.0 and np.all(fc.values == 0.0)
    assert any("below 0" in w for w in fc.warnings)


def test_baseline_bad_options():
    with pytest.raises(PlanningError, match="trend"):
        baseline_forecast(np.ones((2, 4)), 4, trend="exponential")
    with pytest.raises(PlanningError, match="unit"):
        baseline_forecast(np.ones((2, 4)), 4, unit=-1)
    with pytest.raises(PlanningError, match="one full cycle"):
        baseline_forecast([1.0, 2.0], 4)


def test_baseline_on_sample_company():
    from xl_salesplan.sample_company import load_sample_company

    company = load_sample_company()
    monthly = company.history.groupby("month")["revenue"].sum().to_numpy().reshape(3, 12)
    fc = baseline_forecast(monthly, 12, unit=1000)
    actual = monthly.sum(axis=1)
    # the baseline continues the history's growth (about +9 % a year): between +3 % and +15 %
    assert actual[-1] * 1.03 < fc.total < actual[-1] * 1.15
    assert fc.values.sum() == fc.total
    # the 2024 level is not inflated by the September promotion
    assert fc.annual_levels[1] < actual[1]
