"""Tests for xl_salesplan.kpi: variance, seasonal pace and status.

Expected values are worked by hand in the comments, checked against scipy's normal
distribution, or against small loop-based references written here.
"""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy.stats import norm

from xl_salesplan.errors import PlanningError
from xl_salesplan.history.forecast import phased_target
from xl_salesplan.kpi import (
    STATUS_LABELS,
    STATUS_ZH,
    direction_sign,
    kpi_pace,
    kpi_status,
    kpi_variance,
)

RANK = {"On track": 0, "At risk": 1, "Off track": 2}


# --- variance ---------------------------------------------------------------------------------


def test_variance_ibcs_convention_for_both_directions() -> None:
    # revenue 90 vs 100: ΔPL = -10, ΔPL% = -10 %, bad; cost of sale 90 vs 100: same ΔPL, good
    v = kpi_variance(
        [90.0, 90.0, 120.0, 120.0],
        [100.0, 100.0, 100.0, 100.0],
        [
            "higher",
            "lower",
            "higher",
            "lower",
        ],
    )
    assert v.delta.tolist() == [-10.0, -10.0, 20.0, 20.0]
    assert v.delta_pct.tolist() == pytest.approx([-0.1, -0.1, 0.2, 0.2])
    assert v.favourable.tolist() == [-10.0, 10.0, 20.0, -20.0]
    assert v.favourable_pct.tolist() == pytest.approx([-0.1, 0.1, 0.2, -0.2])
    assert v.good.tolist() == [-1.0, 1.0, 1.0, -1.0]


def test_variance_on_plan_is_neither_good_nor_bad() -> None:
    v = kpi_variance([50.0, 50.0], [50.0, 50.0], ["higher", "lower"])
    assert v.good.tolist() == [0.0, 0.0]
    assert not np.signbit(v.favourable).any()  # no "-0" shown in a cell


def test_variance_relative_uses_absolute_plan() -> None:
    # planned loss -10, actual loss -5: ΔPL = +5, ΔPL% = 5 / |-10| = +50 %, good if higher
    v = kpi_variance([-5.0], [-10.0])
    assert v.delta.tolist() == [5.0]
    assert v.delta_pct.tolist() == [0.5]
    assert v.good.tolist() == [1.0]


def test_variance_zero_and_blank_plan_leave_relative_undefined() -> None:
    v = kpi_variance([5.0, 5.0, None], [0.0, None, 10.0])
    assert v.delta[0] == 5.0
    assert np.isnan(v.delta_pct).all()
    assert np.isnan(v.delta[1:]).all()
    assert np.isnan(v.good[1:]).all()
    assert v.good[0] == 1.0


@pytest.mark.parametrize(
    ("word", "sign"),
    [
        ("higher", 1.0),
        ("Higher is better", 1.0),
        ("higher-is-better", 1.0),
        (" HIGHER_IS_BETTER ", 1.0),
        ("越高越好", 1.0),
        (True, 1.0),
        (np.True_, 1.0),
        ("lower", -1.0),
        ("lower is better", -1.0),
        ("越低越好", -1.0),
        (False, -1.0),
    ],
)
def test_direction_words_and_booleans(word: object, sign: float) -> None:
    assert float(direction_sign(word)) == sign


def test_direction_per_row_on_a_table() -> None:
    actual = np.array([[90.0, 110.0], [90.0, 110.0]])
    v = kpi_variance(actual, np.full((2, 2), 100.0), [True, False])
    assert v.good.tolist() == [[-1.0, 1.0], [1.0, -1.0]]
    per_cell = kpi_variance(actual, np.full((2, 2), 100.0), [["higher", "lower"]] * 2)
    # 90 revenue is short (bad); 110 cost is over (bad)
    assert per_cell.good.tolist() == [[-1.0, -1.0], [-1.0, -1.0]]


