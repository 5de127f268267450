"""Tests for the funnel back-solve: hand-worked examples, invariants and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_salesplan.errors import PlanningError
from xl_salesplan.people.funnel import funnel_needed


def test_funnel_hand_worked_with_two_stages_and_lags() -> None:
    # Revenue to close: 0, 50 000, 100 000, 100 000 in plan months 0..3; deals of 5 000
    #   -> deals 0, 10, 20, 20 closing in months 0..3.
    # Opportunity -> win 25% with a 3-month cycle: opportunities = deals / 0.25 = 0, 40, 80, 80
    #   created 3 months before the close: months -3, -2, -1, 0.
    # Lead -> opportunity 20% with a 1-month lag: leads = opportunities / 0.2 = 0, 200, 400, 400
    #   one month earlier: months -4, -3, -2, -1.
    plan = funnel_needed([0, 50_000, 100_000, 100_000], 5_000, [0.2, 0.25], [1, 3])
    assert plan.stage_names == ("leads", "opportunities", "deals")
    assert plan.period_index.tolist() == [-4, -3, -2, -1, 0, 1, 2, 3]
    np.testing.assert_allclose(plan.stage("deals"), [0, 0, 0, 0, 0, 10, 20, 20])
    np.testing.assert_allclose(plan.stage("opportunities"), [0, 0, 40, 80, 80, 0, 0, 0])
    np.testing.assert_allclose(plan.stage("leads"), [0, 200, 400, 400, 0, 0, 0, 0])
    np.testing.assert_allclose(plan.revenue, [0, 0, 0, 0, 0, 50_000, 100_000, 100_000])
    assert plan.before_plan.tolist() == [True] * 4 + [False] * 4


def test_june_deals_were_march_opportunities() -> None:
    # 300 000 closing in June at 10 000 a deal = 30 deals; 25% of opportunities win after a
    # 3-month cycle -> 30 / 0.25 = 120 opportunities created in March.
    months = pd.period_range("2025-01", periods=12, freq="M")
    target = np.zeros(12)
    target[5] = 300_000  # June
    plan = funnel_needed(target, 10_000, [0.25], 3)
    frame = plan.to_frame(months)
    assert frame.loc[pd.Period("2025-06", "M"), "deals"] == pytest.approx(30)
    assert frame.loc[pd.Period("2025-03", "M"), "opportunities"] == pytest.approx(120)
    assert frame["opportunities"].sum() == pytest.approx(120)
    # January deals need pipeline in October of the year before: reported, not dropped
    assert str(frame.index[0]) == "2024-10"


def test_pre_plan_periods_are_reported() -> None:
    # 10 deals of 1 000 in month 0 with a 2-month cycle at 50%: 20 opportunities in month -2.
    plan = funnel_needed([10_000, 0], 1_000, [0.5], [2])
    assert plan.period_index.tolist() == [-2, -1, 0, 1]
    np.testing.assert_allclose(plan.stage("opportunities"), [20, 0, 0, 0])


def test_deal_size_per_closing_period_and_zero_lags() -> None:
    # Deal size 2 000 then 4 000: 20 000 / 2 000 = 10 deals, 20 000 / 4 000 = 5 deals.
    # With no lag and rates 50% and 100%: opportunities 10, 5; leads 20, 10 in the same months.
    plan = funnel_needed([20_000, 20_000], [2_000, 4_000], [0.5, 1.0])
    assert plan.period_index.tolist() == [0, 1]
    np.testing.assert_allclose(plan.volumes, [[20, 10], [10, 5], [10, 5]])


def test_one_lag_for_every_stage_and_custom_names() -> None:
    # lag 1 applies to both transitions; 3 stages of names
    plan = funnel_needed([1_000], 100, [0.5, 0.5], 1, stage_names=["线索", "商机", "成交"])
    assert plan.stage_names == ("线索", "商机", "成交")
    # 10 deals at month 0; 20 opportunities at -1; 40 leads at -2
    np.testing.assert_allclose(plan.stage("线索"), [40, 0, 0])
    np.testing.assert_allclose(plan.stage("商机"), [0, 20, 0])
    np.testing.assert_allclose(plan.stage("成交"), [0, 0, 10])


def test_default_names_for_longer_funnels() -> None:
    plan = funnel_needed([100], 10, [0.5, 0.5, 0.5])
    assert plan.stage_names == ("stage 1", "stage 2", "stage 3", "deals")
    with pytest.raises(PlanningError, match="no funnel stage named"):
        plan.stage("leads")


def _reference(revenue, deal, rates, lags):
    """Independent forward check: walk each closing period's deals back stage by stage."""
    total_lag = sum(lags)
    n = len(revenue)
    out = np.zeros((len(rates) + 1, n + total_lag))
    for close in range(n):
        volume = revenue[close] / deal
        period = close
        out[len(rates), period + total_lag] += volume
        for k in range(len(rates) - 1, -1, -1):
            volume /= rates[k]
            period -= lags[k]
            out[k, period + total_lag] += volume
    return out


