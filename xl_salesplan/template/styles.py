"""Cell styles of the plan workbook: input, output, live formula, header, label, titles.

One :class:`TemplateStyles` per XlsxWriter workbook hands out formats by role and
cell kind, creating each combination once (so the styles part stays small and the
same build always creates formats in the same order). The colours are documented in
``docs/workbook.md`` and shown in the legend of the Instructions sheet.

Roles:

- ``input``: light yellow fill, dark blue font: cells the planner edits;
- ``output``: number format only: bodies of output blocks; a conditional format
  gives non-blank output cells the grey fill (:data:`OUTPUT_FILL`) and a border
  (:meth:`TemplateStyles.output_fill`), so the grey follows what an action writes and
  unused rows stay plain;
- ``formula``: light green fill: block columns with a live Excel function;
- ``header``: white bold text on dark blue; ``label``: bold on pale blue;
- ``title``, ``hint``, ``block_title``, ``text``, ``step``, ``code``: the prose.

Examples
--------
>>> import io, xlsxwriter
>>> wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
>>> styles = TemplateStyles(wb, "en")
>>> styles.get("input", "money") is styles.get("input", "money")
True
>>> styles.get("input", "ratio").num_format, styles.get("header").bold
('0.0%', True)
>>> wb.close()
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from xl_salesplan.layout.labels import check_language
from xl_salesplan.layout.model import NUMBER_FORMATS

__all__ = [
    "FONTS",
    "FORMULA_FILL",
    "HEADER_FILL",
    "INPUT_FILL",
    "INPUT_FONT",
    "LABEL_FILL",
    "OUTPUT_FILL",
    "STATUS_COLOURS",
    "TemplateStyles",
    "workbook_options",
]

INPUT_FILL = "#FFF2CC"
INPUT_FONT = "#1F3F99"
OUTPUT_FILL = "#F2F2F2"
FORMULA_FILL = "#E2EFDA"
HEADER_FILL = "#1F4E78"
LABEL_FILL = "#DDEBF7"
BORDER = "#BFBFBF"
#: Fill and font colour per KPI status (On track, At risk, Off track, No data).
STATUS_COLOURS: tuple[tuple[str, str], ...] = (
    ("#C6EFCE", "#006100"),
    ("#FFEB9C", "#9C5700"),
    ("#FFC7CE", "#9C0006"),
    ("#EDEDED", "#595959"),
)
#: Default font per language: Excel's default body font of the language's Office.
FONTS: dict[str, str] = {"en": "Calibri", "zh-CN": "等线"}

_ROLES: dict[str, dict[str, Any]] = {
    "input": {"bg_color": INPUT_FILL, "font_color": INPUT_FONT, "border": 1,
              "border_color": BORDER},
    "output": {},
    "formula": {"bg_color": FORMULA_FILL, "border": 1, "border_color": BORDER},
    "header": {"bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_FILL, "text_wrap": True,
               "valign": "vcenter", "border": 1, "border_color": BORDER},
    "label": {"bold": True, "bg_color": LABEL_FILL, "border": 1, "border_color": BORDER},
    "title": {"bold": True, "font_size": 16, "font_color": HEADER_FILL},
    "hint": {"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"},
    "block_title": {"bold": True, "font_size": 12, "font_color": HEADER_FILL},
    "text": {"text_wrap": True, "valign": "top"},
    "step": {"bold": True, "align": "right", "valign": "top", "font_color": HEADER_FILL},
    "code": {"font_name": "Consolas", "text_wrap": True, "valign": "top", "font_color": "#404040"},
    "plain": {},
}  # fmt: skip


def workbook_options(language: str) -> dict[str, Any]:
    """XlsxWriter options of a template workbook in ``language`` (in memory, default font).

    Examples
    --------
    >>> workbook_options("zh-CN")["default_format_properties"]["font_name"]
    '等线'
    """
    return {
        "in_memory": True,
        "default_format_properties": {
            "font_name": FONTS[check_language(language)],
            "font_size": 11,
        },
    }


class TemplateStyles:
    """Formats of one workbook, by role and cell kind, created once each."""

    def __init__(self, workbook: Workbook, language: str) -> None:
        self._workbook = workbook
        self._font = FONTS[check_language(language)]
        self._cache: dict[tuple[str, str | None, tuple[tuple[str, Any], ...]], Format] = {}

    def get(self, role: str, kind: str | None = None, **extra: Any) -> Format:
        """The format for ``role`` (see the module docs) and cell ``kind`` (number format).

        ``extra`` adds XlsxWriter format properties (e.g. ``text_wrap=True``).
        """
        key = (role, kind, tuple(sorted(extra.items())))
        found = self._cache.get(key)
        if found is None:
            props: dict[str, Any] = {"font_name": self._font, "font_size": 11}
            props.update(_ROLES[role])
            if kind is not None:
                props["num_format"] = (
                    NUMBER_FORMATS[kind] if kind != "text" or role == "input" else "General"
                )
            props.update(extra)
            found = self._workbook.add_format(props)
            self._cache[key] = found
        return found

    def status(self, position: int) -> Format:
        """Conditional-format style of status ``position`` (0 On track .. 3 No data)."""
        fill, font = STATUS_COLOURS[position]
        return self.get("plain", None, bg_color=fill, font_color=font, bold=True)

    def output_fill(self, kind: str | None = None) -> Format:
        """Grey fill and thin border: the conditional format of non-blank output cells.

        With ``kind``, also that number format (for a cell styled like a filled output).
        """
        extra: dict[str, Any] = {"bg_color": OUTPUT_FILL, "border": 1, "border_color": BORDER}
        if kind is not None:
            extra["num_format"] = NUMBER_FORMATS[kind]
        return self.get("plain", None, **extra)

    def number_format(self, kind: str) -> Format:
        """A number-format-only style (conditional formats, column defaults)."""
        return self.get("plain", None, num_format=NUMBER_FORMATS[kind])
