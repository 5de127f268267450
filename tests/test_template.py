"""workbook_template.xlsm: reproducible build, package parts, VBA project, ribbon, configuration.

The template is built in memory once per language (``built_template``, shared with the other
``test_template_*`` modules); nothing here saves it through another library.
"""

from __future__ import annotations

import functools
import importlib
import io
import os
import platform
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from lxml import etree
from oletools.olevba import VBA_Parser

from xl_salesplan.layout import SHEETS, UDF_MODULE, WORKBOOK_CODE_NAME
from xl_salesplan.template.build import DEFAULT_OUTPUT, build_template, main, template_bytes
from xl_salesplan.vba.module_sources import document_module, stored_source
from xl_salesplan.vba.ribbon import SALES_PLAN_TAB, render_custom_ui

ROOT = Path(__file__).resolve().parents[1]
VBA_DIR = ROOT / "xl_salesplan" / "vba" / "modules"
MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
UI_RELATIONSHIPS = {
    "customUI/customUI14.xml": (
        "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility",
        "2009/07",
        "customui14.lxml.xsd",
    ),
    "customUI/customUI.xml": (
        "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility",
        "2006/01",
        "customUI.lxml.xsd",
    ),
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


@functools.cache
def built_template(language: str = "en") -> bytes:
    """The template in ``language``, built once per test session."""
    return template_bytes(lang=language)


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, _PARSER)


def sheet_parts(data: bytes) -> dict[str, str]:
    """Sheet display name -> worksheet part name, from workbook.xml and its relationships."""
    package = parts(data)
    rels = {
        r.get("Id"): r.get("Target")
        for r in xml(package["xl/_rels/workbook.xml.rels"]).iter(f"{REL_NS}Relationship")
    }
    book = xml(package["xl/workbook.xml"])
    r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    return {s.get("name"): "xl/" + rels[s.get(r_id)] for s in book.iter(f"{MAIN_NS}sheet")}


def decoded_modules(data: bytes, filename: str) -> dict[str, str]:
    parser = VBA_Parser(filename, data=data)
    try:
        return {path.split("/")[-1]: code for _, path, _, code in parser.extract_macros()}
    finally:
        parser.close()


# ------------------------------------------------------------------ reproducible


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_building_twice_gives_the_same_bytes(language):
    assert template_bytes(lang=language) == built_template(language)


def test_the_committed_template_equals_a_fresh_build():
    committed = ROOT / DEFAULT_OUTPUT
    assert committed.exists(), "run: python -m xl_salesplan.template.build"
    assert committed.read_bytes() == built_template("en"), (
        "workbook_template.xlsm is stale: run python -m xl_salesplan.template.build"
    )


def _blas_with_selectable_kernels() -> bool:
    """numpy's BLAS is an OpenBLAS built for every x86 processor (OPENBLAS_CORETYPE works)."""
    blas = np.show_config(mode="dicts").get("Build Dependencies", {}).get("blas", {})
    configuration = str(blas.get("openblas configuration", ""))
    return platform.machine().lower() in ("x86_64", "amd64") and "DYNAMIC_ARCH" in configuration


@pytest.mark.skipif(
    not _blas_with_selectable_kernels(),
    reason="numpy's BLAS is not an OpenBLAS with kernels for every x86 processor",
)
@pytest.mark.parametrize("core", ["Prescott", "Sandybridge"])
def test_the_template_is_the_same_with_the_blas_kernels_of_other_processors(core, tmp_path):
    # Each processor gets BLAS kernels that add in their own order; the engine does not use
    # BLAS, so another processor builds the same bytes (before: 120 numbers differed).
    out = tmp_path / "template.xlsm"
    env = {**os.environ, "OPENBLAS_CORETYPE": core}
    subprocess.run(
        [sys.executable, "-m", "xl_salesplan.template.build", "-o", str(out)],
        env=env, check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    assert out.read_bytes() == built_template("en")


def test_zip_entries_and_document_dates_are_fixed():
    with zipfile.ZipFile(io.BytesIO(built_template("en"))) as archive:
        infos = archive.infolist()
        core = archive.read("docProps/core.xml").decode()
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert len({i.filename for i in infos}) == len(infos)
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == [
        "2026-01-01T00:00:00Z",
        "2026-01-01T00:00:00Z",
    ]
    assert "<dc:creator>xl-salesplan</dc:creator>" in core


def test_build_template_writes_the_file_and_main_reports_it(tmp_path, capsys):
    path = build_template(tmp_path / "plan.xlsm", lang="zh-CN")
    assert path.read_bytes() == built_template("zh-CN")
    assert main(["-o", str(tmp_path / "en.xlsm")]) == 0
    assert (tmp_path / "en.xlsm").read_bytes() == built_template("en")
    assert capsys.readouterr().out.strip() == str(tmp_path / "en.xlsm")
    assert main(["-o", str(tmp_path / "missing" / "x.xlsm")]) == 1
    assert "error:" in capsys.readouterr().err


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="language"):
        template_bytes(lang="fr")


# ------------------------------------------------------------------ VBA project


