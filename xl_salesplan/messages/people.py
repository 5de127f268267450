"""Texts of people planning: hiring coverage words, rounding of counts.

Examples
--------
>>> MESSAGES["choice.hiring_coverage.period"]
('period', '逐月')
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    "choice.hiring_coverage.cumulative": ("cumulative", "累计"),
    "choice.hiring_coverage.period": ("period", "逐月"),
    # bad inputs of the incentive plan
    "people.incentives.tiers_not_increasing": (
        "tiers must start at increasing attainment; the tier at position {position} starts at "
        "{start}, not above the tier before it ({before})",
        "各档起点的达成率必须逐档递增;第 {position} 档起点为 {start},未高于前一档({before})",
    ),
    "people.incentives.change_below_minus_100": (
        "change must be at least -100% (a rate cannot fall below 0), got {change}",
        "系数变动不能低于 -100%(系数不能小于0),当前为 {change}",
    ),
}
