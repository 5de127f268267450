"""The plan workbook model (layout): names, geometry, frames, live formulas, docs in sync."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_salesplan.errors import PlanningError
from xl_salesplan.layout import (
    ACTIONS,
    BLOCKS,
    INPUT_TABLES,
    KINDS,
    LANGUAGES,
    LIST_NAMES,
    MONTH_KEYS,
    NAMED_INPUTS,
    SHEETS,
    block,
    block_for_frame,
    blocks_of,
    defined_names,
    month_key,
)
from xl_salesplan.layout.blocks import block_grid
from xl_salesplan.layout.labels import TEXTS, status_words, text
from xl_salesplan.layout.live_formulas import formula_writes, render_formula
from xl_salesplan.ooxml.references import column_letters, parse_cell
from xl_salesplan.sample_company import load_sample_company
from xl_salesplan.template.sample_inputs import sample_input_frames, sample_named_values

ROOT = Path(__file__).resolve().parents[1]
VBA_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,30}$")
# A1 references (up to XFD1048576) and R1C1 references are not valid names in Excel.
A1_LIKE = re.compile(r"^[A-Za-z]{1,3}[0-9]+$")
R1C1_LIKE = re.compile(r"^[Rr][0-9]*[Cc]?[0-9]*$")
FREE_TABLE_ROWS = 1_048_576


# ------------------------------------------------------------------ names


def test_sheet_names_are_valid_and_distinct_in_every_language():
    for language in LANGUAGES:
        names = [s.name(language) for s in SHEETS.values()]
        assert len({n.lower() for n in names}) == len(names)
        for name in names:
            assert 0 < len(name) <= 31
            assert not set(name) & set("[]:*?/\\"), name
            assert not name.startswith("'") and not name.endswith("'")
            assert name.lower() != "history", "Excel reserves the sheet name History"
    assert [s.name("zh-CN") for s in SHEETS.values()][:2] == ["使用说明", "假设"]
    assert SHEETS["config"].name("zh-CN") == "xlwings.conf"


def test_code_names_are_distinct_vba_identifiers():
    codes = [s.code_name for s in SHEETS.values()]
    assert all(VBA_IDENTIFIER.match(c) for c in codes)
    assert len({c.lower() for c in codes}) == len(codes)
    assert "thisworkbook" not in {c.lower() for c in codes}


def test_defined_names_are_valid_excel_names_distinct_from_tables():
    names = defined_names()
    tables = {t.lower() for t in INPUT_TABLES}
    for name in names:
        assert re.match(r"^[A-Za-z_][A-Za-z0-9_.]*$", name), name
        assert not A1_LIKE.match(name) and not R1C1_LIKE.match(name), name
        assert name.lower() not in tables
    for name in INPUT_TABLES:
        assert name.startswith("tbl") and not A1_LIKE.match(name)
    expected = set(NAMED_INPUTS) | set(BLOCKS) | set(LIST_NAMES)
    expected |= {r.name for b in BLOCKS.values() for r in b.rows if r.name}
    assert set(names) == expected


def test_headers_are_distinct_within_each_table_in_both_languages():
    # Excel requires distinct (case-insensitive) header names in a table.
    for spec in INPUT_TABLES.values():
        keys = spec.column_keys()
        assert len(set(keys)) == len(keys)
        for language in LANGUAGES:
            headers = [c.header(language).lower() for c in spec.columns]
            assert len(set(headers)) == len(headers), (spec.name, language)
            assert all(h.strip() for h in headers)
    for spec in BLOCKS.values():
        assert len(set(spec.column_keys())) == len(spec.column_keys())
        assert len(set(spec.row_keys())) == len(spec.row_keys())


def test_every_column_and_row_kind_is_known():
    for spec in [*INPUT_TABLES.values(), *BLOCKS.values()]:
        assert all(c.kind in KINDS for c in spec.columns)
    for spec in BLOCKS.values():
        assert all(r.kind is None or r.kind in KINDS for r in spec.rows)
    assert all(n.kind in KINDS for n in NAMED_INPUTS.values())


# ------------------------------------------------------------------ geometry


def _rectangles(sheet_key: str) -> list[tuple[str, int, int, int, int]]:
    """(what, first row, first col, last row, last col) of everything placed on a sheet."""
    out = []
    for spec in INPUT_TABLES.values():
        if spec.sheet != sheet_key:
            continue
        row, col = parse_cell(spec.anchor)
        rows = spec.reserved_rows if spec.reserved_rows is not None else FREE_TABLE_ROWS - row
        out.append((spec.name, row - 1, col, row + rows, col + len(spec.columns) - 1))
    for spec in BLOCKS.values():
        if spec.sheet != sheet_key:
            continue
        row, col = parse_cell(spec.anchor)
        top = row - (2 if spec.header else 1)
        left = col - 1 if spec.rows else col
        out.append((spec.name, top, left, row + spec.capacity - 1, col + len(spec.columns) - 1))
    cells = [parse_cell(n.cell) for n in NAMED_INPUTS.values() if n.sheet == sheet_key]
    if cells:
        rows = [r for r, _ in cells]
        col = cells[0][1]
        out.append(("named inputs", min(rows) - 2, col - 1, max(rows), col + 2))
    return out


@pytest.mark.parametrize("sheet_key", list(SHEETS))
def test_nothing_overlaps_and_tables_can_grow(sheet_key):
    boxes = _rectangles(sheet_key)
    for i, (a, r1, c1, r2, c2) in enumerate(boxes):
        assert r1 >= 3, f"{a} reaches the title rows"
        for b, s1, d1, s2, d2 in boxes[i + 1 :]:
            overlap = r1 <= s2 and s1 <= r2 and c1 <= d2 and d1 <= c2
            assert not overlap, f"{a} and {b} overlap on {sheet_key}"


def test_no_defined_name_or_table_shadows_one_of_our_functions():
    # Excel and LibreOffice resolve names case-insensitively: a block named like a function
    # (e.g. "Seasonality" beside SEASONALITY) turns the function call into a name reference.
    import xl_salesplan_udfs

    functions = {name.lower() for name in xl_salesplan_udfs.__all__ if name.isupper()}
    assert len(functions) >= 17
    clashes = {n for n in [*defined_names(), *INPUT_TABLES] if n.lower() in functions}
    assert not clashes


def test_named_inputs_are_one_column_of_consecutive_rows():
    # the assumptions block; a setting of one action may sit on that action's sheet
    cells = [parse_cell(n.cell) for n in NAMED_INPUTS.values() if n.sheet == "assumptions"]
    assert {c for _, c in cells} == {2}
    rows = [r for r, _ in cells]
    assert rows == list(range(rows[0], rows[0] + len(rows)))


def test_block_geometry_by_hand():
    # RegionTargets: body A33, 14 columns (region, 12 months, total), 12 rows.
    assert block("RegionTargets").body_ref() == "$A$33:$N$44"
    # Fixed rows: labels left of the body, header above, title above the header.
    spec = block("CompanyTarget")
    assert (spec.label_cell(0), spec.header_row(), spec.title_cell()) == ("A19", 18, "A17")
    assert spec.row_cell("target", "total") == "N20"
    # No header: the title sits right above the first row.
    assert block("PlanSummary").title_cell() == "A4"
    months = [c for c in block("RepTargets").columns if c.key in MONTH_KEYS]
    first = parse_cell(block("RepTargets").column_cell(months[0].key, 0))[1]
    # RepTargets sits right of RegionTargets (both grow down), its months start at S.
    assert column_letters(first) == "S" and len(months) == 12


# ------------------------------------------------------------------ model vs data


def test_named_inputs_cover_every_sample_assumption():
    company = load_sample_company()
    sample = set(company.assumptions["name"])
    declared = {n.assumption for n in NAMED_INPUTS.values() if n.assumption}
    assert declared == sample
    values = sample_named_values(company)
    assert set(values) == set(NAMED_INPUTS)
    assert values["QuotaPerRep"] == company.assumption("quota_per_rep_annual")


def test_input_tables_take_every_column_from_the_sample_company():
    company = load_sample_company()
    frames = sample_input_frames(company)
    assert set(frames) == set(INPUT_TABLES)
    for name, spec in INPUT_TABLES.items():
        frame = frames[name]
        assert list(frame.columns) == list(spec.column_keys())
        if spec.name == "tblChannels":
            continue  # below
        if spec.name == "tblMarkets":  # the sample markets: one per region, as it names them
            assert frame["market"].tolist() == company.regions["region"].tolist()
            assert frame["source"].str.contains("2025").all()
            assert (frame["share_goal"] > frame["current_share"]).all()
            continue
        if spec.name == "tblPayoutTiers":  # the sample incentive plan's tiers
            assert frame.values.tolist() == [[0.5, 1.0], [1.0, 2.0], [1.2, 1.0]]
            continue
        source = getattr(company, str(spec.source))[list(spec.column_keys())]
        if spec.name == "tblKpiActuals":  # the targets of the KPIs the plan sets are the plan's
            ours = source["kpi_id"].isin(["revenue", "deals_won", "new_leads"])
            pd.testing.assert_frame_equal(frame[~ours], source[~ours])
            pd.testing.assert_frame_equal(
                frame.drop(columns="target"), source.drop(columns="target")
            )
            assert frame.loc[ours & (source["kpi_id"] == "revenue"), "target"].sum() == 78_480_000
        else:
            pd.testing.assert_frame_equal(frame, source)
    channels = frames["tblChannels"]
    budget = company.assumption("marketing_budget_total")
    assert channels["proposed_spend"].sum() == pytest.approx(budget)
    assert (channels["proposed_spend"] >= channels["budget_floor"]).all()
    assert (channels["proposed_spend"] <= channels["budget_cap"]).all()
    assert (channels["proposed_spend"] % 1000 == 0).all()


def test_blocks_map_one_to_one_onto_frames_and_actions():
    frames = [b.frame for b in BLOCKS.values()]
    assert len(set(frames)) == len(frames)
    for spec in BLOCKS.values():
        assert spec.action in ACTIONS
        assert block_for_frame(spec.frame) is spec
        assert spec in blocks_of(spec.action)
        assert spec.fixed_rows or spec.max_rows > 0
    with pytest.raises(KeyError):
        blocks_of("delete_everything")


def test_input_tables_rewritten_by_an_action_name_a_known_action():
    for spec in INPUT_TABLES.values():
        assert spec.written_by is None or spec.written_by in ACTIONS
        for key, action in spec.column_writers:
            assert action in ACTIONS and key in spec.column_keys(), (spec.name, key)
    kpi = INPUT_TABLES["tblKpiActuals"]
    assert kpi.columns_written_by("build_plan") == ("target",)
    assert kpi.columns_written_by("import_actuals") == ("actual",)
    assert kpi.columns_written_by("flag_kpis") == ()


# ------------------------------------------------------------------ month keys and grids


@given(st.integers(1900, 2200), st.integers(1, 12))
def test_month_labels_map_to_month_keys(year, month):
    assert month_key(f"{year}-{month:02d}") == MONTH_KEYS[month - 1]


@given(st.text(max_size=8))
def test_other_labels_are_not_months(label):
    assume_month = re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", label) or label in MONTH_KEYS
    assert (month_key(label) is not None) == bool(assume_month)


@given(st.integers(0, 4), st.data())
def test_block_grid_writes_rows_in_order_and_blanks_the_rest(n, data):
    spec = block("KpiStatusCounts")
    counts = data.draw(st.lists(st.integers(0, 50), min_size=n, max_size=n))
    words = data.draw(st.lists(st.sampled_from(status_words("en")), min_size=n, max_size=n))
    frame = pd.DataFrame({"count": counts, "status": words, "extra": 1})
    grid = block_grid(spec, frame)
    assert len(grid) == spec.max_rows
    assert grid[:n] == [[w, c] for w, c in zip(words, counts, strict=True)]
    assert all(row == [None, None] for row in grid[n:])


def test_block_grid_fixed_rows_by_key_and_month_labels():
    spec = block("CompanyTarget")
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    values = np.arange(24, dtype=float).reshape(2, 12)
    frame = pd.DataFrame(values, index=["target", "last_year"], columns=months)
    frame["total"] = [np.nan, 7.0]
    grid = block_grid(spec, frame)
    assert grid[0][:12] == list(values[1]) and grid[0][12] == 7.0
    assert grid[1][:12] == list(values[0]) and grid[1][12] is None


def test_block_grid_explains_bad_frames():
    spec = block("RegionTargets")
    with pytest.raises(PlanningError, match="no column"):
        block_grid(spec, pd.DataFrame({"region": ["East"]}))
    with pytest.raises(PlanningError, match="rows are"):
        block_grid(
            block("SeasonalProfile"), pd.DataFrame({k: [1.0] for k in MONTH_KEYS}, index=["s"])
        )
    history = block("RevenueHistory")  # does not grow: RegionTargets is below it
    frame = pd.DataFrame({k: [0.0] * 7 for k in history.column_keys()})
    with pytest.raises(PlanningError, match="at most 6 rows"):
        block_grid(history, frame)
    # A growing block takes every row of the result.
    assert len(block_grid(spec, pd.DataFrame({k: [0.0] * 40 for k in spec.column_keys()}))) == 40


# ------------------------------------------------------------------ live formulas


def test_live_formulas_target_existing_rows_or_columns():
    for spec in BLOCKS.values():
        for live in spec.formulas:
            assert live.target in spec.row_keys() or live.target in spec.column_keys()
            assert live.template.startswith("=")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_live_formula_renders_for_any_size(language):
    sizes = {name: 3 for name in [*BLOCKS, *INPUT_TABLES]}
    for spec in BLOCKS.values():
        native = all(live.native for live in spec.formulas)
        for write in formula_writes(spec, 2, language, sizes):
            assert "{" not in write.formula and "}" not in write.formula
            if native:  # Excel's own arithmetic over cells and defined names
                assert re.match(r"^=[A-Z$(]", write.formula), write.formula
            else:
                assert re.match(r"^=(INDEX\()?[A-Z_]+\(", write.formula)
    names = set(defined_names())
    for spec in BLOCKS.values():
        for live in spec.formulas:
            if live.native:  # the names they use are the workbook's own
                used = set(
                    re.findall(
                        r"(?<![{.@\w])([A-Z][A-Za-z]+[a-z][A-Za-z]*)(?![(\w])", live.template
                    )
                )
                assert used <= names, used - names


def test_seasonality_formula_reads_the_history_block_by_hand():
    writes = formula_writes(block("SeasonalProfile"), 2, "zh-CN", {"RevenueHistory": 3})
    # RevenueHistory: body A24, months in B..M, three years -> rows 24..26, same sheet.
    # One ordinary formula per month: B..M of rows 14 (share) and 15 (index).
    assert len(writes) == 24
    assert (writes[0].cell, writes[0].formula) == ("B14", "=INDEX(SEASONALITY($B$24:$M$26),1,1)")
    assert (writes[11].cell, writes[11].formula) == (
        "M14",
        "=INDEX(SEASONALITY($B$24:$M$26),1,12)",
    )
    assert (writes[12].cell, writes[12].formula) == (
        "B15",
        '=INDEX(SEASONALITY($B$24:$M$26,,"indices"),1,1)',
    )
    assert [(w.row, w.col) for w in writes] == [(r, c) for r in (0, 1) for c in range(12)]
    assert not any(w.array for w in writes)
    assert all((w.height, w.width) == (1, 1) for w in writes)


def test_kpi_status_formula_reads_its_own_row_and_the_kpi_table_row():
    writes = formula_writes(block("KpiTracker"), 3, "en", {})
    # Tracker body starts in row 29, tblKpis data in row 6: position 2 -> rows 31 and 8.
    assert writes[2].cell == "K31"
    assert writes[2].formula == '=KPI_STATUS(E31,D31,D8,-G8,-H8,,,"en")'
    assert not writes[2].array
    assert formula_writes(block("KpiTracker"), 0, "en", {}) == []


def test_cross_sheet_references_are_quoted_in_the_sheet_language():
    home = block("RevenueByMonth")
    formula = render_formula(
        "=SUM({RegionTargets.m01:m12})", home, language="zh-CN", sizes={"RegionTargets": 2}
    )
    assert formula == "=SUM('目标分解'!$B$33:$M$34)"
    with pytest.raises(PlanningError, match="number of rows"):
        render_formula("={RegionTargets.total}", home, language="en", sizes={})


# ------------------------------------------------------------------ texts and docs


def test_every_sheet_has_a_title_and_hint_in_both_languages():
    for key in SHEETS:
        if key == "config":
            continue
        for language in LANGUAGES:
            assert text(f"sheet_title.{key}", language)
            assert text(f"sheet_hint.{key}", language)
    chinese = re.compile(r"[\u4e00-\u9fff]")
    for key, (en, zh) in TEXTS.items():
        assert en and zh, key
        if not key.startswith("validation.between") and not key.startswith("validation.at"):
            assert chinese.search(zh) or not re.search(r"[A-Za-z]{4}", en), key


def test_docs_describe_every_table_name_and_block_where_it_is():
    doc = (ROOT / "docs" / "workbook.md").read_text(encoding="utf-8")
    for spec in INPUT_TABLES.values():
        assert f"| `{spec.name}` | {SHEETS[spec.sheet].name_en} | `{spec.anchor}` |" in doc
        for i, key in enumerate(spec.column_keys()):
            assert f"{i}: `{key}`" in doc
    for spec in NAMED_INPUTS.values():
        assert f"| `{spec.name}` | {SHEETS[spec.sheet].name_en}!`{spec.cell}` |" in doc
    for spec in BLOCKS.values():
        assert f"| `{spec.name}` | {SHEETS[spec.sheet].name_en} | `{spec.body_ref()}` |" in doc
    for name in LIST_NAMES:
        assert f"`{name}`" in doc
    for spec in SHEETS.values():
        assert f"`{spec.code_name}`" in doc
    assert "build_template(path, *, lang=" in doc
