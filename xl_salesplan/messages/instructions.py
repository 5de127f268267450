"""The instructions sheet: (style, English, Chinese) lines.

Style is ``"h"`` (heading), ``"p"`` (paragraph), ``"s"`` (numbered step) or ``"c"``
(code/command). :data:`MESSAGES` holds them as ``instructions.NN`` keys.

Examples
--------
>>> INSTRUCTIONS[1][:2], MESSAGES["instructions.01"][1]
(('h', 'Before you start'), '开始之前')
"""

from __future__ import annotations

__all__ = ["INSTRUCTIONS", "MESSAGES"]

INSTRUCTIONS: tuple[tuple[str, str, str], ...] = (
    ("p", "This workbook is a sales operating plan (销售运营计划) that computes itself: the "
          "planning engine xl-salesplan runs behind the ribbon buttons, the Excel functions and "
          "the command line.",
     "本工作簿是一份能自动计算的销售运营计划:计划引擎 xl-salesplan 通过功能区按钮、Excel 函数和"
     "命令行运行。"),
    ("h", "Before you start", "开始之前"),
    ("p", "Install Python, then this project from its repository folder or a wheel file "
          "(python -m pip install <folder or .whl>; it is not on the package index), then, "
          "with Excel closed, the xlwings add-in (xlwings addin install). "
          "xl-salesplan doctor checks the setup and says what to do; docs/excel_setup.md "
          "explains each step.",
     "先安装 Python,再从仓库文件夹或安装包(.whl 文件)安装本项目(python -m pip install <文件夹或 "
     ".whl 文件>;软件包索引中没有本项目),然后关闭 Excel,安装 xlwings 加载项(xlwings addin "
     "install)。xl-salesplan doctor 可检查安装并给出解决办法;docs/excel_setup.md 逐步说明。"),
    ("h", "What works where", "各环境下的功能"),
    ("p", "Windows Excel with macros enabled and Python with this project: everything. The "
          "ribbon buttons run, and the Excel functions on Targets (seasonality) and on the KPI "
          "tracker (status) recalculate as you edit.",
     "Windows 版 Excel(已启用宏,并安装了 Python 和本项目):全部功能。功能区按钮可运行,"
     "“目标分解”(季节性)和“KPI跟踪”(状态)中的 Excel 函数会随编辑自动重算。"),
    ("p", "Excel for Mac with macros enabled and Python with this project: the ribbon buttons "
          "run; Excel functions do not run on a Mac, so those cells show the values the last "
          "button wrote.",
     "Mac 版 Excel(已启用宏,并安装了 Python 和本项目):功能区按钮可运行;Mac 上不能运行 "
     "Excel 函数,这些单元格显示上次按钮写入的数值。"),
    ("p", "Macros blocked (a file from e-mail or a download), Excel without Python, LibreOffice, "
          "WPS or a share copy: every number shows as the last button or command wrote it, and "
          "the function cells show their written values instead of an error. The buttons do "
          "nothing there; run them, or the command line, where Python is installed to update.",
     "宏被阻止(来自邮件或下载的文件)、未安装 Python 的 Excel、LibreOffice、WPS 或共享副本:"
     "所有数字都显示为上次按钮或命令写入的数值,函数单元格显示写入的数值而不是错误。这些环境中"
     "按钮不起作用;请在安装了 Python 的电脑上运行按钮或命令行来更新。"),
    ("p", "The command line xl-salesplan does the work of every button on any computer with "
          "Python (Windows, macOS, Linux), without Excel.",
     "命令行 xl-salesplan 可在任何安装了 Python 的电脑(Windows、macOS、Linux)上完成所有按钮的"
     "工作,无需 Excel。"),
    ("h", "Step by step", "操作步骤"),
    ("s", "Assumptions: set the plan year, growth target, quota per rep, funnel rates and the "
          "budget (yellow cells). Check the regions, product lines and the ramp of new reps.",
     "假设:设置计划年度、增长目标、人均配额、漏斗转化率和预算(黄色单元格)。检查区域、产品线和新人"
     "爬坡比例。"),
    ("s", "Sales history and Sales team: paste at least two full years of monthly revenue by "
          "region, product line and rep, the reps with start and leave dates, and past quota "
          "attainment.",
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
    ("s", "Every month: Sales Plan > Import actuals reads the CRM export (CSV or XLSX; deals, or "
          "KPI actuals as month, KPI name, value), then Sales Plan > Flag KPIs updates the KPI "
          "tracker and the Dashboard.",
     "每月:销售计划 > 导入实际数 读取CRM导出文件(CSV或XLSX;成交数据,或按月份、指标名称、数值"
     "排列的KPI实际值),然后 销售计划 > 标记KPI 更新KPI跟踪和仪表板。"),
    ("s", "When the year drifts from the plan: Sales Plan > Re-plan saves the current plan as a "
          "version, then spreads what the year still needs over the open months within each "
          "rep's capacity (Re-plan sheet: original vs re-plan side by side; the cell Share of "
          "the gap to catch up keeps the target at 100% or re-bases it on the landing at 0%).",
     "当全年进度偏离计划时:销售计划 > 调整计划 先将当前计划保存为版本,再在各销售代表产能之内把全年"
     "尚需完成的金额分摊到剩余月份(调整计划表:原计划与调整计划并列;“追赶差距的比例”为100%时保持"
     "目标,为0%时按预计全年重新设定)。"),
    ("s", "Sales Plan > Share copy writes a values-only copy for colleagues without Python; "
          "Snapshot version keeps a dated copy to compare with later.",
     "销售计划 > 共享副本:为没有 Python 的同事生成仅含数值的副本;版本快照:保存带日期的副本,便于"
     "日后比较。"),
    ("h", "The same from the command line", "命令行中的相同操作"),
    ("c", "xl-salesplan validate plan.xlsm · xl-salesplan plan plan.xlsm · "
          "xl-salesplan budget plan.xlsm · xl-salesplan actuals plan.xlsm crm.csv · "
          "xl-salesplan kpi plan.xlsm · xl-salesplan replan plan.xlsm · "
          "xl-salesplan share plan.xlsm",
     "xl-salesplan validate plan.xlsm · xl-salesplan plan plan.xlsm · "
     "xl-salesplan budget plan.xlsm · xl-salesplan actuals plan.xlsm crm.csv · "
     "xl-salesplan kpi plan.xlsm · xl-salesplan replan plan.xlsm · "
     "xl-salesplan share plan.xlsm"),
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

MESSAGES: dict[str, tuple[str, str]] = {
    f"instructions.{i:02d}": (en, zh) for i, (_, en, zh) in enumerate(INSTRUCTIONS)
}
