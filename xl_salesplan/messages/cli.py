"""Texts of the command line and of the actions' one-line results.

Examples
--------
>>> MESSAGES["cli.interrupted"][0]
'interrupted; the workbook is unchanged'
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    # the command line itself
    "cli.error_line": ("{prog} {command}: {line}", "{prog} {command}:{line}"),
    "cli.usage_error": (
        "{prog}: error: {problem} (see {prog} --help)",
        "{prog}:错误:{problem}(参见 {prog} --help)",
    ),
    "cli.interrupted": ("interrupted; the workbook is unchanged", "已中断;工作簿未改动"),
    "cli.internal": (
        "internal error ({detail}); run again with --debug for details",
        "内部错误({detail});加 --debug 重新运行可查看详情",
    ),
    "cli.file_exists": (
        "{path}: the file exists; use --force to replace it",
        "{path}:文件已存在;如需替换请加 --force",
    ),
    "cli.not_xlsm": (
        "{path}: a plan workbook has macros, so its name must end in .xlsm",
        "{path}:计划工作簿含宏,文件名必须以 .xlsm 结尾",
    ),
    "cli.no_template_builder": (
        "the workbook template builder is not installed with this version",
        "此版本未安装工作簿模板生成器",
    ),
    "cli.template_written": (
        "Template written to {path} ({language}).",
        "模板已写入 {path}({language})。",
    ),
    "cli.new_written": (
        "New plan workbook written to {path}; it holds the sample company's data: replace "
        "the input tables with yours, then run the actions.",
        "新计划工作簿已写入 {path};其中是示例公司的数据:请用您的数据替换输入表格,"
        "然后运行各项操作。",
    ),
    # progress labels
    "cli.progress.reading": ("reading inputs", "读取输入"),
    "cli.progress.saving": ("saving", "保存中"),
    "cli.progress.share": ("writing the share copy", "生成共享副本"),
    "cli.progress.comparing": ("comparing", "比较中"),
    "cli.progress.template": ("building the template", "生成模板"),
    "cli.progress.reading_part": (
        "reading {part} ({megabytes:,.0f} MB)…",
        "正在读取 {part}({megabytes:,.0f} MB)…",
    ),
    "cli.progress.writing_part": (
        "writing {part} ({megabytes:,.0f} MB)…",
        "正在写入 {part}({megabytes:,.0f} MB)…",
    ),
    "cli.progress.workbook": ("building the workbook", "生成工作簿"),
    # the actions' one-line results
    "action.plan.done": (
        "Plan built: annual target {target} ({growth} on {last}), {hires} new rep(s) to hire.",
        "计划已生成:年度目标 {target}(较 {last} {growth}),需招聘 {hires} 名新销售代表。",
    ),
    "action.budget.done": (
        "Budget optimised: the proposal returns {proposed}, the best allocation {optimal} "
        "({gain_pct}); one more yuan of budget returns {multiplier}.",
        "预算已优化:拟投入方案产出 {proposed},最优分配产出 {optimal}({gain_pct});"
        "每多投入一元预算可多产出 {multiplier}。",
    ),
    "action.kpi.done": ("KPIs flagged: {counts}.", "KPI已标记:{counts}。"),
    "action.kpi.count": ("{count} {status}", "{status} {count}"),
    "action.kpi_actuals.done": (
        "Imported {count} KPI actual(s) of {kpis} KPI(s) ({first} to {last}) from {source}; run "
        "Flag KPIs to update the tracker.",
        "已从 {source} 导入 {kpis} 个KPI的 {count} 个实际值({first} 至 {last});"
        "请运行“标记KPI”更新跟踪表。",
    ),
    "action.actuals.done": (
        "Imported {rows} row(s) of actuals ({first} to {last}, revenue {revenue}) from "
        "{source}; the actuals table has {table_rows} row(s).",
        "已从 {source} 导入 {rows} 行实际数据({first} 至 {last},销售额 {revenue});"
        "实际数据表共 {table_rows} 行。",
    ),
    "action.validate.ok": ("Inputs are valid: no problems found.", "输入有效:未发现问题。"),
    "action.validate.problems": ("{count} problem(s) in the inputs:", "输入中有 {count} 个问题:"),
    "action.validate.more": ("... and {count} more", "……另有 {count} 个"),
    "action.validate.more_line": ("  ... and {count} more", "  ……另有 {count} 个"),
    "action.share.done": (
        "Share copy written to {path}: {formulas} formula(s) replaced by their values, no "
        "macros, no xlwings.conf.",
        "共享副本已写入 {path}:{formulas} 个公式已替换为数值,不含宏和 xlwings.conf。",
    ),
    "action.snapshot.done": (
        "Snapshot written to {path} ({sheets} sheets, {cells} values).",
        "版本快照已写入 {path}({sheets} 个工作表,{cells} 个数值)。",
    ),
    "action.demo.done": (
        "Demo plan workbook written to {path} in {seconds} s.",
        "演示计划工作簿已写入 {path},用时 {seconds} 秒。",
    ),
    "action.demo.targets": ("Targets by region:", "各区域目标:"),
    "action.demo.total": ("Total", "合计"),
    "action.demo.budget": (
        "Budget: proposal returns {proposed}; optimal allocation {optimal} (gain {gain}, {pct})",
        "预算:拟投入方案产出 {proposed};最优分配产出 {optimal}(增益 {gain},{pct})",
    ),
    "action.demo.kpi": ("KPI status: {counts}", "KPI状态:{counts}"),
    "action.demo.market": (
        "From the market: target {market} against the plan's {target}; realism check: {verdict}",
        "基于市场:目标 {market},计划目标 {target};可行性检验:{verdict}",
    ),
    "action.demo.customers": (
        "Customers: {existing} from today's customers, {new} new customers needed "
        "({leads} leads)",
        "客户:现有客户贡献 {existing},需新增客户 {new} 个(线索 {leads} 条)",
    ),
    "action.demo.phasing": ("Phasing: {line}", "月度分配:{line}"),
    "action.demo.replan": (
        "Re-plan after {closed} month(s): landing on the pace to date {landing}; keeping "
        "{total} is short of capacity by {short}",
        "调整计划({closed} 个月后):按目前进度预计全年 {landing};保持 {total} 则产能缺口 {short}",
    ),
    "action.demo.replan_met": (
        "Re-plan after {closed} month(s): landing on the pace to date {landing}; {total} fits "
        "within capacity",
        "调整计划({closed} 个月后):按目前进度预计全年 {landing};{total} 在产能范围内",
    ),
    "action.demo.incentives": (
        "Incentive cost: expected {expected}, P90 {p90} ({share} of revenue)",
        "激励成本:期望 {expected},P90 {p90}(占销售额 {share})",
    ),
    "action.demo.share": ("Share copy: {path}", "共享副本:{path}"),
    "action.demo.snapshot": ("Snapshot: {path}", "版本快照:{path}"),
}  # fmt: skip
