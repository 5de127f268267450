"""The ``PROJECT``, ``PROJECTwm`` and ``dir`` streams of a VBA project ([MS-OVBA] 2.3).

The records are written exactly as [MS-OVBA] lays them out; ``docs/vba_and_ribbon.md``
describes each one.
"""

from __future__ import annotations

import struct
import uuid

from xl_salesplan.vba.module_sources import VbaModule
from xl_salesplan.vba.vba_references import ProjectReference, RegisteredReference

__all__ = [
    "default_project_id",
    "information_records",
    "module_list_records",
    "project_stream",
    "project_wm_stream",
    "reference_records",
]

_LCID_ENGLISH_US = 0x0409
_VERSION_COMPATIBLE32 = "393222000"
_VBE_HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"
_NOT_PROTECTED = bytes(4)  # ProjectProtectionState: no user, host or VBE protection
_NO_PASSWORD = b"\x00"  # ProjectPassword: none
_VISIBLE = b"\xff"  # ProjectVisibilityState: visible
_PROJECT_ID_NAMESPACE = uuid.UUID("6a1f3c52-4d0b-5e8a-9b7c-2f4e8d1a0c35")


def default_project_id(project_name: str) -> str:
    return "{" + str(uuid.uuid5(_PROJECT_ID_NAMESPACE, project_name)).upper() + "}"


# ---------------------------------------------------------------- PROJECT and PROJECTwm streams


def project_stream(
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


def project_wm_stream(modules: list[VbaModule], encoding: str) -> bytes:
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


def information_records(
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


def module_list_records(modules: list[VbaModule], encoding: str) -> bytes:
    """PROJECTMODULES and the ``dir`` terminator ([MS-OVBA] 2.3.4.2.3)."""
    out = struct.pack("<HIH", 0x000F, 2, len(modules))
    out += _record(0x0013, struct.pack("<H", 0xFFFF))  # PROJECTCOOKIE
    out += b"".join(_module_records(module, encoding) for module in modules)
    return out + _record(0x0010, b"")


def reference_records(reference: RegisteredReference | ProjectReference, encoding: str) -> bytes:
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
