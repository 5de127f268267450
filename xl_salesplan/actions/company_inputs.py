"""The sample company as plan inputs, with the KPI targets its plan sets.

:func:`inputs_from_company` is how the template build, the demo and the tests get a
:class:`~xl_salesplan.actions.inputs.PlanInputs` without a workbook; :func:`with_plan_targets`
links the KPI tracker's monthly targets to the plan, as Build plan does in a workbook. This
module sits above :mod:`~xl_salesplan.actions.plan`, which it runs.

Examples
--------
>>> inputs = inputs_from_company()
>>> inputs.assumption("growth_target"), inputs.plan_year
(0.2, 2026)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np
import pandas as pd

from xl_salesplan.actions.inputs import (
    DEFAULT_INCENTIVE_PLAN,
    DEFAULT_MARKET,
    DEFAULT_REPLAN_CATCH_UP,
    DEFAULT_ROUNDING_UNIT,
    SAMPLE_MARKETS,
    SAMPLE_PAYOUT_TIERS,
    TABLE_COLUMNS,
    PlanInputs,
    proposed_from_last_year,
)
from xl_salesplan.actions.kpi_targets import link_kpi_targets, plan_kpi_targets
from xl_salesplan.actions.plan import compute_plan
from xl_salesplan.sample_company import SampleCompany, load_sample_company

__all__ = ["inputs_from_company", "sample_markets", "with_plan_targets"]


def inputs_from_company(
    company: SampleCompany | None = None, *, plan_targets: bool = True
) -> PlanInputs:
    """The sample company (or ``company``) as plan inputs.

    Adds what the company tables do not hold: a rounding unit of 1,000, the
    proposed channel spend (:func:`proposed_from_last_year`) and Hill response
    curves to be fitted from the channel history.

    With ``plan_targets`` (the default) the monthly targets of the KPIs the plan
    determines (``revenue``, ``deals_won``, ``new_leads``) are the plan's, as Build plan
    sets them (:func:`with_plan_targets`): this is the
    one place where the sample company's KPI targets are linked to its plan, and the
    template's KPI actuals table is filled from here. ``plan_targets=False`` keeps the
    targets of the company's ``kpi_actuals`` table (last year's months x 1.2 ...).

    Examples
    --------
    >>> inputs = inputs_from_company()
    >>> len(inputs.history), len(inputs.actuals), inputs.channels["curve_kind"].unique().tolist()
    (1917, 525, ['hill'])
    >>> revenue = inputs.kpi_actuals[inputs.kpi_actuals["kpi_id"] == "revenue"]
    >>> float(revenue["target"].iloc[0]), float(revenue["target"].sum())
    (7325000.0, 78480000.0)
    """
    company = company if company is not None else load_sample_company()
    assumptions = {
        str(k): float(v)
        for k, v in zip(company.assumptions["name"], company.assumptions["value"], strict=True)
    }
    assumptions.setdefault("rounding_unit", DEFAULT_ROUNDING_UNIT)
    assumptions.setdefault("replan_catch_up", DEFAULT_REPLAN_CATCH_UP)
    for key, value in {**DEFAULT_INCENTIVE_PLAN, **DEFAULT_MARKET}.items():
        assumptions.setdefault(key, value)
    channels = company.channels[["channel", "channel_name", "budget_floor", "budget_cap"]].copy()
    channels[["budget_floor", "budget_cap"]] = channels[["budget_floor", "budget_cap"]].astype(
        float
    )
    channels["proposed_spend"] = proposed_from_last_year(
        channels,
        company.channel_history,
        assumptions["marketing_budget_total"],
        assumptions["rounding_unit"],
    )
    channels["curve_kind"] = "hill"
    channels[["p1", "p2", "p3"]] = np.nan

    def take(frame: pd.DataFrame, table: str) -> pd.DataFrame:
        return frame[list(TABLE_COLUMNS[table])].reset_index(drop=True)

    inputs = PlanInputs(
        assumptions=assumptions,
        history=take(company.history, "history"),
        reps=take(company.reps, "reps"),
        ramp=take(company.ramp_profile, "ramp"),
        regions=take(company.regions, "regions"),
        products=take(company.product_lines, "products"),
        channels=take(channels, "channels"),
        channel_history=take(company.channel_history, "channel_history"),
        actuals=take(company.ytd_actuals, "actuals"),
        kpis=take(company.kpis, "kpis"),
        kpi_actuals=take(company.kpi_actuals, "kpi_actuals"),
        attainment=take(company.rep_quota_history, "attainment"),
        sources={},
        markets=sample_markets(company.regions),
        payout_tiers=pd.DataFrame(SAMPLE_PAYOUT_TIERS, columns=list(TABLE_COLUMNS["payout_tiers"])),
    )
    if not plan_targets:
        return inputs
    return with_plan_targets(inputs)


def sample_markets(regions: pd.DataFrame) -> pd.DataFrame:
    """The sample markets (one per region) named as ``regions`` names them.

    A Chinese workbook's regions table holds the Chinese names in its key column; the
    markets then carry those names and the Chinese source notes.

    Examples
    --------
    >>> from xl_salesplan.sample_languages import sample_company_in
    >>> east = sample_markets(load_sample_company().regions).iloc[0]
    >>> east["market"], float(east["share_goal"])
    ('East', 0.07)
    >>> sample_markets(sample_company_in("zh-CN").regions)[["market", "source"]].iloc[3].tolist()
    ['西部', '咨询公司2025年市场研究(估算)']
    """
    names = set(regions["region"].astype(str))
    chinese = not any(row[0] in names for row in SAMPLE_MARKETS)
    rows = [
        (zh if chinese else en, size, growth, now, goal, source_zh if chinese else source)
        for en, zh, size, growth, now, goal, source, source_zh in SAMPLE_MARKETS
    ]
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS["markets"]))


def with_plan_targets(
    inputs: PlanInputs, plan: Mapping[str, pd.DataFrame] | None = None
) -> PlanInputs:
    """``inputs`` with the KPI targets the plan sets (as Build plan leaves a workbook).

    Parameters
    ----------
    inputs : PlanInputs
    plan : mapping of str to DataFrame, optional
        The frames of ``compute_plan(inputs)`` (computed when not given).

    Examples
    --------
    >>> raw = inputs_from_company(plan_targets=False)
    >>> def year(inputs, kpi):
    ...     rows = inputs.kpi_actuals
    ...     return float(rows.loc[rows["kpi_id"] == kpi, "target"].sum())
    >>> year(raw, "revenue"), year(with_plan_targets(raw), "revenue")
    (78479000.0, 78480000.0)
    >>> year(with_plan_targets(raw), "win_rate") == year(raw, "win_rate")
    True
    """
    if plan is None:
        plan = compute_plan(inputs)
    targets = plan_kpi_targets(inputs, plan)
    return replace(inputs, kpi_actuals=link_kpi_targets(inputs.kpi_actuals, targets))
