"""Checks of input tables that read more than one cell: market names, payout tiers.

Pure functions over the tables as typed (:class:`~xl_salesplan.actions.workbook_inputs.
WorkbookInputs`); each gives ``(data row, column key, what is wrong)`` and
:mod:`~xl_salesplan.actions.validate` names the cell.

- :func:`market_name_problems`: every market of ``tblMarkets`` is a region of ``tblRegions``
  or a product line of ``tblProducts`` (in either language, as the other inputs are matched),
  and the markets are all regions or all product lines (the fair-share split divides the
  target over one of them);
- :func:`tier_problems`: the payout tiers of ``tblPayoutTiers`` start at increasing
  attainment down the table, and there is at least one.

Examples
--------
>>> markets = pd.DataFrame({"market": ["East", "华北", "Esat", None]})
>>> regions = pd.DataFrame({"region": ["East", "North"], "region_zh": ["华东", "华北"]})
>>> products = pd.DataFrame({"product_line": ["Sensors"], "product_line_zh": ["传感器"]})
>>> market_name_problems(markets, regions, products)
[(2, 'market', "'Esat' is not a region of tblRegions or a product line of tblProducts \
(closest: East)")]
>>> market_name_problems(pd.DataFrame({"market": ["East", "传感器"]}), regions, products)
[(1, 'market', "'传感器' is a product line but the markets above are regions: list either \
regions or product lines")]
"""

from __future__ import annotations

import pandas as pd

from xl_salesplan.actions.name_matching import NameIndex, closest_names
from xl_salesplan.messages import Text

__all__ = ["market_name_problems", "tier_problems"]

Found = tuple[int, str, str]


def _index(frame: pd.DataFrame | None, key: str) -> NameIndex:
    if frame is None or key not in frame.columns:
        return NameIndex()
    columns = [key, *[c for c in frame.columns if c == f"{key}_zh"]]
    return NameIndex.from_rows(frame[columns].itertuples(index=False))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or not str(value).strip()


def market_name_problems(
    markets: pd.DataFrame, regions: pd.DataFrame | None, products: pd.DataFrame | None
) -> list[Found]:
    """Markets that are no known region or product line, or of the other kind than the first.

    Examples
    --------
    >>> regions = pd.DataFrame({"region": ["East"]})
    >>> market_name_problems(pd.DataFrame({"market": [" east "]}), regions, None)
    []
    """
    kinds = (("region", "regions", _index(regions, "region")),
             ("product line", "product lines", _index(products, "product_line")))  # fmt: skip
    found: list[Found] = []
    first_kind: tuple[str, str] | None = None
    for position, value in enumerate(markets["market"].tolist()):
        if _blank(value):
            continue
        kind = next(((one, many) for one, many, index in kinds if index.lookup(value)), None)
        if kind is None:
            close = [n for _, _, index in kinds for n in closest_names(str(value), index)][:3]
            hint = Text("validate.market_closest", {"names": ", ".join(close)}) if close else ""
            text = Text("validate.market_unknown", {"market": str(value).strip(), "hint": hint})
            found.append((position, "market", text))
            continue
        if first_kind is None:
            first_kind = kind
        elif kind != first_kind:
            kinds_of = {"market": str(value).strip(),
                        "kind": Text(f"validate.market_kind.{kind[0]}"),
                        "kinds": Text(f"validate.market_kind.{first_kind[1]}")}  # fmt: skip
            found.append((position, "market", Text("validate.market_mixed", kinds_of)))
    return found


def tier_problems(tiers: pd.DataFrame) -> list[Found]:
    """Tiers that do not start above the tier before them; no tier at all.

    Examples
    --------
    >>> tiers = pd.DataFrame({"attainment_from": [0.5, 1.0, 0.9, "x"], "rate": [1, 2, 1, 1]})
    >>> tier_problems(tiers)
    [(2, 'attainment_from', 'tiers must start at increasing attainment; the tier at position 2 \
starts at 90%, not above the tier before it (100%)')]
    >>> tier_problems(pd.DataFrame({"attainment_from": [None], "rate": [None]}))
    [(0, 'attainment_from', 'the incentive plan needs at least one tier: its threshold and rate')]
    """
    starts = pd.to_numeric(tiers["attainment_from"], errors="coerce")
    filled = tiers.apply(lambda column: column.map(_blank)).all(axis=1).to_numpy()
    if filled.all():
        return [(0, "attainment_from", Text("validate.no_tier"))]
    found: list[Found] = []
    before: float | None = None
    for position, start in enumerate(starts.tolist()):
        if start != start:  # blank or not a number: the cell checks say so
            continue
        if before is not None and start <= before:
            bounds = {"position": position, "start": f"{start:.0%}", "before": f"{before:.0%}"}
            text = Text("people.incentives.tiers_not_increasing", bounds)
            found.append((position, "attainment_from", text))
        before = start
    return found
