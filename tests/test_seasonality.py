"""Tests for xl_salesplan.history.seasonality: known profiles, outliers, diagnostics, errors.

Synthetic history is trend x season x noise with known seasonal shares; the stated
tolerances are the ones in the module docstring.
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from xl_salesplan.errors import PlanningError
from xl_salesplan.history.seasonality import seasonal_profile

MONTHLY_TRUTH = np.array([0.70, 0.75, 1.00, 1.00, 1.02, 1.10, 0.92, 0.90, 1.05, 0.95, 1.15, 1.46])
MONTHLY_TRUTH = MONTHLY_TRUTH / MONTHLY_TRUTH.sum()

# tolerances stated in the seasonality module docstring (monthly, 3 % noise)
SHARE_TOL = 0.0075
OUTLIER_SHARE_TOL = 0.006


def synthetic(truth, years, growth, noise, seed, periods_per_year=None):
    """trend x season x noise: compound growth per year, log-normal noise."""
    p = truth.size if periods_per_year is None else periods_per_year
    rng = np.random.default_rng(seed)
    t = np.arange(p * years) / p
    trend = 1000.0 * (1.0 + growth) ** t
    values = trend * np.tile(truth * p, years) * rng.lognormal(0.0, noise, p * years)
    return values.reshape(years, p), rng


def naive_shares(history):
    """Plain average of each year's shares (no trend, no outlier handling)."""
    return np.nanmean(history / np.nansum(history, axis=1, keepdims=True), axis=0)


CASES = list(itertools.product((3, 4, 5), (0.0, 0.08, 0.15), range(4)))


@pytest.mark.parametrize(("years", "growth", "seed"), CASES)
def test_recovers_monthly_profile_with_trend_noise_and_outliers(years, growth, seed):
    history, rng = synthetic(MONTHLY_TRUTH, years, growth, 0.03, seed)
    up, down = rng.choice(12, size=2, replace=False)
    up_year, down_year = rng.integers(0, years, size=2)
    history[up_year, up] *= 1.6  # one-off promotion
    history[down_year, down] *= 0.5  # one-off outage
    profile = seasonal_profile(history, 12)

    assert np.max(np.abs(profile.shares - MONTHLY_TRUTH)) <= SHARE_TOL
    # the outliers do not leak into the profile
    assert abs(profile.shares[up] - MONTHLY_TRUTH[up]) <= OUTLIER_SHARE_TOL
    assert abs(profile.shares[down] - MONTHLY_TRUTH[down]) <= OUTLIER_SHARE_TOL
    # ... and they are reported, (almost) fully damped
    assert profile.weights[up_year, up] < 0.2
    assert profile.weights[down_year, down] < 0.2
    table = profile.outlier_table()
    found = set(zip(table["year_index"], table["period"], strict=True))
    assert {(up_year, up), (down_year, down)} <= found
    assert profile.converged


def test_naive_average_would_leak_the_promotion():
    """The injected outlier is big enough to matter: a plain average is pulled by it."""
    history, _ = synthetic(MONTHLY_TRUTH, 3, 0.0, 0.03, seed=1)
    history[1, 8] *= 1.6
    naive_error = abs(naive_shares(history)[8] - MONTHLY_TRUTH[8])
    robust_error = abs(seasonal_profile(history).shares[8] - MONTHLY_TRUTH[8])
    assert naive_error > 0.012
    assert robust_error < naive_error / 4


def test_noise_free_linear_trend_is_exact_and_outlier_fully_removed():
    truth = MONTHLY_TRUTH
    t = np.arange(36)
    trend = 500.0 + 10.0 * t  # a straight line: the smooth trend model fits it exactly
    history = (trend * np.tile(truth * 12, 3)).reshape(3, 12)
    clean = history.copy()
    history[2, 5] *= 2.0
    profile = seasonal_profile(history)
    np.testing.assert_allclose(profile.shares, truth, atol=1e-9)
    assert profile.weights[2, 5] == 0.0
    np.testing.assert_allclose(profile.damped_history[2, 5], clean[2, 5], rtol=1e-9)
    np.testing.assert_allclose(profile.trend[0], trend[:12], rtol=1e-9)
    row = profile.outlier_table().iloc[0]
    assert (row["year_index"], row["period"], row["period_label"]) == (2, 5, "Jun")
    assert row["damped_by"] == pytest.approx(clean[2, 5], rel=1e-9)  # doubled: half removed


