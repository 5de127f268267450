"""Optimal allocation: optimality conditions, scipy's SLSQP and brute force as references."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize, minimize_scalar

from xl_salesplan.budget.allocation import (
    allocation_problem,
    budget_frontier,
    format_amount,
    optimise_budget,
)
from xl_salesplan.budget.curves import (
    CurveSet,
    evaluate,
    hill,
    linear_cap,
    logarithmic,
    michaelis_menten,
    power,
)
from xl_salesplan.errors import PlanningError

CONCAVE = ["hill", "michaelis_menten", "logarithmic", "power", "linear_cap"]


def random_instance(seed: int, n: int, *, s_shaped: float = 0.0, bounds: bool = True):
    """Curves, floors, caps and a feasible budget, drawn independently of the optimiser."""
    rng = np.random.default_rng(seed)
    kinds = rng.choice(CONCAVE, n)
    p1 = rng.uniform(10, 100, n)
    p2 = rng.uniform(5, 50, n)
    p3 = rng.uniform(0.4, 1.0, n)
    s = rng.random(n) < s_shaped
    kinds = np.where(s, "hill", kinds)
    p3 = np.where(s, rng.uniform(1.5, 5.0, n), p3)
    p1 = np.where(kinds == "linear_cap", rng.uniform(0.2, 3.0, n), p1)
    p2 = np.where(kinds == "power", rng.uniform(0.2, 0.95, n), p2)
    curves = CurveSet(kinds, p1, p2, p3)
    floors = np.zeros(n)
    caps = np.full(n, np.inf)
    if bounds:
        floors = np.where(rng.random(n) < 0.3, rng.uniform(0, 10, n), 0.0)
        caps = np.where(rng.random(n) < 0.3, floors + rng.uniform(1, 60, n), np.inf)
    budget = float(floors.sum() + rng.uniform(1, 30) * n)
    if caps.sum() < budget:
        caps[np.argmax(caps)] = np.inf
    return curves, floors, caps, budget


def one_sided_marginals(curves, x):
    """Left and right marginal returns (they differ only at a linear curve's saturation)."""
    right = evaluate(curves, 1, x)
    left = evaluate(curves, 1, np.maximum(x - 1e-9 * (1 + x), 0.0))
    return np.where(curves.kinds == 4, left, right), right


def check_optimality(curves, floors, caps, budget, plan, rel=1e-6):
    x, lam = plan.spend, plan.multiplier
    assert x.sum() == pytest.approx(budget, rel=1e-12, abs=1e-9)
    assert np.all(x >= floors - 1e-9) and np.all(x <= caps + 1e-9)
    left, right = one_sided_marginals(curves, x)
    tol = 1e-9 * max(budget, 1.0)
    free = (x > floors + tol) & (x < caps - tol)
    at_floor = (x <= floors + tol) & (x < caps - tol)
    at_cap = (x >= caps - tol) & (x > floors + tol)
    assert np.all(left[free] >= lam * (1 - rel)), "a free channel returns less than lam"
    assert np.all(right[free] <= lam * (1 + rel)), "a free channel returns more than lam"
    # A Hill slope just below 1 (or a power just below 1) returns infinitely much at
    # exactly zero, but only below the smallest spend a float can hold: there the check
    # is that the channel would want no representable spend at this multiplier.
    vanishing = at_floor & np.isinf(right) & (x == 0)
    assert np.all(curves.inverse_marginal(np.full(len(curves), lam))[vanishing] < 1e-300)
    floor_ok = right[at_floor & ~vanishing] <= lam * (1 + rel)
    assert np.all(floor_ok), "a floor channel returns more than lam"
    assert np.all(left[at_cap] >= lam * (1 - rel)), "a capped channel returns less than lam"
    smooth = free & (curves.kinds != 4) & np.isfinite(right)
    if smooth.any():
        spread = right[smooth].max() / right[smooth].min() - 1
        assert spread <= rel


def slsqp_value(curves, floors, caps, budget, start):
    """scipy's SLSQP with the analytic gradient; its answer made exactly feasible."""
    n = len(curves)

    def objective(x):
        return -float(evaluate(curves, 0, np.maximum(x, 0.0)).sum())

    def gradient(x):
        g = evaluate(curves, 1, np.maximum(x, 1e-12))
        return -np.minimum(np.nan_to_num(g, posinf=1e12), 1e12)

    bounds = [(lo, hi if np.isfinite(hi) else None) for lo, hi in zip(floors, caps, strict=True)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = minimize(
            objective,
            start,
            jac=gradient,
            method="SLSQP",
            bounds=bounds,
            constraints=[
                {"type": "eq", "fun": lambda x: x.sum() - budget, "jac": lambda x: np.ones(n)}
            ],
            options={"maxiter": 500, "ftol": 1e-12},
        )
    x = np.clip(res.x, floors, caps)
    short = budget - x.sum()
    room = np.where(short > 0, caps - x, x - floors)
    room = np.where(np.isfinite(room), room, 1e300)
    x = x + short * room / room.sum()
    return -objective(x), x


def even_start(floors, caps, budget):
    n = floors.size
    return np.clip(floors + (budget - floors.sum()) / n, floors, caps)


# -- small cases worked by hand -------------------------------------------------------


def test_two_logarithmic_channels_by_hand():
    # a/(b + x) equal for both: 100/(10+x) = 300/(10+y), x + y = 100  =>  x = 20, y = 80.
    plan = optimise_budget([logarithmic(100, 10), logarithmic(300, 10)], 100)
    assert plan.spend == pytest.approx([20, 80], rel=1e-12)
    assert plan.multiplier == pytest.approx(100 / 30, rel=1e-12)
    assert plan.total_outcome == pytest.approx(100 * np.log(3) + 300 * np.log(9))
    assert plan.status == ("free", "free") and plan.proven_optimal


def test_equal_flat_returns_share_the_money():
    # The log channel stops at 100/(20+x) = 2 => x = 30; the rest goes at rate 2.
    curves = [linear_cap(2, 50), linear_cap(2, 50), logarithmic(100, 20)]
    plan = optimise_budget(curves, 80)
    assert plan.spend[2] == pytest.approx(30)
    assert plan.spend[:2].sum() == pytest.approx(50)
    assert plan.total_outcome == pytest.approx(100 * np.log(2.5) + 100)
    assert plan.multiplier == pytest.approx(2)


def test_saturated_curves_still_spend_the_budget():
    plan = optimise_budget([linear_cap(2, 10), linear_cap(3, 10)], 35, caps=[20, 20])
    assert plan.spend.sum() == pytest.approx(35) and np.all(plan.spend <= 20)
    assert plan.total_outcome == pytest.approx(50) and plan.multiplier == 0.0


def test_floor_and_cap_statuses_and_bound_values():
    # Search is capped at 50 (returns 300/60 = 5); Events' floor of 40 leaves 10 for
    # Partners, which then returns 50/20 = 2.5 = lam; Events at 40 returns 100/50 = 2.
    curves = [logarithmic(100, 10), logarithmic(300, 10), logarithmic(50, 10)]
    plan = optimise_budget(curves, 100, floors=[40, 0, 0], caps=[None, 50, None])
    assert plan.status == ("at floor", "at cap", "free")
    assert plan.spend == pytest.approx([40, 50, 10])
    assert plan.multiplier == pytest.approx(2.5)
    assert plan.bound_value == pytest.approx([0.5, 2.5, 0.0])


def test_bound_value_is_what_relaxing_the_bound_gains():
    curves, floors, caps, budget = random_instance(3, 12)
    plan = optimise_budget(curves, budget, floors=floors, caps=caps)
    step = 1e-4
    for i, status in enumerate(plan.status):
        if status == "at cap":
            relaxed = caps.copy()
            relaxed[i] += step
        elif status == "at floor":
            relaxed = floors.copy()
            relaxed[i] -= step
        else:
            continue
        kwargs = (
            {"floors": floors, "caps": relaxed}
            if status == "at cap"
            else {"floors": relaxed, "caps": caps}
        )
        gain = optimise_budget(curves, budget, **kwargs).total_outcome - plan.total_outcome
        assert gain / step == pytest.approx(plan.bound_value[i], rel=1e-3, abs=1e-7)


def test_multiplier_is_the_value_of_one_more_unit():
    curves, floors, caps, budget = random_instance(5, 15)
    plan = optimise_budget(curves, budget, floors=floors, caps=caps)
    h = 1e-4 * budget
    up = optimise_budget(curves, budget + h, floors=floors, caps=caps).total_outcome
    down = optimise_budget(curves, budget - h, floors=floors, caps=caps).total_outcome
    assert (up - down) / (2 * h) == pytest.approx(plan.multiplier, rel=1e-4)


# -- optimality conditions on random instances ----------------------------------------


@given(seed=st.integers(0, 10**6), n=st.integers(1, 40))
@settings(max_examples=150)
def test_optimality_conditions_hold_on_random_concave_instances(seed, n):
    curves, floors, caps, budget = random_instance(seed, n)
    plan = optimise_budget(curves, budget, floors=floors, caps=caps)
    check_optimality(curves, floors, caps, budget, plan)
    assert plan.proven_optimal


def test_optimality_conditions_hold_for_ten_thousand_channels():
    curves, floors, caps, budget = random_instance(11, 10_000)
    plan = optimise_budget(curves, budget, floors=floors, caps=caps)
    check_optimality(curves, floors, caps, budget, plan)


# -- against scipy's SLSQP ------------------------------------------------------------


@pytest.mark.parametrize("seed", range(25))
def test_never_worse_than_slsqp_on_concave_instances(seed):
    n = 2 + seed % 7
    curves, floors, caps, budget = random_instance(100 + seed, n)
    ours = optimise_budget(curves, budget, floors=floors, caps=caps).total_outcome
    rng = np.random.default_rng(seed)
    starts = [even_start(floors, caps, budget)] + [
        np.clip(floors + (budget - floors.sum()) * rng.dirichlet(np.ones(n)), floors, caps)
        for _ in range(2)
    ]
    best = max(slsqp_value(curves, floors, caps, budget, s)[0] for s in starts)
    assert ours >= best - 1e-9 * abs(best)


@pytest.mark.parametrize("seed", range(40))
def test_never_worse_than_slsqp_on_s_shaped_instances(seed):
    n = 2 + seed % 6
    curves, floors, caps, budget = random_instance(200 + seed, n, s_shaped=0.7)
    plan = optimise_budget(curves, budget, floors=floors, caps=caps)
    rng = np.random.default_rng(seed)
    starts = [even_start(floors, caps, budget)] + [
        np.clip(floors + (budget - floors.sum()) * rng.dirichlet(np.ones(n)), floors, caps)
        for _ in range(4)
    ]
    best = max(slsqp_value(curves, floors, caps, budget, s)[0] for s in starts)
    assert plan.total_outcome >= best - 1e-9 * abs(best)
    assert plan.upper_bound >= plan.total_outcome
    assert plan.spend.sum() == pytest.approx(budget, rel=1e-12)


@pytest.mark.parametrize(("n", "budget"), [(4, 100.0), (6, 120.0), (8, 200.0), (5, 60.0)])
def test_strictly_better_than_slsqp_where_it_stalls_on_a_flat_start(n, budget):
    # Identical S-curves: the even split sits on every curve's flat start, where all
    # marginal returns are equal and tiny, so SLSQP sees a stationary point and stops.
    curves = CurveSet(["hill"] * n, [100.0] * n, [50.0] * n, [4.0] * n)
    lo, hi = np.zeros(n), np.full(n, np.inf)
    stalled, x = slsqp_value(curves, lo, hi, budget, even_start(lo, hi, budget))
    assert x == pytest.approx(np.full(n, budget / n), rel=1e-6)  # it did not move
    plan = optimise_budget(curves, budget)
    assert plan.total_outcome > 2 * stalled
    assert (plan.spend > 1e-9).sum() < n  # money goes to the channels that pay once funded


def test_better_than_slsqp_started_from_zero_spend():
    # A plan built from nothing: SLSQP starts at zero spend, where every S-curve is flat,
    # and settles on whichever channels its first steps happen to fund.
    better = 0
    for seed in range(12):
        rng = np.random.default_rng(seed)
        n = 6
        curves = CurveSet(
            ["hill"] * n, rng.uniform(80, 120, n), rng.uniform(40, 60, n), rng.uniform(3.0, 5.0, n)
        )
        lo, hi, budget = np.zeros(n), np.full(n, np.inf), 150.0
        local, _ = slsqp_value(curves, lo, hi, budget, np.zeros(n))
        ours = optimise_budget(curves, budget).total_outcome
        assert ours >= local * (1 - 1e-9)
        better += ours > local * (1 + 1e-4)
    assert better >= 8


# -- S-shaped curves against brute force ----------------------------------------------


def brute_force_two(curves, budget, floors, caps):
    """Dense grid over channel 0's share, then a bounded scalar refinement."""
    lo = max(floors[0], budget - caps[1])
    hi = min(caps[0], budget - floors[1])
    xs = np.linspace(lo, hi, 200_001)
    values = evaluate(curves, 0, np.stack([xs, budget - xs], axis=1)).sum(axis=1)
    k = int(np.argmax(values))
    a, b = xs[max(k - 1, 0)], xs[min(k + 1, xs.size - 1)]
    res = minimize_scalar(
        lambda t: -float(evaluate(curves, 0, np.array([t, budget - t])).sum()),
        bounds=(a, b),
        method="bounded",
        options={"xatol": 1e-12},
    )
    return max(values[k], -res.fun)


@given(
    tops=st.lists(st.floats(10, 100), min_size=2, max_size=2),
    halves=st.lists(st.floats(5, 50), min_size=2, max_size=2),
    slopes=st.lists(st.floats(1.2, 5.0), min_size=2, max_size=2),
    budget=st.floats(1, 150),
    floor0=st.floats(0, 10),
)
@settings(max_examples=40)
def test_two_s_curves_match_brute_force(tops, halves, slopes, budget, floor0):
    curves = CurveSet(["hill", "hill"], tops, halves, slopes)
    floors = np.array([min(floor0, budget), 0.0])
    caps = np.full(2, np.inf)
    plan = optimise_budget(curves, budget, floors=floors, caps=caps)
    ref = brute_force_two(curves, budget, floors, caps)
    assert plan.total_outcome >= ref - 1e-9 * max(abs(ref), 1.0)


def test_identical_s_curves_split_the_budget_evenly():
    # f(x) = x^2/(1+x^2): funding both at 0.9 (0.895) beats one at 1.8 (0.764)
    # and the envelope's 1 + 0.8 (0.890).
    plan = optimise_budget([hill(1, 1, 2), hill(1, 1, 2)], 1.8)
    assert plan.spend == pytest.approx([0.9, 0.9], rel=1e-8)
    assert plan.total_outcome == pytest.approx(2 * 0.81 / 1.81, rel=1e-12)
    assert plan.upper_bound >= plan.total_outcome


def test_a_flat_start_does_not_hide_a_channel_worth_funding():
    # Alone, each unit of the S-curve returns almost nothing at first, but funded fully it
    # beats the steady channel: a marginal-return greedy method would never start it.
    curves = [hill(1000, 50, 4, name="Events"), logarithmic(60, 40, name="Search")]
    plan = optimise_budget(curves, 120)
    assert plan.spend[0] > 50
    assert plan.total_outcome > float(logarithmic(60, 40).value(120))


# -- frontier -------------------------------------------------------------------------


def test_frontier_matches_single_budgets_and_is_concave_for_concave_curves():
    curves, floors, caps, budget = random_instance(21, 10)
    budgets = np.linspace(floors.sum() + 1, budget, 9)
    front = budget_frontier(curves, budgets, floors=floors, caps=caps)
    for b, total, lam in zip(budgets, front.total_outcome, front.multiplier, strict=True):
        single = optimise_budget(curves, b, floors=floors, caps=caps)
        assert total == pytest.approx(single.total_outcome, rel=1e-12)
        assert lam == pytest.approx(single.multiplier, rel=1e-9)
    assert np.all(np.diff(front.total_outcome) > 0)
    assert np.all(np.diff(front.multiplier) <= 1e-12)
    assert front.spend.sum(axis=1) == pytest.approx(budgets, rel=1e-12)
    assert list(front.to_frame().columns[:3]) == ["budget", "total_outcome", "multiplier"]


def test_frontier_with_s_curves_matches_single_budgets():
    curves, floors, caps, budget = random_instance(33, 6, s_shaped=0.6)
    budgets = np.linspace(floors.sum() + 1, budget, 7)
    front = budget_frontier(curves, budgets, floors=floors, caps=caps)
    for b, total in zip(budgets, front.total_outcome, strict=True):
        single = optimise_budget(curves, b, floors=floors, caps=caps)
        assert total == pytest.approx(single.total_outcome, rel=1e-9)
    assert np.all(np.diff(front.total_outcome) >= -1e-9)


# -- refusals -------------------------------------------------------------------------


def test_floors_above_the_budget_name_the_channels_and_amounts():
    with pytest.raises(PlanningError) as err:
        optimise_budget(
            [power(1, 0.5), power(1, 0.5), power(1, 0.5)],
            100,
            floors=[70, None, 50],
            names=["Events", "Search", "Partners"],
        )
    text = str(err.value)
    assert "floors add up to 120, which is 20 more than the budget of 100" in text
    assert "Events (position 0) 70" in text and "Partners (position 2) 50" in text
    assert err.value.code == "floors_exceed_budget" and err.value.positions == (0, 2)
    assert err.value.amount == pytest.approx(20)


def test_caps_below_the_budget_name_the_channels():
    with pytest.raises(PlanningError, match="caps add up to 90, which is 10 short") as err:
        optimise_budget([power(1, 0.5), power(1, 0.5)], 100, caps=[40, 50])
    assert err.value.code == "caps_below_budget"


@pytest.mark.parametrize(
    ("kwargs", "words", "code"),
    [
        (
            {"floors": [60, 0], "caps": [50, None]},
            "channel 0: floor 60 is above cap 50",
            "floor_above_cap",
        ),
        ({"floors": [-1, 0]}, "channel 0: floor must not be negative", "negative_floor"),
        ({"caps": [None, -5]}, "channel 1: cap must not be negative", "negative_cap"),
        ({"floors": [1, 2, 3]}, "floors has 3 values but there are 2 channels", "shape_mismatch"),
        ({"caps": ["a", None]}, "not a number", "not_a_number"),
    ],
)
def test_bad_bounds_are_refused(kwargs, words, code):
    with pytest.raises(PlanningError, match=words) as err:
        optimise_budget([power(1, 0.5), power(1, 0.5)], 100, **kwargs)
    assert err.value.code == code


def test_bad_budget_and_curves_are_refused():
    with pytest.raises(PlanningError, match="budget must not be negative"):
        optimise_budget([power(1, 0.5)], -1)
    with pytest.raises(PlanningError, match="budget: blank value"):
        allocation_problem([power(1, 0.5)], float("nan"))
    with pytest.raises(PlanningError, match="half_saturation must be a positive number"):
        optimise_budget(CurveSet(["mm"], [1], [float("nan")]), 10)
    with pytest.raises(PlanningError, match="expected response curves"):
        optimise_budget("hill", 10)


def test_reports_read_well():
    plan = optimise_budget([michaelis_menten(100, 10, name="Search")], 10)
    assert plan.names == ("Search",) and plan.to_frame()["status"].tolist() == ["free"]
    assert plan.summary().startswith("Best plan: outcome 50 from a budget of 10")
    assert format_amount(1234567.8) == "1,234,568"


def test_statuses_scale_with_the_budget():
    # Both channels return 2 on their first unit (top * k / k^2), so even a budget of a
    # billionth is shared and both are free, not "unfunded".
    plan = optimise_budget([michaelis_menten(2, 1), michaelis_menten(1, 0.5)], 1e-9)
    assert plan.status == ("free", "free")
    assert plan.spend.sum() == pytest.approx(1e-9, rel=1e-12)
