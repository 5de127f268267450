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
>>> from xl_salesplan.vba.module_sources import excel_document_modules, standard_module
>>> module = standard_module('Attribute VB_Name = "Hello"\\nSub Hi()\\nEnd Sub\\n')
>>> project = build_vba_project([*excel_document_modules(["Sheet1"]), module])
>>> sorted(olefile.OleFileIO(io.BytesIO(project)).listdir())  # doctest: +NORMALIZE_WHITESPACE
[['PROJECT'], ['PROJECTwm'], ['VBA', 'Hello'], ['VBA', 'Sheet1'], ['VBA', 'ThisWorkbook'],
 ['VBA', '_VBA_PROJECT'], ['VBA', 'dir']]
"""

from __future__ import annotations

from collections.abc import Sequence

from xl_salesplan.vba.compound_file import build_compound_file
from xl_salesplan.vba.module_sources import VbaModule, stored_source
from xl_salesplan.vba.ovba_compression import compress
from xl_salesplan.vba.project_checks import (
    check_modules,
    check_project,
    check_reference,
    codec_name,
)
from xl_salesplan.vba.project_streams import (
    default_project_id,
    information_records,
    module_list_records,
    project_stream,
    project_wm_stream,
    reference_records,
)
from xl_salesplan.vba.vba_references import (
    DEFAULT_REFERENCES,
    ProjectReference,
    RegisteredReference,
)

__all__ = ["SYSKIND_WIN32", "SYSKIND_WIN64", "build_vba_project"]

SYSKIND_WIN32 = 0x00000001
SYSKIND_WIN64 = 0x00000003
_VBA_PROJECT_HEADER = bytes.fromhex("cc61ffff000000")  # Reserved1, Version 0xFFFF, 0, 0


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
    >>> from xl_salesplan.vba.module_sources import excel_document_modules, standard_module
    >>> first = build_vba_project(excel_document_modules([]))
    >>> first == build_vba_project(excel_document_modules([]))
    True
    >>> build_vba_project([standard_module('Attribute VB_Name = "1x"\\n')])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: module name '1x': expected a letter, then up to 30 ...
    """
    encoding = codec_name(codepage)
    modules = list(modules)
    check_modules(modules, encoding)
    project_id = project_id or default_project_id(project_name)
    texts = {"docstring": docstring, "help_file": help_file, "constants": constants}
    check_project(project_name, project_id, syskind, texts, help_context, version, encoding)
    for reference in references:
        check_reference(reference, encoding)
    information = information_records(
        syskind, codepage, project_name, texts, help_context, version, encoding
    )
    directory = information + b"".join(reference_records(r, encoding) for r in references)
    directory += module_list_records(modules, encoding)
    project_text = project_stream(modules, project_name, project_id, docstring, help_file)
    streams = {
        "PROJECT": project_text.replace("\n", "\r\n").encode(encoding),
        "PROJECTwm": project_wm_stream(modules, encoding),
        "VBA/_VBA_PROJECT": _VBA_PROJECT_HEADER,
        "VBA/dir": compress(directory),
    }
    for module in modules:
        streams[f"VBA/{module.name}"] = compress(stored_source(module.source).encode(encoding))
    return build_compound_file(streams)
