"""Texts of the problems reported by
the Excel functions: what a cell shows for bad input.

Keys are ``<package>.<module>.<problem>``; the engine raises them with
``PlanningError.of(key, ...)`` and each face renders them in the workbook's language.

Examples
--------
>>> MESSAGES['function.cells.is_empty'][1]
'为空'
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    # the one line a cell shows
    "function.line": ("#{function}: {problem}", "#{function}:{problem}"),
    "function.line_argument": (
        "#{function}: {argument} (arg {position}) {problem}",
        "#{function}:{argument}(第 {position} 个参数){problem}",
    ),
    "function.unexpected": (
        "could not compute a result ({detail}); please report",
        "无法计算结果({detail});请报告此问题",
    ),
    "function.result_too_large": (
        "the result would have {cells:,} cells ({rows:,} rows x {columns:,} columns); a formula "
        "returns at most {limit:,} cells: give fewer values or ask for a smaller result",
        "结果将有 {cells:,} 个单元格({rows:,} 行 x {columns:,} 列);一个公式最多返回 {limit:,} "
        "个单元格:请给更少的值,或要求更小的结果",
    ),
    # counted things and what an argument is needed for (put into the messages below)
    "function.needed_for": (" for {use}", "(用于 {use})"),
    "function.counted.budget_channel_pairs": (
        "budget x channel pairs ({budgets:,} budgets x {channels:,} channels, some S-shaped)",
        "个预算 x 渠道组合({budgets:,} 个预算额 x {channels:,} 个渠道,含 S 形曲线)",
    ),
    "function.counted.result_cells": ("result cells", "个结果单元格"),
    "function.counted.years_of_history": ("years of history", "年历史"),
    "function.counted.cells": ("cells", "个单元格"),
    "function.counted.cells_rows_columns": ("cells (rows x columns)", "个单元格(行 x 列)"),
    "function.counted.result_cells_reps_periods": (
        "result cells (reps x periods)",
        "个结果单元格(代表 x 期间)",
    ),
    "function.counted.plan_periods": ("plan periods", "个计划期间"),
    "function.counted.channels": ("channels", "个渠道"),
    "function.counted.points": ("points", "个点"),
    "function.counted.budgets": ("budgets", "个预算额"),
    "function.counted.budgets_s_shaped": ("budgets with S-shaped curves", "个预算额(含 S 形曲线)"),
    "function.counted.the_change": ("the change, e.g. 10%", "变动幅度,例如 10%"),
    "function.counted.the_growth": ("the growth per period, e.g. 2%", "每期增长率,例如 2%"),
    "function.counted.start_and_end": ("the start and end values", "起点值和终点值"),
    # where a cell is
    "function.at_position": (" at position {position}", ",位置 {position}"),
    "function.at_cell": (" at row {row}, column {column}", ",第 {row} 行第 {column} 列"),
    "function.a_date": ("a date ({date})", "日期({date})"),
    "function.text_value": ("text {text}", "文本 {text}"),
    "function.position_pair": ("(row {row}, column {column})", "(第 {row} 行, 第 {column} 列)"),
    "function.adjustment_functions.is_needed_the_number_of": (
        "is needed: the number of closed months",
        "必须填写:已关账的月数",
    ),
    "function.adjustment_functions.is_needed_a_calendar_year": (
        "is needed: a calendar year such as 2026",
        "必须填写:一个公历年份,例如 2026",
    ),
    "function.adjustment_functions.names_holidays_give_at_most": (
        "names {len_names} holidays; give at most 4 of spring_festival, dragon_boat, "
        "mid_autumn, national_day",
        "列出了 {len_names} 个节假日;最多只能给出 spring_festival、dragon_boat、mid_autumn、"
        "national_day 中的 4 个",
    ),
    "function.budget_functions.needs_one_row_per_channel": (
        "needs one row per channel with columns [channel,] kind, p1, p2 [, p3]; got {cols} columns",
        "每个渠道需要一行,列为 [channel,] kind, p1, p2 [, p3];收到 {cols} 列",
    ),
    "function.budget_functions.row_has_no_curve_kind": (
        "row {blank_0_1} has no curve kind",
        "第 {blank_0_1} 行没有曲线类型",
    ),
    "function.budget_functions.has_cells_but_the_curves": (
        "has {values_size} cells but the curves table has {n} channels",
        "有 {values_size} 个单元格,但曲线表有 {n} 个渠道",
    ),
    "function.budget_functions.is_needed_the_planned_spend": (
        "is needed: the planned spend per channel",
        "必须填写:每个渠道的计划投入",
    ),
    "function.budget_functions.has_rows_x_columns_but": (
        "has {x_shape_0} rows x {x_shape_1} columns but there are {n} channels: give one "
        "spend per channel, or one column (or row) per channel",
        "有 {x_shape_0} 行 x {x_shape_1} 列,但有 {n} 个渠道:请每个渠道给一个投入,或每个渠道一"
        "列(或一行)",
    ),
    "function.cells.has_where_a_number_is": (
        "has {what}{where_index_shape} where a number is expected",
        "在应为数字的地方有{what}{where_index_shape}",
    ),
    "function.cells.is_not_one_of": (
        "{describe_item} is not one of {listed}",
        "{describe_item} 不是 {listed} 之一",
    ),
    "function.cells.contains_the_excel_error": (
        "contains the Excel error {error}{where_index_shape}",
        "含有 Excel 错误 {error}{where_index_shape}",
    ),
    "function.cells.has_an_infinite_number": (
        "has an infinite number{where_index_shape}",
        "有无穷大的数{where_index_shape}",
    ),
    "function.cells.is_empty": (
        "is empty",
        "为空",
    ),
    "function.cells.has_rows_of_different_lengths": (
        "has rows of different lengths",
        "各行长度不同",
    ),
    "function.cells.has_cells_a_formula_may": (
        "has {count:,} cells; a formula may pass at most {MAX_CELLS:,} cells in one argument",
        "有 {count:,} 个单元格;一个公式的一个参数最多传 {MAX_CELLS:,} 个单元格",
    ),
    "function.cells.must_be_one_cell_got": (
        "must be one cell, got {grid_size:,} cells",
        "必须是一个单元格;收到 {grid_size:,} 个单元格",
    ),
    "function.cells.is_more_than_the_a": (
        "{count:,} {what} is more than the {limit:,} a cell formula takes",
        "{count:,} 个{what}超过了单元格公式可处理的 {limit:,} 个",
    ),
    "function.cells.has_a_blank_cell": (
        "has a blank cell{where_index_shape}",
        "有空白单元格{where_index_shape}",
    ),
    "function.cells.must_be_a_single_row": (
        "must be a single row or column, got {grid_shape_0} rows x {grid_shape_1} columns",
        "必须是单行或单列;收到 {grid_shape_0} 行 x {grid_shape_1} 列",
    ),
    "function.cells.is_needed_give_one_number": (
        "is needed{when}: give one number",
        "必须填写{when}:请给一个数",
    ),
    "function.cells.must_be_a_whole_number": (
        "must be a whole number, got {number:g}",
        "必须是整数;收到 {number:g}",
    ),
    "function.cells.contains_the_excel_error_2": (
        "contains the Excel error {error}",
        "含有 Excel 错误 {error}",
    ),
    "function.cells.mixes_single_values_and_rows": (
        "mixes single values and rows",
        "混用了单个值和行",
    ),
    "function.history_functions.is_a_date_excel_reads": (
        "is a date (Excel reads 4-4-5 typed in a cell as a date): type '4-4-5 as text or 445",
        "是日期(Excel 会把单元格中输入的 4-4-5 读成日期):请输入 '4-4-5 作为文本,或输入 445",
    ),
    "function.incentive_functions.must_have_2_columns_attainment": (
        "must have 2 columns (attainment from, rate), got {cells_shape_1}",
        "必须有 2 列(达成率起点, 提成率);收到 {cells_shape_1} 列",
    ),
    "function.incentive_functions.has_a_tier_with_a": (
        "has a tier with a blank attainment or rate",
        "有一档的达成率或提成率为空",
    ),
    "function.incentive_functions.simulations_x_reps_is_too": (
        "{sims:,} simulations x {quota_size:,} reps is too many random draws for a cell "
        "formula; use fewer simulations",
        "{sims:,} 次模拟 x {quota_size:,} 位代表的随机抽样次数对单元格公式来说太多;请减少模拟次数",
    ),
    "function.kpi_functions.for_a_table_of_actuals": (
        "for a table of actuals choose one figure: delta, delta_pct, favourable, "
        "favourable_pct or good",
        "对实际数表请选择一个指标:delta、delta_pct、favourable、favourable_pct 或 good",
    ),
    "function.kpi_functions.must_be_a_single_row": (
        "must be a single row or column",
        "必须是单行或单列",
    ),
    "function.kpi_functions.has_no_values": (
        "has no values",
        "没有值",
    ),
    "function.market_functions.has_names_but_there_are": (
        "has {len_labels} names but there are {size_size} markets",
        "有 {len_labels} 个名称,但有 {size_size} 个市场",
    ),
    "function.market_functions.is_needed_with_quotas_for": (
        "is needed with quotas for the probability check",
        "给出 quotas 做概率检查时必须填写",
    ),
    "function.market_functions.simulations_x_reps_is_too": (
        "{sims:,} simulations x {quota_size:,} reps is too many random draws for a cell "
        "formula; use fewer simulations",
        "{sims:,} 次模拟 x {quota_size:,} 位代表的随机抽样次数对单元格公式来说太多;请减少模拟次数",
    ),
    "function.people_functions.has_dates_but_the_target": (
        "has {count} dates but the target has {n} periods",
        "有 {count} 个日期,但目标有 {n} 个期间",
    ),
    "function.people_functions.is_needed_a_number_of": (
        "is needed: a number of periods or their dates",
        "必须填写:期间数或各期间的日期",
    ),
    "function.people_functions.must_be_one_number_or": (
        "must be one number or a single row or column",
        "必须是一个数,或单行或单列",
    ),
    "function.people_functions.simulations_x_reps_is_more": (
        "{sims:,} simulations x {quota_size:,} reps is more than the {MAX_DRAWS:,} random "
        "draws a cell formula may take; use fewer simulations",
        "{sims:,} 次模拟 x {quota_size:,} 位代表超过了单元格公式可用的 {MAX_DRAWS:,} 次随机抽"
        "样;请减少模拟次数",
    ),
    "function.people_functions.must_be_a_number_of": (
        "must be a number of periods or the periods' dates; {item!r}{where_text} is not a date",
        "必须是期间数或各期间的日期;{item!r}{where_text} 不是日期",
    ),
    "function.people_functions.is_but_the_target_has": (
        "is {periods} but the target has {n} periods",
        "为 {periods},但目标有 {n} 个期间",
    ),
    "function.targets_functions.has_cells_but_weights_has": (
        "has {count} cells but weights has {rows} rows and {cols} columns: give one total, a "
        "column of {rows} totals (one per row) or a row of {cols} totals (one per column)",
        "有 {count} 个单元格,但 weights 有 {rows} 行 {cols} 列:请给一个总额、一列 {rows} 个总"
        "额(每行一个)或一行 {cols} 个总额(每列一个)",
    ),
    "function.targets_functions.must_be_one_cell_or": (
        "must be one cell, or a single row or column of totals (one per spread)",
        "必须是一个单元格,或单行或单列的总额(每次分摊一个)",
    ),
    "function.targets_functions.is_not_used_by_leave": (
        "is not used by {how}; leave it empty",
        "{how} 不使用此参数;请留空",
    ),
    "function.targets_functions.for_straight_line_give_two": (
        "for straight_line give two cells, start and end; got {ends_size}",
        "straight_line 需要两个单元格:起点和终点;收到 {ends_size} 个",
    ),
    "function.targets_functions.straight_line_over_several_row": (
        "straight_line over several rows needs one total per row",
        "多行的 straight_line 需要每行一个总额",
    ),
    "function.targets_functions.is_needed_give": (
        "is needed: give {what}",
        "必须填写:请给出 {what}",
    ),
    "function.targets_functions.has_rows_x_columns_but": (
        "has {arr_shape_0} rows x {arr_shape_1} columns but the result has {shape_0} rows x "
        "{shape_1} columns; give the same shape, or one row or column that repeats",
        "有 {arr_shape_0} 行 x {arr_shape_1} 列,但结果有 {shape_0} 行 x {shape_1} 列;请给相同"
        "形状,或给一行或一列重复使用",
    ),
    "function.targets_functions.for_give_a_range_or": (
        "for {method} give a range or a number of cells (1 or more)",
        "{method} 需要一个区域或单元格个数(1 或更多)",
    ),
    "function.targets_functions.is_not_used_by_percent": (
        "is not used by percent_change (the new total is the values changed by param); leave "
        "it empty",
        "percent_change 不使用此参数(新总额是 values 按 param 变动后的结果);请留空",
    ),
    "function.targets_functions.must_be_one_growth_rate": (
        "must be one growth rate, or one per total",
        "必须是一个增长率,或每个总额一个",
    ),
}
