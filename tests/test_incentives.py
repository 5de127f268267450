"""Incentives and the rep scorecard: payout by hand, bad tier tables, cost distribution from
the quota-risk simulation, and payout properties under hypothesis."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_salesplan.actions.incentives import tier_table
from xl_salesplan.errors import PlanningError
from xl_salesplan.people.incentives import (
    payout,
    payout_curve,
    payout_risk,
    payout_share,
    tier_curves,
    tier_sensitivity,
)
from xl_salesplan.people.quota_risk import quota_risk, simulated_attainment
from xl_salesplan.people.scorecard import rep_scorecard

CURVE = payout_curve([0.5, 1.0, 1.5], [1.0, 2.0, 0.5], cap=2.5)


def test_payout_share_by_hand() -> None:
    # threshold 50% pays from 0 (50%); 100% pays 100%; 120% pays 100 + 2 x 20 = 140%;
    # 160% pays 100 + 2 x 50 + 0.5 x 10 = 205%; 300% would be 100 + 100 + 75 -> cap 250%.
    got = payout_share(CURVE, [0.0, 0.49, 0.5, 0.8, 1.0, 1.2, 1.6, 3.0])
    np.testing.assert_allclose(got, [0, 0, 0.5, 0.8, 1.0, 1.4, 2.05, 2.5])


def test_threshold_without_a_jump() -> None:
    curve = payout_curve([0.5, 1.0], [2.0, 1.0], from_zero=False)
    np.testing.assert_allclose(payout_share(curve, [0.5, 0.75, 1.0, 1.3]), [0, 0.5, 1.0, 1.3])


def test_quarterly_measurement_and_new_customer_bonus_by_hand() -> None:
    # 40,000 a year = 10,000 a quarter: Q1 120% -> 14,000; Q2 80% -> 8,000; Q3 40% -> 0;
    # Q4 100% -> 10,000; plus 3 new customers x 1,000.
    paid = payout(
        CURVE, [[1.2, 0.8, 0.4, 1.0]], 40_000, new_customers=[3], bonus_per_customer=1_000
    )
    assert paid.tolist() == [35_000.0]


def test_tiers_not_increasing_is_refused_with_the_tier() -> None:
    with pytest.raises(PlanningError) as caught:
        payout_curve([0.5, 1.0, 1.0], [1, 2, 1])
    assert caught.value.code == "tiers_not_increasing"
    assert caught.value.positions == (2,) and caught.value.amount == 1.0
    assert str(caught.value) == (
        "tiers must start at increasing attainment; the tier at position 2 starts at 100%, "
        "not above the tier before it (100%)"
    )


def test_negative_rate_and_bad_cap_are_refused() -> None:
    with pytest.raises(PlanningError, match="negative rate -1 at position 1"):
        payout_curve([0.5, 1.0], [1, -1])
    with pytest.raises(PlanningError, match="cap must be above 0"):
        payout_curve([0.5], [1], cap=0)


tiers = st.lists(st.floats(0, 3), min_size=1, max_size=5, unique=True).map(sorted)


@given(
    starts=tiers,
    rates=st.lists(st.floats(0, 5), min_size=5, max_size=5),
    cap=st.one_of(st.none(), st.floats(0.1, 5)),
    from_zero=st.booleans(),
    attainment=st.lists(st.floats(0, 4), min_size=2, max_size=30),
)
def test_payout_is_non_decreasing_in_attainment_and_respects_the_cap(
    starts, rates, cap, from_zero, attainment
) -> None:
    curve = payout_curve(starts, rates[: len(starts)], cap=cap, from_zero=from_zero)
    a = np.sort(np.array(attainment))
    paid = payout_share(curve, a)
    assert (np.diff(paid) >= -1e-12).all()
    assert (paid >= 0).all()
    if cap is not None:
        assert (paid <= cap + 1e-12).all()


# ---------------------------------------------------------------- cost distribution


def test_cost_with_certain_attainment_by_hand() -> None:
    # Every rep at exactly 110%: payout 100 + 2 x 10 = 120% of 10,000 = 12,000 x 4 reps.
    risk = payout_risk(
        CURVE, [100_000] * 4, 10_000, 400_000, distribution="normal", mean=1.1, sd=0.0, n_sims=50
    )
    assert risk.plan.expected == risk.plan.p50 == risk.plan.p90 == pytest.approx(48_000)
    assert risk.plan.share_of_revenue == pytest.approx(48_000 / 440_000)
    assert risk.probability == 1.0


def test_the_cost_comes_from_the_same_simulation_as_the_quota_risk() -> None:
    quotas = [120_000, 80_000, 100_000, 150_000]
    sample = [0.6, 0.8, 0.95, 1.0, 1.05, 1.2, 1.4]
    risk = payout_risk(
        CURVE, quotas, 20_000, 420_000, attainment_sample=sample, n_sims=4000, seed=5
    )
    quota = quota_risk(quotas, 420_000, attainment_sample=sample, n_sims=4000, seed=5)
    assert risk.probability == quota.probability
    assert risk.expected_revenue == pytest.approx(quota.team_bookings.mean())
    # independent recomputation of the cost from the same draws: replay the generator
    rng = np.random.default_rng(5)
    draws = np.array(sample)[rng.integers(0, len(sample), size=(4000, 4))]
    costs = payout_share(CURVE, draws) @ np.full(4, 20_000.0)
    np.testing.assert_allclose(risk.plan.costs, costs)
    assert risk.plan.p90 == pytest.approx(np.quantile(costs, 0.9))
    assert risk.plan.p50 <= risk.plan.p90


def test_a_steeper_accelerator_costs_more_on_the_same_draws() -> None:
    steeper = payout_curve([0.5, 1.0, 1.5], [1.0, 3.0, 0.5], cap=2.5)
    risk = payout_risk(
        CURVE,
        [100_000] * 6,
        10_000,
        600_000,
        changed=steeper,
        distribution="lognormal",
        mean=1.0,
        sd=0.25,
        n_sims=5000,
        seed=2,
    )
    assert risk.changed is not None
    assert risk.change_in_expected_cost > 0
    # paid only above 100%: each simulated year costs at least as much, never less
    assert (risk.changed.costs >= risk.plan.costs - 1e-9).all()


# ---------------------------------------------------------------- scorecard


def test_scorecard_by_hand() -> None:
    card = rep_scorecard(
        [120, 120, 240, 60], [60, 60, 60, 30], [66, 45, 60, 15], names=["Ann", "Bo", "Chen", "Dai"]
    )
    assert card["attainment"].tolist() == pytest.approx([0.55, 0.375, 0.25, 0.25])
    assert card["pace"].tolist() == pytest.approx([1.1, 0.75, 1.0, 0.5])
    assert card["projected"].tolist() == pytest.approx([132, 90, 240, 30])
    assert card["rank"].tolist() == [1, 3, 2, 4]
    assert card["quartile"].tolist() == [1, 3, 2, 4]


def test_scorecard_ties_share_the_better_rank() -> None:
    card = rep_scorecard([10] * 8, [5] * 8, [5, 5, 4, 3, 3, 2, 1, 0])
    assert card["rank"].tolist() == [1, 1, 3, 4, 4, 6, 7, 8]
    assert card["quartile"].tolist() == [1, 1, 2, 2, 2, 3, 4, 4]


def test_scorecard_refuses_mismatched_columns() -> None:
    with pytest.raises(PlanningError, match="plan_to_date has 2 values but there are 3 reps"):
        rep_scorecard([1, 2, 3], [1, 2], [1, 2, 3])


# ------------------------------------------------------------------ the tier table on the sheet

_TIERS = st.lists(st.tuples(st.floats(0.05, 0.6), st.floats(0.0, 3.0)), min_size=1, max_size=6).map(
    lambda rows: (np.cumsum([r[0] for r in rows]), np.array([r[1] for r in rows]))
)


@given(tiers=_TIERS, cap=st.floats(0.2, 5.0), attainment=st.floats(0.0, 4.0))
def test_the_sheets_lookup_formula_pays_what_the_engine_pays(tiers, cap, attainment) -> None:
    """RepScorecard's native formula: below the threshold 0, else the payout at the start of
    the rep's tier (PayoutTiers, the running sum) + the tier's rate x the points above it,
    capped; it is the engine's payout, whatever the tiers."""
    starts, rates = tiers
    curve = payout_curve(starts, rates, cap=cap)
    at_start = tier_table(curve)["payout_at_start"].to_numpy()
    if attainment < starts[0]:
        sheet = 0.0
    else:
        k = int(np.searchsorted(starts, attainment, side="right")) - 1  # LOOKUP's tier
        sheet = min(cap, at_start[k] + rates[k] * (attainment - starts[k]))
    assert sheet == pytest.approx(float(payout_share(curve, attainment)), rel=1e-12, abs=1e-12)


