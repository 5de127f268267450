"""S-curve search: exact and local modes, against the envelope and brute force."""

from __future__ import annotations

import numpy as np
import pytest

import xl_salesplan.budget.s_curve_search as s_curve_search
from xl_salesplan.budget.curves import CurveSet, evaluate
from xl_salesplan.budget.multiplier_search import multiplier_search


def s_instance(seed, n):
    rng = np.random.default_rng(seed)
    curves = CurveSet(
        ["hill"] * n, rng.uniform(10, 100, n), rng.uniform(5, 50, n), rng.uniform(1.5, 4.0, n)
    )
    return curves, np.zeros(n), np.full(n, np.inf)


@pytest.mark.parametrize("seed", range(6))
def test_result_is_feasible_and_never_below_the_envelope_allocation(seed):
    curves, lo, hi = s_instance(seed, 8)
    budgets = np.array([40.0, 120.0, 300.0])
    env = multiplier_search(curves, lo, hi, budgets)
    x, _, ub = s_curve_search.improve_s_curves(curves, lo, hi, budgets, env)
    assert x.sum(axis=1) == pytest.approx(budgets, rel=1e-12)
    assert np.all(x >= -1e-12)
    value = evaluate(curves, 0, x).sum(axis=1)
    assert np.all(value >= evaluate(curves, 0, env.spend).sum(axis=1) - 1e-9)
    assert np.all(value <= ub + 1e-9) and np.all(ub <= env.upper_bound + 1e-9)


@pytest.mark.parametrize("seed", range(4))
def test_local_mode_is_close_to_exact_mode(seed, monkeypatch):
    curves, lo, hi = s_instance(10 + seed, 6)
    budget = np.array([90.0])
    env = multiplier_search(curves, lo, hi, budget)
    exact_x, _, _ = s_curve_search.improve_s_curves(curves, lo, hi, budget, env)
    monkeypatch.setattr(s_curve_search, "EXACT_SIZE", 1)
    local_x, _, local_ub = s_curve_search.improve_s_curves(curves, lo, hi, budget, env)
    exact_v = evaluate(curves, 0, exact_x).sum()
    local_v = evaluate(curves, 0, local_x).sum()
    assert local_v <= exact_v + 1e-9
    assert exact_v <= local_ub[0] + 1e-9  # the local mode's bound holds
    assert local_v >= 0.98 * exact_v