def test_yearly_detrend_recovers_step_growth_exactly():
    season = np.array([0.2, 0.25, 0.25, 0.3])
    history = np.outer([400.0, 440.0, 484.0, 532.4], season)
    profile = seasonal_profile(history, 4, detrend="yearly")
    np.testing.assert_allclose(profile.shares, season, atol=1e-12)
    np.testing.assert_allclose(profile.trend[:, 0], [100.0, 110.0, 121.0, 133.1], rtol=1e-9)


def test_quarterly_profile_with_trend_and_outlier():
    truth = np.array([0.21, 0.24, 0.23, 0.32])
    for seed in range(6):
        history, _ = synthetic(truth, 4, 0.1, 0.03, seed)
        history[2, 1] *= 1.5
        profile = seasonal_profile(history, 4)
        # stated tolerance, quarterly, 3 % noise, 4 years: 0.01 per share
        assert np.max(np.abs(profile.shares - truth)) <= 0.01
        assert abs(profile.shares[1] - truth[1]) <= 0.01
        assert profile.weights[2, 1] < 0.2


def test_quarterly_from_monthly_source_equals_profile_of_quarter_sums():
    history, _ = synthetic(MONTHLY_TRUTH, 3, 0.05, 0.02, seed=3)
    quarters = history.reshape(3, 4, 3).sum(axis=2)
    a = seasonal_profile(history, 4, source=12)
    b = seasonal_profile(quarters, 4)
    np.testing.assert_allclose(a.shares, b.shares, atol=1e-12)
    truth_q = MONTHLY_TRUTH.reshape(4, 3).sum(axis=1)
    assert np.max(np.abs(a.shares - truth_q)) <= 0.01


def weekly_truth():
    w = np.arange(52)
    base = 1.0 + 0.25 * np.sin(2 * np.pi * (w - 10) / 52)
    base[5:7] *= 0.4  # holiday weeks
    base[46:48] *= 1.5  # year-end push
    return base / base.sum()


def test_weekly_52_profile_with_outlier_weeks():
    truth = weekly_truth()
    for seed in range(3):
        history, rng = synthetic(truth, 4, 0.1, 0.05, seed)
        weeks = rng.choice(52, size=3, replace=False)
        history[1, weeks[0]] *= 2.0
        history[2, weeks[1]] *= 0.3
        history[3, weeks[2]] *= 1.8
        profile = seasonal_profile(history, 52)
        # stated tolerance, 52 weeks, 5 % noise, 4 years: 0.0015 per share (average share 0.019)
        assert np.max(np.abs(profile.shares - truth)) <= 0.0015
        assert np.max(np.abs(profile.shares[weeks] - truth[weeks])) <= 0.0015
        assert profile.shares.shape == (52,)
        assert profile.calendar.name == "weekly"


def test_445_fiscal_profile_from_weekly_history():
    truth_weeks = weekly_truth()
    mapping = np.repeat(np.arange(12), [4, 4, 5] * 4)
    truth_months = np.bincount(mapping, weights=truth_weeks)
    for seed in range(3):
        history, _ = synthetic(truth_weeks, 4, 0.1, 0.05, seed)
        history[2, 30] *= 3.0  # a promotion week
        profile = seasonal_profile(history, "4-4-5", source="weekly")
        assert profile.calendar.name == "4-4-5"
        # stated tolerance, 4-4-5 months from weekly data, 5 % noise, 4 years: 0.006
        assert np.max(np.abs(profile.shares - truth_months)) <= 0.006
        month_of_promo = mapping[30]
        assert profile.weights[2, month_of_promo] < 0.5
    # indices correct for the 5-week months: equal weekly sales -> every index is 1
    flat = seasonal_profile(np.ones((3, 52)), "4-4-5", source=52)
    np.testing.assert_allclose(flat.shares, np.array([4, 4, 5] * 4) / 52, atol=1e-12)
    np.testing.assert_allclose(flat.indices, np.ones(12), atol=1e-12)


