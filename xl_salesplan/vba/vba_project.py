"""Build ``vbaProject.bin`` from module sources ([MS-OVBA] and [MS-CFB]).

The project is *source only*: every module stream holds its compressed source
at offset 0, and the ``_VBA_PROJECT`` stream is the 7-byte header with version
``0xFFFF`` and no performance cache, which tells the host to compile the
project from source when it opens it (what [MS-OVBA] 2.3.4.1 asks of writers).

It writes the streams ``PROJECT``, ``PROJECTwm``, ``VBA/_VBA_PROJECT``, ``VBA/dir``
and one ``VBA/<module>`` per module; ``docs/vba_and_ribbon.md`` describes each record.

How a source maps to the stored text: the text of a ``.bas`` file (attribute
lines, then code) is stored with every line ending turned into CRLF and encoded
in the project code page. Nothing else changes, so a decoder (oletools'
olevba, the VBA editor's export) gives back the file's text with CRLF endings.

Examples
--------
>>> import io, olefile
>>> module = standard_module('Attribute VB_Name = "Hello"\\nSub Hi()\\nEnd Sub\\n')
>>> project = build_vba_project([*excel_document_modules(["Sheet1"]), module])
>>> sorted(olefile.OleFileIO(io.BytesIO(project)).listdir())  # doctest: +NORMALIZE_WHITESPACE
[['PROJECT'], ['PROJECTwm'], ['VBA', 'Hello'], ['VBA', 'Sheet1'], ['VBA', 'ThisWorkbook'],
 ['VBA', '_VBA_PROJECT'], ['VBA', 'dir']]
"""

from __future__ import annotations

import codecs
import re
import struct
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from xl_salesplan.errors import PlanningError
from xl_salesplan.vba.compound_file import build_compound_file
from xl_salesplan.vba.ovba_compression import compress
from xl_salesplan.vba.vba_references import (
    DEFAULT_REFERENCES,
    ProjectReference,
    RegisteredReference,
)

__all__ = [
    "VbaModule",
    "build_vba_project",
    "class_module",
    "document_module",
    "excel_document_modules",
    "read_bas_module",
    "standard_module",
    "stored_source",
]

ModuleKind = Literal["standard", "document", "class"]

SYSKIND_WIN32 = 0x00000001
SYSKIND_WIN64 = 0x00000003
_LCID_ENGLISH_US = 0x0409
_VBA_PROJECT_HEADER = bytes.fromhex("cc61ffff000000")  # Reserved1, Version 0xFFFF, 0, 0
_VERSION_COMPATIBLE32 = "393222000"
_VBE_HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"
_NOT_PROTECTED = bytes(4)  # ProjectProtectionState: no user, host or VBE protection
_NO_PASSWORD = b"\x00"  # ProjectPassword: none
_VISIBLE = b"\xff"  # ProjectVisibilityState: visible
_PROJECT_ID_NAMESPACE = uuid.UUID("6a1f3c52-4d0b-5e8a-9b7c-2f4e8d1a0c35")
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,30}")
_VB_NAME_LINE = re.compile(r'Attribute VB_Name = "([^"]*)"')
_MAX_LINE = 1023  # the VBA editor's longest physical line

# What Excel writes for document modules; VB_Base names the Excel class a module extends.
_DOCUMENT_ATTRIBUTES = (
    "VB_GlobalNameSpace = False",
    "VB_Creatable = False",
    "VB_PredeclaredId = True",
    "VB_Exposed = True",
    "VB_TemplateDerived = False",
    "VB_Customizable = True",
)
_DOCUMENT_BASES = {
    "workbook": "0{00020819-0000-0000-C000-000000000046}",
    "worksheet": "0{00020820-0000-0000-C000-000000000046}",
}
# What the VBA editor adds when it imports a class module (.cls) export.
_CLASS_BASE = 'Attribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"'
_CLASS_AFTER_EXPOSED = ("Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = False")
_CLASS_HEADER = re.compile(r"VERSION 1\.0 CLASS\r?\nBEGIN\r?\n(?:.*\r?\n)*?END\r?\n")


