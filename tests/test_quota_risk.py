"""Tests for the quota-risk Monte Carlo: reproducibility, convergence, analytic checks."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_salesplan.errors import PlanningError
from xl_salesplan.people.quota_risk import quota_risk

QUOTAS = [120.0, 80.0, 100.0, 150.0, 50.0]


def _normal_cdf(z: float) -> float:
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


def _normal_quantile(p: float) -> float:
    """Inverse of the normal CDF by bisection on math.erf (independent of the engine)."""
    lo, hi = -10.0, 10.0
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if _normal_cdf(mid) < p else (lo, mid)
    return (lo + hi) / 2


def test_same_seed_same_result_and_other_seed_differs() -> None:
    kwargs = {"distribution": "lognormal", "mean": 0.9, "sd": 0.3, "n_sims": 5_000}
    a = quota_risk(QUOTAS, 450, seed=7, **kwargs)
    b = quota_risk(QUOTAS, 450, seed=7, **kwargs)
    c = quota_risk(QUOTAS, 450, seed=8, **kwargs)
    np.testing.assert_array_equal(a.team_bookings, b.team_bookings)
    assert a.probability == b.probability and a.p90_bookings == b.p90_bookings
    assert not np.array_equal(a.team_bookings, c.team_bookings)


@pytest.mark.parametrize(
    "source",
    [
        {"distribution": "normal", "mean": 1.0, "sd": 0.2},
        {"distribution": "lognormal", "mean": 1.0, "sd": 0.2},
        {"distribution": "beta", "mean": 1.0, "sd": 0.2},
        {"attainment_sample": [0.4, 0.8, 1.0, 1.3]},
    ],
)
def test_result_does_not_depend_on_chunk_size(source) -> None:
    whole = quota_risk(QUOTAS, 480, n_sims=1_001, seed=3, **source)
    chunked = quota_risk(QUOTAS, 480, n_sims=1_001, seed=3, chunk_size=7, **source)
    np.testing.assert_array_equal(whole.team_bookings, chunked.team_bookings)


def test_normal_case_matches_the_analytic_probability_and_percentiles() -> None:
    # Attainment ~ N(0.95, 0.3) per rep, independent. Team bookings = sum q_i a_i is normal with
    #   mean 0.95 x 500 = 475 and sd 0.3 x sqrt(120^2 + 80^2 + 100^2 + 150^2 + 50^2)
    #   = 0.3 x sqrt(55 800) = 70.866.
    # P(bookings >= 500) = 1 - Phi((500 - 475) / 70.866) = 1 - Phi(0.3528) = 0.3621.
    mean, sd = 475.0, 0.3 * math.sqrt(55_800)
    analytic = 1 - _normal_cdf((500 - mean) / sd)
    assert analytic == pytest.approx(0.3621, abs=1e-4)
    n = 64_000
    risk = quota_risk(QUOTAS, 500, distribution="normal", mean=0.95, sd=0.3, n_sims=n, seed=11)
    assert abs(risk.probability - analytic) < 4 * math.sqrt(analytic * (1 - analytic) / n)
    assert risk.standard_error == pytest.approx(
        math.sqrt(risk.probability * (1 - risk.probability) / n)
    )
    # P50 = 475; P90 (reached with 90% probability) = 10th percentile = 475 - 1.2816 x 70.866.
    # Standard error of a sample p-quantile: sqrt(p (1 - p) / n) / density at the quantile.
    for level, estimate in ((0.5, risk.p50_bookings), (0.1, risk.p90_bookings)):
        z = _normal_quantile(level)
        density = math.exp(-z * z / 2) / (sd * math.sqrt(2 * math.pi))
        se = math.sqrt(level * (1 - level) / n) / density
        assert abs(estimate - (mean + z * sd)) < 4 * se
    assert risk.p90_bookings < risk.p50_bookings
    assert risk.p50_attainment == pytest.approx(risk.p50_bookings / 500)
    assert risk.mean_bookings == pytest.approx(mean, abs=4 * sd / math.sqrt(n))


@pytest.mark.parametrize(
    "source",
    [
        {"distribution": "lognormal", "mean": 0.9, "sd": 0.35},
        {"distribution": "beta", "mean": 0.9, "sd": 0.35},
        {"attainment_sample": [0.2, 0.6, 0.85, 0.95, 1.0, 1.1, 1.25, 1.6]},
    ],
)
def test_estimates_converge_as_simulations_grow(source) -> None:
    small = quota_risk(QUOTAS, 470, n_sims=4_000, seed=21, **source)
    large = quota_risk(QUOTAS, 470, n_sims=64_000, seed=22, **source)
    combined = math.hypot(small.standard_error, large.standard_error)
    assert 0 < large.probability < 1
    assert abs(small.probability - large.probability) < 4 * combined
    # the standard error shrinks like 1 / sqrt(n): 16 times the simulations, a quarter of it
    assert large.standard_error < small.standard_error / 3


def test_empirical_sample_hand_worked() -> None:
    # Two reps with quota 100, attainment drawn from {0.5, 1.5} with equal chance:
    #   bookings 100 (p 1/4), 200 (p 1/2), 300 (p 1/4).
    # P(bookings >= 200) = 3/4; the median is 200; the 10th percentile (P90) is 100.
    n = 40_000
    risk = quota_risk([100, 100], 200, attainment_sample=[0.5, 1.5], n_sims=n, seed=5)
    assert abs(risk.probability - 0.75) < 4 * math.sqrt(0.75 * 0.25 / n)
    assert risk.p50_bookings == 200
    assert risk.p90_bookings == 100
    assert risk.p90_attainment == pytest.approx(0.5)
    assert set(np.unique(risk.team_bookings)) == {100.0, 200.0, 300.0}


def test_zero_sd_is_certain() -> None:
    # every rep attains exactly 90%: bookings = 0.9 x 500 = 450 in every simulation
    sure = quota_risk(QUOTAS, 450, distribution="beta", mean=0.9, sd=0, n_sims=100)
    assert sure.probability == 1.0 and sure.standard_error == 0.0
    assert sure.p50_bookings == pytest.approx(450) and sure.p90_bookings == pytest.approx(450)
    short = quota_risk(QUOTAS, 451, distribution="normal", mean=0.9, sd=0, n_sims=100)
    assert short.probability == 0.0


def test_parametric_draws_have_the_requested_mean_and_sd() -> None:
    # one rep with quota 1: team bookings are the attainment draws themselves
    for name in ("normal", "lognormal", "beta"):
        risk = quota_risk([1.0], 1.0, distribution=name, mean=0.8, sd=0.25, n_sims=50_000, seed=2)
        draws = risk.team_bookings
        assert draws.mean() == pytest.approx(0.8, abs=4 * 0.25 / math.sqrt(50_000))
        assert draws.std() == pytest.approx(0.25, rel=0.03)
        if name != "normal":
            assert draws.min() >= 0
        if name == "beta":
            assert draws.max() <= 2.0


@given(targets=st.lists(st.floats(1, 1_000), min_size=2, max_size=6))
@settings(max_examples=40)
def test_probability_falls_as_the_target_rises(targets) -> None:
    targets = sorted(targets)
    probs = [
        quota_risk(QUOTAS, t, distribution="lognormal", mean=1, sd=0.3, n_sims=500).probability
        for t in targets
    ]
    assert all(a >= b for a, b in itertools.pairwise(probs))


@pytest.mark.parametrize(
    ("args", "kwargs", "code", "words"),
    [
        (([], 100), {"distribution": "normal", "mean": 1, "sd": 0.1}, "empty", "quotas"),
        (
            ([100, -5], 100),
            {"distribution": "normal", "mean": 1, "sd": 0.1},
            "negative",
            "quotas: negative quota -5 at position 1",
        ),
        (([0, 0], 100), {"distribution": "normal", "mean": 1, "sd": 0.1}, "zero_quotas", "all 0"),
        (([100], 0), {"distribution": "normal", "mean": 1, "sd": 0.1}, "target_not_positive", ""),
        (([100], 100), {"attainment_sample": []}, "empty", "attainment_sample"),
        (
            ([100], 100),
            {"attainment_sample": [0.9, -0.1]},
            "negative",
            "attainment_sample: negative attainment -0.1 at position 1",
        ),
        (([100], 100), {"attainment_sample": [0.9, None]}, "blank", "attainment_sample"),
        (([100], 100), {}, "attainment_source", "either"),
        (
            ([100], 100),
            {"attainment_sample": [1.0], "distribution": "normal"},
            "attainment_source",
            "not both",
        ),
        (([100], 100), {"distribution": "gamma", "mean": 1, "sd": 1}, "unknown_distribution", ""),
        (([100], 100), {"distribution": "normal", "mean": 1}, "missing_parameters", "sd"),
        (([100], 100), {"distribution": "normal", "mean": 0, "sd": 1}, "mean_not_positive", ""),
        (([100], 100), {"distribution": "normal", "mean": 1, "sd": -1}, "negative_sd", ""),
        (
            ([100], 100),
            {"distribution": "beta", "mean": 1, "sd": 1.5},
            "beta_infeasible",
            "sd 1.5 is too large for mean 1 on [0, 2]",
        ),
        (
            ([100], 100),
            {"distribution": "beta", "mean": 2.5, "sd": 0.1},
            "beta_infeasible",
            "mean 2.5 must be below upper 2",
        ),
        (
            ([100], 100),
            {"distribution": "normal", "mean": 1, "sd": 0.1, "n_sims": 0},
            "out_of_range",
            "n_sims",
        ),
        (
            ([100], 100),
            {"distribution": "normal", "mean": 1, "sd": 0.1, "n_sims": 10.5},
            "not_whole",
            "n_sims",
        ),
    ],
)
def test_quota_risk_bad_input(args, kwargs, code, words) -> None:
    with pytest.raises(PlanningError) as info:
        quota_risk(*args, **kwargs)
    assert info.value.code == code
    assert words in str(info.value)


junk = st.one_of(
    st.none(),
    st.text(max_size=4),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**6), 10**6),
    st.lists(st.one_of(st.none(), st.floats(), st.text(max_size=3), st.integers()), max_size=4),
)


@given(quotas=junk, target=junk, sample=junk, n_sims=junk, seed=junk)
@settings(max_examples=150)
def test_quota_risk_junk_raises_only_planning_error(quotas, target, sample, n_sims, seed) -> None:
    small = n_sims if not isinstance(n_sims, int) or n_sims <= 2_000 else 2_000
    try:
        risk = quota_risk(quotas, target, attainment_sample=sample, n_sims=small, seed=seed)
    except PlanningError:
        return
    assert 0.0 <= risk.probability <= 1.0
