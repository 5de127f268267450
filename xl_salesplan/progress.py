"""Progress of a long command on stderr: what is being read or written, once it takes long.

Every command reports its steps to one :class:`ProgressReport` (``report(fraction,
label, **params)``; the label a message key of the catalogue, rendered in the
command's language with its parameters, or a text). Nothing is shown while a command
is quick: the first words appear once it has run :data:`DELAY` seconds. Then:

- ``bar`` (a terminal: the planner at the command line): one status line redrawn in
  place, such as ``[#####...]  40% reading History (26 MB)…``, at most every
  :data:`REDRAW` seconds, and wiped before the result is printed;
- ``lines`` (a log: CI, a scheduled task; ``--progress lines``): plain lines that say
  how long the command has run and what it does, such as ``[  4 s]  40% reading
  History (26 MB)…``: one when the step changes (at most one per :data:`INTERVAL`
  seconds) and one every :data:`HEARTBEAT` seconds while a step goes on, so a long
  step never looks like a hang;
- ``off``: nothing (stderr not a terminal, or ``--quiet``): stderr stays the one line
  of an error, for scripts.

A step can last long without reporting anything (reading one large table): with
``ticking=True`` (the command line) a background thread repeats the current step every
:data:`TICK` seconds, so its first line still appears at :data:`DELAY` seconds and its
heartbeat every :data:`HEARTBEAT` seconds; :meth:`ProgressReport.close` stops it.

The clock is a parameter, so tests drive the report with a fake one.

Examples
--------
>>> import io
>>> times = iter([0.0, 2.5, 2.6, 9.0])
>>> out = io.StringIO()
>>> report = ProgressReport(out, mode="lines", clock=lambda: next(times))
>>> report(0.1, "cli.progress.reading_part", part="History", megabytes=26)  # quick: nothing
>>> report(0.4, "cli.progress.reading_part", part="History", megabytes=26)
>>> report(0.5, "cli.progress.writing_part", part="History", megabytes=26)  # within a second
>>> report(0.9, "cli.progress.writing_part", part="History", megabytes=26)
>>> print(out.getvalue(), end="")
[  2 s]  40% reading History (26 MB)…
[  9 s]  90% writing History (26 MB)…
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TextIO

from xl_salesplan.messages import CATALOGUE, in_language, message

__all__ = [
    "DELAY",
    "HEARTBEAT",
    "INTERVAL",
    "MODES",
    "REDRAW",
    "TICK",
    "ProgressReport",
    "Reporter",
    "silent",
    "tracked",
]

DELAY = 2.0
"""Seconds a command runs before its progress shows."""
INTERVAL = 1.0
"""Fewest seconds between two progress lines (``lines``)."""
HEARTBEAT = 5.0
"""Seconds after which a step that goes on is reported again (``lines``)."""
REDRAW = 0.2
"""Fewest seconds between two redraws of the status line (``bar``)."""
TICK = 0.5
"""Seconds between two repeats of the current step by the background thread (``ticking``)."""
MODES = ("bar", "lines", "off")


class Reporter(Protocol):
    """What reports progress: ``report(fraction, label, **params)``."""

    def __call__(self, fraction: float, label: str, /, **params: object) -> None: ...


def silent(fraction: float, label: str, /, **params: object) -> None:
    """A reporter that shows nothing.

    Examples
    --------
    >>> silent(0.5, "cli.progress.reading_part", part="History", megabytes=3)
    """


def tracked(
    chunks: Iterable[bytes], total: int, report: Reporter, label: str, **params: object
) -> Iterator[bytes]:
    """``chunks`` as they are, reporting the share of ``total`` bytes passed so far.

    Examples
    --------
    >>> seen = []
    >>> list(tracked([b"ab", b"cd"], 4, lambda f, label, **p: seen.append(f), "reading"))
    [b'ab', b'cd']
    >>> seen
    [0.0, 0.5, 1.0]
    """
    done = 0
    report(0.0, label, **params)
    for chunk in chunks:
        done += len(chunk)
        report(min(done / max(total, 1), 1.0), label, **params)
        yield chunk


class ProgressReport:
    """The progress of one command on a stream (see the module notes).

    Parameters
    ----------
    stream : text stream
        Where to write (stderr).
    mode : {"bar", "lines", "off"}
    language : str
        Language of the words (``en`` or ``zh-CN``).
    clock : callable, optional
        Seconds, monotonic (default :func:`time.monotonic`; tests pass a fake clock).
    delay : float
        Seconds before anything shows.
    width : int
        Characters of the bar.
    ticking : bool
        Repeat the current step from a background thread every :data:`TICK` seconds
        (see the module notes); :meth:`close` stops the thread.
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        mode: str = "bar",
        language: str = "en",
        clock: Callable[[], float] | None = None,
        delay: float = DELAY,
        width: int = 24,
        ticking: bool = False,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        self.stream = stream
        self.mode = mode
        self.language = language
        self.clock = clock or time.monotonic
        self.delay = delay
        self.width = width
        self._start: float | None = None
        self._last_shown = -1e9
        self._last_text = ""
        self._shown = False
        self._step: tuple[float, str, dict[str, object]] | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        self.ticking = ticking and mode != "off"

    def text(self, label: str, **params: object) -> str:
        """The words of ``label`` (a catalogue key, or a text kept as it is).

        Examples
        --------
        >>> ProgressReport(None, language="zh-CN").text("cli.progress.reading_part",
        ...                                              part="历史", megabytes=3)
        '正在读取 历史(3 MB)…'
        """
        if label in CATALOGUE:
            return message(label, self.language, **params)
        return in_language(label, self.language)  # a Text renders in the language, a str stays

    def __call__(self, fraction: float, label: str, /, **params: object) -> None:
        if self.mode == "off":
            return
        with self._lock:
            self._step = (fraction, label, params)
            self._show(fraction, label, params)
        if self.ticking and self._ticker is None:
            self._ticker = threading.Thread(target=self._tick_until_closed, daemon=True)
            self._ticker.start()

    def tick(self) -> None:
        """Report the current step again (what the background thread does).

        Examples
        --------
        >>> import io
        >>> times = iter([0.0, 3.0])
        >>> out = io.StringIO()
        >>> report = ProgressReport(out, mode="lines", clock=lambda: next(times))
        >>> report(0.2, "cli.progress.reading_part", part="History", megabytes=26)
        >>> report.tick()  # still reading History, 3 s later
        >>> print(out.getvalue(), end="")
        [  3 s]  20% reading History (26 MB)…
        """
        with self._lock:
            if self._step is not None:
                self._show(*self._step)

    def _tick_until_closed(self) -> None:
        while not self._stop.wait(TICK):
            try:
                self.tick()
            except (OSError, ValueError):  # stderr went away: stop repeating, quietly
                return

    def _show(self, fraction: float, label: str, params: dict[str, object]) -> None:
        now = self.clock()
        if self._start is None:
            self._start = now
        if now - self._start < self.delay:
            return
        fraction = min(max(float(fraction), 0.0), 1.0)
        words = self.text(label, **params)
        if self.mode == "bar":
            if now - self._last_shown >= REDRAW or words != self._last_text:
                filled = round(fraction * self.width)
                bar = "#" * filled + "." * (self.width - filled)
                self.stream.write(f"\r[{bar}] {fraction:4.0%} {words[:60]:<60}".rstrip())
                self._remember(now, words)
            return
        since = now - self._last_shown
        if (words != self._last_text and since >= INTERVAL) or since >= HEARTBEAT:
            self.stream.write(f"[{now - self._start:3.0f} s] {fraction:4.0%} {words}\n")
            self._remember(now, words)

    def _remember(self, now: float, words: str) -> None:
        self.stream.flush()
        self._last_shown = now
        self._last_text = words
        self._shown = True

    def part(self, start: float, end: float) -> Reporter:
        """A reporter mapping 0-1 onto ``start``-``end`` of this one.

        Examples
        --------
        >>> import io
        >>> out = io.StringIO()
        >>> ProgressReport(out, delay=0, width=4).part(0.5, 1.0)(0.5, "writing")
        >>> out.getvalue()
        '\\r[###.]  75% writing'
        """

        def report(fraction: float, label: str, /, **params: object) -> None:
            self(start + (end - start) * fraction, label, **params)

        return report

    def close(self) -> None:
        """Stop the background thread; wipe the status line (``bar``) before the result is
        printed."""
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
            self._ticker = None
        self._stop.clear()
        self._step = None
        if self._shown and self.mode == "bar":
            self.stream.write("\r" + " " * (self.width + 68) + "\r")
            self.stream.flush()
        self._shown = False
