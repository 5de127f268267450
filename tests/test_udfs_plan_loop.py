"""Excel functions that close the planning loop: TARGET_FROM_MARKET, CUSTOMER_BRIDGE,
CUSTOMERS_NEEDED, TARGET_CHECK, REPLAN, HOLIDAY_SEASONALITY, PAYOUT, PAYOUT_RISK,
REP_SCORECARD. Called as xlwings calls them; results checked by hand or against the engine,
bad inputs give one planner-worded line naming the argument."""

from __future__ import annotations

import numpy as np
import pytest
from udf_calls import cell, column, row, udfs

from xl_salesplan.history.moving_holidays import holiday_profile, synthetic_history_example
from xl_salesplan.people.incentives import payout_curve, payout_risk
from xl_salesplan.people.quota_risk import quota_risk

TIERS = [["from", "rate"], [0.5, 1.0], [1.0, 2.0], [1.5, 0.5]]


def _measures(result) -> dict:
    assert result[0] == ["measure", "value"]
    return {name: value for name, value in result[1:]}


# ---------------------------------------------------------------- market and customers


def test_target_from_market_by_hand() -> None:
    out = udfs.TARGET_FROM_MARKET(
        column([50e6, 20e6]),
        cell("10%"),
        column([0.10, 0.05]),
        column([0.08, 0.05]),
        cell(2),
        column(["East", "West"]),
    )
    assert out[0] == ["year", "market", "market_size", "share", "target"]
    assert [r[:2] for r in out[1:]] == [[1.0, "East"], [1.0, "West"], [2.0, "East"], [2.0, "West"]]
    # one growth for both: West 20m x 1.1 x 5% = 1.1m, then 24.2m x 5% = 1.21m
    assert [round(r[4]) for r in out[1:]] == [4_950_000, 1_100_000, 6_050_000, 1_210_000]


def test_share_goal_above_100_percent_names_the_argument_and_cell() -> None:
    out = udfs.TARGET_FROM_MARKET(row([1e6, 2e6]), cell(0.05), row([0.2, "120%"]))
    assert out == [
        [
            "#TARGET_FROM_MARKET: share_goal (arg 3) must be from 0 to 100% (a share of the "
            "market); position 2 is 1.2 (out of range at [2])"
        ]
    ]


def test_customer_bridge_rows_add_up() -> None:
    out = udfs.CUSTOMER_BRIDGE(cell(1200), cell(0.9), cell(0.1), row([12] + [0] * 11), cell(10))
    assert out[0] == ["part", *[f"M{m}" for m in range(1, 13)], "year"]
    rows = {r[0]: r[1:] for r in out[1:]}
    assert rows["total"][-1] == pytest.approx(1308)
    assert rows["churn"][0] == pytest.approx(10) and rows["new"][-1] == pytest.approx(120)


def test_retention_above_100_percent_is_refused() -> None:
    out = udfs.CUSTOMER_BRIDGE(cell(1200), cell("110%"), cell(0), cell(0), cell(0))
    assert out[0][0].startswith("#CUSTOMER_BRIDGE: retention (arg 2) must be from 0 to 100%")


def test_customers_needed_by_hand() -> None:
    out = udfs.CUSTOMERS_NEEDED(
        cell(1500), cell(1200), cell(0.9), cell(0), cell(120), None, cell(0.05), cell(12)
    )
    got = _measures(out)
    assert got["new_customers"] == pytest.approx(420 / 65)
    assert got["leads"] == pytest.approx(420 / 65 / 0.05)
    # 12 customers won evenly bring 12 x 65 = 780: retention (1500 - 780) / 1200 = 60%
    assert got["retention_needed"] == pytest.approx(0.6)


def test_target_check_lines_and_probability_from_the_quota_risk() -> None:
    quotas, sample = [300_000] * 4, [0.7, 0.9, 1.0, 1.1, 1.3]
    out = udfs.TARGET_CHECK(
        cell(1_260_000),
        row([1_000_000, 1_100_000, 1_200_000]),
        cell(0.02),
        cell(12),
        row([90_000, 100_000]),
        column(quotas),
        column(sample),
        cell(2000),
        cell(4),
    )
    assert out[0] == ["check", "figure", "reference", "verdict"]
    verdicts = {r[0]: r[3] for r in out[1:]}
    expected = quota_risk(quotas, 1_260_000, attainment_sample=sample, n_sims=2000, seed=4)
    probability = next(r[1] for r in out if r[0] == "probability")
    assert probability == pytest.approx(expected.probability)
    assert verdicts["growth"] == "realistic" and verdicts["productivity"] == "stretch"
    assert out[-1][0] == "overall"


# ---------------------------------------------------------------- re-plan and holidays


