"""Hand pieces of work to one background thread while the caller makes the next ones.

Writing a large part of a package is two kinds of work in turn: making the bytes
(Python code: reading, checking and rewriting a sheet) and compressing, checksumming
and writing them (zlib and the file system, which let other threads run meanwhile).
A :class:`BackgroundSink` runs the second kind in its own thread, so on a machine of
two cores both go on at once. The pieces are consumed one at a time, in the order they
were given, so the output is the same as when done in turn.

At most ``depth`` pieces wait at a time (memory stays bounded). An error in the
consumer is raised again in the caller (at the next :meth:`~BackgroundSink.put` or on
leaving the ``with`` block); an error in the caller stops the consumer before it is
passed on, and the thread is always joined.

Examples
--------
>>> seen = []
>>> with BackgroundSink(seen.append) as sink:
...     for piece in (b"a", b"b", b"c"):
...         sink.put(piece)
>>> seen
[b'a', b'b', b'c']
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Generic, TypeVar

__all__ = ["BackgroundSink"]

T = TypeVar("T")
_END = object()
_WAIT = 0.05  # seconds between looks at the consumer while the queue is full


class BackgroundSink(Generic[T]):
    """Consume the pieces given by :meth:`put` with ``consume`` in a background thread.

    Parameters
    ----------
    consume : callable
        Called once per piece, in order, in the background thread.
    depth : int
        Pieces that may wait for the consumer.

    Raises
    ------
    BaseException
        Whatever ``consume`` raised, in the caller's thread.

    Examples
    --------
    >>> def refuse(piece):
    ...     raise ValueError(f"cannot take {piece!r}")
    >>> try:
    ...     with BackgroundSink(refuse) as sink:
    ...         sink.put("x")
    ... except ValueError as error:
    ...     print(error)
    cannot take 'x'
    """

    def __init__(self, consume: Callable[[T], None], *, depth: int = 4) -> None:
        self._consume = consume
        self._queue: queue.Queue[object] = queue.Queue(maxsize=max(int(depth), 1))
        self._stop = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="background-sink", daemon=True)

    def __enter__(self) -> BackgroundSink[T]:
        self._thread.start()
        return self

    def put(self, piece: T) -> None:
        """Queue ``piece`` for the consumer (waits while ``depth`` pieces wait)."""
        while True:
            self._raise_if_failed()
            try:
                self._queue.put(piece, timeout=_WAIT)
                return
            except queue.Full:
                continue

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if error is not None:
            self._stop.set()  # the caller failed: drop what waits
        self._finish()
        if error is None:
            self._raise_if_failed()

    def _finish(self) -> None:
        while self._thread.is_alive():
            try:
                self._queue.put(_END, timeout=_WAIT)
                break
            except queue.Full:
                continue
        self._thread.join()

    def _raise_if_failed(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _run(self) -> None:
        while True:
            piece = self._queue.get()
            if piece is _END:
                return
            if self._stop.is_set():
                continue  # the caller failed or the consumer did: drain until the end
            try:
                self._consume(piece)  # type: ignore[arg-type]
            except BaseException as error:  # handed to the caller's thread
                self._error = error
                self._stop.set()