def test_445_profile_from_fiscal_months_directly():
    fiscal_months = np.tile(np.array([4, 4, 5] * 4, dtype=float) * 10, (3, 1))
    profile = seasonal_profile(fiscal_months, "4-4-5")
    np.testing.assert_allclose(profile.shares, np.array([4, 4, 5] * 4) / 52, atol=1e-12)
    np.testing.assert_allclose(profile.indices, 1.0, atol=1e-12)


def test_long_series_with_start_period_and_blanks_equals_table():
    history, _ = synthetic(MONTHLY_TRUTH, 4, 0.05, 0.03, seed=9)
    table = history.copy()
    table[0, :4] = np.nan  # series starts in May
    table[3, 9:] = np.nan  # ... and ends in September
    series = table.ravel()[4:-3]
    a = seasonal_profile(series, 12, start_period=4)
    b = seasonal_profile(table, 12)
    np.testing.assert_allclose(a.shares, b.shares, atol=1e-12)
    assert a.years_used == 4
    np.testing.assert_array_equal(a.observations, [3] * 4 + [4] * 5 + [3] * 3)
    assert np.max(np.abs(a.shares - MONTHLY_TRUTH)) <= SHARE_TOL


def test_damped_history_reproduces_the_profile():
    """The profile is the average of damped history / trend (as the docs say)."""
    history, _ = synthetic(MONTHLY_TRUTH, 4, 0.1, 0.04, seed=4)
    history[1, 3] *= 1.7
    history[2, 3] = np.nan
    profile = seasonal_profile(history)
    index = np.nanmean(profile.damped_history / profile.trend, axis=0)
    np.testing.assert_allclose(index / index.sum(), profile.shares, atol=1e-9)
    obs = ~np.isnan(history)
    np.testing.assert_allclose(
        profile.damped_history[obs],
        (profile.expected + profile.weights * (history - profile.expected))[obs],
    )


def test_diagnostics_of_clean_history():
    history, _ = synthetic(MONTHLY_TRUTH, 4, 0.08, 0.03, seed=2)
    profile = seasonal_profile(history)
    assert profile.years_used == 4
    np.testing.assert_array_equal(profile.observations, np.full(12, 4))
    assert 0.02 <= profile.residual_cv <= 0.045  # the 3 % noise, measured robustly
    assert profile.seasonal_strength > 0.9
    assert profile.quality == "good"
    assert np.all(profile.year_correlations > 0.9)
    # about share x noise / sqrt(years): at most 0.13 x 0.045 / 2 here
    assert np.all(profile.share_std_error > 0) and np.all(profile.share_std_error < 0.003)
    fewer = history.copy()
    fewer[:2, 0] = np.nan
    se = seasonal_profile(fewer).share_std_error
    assert se[0] / profile.shares[0] > 1.2 * se[1] / profile.shares[1]  # less data, less sure
    assert profile.warnings == ()
    assert len(profile.outlier_table()) <= 3  # at most a few mild dampings of normal noise


def test_diagnostics_of_pure_noise_and_of_an_odd_year():
    rng = np.random.default_rng(0)
    noise = 100.0 * rng.lognormal(0.0, 0.05, (3, 12))
    assert seasonal_profile(noise).seasonal_strength < 0.3
    history, _ = synthetic(MONTHLY_TRUTH, 4, 0.0, 0.02, seed=5)
    history[2] = history[2][::-1]  # a year whose pattern is backwards
    corr = seasonal_profile(history).year_correlations
    assert corr[2] < 0.3 < 0.8 < min(corr[0], corr[1], corr[3])


def test_two_years_cannot_damp_and_says_so():
    history, _ = synthetic(MONTHLY_TRUTH, 2, 0.05, 0.02, seed=0)
    history[1, 6] *= 1.8
    profile = seasonal_profile(history)
    assert np.all(profile.weights == 1.0)
    assert profile.quality in ("fair", "poor")
    assert any("fewer than 3 years" in w for w in profile.warnings)
    # with two years the spike is shared half and half: nothing hidden
    assert profile.shares[6] > MONTHLY_TRUTH[6]


