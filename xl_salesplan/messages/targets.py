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
}
