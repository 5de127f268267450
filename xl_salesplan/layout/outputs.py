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
from xl_salesplan.layout.model import (
    MONTH_KEYS,
    MONTH_NAMES_EN,
    Column,
    Kind,
    LiveFormula,
    OutputBlock,
    RowLabel,
)

__all__ = ["ACTIONS", "BLOCKS"]

#: The actions that own output blocks (ribbon macro and command of the same name).
ACTIONS: tuple[str, ...] = (
    "build_plan", "optimise_budget", "import_actuals", "flag_kpis", "replan",
)  # fmt: skip
_PLAN, _BUDGET, _KPIS, _REPLAN = "build_plan", "optimise_budget", "flag_kpis", "replan"


def _months(kind: Kind) -> tuple[Column, ...]:
    return tuple(
        Column(key, en, f"{i}月", kind, width=11)
        for i, (key, en) in enumerate(zip(MONTH_KEYS, MONTH_NAMES_EN, strict=True), start=1)
    )


_TOTAL = Column("total", "Total", "合计", "money", width=13)
_VALUE = Column("value", "Value", "数值", "money", width=15)
_MONTH = Column("month", "Month", "月份", "text", width=11)
_CHANNEL = Column("channel", "Channel", "渠道", "text", width=16)
_KPI = Column("kpi_id", "KPI", "KPI", "text", width=18)
_REP_LABELS = (
    Column("rep_id", "Rep ID", "销售代表编号", "text", width=13),
    Column("rep_name", "Name", "姓名", "text", width=16),
    Column("region", "Region", "区域", "text", width=10),
)


def _money(key: str, en: str, zh: str, width: float = 14) -> Column:
    return Column(key, en, zh, "money", width=width)


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

_REPLAN_BLOCKS = (
    OutputBlock(
        "ReplanSummary", "replan_summary", _REPLAN, "replan", "B8", (_VALUE,),
        "Re-plan summary", "调整计划摘要",
        rows=(
            RowLabel("target", "Annual target (original)", "年度目标(原计划)", "money"),
            RowLabel("actual_to_date", "Actual to date", "实际(至今)", "money"),
            RowLabel("closed_months", "Closed months", "已结账月数", "integer"),
            RowLabel("catch_up", "Share of the gap caught up", "追赶差距的比例", "ratio"),
            RowLabel("landing", "Landing on the pace to date", "按至今进度预计全年", "money"),
            RowLabel("annual_total", "Annual total of the re-plan", "调整后年度合计", "money",
                     name="ReplanTotal"),
            RowLabel("replan_total", "Re-plan cells added up", "调整计划单元格合计", "money"),
            RowLabel("shortfall", "Above the capacity left (shortfall)", "超出剩余产能(缺口)",
                     "money"),
            RowLabel("note", "Note", "说明", "text"),
            RowLabel("snapshot", "Original saved as", "原计划已保存为", "text"),
        ),
        header=False,
    ),
    OutputBlock(
        "ReplanByMonth", "replan_by_month", _REPLAN, "replan", "A22",
        (
            _MONTH,
            _money("original", "Original plan", "原计划"),
            _money("actual", "Actual", "实际"),
            _money("replan", "Re-plan", "调整计划"),
            _money("change", "Change", "变化"),
        ),
        "Original vs re-plan by month", "原计划与调整计划(按月)",
        max_rows=12, fixed_by_design="the twelve months of the plan year",
    ),
    OutputBlock(
        "ReplanReps", "replan_reps", _REPLAN, "replan", "A38",
        (*_REP_LABELS, *_months("money"), _TOTAL),
        "Re-plan by rep and month (closed months: actuals)",
        "销售代表月度调整计划(已结账月份为实际)",
        max_rows=201, grows=True,
    ),
)  # fmt: skip

