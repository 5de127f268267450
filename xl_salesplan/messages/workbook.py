"""Texts of the plan workbook: sheet titles and hints, assumptions, charts, validation.

Sheet names, column headers, block titles and row labels are declared with the
workbook model (:mod:`xl_salesplan.layout`), both languages side by side.

Examples
--------
>>> MESSAGES["sheet_title.targets"]
('Targets', '目标分解')
>>> MESSAGES["assumption.unit.QuotaPerRep"]
('yuan', '元')
"""

from __future__ import annotations

__all__ = ["ASSUMPTION_TEXTS", "MESSAGES", "TEXTS"]

TEXTS: dict[str, tuple[str, str]] = {
    # sheet titles (row 1) and hints (row 2)
    "sheet_title.instructions": ("How to use this sales plan workbook", "销售计划工作簿使用说明"),
    "sheet_title.assumptions": ("Assumptions", "假设"),
    "sheet_title.history": ("Sales history", "历史数据"),
    "sheet_title.reps": ("Sales team", "销售团队"),
    "sheet_title.targets": ("Targets", "目标分解"),
    "sheet_title.capacity": ("Capacity and hiring", "人力产能与招聘"),
    "sheet_title.funnel": ("Sales funnel", "销售漏斗"),
    "sheet_title.budget": ("Budget allocation", "预算分配"),
    "sheet_title.actuals": ("Actuals", "实际数据"),
    "sheet_title.kpi": ("KPI tracker", "KPI跟踪"),
    "sheet_title.dashboard": ("Dashboard", "仪表板"),
    "sheet_title.replan": ("Re-plan the rest of the year", "调整全年剩余月份计划"),
    "sheet_title.incentives": ("Incentives and rep scorecard", "激励与绩效评估"),
    "sheet_title.market": ("Market and customers: is the target achievable?",
                           "市场与客户:目标是否可实现?"),
    "market.check.growth": ("Growth vs the history's best year", "增长率对比历史最佳年份"),
    "market.check.share": ("Share gain vs market growth", "份额提升对比市场增长"),
    "market.check.productivity": ("Revenue per rep vs the history's best year",
                                  "人均销售额对比历史最佳年份"),
    "market.check.probability": ("Probability of reaching it (quota risk)",
                                 "达成概率(配额风险)"),
    "market.check.overall": ("Overall", "总体结论"),
    "market.verdict.realistic": ("Realistic", "可实现"),
    "market.verdict.stretch": ("Stretch", "有挑战"),
    "market.verdict.unrealistic": ("Unrealistic", "不现实"),
    "incentives.kind.threshold": ("Threshold", "门槛"),
    "incentives.kind.accelerator": ("Accelerator", "加速"),
    "incentives.kind.decelerator": ("Decelerator", "减速"),
    "incentives.kind.same": ("Same rate", "系数不变"),
    "sheet_hint.instructions": (
        "Yellow cells are yours to edit; grey cells are filled by the Sales Plan ribbon "
        "buttons or the xl-salesplan command.",
        "黄色单元格由您填写;灰色单元格由“销售计划”功能区按钮或 xl-salesplan 命令填写。",
    ),
    "sheet_hint.assumptions": (
        "Plan-year assumptions (one named cell each) and master data. Edit the yellow cells.",
        "计划年度假设(每项一个命名单元格)和主数据。请编辑黄色单元格。",
    ),
    "sheet_hint.history": (
        "Paste past years' revenue and channel history into the tables; they grow as you add rows.",
        "将历年销售额和渠道历史数据粘贴到表格中;添加行时表格会自动扩展。",
    ),
    "sheet_hint.reps": (
        "One row per rep employed in the history or the plan year, with start and leave dates.",
        "每位在历史期间或计划年度在岗的销售代表一行,含入职和离职日期。",
    ),
    "sheet_hint.targets": (
        "Filled by Build plan: seasonality, the company target by month, regions and reps.",
        "由“生成计划”填写:季节性、公司月度目标、区域和销售代表目标。",
    ),
    "sheet_hint.capacity": (
        "Filled by Build plan. Capacity needed = target x the larger of (1 + over-assignment) "
        "and 1 / expected attainment; coverage = capacity / capacity needed, year to date "
        "(per month if Hiring plan coverage is period). The hiring plan: the fewest new reps "
        "that keep coverage at 100% or more, each starting as late as possible.",
        "由“生成计划”填写。所需产能 = 目标 × (1 + 配额超额分配) 与 1 / 预期达成率 中较大者;"
        "覆盖率 = 产能 / 所需产能,按年初至今累计(招聘计划覆盖口径为“逐月”时按月)。招聘计划:"
        "使覆盖率不低于100%的最少新人数,每人尽量晚入职。",
    ),
    "sheet_hint.funnel": (
        "Filled by Build plan: leads, opportunities and deals needed to reach the target. "
        "Pipeline for deals closing after the plan year is included (those months are taken "
        "to repeat the plan year's same months).",
        "由“生成计划”填写:达成目标所需的线索、商机和成交数。包含为计划年度之后成交所需的"
        "漏斗(假设之后各月与计划年度同月相同)。",
    ),
    "sheet_hint.budget": (
        "Enter channels and the proposed spend (yellow); Optimise budget fills the rest.",
        "填写渠道和拟投入(黄色);“优化预算”填写其余部分。",
    ),
    "sheet_hint.actuals": (
        "Import actuals replaces these tables with the CRM export; you may also paste them. "
        "The grey KPI targets are set by Build plan.",
        "“导入实际数”用CRM导出数据替换这些表格;也可以直接粘贴。灰色的KPI目标由“生成计划”设定。",
    ),
    "sheet_hint.kpi": (
        "Enter KPI definitions (yellow); Flag KPIs fills the tracker and the signals.",
        "填写KPI定义(黄色);“标记KPI”填写跟踪表和信号。",
    ),
    "sheet_hint.dashboard": (
        "Filled by Flag KPIs and Optimise budget; the charts follow the tables.",
        "由“标记KPI”和“优化预算”填写;图表随表格更新。",
    ),
    "sheet_hint.replan": (
        "Filled by Re-plan after the actuals through ActualsThroughMonth: the original plan is "
        "saved as a version first; closed months keep their actuals, the open months share what "
        "the year still needs like the original plan, within each rep's capacity.",
        "在导入截至“已有实际数据的最后月份”的实际数后由“调整计划”填写:先将原计划保存为版本;"
        "已结账月份保留实际数,剩余月份按原计划的比例分摊全年尚需完成的金额,"
        "且不超过各销售代表的产能。",
    ),
    "sheet_hint.incentives": (
        "Enter the incentive plan (yellow): the target incentive, the cap and the payout tiers; "
        "Flag KPIs fills its cost over the quota-risk simulation, what changing each tier does, "
        "and the rep scorecard (attainment, pace, rank, quartile).",
        "填写激励方案(黄色):目标激励、上限和激励分档;“标记KPI”按配额风险模拟计算其成本和调整各档的"
        "影响,并填写销售代表绩效评分卡(达成率、进度、排名、四分位)。",
    ),
    "sheet_hint.market": (
        "Enter the markets by region or product line with the source of their figures, and the "
        "customer assumptions (yellow); Build plan gives the target from each market, the "
        "fair-share split of the plan's target, the share path, the realism check and the "
        "bridge from today's and new customers.",
        "填写各区域或产品线的市场及其数据来源,以及客户假设(黄色);“生成计划”给出各市场推算目标、"
        "计划目标的公平份额、份额路径、可行性检查,以及由现有客户和新客户构成的收入桥。",
    ),
    # the assumptions block
    "assumptions.title": ("Plan assumptions", "计划假设"),
    "assumptions.label": ("Assumption", "假设"),
    "assumptions.value": ("Value", "数值"),
    "assumptions.unit": ("Unit", "单位"),
    "assumptions.description": ("Description", "说明"),
    # charts
    "chart.revenue.title": ("Revenue: target vs actual", "销售额:目标与实际"),
    "chart.revenue.axis": ("Revenue (yuan)", "销售额(元)"),
    "chart.budget.title": (
        "Budget response: optimal outcome by budget",
        "预算响应:不同预算的最优产出",
    ),
    "chart.budget.x": ("Budget (yuan)", "预算(元)"),
    "chart.budget.y": ("Outcome (yuan)", "产出(元)"),
    "chart.budget.frontier": ("Optimal outcome", "最优产出"),
    "chart.budget.optimal": ("Optimal allocation of the budget", "当前预算的最优分配"),
    "chart.budget.proposed": ("Proposed allocation", "拟投入方案"),
    "chart.status.title": ("KPI status", "KPI状态"),
    # data validation
    "validation.title": ("Input", "输入"),
    "validation.error_title": ("Not a valid value", "无效数值"),
    "validation.whole": ("Enter a whole number", "请输入整数"),
    "validation.number": ("Enter a number", "请输入数字"),
    "validation.ratio": ("Enter a percentage", "请输入百分比"),
    "validation.date": ("Enter a date (yyyy-mm-dd)", "请输入日期(如 2026-03-01)"),
    "validation.list": ("Choose a value from the list", "请从列表中选择"),
    "validation.between": ("between {low} and {high}", "介于 {low} 和 {high} 之间"),
    "validation.at_least": ("of at least {low}", "不小于 {low}"),
    # the configuration sheet
    "config.note": (
        "xlwings settings: the module with the Excel functions. Keep interpreter paths out of "
        "this sheet (set them in the xlwings add-in or a user config file).",
        "xlwings 设置:Excel 函数所在模块。请勿在此表填写解释器路径"
        "(在 xlwings 加载项或用户配置文件中设置)。",
    ),
    # styles legend
    "legend.title": ("Cell colours", "单元格颜色"),
    "legend.input": ("Input: yours to edit", "输入:由您填写"),
    "legend.output": (
        "Output: written by a ribbon button or command",
        "输出:由功能区按钮或命令写入",
    ),
    "legend.formula": (
        "Live function: recalculated by Excel through xlwings",
        "实时函数:由 Excel 通过 xlwings 重新计算",
    ),
    "legend.header": ("Header", "表头"),
}  # fmt: skip

