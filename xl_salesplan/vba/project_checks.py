"""Checks of a VBA project's parts before it is written: names, texts, code page, references.

Each check raises :class:`~xl_salesplan.errors.PlanningError` naming the module, line or
field and what is wrong, so the project is never written with a part the VBA editor
would refuse.
"""

from __future__ import annotations

import codecs
import re

from xl_salesplan.errors import PlanningError
from xl_salesplan.vba.module_sources import VB_NAME_LINE, VbaModule, stored_source
from xl_salesplan.vba.vba_references import ProjectReference, RegisteredReference

__all__ = ["check_modules", "check_project", "check_reference", "codec_name"]

_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,30}")
_MAX_LINE = 1023  # the VBA editor's longest physical line


def check_modules(modules: list[VbaModule], encoding: str) -> None:
    if not modules:
        raise PlanningError("modules: a VBA project needs at least one module", code="empty")
    seen: dict[str, int] = {}
    for position, module in enumerate(modules):
        _check_module(module, encoding)
        first = seen.setdefault(module.name.upper(), position)
        if first != position:
            raise PlanningError(
                f"modules: {module.name!r} at position {position} repeats "
                f"{modules[first].name!r} at position {first} (VBA names ignore case)",
                code="duplicate_module",
                positions=(first, position),
            )


def check_project(
    name: str,
    project_id: str,
    syskind: int,
    texts: dict[str, str],
    help_context: int,
    version: tuple[int, int],
    encoding: str,
) -> None:
    _check_identifier(name, "project_name")
    if not re.fullmatch(r"\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", project_id):
        raise PlanningError(
            f"project_id: expected {{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}} in upper case, "
            f"got {project_id!r}",
            code="invalid_project_id",
        )
    _check_unsigned(syskind, 2, "syskind (0 Win16, 1 Win32, 2 Mac, 3 Win64)")
    _check_unsigned(help_context, 32, "help_context")
    _check_unsigned(version[0], 32, "version major")
    _check_unsigned(version[1], 16, "version minor")
    for (what, text), limit in zip(texts.items(), (2000, 260, 1015), strict=True):
        encoded = _encode(text, encoding, what)
        if len(encoded) > limit:
            raise PlanningError(
                f"{what}: {len(encoded)} bytes, at most {limit} allowed",
                code="text_too_long",
                amount=float(len(encoded) - limit),
            )
        if what != "constants" and any(char in text for char in '"\r\n'):
            raise PlanningError(
                f"{what}: must not contain double quotes or line breaks", code="invalid_text"
            )


def codec_name(codepage: int) -> str:
    name = f"cp{codepage}"
    try:
        codecs.lookup(name)
    except LookupError:
        raise PlanningError(
            f"codepage: {codepage} is not a code page this system can encode",
            code="invalid_codepage",
            amount=float(codepage),
        ) from None
    return name


def _check_identifier(name: str, what: str) -> None:
    if not _IDENTIFIER.fullmatch(name):
        raise PlanningError(
            f"{what} {name!r}: expected a letter, then up to 30 letters, digits or underscores",
            code="invalid_vba_name",
        )


def _check_module(module: VbaModule, encoding: str) -> None:
    _check_identifier(module.name, "module name")
    if module.kind not in ("standard", "document", "class"):
        raise PlanningError(
            f"module {module.name}: kind must be 'standard', 'document' or 'class', "
            f"got {module.kind!r}",
            code="invalid_module_kind",
        )
    text = stored_source(module.source)
    first_line = text.split("\r\n", 1)[0]
    match = VB_NAME_LINE.fullmatch(first_line)
    if match is None or match.group(1) != module.name:
        raise PlanningError(
            f'module {module.name}: the source must start with Attribute VB_Name = "{module.name}"'
            f", found {first_line[:60]!r}",
            code="module_name_mismatch",
        )
    for number, line in enumerate(text.split("\r\n")):
        try:
            line.encode(encoding)
        except UnicodeEncodeError as error:
            raise PlanningError(
                f"module {module.name}: line {number + 1}, column {error.start + 1}: character "
                f"{line[error.start]!r} is not in code page {encoding[2:]}",
                code="not_in_codepage",
                positions=(number,),
            ) from None
        if len(line) > _MAX_LINE:
            raise PlanningError(
                f"module {module.name}: line {number + 1} has {len(line)} characters, "
                f"the VBA editor allows {_MAX_LINE}",
                code="line_too_long",
                positions=(number,),
            )
    _encode(module.docstring, encoding, f"module {module.name} docstring")
    _check_unsigned(module.help_context, 32, f"module {module.name} help_context")


def _encode(text: str, encoding: str, what: str) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as error:
        raise PlanningError(
            f"{what}: character {text[error.start]!r} at position {error.start} is not in "
            f"code page {encoding[2:]}",
            code="not_in_codepage",
            positions=(error.start,),
        ) from None


def _check_unsigned(value: int, bits: int, what: str) -> None:
    if not isinstance(value, int) or not 0 <= value < 2**bits:
        raise PlanningError(
            f"{what}: expected a whole number from 0 to {2**bits - 1}, got {value!r}",
            code="out_of_range",
        )


def check_reference(reference: RegisteredReference | ProjectReference, encoding: str) -> None:
    if not isinstance(reference, RegisteredReference | ProjectReference):
        raise PlanningError(
            f"references: expected RegisteredReference or ProjectReference, got {reference!r}",
            code="invalid_reference",
        )
    texts = [reference.name]
    if isinstance(reference, RegisteredReference):
        texts.append(reference.libid)
    else:
        texts += [reference.libid_absolute, reference.libid_relative]
        _check_unsigned(reference.major_version, 32, f"reference {reference.name} major_version")
        _check_unsigned(reference.minor_version, 16, f"reference {reference.name} minor_version")
    for text in texts:
        _encode(text, encoding, f"reference {reference.name}")
