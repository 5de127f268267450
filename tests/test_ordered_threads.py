"""Work on a few threads gives what a plain loop gives, stops with it, and leaves nothing running.

``ordered_threads.ordered_map`` runs the sheet scan's slices on two threads: the results
must come in the order of the items, an error must reach the caller at the item that
raised it (not before, and not from an item the caller never reached), at most
``threads`` items may be worked on ahead of the caller, and no thread may outlive the
``with`` block, whether the caller read everything, stopped early or met an error.
"""

from __future__ import annotations

import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_salesplan.ooxml.ordered_threads import THREADS_VARIABLE, ordered_map, usable_threads


class _Refused(Exception):
    pass


def _alive() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("ordered-map")]


@given(
    items=st.lists(st.integers(-50, 50), max_size=12),
    threads=st.integers(1, 3),
    refused=st.none() | st.integers(0, 12),
    stop=st.none() | st.integers(0, 12),
)
def test_results_come_in_order_and_stop_where_a_loop_stops(
    items: list[int], threads: int, refused: int | None, stop: int | None
) -> None:
    worked: list[int] = []

    def work(index: int) -> int:
        worked.append(index)
        if index == refused:
            raise _Refused(index)
        return items[index] * 3

    # what a plain loop gives: the results before the refused item or the one it stops at
    reached = min([len(items), *(n for n in (refused, stop) if n is not None)])
    fails = refused is not None and refused < len(items) and (stop is None or refused <= stop)
    got: list[int] = []
    if fails:
        with pytest.raises(_Refused), ordered_map(work, range(len(items)), threads=threads) as out:
            got.extend(out)
    else:
        with ordered_map(work, range(len(items)), threads=threads) as out:
            for n, result in enumerate(out):
                if n == stop:
                    break
                got.append(result)
    assert got == [x * 3 for x in items[:reached]]
    assert sorted(worked) == list(range(len(worked)))  # each item once, none skipped
    assert len(worked) <= reached + threads  # at most a few items ahead of the caller
    assert _alive() == []


def test_one_item_or_one_thread_runs_in_the_callers_thread() -> None:
    where: list[threading.Thread] = []

    def work(item: int) -> int:
        where.append(threading.current_thread())
        return item

    for items, threads in (([1], 2), ([1, 2, 3], 1), ([], 2)):
        with ordered_map(work, items, threads=threads) as out:
            assert list(out) == items
    assert where and all(t is threading.main_thread() for t in where)
    with ordered_map(work, [1, 2, 3], threads=2) as out:
        assert list(out) == [1, 2, 3]
    assert all(t is not threading.main_thread() for t in where[-3:])
    assert _alive() == []


def test_an_error_in_the_caller_cancels_and_joins() -> None:
    started: list[int] = []
    with pytest.raises(_Refused), ordered_map(started.append, range(1000), threads=2) as out:
        next(out)
        raise _Refused("the caller gives up")
    assert len(started) <= 3
    assert _alive() == []


def test_the_variable_sets_the_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(THREADS_VARIABLE, "1")
    assert usable_threads(2) == 1
    monkeypatch.setenv(THREADS_VARIABLE, "2")
    assert usable_threads(2) == 2
    assert usable_threads(1) == 1  # never more than the caller allows
    for ignored in ("0", "two", "-1", ""):
        monkeypatch.setenv(THREADS_VARIABLE, ignored)
        assert 1 <= usable_threads(2) <= 2
