"""Texts of the problems reported by
the checks of engine inputs (numbers, blanks, shapes, ranges).

Keys are ``<package>.<module>.<problem>``; the engine raises them with
``PlanningError.of(key, ...)`` and each face renders them in the workbook's language.

Examples
--------
>>> MESSAGES['input.positions.many'][1]
'位置 {items}'
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    # what a value is, the rule it breaks, why (put into the messages below)
    "input.what.value": ("value", "值"),
    "input.what.market_size": ("market size", "市场规模"),
    "input.what.quota": ("quota", "配额"),
    "input.what.attainment": ("attainment", "达成率"),
    "input.what.rate": ("rate", "提成率"),
    "input.what.incentive": ("incentive", "激励"),
    "input.why.zero_or_more": ("it must be 0 or more", "必须大于等于 0"),
    "input.why.attainment": (
        "attainment is bookings / quota and cannot be below 0",
        "达成率 = 业绩 / 配额,不能低于 0",
    ),
    "input.why.payout": (
        "a payout cannot fall when attainment rises",
        "达成率上升时提成不能下降",
    ),
    "input.rule.market_growth": (
        "at least -100% (a market cannot shrink below nothing)",
        "不低于 -100%(市场不会缩小到零以下)",
    ),
    "input.rule.shares": ("shares between 0 and 1 (0% to 100%)", "0 到 1 之间的占比(0% 到 100%)"),
    "input.rule.above_zero": ("above 0", "大于 0"),
    "input.rule.rate": (
        "above 0 and at most 1 (0% < rate <= 100%)",
        "大于 0 且不超过 1(0% < 比率 <= 100%)",
    ),
    "input.rule.lags": (
        "whole numbers of periods from 0 to {most}",
        "0 到 {most} 之间的整数期间数",
    ),
    "input.hint.lags": (
        "; use shorter periods, e.g. weeks, for cycles that are not whole months",
        ";周期不是整月时请用更短的期间,例如周",
    ),
    "input.positions.one": ("position {items}", "位置 {items}"),
    "input.positions.many": ("positions {items}", "位置 {items}"),
    "input.positions.many_more": (
        "positions {items} ... ({count} in all)",
        "位置 {items} ...(共 {count} 个)",
    ),
    "input.validation.negative": (
        "{name}: negative {what} {first:g} at position {positions_0} (negative at "
        "{at_positions}); {why}",
        "{name}:位置 {positions_0} 的{what} {first:g} 为负数(负数位于 {at_positions});{why}",
    ),
    "input.validation.must_be_position_is_out": (
        "{name} must be {rule}; position {i} is {values_i:g} (out of range at {bad_tolist}){hint}",
        "{name} 必须{rule};位置 {i} 为 {values_i:g}(超出范围的位置 {bad_tolist}){hint}",
    ),
    "input.validation.not_finite": (
        "{name}: infinite value at position {pos}",
        "{name}:位置 {pos} 的值为无穷大",
    ),
    "input.validation.blank": (
        "{name}: blank value at position {pos}",
        "{name}:位置 {pos} 的值为空",
    ),
    "input.validation.not_finite_2": (
        "{name}: expected a number, got {value!r}",
        "{name}:应为数字;收到 {value!r}",
    ),
    "input.validation.shape_mismatch": (
        "{name} must be a single row or column of numbers, got shape {arr_shape}",
        "{name} 必须是单行或单列数字;收到形状 {arr_shape}",
    ),
    "input.validation.negative_2": (
        "{name}: negative {what} {values:g}; {why}",
        "{name}:{what} {values:g} 为负数;{why}",
    ),
    "input.validation.shape_mismatch_2": (
        "{name} has shape {arr_shape} but the cells have shape {shape}",
        "{name} 的形状为 {arr_shape},但单元格的形状为 {shape}",
    ),
    "input.validation.shape_mismatch_3": (
        "{name} has shape {arr_shape} but {rows} is expected",
        "{name} 的形状为 {arr_shape},但应为 {rows}",
    ),
    "input.validation.not_a_number": (
        "{name}: value at position {pos} is not a number ({item!r})",
        "{name}:位置 {pos} 的值不是数字({item!r})",
    ),
}