@pytest.mark.parametrize(
    ("call", "code", "words"),
    [
        (lambda: kpi_variance([1.0, 2.0], [1.0, 2.0, 3.0]), "shape_mismatch", "(3,)"),
        (lambda: kpi_variance([1.0, 2.0], [1.0, 2.0], ["up", "lower"]), "bad_direction", "'up'"),
        (lambda: kpi_variance([1.0, 2.0], [1.0, 2.0], ["higher", None]), "bad_direction", "1"),
        (lambda: kpi_variance([1.0, 2.0], [1.0, 2.0], ["higher"] * 3), "shape_mismatch", "3"),
        (lambda: kpi_variance([1.0, "n/a"], [1.0, 2.0]), "not_a_number", "actual"),
        (lambda: kpi_variance([1.0], [float("inf")]), "not_finite", "plan"),
        (lambda: direction_sign([1, -1]), "bad_direction", "0, 1"),
    ],
)
def test_variance_bad_input(call, code: str, words: str) -> None:
    with pytest.raises(PlanningError) as info:
        call()
    assert info.value.code == code
    assert words in str(info.value)


finite = st.floats(-1e6, 1e6, allow_nan=False)


@given(st.lists(st.tuples(finite, finite, st.booleans()), min_size=1, max_size=20))
def test_flipping_direction_flips_the_good_sign(rows: list[tuple[float, float, bool]]) -> None:
    actual, plan, higher = (list(c) for c in zip(*rows, strict=True))
    v = kpi_variance(actual, plan, higher)
    w = kpi_variance(actual, plan, [not h for h in higher])
    assert np.array_equal(v.delta, w.delta)
    assert np.array_equal(v.favourable, -w.favourable)
    assert np.array_equal(v.good, -w.good)
    assert np.array_equal(np.sign(v.delta) * np.where(higher, 1, -1), v.good)
    ok = (np.asarray(plan) != 0) & np.isfinite(v.delta_pct)  # a plan of 1e-305 gives inf
    assert np.allclose(v.delta_pct[ok] * np.abs(plan)[ok], v.delta[ok])


# --- pace -------------------------------------------------------------------------------------

Q4_PLAN = [5.0] * 9 + [15.0, 15.0, 25.0]  # 45 % of the year's 100 lands Jan-Sep, 55 % in Q4
Q4_ACTUAL = [5.0, 4.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0] + [None] * 3  # 44 by September


def test_seasonal_pace_on_track_where_a_straight_line_says_behind() -> None:
    p = kpi_pace(Q4_PLAN, Q4_ACTUAL, 9)
    assert float(p.target) == 100.0
    assert float(p.expected_to_date) == 45.0
    assert float(p.actual_to_date) == 44.0
    straight_line = 100.0 * 9 / 12  # 75 expected by a flat year
    assert float(p.linear_expected_to_date) == straight_line
    # straight line: 44 against 75 is 41 % short -> Off track
    assert kpi_status(44.0, straight_line) == "Off track"
    # seasonal: 44 against 45 is 2.2 % short -> On track
    assert kpi_status(p.actual_to_date, p.expected_to_date) == "On track"
    assert float(p.pace) == pytest.approx(44 / 45)
    assert float(p.projected_landing) == pytest.approx(100 * 44 / 45)


def test_pace_on_a_plan_phased_by_the_forecast_module() -> None:
    # two regions with the same Q4-heavy profile (weights 1 x 9, 3, 3, 5 out of 20)
    plan = phased_target([100.0, 200.0], [1.0] * 9 + [3.0, 3.0, 5.0])
    actual = np.full((2, 12), np.nan)
    actual[0, :9] = [5.0, 4.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0]  # 44 of 45 expected
    actual[1, :9] = 7.0  # 63 of 90 expected: 30 % short
    p = kpi_pace(plan, actual, 9)
    assert p.expected_to_date.tolist() == pytest.approx([45.0, 90.0])
    assert p.expected_share.tolist() == pytest.approx([0.45, 0.45])
    status = kpi_status(p.actual_to_date, p.expected_to_date)
    assert status.tolist() == ["On track", "Off track"]


