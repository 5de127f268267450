"""``xl-salesplan doctor``: can Excel on this computer run the plan workbook's Python?

:mod:`~xl_salesplan.doctor.gather` collects the facts (the shell),
:mod:`~xl_salesplan.doctor.checks` judges them (pure) and
:func:`doctor_report` renders the findings with what to do, in English or Chinese.
"""

from __future__ import annotations

import unicodedata

from xl_salesplan.doctor.checks import Finding, diagnose, problems
from xl_salesplan.doctor.facts import MachineFacts
from xl_salesplan.messages import message

__all__ = ["Finding", "MachineFacts", "diagnose", "doctor_report", "finding_json", "problems"]


def doctor_report(findings: list[Finding], language: str = "en") -> list[str]:
    """One line per finding; a problem's line is followed by what to do.

    Examples
    --------
    >>> facts = MachineFacts(system="other", python="py", xlwings_version=None)
    >>> for line in doctor_report(diagnose(facts)):
    ...     print(line)  # doctest: +ELLIPSIS
    PROBLEM  xlwings is not installed in py
             what to do: install this project into this Python ...
    note     Excel does not run on this system: ...
    ok       the Excel functions' module xl_salesplan_udfs imports
    """
    lines = []
    for finding in findings:
        level = _padded(message(f"doctor.level.{finding.level}", language), 8)
        lines.append(f"{level} {message(finding.key, language, **finding.params)}")
        if finding.fix_key is not None:
            fix = message(finding.fix_key, language, **finding.params)
            lines.append(f"{'':<8} {message('doctor.fix_prefix', language)} {fix}")
    return lines


def _padded(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two).

    Examples
    --------
    >>> _padded("正常", 8) + "|", _padded("ok", 8) + "|"
    ('正常    |', 'ok      |')
    """
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - columns, 0)


def finding_json(finding: Finding, language: str = "en") -> dict[str, object]:
    """A finding for ``--json``: level, code, message and (problems) what to do.

    Examples
    --------
    >>> finding_json(Finding("ok", "doctor.udf_ok", {"module": "m", "error": "", "python": "p"}))
    {'level': 'ok', 'code': 'udf_ok', 'message': "the Excel functions' module m imports"}
    """
    out: dict[str, object] = {
        "level": finding.level,
        "code": finding.key.removeprefix("doctor."),
        "message": message(finding.key, language, **finding.params),
    }
    if finding.fix_key is not None:
        out["fix"] = message(finding.fix_key, language, **finding.params)
    return out
