"""Tests for rep capacity and the headcount / hiring plan.

Expected values are worked by hand in the comments, or come from an independent reference
(a per-cell loop written here, or an exact integer programme solved with scipy).
"""

from __future__ import annotations

import contextlib
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from xl_salesplan.errors import PlanningError
from xl_salesplan.people.capacity import rep_capacity
from xl_salesplan.people.hiring import capacity_factor, headcount_plan

RAMP = [0, 0.25, 0.5, 0.75, 1.0]


# --------------------------------------------------------------------------- rep_capacity


def test_rep_capacity_hand_worked_period_numbers() -> None:
    # Plan of 6 months, ramp 0/25/50/75/100%.
    # Rep A started 2 months before the plan (start -2), quota 1000:
    #   tenure in month 0 is 2 -> 50%; then 75%, 100%, 100%, 100%, 100%.
    # Rep B starts in month 1, leaves in month 4, quota 1000:
    #   month 1 tenure 0 -> 0; month 2 -> 250; month 3 -> 500; month 4 -> 750; month 5 left -> 0.
    # Rep C starts in month 3, quota 800: month 3 -> 0; month 4 -> 200; month 5 -> 400.
    cap = rep_capacity([-2, 1, 3], [1000, 1000, 800], RAMP, 6, leave=[None, 4, np.nan])
    expected = [
        [500, 750, 1000, 1000, 1000, 1000],
        [0, 0, 250, 500, 750, 0],
        [0, 0, 0, 0, 200, 400],
    ]
    np.testing.assert_allclose(cap, expected)
    assert cap.dtype == np.float64


def test_rep_capacity_dates_map_to_their_month() -> None:
    # Same reps as above, given as dates on the plan months Jan..Jun 2025:
    # 2024-11-15 is November = month -2; 2025-02-28 is February = month 1;
    # 2025-04-01 is April = month 3; leaving 2025-05-31 is May = month 4 (May counts in full).
    months = pd.period_range("2025-01", periods=6, freq="M")
    starts = [pd.Timestamp("2024-11-15"), "2025-02-28", np.datetime64("2025-04-01")]
    leaves = [None, pd.Timestamp("2025-05-31"), pd.NaT]
    cap = rep_capacity(starts, [1000, 1000, 800], RAMP, months, leave=leaves)
    by_numbers = rep_capacity([-2, 1, 3], [1000, 1000, 800], RAMP, 6, leave=[None, 4, None])
    np.testing.assert_allclose(cap, by_numbers)
    # a datetime64 array and a DatetimeIndex calendar give the same answer
    dates = np.array(["2024-11-15", "2025-02-28", "2025-04-01"], dtype="datetime64[D]")
    month_starts = pd.date_range("2025-01-01", periods=6, freq="MS")
    cap2 = rep_capacity(dates, [1000, 1000, 800], RAMP, month_starts, leave=leaves)
    np.testing.assert_allclose(cap2, by_numbers)
    # pandas Periods work too
    cap3 = rep_capacity([pd.Period("2025-03", "M")], 100, [0.5, 1], months)
    np.testing.assert_allclose(cap3, [[0, 0, 50, 100, 100, 100]])


def test_mid_month_start_counts_the_start_month_as_ramp_month_one() -> None:
    # Starting on 1 March or 31 March gives the same capacity: March is ramp month 1 (50%).
    months = pd.period_range("2025-01", periods=4, freq="M")
    early = rep_capacity(["2025-03-01"], 100, [0.5, 1], months)
    late = rep_capacity(["2025-03-31"], 100, [0.5, 1], months)
    np.testing.assert_allclose(early, [[0, 0, 50, 100]])
    np.testing.assert_allclose(late, early)


def test_attrition_per_period_hand_worked() -> None:
    # 10% leave per period. An existing ramped rep (start -10) is counted in full in period 0,
    # then x0.9 each period: 100, 90, 81. A rep starting in period 1 with ramp 50%/100%:
    # period 1: 50 x 1 = 50; period 2: 100 x 0.9 = 90.
    cap = rep_capacity([-10, 1], 100, [0.5, 1], 3, attrition=0.1, attrition_basis="per_period")
    np.testing.assert_allclose(cap, [[100, 90, 81], [0, 50, 90]])


