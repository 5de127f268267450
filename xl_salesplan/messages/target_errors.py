"""Texts of the problems reported by
target setting (spreading, rounding, matrices, market, customers, re-plan).

Keys are ``<package>.<module>.<problem>``; the engine raises them with
``PlanningError.of(key, ...)`` and each face renders them in the workbook's language.

Examples
--------
>>> MESSAGES['targets.rule.zero_or_more'][1]
'{name} 必须大于等于零'
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    # rules a spread's input breaks (put into the messages below)
    "targets.rule.zero_or_more": ("{name} must be zero or more", "{name} 必须大于等于零"),
    "targets.rule.pct_at_least": ("pct must be at least -1 (-100%)", "pct 不能低于 -1(-100%)"),
    "targets.rule.rate_at_least": (
        "rate must be at least -1 (-100% per period)",
        "rate 不能低于 -1(每期 -100%)",
    ),
    "targets.bounded_spread.invalid_option": (
        "zero_weights must be 'even' or 'error', got {zero_weights!r}",
        "zero_weights 必须是 'even' 或 'error';收到 {zero_weights!r}",
    ),
    "targets.bounded_spread.shape_mismatch": (
        "{weights_name} must be a list of cells, not a single number",
        "{weights_name} 必须是一组单元格,而不是单个数字",
    ),
    "targets.bounded_spread.empty": (
        "{weights_name} is empty: there are no cells to spread over",
        "{weights_name} 为空:没有可分摊的单元格",
    ),
    "targets.bounded_spread.too_large": (
        "the spread cannot be computed accurately with these amounts: they (or the weights) "
        "span too many orders of magnitude for floating-point arithmetic",
        "这些金额无法精确分摊:它们(或权重)的数量级相差太大,超出浮点运算的范围",
    ),
    "targets.row_prefix": ("row {row}: ", "行 {row}:"),
    "targets.bounded_spread.zero_weights_over": (
        "{row}the cells with a positive weight can take at most {limit} (their caps), {gap} "
        "short of the {rest} to spread; the rest could only go to cells with zero weight "
        "({cells}), which is not allowed while zero_weights is error; set zero_weights to even "
        "to allow it",
        "{row}权重为正的单元格最多可承接 {limit}(其上限),比待分摊的 {rest} 少 {gap};其余只能分给"
        "权重为零的单元格({cells}),而 zero_weights 为 error 时不允许这样做;把 zero_weights 设为 "
        "even 即可",
    ),
    "targets.bounded_spread.zero_weights_under": (
        "{row}the cells with a positive weight can take no less than {limit} (their floors), "
        "{gap} more than the {rest} to spread; the rest could only go to cells with zero weight "
        "({cells}), which is not allowed while zero_weights is error; set zero_weights to even "
        "to allow it",
        "{row}权重为正的单元格至少要承接 {limit}(其下限),比待分摊的 {rest} 多 {gap};其余只能分给"
        "权重为零的单元格({cells}),而 zero_weights 为 error 时不允许这样做;把 zero_weights 设为 "
        "even 即可",
    ),
    "targets.bounded_spread.left": ("{rest} is left to spread", "待分摊的只有 {rest}"),
    "targets.bounded_spread.left_after_holds": (
        "{rest} is left to spread (total {total} minus holds {holds})",
        "待分摊的只有 {rest}(总额 {total} 减去锁定值 {holds})",
    ),
    "targets.bounded_spread.floors_at": (" (floors at {cells})", "(下限位于 {cells})"),
    "targets.bounded_spread.caps_at": (" (caps at {cells})", "(上限位于 {cells})"),
    "targets.bounded_spread.floors_exceed_total": (
        "{row}floors of the free cells add up to {limit} but only {left}: they exceed it by "
        "{gap}{where}",
        "{row}未锁定单元格的下限合计 {limit},但{left}:超出 {gap}{where}",
    ),
    "targets.bounded_spread.caps_below_total": (
        "{row}caps of the free cells add up to {limit} but {left}: {gap} more than the caps "
        "allow{where}",
        "{row}未锁定单元格的上限合计 {limit},但{left}:比上限允许的多 {gap}{where}",
    ),
    "targets.bounded_spread.floor_above_cap": (
        "{row}floor is above cap at {cells}: floor {lows_r_j}, cap {highs_r_j}",
        "{row}下限高于上限,位于 {cells}:下限 {lows_r_j},上限 {highs_r_j}",
    ),
    "targets.bounded_spread.hold_outside_bounds": (
        "{row}held values outside their bounds at {cells}: "
        "the hold at {self_cells_r_cells_0} is {hv_r_j}, {above_its_cap_if_above_else_be} "
        "{bound}",
        "{row}锁定值超出其上下限,位于 {cells}:位置 "
        "{self_cells_r_cells_0} 的锁定值为 {hv_r_j},{above_its_cap_if_above_else_be} {bound}",
    ),
    "targets.bounded_spread.holds_exceed_total": (
        "{row}holds add up to {self_held_sum_r} but the total is {self_totals_r}: they"
        " exceed it by {rest_r} (held {cells})",
        "{row}锁定值合计 {self_held_sum_r},但总额为 {self_totals_r}:超出 {rest_r}(锁定的 {cells})",
    ),
    "targets.bounded_spread.no_free_cells": (
        "{row}every cell is held, and the holds add up to {self_held_sum_r} instead of"
        " the total {self_totals_r} (difference {rest_r})",
        "{row}所有单元格都已锁定,锁定值合计 {self_held_sum_r},而不是总额 "
        "{self_totals_r}(相差 {rest_r})",
    ),
    "targets.bounded_spread.zero_weights_2": (
        "{row}the weights of the free cells ({cells}) are all "
        "zero, so {rest} cannot be spread in proportion to them; set zero_weights to even to "
        "spread it evenly",
        "{row}未锁定单元格({cells})的权重全为零,{rest} 无法按权重"
        "分摊;把 zero_weights 设为 even 可平均分摊",
    ),
    "targets.customers.infeasible": (
        "first_year_revenue is 0, so no number of new customers closes the gap of {gap:g}",
        "first_year_revenue 为 0,再多的新客户也无法弥补 {gap:g} 的缺口",
    ),
    "targets.customers.infeasible_2": (
        "existing_revenue x (1 + expansion) is 0: retention has nothing to act on",
        "existing_revenue x (1 + expansion) 为 0:留存率无从作用",
    ),
    "targets.customers.expansion_below_minus_100": (
        "expansion must be at least -100%, got {grow:g}",
        "expansion 不能低于 -100%;收到 {grow:g}",
    ),
    "targets.customers.negative": (
        "{name} must be 0 or more, got {number:g}",
        "{name} 必须大于等于 0;收到 {number:g}",
    ),
    "targets.customers.shape_mismatch": (
        "{name} must be one number for the year or one per month (12), got {arr_size}",
        "{name} 必须是全年一个数或每月一个数(12 个);收到 {arr_size} 个",
    ),
    "targets.customers.rate_out_of_range": (
        "lead_to_customer must be above 0 and at most 100%, got {rate:g}",
        "lead_to_customer 必须大于 0 且不超过 100%;收到 {rate:g}",
    ),
    "targets.market.out_of_range": (
        "years must be a whole number from 1 to 20, got {years!r}",
        "years 必须是 1 到 20 的整数;收到 {years!r}",
    ),
    "targets.market.shape_mismatch": (
        "market_size, growth, share_goal and current_share must have one value per market (or"
        " one value for all); got {size_size}, {rate_size}, {goal_size} and {start_size}",
        "market_size、growth、share_goal 和 current_share 必须每个市场一个值(或全部共用一个值"
        ");收到 {size_size}、{rate_size}、{goal_size} 和 {start_size} 个",
    ),
    "targets.lines.row": ("row {items}", "第 {items} 行"),
    "targets.lines.rows": ("rows {items}", "第 {items} 行"),
    "targets.lines.rows_more": (
        "rows {items} ... ({count} in all)",
        "第 {items} 行 ...(共 {count} 行)",
    ),
    "targets.lines.column": ("column {items}", "第 {items} 列"),
    "targets.lines.columns": ("columns {items}", "第 {items} 列"),
    "targets.lines.columns_more": (
        "columns {items} ... ({count} in all)",
        "第 {items} 列 ...(共 {count} 列)",
    ),
    "targets.lines.has_total": ("has total", "的总额为"),
    "targets.lines.have_totals": ("have totals", "的总额为"),
    "targets.lines.every_row": ("row", "行"),
    "targets.lines.every_column": ("column", "列"),
    "targets.matrix_spread.infeasible_margins": (
        "{lines} {have} {shown} but the seed is zero in "
        "every {other} with a positive total, so nothing can be placed there",
        "{lines} {have} {shown},但在总额为正的每个{other}里种子矩阵都为零,无处可放",
    ),
    "targets.matrix_spread.not_converged": (
        "the fit did not converge in {passes} passes: the largest margin error is "
        "{reached_rows_worst} on row {worst} (total {rows_worst}, reached {reached}); the "
        "totals are nearly impossible with the seed's zero and very small cells: check the "
        "seed and the totals, or allow more passes",
        "拟合在 {passes} 轮内未收敛:最大的边际误差为 {reached_rows_worst},在行 {worst}(总额 "
        "{rows_worst},达到 {reached});种子矩阵中零和极小的单元格使这些总额几乎无法满足:请检查"
        "种子矩阵和总额,或允许更多轮次",
    ),
    "targets.matrix_spread.invalid_option": (
        "blanks must be 'zero' or 'error', got {blanks!r}",
        "blanks 必须是 'zero' 或 'error';收到 {blanks!r}",
    ),
    "targets.matrix_spread.too_large": (
        "row or column totals are too large: their sum is not a finite number",
        "行或列总额太大:其合计不是有限数",
    ),
    "targets.matrix_spread.totals_mismatch": (
        "row totals add up to {grand_r} but column totals add up to {grand_c} (difference "
        "{grand_r_grand_c}); both must give the same grand total",
        "行总额合计 {grand_r},列总额合计 {grand_c}(相差 {grand_r_grand_c});两者的总计必须相同",
    ),
    "targets.matrix_spread.shape_mismatch": (
        "{name} must be a list of numbers, got shape {arr_shape}",
        "{name} 必须是一组数字;收到形状 {arr_shape}",
    ),
    "targets.matrix_spread.empty": (
        "{name} is empty: the matrix has no cells",
        "{name} 为空:矩阵没有单元格",
    ),
    "targets.matrix_spread.negative_totals": (
        "{name} must be zero or more: negative at {positions_text_bad} ("
        "{join_amount_text_arr_i_for_i_i})",
        "{name} 必须大于等于零:负数位于 {positions_text_bad}({join_amount_text_arr_i_for_i_i})",
    ),
    "targets.matrix_spread.invalid_option_2": (
        "{name} must be a positive number, got {value!r}",
        "{name} 必须是正数;收到 {value!r}",
    ),
    "targets.matrix_spread.invalid_option_3": (
        "max_iter must be a whole number of at least 1, got {value!r}",
        "max_iter 必须是至少为 1 的整数;收到 {value!r}",
    ),
    "targets.matrix_spread.infeasible_margins_2": (
        "the seed's zeros make these totals impossible: {lines_row_row_idx} (totals adding up"
        " to {need}) can only be placed in {col_text}, whose totals add up to {room}: "
        "{need_room} cannot be placed",
        "种子矩阵中的零使这些总额无法满足:{lines_row_row_idx}(总额合计 {need})只能放在 "
        "{col_text},而它们的总额合计只有 {room}:有 {need_room} 放不下",
    ),
    "targets.matrix_spread.shape_mismatch_2": (
        "seed has shape {start_shape} but the totals need shape ({m}, {n}) ({m} row totals, "
        "{n} column totals)",
        "seed 的形状为 {start_shape},但总额需要形状 ({m}, {n})({m} 个行总额,{n} 个列总额)",
    ),
    "targets.matrix_spread.negative_weights": (
        "seed must be zero or more: negative at {positions_text_bad} ({start_bad_0} at {bad_0})",
        "seed 必须大于等于零:负数位于 {positions_text_bad}({start_bad_0},位置 {bad_0})",
    ),
    "targets.realism.target_not_positive": (
        "target must be above 0, got {goal:g}",
        "target 必须大于 0;收到 {goal:g}",
    ),
    "targets.realism.not_positive": (
        "{name} needs numbers above 0 (blanks are skipped)",
        "{name} 需要大于 0 的数(空白会被跳过)",
    ),
    "targets.realism.invalid_option": (
        "{name} must be two numbers, {order}",
        "{name} 必须是两个数,{order}",
    ),
    "targets.realism.order_increasing": ("the second at least the first", "第二个不小于第一个"),
    "targets.realism.order_decreasing": ("the second at most the first", "第二个不大于第一个"),
    "targets.realism.growth_below_minus_100": (
        "market_growth must be above -100%, got {market:g}",
        "market_growth 必须高于 -100%;收到 {market:g}",
    ),
    "targets.realism.out_of_range": (
        "reps must be above 0, got {people:g}",
        "reps 必须大于 0;收到 {people:g}",
    ),
    "targets.realism.out_of_range_2": (
        "probability must be from 0 to 100%, got {chance:g}",
        "probability 必须在 0 到 100% 之间;收到 {chance:g}",
    ),
    "targets.replan.invalid_option": (
        "catch_up must be keep, rebase or a share from 0 to 100%, got {mode!r}",
        "catch_up 必须是 keep、rebase 或 0 到 100% 之间的比例;收到 {mode!r}",
    ),
    "targets.replan.out_of_range": (
        "catch_up must be from 0 (re-base on the landing) to 100% (keep the target), got {share:g}",
        "catch_up 必须在 0(按至今的落地数重定基准)到 100%(保持目标)之间;收到 {share:g}",
    ),
    "targets.replan.blank": (
        "actuals: blank actual at {where_text} in a closed month; every month up to month "
        "{month} needs its actual (0 if nothing was sold)",
        "actuals:已关账月份在 {where_text} 处的实际数为空;直到第 {month} 月的每个月都需要实际"
        "数(没有销售就填 0)",
    ),
    "targets.replan.too_large": (
        "the landing on the pace to date is too large to compute: the original plan to date "
        "is {plan_to_date} against actuals of {to_date}",
        "按至今进度推算的落地数太大,无法计算:原计划至今为 {plan_to_date},实际数为 {to_date}",
    ),
    "targets.replan.shape_mismatch": (
        "{name} must be a row of months or a table (rows x months)",
        "{name} 必须是一行月份或一个表(行 x 月)",
    ),
    "targets.replan.shape_mismatch_2": (
        "{name} has {arr_shape_0} rows x {arr_shape_1} months but the original plan has "
        "{shape_0} x {shape_1}",
        "{name} 有 {arr_shape_0} 行 x {arr_shape_1} 个月,但原计划为 {shape_0} x {shape_1}",
    ),
    "targets.replan.negative": (
        "{name}: negative amount {arr_negative_0} at {where_text}",
        "{name}:{where_text} 处的金额 {arr_negative_0} 为负数",
    ),
    "targets.rounding.rounding_failed": (
        "the matrix cannot be rounded with these totals: the cells' remainders do not add up "
        "to the totals (the totals do not belong to this matrix)",
        "无法按这些总额对矩阵取整:各单元格的余数加起来不等于总额(这些总额不属于该矩阵)",
    ),
    "targets.rounding.shape_mismatch": (
        "values must be a list of cells, not a single number",
        "values 必须是一组单元格,而不是单个数字",
    ),
    "targets.rounding.empty": (
        "values is empty: there are no cells to round",
        "values 为空:没有可取整的单元格",
    ),
    "targets.rounding.shape_mismatch_2": (
        "matrix must have 2 dimensions (rows x columns), got shape {arr_shape}",
        "matrix 必须是二维的(行 x 列);收到形状 {arr_shape}",
    ),
    "targets.rounding.empty_2": (
        "matrix is empty (shape {arr_shape})",
        "matrix 为空(形状 {arr_shape})",
    ),
    "targets.rounding.total_mismatch": (
        "{name} at {positions_text_pos} do not match the matrix: position {first} is "
        "{totals_first} but the matrix adds up to {sums_first}",
        "{name} 在 {positions_text_pos} 处与矩阵不符:位置 {first} 为 {totals_first},但矩阵合"
        "计为 {sums_first}",
    ),
    "targets.rounding.margins_not_multiple": (
        "{name} at {positions_text_pos} ({shown}) are not multiples of the unit {unit}; both "
        "margins must be multiples to round them exactly",
        "{name} 在 {positions_text_pos} 处({shown})不是单位 {unit} 的整数倍;要精确取整,行列两"
        "侧的总额都必须是单位的整数倍",
    ),
    "targets.rounding.invalid_unit": (
        "unit must be a positive number (1, 100, 1000 ...), got {unit!r}",
        "unit 必须是正数(1、100、1000 ...);收到 {unit!r}",
    ),
    "targets.rounding.invalid_unit_2": (
        "unit {unit} is too small for amounts up to {largest}: rounding counts at most "
        "{_MAX_UNITS} whole units exactly; use a larger unit",
        "单位 {unit} 对最大为 {largest} 的金额来说太小:精确取整最多只能数 {_MAX_UNITS} 个整单"
        "位;请用更大的单位",
    ),
    "targets.rounding.total_mismatch_2": (
        "total{row_text_row} is {totals_row} but the values add up to {sums_row} (difference "
        "{totals_row_sums_row})",
        "总额{row_text_row}为 {totals_row},但各值合计为 {sums_row}(相差 {totals_row_sums_row})",
    ),
    "targets.rounding.shape_mismatch_3": (
        "{name} must be true/false per cell with shape {shape}",
        "{name} 必须是每个单元格一个 true/false,形状为 {shape}",
    ),
    "targets.spreading.rule_positions": (
        "{rule}: {positions_text_positions} ({shown})",
        "{rule}:{positions_text_positions}({shown})",
    ),
    "targets.spreading.too_large": (
        "values are too large: their changed total is not a finite number",
        "values 太大:变动后的合计不是有限数",
    ),
    "targets.spreading.invalid_rate": (
        "rate is too large for {count} periods: the growth overflows",
        "对 {count} 个期间来说 rate 太大:增长溢出",
    ),
    "targets.spreading.invalid_option": (
        "blanks must be 'zero' or 'error', got {blanks!r}",
        "blanks 必须是 'zero' 或 'error';收到 {blanks!r}",
    ),
    "targets.spreading.invalid_count": (
        "{name} must not be negative, got {count}",
        "{name} 不能为负数;收到 {count}",
    ),
    "targets.spreading.empty": (
        "{name} is 0: there are no cells to spread over",
        "{name} 为 0:没有可分摊的单元格",
    ),
    "targets.spreading.rule_value": (
        "{rule}: got {values}",
        "{rule}:收到 {values}",
    ),
    "targets.spreading.shape_mismatch": (
        "n_or_shape must not be an empty shape",
        "n_or_shape 不能是空形状",
    ),
    "targets.spreading.shape_mismatch_2": (
        "pct has shape {change_shape} but values has shape {v_shape}",
        "pct 的形状为 {change_shape},但 values 的形状为 {v_shape}",
    ),
    "targets.spreading.shape_mismatch_3": (
        "start, end and total cannot be matched row by row (shapes {shapes})",
        "start、end 和 total 无法逐行对应(形状 {shapes})",
    ),
    "targets.spreading.shape_mismatch_4": (
        "total has shape {total_shape} and rate has shape {growth_shape}: they cannot be "
        "matched row by row",
        "total 的形状为 {total_shape},rate 的形状为 {growth_shape}:两者无法逐行对应",
    ),
    "targets.spreading.invalid_count_2": (
        "{name} must be a whole number of cells, got {n!r}",
        "{name} 必须是单元格个数(整数);收到 {n!r}",
    ),
}
