"""``xl-salesplan upgrade``: a plan made with the previous release, moved to the current template.

The fixtures are the previous release's templates (English and Chinese) as written by
``xl-salesplan template``: no ``tblMarkets``, no ``HolidayPhasing``/``ShareGoalYears``,
and the four single market cells that ``tblMarkets`` replaced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from shared_tools import ooxml_problems

from xl_salesplan.cli import EXIT_ERROR, EXIT_OK, main
from xl_salesplan.workbook.book import FileBook

FIXTURES = Path(__file__).resolve().parent / "fixtures"
OLD = {"en": FIXTURES / "plan_previous_release.xlsm",
       "zh-CN": FIXTURES / "plan_previous_release_zh.xlsm"}  # fmt: skip


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _planner_edits(path: Path) -> None:
    """What a planner changed in the old file: a rep renamed, a rep added, a region, a target."""
    with FileBook.open(path) as book:
        reps = book.read_table("tblReps")
        reps.iloc[0, 1] = "Zhang Wei Jr"
        added = ["R99", "New Hire", "新人", reps.iloc[0, 3], dt.datetime(2024, 5, 6), None]
        reps.loc[len(reps)] = added
        book.write_table("tblReps", reps)
        regions = book.read_table("tblRegions")
        regions.iloc[1, 1] = "华北大区"
        book.write_table("tblRegions", regions)
        sheet, cell = book.name_range("GrowthTarget")
        book.write_value(sheet, cell.replace("$", ""), 0.25)
        book.save()


@pytest.fixture(params=["en", "zh-CN"])
def old_plan(request, tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "plan.xlsm"
    shutil.copyfile(OLD[request.param], path)
    _planner_edits(path)
    return path, request.param


def test_an_old_plan_is_refused_with_a_pointer_to_upgrade(old_plan, capsys) -> None:
    path, language = old_plan
    assert main(["plan", str(path)]) == EXIT_ERROR
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "tblMarkets" in err
    assert f"xl-salesplan upgrade {path}" in err
    assert ("旧版" in err) == (language == "zh-CN")


def test_upgrade_carries_the_inputs_and_the_new_file_plans(old_plan, capsys) -> None:
    path, language = old_plan
    before = _sha(path)
    assert main(["upgrade", str(path)]) == EXIT_OK
    out = capsys.readouterr().out
    new = path.with_name("plan.upgraded.xlsm")
    assert new.is_file() and _sha(path) == before
    assert "tblMarkets" in out and "HolidayPhasing" in out and "ShareGoal" in out
    assert f"xl-salesplan plan {new}" in out
    assert ("春节" in out) == (language == "zh-CN")
    with FileBook.open(new) as book:
        reps = book.read_table("tblReps")
        assert reps.iloc[0, 1] == "Zhang Wei Jr" and reps.iloc[-1, 0] == "R99"
        assert pd.Timestamp(reps.iloc[-1, 4]) == pd.Timestamp(2024, 5, 6)
        assert book.read_table("tblRegions").iloc[1, 1] == "华北大区"
        sheet, cell = book.name_range("GrowthTarget")
        assert book.read_value(sheet, cell.replace("$", "")) == 0.25
        assert len(book.read_table("tblMarkets")) > 0  # the template's sample markets
    assert main(["validate", str(new)]) == EXIT_OK
    assert main(["plan", str(new)]) == EXIT_OK
    assert ("计划已生成" in capsys.readouterr().out) == (language == "zh-CN")
    assert _sha(path) == before


def test_the_upgraded_package_passes_the_checker(old_plan, tmp_path: Path, capsys) -> None:
    path, _ = old_plan
    new = tmp_path / "new.xlsm"
    assert main(["upgrade", str(path), "-o", str(new)]) == EXIT_OK
    assert ooxml_problems([new]) == ""


def test_an_existing_output_is_refused_without_force(tmp_path: Path, capsys) -> None:
    path = tmp_path / "plan.xlsm"
    shutil.copyfile(OLD["en"], path)
    new = tmp_path / "plan.upgraded.xlsm"
    new.write_bytes(b"mine")
    assert main(["upgrade", str(path)]) == EXIT_ERROR
    assert "--force" in capsys.readouterr().err
    assert new.read_bytes() == b"mine"
    assert main(["upgrade", str(path), "-o", str(path), "--force"]) == EXIT_ERROR
    assert _sha(path) == _sha(OLD["en"])
    assert main(["upgrade", str(path), "--force"]) == EXIT_OK
    with FileBook.open(new) as book:
        assert "tblMarkets" in book.table_names()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.upgraded.xlsm", "plan.xlsm"]


def test_a_file_that_is_no_plan_is_refused(tmp_path: Path, capsys) -> None:
    import xlsxwriter

    path = tmp_path / "other.xlsm"
    with xlsxwriter.Workbook(path) as book:
        book.add_worksheet("Sheet1")
    assert main(["upgrade", str(path)]) == EXIT_ERROR
    assert "not a plan workbook" in capsys.readouterr().err
    assert not path.with_name("other.upgraded.xlsm").exists()


def _add_sheet(path: Path, name: str) -> None:
    """A planner's own sheet added to ``path`` (plain zip edits, not the code under test)."""
    with zipfile.ZipFile(path) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    part = "xl/worksheets/sheet_planner_notes.xml"
    parts[part] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>my notes</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    types = parts["[Content_Types].xml"].decode()
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    override = f'<Override PartName="/{part}" ContentType="{kind}"/></Types>'
    parts["[Content_Types].xml"] = types.replace("</Types>", override).encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    parts["xl/_rels/workbook.xml.rels"] = rels.replace("</Relationships>", (
        '<Relationship Id="rIdPlannerNotes" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet_planner_notes.xml"/>'
        "</Relationships>")).encode()  # fmt: skip
    workbook = parts["xl/workbook.xml"].decode()
    sheet = f'<sheet name="{name}" sheetId="900" r:id="rIdPlannerNotes"/></sheets>'
    parts["xl/workbook.xml"] = workbook.replace("</sheets>", sheet).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name_in_zip, data in parts.items():
            package.writestr(name_in_zip, data)


def test_the_planners_own_sheet_is_listed_not_lost_silently(tmp_path: Path, capsys) -> None:
    path = tmp_path / "plan.xlsm"
    shutil.copyfile(OLD["en"], path)
    _add_sheet(path, "My notes")
    with FileBook.open(path) as book:
        assert "My notes" in book.sheet_names()
    before = _sha(path)
    assert main(["upgrade", str(path), "--json"]) == EXIT_OK
    details = json.loads(capsys.readouterr().out)["details"]
    assert "sheet 'My notes'" in details["not_carried"]
    assert "input ShareGoal = 0.06" in details["not_carried"]
    assert _sha(path) == before
