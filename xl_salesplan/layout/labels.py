"""Texts of the plan workbook in English and Simplified Chinese.

Sheet names, column headers, block titles and row labels live with the model in
:mod:`~xl_salesplan.layout`; everything else a planner reads (sheet titles
and hints, the assumptions' units and descriptions, status words, chart titles,
data-validation messages and the instructions sheet) is in the message catalogue
(:mod:`xl_salesplan.messages`) and looked up here. Function names stay English in
both languages.

Examples
--------
>>> text("sheet_title.targets", "zh-CN")
'目标分解'
>>> status_words("zh-CN")
('正常', '预警', '落后', '无数据')
>>> month_names("en")[:3], month_names("zh-CN")[11]
(('Jan', 'Feb', 'Mar'), '12月')
"""

from __future__ import annotations

from xl_salesplan.errors import PlanningError
from xl_salesplan.kpi import STATUS_LABELS
from xl_salesplan.layout.model import LANGUAGES, MONTH_NAMES_EN
from xl_salesplan.messages import instructions as _instructions
from xl_salesplan.messages import workbook as _workbook_texts

__all__ = [
    "ASSUMPTION_TEXTS",
    "INSTRUCTIONS",
    "TEXTS",
    "check_language",
    "month_names",
    "status_words",
    "text",
]


def check_language(language: str) -> str:
    """Return ``language`` if the workbook supports it, else raise a planner's error.

    Examples
    --------
    >>> check_language("zh-CN")
    'zh-CN'
    >>> check_language("fr")
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: language must be one of en, zh-CN; got 'fr'
    """
    if language not in LANGUAGES:
        raise PlanningError.of(
            "layout.labels.invalid_value",
            code="invalid_value",
            join_languages=", ".join(LANGUAGES),
            language=language,
        )
    return language


#: key -> (English, Simplified Chinese): the workbook texts of the one catalogue.
TEXTS: dict[str, tuple[str, str]] = _workbook_texts.TEXTS

#: Named input -> (unit en, unit zh, description en, description zh).
ASSUMPTION_TEXTS = _workbook_texts.ASSUMPTION_TEXTS


def text(key: str, language: str = "en") -> str:
    """The text ``key`` of :data:`TEXTS` in ``language``.

    Examples
    --------
    >>> text("chart.status.title", "en")
    'KPI status'
    """
    en, zh = TEXTS[key]
    return zh if check_language(language) == "zh-CN" else en


def status_words(language: str = "en") -> tuple[str, str, str, str]:
    """On track, At risk, Off track, No data in ``language`` (as the KPI engine writes them).

    Examples
    --------
    >>> status_words("en")
    ('On track', 'At risk', 'Off track', 'No data')
    """
    return STATUS_LABELS["zh" if check_language(language) == "zh-CN" else "en"]


def month_names(language: str = "en") -> tuple[str, ...]:
    """Short month names: ``Jan`` .. ``Dec`` or ``1月`` .. ``12月``.

    Examples
    --------
    >>> len(month_names("zh-CN"))
    12
    """
    if check_language(language) == "zh-CN":
        return tuple(f"{m}月" for m in range(1, 13))
    return MONTH_NAMES_EN


#: The instructions sheet: (style, English, Chinese) lines.
INSTRUCTIONS = _instructions.INSTRUCTIONS