@dataclass(frozen=True)
class VbaModule:
    """One VBA module: its name, its full source text and its kind.

    ``source`` is the text stored for the module: attribute lines, then code.
    ``kind`` is ``"standard"`` (a ``.bas`` module), ``"document"`` (the code
    behind the workbook or a sheet) or ``"class"`` (a class module).
    """

    name: str
    source: str
    kind: ModuleKind = "standard"
    docstring: str = ""
    help_context: int = 0


def stored_source(text: str) -> str:
    """The exact text stored for a module source: every line ending becomes CRLF.

    Examples
    --------
    >>> stored_source('Attribute VB_Name = "A"\\nSub X()\\r\\nEnd Sub\\n')
    'Attribute VB_Name = "A"\\r\\nSub X()\\r\\nEnd Sub\\r\\n'
    >>> stored_source("a\\rb")
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: module source: a lone carriage return at position 1
    """
    unified = text.replace("\r\n", "\n")
    lone = unified.find("\r")
    if lone >= 0:
        raise PlanningError(
            f"module source: a lone carriage return at position {lone}",
            code="invalid_module_source",
            positions=(lone,),
        )
    return unified.replace("\n", "\r\n")


def standard_module(source: str) -> VbaModule:
    """A standard module from the text of a ``.bas`` file.

    The first line must be ``Attribute VB_Name = "<name>"``; it gives the module name.

    Examples
    --------
    >>> standard_module('Attribute VB_Name = "Tools"\\nSub A()\\nEnd Sub\\n').name
    'Tools'
    >>> standard_module("Sub A()\\nEnd Sub\\n")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: module source: the first line must be ..., found 'Sub A()'
    """
    first_line = source.split("\n", 1)[0].rstrip("\r")
    match = _VB_NAME_LINE.fullmatch(first_line)
    if match is None:
        raise PlanningError(
            'module source: the first line must be Attribute VB_Name = "<name>", '
            f"found {first_line[:60]!r}",
            code="invalid_module_source",
        )
    return VbaModule(match.group(1), source, "standard")


def class_module(export_text: str) -> VbaModule:
    """A class module from the text of a ``.cls`` export, stored as the VBA editor imports it.

    The ``VERSION 1.0 CLASS`` / ``BEGIN`` ... ``END`` header is dropped; the
    class base ``VB_Base`` follows ``VB_Name``, and ``VB_TemplateDerived = False``
    and ``VB_Customizable = False`` follow ``VB_Exposed`` (the attributes the editor
    adds on import, as in the class modules of xlwings' standalone workbook).

    Examples
    --------
    >>> text = 'VERSION 1.0 CLASS\\nBEGIN\\n  MultiUse = -1\\nEND\\nAttribute VB_Name = "Bag"\\n'
    >>> module = class_module(text + "Attribute VB_Exposed = True\\nPublic Size As Long\\n")
    >>> module.kind, module.source.splitlines()[1:5]  # doctest: +NORMALIZE_WHITESPACE
    ('class', ['Attribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"',
               'Attribute VB_Exposed = True', 'Attribute VB_TemplateDerived = False',
               'Attribute VB_Customizable = False'])
    """
    header = _CLASS_HEADER.match(export_text)
    body = export_text[header.end() :] if header else export_text
    name_line, _, rest = body.partition("\n")
    lines = rest.split("\n")
    exposed = next(
        (i for i, line in enumerate(lines) if line.rstrip("\r").startswith("Attribute VB_Exposed")),
        None,
    )
    if exposed is not None:
        lines[exposed + 1 : exposed + 1] = list(_CLASS_AFTER_EXPOSED)
    module = standard_module("\n".join([name_line, _CLASS_BASE, *lines]))
    return VbaModule(module.name, module.source, "class")