def test_probability_hand_worked_pace_projection() -> None:
    # pace 22/20 = 1.1; landing 22 + 20 * 1.1 = 44; remaining sd 0.1 * 1.1 * sqrt(10² + 10²)
    p = kpi_pace([10.0, 10.0, 10.0, 10.0], [12.0, 10.0, None, None], 2, noise=0.1)
    sd = 0.1 * 1.1 * math.sqrt(200)
    assert float(p.pace) == pytest.approx(1.1)
    assert float(p.projected_landing) == pytest.approx(44.0)
    assert float(p.gap) == pytest.approx(4.0)
    assert float(p.sd_remaining) == pytest.approx(sd)
    assert float(p.sd_to_date) == pytest.approx(0.1 * math.sqrt(200))
    assert float(p.probability) == pytest.approx(norm.cdf(4.0 / sd), abs=1e-12)


def test_probability_hand_worked_plan_projection() -> None:
    # the remaining plan of 20 is delivered as phased: landing 42, sd 0.1 * sqrt(200)
    p = kpi_pace([10.0] * 4, [12.0, 10.0, None, None], 2, noise=0.1, projection="plan")
    assert float(p.projected_landing) == 42.0
    assert float(p.probability) == pytest.approx(norm.cdf(2.0 / (0.1 * math.sqrt(200))))


def test_probability_for_lower_is_better() -> None:
    # cost: pace 0.9, landing 36 under the target 40, so reaching the target is likely
    p = kpi_pace([10.0] * 4, [9.0, 9.0, None, None], 2, direction="lower", noise=0.1)
    sd = 0.1 * 0.9 * math.sqrt(200)
    assert float(p.probability) == pytest.approx(norm.cdf(4.0 / sd), abs=1e-12)
    higher = kpi_pace([10.0] * 4, [9.0, 9.0, None, None], 2, direction="higher", noise=0.1)
    assert float(higher.probability) == pytest.approx(1 - float(p.probability), abs=1e-12)


def test_probability_with_nothing_left_is_certain() -> None:
    p = kpi_pace(
        [[10.0, 10.0], [10.0, 10.0], [10.0, 10.0]], [[10, 10], [10, 9.5], [12, 9]], 2, noise=0.2
    )
    assert p.probability.tolist() == [1.0, 0.0, 1.0]  # 20 reaches 20 exactly; 19.5 does not
    assert p.sd_remaining.tolist() == [0.0, 0.0, 0.0]


def test_probability_is_blank_without_noise() -> None:
    p = kpi_pace(Q4_PLAN, Q4_ACTUAL, 9)
    assert np.isnan(p.probability) and np.isnan(p.sd_to_date) and np.isnan(p.sd_remaining)


def test_noise_from_residuals_is_their_sample_standard_deviation() -> None:
    history = [0.05, -0.12, 0.08, 0.02, -0.04, 0.11]
    from_residuals = kpi_pace(Q4_PLAN, Q4_ACTUAL, 9, residuals=history)
    from_noise = kpi_pace(Q4_PLAN, Q4_ACTUAL, 9, noise=statistics.stdev(history))
    assert float(from_residuals.probability) == pytest.approx(float(from_noise.probability))
    one_value = kpi_pace(
        [Q4_PLAN, Q4_PLAN], [Q4_ACTUAL, Q4_ACTUAL], 9, residuals=[history, [0.1] + [None] * 5]
    )
    assert one_value.probability[0] == pytest.approx(float(from_noise.probability))
    assert np.isnan(one_value.probability[1])  # one residual cannot give a spread


