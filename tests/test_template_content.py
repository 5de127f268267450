"""What the template holds, read back with openpyxl (never saved): inputs, outputs, formatting.

Output values are checked against the engine called here directly on the sample company (not
against the template builder's own frames), and against invariants (margins, budget totals).
"""

from __future__ import annotations

import functools
import importlib
import io
import re
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from test_template import built_template, parts, sheet_parts

from xl_salesplan.history.forecast import phased_target
from xl_salesplan.history.moving_holidays import holiday_profile
from xl_salesplan.history.seasonality import seasonal_profile
from xl_salesplan.layout import (
    BLOCKS,
    INPUT_TABLES,
    MONTH_KEYS,
    NAMED_INPUTS,
    SHEETS,
    block,
    defined_names,
    table,
)
from xl_salesplan.layout.labels import status_words
from xl_salesplan.layout.live_formulas import fallback_formula
from xl_salesplan.messages import choice_code, choice_word
from xl_salesplan.ooxml.references import parse_cell, quote_sheet
from xl_salesplan.sample_company import load_sample_company
from xl_salesplan.template.sample_inputs import sample_input_frames

RELATIVE = 1e-14  # XlsxWriter writes 16 significant digits
UDFS = Path(__file__).resolve().parents[1] / "udfs"


@functools.cache
def styled(language: str) -> openpyxl.Workbook:
    """Formulas, tables, names, validation and formatting (openpyxl's full reader)."""
    return openpyxl.load_workbook(io.BytesIO(built_template(language)))


@functools.cache
def cached(language: str) -> openpyxl.Workbook:
    """Cached values of formulas (openpyxl's data-only reader)."""
    return openpyxl.load_workbook(io.BytesIO(built_template(language)), data_only=True)


def values(language: str, sheet_key: str, ref: str) -> list[list[object]]:
    sheet = cached(language)[SHEETS[sheet_key].name(language)]
    ref = ref.replace("$", "")
    return [[c.value for c in row] for row in sheet[ref if ":" in ref else f"{ref}:{ref}"]]


def block_values(name: str, language: str = "en") -> list[list[object]]:
    spec = block(name)
    return values(language, spec.sheet, spec.body_ref())


@functools.cache
def history_matrix() -> tuple[np.ndarray, list[int]]:
    """Company revenue, years x months, straight from the sample company's history."""
    history = load_sample_company().history
    pivot = history.pivot_table(
        index=history["month"].dt.year, columns=history["month"].dt.month, values="revenue",
        aggfunc="sum",
    )  # fmt: skip
    return pivot.to_numpy(dtype=float), [int(y) for y in pivot.index]


# ------------------------------------------------------------------ inputs


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_input_tables_are_where_the_layout_says_with_translated_headers(language):
    frames = sample_input_frames()
    found = {}
    for sheet in styled(language).worksheets:
        for tbl in sheet.tables.values():
            found[tbl.name] = (sheet.title, tbl)
    assert set(found) == set(INPUT_TABLES)
    for name, spec in INPUT_TABLES.items():
        sheet_name, tbl = found[name]
        assert sheet_name == SHEETS[spec.sheet].name(language)
        assert tbl.ref == spec.ref(len(frames[name]))
        assert [c.name for c in tbl.tableColumns] == [c.header(language) for c in spec.columns]


def test_input_tables_hold_the_sample_company():
    frames = sample_input_frames()
    for name, spec in INPUT_TABLES.items():
        frame = frames[name]
        rows = values("en", spec.sheet, spec.data_ref(len(frame)))
        for position, column in enumerate(spec.columns):
            got = [row[position] for row in rows]
            expected = frame[column.key].tolist()
            if column.kind in ("date", "month"):
                expected = [None if v is None or v != v else v.to_pydatetime() for v in expected]
            else:
                expected = [None if isinstance(v, float) and v != v else v for v in expected]
                # XlsxWriter writes 16 significant digits (the funnel's deals and leads)
                expected = [pytest.approx(v, rel=RELATIVE) if isinstance(v, float) else v
                            for v in expected]  # fmt: skip
            assert got == expected, (name, column.key)