def read_bas_module(path: str | Path) -> VbaModule:
    """Read a ``.bas`` file (UTF-8 text) as a standard module.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "Tools.bas").write_text('Attribute VB_Name = "Tools"\\n', encoding="utf-8")
    >>> read_bas_module(folder / "Tools.bas").name
    'Tools'
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PlanningError(
            f"{path.name}: cannot read the module source ({error})", code="unreadable_module"
        ) from None
    return standard_module(text)


def document_module(
    name: str, *, base: Literal["workbook", "worksheet"], code: str = ""
) -> VbaModule:
    """A document module (the code behind the workbook or a worksheet) with Excel's attributes.

    ``name`` is the code name the workbook part declares (``codeName`` of
    ``workbookPr`` or ``sheetPr``); ``code`` follows the attribute lines.

    Examples
    --------
    >>> document_module("Sheet1", base="worksheet").source.splitlines()[1]
    'Attribute VB_Base = "0{00020820-0000-0000-C000-000000000046}"'
    """
    if base not in _DOCUMENT_BASES:
        raise PlanningError(
            f"base: expected 'workbook' or 'worksheet', got {base!r}", code="invalid_module_kind"
        )
    attributes = [f'VB_Name = "{name}"', f'VB_Base = "{_DOCUMENT_BASES[base]}"']
    header = "".join(f"Attribute {line}\n" for line in [*attributes, *_DOCUMENT_ATTRIBUTES])
    return VbaModule(name, header + code, "document")


def excel_document_modules(
    sheet_code_names: Sequence[str], *, workbook_code_name: str = "ThisWorkbook"
) -> tuple[VbaModule, ...]:
    """The workbook's document module followed by one per worksheet.

    Examples
    --------
    >>> [m.name for m in excel_document_modules(["Sheet1", "Sheet2"])]
    ['ThisWorkbook', 'Sheet1', 'Sheet2']
    """
    workbook = document_module(workbook_code_name, base="workbook")
    sheets = [document_module(name, base="worksheet") for name in sheet_code_names]
    return (workbook, *sheets)


def build_vba_project(
    modules: Sequence[VbaModule],
    *,
    project_name: str = "VBAProject",
    references: Sequence[RegisteredReference | ProjectReference] = DEFAULT_REFERENCES,
    codepage: int = 1252,
    syskind: int = SYSKIND_WIN32,
    project_id: str | None = None,
    docstring: str = "",
    help_file: str = "",
    help_context: int = 0,
    constants: str = "",
    version: tuple[int, int] = (1, 0),
) -> bytes:
    """Return the bytes of a source-only ``vbaProject.bin`` holding ``modules``.

    Parameters
    ----------
    modules : sequence of VbaModule
        Document modules (``ThisWorkbook``, ``Sheet1``...) and standard modules, in
        the order the project lists them.
    project_name : str
        The VBA project name (a VBA identifier).
    references : sequence of RegisteredReference or ProjectReference
        Type-library and project references, in order.
    codepage : int
        The code page of every text in the project (1252: Western European).
    syskind : int
        The platform the project was last saved on (``SYSKIND_WIN32`` by default);
        a source-only project is compiled on open on any platform.
    project_id : str, optional
        The project GUID ``{XXXXXXXX-...}``; by default one derived from ``project_name``.
    docstring, help_file, help_context, constants, version
        The remaining PROJECTINFORMATION fields.

    Returns
    -------
    bytes
        A compound file; building the same arguments twice gives the same bytes.

    Raises
    ------
    PlanningError
        For an invalid or duplicate module name, a source whose ``VB_Name`` differs
        from the module name, text the code page cannot encode, or no modules.

    Examples
    --------
    >>> first = build_vba_project(excel_document_modules([]))
    >>> first == build_vba_project(excel_document_modules([]))
    True
    >>> build_vba_project([standard_module('Attribute VB_Name = "1x"\\n')])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: module name '1x': expected a letter, then up to 30 ...
    """
    encoding = _codec(codepage)
    modules = list(modules)
    _check_modules(modules, encoding)
    project_id = project_id or _default_project_id(project_name)
    texts = {"docstring": docstring, "help_file": help_file, "constants": constants}
    _check_project(project_name, project_id, syskind, texts, help_context, version, encoding)
    for reference in references:
        _check_reference(reference, encoding)
    information = _information_records(
        syskind, codepage, project_name, texts, help_context, version, encoding
    )
    directory = information + b"".join(_reference_records(r, encoding) for r in references)
    directory += _module_list_records(modules, encoding)
    project_text = _project_stream(modules, project_name, project_id, docstring, help_file)
    streams = {
        "PROJECT": project_text.replace("\n", "\r\n").encode(encoding),
        "PROJECTwm": _project_wm_stream(modules, encoding),
        "VBA/_VBA_PROJECT": _VBA_PROJECT_HEADER,
        "VBA/dir": compress(directory),
    }
    for module in modules:
        streams[f"VBA/{module.name}"] = compress(stored_source(module.source).encode(encoding))
    return build_compound_file(streams)


def _check_modules(modules: list[VbaModule], encoding: str) -> None:
    if not modules:
        raise PlanningError("modules: a VBA project needs at least one module", code="empty")
    seen: dict[str, int] = {}
    for position, module in enumerate(modules):
        _check_module(module, encoding)
        first = seen.setdefault(module.name.upper(), position)
        if first != position:
            raise PlanningError(
                f"modules: {module.name!r} at position {position} repeats "
                f"{modules[first].name!r} at position {first} (VBA names ignore case)",
                code="duplicate_module",
                positions=(first, position),
            )


def _check_project(
    name: str,
    project_id: str,
    syskind: int,
    texts: dict[str, str],
    help_context: int,
    version: tuple[int, int],
    encoding: str,
) -> None:
    _check_identifier(name, "project_name")
    if not re.fullmatch(r"\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", project_id):
        raise PlanningError(
            f"project_id: expected {{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}} in upper case, "
            f"got {project_id!r}",
            code="invalid_project_id",
        )
    _check_unsigned(syskind, 2, "syskind (0 Win16, 1 Win32, 2 Mac, 3 Win64)")
    _check_unsigned(help_context, 32, "help_context")
    _check_unsigned(version[0], 32, "version major")
    _check_unsigned(version[1], 16, "version minor")
    for (what, text), limit in zip(texts.items(), (2000, 260, 1015), strict=True):
        encoded = _encode(text, encoding, what)
        if len(encoded) > limit:
            raise PlanningError(
                f"{what}: {len(encoded)} bytes, at most {limit} allowed",
                code="text_too_long",
                amount=float(len(encoded) - limit),
            )
        if what != "constants" and any(char in text for char in '"\r\n'):
            raise PlanningError(
                f"{what}: must not contain double quotes or line breaks", code="invalid_text"
            )


def _codec(codepage: int) -> str:
    name = f"cp{codepage}"
    try:
        codecs.lookup(name)
    except LookupError:
        raise PlanningError(
            f"codepage: {codepage} is not a code page this system can encode",
            code="invalid_codepage",
            amount=float(codepage),
        ) from None
    return name


def _check_identifier(name: str, what: str) -> None:
    if not _IDENTIFIER.fullmatch(name):
        raise PlanningError(
            f"{what} {name!r}: expected a letter, then up to 30 letters, digits or underscores",
            code="invalid_vba_name",
        )


def _check_module(module: VbaModule, encoding: str) -> None:
    _check_identifier(module.name, "module name")
    if module.kind not in ("standard", "document", "class"):
        raise PlanningError(
            f"module {module.name}: kind must be 'standard', 'document' or 'class', "
            f"got {module.kind!r}",
            code="invalid_module_kind",
        )
    text = stored_source(module.source)
    first_line = text.split("\r\n", 1)[0]
    match = _VB_NAME_LINE.fullmatch(first_line)
    if match is None or match.group(1) != module.name:
        raise PlanningError(
            f'module {module.name}: the source must start with Attribute VB_Name = "{module.name}"'
            f", found {first_line[:60]!r}",
            code="module_name_mismatch",
        )
    for number, line in enumerate(text.split("\r\n")):
        try:
            line.encode(encoding)
        except UnicodeEncodeError as error:
            raise PlanningError(
                f"module {module.name}: line {number + 1}, column {error.start + 1}: character "
                f"{line[error.start]!r} is not in code page {encoding[2:]}",
                code="not_in_codepage",
                positions=(number,),
            ) from None
        if len(line) > _MAX_LINE:
            raise PlanningError(
                f"module {module.name}: line {number + 1} has {len(line)} characters, "
                f"the VBA editor allows {_MAX_LINE}",
                code="line_too_long",
                positions=(number,),
            )
    _encode(module.docstring, encoding, f"module {module.name} docstring")
    _check_unsigned(module.help_context, 32, f"module {module.name} help_context")


def _encode(text: str, encoding: str, what: str) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as error:
        raise PlanningError(
            f"{what}: character {text[error.start]!r} at position {error.start} is not in "
            f"code page {encoding[2:]}",
            code="not_in_codepage",
            positions=(error.start,),
        ) from None


def _check_unsigned(value: int, bits: int, what: str) -> None:
    if not isinstance(value, int) or not 0 <= value < 2**bits:
        raise PlanningError(
            f"{what}: expected a whole number from 0 to {2**bits - 1}, got {value!r}",
            code="out_of_range",
        )


def _check_reference(reference: RegisteredReference | ProjectReference, encoding: str) -> None:
    if not isinstance(reference, RegisteredReference | ProjectReference):
        raise PlanningError(
            f"references: expected RegisteredReference or ProjectReference, got {reference!r}",
            code="invalid_reference",
        )
    texts = [reference.name]
    if isinstance(reference, RegisteredReference):
        texts.append(reference.libid)
    else:
        texts += [reference.libid_absolute, reference.libid_relative]
        _check_unsigned(reference.major_version, 32, f"reference {reference.name} major_version")
        _check_unsigned(reference.minor_version, 16, f"reference {reference.name} minor_version")
    for text in texts:
        _encode(text, encoding, f"reference {reference.name}")


def _default_project_id(project_name: str) -> str:
    return "{" + str(uuid.uuid5(_PROJECT_ID_NAMESPACE, project_name)).upper() + "}"


# ---------------------------------------------------------------- PROJECT and PROJECTwm streams


def _project_stream(
    modules: list[VbaModule], name: str, project_id: str, docstring: str, help_file: str
) -> str:
    """The PROJECT stream text ([MS-OVBA] 2.3.1) with LF line ends (CRLF when stored)."""
    lines = [f'ID="{project_id}"']
    for module in modules:
        if module.kind == "document":
            lines.append(f"Document={module.name}/&H00000000")
        elif module.kind == "class":
            lines.append(f"Class={module.name}")
        else:
            lines.append(f"Module={module.name}")
    if help_file:
        lines.append(f'HelpFile="{help_file}"')
    lines += [f'Name="{name}"', 'HelpContextID="0"']
    if docstring:
        lines.append(f'Description="{docstring}"')
    key = sum(project_id.encode("ascii")) & 0xFF
    lines += [
        f'VersionCompatible32="{_VERSION_COMPATIBLE32}"',
        f'CMG="{_encrypt(_NOT_PROTECTED, key, seed=0x11)}"',
        f'DPB="{_encrypt(_NO_PASSWORD, key, seed=0x17)}"',
        f'GC="{_encrypt(_VISIBLE, key, seed=0x15)}"',
        "",
        "[Host Extender Info]",
        _VBE_HOST_EXTENDER,
        "",
        "[Workspace]",
    ]
    lines += [f"{module.name}=0, 0, 0, 0, C" for module in modules]
    return "\n".join(lines) + "\n"


def _encrypt(data: bytes, project_key: int, *, seed: int) -> str:
    """Data encryption of [MS-OVBA] 2.4.3.2, as upper-case hex; deterministic ignored bytes."""
    version = 2
    out = [seed, seed ^ version, seed ^ project_key]
    unencrypted_1, encrypted_1, encrypted_2 = project_key, out[2], out[1]
    ignored = bytes((seed & 6) // 2)
    for byte in ignored + struct.pack("<I", len(data)) + data:
        encrypted = byte ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        out.append(encrypted)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, encrypted, byte
    return bytes(out).hex().upper()


def _project_wm_stream(modules: list[VbaModule], encoding: str) -> bytes:
    """PROJECTwm ([MS-OVBA] 2.3.3): each name in the code page and in UTF-16, then 0x0000."""
    out = bytearray()
    for module in modules:
        out += module.name.encode(encoding) + b"\x00"
        out += module.name.encode("utf-16-le") + b"\x00\x00"
    return bytes(out + b"\x00\x00")


# ---------------------------------------------------------------- dir stream


def _record(record_id: int, payload: bytes) -> bytes:
    return struct.pack("<HI", record_id, len(payload)) + payload


def _text_pair(record_id: int, unicode_id: int, text: str, encoding: str) -> bytes:
    """A record in the code page followed by its UTF-16 twin (the ``Reserved`` id)."""
    return _record(record_id, text.encode(encoding)) + _record(unicode_id, text.encode("utf-16-le"))


def _information_records(
    syskind: int,
    codepage: int,
    name: str,
    texts: dict[str, str],
    help_context: int,
    version: tuple[int, int],
    encoding: str,
) -> bytes:
    """PROJECTINFORMATION, the start of the decompressed ``dir`` stream ([MS-OVBA] 2.3.4.2.1)."""
    return (
        _record(0x0001, struct.pack("<I", syskind))
        + _record(0x0002, struct.pack("<I", _LCID_ENGLISH_US))
        + _record(0x0014, struct.pack("<I", _LCID_ENGLISH_US))
        + _record(0x0003, struct.pack("<H", codepage))
        + _record(0x0004, name.encode(encoding))
        + _text_pair(0x0005, 0x0040, texts["docstring"], encoding)
        + _text_pair(0x0006, 0x003D, texts["help_file"], encoding)
        + _record(0x0007, struct.pack("<I", help_context))
        + _record(0x0008, struct.pack("<I", 0))  # LIBFLAGS
        + struct.pack("<HIIH", 0x0009, 4, *version)  # VERSION: its size field is always 4
        + _text_pair(0x000C, 0x003C, texts["constants"], encoding)
    )


def _module_list_records(modules: list[VbaModule], encoding: str) -> bytes:
    """PROJECTMODULES and the ``dir`` terminator ([MS-OVBA] 2.3.4.2.3)."""
    out = struct.pack("<HIH", 0x000F, 2, len(modules))
    out += _record(0x0013, struct.pack("<H", 0xFFFF))  # PROJECTCOOKIE
    out += b"".join(_module_records(module, encoding) for module in modules)
    return out + _record(0x0010, b"")


def _reference_records(reference: RegisteredReference | ProjectReference, encoding: str) -> bytes:
    out = _text_pair(0x0016, 0x003E, reference.name, encoding)  # REFERENCENAME
    if isinstance(reference, RegisteredReference):
        libid = reference.libid.encode(encoding)
        payload = struct.pack("<I", len(libid)) + libid + struct.pack("<IH", 0, 0)
        return out + _record(0x000D, payload)
    payload = b"".join(
        struct.pack("<I", len(libid)) + libid
        for libid in (
            reference.libid_absolute.encode(encoding),
            reference.libid_relative.encode(encoding),
        )
    )
    payload += struct.pack("<IH", reference.major_version, reference.minor_version)
    return out + _record(0x000E, payload)


def _module_records(module: VbaModule, encoding: str) -> bytes:
    out = _record(0x0019, module.name.encode(encoding))  # MODULENAME
    out += _record(0x0047, module.name.encode("utf-16-le"))  # MODULENAMEUNICODE
    out += _text_pair(0x001A, 0x0032, module.name, encoding)  # MODULESTREAMNAME
    out += _text_pair(0x001C, 0x0048, module.docstring, encoding)  # MODULEDOCSTRING
    out += _record(0x0031, struct.pack("<I", 0))  # MODULEOFFSET: source at offset 0
    out += _record(0x001E, struct.pack("<I", module.help_context))
    out += _record(0x002C, struct.pack("<H", 0xFFFF))  # MODULECOOKIE
    # MODULETYPE: 0x0021 procedural; 0x0022 document, class or designer module
    out += _record(0x0021 if module.kind == "standard" else 0x0022, b"")
    out += _record(0x002B, b"")  # terminator
    return out
