"""Timing shared by the benchmark scripts (run them as ``python benchmarks/bench_*.py``)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def best_time(func: Callable[[], T], repeat: int) -> tuple[float, T]:
    """The fastest of ``repeat`` runs of ``func`` in seconds, and the last run's result.

    Examples
    --------
    >>> seconds, value = best_time(lambda: sum(range(10)), 3)
    >>> value, seconds >= 0.0
    (45, True)
    """
    best = math.inf
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        out = func()
        best = min(best, time.perf_counter() - start)
    return best, out