def test_noise_per_row_per_period_and_per_cell() -> None:
    plan, actual = [[10.0] * 4] * 2, [[10.0, 10.0, None, None]] * 2
    per_row = kpi_pace(plan, actual, 2, noise=[0.1, 0.2])
    per_cell = kpi_pace(plan, actual, 2, noise=[[0.1] * 4, [0.2] * 4])
    assert np.array_equal(per_row.sd_remaining, per_cell.sd_remaining)
    assert per_row.sd_remaining.tolist() == pytest.approx(
        [0.1 * math.sqrt(200), 0.2 * math.sqrt(200)]
    )
    # one row: a noise per period; only the remaining periods' noise matters
    single = kpi_pace([10.0] * 4, [10.0, 10.0, None, None], 2, noise=[9.0, 9.0, 0.3, 0.4])
    assert float(single.sd_remaining) == pytest.approx(math.sqrt(3.0**2 + 4.0**2))


def test_as_of_inferred_from_the_last_actual_and_blanks_inside_count_as_zero() -> None:
    plan = [[10.0] * 6, [10.0] * 6]
    actual = [[10.0, None, 12.0, None, None, None], [None] * 6]
    p = kpi_pace(plan, actual)
    assert p.periods_closed.tolist() == [3.0, 0.0]
    assert p.actual_to_date[0] == 22.0  # the blank February counts as zero
    assert p.expected_to_date[0] == 30.0
    # later actuals are ignored when as_of is given
    q = kpi_pace(plan, [[10.0, 10.0, 10.0, 99.0, None, None], [9.0] * 6], [3, 6])
    assert q.actual_to_date.tolist() == [30.0, 54.0]


def test_no_data_rows_never_crash() -> None:
    plan = [[10.0, 10.0], [10.0, None], [0.0, 0.0], [10.0, 10.0]]
    actual = [[None, None], [10.0, None], [5.0, None], [10.0, None]]
    p = kpi_pace(plan, actual, 1, noise=0.1)
    # all-blank actuals: nothing to compare
    assert np.isnan(
        [p.actual_to_date[0], p.pace[0], p.projected_landing[0], p.probability[0]]
    ).all()
    # missing target: every result blank
    assert np.isnan([p.target[1], p.expected_to_date[1], p.pace[1], p.probability[1]]).all()
    # zero target: absolute figures exist, ratios are blank, landing keeps the plan (factor 1)
    assert p.target[2] == 0.0 and np.isnan(p.pace[2]) and np.isnan(p.expected_share[2])
    assert p.projected_landing[2] == 5.0
    status = kpi_status(p.actual_to_date, p.expected_to_date)
    assert status.tolist() == ["No data", "No data", "No data", "On track"]


def test_pace_batch_equals_row_by_row() -> None:
    rng = np.random.default_rng(5)
    plan = rng.uniform(1, 20, size=(6, 12))
    actual = plan * rng.uniform(0.7, 1.3, size=plan.shape)
    actual[:, 7:] = np.nan
    directions = ["higher", "lower"] * 3
    batch = kpi_pace(plan, actual, 7, direction=directions, noise=0.15)
    for i in range(6):
        one = kpi_pace(plan[i], actual[i], 7, direction=directions[i], noise=0.15)
        for name in batch._fields:
            assert getattr(batch, name)[i] == pytest.approx(float(getattr(one, name)), nan_ok=True)
    assert batch.to_frame().shape == (6, len(batch._fields))


