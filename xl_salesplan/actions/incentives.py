"""Incentives and the rep scorecard on the Incentives sheet (激励与绩效评估).

:func:`compute_incentives` reads the incentive plan of the Incentives sheet (the payout tiers
of ``tblPayoutTiers``: where each starts and its payout points per attainment point, the
first starting at the threshold; the cap and the target incentive per rep; the what-if change
of a tier's rate) and gives three frames:

- ``payout_tiers``: per tier its kind (threshold, accelerator, decelerator), the payout at its
  start (share of the target incentive, before the cap) and what changing its rate by
  ``TierRateChange`` does to the expected and the P90 cost, priced on the same simulated years;
- ``payout_risk``: the plan's cost over the quota-risk simulation of Build plan (the same
  quotas, the reps' plan totals x (1 + ``OverAssignment``), the same attainment sample,
  simulations and seed, so the same simulated years): expected cost, P50, P90 (not passed
  nine years in ten), cost as a share of revenue and the probability of reaching the target;
- ``rep_scorecard``: per rep, the quota (plan total), plan and actual to date, attainment,
  pace, projected landing, rank, quartile and the payout the projected attainment earns.

Flag KPIs writes them (the scorecard belongs with the tracker).

Examples
--------
>>> from xl_salesplan.actions.company_inputs import inputs_from_company
>>> from xl_salesplan.actions.plan import compute_plan
>>> inputs = inputs_from_company()
>>> plan = compute_plan(inputs)
>>> frames = compute_incentives(inputs, plan["rep_targets"],
...                             float(plan["plan_summary"].loc["target", "value"]))
>>> risk = frames["payout_risk"]["value"]
>>> bool(risk["p90_cost"] >= risk["p50_cost"]), frames["payout_tiers"]["kind"].tolist()
(True, ['Threshold', 'Accelerator', 'Decelerator'])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_salesplan.actions.inputs import PlanInputs
from xl_salesplan.actions.plan import QUOTA_RISK_SEED, QUOTA_RISK_SIMULATIONS
from xl_salesplan.errors import PlanningError
from xl_salesplan.layout.labels import text
from xl_salesplan.layout.model import MONTH_KEYS
from xl_salesplan.people.incentives import PayoutCurve, payout, payout_curve, tier_sensitivity
from xl_salesplan.people.scorecard import rep_scorecard

__all__ = ["INCENTIVE_BLOCKS", "compute_incentives", "incentive_curve", "tier_table"]

#: The frames :func:`compute_incentives` returns.
INCENTIVE_BLOCKS = ("payout_tiers", "payout_risk", "rep_scorecard")
_CARD = (
    "rep_id", "rep_name", "region", "quota", "plan_to_date", "actual_to_date", "attainment",
    "pace", "projected", "rank", "quartile", "projected_payout",
)  # fmt: skip
_RISK_ROWS = (
    "target_incentive_total",
    "expected_cost",
    "p50_cost",
    "p90_cost",
    "cost_share",
    "probability",
)


def incentive_curve(inputs: PlanInputs) -> PayoutCurve:
    """The plan's payout curve: the tiers of ``tblPayoutTiers`` (in their order) and the cap.

    Rows without both figures are left out (``validate`` names them).

    Examples
    --------
    >>> from xl_salesplan.actions.company_inputs import inputs_from_company
    >>> curve = incentive_curve(inputs_from_company())
    >>> curve.starts.tolist(), curve.rates.tolist(), curve.cap
    ([0.5, 1.0, 1.2], [1.0, 2.0, 1.0], 2.5)
    """
    tiers = inputs.payout_tiers[["attainment_from", "rate"]].apply(pd.to_numeric, errors="coerce")
    tiers = tiers.dropna()
    cap = inputs.assumption("payout_cap", 0.0)
    return payout_curve(
        tiers["attainment_from"].to_numpy(dtype=float),
        tiers["rate"].to_numpy(dtype=float),
        cap=cap if cap > 0 else None,
    )


def tier_table(curve: PayoutCurve, language: str = "en") -> pd.DataFrame:
    """Each tier's kind and the payout at its start (share of the target incentive, uncapped).

    The payout at a tier's start adds, tier by tier, the rate of the tier before it times its
    width; the first tier pays its rate from 0% attainment once the threshold is met.

    Examples
    --------
    >>> curve = payout_curve([0.5, 1.0, 1.5, 2.0], [1.0, 2.0, 0.5, 0.5])
    >>> tier_table(curve).values.tolist()
    [['Threshold', 0.5], ['Accelerator', 1.0], ['Decelerator', 2.0], ['Same rate', 2.25]]
    """
    starts, rates = curve.starts, curve.rates
    at_start = np.empty(starts.size)
    kinds = []
    for k in range(starts.size):
        if k == 0:
            at_start[k] = rates[0] * starts[0]
            kinds.append("threshold")
            continue
        at_start[k] = at_start[k - 1] + rates[k - 1] * (starts[k] - starts[k - 1])
        step = rates[k] - rates[k - 1]
        kinds.append("accelerator" if step > 0 else "decelerator" if step < 0 else "same")
    words = [text(f"incentives.kind.{kind}", language) for kind in kinds]
    return pd.DataFrame({"kind": words, "payout_at_start": at_start})


def compute_incentives(
    inputs: PlanInputs,
    rep_targets: pd.DataFrame,
    annual_target: float,
) -> dict[str, pd.DataFrame]:
    """The payout risk and the rep scorecard (see the module docstring)."""
    language = "zh-CN" if inputs.language.lower().startswith("zh") else "en"
    plan_curve = incentive_curve(inputs)
    tiers = tier_table(plan_curve, language)
    tiers["expected_change"] = np.nan
    tiers["p90_change"] = np.nan
    incentive = inputs.assumption("target_incentive", 0.0)
    rows = rep_targets[rep_targets["rep_id"].notna() & (rep_targets["rep_id"] != "")]
    rows = rows.reset_index(drop=True)
    months = [c for c in rows.columns if c in MONTH_KEYS or _is_month(c)]
    if len(months) != 12:
        raise PlanningError.of("action.incentives.no_plan", code="no_plan")  # fmt: skip
    plan = rows[months].apply(pd.to_numeric, errors="coerce").fillna(0.0).to_numpy(dtype=float)
    if rows.empty:
        empty = pd.DataFrame({"value": [np.nan] * len(_RISK_ROWS)}, index=_RISK_ROWS)
        return {"payout_tiers": tiers, "payout_risk": empty,
                "rep_scorecard": pd.DataFrame(columns=list(_CARD))}  # fmt: skip
    quota = plan.sum(axis=1)
    cushion = 1.0 + inputs.assumption("over_assignment", 0.0)
    sample = pd.to_numeric(inputs.attainment["attainment"], errors="coerce").dropna()
    carrying = quota > 0
    values = dict.fromkeys(_RISK_ROWS, np.nan)
    values["target_incentive_total"] = incentive * float(carrying.sum())
    if carrying.any() and not sample.empty and annual_target > 0:
        risk, expected, p90 = tier_sensitivity(
            plan_curve,
            quota[carrying] * cushion,
            incentive,
            annual_target,
            change=inputs.assumption("tier_rate_change", 0.0),
            attainment_sample=sample.to_numpy(dtype=float),
            n_sims=QUOTA_RISK_SIMULATIONS,
            seed=QUOTA_RISK_SEED,
        )
        values.update(
            expected_cost=risk.plan.expected,
            p50_cost=risk.plan.p50,
            p90_cost=risk.plan.p90,
            cost_share=risk.plan.share_of_revenue,
            probability=risk.probability,
        )
        tiers["expected_change"], tiers["p90_change"] = expected, p90
    closed = int(inputs.assumption("actuals_through_month", 0.0))
    closed = min(max(closed, 0), 12)
    actual = _actuals_to_date(inputs, rows["rep_id"].astype(str).str.strip().tolist(), closed)
    card = rep_scorecard(quota, plan[:, :closed].sum(axis=1), actual)
    card.insert(0, "rep_id", rows["rep_id"].to_numpy())
    card.insert(1, "rep_name", rows["rep_name"].to_numpy())
    card.insert(2, "region", rows["region"].to_numpy())
    card = card.drop(columns=["rep"])
    with np.errstate(divide="ignore", invalid="ignore"):  # a rep without a quota earns none
        projected = np.where(quota > 0, card["projected"].to_numpy(dtype=float) / quota, 0.0)
    card["projected_payout"] = np.where(quota > 0, payout(plan_curve, projected, incentive), 0.0)
    return {
        "payout_tiers": tiers,
        "payout_risk": pd.DataFrame({"value": [values[k] for k in _RISK_ROWS]}, index=_RISK_ROWS),
        "rep_scorecard": card,
    }


def _is_month(column: object) -> bool:
    text = str(column)
    return len(text) == 7 and text[4] == "-" and text[5:].isdigit()


def _actuals_to_date(inputs: PlanInputs, reps: list[str], closed: int) -> np.ndarray:
    rows = inputs.actuals
    months = pd.to_datetime(rows["month"], errors="coerce").dt.to_period("M")
    periods = inputs.plan_periods[:closed]
    revenue = pd.to_numeric(rows["revenue"], errors="coerce")
    keep = months.isin(periods).to_numpy()
    sums = revenue[keep].groupby(rows["rep_id"].astype(str).str.strip()[keep]).sum()
    return sums.reindex(reps).fillna(0.0).to_numpy(dtype=float)