def test_annual_attrition_compounds_back_to_the_annual_rate() -> None:
    # 20% a year: 12 monthly steps of (1 - m) with m = 1 - 0.8 ** (1/12) leave 80% after a year.
    cap = rep_capacity([0], 100, [1.0], 13, attrition=0.2)
    assert cap[0, 12] == pytest.approx(80.0)
    assert cap[0, 6] == pytest.approx(100 * math.sqrt(0.8))
    # quarterly calendar: 4 periods a year are inferred from the PeriodIndex
    quarters = pd.period_range("2025Q1", periods=5, freq="Q")
    capq = rep_capacity([0], 100, [1.0], quarters, attrition=0.19)
    assert capq[0, 4] == pytest.approx(81.0)
    # an explicit periods_per_year wins over inference
    capq2 = rep_capacity([0], 100, [1.0], quarters, attrition=0.19, periods_per_year=1)
    assert capq2[0, 1] == pytest.approx(81.0)


def test_quota_table_per_rep_and_period() -> None:
    # a (1, n) row applies to every rep; a (reps, n) table is per rep and period
    row = [[100, 200, 300]]
    np.testing.assert_allclose(
        rep_capacity([0, 1], row, [1.0], 3), [[100, 200, 300], [0, 200, 300]]
    )
    table = [[1, 2, 3], [4, 5, 6]]
    np.testing.assert_allclose(rep_capacity([0, 0], table, [1.0], 3), table)


def _capacity_by_loop(start, leave, quota, ramp, n, monthly_rate):
    """Independent per-cell reference for rep_capacity with period numbers."""
    out = np.zeros((len(start), n))
    for i, s in enumerate(start):
        for t in range(n):
            if t < s or (leave[i] is not None and t > leave[i]):
                continue
            k = t - s
            share = ramp[k] if k < len(ramp) else 1.0
            first_counted = max(s, 0)
            out[i, t] = quota[i] * share * (1 - monthly_rate) ** (t - first_counted)
    return out


@given(
    data=st.data(),
    n=st.integers(1, 15),
    n_reps=st.integers(1, 6),
    rate=st.sampled_from([0.0, 0.05, 0.3]),
)
@settings(max_examples=120)
def test_rep_capacity_matches_a_per_cell_loop(data, n, n_reps, rate) -> None:
    start = data.draw(st.lists(st.integers(-8, n + 2), min_size=n_reps, max_size=n_reps))
    leave = [data.draw(st.one_of(st.none(), st.integers(s, n + 3))) for s in start]
    quota = data.draw(st.lists(st.floats(0, 1e6), min_size=n_reps, max_size=n_reps))
    steps = data.draw(st.lists(st.floats(0, 1), min_size=0, max_size=5))
    ramp = [*sorted(steps), 1.0]
    got = rep_capacity(
        start, quota, ramp, n, leave=leave, attrition=rate, attrition_basis="per_period"
    )
    np.testing.assert_allclose(got, _capacity_by_loop(start, leave, quota, ramp, n, rate))
    assert (got >= 0).all()
    assert (got <= np.asarray(quota)[:, None] + 1e-9).all()


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "code", "words"),
    [
        ({"start": []}, "empty", "start"),
        ({"full_quota": [100, -5, 100]}, "negative", "full_quota: negative value -5 at position 1"),
        ({"ramp_profile": [0, 0.5, 0.8]}, "ramp_not_full", "must end at 100%"),
        ({"ramp_profile": [0, 1.5, 1.0]}, "ramp_out_of_range", "position 1 is 1.5"),
        ({"ramp_profile": [-0.1, 1.0]}, "ramp_out_of_range", "position 0 is -0.1"),
        ({"ramp_profile": [0, 0.6, 0.4, 1.0]}, "ramp_decreasing", "position 2"),
        ({"ramp_profile": []}, "empty", "ramp_profile"),
        ({"leave": [None, 0, None]}, "leave_before_start", "position 1"),
        ({"start": [0, 1.5, 2]}, "not_whole", "start: position 1"),
        ({"start": [0, None, 2]}, "blank", "start"),
        (
            {"start": [0, "2025-01-01", 2]},
            "dates_without_calendar",
            "start has a date at position 1",
        ),
        ({"start": [0, "next spring", 2]}, "not_a_date", "position 1"),
        ({"attrition": 1.2}, "attrition_out_of_range", "attrition"),
        ({"attrition": 0.1, "attrition_basis": "monthly"}, "bad_attrition_basis", "annual"),
        ({"full_quota": [1, 2]}, "shape_mismatch", "3 reps"),
        ({"periods": 0}, "out_of_range", "periods"),
        ({"leave": [None, None]}, "shape_mismatch", "leave"),
    ],
)
def test_rep_capacity_bad_input(kwargs, code, words) -> None:
    args = {"start": [0, 1, 2], "full_quota": 100, "ramp_profile": RAMP, "periods": 6}
    args.update(kwargs)
    with pytest.raises(PlanningError) as info:
        rep_capacity(**args)
    assert info.value.code == code
    assert words in str(info.value)


