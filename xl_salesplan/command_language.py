"""The language of the command line: ``--lang``, the workbook's, the system's; argparse's words.

The command line speaks the language ``--lang`` asks for, else the workbook's (its
``Language`` input), else the system's (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English.
While it reads its arguments (before any workbook is open) only ``--lang`` and the system
count. argparse's own words (``usage:``, ``options``, its errors) come from the catalogue in
that language (:func:`argparse_language`).
"""

from __future__ import annotations

import argparse
import contextlib
import contextvars
import os
from collections.abc import Iterator, Mapping, Sequence

from xl_salesplan.messages import language_code
from xl_salesplan.messages import message as _message
from xl_salesplan.messages.cli_help import ARGPARSE_WORDS

__all__ = [
    "LOCALE_VARIABLES",
    "argparse_language",
    "current_language",
    "environment_language",
    "requested_language",
    "words_in",
]

#: Environment variables that give the system's language, in the order POSIX reads them.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
#: The language the command line's own words are shown in while it reads its arguments.
_LANGUAGE: contextvars.ContextVar[str] = contextvars.ContextVar("language", default="en")


def current_language() -> str:
    """The language of the command line's own words just now (``en`` by default).

    Examples
    --------
    >>> with words_in("zh-CN"):
    ...     current_language()
    'zh-CN'
    >>> current_language()
    'en'
    """
    return _LANGUAGE.get()


@contextlib.contextmanager
def words_in(language: str) -> Iterator[None]:
    """The command line's own words in ``language`` meanwhile (see :func:`current_language`)."""
    token = _LANGUAGE.set(language)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def environment_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The system's language (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), if it is one we speak.

    Examples
    --------
    >>> environment_language({"LANG": "zh_CN.UTF-8"}), environment_language({"LANG": "C"})
    ('zh-CN', None)
    >>> environment_language({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"})
    'en'
    """
    environ = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            return language_code(value.split(".")[0].split("@")[0])
    return None


def requested_language(argv: Sequence[str]) -> str:
    """The language of the command line's own words: ``--lang``, else the system's.

    Examples
    --------
    >>> requested_language(["plan", "--lang", "zh-CN", "p.xlsm"])
    'zh-CN'
    >>> requested_language(["--lang=en", "plan"])
    'en'
    """
    for i, word in enumerate(argv):
        if word == "--":
            break
        if word.startswith("--lang="):
            return language_code(word.split("=", 1)[1]) or "en"
        if word == "--lang" and i + 1 < len(argv):
            return language_code(argv[i + 1]) or "en"
    return environment_language() or "en"


@contextlib.contextmanager
def argparse_language(language: str) -> Iterator[None]:
    """argparse's own words (``usage:``, ``options``, its errors) in ``language`` meanwhile.

    argparse asks ``gettext`` for each of its words when it builds a parser, prints help or
    reports an error; inside this block it gets the catalogue's text instead.
    """

    def word(text: str) -> str:
        key = ARGPARSE_WORDS.get(text)
        return text if key is None else _message(key, language)

    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = word  # type: ignore[attr-defined]
    argparse.ngettext = lambda one, many, n: word(one if n == 1 else many)
    try:
        with words_in(language):
            yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
