"""How the template's sheets print, as written in the package (no spreadsheet application needed).

The Budget and Targets sheets print in bands of blocks at a readable scale instead of one page
wide; blocks that must not be cut start a page; the long tables repeat their header on every
page; the settings' descriptions on an action's sheet do not wrap into tall rows. What
LibreOffice makes of it is checked in ``test_demo_pdf.py``.
"""

from __future__ import annotations

import pytest
from test_template import MAIN_NS, built_template, parts, sheet_parts, xml
from test_template_content import styled

from xl_salesplan.layout import BLOCKS, INPUT_TABLES, NAMED_INPUTS, SHEETS
from xl_salesplan.ooxml.references import column_letters, parse_cell
from xl_salesplan.template.sheet_writer import display_width

LANGUAGES = ("en", "zh-CN")


def _sheet(language: str, key: str):
    data = built_template(language)
    return xml(parts(data)[sheet_parts(data)[SHEETS[key].name(language)]])


def _breaks(sheet, tag: str) -> list[int]:
    """1-based first row/column of each printed page after a manual break."""
    found = sheet.find(f"{MAIN_NS}{tag}")
    return [] if found is None else [int(b.get("id")) + 1 for b in found.iter(f"{MAIN_NS}brk")]


def _title_column(block: str) -> int:
    return parse_cell(BLOCKS[block].title_cell())[1]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_budget_prints_its_blocks_in_bands_at_a_readable_scale(language):
    sheet = _sheet(language, "budget")
    setup = sheet.find(f"{MAIN_NS}pageSetup")
    fit = sheet.find(f"{MAIN_NS}sheetPr/{MAIN_NS}pageSetUpPr")
    assert fit is None or fit.get("fitToPage") in (None, "0"), "fit to one page wide is too small"
    assert setup.get("orientation") == "landscape"
    assert 55 <= int(setup.get("scale")) <= 100
    # A new band of pages at the summary, at the optimal allocation and at the curves; the
    # frontier starts a page of its own (never cut under the summary).
    assert _breaks(sheet, "colBreaks") == [
        _title_column(b) for b in ("BudgetSummary", "BudgetOptimal", "ChannelCurves")
    ]
    assert _breaks(sheet, "rowBreaks") == [parse_cell(BLOCKS["BudgetFrontier"].title_cell())[0]]
    # The hint under the title spans the first band only (a merged cell is not cut by a page).
    merged = [m.get("ref") for m in sheet.iter(f"{MAIN_NS}mergeCell")]
    first_band_end = column_letters(_title_column("BudgetSummary") - 1)
    assert f"A2:{first_band_end}2" in merged


@pytest.mark.parametrize("language", LANGUAGES)
def test_targets_print_the_rep_quotas_as_a_band_and_the_region_targets_on_a_page(language):
    sheet = _sheet(language, "targets")
    assert _breaks(sheet, "colBreaks") == [_title_column("RepTargets")]
    assert _breaks(sheet, "rowBreaks") == [parse_cell(BLOCKS["RegionTargets"].title_cell())[0]]
    assert int(sheet.find(f"{MAIN_NS}pageSetup").get("scale")) >= 45


@pytest.mark.parametrize("language", LANGUAGES)
def test_capacity_stays_one_page_wide_and_starts_the_rep_capacity_on_a_new_page(language):
    sheet = _sheet(language, "capacity")
    assert sheet.find(f"{MAIN_NS}sheetPr/{MAIN_NS}pageSetUpPr").get("fitToPage") == "1"
    assert _breaks(sheet, "colBreaks") == []
    assert _breaks(sheet, "rowBreaks") == [parse_cell(BLOCKS["RepCapacity"].title_cell())[0]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_long_tables_repeat_their_titles_and_headers_on_every_page(language):
    book = xml(parts(built_template(language))["xl/workbook.xml"])
    titles = {
        int(n.get("localSheetId")): n.text
        for n in book.iter(f"{MAIN_NS}definedName")
        if n.get("name") == "_xlnm.Print_Titles"
    }
    order = list(SHEETS)
    for key in ("history", "reps", "actuals"):
        assert titles.get(order.index(key), "").endswith("!$4:$5"), (key, titles)
    assert order.index("budget") not in titles


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_settings_description_on_an_action_sheet_does_not_wrap_into_a_tall_row(language):
    data = built_template(language)
    styles = xml(parts(data)["xl/styles.xml"])
    wraps = [
        (xf.find(f"{MAIN_NS}alignment") is not None
         and xf.find(f"{MAIN_NS}alignment").get("wrapText") == "1")
        for xf in styles.find(f"{MAIN_NS}cellXfs")
    ]  # fmt: skip
    for name, spec in NAMED_INPUTS.items():
        if spec.sheet == "assumptions":
            continue
        sheet = _sheet(language, spec.sheet)
        row, col = parse_cell(spec.cell)
        ref = f"{column_letters(col + 2)}{row}"
        (cell,) = [c for c in sheet.iter(f"{MAIN_NS}c") if c.get("r") == ref]
        assert not wraps[int(cell.get("s", "0"))], (name, ref)
        (row_element,) = [r for r in sheet.iter(f"{MAIN_NS}row") if r.get("r") == str(row)]
        assert row_element.get("customHeight") != "1", (name, "a tall row")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_names_in_input_tables_fit_their_columns(language):
    """A text column is as wide as its longest name (a neighbour's value cuts a longer one)."""
    book = styled(language)
    for spec in INPUT_TABLES.values():
        sheet = book[SHEETS[spec.sheet].name(language)]
        row, first = parse_cell(spec.anchor)
        last = parse_cell(sheet.tables[spec.name].ref.split(":")[1])[0]
        for offset, column in enumerate(spec.columns):
            if column.kind != "text":
                continue
            letter = column_letters(first + offset)
            names = [
                c.value for (c,) in sheet[f"{letter}{row + 1}:{letter}{last}"]
                if isinstance(c.value, str)
            ]  # fmt: skip
            widest = min(max(map(display_width, names), default=0), 40)
            assert sheet.column_dimensions[letter].width >= widest + 1, (spec.name, column.key)