@pytest.mark.parametrize(
    ("call", "code", "words"),
    [
        (lambda: kpi_pace([[1.0] * 12], [[1.0] * 11]), "shape_mismatch", "(1, 11)"),
        (lambda: kpi_pace([1.0, 2.0], [1.0, 2.0], 3), "as_of_out_of_range", "0 to 2"),
        (lambda: kpi_pace([1.0, 2.0], [1.0, 2.0], 1.5), "as_of_out_of_range", "1.5"),
        (lambda: kpi_pace([[1.0], [1.0]], [[1.0], [1.0]], [0, 2]), "as_of_out_of_range", "1"),
        (lambda: kpi_pace([1.0, 2.0], [1.0, 2.0], noise=-0.1), "negative_noise", "-0.1"),
        (lambda: kpi_pace([1.0, 2.0], [1.0, 2.0], noise=[0.1] * 3), "shape_mismatch", "noise"),
        (
            lambda: kpi_pace([1.0, 2.0], [1.0, 2.0], noise=0.1, residuals=[0.1, 0.2]),
            "bad_option",
            "not both",
        ),
        (lambda: kpi_pace([1.0], [1.0], projection="trend"), "bad_option", "'trend'"),
        (lambda: kpi_pace([], []), "empty", "plan_by_period"),
        (lambda: kpi_pace(np.ones((2, 2, 2)), np.ones((2, 2, 2))), "bad_shape", "(2, 2, 2)"),
        (
            lambda: kpi_pace([[1.0]] * 2, [[1.0]] * 2, direction=["up", "lower"]),
            "bad_direction",
            "'up'",
        ),
        (lambda: kpi_pace([1.0, "x"], [1.0, 2.0]), "not_a_number", "plan_by_period"),
    ],
)
def test_pace_bad_input(call, code: str, words: str) -> None:
    with pytest.raises(PlanningError) as info:
        call()
    assert info.value.code == code
    assert words in str(info.value)


plans = st.lists(st.floats(1, 1000), min_size=2, max_size=12)


@given(plans, st.data())
def test_on_plan_means_pace_one_and_even_odds(plan: list[float], data: st.DataObject) -> None:
    as_of = data.draw(st.integers(1, len(plan) - 1))
    actual = plan[:as_of] + [None] * (len(plan) - as_of)
    p = kpi_pace(plan, actual, as_of, noise=0.1)
    assert float(p.pace) == pytest.approx(1.0)
    assert float(p.projected_landing) == pytest.approx(sum(plan))
    assert float(p.probability) == pytest.approx(0.5, abs=1e-6)


@given(plans, st.data())
def test_landing_and_probability_are_monotone_in_the_actual(
    plan: list[float], data: st.DataObject
) -> None:
    as_of = data.draw(st.integers(1, len(plan)))
    base = data.draw(st.lists(st.floats(0, 1000), min_size=as_of, max_size=as_of))
    bump = data.draw(st.floats(0, 500))
    more = [*base[:-1], base[-1] + bump]
    blanks = [None] * (len(plan) - as_of)
    lo = kpi_pace([plan, plan], [base + blanks] * 2, as_of, direction=[True, False], noise=0.2)
    hi = kpi_pace([plan, plan], [more + blanks] * 2, as_of, direction=[True, False], noise=0.2)
    assert (hi.projected_landing >= lo.projected_landing - 1e-9).all()
    assert hi.probability[0] >= lo.probability[0] - 1e-12  # more revenue: likelier to reach
    assert hi.probability[1] <= lo.probability[1] + 1e-12  # more cost: less likely
    assert ((lo.probability >= 0) & (lo.probability <= 1)).all()
    assert lo.projected_landing[0] == pytest.approx(lo.pace[0] * lo.target[0], nan_ok=True)


# --- status -----------------------------------------------------------------------------------


def test_status_exact_boundaries_relative_higher_is_better() -> None:
    # plan 64 and thresholds -1/16, -1/8: every ratio below is exact in binary
    actual = [64.0, 60.0, 59.0, 56.0, 55.0]  # 0, -4/64, -5/64, -8/64, -9/64
    status = kpi_status(actual, [64.0] * 5, at_risk=-0.0625, off_track=-0.125)
    assert status.tolist() == ["On track", "On track", "At risk", "At risk", "Off track"]


def test_status_exact_boundaries_relative_lower_is_better() -> None:
    actual = [64.0, 68.0, 69.0, 72.0, 73.0]  # overspend 0, 4/64, 5/64, 8/64, 9/64
    status = kpi_status(actual, [64.0] * 5, "lower", at_risk=-0.0625, off_track=-0.125)
    assert status.tolist() == ["On track", "On track", "At risk", "At risk", "Off track"]
    # underspending a cost is good
    assert kpi_status(40.0, 64.0, "lower", at_risk=-0.0625, off_track=-0.125) == "On track"


