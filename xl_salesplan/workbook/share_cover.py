"""The cover sheet of a share copy: the instructions become a note for a reader.

A plan workbook's instructions tell a planner which ribbon buttons to press and
which cells are live; in a values-only copy both are wrong. :func:`rewrite_cover`
replaces the cells of that sheet by a title and a few lines of text (given by the
caller in the workbook's language), keeping the sheet's look: the title takes the
style of the old ``A1``, the lines the style of the first text cell in column B.

Examples
--------
>>> sheet = (b'<worksheet><dimension ref="A1:C9"/><sheetData><row r="1"><c r="A1" s="1" t="s">'
...          b'<v>0</v></c></row><row r="4"><c r="B4" s="3" t="s"><v>2</v></c></row>'
...          b'</sheetData></worksheet>')
>>> out = cover_sheet_xml(sheet, ShareCover("Instructions", "Sales plan", ("Values only.",)))
>>> b'<dimension ref="A1:B3"/>' in out, b'<v>0</v>' in out
(True, False)
>>> b'<c r="B3" s="3" t="inlineStr"><is><t>Values only.</t></is></c>' in out
True
"""

from __future__ import annotations

from dataclasses import dataclass

from xl_salesplan.ooxml.xml_spans import apply_edits, escape_text, scan, set_attribute

__all__ = ["ShareCover", "cover_sheet_xml"]


@dataclass(frozen=True)
class ShareCover:
    """What the share copy shows on its cover sheet instead of the instructions.

    Attributes
    ----------
    sheet : str
        The sheet whose cells are replaced (the plan's Instructions sheet).
    title : str
        The title, in ``A1``.
    lines : tuple of str
        Paragraphs, from ``B3`` down, one row apart.
    description : str
        The document description of the copy (its properties).
    status : str
        Unused by the sheet; kept with the cover so one object carries the copy's words.
    """

    sheet: str
    title: str
    lines: tuple[str, ...]
    description: str = ""
    status: str = ""


def _cell(prefix: str, ref: str, style: str | None, text: str) -> str:
    styled = f' s="{style}"' if style else ""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return (
        f'<{prefix}c r="{ref}"{styled} t="inlineStr"><{prefix}is><{prefix}t{space}>'
        f"{escape_text(text)}</{prefix}t></{prefix}is></{prefix}c>"
    )


def cover_sheet_xml(data: bytes, cover: ShareCover) -> bytes:
    """The worksheet ``data`` with its cells replaced by the cover's title and lines."""
    spans = scan(data, max_depth=3, text_of=(), part=cover.sheet)
    sheet_data = next((s for s in spans if s.depth == 1 and s.local == "sheetData"), None)
    if sheet_data is None:
        return data
    styles = {s.attrs.get("r"): s.attrs.get("s") for s in spans if s.local == "c"}
    title_style = styles.get("A1")
    text_style = next(
        (style for ref, style in styles.items() if ref and ref.startswith("B") and style), None
    )
    prefix = sheet_data.prefix
    rows = [f'<{prefix}row r="1">{_cell(prefix, "A1", title_style, cover.title)}</{prefix}row>']
    row = 1
    for line in cover.lines:
        row += 2
        rows.append(
            f'<{prefix}row r="{row}">{_cell(prefix, f"B{row}", text_style, line)}</{prefix}row>'
        )
    body = "".join(rows).encode("utf-8")
    edits = [(sheet_data.start, sheet_data.end, f"<{sheet_data.name}>".encode() + body
              + f"</{sheet_data.name}>".encode())]  # fmt: skip
    dimension = next((s for s in spans if s.depth == 1 and s.local == "dimension"), None)
    if dimension is not None:
        last = "B" if cover.lines else "A"
        edits.append(set_attribute(data, dimension, "ref", f"A1:{last}{row}"))
    return apply_edits(data, edits)
