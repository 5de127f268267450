"""Match the names in an export with the workbook's names, in English or Chinese.

A plan workbook names each region, product line, rep and KPI once, in its key
column (``region``, ``product_line``, ``rep_id``, ``kpi_id``), and also in its
other name columns (``region_zh``, ``rep_name``, ``rep_name_zh``, ``kpi_name``...).
An export may use any of them, written with full-width letters or digits, other
spacing or case: :func:`fold_name` reduces a name to what matters (NFKC width
folding, trimmed, single spaces, case-folded) and a :class:`NameIndex` maps every
folded name to the workbook's own key. Names that match nothing get the closest
known names (:func:`closest_names`, difflib) for the message.

Examples
--------
>>> regions = NameIndex.from_rows([("East", "华东"), ("North", "华北")])
>>> found = match_names(["华东", " east ", "ＮＯＲＴＨ", None, "Esat"], regions)
>>> found.names
['East', 'East', 'North', None, None]
>>> found.unknown
{'Esat': [4]}
>>> closest_names("Esat", regions)
['East']
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from xl_salesplan.actions.export_columns import distinct_codes

__all__ = ["NameIndex", "NameMatch", "closest_names", "fold_name", "match_codes", "match_names"]

_SPACES = re.compile(r"\s+")
_CLOSEST = 3
_CUTOFF = 0.6
_SHORT_CUTOFF = 0.5  # names of one or two characters (华东): one character in common


def fold_name(name: object) -> str:
    """The form of a name that matching compares: NFKC, trimmed, single spaces, casefolded.

    Examples
    --------
    >>> fold_name("  Control\\u3000 SYSTEMS "), fold_name("ｅａｓｔ"), fold_name(12.0)
    ('control systems', 'east', '12')
    """
    if isinstance(name, float) and name.is_integer():
        name = int(name)
    text = unicodedata.normalize("NFKC", str(name))
    return _SPACES.sub(" ", text).strip().casefold()


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return not str(value).strip()


@dataclass
class NameIndex:
    """Folded name -> the workbook's key, from rows of (key, other names...).

    A folded name that two keys share (two reps called Wang Fang) matches neither:
    it is listed in :attr:`ambiguous` with its keys.

    Examples
    --------
    >>> reps = NameIndex.from_rows([("R01", "Wang Fang"), ("R02", "Wang Fang")])
    >>> reps.lookup("r01"), reps.lookup("wang fang"), reps.ambiguous
    ('R01', None, {'wang fang': ['R01', 'R02']})
    """

    keys: dict[str, str] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)
    ambiguous: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[object]]) -> NameIndex:
        """An index from rows whose first value is the key and the rest other names.

        Rows with a blank key are skipped; a key always matches itself, before any
        other name.
        """
        index = cls()
        rows = [r for r in rows if r and not _is_blank(r[0])]
        for row in rows:
            key = str(row[0]).strip()
            index._add(fold_name(key), key, key)
        key_names = set(index.keys) | set(index.ambiguous)
        for row in rows:
            key = str(row[0]).strip()
            for value in row[1:]:
                folded = fold_name(value)
                if not _is_blank(value) and folded not in key_names:
                    index._add(folded, key, str(value).strip())
        return index

    def _add(self, folded: str, key: str, text: str) -> None:
        if folded in self.ambiguous:
            if key not in self.ambiguous[folded]:
                self.ambiguous[folded].append(key)
            return
        known = self.keys.get(folded)
        if known is not None and known != key:
            self.ambiguous[folded] = sorted({known, key})
            del self.keys[folded]
            return
        self.keys[folded] = key
        self.shown.setdefault(folded, text)

    def lookup(self, name: object) -> str | None:
        """The key ``name`` stands for, or None."""
        return self.keys.get(fold_name(name))

    def __len__(self) -> int:
        return len(set(self.keys.values()))


@dataclass
class NameMatch:
    """Names matched to keys: ``names`` (None for blanks and failures), ``unknown`` and
    ``ambiguous`` (name as written -> positions, in the order the names first occur)."""

    names: Sequence[str | None]
    unknown: dict[str, Sequence[int]]
    ambiguous: dict[str, Sequence[int]]


def match_names(values: Sequence[object], index: NameIndex) -> NameMatch:
    """The workbook's key of each value; blanks stay None.

    Examples
    --------
    >>> index = NameIndex.from_rows([("Sensors", "传感器")])
    >>> match_names(["传感器", "sensors", "", "Pumps", "pumps "], index).unknown
    {'Pumps': [3, 4]}
    """
    codes, distinct = distinct_codes(values)
    found = match_codes(codes, distinct, index)
    return NameMatch(
        list(found.names),
        {k: list(map(int, v)) for k, v in found.unknown.items()},
        {k: list(map(int, v)) for k, v in found.ambiguous.items()},
    )


def match_codes(codes: np.ndarray, distinct: np.ndarray, index: NameIndex) -> NameMatch:
    """:func:`match_names` of the values ``distinct[codes]``, each distinct value folded once.

    ``names`` is an object array; the positions are integer arrays. A name that matches
    nothing is listed as first written (names folding alike are one name).

    Examples
    --------
    >>> index = NameIndex.from_rows([("East", "华东")])
    >>> found = match_codes(np.array([0, 1, 2, 1]), np.array(["华东", "Mars", " MARS"]), index)
    >>> found.names.tolist(), {k: v.tolist() for k, v in found.unknown.items()}
    (['East', None, None, None], {'Mars': [1, 2, 3]})
    """
    folded = [None if _is_blank(v) else fold_name(v) for v in distinct]
    keys = np.empty(len(distinct), dtype=object)
    keys[:] = [None if f is None else index.keys.get(f) for f in folded]
    names = keys[codes]
    failed = np.fromiter((f is not None and k is None for f, k in zip(folded, keys, strict=True)),
                         dtype=bool, count=len(distinct))  # fmt: skip
    rows = np.flatnonzero(failed[codes])
    unknown: dict[str, Sequence[int]] = {}
    ambiguous: dict[str, Sequence[int]] = {}
    if not len(rows):
        return NameMatch(names, unknown, ambiguous)
    met, first = np.unique(codes[rows], return_index=True)
    spelled: dict[str, str] = {}
    labels: dict[tuple[bool, str], int] = {}
    label_of = np.full(len(distinct), -1, dtype=np.intp)
    for value in met[np.argsort(first)]:  # in the order the names first occur
        name = folded[value]
        written = spelled.setdefault(name, str(distinct[value]).strip())
        label_of[value] = labels.setdefault((name in index.ambiguous, written), len(labels))
    label = label_of[codes[rows]]
    order = np.argsort(label, kind="stable")
    bounds = np.searchsorted(label[order], np.arange(len(labels) + 1))
    for (is_ambiguous, written), k in labels.items():
        target = ambiguous if is_ambiguous else unknown
        target[written] = rows[order[bounds[k] : bounds[k + 1]]]
    return NameMatch(names, unknown, ambiguous)


def closest_names(name: str, index: NameIndex, n: int = _CLOSEST) -> list[str]:
    """The known names closest to ``name`` (as the workbook writes them), best first.

    Ties keep the table's order.

    Examples
    --------
    >>> index = NameIndex.from_rows([("East", "华东"), ("North", "华北"), ("West", "西部")])
    >>> closest_names("华冬", index), closest_names("Nroth", index), closest_names("zzz", index)
    (['华东', '华北'], ['North'], [])
    """
    folded = fold_name(name)
    cutoff = _SHORT_CUTOFF if len(folded) <= 2 else _CUTOFF
    scored = []
    for order, known in enumerate(index.shown):
        matcher = difflib.SequenceMatcher(None, folded, known)
        if matcher.real_quick_ratio() >= cutoff and matcher.ratio() >= cutoff:
            scored.append((-matcher.ratio(), order, index.shown[known]))
    return [shown for _, _, shown in sorted(scored)[:n]]
