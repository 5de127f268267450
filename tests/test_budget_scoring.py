"""Scoring a planner's allocation: totals, the gap to the optimum, the best single move."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_salesplan.budget.allocation import optimise_budget
from xl_salesplan.budget.curves import CurveSet, evaluate, hill, linear_cap, logarithmic, power
from xl_salesplan.budget.scoring import best_single_move, score_allocation
from xl_salesplan.errors import PlanningError


def random_curves(seed: int, n: int, s_shaped: float = 0.0) -> CurveSet:
    rng = np.random.default_rng(seed)
    kinds = rng.choice(["hill", "michaelis_menten", "logarithmic", "power"], n)
    s = rng.random(n) < s_shaped
    kinds = np.where(s, "hill", kinds)
    p2 = np.where(kinds == "power", rng.uniform(0.2, 0.9, n), rng.uniform(5, 50, n))
    p3 = np.where(s, rng.uniform(1.5, 4, n), rng.uniform(0.5, 1.0, n))
    return CurveSet(kinds, rng.uniform(10, 100, n), p2, p3)


def brute_force_move(curves, x, floors, caps, points=4001):
    """Every ordered pair, every amount on a fine grid: the best gain found."""
    base = evaluate(curves, 0, x).sum()
    best = 0.0
    for a in range(len(curves)):
        for b in range(len(curves)):
            if a == b:
                continue
            limit = min(x[a] - floors[a], caps[b] - x[b])
            if limit <= 0:
                continue
            t = np.linspace(0, limit, points)
            trial = np.repeat(x[None], points, axis=0)
            trial[:, a] -= t
            trial[:, b] += t
            best = max(best, float(evaluate(curves, 0, trial).sum(axis=1).max() - base))
    return best


def test_hand_worked_two_channel_score():
    curves = [logarithmic(100, 10, name="Events"), logarithmic(300, 10, name="Paid search")]
    score = score_allocation(curves, [60, 40])
    # The optimum is 20/80 (equal returns 100/30 = 300/90); the only move is 40 across.
    assert score.total_spend == 100
    assert score.total_outcome == pytest.approx(100 * np.log(7) + 300 * np.log(5))
    assert score.optimal_spend == pytest.approx([20, 80])
    assert score.roi == pytest.approx(score.outcome / np.array([60, 40]))
    assert score.marginal_roi == pytest.approx([100 / 70, 300 / 50])
    move = score.best_move
    assert (move.source, move.target) == (0, 1) and move.amount == pytest.approx(40, rel=1e-8)
    assert move.gain == pytest.approx(score.gap, rel=1e-9)
    assert move.sentence == "Move 40 from Events to Paid search to gain 91.6."


@given(seed=st.integers(0, 10**6), n=st.integers(2, 12))
@settings(max_examples=40)
def test_gap_is_optimum_minus_proposal(seed, n):
    curves = random_curves(seed, n)
    rng = np.random.default_rng(seed)
    proposal = rng.uniform(0, 50, n)
    score = score_allocation(curves, proposal)
    optimum = optimise_budget(curves, proposal.sum()).total_outcome
    assert score.optimal_outcome == pytest.approx(optimum, rel=1e-12)
    assert score.gap == pytest.approx(optimum - score.total_outcome, rel=1e-9, abs=1e-9)
    assert score.gap >= -1e-9
    assert score.gap_pct == pytest.approx(100 * score.gap / optimum)
    assert score.uplift_pct == pytest.approx(100 * score.gap / score.total_outcome)


@given(seed=st.integers(0, 10**6), n=st.integers(2, 10))
@settings(max_examples=40)
def test_best_move_gains_unless_the_proposal_is_optimal(seed, n):
    curves = random_curves(seed, n)
    proposal = np.random.default_rng(seed).uniform(0, 50, n)
    score = score_allocation(curves, proposal)
    if score.gap > 1e-9 * score.optimal_outcome:
        assert score.best_move.gain > 0
        assert score.best_move.gain <= score.gap * (1 + 1e-9) + 1e-12
    optimal = optimise_budget(curves, proposal.sum()).spend
    assert score_allocation(curves, optimal).best_move.gain == 0.0


@pytest.mark.parametrize("seed", range(8))
def test_best_move_matches_brute_force(seed):
    n = 3 + seed % 3
    curves = random_curves(seed, n, s_shaped=0.5 if seed % 2 else 0.0)
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 60, n)
    floors = np.where(rng.random(n) < 0.3, x * 0.5, 0.0)
    caps = np.where(rng.random(n) < 0.3, x + 10, np.inf)
    move = best_single_move(curves, x, floors=floors, caps=caps)
    ref = brute_force_move(curves, x, floors, caps)
    assert move.gain >= ref - 1e-9 * max(1.0, ref)
    trial = x.copy()
    if move.gain > 0:
        trial[move.source] -= move.amount
        trial[move.target] += move.amount
        assert np.all(trial >= floors - 1e-9) and np.all(trial <= caps + 1e-9)
        gained = evaluate(curves, 0, trial).sum() - evaluate(curves, 0, x).sum()
        assert gained == pytest.approx(move.gain, rel=1e-9)


def test_best_move_funds_an_s_curve_channel_from_its_flat_start():
    # Events returns nothing per unit at zero spend, but 60 moved there pays.
    curves = CurveSet.from_curves(
        [hill(1000, 50, 4, name="Events"), logarithmic(60, 40, name="Search")]
    )
    move = best_single_move(curves, np.array([0.0, 120.0]))
    assert (move.source_name, move.target_name) == ("Search", "Events")
    assert move.gain > 100


def test_many_channels_use_the_promising_pairs():
    curves = random_curves(4, 300)
    x = np.random.default_rng(4).uniform(0, 40, 300)
    move = best_single_move(curves, x)
    m = evaluate(curves, 1, x)
    assert move.gain > 0 and m[move.target] > m[move.source]


def test_a_proposal_breaking_bounds_is_scored_and_flagged():
    curves = [power(1, 0.5, name="A"), power(2, 0.5, name="B"), power(1, 0.5, name="C")]
    score = score_allocation(curves, [5, 50, 45], floors=[10, 0, 0], caps=[None, 40, None])
    assert score.below_floor.tolist() == [5, 0, 0] and score.above_cap.tolist() == [0, 10, 0]
    assert score.violations == (
        "A (position 0) is 5 below its floor",
        "B (position 1) is 10 above its cap",
    )
    assert np.isfinite(score.optimal_outcome)
    assert score.optimal_spend[0] >= 10 and score.optimal_spend[1] <= 40
    assert "Breaks:" in score.summary()


def test_bounds_that_cannot_hold_for_this_budget_leave_the_gap_blank():
    score = score_allocation([power(1, 0.5), power(1, 0.5)], [5, 5], floors=[20, 0])
    assert np.isnan(score.optimal_outcome) and np.isnan(score.gap)
    assert any("cannot be met" in v for v in score.violations)


def test_linear_channels_and_zero_spend():
    score = score_allocation([linear_cap(2, 10), linear_cap(1, 100)], [0, 30])
    assert np.isnan(score.roi[0]) and score.roi[1] == 1.0
    assert score.best_move.amount == pytest.approx(10) and score.best_move.gain == pytest.approx(10)


def test_bad_proposals_are_refused():
    with pytest.raises(PlanningError, match="proposal has 3 values but there are 2 channels"):
        score_allocation([power(1, 0.5), power(1, 0.5)], [1, 2, 3])
    with pytest.raises(PlanningError, match="spend of channel 1 is negative"):
        score_allocation([power(1, 0.5), power(1, 0.5)], [1, -2])
    with pytest.raises(PlanningError, match="not a number"):
        score_allocation([power(1, 0.5), power(1, 0.5)], [1, "x"])


def test_blank_spend_counts_as_zero_and_frame_columns():
    score = score_allocation([power(1, 0.5), power(1, 0.5)], [4, None])
    assert score.spend.tolist() == [4, 0]
    assert list(score.to_frame().columns) == [
        "channel",
        "spend",
        "outcome",
        "roi",
        "marginal_roi",
        "optimal_spend",
        "below_floor",
        "above_cap",
    ]


def test_summary_of_a_plan_that_spends_nothing():
    text = score_allocation([power(1, 0.5), logarithmic(3, 1)], [0, 0]).summary()
    assert text.startswith("The plan spends 0 for an outcome of 0. The best plan")
    assert "nan" not in text
