"""The input side of the plan workbook: Excel tables, list ranges and named assumptions.

Declarations only (see :mod:`~xl_salesplan.layout` for lookups and
``docs/workbook.md`` for the picture). Table and column keys follow the sample
company's tables (``docs/sample_company.md``); headers are translated, keys are not.
The bilingual master tables hold a name in the workbook's language and one in the
other language: the ``*_zh`` column is "Chinese name" in an English workbook and
"英文名称" (English name) in a Chinese one, whose names are Chinese.

Examples
--------
>>> [c.key for c in INPUT_TABLES["tblChannels"].columns][:6]
['channel', 'channel_name', 'channel_zh', 'budget_floor', 'budget_cap', 'proposed_spend']
>>> NAMED_INPUTS["MarketingBudget"].assumption, NAMED_INPUTS["MarketingBudget"].cell
('marketing_budget_total', 'B18')
"""

from __future__ import annotations

from xl_salesplan.layout.model import LANGUAGES, Column, InputTable, NamedInput

__all__ = [
    "CURVE_KINDS",
    "CURVE_PARAMETER_COLUMNS",
    "INPUT_TABLES",
    "LIST_NAMES",
    "NAMED_INPUTS",
    "TABLE_KEYS",
]

#: Response curve kinds a channel row may name (``xl_salesplan.budget.curves.KINDS``).
CURVE_KINDS = ("hill", "michaelis_menten", "logarithmic", "power", "linear_cap")

#: The response curve's parameters p1-p3, headed by what they mean for each curve kind
#: (the legend under the fitted curves spells them out per kind).
CURVE_PARAMETER_COLUMNS = (
    Column("p1", "Top / scale / rate", "上限/规模/每元产出", "number", width=16),
    Column("p2", "Half-saturation / reference spend / exponent", "半饱和/参考投入/指数",
           "number", width=18),
    Column("p3", "Slope (hill)", "陡峭度(希尔)", "number", width=12),
)  # fmt: skip

_REGION = Column("region", "Region", "区域", "text", choices_name="RegionList", width=12)
_PRODUCT = Column(
    "product_line", "Product line", "产品线", "text", choices_name="ProductList", width=16
)
_REP = Column("rep_id", "Rep ID", "销售代表编号", "text", choices_name="RepList", width=13)
_CHANNEL = Column("channel", "Channel", "渠道", "text", choices_name="ChannelList", width=16)
_KPI = Column("kpi_id", "KPI", "KPI", "text", choices_name="KpiList", width=18)
_MONTH = Column("month", "Month", "月份", "month", width=11)
_YEAR = Column("year", "Year", "年份", "year", 1990, 2100, width=8)
_REVENUE = Column("revenue", "Revenue", "销售额", "money", 0, width=14)
_TIER_RATE = Column("rate", "Payout points per attainment point", "每个达成百分点的激励百分点",
                    "number", 0, 10, width=16)  # fmt: skip

