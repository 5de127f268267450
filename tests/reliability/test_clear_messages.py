"""Damaged, hostile and odd inputs end in one clear line (never "internal error", never a
traceback, never a hang), and the workbook is left as it was."""

from __future__ import annotations

import os
import re
import struct
from collections.abc import Callable
from pathlib import Path

import pytest
from plan_files import plan_copy

from reliability.limits import Outcome, run_limited
from reliability.workbooks import ASSUMPTIONS, plan_with, replace_in
from xl_salesplan.ooxml.cell_values import CellError
from xl_salesplan.workbook.book import FileBook

TARGETS = "xl/worksheets/sheet5.xml"  # the template's Targets sheet


def assert_clear(outcome: Outcome, *, expected: str, exit_codes: tuple[int, ...] = (1,)) -> None:
    """One line on stderr with ``expected`` in it; no internal error, traceback or limit."""
    assert not outcome.hit_a_limit, outcome.stderr[-600:]
    assert outcome.returncode in exit_codes, outcome.stderr[-600:]
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1, outcome.stderr[-600:]
    assert "internal error" not in lines[0] and "Traceback" not in outcome.stderr
    assert expected in lines[0], lines[0]


def _shared_text_index_of_a8(index: int) -> Callable[[dict[str, bytes]], None]:
    def edit(parts: dict[str, bytes]) -> None:
        pattern = rb'(<c r="A8"[^>]*t="s"[^>]*><v>)\d+(</v>)'
        parts[ASSUMPTIONS], found = re.subn(pattern, rb"\g<1>%d\g<2>" % index, parts[ASSUMPTIONS])
        assert found == 1

    return edit


def _huge_broken_xml(parts: dict[str, bytes]) -> None:
    body = parts[ASSUMPTIONS]
    filler = b"<x>" + os.urandom(6 * 1024 * 1024).hex().encode() + b"</x>"
    parts[ASSUMPTIONS] = body.replace(b"<sheetData>", filler + b"<sheetData>", 1)[:-200]


def _entity_bomb(parts: dict[str, bytes]) -> None:
    bomb = b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    parts[ASSUMPTIONS] = parts[ASSUMPTIONS].replace(b"?>\n", b"?>\n" + bomb, 1)


