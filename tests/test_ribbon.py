"""The Sales Plan ribbon: customUI schemas, callbacks in RibbonCallbacks.bas, macro names."""

from __future__ import annotations

import importlib
import os
import re
from pathlib import Path

import pytest
from lxml import etree

from xl_salesplan.errors import PlanningError
from xl_salesplan.vba.ribbon import (
    CALLBACK_MODULE,
    LANGUAGES,
    SALES_PLAN_TAB,
    custom_ui_part,
    render_custom_ui,
    ribbon_callbacks_module,
    ribbon_callbacks_source,
    run_python_code,
)

BAS_FILE = Path(__file__).resolve().parents[1] / "xl_salesplan/vba/modules/RibbonCallbacks.bas"
VERSIONS = {"2009/07": "customui14.lxml.xsd", "2006/01": "customUI.lxml.xsd"}
EXPECTED_MACROS = [
    "build_plan",
    "optimise_budget",
    "validate_inputs",
    "import_actuals",
    "flag_kpis",
    "replan",
    "share_copy",
    "snapshot_version",
    "show_help",
]
_SUB = re.compile(
    r"^Public Sub (\w+)\(control As IRibbonControl\)\n(.*?)^End Sub$", re.MULTILINE | re.DOTALL
)
_RUN_PYTHON = re.compile(r'^\s*RunPython "([^"]*)"\s*$', re.MULTILINE)


def _schema_dir() -> Path | None:
    """Microsoft's customUI schemas: $XLSP_CUSTOMUI_SCHEMAS, or shared/schemas/customui above."""
    configured = os.environ.get("XLSP_CUSTOMUI_SCHEMAS")
    if configured:
        return Path(configured) if Path(configured).is_dir() else None
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "schemas" / "customui"
        if candidate.is_dir():
            return candidate
    return None


def _schema(version: str) -> etree.XMLSchema:
    folder = _schema_dir()
    if folder is None or not (folder / VERSIONS[version]).exists():
        pytest.skip(
            "customUI schemas not found: set XLSP_CUSTOMUI_SCHEMAS or place them in "
            "shared/schemas/customui above the repository"
        )
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(folder / VERSIONS[version]), parser))


def _parse(xml: bytes) -> etree._Element:
    return etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))


def _callback_subs() -> dict[str, str]:
    """Sub name -> body for every ``Public Sub X(control As IRibbonControl)`` in the .bas."""
    return dict(_SUB.findall(BAS_FILE.read_text(encoding="utf-8")))


# ------------------------------------------------------------------ schemas


