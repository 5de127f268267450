"""Tests of the water-filling core against an independent bisection."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_salesplan.errors import PlanningError
from xl_salesplan.targets.bounded_spread import spread_weighted, water_fill


def bisection_fill(amount: float, weights, floors, caps) -> np.ndarray:
    """Find the level with sum(clip(level * w, floor, cap)) == amount by bisection."""
    w, f, c = (np.asarray(a, dtype=float) for a in (weights, floors, caps))

    def total(level: float) -> float:
        return float(np.clip(level * w, f, c).sum())

    lo, hi = -1.0, 1.0
    while total(lo) > amount:
        lo *= 2
    while total(hi) < amount:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if total(mid) < amount:
            lo = mid
        else:
            hi = mid
    return np.clip(hi * w, f, c)


def test_water_fill_hand_example():
    # 100 over 1:1:2 with a cap of 30 on the last cell: 35, 35, 30.
    out = water_fill(
        np.array([100.0]),
        np.array([[1.0, 1.0, 2.0]]),
        np.full((1, 3), -np.inf),
        np.array([[np.inf, np.inf, 30.0]]),
    )
    assert out.tolist() == [[35, 35, 30]]


def test_water_fill_rows_are_independent():
    weights = np.array([[1.0, 1.0], [1.0, 3.0]])
    out = water_fill(np.array([10.0, 40.0]), weights, np.zeros((2, 2)), np.full((2, 2), 25.0))
    assert out.tolist() == [[5, 5], [15, 25]]


@st.composite
def fill_case(draw):
    n = draw(st.integers(1, 10))
    w = draw(st.lists(st.integers(1, 50), min_size=n, max_size=n))
    f = draw(st.lists(st.integers(0, 100), min_size=n, max_size=n))
    extra = draw(st.lists(st.one_of(st.none(), st.integers(0, 200)), min_size=n, max_size=n))
    c = [np.inf if e is None else fi + e for fi, e in zip(f, extra, strict=True)]
    high = sum(c)
    amount = draw(st.integers(sum(f), int(min(high, sum(f) + 2000))))
    return float(amount), w, f, c


@given(cases=st.lists(fill_case(), min_size=1, max_size=4))
def test_water_fill_matches_bisection(cases):
    # Pad to a common width with zero-weight cells fixed at 0 so the rows can be batched.
    n = max(len(c[1]) for c in cases)
    w = np.zeros((len(cases), n))
    f = np.zeros((len(cases), n))
    c = np.zeros((len(cases), n))
    amounts = np.array([case[0] for case in cases])
    for i, (_, wi, fi, ci) in enumerate(cases):
        w[i, : len(wi)] = wi
        f[i, : len(fi)] = fi
        c[i, : len(ci)] = ci
    out = water_fill(amounts, w, f, c)
    for i, (amount, wi, fi, ci) in enumerate(cases):
        expected = bisection_fill(amount, wi, fi, ci)
        np.testing.assert_allclose(out[i, : len(wi)], expected, rtol=1e-9, atol=1e-7)
        assert out[i].sum() == pytest.approx(amount, rel=1e-12, abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(200, 3000),
    floored=st.booleans(),
    fill=st.floats(0.0, 1.0),
)
def test_water_fill_long_rows_with_tied_breakpoints(seed, n, floored, fill):
    # Few distinct weights and bounds: many cells reach their bound at the same level.
    rng = np.random.default_rng(seed)
    w = rng.choice([1.0, 2.0, 5.0], n)
    f = np.where(rng.random(n) < 0.3, rng.choice([0.0, 10.0], n), 0.0) if floored else None
    floors = np.full(n, -np.inf) if f is None else f
    room = rng.choice([10.0, 20.0, 50.0], n)
    c = np.where(rng.random(n) < 0.5, room if f is None else f + room, np.inf)
    low = 0.0 if f is None else f.sum()
    high = np.where(np.isfinite(c), c, 100.0).sum()
    amount = low + fill * (high - low)
    out = water_fill(np.array([amount]), w[None, :], floors[None, :], c[None, :])[0]
    expected = bisection_fill(amount, w, floors if f is not None else np.full(n, -1e300), c)
    np.testing.assert_allclose(out, expected, rtol=1e-9, atol=1e-7)
    assert out.sum() == pytest.approx(amount, rel=1e-12, abs=1e-9)


def test_spread_weighted_names_its_weights():
    with pytest.raises(PlanningError, match="growth weights is empty"):
        spread_weighted(10, np.zeros(0), weights_name="growth weights")