def test_status_default_thresholds_at_five_and_ten_percent() -> None:
    # (95 - 100) / 100 rounds to the same double as -0.05, so 95 is exactly at the threshold
    assert (95.0 - 100.0) / 100.0 == -0.05 and (90.0 - 100.0) / 100.0 == -0.10
    status = kpi_status([95.0, 94.5, 90.0, 89.5], [100.0] * 4)
    assert status.tolist() == ["On track", "At risk", "At risk", "Off track"]
    cost = kpi_status([105.0, 105.5, 110.0, 110.5], [100.0] * 4, "lower")
    assert cost.tolist() == ["On track", "At risk", "At risk", "Off track"]


def test_status_exact_boundaries_in_standard_deviations() -> None:
    actual = [96.0, 95.5, 92.0, 91.5, 104.0]  # -1, -1.125, -2, -2.125, +1 sd
    status = kpi_status(actual, [100.0] * 5, basis="sd", sd=4.0, at_risk=-1, off_track=-2)
    assert status.tolist() == ["On track", "At risk", "At risk", "Off track", "On track"]
    lower = kpi_status(actual, [100.0] * 5, "lower", basis="sd", sd=4.0, at_risk=-1, off_track=-2)
    assert lower.tolist() == ["On track"] * 4 + ["On track"]
    assert kpi_status(108.5, 100.0, "lower", basis="sd", sd=4.0, at_risk=-1, off_track=-2) == (
        "Off track"
    )


def test_status_in_standard_deviations_from_pace_noise() -> None:
    # to date: 16 against 20 expected; sd_to_date = 0.1 * sqrt(10² + 10²) = 1.414 -> -2.83 sd
    p = kpi_pace([[10.0] * 4] * 2, [[8.0, 8.0, None, None], [9.5, 9.5, None, None]], 2, noise=0.1)
    assert p.sd_to_date.tolist() == pytest.approx([math.sqrt(2.0)] * 2)
    status = kpi_status(
        p.actual_to_date, p.expected_to_date, basis="sd", sd=p.sd_to_date, at_risk=-1, off_track=-2
    )
    assert status.tolist() == ["Off track", "On track"]  # -1 / 1.414 = -0.71 sd is on track


def test_status_thresholds_per_row() -> None:
    status = kpi_status(
        [93.0, 93.0, 93.0],
        [100.0] * 3,
        at_risk=[-0.05, -0.10, 0.0],
        off_track=[-0.06, -0.20, -0.07],
    )
    assert status.tolist() == ["Off track", "On track", "At risk"]


def test_status_no_at_risk_band_when_thresholds_coincide() -> None:
    status = kpi_status([96.0, 94.0], [100.0, 100.0], at_risk=-0.05, off_track=-0.05)
    assert status.tolist() == ["On track", "Off track"]


def test_status_chinese_labels() -> None:
    status = kpi_status([100.0, 94.0, 80.0, None], [100.0] * 4, language="zh")
    assert status.tolist() == ["正常", "预警", "落后", "无数据"]
    assert [STATUS_ZH[s] for s in STATUS_LABELS["en"]] == list(STATUS_LABELS["zh"])


def test_status_no_data_cases() -> None:
    status = kpi_status([None, 10.0, 10.0, 10.0], [10.0, None, 0.0, 10.0])
    assert status.tolist() == ["No data", "No data", "No data", "On track"]
    sd_status = kpi_status(
        [9.0, 9.0, -3.0],
        [10.0, 10.0, 0.0],
        basis="sd",
        sd=[None, 0.0, 1.0],
        at_risk=-1,
        off_track=-2,
    )
    assert sd_status.tolist() == ["No data", "No data", "Off track"]  # zero target is fine in sd
    assert kpi_status([np.nan] * 3, [1.0, 2.0, 3.0]).tolist() == ["No data"] * 3


