"""Apply one function to a sequence of items on a few threads, the results in order.

Reading a large worksheet is a sequence of slices of its bytes, each located and
converted with numpy (:mod:`~xl_salesplan.ooxml.sheet_scan`); numpy releases the
interpreter's lock in its loops, so on a machine of two cores two slices are read at
once. :func:`ordered_map` hands the items to a small pool of threads and gives back the
results in the order of the items, as a plain loop would:

- at most ``threads`` items are in work at a time (memory stays bounded; a caller that
  stops early has had at most that many items done ahead of it);
- an item's error is raised again in the caller, when its result is reached (the items
  after it are dropped); a result after one the caller stopped at is never looked at;
- on leaving the ``with`` block, items not started are cancelled and the threads are
  joined: nothing is left running;
- with one item, or one thread, no thread is started (the work runs in the caller).

:func:`usable_threads` is the number of threads worth using: the processors this
process may run on, at most ``most``; the environment variable
``XL_SALESPLAN_THREADS`` sets it (``1``: everything in the caller's thread, for
debugging or profiling).

Examples
--------
>>> with ordered_map(lambda n: n * n, range(5), threads=2) as squares:
...     list(squares)
[0, 1, 4, 9, 16]
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from itertools import chain, islice
from typing import TypeVar

__all__ = ["THREADS_VARIABLE", "ordered_map", "usable_threads"]

T = TypeVar("T")
R = TypeVar("R")
THREADS_VARIABLE = "XL_SALESPLAN_THREADS"


def usable_threads(most: int) -> int:
    """The threads worth running at once: the processors this process may use, at most
    ``most`` (``XL_SALESPLAN_THREADS``, a whole number from 1, sets it instead).

    Examples
    --------
    >>> 1 <= usable_threads(2) <= 2
    True
    >>> usable_threads(1)
    1
    """
    forced = os.environ.get(THREADS_VARIABLE, "").strip()
    if forced.isdigit() and int(forced) >= 1:
        return min(int(forced), max(most, 1))
    try:
        processors = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        processors = os.cpu_count() or 1
    return max(min(processors, most), 1)


@contextmanager
def ordered_map(
    work: Callable[[T], R], items: Iterable[T], *, threads: int
) -> Iterator[Iterator[R]]:
    """``work(item)`` for each of ``items``, in their order, ``threads`` at a time.

    Parameters
    ----------
    work : callable
        Called once per item the caller reaches (and at most ``threads - 1`` items
        beyond it), in a worker thread when there are several items and threads.
    items : iterable
        Read lazily, in the caller's thread.
    threads : int
        Items in work at once (1: each in turn, in the caller's thread).

    Raises
    ------
    BaseException
        Whatever ``work`` raised for the item whose result is being reached.

    Examples
    --------
    >>> def half(n):
    ...     if n % 2:
    ...         raise ValueError(f"{n} is odd")
    ...     return n // 2
    >>> seen = []
    >>> try:
    ...     with ordered_map(half, [2, 4, 5, 6], threads=2) as halves:
    ...         seen.extend(halves)
    ... except ValueError as error:
    ...     print(seen, error)
    [1, 2] 5 is odd
    """
    results = _results(work, iter(items), threads)
    try:
        yield results
    finally:
        results.close()  # cancels what has not started and joins the threads


def _results(work: Callable[[T], R], items: Iterator[T], threads: int) -> Generator[R, None, None]:
    head = list(islice(items, 2))
    if threads < 2 or len(head) < 2:
        for item in chain(head, items):
            yield work(item)
        return
    with ThreadPoolExecutor(threads, thread_name_prefix="ordered-map") as pool:
        ahead: deque[Future[R]] = deque()
        try:
            for item in chain(head, items):
                ahead.append(pool.submit(work, item))
                if len(ahead) >= threads:
                    yield ahead.popleft().result()
            while ahead:
                yield ahead.popleft().result()
        finally:
            for future in ahead:
                future.cancel()
