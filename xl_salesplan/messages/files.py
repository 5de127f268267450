"""Texts about workbook files: locks, owner files, changes on disk, damaged or odd files.

Each text starts with ``{where}: `` (the file, or the sheet and cell).

Examples
--------
>>> MESSAGES["file.read_only"][0].startswith("{where}: ")
True
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    "file.table.not_a_frame": (
        "{where}: write_table needs a DataFrame",
        "{where}:写入表格需要一个数据框(DataFrame)",
    ),
    "file.table.column_mismatch": (
        "{where}: the data for table {table!r} must have its columns {columns}; missing "
        "{missing}, unexpected {extra}",
        "{where}:表 {table!r} 的数据必须有这些列 {columns};缺少 {missing},多出 {extra}",
    ),
    "file.table.totals_row": (
        "{where}: table {table!r} has a totals row and {rows} data rows; it cannot take "
        "{count} rows",
        "{where}:表 {table!r} 有汇总行和 {rows} 行数据;不能放入 {count} 行",
    ),
    "file.table.table_in_the_way": (
        "{where}: table {table!r} cannot grow to row {last}: table {other!r} is in the way",
        "{where}:表 {table!r} 无法扩展到第 {last} 行:表 {other!r} 挡在下面",
    ),
    "file.table.cell_in_the_way": (
        "{where}: table {table!r} cannot grow to row {last}: the cell {below} below it is not "
        "empty; move what is below the table or make room, then try again",
        "{where}:表 {table!r} 无法扩展到第 {last} 行:其下方的单元格 {below} 不是空的;请移走表格"
        "下方的内容或腾出空间,然后重试",
    ),
    "file.values_do_not_fit_name": (
        "{where}: {size} values do not fit the name {name!r} ({cells} cells)",
        "{where}:{size} 个值放不进名称 {name!r}({cells} 个单元格)",
    ),
    "file.values_do_not_match_range": (
        "{where}: {size} values do not match the range ({cells} cells)",
        "{where}:{size} 个值与区域({cells} 个单元格)不符",
    ),
    "file.unknown_sheet": (
        "no sheet called {name!r} (the workbook has {listed})",
        "没有名为 {name!r} 的工作表(工作簿中有 {listed})",
    ),
    "file.no_defined_name": ("has no defined name {name!r}", "没有定义名称 {name!r}"),
    "file.unknown_table": (
        "no table called {name!r} (tables: {listed})",
        "没有名为 {name!r} 的表(现有的表:{listed})",
    ),
    "file.none": ("none", "无"),
    "file.share_leak": (
        "{where}: still contains the configuration value {value!r}; the share copy was not written",
        "{where}:仍含有配置值 {value!r};未写出分享副本",
    ),
    "file.share_same_file": (
        "{where}: the share copy must not overwrite the workbook it is made from",
        "{where}:分享副本不能覆盖其来源工作簿",
    ),
    "file.share_empty": (
        "the workbook has no sheet besides its configuration",
        "工作簿除了配置之外没有任何工作表",
    ),
    "file.folder_missing": ("{where}: the folder does not exist", "{where}:文件夹不存在"),
    "file.cannot_write_folder": (
        "{where}: cannot write in this folder ({reason})",
        "{where}:无法在此文件夹中写入({reason})",
    ),
    "file.cannot_replace": (
        "{where}: cannot replace the file: it is read-only or open in another program (close it "
        "in Excel and try again)",
        "{where}:无法替换文件:它是只读的或已在另一个程序中打开(请在 Excel 中关闭后重试)",
    ),
    "file.write_failed": (
        "{where}: writing failed ({reason}); {outcome}",
        "{where}:写入失败({reason});{outcome}",
    ),
    "file.outcome_unchanged": ("the original file is unchanged", "原文件未改动"),
    "file.outcome_nothing": ("nothing was written", "未写入任何内容"),
    "file.not_a_file_to_write": (
        "{where}: is {kind}, not a file to write",
        "{where}:是{kind},不是可写入的文件",
    ),
    "file.kind_folder": ("a folder", "文件夹"),
    "file.kind_special": ("a special file (named pipe or socket)", "特殊文件(命名管道或套接字)"),
    "zip.unsafe_name": (
        "{where}: has an unsafe entry name {name!r}",
        "{where}:含有不安全的条目名 {name!r}",
    ),
    "zip.too_many_entries": (
        "{where}: has {count} zip entries, more than {limit}",
        "{where}:有 {count} 个压缩条目,超过上限 {limit}",
    ),
    "zip.twice": ("{where}: has the entry {name!r} twice", "{where}:条目 {name!r} 出现了两次"),
    "zip.encrypted": ("{where}: entry {name!r} is encrypted", "{where}:条目 {name!r} 已加密"),
    "zip.compression": (
        "{where}: entry {name!r} uses an unsupported compression method {method}",
        "{where}:条目 {name!r} 使用了不支持的压缩方式 {method}",
    ),
    "zip.entry_too_large": (
        "{where}: entry {name!r} would unpack to {size:,} bytes, more than {limit:,} (refused as "
        "a possible zip bomb)",
        "{where}:条目 {name!r} 解压后有 {size:,} 字节,超过 {limit:,}(疑似压缩炸弹,已拒绝)",
    ),
    "zip.ratio": (
        "{where}: entry {name!r} has a compression ratio over {ratio}:1 (refused as a possible "
        "zip bomb)",
        "{where}:条目 {name!r} 的压缩比超过 {ratio}:1(疑似压缩炸弹,已拒绝)",
    ),
    "zip.total_too_large": (
        "{where}: would unpack to more than {limit:,} bytes (refused as a possible zip bomb)",
        "{where}:解压后将超过 {limit:,} 字节(疑似压缩炸弹,已拒绝)",
    ),
    "zip.bad_header": (
        "{where}: entry {name!r} has a bad local header",
        "{where}:条目 {name!r} 的本地文件头已损坏",
    ),
    "zip.truncated": (
        "{where}: entry {name!r} is truncated",
        "{where}:条目 {name!r} 不完整(被截断)",
    ),
    "zip.part_too_large": (
        "{where}: a part is too large to write",
        "{where}:有一个部件太大,无法写入",
    ),
    "zip.package_too_large": ("the package is too large to write", "文件包太大,无法写入"),
    "sheet.not_plain": (
        "{where}: the sheet's XML is not in the plain form a streamed copy needs",
        "{where}:该工作表的 XML 不是流式复制所需的简单形式",
    ),
    "package.encrypted_or_xls": (
        "{where}: is an encrypted (password-protected) or legacy .xls file, not an xlsx/xlsm "
        "package",
        "{where}:是加密(有密码保护)的文件或旧版 .xls 文件,不是 xlsx/xlsm 文件包",
    ),
    "package.not_a_package": (
        "{where}: is not an xlsx/xlsm package ({reason})",
        "{where}:不是 xlsx/xlsm 文件包({reason})",
    ),
    "package.part_missing": ("{where}: part is missing", "{where}:缺少此部件"),
    "package.part_no_data": ("{where}: part has no data", "{where}:此部件没有数据"),
    "package.part_corrupt": (
        "{where}: part is corrupt ({reason})",
        "{where}:此部件已损坏({reason})",
    ),
    "package.part_size_wrong": ("{where}: part size is wrong", "{where}:此部件的大小不对"),
    "package.part_too_large": ("{where}: part is too large", "{where}:此部件太大"),
    "package.part_would_be_too_large": (
        "{where}: part would be too large",
        "{where}:此部件将会太大",
    ),
    "structure.no_workbook_part": (
        "{where}: has no workbook part (is it an Excel file?)",
        "{where}:没有工作簿部件(这是 Excel 文件吗?)",
    ),
    "structure.not_a_worksheet": ("{where}: is not a worksheet", "{where}:不是工作表"),
    "structure.no_sheet_scope": ("no sheet called {name!r}", "没有名为 {name!r} 的工作表"),
    "structure.unknown_name": (
        "no defined name {name!r} (names: {listed})",
        "没有定义名称 {name!r}(现有的名称:{listed})",
    ),
    "structure.ambiguous_name": (
        "the name {name!r} is defined on several sheets ({labels}); write Sheet!Name",
        "名称 {name!r} 在多个工作表上都有定义({labels});请写成 工作表!名称",
    ),
    "structure.several_areas": (
        "the name {name!r} refers to several areas ({text})",
        "名称 {name!r} 指向多个区域({text})",
    ),
    "structure.not_a_range": (
        "the name {name!r} is not a range on a sheet (it is ={text})",
        "名称 {name!r} 不是某个工作表上的区域(它是 ={text})",
    ),
    "structure.not_a_table_part": ("{where}: is not a table part", "{where}:不是表格部件"),
    "reading.column_count": (
        "{where}: expected {count} columns, found {width}",
        "{where}:应有 {count} 列,实际有 {width} 列",
    ),
    "reading.blank_header": ("{where}: the column header is blank", "{where}:列标题为空"),
    "reading.duplicate_header": (
        "{where}: the column header {name!r} repeats the one in {first}",
        "{where}:列标题 {name!r} 与 {first} 中的重复",
    ),
    "reference.not_a_cell": (
        "{reference!r} is not a cell reference like B3",
        "{reference!r} 不是像 B3 这样的单元格引用",
    ),
    "reference.unclosed_quote": (
        "{reference!r} has an unclosed quote",
        "{reference!r} 的引号没有闭合",
    ),
    "reference.not_a_sheet": (
        "{reference!r} is not a sheet reference",
        "{reference!r} 不是工作表引用",
    ),
    "file.not_found": ("{where}: no such workbook file", "{where}:没有这个工作簿文件"),
    "file.is_folder": ("{where}: is a folder, not a workbook", "{where}:这是文件夹,不是工作簿"),
    "file.no_permission": ("{where}: cannot be read (no permission)", "{where}:无法读取(没有权限)"),
    "file.too_large": (
        "{where}: is {size:,} bytes, more than a plan workbook may be ({limit:,})",
        "{where}:有 {size:,} 字节,超过计划工作簿的上限({limit:,})",
    ),
    "file.cannot_lock": (
        "{where}: cannot lock the workbook for writing ({reason})",
        "{where}:无法锁定工作簿以写入({reason})",
    ),
    "file.busy": (
        "{where}: another command is changing this workbook (waited {wait} s); run this one "
        "again when it has finished",
        "{where}:另一个命令正在修改此工作簿(已等待 {wait} 秒);请在其完成后重新运行本命令",
    ),
    "file.open_elsewhere": (
        "{where}: is open in {application} (its owner file {owner} is beside it); save and "
        "close it in {application}, then run the command again (if {application} is not "
        "running, delete {owner})",
        "{where}:已在 {application} 中打开(旁边有其占用文件 {owner});请在 {application} "
        "中保存并关闭后重新运行命令(如果 {application} 并未运行,请删除 {owner})",
    ),
    "file.read_only": (
        "{where}: is read-only; it was not replaced (make it writable, or save the result "
        "under another name)",
        "{where}:文件为只读,未被替换(请将其设为可写,或另存为其他文件名)",
    ),
    "file.changed_on_disk": (
        "{where}: changed on disk while this command was running (another program saved "
        "it); nothing was written: run the command again",
        "{where}:本命令运行期间文件已被其他程序保存而改变;未写入任何内容,请重新运行命令",
    ),
    "file.not_a_file.folder": (
        "{where}: is a folder, not a workbook file",
        "{where}:这是文件夹,不是工作簿文件",
    ),
    "file.not_a_file.pipe": (
        "{where}: is a named pipe, not a workbook file",
        "{where}:这是命名管道,不是工作簿文件",
    ),
    "file.not_a_file.socket": (
        "{where}: is a socket, not a workbook file",
        "{where}:这是套接字,不是工作簿文件",
    ),
    "file.not_a_file.device": (
        "{where}: is a device, not a workbook file",
        "{where}:这是设备,不是工作簿文件",
    ),
    "file.not_a_file.other": (
        "{where}: is not a regular file, not a workbook file",
        "{where}:这不是普通文件,不是工作簿文件",
    ),
    "file.share_copy": (
        "{where}: is a share copy (a values-only report), not a plan workbook; run the "
        "command on the plan workbook it was made from",
        "{where}:这是共享副本(只含数值的报告),不是计划工作簿;请对生成它的计划工作簿运行命令",
    ),
    "file.merged_cell": (
        "{where}: is hidden under the merged cells {merged}, so a value written there would "
        "not show; unmerge {merged} first",
        "{where}:该单元格被合并单元格 {merged} 遮住,写入的值不会显示;请先取消合并 {merged}",
    ),
    "file.damaged_cell": (
        "{where}: {what} (the file is damaged)",
        "{where}:{what}(文件已损坏)",
    ),
}
