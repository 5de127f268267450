"""Texts of history analysis: seasonal profile quality and cautions.

Examples
--------
>>> MESSAGES["choice.quality.good"]
('good', '良好')
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    "choice.quality.good": ("good", "良好"),
    "choice.quality.fair": ("fair", "一般"),
    "choice.quality.poor": ("poor", "较差"),
}