def test_tier_table_by_hand() -> None:
    table = tier_table(payout_curve([0.5, 1.0, 1.2], [1.0, 2.0, 1.0], cap=2.5), "zh-CN")
    assert table["kind"].tolist() == ["门槛", "加速", "减速"]
    assert table["payout_at_start"].tolist() == pytest.approx([0.5, 1.0, 1.4])


@given(
    tiers=_TIERS,
    change=st.floats(0.0, 1.0),
    mean=st.floats(0.3, 1.6),
    sd=st.floats(0.0, 0.4),
)
def test_raising_a_tiers_rate_never_lowers_the_cost(tiers, change, mean, sd) -> None:
    starts, rates = tiers
    curve = payout_curve(starts, rates, cap=3.0)
    risk, expected, p90 = tier_sensitivity(
        curve, [100_000] * 5, 10_000, 400_000, change=change,
        distribution="normal", mean=mean, sd=sd, n_sims=200, seed=3,
    )  # fmt: skip
    assert expected.shape == p90.shape == rates.shape
    assert (expected >= -1e-6).all() and (p90 >= -1e-6).all()
    # no change, no difference
    if change == 0:
        np.testing.assert_allclose(expected, 0.0, atol=1e-6)
    again = payout_risk(curve, [100_000] * 5, 10_000, 400_000,
                        distribution="normal", mean=mean, sd=sd, n_sims=200, seed=3)  # fmt: skip
    assert again.plan.expected == risk.plan.expected  # the same simulated years