def test_replan_table_summary_and_comparison() -> None:
    original = [
        ["", "Jan", "Feb", "Mar", "Apr"],
        ["North", 10, 10, 20, 60],
        ["South", 10, 10, 10, 30],
    ]
    actuals = [
        ["", "Jan", "Feb", "Mar", "Apr"],
        ["North", 10, 10, None, None],
        ["South", 5, 5, None, None],
    ]
    plan = udfs.REPLAN(None, original, actuals, cell(2))
    np.testing.assert_allclose(
        np.array(plan, dtype=float),
        [[10, 10, 20 * 130 / 120, 60 * 130 / 120], [5, 5, 10 * 130 / 120, 30 * 130 / 120]],
    )
    summary = _measures(udfs.REPLAN(None, original, actuals, cell(2), result=cell("summary")))
    assert summary["annual_total"] == summary["replan_total"] == pytest.approx(160)
    assert summary["landing"] == pytest.approx(30 + 120 * 30 / 40)  # 120 on the 75% pace
    comparison = udfs.REPLAN(
        cell(160), original, actuals, cell(2), cell("rebase"), result=cell("comparison")
    )
    assert comparison[0] == ["month", "original", "replan", "change", "closed"]
    assert [r[4] for r in comparison[1:]] == [True, True, False, False]


@pytest.mark.parametrize("month", [0, 13])
def test_replan_month_outside_the_year(month: int) -> None:
    out = udfs.REPLAN(cell(1200), row([100] * 12), row([90] * 12), cell(month))
    assert out == [
        [
            "#REPLAN: closed_months (arg 4) the re-plan month must be from 1 to 12 (the months "
            f"with actuals); got {month}"
        ]
    ]


def test_holiday_seasonality_matches_the_engine() -> None:
    history = synthetic_history_example(2019, 7)
    grid = [[f"M{m}" for m in range(1, 13)], *history.tolist()]
    shares = udfs.HOLIDAY_SEASONALITY(grid, cell(2019), cell(2026))
    profile = holiday_profile(history, 2019)
    np.testing.assert_allclose(shares[0], profile.phasing(2026))
    effects = _measures(
        udfs.HOLIDAY_SEASONALITY(grid, cell(2019), cell(2026), cell("春节"), result=cell("effects"))
    )
    assert effects["spring_festival"] == pytest.approx(-0.45)


# ---------------------------------------------------------------- incentives


def test_payout_by_hand_annual_and_quarterly() -> None:
    annual = udfs.PAYOUT(column([0.4, 1.0, 1.2]), cell(10_000), TIERS, cell(2.5))
    assert annual == [[0.0], [10_000.0], [14_000.0]]
    quarterly = udfs.PAYOUT(
        [[1.2, 0.8, 0.4, 1.0]], cell(40_000), TIERS, None, None, cell(3), cell(1000)
    )
    assert quarterly == [[35_000.0]]


def test_tiers_not_increasing_names_the_tier_table() -> None:
    out = udfs.PAYOUT(column([1.0]), cell(1), [[0.5, 1], [1.0, 2], [0.9, 1]])
    assert out == [
        [
            "#PAYOUT: tiers (arg 3) must start at increasing attainment; the tier at position 3 "
            "starts at 90%, not above the tier before it (100%)"
        ]
    ]


def test_payout_risk_is_the_engines_figures() -> None:
    sample = [0.6, 0.8, 1.0, 1.1, 1.4]
    changed = [[0.5, 1.0], [1.0, 3.0], [1.5, 0.5]]
    out = _measures(
        udfs.PAYOUT_RISK(
            TIERS,
            column([100_000] * 5),
            cell(10_000),
            cell(480_000),
            column(sample),
            cap=cell(2.5),
            changed_tiers=changed,
            n_sims=cell(3000),
            seed=cell(9),
        )
    )
    risk = payout_risk(
        payout_curve([0.5, 1.0, 1.5], [1.0, 2.0, 0.5], cap=2.5),
        [100_000] * 5,
        10_000,
        480_000,
        changed=payout_curve([0.5, 1.0, 1.5], [1.0, 3.0, 0.5], cap=2.5),
        attainment_sample=sample,
        n_sims=3000,
        seed=9,
    )
    assert out["expected_cost"] == pytest.approx(risk.plan.expected)
    assert out["p90_cost"] == pytest.approx(risk.plan.p90)
    assert out["change_in_expected_cost"] == pytest.approx(risk.change_in_expected_cost)
    assert out["change_in_expected_cost"] > 0
    assert (
        out["probability"]
        == quota_risk(
            [100_000] * 5, 480_000, attainment_sample=sample, n_sims=3000, seed=9
        ).probability
    )


def test_rep_scorecard_table() -> None:
    out = udfs.REP_SCORECARD(
        column(["Quota", 120, 120, 240, 60]),
        column([60, 60, 60, 30]),
        column([66, 45, 60, 15]),
        column(["Ann", "Bo", "Chen", "Dai"]),
    )
    assert out[0] == [
        "rep",
        "quota",
        "plan_to_date",
        "actual_to_date",
        "attainment",
        "pace",
        "projected",
        "rank",
        "quartile",
    ]
    assert [(r[0], r[7], r[8]) for r in out[1:]] == [
        ("Ann", 1.0, 1.0),
        ("Bo", 3.0, 3.0),
        ("Chen", 2.0, 2.0),
        ("Dai", 4.0, 4.0),
    ]
