"""Whole-unit levers: the dynamic programme against full enumeration."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_salesplan.budget.curves import CurveSet, evaluate, hill, linear_cap, michaelis_menten
from xl_salesplan.budget.whole_units import optimise_whole_units
from xl_salesplan.errors import PlanningError


def enumerate_best(curves, cost, budget, lo, hi):
    """Try every combination of unit counts: the reference optimum."""
    best = -np.inf
    for units in itertools.product(*[range(a, b + 1) for a, b in zip(lo, hi, strict=True)]):
        u = np.array(units)
        if (u * cost).sum() <= budget + 1e-9:
            best = max(best, float(evaluate(curves, 0, u * cost).sum()))
    return best


@given(
    seed=st.integers(0, 10**6),
    n=st.integers(1, 4),
    budget=st.integers(0, 40),
)
@settings(max_examples=60)
def test_matches_enumeration(seed, n, budget):
    rng = np.random.default_rng(seed)
    kinds = rng.choice(["hill", "michaelis_menten", "linear_cap"], n)
    curves = CurveSet(kinds, rng.uniform(5, 50, n), rng.uniform(2, 20, n), rng.uniform(0.5, 4, n))
    cost = rng.integers(1, 8, n).astype(float)
    lo = rng.integers(0, 2, n)
    if (lo * cost).sum() > budget:
        lo[:] = 0
    hi = np.minimum(lo + rng.integers(0, 6, n), lo + budget // cost.astype(int))
    plan = optimise_whole_units(curves, cost, budget, min_units=lo, max_units=hi)
    assert plan.total_outcome == pytest.approx(enumerate_best(curves, cost, budget, lo, hi))
    assert plan.total_spend <= budget + 1e-9
    assert np.all(plan.units >= lo) and np.all(plan.units <= hi)
    assert plan.unspent == pytest.approx(budget - plan.total_spend)


def test_hand_worked_heads():
    # Field reps 150k each, inside sales 90k each, 1M budget: enumerating all 7 x 12
    # combinations gives 6 field and 1 inside (990k).
    reps = michaelis_menten(3_000_000, 1_000_000)
    inside = michaelis_menten(900_000, 300_000)
    plan = optimise_whole_units([reps, inside], [150_000, 90_000], 1_000_000)
    assert plan.units.tolist() == [6, 1] and plan.total_spend == 990_000
    assert plan.next_unit_gain[0] == pytest.approx(
        float(reps.value(7 * 150_000) - reps.value(6 * 150_000))
    )


def test_s_shaped_levers_are_bought_in_useful_blocks():
    # Each event series pays only in numbers; 6 units fund two series of 3, not six of 1.
    plan = optimise_whole_units([hill(100, 3, 3)] * 3, [1, 1, 1], 6)
    assert sorted(plan.units.tolist()) == [0, 3, 3]


def test_step_for_fractional_costs_and_limits():
    plan = optimise_whole_units([linear_cap(1, 100)], [2.5], 10, step=0.5, max_units=[3])
    assert plan.units.tolist() == [3] and np.isnan(plan.next_unit_gain[0])
    assert plan.to_frame()["spend"].tolist() == [7.5]


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"unit_cost": [0]}, "unit cost must be positive"),
        (
            {"unit_cost": [2.5]},
            r"unit cost at position 0 \(2\.5\) is not a whole number; give step",
        ),
        ({"unit_cost": [3], "step": 2}, "not a multiple of the step 2"),
        ({"unit_cost": [3], "min_units": [1.5]}, "expected a whole number of units"),
        ({"unit_cost": [3], "min_units": [5]}, "minimum units cost 15, which is 5 more"),
        (
            {"unit_cost": [3], "min_units": [2], "max_units": [1]},
            "min_units 2 is above max_units 1",
        ),
        ({"unit_cost": [1, 2]}, "unit_cost has 2 values but there are 1 levers"),
        ({"unit_cost": [1], "step": 1e-9}, "the budget grid is too fine"),
    ],
)
def test_bad_requests_are_refused(kwargs, words):
    with pytest.raises(PlanningError, match=words):
        optimise_whole_units([linear_cap(1, 100)], budget=10, **kwargs)