def test_leave_date_before_start_date_in_the_same_month_is_rejected() -> None:
    months = pd.period_range("2025-01", periods=6, freq="M")
    with pytest.raises(PlanningError, match="2025-03-10") as info:
        rep_capacity(["2025-03-20"], 100, [1.0], months, leave=["2025-03-10"])
    assert info.value.positions == (0,)
    # leaving later in the start month is allowed: one month in seat
    cap = rep_capacity(["2025-03-10"], 100, [1.0], months, leave=["2025-03-20"])
    np.testing.assert_allclose(cap, [[0, 0, 100, 0, 0, 0]])


def test_non_consecutive_periods_are_rejected() -> None:
    gappy = pd.PeriodIndex(["2025-01", "2025-02", "2025-04"], freq="M")
    with pytest.raises(PlanningError, match="consecutive"):
        rep_capacity([0], 100, [1.0], gappy)


# --------------------------------------------------------------------------- headcount_plan
#
# The rule (docs/capacity_and_funnel.md): capacity needed = target x max(1 + over-assignment,
# 1 / attainment): room for the quota handed out, and expected bookings that reach the target.


def test_capacity_factor_takes_the_larger_cushion_not_both() -> None:
    # 15% over-assignment, 90% attainment: quota handed out needs 1.15 x target; bookings need
    # 1 / 0.9 = 1.111 x target -> 1.15 (not 1.15 / 0.9 = 1.278).
    assert capacity_factor(0.15, 0.9) == pytest.approx(1.15)
    # 10% over-assignment is too small a cushion for 80% attainment: 1 / 0.8 = 1.25 wins
    assert capacity_factor(0.10, 0.8) == pytest.approx(1.25)


