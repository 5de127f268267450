"""Low-level zip reading and writing for workbook packages: safety checks and raw copies.

:func:`check_entries` refuses unsafe archives before anything is decompressed;
:func:`raw_entry_data` returns an entry's compressed bytes as stored, and
:func:`write_zip` writes entries back, copying untouched ones raw (same
compressed bytes, CRC, timestamp, extra fields) and compressing changed ones
with the entry's original method.

Examples
--------
>>> import io, zipfile
>>> info = zipfile.ZipInfo("a.xml", date_time=(1980, 1, 1, 0, 0, 0))
>>> info.compress_type = zipfile.ZIP_DEFLATED
>>> data = write_zip([ZipEntry(info, None, b"<a/>" * 100)])
>>> zipfile.ZipFile(io.BytesIO(data)).read("a.xml") == b"<a/>" * 100
True
>>> check_entry_name("../evil.xml", "book.xlsx")
Traceback (most recent call last):
...
xl_salesplan.ooxml.workbook_errors.WorkbookError: book.xlsx: has an unsafe entry name
'../evil.xml'
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import BinaryIO

from xl_salesplan.ooxml.background_sink import BackgroundSink
from xl_salesplan.ooxml.workbook_errors import WorkbookError

__all__ = [
    "MAX_ENTRIES",
    "MAX_FILE_BYTES",
    "MAX_OTHER_PART_BYTES",
    "MAX_PART_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "ZipEntry",
    "check_entries",
    "check_entry_name",
    "raw_entry_data",
    "without_zip64",
    "write_zip",
    "write_zip_to",
]

MAX_ENTRIES = 20_000
"""Most zip entries a workbook may have."""
MAX_FILE_BYTES = 256 * 1024 * 1024
"""Largest workbook file read (a 5,000-rep plan with a million history rows is about 40 MB)."""
MAX_PART_BYTES = 512 * 1024 * 1024
"""Largest uncompressed size of a worksheet or shared-strings part (a full sheet of a plan's
widest table, a million rows, is about 400 MB of XML)."""
MAX_OTHER_PART_BYTES = 64 * 1024 * 1024
"""Largest uncompressed size of any other part (styles, workbook, drawings, images, VBA)."""
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
"""Largest uncompressed size of all parts together."""
MAX_RATIO = 100
"""Largest compression ratio accepted for parts over 1 MiB: real sheets compress about 8 to
11 times, also when every row is the same (zip-bomb guard)."""
_BIG_PARTS = ("/worksheets/", "sharedstrings")


def part_limit(name: str) -> int:
    """The largest uncompressed size accepted for the part ``name``.

    Examples
    --------
    >>> part_limit("xl/worksheets/sheet1.xml") > part_limit("xl/styles.xml")
    True
    """
    folded = name.lower()
    return MAX_PART_BYTES if any(k in folded for k in _BIG_PARTS) else MAX_OTHER_PART_BYTES


_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")


@dataclass
class ZipEntry:
    """One zip entry: its header info, its raw (compressed) bytes while untouched, its data."""

    info: zipfile.ZipInfo
    raw: bytes | None  # compressed bytes as found in the source file; None once changed
    data: bytes | None  # decompressed content, loaded lazily
    local_extra: bytes = b""  # extra field of the source's local header (e.g. Office padding)
    producer: Callable[[], Iterable[bytes]] | None = None  # new content, made while writing


def check_entry_name(name: str, source: str) -> None:
    """Refuse an entry name that could escape the package (``source`` names the file).

    Examples
    --------
    >>> check_entry_name("xl/worksheets/sheet1.xml", "plan.xlsx")
    >>> check_entry_name("xl/../../evil.xml", "plan.xlsx")
    Traceback (most recent call last):
    ...
    xl_salesplan.ooxml.workbook_errors.WorkbookError: plan.xlsx: has an unsafe entry name
    'xl/../../evil.xml'
    """
    parts = name.split("/")
    if (
        not name
        or name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or any(p in ("..", ".") for p in parts)
        or any(not p for p in parts[:-1])
        or (len(name) > 1 and name[1] == ":")
        or len(name) > 1024
    ):
        raise WorkbookError.of("zip.unsafe_name", code="unsafe_zip_entry", part=source, name=name)


def check_entries(infos: list[zipfile.ZipInfo], source: str) -> None:
    """Refuse unsafe archives from their headers alone: names, duplicates, encryption,
    compression methods, sizes and compression ratios (zip bombs).

    Examples
    --------
    >>> big = zipfile.ZipInfo("a.xml")
    >>> big.file_size, big.compress_size = 10**12, 1000
    >>> check_entries([big], "plan.xlsx")
    Traceback (most recent call last):
    ...
    xl_salesplan.ooxml.workbook_errors.WorkbookError: plan.xlsx: entry 'a.xml' would unpack to
    1,000,000,000,000 bytes, more than 67,108,864 (refused as a possible zip bomb)
    """
    if len(infos) > MAX_ENTRIES:
        raise WorkbookError.of(
            "zip.too_many_entries",
            code="zip_bomb",
            part=source,
            count=len(infos),
            limit=MAX_ENTRIES,
        )
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        check_entry_name(name, source)
        folded = name.lower()
        if folded in seen:
            raise WorkbookError.of("zip.twice", code="unsafe_zip_entry", part=source, name=name)
        seen.add(folded)
        if info.flag_bits & 0x1:
            raise WorkbookError.of("zip.encrypted", code="unsupported_zip", part=source, name=name)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise WorkbookError.of("zip.compression", code="unsupported_zip", part=source,
                                   name=name, method=info.compress_type)  # fmt: skip
        limit = part_limit(name)
        if info.file_size > limit:
            raise WorkbookError.of("zip.entry_too_large", code="zip_bomb", part=source, name=name,
                                   size=info.file_size, limit=limit)  # fmt: skip
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise WorkbookError.of("zip.ratio", code="zip_bomb", part=source, name=name,
                                   ratio=MAX_RATIO)  # fmt: skip
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise WorkbookError.of("zip.total_too_large", code="zip_bomb", part=source,
                                   limit=MAX_TOTAL_BYTES)  # fmt: skip


def raw_entry_data(data: bytes, info: zipfile.ZipInfo, source: str) -> tuple[bytes, bytes]:
    """(compressed bytes, local-header extra field) of entry ``info`` in archive ``data``.

    Examples
    --------
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as zf:
    ...     zf.writestr("a.txt", b"abc")
    >>> raw_entry_data(buf.getvalue(), zipfile.ZipFile(buf).infolist()[0], "x.zip")
    (b'abc', b'')
    """
    offset = info.header_offset
    header = data[offset : offset + _LOCAL.size]
    if len(header) != _LOCAL.size or header[:4] != b"PK\x03\x04":
        raise WorkbookError.of(
            "zip.bad_header", code="not_a_package", part=source, name=info.filename
        )
    fields = _LOCAL.unpack(header)
    extra_at = offset + _LOCAL.size + fields[10]
    start = extra_at + fields[11]
    raw = data[start : start + info.compress_size]
    if len(raw) != info.compress_size:
        raise WorkbookError.of(
            "zip.truncated", code="not_a_package", part=source, name=info.filename
        )
    return raw, data[extra_at:start]


def without_zip64(extra: bytes) -> bytes:
    """Extra-field records except ZIP64 ones (their sizes and offsets would be stale).

    Examples
    --------
    >>> padding = struct.pack("<2H", 0xA220, 2) + bytes(2)
    >>> zip64 = struct.pack("<2H", 0x0001, 8) + bytes(8)
    >>> without_zip64(zip64 + padding) == padding
    True
    """
    kept = []
    pos = 0
    while pos + 4 <= len(extra):
        header_id, size = struct.unpack_from("<2H", extra, pos)
        record = extra[pos : pos + 4 + size]
        if len(record) != 4 + size:
            return b""
        if header_id != 0x0001:
            kept.append(record)
        pos += 4 + size
    return b"".join(kept) if pos == len(extra) else b""


def _dos_time(date_time: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    year = min(max(year, 1980), 2107)
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


def _write_entry(out: BinaryIO, entry: ZipEntry) -> bytes:
    """Write one entry at the current position of ``out``; return its central record.

    An entry with a ``producer`` is compressed chunk by chunk as the producer makes
    it; its CRC and sizes are then written into its local header (``out`` is seekable).
    """
    info = entry.info
    name = info.filename.encode("utf-8")
    flags = info.flag_bits & ~0x8  # sizes go in the local header: no data descriptor
    local_extra = central_extra = b""
    if any(b > 0x7F for b in name):
        flags |= 0x800
    time, date = _dos_time(info.date_time)
    version = max(info.extract_version, 20)
    offset = out.tell()
    if entry.raw is not None:
        raw, crc, size = entry.raw, info.CRC, info.file_size
        local_extra, central_extra = entry.local_extra, without_zip64(info.extra)
        raw_size = len(raw)
    else:
        flags &= ~0x6  # default compression option
        chunks = entry.producer() if entry.producer is not None else [entry.data or b""]
        out.write(_LOCAL.pack(b"PK\x03\x04", version, 0, flags, info.compress_type, time, date,
                              0, 0, 0, len(name), 0))  # fmt: skip
        out.write(name)
        crc, size, raw_size = _write_data(out, chunks, info.compress_type == zipfile.ZIP_DEFLATED)
        if raw_size > 0xFFFFFFFF or size > 0xFFFFFFFF:
            raise WorkbookError.of("zip.part_too_large", code="too_large", part=info.filename)
        end = out.tell()
        out.seek(offset + 14)  # CRC, compressed size, size of the local header
        out.write(struct.pack("<3L", crc, raw_size, size))
        out.seek(end)
        raw = None
    shared = (version, 0, flags, info.compress_type, time, date, crc, raw_size, size, len(name))
    if raw is not None:
        out.write(_LOCAL.pack(b"PK\x03\x04", *shared, len(local_extra)))
        out.write(name)
        out.write(local_extra)
        out.write(raw)
    comment = info.comment[:0xFFFF]
    return (
        _CENTRAL.pack(
            b"PK\x01\x02",
            info.create_version,
            info.create_system,
            *shared,
            len(central_extra),
            len(comment),
            0,
            info.internal_attr,
            info.external_attr,
            offset,
        )
        + name
        + central_extra
        + comment
    )


def _write_data(out: BinaryIO, chunks: Iterable[bytes], deflate: bool) -> tuple[int, int, int]:
    """Write ``chunks`` (deflated or stored); return (CRC, size, written size).

    The chunks are made in this thread while the ones made before are checksummed,
    compressed and written in a background thread (zlib and the file let both run at
    once); the bytes are the same as when done in turn.
    """
    totals = [0, 0, 0]  # CRC, size, written size
    packer = zlib.compressobj(6, zlib.DEFLATED, -15) if deflate else None

    def absorb(chunk: bytes) -> None:
        totals[0] = zlib.crc32(chunk, totals[0])
        totals[1] += len(chunk)
        raw = packer.compress(chunk) if packer is not None else chunk
        totals[2] += len(raw)
        out.write(raw)

    with BackgroundSink(absorb) as sink:
        for chunk in chunks:
            if chunk:
                sink.put(chunk)
    if packer is not None:
        raw = packer.flush()
        totals[2] += len(raw)
        out.write(raw)
    return totals[0] & 0xFFFFFFFF, totals[1], totals[2]


def write_zip_to(out: BinaryIO, entries: Iterable[ZipEntry]) -> None:
    """Write a zip archive of ``entries`` in their order to the seekable ``out`` (at its start).

    Untouched entries are copied raw; changed ones are compressed with their
    method, those with a producer chunk by chunk (never whole in memory).

    Examples
    --------
    >>> info = zipfile.ZipInfo("c.txt")
    >>> info.compress_type = zipfile.ZIP_DEFLATED
    >>> out = io.BytesIO()
    >>> write_zip_to(out, [ZipEntry(info, None, None, producer=lambda: [b"a", b"b"] * 3)])
    >>> zipfile.ZipFile(out).read("c.txt")
    b'ababab'
    """
    central = [_write_entry(out, entry) for entry in entries]
    cd_offset = out.tell()
    for record in central:
        out.write(record)
    cd_size = out.tell() - cd_offset
    if out.tell() > 0xFFFFFFFF or len(central) > 0xFFFF:
        raise WorkbookError.of("zip.package_too_large", code="too_large")
    out.write(_END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), cd_size, cd_offset, 0))


def write_zip(entries: list[ZipEntry]) -> bytes:
    """A zip archive of ``entries`` in their order (untouched entries copied raw).

    Examples
    --------
    >>> info = zipfile.ZipInfo("b.txt")
    >>> zipfile.ZipFile(io.BytesIO(write_zip([ZipEntry(info, None, b"hi")]))).read("b.txt")
    b'hi'
    """
    out = io.BytesIO()
    write_zip_to(out, entries)
    return out.getvalue()