def test_named_inputs_hold_the_assumptions_and_the_defaults():
    company = load_sample_company()
    for language in ("en", "zh-CN"):
        for spec in NAMED_INPUTS.values():
            (value,) = values(language, spec.sheet, spec.cell)[0]
            if spec.assumption:
                assert value == company.assumption(spec.assumption)
            elif spec.name == "Language":
                assert value == language
            elif spec.coded is not None:  # a coded word, shown in the workbook's language
                assert value == choice_word(spec.coded, str(spec.default), language)
                assert choice_code(spec.coded, value) == spec.default
            else:
                assert value == spec.default


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_defined_names_point_where_the_layout_says(language):
    names = styled(language).defined_names
    for name, (sheet_key, ref) in defined_names().items():
        assert names[name].attr_text == f"{quote_sheet(SHEETS[sheet_key].name(language))}!{ref}"


def test_inputs_carry_data_validation():
    book = styled("en")
    rules = {
        sheet.title: [(dv.type, str(dv.sqref)) for dv in sheet.data_validations.dataValidation]
        for sheet in book.worksheets
    }

    def covered(sheet_key: str, cell: str) -> set[str]:
        row, col = parse_cell(cell)
        kinds = set()
        for kind, sqref in rules[SHEETS[sheet_key].name("en")]:
            for part in sqref.split():
                first, _, last = part.partition(":")
                r1, c1 = parse_cell(first)
                r2, c2 = parse_cell(last or first)
                if r1 <= row <= r2 and c1 <= col <= c2:
                    kinds.add(kind)
        return kinds

    assert covered("assumptions", "B6") == {"whole"}
    assert covered("assumptions", "B8") == {"decimal"}
    assert covered("assumptions", "B20") == {"list"}
    assert covered("history", table("tblHistory").column_cell("month", 5000)) == {"date"}
    assert covered("history", table("tblHistory").column_cell("region", 0)) == {"list"}
    assert covered("budget", table("tblChannels").column_cell("curve_kind", 11)) == {"list"}
    assert covered("budget", table("tblChannels").column_cell("channel_name", 0)) == set()
    assert covered("kpi", table("tblKpis").column_cell("warn_threshold", 3)) == {"decimal"}


# ------------------------------------------------------------------ outputs against the engine


def test_every_output_block_is_filled():
    for name in BLOCKS:
        first = block_values(name)[0]
        assert any(v is not None for v in first), name


def test_targets_equal_the_engine_on_the_sample_history():
    matrix, years = history_matrix()
    assert years == [2023, 2024, 2025]
    company = load_sample_company()
    profile = seasonal_profile(matrix)
    last_year = matrix[-1]
    # The sample company's story: +20 % on 2025, rounded to the 1,000-yuan unit.
    target = round(last_year.sum() * (1 + company.assumption("growth_target")) / 1000) * 1000
    assert target == 78_480_000
    # phased by where Chinese New Year falls in 2026 (17 February), its effect measured on
    # 2023-2025 (the holiday in January, February, January)
    holiday = holiday_profile(matrix, years[0])
    monthly = phased_target(target, holiday.phasing(2026), unit=1000)
    calendar = phased_target(target, profile, unit=1000)
    assert monthly[0] > calendar[0] and monthly[1] < calendar[1]
    company_target = block_values("CompanyTarget")
    assert company_target[0] == [*last_year.tolist(), last_year.sum()]
    assert company_target[1] == [*monthly.tolist(), target]
    summary = dict(zip(block("PlanSummary").row_keys(), block_values("PlanSummary"), strict=True))
    assert summary["last_year_revenue"] == [last_year.sum()]
    assert summary["target"] == [target]
    effect = f"{np.expm1(holiday.effects[0]):+.0%}"
    assert summary["phasing"][0].startswith("Holiday-adjusted") and effect in summary["phasing"][0]
    history = block_values("RevenueHistory")
    assert [row[0] for row in history[:3]] == years and history[3] == [None] * 14
    assert [row[1:13] for row in history[:3]] == matrix.tolist()
    seasonality = block_values("SeasonalProfile")
    np.testing.assert_allclose(seasonality[0], profile.shares, rtol=RELATIVE)
    np.testing.assert_allclose(seasonality[1], profile.indices, rtol=RELATIVE)


