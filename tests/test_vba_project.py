"""vbaProject.bin writer: decoded by olevba and LibreOffice; records parsed independently."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import olefile
import pytest
import xlsxwriter
import xlwings
from hypothesis import given, settings
from hypothesis import strategies as st
from lo_harness import lo_inspect, requires_libreoffice
from vba_decoding import (
    dir_records,
    olevba_modules,
    project_libids,
    project_lines,
    reference_payloads,
    vba_project_bin,
)

from xl_salesplan.errors import PlanningError
from xl_salesplan.vba.module_sources import (
    VbaModule,
    excel_document_modules,
    read_bas_module,
    standard_module,
    stored_source,
)
from xl_salesplan.vba.ribbon import ribbon_callbacks_module
from xl_salesplan.vba.vba_project import build_vba_project
from xl_salesplan.vba.vba_references import (
    DEFAULT_REFERENCES,
    XLWINGS_REFERENCE,
    ProjectReference,
    RegisteredReference,
)

REPO = Path(__file__).resolve().parents[1]
BAS_DIR = REPO / "xl_salesplan" / "vba" / "modules"
QUICKSTART = Path(xlwings.__file__).parent / "quickstart.xlsm"


# ------------------------------------------------------------------ independent readers


def _decrypt(hex_text: str, project_id: str) -> bytes:
    """[MS-OVBA] 2.4.3.3 data decryption, checking the version and the project key."""
    data = bytes.fromhex(hex_text)
    seed, version_enc, key_enc = data[:3]
    assert seed ^ version_enc == 2
    assert seed ^ key_enc == sum(project_id.encode("ascii")) & 0xFF
    unencrypted, enc1, enc2 = seed ^ key_enc, key_enc, version_enc
    plain = []
    for byte in data[3:]:
        value = byte ^ ((enc2 + unencrypted) & 0xFF)
        enc2, enc1, unencrypted = enc1, byte, value
        plain.append(value)
    ignored = (seed & 6) // 2
    length = int.from_bytes(bytes(plain[ignored : ignored + 4]), "little")
    assert len(plain) == ignored + 4 + length
    return bytes(plain[ignored + 4 :])


def _modules_with_ribbon(*extra: VbaModule) -> list[VbaModule]:
    return [*excel_document_modules(["Sheet1", "Sheet2"]), ribbon_callbacks_module(), *extra]


def _xlsm_with(project: bytes, path: Path, sheet_code_names: list[str]) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_vba_name("ThisWorkbook")
    for index, code_name in enumerate(sheet_code_names):
        sheet = workbook.add_worksheet(f"Data{index + 1}")
        sheet.set_vba_name(code_name)
        sheet.write("A1", index + 1)
    workbook.add_vba_project(io.BytesIO(project), is_stream=True)
    workbook.close()
    return path


# ------------------------------------------------------------------ sources decode exactly


def test_committed_bas_files_are_lf_text_starting_with_their_vb_name():
    files = sorted(BAS_DIR.glob("*.bas"))
    assert files
    for path in files:
        raw = path.read_bytes()
        assert b"\r" not in raw, f"{path.name}: commit .bas sources with LF line endings"
        raw.decode("ascii")
        assert read_bas_module(path).name == path.stem


def test_olevba_decodes_every_module_of_an_xlsm_to_the_repository_sources(tmp_path):
    modules = _modules_with_ribbon()
    xlsm = _xlsm_with(build_vba_project(modules), tmp_path / "t.xlsm", ["Sheet1", "Sheet2"])
    decoded = olevba_modules(xlsm.read_bytes(), str(xlsm))
    assert list(decoded) == [module.name for module in modules]
    for module in modules:
        assert decoded[module.name] == stored_source(module.source)
    # the committed file is exactly the decoded text with CRLF turned into LF
    committed = (BAS_DIR / "RibbonCallbacks.bas").read_bytes().decode("utf-8")
    assert decoded["RibbonCallbacks"].replace("\r\n", "\n") == committed
    assert "\n" not in decoded["RibbonCallbacks"].replace("\r\n", "")


def test_document_modules_carry_the_attributes_excel_writes():
    # Compare with the attributes of the workbook xlwings ships (written by Excel).
    ours = olevba_modules(build_vba_project(excel_document_modules(["Sheet1"])))
    theirs = olevba_modules(vba_project_bin(QUICKSTART.read_bytes()))
    for name in ("ThisWorkbook", "Sheet1"):
        assert ours[name] == theirs[name]


def test_built_twice_gives_identical_bytes():
    assert build_vba_project(_modules_with_ribbon()) == build_vba_project(_modules_with_ribbon())


_line = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=120)


@settings(max_examples=40)
@given(st.lists(st.lists(_line, max_size=60), min_size=1, max_size=4))
def test_any_ascii_source_decodes_exactly(bodies):
    modules = [
        standard_module(f'Attribute VB_Name = "M{index}"\n' + "\n".join(lines))
        for index, lines in enumerate(bodies)
    ]
    decoded = olevba_modules(build_vba_project(modules))
    assert decoded == {module.name: stored_source(module.source) for module in modules}


def test_code_page_936_keeps_chinese_comments():
    source = 'Attribute VB_Name = "Notes"\n\' 销售计划：目标分解\nSub A()\nEnd Sub\n'
    project = build_vba_project([standard_module(source)], codepage=936)
    assert olevba_modules(project)["Notes"] == stored_source(source)
    assert (0x0003, struct.pack("<H", 936)) in dir_records(project)


# ------------------------------------------------------------------ streams and records


def test_streams_of_a_source_only_project():
    project = build_vba_project(_modules_with_ribbon())
    ole = olefile.OleFileIO(io.BytesIO(project))
    names = {"/".join(entry) for entry in ole.listdir()}
    assert names == {
        "PROJECT", "PROJECTwm", "VBA/_VBA_PROJECT", "VBA/dir",
        "VBA/ThisWorkbook", "VBA/Sheet1", "VBA/Sheet2", "VBA/RibbonCallbacks",
    }  # fmt: skip
    # Reserved1 0x61CC, Version 0xFFFF (compile from source), Reserved2 0, Reserved3: no cache
    assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes([0xCC, 0x61, 0xFF, 0xFF, 0, 0, 0])
    expected_wm = b"".join(
        name.encode("ascii") + b"\x00" + name.encode("utf-16-le") + b"\x00\x00"
        for name in ("ThisWorkbook", "Sheet1", "Sheet2", "RibbonCallbacks")
    )
    assert ole.openstream("PROJECTwm").read() == expected_wm + b"\x00\x00"


def test_dir_stream_records():
    modules = _modules_with_ribbon()
    records = dir_records(build_vba_project(modules, project_name="SalesPlan"))
    ids = [record_id for record_id, _ in records]
    information = [0x0001, 0x0002, 0x0014, 0x0003, 0x0004, 0x0005, 0x0040, 0x0006, 0x003D]
    information += [0x0007, 0x0008, 0x0009, 0x000C, 0x003C]
    assert ids[: len(information)] == information
    payload = dict(records[: len(information)])
    assert payload[0x0001] == struct.pack("<I", 1)  # SYSKIND win32
    assert payload[0x0002] == payload[0x0014] == struct.pack("<I", 0x0409)
    assert payload[0x0003] == struct.pack("<H", 1252)
    assert payload[0x0004] == b"SalesPlan"
    references = records[len(information) : ids.index(0x000F)]
    assert [record_id for record_id, _ in references] == [0x16, 0x3E, 0x0D] * 2 + [0x16, 0x3E, 0x0E]
    names = [data for record_id, data in references if record_id == 0x16]
    assert names == [b"stdole", b"Office", b"xlwings"]
    modules_at = ids.index(0x000F)
    assert records[modules_at][1] == struct.pack("<H", len(modules))
    assert records[modules_at + 1] == (0x0013, b"\xff\xff")
    assert records[-1] == (0x0010, b"")
    # one MODULE record group per module, in order, terminated by 0x002B
    body = records[modules_at + 2 : -1]
    groups, current = [], []
    for record in body:
        current.append(record)
        if record[0] == 0x002B:
            groups.append(dict(current))
            current = []
    assert not current and len(groups) == len(modules)
    for group, module in zip(groups, modules, strict=True):
        assert group[0x0019] == group[0x001A] == module.name.encode("ascii")
        assert group[0x0047] == group[0x0032] == module.name.encode("utf-16-le")
        assert group[0x0031] == struct.pack("<I", 0)  # source at offset 0
        assert group[0x002C] == b"\xff\xff"
        assert (0x0022 if module.kind == "document" else 0x0021) in group


@pytest.mark.skipif(not QUICKSTART.exists(), reason="xlwings' quickstart.xlsm is not installed")
def test_xlwings_reference_names_the_add_in_file_and_no_folder():
    theirs = reference_payloads(vba_project_bin(QUICKSTART.read_bytes()))[b"xlwings"]
    ours = reference_payloads(build_vba_project(_modules_with_ribbon()))[b"xlwings"]
    assert ours[0] == theirs[0] == 0x000E  # REFERENCEPROJECT, as xlwings' workbook has
    absolute, relative, major, minor = project_libids(ours[1])
    their_absolute, their_relative, their_major, their_minor = project_libids(theirs[1])
    # xlwings' workbook records a folder of its author's machine; ours records none
    assert "\\" in their_absolute[3:]
    assert absolute == relative == "*\\Cxlwings.xlam"  # [MS-OVBA] 2.1.1.12: *\ kind C, path
    assert absolute[3:] == their_absolute.rsplit("\\", 1)[-1] == their_relative.rsplit("\\")[-1]
    assert (major, minor) == (their_major, their_minor)


def test_no_reference_carries_a_users_folder():
    project = build_vba_project(_modules_with_ribbon())
    texts = [data.decode("cp1252", "replace") for _, data in dir_records(project)]
    assert not [text for text in texts if "Users" in text or "felix" in text]


def test_registered_reference_layout():
    ours = reference_payloads(build_vba_project(_modules_with_ribbon()))
    record_id, payload = ours[b"Office"]
    size = struct.unpack_from("<I", payload)[0]
    libid = payload[4 : 4 + size].decode("ascii")
    assert record_id == 0x000D
    assert libid.startswith("*\\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#")
    assert payload[4 + size :] == bytes(6)  # Reserved1 (4 bytes) and Reserved2 (2 bytes)


def test_project_stream_lists_modules_and_an_unprotected_visible_project():
    lines = project_lines(build_vba_project(_modules_with_ribbon()))
    project_id = lines[0][len('ID="') : -1]
    assert lines[0].startswith('ID="{') and lines[0].endswith('}"')
    assert lines[1:5] == [
        "Document=ThisWorkbook/&H00000000",
        "Document=Sheet1/&H00000000",
        "Document=Sheet2/&H00000000",
        "Module=RibbonCallbacks",
    ]
    properties = dict(line.split("=", 1) for line in lines if "=" in line)
    assert properties["Name"] == '"VBAProject"'
    assert properties["HelpContextID"] == '"0"'
    assert properties["VersionCompatible32"] == '"393222000"'
    assert _decrypt(properties["CMG"].strip('"'), project_id) == bytes(4)
    assert _decrypt(properties["DPB"].strip('"'), project_id) == b"\x00"
    assert _decrypt(properties["GC"].strip('"'), project_id) == b"\xff"
    assert "[Host Extender Info]" in lines and "[Workspace]" in lines
    workspace = lines[lines.index("[Workspace]") + 1 :]
    assert workspace[:4] == [
        f"{name}=0, 0, 0, 0, C" for name in ("ThisWorkbook", "Sheet1", "Sheet2", "RibbonCallbacks")
    ]


@pytest.mark.skipif(not QUICKSTART.exists(), reason="xlwings' quickstart.xlsm is not installed")
def test_the_test_decryptor_reads_what_excel_wrote():
    # The decryptor above is checked on the PROJECT stream Excel wrote for xlwings' workbook.
    lines = project_lines(vba_project_bin(QUICKSTART.read_bytes()))
    project_id = lines[0][len('ID="') : -1]
    properties = dict(line.split("=", 1) for line in lines if "=" in line)
    assert _decrypt(properties["CMG"].strip('"'), project_id) == bytes(4)
    assert _decrypt(properties["GC"].strip('"'), project_id) == b"\xff"


def test_custom_references_and_project_id():
    references = [
        RegisteredReference("stdole", DEFAULT_REFERENCES[0].libid),
        ProjectReference("Other", r"*\CC:\x.xlam", r"*\Cx.xlam", 1, 2),
    ]
    project = build_vba_project(
        [standard_module('Attribute VB_Name = "A"\n')],
        references=references,
        project_id="{01234567-89AB-CDEF-0123-456789ABCDEF}",
    )
    assert project_lines(project)[0] == 'ID="{01234567-89AB-CDEF-0123-456789ABCDEF}"'
    payloads = reference_payloads(project)
    assert set(payloads) == {b"stdole", b"Other"}
    assert payloads[b"Other"][1].endswith(struct.pack("<IH", 1, 2))
    assert XLWINGS_REFERENCE.name == "xlwings"


# ------------------------------------------------------------------ bad input


_A = standard_module('Attribute VB_Name = "A"\n')


@pytest.mark.parametrize(
    ("modules", "kwargs", "code"),
    [
        ([], {}, "empty"),
        ([VbaModule("A", 'Attribute VB_Name = "B"\n')], {}, "module_name_mismatch"),
        ([VbaModule("A", "Sub X()\nEnd Sub\n")], {}, "module_name_mismatch"),
        ([VbaModule("A_very_long_module_name_over_31c", "")], {}, "invalid_vba_name"),
        ([_A, _A], {}, "duplicate_module"),
        ([_A, standard_module('Attribute VB_Name = "a"\n')], {}, "duplicate_module"),
        ([standard_module('Attribute VB_Name = "A"\n\' 中文\n')], {}, "not_in_codepage"),
        ([standard_module('Attribute VB_Name = "A"\nx\ry\n')], {}, "invalid_module_source"),
        ([standard_module('Attribute VB_Name = "A"\n' + "x" * 1024)], {}, "line_too_long"),
        ([VbaModule("A", _A.source, "form")], {}, "invalid_module_kind"),  # type: ignore[arg-type]
        ([_A], {"codepage": 99999}, "invalid_codepage"),
        ([_A], {"project_id": "{x}"}, "invalid_project_id"),
        ([_A], {"project_name": "My Project"}, "invalid_vba_name"),
        ([_A], {"docstring": 'say "hi"'}, "invalid_text"),
        ([_A], {"constants": "x" * 1016}, "text_too_long"),
        ([_A], {"references": ["stdole"]}, "invalid_reference"),
        ([_A], {"version": (1, 70000)}, "out_of_range"),
        ([_A], {"syskind": 4}, "out_of_range"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_code(modules, kwargs, code):
    with pytest.raises(PlanningError) as info:
        build_vba_project(modules, **kwargs)
    assert info.value.code == code


def test_error_names_the_module_and_the_position():
    source = 'Attribute VB_Name = "Notes"\n\' 中文\n'
    with pytest.raises(
        PlanningError,
        match=r"module Notes: line 2, column 3: character '中' is not in code page 1252",
    ):
        build_vba_project([standard_module(source)])


# ------------------------------------------------------------------ LibreOffice


@requires_libreoffice
def test_libreoffice_lists_every_module_with_its_code(tmp_path):
    modules = _modules_with_ribbon()
    xlsm = _xlsm_with(build_vba_project(modules), tmp_path / "ribbon.xlsm", ["Sheet1", "Sheet2"])
    shown = lo_inspect(xlsm)["vba_modules"]
    by_module = {key.rsplit(".", 1)[-1]: source for key, source in shown.items()}
    for module in modules:
        assert module.name in by_module, f"LibreOffice does not list {module.name}: {list(shown)}"
        lo_lines = {line.rstrip() for line in by_module[module.name].splitlines()}
        for line in module.source.splitlines():
            if line.strip() and not line.startswith("Attribute "):
                assert line.rstrip() in lo_lines, (module.name, line)
    assert "RunPython" in by_module["RibbonCallbacks"]
