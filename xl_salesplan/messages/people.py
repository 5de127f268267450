"""Texts of people planning: hiring coverage words, rounding of counts.

Examples
--------
>>> MESSAGES["choice.hiring_coverage.period"]
('period', '逐月')
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    "choice.hiring_coverage.cumulative": ("cumulative", "累计"),
    "choice.hiring_coverage.period": ("period", "逐月"),
}
