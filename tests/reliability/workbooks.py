"""Hostile and damaged variants of a plan workbook, made by plain zip edits."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from plan_files import plan_copy

ASSUMPTIONS = "xl/worksheets/sheet2.xml"  # the template's Assumptions sheet


def plan_with(
    folder: Path,
    edit: Callable[[dict[str, bytes]], None],
    name: str = "plan.xlsm",
    *,
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """A copy of the template whose parts ``edit`` changed (a dict part name -> bytes)."""
    source = plan_copy(folder, "source-" + name)
    with zipfile.ZipFile(source) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    edit(parts)
    path = Path(folder) / name
    with zipfile.ZipFile(path, "w", compression) as zf:
        for part, data in parts.items():
            zf.writestr(part, data)
    source.unlink()
    return path


def replace_in(part: str, old: bytes, new: bytes) -> Callable[[dict[str, bytes]], None]:
    """An edit replacing the first ``old`` in ``part`` by ``new``."""

    def edit(parts: dict[str, bytes]) -> None:
        assert old in parts[part], f"{old!r} not in {part}"
        parts[part] = parts[part].replace(old, new, 1)

    return edit