def test_region_and_rep_targets_keep_both_margins():
    monthly = np.array(block_values("CompanyTarget")[1][:12], dtype=float)
    regions = [row for row in block_values("RegionTargets") if row[0] is not None]
    assert [r[0] for r in regions] == load_sample_company().regions["region"].tolist()
    grid = np.array([r[1:13] for r in regions], dtype=float)
    assert (grid % 1000 == 0).all()
    np.testing.assert_array_equal(grid.sum(axis=0), monthly)
    np.testing.assert_array_equal(grid.sum(axis=1), [r[13] for r in regions])
    reps = [row for row in block_values("RepTargets") if row[0] is not None]
    for region, region_row in zip([r[0] for r in regions], grid, strict=True):
        months = np.array([r[3:15] for r in reps if r[2] == region], dtype=float)
        np.testing.assert_array_equal(months.sum(axis=0), region_row)


def test_budget_blocks_are_consistent():
    budget = values("en", "assumptions", "B18")[0][0]
    optimal = [r for r in block_values("BudgetOptimal") if r[0] is not None]
    channels = sample_input_frames()["tblChannels"]
    spend = np.array([r[1] for r in optimal])
    assert [r[0] for r in optimal] == channels["channel"].tolist()
    assert spend.sum() == pytest.approx(budget, rel=1e-9)
    assert (spend >= channels["budget_floor"] - 1e-6).all()
    assert (spend <= channels["budget_cap"] + 1e-6).all()
    free = [r[4] for r in optimal if r[5] == "free"]
    assert free and max(free) == pytest.approx(min(free), rel=1e-6)
    summary = dict(
        zip(block("BudgetSummary").row_keys(), block_values("BudgetSummary"), strict=True)
    )
    assert summary["optimal_outcome"][0] == pytest.approx(sum(r[2] for r in optimal), rel=1e-12)
    gain = summary["optimal_outcome"][0] - summary["proposed_outcome"][0]
    assert summary["gain"][0] == pytest.approx(gain, rel=1e-9) and gain >= 0
    score = [r for r in block_values("BudgetScore") if r[0] is not None]
    assert [r[1] for r in score] == channels["proposed_spend"].tolist()


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_kpi_statuses_are_status_words_and_the_counts_add_up(language):
    words = status_words(language)
    tracker = [r for r in block_values("KpiTracker", language) if r[0] is not None]
    assert [r[0] for r in tracker] == load_sample_company().kpis["kpi_id"].tolist()
    statuses = [r[block("KpiTracker").column_index("status")] for r in tracker]
    assert set(statuses) <= set(words)
    counts = {r[0]: r[1] for r in block_values("KpiStatusCounts", language) if r[0] is not None}
    assert set(counts) == set(words)
    assert counts == {w: statuses.count(w) for w in words}


