"""LibreOffice (headless) opens the template: VBA modules, cached values, Chinese, and PDF pages.

One LibreOffice run inspects both languages and one converts the English template to PDF
(poppler's pdfinfo/pdftotext read it). The files are opened read-only and never saved.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from lo_harness import lo_convert_pdf, lo_inspect_many, requires_libreoffice
from test_template import VBA_DIR, built_template
from test_template_content import history_matrix

from xl_salesplan.history.forecast import phased_target
from xl_salesplan.history.moving_holidays import holiday_profile
from xl_salesplan.layout import SHEETS, block, defined_names, table
from xl_salesplan.layout.labels import status_words, text
from xl_salesplan.ooxml.references import cell_name, parse_cell
from xl_salesplan.sample_company import load_sample_company

pytestmark = requires_libreoffice


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("template")
    paths = {}
    for language in ("en", "zh-CN"):
        paths[language] = folder / f"template-{language}.xlsm"
        paths[language].write_bytes(built_template(language))
    return paths


@pytest.fixture(scope="module")
def shown(files):
    reports = lo_inspect_many([files["en"], files["zh-CN"]])
    out = {}
    for language, path in files.items():
        report = reports[str(path)]
        assert "error" not in report, report.get("error")
        out[language] = report
    return out


def cells(report: dict, language: str, sheet_key: str) -> dict[str, dict]:
    name = SHEETS[sheet_key].name(language)
    (sheet,) = [s for s in report["sheets"] if s["name"] == name]
    return sheet["cells"]


def row_values(sheet_cells: dict, first: str, count: int) -> list[object]:
    row, col = parse_cell(first)
    return [sheet_cells.get(cell_name(row, col + i), {}).get("value") for i in range(count)]


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_libreoffice_lists_every_vba_module_with_its_code(shown, language):
    modules = shown[language]["vba_modules"]
    names = {key.split(".", 1)[1] for key in modules}
    assert {"ThisWorkbook", "RibbonCallbacks", *(s.code_name for s in SHEETS.values())} <= names
    for path in sorted(VBA_DIR.glob("*.bas")):
        source = path.read_text(encoding="utf-8")
        name = re.match(r'Attribute VB_Name = "([^"]+)"', source).group(1)
        shown_code = modules[f"VBAProject.{name}"]
        code_lines = [
            line.strip()
            for line in source.splitlines()
            if line.strip() and not line.startswith("Attribute ")
        ]
        for line in code_lines:
            assert line in shown_code, (name, line)


def test_libreoffice_shows_the_engines_targets(shown):
    matrix, _ = history_matrix()
    growth = load_sample_company().assumption("growth_target")
    target = round(matrix[-1].sum() * (1 + growth) / 1000) * 1000
    # phased by where Chinese New Year falls in 2026, its effect measured on 2023-2025
    monthly = phased_target(target, holiday_profile(matrix, 2023).phasing(2026), unit=1000)
    targets = cells(shown["en"], "en", "targets")
    spec = block("CompanyTarget")
    assert row_values(targets, spec.row_cell("target"), 13) == [*monthly.tolist(), target]
    assert row_values(targets, spec.row_cell("last_year"), 12) == matrix[-1].tolist()
    annual = targets[defined_names()["AnnualTarget"][1].replace("$", "")]
    assert (annual["value"], annual["text"]) == (78_480_000, "78,480,000")
    regions = block("RegionTargets")
    totals = [targets[regions.column_cell("total", i)]["value"] for i in range(4)]
    assert sum(totals) == target


def test_libreoffice_shows_cached_kpi_statuses_of_live_formulas(shown):
    for language in ("en", "zh-CN"):
        kpi = cells(shown[language], language, "kpi")
        spec = block("KpiTracker")
        for position in range(len(table("tblKpis").column_keys())):
            cell = kpi[spec.column_cell("status", position)]
            assert "KPI_STATUS" in cell["formula"].upper()
            assert cell["value"] in status_words(language)
        targets = cells(shown[language], language, "targets")
        spec = block("SeasonalProfile")
        shares = [targets[spec.column_cell(c.key, 0)] for c in spec.columns]
        # Ordinary formulas: LibreOffice shows the cached shares, which sum to one.
        assert all("SEASONALITY" in cell["formula"].upper() for cell in shares)
        assert all(isinstance(cell["value"], float) and cell["value"] > 0 for cell in shares)
        assert abs(sum(cell["value"] for cell in shares) - 1.0) < 1e-9


def test_libreoffice_shows_the_chinese_workbook_in_chinese(shown):
    report = shown["zh-CN"]
    assert [s["name"] for s in report["sheets"]] == [s.name("zh-CN") for s in SHEETS.values()]
    targets = cells(report, "zh-CN", "targets")
    assert targets["A1"]["value"] == text("sheet_title.targets", "zh-CN")
    assert targets["A19"]["value"] == "上年实际" and targets["B18"]["value"] == "1月"
    assert cells(report, "zh-CN", "instructions")["A1"]["value"] == "销售计划工作簿使用说明"
    counts = cells(report, "zh-CN", "dashboard")
    assert counts[block("KpiStatusCounts").anchor]["value"] == status_words("zh-CN")[0]


def test_libreoffice_sees_the_names_and_the_charts(shown):
    for language in ("en", "zh-CN"):
        report = shown[language]
        assert set(defined_names()) <= set(report["named_ranges"])
        charts = {s["name"]: s["charts"] for s in report["sheets"]}
        assert charts[SHEETS["dashboard"].name(language)] == 3
        assert sum(charts.values()) == 3


def _page_texts(pdf) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))
    out = []
    for page in range(1, pages + 1):
        done = subprocess.run(
            ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        )
        out.append(done.stdout)
    return out


def test_the_template_converts_to_pdf_with_pages_for_every_sheet(files, tmp_path):
    pdf = lo_convert_pdf(files["en"], tmp_path)
    pages = _page_texts(pdf)
    by_sheet: dict[str, list[str]] = {}
    for content in pages:
        lines = [line for line in content.splitlines() if line.strip()]
        # The footer: sheet name on the left, "page / pages" on the right.
        footer = re.match(r"^\s*(.+?)\s{2,}(\d+) / (\d+)\s*$", lines[-1])
        assert footer and int(footer.group(3)) == len(pages), lines[-1]
        assert len(lines) > 1, f"empty page of {footer.group(1)}"
        by_sheet.setdefault(footer.group(1), []).append("\n".join(lines[:-1]))
    assert list(by_sheet) == [s.name("en") for s in SHEETS.values()]
    for spec in SHEETS.values():
        first_page = by_sheet[spec.name("en")][0]
        title = "UDF Modules" if spec.key == "config" else text(f"sheet_title.{spec.key}", "en")
        assert title in first_page
    # A sheet of blocks fits on a page or two; long data tables take more; the Targets print
    # the plan, the region targets and the rep quotas on a page each (test_demo_pdf.py).
    for key in ("instructions", "assumptions", "funnel", "kpi", "dashboard", "config"):
        assert len(by_sheet[SHEETS[key].name("en")]) == 1, key
    assert len(by_sheet[SHEETS["targets"].name("en")]) <= 3
    budget_page = "\n".join(by_sheet[SHEETS["budget"].name("en")])
    assert "10,000,000" in budget_page
