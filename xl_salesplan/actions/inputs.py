"""The inputs every action computes from, gathered in one value: :class:`PlanInputs`.

The compute functions of the actions (:func:`~xl_salesplan.actions.plan.compute_plan`,
:func:`~xl_salesplan.actions.budget.compute_budget`,
:func:`~xl_salesplan.actions.kpi.compute_kpis`) are pure: they take a
:class:`PlanInputs` and return frames. A :class:`PlanInputs` comes either from the
sample company (:func:`~xl_salesplan.actions.company_inputs.inputs_from_company`, used by the
template build and the tests) or from a plan workbook
(:func:`~xl_salesplan.actions.workbook_inputs.read_workbook_inputs`).

Every table uses the column names of the sample company (``docs/sample_company.md``)
whatever the workbook's language; the channel table adds the planner's
``proposed_spend`` and the response curve (``curve_kind``, ``p1``, ``p2``, ``p3``;
blank parameters mean "fit the curve from the channel history").

Examples
--------
>>> from xl_salesplan.actions.company_inputs import inputs_from_company
>>> inputs = inputs_from_company()
>>> inputs.assumption("growth_target"), inputs.plan_year
(0.2, 2026)
>>> inputs.channels[["channel", "proposed_spend"]].head(2)
       channel  proposed_spend
0  field_sales       3379000.0
1  paid_search       1209000.0
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from xl_salesplan.errors import PlanningError
from xl_salesplan.targets.spreading import spread_proportional

__all__ = [
    "ASSUMPTIONS",
    "DEFAULT_INCENTIVE_PLAN",
    "DEFAULT_MARKET",
    "DEFAULT_REPLAN_CATCH_UP",
    "DEFAULT_ROUNDING_UNIT",
    "SAMPLE_MARKETS",
    "SAMPLE_PAYOUT_TIERS",
    "TABLE_COLUMNS",
    "PlanInputs",
    "proposed_from_last_year",
]

DEFAULT_ROUNDING_UNIT = 1000.0
#: Share of the gap between landing and target a re-plan catches up (1 = keep the target).
DEFAULT_REPLAN_CATCH_UP = 1.0
#: The sample incentive plan (Incentives sheet): assumption -> value.
DEFAULT_INCENTIVE_PLAN = {
    "target_incentive": 60000.0,
    "payout_cap": 2.5,
    "tier_rate_change": 0.1,
}
#: The sample payout tiers (tblPayoutTiers): attainment from, payout points per attainment
#: point. The threshold at 50% pays from 0% (50% earns half the target incentive), an
#: accelerator above 100% (2 points per point) and a decelerator above 120% (1 again).
SAMPLE_PAYOUT_TIERS: tuple[tuple[float, float], ...] = ((0.5, 1.0), (1.0, 2.0), (1.2, 1.0))
#: The sample customer base (Market sheet): assumption -> value.
DEFAULT_MARKET = {
    "share_goal_years": 3.0,
    "existing_customer_revenue": 52_000_000.0,
    "retention": 0.9,
    "expansion": 0.1,
    "first_year_revenue": 300_000.0,
    "lead_to_customer": 0.05,
}
#: The sample company's markets by region (tblMarkets): English and Chinese region name,
#: market size this year, growth per year, our share this year, share goal, and the source
#: of the figures in English and Chinese.
SAMPLE_MARKETS: tuple[tuple[str, str, float, float, float, float, str, str], ...] = (
    ("East", "华东", 360e6, 0.07, 0.055, 0.07,
     "Industry association annual report 2025", "行业协会2025年度报告"),
    ("North", "华北", 310e6, 0.06, 0.052, 0.065,
     "Provincial statistics yearbooks 2025", "各省统计年鉴2025"),
    ("South", "华南", 330e6, 0.09, 0.068, 0.08,
     "Industry association annual report 2025", "行业协会2025年度报告"),
    ("West", "西部", 200e6, 0.12, 0.036, 0.06,
     "Market study by a consultancy 2025 (estimate)", "咨询公司2025年市场研究(估算)"),
)  # fmt: skip

#: The plan-year assumptions: key -> (unit, meaning). Keys follow the sample company.
ASSUMPTIONS: dict[str, tuple[str, str]] = {
    "plan_year": ("year", "Year being planned"),
    "actuals_through_month": ("month", "Last month of the plan year with actuals (0-12)"),
    "growth_target": ("ratio", "Revenue growth target over last year's revenue"),
    "quota_per_rep_annual": ("money", "Full annual quota of a fully ramped rep"),
    "expected_attainment": ("ratio", "Average share of quota a ramped rep attains"),
    "over_assignment": ("ratio", "Quota cushion: team quota = target x (1 + this)"),
    "attrition_annual": ("ratio", "Share of reps expected to leave during a year"),
    "hiring_lead_time_months": ("months", "Months from opening a position to the start date"),
    "avg_deal_size": ("money", "Average revenue per won deal"),
    "lead_to_opportunity": ("ratio", "Share of leads that become opportunities"),
    "opportunity_to_win": ("ratio", "Share of opportunities that are won"),
    "sales_cycle_months": ("months", "Months from opportunity to closed deal"),
    "marketing_budget_total": ("money", "Marketing and sales budget over all channels"),
    "rounding_unit": ("money", "Targets are rounded to multiples of this (1, 100, 1000 ...)"),
    "replan_catch_up": ("ratio", "Share of the gap a re-plan catches up (1 = keep the target)"),
    "target_incentive": ("money", "Incentive of a rep at 100% attainment for the year"),
    "payout_cap": ("ratio", "Highest payout as a share of the target incentive"),
    "tier_rate_change": ("ratio", "What-if change of each tier's rate in turn"),
    "share_goal_years": ("years", "Years in which the market shares reach their goals"),
    "existing_customer_revenue": ("money", "Last year's revenue of today's customers"),
    "retention": ("ratio", "Gross revenue retention of today's customers"),
    "expansion": ("ratio", "Growth of the retained customers' revenue"),
    "first_year_revenue": ("money", "Revenue of a new customer in its first twelve months"),
    "lead_to_customer": ("ratio", "Share of leads that become customers"),
}

#: Columns of each input table (the names used by the compute functions).
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "history": ("month", "region", "product_line", "rep_id", "revenue", "deals"),
    "actuals": ("month", "region", "product_line", "rep_id", "revenue", "deals"),
    "reps": ("rep_id", "rep_name", "region", "start_date", "leave_date"),
    "ramp": ("month_in_seat", "ramp"),
    "regions": ("region",),
    "products": (
        "product_line",
        "avg_deal_size",
        "sales_cycle_months",
        "lead_to_opportunity",
        "opportunity_to_win",
    ),
    "channels": (
        "channel",
        "channel_name",
        "budget_floor",
        "budget_cap",
        "proposed_spend",
        "curve_kind",
        "p1",
        "p2",
        "p3",
    ),
    "channel_history": ("year", "quarter", "channel", "spend", "attributed_revenue"),
    "attainment": ("year", "rep_id", "attainment"),
    "kpis": (
        "kpi_id",
        "kpi_name",
        "direction",
        "unit",
        "aggregation",
        "warn_threshold",
        "off_track_threshold",
    ),
    "kpi_actuals": ("month", "kpi_id", "target", "actual"),
    "payout_tiers": ("attainment_from", "rate"),
    "markets": (
        "market", "market_size", "market_growth", "current_share", "share_goal", "source",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class PlanInputs:
    """Everything the plan, budget and KPI computations read.

    Attributes
    ----------
    assumptions : mapping of str to float
        The plan-year assumptions (keys of :data:`ASSUMPTIONS`; blanks are NaN).
    history, actuals : DataFrame
        Monthly revenue and deals by rep and product line: past years, and the plan
        year to date (columns of :data:`TABLE_COLUMNS`).
    reps, ramp, regions, products : DataFrame
        The sales team (start and leave dates), the ramp profile of new reps, the
        regions and the product lines.
    channels, channel_history : DataFrame
        Budget channels (floors, caps, proposed spend, response curve) and their
        spend/outcome history.
    kpis, kpi_actuals : DataFrame
        KPI definitions and the plan year's monthly KPI targets and actuals.
    attainment : DataFrame
        Past quota attainment per rep and year (for the quota risk).
    markets : DataFrame
        Markets by region or product line (Market sheet): size this year, growth per year,
        share this year, share goal and the source of the figures.
    payout_tiers : DataFrame
        The incentive plan's payout tiers (Incentives sheet): attainment from, rate.
    language : str
        The workbook's language, ``"en"`` or ``"zh-CN"`` (labels written by actions).
    hiring_coverage : str
        How the hiring plan covers the target: ``"cumulative"`` (year to date at every
        month end, the default) or ``"period"`` (every month on its own).
    holiday_phasing : str
        Which moving holidays phase the plan year: ``"spring_festival"`` (Chinese New Year,
        the default), ``"lunar"`` (also Dragon Boat and Mid-Autumn) or ``"off"`` (calendar
        months).
    sources : mapping of str to str
        Where each table came from (``"tblHistory"``...), for messages.

    Examples
    --------
    >>> from xl_salesplan.actions.company_inputs import inputs_from_company
    >>> inputs = inputs_from_company()
    >>> inputs.reps.columns.tolist()
    ['rep_id', 'rep_name', 'region', 'start_date', 'leave_date']
    """

    assumptions: Mapping[str, float]
    history: pd.DataFrame
    reps: pd.DataFrame
    ramp: pd.DataFrame
    regions: pd.DataFrame
    products: pd.DataFrame
    channels: pd.DataFrame
    channel_history: pd.DataFrame
    actuals: pd.DataFrame
    kpis: pd.DataFrame
    kpi_actuals: pd.DataFrame
    attainment: pd.DataFrame
    language: str = "en"
    sources: Mapping[str, str] = field(default_factory=dict)
    hiring_coverage: str = "cumulative"
    markets: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(TABLE_COLUMNS["markets"]))
    )
    holiday_phasing: str = "spring_festival"
    payout_tiers: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(TABLE_COLUMNS["payout_tiers"]))
    )

    def assumption(self, name: str, default: float | None = None) -> float:
        """The assumption ``name`` as a number; ``default`` if it is blank.

        Raises
        ------
        PlanningError
            If it is blank (and there is no default) or not a number.

        Examples
        --------
        >>> from xl_salesplan.actions.company_inputs import inputs_from_company
        >>> inputs_from_company().assumption("rounding_unit")
        1000.0
        >>> inputs_from_company().assumption("nothing")
        Traceback (most recent call last):
        ...
        xl_salesplan.errors.PlanningError: assumption 'nothing' is blank; enter a value
        """
        value = self.assumptions.get(name)
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            number = float("nan")
        if np.isnan(number):
            if default is not None:
                return float(default)
            raise PlanningError.of(
                "action.inputs.blank", code="blank", positions=(name,), name=name
            )
        return number

    @property
    def plan_year(self) -> int:
        """The year being planned, as an integer."""
        return int(self.assumption("plan_year"))

    @property
    def plan_periods(self) -> pd.PeriodIndex:
        """The twelve months of the plan year.

        Examples
        --------
        >>> from xl_salesplan.actions.company_inputs import inputs_from_company
        >>> inputs_from_company().plan_periods[[0, -1]].astype(str).tolist()
        ['2026-01', '2026-12']
        """
        return pd.period_range(f"{self.plan_year}-01", periods=12, freq="M")

    def with_assumptions(self, **changes: float) -> PlanInputs:
        """A copy with some assumptions changed.

        Examples
        --------
        >>> from xl_salesplan.actions.company_inputs import inputs_from_company
        >>> inputs_from_company().with_assumptions(growth_target=0.1).assumption("growth_target")
        0.1
        """
        merged = dict(self.assumptions)
        merged.update(changes)
        return replace(self, assumptions=merged)


def proposed_from_last_year(
    channels: pd.DataFrame, channel_history: pd.DataFrame, budget: float, unit: float
) -> np.ndarray:
    """A first proposal: the budget split like last year's spend, within floors and caps.

    Last year is the latest year of ``channel_history``; the split goes through the
    spreading engine (water-filling for floors and caps, rounding to ``unit``).

    Examples
    --------
    >>> from xl_salesplan.sample_company import load_sample_company
    >>> company = load_sample_company()
    >>> channels = company.channels.assign(proposed_spend=np.nan)
    >>> proposed_from_last_year(channels, company.channel_history, 10e6, 1000).sum()
    np.float64(10000000.0)
    """
    last = channel_history[channel_history["year"] == channel_history["year"].max()]
    spend = last.groupby("channel")["spend"].sum()
    weights = spend.reindex(channels["channel"]).fillna(0.0).to_numpy(dtype=float)
    return spread_proportional(
        budget,
        weights,
        floors=channels["budget_floor"].to_numpy(dtype=float),
        caps=channels["budget_cap"].to_numpy(dtype=float),
        unit=unit,
    )
