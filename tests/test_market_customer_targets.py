"""Targets from the market and from customers, and the realism check: hand-worked examples,
bad inputs and the bridge's identity under hypothesis."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_salesplan.errors import PlanningError
from xl_salesplan.targets.customers import customer_bridge, customers_needed, retention_needed
from xl_salesplan.targets.market import fair_share_split, market_target
from xl_salesplan.targets.realism import target_check

# ---------------------------------------------------------------- market


def test_market_target_by_hand() -> None:
    # East: 50m market growing 10% -> 55m, 61.05m; share 8% -> 9% -> 10%.
    # West: 20m market growing 0%; share goal 5% from the start.
    path = market_target(
        [50e6, 20e6], [0.10, 0.0], [0.10, 0.05], current_share=[0.08, 0.05], years=2
    )
    np.testing.assert_allclose(path.market, [[55e6, 20e6], [60.5e6, 20e6]])
    np.testing.assert_allclose(path.share, [[0.09, 0.05], [0.10, 0.05]])
    np.testing.assert_allclose(path.target, [[4.95e6, 1e6], [6.05e6, 1e6]])
    table = path.table(["East", "West"])
    assert table.loc[table.market_name == "East", "target"].round().tolist() == [4950000, 6050000]


def test_share_goal_above_100_percent_is_refused_with_position() -> None:
    with pytest.raises(PlanningError) as caught:
        market_target([1e6, 1e6], 0.05, [0.2, 1.1])
    assert caught.value.code == "share_out_of_range"
    assert caught.value.positions == (1,) and caught.value.amount == pytest.approx(1.1)
    assert "100%" in str(caught.value)


def test_market_growth_below_minus_100_percent_is_refused() -> None:
    with pytest.raises(PlanningError, match="at least -100%"):
        market_target(1e6, -1.5, 0.1)


def test_fair_share_split_follows_potential_and_keeps_total_when_rounded() -> None:
    # held North keeps 100,000; the other 900,000 by potential 7 : 4 = 572,727.27 and
    # 327,272.73 -> whole thousands 572,000 + 327,000 and the one thousand left goes to the
    # larger remainder (0.73 of a thousand against 0.27)
    parts = fair_share_split(1_000_000, [7, 4, 9], holds=[None, None, 100_000], unit=1000)
    assert parts.tolist() == [573_000.0, 327_000.0, 100_000.0]
    assert parts.sum() == 1_000_000


# ---------------------------------------------------------------- customers


def test_bridge_by_hand() -> None:
    # base 1,200 a year (100 a month), 90% retention, 10% expansion, 12 customers won in
    # January at 10 a year each (10 / 12 a month each -> 10 a month from January).
    bridge = customer_bridge(1200, 0.9, 0.1, [12] + [0] * 11, 10)
    np.testing.assert_allclose(bridge.churn, 10.0)  # 100 x 10%
    np.testing.assert_allclose(bridge.expansion, 9.0)  # 100 x 90% x 10%
    np.testing.assert_allclose(bridge.new, 10.0)
    np.testing.assert_allclose(bridge.total, 109.0)
    assert bridge.annual() == pytest.approx(
        {"base": 1200, "churn": 120, "expansion": 108, "new": 120, "total": 1308}
    )


def test_bridge_spreads_a_total_base_by_the_profile() -> None:
    profile = [2] + [1] * 11  # January twice an average month
    bridge = customer_bridge(1300, 1.0, 0.0, 0, 0, profile=profile)
    assert bridge.base[0] == pytest.approx(200) and bridge.base[1] == pytest.approx(100)


def test_customers_needed_and_retention_needed_by_hand() -> None:
    # existing 1,200 x 90% x 1.0 = 1,080; target 1,500 -> gap 420. Won evenly over the year,
    # a customer worth 120 in its first year brings 120 x (12+11+...+1)/144 = 65 this year.
    need = customers_needed(1500, 1200, 0.9, 0.0, 120, lead_to_customer=0.05)
    assert need.gap == pytest.approx(420) and need.revenue_per_new_customer == pytest.approx(65)
    assert need.new_customers == pytest.approx(420 / 65)
    assert need.leads == pytest.approx(420 / 65 / 0.05)
    # All won in January: each brings the full 120 -> 3.5 customers.
    january = customers_needed(1500, 1200, 0.9, 0.0, 120, acquisition_profile=[1] + [0] * 11)
    assert january.new_customers == pytest.approx(3.5)
    assert january.per_month[0] == pytest.approx(3.5) and january.per_month[1:].sum() == 0
    # retention assumed by 1,308 with 12 January customers at 10: (1308 - 120) / 1320 = 0.9.
    assert retention_needed(1308, 1200, 0.1, [12] + [0] * 11, 10) == pytest.approx(0.9)


@pytest.mark.parametrize("retention", [1.01, -0.1])
def test_retention_outside_0_to_100_percent_is_refused(retention: float) -> None:
    with pytest.raises(PlanningError) as caught:
        customer_bridge(1000, retention, 0.0, 0, 0)
    assert caught.value.code == "retention_out_of_range"
    assert caught.value.amount == pytest.approx(retention)
    assert "retention must be from 0 to 100%" in str(caught.value)


def test_monthly_inputs_need_twelve_values() -> None:
    with pytest.raises(PlanningError, match="one per month"):
        customer_bridge([100] * 11, 0.9, 0.0, 0, 0)


money = st.floats(0, 1e9, allow_nan=False)


@given(
    base=st.lists(money, min_size=12, max_size=12),
    retention=st.floats(0, 1),
    expansion=st.floats(-1, 3),
    new=st.lists(st.floats(0, 1e4), min_size=12, max_size=12),
    revenue=money,
)
def test_the_bridge_adds_up_every_month_and_for_the_year(
    base: list[float], retention: float, expansion: float, new: list[float], revenue: float
) -> None:
    bridge = customer_bridge(base, retention, expansion, new, revenue)
    parts = bridge.base - bridge.churn + bridge.expansion + bridge.new
    np.testing.assert_allclose(parts, bridge.total, rtol=1e-12, atol=1e-6)
    year = bridge.annual()
    assert year["base"] - year["churn"] + year["expansion"] + year["new"] == pytest.approx(
        year["total"], rel=1e-12, abs=1e-6
    )


@given(target=st.floats(1, 1e8), retention=st.floats(0, 1), expansion=st.floats(0, 1))
def test_the_customers_needed_reach_the_target(target, retention, expansion) -> None:
    need = customers_needed(target, 1e6, retention, expansion, 5e4)
    bridge = customer_bridge(1e6, retention, expansion, need.per_month, 5e4)
    assert bridge.annual()["total"] == pytest.approx(max(target, need.from_existing), rel=1e-9)


# ---------------------------------------------------------------- realism check


def test_each_check_by_hand() -> None:
    # Last year 1.2m after 1.0m -> 1.1m -> 1.2m: best growth 10% (1.1 / 1.0).
    # Target 1.26m: +5% -> realistic. Market +2%: share gain 1.05/1.02 - 1 = 2.9% -> realistic.
    # 12 reps -> 105k each vs best 100k: above best, within +10% -> stretch.
    # Probability 0.45 -> stretch (below 50%, from 20%).
    check = target_check(
        1_260_000,
        history_totals=[1_000_000, 1_100_000, 1_200_000],
        market_growth=0.02,
        reps=12,
        history_revenue_per_rep=[90_000, 100_000],
        probability=0.45,
    )
    table = check.table().set_index("check")
    assert table.loc["growth", "figure"] == pytest.approx(0.05)
    assert table.loc["growth", "reference"] == pytest.approx(0.10)
    assert table.loc["share", "figure"] == pytest.approx(1.05 / 1.02 - 1)
    assert table.loc["productivity", "figure"] == pytest.approx(105_000)
    assert table["verdict"].to_dict() == {
        "growth": "realistic",
        "share": "realistic",
        "productivity": "stretch",
        "probability": "stretch",
    }
    assert check.verdict == "stretch"


def test_checks_without_inputs_are_left_out() -> None:
    check = target_check(100, probability=0.1)
    assert [line.check for line in check.lines] == ["probability"]
    assert check.verdict == "unrealistic"
    assert target_check(100).lines == () and target_check(100).verdict == "realistic"


def test_target_check_refuses_a_probability_above_one() -> None:
    with pytest.raises(PlanningError, match="probability must be from 0 to 100%"):
        target_check(100, probability=1.5)
