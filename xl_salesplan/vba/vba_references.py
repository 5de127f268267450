"""The references of a VBA project: type libraries and other VBA projects ([MS-OVBA] 2.3.4.2.2).

A plan workbook's project references OLE Automation (``stdole``), the Office object
library (``IRibbonControl`` for the ribbon callbacks) and, unless it carries xlwings'
own modules (a *standalone* workbook), the xlwings add-in project, which provides
``RunPython`` and the functions the Excel-function wrappers call.

The add-in reference names the add-in by its file name only
(``*\\Cxlwings.xlam``, [MS-OVBA] 2.1.1.12 ProjectReference: ``*\\`` then the kind
``C``, an embedded project at a Windows path, then the path). The reference in the
workbook xlwings ships records the folder of its author's machine instead; VBA
resolves a project reference to an open project of that file name (an add-in that
Excel loaded from its start-up folder) before it looks at the recorded paths, so no
folder is needed, and none of anyone's is shipped.

Examples
--------
>>> XLWINGS_REFERENCE.libid_absolute, XLWINGS_REFERENCE.libid_relative
('*\\\\Cxlwings.xlam', '*\\\\Cxlwings.xlam')
>>> [r.name for r in DEFAULT_REFERENCES], [r.name for r in STANDALONE_REFERENCES]
(['stdole', 'Office', 'xlwings'], ['stdole', 'Office'])
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DEFAULT_REFERENCES",
    "OFFICE_REFERENCE",
    "STANDALONE_REFERENCES",
    "STDOLE_REFERENCE",
    "XLWINGS_ADDIN_FILE",
    "XLWINGS_REFERENCE",
    "ProjectReference",
    "RegisteredReference",
]

#: The file name of the xlwings add-in, as ``xlwings addin install`` copies it.
XLWINGS_ADDIN_FILE = "xlwings.xlam"


@dataclass(frozen=True)
class RegisteredReference:
    """A reference to a registered type library (REFERENCEREGISTERED, [MS-OVBA] 2.3.4.2.2.5).

    ``libid`` is the LibidReference text, e.g. ``*\\G{GUID}#2.0#0#path#description``.
    """

    name: str
    libid: str


@dataclass(frozen=True)
class ProjectReference:
    """A reference to another VBA project (REFERENCEPROJECT, [MS-OVBA] 2.3.4.2.2.6)."""

    name: str
    libid_absolute: str
    libid_relative: str
    major_version: int
    minor_version: int


STDOLE_REFERENCE = RegisteredReference(
    "stdole",
    r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0#C:\Windows\System32\stdole2.tlb"
    "#OLE Automation",
)
"""OLE Automation (stdole), referenced by every new VBA project (found by its GUID)."""

OFFICE_REFERENCE = RegisteredReference(
    "Office",
    r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#C:\Program Files\Common Files"
    r"\Microsoft Shared\OFFICE16\MSO.DLL#Microsoft Office 16.0 Object Library",
)
"""The Office object library (found by its GUID); it defines ``IRibbonControl``."""

XLWINGS_REFERENCE = ProjectReference(
    "xlwings",
    "*\\C" + XLWINGS_ADDIN_FILE,
    "*\\C" + XLWINGS_ADDIN_FILE,
    0x68FE4C3D,
    0x000C,
)
"""The xlwings add-in project, by file name only; the version numbers are those of the
reference in xlwings' own ``quickstart.xlsm``. ``RunPython`` comes from this project."""

DEFAULT_REFERENCES: tuple[RegisteredReference | ProjectReference, ...] = (
    STDOLE_REFERENCE,
    OFFICE_REFERENCE,
    XLWINGS_REFERENCE,
)
"""The references of a workbook that uses the xlwings add-in."""

STANDALONE_REFERENCES: tuple[RegisteredReference | ProjectReference, ...] = (
    STDOLE_REFERENCE,
    OFFICE_REFERENCE,
)
"""The references of a standalone workbook: xlwings' modules are in the project itself."""
