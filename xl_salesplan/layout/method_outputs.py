"""Output blocks of the method's later steps: re-plan, incentives, market and customers.

Declarations only, like :mod:`~xl_salesplan.layout.outputs` (which gathers every block into
``BLOCKS``). Many of their key figures are native Excel formulas (``LiveFormula(native=True)``)
that every spreadsheet application computes from the inputs.

Examples
--------
>>> [b.name for b in METHOD_BLOCKS][:3]
['ReplanSummary', 'ReplanByMonth', 'ReplanReps']
"""

from __future__ import annotations

from xl_salesplan.layout.model import Column, LiveFormula, OutputBlock, RowLabel
from xl_salesplan.layout.output_columns import MONTH as _MONTH
from xl_salesplan.layout.output_columns import REP_LABELS as _REP_LABELS
from xl_salesplan.layout.output_columns import TOTAL as _TOTAL
from xl_salesplan.layout.output_columns import VALUE as _VALUE
from xl_salesplan.layout.output_columns import money_column as _money
from xl_salesplan.layout.output_columns import month_columns as _months

__all__ = ["METHOD_BLOCKS"]

_PLAN, _KPIS, _REPLAN = "build_plan", "flag_kpis", "replan"

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
        formulas=(
            LiveFormula("actual_to_date", "=SUM({ReplanByMonth.actual})", native=True),
            LiveFormula("annual_total", "={^landing}+{^catch_up}*({^target}-{^landing})",
                        native=True),
            LiveFormula("replan_total", "=SUM({ReplanByMonth.replan})", native=True),
        ),
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
        formulas=(
            LiveFormula("change", "={ReplanByMonth.replan@}-{ReplanByMonth.original@}",
                        per_cell=True, native=True),
        ),
    ),
    OutputBlock(
        "ReplanReps", "replan_reps", _REPLAN, "replan", "A38",
        (*_REP_LABELS, *_months("money"), _TOTAL),
        "Re-plan by rep and month (closed months: actuals)",
        "销售代表月度调整计划(已结账月份为实际)",
        max_rows=201, grows=True,
        formulas=(
            LiveFormula("total", "=SUM({ReplanReps.m01@}:{ReplanReps.m12@})", per_cell=True,
                        native=True),
        ),
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

#: The blocks of this module, in sheet order.
METHOD_BLOCKS: tuple[OutputBlock, ...] = (*_REPLAN_BLOCKS, *_INCENTIVE_BLOCKS, *_MARKET_BLOCKS)
