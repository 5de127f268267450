"""Texts of target setting and re-planning.

Examples
--------
>>> MESSAGES["replan.shortfall"][1]
'剩余月份需要 {need},但其产能只有 {capacity}:缺口 {short}'
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    "replan.shortfall": (
        "the remaining months need {need} but their capacity is {capacity}: short by {short}",
        "剩余月份需要 {need},但其产能只有 {capacity}:缺口 {short}",
    ),
    "replan.excess": (
        "actuals and held months already pass the annual total {total} by {excess}",
        "实际数与锁定月份已超过全年总额 {total},超出 {excess}",
    ),
    # bad inputs of target setting and re-planning
    "targets.replan.month_outside_year": (
        "the re-plan month must be from 1 to {periods} (the months with actuals); got {got}",
        "调整计划的月份必须在 1 到 {periods} 之间(已有实际数据的月份);当前为 {got}",
    ),
    "targets.market.share_out_of_range": (
        "{name} must be from 0 to 100% (a share of the market); position {position} is "
        "{value} (out of range at [{listed}])",
        "{name} 必须在 0 到 100% 之间(市场份额);位置 {position} 的值为 {value}"
        "(超出范围的位置 [{listed}],从 0 起数)",
    ),
    "targets.customers.retention_out_of_range": (
        "retention must be from 0 to 100% (the share of last year's revenue that stays; "
        "put growth in expansion), got {value}",
        "客户收入留存率必须在 0 到 100% 之间(上年销售额中保留下来的比例;增长请填在增购率中),"
        "当前为 {value}",
    ),
    # the re-plan action
    "action.replan.month_outside_year": (
        "{cell} (Actuals through month): a re-plan needs the months with actuals, from 1 to "
        "{periods}; got {got}",
        "{cell}(实际数据截至月份):调整计划需要已有实际数据的月份,应在 1 到 {periods} 之间;"
        "当前为 {got}",
    ),
    "action.replan.done": (
        "Re-plan written: annual total {total} after {closed} closed month(s) (landing on the "
        "pace to date {landing}); the original is on the Re-plan sheet beside it.",
        "调整计划已写入:{closed} 个已结账月份后全年总额 {total}(按目前进度预计全年 {landing});"
        "原计划在“调整计划”工作表中并列显示。",
    ),
    "action.replan.done_saved": (
        "Re-plan written: annual total {total} after {closed} closed month(s) (landing on the "
        "pace to date {landing}); the original is on the Re-plan sheet beside it and saved as "
        "{snapshot}.",
        "调整计划已写入:{closed} 个已结账月份后全年总额 {total}(按目前进度预计全年 {landing});"
        "原计划在“调整计划”工作表中并列显示,并已保存为 {snapshot}。",
    ),
    "action.replan.done_short": (
        "Re-plan written: annual total {total} after {closed} closed month(s) (landing on the "
        "pace to date {landing}); the original is on the Re-plan sheet beside it. Not reachable "
        "within capacity: the remaining months need {need} but their capacity is {capacity}: "
        "short by {short}.",
        "调整计划已写入:{closed} 个已结账月份后全年总额 {total}(按目前进度预计全年 {landing});"
        "原计划在“调整计划”工作表中并列显示。产能不足以达成:剩余月份需要 {need},"
        "但其产能只有 {capacity}:缺口 {short}。",
    ),
    "action.replan.done_saved_short": (
        "Re-plan written: annual total {total} after {closed} closed month(s) (landing on the "
        "pace to date {landing}); the original is on the Re-plan sheet beside it and saved as "
        "{snapshot}. Not reachable within capacity: the remaining months need {need} but their "
        "capacity is {capacity}: short by {short}.",
        "调整计划已写入:{closed} 个已结账月份后全年总额 {total}(按目前进度预计全年 {landing});"
        "原计划在“调整计划”工作表中并列显示,并已保存为 {snapshot}。产能不足以达成:"
        "剩余月份需要 {need},但其产能只有 {capacity}:缺口 {short}。",
    ),
}
