"""The output side of the plan workbook: the blocks each action fills.

Declarations only (see :mod:`~xl_salesplan.layout` for lookups and
``docs/workbook.md`` for the picture). Every block is filled from one frame of
its action's compute function (``OutputBlock.frame`` is the frame's key); its
defined name covers the block's body.

Examples
--------
>>> BLOCKS["RepTargets"].body_ref(), BLOCKS["RepTargets"].action
('$P$33:$AE$232', 'build_plan')
>>> [r.key for r in BLOCKS["CapacitySummary"].rows]
['target', 'team_quota', 'capacity', 'expected_bookings', 'coverage']
"""

from __future__ import annotations

from xl_salesplan.layout.inputs import CURVE_PARAMETER_COLUMNS
from xl_salesplan.layout.method_outputs import METHOD_BLOCKS
from xl_salesplan.layout.model import Column, LiveFormula, OutputBlock, RowLabel
from xl_salesplan.layout.output_columns import MONTH as _MONTH
from xl_salesplan.layout.output_columns import REP_LABELS as _REP_LABELS
from xl_salesplan.layout.output_columns import TOTAL as _TOTAL
from xl_salesplan.layout.output_columns import VALUE as _VALUE
from xl_salesplan.layout.output_columns import money_column as _money
from xl_salesplan.layout.output_columns import month_columns as _months

__all__ = ["ACTIONS", "BLOCKS"]

#: The actions that own output blocks (ribbon macro and command of the same name).
ACTIONS: tuple[str, ...] = (
    "build_plan", "optimise_budget", "import_actuals", "flag_kpis", "replan",
)  # fmt: skip
_PLAN, _BUDGET, _KPIS = "build_plan", "optimise_budget", "flag_kpis"


_CHANNEL = Column("channel", "Channel", "渠道", "text", width=16)
_KPI = Column("kpi_id", "KPI", "KPI", "text", width=18)

_TARGETS = (
    OutputBlock(
        "PlanSummary", "plan_summary", _PLAN, "targets", "B5", (_VALUE,),
        "Plan summary", "计划摘要",
        rows=(
            RowLabel("last_year_revenue", "Revenue last year", "上年销售额", "money",
                     name="LastYearRevenue"),
            RowLabel("target", "Annual revenue target", "年度销售目标", "money",
                     name="AnnualTarget"),
            RowLabel("growth", "Growth over last year", "同比增长", "ratio"),
            RowLabel("hires", "New reps to hire", "需招聘人数", "integer"),
            RowLabel("reps_in_seat", "Reps in seat during the year", "年内在岗人数", "integer"),
            RowLabel("profile_quality", "Seasonal profile quality", "季节性质量", "text"),
            RowLabel("phasing", "Monthly phasing", "月度分配口径", "text"),
        ),
        header=False,
    ),
    OutputBlock(
        "SeasonalProfile", "seasonality", _PLAN, "targets", "B14", _months("share"),
        "Seasonal profile (from history)", "季节性(基于历史数据)",
        rows=(
            RowLabel("share", "Share of the year", "全年占比", "share"),
            RowLabel("index", "Seasonal index", "季节指数", "index"),
        ),
        formulas=(
            LiveFormula("share", "=SEASONALITY({RevenueHistory.m01:m12})", per_cell=True),
            LiveFormula(
                "index", '=SEASONALITY({RevenueHistory.m01:m12},,"indices")', per_cell=True
            ),
        ),
    ),
    OutputBlock(
        "CompanyTarget", "company_target", _PLAN, "targets", "B19", (*_months("money"), _TOTAL),
        "Company revenue target by month", "公司月度销售目标",
        rows=(RowLabel("last_year", "Last year", "上年实际"), RowLabel("target", "Target", "目标")),
    ),
    OutputBlock(
        "RevenueHistory", "revenue_history", _PLAN, "targets", "A24",
        (Column("year", "Year", "年份", "year", width=12), *_months("money"), _TOTAL),
        "Company revenue by year and month (history)", "公司历年月度销售额",
        max_rows=6, fixed_by_design="the latest six years of history (Build plan shows no more)",
    ),
    OutputBlock(
        "RegionTargets", "region_targets", _PLAN, "targets", "A33",
        (Column("region", "Region", "区域", "text", width=12), *_months("money"), _TOTAL),
        "Targets by region and month", "区域月度目标",
        max_rows=12, grows=True, follows=("tblRegions", None),
    ),
    OutputBlock(
        "RepTargets", "rep_targets", _PLAN, "targets", "P33",
        (*_REP_LABELS, *_months("money"), _TOTAL),
        "Quotas by rep and month", "销售代表月度配额",
        max_rows=200, grows=True, follows=("tblReps", None),
    ),
)  # fmt: skip

