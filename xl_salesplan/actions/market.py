"""The Market sheet: the plan's target against the markets and the customer base (市场分析 -> 目标).

:func:`compute_market` reads the markets of ``tblMarkets`` (one per region or product line:
size this year, growth per year, our share this year, share goal, source), the customer
assumptions of the Market sheet and the plan Build plan just computed, and gives the frames
Build plan writes:

- ``market_targets``: per market, the market next year (size x (1 + growth)), the share in the
  plan year (on the straight path to the goal over ``ShareGoalYears``), the target it gives
  (market x share), its share of all markets (its potential), the plan target split over the
  markets by potential (the fair share, rounded like the targets, adding up to the plan's
  target), the plan's own target of the region and the difference;
- ``share_path``: per market, the share in each of five plan years: on the path to the
  goal, then holding it;
- ``market_target``: the markets added up against the plan's target;
- ``target_check``: the realism check of the plan's target (growth vs the history's best
  year, share gain vs the markets' growth, revenue per rep vs the history's best year,
  probability from the quota risk), one line per check with the figure, the reference and the
  verdict in the workbook's language, then the overall verdict;
- ``customers_needed``: the new customers (and leads) the target needs after retention and
  expansion of today's customers;
- ``customer_bridge``: the plan's target by month as a bridge, existing revenue - churn +
  expansion + new customers (won on the seasonal profile), adding up exactly.

The rows of ``market_targets`` and ``share_path`` are the rows of ``tblMarkets`` in order (a
blank row stays blank), so the live formulas of those blocks read their own market's row.
Market names are matched to the regions (or product lines) in either language, as the other
inputs are; the block shows the workbook's own name.

Examples
--------
>>> from xl_salesplan.actions.company_inputs import inputs_from_company
>>> from xl_salesplan.actions.plan import compute_plan
>>> inputs = inputs_from_company()
>>> frames = compute_market(inputs, compute_plan(inputs))
>>> frames["target_check"]["check"].tolist()[-1], len(frames["customer_bridge"])
('overall', 5)
>>> split = frames["market_targets"]
>>> split["market"].tolist(), float(split["fair_share"].sum())
(['East', 'North', 'South', 'West'], 78480000.0)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_salesplan.actions.inputs import PlanInputs
from xl_salesplan.actions.name_matching import NameIndex, fold_name
from xl_salesplan.layout.labels import text
from xl_salesplan.layout.model import MONTH_KEYS
from xl_salesplan.targets.customers import customer_bridge, customers_needed
from xl_salesplan.targets.market import fair_share_split, market_target
from xl_salesplan.targets.realism import target_check

__all__ = ["MARKET_BLOCKS", "SHARE_PATH_YEARS", "compute_market", "market_names"]

#: The frames :func:`compute_market` returns.
MARKET_BLOCKS = (
    "market_targets", "share_path", "market_target", "target_check", "customers_needed",
    "customer_bridge",
)  # fmt: skip
#: Plan years the share path shows (``ShareGoalYears`` is at most this).
SHARE_PATH_YEARS = 5
_NUMBERS = ("market_size", "market_growth", "current_share", "share_goal")
_SPLIT = ("market", "market_next", "share", "target", "potential", "fair_share", "plan_target",
          "gap")  # fmt: skip


def market_names(inputs: PlanInputs) -> NameIndex:
    """Names of regions and product lines (either language) -> the workbook's own name.

    Examples
    --------
    >>> from xl_salesplan.actions.company_inputs import inputs_from_company
    >>> index = market_names(inputs_from_company())
    >>> index.lookup("east"), index.lookup("Sensors")
    ('East', 'Sensors')
    """
    rows: list[tuple[object, ...]] = []
    for frame, key in ((inputs.regions, "region"), (inputs.products, "product_line")):
        others = [c for c in frame.columns if c == f"{key}_zh"]
        rows += [tuple(row) for row in frame[[key, *others]].itertuples(index=False)]
    return NameIndex.from_rows(rows)


def _market_frames(
    inputs: PlanInputs, plan: dict[str, pd.DataFrame], target: float
) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """``market_targets`` and ``share_path`` (rows of tblMarkets), and the markets' growth."""
    rows = inputs.markets.reset_index(drop=True)
    names = rows["market"].map(lambda v: None if v is None or v != v or not str(v).strip()
                               else str(v).strip())  # fmt: skip
    filled = names.notna().to_numpy()
    last = int(np.flatnonzero(filled)[-1]) + 1 if filled.any() else 0
    rows, names = rows.iloc[:last], names.iloc[:last]
    numbers = rows[list(_NUMBERS)].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    usable = names.notna().to_numpy() & np.isfinite(numbers).all(axis=1)
    index = market_names(inputs)
    shown = [index.lookup(n) or n if n is not None else None for n in names]
    split = pd.DataFrame({key: [np.nan] * last for key in _SPLIT}, dtype=object)
    split["market"] = shown
    years = int(min(max(inputs.assumption("share_goal_years", 1.0), 1), SHARE_PATH_YEARS))
    path_frame = pd.DataFrame(
        {"market": shown, **{f"y{k}": [np.nan] * last for k in range(1, SHARE_PATH_YEARS + 1)}}
    )
    growth = np.nan
    if usable.any():
        size, rate, now, goal = numbers[usable].T
        path = market_target(size, rate, goal, current_share=now, years=years)
        market, share, from_market = path.market[0], path.share[0], path.target[0]
        potential = market / market.sum() if market.sum() > 0 else np.full(market.size, np.nan)
        unit = inputs.assumption("rounding_unit", 0.0)
        fair = (fair_share_split(target, market, unit=unit if unit > 0 else None)
                if market.sum() > 0 else np.full(market.size, np.nan))  # fmt: skip
        regions = plan["region_targets"]
        own = dict(zip(regions["region"].map(fold_name),
                       pd.to_numeric(regions["total"], errors="coerce"), strict=True))  # fmt: skip
        plan_targets = np.array(
            [own.get(fold_name(n), np.nan) for n in np.asarray(shown, dtype=object)[usable]]
        )
        for key, values in (("market_next", market), ("share", share), ("target", from_market),
                            ("potential", potential), ("fair_share", fair),
                            ("plan_target", plan_targets),
                            ("gap", plan_targets - fair)):  # fmt: skip
            split.loc[usable, key] = values
        for k in range(SHARE_PATH_YEARS):  # the goal is held after the goal year
            path_frame.loc[usable, f"y{k + 1}"] = path.share[min(k, years - 1)]
        growth = float(market.sum() / size.sum() - 1.0) if size.sum() > 0 else np.nan
    for key in _SPLIT[1:]:
        split[key] = pd.to_numeric(split[key], errors="coerce")
    return split, path_frame, growth


def compute_market(inputs: PlanInputs, plan: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The Market sheet's frames from the assumptions and the plan (see the module docstring)."""
    language = "zh-CN" if inputs.language.lower().startswith("zh") else "en"
    summary = plan["plan_summary"]["value"]
    target = float(summary["target"])
    split, path, market_growth = _market_frames(inputs, plan, target)
    market_total = float(split["market_next"].sum(min_count=1))
    from_market = float(split["target"].sum(min_count=1))
    market = pd.DataFrame(
        {
            "value": [
                market_total,
                from_market / market_total if market_total > 0 else np.nan,
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
        market_growth=None if np.isnan(market_growth) else market_growth,
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
        "market_targets": split,
        "share_path": path,
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