_TABLES = (
    InputTable(
        "tblRamp",
        "assumptions",
        "F5",
        (
            Column("month_in_seat", "Month in seat", "在岗月数", "integer", 1, 60, width=14),
            Column("ramp", "Ramp", "爬坡比例", "ratio", 0, 1, width=10),
        ),
        "Ramp of new reps",
        "新人爬坡",
        source="ramp_profile",
        reserved_rows=12,
    ),
    InputTable(
        "tblRegions",
        "assumptions",
        "B24",
        (
            Column("region", "Region", "区域", "text", width=12),
            Column("region_zh", "Chinese name", "英文名称", "text", width=12),
            Column("provinces", "Provinces", "覆盖省市", "text", width=40),
        ),
        "Regions",
        "区域",
        source="regions",
        reserved_rows=12,
    ),
    InputTable(
        "tblProducts",
        "assumptions",
        "F21",
        (
            Column("product_line", "Product line", "产品线", "text", width=16),
            Column("product_line_zh", "Chinese name", "英文名称", "text", width=12),
            Column("avg_deal_size", "Avg deal size", "平均客单价", "money", 0, width=13),
            Column("sales_cycle_months", "Sales cycle (months)", "销售周期(月)", "integer", 0, 36),
            Column("lead_to_opportunity", "Lead to opportunity", "线索转商机率", "ratio", 0, 1),
            Column("opportunity_to_win", "Opportunity to win", "商机赢单率", "ratio", 0, 1),
        ),
        "Product lines",
        "产品线",
        source="product_lines",
        reserved_rows=12,
    ),
    InputTable(
        "tblHistory",
        "history",
        "A5",
        (
            _MONTH,
            _REGION,
            _PRODUCT,
            _REP,
            _REVENUE,
            Column("deals", "Deals", "成交单数", "integer", 0),
        ),
        "Revenue by month, region, product line and rep (past years)",
        "历史销售额(按月、区域、产品线、销售代表)",
        source="history",
    ),
    InputTable(
        "tblChannelHistory",
        "history",
        "H5",
        (
            _YEAR,
            Column("quarter", "Quarter", "季度", "integer", 1, 4, width=9),
            _CHANNEL,
            Column("spend", "Spend", "投入", "money", 0, width=13),
            Column("leads", "Leads", "线索数", "integer", 0),
            Column("attributed_revenue", "Attributed revenue", "归因销售额", "money", 0, width=18),
        ),
        "Channel spend and outcomes by quarter",
        "渠道投入与产出(按季度)",
        source="channel_history",
    ),
    InputTable(
        "tblReps",
        "reps",
        "A5",
        (
            Column("rep_id", "Rep ID", "销售代表编号", "text", width=13),
            Column("rep_name", "Name", "姓名", "text", width=16),
            Column("rep_name_zh", "Chinese name", "英文姓名", "text", width=12),
            _REGION,
            Column("start_date", "Start date", "入职日期", "date", width=12),
            Column("leave_date", "Leave date", "离职日期", "date", width=12),
        ),
        "Sales team",
        "销售团队",
        source="reps",
    ),
    InputTable(
        "tblAttainment",
        "reps",
        "H5",
        (
            _YEAR,
            _REP,
            _REGION,
            Column("months_in_seat", "Months in seat", "在岗月数", "integer", 0, 12, width=14),
            Column("quota", "Quota", "配额", "money", 0, width=13),
            Column("revenue", "Revenue", "销售额", "money", 0, width=13),
            Column("attainment", "Attainment", "达成率", "ratio", 0, width=11),
        ),
        "Quota attainment in past years",
        "历年配额达成",
        source="rep_quota_history",
    ),
    InputTable(
        "tblChannels",
        "budget",
        "A5",
        (
            Column("channel", "Channel", "渠道", "text", width=16),
            Column("channel_name", "Name", "名称", "text", width=18),
            Column("channel_zh", "Chinese name", "英文名称", "text", width=14),
            Column("budget_floor", "Floor", "下限", "money", 0, width=13),
            Column("budget_cap", "Cap", "上限", "money", 0, width=13),
            Column("proposed_spend", "Proposed spend", "拟投入", "money", 0, width=14),
            Column(
                "curve_kind",
                "Curve kind",
                "曲线类型",
                "text",
                choices=CURVE_KINDS,
                width=16,
                coded="curve_kind",
            ),
            *CURVE_PARAMETER_COLUMNS,
        ),
        "Channels: bounds, proposed spend and response curve (blank parameters: fitted)",
        "渠道:上下限、拟投入与响应曲线(参数留空则由历史数据拟合)",
        source="channels",
    ),
    InputTable(
        "tblActuals",
        "actuals",
        "A5",
        (
            _MONTH,
            _REGION,
            _PRODUCT,
            _REP,
            _REVENUE,
            Column("deals", "Deals", "成交单数", "integer", 0),
        ),
        "Actuals of the plan year (CRM export)",
        "本年度实际数据(CRM导出)",
        source="ytd_actuals",
        written_by="import_actuals",
    ),
    InputTable(
        "tblKpiActuals",
        "actuals",
        "H5",
        (
            _MONTH,
            _KPI,
            Column("target", "Target", "目标", "number", width=15),
            Column("actual", "Actual", "实际", "number", width=15),
        ),
        "KPI targets and actuals by month (grey targets: set by Build plan)",
        "KPI月度目标与实际(灰色目标由“生成计划”设定)",
        source="kpi_actuals",
        # Build plan: the targets of the KPIs the plan determines (revenue, deals_won,
        # new_leads: xl_salesplan.actions.kpi_targets.PLAN_KPI_TARGETS); Import actuals:
        # the actuals of the KPIs the export measures (actions.actuals.KPIS_FROM_ACTUALS).
        column_writers=(("target", "build_plan"), ("actual", "import_actuals")),
    ),
    InputTable(
        "tblKpis",
        "kpi",
        "A5",
        (
            Column("kpi_id", "KPI", "KPI", "text", width=18),
            Column("kpi_name", "Name", "名称", "text", width=18),
            Column("kpi_zh", "Chinese name", "英文名称", "text", width=14),
            Column(
                "direction",
                "Direction",
                "方向",
                "text",
                choices=("higher", "lower"),
                width=14,
                coded="direction",
            ),
            Column(
                "unit",
                "Unit",
                "单位",
                "text",
                choices=("yuan", "count", "ratio", "days"),
                coded="unit",
            ),
            Column(
                "aggregation",
                "Aggregation",
                "汇总方式",
                "text",
                choices=("sum", "mean"),
                coded="aggregation",
            ),
            Column("warn_threshold", "Warn threshold", "预警阈值", "ratio", 0, 1, width=14),
            Column(
                "off_track_threshold", "Off-track threshold", "落后阈值", "ratio", 0, 1, width=14
            ),
        ),
        "KPI definitions (thresholds: adverse variance as a share of target)",
        "KPI定义(阈值:不利偏差占目标的比例)",
        source="kpis",
        reserved_rows=20,
    ),
    InputTable(
        "tblPayoutTiers",
        "incentives",
        "A10",
        (
            Column("attainment_from", "Attainment from", "达成率起点", "ratio", 0, 10, width=34),
            _TIER_RATE,
        ),
        "Payout tiers (the first starts at the threshold)",
        "激励分档(第一档起点即门槛)",
        source="payout_tiers",
        reserved_rows=8,
    ),
    InputTable(
        "tblMarkets",
        "market",
        "A13",
        (
            Column("market", "Region or product line", "区域或产品线", "text", width=34),
            Column("market_size", "Market size this year", "本年市场规模", "money", 0, width=16),
            Column(
                "market_growth", "Market growth per year", "市场年增长率", "ratio", -1, 10, width=13
            ),
            Column("current_share", "Our share this year", "本年市场份额", "ratio", 0, 1, width=13),
            Column("share_goal", "Share goal", "份额目标", "ratio", 0, 1, width=13),
            Column("source", "Source of the figures", "数据来源", "text", width=40),
        ),
        "Markets by region or product line (with the source of each figure)",
        "各区域或产品线的市场(注明数据来源)",
        source="markets",
        reserved_rows=12,
    ),
)
INPUT_TABLES: dict[str, InputTable] = {t.name: t for t in _TABLES}