#: Payout of a rep at the projected landing from the tier table (Excel's own LOOKUP): below
#: the threshold nothing; else the payout at the start of the rep's tier plus the tier's rate
#: for the points above it; never above the cap.
_ATTAINED = "{RepScorecard.projected@}/{RepScorecard.quota@}"
_STARTS, _RATES = "{tblPayoutTiers.attainment_from}", "{tblPayoutTiers.rate}"
_PROJECTED_PAYOUT = (
    f"=IF({{RepScorecard.quota@}}>0,TargetIncentive*MIN(PayoutCap,IF({_ATTAINED}<MIN({_STARTS}),0,"
    f"LOOKUP({_ATTAINED},{_STARTS},{{PayoutTiers.payout_at_start}})+LOOKUP({_ATTAINED},"
    f"{_STARTS},{_RATES})*({_ATTAINED}-LOOKUP({_ATTAINED},{_STARTS},{_STARTS})))),0)"
)
#: Payout at a tier's start (share of the target incentive, before the cap): the tier before
#: it paid its rate from its own start; the first tier pays from 0% once the threshold is met.
_AT_START = (
    "=IF(ISNUMBER({tblPayoutTiers.attainment_from@-1}),{PayoutTiers.payout_at_start@-1}"
    "+{tblPayoutTiers.rate@-1}*({tblPayoutTiers.attainment_from@}"
    "-{tblPayoutTiers.attainment_from@-1}),{tblPayoutTiers.rate@}"
    "*{tblPayoutTiers.attainment_from@})"
)

_INCENTIVE_BLOCKS = (
    OutputBlock(
        "PayoutTiers", "payout_tiers", _KPIS, "incentives", "D11",
        (
            Column("kind", "Kind", "类型", "text", width=14),
            Column("payout_at_start", "Payout at the tier's start (before the cap)",
                   "档位起点的激励(封顶前)", "ratio", width=16),
            _money("expected_change", "Expected cost if this rate changes",
                   "该档系数变动后预期成本变化", 18),
            _money("p90_change", "Cost P90 if this rate changes", "该档系数变动后成本P90变化", 18),
        ),
        "What changing a tier does (rate x (1 + TierRateChange), same simulated years)",
        "调整档位的影响(系数 x (1 + 档位系数变动),相同模拟年份)",
        max_rows=8, follows=("tblPayoutTiers", None),
        formulas=(LiveFormula("payout_at_start", _AT_START, per_cell=True, native=True),),
    ),
    OutputBlock(
        "PayoutRisk", "payout_risk", _KPIS, "incentives", "B22", (_VALUE,),
        "Cost of the incentive plan (quota-risk simulation)", "激励方案成本(配额风险模拟)",
        rows=(
            RowLabel("target_incentive_total", "Target incentives (all reps at 100%)",
                     "目标激励合计(全员达成100%)", "money"),
            RowLabel("expected_cost", "Expected cost", "预期成本", "money"),
            RowLabel("p50_cost", "Cost P50", "成本P50", "money"),
            RowLabel("p90_cost", "Cost P90 (not passed nine years in ten)", "成本P90(十年九不超)",
                     "money"),
            RowLabel("cost_share", "Expected cost as a share of revenue", "预期成本占销售额比例",
                     "ratio"),
            RowLabel("probability", "Probability of reaching the target", "达成目标概率", "ratio"),
        ),
        header=False,
    ),
    OutputBlock(
        "RepScorecard", "rep_scorecard", _KPIS, "incentives", "A31",
        (
            *_REP_LABELS,
            _money("quota", "Annual quota", "年度配额"),
            _money("plan_to_date", "Plan to date", "至今计划"),
            _money("actual_to_date", "Actual to date", "至今实际"),
            Column("attainment", "Attainment to date", "至今达成率", "ratio", width=11),
            Column("pace", "Pace (actual / plan)", "进度(实际/计划)", "ratio", width=11),
            _money("projected", "Projected landing", "预计全年"),
            Column("rank", "Rank", "排名", "integer", width=7),
            Column("quartile", "Quartile", "四分位", "integer", width=8),
            _money("projected_payout", "Payout at projected landing", "按预计全年的激励"),
        ),
        "Rep scorecard (rank by pace; quartile 1 = top)",
        "销售代表绩效评分卡(按进度排名;第1四分位最佳)",
        max_rows=200, grows=True, follows=("tblReps", None),
        formulas=(
            LiveFormula("projected_payout", _PROJECTED_PAYOUT, per_cell=True, native=True),
        ),
    ),
)  # fmt: skip