def _expected_modules() -> dict[str, str]:
    expected = {
        WORKBOOK_CODE_NAME: document_module(WORKBOOK_CODE_NAME, base="workbook").source,
    }
    for spec in SHEETS.values():
        expected[spec.code_name] = document_module(spec.code_name, base="worksheet").source
    for path in sorted(VBA_DIR.glob("*.bas")):
        text = path.read_text(encoding="utf-8")
        name = re.match(r'Attribute VB_Name = "([^"]+)"', text).group(1)
        expected[name] = text
    return expected


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_olevba_decodes_every_module_to_the_repository_sources(language):
    decoded = decoded_modules(built_template(language), "workbook_template.xlsm")
    expected = _expected_modules()
    assert set(decoded) == set(expected)
    for name, source in expected.items():
        assert decoded[name] == stored_source(source), name
    assert "RibbonCallbacks" in decoded and len(expected) >= len(SHEETS) + 3


def test_sheet_code_names_match_the_document_modules():
    data = built_template("zh-CN")
    package = parts(data)
    book = xml(package["xl/workbook.xml"])
    assert book.find(f"{MAIN_NS}workbookPr").get("codeName") == WORKBOOK_CODE_NAME
    by_name = sheet_parts(data)
    for spec in SHEETS.values():
        sheet = xml(package[by_name[spec.name("zh-CN")]])
        assert sheet.find(f"{MAIN_NS}sheetPr").get("codeName") == spec.code_name


def test_the_vba_project_is_typed_as_a_macro_workbook():
    types = parts(built_template("en"))["[Content_Types].xml"].decode()
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
    assert 'Extension="bin" ContentType="application/vnd.ms-office.vbaProject"' in types


# ------------------------------------------------------------------ ribbon


def _schema_folder() -> Path | None:
    configured = os.environ.get("XLSP_CUSTOMUI_SCHEMAS")
    if configured:
        return Path(configured) if Path(configured).is_dir() else None
    for parent in Path(__file__).resolve().parents:
        if (parent / "shared" / "schemas" / "customui").is_dir():
            return parent / "shared" / "schemas" / "customui"
    return None


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_both_custom_ui_parts_are_wired_and_hold_the_tab(language):
    package = parts(built_template(language))
    rels = list(xml(package["_rels/.rels"]).iter(f"{REL_NS}Relationship"))
    targets = {r.get("Target"): r.get("Type") for r in rels}
    for part, (rel_type, version, _) in UI_RELATIONSHIPS.items():
        assert targets[part] == rel_type
        assert package[part] == render_custom_ui(language, version=version)
    label = xml(package["customUI/customUI14.xml"]).find(".//{*}tab").get("label")
    assert label == ("销售计划" if language == "zh-CN" else "Sales Plan")


@pytest.mark.parametrize("part", list(UI_RELATIONSHIPS))
def test_custom_ui_parts_validate_against_the_schemas(part):
    folder = _schema_folder()
    schema_file = UI_RELATIONSHIPS[part][2]
    if folder is None or not (folder / schema_file).exists():
        pytest.skip("customUI schemas not found (XLSP_CUSTOMUI_SCHEMAS or shared/schemas)")
    schema = etree.XMLSchema(etree.parse(str(folder / schema_file), _PARSER))
    for language in ("en", "zh-CN"):
        document = xml(parts(built_template(language))[part])
        assert schema.validate(document), schema.error_log


def test_every_on_action_names_a_ribbon_sub_of_the_built_project():
    data = built_template("en")
    decoded = decoded_modules(data, "workbook_template.xlsm")
    subs = {
        f"{module}.{sub}"
        for module, code in decoded.items()
        for sub in re.findall(
            r"^Public Sub (\w+)\(control As IRibbonControl\)\r$", code, flags=re.MULTILINE
        )
    }
    for part in UI_RELATIONSHIPS:
        actions = [b.get("onAction") for b in xml(parts(data)[part]).iter("{*}button")]
        assert len(actions) == len(SALES_PLAN_TAB.buttons())
        assert set(actions) <= subs


def test_every_run_python_call_names_a_macro_function():
    code = decoded_modules(built_template("en"), "x.xlsm")["RibbonCallbacks"]
    calls = re.findall(r'RunPython "import xl_salesplan\.macros as m; m\.(\w+)\(\)"', code)
    assert sorted(calls) == sorted(b.macro for b in SALES_PLAN_TAB.buttons())
    assert len(calls) == len(re.findall(r"^\s+RunPython ", code, flags=re.MULTILINE))
    try:
        macros = importlib.import_module("xl_salesplan.macros")
    except ModuleNotFoundError:
        pytest.xfail("xl_salesplan.macros does not exist yet")
    for name in calls:
        assert callable(getattr(macros, name, None)), name


# ------------------------------------------------------------------ xlwings.conf


def test_the_configuration_sheet_names_the_udf_module_and_nothing_else():
    data = built_template("zh-CN")
    package = parts(data)
    sheet = xml(package[sheet_parts(data)["xlwings.conf"]])
    strings = [
        "".join(si.itertext()) for si in xml(package["xl/sharedStrings.xml"]).iter(f"{MAIN_NS}si")
    ]
    cells = {}
    for c in sheet.iter(f"{MAIN_NS}c"):
        v = c.find(f"{MAIN_NS}v")
        if v is not None:
            cells[c.get("r")] = strings[int(v.text)] if c.get("t") == "s" else v.text
    assert cells == {"A1": "UDF Modules", "B1": UDF_MODULE}
    # The name is the package the Excel functions' wrappers call and the folder in udfs/.
    wrappers = [p.read_text(encoding="utf-8") for p in VBA_DIR.glob("*.bas")]
    called = {m for text in wrappers for m in re.findall(r'\.CallUDF\("([^"]+)"', text)}
    assert called == {UDF_MODULE}
    assert (ROOT / "udfs" / UDF_MODULE / "__init__.py").exists()