DAMAGED: dict[str, tuple[Callable[[dict[str, bytes]], None], str]] = {
    "shared text index out of range": (
        _shared_text_index_of_a8(99999),
        "Assumptions!A8: refers to shared text number '99999'",
    ),
    "NaN as a number": (
        replace_in(ASSUMPTIONS, b'<c r="B8" s="14"><v>0.2</v>', b'<c r="B8" s="14"><v>NaN</v>'),
        "Assumptions!B8: holds 'NaN'",
    ),
    "INF as a number": (
        replace_in(ASSUMPTIONS, b'<c r="B8" s="14"><v>0.2</v>', b'<c r="B8" s="14"><v>-INF</v>'),
        "Assumptions!B8: holds '-INF'",
    ),
    "malformed huge XML": (_huge_broken_xml, "the XML is not well-formed"),
    "entity declarations": (_entity_bomb, "document type declaration is refused"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(DAMAGED))
@pytest.mark.parametrize("command", ["validate", "plan"])
def test_a_damaged_workbook_gets_one_clear_line(tmp_path: Path, case: str, command: str) -> None:
    edit, expected = DAMAGED[case]
    path = plan_with(tmp_path, edit)
    before = path.read_bytes()
    assert_clear(run_limited([command, str(path)], memory_bytes=2 << 30), expected=expected)
    assert path.read_bytes() == before


def test_a_zip_entry_that_understates_its_size(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    data = bytearray(path.read_bytes())
    name = ASSUMPTIONS.encode()
    at = data.index(b"PK\x01\x02" + bytes(0))
    while data[at + 46 : at + 46 + len(name)] != name:  # the central header of the sheet
        at = data.index(b"PK\x01\x02", at + 4)
    struct.pack_into("<L", data, at + 24, 100)  # uncompressed size: 100 bytes
    path.write_bytes(bytes(data))
    assert_clear(run_limited(["validate", str(path)]), expected="part is corrupt")


def test_sheet_parts_that_compress_like_a_bomb_are_refused_before_unpacking(
    tmp_path: Path,
) -> None:
    # Three 64 MB sheet parts of one repeated row (about 600:1): the file is small, the
    # unpacked parts are not. Refused from the headers, within 1 GB of memory.
    row = b'<row r="1"><c r="A1"><v>1</v></c></row>'
    junk = b"<worksheet><sheetData>" + row * (64 * 1024 * 1024 // len(row)) + b"</sheetData>"

    def inflate(parts: dict[str, bytes]) -> None:
        for number in (3, 4, 5):
            parts[f"xl/worksheets/sheet{number}.xml"] = junk + b"</worksheet>"

    path = plan_with(tmp_path, inflate)
    outcome = run_limited(["plan", str(path)], memory_bytes=1 << 30)
    assert_clear(outcome, expected="refused as a possible zip bomb")


@pytest.mark.parametrize("special", ["/dev/zero", "fifo", "folder"])
def test_only_regular_files_are_read(tmp_path: Path, special: str) -> None:
    if special == "fifo":
        path = tmp_path / "plan.xlsm"
        os.mkfifo(path)  # nobody writes into it: opening it for reading would block
    elif special == "folder":
        path = tmp_path / "plan.xlsm"
        path.mkdir()
    else:
        path = Path(special)
    expected = {"/dev/zero": "is a device", "fifo": "is a named pipe", "folder": "is a folder"}
    for command in ("plan", "validate", "share"):
        outcome = run_limited([command, str(path)], cpu_seconds=30, memory_bytes=1 << 30)
        assert_clear(outcome, expected=expected[special])
    if special == "/dev/zero":
        assert not Path("/dev/.~zero.xlsp-lock").exists()  # no lock file beside a device


INPUTS: dict[str, tuple[str, object, str]] = {
    "an Excel error": ("GrowthTarget", CellError("#N/A"), "Growth target: #N/A is not a number"),
    "a huge amount": ("QuotaPerRep", 1e308, "1e+308 is larger than any plan figure can be"),
    "a zero quota": ("QuotaPerRep", 0.0, "Annual quota per rep: must be above 0"),
    "a zero deal size": ("AvgDealSize", 0.0, "Average deal size: must be above 0"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(INPUTS))
def test_bad_inputs_are_named_by_validate_and_plan_alike(tmp_path: Path, case: str) -> None:
    name, value, expected = INPUTS[case]
    path = plan_copy(tmp_path)
    with FileBook.open(path) as book:
        sheet, ref = book.name_range(name)
        book.write_value(sheet, ref, value)
        book.save()
    before = path.read_bytes()
    validate = run_limited(["validate", str(path)])
    assert validate.returncode == 3 and expected in validate.stdout, validate.stdout
    assert_clear(run_limited(["plan", str(path)]), expected=expected, exit_codes=(3,))
    assert path.read_bytes() == before


def test_plan_refuses_to_write_under_a_merged_range(tmp_path: Path) -> None:
    merge = replace_in(TARGETS, b"</mergeCells>", b'<mergeCell ref="B19:C19"/></mergeCells>')
    path = plan_with(tmp_path, merge)
    before = path.read_bytes()
    outcome = run_limited(["plan", str(path)])
    assert_clear(outcome, expected="Targets!C19: is hidden under the merged cells B19:C19")
    assert path.read_bytes() == before


def test_a_full_disk_during_snapshot_leaves_no_versions_folder(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    outcome = run_limited(["snapshot", str(path)], file_bytes=4096)
    assert_clear(outcome, expected="nothing was written")
    assert "unchanged" not in outcome.message
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
