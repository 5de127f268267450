"""The Market sheet: the plan's target against the market and the customer base (市场分析 -> 目标).

:func:`compute_market` reads the market and customer assumptions of the Market sheet and the
plan Build plan just computed, and gives four frames Build plan writes:

- ``market_target``: the market next year (size x (1 + growth)), the share goal, the target
  the market gives (size x share) and the plan's target beside it;
- ``target_check``: the realism check of the plan's target (growth vs the history's best
  year, share gain vs market growth, revenue per rep vs the history's best year, probability
  from the quota risk), one line per check with the figure, the reference and the verdict
  in the workbook's language, then the overall verdict;
- ``customers_needed``: the new customers (and leads) the target needs after retention and
  expansion of today's customers;
- ``customer_bridge``: the plan's target by month as a bridge, existing revenue - churn +
  expansion + new customers (won on the seasonal profile), adding up exactly.

Examples
--------
>>> from xl_salesplan.actions.company_inputs import inputs_from_company
>>> from xl_salesplan.actions.plan import compute_plan
>>> inputs = inputs_from_company()
>>> frames = compute_market(inputs, compute_plan(inputs))
>>> frames["target_check"]["check"].tolist()[-1], len(frames["customer_bridge"])
('overall', 5)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_salesplan.actions.inputs import PlanInputs
from xl_salesplan.layout.labels import text
from xl_salesplan.layout.model import MONTH_KEYS
from xl_salesplan.targets.customers import customer_bridge, customers_needed
from xl_salesplan.targets.market import market_target
from xl_salesplan.targets.realism import target_check

__all__ = ["MARKET_BLOCKS", "compute_market"]

#: The frames :func:`compute_market` returns.
MARKET_BLOCKS = ("market_target", "target_check", "customers_needed", "customer_bridge")


def compute_market(inputs: PlanInputs, plan: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The Market sheet's frames from the assumptions and the plan (see the module docstring)."""
    language = "zh-CN" if inputs.language.lower().startswith("zh") else "en"
    summary = plan["plan_summary"]["value"]
    target = float(summary["target"])
    size = inputs.assumption("market_size", 0.0)
    path = market_target(
        size,
        inputs.assumption("market_growth", 0.0),
        inputs.assumption("share_goal", 0.0),
        current_share=inputs.assumption("current_share", 0.0),
    )
    from_market = float(path.target[0, 0])
    market = pd.DataFrame(
        {
            "value": [
                float(path.market[0, 0]),
                float(path.share[0, 0]),
                from_market,
                target,
                target - from_market,
            ]
        },
        index=["market_size", "share_goal", "target_from_market", "plan_target", "difference"],
    )

    history = plan["revenue_history"]
    totals = pd.to_numeric(history["total"], errors="coerce").dropna().to_numpy(dtype=float)
    totals = totals[totals > 0]  # years without sales (a new business) say nothing of growth
    per_rep = _revenue_per_rep(inputs)
    per_rep = per_rep[per_rep > 0]  # likewise years without sales
    probability = float(plan["quota_risk"].loc["probability", "value"])
    check = target_check(
        target,
        history_totals=totals if totals.size else None,
        market_growth=inputs.assumption("market_growth", 0.0),
        reps=float(summary["reps_in_seat"]) or None,
        history_revenue_per_rep=per_rep if per_rep.size else None,
        probability=None if np.isnan(probability) else probability,
    )
    lines = check.table()
    checks = pd.DataFrame(
        {
            "check": [*lines["check"], "overall"],
            "check_name": [
                text(f"market.check.{c}", language) for c in [*lines["check"], "overall"]
            ],
            "figure": [*lines["figure"], np.nan],
            "reference": [*lines["reference"], np.nan],
            "verdict": [
                text(f"market.verdict.{v}", language) for v in [*lines["verdict"], check.verdict]
            ],
        }
    )

    existing = inputs.assumption("existing_customer_revenue", 0.0)
    retention = inputs.assumption("retention", 1.0)
    expansion = inputs.assumption("expansion", 0.0)
    first_year = inputs.assumption("first_year_revenue", 0.0)
    shares = pd.to_numeric(
        plan["seasonality"].loc["share", list(plan["seasonality"].columns)], errors="coerce"
    ).to_numpy(dtype=float)
    lead_rate = inputs.assumption("lead_to_customer", 0.0)
    need = customers_needed(
        target,
        existing,
        retention,
        expansion,
        first_year,
        acquisition_profile=shares,
        lead_to_customer=lead_rate if lead_rate > 0 else None,
    )
    needed = pd.DataFrame(
        {
            "value": [
                need.from_existing,
                need.gap,
                need.revenue_per_new_customer,
                need.new_customers,
                need.leads,
            ]
        },
        index=["from_existing", "gap", "revenue_per_new_customer", "new_customers", "leads"],
    )
    bridge = customer_bridge(existing, retention, expansion, need.per_month, first_year,
                             profile=shares).table()  # fmt: skip
    bridge.columns = [*MONTH_KEYS, "total"]
    return {
        "market_target": market,
        "target_check": checks,
        "customers_needed": needed,
        "customer_bridge": bridge,
    }


def _revenue_per_rep(inputs: PlanInputs) -> np.ndarray:
    """Revenue per rep of each past year: the year's revenue / reps who sold in it."""
    rows = inputs.history
    years = pd.to_datetime(rows["month"], errors="coerce").dt.year
    revenue = pd.to_numeric(rows["revenue"], errors="coerce")
    by_year = pd.DataFrame({"year": years, "rep": rows["rep_id"], "revenue": revenue}).dropna()
    grouped = by_year.groupby("year").agg(revenue=("revenue", "sum"), reps=("rep", "nunique"))
    full = grouped[grouped.index < inputs.plan_year]
    return (full["revenue"] / full["reps"]).to_numpy(dtype=float)