@given(
    revenue=st.lists(st.floats(0, 1e7), min_size=1, max_size=14),
    deal=st.floats(1, 1e5),
    stages=st.lists(st.tuples(st.floats(0.01, 1), st.integers(0, 4)), min_size=1, max_size=4),
)
@settings(max_examples=150)
def test_funnel_matches_a_stage_by_stage_walk(revenue, deal, stages) -> None:
    rates = [r for r, _ in stages]
    lags = [g for _, g in stages]
    plan = funnel_needed(revenue, deal, rates, lags)
    np.testing.assert_allclose(
        plan.volumes, _reference(revenue, deal, rates, lags), rtol=1e-9, atol=1e-12
    )
    # nothing is dropped: each stage's total, converted to wins, equals the deals needed
    to_win = np.cumprod(np.asarray(rates)[::-1])[::-1]
    for k in range(len(rates)):
        assert plan.volumes[k].sum() * to_win[k] == pytest.approx(
            sum(revenue) / deal, rel=1e-9, abs=1e-12
        )


@pytest.mark.parametrize(
    ("kwargs", "code", "words"),
    [
        ({"conversion_rates": [0.2, 0.0]}, "conversion_out_of_range", "position 1 is 0"),
        ({"conversion_rates": [1.2, 0.25]}, "conversion_out_of_range", "position 0 is 1.2"),
        ({"conversion_rates": [-0.2, 0.25]}, "conversion_out_of_range", "position 0 is -0.2"),
        ({"conversion_rates": [0.2, None]}, "blank", "conversion_rates"),
        ({"conversion_rates": []}, "empty", "conversion_rates"),
        ({"revenue_target": []}, "empty", "revenue_target"),
        ({"revenue_target": [100, -1]}, "negative", "revenue_target: negative value -1"),
        ({"avg_deal_size": 0}, "deal_size_not_positive", "avg_deal_size"),
        ({"avg_deal_size": [10, 20, 30]}, "shape_mismatch", "avg_deal_size"),
        ({"lags": [1.5, 0]}, "bad_lag", "position 0 is 1.5"),
        ({"lags": [-1, 0]}, "bad_lag", "position 0 is -1"),
        ({"lags": [1, 2, 3]}, "shape_mismatch", "lags"),
        ({"stage_names": ["a", "b"]}, "bad_stage_names", "3 different names"),
    ],
)
def test_funnel_bad_input(kwargs, code, words) -> None:
    args = {
        "revenue_target": [100, 100],
        "avg_deal_size": 10,
        "conversion_rates": [0.2, 0.25],
        "lags": [0, 1],
    }
    args.update(kwargs)
    with pytest.raises(PlanningError) as info:
        funnel_needed(**args)
    assert info.value.code == code
    assert words in str(info.value)


def test_rate_of_exactly_one_is_allowed() -> None:
    plan = funnel_needed([100], 10, [1.0])
    np.testing.assert_allclose(plan.volumes, [[10], [10]])


junk = st.one_of(
    st.none(),
    st.text(max_size=4),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**6), 10**6),
    st.lists(st.one_of(st.none(), st.floats(), st.text(max_size=3), st.integers()), max_size=4),
    st.just([[1, 2], [3]]),
)


@given(revenue=junk, deal=junk, rates=junk, lags=junk)
@settings(max_examples=200)
def test_funnel_junk_raises_only_planning_error(revenue, deal, rates, lags) -> None:
    try:
        plan = funnel_needed(revenue, deal, rates, lags)
    except PlanningError:
        return
    assert plan.volumes.shape == (plan.conversion_rates.size + 1, plan.period_index.size)
