"""Texts of Import actuals (reading, checking and merging an export) and of Compare versions.

Rows are named as a planner finds them in Excel (a CSV file opened in Excel shows
line N as row N).

Examples
--------
>>> MESSAGES["import.short_row"][0].format(row=4, count=3, width=5, column="'Amount'")
"row 4: 3 value(s) where the header has 5 columns (no value for 'Amount')"
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    # what the import is doing (the progress of a long import)
    "import.progress.reading": (
        "reading {source} ({megabytes:,.1f} MB)…",
        "正在读取 {source}({megabytes:,.1f} MB)…",
    ),
    "import.progress.checking": (
        "checking {rows:,} rows of {source}…",
        "正在检查 {source} 的 {rows:,} 行…",
    ),
    "import.progress.summing": ("adding up {rows:,} rows…", "正在汇总 {rows:,} 行…"),
    # reading the file
    "import.encoding": ("read as {encoding}", "按 {encoding} 编码读取"),
    "import.decimal_mark": (
        "numbers with the decimal mark '{mark}'",
        "数字的小数点为“{mark}”",
    ),
    "import.decimal_given": (
        "numbers with the decimal mark '{mark}' (--decimal)",
        "数字的小数点为“{mark}”(--decimal)",
    ),
    "import.not_text": (
        "{source}: not a text file in UTF-8 or GB18030; save the export as CSV (UTF-8) or .xlsx",
        "{source}:不是 UTF-8 或 GB18030 编码的文本文件;请将导出文件另存为 CSV(UTF-8)或 .xlsx",
    ),
    "import.sheet_of_csv": (
        "{source}: --sheet {sheet} is for .xlsx exports; a CSV file has no sheets",
        "{source}:--sheet {sheet} 仅用于 .xlsx 导出文件;CSV 文件没有工作表",
    ),
    # rows that are not clean records
    "import.rows_refused": (
        "{source}: {count} problem(s) in the export; nothing was imported:",
        "{source}:导出文件中有 {count} 个问题;未导入任何数据:",
    ),
    "import.unclosed_quote": (
        "row {row}: a quote opened in column {column} is not closed on that row (the value runs "
        "on to row {end}); close the quote or remove it",
        "第 {row} 行:{column} 列中的引号在该行未闭合(数值延续到第 {end} 行);请补上或删除引号",
    ),
    "import.short_row": (
        "row {row}: {count} value(s) where the header has {width} columns (no value for {column})",
        "第 {row} 行:只有 {count} 个值,而表头有 {width} 列({column} 列无值)",
    ),
    "import.long_row": (
        "row {row}: {count} values where the header has {width} columns (a number with a comma "
        "but no quotes?)",
        "第 {row} 行:有 {count} 个值,而表头只有 {width} 列(是否有含逗号却未加引号的数字?)",
    ),
    "import.blank_month": (
        "row {row}: no month in column {column}, but the row has values",
        "第 {row} 行:{column} 列没有月份,但该行有数据",
    ),
    "import.blank_revenue": (
        "{count} row(s) have no revenue (rows {rows}); they are imported without one",
        "{count} 行没有销售额(第 {rows} 行);这些行按无销售额导入",
    ),
    "import.not_a_date": (
        "row {row}, column {column}: {value} is not a date (use YYYY-MM-DD or YYYY-MM)",
        "第 {row} 行 {column} 列:{value} 不是日期(请用 YYYY-MM-DD 或 YYYY-MM)",
    ),
    "import.not_a_number": (
        "row {row}, column {column}: {value} is not a number",
        "第 {row} 行 {column} 列:{value} 不是数字",
    ),
    # number style
    "import.two_readings": (
        "row {row}, column {column}: {value} reads as {as_point:,g} or as {as_comma:g}; say which "
        "with --decimal . or --decimal ,",
        "第 {row} 行 {column} 列:{value} 可读作 {as_point:,g} 或 {as_comma:g};"
        "请用 --decimal . 或 --decimal , 指明",
    ),
    "import.mixed_styles": (
        "row {row}, column {column}: {value} only reads with the decimal mark '{mark}', but row "
        "{other_row} ({other}) only with '{other_mark}'; correct the file or say which with "
        "--decimal",
        "第 {row} 行 {column} 列:{value} 只能以“{mark}”为小数点读取,而第 {other_row} 行"
        "({other})只能以“{other_mark}”为小数点;请更正文件或用 --decimal 指明",
    ),
    "import.against_given_mark": (
        "row {row}, column {column}: {value} does not read with the decimal mark '{mark}' given "
        "by --decimal",
        "第 {row} 行 {column} 列:{value} 无法按 --decimal 指定的小数点“{mark}”读取",
    ),
    # names
    "import.unknown_name": (
        "{value} in column {column} (rows {rows}) is not in {table}; correct the export, or add "
        "it to {table} on the {sheet} sheet (English or Chinese column)",
        "{column} 列的 {value}(第 {rows} 行)不在 {table} 中;请更正导出文件,或在“{sheet}”"
        "工作表的 {table} 中添加(英文或中文列均可)",
    ),
    "import.unknown_name_closest": (
        "{value} in column {column} (rows {rows}) is not in {table}, closest: {closest}; correct "
        "the export, or add it to {table} on the {sheet} sheet (English or Chinese column)",
        "{column} 列的 {value}(第 {rows} 行)不在 {table} 中,最接近的是:{closest};请更正导出"
        "文件,或在“{sheet}”工作表的 {table} 中添加(英文或中文列均可)",
    ),
    "import.ambiguous_name": (
        "{value} in column {column} (rows {rows}) names {count} rows of {table} ({keys}); use "
        "their key (the table's first column) instead",
        "{column} 列的 {value}(第 {rows} 行)对应 {table} 中的 {count} 行({keys});"
        "请改用其编号(该表第一列)",
    ),
    "import.more": ("... and {count} more", "……另有 {count} 个"),
    # the months and the result
    "import.month_line": (
        "{month}: {added} added, {replaced} replaced, {removed} removed, {kept} kept",
        "{month}:新增 {added},替换 {replaced},删除 {removed},保留 {kept}",
    ),
    "import.other_years": (
        "{count} row(s) of other years than {year} were left out",
        "{count} 行不属于 {year} 年,未导入",
    ),
    "import.no_rows_in_year": (
        "{source}: no rows for the plan year {year} ({rows} rows read, {skipped} "
        "month/region groups of other years)",
        "{source}:没有计划年度 {year} 的数据(读取 {rows} 行,其中 {skipped} 组属于其他年份)",
    ),
    # KPI actuals (long format: month, KPI name, value)
    "import.kpi_bad_mapping": (
        "{source}: mapping {item}: map month, kpi, value or region to one of the file's columns "
        "({columns})",
        "{source}:列对应 {item} 有误:请将 month、kpi、value 或 region 对应到文件中的某一列"
        "({columns})",
    ),
    "import.kpi_columns_missing": (
        "{source}: cannot find the column(s) for {missing} of a KPI file; map them, e.g. "
        "--map kpi=指标 --map value=数值 (the file's columns: {columns})",
        "{source}:找不到 KPI 文件的 {missing} 列;请指定列对应,例如 --map kpi=指标 "
        "--map value=数值(文件中的列:{columns})",
    ),
    "import.kpi_month_line": (
        "{month}: {set} KPI actual(s) set ({changed} changed), {kept} kept",
        "{month}:写入 {set} 个KPI实际值(其中 {changed} 个有变化),保留 {kept} 个",
    ),
    "import.kpi_cleared": (
        "{count} KPI actual(s) of months not in the file cleared (--replace-all)",
        "已清空文件中没有的月份的 {count} 个KPI实际值(--replace-all)",
    ),
    "import.kpi_combined": (
        "{count} KPI month(s) had several rows (regions or deals): KPIs summed by the KPI table "
        "were added up, the others averaged",
        "{count} 个KPI月份有多行数据(区域或单笔):汇总方式为合计的KPI相加,其余取平均",
    ),
    "import.kpi_blank_values": (
        "{count} row(s) without a value were left out (rows {rows})",
        "{count} 行没有数值,未导入(第 {rows} 行)",
    ),
    "import.kpi_rows_added": (
        "{count} KPI month(s) had no row in {table}: added at its end ({listed})",
        "{table} 中没有 {count} 个KPI月份的行:已添加在表末尾({listed})",
    ),
    "import.through_month": (
        "the actuals run through month {month}; {cell} (Actuals through month) says {said}: "
        "update it before Flag KPIs",
        "实际数据截至 {month} 月;{cell}(实际数据截至月份)为 {said}:请在标记KPI前更新",
    ),
    "import.nothing": ("nothing", "空"),
    "import.warning": ("warning: {text}", "警告:{text}"),
    # comparing versions
    "diff.bad_limit": (
        "--limit must be 0 or more; got {got}",
        "--limit 必须为 0 或更大;实际为 {got}",
    ),
    "diff.none": ("No differences: {cells} cells compared.", "无差异:共比较 {cells} 个单元格。"),
    "diff.summary": (
        "{count} difference(s) in {sheets} sheet(s); {cells} cells compared (table rows matched "
        "by their keys):",
        "{sheets} 个工作表中有 {count} 处差异;共比较 {cells} 个单元格(表格行按键列匹配):",
    ),
    "diff.sheet": ("{sheet}: {parts}", "{sheet}:{parts}"),
    "diff.changed": ("{count} value(s) changed", "{count} 个值有变化"),
    "diff.added": ("{count} row(s) added", "新增 {count} 行"),
    "diff.removed": ("{count} row(s) removed", "删除 {count} 行"),
    "diff.cell": ("{where}: {before} -> {after}{change}", "{where}:{before} -> {after}{change}"),
    "diff.table_cell": (
        "{where} {table} [{key}] {column}: {before} -> {after}{change}",
        "{where} {table} [{key}] {column}:{before} -> {after}{change}",
    ),
    "diff.row_added": (
        "{where} {table} [{key}] added: {row}",
        "{where} {table} [{key}] 新增:{row}",
    ),
    "diff.row_removed": (
        "{where} {table} [{key}] removed: {row}",
        "{where} {table} [{key}] 删除:{row}",
    ),
    "diff.more": ("... and {count} more", "……另有 {count} 处"),
    "diff.sheet_only": ("sheet {sheet} only in {file}", "工作表 {sheet} 仅在 {file} 中"),
}  # fmt: skip
