"""Texts of ``xl-salesplan doctor``: what it found and, for each problem, what to do.

A problem ``doctor.<name>`` has its fix under ``doctor.<name>.fix`` (same fields).

Examples
--------
>>> MESSAGES["doctor.addin_missing.fix"][0].startswith("Close Excel")
True
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

_REINSTALL = (
    "install this project into that Python: pip install <the repository folder or the "
    "built .whl file> (see docs/excel_setup.md)",
    "在该 Python 中安装本项目:pip install <仓库文件夹或构建的 .whl 文件>(见 docs/excel_setup.md)",
)

MESSAGES: dict[str, tuple[str, str]] = {
    "doctor.title": ("xl-salesplan doctor", "xl-salesplan 环境检查"),
    "doctor.summary_ok": (
        "No problems found ({count} checks).",
        "未发现问题(共 {count} 项检查)。",
    ),
    "doctor.summary_problems": (
        "{problems} problem(s) found; each says what to do.",
        "发现 {problems} 个问题;每个问题下方注明了解决办法。",
    ),
    "doctor.level.ok": ("ok", "正常"),
    "doctor.level.note": ("note", "提示"),
    "doctor.level.problem": ("PROBLEM", "问题"),
    "doctor.fix_prefix": ("what to do:", "解决办法:"),
    # the Python package
    "doctor.xlwings_ok": (
        "xlwings {version} is installed in {python}",
        "xlwings {version} 已安装在 {python}",
    ),
    "doctor.xlwings_missing": (
        "xlwings is not installed in {python}",
        "{python} 中未安装 xlwings",
    ),
    "doctor.xlwings_missing.fix": (
        "install this project into this Python (xlwings comes with it): pip install <the "
        "repository folder or the built .whl file>",
        "在此 Python 中安装本项目(会一并安装 xlwings):pip install <仓库文件夹或构建的 .whl 文件>",
    ),
    "doctor.no_excel": (
        "Excel does not run on this system: the command line works here; run "
        "xl-salesplan doctor on the Windows or Mac computer that runs Excel",
        "此系统上不能运行 Excel:这里可以使用命令行;请在运行 Excel 的 Windows 或 Mac 电脑上执行 "
        "xl-salesplan doctor",
    ),
    # the add-in
    "doctor.addin_not_needed": (
        "the workbook is standalone (it carries xlwings' own VBA modules): no add-in needed",
        "该工作簿为独立版(自带 xlwings 的 VBA 模块):无需加载项",
    ),
    "doctor.addin_missing": (
        "the xlwings add-in is not installed: no xlwings.xlam in Excel's start-up folder "
        "({folders})",
        "未安装 xlwings 加载项:Excel 启动文件夹({folders})中没有 xlwings.xlam",
    ),
    "doctor.addin_missing.fix": (
        "Close Excel, run: xlwings addin install, then start Excel again (or write a "
        "workbook that needs no add-in: xl-salesplan new plan.xlsm --standalone)",
        "关闭 Excel,运行:xlwings addin install,然后重新启动 Excel(或生成无需加载项的工作簿:"
        "xl-salesplan new plan.xlsm --standalone)",
    ),
    "doctor.addin_unreadable": (
        "the add-in {path} cannot be read, so its version is unknown",
        "无法读取加载项 {path},版本未知",
    ),
    "doctor.addin_unreadable.fix": (
        "Close Excel and run: xlwings addin install",
        "关闭 Excel 并运行:xlwings addin install",
    ),
    "doctor.addin_version": (
        "the xlwings add-in {path} is version {addin}, the xlwings package {package}",
        "xlwings 加载项 {path} 的版本为 {addin},而 xlwings 软件包为 {package}",
    ),
    "doctor.addin_version.fix": (
        "Close Excel and run: xlwings addin install (it copies the add-in of the installed "
        "package)",
        "关闭 Excel 并运行:xlwings addin install(复制已安装软件包自带的加载项)",
    ),
    "doctor.addin_ok": ("xlwings add-in {version} at {path}", "xlwings 加载项 {version}:{path}"),
    # how Excel reaches Python
    "doctor.runpython_missing": (
        "RunPython is not enabled for Excel: no {script} in {folder}",
        "Excel 尚未启用 RunPython:{folder} 中没有 {script}",
    ),
    "doctor.runpython_missing.fix": (
        "Run: xlwings runpython install, then quit Excel (Cmd-Q) and start it again",
        "运行:xlwings runpython install,然后退出 Excel(Cmd-Q)并重新启动",
    ),
    "doctor.runpython_ok": ("RunPython is enabled ({script})", "已启用 RunPython({script})"),
    "doctor.dll_missing": (
        "the xlwings DLL of version {version} is not next to the Python Excel starts "
        "({folder}): Excel reports that it cannot load xlwings64-{version}.dll",
        "Excel 启动的 Python 旁({folder})没有 {version} 版的 xlwings DLL:Excel 会报告无法加载 "
        "xlwings64-{version}.dll",
    ),
    "doctor.dll_missing.fix": (
        "Bring the add-in and the package to one version: xlwings addin install (Excel "
        "closed), or pip install xlwings=={version} in that Python's environment",
        "让加载项与软件包版本一致:关闭 Excel 后运行 xlwings addin install,或在该 Python 环境中 "
        "pip install xlwings=={version}",
    ),
    "doctor.dll_ok": ("xlwings DLL {version} in {folder}", "xlwings 动态链接库 {version}:{folder}"),
    "doctor.interpreter_missing": (
        "Excel would start {setting} (the {source} setting), which does not exist",
        "Excel 将启动 {setting}({source} 设置),但该文件不存在",
    ),
    "doctor.interpreter_missing.fix": (
        "Set Interpreter_Win (Windows) or Interpreter_Mac (macOS) on the xlwings.conf sheet "
        "to the Python where this project is installed, or remove the setting; this one is "
        "{python}",
        "在 xlwings.conf 工作表中把 Interpreter_Win(Windows)或 Interpreter_Mac(macOS)设为安装了"
        "本项目的 Python,或删除该设置;当前 Python 为 {python}",
    ),
    "doctor.interpreter_default_missing": (
        "no interpreter is configured and Excel would start {setting} from the PATH, which "
        "has none",
        "未配置解释器,Excel 将从 PATH 启动 {setting},但 PATH 中没有",
    ),
    "doctor.interpreter_default_missing.fix": (
        "In the environment where this project is installed, run: xlwings config create "
        "--force (it records this Python, {python}, for Excel)",
        "在安装了本项目的环境中运行:xlwings config create --force(为 Excel 记录此 Python:{python})",
    ),
    "doctor.interpreter_cannot_import": (
        "the Python Excel starts ({path}, the {source} setting) cannot import {module}: {error}",
        "Excel 启动的 Python({path},{source} 设置)无法导入 {module}:{error}",
    ),
    "doctor.interpreter_cannot_import.fix": (
        "Point Excel at the Python where this project is installed (run xlwings config "
        "create --force in that environment), or " + _REINSTALL[0],
        "让 Excel 使用安装了本项目的 Python(在该环境中运行 xlwings config create --force),或"
        + _REINSTALL[1],
    ),
    "doctor.interpreter_ok": (
        "Excel would start {path} (the {source} setting)",
        "Excel 将启动 {path}({source} 设置)",
    ),
    "doctor.udf_import": (
        "this Python ({python}) cannot import the Excel functions' module {module}: {error}",
        "此 Python({python})无法导入 Excel 函数模块 {module}:{error}",
    ),
    "doctor.udf_import.fix": _REINSTALL,
    "doctor.udf_ok": (
        "the Excel functions' module {module} imports",
        "Excel 函数模块 {module} 可以导入",
    ),
    # the workbook
    "doctor.workbook_unreadable": ("{path}: {error}", "{path}:{error}"),
    "doctor.workbook_unreadable.fix": (
        "Check the file name; a plan workbook is the .xlsm file xl-salesplan new writes",
        "请检查文件名;计划工作簿是 xl-salesplan new 生成的 .xlsm 文件",
    ),
    "doctor.no_vba": (
        "{path} has no VBA project (was it saved as .xlsx?): no ribbon, no Excel functions",
        "{path} 没有 VBA 项目(是否另存为了 .xlsx?):没有功能区按钮,也没有 Excel 函数",
    ),
    "doctor.no_vba.fix": (
        "Write a new plan workbook (xl-salesplan new plan.xlsm) and copy your inputs into it",
        "生成新的计划工作簿(xl-salesplan new plan.xlsm),再把您的输入数据复制过去",
    ),
    "doctor.no_runpython": (
        "{path} neither references the xlwings add-in nor carries xlwings' module: the "
        'buttons stop with "Sub or Function not defined"',
        "{path} 既未引用 xlwings 加载项,也不含 xlwings 模块:按钮会报错"
        "\u201c子程序或函数未定义\u201d",
    ),
    "doctor.no_runpython.fix": (
        "Write a new plan workbook (xl-salesplan new plan.xlsm, or with --standalone) and "
        "copy your inputs into it",
        "生成新的计划工作簿(xl-salesplan new plan.xlsm,或加 --standalone),再把输入数据复制过去",
    ),
    "doctor.both_modes": (
        "{path} references the xlwings add-in and also carries xlwings' module: VBA "
        'reports "Ambiguous name detected: RunPython"',
        "{path} 既引用了 xlwings 加载项,又含有 xlwings 模块:VBA 会报错\u201c检测到不明确的名称:"
        "RunPython\u201d",
    ),
    "doctor.both_modes.fix": (
        "In the VBA editor remove the module xlwings, or untick xlwings under Tools > References",
        "在 VBA 编辑器中删除 xlwings 模块,或在\u201c工具 > 引用\u201d中取消勾选 xlwings",
    ),
    "doctor.uses_addin": (
        "{path} uses the xlwings add-in (reference {libid})",
        "{path} 使用 xlwings 加载项(引用 {libid})",
    ),
    "doctor.module_version": (
        "{path} carries xlwings' module of version {module}, the xlwings package is {package}",
        "{path} 自带的 xlwings 模块版本为 {module},而 xlwings 软件包为 {package}",
    ),
    "doctor.module_version.fix": (
        "Install the workbook's version (pip install xlwings=={module}), or write a new "
        "standalone workbook with this package (xl-salesplan new plan.xlsm --standalone)",
        "安装与工作簿一致的版本(pip install xlwings=={module}),或用当前软件包生成新的独立版"
        "工作簿(xl-salesplan new plan.xlsm --standalone)",
    ),
    "doctor.standalone": (
        "{path} is standalone: it carries xlwings {version}'s own VBA modules",
        "{path} 为独立版:自带 xlwings {version} 的 VBA 模块",
    ),
    "doctor.workbook_code_name": (
        'the workbook\'s code name "{code}" has no document module in the VBA project',
        "工作簿代码名称\u201c{code}\u201d在 VBA 项目中没有对应的文档模块",
    ),
    "doctor.workbook_code_name.fix": (
        "Write a new plan workbook (xl-salesplan new plan.xlsm) and copy your inputs into it",
        "生成新的计划工作簿(xl-salesplan new plan.xlsm),再把您的输入数据复制过去",
    ),
    "doctor.sheet_code_name": (
        'sheet "{sheet}" has the code name "{code}" but no document module of that name',
        "工作表\u201c{sheet}\u201d的代码名称为\u201c{code}\u201d,但没有同名的文档模块",
    ),
    "doctor.sheet_code_name.fix": (
        "Open and save the workbook in Excel (Excel adds the module), or write a new plan "
        "workbook and copy your inputs into it",
        "在 Excel 中打开并保存工作簿(Excel 会补上模块),或生成新的计划工作簿再复制输入数据",
    ),
    "doctor.code_names_ok": (
        "code names: the workbook and its {count} sheets match their VBA modules",
        "代码名称:工作簿及其 {count} 个工作表与 VBA 模块一致",
    ),
    "doctor.config_misnamed": (
        'sheet "{sheet}" is not read by xlwings: the name must be exactly xlwings.conf',
        "xlwings 不会读取工作表\u201c{sheet}\u201d:名称必须正好是 xlwings.conf",
    ),
    "doctor.config_misnamed.fix": (
        "Rename the sheet to xlwings.conf",
        "将该工作表重命名为 xlwings.conf",
    ),
    "doctor.config_missing": (
        "the workbook has no xlwings.conf sheet: Excel looks for the functions in a module "
        "named after the workbook, not in {module}",
        "工作簿没有 xlwings.conf 工作表:Excel 会在与工作簿同名的模块中查找函数,而不是 {module}",
    ),
    "doctor.config_missing.fix": (
        "Add a sheet named xlwings.conf with UDF Modules in A1 and {module} in B1",
        "添加名为 xlwings.conf 的工作表,A1 填 UDF Modules,B1 填 {module}",
    ),
    "doctor.config_udf": (
        'the xlwings.conf sheet sets UDF Modules to "{value}", without {module}',
        "xlwings.conf 工作表中 UDF Modules 为\u201c{value}\u201d,不含 {module}",
    ),
    "doctor.config_udf.fix": (
        "Put {module} in the cell right of UDF Modules on the xlwings.conf sheet",
        "在 xlwings.conf 工作表中 UDF Modules 右侧的单元格填入 {module}",
    ),
    "doctor.config_ok": (
        "xlwings.conf sheet: UDF Modules = {module}",
        "xlwings.conf 工作表:UDF Modules = {module}",
    ),
}
