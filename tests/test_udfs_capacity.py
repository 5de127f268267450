"""Excel functions for people: REP_CAPACITY, HEADCOUNT_PLAN, FUNNEL_NEEDED, QUOTA_RISK.

Called as xlwings calls them (lists of rows; datetimes for dates; None for blanks), they
give the engine's numbers; the worked examples of ``docs/capacity_and_funnel.md`` are
checked by hand.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from udf_calls import cell, column, row, udf_module, udfs

from xl_salesplan.people.capacity import rep_capacity
from xl_salesplan.people.funnel import funnel_needed
from xl_salesplan.people.hiring import headcount_plan
from xl_salesplan.people.quota_risk import quota_risk

capacity_functions = udf_module("people_functions")

MONTHS = [dt.datetime(2025, m, 1) for m in range(1, 7)]


def test_rep_capacity_worked_example() -> None:
    # docs: rep A started two months before the plan, B starts in M1 and leaves in M4,
    # C starts in M3 with a quota of 800; ramp 0/25/50/75/100%.
    out = udfs.REP_CAPACITY(
        column([-2.0, 1.0, 3.0]),
        column([1000.0, 1000.0, 800.0]),
        row([0.0, "25%", 0.5, 0.75, 1.0]),
        cell(6.0),
        column([None, 4.0, None]),
    )
    assert out == [
        [500.0, 750.0, 1000.0, 1000.0, 1000.0, 1000.0],
        [0.0, 0.0, 250.0, 500.0, 750.0, 0.0],
        [0.0, 0.0, 0.0, 0.0, 200.0, 400.0],
    ]


def test_rep_capacity_with_dates_matches_the_engine() -> None:
    starts = column([dt.datetime(2024, 11, 15), dt.datetime(2025, 2, 28), "2025-03-01"])
    leaves = column([None, dt.datetime(2025, 5, 10), None])
    out = udfs.REP_CAPACITY(starts, cell(100.0), row([0.5, 1.0]), row(MONTHS), leaves, cell(0.2))
    months = pd.period_range("2025-01", periods=6, freq="M")
    expected = rep_capacity(
        [pd.Timestamp("2024-11-15"), pd.Timestamp("2025-02-28"), "2025-03-01"],
        np.full((3, 1), 100.0),
        [0.5, 1.0],
        months,
        leave=[None, pd.Timestamp("2025-05-10"), None],
        attrition=0.2,
    )
    assert out == expected.tolist()


def test_reps_across_give_periods_down() -> None:
    down = udfs.REP_CAPACITY(column([0.0, 1.0]), cell(10.0), row([0.5, 1.0]), cell(3.0))
    across = udfs.REP_CAPACITY(row([0.0, 1.0]), cell(10.0), row([0.5, 1.0]), cell(3.0))
    assert across == [list(r) for r in zip(*down, strict=True)]


def test_plan_periods_from_dates_or_a_count() -> None:
    grid = capacity_functions.plan_periods(row(MONTHS))
    assert isinstance(grid, pd.DatetimeIndex) and grid.size == 6
    assert capacity_functions.plan_periods(cell("12")) == 12
    assert capacity_functions.plan_periods(None) is None


def test_headcount_plan_worked_example() -> None:
    # docs: targets 800, 800, 1000, 1000, 1200, 1200; over-assignment 15%; attainment 80%, so
    # capacity needed = target x max(1.15, 1 / 0.8) = target x 1.25; quota 250; ramp 0/50/100%;
    # three ramped reps (capacity 750); lead time one month. Three hires: one starting two
    # months before the plan, one in M0, one in M2.
    args = (
        row([800.0, 800.0, 1000.0, 1000.0, 1200.0, 1200.0]),
        cell(250.0),
        row([0.0, 0.5, 1.0]),
        cell("80%"),
        cell(0.15),
        row([750.0] * 6),
        None,
        cell(1.0),
    )
    header, *rows = udfs.HEADCOUNT_PLAN(*args)
    assert header[:3] == ["period", "hires", "requisitions"]
    hires = {r[0]: r[1] for r in rows if r[1]}
    assert hires == {-2.0: 1.0, 0.0: 1.0, 2.0: 1.0}
    requisitions = {r[0]: r[2] for r in rows if r[2]}
    assert requisitions == {-3.0: 1.0, -1.0: 1.0, 1.0: 1.0}  # one month before each start
    plan = headcount_plan(
        [800.0, 800.0, 1000.0, 1000.0, 1200.0, 1200.0],
        250.0,
        [0.0, 0.5, 1.0],
        expected_attainment=0.8,
        over_assignment=0.15,
        existing_capacity=np.full(6, 750.0),
        hiring_lead_time=1,
    )
    frame = plan.to_frame()
    assert [r[0] for r in rows] == frame.index.astype(float).tolist()
    got = np.array([[np.nan if v is None else v for v in r[1:]] for r in rows])
    assert np.array_equal(got, frame.to_numpy(), equal_nan=True)  # blank where coverage is 0/0
    # Year to date (the last, optional argument): the half year needs 7,500 - 6 x 750 = 3,000
    # more, two reps ramped from M0 carry exactly that, so both start two months before.
    for word in ("cumulative", "Year-to-date", "YTD"):
        header, *rows = udfs.HEADCOUNT_PLAN(*args, None, None, cell(word))
        assert {r[0]: r[1] for r in rows if r[1]} == {-2.0: 2.0}
        assert rows[-1][header.index("coverage")] == pytest.approx(1.0)  # 7,500 / 7,500
    assert udfs.HEADCOUNT_PLAN(*args, None, None, cell("weekly"))[0][0].startswith(
        "#HEADCOUNT_PLAN: coverage (arg 11) 'weekly' is not one of cumulative, period"
    )


def test_headcount_plan_rows_are_labelled_by_month_with_dates() -> None:
    out = udfs.HEADCOUNT_PLAN(
        row([300.0] * 3), 100.0, row([0.5, 1.0]), 1.0, 0.0, None, None, None, None, row(MONTHS[:3])
    )
    assert [r[0] for r in out[1:]] == ["2024-12", "2025-01", "2025-02", "2025-03"]
    assert [r[1] for r in out[1:]] == [3.0, 0.0, 0.0, 0.0]  # three reps start the month before


def test_existing_capacity_table_follows_the_target_layout() -> None:
    table_down = [[100.0, 50.0], [100.0, 50.0], [100.0, 50.0]]  # periods down, reps across
    down = udfs.HEADCOUNT_PLAN(column([300.0] * 3), 100.0, row([1.0]), 1.0, 0.0, table_down)
    across = udfs.HEADCOUNT_PLAN(
        row([300.0] * 3), 100.0, row([1.0]), 1.0, 0.0, [[100.0] * 3, [50.0] * 3]
    )
    assert down == across
    assert sum(r[1] for r in down[1:]) == 2.0  # 150 in seat, 300 needed: two more reps


def test_funnel_needed_worked_example() -> None:
    out = udfs.FUNNEL_NEEDED(
        row([0.0, 50_000.0, 100_000.0, 100_000.0]),
        cell(5000.0),
        row(["20%", "25%"]),
        row([1.0, 3.0]),
    )
    assert out[0] == ["period", "revenue", "leads", "opportunities", "deals"]
    table = {r[0]: r[1:] for r in out[1:]}
    assert table[1.0] == [50_000.0, 0.0, 0.0, 10.0]  # 50,000 / 5,000 deals
    assert table[-2.0][2] == 40.0  # M1's 10 deals need 10 / 0.25 = 40 opportunities 3 months before
    assert table[-3.0][1] == 200.0  # which need 40 / 0.2 = 200 leads a month earlier
    plan = funnel_needed([0.0, 50_000.0, 100_000.0, 100_000.0], 5000.0, [0.2, 0.25], [1, 3])
    assert [r[0] for r in out[1:]] == plan.period_index.astype(float).tolist()
    assert np.array([r[2:] for r in out[1:]]).T.tolist() == plan.volumes.tolist()


def test_funnel_stage_names_and_one_lag() -> None:
    out = udfs.FUNNEL_NEEDED(column([10.0, 20.0]), 10.0, cell(0.5), 1.0, row(["opps", "wins"]))
    assert out[0] == ["period", "revenue", "opps", "wins"]
    assert out[1] == [-1.0, 0.0, 2.0, 0.0]  # one win in period 0 needs two opportunities before


def test_quota_risk_worked_example() -> None:
    # two reps with quota 100, target 200, attainment 50% or 150%: the team reaches 200 with
    # probability 3/4; P50 is 200 and P90 (the 10th percentile) is 100, 50% team attainment.
    out = udfs.QUOTA_RISK(row([100.0, 100.0]), cell(200.0), column(["attainment", 0.5, 1.5, None]))
    values = dict(out[1:])
    assert out[0] == ["measure", "value"]
    assert abs(values["probability"] - 0.75) < 4 * values["standard_error"]
    assert values["p50_bookings"] == 200.0 and values["p90_bookings"] == 100.0
    assert values["p90_attainment"] == 0.5
    risk = quota_risk([100.0, 100.0], 200.0, attainment_sample=[0.5, 1.5])
    assert values["probability"] == risk.probability  # same default seed, same draws


def test_quota_risk_parametric_matches_the_engine() -> None:
    quotas = [120.0, 80.0, 100.0, 150.0, 50.0]
    out = dict(udfs.QUOTA_RISK(column(quotas), 500.0, None, "Normal", 0.95, 0.3, 20_000, 7)[1:])
    risk = quota_risk(
        quotas, 500.0, distribution="normal", mean=0.95, sd=0.3, n_sims=20_000, seed=7
    )
    assert out["probability"] == risk.probability and out["p90_bookings"] == risk.p90_bookings
    # the exact answer from the normal distribution of the team sum is 36.2% (docs)
    assert abs(out["probability"] - 0.362) < 4 * out["standard_error"]


def test_quota_risk_refuses_more_draws_than_a_cell_should_take() -> None:
    out = udfs.QUOTA_RISK(row([100.0] * 100), 9000.0, None, "normal", 1.0, 0.2, 1_000_000)
    assert out == [
        [
            "#QUOTA_RISK: n_sims (arg 7) 1,000,000 simulations x 100 reps is more than the "
            "20,000,000 random draws a cell formula may take; use fewer simulations"
        ]
    ]
    assert capacity_functions.MAX_DRAWS == 20_000_000


def test_rep_capacity_refuses_a_result_larger_than_a_million_cells() -> None:
    out = udfs.REP_CAPACITY(column([0.0] * 1000), 1.0, row([1.0]), cell(2000.0))
    assert out[0][0].startswith("#REP_CAPACITY: periods (arg 4) 2,000,000 result cells")


@pytest.mark.parametrize("blank", [None, [[None]], [[""]]])
def test_left_out_options_fall_back_to_the_engine_defaults(blank) -> None:
    out = udfs.HEADCOUNT_PLAN(
        row([300.0] * 3), 100.0, row([0.5, 1.0]), 1.0, 0.0, blank, blank, blank
    )
    plan = headcount_plan(
        [300.0] * 3, 100.0, [0.5, 1.0], expected_attainment=1.0, over_assignment=0.0
    )
    assert [r[1] for r in out[1:]] == plan.hires.tolist()