def test_headcount_plan_hand_worked_with_cushion_attainment_and_existing_reps() -> None:
    # target 800 800 1000 1000 1200 1200; over-assignment 15%, attainment 80%:
    # capacity needed = target x max(1.15, 1.25) = 1000 1000 1250 1250 1500 1500.
    # quota 250 a month, ramp 0 / 50% / 100% (f = 2); existing: 3 ramped reps = 750.
    # month 0: short 250 -> one rep starting at 0 - 2 = -2 (ramped in month 0): [250] x 6
    # month 1: 1000 - 1000 = 0 -> covered
    # month 2: 1250 - 1000 = 250 -> one rep starting at 0: adds [0, 125, 250, 250, 250, 250]
    # month 3: 1250 - (750 + 500) = 0 -> covered
    # month 4: 1500 - 1250 = 250 -> one rep starting at 2: adds [0, 0, 0, 125, 250, 250]
    # month 5: 1500 - 1500 = 0.  Total 3; month 4 alone needs (1500 - 750) / 250 = 3 ramped reps.
    args = ([800, 800, 1000, 1000, 1200, 1200], 250, [0, 0.5, 1])
    kwargs = {"expected_attainment": 0.8, "over_assignment": 0.15, "hiring_lead_time": 1}
    plan = headcount_plan(*args, existing_capacity=np.full(6, 750.0), **kwargs)
    # requisitions open one month ahead of each start, so the schedule begins in month -3
    assert plan.period_index.tolist() == [-3, -2, -1, 0, 1, 2, 3, 4, 5]
    np.testing.assert_array_equal(plan.hires, [0, 1, 0, 1, 0, 1, 0, 0, 0])
    np.testing.assert_array_equal(plan.requisitions, [1, 0, 1, 0, 1, 0, 0, 0, 0])
    np.testing.assert_array_equal(plan.new_reps_in_seat, [0, 1, 1, 2, 2, 3, 3, 3, 3])
    assert plan.total_hires == 3 and plan.coverage_basis == "period"
    inside = plan.in_plan
    # team quota (handed out) = target x 1.15
    np.testing.assert_allclose(plan.team_quota[inside], [920, 920, 1150, 1150, 1380, 1380])
    np.testing.assert_allclose(plan.new_hire_capacity[inside], [250, 375, 500, 625, 750, 750])
    # capacity 1000 1125 1250 1375 1500 1500; bookings = 0.8 x capacity >= target
    np.testing.assert_allclose(plan.expected_bookings[inside], [800, 900, 1000, 1100, 1200, 1200])
    np.testing.assert_allclose(plan.coverage[inside], [1, 1.125, 1, 1.1, 1, 1])
    # fully productive reps needed = capacity needed / 250
    np.testing.assert_allclose(plan.required_full_reps[inside], [4, 4, 5, 5, 6, 6])
    assert np.isnan(plan.coverage[~inside]).all()
    frame = plan.to_frame(pd.period_range("2025-01", periods=6, freq="M"))
    assert str(frame.index[0]) == "2024-10"  # first requisition, three months before January
    assert frame.loc[pd.Period("2024-11", "M"), "hires"] == 1

    # Year to date instead: needed 1000 2000 3250 4500 6000 7500, existing 750 ... 4500, short
    # 250 500 1000 1500 2250 3000. A rep from month -2 carries 250 500 ... 1500 by each month
    # end, so 2 reps (3000 / 1500 at month 5); both must start in -2: the half year needs
    # 3000 = 2 x 6 x 250 (any later start carries less).
    ytd = headcount_plan(
        *args, existing_capacity=np.full(6, 750.0), coverage="cumulative", **kwargs
    )
    assert ytd.period_index.tolist() == [-3, -2, -1, 0, 1, 2, 3, 4, 5]
    np.testing.assert_array_equal(ytd.hires, [0, 2, 0, 0, 0, 0, 0, 0, 0])
    # year-to-date coverage: capacity 1250 a month, 1250 2500 ... 7500 over the needed 1000
    # 2000 3250 4500 6000 7500; it ends at exactly 1
    expected = np.array([1250, 2500, 3750, 5000, 6250, 7500]) / [1000, 2000, 3250, 4500, 6000, 7500]
    np.testing.assert_allclose(ytd.coverage[ytd.in_plan], expected)


