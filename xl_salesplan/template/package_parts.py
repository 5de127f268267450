"""Parts XlsxWriter cannot write, added to its package deterministically: the ribbon.

:func:`add_ribbon` adds both customUI parts of
:func:`xl_salesplan.vba.ribbon.custom_ui_part` (``customUI/customUI14.xml``,
2009/07, read by Office 2010 and later; ``customUI/customUI.xml``, 2006/01, read by
Office 2007) and their relationships in ``_rels/.rels``. The package is rewritten by
:class:`~xl_salesplan.ooxml.package.Package`: every other entry is copied raw
(XlsxWriter writes entries with the fixed 1980-01-01 timestamp in memory), new
entries are appended with the same timestamp, so the same input gives the same bytes.

Examples
--------
>>> import io, xlsxwriter
>>> buf = io.BytesIO()
>>> wb = xlsxwriter.Workbook(buf, {"in_memory": True}); _ = wb.add_worksheet(); wb.close()
>>> out = add_ribbon(buf.getvalue(), "zh-CN")
>>> pkg = Package.from_bytes(out)
>>> [r.target for r in pkg.relationships("") if "ui/extensibility" in r.type]
['customUI/customUI14.xml', 'customUI/customUI.xml']
>>> add_ribbon(buf.getvalue(), "zh-CN") == out
True
"""

from __future__ import annotations

from xl_salesplan.ooxml.package import Package
from xl_salesplan.vba.ribbon import custom_ui_part

__all__ = ["RIBBON_VERSIONS", "add_ribbon"]

#: The customUI versions shipped, newest first.
RIBBON_VERSIONS = ("2009/07", "2006/01")


def add_ribbon(package_bytes: bytes, language: str) -> bytes:
    """``package_bytes`` with the Sales Plan ribbon in ``language`` added.

    Examples
    --------
    >>> import io, xlsxwriter, zipfile
    >>> buf = io.BytesIO()
    >>> wb = xlsxwriter.Workbook(buf, {"in_memory": True}); _ = wb.add_worksheet(); wb.close()
    >>> names = zipfile.ZipFile(io.BytesIO(add_ribbon(buf.getvalue(), "en"))).namelist()
    >>> names[-2:]
    ['customUI/customUI14.xml', 'customUI/customUI.xml']
    """
    package = Package.from_bytes(package_bytes, source="template")
    for version in RIBBON_VERSIONS:
        part = custom_ui_part(language, version=version)  # type: ignore[arg-type]
        package.write(part.part_name, part.xml)
        package.add_relationship("", part.relationship_type, part.part_name)
    return package.to_bytes()