# ------------------------------------------------------------------ formulas and formatting


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_live_formulas_are_written_with_english_function_names(language):
    # Each falls back to the value written where our Python cannot run (live_formulas).
    name = SHEETS["targets"].name(language)
    targets, values = styled(language)[name], cached(language)[name]
    for cell, call in (("B14", "=INDEX(SEASONALITY($B$24:$M$26),1,1)"),
                       ("M14", "=INDEX(SEASONALITY($B$24:$M$26),1,12)"),
                       ("B15", '=INDEX(SEASONALITY($B$24:$M$26,,"indices"),1,1)')):  # fmt: skip
        assert targets[cell].value == fallback_formula(call, values[cell].value)
    name = SHEETS["kpi"].name(language)
    kpi, values = styled(language)[name], cached(language)[name]
    code = "zh" if language == "zh-CN" else "en"
    call = f'=KPI_STATUS(E29,D29,D6,-G6,-H6,,,"{code}")'
    assert kpi["K29"].value == fallback_formula(call, values["K29"].value, status_words(language))
    # Ordinary formulas only: no array formula, which LibreOffice would recalculate.
    data = built_template(language)
    sheet = parts(data)[sheet_parts(data)[SHEETS["targets"].name(language)]].decode()
    assert '<f t="array"' not in sheet
    assert re.search(
        r'<c r="B14"[^>]*><f>IFERROR\(INDEX\(SEASONALITY\(\$B\$24:\$M\$26\),1,1\)', sheet
    )
    assert "fullCalcOnLoad" not in parts(data)["xl/workbook.xml"].decode()  # no forced recalc


def test_status_cells_are_coloured_in_both_languages_and_outputs_filled_grey():
    sheet = styled("en")[SHEETS["kpi"].name("en")]
    rules = {str(cf.sqref): cf.rules for cf in sheet.conditional_formatting}
    status = rules[block("KpiTracker").column_ref("status").replace("$", "")]
    words = {r.formula[0].strip('"') for r in status if r.type == "cellIs"}
    assert words == set(status_words("en")) | set(status_words("zh-CN"))
    grey = [ref for ref, rs in rules.items() if any(r.type == "notContainsBlanks" for r in rs)]
    # KpiSignals grows: its grey fill reaches the sheet's last row.
    assert "A29:J48" in grey and "A55:D1048576" in grey


def test_every_sheet_prints_one_page_wide_or_in_bands_with_a_print_area():
    banded = {SHEETS[key].name("en") for key in ("budget", "targets")}  # test_print_setup.py
    for sheet in styled("en").worksheets:
        assert sheet.print_area, sheet.title
        if sheet.title in banded:
            assert not sheet.sheet_properties.pageSetUpPr or not (
                sheet.sheet_properties.pageSetUpPr.fitToPage
            )
            assert sheet.col_breaks.brk and sheet.page_setup.scale >= 45
            continue
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_dashboard_charts_read_the_blocks_of_the_language(language):
    package = parts(built_template(language))
    charts = sorted(n for n in package if n.startswith("xl/charts/chart"))
    assert len(charts) == 3
    refs = {ref for n in charts for ref in re.findall(r"<c:f>([^<]+)</c:f>", package[n].decode())}
    # Series name the sheet of the language (always quoted) and the block's whole column.
    for name, key in (("RevenueByMonth", "month"), ("RevenueByMonth", "actual"),
                      ("KpiStatusCounts", "count"), ("BudgetFrontier", "outcome")):  # fmt: skip
        spec = block(name)
        quoted = "'" + SHEETS[spec.sheet].name(language) + "'"
        assert f"{quoted}!{spec.column_ref(key)}" in refs, (name, key)
    budget = "'" + SHEETS["budget"].name(language) + "'"
    assert f"{budget}!{defined_names()['OptimalOutcome'][1]}" in refs  # the optimum's point


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_scatter_x_values_are_numbers(language):
    package = parts(built_template(language))
    scatters = [
        part.decode() for name, part in package.items()
        if name.startswith("xl/charts/chart") and b"<c:scatterChart>" in part
    ]  # fmt: skip
    assert len(scatters) == 1
    x_values = re.findall(r"<c:xVal>(.*?)</c:xVal>", scatters[0])
    assert len(x_values) == 3  # the frontier, the optimum, the proposal
    for x in x_values:
        assert x.startswith("<c:numRef>") and "<c:strRef>" not in x, x[:80]
    frontier = re.findall(r"<c:v>([^<]*)</c:v>", x_values[0])
    assert frontier and all(float(v) > 0 for v in frontier)