def test_tier_sensitivity_by_hand() -> None:
    # 4 reps at exactly 110%: each earns 1.0 + 2 x 0.1 = 1.2 x 10,000. The threshold tier's
    # rate +10% pays 1.1 + 0.2 (+4,000 in all), the accelerator's 1.0 + 0.22 (+800 in all).
    curve = payout_curve([0.5, 1.0], [1.0, 2.0], cap=2.5)
    risk, expected, p90 = tier_sensitivity(
        curve, [100_000] * 4, 10_000, 380_000, distribution="normal", mean=1.1, sd=0.0, n_sims=10
    )
    assert risk.plan.expected == pytest.approx(48_000)
    np.testing.assert_allclose(expected, [4_000, 800])
    np.testing.assert_allclose(p90, [4_000, 800])


# ------------------------------------------------------- the payout curve read tier by tier


def _tier_by_tier_payout_share(curve, attainment) -> np.ndarray:
    """The payout as first written: the points inside every tier, times its rate, summed
    over the tiers (work of attainments x tiers). The reference the faster reading of the
    curve must give bit for bit."""
    a = np.asarray(attainment, dtype=float)
    ends = np.append(curve.starts[1:], np.inf)
    lows = curve.starts.copy()
    if curve.from_zero:
        lows[0] = 0.0
    inside = np.clip(a[..., None], lows, ends) - lows
    paid = np.add.reduce(np.multiply(inside, curve.rates, order="C"), axis=-1)
    paid = np.where(a >= curve.starts[0], paid, 0.0)
    return np.minimum(paid, curve.cap)


_MANY_TIERS = st.lists(
    st.tuples(st.floats(0.01, 0.7), st.one_of(st.just(0.0), st.floats(0.0, 4.0))),
    min_size=1,
    max_size=20,  # MAX_TIERS: the 8-term pairwise sums of numpy start at 8 tiers
).map(lambda rows: (np.cumsum([r[0] for r in rows]), np.array([r[1] for r in rows])))


@given(
    tiers=_MANY_TIERS,
    first=st.floats(0.0, 1.0),
    cap=st.one_of(st.none(), st.floats(0.1, 20.0)),
    from_zero=st.booleans(),
    attainment=st.lists(st.floats(-2.0, 12.0), min_size=1, max_size=60),
)
def test_the_payout_is_the_tier_by_tier_sum_bit_for_bit(
    tiers, first, cap, from_zero, attainment
) -> None:
    starts, rates = tiers
    starts = starts - starts[0] + first  # thresholds from 0 up
    curve = payout_curve(starts, rates, cap=cap, from_zero=from_zero)
    at = np.array([*attainment, *starts, *(starts + 1e-9)])  # tier edges and just above
    grid = np.stack([at, at[::-1]])  # any shape
    new, old = payout_share(curve, grid), _tier_by_tier_payout_share(curve, grid)
    assert np.array_equal(new, old) and not np.signbit(new).any()  # 0.0, never -0.0
    assert float(payout_share(curve, at[0])) == float(_tier_by_tier_payout_share(curve, at[0]))


@pytest.mark.parametrize("tiers", [3, 9, 20])
def test_the_cost_figures_are_those_of_the_tier_by_tier_sum_on_the_same_draws(tiers) -> None:
    """One pass over the simulated years prices the plan and every changed tier; each
    figure is the one the tier-by-tier payout gives on those draws, to the last bit."""
    rng = np.random.default_rng(7)
    starts = np.cumsum(rng.uniform(0.05, 0.3, tiers)) + 0.3
    curve = payout_curve(starts, rng.uniform(0.0, 3.0, tiers), cap=3.0)
    quotas, incentive = rng.uniform(50_000, 150_000, 37), 12_000.0
    sample = rng.uniform(0.0, 2.5, 400)
    risk, expected, p90 = tier_sensitivity(
        curve, quotas, incentive, 3_000_000, change=0.1, attainment_sample=sample,
        n_sims=3_000, seed=11,
    )  # fmt: skip
    draws = np.concatenate([a for _, a in simulated_attainment(
        quotas.size, attainment_sample=sample, n_sims=3_000, seed=11)])  # fmt: skip
    incentives = np.full(quotas.size, incentive)

    def cost(one) -> np.ndarray:
        shares = _tier_by_tier_payout_share(one, np.maximum(draws, 0.0))
        return np.add.reduce(np.multiply(shares, incentives, order="C"), axis=-1)

    plan = cost(curve)
    assert risk.plan.expected == float(plan.mean())
    assert risk.plan.p90 == float(np.quantile(plan, 0.9))
    for k, changed in enumerate(tier_curves(curve, 0.1)):
        assert expected[k] == float(cost(changed).mean()) - risk.plan.expected
        assert p90[k] == float(np.quantile(cost(changed), 0.9)) - risk.plan.p90
