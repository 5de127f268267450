"""The zip package: raw copies of untouched parts, content types, relationships, safety."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from fakes.rich_workbook import QUICKSTART, build_rich_workbook, zip_entries
from hypothesis import given
from hypothesis import strategies as st
from test_cli_language import english

from xl_salesplan.messages import localized
from xl_salesplan.ooxml import zip_io
from xl_salesplan.ooxml.package import Package, rels_part_for
from xl_salesplan.ooxml.workbook_errors import WorkbookError

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def make_zip(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_untouched_package_round_trips_to_identical_bytes() -> None:
    original = QUICKSTART.read_bytes()  # written by Excel: Office padding in the local headers
    assert Package.from_bytes(original).to_bytes() == original


def test_changing_one_part_keeps_every_other_entry_raw_and_in_order(tmp_path: Path) -> None:
    path = build_rich_workbook(tmp_path)
    before = zip_entries(path)
    pkg = Package.open(path)
    pkg.write("xl/worksheets/sheet2.xml", pkg.read("xl/worksheets/sheet2.xml") + b"\n")
    out = tmp_path / "out.xlsm"
    out.write_bytes(pkg.to_bytes())
    after = zip_entries(out)
    assert [e[0] for e in after] == [e[0] for e in before]
    for (name, raw, crc, method), (_, raw2, crc2, method2) in zip(before, after, strict=True):
        assert method == method2
        if name == "xl/worksheets/sheet2.xml":
            assert raw != raw2
        else:
            assert (raw, crc) == (raw2, crc2), name
    with zipfile.ZipFile(out) as zf:
        assert zf.testzip() is None
        assert zf.read("xl/worksheets/sheet2.xml").endswith(b"</worksheet>\n")


def test_stored_entries_stay_stored_and_new_parts_are_appended() -> None:
    data = make_zip(
        {"[Content_Types].xml": b"<Types/>", "a.bin": b"\x00" * 100}, zipfile.ZIP_STORED
    )
    pkg = Package.from_bytes(data)
    pkg.write("a.bin", b"\x01" * 50)
    pkg.write("z/new.xml", b"<new/>")
    with zipfile.ZipFile(io.BytesIO(pkg.to_bytes())) as zf:
        infos = zf.infolist()
        assert [i.filename for i in infos] == ["[Content_Types].xml", "a.bin", "z/new.xml"]
        assert infos[1].compress_type == zipfile.ZIP_STORED
        assert infos[2].compress_type == zipfile.ZIP_DEFLATED
        assert infos[2].date_time == (1980, 1, 1, 0, 0, 0)
        assert zf.read("a.bin") == b"\x01" * 50


def test_remove_and_case_insensitive_part_names() -> None:
    pkg = Package.from_bytes(make_zip({"xl/Workbook.xml": b"<w/>", "b.xml": b"<b/>"}))
    assert pkg.has("XL/workbook.XML") and pkg.read("xl/workbook.xml") == b"<w/>"
    pkg.remove("B.XML")
    assert pkg.names() == ["xl/Workbook.xml"] and pkg.removed_parts() == {"b.xml"}


def test_content_types_overrides_and_defaults() -> None:
    types = (
        f'<Types xmlns="{CT_NS}"><Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="wb"/></Types>'
    ).encode()
    pkg = Package.from_bytes(make_zip({"[Content_Types].xml": types, "xl/workbook.xml": b"<w/>"}))
    assert pkg.content_type("xl/workbook.xml") == "wb"
    assert pkg.content_type("xl/other.XML") == "application/xml"
    assert pkg.content_type("xl/noext") is None
    pkg.set_content_type("xl/workbook.xml", "plain")
    pkg.set_content_type("xl/new.xml", "new&type")
    pkg.remove_default_content_type("bin", "application/vnd.ms-office.vbaProject")
    again = Package.from_bytes(pkg.to_bytes())
    assert again.content_type("xl/workbook.xml") == "plain"
    assert again.content_type("xl/new.xml") == "new&type"
    assert again.content_type("x.bin") is None
    pkg.remove_content_type("xl/new.xml")
    assert pkg.content_type("xl/new.xml") == "application/xml"


def test_relationships_resolve_add_and_remove() -> None:
    rels = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://x/relationships/worksheet" '
        b'Target="worksheets/s%201.xml"/>'
        b'<Relationship Id="rId2" Type="http://x/relationships/image" Target="../media/i.png"/>'
        b'<Relationship Id="rId3" Type="http://x/relationships/hyperlink" Target="https://e.com" '
        b'TargetMode="External"/>'
        b'<Relationship Id="rId4" Type="http://x/relationships/theme" Target="/xl/theme/t.xml"/>'
        b'<Relationship Id="rId5" Type="http://x/relationships/bad" Target="../../../etc/passwd"/>'
        b"</Relationships>"
    )
    pkg = Package.from_bytes(
        make_zip({"xl/_rels/workbook.xml.rels": rels, "xl/workbook.xml": b"<w/>"})
    )
    found = {r.id: r for r in pkg.relationships("xl/workbook.xml")}
    assert found["rId1"].part == "xl/worksheets/s 1.xml"
    assert found["rId2"].part == "media/i.png"
    assert found["rId3"].external and found["rId3"].part is None
    assert found["rId4"].part == "xl/theme/t.xml"
    assert found["rId5"].part is None  # outside the package: never resolved
    new_id = pkg.add_relationship(
        "xl/workbook.xml", "http://x/relationships/sheetMetadata", "m.xml"
    )
    assert new_id not in found
    pkg.remove_relationships("xl/workbook.xml", {"rId2", "rId3"})
    ids = [r.id for r in Package.from_bytes(pkg.to_bytes()).relationships("xl/workbook.xml")]
    assert ids == ["rId1", "rId4", "rId5", new_id]
    assert pkg.add_relationship("docs/a.xml", "http://x/relationships/t", "b.xml") == "rId1"
    assert pkg.has(rels_part_for("docs/a.xml"))


@pytest.mark.parametrize(
    "name",
    ["../evil.xml", "/abs.xml", "a\\b.xml", "a/../../b.xml", "C:/x.xml", "a//b.xml", "./a.xml"],
)
def test_unsafe_entry_names_are_refused(name: str) -> None:
    data = make_zip({"[Content_Types].xml": b"<Types/>", name: b"x"})
    with pytest.raises(WorkbookError, match="unsafe entry name") as caught:
        Package.from_bytes(data, source="bad.xlsx")
    chinese = localized(caught.value, "zh-CN")  # a zh-CN workbook's words, but for the file
    assert chinese.startswith("bad.xlsx:") and not english(chinese.removeprefix("bad.xlsx")), (
        chinese
    )


def test_duplicate_entries_are_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.xml", b"1")
        zf.writestr("A.xml", b"2")  # the same OPC part name: names are case-insensitive
    with pytest.raises(WorkbookError, match="twice") as caught:
        Package.from_bytes(buf.getvalue())
    chinese = localized(caught.value, "zh-CN")
    assert "出现了两次" in chinese and not english(chinese), chinese


def _patch_central_size(data: bytes, new_size: int) -> bytes:
    """Rewrite the uncompressed size of the first central-directory record (a lying header)."""
    at = data.index(b"PK\x01\x02")
    return data[: at + 24] + struct.pack("<L", new_size) + data[at + 28 :]


def test_zip_bombs_are_refused_before_decompressing() -> None:
    honest = make_zip({"a.xml": b"<a/>" * 10})
    with pytest.raises(WorkbookError, match="zip bomb"):
        Package.from_bytes(_patch_central_size(honest, 4_000_000_000))
    ratio_bomb = make_zip({"zeros.xml": b"\x00" * (8 * 1024 * 1024)})  # ~1000:1 compression
    with pytest.raises(WorkbookError, match="compression ratio"):
        Package.from_bytes(ratio_bomb)


def test_size_limits_apply(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zip_io, "MAX_ENTRIES", 3)
    with pytest.raises(WorkbookError, match="more than 3"):
        Package.from_bytes(make_zip({f"{i}.xml": b"<a/>" for i in range(4)}))
    monkeypatch.setattr(zip_io, "MAX_ENTRIES", 100)
    monkeypatch.setattr(zip_io, "MAX_TOTAL_BYTES", 1000)
    with pytest.raises(WorkbookError, match="more than 1,000 bytes"):
        Package.from_bytes(make_zip({f"{i}.xml": bytes(400) for i in range(3)}))


def test_lying_small_size_is_caught_when_reading() -> None:
    data = make_zip({"a.xml": b"<a>" + b"x" * 1000 + b"</a>"})
    pkg = Package.from_bytes(_patch_central_size(data, 10))
    with pytest.raises(WorkbookError, match="corrupt"):
        pkg.read("a.xml")


def test_encrypted_and_unknown_methods_and_non_zips_are_refused() -> None:
    data = bytearray(make_zip({"a.xml": b"<a/>"}))
    at = data.index(b"PK\x01\x02")
    data[at + 8] |= 0x1  # encrypted flag in the central directory
    with pytest.raises(WorkbookError, match="encrypted"):
        Package.from_bytes(bytes(data))
    with pytest.raises(WorkbookError, match="compression method"):
        Package.from_bytes(make_zip({"a.xml": b"<a/>"}, zipfile.ZIP_BZIP2))
    with pytest.raises(WorkbookError, match="password-protected") as caught:
        Package.from_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), source="plan.xlsm")
    chinese = localized(caught.value, "zh-CN")  # a zh-CN workbook's words, file types aside
    words = chinese.removeprefix("plan.xlsm").replace("xlsx/xlsm", "").replace(".xls", "")
    assert "加密" in chinese and not english(words), chinese
    with pytest.raises(WorkbookError, match="not an xlsx/xlsm package"):
        Package.from_bytes(b"plain text, no zip")


def test_missing_file_and_missing_part(tmp_path: Path) -> None:
    with pytest.raises(WorkbookError, match="no such workbook file"):
        Package.open(tmp_path / "nope.xlsx")
    with pytest.raises(WorkbookError, match="part is missing"):
        Package.from_bytes(make_zip({"a.xml": b"<a/>"})).read("b.xml")


def test_unsafe_xml_in_content_types_is_refused() -> None:
    types = b'<!DOCTYPE Types [<!ENTITY x SYSTEM "file:///etc/passwd">]><Types>&x;</Types>'
    pkg = Package.from_bytes(make_zip({"[Content_Types].xml": types}))
    with pytest.raises(WorkbookError, match="document type declaration"):
        pkg.content_type("a.xml")


part_names = st.lists(
    st.from_regex(r"[a-z]{1,6}(/[a-z0-9]{1,6}){0,2}\.(xml|bin)", fullmatch=True),
    min_size=1,
    max_size=6,
    unique_by=str.lower,
)


@given(names=part_names, data=st.data())
def test_any_subset_of_changes_leaves_the_rest_raw_identical(
    names: list[str], data: st.DataObject
) -> None:
    contents = {n: data.draw(st.binary(max_size=300), label=n) for n in names}
    method = data.draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
    original = make_zip(contents, method)
    changed = data.draw(st.sets(st.sampled_from(names)))
    pkg = Package.from_bytes(original)
    for name in changed:
        pkg.write(name, contents[name][::-1] + b"!")
    out = pkg.to_bytes()
    before = {n: (raw, crc) for n, raw, crc, _ in _entries(original)}
    after = _entries(out)
    assert [e[0] for e in after] == names
    with zipfile.ZipFile(io.BytesIO(out)) as zf:
        for name, raw, crc, _ in after:
            expected = contents[name][::-1] + b"!" if name in changed else contents[name]
            assert zf.read(name) == expected
            if name not in changed:
                assert (raw, crc) == before[name]


def _entries(data: bytes) -> list[tuple[str, bytes, int, int]]:
    path = io.BytesIO(data)
    out = []
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            offset = info.header_offset
            name_len, extra_len = struct.unpack("<2H", data[offset + 26 : offset + 30])
            start = offset + 30 + name_len + extra_len
            out.append((info.filename, data[start : start + info.compress_size], info.CRC, 0))
    return out