def test_the_chinese_workbook_is_chinese():
    book = cached("zh-CN")
    assert book.sheetnames == [s.name("zh-CN") for s in SHEETS.values()]
    targets = book[SHEETS["targets"].name("zh-CN")]
    assert targets["A1"].value == "目标分解"
    assert [targets.cell(18, 2 + i).value for i in range(12)] == [f"{m}月" for m in range(1, 13)]
    assert targets["A19"].value == "上年实际"
    assert all(re.search(r"[\u4e00-\u9fff]", block(n).title("zh-CN")) for n in BLOCKS)
    assert len(MONTH_KEYS) == 12


# ------------------------------------------------------------------ live formulas vs the functions


def _call_as_excel(formula: str, sheet) -> object:
    """Evaluate one of our formulas the way Excel and xlwings would call the function.

    Our templates use only cell and range references (optionally negated), text literals
    and omitted arguments; every argument reaches Python as a list of rows (``ndim=2``).
    """
    if str(UDFS) not in sys.path:
        sys.path.insert(0, str(UDFS))
    functions = importlib.import_module("xl_salesplan_udfs")
    picked = re.fullmatch(r"=INDEX\((\w+\(.*\)),(\d+),(\d+)\)", formula)
    if picked:  # Excel's INDEX over the array result: one element, 1-based
        inner, row, col = picked.groups()
        return [[_call_as_excel("=" + inner, sheet)[int(row) - 1][int(col) - 1]]]
    name, body = re.fullmatch(r"=(\w+)\((.*)\)", formula).groups()
    args: list[object] = []
    for arg in body.split(","):
        if not arg:
            args.append(None)
        elif arg.startswith('"'):
            args.append([[arg.strip('"')]])
        else:
            ref = arg.lstrip("-").replace("$", "")
            grid = [[c.value for c in row] for row in sheet[ref if ":" in ref else f"{ref}:{ref}"]]
            args.append([[-v for v in row] for row in grid] if arg.startswith("-") else grid)
    return getattr(functions, name)(*args)


#: ``IF(LEFT(call)="#",call,...)`` in a live formula's fallback (live_formulas.fallback_formula)
_LIVE_CALL = re.compile(r'IF\(LEFT\((?P<call>.+?)\)="#",(?P=call),')


def _filled(name: str, language: str) -> int:
    return sum(row[0] is not None for row in block_values(name, language))


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_live_formulas_compute_their_cached_values(language):
    formulas = styled(language)
    for spec in BLOCKS.values():
        sheet_name = SHEETS[spec.sheet].name(language)
        for live in spec.formulas:
            if live.native:  # Excel's own formulas: tests/test_native_formulas.py recalculates
                continue
            row_target = live.target in spec.row_keys()
            anchors = (
                [spec.column_cell(c.key, spec.row_keys().index(live.target)) for c in spec.columns]
                if row_target
                else [spec.column_cell(live.target, i) for i in range(_filled(spec.name, language))]
            )
            for anchor in anchors:
                cell = formulas[sheet_name][anchor].value
                text_ = cell.text if hasattr(cell, "text") else cell
                call = _LIVE_CALL.search(text_)  # the call inside the fallback wrapping
                assert call, text_
                result = _call_as_excel("=" + call.group("call"), cached(language)[sheet_name])
                row, col = parse_cell(anchor)
                width = len(result[0])
                got = [cached(language)[sheet_name].cell(row, col + i).value for i in range(width)]
                if isinstance(result[0][0], str):
                    assert got == result[0], (spec.name, anchor)
                else:
                    np.testing.assert_allclose(got, result[0], rtol=RELATIVE)


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", ("What works where", "Excel for Mac", "LibreOffice", "macros blocked")),
     ("zh-CN", ("各环境下的功能", "Mac 版 Excel", "LibreOffice", "宏被阻止"))],
)  # fmt: skip
def test_the_instructions_say_what_works_where(language, words):
    sheet = cached(language)[SHEETS["instructions"].name(language)]
    text_ = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    for word in words:
        assert word.lower() in text_.lower(), word
