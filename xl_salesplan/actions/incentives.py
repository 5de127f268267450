"""Incentives and the rep scorecard on the Incentives sheet (激励与绩效评估).

:func:`compute_incentives` reads the incentive plan from the named cells of the Incentives
sheet (threshold, payout rate up to 100%, accelerator above 100%, cap, target incentive per
rep, and a what-if accelerator) and gives two frames:

- ``payout_risk``: the plan's cost over the quota-risk simulation of Build plan (the same
  quotas, the reps' plan totals x (1 + ``OverAssignment``), the same attainment sample,
  simulations and seed, so the same simulated years): expected cost, P50, P90 (not passed
  nine years in ten), cost as a share of revenue, the probability of reaching the target,
  and the same cost with the what-if accelerator on the same years;
- ``rep_scorecard``: per rep, the quota (plan total), plan and actual to date, attainment,
  pace, projected landing, rank, quartile and the payout the projected attainment earns.

Flag KPIs writes both (the scorecard belongs with the tracker).

Examples
--------
>>> from xl_salesplan.actions.company_inputs import inputs_from_company
>>> from xl_salesplan.actions.plan import compute_plan
>>> inputs = inputs_from_company()
>>> plan = compute_plan(inputs)
>>> frames = compute_incentives(inputs, plan["rep_targets"],
...                             float(plan["plan_summary"].loc["target", "value"]))
>>> risk = frames["payout_risk"]["value"]
>>> bool(risk["p90_cost"] >= risk["p50_cost"]), bool(risk["whatif_expected_cost"] > 0)
(True, True)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_salesplan.actions.inputs import PlanInputs
from xl_salesplan.actions.plan import QUOTA_RISK_SEED, QUOTA_RISK_SIMULATIONS
from xl_salesplan.errors import PlanningError
from xl_salesplan.layout.model import MONTH_KEYS
from xl_salesplan.people.incentives import payout, payout_curve, payout_risk
from xl_salesplan.people.scorecard import rep_scorecard

__all__ = ["INCENTIVE_BLOCKS", "compute_incentives", "incentive_curves"]

#: The frames :func:`compute_incentives` returns.
INCENTIVE_BLOCKS = ("payout_risk", "rep_scorecard")
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
    "whatif_expected_cost",
    "whatif_p90_cost",
    "change_in_expected_cost",
)


def incentive_curves(inputs: PlanInputs) -> tuple[object, object]:
    """The plan's payout curve and the what-if curve from the Incentives sheet's cells.

    Examples
    --------
    >>> from xl_salesplan.actions.company_inputs import inputs_from_company
    >>> plan, what_if = incentive_curves(inputs_from_company())
    >>> plan.starts.tolist(), plan.rates.tolist(), what_if.rates.tolist(), plan.cap
    ([0.5, 1.0], [1.0, 2.0], [1.0, 3.0], 2.5)
    """
    threshold = inputs.assumption("incentive_threshold", 0.5)
    rate = inputs.assumption("payout_rate_to_target", 1.0)
    accelerator = inputs.assumption("payout_accelerator", 2.0)
    cap = inputs.assumption("payout_cap", 2.5)
    what_if = inputs.assumption("what_if_accelerator", accelerator)
    starts = [threshold, 1.0] if threshold < 1.0 else [threshold]
    rates = [rate, accelerator] if threshold < 1.0 else [accelerator]
    changed = [rate, what_if] if threshold < 1.0 else [what_if]
    return (
        payout_curve(starts, rates, cap=cap if cap > 0 else None),
        payout_curve(starts, changed, cap=cap if cap > 0 else None),
    )


def compute_incentives(
    inputs: PlanInputs,
    rep_targets: pd.DataFrame,
    annual_target: float,
) -> dict[str, pd.DataFrame]:
    """The payout risk and the rep scorecard (see the module docstring)."""
    plan_curve, what_if = incentive_curves(inputs)
    incentive = inputs.assumption("target_incentive", 0.0)
    rows = rep_targets[rep_targets["rep_id"].notna() & (rep_targets["rep_id"] != "")]
    rows = rows.reset_index(drop=True)
    months = [c for c in rows.columns if c in MONTH_KEYS or _is_month(c)]
    if len(months) != 12:
        raise PlanningError.of("action.incentives.no_plan", code="no_plan")  # fmt: skip
    plan = rows[months].apply(pd.to_numeric, errors="coerce").fillna(0.0).to_numpy(dtype=float)
    if rows.empty:
        empty = pd.DataFrame({"value": [np.nan] * len(_RISK_ROWS)}, index=_RISK_ROWS)
        return {"payout_risk": empty, "rep_scorecard": pd.DataFrame(columns=list(_CARD))}
    quota = plan.sum(axis=1)
    cushion = 1.0 + inputs.assumption("over_assignment", 0.0)
    sample = pd.to_numeric(inputs.attainment["attainment"], errors="coerce").dropna()
    carrying = quota > 0
    values = dict.fromkeys(_RISK_ROWS, np.nan)
    values["target_incentive_total"] = incentive * float(carrying.sum())
    if carrying.any() and not sample.empty and annual_target > 0:
        risk = payout_risk(
            plan_curve,
            quota[carrying] * cushion,
            incentive,
            annual_target,
            changed=what_if,
            attainment_sample=sample.to_numpy(dtype=float),
            n_sims=QUOTA_RISK_SIMULATIONS,
            seed=QUOTA_RISK_SEED,
        )
        assert risk.changed is not None
        values.update(
            expected_cost=risk.plan.expected,
            p50_cost=risk.plan.p50,
            p90_cost=risk.plan.p90,
            cost_share=risk.plan.share_of_revenue,
            probability=risk.probability,
            whatif_expected_cost=risk.changed.expected,
            whatif_p90_cost=risk.changed.p90,
            change_in_expected_cost=risk.change_in_expected_cost,
        )
    closed = int(inputs.assumption("actuals_through_month", 0.0))
    closed = min(max(closed, 0), 12)
    actual = _actuals_to_date(inputs, rows["rep_id"].astype(str).str.strip().tolist(), closed)
    card = rep_scorecard(quota, plan[:, :closed].sum(axis=1), actual)
    card.insert(0, "rep_id", rows["rep_id"].to_numpy())
    card.insert(1, "rep_name", rows["rep_name"].to_numpy())
    card.insert(2, "region", rows["region"].to_numpy())
    card = card.drop(columns=["rep"])
    with np.errstate(divide="ignore", invalid="ignore"):
        projected = np.nan_to_num(card["projected"].to_numpy(dtype=float) / quota)
    card["projected_payout"] = payout(plan_curve, projected, incentive)
    return {
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
