"""Read a ``vbaProject.bin``: its modules (name, kind, source) and its references.

The reading counterpart of :mod:`~xl_salesplan.vba.vba_project`, for checks of a
workbook (``xl-salesplan doctor``): the compound file is opened with olefile, the
``dir`` stream is decompressed ([MS-OVBA] 2.4.1) and walked record by record
(2.3.4.2), and each module's source is decompressed from its text offset. The
``PROJECT`` stream tells document, class and standard modules apart (2.3.1).

Examples
--------
>>> from xl_salesplan.vba.module_sources import excel_document_modules
>>> from xl_salesplan.vba.vba_project import build_vba_project
>>> contents = read_vba_project(build_vba_project(excel_document_modules(["Sheet1"])))
>>> [(m.name, m.kind) for m in contents.modules]
[('ThisWorkbook', 'document'), ('Sheet1', 'document')]
>>> [r.name for r in contents.references]
['stdole', 'Office', 'xlwings']
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass

import olefile

from xl_salesplan.errors import PlanningError
from xl_salesplan.vba.module_sources import VbaModule
from xl_salesplan.vba.ovba_compression import decompress
from xl_salesplan.vba.vba_references import ProjectReference, RegisteredReference

__all__ = ["VbaProjectContents", "read_vba_project"]

_KINDS = {"Document": "document", "Class": "class", "Module": "standard"}


@dataclass(frozen=True)
class VbaProjectContents:
    """The modules and references of a VBA project, in project order."""

    modules: tuple[VbaModule, ...]
    references: tuple[RegisteredReference | ProjectReference, ...]

    def module(self, name: str) -> VbaModule | None:
        """The module called ``name`` (VBA names ignore case), or None."""
        return next((m for m in self.modules if m.name.lower() == name.lower()), None)


def read_vba_project(data: bytes, *, source: str = "vbaProject.bin") -> VbaProjectContents:
    """The modules and references of the ``vbaProject.bin`` bytes ``data``.

    Raises
    ------
    PlanningError
        When ``data`` is not a readable VBA project (naming ``source``).

    Examples
    --------
    >>> read_vba_project(b"not a project", source="plan.xlsm")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: plan.xlsm: the VBA project cannot be read (...)
    """
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
        try:
            project_text = ole.openstream("PROJECT").read().decode("latin-1")
            records = _records(decompress(ole.openstream("VBA/dir").read()))
            codepage = _codepage(records)
            kinds = _module_kinds(project_text)
            references = _references(records, codepage)
            modules = []
            for name, stream, offset in _module_entries(records, codepage):
                text = decompress(ole.openstream(f"VBA/{stream}").read()[offset:])
                kind = kinds.get(name.lower(), "standard")
                modules.append(VbaModule(name, text.decode(codepage, "replace"), kind))  # type: ignore[arg-type]
        finally:
            ole.close()
    except (OSError, ValueError, KeyError, struct.error, LookupError, PlanningError) as error:
        raise PlanningError(
            f"{source}: the VBA project cannot be read ({error})", code="unreadable_vba_project"
        ) from None
    return VbaProjectContents(tuple(modules), tuple(references))


def _records(data: bytes) -> list[tuple[int, bytes]]:
    records, offset = [], 0
    while offset + 6 <= len(data):
        record_id, size = struct.unpack_from("<HI", data, offset)
        if record_id == 0x0009:  # PROJECTVERSION: its size field is 4, its payload 6 bytes
            size = 6
        records.append((record_id, data[offset + 6 : offset + 6 + size]))
        offset += 6 + size
    return records


def _codepage(records: list[tuple[int, bytes]]) -> str:
    value = next((data for record_id, data in records if record_id == 0x0003), b"\xe4\x04")
    return f"cp{struct.unpack('<H', value[:2])[0]}"


def _module_kinds(project_text: str) -> dict[str, str]:
    kinds = {}
    for line in project_text.splitlines():
        key, _, value = line.partition("=")
        if key in _KINDS and value:
            kinds[value.split("/", 1)[0].strip().lower()] = _KINDS[key]
    return kinds


def _references(
    records: list[tuple[int, bytes]], codepage: str
) -> list[RegisteredReference | ProjectReference]:
    out: list[RegisteredReference | ProjectReference] = []
    name = ""
    for record_id, data in records:
        if record_id == 0x0016:  # REFERENCENAME
            name = data.decode(codepage, "replace")
        elif record_id in (0x000D, 0x0033):  # REFERENCEREGISTERED, REFERENCEORIGINAL
            libid = _sized(data, 0)[0] if record_id == 0x000D else data
            out.append(RegisteredReference(name, libid.decode(codepage, "replace")))
        elif record_id == 0x000E:  # REFERENCEPROJECT
            absolute, after = _sized(data, 0)
            relative, after = _sized(data, after)
            major, minor = struct.unpack_from("<IH", data, after)
            out.append(
                ProjectReference(
                    name,
                    absolute.decode(codepage, "replace"),
                    relative.decode(codepage, "replace"),
                    major,
                    minor,
                )
            )
    return out


def _sized(data: bytes, offset: int) -> tuple[bytes, int]:
    size = struct.unpack_from("<I", data, offset)[0]
    return data[offset + 4 : offset + 4 + size], offset + 4 + size


def _module_entries(records: list[tuple[int, bytes]], codepage: str) -> list[tuple[str, str, int]]:
    out, name, stream, offset = [], None, None, 0
    for record_id, data in records:
        if record_id == 0x0019:  # MODULENAME
            name, stream, offset = data.decode(codepage, "replace"), None, 0
        elif record_id == 0x001A:  # MODULESTREAMNAME
            stream = data.decode(codepage, "replace")
        elif record_id == 0x0031:  # MODULEOFFSET
            offset = struct.unpack("<I", data[:4])[0]
        elif record_id == 0x002B and name is not None:  # module terminator
            out.append((name, stream or name, offset))
            name = None
    return out