def test_one_year_is_its_own_pattern():
    values = np.array([5.0, 1.0, 3.0, 1.0])
    profile = seasonal_profile(values, 4)
    np.testing.assert_allclose(profile.shares, values / values.sum(), atol=1e-15)
    assert profile.years_used == 1 and profile.quality == "poor"
    # three years, but each period seen once or twice: not "good"
    sparse = np.array([[1, np.nan, np.nan, np.nan], [np.nan, 2, np.nan, np.nan], [np.nan, 2, 3, 4]])
    thin = seasonal_profile(sparse, 4)
    assert thin.years_used == 3 and thin.quality == "poor"
    assert any("less than two full cycles" in w for w in profile.warnings)


def test_zero_periods_stay_zero():
    history = np.tile([0.0, 10.0, 20.0, 0.0], (3, 1)) * np.array([[1.0], [1.1], [1.2]])
    profile = seasonal_profile(history, 4, detrend="yearly")
    np.testing.assert_allclose(profile.shares, [0.0, 1 / 3, 2 / 3, 0.0], atol=1e-12)


def test_outlier_threshold_inf_switches_damping_off():
    history, _ = synthetic(MONTHLY_TRUTH, 3, 0.0, 0.02, seed=1)
    history[1, 2] *= 2.0
    profile = seasonal_profile(history, outlier_threshold=np.inf)
    assert np.all(profile.weights == 1.0)
    assert profile.outlier_table().empty


def test_sample_company_promotion_is_damped():
    from xl_salesplan.sample_company import load_sample_company

    company = load_sample_company()
    monthly = company.history.groupby("month")["revenue"].sum().to_numpy().reshape(3, 12)
    profile = seasonal_profile(monthly)
    assert profile.weights[1, 8] < 0.1  # September 2024, the one-off promotion
    other_years = monthly[[0, 2], 8] / monthly[[0, 2]].sum(axis=1)
    assert profile.shares[8] < other_years.max() * 1.03
    assert profile.shares[8] < naive_shares(monthly)[8] - 0.005
    assert np.argmax(profile.shares) == 11  # December is the biggest month
    assert profile.shares[[0, 1]].sum() < 2 / 12  # Chinese New Year dip


@settings(max_examples=60)
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 5), st.sampled_from([4, 12])),
        elements=st.floats(0.0, 1e7, allow_subnormal=False),
    ),
    st.sampled_from(["smooth", "yearly"]),
)
def test_shares_are_a_distribution_for_any_history(history, detrend):
    if not history.sum() > 0:
        with pytest.raises(PlanningError):
            seasonal_profile(history, history.shape[1], detrend=detrend)
        return
    try:
        profile = seasonal_profile(history, history.shape[1], detrend=detrend)
    except PlanningError as error:
        # Scattered single sales can leave no usable pattern: refused in words, never NaN
        # shares; history with sales in every period always gives a profile.
        assert error.code == "no_pattern"
        assert not (history > 0).all()
        return
    assert np.all(np.isfinite(profile.shares))
    assert np.all(profile.shares >= 0)
    assert abs(profile.shares.sum() - 1.0) <= 4 * np.finfo(float).eps
    used = ~np.isnan(profile.history)  # years without sales are left out (blank)
    assert np.all((profile.weights[used] >= 0) & (profile.weights[used] <= 1))
    assert np.all(np.isnan(profile.weights[~used]))
    left_out = ~used.any(axis=1)
    assert np.all(history[left_out] == 0)
    assert profile.iterations <= 100


def test_scattered_single_sales_give_no_pattern_in_words():
    """Found by hypothesis: one sale a year, each in another quarter."""
    history = np.array([[0.0, 0.0, 1.0, 0.0], [1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0]])
    for detrend in ("smooth", "yearly"):
        try:
            profile = seasonal_profile(history, 4, detrend=detrend)
        except PlanningError as error:
            assert error.code == "no_pattern" and "seasonal pattern" in str(error)
        else:
            assert np.all(np.isfinite(profile.shares))


