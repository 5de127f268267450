"""The xlsx/xlsm zip package: parts, content types and relationships, copied byte for byte.

A workbook file is an Open Packaging Conventions (OPC) zip: *parts* (zip entries)
plus ``[Content_Types].xml`` and ``_rels/*.rels`` relationship parts that wire them
together. :class:`Package` reads such a file, lets the writers replace, add or
remove a few parts, and writes a new zip in which every untouched entry is copied
*raw*: the same compressed bytes, CRC, name, timestamp and position in the entry
order. Only the parts a command owns change.

Safety: entries with unsafe names (``..``, absolute paths, backslashes, duplicates),
encryption, unknown compression methods, absurd sizes or compression ratios (zip
bombs) are refused with a :class:`WorkbookError` before anything is decompressed.

Examples
--------
>>> import io, zipfile
>>> buf = io.BytesIO()
>>> with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
...     zf.writestr("[Content_Types].xml", b'<Types xmlns="urn:ct"><Default Extension="xml" '
...                 b'ContentType="application/xml"/></Types>')
...     zf.writestr("a.xml", b"<a/>")
...     zf.writestr("b.xml", b"<b/>")
>>> pkg = Package.from_bytes(buf.getvalue())
>>> pkg.names()
['[Content_Types].xml', 'a.xml', 'b.xml']
>>> pkg.write("a.xml", b"<a>new</a>")
>>> out = Package.from_bytes(pkg.to_bytes())
>>> out.read("a.xml"), out.read("b.xml"), out.content_type("b.xml")
(b'<a>new</a>', b'<b/>', 'application/xml')
"""

from __future__ import annotations

import io
import os
import posixpath
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from xl_salesplan.ooxml.atomic import atomic_write_stream
from xl_salesplan.ooxml.file_guard import FileState, read_regular_file
from xl_salesplan.ooxml.workbook_errors import WorkbookError
from xl_salesplan.ooxml.xml_spans import (
    Span,
    apply_edits,
    escape_attribute,
    scan,
    set_attribute,
)
from xl_salesplan.ooxml.zip_io import (
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    MAX_PART_BYTES,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    ZipEntry,
    check_entries,
    check_entry_name,
    part_limit,
    raw_entry_data,
    without_zip64,
    write_zip,
    write_zip_to,
)

__all__ = [
    "CONTENT_TYPES",
    "MAX_ENTRIES",
    "MAX_PART_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "Package",
    "Relationship",
    "rels_part_for",
]

CONTENT_TYPES = "[Content_Types].xml"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CHUNK_BYTES = 1 << 20
"""Bytes per chunk when a part is read or rewritten as a stream."""
_RELS_EMPTY = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="' + _RELS_NS.encode() + b'"></Relationships>'
)


@dataclass(frozen=True)
class Relationship:
    """One relationship of a source part.

    Attributes
    ----------
    id : str
        The ``Id`` (``"rId3"``).
    type : str
        The relationship type URI.
    target : str
        The ``Target`` as written.
    external : bool
        ``TargetMode="External"`` (a URL or file outside the package).
    part : str or None
        The target's zip entry name (resolved, no leading ``/``), None if external.
    """

    id: str
    type: str
    target: str
    external: bool
    part: str | None

    def is_kind(self, kind: str) -> bool:
        """True if the type URI ends with ``/kind`` (works for transitional and strict).

        Examples
        --------
        >>> rel = Relationship("rId1", "http://x/relationships/worksheet", "s.xml", False, "s.xml")
        >>> rel.is_kind("worksheet"), rel.is_kind("sheet")
        (True, False)
        """
        return self.type.endswith("/" + kind)


def rels_part_for(part: str) -> str:
    """Name of the relationships part of ``part`` (``""`` is the package itself).

    Examples
    --------
    >>> rels_part_for("xl/workbook.xml"), rels_part_for("")
    ('xl/_rels/workbook.xml.rels', '_rels/.rels')
    """
    folder, _, base = part.rpartition("/")
    return f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"