_YEARS = tuple(
    Column(f"y{k}", "Year 1 (plan year)" if k == 1 else f"Year {k}",
           "第1年(计划年度)" if k == 1 else f"第{k}年", "share", width=12)
    for k in range(1, 6)
)  # fmt: skip
#: Each market's own row of tblMarkets (the block's rows follow the table's rows).
_SIZE, _GROWTH = "{tblMarkets.market_size@}", "{tblMarkets.market_growth@}"
_NOW, _GOAL = "{tblMarkets.current_share@}", "{tblMarkets.share_goal@}"


def _share_in_year(year: int) -> str:
    """Share in plan year ``year``: on the straight path from this year's share to the goal,
    then holding the goal."""
    steps = "1" if year == 1 else f"MIN({year},ShareGoalYears)"
    return f"={_NOW}+({_GOAL}-{_NOW})*{steps}/ShareGoalYears"


_MARKET_BLOCKS = (
    OutputBlock(
        "MarketTarget", "market_target", _PLAN, "market", "B29", (_VALUE,),
        "Target from the markets (all regions or product lines)",
        "基于市场的目标(全部区域或产品线)",
        rows=(
            RowLabel("market_size", "Markets next year", "明年市场规模合计", "money",
                     name="MarketsNextYear"),
            RowLabel("share_goal", "Share in the plan year", "计划年度份额", "ratio"),
            RowLabel("target_from_market", "Target from the markets", "市场推算目标", "money",
                     name="TargetFromMarkets"),
            RowLabel("plan_target", "Plan target (Build plan)", "计划目标(生成计划)", "money"),
            RowLabel("difference", "Plan target minus target from the markets",
                     "计划目标减市场推算目标", "money"),
        ),
        header=False,
        formulas=(
            LiveFormula("market_size", "=SUM({MarketTargets.market_next})", native=True),
            LiveFormula("share_goal", "=TargetFromMarkets/MarketsNextYear", native=True),
            LiveFormula("target_from_market", "=SUM({MarketTargets.target})", native=True),
            LiveFormula("plan_target", "=AnnualTarget", native=True),
            LiveFormula("difference", "=AnnualTarget-TargetFromMarkets", native=True),
        ),
    ),
    OutputBlock(
        "TargetCheck", "target_check", _PLAN, "market", "A37",
        (
            Column("check_name", "Check", "检查项", "text", width=34),
            Column("figure", "Implied by the target", "目标隐含值", "number", width=16),
            Column("reference", "Reference", "参照值", "number", width=16),
            Column("verdict", "Verdict", "结论", "text", width=14),
        ),
        "Is the target achievable? (realism check)", "目标是否可实现?(可行性检查)",
        max_rows=5, fixed_by_design="the five realism checks of the target",
    ),
    OutputBlock(
        "CustomersNeeded", "customers_needed", _PLAN, "market", "B45", (_VALUE,),
        "New customers the target needs", "达成目标所需新客户",
        rows=(
            RowLabel("from_existing", "From today's customers", "来自现有客户", "money",
                     name="FromExistingCustomers"),
            RowLabel("gap", "Left for new customers", "需由新客户完成", "money",
                     name="LeftForNewCustomers"),
            RowLabel("revenue_per_new_customer", "In-year revenue of a new customer",
                     "新客户当年销售额", "money", name="NewCustomerRevenue"),
            RowLabel("new_customers", "New customers needed", "所需新客户数", "count",
                     name="NewCustomersNeeded"),
            RowLabel("leads", "Leads needed", "所需线索数", "count"),
        ),
        header=False,
        formulas=(
            LiveFormula("from_existing", "=ExistingCustomerRevenue*Retention*(1+Expansion)",
                        native=True),
            LiveFormula("gap", "=MAX(AnnualTarget-FromExistingCustomers,0)", native=True),
            LiveFormula("new_customers",
                        "=IF(LeftForNewCustomers>0,LeftForNewCustomers/NewCustomerRevenue,0)",
                        native=True),
            LiveFormula("leads", '=IF(LeadToCustomer>0,NewCustomersNeeded/LeadToCustomer,"")',
                        native=True),
        ),
    ),
    OutputBlock(
        "CustomerBridge", "customer_bridge", _PLAN, "market", "B53", (*_months("money"), _TOTAL),
        "Revenue bridge by month: existing - churn + expansion + new customers",
        "月度收入桥:现有客户 - 流失 + 增购 + 新客户",
        rows=(
            RowLabel("base", "Today's customers (last year)", "现有客户(上年)"),
            RowLabel("churn", "Churn", "流失"),
            RowLabel("expansion", "Expansion", "增购"),
            RowLabel("new", "New customers", "新客户"),
            RowLabel("total", "Total", "合计"),
        ),
        formulas=(
            LiveFormula("total", "={^base}-{^churn}+{^expansion}+{^new}", native=True),
            LiveFormula("total", "=SUM({CustomerBridge.m01@}:{CustomerBridge.m12@})",
                        native=True, column=True),
        ),
    ),
    OutputBlock(
        "MarketTargets", "market_targets", _PLAN, "market", "A63",
        (
            Column("market", "Region or product line", "区域或产品线", "text", width=34),
            _money("market_next", "Market next year", "明年市场规模", 16),
            Column("share", "Share in the plan year", "计划年度份额", "ratio", width=13),
            _money("target", "Target from the market", "市场推算目标", 16),
            Column("potential", "Share of all markets (potential)", "占全部市场比例(潜力)",
                   "ratio", width=14),
            _money("fair_share", "Fair share of the plan target", "计划目标的公平份额", 16),
            _money("plan_target", "Plan target (Build plan)", "计划目标(生成计划)", 16),
            _money("gap", "Plan target minus fair share", "计划目标减公平份额", 16),
        ),
        "Target from each market and the fair-share split of the plan target by potential",
        "各市场推算目标,及按市场潜力公平拆分的计划目标",
        max_rows=12, grows=True, follows=("tblMarkets", None),
        formulas=(
            LiveFormula("market_next", f"={_SIZE}*(1+{_GROWTH})", per_cell=True, native=True),
            LiveFormula("share", _share_in_year(1), per_cell=True, native=True),
            LiveFormula("target", "={MarketTargets.market_next@}*{MarketTargets.share@}",
                        per_cell=True, native=True),
            LiveFormula("potential",
                        "={MarketTargets.market_next@}/SUM({MarketTargets.market_next})",
                        per_cell=True, native=True),
            LiveFormula("gap", '=IF(ISNUMBER({MarketTargets.plan_target@}),'
                        '{MarketTargets.plan_target@}-{MarketTargets.fair_share@},"")',
                        per_cell=True, native=True),
        ),
    ),
    OutputBlock(
        "SharePath", "share_path", _PLAN, "market", "K63",
        (Column("market", "Region or product line", "区域或产品线", "text", width=20), *_YEARS),
        "Share path: from this year's share to the goal, then holding it",
        "份额路径:从本年份额升至目标,此后保持",
        max_rows=12, grows=True, follows=("tblMarkets", None),
        formulas=tuple(
            LiveFormula(f"y{k}", _share_in_year(k), per_cell=True, native=True)
            for k in range(1, 6)
        ),
    ),
)  # fmt: skip

BLOCKS: dict[str, OutputBlock] = {
    b.name: b
    for b in (
        *_TARGETS,
        *_CAPACITY,
        *_FUNNEL,
        *_BUDGETS,
        *_KPI_BLOCKS,
        *_REPLAN_BLOCKS,
        *_INCENTIVE_BLOCKS,
        *_MARKET_BLOCKS,
    )
}
