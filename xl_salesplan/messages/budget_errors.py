"""Texts of the problems reported by
budget allocation (curves, fitting, allocation, scoring, whole units).

Keys are ``<package>.<module>.<problem>``; the engine raises them with
``PlanningError.of(key, ...)`` and each face renders them in the workbook's language.

Examples
--------
>>> MESSAGES['budget.rule.positive'][1]
'必须是正数'
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    # how a channel or a curve is named in a message (put into the messages below)
    "budget.channel_at": ("{name} (position {position})", "{name}(位置 {position})"),
    "budget.channel_number": ("channel {position}", "渠道 {position}"),
    "budget.channel_amount": ("{channel} {amount}", "{channel} {amount}"),
    "budget.and_more": ("and {count} more", "另有 {count} 个"),
    "budget.curve_number": ("curve {position}", "曲线 {position}"),
    "budget.curve_prefix": ("curve {position}: ", "曲线 {position}:"),
    "budget.rule.not_negative": ("must be a number that is not negative", "必须是非负数"),
    "budget.rule.positive": ("must be a positive number", "必须是正数"),
    "budget.rule.at_most_one": (
        "must be at most 1 (diminishing returns)",
        "不能超过 1(收益递减)",
    ),
    "budget.allocation.empty": (
        "budget: no budget given",
        "budget:没有给出预算",
    ),
    "budget.allocation.negative_budget": (
        "budget must not be negative, got {format_amount_b_pos}",
        "预算不能为负数;收到 {format_amount_b_pos}",
    ),
    "budget.allocation.not_finite": (
        "{cs_label_i}: floor is infinite",
        "{cs_label_i}:下限为无穷大",
    ),
    "budget.allocation.floor_above_cap": (
        "{cs_label_i}: floor {format_amount_lo_i} is above cap {format_amount_hi_i}",
        "{cs_label_i}:下限 {format_amount_lo_i} 高于上限 {format_amount_hi_i}",
    ),
    "budget.allocation.floors_exceed_budget": (
        "floors add up to {format_amount_floor_sum}, which is {format_amount_floor_sum_least}"
        " more than the budget of {format_amount_least} (floors: {who})",
        "下限合计 {format_amount_floor_sum},比预算 {format_amount_least} 多 "
        "{format_amount_floor_sum_least}(下限:{who})",
    ),
    "budget.allocation.caps_below_budget": (
        "caps add up to {format_amount_cap_sum}, which is {format_amount_most_cap_sum} short "
        "of the budget of {format_amount_most} (caps: {who})",
        "上限合计 {format_amount_cap_sum},比预算 {format_amount_most} 少 "
        "{format_amount_most_cap_sum}(上限:{who})",
    ),
    "budget.allocation.must_not_be_negative_got": (
        "{cs_label_i}: {label} must not be negative, got {format_amount_arr_i}",
        "{cs_label_i}:{label} 不能为负数;收到 {format_amount_arr_i}",
    ),
    "budget.allocation.shape_mismatch": (
        "{name} has {out_size} values but there are {n} channels",
        "{name} 有 {out_size} 个值,但有 {n} 个渠道",
    ),
    "budget.curves.unknown_curve_kind": (
        "{where_text}unknown curve kind {kind!r}; expected one of {join_kinds}",
        "{where_text}未知的曲线类型 {kind!r};应为 {join_kinds} 之一",
    ),
    "budget.curves.shape_mismatch": (
        "{name} has {out_size} values but there are {n} curves",
        "{name} 有 {out_size} 个值,但有 {n} 条曲线",
    ),
    "budget.curves.negative_spend": (
        "{name}: spend must not be negative (position {pos})",
        "{name}:投入不能为负数(位置 {pos})",
    ),
    "budget.curves.not_a_curve": (
        "curves: expected response curves, got {__name__}",
        "curves:应为响应曲线;收到 {__name__}",
    ),
    "budget.curves.empty": (
        "curves: no channels given",
        "curves:没有给出渠道",
    ),
    "budget.curves.shape_mismatch_2": (
        "names has {len_label} entries but there are {n} curves",
        "names 有 {len_label} 项,但有 {n} 条曲线",
    ),
    "budget.curves.negative_value": (
        "marginal_return: must not be negative",
        "marginal_return:不能为负数",
    ),
    "budget.curves.shape_mismatch_3": (
        "expected {len_self} values (one per channel), got shape {x_shape}",
        "应为 {len_self} 个值(每个渠道一个);收到形状 {x_shape}",
    ),
    "budget.curves.bad_curve_parameter": (
        "{who}: {kind} {pname} {what}, got {value:g}",
        "{who}:{kind} 的 {pname} {what};收到 {value:g}",
    ),
    "budget.curves.not_a_curve_2": (
        "curves: entry {i} is not a response curve ({cv!r})",
        "curves:第 {i} 项不是响应曲线({cv!r})",
    ),
    "budget.fitting.bad_argument": (
        "slope only applies to hill curves, not {kind_name}; leave it out",
        "slope 只适用于 hill 曲线,不适用于 {kind_name};请去掉它",
    ),
    "budget.fitting.bad_argument_2": (
        "slope must be a positive number, got {slope!r}",
        "slope 必须是正数;收到 {slope!r}",
    ),
    "budget.fitting.too_few_points": (
        "need at least {n_shape_1} points with different positive spend, got {distinct}"
        "{fixed_slope}",
        "至少需要 {n_shape_1} 个投入各不相同且为正的点;收到 {distinct} 个{fixed_slope}",
    ),
    "budget.fitting.shape_mismatch": (
        "spend has {x_size} values but outcome has {y_size}; give one outcome per spend",
        "spend 有 {x_size} 个值,但 outcome 有 {y_size} 个;请每个投入给一个产出",
    ),
    "budget.fitting.blank": (
        "point {pos} has a spend or an outcome but not both",
        "点 {pos} 只有投入或只有产出,缺另一项",
    ),
    "budget.fitting.zero_outcome": (
        "every outcome is zero; a curve needs at least one positive outcome",
        "所有产出都为零;曲线至少需要一个正的产出",
    ),
    "budget.fitting.negative_value": (
        "{label} at point {pos} is negative ({arr_pos:g})",
        "点 {pos} 的 {label} 为负数({arr_pos:g})",
    ),
    "budget.scoring.shape_mismatch": (
        "proposal has {x_size} values but there are {n} channels",
        "proposal 有 {x_size} 个值,但有 {n} 个渠道",
    ),
    "budget.scoring.negative_spend": (
        "proposal: spend of {cs_label_i} is negative ({format_amount_x_i})",
        "proposal:{cs_label_i} 的投入为负数({format_amount_x_i})",
    ),
    "budget.whole_units.shape_mismatch": (
        "unit_cost has {cost_size} values but there are {n} levers",
        "unit_cost 有 {cost_size} 个值,但有 {n} 个杠杆",
    ),
    "budget.whole_units.bad_unit_cost": (
        "{cs_label_i}: unit cost must be positive, got {format_amount_cost_i}",
        "{cs_label_i}:单位成本必须为正;收到 {format_amount_cost_i}",
    ),
    "budget.whole_units.negative_budget": (
        "budget must not be negative, got {format_amount_total}",
        "预算不能为负数;收到 {format_amount_total}",
    ),
    "budget.whole_units.floors_exceed_budget": (
        "minimum units cost {format_amount_need}, which is {format_amount_need_total} more "
        "than the budget of {format_amount_total}",
        "最少单位数的成本为 {format_amount_need},比预算 {format_amount_total} 多 "
        "{format_amount_need_total}",
    ),
    "budget.whole_units.floor_above_cap": (
        "{cs_label_i}: min_units {lo_i} is above max_units {hi_i}",
        "{cs_label_i}:min_units {lo_i} 高于 max_units {hi_i}",
    ),
    "budget.whole_units.too_large": (
        "the budget grid is too fine ({states:,} steps of {format_amount_grid} for {n} "
        "levers); give a larger step (an amount every unit cost is a multiple of)",
        "预算网格太细({states:,} 步,每步 {format_amount_grid},共 {n} 个杠杆);请给更大的步长("
        "每个单位成本都是它的整数倍)",
    ),
    "budget.whole_units.shape_mismatch_2": (
        "{name} has {arr_size} values but there are {n} levers",
        "{name} 有 {arr_size} 个值,但有 {n} 个杠杆",
    ),
    "budget.whole_units.not_whole_units": (
        "{name}: expected a whole number of units at position {i}, got {arr_i:g}",
        "{name}:位置 {i} 应为整数个单位;收到 {arr_i:g}",
    ),
    "budget.whole_units.bad_argument": (
        "step must be positive, got {grid:g}",
        "step 必须为正;收到 {grid:g}",
    ),
    "budget.whole_units.bad_step": (
        "unit cost at position {i} ({format_amount_cost_i}) is not a multiple of the step "
        "{format_amount_grid}",
        "位置 {i} 的单位成本({format_amount_cost_i})不是步长 {format_amount_grid} 的整数倍",
    ),
    "budget.whole_units.needs_step": (
        "unit cost at position {i} ({cost_i:g}) is not a whole number; give step, an amount "
        "every unit cost is a multiple of (e.g. 0.5)",
        "位置 {i} 的单位成本({cost_i:g})不是整数;请给出 step,即每个单位成本都是其整数倍的金额"
        "(例如 0.5)",
    ),
}
