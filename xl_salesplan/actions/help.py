"""Show help: what each ribbon button does and which command does the same.

The texts are the ribbon's own labels and tips (:mod:`xl_salesplan.vba.ribbon`),
in the workbook's language, so the help always matches the buttons.
"""

from __future__ import annotations

from xl_salesplan.actions.result import ActionResult
from xl_salesplan.vba.ribbon import SALES_PLAN_TAB

__all__ = ["COMMAND_OF_MACRO", "show_help"]

#: Ribbon macro -> the command that runs the same action on a file.
COMMAND_OF_MACRO: dict[str, str] = {
    "build_plan": "xl-salesplan plan",
    "optimise_budget": "xl-salesplan budget",
    "validate_inputs": "xl-salesplan validate",
    "import_actuals": "xl-salesplan actuals",
    "flag_kpis": "xl-salesplan kpi",
    "share_copy": "xl-salesplan share",
    "snapshot_version": "xl-salesplan snapshot",
    "show_help": "xl-salesplan --help",
}


def show_help(language: str = "en") -> ActionResult:
    """One line per ribbon button (``language`` ``"en"`` or ``"zh-CN"``).

    Examples
    --------
    >>> print(show_help().lines[0][:48])
    Build plan (xl-salesplan plan): Spread the targe
    >>> print(show_help("zh-CN").lines[0][:24])
    生成计划 (xl-salesplan plan)
    """
    chinese = language.lower().startswith("zh")

    def text(local: object) -> str:
        return local.zh_cn if chinese else local.en  # type: ignore[attr-defined]

    lines = [
        f"{text(button.label)} ({COMMAND_OF_MACRO.get(button.macro, 'xl-salesplan')}): "
        f"{text(button.supertip)}"
        for group in SALES_PLAN_TAB.groups
        for button in group.buttons
    ]
    title = (
        "销售计划：按钮与对应命令（详见“使用说明”工作表）"
        if chinese
        else "Sales Plan: the buttons and the matching commands (see the Instructions sheet)"
    )
    return ActionResult("show_help", title, {"topics": lines}, lines=lines)