#: Named input -> (unit en, unit zh, description en, description zh).
ASSUMPTION_TEXTS: dict[str, tuple[str, str, str, str]] = {
    "PlanYear": ("year", "年", "Year being planned", "计划的年度"),
    "ActualsThroughMonth": ("month", "月", "Last month of the plan year with actuals (0-12)",
                            "计划年度中已有实际数据的最后月份(0-12)"),
    "GrowthTarget": ("%", "%", "Revenue growth over last year's actual revenue",
                     "相对上年实际销售额的增长"),
    "QuotaPerRep": ("yuan", "元", "Full annual quota of a fully ramped rep",
                    "满产销售代表的年度配额"),
    "ExpectedAttainment": ("%", "%", "Average share of quota a ramped rep attains",
                           "满产销售代表平均配额达成率"),
    "OverAssignment": ("%", "%", "Quota cushion: rep quotas add up to target x (1 + this). "
                       "Capacity needed: target x the larger of (1 + this) and 1 / attainment",
                       "配额缓冲:销售代表配额合计 = 目标 × (1 + 该比例)。所需产能 = 目标 × "
                       "(1 + 该比例) 与 1 / 预期达成率 中较大者"),
    "AttritionRate": ("%", "%", "Share of reps expected to leave during a year",
                      "预计一年内离职的比例"),
    "HiringLeadTime": ("months", "月", "Months from opening a position to the start date",
                       "从开放职位到入职的月数"),
    "AvgDealSize": ("yuan", "元", "Average revenue per won deal, all product lines",
                    "每笔成交的平均销售额(全部产品线)"),
    "LeadToOpportunity": ("%", "%", "Share of leads that become opportunities",
                          "线索转化为商机的比例"),
    "OpportunityToWin": ("%", "%", "Share of opportunities that are won", "商机赢单的比例"),
    "SalesCycleMonths": ("months", "月", "Months from opportunity to closed deal",
                         "从商机到成交的月数"),
    "MarketingBudget": ("yuan", "元", "Marketing and sales budget over all channels",
                        "所有渠道的营销与销售预算"),
    "RoundingUnit": ("yuan", "元", "Targets are rounded to multiples of this (1, 100, 1000 ...)",
                     "目标取整到该单位的倍数(1、100、1000……)"),
    "ReplanCatchUp": ("%", "%", "Re-plan: 100% keeps the annual target, 0% re-bases the year "
                      "on the landing at the pace to date, 50% catches up half the gap",
                      "调整计划:100% 保持年度目标,0% 按至今进度预计的全年重新设定,"
                      "50% 追赶一半差距"),
    "TargetIncentive": ("yuan", "元", "Incentive of one rep at 100% attainment for the year",
                        "销售代表全年达成100%时的激励"),
    "PayoutCap": ("%", "%", "Highest payout as a share of the target incentive",
                  "激励上限占目标激励的比例"),
    "TierRateChange": ("%", "%", "What-if: each tier's rate x (1 + this) in turn; its change of "
                       "the cost on the same simulated years is shown beside the tier",
                       "假设:依次将各档系数乘以(1 + 该比例);在相同模拟年份下的成本变化"
                       "显示在该档旁"),
    "ShareGoalYears": ("years", "年", "The shares of tblMarkets move in a straight line from "
                       "this year's share to the goal over this many years (1-5); the plan year is "
                       "the first", "tblMarkets 的份额在这些年内(1-5)从本年份额直线升至目标;"
                       "计划年度为第一年"),
    "ExistingCustomerRevenue": ("yuan", "元", "Last year's revenue of today's customers",
                                "现有客户上年的销售额"),
    "Retention": ("%", "%", "Share of that revenue that stays (at most 100%)",
                  "上年销售额中保留下来的比例(不超过100%)"),
    "Expansion": ("%", "%", "Growth of the retained customers' revenue (upsell, price)",
                  "留存客户销售额的增长(增购、调价)"),
    "FirstYearRevenue": ("yuan", "元", "Revenue of a new customer in its first 12 months",
                         "新客户首12个月的销售额"),
    "LeadToCustomer": ("%", "%", "Share of leads that become customers", "线索转化为客户的比例"),
    "HiringCoverage": ("", "", "cumulative: capacity covers the target year to date at every "
                       "month end; period: every month on its own (hires for the peak month)",
                       "累计:每个月末按年初至今累计覆盖目标;逐月:每个月单独覆盖"
                       "(按旺季月份招聘)"),
    "HolidayPhasing": ("", "", "Chinese New Year: monthly targets follow where the holiday "
                       "falls in the plan year (effect measured on the history); lunar "
                       "holidays: also Dragon Boat and Mid-Autumn; off: calendar months",
                       "春节:月度目标按计划年度春节所在月份分配(影响由历史数据估计);"
                       "农历节日:另含端午、中秋;关闭:按自然月"),
    "Language": ("", "", "Language of status words written by the actions: en or zh-CN",
                 "操作写入的状态文字的语言:en 或 zh-CN"),
}  # fmt: skip

MESSAGES: dict[str, tuple[str, str]] = dict(TEXTS)
for _name, (_unit_en, _unit_zh, _what_en, _what_zh) in ASSUMPTION_TEXTS.items():
    MESSAGES[f"assumption.unit.{_name}"] = (_unit_en, _unit_zh)
    MESSAGES[f"assumption.description.{_name}"] = (_what_en, _what_zh)
