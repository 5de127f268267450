"""Texts of the share copy: its cover sheet, its document description, what it removed.

Examples
--------
>>> MESSAGES["share.cover.title"][1]
'销售计划(数值副本)'
"""

from __future__ import annotations

__all__ = ["COVER_LINES", "MESSAGES"]

#: Keys of the cover sheet's lines, in order.
COVER_LINES: tuple[str, ...] = ("share.cover.01", "share.cover.02", "share.cover.03")

MESSAGES: dict[str, tuple[str, str]] = {
    "share.cover.title": ("Sales plan (values-only copy)", "销售计划(数值副本)"),
    "share.cover.01": (
        "This is a finished copy of a sales plan, made for reading and sharing. Every number "
        "is the value the plan held when the copy was made: there are no formulas, macros or "
        "buttons, and nothing in it recalculates.",
        "这是一份已完成的销售计划副本,供阅读和分享。其中每个数字都是生成副本时计划中的数值:"
        "没有公式、宏或按钮,也不会重新计算。",
    ),
    "share.cover.02": (
        "Each sheet keeps its tables, charts and formatting: start with the Targets and the "
        "Dashboard sheets.",
        "各工作表保留了表格、图表和格式:可以从“目标分解”和“仪表板”工作表看起。",
    ),
    "share.cover.03": (
        "To change the plan, ask its owner: changes are made in the plan workbook, which "
        "then makes a new copy.",
        "如需修改计划,请联系计划负责人:修改在计划工作簿中进行,然后重新生成副本。",
    ),
    "share.description": (
        "Values-only copy of a sales plan workbook, for reading and sharing.",
        "销售计划工作簿的数值副本,供阅读和分享。",
    ),
    "share.hidden_removed": (
        "Hidden sheets removed: {sheets} (use --keep-hidden-sheets to keep them).",
        "已删除隐藏的工作表:{sheets}(如需保留请加 --keep-hidden-sheets)。",
    ),
}
