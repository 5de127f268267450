"""Every package the project writes, checked the way other applications read it.

The packages: the template (English and Chinese), the workbook after each action
(Build plan, Optimise budget, Import actuals, Flag KPIs), the share copy, a snapshot
and the demo with its share copy and snapshot.

- ``../shared/tools/ooxml_check.py`` (schemas, content types, relationships, customUI
  relationship types, reserved sheet names, table headers, calcChain) passes on each;
- opened and fully recalculated by LibreOffice, which cannot run our Python, every
  formula cell shows the value the project wrote: live formulas fall back to it.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
from pathlib import Path

import openpyxl
import pytest
from shared_tools import ooxml_problems, recalculated_copies

from xl_salesplan.actions.actuals import import_actuals
from xl_salesplan.actions.budget import optimise_budget
from xl_salesplan.actions.kpi import flag_kpis
from xl_salesplan.actions.plan import build_plan
from xl_salesplan.actions.share import share_copy
from xl_salesplan.actions.versions import snapshot_version
from xl_salesplan.demo import CRM_HEADERS, run_demo, write_crm_export
from xl_salesplan.template.build import build_template
from xl_salesplan.workbook.book import FileBook


def _after(path: Path, name: str, action) -> Path:
    with FileBook.open(path) as book:
        action(book)
    saved = path.with_name(name)
    shutil.copyfile(path, saved)
    return saved


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("written")
    written = {}
    for language in ("en", "zh-CN"):
        written[f"template {language}"] = build_template(folder / f"template_{language}.xlsm",
                                                         lang=language)  # fmt: skip
    work = folder / "work.xlsm"
    shutil.copyfile(written["template en"], work)
    export = write_crm_export(folder / "crm.csv")
    mapping = [f"{column}={header}" for column, header in CRM_HEADERS.items()]
    written["after plan"] = _after(work, "after_plan.xlsm", build_plan)
    written["after budget"] = _after(work, "after_budget.xlsm", optimise_budget)
    written["after actuals"] = _after(
        work, "after_actuals.xlsm", lambda book: import_actuals(book, export, mapping)
    )
    written["after kpi"] = _after(work, "after_kpi.xlsm", flag_kpis)
    written["share copy"] = Path(share_copy(work).details["path"])
    with FileBook.open(work) as book:
        snapshot = folder / "snapshot.xlsx"
        snapshot_version(book, snapshot, label="v1", source=work.name, workbook_path=work)
    written["snapshot"] = snapshot
    (folder / "demo").mkdir()
    demo = run_demo(folder / "demo" / "demo.xlsm", language="zh-CN").details
    written["demo zh-CN"] = Path(demo["path"])
    written["demo share copy"] = Path(demo["share_copy"])
    written["demo snapshot"] = Path(demo["snapshot"])
    return {key: Path(path) for key, path in written.items()}


def test_every_package_passes_the_ooxml_checker(packages: dict[str, Path]) -> None:
    assert all(p.exists() for p in packages.values())
    assert ooxml_problems(list(packages.values())) == ""


def _formula_cells(path: Path) -> dict[tuple[str, str], object]:
    """(sheet, cell) -> the value cached with each formula."""
    formulas = openpyxl.load_workbook(path, read_only=False, keep_vba=False)
    values = openpyxl.load_workbook(path, read_only=False, data_only=True)
    cached = {}
    for sheet in formulas.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cached[(sheet.title, cell.coordinate)] = values[sheet.title][
                        cell.coordinate
                    ].value
    return cached


def _same(written: object, shown: object) -> bool:
    if isinstance(written, dt.datetime | dt.date) or isinstance(shown, dt.datetime | dt.date):
        return written == shown
    if isinstance(written, int | float) and isinstance(shown, int | float):
        return math.isclose(written, shown, rel_tol=1e-14, abs_tol=0.0)
    return (written if written is not None else "") == (shown if shown is not None else "")


def test_an_application_without_our_python_shows_every_value_written(
    packages: dict[str, Path], tmp_path: Path
) -> None:
    workbooks = [p for p in packages.values() if p.suffix == ".xlsm"]
    copies = recalculated_copies(workbooks, tmp_path)
    counted = 0
    for path in workbooks:
        cached = _formula_cells(path)
        counted += len(cached)
        shown = openpyxl.load_workbook(copies[path], data_only=True)
        changed = [
            f"{sheet}!{cell}: wrote {value!r}, shows {shown[sheet][cell].value!r}"
            for (sheet, cell), value in cached.items()
            if not _same(value, shown[sheet][cell].value)
        ]
        assert not changed, f"{path.name}: {len(changed)} of {len(cached)}: {changed[:5]}"
    assert counted >= 32 * len(workbooks)  # the template's 32 live formulas, at least


@pytest.mark.parametrize(
    ("result", "words", "shows"),
    [
        # xlwings' VBA wrapper returns Err.Description as the cell's text without Python
        ('"Could not activate Python COM server, hr = -2147221164"', (), "cached"),
        ('"Could not activate Python COM server, hr = -2147221164"', ("On track",), "cached"),
        ("NA()", (), "cached"),  # an Excel error, as #NAME? where the function is unknown
        ("0.25", (), 0.25),  # a number from the function: live
        ('"At risk"', ("On track", "At risk"), "At risk"),  # a status word: live
        ('"#KPI_STATUS: warn (arg 4) must be a number"', ("On track",),
         "#KPI_STATUS: warn (arg 4) must be a number"),  # our message about bad input: shown
    ],
)  # fmt: skip
def test_live_formulas_fall_back_on_anything_but_a_result_or_our_message(
    result: str, words: tuple[str, ...], shows: object, tmp_path: Path
) -> None:
    import xlsxwriter

    from xl_salesplan.layout.live_formulas import fallback_formula

    cached = 0.125 if not words else "Off track"
    path = tmp_path / "fallback.xlsx"
    with xlsxwriter.Workbook(path) as workbook:
        formula = fallback_formula(f"={result}", cached, words)
        workbook.add_worksheet("s").write_formula("A1", formula)
    recalculated = recalculated_copies([path], tmp_path)[path]
    shown = openpyxl.load_workbook(recalculated, data_only=True).active["A1"].value
    assert shown == (cached if shows == "cached" else shows)
