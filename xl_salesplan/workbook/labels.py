"""Texts of the plan workbook in English and Simplified Chinese.

Sheet names, column headers, block titles and row labels live with the model in
:mod:`~xl_salesplan.workbook.layout`; everything else a planner reads is here:
sheet titles and hints, the assumptions' units and descriptions, status words,
chart titles, data-validation messages and the instructions sheet. Function
names stay English in both languages.

Examples
--------
>>> text("sheet_title.targets", "zh-CN")
'目标分解'
>>> status_words("zh-CN")
('正常', '预警', '落后', '无数据')
>>> month_names("en")[:3], month_names("zh-CN")[11]
(('Jan', 'Feb', 'Mar'), '12月')
"""

from __future__ import annotations

from xl_salesplan.errors import PlanningError
from xl_salesplan.kpi import STATUS_LABELS
from xl_salesplan.workbook.layout_model import LANGUAGES, MONTH_NAMES_EN

__all__ = [
    "ASSUMPTION_TEXTS",
    "INSTRUCTIONS",
    "TEXTS",
    "check_language",
    "month_names",
    "status_words",
    "text",
]


def check_language(language: str) -> str:
    """Return ``language`` if the workbook supports it, else raise a planner's error.

    Examples
    --------
    >>> check_language("zh-CN")
    'zh-CN'
    >>> check_language("fr")
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: language must be one of en, zh-CN; got 'fr'
    """
    if language not in LANGUAGES:
        raise PlanningError(
            f"language must be one of {', '.join(LANGUAGES)}; got {language!r}",
            code="invalid_value",
        )
    return language


#: key -> (English, Simplified Chinese)
TEXTS: dict[str, tuple[str, str]] = {
    # sheet titles (row 1) and hints (row 2)
    "sheet_title.instructions": ("How to use this sales plan workbook", "销售计划工作簿使用说明"),
    "sheet_title.assumptions": ("Assumptions", "假设"),
    "sheet_title.history": ("History", "历史数据"),
    "sheet_title.reps": ("Sales team", "销售团队"),
    "sheet_title.targets": ("Targets", "目标分解"),
    "sheet_title.capacity": ("Capacity and hiring", "人力产能与招聘"),
    "sheet_title.funnel": ("Sales funnel", "销售漏斗"),
    "sheet_title.budget": ("Budget allocation", "预算分配"),
    "sheet_title.actuals": ("Actuals", "实际数据"),
    "sheet_title.kpi": ("KPI tracker", "KPI跟踪"),
    "sheet_title.dashboard": ("Dashboard", "仪表板"),
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
        "由“生成计划”填写。所需产能 = 目标 x (1 + 配额超额分配) 与 1 / 预期达成率 中较大者;"
        "覆盖率 = 产能 / 所需产能,按年初至今累计(招聘计划覆盖口径为 period 时按月)。招聘计划:"
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
    "validation.date": ("Enter a date (yyyy-mm-dd)", "请输入日期(yyyy-mm-dd)"),
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
                       "配额缓冲:销售代表配额合计 = 目标 x (1 + 该比例)。所需产能 = 目标 x "
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
    "HiringCoverage": ("", "", "cumulative: capacity covers the target year to date at every "
                       "month end; period: every month on its own (hires for the peak month)",
                       "cumulative:每个月末按年初至今累计覆盖目标;period:每个月单独覆盖"
                       "(按旺季月份招聘)"),
    "Language": ("", "", "Language of status words written by the actions: en or zh-CN",
                 "操作写入的状态文字的语言:en 或 zh-CN"),
}  # fmt: skip


def text(key: str, language: str = "en") -> str:
    """The text ``key`` of :data:`TEXTS` in ``language``.

    Examples
    --------
    >>> text("chart.status.title", "en")
    'KPI status'
    """
    en, zh = TEXTS[key]
    return zh if check_language(language) == "zh-CN" else en


def status_words(language: str = "en") -> tuple[str, str, str, str]:
    """On track, At risk, Off track, No data in ``language`` (as the KPI engine writes them).

    Examples
    --------
    >>> status_words("en")
    ('On track', 'At risk', 'Off track', 'No data')
    """
    return STATUS_LABELS["zh" if check_language(language) == "zh-CN" else "en"]


def month_names(language: str = "en") -> tuple[str, ...]:
    """Short month names: ``Jan`` .. ``Dec`` or ``1月`` .. ``12月``.

    Examples
    --------
    >>> len(month_names("zh-CN"))
    12
    """
    if check_language(language) == "zh-CN":
        return tuple(f"{m}月" for m in range(1, 13))
    return MONTH_NAMES_EN