@pytest.mark.parametrize(
    ("call", "code", "words"),
    [
        (lambda: kpi_status([1.0], [1.0], at_risk=0.05), "bad_threshold", "at_risk=0.05"),
        (
            lambda: kpi_status([1.0] * 2, [1.0] * 2, at_risk=[-0.1, -0.1], off_track=[-0.2, -0.05]),
            "bad_threshold",
            "position(s) 1",
        ),
        (lambda: kpi_status([1.0], [1.0], at_risk=None), "blank", "at_risk"),
        (lambda: kpi_status([1.0] * 3, [1.0] * 3, at_risk=[-0.1] * 2), "shape_mismatch", "3"),
        (lambda: kpi_status([1.0], [1.0], basis="sd"), "missing_sd", "sd"),
        (lambda: kpi_status([1.0], [1.0], basis="sd", sd=-2.0), "negative_sd", "-2"),
        (lambda: kpi_status([1.0], [1.0], basis="sigma"), "bad_option", "'sigma'"),
        (lambda: kpi_status([1.0], [1.0], language="fr"), "bad_option", "'fr'"),
        (lambda: kpi_status([1.0, 2.0], [1.0]), "shape_mismatch", "(1,)"),
    ],
)
def test_status_bad_input(call, code: str, words: str) -> None:
    with pytest.raises(PlanningError) as info:
        call()
    assert info.value.code == code
    assert words in str(info.value)


def reference_status(actual: float, expected: float, higher: bool, risk: float, off: float) -> str:
    if math.isnan(actual) or math.isnan(expected) or expected == 0:
        return "No data"
    score = (actual - expected) / abs(expected)
    if not higher:
        score = -score
    if score < off:
        return "Off track"
    if score < risk:
        return "At risk"
    return "On track"


thresholds = st.tuples(st.floats(-0.5, 0), st.floats(0, 0.5)).map(lambda t: (t[0], t[0] - t[1]))


@given(
    st.lists(
        st.tuples(
            st.one_of(st.floats(-1e4, 1e4), st.just(float("nan"))),
            st.one_of(st.floats(-1e4, 1e4), st.just(0.0)),
            st.booleans(),
            thresholds,
        ),
        min_size=1,
        max_size=15,
    )
)
def test_status_matches_reference(rows) -> None:
    actual, expected, higher, pairs = (list(c) for c in zip(*rows, strict=True))
    status = kpi_status(
        actual, expected, higher, at_risk=[p[0] for p in pairs], off_track=[p[1] for p in pairs]
    )
    expect = [reference_status(*r[:3], *r[3]) for r in rows]
    assert status.tolist() == expect


@given(st.floats(-1e4, 1e4), st.floats(-1e4, 1e4), st.floats(-1e4, 1e4), thresholds)
def test_status_monotone_in_actual(a: float, b: float, plan: float, pair) -> None:
    assume(plan != 0)
    low, high = sorted((a, b))
    kwargs = {"at_risk": pair[0], "off_track": pair[1]}
    up = [RANK[kpi_status(x, plan, "higher", **kwargs)] for x in (low, high)]
    down = [RANK[kpi_status(x, plan, "lower", **kwargs)] for x in (low, high)]
    assert up[1] <= up[0]  # more revenue is never a worse status
    assert down[1] >= down[0]  # more cost is never a better status


@given(st.integers(-(10**6), 10**6), st.integers(-(10**6), 10**6).filter(bool), thresholds)
def test_status_mirror_between_directions(actual: int, plan: int, pair) -> None:
    # integers keep 2 * plan - actual exact: missing a revenue plan by d reads like
    # overspending a cost plan by d
    kwargs = {"at_risk": pair[0], "off_track": pair[1]}
    revenue = kpi_status(float(actual), float(plan), "higher", **kwargs)
    cost = kpi_status(float(2 * plan - actual), float(plan), "lower", **kwargs)
    assert revenue == cost