def test_cumulative_coverage_hires_late_for_a_peak_hand_worked() -> None:
    # quota 250, ramp 0 / 50% / 100%, factor 1.25; 4 ramped reps in seat (1000 a month).
    # target 800 x 5 then 1600: needed 1000 x 5 then 2000.
    # Every month on its own: month 5 is short by 1000 -> 4 reps starting in month 3.
    # Year to date: only month 5 is short, by 1000. A rep starting in month m carries by
    # month 5: m = -2: 1500, -1: 1375, 0: 1125, 1: 875. One rep is enough, and the latest start
    # that carries 1000 is month 0.
    target = [800] * 5 + [1600]
    kwargs = {"expected_attainment": 0.8, "over_assignment": 0.15}
    existing = np.full(6, 1000.0)
    period = headcount_plan(target, 250, [0, 0.5, 1], existing_capacity=existing, **kwargs)
    assert _hires_by_start(period, [3]) == [4]
    assert period.total_hires == 4
    ytd = headcount_plan(
        target, 250, [0, 0.5, 1], existing_capacity=existing, coverage="cumulative", **kwargs
    )
    assert ytd.period_index.tolist() == [0, 1, 2, 3, 4, 5]
    np.testing.assert_array_equal(ytd.hires, [1, 0, 0, 0, 0, 0])
    # twice the peak (short 2000 by month 5): 2 reps (2000 / 1500 -> 2). Latest first hire:
    # month 0 (1125), then the second must carry 875: month 1. (-1, 2) also carries
    # 1375 + 625 = 2000, but its first hire starts earlier than needed.
    twice = headcount_plan(
        [800] * 5 + [2400], 250, [0, 0.5, 1], existing_capacity=existing, coverage="cumulative",
        **kwargs,
    )  # fmt: skip
    np.testing.assert_array_equal(twice.hires, [1, 1, 0, 0, 0, 0])


def test_headcount_plan_hand_worked_smallest_case() -> None:
    # 300 a month, quota 100, ramp 50% then 100%: 3 reps must start one month early
    # (year to date too: month 0 alone needs 3 ramped reps).
    for basis in ("period", "cumulative"):
        plan = headcount_plan(
            [300, 300, 300], 100, [0.5, 1], expected_attainment=1.0, over_assignment=0.0,
            coverage=basis,
        )  # fmt: skip
        assert plan.period_index.tolist() == [-1, 0, 1, 2]
        assert plan.hires.tolist() == [3, 0, 0, 0]


def test_headcount_plan_with_attrition_hand_worked() -> None:
    # 50% leave per period; ramp is immediate. Month 0 needs 100 -> 1 hire in month 0.
    # In month 1 that hire is expected at 50 -> 50 short -> 1 more hire in month 1.
    # Year to date: 200 by month 1; one rep from month 0 carries 150 -> 2 reps; the second
    # may start in month 1 (100 + 150 >= 200 and month 0 is covered by the first).
    kwargs = {"expected_attainment": 1.0, "over_assignment": 0.0, "attrition": 0.5}
    for basis in ("period", "cumulative"):
        plan = headcount_plan(
            [100, 100], 100, [1.0], attrition_basis="per_period", coverage=basis, **kwargs
        )
        assert plan.hires.tolist() == [1, 1]
        np.testing.assert_allclose(plan.new_hire_capacity, [100, 150])


def test_headcount_plan_earliest_start_limits_pre_plan_hiring() -> None:
    # Ramp 0/100%: a hire starting in month 0 brings nothing in month 0.
    for basis, words in (("period", "period 0 is short by 100"), ("cumulative", "period 0")):
        with pytest.raises(PlanningError) as info:
            headcount_plan(
                [100, 100], 100, [0, 1], expected_attainment=1.0, over_assignment=0.0,
                earliest_start=0, coverage=basis,
            )  # fmt: skip
        assert info.value.code == "infeasible"
        assert info.value.positions == (0,)
        assert words in str(info.value)
    # With existing reps covering month 0, month 1 is covered by a hire starting in month 0.
    plan = headcount_plan(
        [100, 100],
        100,
        [0, 1],
        expected_attainment=1.0,
        over_assignment=0.0,
        earliest_start=0,
        existing_capacity=[100, 0],
    )
    assert plan.hires.tolist() == [1, 0]


def test_no_hires_needed_gives_an_empty_schedule() -> None:
    # existing reps already cover the target; a long lead time changes nothing
    for basis in ("period", "cumulative"):
        plan = headcount_plan(
            [100, 100], 100, RAMP, expected_attainment=1.0, over_assignment=0.0,
            existing_capacity=[100, 100], hiring_lead_time=6, coverage=basis,
        )  # fmt: skip
        assert plan.period_index.tolist() == [0, 1]
        assert plan.total_hires == 0 and not plan.requisitions.any()
        np.testing.assert_allclose(plan.coverage, [1, 1])