@pytest.mark.parametrize("version", list(VERSIONS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_custom_ui_validates_against_microsofts_schema(version, language):
    schema = _schema(version)
    document = _parse(render_custom_ui(language, version=version))
    assert schema.validate(document), schema.error_log


@pytest.mark.parametrize("version", list(VERSIONS))
def test_the_schema_check_rejects_a_broken_ribbon(version):
    # Control for the test above: the schemas do reject what Office would reject.
    schema = _schema(version)
    document = _parse(render_custom_ui("en", version=version))
    document.find(".//{*}button").set("size", "huge")
    assert not schema.validate(document)
    document = _parse(render_custom_ui("en", version=version))
    document.find(".//{*}button").set("onClick", "RibbonCallbacks.OnBuildPlan")
    assert not schema.validate(document)


def test_rendered_xml_declares_the_namespace_of_its_version():
    for version, namespace in (
        ("2009/07", "http://schemas.microsoft.com/office/2009/07/customui"),
        ("2006/01", "http://schemas.microsoft.com/office/2006/01/customui"),
    ):
        xml = render_custom_ui(version=version)
        assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')
        assert _parse(xml).tag == f"{{{namespace}}}customUI"


# ------------------------------------------------------------------ content


def test_tab_labels_and_buttons_in_both_languages():
    buttons = SALES_PLAN_TAB.buttons()
    assert [button.macro for button in buttons] == EXPECTED_MACROS
    for language, tab_label in (("en", "Sales Plan"), ("zh-CN", "销售计划")):
        root = _parse(render_custom_ui(language))
        tab = root.find(".//{*}tab")
        assert tab.get("label") == tab_label
        rendered = root.findall(".//{*}button")
        assert [b.get("id") for b in rendered] == [button.id for button in buttons]
        assert [b.get("label") for b in rendered] == [x.label.get(language) for x in buttons]
        assert [b.get("supertip") for b in rendered] == [x.supertip.get(language) for x in buttons]
        assert [b.get("imageMso") for b in rendered] == [button.image_mso for button in buttons]
        assert [b.get("onAction") for b in rendered] == [button.on_action for button in buttons]


def test_chinese_texts_are_chinese_and_differ_from_english():
    for item in [SALES_PLAN_TAB, *SALES_PLAN_TAB.groups, *SALES_PLAN_TAB.buttons()]:
        assert item.label.en != item.label.zh_cn
        assert any("\u4e00" <= char <= "\u9fff" for char in item.label.zh_cn)
    for button in SALES_PLAN_TAB.buttons():
        assert any("\u4e00" <= char <= "\u9fff" for char in button.supertip.zh_cn)
        assert button.supertip.en.isascii()


def test_ids_are_unique():
    ids = [SALES_PLAN_TAB.id]
    ids += [group.id for group in SALES_PLAN_TAB.groups]
    ids += [button.id for button in SALES_PLAN_TAB.buttons()]
    assert len(ids) == len(set(ids))


def test_parts_and_relationships():
    new, old = custom_ui_part("en"), custom_ui_part("en", version="2006/01")
    assert new.part_name == "customUI/customUI14.xml"
    assert (
        new.relationship_type
        == "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
    )
    assert old.part_name == "customUI/customUI.xml"
    assert (
        old.relationship_type
        == "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
    )
    assert new.xml == render_custom_ui("en") and old.xml == render_custom_ui(version="2006/01")
    assert new.content_type == old.content_type == "application/xml"


def test_rendering_is_deterministic():
    assert render_custom_ui("zh-CN") == render_custom_ui("zh-CN")


def test_unknown_language_or_version_is_rejected():
    with pytest.raises(PlanningError, match="language"):
        render_custom_ui("de")
    with pytest.raises(PlanningError, match="version"):
        render_custom_ui("en", version="2010/01")  # type: ignore[arg-type]


# ------------------------------------------------------------------ callbacks and macros


def test_every_on_action_names_a_ribbon_sub_and_every_ribbon_sub_is_used():
    subs = _callback_subs()
    on_actions = [
        element.get("onAction") for element in _parse(render_custom_ui()).iter("{*}button")
    ]
    assert all(action.startswith(f"{CALLBACK_MODULE}.") for action in on_actions)
    called = [action.split(".", 1)[1] for action in on_actions]
    assert sorted(called) == sorted(subs)
    assert len(called) == len(set(called))


def test_each_callback_runs_the_macro_of_its_button():
    subs = _callback_subs()
    for button in SALES_PLAN_TAB.buttons():
        calls = _RUN_PYTHON.findall(subs[button.callback])
        assert calls == [f"import xl_salesplan.macros as m; m.{button.macro}()"]
        assert calls == [run_python_code(button.macro)]


def test_run_python_calls_only_name_the_expected_macros():
    calls = _RUN_PYTHON.findall(BAS_FILE.read_text(encoding="utf-8"))
    macros = [re.fullmatch(r"import xl_salesplan\.macros as m; m\.(\w+)\(\)", c)[1] for c in calls]
    assert macros == EXPECTED_MACROS


def test_every_run_python_call_names_an_existing_python_function():
    try:
        macros = importlib.import_module("xl_salesplan.macros")
    except ModuleNotFoundError as error:
        if error.name != "xl_salesplan.macros":
            raise
        pytest.skip("xl_salesplan.macros is not written yet")
    for name in EXPECTED_MACROS:
        assert callable(getattr(macros, name, None)), f"xl_salesplan.macros.{name} is missing"


def test_callbacks_module_is_the_committed_file():
    assert ribbon_callbacks_source() == BAS_FILE.read_bytes().decode("utf-8")
    module = ribbon_callbacks_module()
    assert (module.name, module.kind) == ("RibbonCallbacks", "standard")
