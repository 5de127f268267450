"""ExcelBook.set_name_range (live Excel): a defined name follows a block that grows or shrinks."""

from __future__ import annotations

import pytest
from fakes.xlwings_fake import FakeBook

from xl_salesplan.ooxml.workbook_errors import WorkbookError
from xl_salesplan.workbook.excel_book import ExcelBook


def _book() -> tuple[FakeBook, ExcelBook]:
    fake = FakeBook(["Targets", "Rep's plan", "Dashboard"])
    fake.add_name("RepTargetsArea", "=Targets!$A$5:$F$29")
    fake.add_name("Goal", "='Rep''s plan'!$B$2")
    fake.add_name("Dashboard!Local", "=Dashboard!$A$1")
    return fake, ExcelBook(fake)


def _refers_to(fake: FakeBook, name: str) -> str:
    return next(item.refers_to for item in fake.names if item.name == name)


def test_a_name_is_pointed_at_the_new_extent_of_its_block():
    fake, book = _book()
    book.set_name_range("RepTargetsArea", "Targets", "A5:F1004")  # 1,000 reps
    assert _refers_to(fake, "RepTargetsArea") == "='Targets'!$A$5:$F$1004"
    assert book.name_range("RepTargetsArea") == ("Targets", "A5:F1004")
    book.set_name_range("RepTargetsArea", "Targets", "A5:F7")  # and back to 3
    assert book.name_range("RepTargetsArea") == ("Targets", "A5:F7")
    # the other names are untouched
    assert _refers_to(fake, "Goal") == "='Rep''s plan'!$B$2"
    assert _refers_to(fake, "Dashboard!Local") == "=Dashboard!$A$1"


def test_the_name_is_found_whatever_its_case_and_the_sheet_name_is_quoted():
    fake, book = _book()
    book.set_name_range("goal", "rep's PLAN", "B2:C3")
    # Excel's own sheet name, its apostrophe doubled inside the quotes
    assert _refers_to(fake, "Goal") == "='Rep''s plan'!$B$2:$C$3"
    assert book.name_range("Goal") == ("Rep's plan", "B2:C3")


def test_a_single_cell_reads_back_as_that_cell():
    fake, book = _book()
    book.set_name_range("RepTargetsArea", "Targets", "C9")
    assert _refers_to(fake, "RepTargetsArea") in ("='Targets'!$C$9", "='Targets'!$C$9:$C$9")
    assert book.name_range("RepTargetsArea") == ("Targets", "C9")


@pytest.mark.parametrize(
    ("name", "sheet", "ref", "words"),
    [
        ("NoSuchName", "Targets", "A1:B2", "has no defined name 'NoSuchName'"),
        ("Goal", "NoSuchSheet", "A1", "NoSuchSheet"),
        ("Goal", "Targets", "not a range", "not a range"),
    ],
)
def test_bad_requests_are_refused_and_change_nothing(name, sheet, ref, words):
    fake, book = _book()
    before = [(item.name, item.refers_to) for item in fake.names]
    with pytest.raises(WorkbookError, match=words):
        book.set_name_range(name, sheet, ref)
    assert [(item.name, item.refers_to) for item in fake.names] == before