def test_existing_capacity_accepts_the_rep_capacity_table() -> None:
    team = rep_capacity([-5, -5], 100, RAMP, 4)  # two ramped reps: 200 a month
    plan = headcount_plan(
        [200, 200, 300, 300],
        100,
        RAMP,
        expected_attainment=1.0,
        over_assignment=0.0,
        existing_capacity=team,
    )
    # month 2 needs 100 more: one rep started at 2 - 4 = -2
    assert plan.period_index.tolist() == [-2, -1, 0, 1, 2, 3]
    assert plan.hires.tolist() == [1, 0, 0, 0, 0, 0]


def _hire_columns(n, quota, ramp, rate, attain, cushion, targets, existing):
    """Independent reference: capacity of one hire per allowed start (loop) and capacity needed.

    Starts run from -f (f = ramp months below 100%: an earlier start carries no more in the
    plan) to n - 1; needed = target x max(1 + over-assignment, 1 / attainment) - existing.
    """
    full_at = next(k for k, r in enumerate(ramp) if r >= 1)
    starts = list(range(-full_at, n))
    columns = []
    for s in starts:
        col = []
        for t in range(n):
            k = t - s
            share = 0.0 if k < 0 else (ramp[k] if k < len(ramp) else 1.0)
            col.append(quota[t] * share * (1 - rate) ** max(t - max(s, 0), 0))
        columns.append(col)
    factor = max(1 + cushion, 1 / attain)
    need = np.asarray(targets, dtype=float) * factor - np.asarray(existing, dtype=float)
    return starts, np.array(columns).T, need


def _milp(a, need, objective, fixed=()):
    """Integer programme: minimise objective @ x, a @ x >= need, x >= 0 integer, plus ``fixed``
    (coefficients, value) equalities. Returns the optimal x."""
    constraints = [LinearConstraint(a, lb=need - 1e-7, ub=np.inf)]
    constraints += [LinearConstraint(np.atleast_2d(c), lb=v, ub=v) for c, v in fixed]
    res = milp(
        c=objective,
        constraints=constraints,
        integrality=np.ones(a.shape[1]),
        bounds=Bounds(0, np.inf),
    )
    assert res.success
    return np.round(res.x)


def _exact_minimum(targets, quota, ramp, attain, cushion, existing, rate):
    """Fewest hires covering every period, by an integer programme over every start."""
    _, a, need = _hire_columns(len(targets), quota, ramp, rate, attain, cushion, targets, existing)
    return round(_milp(a, need, np.ones(a.shape[1])).sum())


def _latest_year_to_date_plan(targets, quota, ramp, attain, cushion, existing, rate):
    """Hires per start covering every year-to-date total: fewest hires, then (one integer
    programme per start, in order) the fewest reps started by each start: the first hire as
    late as possible, then the second ..."""
    starts, a, need = _hire_columns(
        len(targets), quota, ramp, rate, attain, cushion, targets, existing
    )
    a, need = np.cumsum(a, axis=0), np.cumsum(need)
    ones = np.ones(len(starts))
    fixed = [(ones, _milp(a, need, ones).sum())]
    for i in range(len(starts)):
        by_start = (np.arange(len(starts)) <= i).astype(float)
        fixed.append((by_start, by_start @ _milp(a, need, by_start, fixed)))
    return starts, _milp(a, need, ones, fixed)


def _capacity_of(plan) -> np.ndarray:
    inside = plan.in_plan
    return plan.existing_capacity[inside] + plan.new_hire_capacity[inside]


def _covers(plan, targets, attain, cushion, cumulative=False) -> bool:
    """Capacity reaches target x max(1 + cushion, 1 / attain) in every period (or year to date);
    shortfalls below a billionth of the need, or of one currency unit, count as covered."""
    have = _capacity_of(plan)
    need = np.asarray(targets, dtype=float) * max(1 + cushion, 1 / attain)
    if cumulative:
        have, need = np.cumsum(have), np.cumsum(need)
    return bool((have >= need - 1e-9 * np.maximum(need, 1)).all())


