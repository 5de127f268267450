"""Excel functions for money: RESPONSE, FIT_RESPONSE, SCORE_ALLOCATION, OPTIMAL_ALLOCATION,
BUDGET_FRONTIER.

Called as xlwings calls them, they give the engine's numbers; the small examples are worked
by hand (logarithmic curves ``scale * log(1 + x / b)`` have marginal ``scale / (b + x)``).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from udf_calls import column, row, udf_module, udfs

from xl_salesplan.budget.allocation import budget_frontier, optimise_budget
from xl_salesplan.budget.curves import CurveSet
from xl_salesplan.budget.fitting import fit_response
from xl_salesplan.budget.scoring import score_allocation

budget_functions = udf_module("budget_functions")

TABLE = [
    ["channel", "kind", "p1", "p2", "p3"],
    ["Events", "log", 100.0, 10.0, None],
    ["Paid search", "Logarithmic", "300", 10.0, None],
]
CURVES = CurveSet(["log", "log"], [100.0, 300.0], [10.0, 10.0], names=["Events", "Paid search"])


def test_the_curves_table_with_or_without_names_and_header() -> None:
    named = budget_functions.curve_table(TABLE)
    assert named.names == ("Events", "Paid search")
    assert named.p1.tolist() == [100.0, 300.0] and named.p2.tolist() == [10.0, 10.0]
    bare = budget_functions.curve_table([["hill", 50.0, 5.0, 2.0], ["mm", 10.0, 1.0, None]])
    assert bare.names == ("channel 1", "channel 2")
    assert bare.p3.tolist()[0] == 2.0 and not bare.is_concave[0]


def test_optimal_allocation_equalises_marginal_returns() -> None:
    # 100 over 100 log(1 + x/10) and 300 log(1 + x/10): 100 / (10 + a) = 300 / (10 + b) with
    # a + b = 100 gives a = 20, b = 80 and a multiplier of 100 / 30
    out = udfs.OPTIMAL_ALLOCATION(TABLE, 100.0)
    assert out[0] == ["channel", "spend", "outcome", "roi", "marginal_roi", "status", "bound_value"]
    assert out[1][:2] == ["Events", pytest.approx(20.0)]
    assert out[2][:2] == ["Paid search", pytest.approx(80.0)]
    assert out[3][0] == "total" and out[3][1] == 100.0
    assert out[3][4] == pytest.approx(100.0 / 30.0)
    frame = optimise_budget(CURVES, 100.0).to_frame()
    assert [r[1] for r in out[1:3]] == frame["spend"].tolist()
    assert [r[5] for r in out[1:3]] == frame["status"].tolist()


def test_optimal_allocation_with_caps_and_summary() -> None:
    out = udfs.OPTIMAL_ALLOCATION(TABLE, 100.0, None, column([None, 50.0]))
    assert [r[1] for r in out[1:3]] == [50.0, 50.0] and out[2][5] == "at cap"
    # the cap costs the marginal return above the multiplier: 300/60 - 100/60 per unit
    assert out[2][6] == pytest.approx(300 / 60 - 100 / 60)
    summary = dict(udfs.OPTIMAL_ALLOCATION(TABLE, 100.0, None, None, "summary")[1:])
    assert summary["multiplier"] == pytest.approx(100 / 30) and summary["proven_optimal"] is True


def test_score_allocation_finds_the_gap_and_the_best_move() -> None:
    out = udfs.SCORE_ALLOCATION(TABLE, column([60.0, 40.0]))
    score = score_allocation(CURVES, [60.0, 40.0])
    assert out[0] == list(score.to_frame().columns)
    assert [r[1] for r in out[1:3]] == [60.0, 40.0]
    assert [r[5] for r in out[1:3]] == pytest.approx([20.0, 80.0])  # the optimal split
    assert out[3][:3] == ["total", 100.0, score.total_outcome]
    summary = dict(udfs.SCORE_ALLOCATION(TABLE, column([60.0, 40.0]), None, None, "summary")[1:])
    assert summary["move_from"] == "Events" and summary["move_to"] == "Paid search"
    assert summary["move_amount"] == pytest.approx(40.0)
    expected_gain = 300 * math.log(9) + 100 * math.log(3) - 300 * math.log(5) - 100 * math.log(7)
    assert summary["gap"] == pytest.approx(expected_gain)
    sentence = udfs.SCORE_ALLOCATION(TABLE, row([60.0, 40.0]), None, None, "sentence")
    assert sentence == [[score.summary()]]  # no positions in it to renumber
    assert "Move 40 from Events to Paid search" in sentence[0][0]


def test_score_lists_broken_bounds() -> None:
    summary = dict(
        udfs.SCORE_ALLOCATION(TABLE, column([60.0, 40.0]), column([70.0, None]), None, "summary")[
            1:
        ]
    )
    assert summary["breaks"].startswith("Events (position 1) is 10 below its floor")


def test_budget_frontier_one_row_per_budget() -> None:
    out = udfs.BUDGET_FRONTIER(TABLE, column(["Budget", 20.0, 100.0, 180.0]))
    assert out[0] == ["budget", "total_outcome", "multiplier", "Events", "Paid search"]
    frontier = budget_frontier(CURVES, [20.0, 100.0, 180.0])
    assert [r[0] for r in out[1:]] == [20.0, 100.0, 180.0]
    assert np.allclose([r[3:] for r in out[1:]], frontier.spend)
    assert np.allclose([r[3:] for r in out[1:]], [[0, 20], [20, 80], [40, 140]], atol=1e-9)
    outcomes = [r[1] for r in out[1:]]
    assert outcomes == sorted(outcomes)


def test_response_of_one_curve_at_many_spends_and_many_curves() -> None:
    hill = [["hill", 100.0, 10.0, 2.0]]
    out = udfs.RESPONSE(hill, column([0.0, 10.0, 20.0]))
    assert out == [[0.0], [50.0], [80.0]]  # 100 x^2 / (100 + x^2)
    table = [[10.0, 10.0], [20.0, 0.0]]  # scenarios down, channels across
    assert udfs.RESPONSE(TABLE, table) == CURVES.value(np.array(table)).tolist()
    down = udfs.RESPONSE(TABLE, column([10.0, 20.0]), "marginal")
    assert down == [[100 / 20], [300 / 30]]
    roi = udfs.RESPONSE(TABLE, row([10.0, 0.0]), "roi")
    assert roi == [[100 * math.log(2) / 10, None]]  # no ROI without spend


def test_fit_response_gives_a_row_for_the_curves_table() -> None:
    out = udfs.FIT_RESPONSE(column(["Spend", 100.0, 300.0]), column(["Outcome", 50.0, 75.0]), "mm")
    assert out[0][:4] == ["kind", "p1", "p2", "p3"]
    assert out[1][0] == "michaelis_menten"
    assert out[1][1:3] == pytest.approx([100.0, 100.0])  # 100 x / (100 + x) meets both points
    assert out[1][3] is None and out[1][6] == 2.0 and out[1][7] is True
    fit = fit_response([100.0, 300.0], [50.0, 75.0], kind="mm")
    assert out[1][1:3] == list(fit.curve.params)
    # the fitted row works as a curves table
    assert udfs.RESPONSE([out[1][:4]], [[300.0]]) == [[pytest.approx(75.0)]]


@given(
    st.lists(st.floats(1.0, 1e4), min_size=2, max_size=6),
    st.floats(0.0, 1e5),
)
def test_optimal_allocation_is_the_engine_on_the_cells(scales, budget) -> None:
    n = len(scales)
    table = [["log", s, 10.0 + i, None] for i, s in enumerate(scales)]
    out = udfs.OPTIMAL_ALLOCATION(table, budget)
    curves = CurveSet(
        ["log"] * n,
        scales,
        [10.0 + i for i in range(n)],
        names=[f"channel {i + 1}" for i in range(n)],
    )
    frame = optimise_budget(curves, budget).to_frame()
    assert [r[1] for r in out[1 : n + 1]] == frame["spend"].tolist()
    assert sum(r[1] for r in out[1 : n + 1]) == pytest.approx(budget, rel=1e-12, abs=1e-9)


def test_frontier_refuses_too_many_s_curve_budgets() -> None:
    out = udfs.BUDGET_FRONTIER([["hill", 1.0, 10.0, 2.0]], column([float(b) for b in range(1, 61)]))
    assert out == [
        [
            "#BUDGET_FRONTIER: budgets (arg 2) 60 budgets with S-shaped curves is more than "
            "the 50 a cell formula takes"
        ]
    ]