# The instructions sheet: (style, English, Chinese) lines; style is "h" (heading),
# "p" (paragraph), "s" (numbered step) or "c" (code/command).
INSTRUCTIONS: tuple[tuple[str, str, str], ...] = (
    ("p", "This workbook is a sales operating plan (销售运营计划) that computes itself: the "
          "planning engine xl-salesplan runs behind the ribbon buttons, the Excel functions and "
          "the command line.",
     "本工作簿是一份能自动计算的销售运营计划:计划引擎 xl-salesplan 通过功能区按钮、Excel 函数和"
     "命令行运行。"),
    ("h", "Before you start", "开始之前"),
    ("p", "Install Python and the package (pip install xl-salesplan), then the xlwings add-in "
          "(xlwings addin install). Ribbon buttons run on Windows and macOS; the Excel functions "
          "run in Windows Excel; the command line runs everywhere.",
     "安装 Python 和软件包(pip install xl-salesplan),再安装 xlwings 加载项(xlwings addin "
     "install)。功能区按钮可在 Windows 和 macOS 上运行;Excel 函数在 Windows 版 Excel 中运行;"
     "命令行可在任何系统上运行。"),
    ("h", "Step by step", "操作步骤"),
    ("s", "Assumptions: set the plan year, growth target, quota per rep, funnel rates and the "
          "budget (yellow cells). Check the regions, product lines and the ramp of new reps.",
     "假设:设置计划年度、增长目标、人均配额、漏斗转化率和预算(黄色单元格)。检查区域、产品线和新人"
     "爬坡比例。"),
    ("s", "History and Sales team: paste at least two full years of monthly revenue by region, "
          "product line and rep, the reps with start and leave dates, and past quota attainment.",
     "历史数据和销售团队:粘贴至少两个完整年度的月度销售额(按区域、产品线和销售代表)、销售代表"
     "及其入职和离职日期,以及历年配额达成情况。"),
    ("s", "Sales Plan > Validate inputs lists every problem with its sheet and cell.",
     "销售计划 > 检查输入:列出所有问题及其所在工作表和单元格。"),
    ("s", "Sales Plan > Build plan fills Targets (seasonality, company, regions, reps), Capacity "
          "(coverage, quota risk, hiring plan) and Funnel, and sets the monthly targets of the "
          "revenue, deals won and new leads KPIs (the grey targets of the KPI table on Actuals) "
          "that Flag KPIs tracks.",
     "销售计划 > 生成计划:填写目标分解(季节性、公司、区域、销售代表)、人力产能(覆盖率、配额风险、"
     "招聘计划)和销售漏斗,并设定销售额、成交单数和新增线索三项KPI的月度目标(实际数据表中KPI表格的"
     "灰色目标),供“标记KPI”跟踪。"),
    ("s", "Budget: enter the channels, their floors and caps and your proposed spend, then "
          "Sales Plan > Optimise budget scores the proposal and finds the best allocation.",
     "预算分配:填写渠道、上下限和拟投入,然后点击 销售计划 > 优化预算,对方案评分并求出最优分配。"),
    ("s", "Every month: Sales Plan > Import actuals reads the CRM export (CSV or XLSX), then "
          "Sales Plan > Flag KPIs updates the KPI tracker and the Dashboard.",
     "每月:销售计划 > 导入实际数 读取CRM导出文件(CSV或XLSX),然后 销售计划 > 标记KPI 更新KPI跟踪"
     "和仪表板。"),
    ("s", "Sales Plan > Share copy writes a values-only copy for colleagues without Python; "
          "Snapshot version keeps a dated copy to compare with later.",
     "销售计划 > 共享副本:为没有 Python 的同事生成仅含数值的副本;版本快照:保存带日期的副本,便于"
     "日后比较。"),
    ("h", "The same from the command line", "命令行中的相同操作"),
    ("c", "xl-salesplan validate plan.xlsm · xl-salesplan plan plan.xlsm · "
          "xl-salesplan budget plan.xlsm · xl-salesplan actuals plan.xlsm crm.csv · "
          "xl-salesplan kpi plan.xlsm · xl-salesplan share plan.xlsm",
     "xl-salesplan validate plan.xlsm · xl-salesplan plan plan.xlsm · "
     "xl-salesplan budget plan.xlsm · xl-salesplan actuals plan.xlsm crm.csv · "
     "xl-salesplan kpi plan.xlsm · xl-salesplan share plan.xlsm"),
    ("h", "Excel functions", "Excel 函数"),
    ("p", "Cells in green use the planning functions (names stay English in every language), "
          "e.g. =SEASONALITY(...), =SPLIT_TARGET(...), =SPLIT_MATRIX(...), =KPI_STATUS(...). They "
          "spill their results and show the last computed values until Excel recalculates them.",
     "绿色单元格使用计划函数(函数名在各语言中均为英文),例如 =SEASONALITY(...)、"
     "=SPLIT_TARGET(...)、=SPLIT_MATRIX(...)、=KPI_STATUS(...)。结果自动溢出,"
     "在 Excel 重新计算之前显示上次计算的数值。"),
    ("h", "KPI status", "KPI状态"),
    ("p", "On track: the adverse variance to date is below the KPI's warn threshold. At risk: "
          "between the warn and the off-track threshold. Off track: beyond the off-track "
          "threshold. Expected to date follows the seasonal phasing, not a straight line. "
          "Revenue, deals won and new leads are tracked against the plan's targets (set by "
          "Build plan: the company target and the funnel); the other KPIs against the targets "
          "you enter on the Actuals sheet.",
     "正常:至今的不利偏差小于该KPI的预警阈值。预警:介于预警阈值与落后阈值之间。落后:超过落后阈值。"
     "“应完成(至今)”按季节性分解计算,而非平均分摊。销售额、成交单数和新增线索按计划目标跟踪"
     "(由“生成计划”根据公司目标和销售漏斗设定);其他KPI按您在实际数据表中填写的目标跟踪。"),
    ("h", "Keep in mind", "注意事项"),
    ("p", "The buttons and commands rewrite only their own grey blocks; tables you extend and "
          "sheets you add are kept. Names such as PlanYear, tblHistory or RegionTargets are how "
          "the code finds things: keep them when you rearrange the workbook.",
     "按钮和命令只改写各自的灰色区域;您扩展的表格和新增的工作表都会保留。PlanYear、tblHistory、"
     "RegionTargets 等名称是程序查找内容的依据:调整工作簿时请保留这些名称。"),
)  # fmt: skip