plan_inputs = st.integers(1, 7).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 1000), min_size=n, max_size=n),
        st.lists(st.integers(50, 150), min_size=n, max_size=n),
        st.lists(st.floats(0, 1), max_size=4).map(lambda r: [*sorted(r), 1.0]),
        st.floats(0.5, 1.2),
        st.floats(0, 0.3),
        st.lists(st.integers(0, 600), min_size=n, max_size=n),
    )
)


def _plan_for(inputs, attrition: float = 0.0, coverage: str = "period", flat: bool = False):
    targets, quota, ramp, attain, cushion, existing = inputs
    return headcount_plan(
        targets,
        quota[0] if flat else quota,
        ramp,
        expected_attainment=attain,
        over_assignment=cushion,
        existing_capacity=existing,
        attrition=attrition,
        coverage=coverage,
    )


@given(plan_inputs)
@settings(max_examples=80)
def test_headcount_plan_is_minimal_without_attrition(inputs) -> None:
    targets, quota, ramp, attain, cushion, existing = inputs
    plan = _plan_for(inputs)
    assert _covers(plan, targets, attain, cushion)
    assert plan.total_hires == _exact_minimum(targets, quota, ramp, attain, cushion, existing, 0)


@given(plan_inputs, st.sampled_from([0.2, 0.6]))
@settings(max_examples=60)
def test_headcount_plan_with_attrition_covers_every_period(inputs, annual) -> None:
    targets, quota, ramp, attain, cushion, existing = inputs
    plan = _plan_for(inputs, attrition=annual)
    assert _covers(plan, targets, attain, cushion)
    rate = 1 - (1 - annual) ** (1 / 12)
    best = _exact_minimum(targets, quota, ramp, attain, cushion, existing, rate)
    # with attrition the rule is near-minimal, not exact (see docs/capacity_and_funnel.md)
    assert best <= plan.total_hires <= best + 2


def _hires_by_start(plan, starts) -> list[float]:
    by_start = dict(zip(plan.period_index.tolist(), plan.hires.tolist(), strict=True))
    return [by_start.get(s, 0.0) for s in starts]


@given(plan_inputs, st.sampled_from([0.0, 0.0, 0.2, 0.6]), st.booleans())
@settings(max_examples=80)
def test_cumulative_plan_is_the_latest_of_the_smallest(inputs, annual, flat) -> None:
    # Exact when a later start never carries more year to date: no attrition, or one quota for
    # every period. Checked against integer programmes: the fewest hires, then the latest
    # schedule (lexicographic: the first hire as late as possible, then the second ...).
    targets, quota, ramp, attain, cushion, existing = inputs
    if annual > 0 and not flat:
        return  # the next test
    plan = _plan_for(inputs, attrition=annual, coverage="cumulative", flat=flat)
    assert _covers(plan, targets, attain, cushion, cumulative=True)
    rate = 1 - (1 - annual) ** (1 / 12)
    quotas = [quota[0]] * len(targets) if flat else quota
    starts, best = _latest_year_to_date_plan(targets, quotas, ramp, attain, cushion, existing, rate)
    assert _hires_by_start(plan, starts) == best.tolist()
    # never more than covering each period on its own
    assert plan.total_hires <= _plan_for(inputs, attrition=annual, flat=flat).total_hires


@given(plan_inputs, st.sampled_from([0.2, 0.6]))
@settings(max_examples=60)
def test_cumulative_plan_with_attrition_and_changing_quota_covers(inputs, annual) -> None:
    # A later start can carry more year to date here (fresher hire, higher quota later):
    # the plan covers every period end and stays close to the exact minimum.
    targets, quota, ramp, attain, cushion, existing = inputs
    plan = _plan_for(inputs, attrition=annual, coverage="cumulative")
    assert _covers(plan, targets, attain, cushion, cumulative=True)
    rate = 1 - (1 - annual) ** (1 / 12)
    _, best = _latest_year_to_date_plan(targets, quota, ramp, attain, cushion, existing, rate)
    assert best.sum() <= plan.total_hires <= best.sum() + 1


