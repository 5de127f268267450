"""Texts of ``xl-salesplan upgrade``: an older release's plan moved to the current template.

Examples
--------
>>> MESSAGES["upgrade.next_step"][0].format(path="new.xlsm")  # doctest: +ELLIPSIS
'Next: run `xl-salesplan plan new.xlsm` (or the Build plan button) to recompute ...'
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    "upgrade.written": (
        "Upgraded {old} to the current template: {path} ({tables} input tables and {names} "
        "input cells carried over; {old} is unchanged).",
        "已将 {old} 升级到当前模板:{path}(沿用了 {tables} 个输入表和 {names} 个输入单元格;"
        "{old} 未改动)。",
    ),
    "upgrade.new_inputs": (
        "New inputs with their defaults: {items}",
        "新增输入(使用默认值):{items}",
    ),
    "upgrade.new_table": (
        "{name} (sample rows: replace them with yours)",
        "{name}(示例行:请替换为您的数据)",
    ),
    "upgrade.new_name": ("{name} = {value}", "{name} = {value}"),
    "upgrade.not_carried": (
        "Not carried over from {old} (still there): {items}",
        "未从 {old} 沿用(原文件中仍保留):{items}",
    ),
    "upgrade.extra_sheet": ("sheet '{name}'", "工作表“{name}”"),
    "upgrade.extra_table": ("table {name}", "表 {name}"),
    "upgrade.old_name": ("input {name} = {value}", "输入 {name} = {value}"),
    "upgrade.separator": ("; ", ";"),
    "upgrade.blank_value": ("(blank)", "(空)"),
    "upgrade.dropped_columns": (
        "columns of {name} the current template does not have: {columns}",
        "当前模板中没有的 {name} 列:{columns}",
    ),
    "upgrade.results": (
        "Results are not copied (the actions recompute them): {sheets}",
        "结果未复制(由各操作重新计算):{sheets}",
    ),
    "upgrade.next_step": (
        "Next: run `xl-salesplan plan {path}` (or the Build plan button) to recompute the results.",
        "下一步:运行 `xl-salesplan plan {path}`(或点击“生成计划”按钮)重新计算结果。",
    ),
    "upgrade.same_file": (
        "{path}: the upgraded workbook must be a new file, not the old one",
        "{path}:升级后的工作簿必须是新文件,不能覆盖旧文件",
    ),
    "upgrade.not_a_plan": (
        "{path}: not a plan workbook made from the xl-salesplan template (it has no table "
        "tblRegions or tblReps); nothing to upgrade",
        "{path}:不是由 xl-salesplan 模板生成的计划工作簿(没有表 tblRegions 或 tblReps);"
        "无可升级内容",
    ),
    "cli.help.upgrade": (
        "copy the inputs of a plan workbook made with an older release into the current "
        "template (a new file)",
        "把旧版本生成的计划工作簿的输入复制到当前模板中(写出新文件)",
    ),
    "cli.help.upgrade_output": (
        "the new workbook to write (default: OLD with .upgraded before .xlsm)",
        "要写出的新工作簿(默认:旧文件名加 .upgraded 后缀)",
    ),
    "cli.help.old_workbook": (
        "the plan workbook made with an older release (left unchanged)",
        "旧版本生成的计划工作簿(不会被改动)",
    ),
    "upgrade.progress.template": ("writing the current template", "正在写出当前模板"),
    "upgrade.progress.carrying": ("carrying over {name}", "正在沿用 {name}"),
    "upgrade.progress.saving": ("saving", "正在保存"),
}