class Package:
    """An OPC zip package held in memory, with raw copies of its untouched entries."""

    def __init__(self, entries: list[ZipEntry], *, source: str = "workbook") -> None:
        self._entries = entries
        self._index = {e.info.filename: e for e in entries}
        self._folded = {name.lower(): name for name in self._index}
        self.source = source
        self._removed: set[str] = set()
        self._zip: zipfile.ZipFile | None = None
        self._ct_cache: tuple[dict[str, str], dict[str, str]] | None = None
        self.state: FileState | None = None  # the file as read by :meth:`open`

    # ------------------------------------------------------------------ reading
    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Package:
        """Read the package at ``path``.

        Raises
        ------
        WorkbookError
            If the file is missing, not a zip package, or unsafe.
        """
        name = os.fspath(path)
        data = read_regular_file(name, max_bytes=MAX_FILE_BYTES)
        mtime_ns = os.stat(name).st_mtime_ns
        package = cls.from_bytes(data, source=os.path.basename(name))
        package.state = FileState.of_bytes(data, mtime_ns=mtime_ns)
        return package

    @classmethod
    def from_bytes(cls, data: bytes, *, source: str = "workbook") -> Package:
        """Read a package from bytes; see :meth:`open`."""
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise WorkbookError.of("package.encrypted_or_xls", code="not_a_package", part=source)
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
            infos = zf.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise WorkbookError.of(
                "package.not_a_package", code="not_a_package", part=source, reason=str(exc)
            ) from None
        check_entries(infos, source)
        entries = []
        for info in infos:
            raw, local_extra = raw_entry_data(data, info, source)
            entries.append(ZipEntry(info, raw, None, without_zip64(local_extra)))
        pkg = cls(entries, source=source)
        pkg._zip = zf
        return pkg

    def names(self) -> list[str]:
        """The zip entry names in their order in the file."""
        return [e.info.filename for e in self._entries]

    def has(self, name: str) -> bool:
        """True if the package has the part (case-insensitive, as OPC part names are)."""
        return name.lower() in self._folded

    def resolve(self, name: str) -> str:
        """The entry name as stored, for a part name in any letter case (KeyError if absent)."""
        return self._folded[name.lower()]

    def read(self, name: str) -> bytes:
        """Return the (decompressed) content of part ``name``.

        Raises
        ------
        WorkbookError
            If the part is missing or its data is corrupt.
        """
        try:
            entry = self._index[self.resolve(name)]
        except KeyError:
            raise WorkbookError.of("package.part_missing", code="missing_part", part=name) from None
        if entry.data is None and entry.producer is not None:
            entry.data = b"".join(entry.producer())
            entry.producer = None
        if entry.data is None:
            if self._zip is None:  # pragma: no cover - entries without data come from a zip
                raise WorkbookError.of("package.part_no_data", code="corrupt_part", part=name)
            try:
                with self._zip.open(entry.info) as fh:
                    entry.data = fh.read(part_limit(name) + 1)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
                raise WorkbookError.of(
                    "package.part_corrupt", code="corrupt_part", part=name, reason=str(exc)
                ) from None
            if len(entry.data) != entry.info.file_size:
                raise WorkbookError.of("package.part_size_wrong", code="corrupt_part", part=name)
        return entry.data

    def chunks(self, name: str, size: int = CHUNK_BYTES) -> Iterator[bytes]:
        """The content of part ``name`` in chunks of about ``size`` bytes, decompressed as
        they are read: a large part is never whole in memory (unless already read).

        Raises
        ------
        WorkbookError
            If the part is missing, corrupt or larger than its limit.

        Examples
        --------
        >>> [len(c) for c in _tiny().chunks("xl/workbook.xml", size=4)]
        [4, 4, 3]
        """
        try:
            entry = self._index[self.resolve(name)]
        except KeyError:
            raise WorkbookError.of("package.part_missing", code="missing_part", part=name) from None
        if entry.producer is not None:
            yield from entry.producer()
            return
        if entry.data is not None:
            for start in range(0, len(entry.data), size):
                yield entry.data[start : start + size]
            return
        yield from self._zip_chunks(entry, name, size)

    def _zip_chunks(self, entry: ZipEntry, name: str, size: int) -> Iterator[bytes]:
        if self._zip is None:  # pragma: no cover - entries without data come from a zip
            raise WorkbookError.of("package.part_no_data", code="corrupt_part", part=name)
        limit = part_limit(name)
        total = 0
        try:
            with self._zip.open(entry.info) as fh:
                while chunk := fh.read(size):
                    total += len(chunk)
                    if total > limit:
                        raise WorkbookError.of(
                            "package.part_too_large", code="too_large", part=name
                        )
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
            raise WorkbookError.of(
                "package.part_corrupt", code="corrupt_part", part=name, reason=str(exc)
            ) from None
        if total != entry.info.file_size:
            raise WorkbookError.of("package.part_size_wrong", code="corrupt_part", part=name)

    def size(self, name: str) -> int:
        """The uncompressed size of part ``name`` in bytes (as it is now).

        Examples
        --------
        >>> _tiny().size("xl/workbook.xml")
        11
        """
        entry = self._index[self.resolve(name)]
        return len(entry.data) if entry.data is not None else entry.info.file_size

    def raw_entry(self, name: str) -> bytes | None:
        """The compressed bytes of an untouched entry as found in the source, else None."""
        return self._index[self.resolve(name)].raw

    # ------------------------------------------------------------------ changing
    def write(self, name: str, data: bytes, *, compress: bool = True) -> None:
        """Replace part ``name`` (keeping its place and compression) or append a new part.

        New parts are deflated (``compress=True``) or stored, and carry the
        timestamp 1980-01-01 so that writing twice gives identical files.
        """
        if len(data) > MAX_PART_BYTES:
            raise WorkbookError.of("package.part_would_be_too_large", code="too_large", part=name)
        if self.has(name):
            entry = self._index[self.resolve(name)]
            if entry.raw is not None and self.read(name) == data:
                return  # same content: keep the raw entry as it is
            entry.raw = None
            entry.producer = None
            entry.data = bytes(data)
            self._invalidate(entry.info.filename)
            return
        check_entry_name(name, self.source)
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        info.create_system = 0
        info.external_attr = 0
        entry = ZipEntry(info, None, bytes(data))
        self._entries.append(entry)
        self._index[name] = entry
        self._folded[name.lower()] = name
        self._removed.discard(name)
        self._invalidate(name)

    def write_stream(
        self, name: str, rewrite: Callable[[Iterator[bytes]], Iterable[bytes]]
    ) -> None:
        """Replace part ``name`` by ``rewrite(chunks of its content)``, run when the package
        is written (:meth:`save`): the part is rewritten chunk by chunk, never whole in
        memory. Reading the part before then runs the rewrite in memory.

        Examples
        --------
        >>> pkg = _tiny()
        >>> pkg.write_stream("xl/workbook.xml", lambda chunks: (c.upper() for c in chunks))
        >>> Package.from_bytes(pkg.to_bytes()).read("xl/workbook.xml")
        b'<WORKBOOK/>'
        """
        entry = self._index[self.resolve(name)]
        previous = entry.producer  # the content as it is now, read when the rewrite runs
        data = entry.data
        if previous is not None:
            entry.producer = lambda: rewrite(iter(previous()))
        elif data is not None:
            entry.producer = lambda: rewrite(iter([data]))
        else:
            entry.producer = lambda: rewrite(self._zip_chunks(entry, name, CHUNK_BYTES))
        entry.raw = None
        entry.data = None
        self._invalidate(entry.info.filename)

    def remove(self, name: str) -> None:
        """Drop part ``name`` (no error if it does not exist)."""
        if not self.has(name):
            return
        stored = self.resolve(name)
        entry = self._index.pop(stored)
        del self._folded[stored.lower()]
        self._entries.remove(entry)
        self._removed.add(stored)
        self._invalidate(stored)

    def changed_parts(self) -> set[str]:
        """Names of parts written (changed or added) since the package was read."""
        return {e.info.filename for e in self._entries if e.raw is None}

    def removed_parts(self) -> set[str]:
        """Names of parts removed since the package was read."""
        return set(self._removed)

    def to_bytes(self) -> bytes:
        """Write the package as a zip; untouched entries are copied raw, in the same order."""
        return write_zip(self._entries)

    def save(self, path: str | os.PathLike[str], *, expected: FileState | None = None) -> None:
        """Write the package to ``path`` atomically, streaming: untouched entries are
        copied raw, parts given to :meth:`write_stream` are rewritten chunk by chunk
        straight into the file; the package is never whole in memory a second time.

        Raises
        ------
        WorkbookError
            If the file cannot be written or a rewrite refuses (the target is unchanged).
        """
        atomic_write_stream(path, lambda fh: write_zip_to(fh, self._entries), expected=expected)

    # ------------------------------------------------------------- content types
    def content_type(self, name: str) -> str | None:
        """The content type of part ``name`` (Override first, then Default by extension).

        Examples
        --------
        >>> _tiny().content_type("xl/workbook.xml")
        'application/vnd.ms-excel.sheet.macroEnabled.main+xml'
        """
        overrides, defaults = self._content_types()
        found = overrides.get("/" + name.lower())
        if found is not None:
            return found
        ext = name.rpartition(".")[2].lower() if "." in name.rpartition("/")[2] else ""
        return defaults.get(ext)

    def set_content_type(self, name: str, content_type: str) -> None:
        """Set (or add) the Override for part ``name``."""
        data = self.read(CONTENT_TYPES)
        spans = scan(data, max_depth=1, part=CONTENT_TYPES)
        for span in spans[1:]:
            if span.local == "Override" and span.attrs.get("PartName", "").lower() == (
                "/" + name.lower()
            ):
                edit = set_attribute(data, span, "ContentType", content_type)
                self.write(CONTENT_TYPES, apply_edits(data, [edit]))
                return
        root = spans[0]
        element = (
            f'<{root.prefix}Override PartName="{escape_attribute("/" + name)}" '
            f'ContentType="{escape_attribute(content_type)}"/>'
        ).encode()
        self.write(CONTENT_TYPES, _insert_child(data, root, element))

    def remove_content_type(self, name: str) -> None:
        """Remove the Override of part ``name``, if any."""
        self._remove_children(
            CONTENT_TYPES,
            lambda s: (
                s.local == "Override" and s.attrs.get("PartName", "").lower() == "/" + name.lower()
            ),
        )

    def remove_default_content_type(self, extension: str, content_type: str) -> None:
        """Remove the Default for ``extension`` if it maps to ``content_type``."""
        self._remove_children(
            CONTENT_TYPES,
            lambda s: (
                s.local == "Default"
                and s.attrs.get("Extension", "").lower() == extension.lower()
                and s.attrs.get("ContentType") == content_type
            ),
        )

    def _content_types(self) -> tuple[dict[str, str], dict[str, str]]:
        cached = self._ct_cache
        if cached is None:
            overrides: dict[str, str] = {}
            defaults: dict[str, str] = {}
            if self.has(CONTENT_TYPES):
                for span in scan(self.read(CONTENT_TYPES), max_depth=1, part=CONTENT_TYPES)[1:]:
                    if span.local == "Override":
                        key = span.attrs.get("PartName", "").lower()
                        overrides[key] = span.attrs.get("ContentType", "")
                    elif span.local == "Default":
                        key = span.attrs.get("Extension", "").lower()
                        defaults[key] = span.attrs.get("ContentType", "")
            cached = self._ct_cache = (overrides, defaults)
        return cached

    # ------------------------------------------------------------- relationships
    def relationships(self, source: str) -> list[Relationship]:
        """The relationships of part ``source`` (``""`` for the package root)."""
        rels_name = rels_part_for(source)
        if not self.has(rels_name):
            return []
        folder = source.rpartition("/")[0]
        result = []
        for span in scan(self.read(rels_name), max_depth=1, part=rels_name)[1:]:
            if span.local != "Relationship":
                continue
            target = span.attrs.get("Target", "")
            external = span.attrs.get("TargetMode", "Internal") == "External"
            part = None if external else _resolve_target(folder, target)
            result.append(
                Relationship(
                    span.attrs.get("Id", ""), span.attrs.get("Type", ""), target, external, part
                )
            )
        return result

    def related(self, source: str, kind: str) -> list[str]:
        """Internal target parts of ``source``'s relationships of ``kind`` that exist.

        Examples
        --------
        >>> _tiny().related("", "officeDocument")
        ['xl/workbook.xml']
        """
        found = []
        for rel in self.relationships(source):
            if rel.is_kind(kind) and rel.part is not None and self.has(rel.part):
                found.append(self.resolve(rel.part))
        return found

    def add_relationship(self, source: str, rel_type: str, target: str) -> str:
        """Add a relationship from ``source`` to the relative ``target``; return its new Id."""
        rels_name = rels_part_for(source)
        data = self.read(rels_name) if self.has(rels_name) else _RELS_EMPTY
        spans = scan(data, max_depth=1, part=rels_name)
        used = {s.attrs.get("Id") for s in spans[1:]}
        number = len(used) + 1
        while f"rId{number}" in used:
            number += 1
        rid = f"rId{number}"
        element = (
            f'<{spans[0].prefix}Relationship Id="{rid}" Type="{escape_attribute(rel_type)}" '
            f'Target="{escape_attribute(target)}"/>'
        ).encode()
        self.write(rels_name, _insert_child(data, spans[0], element))
        return rid

    def remove_relationships(self, source: str, ids: set[str]) -> None:
        """Remove the relationships of ``source`` whose Id is in ``ids``."""
        self._remove_children(
            rels_part_for(source), lambda s: s.local == "Relationship" and s.attrs.get("Id") in ids
        )

    def _remove_children(self, name: str, predicate: Callable[[Span], bool]) -> None:
        if not self.has(name):
            return
        data = self.read(name)
        spans = scan(data, max_depth=1, part=name)
        edits = [(s.start, s.end, b"") for s in spans[1:] if predicate(s)]
        if edits:
            self.write(name, apply_edits(data, edits))

    def _invalidate(self, name: str) -> None:
        if name == CONTENT_TYPES:
            self._ct_cache = None


def _insert_child(data: bytes, root: Span, element: bytes) -> bytes:
    """Insert ``element`` as the last child of the root span (expanding ``<root/>``)."""
    if root.empty:
        open_tag = data[root.start : root.end - 2].rstrip() + b">"
        close_tag = b"</" + root.name.encode() + b">"
        return data[: root.start] + open_tag + element + close_tag + data[root.end :]
    return data[: root.close_start] + element + data[root.close_start :]


def _resolve_target(folder: str, target: str) -> str | None:
    path = unquote(target.split("#", 1)[0])
    if not path:
        return None
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path)
    norm = posixpath.normpath(joined)
    if norm.startswith("..") or norm.startswith("/") or norm == ".":
        return None
    return norm


def _tiny() -> Package:
    """A minimal package for the doctests."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            CONTENT_TYPES,
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
        )
        zf.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_RELS_NS}"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        zf.writestr("xl/workbook.xml", "<workbook/>")
    return Package.from_bytes(buf.getvalue())
