"""Excel functions for motivating the team (激励与绩效评估): PAYOUT, PAYOUT_RISK, REP_SCORECARD.

Thin adapters over :mod:`xl_salesplan.people.incentives` and
:mod:`xl_salesplan.people.scorecard`. A tier table is two columns: the attainment where
each tier starts (the first is the threshold) and its rate (payout points per attainment
point); a header row is allowed.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from xl_salesplan.people.incentives import PayoutCurve, payout, payout_curve, payout_risk
from xl_salesplan.people.scorecard import rep_scorecard
from xl_salesplan_udfs.cells import (
    CellError,
    Cells,
    Spill,
    as_grid,
    choice,
    given,
    is_omitted,
    needed_number,
    number_or_text,
    numbers,
    single_number,
    split_header,
    vector,
    whole_number,
)
from xl_salesplan_udfs.registration import excel_function
from xl_salesplan_udfs.spills import frame_table, measure_table, vector_spill

__all__ = ["PAYOUT", "PAYOUT_RISK", "REP_SCORECARD"]

#: Most simulations x reps PAYOUT_RISK may draw in a cell formula.
MAX_DRAWS = 20_000_000
_FROM_ZERO = {"yes": "yes", "true": "yes", "no": "no", "false": "no"}
_DISTRIBUTIONS = {"normal": "normal", "lognormal": "lognormal", "beta": "beta"}


def _tiers(value: Cells, argument: str, cap: float | None, from_zero: bool) -> PayoutCurve:
    """A payout curve from a two-column tier table (attainment from, rate)."""
    _, _, body = split_header(value, argument, labels=False)
    cells = numbers(body, argument, blanks=True)
    if cells.shape[1] != 2:
        raise CellError.of(
            argument,
            "function.incentive_functions.must_have_2_columns_attainment",
            cells_shape_1=cells.shape[1],
        )
    cells = cells[~np.isnan(cells).all(axis=1)]
    if np.isnan(cells).any():
        raise CellError.of(argument, "function.incentive_functions.has_a_tier_with_a")
    return payout_curve(cells[:, 0], cells[:, 1], cap=cap, from_zero=from_zero)


def _from_zero(value: Cells) -> bool:
    if is_omitted(value):
        return True
    item = as_grid(value, "from_zero")[0, 0]
    if isinstance(item, bool):
        return item
    return choice(value, "from_zero", _FROM_ZERO, "yes") == "yes"


def _column(value: Cells, argument: str) -> NDArray[np.float64]:
    return vector(value, argument, blanks=False, header=True)[0]


# ---------------------------------------------------------------------------- PAYOUT


@excel_function(
    docs={
        "attainment": "Attainment of each rep (1 = 100%): a column for annual measurement, or "
        "reps x quarters (each quarter pays a quarter of the incentive on its own attainment).",
        "target_incentive": "Incentive of each rep at 100% for the year: one number or a column.",
        "tiers": "Tier table, 2 columns: attainment where each tier starts (first = threshold) "
        "and its rate, e.g. 50% 1; 100% 2; 150% 0.5.",
        "cap": "Optional. Highest payout as a share of the target incentive, e.g. 250%.",
        "from_zero": "Optional. yes (default): at the threshold the first tier pays from 0% "
        "attainment; no: it pays from the threshold.",
        "new_customers": "Optional. New customers won by each rep (a column).",
        "bonus_per_customer": "Optional. Bonus per new customer.",
    },
    aliases={"starts": "tiers", "rates": "tiers"},
    codes={"tiers_not_increasing": "tiers", "cap_not_positive": "cap"},
)
def PAYOUT(
    attainment: Cells,
    target_incentive: Cells,
    tiers: Cells,
    cap: Cells = None,
    from_zero: Cells = None,
    new_customers: Cells = None,
    bonus_per_customer: Cells = None,
) -> Spill:
    """Incentive payout of each rep from attainment and a tier table (threshold, accelerators,
    decelerators, cap), per quarter or for the year, plus a bonus per new customer."""
    _, _, body = split_header(attainment, "attainment")
    achieved = numbers(body, "attainment", blanks=False)
    curve = _tiers(tiers, "tiers", single_number(cap, "cap"), _from_zero(from_zero))
    paid = payout(
        curve,
        achieved,
        _column(target_incentive, "target_incentive"),
        **given(
            new_customers=None
            if is_omitted(new_customers)
            else _column(new_customers, "new_customers"),
            bonus_per_customer=single_number(bonus_per_customer, "bonus_per_customer"),
        ),  # type: ignore[arg-type]
    )
    return vector_spill(paid, "column")


# ---------------------------------------------------------------------------- PAYOUT_RISK


@excel_function(
    docs={
        "tiers": "Tier table of the plan, 2 columns: attainment from, rate (as in PAYOUT).",
        "quotas": "Quota of each rep (a row or column), as in QUOTA_RISK.",
        "target_incentive": "Incentive of each rep at 100%: one number or one per rep.",
        "company_target": "The company target, for the probability line.",
        "attainment_sample": "Historical attainment ratios (1 = 100%), resampled; or leave "
        "empty and give distribution, mean and sd.",
        "distribution": "Instead of a sample: normal, lognormal or beta.",
        "mean": "Mean attainment ratio for distribution, e.g. 0.95.",
        "sd": "Standard deviation of the attainment ratio for distribution.",
        "cap": "Optional. Highest payout as a share of the target incentive.",
        "changed_tiers": "Optional. A changed tier table: its cost on the same simulated years "
        "and the change in expected cost.",
        "n_sims": "Optional. Simulated years (default 10,000).",
        "seed": "Optional. Random seed (default 0): the same seed as QUOTA_RISK gives the "
        "same years.",
    },
    aliases={"quota": "quotas", "starts": "tiers", "rates": "tiers"},
    codes={"tiers_not_increasing": "tiers", "attainment_source": "attainment_sample"},
    call_in_wizard=False,
)
def PAYOUT_RISK(
    tiers: Cells,
    quotas: Cells,
    target_incentive: Cells,
    company_target: Cells,
    attainment_sample: Cells = None,
    distribution: Cells = None,
    mean: Cells = None,
    sd: Cells = None,
    cap: Cells = None,
    changed_tiers: Cells = None,
    n_sims: Cells = None,
    seed: Cells = None,
) -> Spill:
    """Cost of the incentive plan over the quota-risk simulation: expected cost, P50, P90,
    cost as a share of revenue, and the same for a changed tier table. Table: measure, value."""
    top = single_number(cap, "cap")
    curve = _tiers(tiers, "tiers", top, True)
    changed = (
        None if is_omitted(changed_tiers) else _tiers(changed_tiers, "changed_tiers", top, True)
    )
    quota = _column(quotas, "quotas")
    sims = whole_number(n_sims, "n_sims", 10_000)
    assert sims is not None
    if sims * quota.size > MAX_DRAWS:
        raise CellError.of(
            "n_sims",
            "function.incentive_functions.simulations_x_reps_is_too",
            sims=sims,
            quota_size=quota.size,
        )
    sample = None
    if not is_omitted(attainment_sample):
        _, _, body = split_header(attainment_sample, "attainment_sample")
        flat = numbers(body, "attainment_sample").reshape(-1)
        sample = flat[~np.isnan(flat)]
    risk = payout_risk(
        curve,
        quota,
        _column(target_incentive, "target_incentive"),
        needed_number(company_target, "company_target"),
        changed=changed,
        n_sims=sims,
        **given(
            attainment_sample=sample,
            distribution=choice(distribution, "distribution", _DISTRIBUTIONS, None),
            mean=single_number(mean, "mean"),
            sd=single_number(sd, "sd"),
            seed=whole_number(seed, "seed"),
        ),  # type: ignore[arg-type]
    )
    rows: list[tuple[str, object]] = [
        ("expected_cost", risk.plan.expected),
        ("p50_cost", risk.plan.p50),
        ("p90_cost", risk.plan.p90),
        ("cost_share_of_revenue", risk.plan.share_of_revenue),
        ("expected_revenue", risk.expected_revenue),
        ("probability", risk.probability),
    ]
    if risk.changed is not None:
        rows += [
            ("changed_expected_cost", risk.changed.expected),
            ("changed_p50_cost", risk.changed.p50),
            ("changed_p90_cost", risk.changed.p90),
            ("changed_cost_share_of_revenue", risk.changed.share_of_revenue),
            ("change_in_expected_cost", risk.change_in_expected_cost),
        ]
    rows += [("n_sims", risk.n_sims), ("seed", risk.seed)]
    return measure_table(rows)


# ---------------------------------------------------------------------------- REP_SCORECARD


@excel_function(
    docs={
        "quota": "Annual quota of each rep (a column; a title on top is allowed).",
        "plan_to_date": "Each rep's quota phased over the closed months.",
        "actual_to_date": "Each rep's actual over the closed months.",
        "names": "Optional. Rep names (a column of text).",
    },
)
def REP_SCORECARD(
    quota: Cells,
    plan_to_date: Cells,
    actual_to_date: Cells,
    names: Cells = None,
) -> Spill:
    """Rep scorecard: attainment to date, pace against the phased plan, projected landing,
    rank (1 = best pace) and quartile. A table with a header row."""
    labels = None
    if not is_omitted(names):
        items, _ = number_or_text(names, "names")
        labels = ["" if item is None else str(item) for item in items]
    card = rep_scorecard(
        _column(quota, "quota"),
        _column(plan_to_date, "plan_to_date"),
        _column(actual_to_date, "actual_to_date"),
        names=labels,
    )
    return frame_table(card)
