"""Independent readers of a vbaProject.bin for the tests (olefile and oletools, not our code)."""

from __future__ import annotations

import io
import struct
import zipfile

import olefile
from oletools.olevba import VBA_Parser, decompress_stream


def olevba_modules(data: bytes, filename: str = "vbaProject.bin") -> dict[str, str]:
    """Module name -> source text, as oletools decodes it."""
    parser = VBA_Parser(filename, data=data)
    try:
        return {
            stream_path.split("/")[-1]: code for _, stream_path, _, code in parser.extract_macros()
        }
    finally:
        parser.close()


def vba_project_bin(xlsm: bytes) -> bytes:
    """The ``xl/vbaProject.bin`` part of a macro-enabled package."""
    with zipfile.ZipFile(io.BytesIO(xlsm)) as package:
        return package.read("xl/vbaProject.bin")


def dir_records(project: bytes) -> list[tuple[int, bytes]]:
    """The decompressed dir stream as (record id, payload); VERSION is the one odd record."""
    ole = olefile.OleFileIO(io.BytesIO(project))
    data = bytes(decompress_stream(bytearray(ole.openstream("VBA/dir").read())))
    records, offset = [], 0
    while offset < len(data):
        record_id, size = struct.unpack_from("<HI", data, offset)
        if record_id == 0x0009:  # PROJECTVERSION: Reserved=4, then 4 + 2 bytes
            size = 6
        records.append((record_id, data[offset + 6 : offset + 6 + size]))
        offset += 6 + size
    return records


def reference_payloads(project: bytes) -> dict[bytes, tuple[int, bytes]]:
    """Reference name -> (record id, payload) of the record after its REFERENCENAME pair."""
    records = dir_records(project)
    out = {}
    for index, (record_id, data) in enumerate(records):
        if record_id == 0x0016:
            out[data] = records[index + 2]
    return out


def project_libids(payload: bytes) -> tuple[str, str, int, int]:
    """LibidAbsolute, LibidRelative, MajorVersion, MinorVersion of a REFERENCEPROJECT."""
    size = struct.unpack_from("<I", payload)[0]
    absolute = payload[4 : 4 + size].decode("cp1252")
    offset = 4 + size
    size = struct.unpack_from("<I", payload, offset)[0]
    relative = payload[offset + 4 : offset + 4 + size].decode("cp1252")
    major, minor = struct.unpack_from("<IH", payload, offset + 4 + size)
    return absolute, relative, major, minor


def module_types(project: bytes) -> dict[str, int]:
    """Module name -> MODULETYPE record id (0x0021 procedural, 0x0022 document or class)."""
    out, name = {}, None
    for record_id, data in dir_records(project):
        if record_id == 0x0019:
            name = data.decode("cp1252")
        elif record_id in (0x0021, 0x0022) and name is not None:
            out[name] = record_id
    return out


def project_lines(project: bytes) -> list[str]:
    """The PROJECT stream's lines."""
    ole = olefile.OleFileIO(io.BytesIO(project))
    text = ole.openstream("PROJECT").read().decode("cp1252")
    assert "\n" not in text.replace("\r\n", "")
    return text.split("\r\n")
