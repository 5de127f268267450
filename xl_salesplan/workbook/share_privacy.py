"""What must not leave the company with a share copy: people's names, paths and hidden parts.

:func:`strip_private_parts` works on a package being turned into a share copy
(:mod:`~xl_salesplan.workbook.share_copy` calls it) and removes:

- external links (``xl/externalLinks/...``: the paths of other workbooks) and the
  workbook's ``externalReferences``; shared-workbook ``fileSharing`` (a user name);
- relationships to sheets that the workbook does not list, and every part that no
  relationship reaches any more (an unlisted worksheet with its formulas, say);
- printer settings (they carry printer and server names) and custom document
  properties (``docProps/custom.xml``);
- from ``docProps/core.xml``: creator, last modified by, description, keywords,
  category, last printed, revision and identifier; the copy is marked with a
  content status, a description of what it is and (given one) a new title;
- from ``docProps/app.xml``: Company, Manager and the hyperlink base;
- comment authors (legacy comments) and the names and ids of people in threaded
  comments.

:func:`leaks_a_path` tells defined names and cached formula results that hold a
file path or a link to another workbook, which the share copy also drops.

Examples
--------
>>> leaks_a_path('"C:\\\\Users\\\\alice\\\\plan.xlsm"'), leaks_a_path("Targets!$B$2:$B$9")
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from xl_salesplan.ooxml.package import Package, rels_part_for
from xl_salesplan.ooxml.workbook_errors import WorkbookError
from xl_salesplan.ooxml.xml_spans import (
    apply_edits,
    escape_attribute,
    escape_text,
    scan,
    set_attribute,
)

__all__ = ["LeakWatch", "leaks_a_path", "strip_private_parts", "unreachable_parts"]

_PATH = re.compile(
    r"[A-Za-z]:[\\/]|\\\\[^\\]|file:/|https?://|/(?:Users|home|Volumes|mnt)/|\[[^\]]*\.xl\w*\]",
    re.IGNORECASE,
)
_CORE_DROPPED = (
    "creator",
    "lastModifiedBy",
    "description",
    "keywords",
    "category",
    "lastPrinted",
    "revision",
    "identifier",
    "contentStatus",
)
_APP_DROPPED = ("Company", "Manager", "HyperlinkBase")
_CORE_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC_NS = "http://purl.org/dc/elements/1.1/"
_CORE_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
_CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_SHEET_KINDS = ("/worksheet", "/chartsheet", "/dialogsheet", "/macrosheet")


def leaks_a_path(text: str) -> bool:
    """True if ``text`` holds a file path, a URL or a reference into another workbook.

    Examples
    --------
    >>> leaks_a_path("[1]Sheet1!A1"), leaks_a_path("'[budget.xlsx]Q1'!A1")
    (True, True)
    """
    return bool(_PATH.search(text)) or bool(re.match(r"^'?\[\d+\]", text))


class LeakWatch:
    """Looks for the configuration's path values (``secrets``) in what a copy holds.

    Large parts are watched as their chunks stream by (:meth:`watch`); the others are
    read whole by :meth:`check_parts`. A value found is an error: the copy is refused.

    Examples
    --------
    >>> watch = LeakWatch({"/opt/py/bin/python"}).watch("xl/worksheets/sheet1.xml")
    >>> list(watch.noting([b"<t>/opt/py/bi", b"n/python</t>"]))[-1]
    b'n/python</t>'
    >>> watch.raise_if_found()
    Traceback (most recent call last):
    ...
    xl_salesplan.ooxml.workbook_errors.WorkbookError: xl/worksheets/sheet1.xml: still contains
    the configuration value '/opt/py/bin/python'; the share copy was not written
    """

    def __init__(self, secrets: Iterable[str]) -> None:
        self.needles = {
            form.encode("utf-8"): secret
            for secret in secrets
            for form in (secret, escape_attribute(secret))
        }
        self.longest = max((len(n) for n in self.needles), default=0)
        self.watched: set[str] = set()

    def watch(self, part: str) -> PartWatch:
        """A watch over the chunks of ``part`` (which :meth:`check_parts` then skips)."""
        self.watched.add(part)
        return PartWatch(self, part)

    def check_parts(self, package: Package) -> None:
        """Refuse if an XML part not watched holds a secret (read whole)."""
        if not self.needles:
            return
        for name in package.names():
            if name in self.watched or not name.lower().endswith((".xml", ".rels", ".vml")):
                continue
            watch = PartWatch(self, name)
            for _ in watch.raising([package.read(name)]):
                pass


class PartWatch:
    """The watch over one part's chunks (see :class:`LeakWatch`)."""

    def __init__(self, leaks: LeakWatch, part: str) -> None:
        self.leaks = leaks
        self.part = part
        self.found: str | None = None

    def noting(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        """``chunks`` as they are; a secret among them is noted (:meth:`raise_if_found`)."""
        if not self.leaks.needles:
            yield from chunks
            return
        tail = b""
        for chunk in chunks:
            window = tail + chunk
            if self.found is None:
                self.found = next((s for n, s in self.leaks.needles.items() if n in window), None)
            tail = window[-(self.leaks.longest - 1) :] if self.leaks.longest > 1 else b""
            yield chunk

    def raising(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        """``chunks`` as they are, stopping with an error at a secret."""
        for chunk in self.noting(chunks):
            self.raise_if_found()
            yield chunk

    def raise_if_found(self) -> None:
        """Raise the refusal if a secret was seen.

        Raises
        ------
        WorkbookError
            Naming the part and the value found.
        """
        if self.found is not None:
            raise WorkbookError.of(
                "file.share_leak",
                value=self.found,
                code="share_leak",
                part=self.part,
            )


def strip_private_parts(
    package: Package, workbook: str, *, status: str, description: str, title: str = ""
) -> list[str]:
    """Remove what identifies people and places (see the module notes); return removed parts."""
    removed: list[str] = []
    _drop_workbook_children(package, workbook, ("externalReferences", "fileSharing"))
    for source in [n for n in package.names() if not n.endswith(".rels")] + [""]:
        if not package.has(source) and source:
            continue
        doomed = [
            r
            for r in package.relationships(source)
            if r.type.endswith(("/externalLink", "/printerSettings", "/custom-properties"))
        ]
        if doomed:
            package.remove_relationships(source, {r.id for r in doomed})
    _drop_unlisted_sheet_relationships(package, workbook)
    for part in unreachable_parts(package):
        package.remove(part)
        package.remove_content_type(part)
        removed.append(part)
    _rewrite_core(package, status, description, title)
    _drop_app_fields(package)
    _anonymise_comments(package)
    return removed


def unreachable_parts(package: Package) -> list[str]:
    """Parts no chain of relationships from the package reaches (their ``.rels`` too).

    Examples
    --------
    >>> from xl_salesplan.ooxml.package import _tiny
    >>> pkg = _tiny()
    >>> pkg.write("xl/worksheets/orphan.xml", b"<worksheet/>")
    >>> unreachable_parts(pkg)
    ['xl/worksheets/orphan.xml']
    """
    reached = {""}
    queue = [""]
    while queue:
        source = queue.pop()
        for rel in package.relationships(source):
            if rel.part and package.has(rel.part):
                target = package.resolve(rel.part)
                if target not in reached:
                    reached.add(target)
                    queue.append(target)
    kept_rels = {rels_part_for(p).lower() for p in reached}
    gone = []
    for name in package.names():
        if name == "[Content_Types].xml" or name in reached:
            continue
        if name.endswith(".rels") and name.lower() in kept_rels:
            continue
        gone.append(name)
    return gone


def _drop_workbook_children(package: Package, workbook: str, locals_: tuple[str, ...]) -> None:
    data = package.read(workbook)
    spans = scan(data, max_depth=1, text_of=(), part=workbook)
    edits = [(s.start, s.end, b"") for s in spans[1:] if s.local in locals_]
    if edits:
        package.write(workbook, apply_edits(data, edits))


def _drop_unlisted_sheet_relationships(package: Package, workbook: str) -> None:
    spans = scan(package.read(workbook), max_depth=2, text_of=(), part=workbook)
    listed = {
        value
        for s in spans
        if s.local == "sheet"
        for key, value in s.attrs.items()
        if key.endswith(":id")
    }
    unlisted = {
        r.id
        for r in package.relationships(workbook)
        if r.type.endswith(_SHEET_KINDS) and r.id not in listed
    }
    if unlisted:
        package.remove_relationships(workbook, unlisted)


def _rewrite_core(package: Package, status: str, description: str, title: str) -> None:
    added = (
        f'<cp:contentStatus xmlns:cp="{_CORE_NS}">{escape_text(status)}</cp:contentStatus>'
        f'<dc:description xmlns:dc="{_DC_NS}">{escape_text(description)}</dc:description>'
    )
    if title:
        added += f'<dc:title xmlns:dc="{_DC_NS}">{escape_text(title)}</dc:title>'
    dropped = (*_CORE_DROPPED, "title") if title else _CORE_DROPPED
    parts = package.related("", "core-properties")
    if not parts:
        package.write(
            "docProps/core.xml",
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<cp:coreProperties xmlns:cp="' + _CORE_NS.encode() + b'">' + added.encode()
            + b"</cp:coreProperties>",
        )  # fmt: skip
        package.set_content_type("docProps/core.xml", _CORE_TYPE)
        package.add_relationship("", _CORE_REL, "docProps/core.xml")
        return
    part = parts[0]
    data = package.read(part)
    spans = scan(data, max_depth=1, text_of=(), part=part)
    root = spans[0]
    edits = [(s.start, s.end, b"") for s in spans[1:] if s.local in dropped]
    if root.empty:
        package.write(
            part, data[: root.start] + _expand(data, root, added.encode()) + data[root.end :]
        )
        return
    edits.append((root.close_start, root.close_start, added.encode()))
    package.write(part, apply_edits(data, edits))


def _expand(data: bytes, root: object, inner: bytes) -> bytes:
    span = root  # an empty root element <x/>: write it as <x>inner</x>
    open_tag = data[span.start : span.end - 2].rstrip() + b">"  # type: ignore[attr-defined]
    return open_tag + inner + b"</" + span.name.encode() + b">"  # type: ignore[attr-defined]


def _drop_app_fields(package: Package) -> None:
    for part in package.related("", "extended-properties"):
        data = package.read(part)
        spans = scan(data, max_depth=1, text_of=(), part=part)
        edits = [(s.start, s.end, b"") for s in spans[1:] if s.local in _APP_DROPPED]
        if edits:
            package.write(part, apply_edits(data, edits))


def _anonymise_comments(package: Package) -> None:
    for name in package.names():
        kind = package.content_type(name) or ""
        if kind.endswith("spreadsheetml.comments+xml"):
            data = package.read(name)
            spans = scan(data, max_depth=2, text_of=(), part=name)
            edits = [
                (s.content_start, s.close_start, b"")
                for s in spans
                if s.local == "author" and not s.empty
            ]
            if edits:
                package.write(name, apply_edits(data, edits))
        elif kind.endswith(".person+xml") or "/persons/" in name.lower():
            data = package.read(name)
            spans = scan(data, max_depth=1, text_of=(), part=name)
            edits = []
            for span in spans:
                if span.local != "person":
                    continue
                for attr in ("displayName", "userId", "providerId"):
                    if attr in span.attrs:
                        edits.append(set_attribute(data, span, attr, ""))
            if edits:
                package.write(name, apply_edits(data, edits))