#: Defined names of the lists that validate key columns: name -> (table, column, rows).
LIST_NAMES: dict[str, tuple[str, str, int]] = {
    "RegionList": ("tblRegions", "region", 12),
    "ProductList": ("tblProducts", "product_line", 12),
    "RepList": ("tblReps", "rep_id", 200),
    "ChannelList": ("tblChannels", "channel", 12),
    "KpiList": ("tblKpis", "kpi_id", 20),
}

#: The columns that identify a row of each input table (what Compare versions matches
#: rows by, so that a new row order is no change).
TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "tblRamp": ("month_in_seat",),
    "tblRegions": ("region",),
    "tblProducts": ("product_line",),
    "tblHistory": ("month", "region", "product_line", "rep_id"),
    "tblChannelHistory": ("year", "quarter", "channel"),
    "tblReps": ("rep_id",),
    "tblAttainment": ("year", "rep_id"),
    "tblChannels": ("channel",),
    "tblActuals": ("month", "region", "product_line", "rep_id"),
    "tblKpiActuals": ("month", "kpi_id"),
    "tblKpis": ("kpi_id",),
    "tblMarkets": ("market",),
    "tblPayoutTiers": ("attainment_from",),
}

# name, cell, kind, English label, Chinese label, sample assumption, minimum, maximum
_NAMED = (
    ("PlanYear", "B6", "year", "Plan year", "计划年度", "plan_year", 2000, 2100),
    ("ActualsThroughMonth", "B7", "integer", "Actuals through month", "实际数据截至月份",
     "actuals_through_month", 0, 12),
    ("GrowthTarget", "B8", "ratio", "Growth target", "增长目标", "growth_target", -1, 10),
    ("QuotaPerRep", "B9", "money", "Annual quota per rep", "人均年度配额",
     "quota_per_rep_annual", 0, None),
    ("ExpectedAttainment", "B10", "ratio", "Expected attainment", "预期达成率",
     "expected_attainment", 0, 3),
    ("OverAssignment", "B11", "ratio", "Over-assignment (quota cushion)", "配额超额分配",
     "over_assignment", 0, 1),
    ("AttritionRate", "B12", "ratio", "Annual attrition", "年流失率", "attrition_annual", 0, 1),
    ("HiringLeadTime", "B13", "integer", "Hiring lead time (months)", "招聘周期(月)",
     "hiring_lead_time_months", 0, 24),
    ("AvgDealSize", "B14", "money", "Average deal size", "平均客单价", "avg_deal_size", 0, None),
    ("LeadToOpportunity", "B15", "ratio", "Lead to opportunity rate", "线索转商机率",
     "lead_to_opportunity", 0, 1),
    ("OpportunityToWin", "B16", "ratio", "Opportunity to win rate", "商机赢单率",
     "opportunity_to_win", 0, 1),
    ("SalesCycleMonths", "B17", "integer", "Sales cycle (months)", "销售周期(月)",
     "sales_cycle_months", 0, 36),
    ("MarketingBudget", "B18", "money", "Marketing and sales budget", "营销与销售预算",
     "marketing_budget_total", 0, None),
)  # fmt: skip

