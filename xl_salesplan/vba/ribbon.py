"""The "Sales Plan / 销售计划" ribbon tab: its description and its customUI XML.

The tab is data (:data:`SALES_PLAN_TAB`): groups of buttons, each with an id,
labels and supertips in English and Simplified Chinese, a built-in Office icon
(``imageMso``), the VBA callback its ``onAction`` names, and the Python macro
that callback runs. The callbacks live in ``vba/RibbonCallbacks.bas``: one
``Public Sub <callback>(control As IRibbonControl)`` per button, calling
``RunPython "import xl_salesplan.macros as m; m.<macro>()"``.

:func:`custom_ui_part` renders the XML for one language and says where it goes
in the package: Office 2010 and later read ``customUI/customUI14.xml`` (the
2009/07 namespace), Office 2007 reads ``customUI/customUI.xml`` (2006/01); each
is wired by a relationship of its own type from the package's ``_rels/.rels``.

Examples
--------
>>> [button.macro for button in SALES_PLAN_TAB.buttons()]  # doctest: +NORMALIZE_WHITESPACE
['build_plan', 'optimise_budget', 'validate_inputs', 'import_actuals', 'flag_kpis',
 'replan', 'share_copy', 'snapshot_version', 'show_help']
>>> part = custom_ui_part("zh-CN")
>>> part.part_name, part.relationship_type
('customUI/customUI14.xml', 'http://schemas.microsoft.com/office/2007/relationships/ui/extensibility')
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from xl_salesplan.errors import PlanningError
from xl_salesplan.vba.module_sources import VbaModule, standard_module

__all__ = [
    "CALLBACK_MODULE",
    "LANGUAGES",
    "MACROS_MODULE",
    "SALES_PLAN_TAB",
    "CustomUiPart",
    "LocalText",
    "RibbonButton",
    "RibbonGroup",
    "RibbonTab",
    "custom_ui_part",
    "render_custom_ui",
    "ribbon_callbacks_module",
    "ribbon_callbacks_source",
    "run_python_code",
]

LANGUAGES = ("en", "zh-CN")
CALLBACK_MODULE = "RibbonCallbacks"
"""The VBA module holding the ribbon callbacks (``vba/RibbonCallbacks.bas``)."""
MACROS_MODULE = "xl_salesplan.macros"
"""The Python module whose functions the callbacks run."""

CustomUiVersion = Literal["2009/07", "2006/01"]
_NAMESPACES = {
    "2009/07": "http://schemas.microsoft.com/office/2009/07/customui",
    "2006/01": "http://schemas.microsoft.com/office/2006/01/customui",
}
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_PART_NAMES = {"2009/07": "customUI/customUI14.xml", "2006/01": "customUI/customUI.xml"}
# [MS-CUSTOMUI2] 2.1: the 2009/07 part is wired with the *2007* relationship type (there is no
# 2009/07 relationship type; Office ignores a part wired with one).
_RELATIONSHIP_TYPES = {
    "2009/07": "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility",
    "2006/01": "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility",
}


@dataclass(frozen=True)
class LocalText:
    """A text in each supported language."""

    en: str
    zh_cn: str

    def get(self, language: str) -> str:
        """The text in ``language`` (``"en"`` or ``"zh-CN"``).

        Examples
        --------
        >>> LocalText("Plan", "计划").get("zh-CN")
        '计划'
        """
        return self.en if _check_language(language) == "en" else self.zh_cn


@dataclass(frozen=True)
class RibbonButton:
    """One ribbon button.

    ``callback`` is the VBA procedure in :data:`CALLBACK_MODULE`; ``macro`` the function
    of :data:`MACROS_MODULE` it runs; ``image_mso`` a built-in Office icon name.
    """

    id: str
    label: LocalText
    supertip: LocalText
    image_mso: str
    callback: str
    macro: str
    size: Literal["large", "normal"] = "large"

    @property
    def on_action(self) -> str:
        """The ``onAction`` attribute: the callback qualified by its module.

        Examples
        --------
        >>> SALES_PLAN_TAB.groups[0].buttons[0].on_action
        'RibbonCallbacks.OnBuildPlan'
        """
        return f"{CALLBACK_MODULE}.{self.callback}"


@dataclass(frozen=True)
class RibbonGroup:
    """A group of buttons on the tab."""

    id: str
    label: LocalText
    buttons: tuple[RibbonButton, ...]


@dataclass(frozen=True)
class RibbonTab:
    """A ribbon tab: its id, label, position and groups."""

    id: str
    label: LocalText
    groups: tuple[RibbonGroup, ...]
    insert_after_mso: str = "TabHome"

    def buttons(self) -> tuple[RibbonButton, ...]:
        """All buttons, group by group.

        Examples
        --------
        >>> len(SALES_PLAN_TAB.buttons())
        9
        """
        return tuple(button for group in self.groups for button in group.buttons)


SALES_PLAN_TAB = RibbonTab(
    id="xlspSalesPlanTab",
    label=LocalText("Sales Plan", "销售计划"),
    groups=(
        RibbonGroup(
            "xlspPlanGroup",
            LocalText("Plan", "计划"),
            (
                RibbonButton(
                    "xlspBuildPlan",
                    LocalText("Build plan", "生成计划"),
                    LocalText(
                        "Spread the targets and compute capacity, funnel and budget from the "
                        "input sheets; every result cell is written with its value.",
                        "根据输入表分解目标，计算产能、漏斗和预算；每个结果单元格都写入数值。",
                    ),
                    "CalculateNow",
                    "OnBuildPlan",
                    "build_plan",
                ),
                RibbonButton(
                    "xlspOptimiseBudget",
                    LocalText("Optimise budget", "优化预算"),
                    LocalText(
                        "Find the split of the budget across channels with the highest expected "
                        "outcome within each channel's floor and cap, and show the gain.",
                        "在各渠道下限和上限之内求出预期产出最高的预算分配，并显示可提升的产出。",
                    ),
                    "GoalSeek",
                    "OnOptimiseBudget",
                    "optimise_budget",
                ),
                RibbonButton(
                    "xlspValidateInputs",
                    LocalText("Validate inputs", "检查输入"),
                    LocalText(
                        "Check the input tables for blanks, wrong types and impossible requests, "
                        "and list each problem with its cell.",
                        "检查输入表中的空值、类型错误和无法满足的要求，并逐条列出问题所在的单元格。",
                    ),
                    "DataValidation",
                    "OnValidateInputs",
                    "validate_inputs",
                    "normal",
                ),
            ),
        ),
        RibbonGroup(
            "xlspTrackGroup",
            LocalText("Track", "跟踪"),
            (
                RibbonButton(
                    "xlspImportActuals",
                    LocalText("Import actuals", "导入实际数"),
                    LocalText(
                        "Import actual results from a CSV or workbook file into the Actuals "
                        "sheet, month by month; names are matched with the workbook's tables "
                        "and anything unclear is refused.",
                        "从 CSV 或工作簿文件按月导入实际数到“实际”表；名称按工作簿中的表格匹配，"
                        "不明确的内容一律拒绝导入。",
                    ),
                    "ImportExcel",
                    "OnImportActuals",
                    "import_actuals",
                ),
                RibbonButton(
                    "xlspFlagKpis",
                    LocalText("Flag KPIs", "标记 KPI"),
                    LocalText(
                        "Compare actuals with the seasonal plan to date and mark each KPI "
                        "On track, At risk or Off track.",
                        "将实际数与按季节性分摊的计划进度比较，把每个 KPI 标记为正常、预警或落后。",
                    ),
                    "ConditionalFormattingMenu",
                    "OnFlagKpis",
                    "flag_kpis",
                ),
                RibbonButton(
                    "xlspReplan",
                    LocalText("Re-plan", "调整计划"),
                    LocalText(
                        "Save the current plan as a version, then spread what the year still "
                        "needs over the open months within each rep's capacity; closed months "
                        "keep their actuals.",
                        "先将当前计划保存为版本，再在各销售代表产能之内把全年尚需完成的金额分摊到剩余"
                        "月份；已结账月份保留实际数。",
                    ),
                    "RefreshAll",
                    "OnReplan",
                    "replan",
                ),
            ),
        ),
        RibbonGroup(
            "xlspShareGroup",
            LocalText("Share", "共享"),
            (
                RibbonButton(
                    "xlspShareCopy",
                    LocalText("Share copy", "共享副本"),
                    LocalText(
                        "Save a values-only .xlsx copy for colleagues without Python: no macros, "
                        "no xlwings settings, formulas replaced by their values.",
                        "保存仅含数值的 .xlsx 副本，供没有 Python 的同事使用：不含宏和 xlwings "
                        "设置，公式替换为数值。",
                    ),
                    "FileSendAsAttachment",
                    "OnShareCopy",
                    "share_copy",
                ),
                RibbonButton(
                    "xlspSnapshotVersion",
                    LocalText("Snapshot version", "版本快照"),
                    LocalText(
                        "Save the current plan as a version, to compare with other versions "
                        "cell by cell.",
                        "将当前计划保存为一个版本，以便与其他版本逐单元格比较。",
                    ),
                    "FileSaveAs",
                    "OnSnapshotVersion",
                    "snapshot_version",
                ),
            ),
        ),
        RibbonGroup(
            "xlspHelpGroup",
            LocalText("Help", "帮助"),
            (
                RibbonButton(
                    "xlspShowHelp",
                    LocalText("Help", "帮助"),
                    LocalText(
                        "Open the Instructions sheet: how to use the planner, step by step.",
                        "打开说明表：逐步介绍如何使用本计划工具。",
                    ),
                    "Help",
                    "OnShowHelp",
                    "show_help",
                ),
            ),
        ),
    ),
)
"""The "Sales Plan / 销售计划" tab of the workbook template."""


@dataclass(frozen=True)
class CustomUiPart:
    """A customUI part and how the package wires it.

    Add ``xml`` at ``part_name`` and a relationship of ``relationship_type`` with target
    ``part_name`` to the package's ``_rels/.rels``; the part's content type is
    ``content_type`` (``application/xml``, usually through the ``xml`` default).
    """

    part_name: str
    relationship_type: str
    content_type: str
    namespace: str
    xml: bytes


def _check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise PlanningError(
            f"language: expected one of {', '.join(LANGUAGES)}, got {language!r}",
            code="unknown_language",
        )
    return language


def render_custom_ui(
    language: str = "en", *, version: CustomUiVersion = "2009/07", tab: RibbonTab = SALES_PLAN_TAB
) -> bytes:
    """Render the customUI XML of ``tab`` in ``language`` (UTF-8 bytes).

    Parameters
    ----------
    language : {"en", "zh-CN"}
        Language of labels and supertips (ids, icons and callbacks do not change).
    version : {"2009/07", "2006/01"}
        customUI namespace: 2009/07 for Office 2010 and later, 2006/01 for Office 2007.
    tab : RibbonTab
        The tab to render.

    Examples
    --------
    >>> xml = render_custom_ui("zh-CN").decode("utf-8")
    >>> 'label="销售计划"' in xml, 'onAction="RibbonCallbacks.OnShowHelp"' in xml
    (True, True)
    >>> render_custom_ui("fr")
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: language: expected one of en, zh-CN, got 'fr'
    """
    _check_language(language)
    if version not in _NAMESPACES:
        raise PlanningError(
            f"version: expected '2009/07' or '2006/01', got {version!r}",
            code="unknown_custom_ui_version",
        )
    ns = _NAMESPACES[version]

    def element(parent: ET.Element, tag: str, **attributes: str) -> ET.Element:
        return ET.SubElement(parent, tag, attributes)

    # Unqualified tags under a default namespace declared on the root element.
    root = ET.Element("customUI", xmlns=ns)
    tabs = element(element(root, "ribbon"), "tabs")
    tab_element = element(
        tabs, "tab", id=tab.id, label=tab.label.get(language), insertAfterMso=tab.insert_after_mso
    )
    for group in tab.groups:
        group_element = element(tab_element, "group", id=group.id, label=group.label.get(language))
        for button in group.buttons:
            element(
                group_element,
                "button",
                id=button.id,
                label=button.label.get(language),
                size=button.size,
                imageMso=button.image_mso,
                screentip=button.label.get(language),
                supertip=button.supertip.get(language),
                onAction=button.on_action,
            )
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return (_XML_DECLARATION + body + "\n").encode("utf-8")


def custom_ui_part(
    language: str = "en", *, version: CustomUiVersion = "2009/07", tab: RibbonTab = SALES_PLAN_TAB
) -> CustomUiPart:
    """The customUI part for ``language`` and ``version``, with its package wiring.

    Examples
    --------
    >>> part = custom_ui_part(version="2006/01")
    >>> part.part_name, part.relationship_type, part.namespace
    ... # doctest: +NORMALIZE_WHITESPACE
    ('customUI/customUI.xml', 'http://schemas.microsoft.com/office/2006/relationships/ui/extensibility',
     'http://schemas.microsoft.com/office/2006/01/customui')
    """
    xml = render_custom_ui(language, version=version, tab=tab)
    return CustomUiPart(
        part_name=_PART_NAMES[version],
        relationship_type=_RELATIONSHIP_TYPES[version],
        content_type="application/xml",
        namespace=_NAMESPACES[version],
        xml=xml,
    )


def run_python_code(macro: str) -> str:
    """The Python code a ribbon callback passes to xlwings' ``RunPython`` for ``macro``.

    Examples
    --------
    >>> run_python_code("build_plan")
    'import xl_salesplan.macros as m; m.build_plan()'
    """
    return f"import {MACROS_MODULE} as m; m.{macro}()"


def ribbon_callbacks_source() -> str:
    """The text of ``vba/RibbonCallbacks.bas`` as committed (LF line endings).

    Examples
    --------
    >>> ribbon_callbacks_source().splitlines()[0]
    'Attribute VB_Name = "RibbonCallbacks"'
    """
    source = resources.files("xl_salesplan.vba.modules").joinpath(f"{CALLBACK_MODULE}.bas")
    return source.read_bytes().decode("utf-8")


def ribbon_callbacks_module() -> VbaModule:
    """The ribbon callbacks as a standard module for :func:`build_vba_project`.

    Examples
    --------
    >>> ribbon_callbacks_module().name
    'RibbonCallbacks'
    """
    return standard_module(ribbon_callbacks_source())