@pytest.mark.parametrize(
    ("kwargs", "code", "words"),
    [
        ({"target": []}, "empty", "target"),
        ({"target": [100, -1, 100]}, "negative", "target: negative value -1 at position 1"),
        ({"quota_per_rep": [100, -100, 100]}, "negative", "quota_per_rep"),
        ({"quota_per_rep": [100, 100]}, "shape_mismatch", "3 periods"),
        ({"ramp_profile": [0, 0.5]}, "ramp_not_full", "ends at 0.5"),
        ({"expected_attainment": 0}, "attainment_not_positive", "expected_attainment"),
        ({"over_assignment": -0.1}, "negative_over_assignment", "over_assignment"),
        ({"existing_capacity": [1, 2]}, "shape_mismatch", "existing_capacity"),
        ({"existing_capacity": [1, -2, 3]}, "negative", "existing_capacity"),
        ({"hiring_lead_time": -1}, "out_of_range", "hiring_lead_time"),
        ({"hiring_lead_time": 1.5}, "not_whole", "hiring_lead_time"),
        ({"earliest_start": 5}, "earliest_start_after_plan", "earliest_start"),
        ({"quota_per_rep": [100, 0, 100]}, "infeasible", "period 1"),
        ({"quota_per_rep": 1e-300}, "too_many_hires", "period 0"),
    ],
)
def test_headcount_plan_bad_input(kwargs, code, words) -> None:
    args = {
        "target": [100, 100, 100],
        "quota_per_rep": 100,
        "ramp_profile": RAMP,
        "expected_attainment": 0.85,
        "over_assignment": 0.15,
    }
    args.update(kwargs)
    with pytest.raises(PlanningError) as info:
        headcount_plan(**args)
    assert info.value.code == code
    assert words in str(info.value)


junk = st.one_of(
    st.none(),
    st.text(max_size=5),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**12), 10**12),
    st.lists(st.one_of(st.none(), st.floats(), st.text(max_size=3), st.integers()), max_size=4),
    st.just([[1, 2], [3]]),
    st.just({"a": 1}),
)


@given(start=junk, quota=junk, ramp=junk, periods=junk, leave=junk)
@settings(max_examples=150)
def test_rep_capacity_junk_raises_only_planning_error(start, quota, ramp, periods, leave) -> None:
    try:
        out = rep_capacity(start, quota, ramp, periods, leave=leave)
    except PlanningError:
        return
    assert np.isfinite(out).all()


@given(
    target=junk,
    quota=junk,
    ramp=junk,
    existing=junk,
    attain=junk,
    lead=st.one_of(junk, st.integers(0, 30)),
    earliest=st.one_of(junk, st.integers(-30, 5)),
)
@settings(max_examples=200)
def test_headcount_plan_junk_raises_only_planning_error(
    target, quota, ramp, existing, attain, lead, earliest
) -> None:
    with contextlib.suppress(PlanningError):
        headcount_plan(
            target,
            quota,
            ramp,
            expected_attainment=attain,
            over_assignment=0.1,
            existing_capacity=existing,
            hiring_lead_time=lead,
            earliest_start=earliest,
        )


@given(
    targets=st.lists(st.floats(0, 1e6), min_size=1, max_size=8),
    lead=st.integers(0, 30),
    earliest=st.one_of(st.none(), st.integers(-30, 7)),
    ramp=st.lists(st.floats(0, 1), max_size=4).map(lambda r: [*sorted(r), 1.0]),
)
@settings(max_examples=150)
def test_headcount_plan_valid_inputs_cover_or_explain(targets, lead, earliest, ramp) -> None:
    try:
        plan = headcount_plan(
            targets,
            100,
            ramp,
            expected_attainment=0.9,
            over_assignment=0.1,
            hiring_lead_time=lead,
            earliest_start=earliest,
        )
    except PlanningError as err:
        assert err.code in {"infeasible", "earliest_start_after_plan", "too_many_hires"}
        return
    assert _covers(plan, targets, 0.9, 0.1)
    assert plan.requisitions.sum() == plan.hires.sum()