_CAPACITY = (
    OutputBlock(
        "CapacitySummary", "capacity_summary", _PLAN, "capacity", "B6", _months("money"),
        "Team capacity and coverage by month (current reps)", "团队月度产能与覆盖率(现有人员)",
        rows=(
            RowLabel("target", "Target", "目标"),
            RowLabel("team_quota", "Team quota (with cushion)", "团队配额(含超额)"),
            RowLabel("capacity", "Capacity of current reps", "现有人员产能"),
            RowLabel("expected_bookings", "Expected bookings", "预期成交额"),
            RowLabel("coverage", "Coverage (capacity / capacity needed)", "覆盖率(产能/所需产能)",
                     "ratio"),
        ),
    ),
    OutputBlock(
        "QuotaRisk", "quota_risk", _PLAN, "capacity", "B13", (_VALUE,),
        "Quota risk (Monte Carlo)", "配额风险(蒙特卡洛模拟)",
        rows=(
            RowLabel("team_quota", "Sum of rep quotas", "配额合计", "money"),
            RowLabel("company_target", "Company target", "公司目标", "money"),
            RowLabel("probability", "Probability of reaching the target", "达成目标概率", "ratio"),
            RowLabel("p50", "Bookings P50", "成交额P50", "money"),
            RowLabel("p90", "Bookings P90 (nine years in ten)", "成交额P90(十年九遇)", "money"),
        ),
        header=False,
        notes=("kpi.note.capacity_probability",),
    ),
    OutputBlock(
        "HiringPlan", "hiring_plan", _PLAN, "capacity", "A21",
        (
            _MONTH,
            Column("hires", "Hires (start)", "入职人数", "count", width=12),
            Column("requisitions", "Requisitions to open", "需开放职位", "count", width=12),
            Column("new_reps_in_seat", "New reps in seat", "新人在岗", "count", width=12),
            _money("team_quota", "Team quota", "团队配额"),
            Column("required_full_reps", "Full reps needed", "所需满产人数", "count", width=12),
            _money("existing_capacity", "Existing capacity", "现有产能"),
            _money("new_hire_capacity", "New-hire capacity", "新人产能"),
            _money("expected_bookings", "Expected bookings", "预期成交额"),
            Column("coverage", "Coverage", "覆盖率", "ratio", width=11),
        ),
        "Hiring plan", "招聘计划",
        max_rows=36,
    ),
    OutputBlock(
        "RepCapacity", "rep_capacity", _PLAN, "capacity", "A60",
        (*_REP_LABELS, *_months("money"), _TOTAL),
        "Expected capacity by rep and month (ramp and attrition)",
        "销售代表月度预期产能(含爬坡与流失)",
        max_rows=200, grows=True, follows=("tblReps", None),
    ),
)  # fmt: skip

