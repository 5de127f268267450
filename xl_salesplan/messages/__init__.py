"""The one message catalogue: every text the product shows, in English and Chinese.

Each concept keeps its texts in its own module (``messages.cli``, ``messages.kpi``,
``messages.budget``, ``messages.workbook`` ...) as ``MESSAGES``: key -> (English,
Simplified Chinese). This module merges them into :data:`CATALOGUE` and renders a
text in a language. Placeholders are ``str.format`` fields (``{amount:,.0f}``);
both languages of a key name the same fields (``tests/test_messages.py``).

The engine stays language-neutral: it raises
:class:`~xl_salesplan.errors.PlanningError` with a key and parameters, and the
faces (cells, ribbon, command line) render it in the workbook's language with
:func:`localized`.

Examples
--------
>>> message("kpi.status.on_track", "zh-CN")
'正常'
>>> message("kpi.signal.drift", "en", direction=message("kpi.signal.down", "en"),
...         since="2026-01")
'drift down since 2026-01'
>>> language_code("zh"), language_code("zh_CN"), language_code("EN"), language_code("fr")
('zh-CN', 'zh-CN', 'en', None)
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from xl_salesplan.messages import (
    action_errors,
    budget,
    budget_errors,
    cli,
    cli_help,
    doctor,
    engine_errors,
    files,
    function_errors,
    history,
    history_errors,
    imports,
    input_errors,
    instructions,
    kpi,
    kpi_errors,
    people,
    people_errors,
    share,
    target_errors,
    targets,
    upgrade,
    workbook,
)

__all__ = [
    "CATALOGUE",
    "LANGUAGES",
    "Listing",
    "Named",
    "Text",
    "choice_code",
    "choice_word",
    "choice_words",
    "in_language",
    "language_code",
    "localized",
    "message",
    "placeholders",
]

#: Languages of every text: English and Simplified Chinese.
LANGUAGES: tuple[str, ...] = ("en", "zh-CN")


def _merged() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for module in (
        action_errors,
        budget,
        budget_errors,
        cli,
        cli_help,
        doctor,
        engine_errors,
        files,
        function_errors,
        history,
        history_errors,
        imports,
        input_errors,
        instructions,
        kpi,
        kpi_errors,
        people,
        people_errors,
        share,
        target_errors,
        targets,
        upgrade,
        workbook,
    ):
        for key, pair in module.MESSAGES.items():
            if key in out:  # pragma: no cover - caught by tests/test_messages.py at once
                raise KeyError(f"message key {key!r} is defined twice")
            out[key] = pair
    return out


#: key -> (English, Simplified Chinese), from every concept's module.
CATALOGUE: dict[str, tuple[str, str]] = _merged()


def language_code(language: object) -> str | None:
    """``"en"`` or ``"zh-CN"`` for the ways a language is written, else None.

    Examples
    --------
    >>> language_code("zh-Hans"), language_code(" en-US "), language_code(None)
    ('zh-CN', 'en', None)
    """
    if not isinstance(language, str):
        return None
    word = language.strip().lower().replace("_", "-")
    if word == "zh" or word.startswith(("zh-", "cn", "中文")):
        return "zh-CN"
    if word == "en" or word.startswith("en-"):
        return "en"
    return None


class Text(str):
    """A text from the catalogue that can be put into another message or shown later.

    It is the English text (a ``str``), and remembers its key and parameters, so a message
    built from pieces (a rule, a hint) and a line shown later (a result's line, a progress
    label) read in the language they are finally shown in (:func:`in_language`).

    Examples
    --------
    >>> piece = Text("kpi.signal.down")
    >>> piece, message("kpi.signal.drift", "zh-CN", direction=piece, since="2026-01")
    ('down', '自2026-01起持续下降')
    >>> in_language(Text("cli.file_exists", {"path": "a.xlsm"}), "zh-CN")
    'a.xlsm:文件已存在;如需替换请加 --force'
    """

    key: str
    params: Mapping[str, object]

    def __new__(cls, key: str, params: Mapping[str, object] | None = None) -> Text:
        values = dict(params or {})
        text = super().__new__(cls, message(key, "en", **values))
        text.key, text.params = key, values
        return text

    def __reduce__(self) -> tuple[object, ...]:
        return (Text, (self.key, dict(self.params)))


class Named(str):
    """A name the workbook keeps in both languages (a label, a column), put into a message.

    It is the English name (a ``str``) and shows the Chinese one in a Chinese message.

    Examples
    --------
    >>> label = Named("Plan year", "计划年度")
    >>> message("kpi.signal.drift", "zh-CN", direction=label, since="2026-01")
    '自2026-01起持续计划年度'
    """

    zh: str

    def __new__(cls, en: str, zh: str) -> Named:
        name = super().__new__(cls, en)
        name.zh = zh or en
        return name

    def __reduce__(self) -> tuple[object, ...]:
        return (Named, (str(self), self.zh))


@dataclass(frozen=True)
class Listing:
    """Pieces (texts or :class:`Text`) put into a message as one list, e.g. ``a 1, b 2``.

    Examples
    --------
    >>> str(Listing(("Events 80", Text("kpi.signal.down"))))
    'Events 80, down'
    """

    items: tuple[object, ...]
    separator: str = ", "

    def __str__(self) -> str:
        return self.separator.join(map(str, self.items))

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def _in_language(value: object, language: str) -> object:
    """A value put into a message: a :class:`Text` or a keyed error in ``language``."""
    if isinstance(value, Text):
        return message(value.key, language, **dict(value.params))
    if isinstance(value, Named):
        return value.zh if language_code(language) == "zh-CN" else str(value)
    if isinstance(value, Listing):
        return value.separator.join(str(_in_language(item, language)) for item in value.items)
    if isinstance(value, BaseException) and isinstance(getattr(value, "message", None), str):
        return localized(value, language)  # type: ignore[arg-type]
    return value


def in_language(value: object, language: str) -> str:
    """``value`` as text in ``language``: a :class:`Text` or a keyed error rendered, else str.

    Examples
    --------
    >>> in_language(Text("kpi.signal.down"), "zh-CN"), in_language(3, "zh-CN")
    ('下降', '3')
    """
    return str(_in_language(value, language))


def message(key: str, language: str = "en", /, **params: object) -> str:
    """The text ``key`` in ``language`` with ``params`` filled in.

    An unknown language renders English (the faces check the language first).

    Examples
    --------
    >>> message("cli.interrupted", "zh-CN")
    '已中断;工作簿未改动'
    >>> message("budget.best_move", "en", amount="40", source="Events", target="Search",
    ...         gain="91.6")
    'Move 40 from Events to Search to gain 91.6.'
    """
    en, zh = CATALOGUE[key]
    template = zh if language_code(language) == "zh-CN" else en
    if not params:
        return template
    return template.format(
        **{name: _in_language(value, language) for name, value in params.items()}
    )


def placeholders(template: str) -> frozenset[str]:
    """The names of the fields ``template`` fills in.

    Examples
    --------
    >>> sorted(placeholders("Move {amount} from {source} to {target:>3}"))
    ['amount', 'source', 'target']
    """
    return frozenset(
        field.split(".")[0].split("[")[0]
        for _, field, _, _ in string.Formatter().parse(template)
        if field
    )


class _Keyed(Protocol):
    message: str
    key: str | None
    params: Mapping[str, object]


def localized(error: _Keyed, language: str = "en") -> str:
    """The planner's text of an error (a :class:`PlanningError`) in ``language``.

    An error raised with a catalogue key is rendered from the catalogue; an error
    without one keeps its own (English) text.

    Examples
    --------
    >>> from xl_salesplan.errors import PlanningError
    >>> err = PlanningError.of("cli.file_exists", path="plan.xlsm")
    >>> str(err)
    'plan.xlsm: the file exists; use --force to replace it'
    >>> localized(err, "zh-CN")
    'plan.xlsm:文件已存在;如需替换请加 --force'
    """
    key = getattr(error, "key", None)
    if key is None or key not in CATALOGUE:
        return error.message
    return message(key, language, **dict(error.params))


def choice_words(kind: str, language: str = "en") -> tuple[str, ...]:
    """The words a planner chooses from for a coded input, in ``language``.

    ``kind`` names a family of codes: ``direction``, ``unit``, ``aggregation``,
    ``curve_kind``, ``hiring_coverage``.

    Examples
    --------
    >>> choice_words("direction", "zh-CN")
    ('越高越好', '越低越好')
    """
    return tuple(message(f"choice.{kind}.{code}", language) for code in _codes(kind))


def _codes(kind: str) -> tuple[str, ...]:
    prefix = f"choice.{kind}."
    return tuple(key[len(prefix) :] for key in CATALOGUE if key.startswith(prefix))


def choice_word(kind: str, code: str, language: str = "en") -> str:
    """The word shown for the code ``code`` of ``kind`` in ``language`` (the code if unknown).

    Examples
    --------
    >>> choice_word("unit", "yuan", "zh-CN"), choice_word("unit", "parsecs", "zh-CN")
    ('元', 'parsecs')
    """
    key = f"choice.{kind}.{code}"
    return message(key, language) if key in CATALOGUE else code


def choice_code(kind: str, word: object) -> object:
    """The code a word of either language stands for (the word itself if it is none).

    Case, surrounding spaces and full-width forms do not matter.

    Examples
    --------
    >>> choice_code("direction", "越低越好"), choice_code("unit", " Yuan "), choice_code("unit", 3)
    ('lower', 'yuan', 3)
    """
    if not isinstance(word, str):
        return word
    folded = _fold(word)
    for code in _codes(kind):
        en, zh = CATALOGUE[f"choice.{kind}.{code}"]
        if folded in (_fold(code), _fold(en), _fold(zh)):
            return code
    return word


def _fold(word: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", word).strip().casefold()
