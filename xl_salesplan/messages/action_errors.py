"""Texts of the problems reported by
the actions (Build plan, Optimise budget, Import actuals ...) and the layout.

Keys are ``<package>.<module>.<problem>``; the engine raises them with
``PlanningError.of(key, ...)`` and each face renders them in the workbook's language.

Examples
--------
>>> MESSAGES['action.plan.empty'][1]
'区域表为空'
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    # the problems Validate inputs finds (a cell, its label, what is wrong)
    "validate.located": ("{where}: {problem}", "{where}:{problem}"),
    "validate.line": ("  {problem}", "  {problem}"),
    "validate.labelled": ("{label}: {text}", "{label}:{text}"),
    "validate.more_problems": (
        " (and {count} more problem(s): run Validate inputs for the list)",
        "(另有 {count} 个问题:运行“检查输入”查看清单)",
    ),
    "validate.blank_enter": ("is blank; enter a value", "为空;请填写一个值"),
    "validate.blank": ("is blank", "为空"),
    "validate.not_one_of": ("{value} is not one of {choices}", "{value} 不是 {choices} 之一"),
    "validate.not_a_number": ("{value} is not a number", "{value} 不是数字"),
    "validate.not_a_date": ("{value} is not a date", "{value} 不是日期"),
    "validate.above_zero": ("must be above 0", "必须大于 0"),
    "validate.not_in_table": ("{value} is not in table {table}", "{value} 不在表 {table} 中"),
    "validate.repeated": ("{value} appears more than once", "{value} 出现了不止一次"),
    "validate.leave_before_start": (
        "{leave} is before the start date {start}",
        "{leave} 早于入职日期 {start}",
    ),
    "validate.ramp_down": ("the ramp must not go down", "爬坡比例不能下降"),
    "validate.ramp_end": (
        "the last month of the ramp must be 100% (1.0)",
        "爬坡的最后一个月必须是 100%(1.0)",
    ),
    "validate.cap_below_floor": (
        "the cap {cap} is below the floor {floor}",
        "上限 {cap} 低于下限 {floor}",
    ),
    "validate.off_track_below_warn": (
        "must be at least the warn threshold ({warn})",
        "不能低于预警阈值({warn})",
    ),
    "validate.history_months": (
        "the history has no rows for {months}; the target is last year's revenue, so all 12 "
        "months are needed",
        "历史数据中没有 {months} 的行;目标基于去年的收入,所以 12 个月都需要",
    ),
    "validate.budget_below_floors": (
        "Marketing and sales budget: {budget} is below the channel floors, which add up to "
        "{floors}",
        "市场与销售预算:{budget} 低于各渠道下限之和 {floors}",
    ),
    "validate.block_too_small": (
        "{count} {what}: the block {block} ({title}) holds at most {capacity} rows; {action} "
        "would refuse them: remove {extra}",
        "{count} 个{what}:区块 {block}({title})最多容纳 {capacity} 行;“{action}”会拒绝:请删除 "
        "{extra} 个",
    ),
    "validate.rows_of.tblKpis": ("KPIs", "KPI 指标"),
    "validate.rows_of.tblReps": ("reps", "销售代表"),
    "validate.rows_of.tblRegions": ("regions", "区域"),
    "validate.rows_of.tblChannels": ("channels", "渠道"),
    "validate.rows_of.tblMarkets": ("markets", "市场"),
    "validate.rows_of.tblPayoutTiers": ("payout tiers", "提成档位"),
    "validate.rows_of.rows": ("rows", "行"),
    "validate.rows_of.history_years": ("years of history", "历史年份"),
    "validate.action.build_plan": ("Build plan", "生成计划"),
    "validate.action.optimise_budget": ("Optimise budget", "优化预算"),
    "validate.action.flag_kpis": ("Flag KPIs", "标记 KPI"),
    "validate.action.import_actuals": ("Import actuals", "导入实际数"),
    "validate.market_unknown": (
        "{market!r} is not a region of tblRegions or a product line of tblProducts{hint}",
        "{market!r} 既不是 tblRegions 中的区域,也不是 tblProducts 中的产品线{hint}",
    ),
    "validate.market_closest": (" (closest: {names})", "(最接近:{names})"),
    "validate.market_kind.region": ("region", "区域"),
    "validate.market_kind.regions": ("regions", "区域"),
    "validate.market_kind.product line": ("product line", "产品线"),
    "validate.market_kind.product lines": ("product lines", "产品线"),
    "validate.market_mixed": (
        "{market!r} is a {kind} but the markets above are {kinds}: list either regions or "
        "product lines",
        "{market!r} 是{kind},但上面的市场是{kinds}:请只列区域或只列产品线",
    ),
    "validate.no_tier": (
        "the incentive plan needs at least one tier: its threshold and rate",
        "提成方案至少需要一个档位:其起点和比率",
    ),
    "validate.budget_above_caps": (
        "Marketing and sales budget: {budget} is above the channel caps, which add up to {caps}",
        "市场与销售预算:{budget} 高于各渠道上限之和 {caps}",
    ),
    "validate.too_large": (
        "{value} is larger than any plan figure can be (Excel keeps 15 digits)",
        "{value} 超过了任何计划数字可能的大小(Excel 只保留 15 位数字)",
    ),
    "validate.below_minimum": (
        "{value} is below the minimum {minimum}",
        "{value} 低于最小值 {minimum}",
    ),
    "validate.above_maximum": (
        "{value} is above the maximum {maximum}",
        "{value} 高于最大值 {maximum}",
    ),
    "validate.not_whole": ("{value} is not a whole number", "{value} 不是整数"),
    # the lines under a result
    "plan.kpi_targets_line": (
        "  KPI targets set by the plan: {kpis} ({cells} cells of tblKpiActuals)",
        "  计划设定的 KPI 目标:{kpis}(tblKpiActuals 中 {cells} 个单元格)",
    ),
    "plan.and_more": (" and {count} more", " 等另 {count} 项"),
    "plan.kpi_targets_missing": (
        "  warning: tblKpiActuals has no row for {shown}{more}: add these months for Flag KPIs "
        "to track the plan's targets",
        "  警告:tblKpiActuals 中没有 {shown}{more} 的行:请添加这些月份,"
        '"标记 KPI"才能跟踪计划的目标',
    ),
    "action.actuals_records.bad_mapping": (
        "{source}: cannot find the column(s) for {join_missing}; map them, e.g. --map "
        'month="Close Date" (the file\'s columns: {listed})',
        '{source}:找不到 {join_missing} 对应的列;请映射,例如 --map month="Close Date"(文件中'
        "的列:{listed})",
    ),
    "action.actuals_records.bad_mapping_2": (
        "{source}: mapping {key_name}={name!r}, but the file has no column {name!r} (its "
        "columns: {listed})",
        "{source}:映射 {key_name}={name!r},但文件中没有 {name!r} 列(文件中的列:{listed})",
    ),
    "action.actuals_records.bad_mapping_column": (
        "mapping: {column!r} is not an actuals column; use {columns}",
        "映射:{column!r} 不是实际数的列;请使用 {columns}",
    ),
    "action.actuals_records.bad_mapping_3": (
        "mapping: {item!r} must look like column=Export header (e.g. month=Close Date)",
        "映射:{item!r} 应写成 列=导出表头(例如 month=Close Date)",
    ),
    "action.actuals_source.not_found": (
        "{file}: no such actuals file",
        "{file}:没有这个实际数文件",
    ),
    "action.actuals_source.too_large": (
        "{file}: the file is too large ({size} bytes)",
        "{file}:文件太大({size} 字节)",
    ),
    "action.actuals_source.empty": (
        "{file}: the file is empty",
        "{file}:文件为空",
    ),
    "action.actuals_source.too_large_2": (
        "{file}: more than {_MAX_ROWS} rows",
        "{file}:超过 {_MAX_ROWS} 行",
    ),
    "action.actuals_source.wrong_file_type": (
        "{file}: old .xls files are not supported; save the export as .xlsx or .csv",
        "{file}:不支持旧的 .xls 文件;请把导出文件另存为 .xlsx 或 .csv",
    ),
    "action.actuals_source.unreadable": (
        "{file}: cannot read the CSV file at line {last_1} ({exc})",
        "{file}:无法读取 CSV 文件第 {last_1} 行({exc})",
    ),
    "action.actuals_source.wrong_file_type_2": (
        "{file}: not a readable .xlsx file ({exc_message})",
        "{file}:不是可读取的 .xlsx 文件({exc_message})",
    ),
    "action.actuals_source.unknown_sheet": (
        "{file}: no sheet {sheet_name!r} (sheets: {join_names})",
        "{file}:没有工作表 {sheet_name!r}(工作表:{join_names})",
    ),
    "action.actuals_source.wrong_file_type_3": (
        "{file}: unsupported file type {suffix!r}; export the actuals as .csv or .xlsx",
        "{file}:不支持的文件类型 {suffix!r};请把实际数导出为 .csv 或 .xlsx",
    ),
    "action.budget.empty": (
        "the channels table is empty",
        "渠道表为空",
    ),
    "action.budget.channel_row": (
        "channel {name} (row {i_1}): {exc_message}",
        "渠道 {name}(第 {i_1} 行):{exc_message}",
    ),
    "action.budget.channel_no_response_curve_ente": (
        "channel {name}: no response curve entered and none can be fitted from its history ("
        "{len_own} rows): {exc_message}",
        "渠道 {name}:没有填写响应曲线,也无法从其历史数据({len_own} 行)拟合:{exc_message}",
    ),
    "action.company_history.holiday_phasing": (
        "assumption 'holiday_phasing' must be one of {choices}, got {holidays!r}",
        "假设 'holiday_phasing' 必须是 {choices} 之一;收到 {holidays!r}",
    ),
    "action.company_history.empty": (
        "history is empty",
        "历史数据为空",
    ),
    "action.company_history.seasonality_of_the_sales_histo": (
        "seasonality of the sales history: {exc_message}",
        "销售历史的季节性:{exc_message}",
    ),
    "action.incentives.no_plan": (
        "the plan has no quotas by rep and month yet: run Build plan first",
        '计划中还没有按代表和月份的配额:请先运行"生成计划"',
    ),
    "action.inputs.blank": (
        "assumption {name!r} is blank; enter a value",
        "假设 {name!r} 为空;请填写一个值",
    ),
    "action.kpi.invalid_value": (
        "language must be one of {sorted_status_labels}, got {language!r}",
        "language 必须是 {sorted_status_labels} 之一;收到 {language!r}",
    ),
    "action.kpi.empty": (
        "the KPI table is empty",
        "KPI 表为空",
    ),
    "action.kpi.duplicate": (
        "KPI actuals: KPI {first_kpi_id} has more than one row for {first_month}",
        "KPI 实际数:KPI {first_kpi_id} 在 {first_month} 有不止一行",
    ),
    "action.kpi.unknown_kpi": (
        "KPI actuals: KPI {unknown_0} is not in the KPI table",
        "KPI 实际数:KPI {unknown_0} 不在 KPI 表中",
    ),
    "action.kpi.missing_targets": (
        "KPI {ids_int_np_flatnonzero_missing} has no monthly targets for {year}",
        "KPI {ids_int_np_flatnonzero_missing} 没有 {year} 年的月度目标",
    ),
    "action.kpi_targets.shape_mismatch": (
        "the plan has no {frame_name!r} results to take KPI targets from",
        "计划中没有可取 KPI 目标的 {frame_name!r} 结果",
    ),
    "action.kpi_targets.shape_mismatch_2": (
        "the plan's {frame_name!r} results have no {key_name} for {join_missing}",
        "计划的 {frame_name!r} 结果中没有 {join_missing} 的 {key_name}",
    ),
    "action.kpi_targets.shape_mismatch_3": (
        "the plan's {frame_name!r} results have no column {key_name!r}",
        "计划的 {frame_name!r} 结果中没有 {key_name!r} 列",
    ),
    "action.kpi_targets.shape_mismatch_4": (
        "the plan's {frame_name!r} results have no row {key_name!r}",
        "计划的 {frame_name!r} 结果中没有 {key_name!r} 行",
    ),
    "action.plan.infeasible_margins": (
        "the targets cannot be split over the {what}s: {join_rows_or_some_rows} and "
        "{join_months_or_some_months} do not fit together (no capacity where a target is "
        "needed). {exc_message}",
        "目标无法分摊到各{what}:{join_rows_or_some_rows} 与 {join_months_or_some_months} 对不"
        "上(需要目标的地方没有产能)。{exc_message}",
    ),
    "action.plan.invalid_value": (
        "assumption 'rounding_unit' must be above 0, got {unit:g}",
        "假设 'rounding_unit' 必须大于 0;收到 {unit:g}",
    ),
    "action.plan.missing_history": (
        "history has no revenue for {last_year}, the year before the plan year {inputs_plan_year}",
        "历史数据中没有 {last_year} 年(计划年度 {inputs_plan_year} 的前一年)的收入",
    ),
    "action.plan.missing_history_2": (
        "history has no revenue for month(s) {join_missing} of {last_year}; the target needs "
        "last year's full revenue",
        "历史数据中没有 {last_year} 年第 {join_missing} 月的收入;目标需要去年全年的收入",
    ),
    "action.plan.invalid_value_2": (
        "assumption 'hiring_coverage' must be cumulative or period, got {inputs_hiring_coverage!r}",
        "假设 'hiring_coverage' 必须是 cumulative 或 period;收到 {inputs_hiring_coverage!r}",
    ),
    "action.plan.empty": (
        "the regions table is empty",
        "区域表为空",
    ),
    "action.plan.no_reps": (
        "region {region} has a target of {region_total} but no rep in seat during the plan "
        "year; add its reps to the reps table",
        "区域 {region} 的目标为 {region_total},但计划年度内没有在岗代表;请把该区域的代表加入代表表",
    ),
    "action.replan.blank": (
        "ActualsThroughMonth is blank: enter the last month with actuals (1 to 12) before "
        "re-planning",
        "ActualsThroughMonth 为空:重新规划前请填写有实际数的最后一个月(1 到 12)",
    ),
    "action.replan.no_plan": (
        "the plan has no quotas by rep yet: run Build plan first, then Re-plan",
        '计划中还没有按代表的配额:请先运行"生成计划",再运行"重新规划"',
    ),
    "action.replan.layout_mismatch": (
        "{name} has no column for month {missing_0_1}",
        "{name} 没有第 {missing_0_1} 月的列",
    ),
    "action.share.wrong_file_type": (
        "{target}: a share copy is an .xlsx file (it has no macros); use a name ending in .xlsx",
        "{target}:共享副本是 .xlsx 文件(不含宏);请用以 .xlsx 结尾的文件名",
    ),
    "action.replan.month_header": (
        "  {month:<8} {original:>14} {replan:>14} {change:>12}",
        "  {month:<8} {original:>14} {replan:>14} {change:>12}",
    ),
    "action.replan.column_month": ("month", "月份"),
    "action.replan.column_original": ("original", "原计划"),
    "action.replan.column_replan": ("re-plan", "调整后"),
    "action.replan.column_change": ("change", "变化"),
    "action.validate.found": ("{found}", "{found}"),
    "action.validate.invalid_input": (
        "{first}{more}",
        "{first}{more}",
    ),
    "action.versions.wrong_file_type": (
        "{path}: a snapshot is an .xlsx file; use a name ending in .xlsx",
        "{path}:快照是 .xlsx 文件;请用以 .xlsx 结尾的文件名",
    ),
    "action.versions.same_file": (
        "{path}: a snapshot must not overwrite the workbook it is taken from",
        "{path}:快照不能覆盖它所取自的工作簿",
    ),
    "action.workbook_inputs.layout_mismatch": (
        "{info_sheet}!{info_ref}: table {spec_name} has {len_info_columns} columns, expected "
        "{len_spec_columns} ({join_c_en_for_c_in_spec_column}); add or remove columns to "
        "match the template",
        "{info_sheet}!{info_ref}:表 {spec_name} 有 {len_info_columns} 列,应为 "
        "{len_spec_columns} 列({join_c_en_for_c_in_spec_column});请增删列以与模板一致",
    ),
    "action.workbook_inputs.layout_mismatch_2": (
        "the workbook has no table {spec_name}: it is not a plan workbook made from the "
        "xl-salesplan template (or the table was deleted or renamed)",
        "工作簿中没有表 {spec_name}:它不是由 xl-salesplan 模板生成的计划工作簿(或该表已被删除"
        "或改名)",
    ),
    "action.workbook_inputs.layout_mismatch_3": (
        "the workbook has no defined name {name}: it is not a plan workbook made from the "
        "xl-salesplan template (or the name was deleted)",
        "工作簿中没有定义名称 {name}:它不是由 xl-salesplan 模板生成的计划工作簿(或该名称已被删除)",
    ),
    "action.workbook_inputs.older_plan_table": (
        "the workbook has no table {spec_name}: it was made with an older xl-salesplan; "
        "run `xl-salesplan upgrade {path}` to move its inputs into the current template",
        "工作簿中没有表 {spec_name}:它是用旧版 xl-salesplan 生成的;请运行 "
        "`xl-salesplan upgrade {path}` 把其输入移到当前模板中",
    ),
    "action.workbook_inputs.older_plan_name": (
        "the workbook has no defined name {name}: it was made with an older xl-salesplan; "
        "run `xl-salesplan upgrade {path}` to move its inputs into the current template",
        "工作簿中没有定义名称 {name}:它是用旧版 xl-salesplan 生成的;请运行 "
        "`xl-salesplan upgrade {path}` 把其输入移到当前模板中",
    ),
    "action.writing.shape_mismatch": (
        "{table_name}.{column}: {rows_size} rows but {cells_size} values",
        "{table_name}.{column}:{rows_size} 行,但有 {cells_size} 个值",
    ),
    "action.writing.shape_mismatch_2": (
        "{action}: no results for block {spec_name}",
        "{action}:没有区块 {spec_name} 的结果",
    ),
    "action.writing.layout_mismatch": (
        "{sheet_name}!{ref}: the defined name {spec_name} does not cover the block "
        "{spec_body_ref} of the template; the workbook does not match this version of "
        "xl-salesplan",
        "{sheet_name}!{ref}:定义名称 {spec_name} 没有覆盖模板的区块 {spec_body_ref};工作簿与"
        "此版本的 xl-salesplan 不匹配",
    ),
    "layout.blocks.shape_mismatch": (
        "{block_name}: the result has no column(s) {join_missing}; expected "
        "{join_block_column_keys}",
        "{block_name}:结果中缺少列 {join_missing};应有 {join_block_column_keys}",
    ),
    "layout.blocks.shape_mismatch_2": (
        "{block_name}: the result has two columns for {key_name!r}",
        "{block_name}:结果中 {key_name!r} 有两列",
    ),
    "layout.blocks.shape_mismatch_3": (
        "{block_name}: the result's rows are {join_index}; expected {join_block_row_keys}",
        "{block_name}:结果的行为 {join_index};应为 {join_block_row_keys}",
    ),
    "layout.blocks.too_many_rows": (
        "{block_name} holds at most {block_capacity} rows; the result has {len_frame}",
        "{block_name} 最多容纳 {block_capacity} 行;结果有 {len_frame} 行",
    ),
    "layout.labels.invalid_value": (
        "language must be one of {join_languages}; got {language!r}",
        "language 必须是 {join_languages} 之一;收到 {language!r}",
    ),
    "layout.live_formulas.a_live_formula_names_which": (
        "a live formula names {name!r}, which is no block or table",
        "实时公式引用了 {name!r},它既不是区块也不是表",
    ),
    "layout.live_formulas.a_live_formula_needs_the": (
        "a live formula needs the number of rows of {name}",
        "实时公式需要 {name} 的行数",
    ),
    "layout.live_formulas.unknown_placeholder_in_a_live": (
        "unknown placeholder {{{name}}} in a live formula",
        "实时公式中有未知的占位符 {{{name}}}",
    ),
    "layout.live_formulas.needs_a_per_cell_row_formula": (
        "{{^{name}}} needs a per-cell row formula",
        "{{^{name}}} 需要逐单元格的行公式",
    ),
    "layout.live_formulas.needs_a_per_cell_formula": (
        "{{{name}.{first}@}} needs a per-cell formula",
        "{{{name}.{first}@}} 需要逐单元格公式",
    ),
    "action.macros.not_saved": (
        "save the workbook to a folder first (File > Save As)",
        "请先把工作簿保存到一个文件夹(文件 > 另存为)",
    ),
    "action.macros.cancelled": (
        "no file chosen: choose the CRM export (CSV or XLSX), or put its path in a cell named"
        " {ACTUALS_FILE_NAME}",
        "没有选择文件:请选择 CRM 导出文件(CSV 或 XLSX),或把其路径填入名为 {ACTUALS_FILE_NAME}"
        " 的单元格",
    ),
}