# A new business: years of zero revenue before the first sales. These histories gave NaN
# shares graded "good" (and, through the command line, a raw numpy RuntimeWarning).
NEW_BUSINESS = [
    np.array([[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [10.0, 20.0, 30.0, 40.0]]),
    np.array([[0.0, 0.0, 0.0, 0.0], [10.0, 20.0, 30.0, 40.0]]),
    np.array([[10.0, 20.0, 30.0, 40.0], [0.0, 0.0, 0.0, 0.0], [11.0, 22.0, 33.0, 44.0]]),
]


@pytest.mark.parametrize("detrend", ["smooth", "yearly"])
@pytest.mark.parametrize("history", NEW_BUSINESS)
def test_years_without_sales_do_not_shape_the_profile(history, detrend):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy RuntimeWarning either
        profile = seasonal_profile(history, 4, detrend=detrend)
    np.testing.assert_allclose(profile.shares, [0.1, 0.2, 0.3, 0.4], atol=1e-9)
    assert profile.years_used == int((history.sum(axis=1) > 0).sum())
    assert "had no sales and" in profile.warnings[0]
    assert profile.quality != "good"


def test_too_little_history_after_the_years_without_sales_names_them():
    history = np.array([[0.0] * 4, [0.0] * 4, [5.0, 6.0, np.nan, np.nan]])
    with pytest.raises(PlanningError) as caught:
        seasonal_profile(history, 4)
    assert caught.value.code == "too_short"
    assert "(years 1 and 2 (positions 0, 1): no sales, not counted)" in str(caught.value)
    assert "Q3, Q4" in str(caught.value)


@settings(max_examples=40)
@given(st.floats(1e-3, 1e6), st.integers(0, 2**16))
def test_scale_invariance(scale, seed):
    history, _ = synthetic(MONTHLY_TRUTH, 3, 0.1, 0.05, seed)
    a = seasonal_profile(history)
    b = seasonal_profile(history * scale)
    np.testing.assert_allclose(a.shares, b.shares, atol=1e-9)


# --- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("history", "kwargs", "code", "text"),
    [
        ([], {}, "empty", "empty"),
        (np.full((2, 12), np.nan), {}, "all_blank", "all blank"),
        ([1.0] * 11, {}, "too_short", "11 monthly periods"),
        ([1.0, 2.0, 3.0], {"periods_per_year": 4}, "too_short", "one full cycle of 4"),
        (np.zeros((2, 4)), {"periods_per_year": 4}, "all_zero", "all zero"),
        (np.ones((2, 12)), {"periods_per_year": 4}, "shape_mismatch", "12 columns"),
        (np.ones((2, 2, 4)), {"periods_per_year": 4}, "shape_mismatch", "shape"),
        ([[1, 2, None, 4], [1, 2, None, 4]], {"periods_per_year": 4}, "too_short", "Q3"),
    ],
)
def test_bad_history_raises_planning_error(history, kwargs, code, text):
    with pytest.raises(PlanningError) as err:
        seasonal_profile(history, **kwargs)
    assert err.value.code == code
    assert text in str(err.value)


def test_negative_values_are_named_with_positions():
    history = np.ones((3, 4))
    history[1, 2] = -5.0
    with pytest.raises(PlanningError) as err:
        seasonal_profile(history, 4)
    assert err.value.code == "negative_values"
    assert err.value.positions == ((1, 2),)
    assert err.value.amount == -5.0
    assert "(1, 2)" in str(err.value) and "-5" in str(err.value)
    with pytest.raises(PlanningError, match="positions 3"):
        seasonal_profile([1, 1, 1, -1, 1, 1, 1, 1], 4)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"outlier_threshold": 0}, "outlier_threshold"),
        ({"outlier_threshold": "x"}, "outlier_threshold"),
        ({"outlier_threshold": np.nan}, "outlier_threshold"),
        ({"max_iter": 0}, "max_iter"),
        ({"max_iter": 2.5}, "max_iter"),
        ({"detrend": "loess"}, "detrend"),
        ({"periods_per_year": 5}, "calendar"),
        ({"source": 4}, "cannot aggregate"),
        ({"tol": np.inf}, "tol"),
        ({"start_period": 12}, "start_period"),
    ],
)
def test_bad_options_raise_planning_error(kwargs, name):
    with pytest.raises(PlanningError, match=name):
        seasonal_profile(np.arange(1.0, 25.0), **kwargs)


def test_text_in_history_is_named():
    with pytest.raises(PlanningError, match="history: value at position 2 is not a number"):
        seasonal_profile([1, 2, "x", 4], 4)
