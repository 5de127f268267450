"""What an action reports back: one line for the planner, details for scripts.

Examples
--------
>>> result = ActionResult("build_plan", "Plan built: target 78,480,000", {"target": 78480000.0})
>>> result.to_json_dict()["details"]["target"]
78480000.0
>>> print(result.text())
Plan built: target 78,480,000
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from xl_salesplan.messages import Text, in_language, message

__all__ = ["ActionResult", "Progress", "json_safe", "no_progress"]

#: ``progress(fraction, label)``: 0.0-1.0 done and what is being done.
Progress = Callable[[float, str | Text], None]


def no_progress(fraction: float, label: str | Text) -> None:
    """A progress callback that does nothing.

    Examples
    --------
    >>> no_progress(0.5, "writing")
    """


@dataclass
class ActionResult:
    """The outcome of an action.

    Attributes
    ----------
    action : str
        The action's name (``build_plan``...).
    message : str
        One line for the planner (status cell, alert, command line).
    details : dict
        Figures for scripts (``--json``); plain numbers, text, lists and dicts.
    lines : list of str
        Further lines for a human summary (printed after ``message``).
    ok : bool
        False when the action found problems (e.g. validation).
    key, params : str and dict, optional
        The message's key in the catalogue (:mod:`xl_salesplan.messages`) and its
        parameters, so a face can say it in the workbook's language (:meth:`said`).

    Examples
    --------
    >>> ActionResult("validate_inputs", "2 problem(s)", ok=False, lines=["  a", "  b"]).text()
    '2 problem(s)\\n  a\\n  b'
    """

    action: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    ok: bool = True
    key: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        action: str,
        key: str,
        params: dict[str, Any],
        details: dict[str, Any] | None = None,
        *,
        lines: list[str] | None = None,
        ok: bool = True,
    ) -> ActionResult:
        """A result whose message is the catalogue's ``key`` (``message`` in English).

        Examples
        --------
        >>> result = ActionResult.of("validate_inputs", "action.validate.ok", {})
        >>> result.message, result.said("zh-CN")
        ('Inputs are valid: no problems found.', '输入有效:未发现问题。')
        """
        return cls(action, message(key, "en", **params), dict(details or {}), list(lines or []),
                   ok, key, dict(params))  # fmt: skip

    def said(self, language: str = "en") -> str:
        """The one-line message in ``language`` (its own text when it has no key)."""
        return self.message if self.key is None else message(self.key, language, **self.params)

    def text(self, language: str = "en") -> str:
        """The message (in ``language``) and the further lines."""
        return "\n".join(
            [self.said(language), *(in_language(line, language) for line in self.lines)]
        )

    def to_json_dict(self, language: str = "en") -> dict[str, Any]:
        """A JSON-ready dictionary, its message in ``language``.

        Examples
        --------
        >>> ActionResult.of("validate_inputs", "action.validate.ok", {}).to_json_dict("zh-CN")
        {'action': 'validate_inputs', 'ok': True, 'message': '输入有效:未发现问题。', 'details': {}}
        """
        return {
            "action": self.action,
            "ok": self.ok,
            "message": self.said(language),
            "details": json_safe(self.details),
        }


def json_safe(value: object) -> Any:
    """``value`` with numpy/pandas scalars, NaN and dates made JSON-friendly.

    Examples
    --------
    >>> json_safe({"a": np.float64(1.5), "b": [np.nan, np.int64(2)],
    ...            "c": pd.Timestamp("2026-01-01")})
    {'a': 1.5, 'b': [None, 2], 'c': '2026-01-01'}
    """
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if isinstance(value, pd.DataFrame):
        return [json_safe(r) for r in value.to_dict("records")]
    if isinstance(value, np.ndarray):
        return [json_safe(v) for v in value.tolist()]
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return None if math.isnan(number) or math.isinf(number) else number
    if value is pd.NaT:
        return None
    if isinstance(value, dt.datetime):
        midnight = value.time() == dt.time(0)
        return value.date().isoformat() if midnight else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, str | int):
        return value
    return str(value)
