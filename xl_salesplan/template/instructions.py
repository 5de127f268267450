"""The Instructions sheet: how to use the workbook, step by step, and the colour legend.

The text is :data:`xl_salesplan.layout.labels.INSTRUCTIONS` in the workbook's
language; headings, numbered steps, paragraphs and commands each get their style.
The legend shows one cell in each style next to what it means.

Examples
--------
>>> import io, xlsxwriter
>>> from xl_salesplan.template.styles import TemplateStyles
>>> wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
>>> writer = SheetWriter(wb.add_worksheet("Instructions"))
>>> write_instructions(writer, TemplateStyles(wb, "en"), "en") > 20
True
>>> wb.close()
"""

from __future__ import annotations

from xl_salesplan.layout.labels import INSTRUCTIONS, text
from xl_salesplan.template.sheet_writer import SheetWriter
from xl_salesplan.template.styles import TemplateStyles

__all__ = ["write_instructions"]

_FIRST_ROW = 4
_LEGEND = (
    ("legend.input", "input", 1250000),
    ("legend.output", "output", 1250000),
    ("legend.formula", "formula", 0.0834),
    ("legend.header", "header", None),
)


def write_instructions(writer: SheetWriter, styles: TemplateStyles, language: str) -> int:
    """Write the instructions from row 4 and the legend below; return the last row.

    Examples
    --------
    >>> import io, xlsxwriter
    >>> wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    >>> writer = SheetWriter(wb.add_worksheet("使用说明"))
    >>> write_instructions(writer, TemplateStyles(wb, "zh-CN"), "zh-CN") == writer.extent[0]
    True
    >>> wb.close()
    """
    zh = language == "zh-CN"
    row = _FIRST_ROW
    step = 0
    for style, en, cn in INSTRUCTIONS:
        content = cn if zh else en
        if style == "h":
            row += 1
            writer.write(row, 1, content, styles.get("block_title"))
        elif style == "s":
            step += 1
            writer.write(row, 1, f"{step}.", styles.get("step"))
            writer.write(row, 2, content, styles.get("text"))
        else:
            writer.write(row, 2, content, styles.get("code" if style == "c" else "text"))
        row += 1
    row += 1
    writer.write(row, 1, text("legend.title", language), styles.get("block_title"))
    for key, role, sample in _LEGEND:
        row += 1
        if role == "header":
            writer.write(row, 3, text("assumptions.value", language), styles.get("header"))
        elif role == "output":
            writer.write(row, 3, sample, styles.output_fill("money"))
        else:
            writer.write(
                row, 3, sample, styles.get(role, "share" if role == "formula" else "money")
            )
        writer.write(row, 2, text(key, language), styles.get("text"))
    writer.width(1, 5)
    writer.width(2, 100)
    writer.width(3, 16)
    return row
