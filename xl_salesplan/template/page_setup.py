"""How a template sheet prints: A4, page breaks between blocks, a readable scale.

Most sheets print one page wide (the whole width scaled onto the page). A sheet whose blocks
stand side by side far to the right (Budget, Targets) would shrink to an unreadable size that
way, so it prints in column bands instead: each band of blocks starts a new page
(:attr:`PageBreaks.columns`), rows can start a new page too (:attr:`PageBreaks.rows`: a block
that must not be cut in two), and one print scale, worked out from the column widths and row
heights, makes the widest band and the tallest stretch of rows fit on an A4 page.

Widths are in Excel's character units (as ``set_column`` takes them), heights in points.

Examples
--------
>>> breaks = PageBreaks(columns=(5,), rows=(10,))
>>> print_scale({1: 40.0, 2: 40.0, 3: 40.0, 4: 40.0, 5: 60.0}, {}, 20, 5, breaks)
66
>>> first_band_end(breaks, 5), first_band_end(PageBreaks(), 5)
(4, 5)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "DEFAULT_ROW_HEIGHT",
    "DEFAULT_WIDTH",
    "MARGINS",
    "PageBreaks",
    "column_points",
    "first_band_end",
    "print_scale",
    "printable_size",
]

#: Excel's default column width (characters) and row height (points).
DEFAULT_WIDTH = 8.43
DEFAULT_ROW_HEIGHT = 15.0
#: Page margins in inches (the footer sits in the bottom margin).
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.5, "bottom": 0.6}
_A4_POINTS = (595.3, 841.9)  # portrait width, height
_DIGIT_PIXELS = 7  # widest digit of the default 11-point body font, in pixels
# Room for other fonts: where Calibri or 等线 is missing (LibreOffice on Linux), columns are laid
# out up to a third wider than Excel lays them out (DejaVu Sans digits).
_WIDTH_ROOM = 0.72
_HEIGHT_ROOM = 0.9


@dataclass(frozen=True)
class PageBreaks:
    """Where a sheet's printed pages start, besides the sheet's top-left corner.

    ``columns``: first columns (1-based) of the column bands after the first; ``rows``: rows
    (1-based) that start a new page.
    """

    columns: tuple[int, ...] = ()
    rows: tuple[int, ...] = ()


def column_points(width: float) -> float:
    """Printed width in points of a column ``width`` characters wide.

    Examples
    --------
    >>> column_points(8.43)
    48.0
    """
    return (math.floor(width * _DIGIT_PIXELS + 0.5) + 5) * 0.75


def printable_size(landscape: bool) -> tuple[float, float]:
    """(width, height) in points inside the margins of an A4 page.

    Examples
    --------
    >>> printable_size(True)
    (784.3, 516.1)
    """
    short, long = _A4_POINTS
    width, height = (long, short) if landscape else (short, long)
    across = (MARGINS["left"] + MARGINS["right"]) * 72
    down = (MARGINS["top"] + MARGINS["bottom"]) * 72
    return round(width - across, 1), round(height - down, 1)


def _segments(starts: tuple[int, ...], last: int) -> list[range]:
    edges = [1, *sorted(s for s in starts if 1 < s <= last), last + 1]
    return [range(a, b) for a, b in itertools.pairwise(edges) if b > a]


def print_scale(
    widths: Mapping[int, float],
    heights: Mapping[int, float],
    last_row: int,
    last_col: int,
    breaks: PageBreaks,
    *,
    landscape: bool = True,
) -> int:
    """The print scale (percent, 10-100) at which every band and every stretch of rows fits.

    Each column band (between column breaks) must fit the page's width; each stretch of rows
    between two row breaks must fit its height (the last stretch may run on over pages, as a
    long table does).

    Examples
    --------
    >>> print_scale({1: 100.0, 2: 100.0}, {}, 10, 2, PageBreaks(columns=(2,)))
    100
    >>> print_scale({}, {}, 50, 3, PageBreaks(rows=(46,)))
    68
    """
    page_width, page_height = printable_size(landscape)
    scale = 1.0
    for band in _segments(breaks.columns, last_col):
        points = sum(column_points(widths.get(col, DEFAULT_WIDTH)) for col in band)
        scale = min(scale, page_width * _WIDTH_ROOM / points)
    if breaks.rows:
        for stretch in _segments(breaks.rows, last_row)[:-1]:
            points = sum(heights.get(row, DEFAULT_ROW_HEIGHT) for row in stretch)
            scale = min(scale, page_height * _HEIGHT_ROOM / points)
    if scale >= 1.0:
        return 100
    return max(10, math.floor(scale * 100))


def first_band_end(breaks: PageBreaks, last_col: int) -> int:
    """Last column of the first column band (``last_col`` without column breaks)."""
    inside = [col for col in breaks.columns if 1 < col <= last_col]
    return min(inside) - 1 if inside else last_col
