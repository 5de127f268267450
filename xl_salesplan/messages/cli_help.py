"""Texts of the command line's help, of argparse's own words and of the progress bar.

argparse writes its words (``usage:``, ``options``, ``the following arguments are
required: %s`` ...) through ``gettext``; :data:`ARGPARSE_WORDS` maps each of them to its
key here, so ``xl-salesplan --lang zh-CN`` shows them in Chinese. Those texts keep
argparse's ``%`` fields.

Examples
--------
>>> MESSAGES[ARGPARSE_WORDS["usage: "]]
('usage: ', '用法: ')
"""

from __future__ import annotations

__all__ = ["ARGPARSE_WORDS", "MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    # the description and the commands
    "cli.help.description": (
        "Sales planning on workbook files, without Excel: every command runs the same action\n"
        "as its button on the Sales Plan ribbon and changes only the cells that action owns\n"
        "(saved atomically). Start with:  xl-salesplan demo\n\n"
        "exit codes: 0 success, 1 error, 2 bad command line, 3 the inputs have problems\n"
        "(validate) or doctor found a problem\n",
        "在工作簿文件上做销售计划,无需 Excel:每个命令都运行与“销售计划”功能区上对应按钮相同的\n"
        "操作,只改动该操作负责的单元格(原子保存)。从这里开始:  xl-salesplan demo\n\n"
        "退出码:0 成功,1 出错,2 命令行有误,3 输入有问题(validate)或 doctor 发现问题\n",
    ),
    "cli.help.demo": (
        "build a complete plan workbook from the sample company, run every action on it and "
        "print a summary",
        "用示例公司生成一个完整的计划工作簿,在其上运行每项操作并打印摘要",
    ),
    "cli.help.new": (
        "write a new plan workbook (from the template)",
        "写出一个新的计划工作簿(来自模板)",
    ),
    "cli.help.plan": (
        "build the plan: targets, capacity, hiring plan, funnel",
        "生成计划:目标、产能、招聘计划、销售漏斗",
    ),
    "cli.help.budget": ("optimise the budget across channels", "在各渠道之间优化预算"),
    "cli.help.actuals": (
        "import actuals from a CRM export (CSV or XLSX): deals, or KPI actuals (month, KPI "
        "name, value)",
        "从 CRM 导出文件(CSV 或 XLSX)导入实际数:成交数据,或 KPI 实际数(月份、KPI 名称、数值)",
    ),
    "cli.help.kpi": ("flag KPIs: pace, status and signals", "标记 KPI:进度、状态和信号"),
    "cli.help.share": (
        "write a values-only .xlsx copy for sharing",
        "写出只含数值的 .xlsx 副本用于共享",
    ),
    "cli.help.snapshot": ("save the plan's values as a version", "把计划的数值保存为一个版本"),
    "cli.help.replan": (
        "re-plan the open months after the actuals: save the current plan as a version, then "
        "write original vs re-plan side by side",
        "根据实际数重新规划未关账月份:先把当前计划保存为一个版本,再并排写出原计划与新计划",
    ),
    "cli.help.diff": ("compare two versions cell by cell", "逐单元格比较两个版本"),
    "cli.help.validate": (
        "list every problem of the inputs with its cell",
        "列出输入中的每个问题及其单元格",
    ),
    "cli.help.doctor": (
        "check that Excel on this computer can run the workbook's Python: xlwings package and "
        "add-in, start-up folder, interpreter, the Excel functions' module and the workbook's "
        "xlwings.conf sheet, references and code names; says what to do for each problem",
        "检查这台电脑上的 Excel 能否运行工作簿的 Python:xlwings 包和加载项、启动文件夹、解释器、"
        "Excel 函数模块,以及工作簿的 xlwings.conf 工作表、引用和代码名称;对每个问题说明该怎么做",
    ),
    "cli.help.template": ("build the workbook template", "生成工作簿模板"),
    # the options
    "cli.help.json": ("print the result as one JSON object", "把结果打印为一个 JSON 对象"),
    "cli.help.debug": ("show the traceback of an error", "出错时显示回溯信息"),
    "cli.help.quiet": ("no progress bar", "不显示进度条"),
    "cli.help.progress": (
        "how a command that takes more than a few seconds shows what it does on stderr: bar (a "
        "status line), lines (for logs), off; default auto: a bar on a terminal, else off",
        "耗时超过几秒的命令如何在标准错误输出上显示进度:bar(一行状态)、lines(用于日志)、off;"
        "默认 auto:在终端上显示进度条,否则不显示",
    ),
    "cli.help.lang": (
        "language of the messages (default: the workbook's language, else the system's); for "
        "demo, new and template also the workbook's language (default en)",
        "消息的语言(默认:工作簿的语言,其次是系统语言);对 demo、new 和 template 也是新工作簿的"
        "语言(默认 en)",
    ),
    "cli.help.workbook": ("the plan workbook (.xlsm)", "计划工作簿(.xlsm)"),
    "cli.help.new_workbook": ("the workbook to write (.xlsm)", "要写出的工作簿(.xlsm)"),
    "cli.help.wait": (
        "how long to wait while another command changes the same workbook (default {default})",
        "另一个命令正在修改同一工作簿时等待多久(默认 {default})",
    ),
    "cli.help.demo_output": (
        "the workbook to write (default {default})",
        "要写出的工作簿(默认 {default})",
    ),
    "cli.help.force": ("replace an existing file", "替换已有文件"),
    "cli.help.standalone": (
        "carry xlwings' own VBA modules (from the installed xlwings package) instead of a "
        "reference to the xlwings add-in, so Excel needs no add-in (see docs/excel_setup.md)",
        "携带 xlwings 自己的 VBA 模块(来自已安装的 xlwings 包),而不是引用 xlwings 加载项,"
        "这样 Excel 无需加载项(见 docs/excel_setup.md)",
    ),
    "cli.help.source": ("the export file (.csv or .xlsx)", "导出文件(.csv 或 .xlsx)"),
    "cli.help.map": (
        "which export column feeds an actuals column (month, region, product_line, rep_id, "
        'revenue, deals; of a KPI file: month, kpi, value, region), e.g. --map month="Close '
        'Date"; repeatable',
        "哪个导出列对应实际数的哪一列(month, region, product_line, rep_id, revenue, deals;"
        ' KPI 文件:month, kpi, value, region),例如 --map month="Close Date";可重复',
    ),
    "cli.help.kpi_file": (
        "the export holds KPI actuals, one row per month and KPI (names in English or Chinese, "
        "as in the KPI table); default: found from its columns (a KPI column and no revenue "
        "column)",
        "导出文件是 KPI 实际数,每个月份和 KPI 一行(名称用英文或中文,与 KPI 表一致);默认:"
        "根据其列判断(有 KPI 列且没有收入列)",
    ),
    "cli.help.sheet": (
        "sheet of an .xlsx export (default: the first)",
        ".xlsx 导出文件的工作表(默认:第一个)",
    ),
    "cli.help.decimal": (
        "the decimal mark of the export's numbers (default: found from the numbers; a number "
        "that reads both ways is refused)",
        "导出文件中数字的小数点(默认:从数字推断;两种读法都说得通的数字会被拒绝)",
    ),
    "cli.help.replace_all": (
        "replace the whole actuals table (default: replace only the months in the export and "
        "keep the others)",
        "替换整个实际数表(默认:只替换导出文件中的月份,保留其他月份)",
    ),
    "cli.help.share_output": (
        "the copy to write (default '<name> (share).xlsx')",
        "要写出的副本(默认 '<name> (share).xlsx')",
    ),
    "cli.help.keep_hidden": (
        "keep hidden sheets (default: removed)",
        "保留隐藏的工作表(默认:删除)",
    ),
    "cli.help.snapshot_output": (
        "the snapshot (default '<name> versions/<name> <time>.xlsx')",
        "快照文件(默认 '<name> versions/<name> <time>.xlsx')",
    ),
    "cli.help.label": ("a note stored with the snapshot", "与快照一起保存的备注"),
    "cli.help.catch_up": (
        "keep the annual target, re-base it on the landing at the pace to date, or catch up a "
        "share of the gap, e.g. 50%% (default: the workbook's ReplanCatchUp)",
        "保持年度目标、按至今进度的落地数重定基准,或追回缺口的一部分,例如 50%%"
        "(默认:工作簿的 ReplanCatchUp)",
    ),
    "cli.help.replan_snapshot": (
        "where to save the current plan first (default '<name> versions/<name> <time>.xlsx')",
        "先把当前计划保存到哪里(默认 '<name> versions/<name> <time>.xlsx')",
    ),
    "cli.help.before": ("the older version", "较早的版本"),
    "cli.help.after": ("the newer version", "较新的版本"),
    "cli.help.limit": (
        "changes listed (default 40; 0 lists none)",
        "列出的变动条数(默认 40;0 表示不列出)",
    ),
    "cli.help.book": ("a plan workbook to check", "要检查的计划工作簿"),
    "cli.help.template_output": (
        "the file to write (default {default})",
        "要写出的文件(默认 {default})",
    ),
    # what the command line's own checks of a value say
    "cli.bad_seconds": (
        "{text!r} is not a number of seconds from 0 to 3600",
        "{text!r} 不是 0 到 3600 之间的秒数",
    ),
    "cli.bad_catch_up": (
        "expected keep, rebase or a share such as 50%, got {text!r}",
        "应为 keep、rebase 或 50% 这样的比例;收到 {text!r}",
    ),
    "cli.bad_count": (
        "{text!r} is not a count: use a whole number of 0 or more",
        "{text!r} 不是个数:请用大于等于 0 的整数",
    ),
    # argparse's own words (its % fields are kept)
    "cli.argparse.usage": ("usage: ", "用法: "),
    "cli.argparse.positionals": ("positional arguments", "位置参数"),
    "cli.argparse.options": ("options", "选项"),
    "cli.argparse.help": ("show this help message and exit", "显示此帮助信息并退出"),
    "cli.argparse.required": (
        "the following arguments are required: %s",
        "缺少以下参数:%s",
    ),
    "cli.argparse.invalid_choice": (
        "invalid choice: %(value)r (choose from %(choices)s)",
        "无效的选择:%(value)r(可选:%(choices)s)",
    ),
    "cli.argparse.unrecognized": ("unrecognized arguments: %s", "无法识别的参数:%s"),
    "cli.argparse.argument": (
        "argument %(argument_name)s: %(message)s",
        "参数 %(argument_name)s:%(message)s",
    ),
    "cli.argparse.invalid_value": (
        "invalid %(type)s value: %(value)r",
        "无效的 %(type)s 值:%(value)r",
    ),
    "cli.argparse.one_argument": ("expected one argument", "需要一个值"),
    "cli.argparse.at_least_one": ("expected at least one argument", "至少需要一个值"),
    "cli.argparse.at_most_one": ("expected at most one argument", "最多只能有一个值"),
    "cli.argparse.ambiguous": (
        "ambiguous option: %(option)s could match %(matches)s",
        "有歧义的选项:%(option)s 可能是 %(matches)s",
    ),
    "cli.argparse.not_allowed": ("not allowed with argument %s", "不能与参数 %s 同时使用"),
    "cli.argparse.one_required": ("one of the arguments %s is required", "必须给出参数 %s 之一"),
    "cli.argparse.ignored": ("ignored explicit argument %r", "忽略了显式参数 %r"),
    "cli.argparse.expected_n": ("expected %s argument", "需要 %s 个值"),
    "cli.argparse.expected_ns": ("expected %s arguments", "需要 %s 个值"),
    # what an action is doing (the progress bar)
    "progress.reading_workbook": ("reading the workbook", "读取工作簿"),
    "progress.reading_table": ("reading {name}", "读取 {name}"),
    "progress.writing_actuals": ("writing the actuals", "写入实际数"),
    "progress.writing_kpi_actuals": ("writing the KPI actuals", "写入 KPI 实际数"),
    "progress.done": ("done", "完成"),
    "progress.fitting": ("fitting curves and optimising", "拟合曲线并优化"),
    "progress.writing_budget": ("writing the budget", "写入预算"),
    "progress.computing_kpis": ("computing pace, status and signals", "计算进度、状态和信号"),
    "progress.writing_kpis": ("writing the KPI tracker", "写入 KPI 跟踪表"),
    "progress.computing_plan": (
        "computing targets, capacity and funnel",
        "计算目标、产能和销售漏斗",
    ),
    "progress.writing_plan": ("writing the plan", "写入计划"),
    "progress.writing_sheet": ("writing {sheet}", "写入 {sheet}"),
    "progress.reading_replan": ("reading inputs and the current plan", "读取输入和当前计划"),
    "progress.saving_version": (
        "saving the current plan as a version",
        "把当前计划保存为一个版本",
    ),
    "progress.replanning": ("re-planning the open months", "重新规划未关账月份"),
    "progress.writing_replan": ("writing the re-plan", "写入重新规划"),
    "progress.checking": ("checking", "检查中"),
    "progress.reading_assumptions": ("reading the assumptions", "读取假设"),
    "progress.demo_template": ("building the workbook from the template", "从模板生成工作簿"),
    "progress.validating": ("validating inputs", "检查输入"),
    "progress.demo_plan": ("building the plan", "生成计划"),
    "progress.demo_budget": ("optimising the budget", "优化预算"),
    "progress.demo_actuals": ("importing actuals", "导入实际数"),
    "progress.demo_kpis": ("flagging KPIs", "标记 KPI"),
    "progress.saving": ("saving", "保存中"),
    "progress.demo_share": ("writing the share copy and a snapshot", "写出共享副本和版本快照"),
    "progress.reading_plan": ("reading the plan", "读取计划"),
}

#: argparse's words (as it passes them to gettext) -> their keys above.
ARGPARSE_WORDS: dict[str, str] = {
    "usage: ": "cli.argparse.usage",
    "positional arguments": "cli.argparse.positionals",
    "options": "cli.argparse.options",
    "show this help message and exit": "cli.argparse.help",
    "the following arguments are required: %s": "cli.argparse.required",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "expected one argument": "cli.argparse.one_argument",
    "expected at least one argument": "cli.argparse.at_least_one",
    "expected at most one argument": "cli.argparse.at_most_one",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
    "not allowed with argument %s": "cli.argparse.not_allowed",
    "one of the arguments %s is required": "cli.argparse.one_required",
    "ignored explicit argument %r": "cli.argparse.ignored",
    "expected %s argument": "cli.argparse.expected_n",
    "expected %s arguments": "cli.argparse.expected_ns",
}