NAMED_INPUTS: dict[str, NamedInput] = {
    name: NamedInput(name, "assumptions", cell, kind, en, zh, key, low, high)
    for name, cell, kind, en, zh, key, low, high in _NAMED
}
NAMED_INPUTS["RoundingUnit"] = NamedInput(
    "RoundingUnit", "assumptions", "B19", "money", "Rounding unit of targets", "目标取整单位",
    minimum=0, default=1000,
)  # fmt: skip
NAMED_INPUTS["Language"] = NamedInput(
    "Language", "assumptions", "B20", "text", "Workbook language", "工作簿语言",
    default="en", choices=LANGUAGES,
)  # fmt: skip
NAMED_INPUTS["ReplanCatchUp"] = NamedInput(
    "ReplanCatchUp", "replan", "B5", "ratio", "Share of the gap to catch up", "追赶差距的比例",
    minimum=0, maximum=1, default=1.0,
)  # fmt: skip
for _name, _cell, _kind, _en, _zh, _default, _high in (
    ("TargetIncentive", "B5", "money", "Target incentive per rep (at 100%)",
     "人均目标激励(达成100%)", 60000, None),
    ("PayoutCap", "B6", "ratio", "Payout cap (share of target incentive)", "发放上限(占目标激励)",
     2.5, 10),
    ("TierRateChange", "B7", "ratio", "Change of a tier's rate (what-if)", "档位系数变动(假设)",
     0.1, 10),
):  # fmt: skip
    NAMED_INPUTS[_name] = NamedInput(
        _name, "incentives", _cell, _kind, _en, _zh, minimum=0, maximum=_high, default=_default
    )
for _name, _cell, _kind, _en, _zh, _default, _high in (
    ("ShareGoalYears", "B5", "integer", "Years to reach the share goals", "达到份额目标的年数", 3,
     5),
    ("ExistingCustomerRevenue", "B6", "money", "Last year's revenue of today's customers",
     "现有客户上年销售额", 52_000_000, None),
    ("Retention", "B7", "ratio", "Gross revenue retention", "客户收入留存率", 0.9, 1),
    ("Expansion", "B8", "ratio", "Expansion of retained customers", "留存客户增购率", 0.1, None),
    ("FirstYearRevenue", "B9", "money", "First-year revenue of a new customer",
     "新客户首年销售额", 300_000, None),
    ("LeadToCustomer", "B10", "ratio", "Leads that become customers", "线索转化为客户的比例",
     0.05, 1),
):  # fmt: skip
    NAMED_INPUTS[_name] = NamedInput(
        _name, "market", _cell, _kind, _en, _zh, minimum=0, maximum=_high, default=_default
    )
NAMED_INPUTS["ShareGoalYears"] = NamedInput(
    "ShareGoalYears", "market", "B5", "integer", "Years to reach the share goals",
    "达到份额目标的年数", minimum=1, maximum=5, default=3,
)  # fmt: skip
NAMED_INPUTS["HiringCoverage"] = NamedInput(
    "HiringCoverage", "assumptions", "B21", "text", "Hiring plan coverage", "招聘计划覆盖口径",
    default="cumulative", choices=("cumulative", "period"), coded="hiring_coverage",
)  # fmt: skip
NAMED_INPUTS["HolidayPhasing"] = NamedInput(
    "HolidayPhasing", "assumptions", "B22", "text", "Holiday phasing", "节假日分月",
    default="spring_festival", choices=("spring_festival", "lunar", "off"),
    coded="holiday_phasing",
)  # fmt: skip
