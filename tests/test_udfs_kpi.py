"""Excel functions for monitoring: KPI_VARIANCE, KPI_PACE, KPI_STATUS, KPI_SIGNALS.

Called as xlwings calls them, they give the engine's numbers; the worked examples of
``docs/kpi.md`` are checked by hand.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from udf_calls import cell, column, row, udfs

from xl_salesplan.kpi import kpi_pace, kpi_status, kpi_variance
from xl_salesplan.kpi.signals import firing_points, nelson_rules, western_electric_rules

PLAN = [5.0] * 9 + [15.0, 15.0, 25.0]
ACTUAL = [5.0, 4.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, None, None, None]
MONTHS = [f"M{i}" for i in range(1, 13)]


# ---------------------------------------------------------------------------- KPI_VARIANCE


def test_revenue_and_cost_at_90_against_100() -> None:
    out = udfs.KPI_VARIANCE(
        column([90.0, 90.0]), column([100.0, 100.0]), column(["higher", "lower"])
    )
    assert out == [
        ["delta", "delta_pct", "favourable", "favourable_pct", "good"],
        [-10.0, -0.1, -10.0, -0.1, -1.0],  # revenue 10 short: bad
        [-10.0, -0.1, 10.0, 0.1, 1.0],  # cost 10 under budget: good
    ]


def test_variance_with_titles_and_kpi_names() -> None:
    actual = [[None, "Actual"], ["Revenue", 90.0], ["Cost", "90"]]
    plan = [[None, "Plan"], ["Revenue", 100.0], ["Cost", 100.0]]
    direction = column(["Direction", "higher", False])  # FALSE: lower is better
    out = udfs.KPI_VARIANCE(actual, plan, direction)
    assert out[0] == ["kpi", "delta", "delta_pct", "favourable", "favourable_pct", "good"]
    assert out[1][0] == "Revenue" and out[2] == ["Cost", -10.0, -0.1, 10.0, 0.1, 1.0]


def test_a_row_of_actuals_gives_a_table_lying_on_its_side() -> None:
    out = udfs.KPI_VARIANCE(row([90.0, 110.0]), row([100.0, 100.0]))
    assert out[0] == ["delta", -10.0, 10.0]
    assert [r[0] for r in out] == ["delta", "delta_pct", "favourable", "favourable_pct", "good"]


def test_a_table_gives_one_figure_shaped_like_it_with_its_titles() -> None:
    actual = [[None, "Jan", "Feb"], ["Rev", 90.0, 110.0], ["Cost", 5.0, 4.0]]
    plan = [[None, "Jan", "Feb"], ["Rev", 100.0, 100.0], ["Cost", 4.0, 4.0]]
    out = udfs.KPI_VARIANCE(actual, plan, column(["higher", "lower"]), "favourable_pct")
    expected = kpi_variance(
        [[90.0, 110.0], [5.0, 4.0]], [[100.0, 100.0], [4.0, 4.0]], ["higher", "lower"]
    )
    assert out[0] == [None, "Jan", "Feb"]
    assert [r[0] for r in out[1:]] == ["Rev", "Cost"]
    assert [r[1:] for r in out[1:]] == expected.favourable_pct.tolist()
    assert out[2][1] == -0.25  # cost 5 against 4 is 25% worse


def test_blank_actual_gives_blank_figures() -> None:
    out = udfs.KPI_VARIANCE(cell(None), cell(100.0))
    assert out[1] == [None] * 5


# ---------------------------------------------------------------------------- KPI_PACE


def test_pace_worked_example_q4_business() -> None:
    out = udfs.KPI_PACE(row(PLAN), row(ACTUAL), cell(9.0), None, cell(0.1))
    values = dict(zip(out[0], out[1], strict=True))
    assert values["expected_to_date"] == 45.0  # seasonal: 9 months of 5
    assert values["linear_expected_to_date"] == 75.0  # straight line: 100 x 9 / 12
    assert values["actual_to_date"] == 44.0
    assert values["pace"] == pytest.approx(44 / 45)
    assert values["projected_landing"] == pytest.approx(97.78, abs=0.005)
    assert values["probability"] == pytest.approx(0.244, abs=0.0005)
    pace = kpi_pace(PLAN, [np.nan if a is None else a for a in ACTUAL], 9, noise=0.1)
    assert out[1] == [float(getattr(pace, f)) for f in out[0]]


def test_pace_of_a_kpi_table_with_header_and_names() -> None:
    plan = [[None, *MONTHS], ["Revenue", *PLAN], ["Cost", *PLAN]]
    actual = [[None, *MONTHS], ["Revenue", *ACTUAL], ["Cost", *ACTUAL]]
    out = udfs.KPI_PACE(plan, actual, None, column(["Direction", "higher", "lower"]), 0.1)
    assert out[0][0] == "kpi" and [r[0] for r in out[1:]] == ["Revenue", "Cost"]
    header = out[0][1:]
    pace = kpi_pace(
        np.array([PLAN, PLAN]),
        np.array([[np.nan if a is None else a for a in ACTUAL]] * 2),
        direction=["higher", "lower"],
        noise=0.1,
    )
    assert [r[1:] for r in out[1:]] == np.array([getattr(pace, f) for f in header]).T.tolist()
    probability = header.index("probability") + 1
    assert out[1][probability] + out[2][probability] == pytest.approx(
        1.0
    )  # same landing, both sides


# ---------------------------------------------------------------------------- KPI_STATUS


def test_status_boundaries_keep_the_better_status() -> None:
    out = udfs.KPI_STATUS(row([100.0, 95.0, 94.5, 90.0, 89.5, 5.0]), row([100.0] * 5 + [0.0]))
    assert out == [["On track", "On track", "At risk", "At risk", "Off track", "No data"]]


def test_status_for_costs_in_chinese_with_names() -> None:
    actual = [["KPI", "Actual"], ["Revenue", 106.0], ["Cost", 106.0]]
    expected = [["KPI", "Expected"], ["Revenue", 100.0], ["Cost", 100.0]]
    out = udfs.KPI_STATUS(
        actual, expected, column(["Direction", "higher", "lower"]), None, None, None, None, "zh"
    )
    assert out == [[None, "Actual"], ["Revenue", "正常"], ["Cost", "预警"]]


def test_status_in_standard_deviations_matches_the_engine() -> None:
    out = udfs.KPI_STATUS(
        column([80.0, 95.0]), column([100.0, 100.0]), None, -1.0, -2.0, "sd", column([10.0, 10.0])
    )
    assert out == column(
        kpi_status(
            [80.0, 95.0], [100.0, 100.0], at_risk=-1, off_track=-2, basis="sd", sd=[10.0, 10.0]
        ).tolist()
    )
    assert out == [["At risk"], ["On track"]]


# ---------------------------------------------------------------------------- KPI_SIGNALS


def test_nelson_flags_line_up_with_the_series_and_skip_open_periods() -> None:
    series = row(["Revenue", 0.1, 3.5, -3.2, -3.4, None, None])
    out = udfs.KPI_SIGNALS(series, None, None, 0.0, 1.0)
    assert out == [[None, None, "N1", "N1", "N1, N5", None, None]]
    fired = firing_points(nelson_rules([0.1, 3.5, -3.2, -3.4], centre=0.0, sigma=1.0))
    assert [(p + 2, f"N{r}") for p, r in zip(fired["position"], fired["rule"], strict=True)] == [
        (3, "N1"),
        (4, "N1"),
        (5, "N1"),
        (5, "N5"),
    ]


def test_western_electric_table() -> None:
    out = udfs.KPI_SIGNALS(column([-0.5] + [0.4] * 8), "western electric", "table", 0.0, 1.0)
    assert out[0] == ["point", "value", "WE1", "WE2", "WE3", "WE4"]
    assert [r[0] for r in out[1:] if r[5]] == [9.0]  # eight in a row above the centre
    flags = western_electric_rules([-0.5] + [0.4] * 8, centre=0.0, sigma=1.0)
    assert [r[2:] for r in out[1:]] == flags.to_numpy().tolist()


def test_cusum_worked_example() -> None:
    values = [100.0, 101.0, 99.0, 100.0, 98.0, 97.0, 97.0, 96.0, 97.0, 96.0]
    flags = udfs.KPI_SIGNALS(row(values), "cusum", None, None, None, 100.0, 1.0, 5.0)
    assert flags == [[None] * 7 + ["CUSUM down"] * 3]  # the lower sum first exceeds 5 in month 8
    table = udfs.KPI_SIGNALS(row(values), "cusum", "table", None, None, 100.0, 1.0, 5.0)
    lower = [r[table[0].index("lower")] for r in table[1:]]
    assert lower == [0.0, 0.0, 0.0, 0.0, 1.0, 3.0, 5.0, 8.0, 10.0, 13.0]


def test_xmr_limits() -> None:
    out = dict(udfs.KPI_SIGNALS(row([1.0, 3.0, 2.0, 4.0, 3.0]), "xmr")[1:])
    assert out["centre"] == pytest.approx(2.6) and out["mr_bar"] == pytest.approx(1.5)
    assert out["ucl"] == pytest.approx(2.6 + 2.66 * 1.5)


@given(st.lists(st.floats(-100, 100, allow_nan=False), min_size=2, max_size=40), st.integers(0, 5))
def test_flags_are_the_engine_rules_and_keep_the_shape(values, open_periods) -> None:
    series = column(values + [None] * open_periods)
    out = udfs.KPI_SIGNALS(series)
    assert len(out) == len(values) + open_periods and all(len(r) == 1 for r in out)
    mask = nelson_rules(values).to_numpy()
    for r, fired in zip(out, mask, strict=False):
        expected = ", ".join(f"N{k + 1}" for k in np.flatnonzero(fired)) or None
        assert r[0] == expected
    assert all(r == [None] for r in out[len(values) :])