_FUNNEL = (
    OutputBlock(
        "Funnel", "funnel", _PLAN, "funnel", "A6",
        (
            _MONTH,
            _money("revenue", "Revenue target", "销售目标"),
            Column("leads", "Leads needed", "所需线索", "count", width=14),
            Column("opportunities", "Opportunities needed", "所需商机", "count", width=14),
            Column("deals", "Deals needed", "所需成交", "count", width=14),
        ),
        "Pipeline needed by month (including months before the plan year)",
        "每月所需销售漏斗(含计划年度之前的月份)",
        max_rows=36, grows=True,
    ),
)  # fmt: skip

_BUDGETS = (
    OutputBlock(
        "BudgetSummary", "budget_summary", _BUDGET, "budget", "M5", (_VALUE,),
        "Budget summary", "预算摘要",
        rows=(
            RowLabel("budget", "Budget", "预算", "money"),
            RowLabel("proposed_total", "Proposed spend (total)", "拟投入合计", "money"),
            RowLabel("proposed_outcome", "Outcome of the proposal", "拟投入的产出", "money",
                     name="ProposedOutcome"),
            RowLabel("proposed_roi", "ROI of the proposal", "拟投入回报率", "number"),
            RowLabel("optimal_outcome", "Optimal outcome", "最优产出", "money",
                     name="OptimalOutcome"),
            RowLabel("optimal_roi", "Optimal ROI", "最优回报率", "number"),
            RowLabel("gain", "Gain of the optimum", "优化收益", "money"),
            RowLabel("gain_pct", "Gain of the optimum (%)", "优化收益(%)", "ratio"),
            RowLabel("multiplier", "Value of one more yuan (multiplier)", "再投入一元的回报(乘数)",
                     "number"),
            RowLabel("upper_bound", "Upper bound of the outcome", "产出上界", "money"),
            RowLabel("best_move", "Best single move", "最佳单项调整", "text"),
            RowLabel("summary", "Summary", "摘要", "text"),
        ),
        header=False,
    ),
    OutputBlock(
        "BudgetScore", "budget_score", _BUDGET, "budget", "P6",
        (
            _CHANNEL,
            _money("proposed_spend", "Proposed spend", "拟投入"),
            _money("outcome", "Outcome", "产出"),
            Column("roi", "ROI", "回报率", "number", width=10),
            Column("marginal_roi", "Marginal ROI", "边际回报", "number", width=12),
            _money("optimal_spend", "Optimal spend", "最优投入"),
            _money("change", "Change", "调整"),
        ),
        "Score of the proposed allocation", "拟投入方案评分",
        max_rows=12, grows=True, follows=("tblChannels", None),
    ),
    OutputBlock(
        "BudgetOptimal", "budget_optimal", _BUDGET, "budget", "X6",
        (
            _CHANNEL,
            _money("spend", "Optimal spend", "最优投入"),
            _money("outcome", "Outcome", "产出"),
            Column("roi", "ROI", "回报率", "number", width=10),
            Column("marginal_roi", "Marginal ROI", "边际回报", "number", width=12),
            Column("status", "Status", "状态", "text", width=10),
            Column("bound_value", "Cost of the bound", "约束成本", "number", width=14),
        ),
        "Optimal allocation", "最优分配",
        max_rows=12, grows=True, follows=("tblChannels", None),
    ),
    OutputBlock(
        "ChannelCurves", "channel_curves", _BUDGET, "budget", "AF6",
        (
            _CHANNEL,
            Column("kind", "Curve kind", "曲线类型", "text", width=14),
            *CURVE_PARAMETER_COLUMNS,
            Column("source", "Source", "来源", "text", width=10),
            Column("r_squared", "Fit (R²)", "拟合度(R²)", "index", width=11),
            Column("n_points", "Points", "数据点", "integer", width=8),
            Column("note", "Note", "备注", "text", width=30),
        ),
        "Response curves (annual spend to annual outcome)", "响应曲线(年度投入与年度产出)",
        max_rows=12, grows=True, follows=("tblChannels", None),
        notes=("budget.parameters.legend",),
    ),
    OutputBlock(
        "BudgetFrontier", "budget_frontier", _BUDGET, "budget", "L21",
        (
            _money("budget", "Budget", "预算"),
            _money("outcome", "Optimal outcome", "最优产出"),
            Column("multiplier", "Multiplier", "边际回报", "number", width=12),
        ),
        "Budget frontier: optimal outcome by budget", "预算前沿:不同预算下的最优产出",
        max_rows=41,
        fixed_by_design="the frontier has at most 41 budgets (Optimise budget draws 21)",
    ),
)  # fmt: skip

