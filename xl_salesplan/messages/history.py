"""Texts of history analysis: seasonal profile quality and cautions.

Examples
--------
>>> MESSAGES["choice.quality.good"]
('good', '良好')
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    "choice.quality.good": ("good", "良好"),
    "choice.quality.fair": ("fair", "一般"),
    "choice.quality.poor": ("poor", "较差"),
    # the HolidayPhasing assumption: which moving holidays phase the plan year
    "choice.holiday_phasing.spring_festival": ("Chinese New Year", "春节"),
    "choice.holiday_phasing.lunar": ("lunar holidays", "农历节日"),
    "choice.holiday_phasing.off": ("off", "关闭"),
    "holiday.spring_festival": ("Chinese New Year", "春节"),
    "holiday.dragon_boat": ("Dragon Boat", "端午"),
    "holiday.mid_autumn": ("Mid-Autumn", "中秋"),
    "holiday.national_day": ("National Day", "国庆"),
    "holiday.effect": ("{holiday} {effect}", "{holiday} {effect}"),
    "holiday.list_separator": (", ", "、"),
    # the plan's phasing line (Targets sheet, plan summary)
    "phasing.holidays": (
        "Holiday-adjusted: sales on a day around the holiday {effects} (from {years} years "
        "of history); {year} January {january}, February {february} vs calendar months",
        "按节假日调整:节日前后每天销售变化 {effects}(基于{years}年历史);"
        "{year}年1月{january}、2月{february}(相对按自然月)",
    ),
    "phasing.off": (
        "Calendar months: the holiday adjustment is turned off (Holiday phasing on Assumptions)",
        "按自然月:节假日调整已关闭(假设表中的“节假日分月”)",
    ),
    "phasing.too_short": (
        "Calendar months: {years} full year(s) of history, the holiday adjustment needs {needed}",
        "按自然月:历史只有{years}个完整年度,节假日调整至少需要{needed}年",
    ),
    "phasing.not_moving": (
        "Calendar months: the holidays fall in the same months every year of the history, "
        "so their effect cannot be told from the season",
        "按自然月:历史各年的节假日都在相同月份,无法与季节性区分",
    ),
}
