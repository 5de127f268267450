"""Texts of the problems the engine and the actions report (keys of ``PlanningError.of``).

Examples
--------
>>> MESSAGES["error.language"][1]
'语言必须是 {choices} 之一;收到 {got}'
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    "error.language": (
        "language must be one of {choices}; got {got}",
        "语言必须是 {choices} 之一;收到 {got}",
    ),
    "error.unknown_choice": (
        "{what}: {got} is not one of {choices}",
        "{what}:{got} 不是 {choices} 之一",
    ),
}  # fmt: skip