_KPI_BLOCKS = (
    OutputBlock(
        "KpiTracker", "kpi_tracker", _KPIS, "kpi", "A29",
        (
            _KPI,
            Column("kpi_name", "Name", "名称", "text", width=18),
            Column("target", "Year target", "年度目标", "number", width=14),
            Column("expected_to_date", "Expected to date", "应完成(至今)", "number", width=14),
            Column("actual_to_date", "Actual to date", "实际(至今)", "number", width=14),
            Column("variance", "Variance", "偏差", "number", width=13),
            Column("variance_pct", "Variance %", "偏差%", "ratio", width=11),
            Column("projected_landing", "Projected landing", "预计全年", "number", width=14),
            Column("gap", "Gap to target", "与目标差距", "number", width=13),
            Column("probability", "Probability of year target", "全年达标概率", "ratio",
                   width=13),
            Column("status", "Status", "状态", "text", width=11),
            Column("signals", "Signals", "信号", "text", width=52),
        ),
        "KPI tracker (year to date)", "KPI跟踪(年初至今)",
        max_rows=20, follows=("tblKpis", None),
        notes=("kpi.note.status", "kpi.note.probability"),
        formulas=(
            LiveFormula(
                "status",
                "=KPI_STATUS({KpiTracker.actual_to_date@},{KpiTracker.expected_to_date@},"
                "{tblKpis.direction@},-{tblKpis.warn_threshold@},-{tblKpis.off_track_threshold@}"
                ',,,"{language}")',
                per_cell=True,
                results="status",
            ),
        ),
    ),
    OutputBlock(
        "KpiSignals", "kpi_signals", _KPIS, "kpi", "A55",
        (
            _KPI,
            Column("rules", "Nelson rules firing", "触发的Nelson规则", "text", width=18),
            Column("last_signal", "Latest signal", "最近信号", "text", width=14),
            Column("summary", "Summary", "摘要", "text"),
        ),
        "Signals on the monthly variance (Nelson rules, CUSUM)", "月度偏差信号(Nelson规则、CUSUM)",
        max_rows=20, grows=True, follows=("tblKpis", None),
    ),
    OutputBlock(
        "RevenueByMonth", "revenue_by_month", _KPIS, "dashboard", "A6",
        (
            _MONTH,
            _money("target", "Target", "目标"),
            _money("actual", "Actual", "实际"),
            _money("cumulative_target", "Cumulative target", "累计目标"),
            _money("cumulative_actual", "Cumulative actual", "累计实际"),
        ),
        "Revenue: target vs actual by month", "销售额:月度目标与实际",
        max_rows=12, fixed_by_design="the twelve months of the plan year",
    ),
    OutputBlock(
        "KpiStatusCounts", "kpi_status_counts", _KPIS, "dashboard", "A21",
        (
            Column("status", "Status", "状态", "text", width=12),
            Column("count", "KPIs", "KPI数", "integer", width=13),
        ),
        "KPI status counts", "KPI状态统计",
        max_rows=4, fixed_by_design="the four KPI statuses",
    ),
)  # fmt: skip

BLOCKS: dict[str, OutputBlock] = {
    b.name: b for b in (*_TARGETS, *_CAPACITY, *_FUNNEL, *_BUDGETS, *_KPI_BLOCKS, *METHOD_BLOCKS)
}
