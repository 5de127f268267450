"""The multiplier search: many budgets and per-row bounds at once, and its envelope."""

from __future__ import annotations

import numpy as np
import pytest

from xl_salesplan.budget.curves import CurveSet, evaluate
from xl_salesplan.budget.multiplier_search import multiplier_search


def test_rows_are_independent_problems():
    curves = CurveSet(["log", "log", "mm"], [10, 30, 50], [2, 5, 8])
    floors = np.array([[0, 0, 0], [1, 0, 0], [0, 0, 4]], dtype=float)
    caps = np.array([[np.inf] * 3, [np.inf, 3, np.inf], [5, np.inf, np.inf]])
    budgets = np.array([10.0, 12.0, 9.0])
    batch = multiplier_search(curves, floors, caps, budgets)
    for r in range(3):
        one = multiplier_search(curves, floors[r], caps[r], budgets[r : r + 1])
        assert batch.spend[r] == pytest.approx(one.spend[0], rel=1e-12)
        assert batch.multiplier[r] == pytest.approx(one.multiplier[0], rel=1e-12)


def test_a_hint_only_changes_the_start():
    rng = np.random.default_rng(2)
    curves = CurveSet(
        ["hill"] * 50, rng.uniform(10, 90, 50), rng.uniform(5, 40, 50), rng.uniform(0.4, 1.0, 50)
    )
    lo, hi, b = np.zeros(50), np.full(50, np.inf), np.array([500.0])
    plain = multiplier_search(curves, lo, hi, b)
    for hint in (1e-6, 0.3, 1e6):
        hinted = multiplier_search(curves, lo, hi, b, hint=np.array([hint]))
        assert hinted.spend == pytest.approx(plain.spend, rel=1e-10, abs=1e-10)


def test_envelope_bound_and_split_channel():
    # Two identical S-curves x^2/(1+x^2): the envelope is the line 0.5 x up to x = 1, so a
    # budget of 1.8 has envelope value 0.9 and at least one channel inside the line.
    curves = CurveSet(["hill", "hill"], [1, 1], [1, 1], [2, 2])
    res = multiplier_search(curves, np.zeros(2), np.full(2, np.inf), np.array([1.8]))
    assert res.upper_bound[0] == pytest.approx(0.9, rel=1e-12)
    assert res.split.any() and res.segment_end == pytest.approx(np.ones((1, 2)))
    assert res.segment_slope == pytest.approx(np.full((1, 2), 0.5))
    assert res.spend.sum() == pytest.approx(1.8)


def test_budget_at_the_floors_and_at_the_caps():
    curves = CurveSet(["log", "power"], [5, 2], [1, 0.5])
    at_floors = multiplier_search(curves, np.array([2.0, 3.0]), np.full(2, np.inf), np.array([5.0]))
    assert at_floors.spend[0] == pytest.approx([2, 3])
    at_caps = multiplier_search(curves, np.zeros(2), np.array([2.0, 3.0]), np.array([5.0]))
    assert at_caps.spend[0] == pytest.approx([2, 3])


def test_every_row_spends_its_budget_exactly():
    rng = np.random.default_rng(9)
    n = 200
    curves = CurveSet(
        rng.choice(["log", "mm", "power", "linear_cap"], n),
        rng.uniform(1, 9, n),
        rng.uniform(0.3, 0.9, n),
    )
    budgets = np.geomspace(1e-3, 1e4, 25)
    res = multiplier_search(curves, np.zeros(n), np.full(n, np.inf), budgets)
    assert res.spend.sum(axis=1) == pytest.approx(budgets, rel=1e-12)
    values = evaluate(curves, 0, res.spend).sum(axis=1)
    assert np.all(np.diff(values) > 0)
