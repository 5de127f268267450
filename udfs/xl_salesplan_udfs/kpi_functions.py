"""Excel functions for monitoring (监测与评估): KPI_VARIANCE, KPI_PACE, KPI_STATUS, KPI_SIGNALS.

Thin adapters over :mod:`xl_salesplan.kpi` and :mod:`xl_salesplan.kpi.signals`. KPI tables may
come with a header row (period names) and a label column (KPI names); results that have the
shape of the input repeat them, so the spilled range lines up with the input.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from xl_salesplan.kpi import kpi_pace, kpi_status, kpi_variance
from xl_salesplan.kpi.signals import cusum, nelson_rules, western_electric_rules, xmr_limits
from xl_salesplan_udfs.cells import (
    CellError,
    Cells,
    Layout,
    Spill,
    as_grid,
    choice,
    given,
    is_blank,
    is_omitted,
    layout_of,
    needed_number,
    numbers,
    single_number,
    split_header,
    text_cells,
)
from xl_salesplan_udfs.registration import excel_function
from xl_salesplan_udfs.spills import measure_table, spill, table

__all__ = ["KPI_PACE", "KPI_SIGNALS", "KPI_STATUS", "KPI_VARIANCE"]

_VARIANCE_FIELDS = ("delta", "delta_pct", "favourable", "favourable_pct", "good")
_VARIANCE_RESULTS = {"table": "table", **{f: f for f in _VARIANCE_FIELDS}}
_PACE_FIELDS = (
    "target",
    "periods_closed",
    "expected_to_date",
    "expected_share",
    "linear_expected_to_date",
    "actual_to_date",
    "pace",
    "projected_landing",
    "gap",
    "sd_to_date",
    "sd_remaining",
    "probability",
)
_PROJECTIONS = {"pace": "pace", "plan": "plan"}
_BASES = {"relative": "relative", "sd": "sd"}
_LANGUAGES = {"en": "en", "english": "en", "zh": "zh", "chinese": "zh", "中文": "zh"}
_RULES = {
    "nelson": "nelson",
    "western_electric": "western_electric",
    "we": "western_electric",
    "cusum": "cusum",
    "xmr": "xmr",
}
_SIGNAL_RESULTS = {"flags": "flags", "table": "table"}


class _KpiTable:
    """A KPI range: its numbers and the header row and label column it came with."""

    def __init__(self, value: Cells, argument: str) -> None:
        self.header, self.labels, body = split_header(value, argument)
        self.values = numbers(body, argument)
        self.layout: Layout = layout_of(self.values)

    @property
    def is_table(self) -> bool:
        return self.values.shape[0] > 1 and self.values.shape[1] > 1

    def engine_values(self) -> NDArray[np.float64]:
        """A table as it is; a single row or column as one list of cells."""
        return self.values if self.is_table else self.values.reshape(-1)

    def mirror(self, result: NDArray[np.object_] | NDArray[np.float64]) -> Spill:
        """A result shaped like the numbers, with the input's header row and label column."""
        body = spill(np.asarray(result, dtype=object).reshape(self.values.shape))
        if self.labels is not None:
            body = [[label, *row] for label, row in zip(self.labels, body, strict=True)]
        if self.header is not None:
            corner = [None] if self.labels is not None else []
            body = [[*corner, *self.header], *body]
        return body


def _per_row(value: Cells, argument: str, rows: int, header: bool) -> object:
    """One value for all rows, or one per row (a title above a column of them is skipped)."""
    if is_omitted(value):
        return None
    cells = text_cells(value, argument)
    if cells.size == 1:
        return cells.item()
    flat = cells.reshape(-1)
    if header and flat.size == rows + 1:
        flat = flat[1:]
    return list(flat)


def _numbers_per_row(
    value: Cells, argument: str, rows: int, header: bool, *, blanks: bool = False
) -> object:
    """One number for all rows, one per row (a title above them is skipped), or a table."""
    if is_omitted(value):
        return None
    arr = numbers(value, argument, blanks=blanks)
    if arr.size == 1:
        return arr.item()
    if 1 in arr.shape:
        flat = arr.reshape(-1)
        return flat[1:] if header and flat.size == rows + 1 else flat
    return arr


def _kpi_rows(kpis: _KpiTable) -> int:
    return kpis.values.shape[0] if kpis.is_table else kpis.values.size


# ---------------------------------------------------------------------------- KPI_VARIANCE


@excel_function(
    docs={
        "actual": "Actual values: one cell, a row or column (one per KPI), or a table (KPIs x "
        "periods). A header row and a KPI-name column are allowed.",
        "plan": "Plan values, shaped like actual.",
        "direction": "Optional. higher (default; higher is better, e.g. revenue) or lower "
        "(e.g. cost); TRUE/FALSE also work. One for all or one per KPI row.",
        "result": "Optional. table (default): delta, delta_pct, favourable, favourable_pct and "
        "good side by side; or one of these names for a result shaped like actual.",
    },
    aliases={"AC": "actual", "PL": "plan"},
)
def KPI_VARIANCE(
    actual: Cells, plan: Cells, direction: Cells = None, result: Cells = None
) -> Spill:
    """Variance of actual against plan (IBCS): delta = AC - PL, delta_pct = delta / |PL|, the
    favourable variants (positive is always good) and good (+1 / -1 / 0)."""
    ac = _KpiTable(actual, "actual")
    pl = _KpiTable(plan, "plan")
    show = choice(result, "result", _VARIANCE_RESULTS, "table")
    has_header = ac.header is not None
    options = given(direction=_per_row(direction, "direction", _kpi_rows(ac), has_header))
    variance = kpi_variance(ac.engine_values(), pl.engine_values(), **options)  # type: ignore[arg-type]
    if show != "table":
        return ac.mirror(getattr(variance, show))
    if ac.is_table:
        raise CellError.of("result", "function.kpi_functions.for_a_table_of_actuals")
    columns = [np.asarray(getattr(variance, f)).reshape(-1) for f in _VARIANCE_FIELDS]
    names = list(_VARIANCE_FIELDS)
    if ac.labels is not None:
        columns.insert(0, np.asarray(ac.labels, dtype=object))
        names.insert(0, "kpi")
    out = table(names, columns)
    if ac.layout == "row" and ac.values.size > 1:
        return [list(row) for row in zip(*out, strict=True)]
    return out


# ---------------------------------------------------------------------------- KPI_PACE


@excel_function(
    docs={
        "plan_by_period": "The phased target: one row per KPI, one column per period (or one "
        "row or column for one KPI). A header row of periods and a KPI-name column are allowed.",
        "actual_by_period": "Actuals shaped like the plan; periods not closed yet are blank.",
        "as_of": "Optional. Number of closed periods (9 after September), for all or one per "
        "KPI. Default: each KPI's last period with an actual.",
        "direction": "Optional. higher (default) or lower, for all or one per KPI.",
        "noise": "Optional. Typical relative miss of one period against plan (0.1 = 10%), for "
        "the probability; one value, one per KPI, or per KPI and period.",
        "projection": "Optional. pace (default): the rest of the year goes as well as so far; "
        "plan: the rest is delivered as phased.",
    },
    aliases={"plan": "plan_by_period", "actuals": "actual_by_period"},
)
def KPI_PACE(
    plan_by_period: Cells,
    actual_by_period: Cells,
    as_of: Cells = None,
    direction: Cells = None,
    noise: Cells = None,
    projection: Cells = None,
) -> Spill:
    """Pace against the seasonal phasing: expected to date, actual to date, pace, projected
    landing, gap and the probability of reaching the target. A table with a header row, one
    row per KPI."""
    pl = _KpiTable(plan_by_period, "plan_by_period")
    ac = _KpiTable(actual_by_period, "actual_by_period")
    rows = pl.values.shape[0] if pl.is_table else 1
    has_header = pl.header is not None
    options = given(
        as_of=_numbers_per_row(as_of, "as_of", rows, has_header),
        direction=_per_row(direction, "direction", rows, has_header),
        noise=_numbers_per_row(noise, "noise", rows, has_header, blanks=True),
        projection=choice(projection, "projection", _PROJECTIONS, None),
    )
    pace = kpi_pace(pl.engine_values(), ac.engine_values(), **options)  # type: ignore[arg-type]
    columns = [np.atleast_1d(getattr(pace, f)) for f in _PACE_FIELDS]
    names = list(_PACE_FIELDS)
    if pl.labels is not None:
        columns.insert(0, np.asarray(pl.labels, dtype=object))
        names.insert(0, "kpi")
    return table(names, columns)


# ---------------------------------------------------------------------------- KPI_STATUS


@excel_function(
    docs={
        "actual": "Actual (e.g. actual to date) per KPI: a cell, a row or column, or a table. A "
        "header row and a KPI-name column are allowed.",
        "expected": "Expected value shaped like actual (e.g. expected to date from KPI_PACE).",
        "direction": "Optional. higher (default) or lower, for all or one per KPI row.",
        "at_risk": "Optional. Shortfall at which a KPI is At risk (default -5%), for all or one "
        "per KPI row; in standard deviations for basis sd (e.g. -1).",
        "off_track": "Optional. Shortfall at which a KPI is Off track (default -10%); not above "
        "at_risk.",
        "basis": "Optional. relative (default): shortfall as a share of expected; sd: in "
        "standard deviations (give sd).",
        "sd": "Optional. Standard deviation of actual per KPI row, for basis sd (e.g. sd to date).",
        "language": "Optional. en (default): On track / At risk / Off track / No data; zh: "
        "正常 / 预警 / 落后 / 无数据.",
    },
    codes={"missing_sd": "sd"},
)
def KPI_STATUS(
    actual: Cells,
    expected: Cells,
    direction: Cells = None,
    at_risk: Cells = None,
    off_track: Cells = None,
    basis: Cells = None,
    sd: Cells = None,
    language: Cells = None,
) -> Spill:
    """Status per KPI: On track, At risk or Off track from thresholds per KPI (relative or in
    standard deviations), or No data. Spills a range shaped like actual."""
    ac = _KpiTable(actual, "actual")
    ex = _KpiTable(expected, "expected")
    rows = _kpi_rows(ac)
    has_header = ac.header is not None
    options = given(
        direction=_per_row(direction, "direction", rows, has_header),
        at_risk=_numbers_per_row(at_risk, "at_risk", rows, has_header),
        off_track=_numbers_per_row(off_track, "off_track", rows, has_header),
        basis=choice(basis, "basis", _BASES, None),
        sd=_numbers_per_row(sd, "sd", rows, has_header),
        language=choice(language, "language", _LANGUAGES, None),
    )
    labels = kpi_status(ac.engine_values(), ex.engine_values(), **options)  # type: ignore[arg-type]
    return ac.mirror(np.asarray(labels, dtype=object))


# ---------------------------------------------------------------------------- KPI_SIGNALS


@excel_function(
    docs={
        "series": "The KPI's values in time order (a row or column; a title in the first cell "
        "is allowed). Blank cells at the end (periods not closed) are left out.",
        "rules": "Optional. nelson (default, rules 1-8), western_electric (rules 1-4), cusum "
        "(slow drift; give target, k and h) or xmr (the chart's limits).",
        "result": "Optional. flags (default): per point the rules that fire, e.g. N1, N5; "
        "table: one row per point with every rule or sum.",
        "centre": "Optional. Centre line (default: the mean of the series).",
        "sigma": "Optional. Sigma (default: 2.66 x average moving range / 3).",
        "target": "For cusum: the level the KPI should run at per period.",
        "k": "For cusum: the allowance, e.g. half the shift worth catching (0 or more).",
        "h": "For cusum: the decision interval, e.g. 4 or 5 sigma (above 0).",
    },
    aliases={"allowance": "k", "decision interval": "h"},
)
def KPI_SIGNALS(
    series: Cells,
    rules: Cells = None,
    result: Cells = None,
    centre: Cells = None,
    sigma: Cells = None,
    target: Cells = None,
    k: Cells = None,
    h: Cells = None,
) -> Spill:
    """Control-chart signals on a KPI series: Nelson or Western Electric rules on an XmR chart,
    CUSUM drift alarms, or the XmR limits. Flags spill in the shape of the series."""
    grid = as_grid(series, "series")
    if grid.shape[0] > 1 and grid.shape[1] > 1:
        raise CellError.of("series", "function.kpi_functions.must_be_a_single_row")
    layout = layout_of(grid)
    cells = list(grid.reshape(-1))
    first = 1 if len(cells) > 1 and _is_title_cell(cells[0]) else 0
    last = len(cells)
    while last > first and is_blank(cells[last - 1]):
        last -= 1
    if last == first:
        raise CellError.of("series", "function.kpi_functions.has_no_values")
    x = numbers([cells[first:last]], "series").reshape(-1)
    kind = choice(rules, "rules", _RULES, "nelson")
    show = choice(result, "result", _SIGNAL_RESULTS, "flags")
    if kind == "xmr":
        lim = xmr_limits(x)
        return measure_table([(f, getattr(lim, f)) for f in lim._fields])
    if kind == "cusum":
        frame = cusum(
            x,
            needed_number(target, "target", needed_for="cusum"),
            needed_number(k, "k", needed_for="cusum"),
            needed_number(h, "h", needed_for="cusum"),
        )
        if show == "table":
            cols = [
                "value",
                "upper",
                "lower",
                "upper_alarm",
                "lower_alarm",
                "upper_run",
                "lower_run",
            ]
            return table(["point", *cols], [np.arange(1, x.size + 1), *(frame[c] for c in cols)])
        alarms = frame[["upper_alarm", "lower_alarm"]].to_numpy(dtype=bool)
        return _aligned(_flag_words(alarms, ["CUSUM up", "CUSUM down"]), cells, first, layout)
    check = nelson_rules if kind == "nelson" else western_electric_rules
    flags = check(x, centre=single_number(centre, "centre"), sigma=single_number(sigma, "sigma"))
    prefix = "N" if kind == "nelson" else "WE"
    if show == "table":
        rule_cols = [f"{prefix}{r}" for r in flags.columns]
        return table(
            ["point", "value", *rule_cols],
            [np.arange(1, x.size + 1), x, *(flags[r].to_numpy() for r in flags.columns)],
        )
    words = _flag_words(flags.to_numpy(dtype=bool), [f"{prefix}{r}" for r in flags.columns])
    return _aligned(words, cells, first, layout)


def _flag_words(mask: NDArray[np.bool_], names: list[str]) -> list[str | None]:
    """Per row of ``mask``, the names of its True columns joined by commas (None if none).

    Each distinct pattern of flags is worded once (a pattern is read as a binary number).

    Examples
    --------
    >>> _flag_words(np.array([[True, False], [False, False], [True, True]]), ["N1", "N2"])
    ['N1', None, 'N1, N2']
    """
    if mask.shape[0] == 0:
        return []
    codes = mask.astype(np.int64) @ (np.int64(1) << np.arange(len(names), dtype=np.int64))
    patterns, inverse = np.unique(codes, return_inverse=True)
    worded = np.empty(patterns.size, dtype=object)
    for i, code in enumerate(patterns.tolist()):
        worded[i] = ", ".join(n for j, n in enumerate(names) if code >> j & 1) or None
    return worded[inverse.reshape(-1)].tolist()


def _is_title_cell(item: object) -> bool:
    if not isinstance(item, str) or is_blank(item):
        return False
    try:
        numbers([[item]], "series")
    except CellError:
        return not item.strip().startswith("#")
    return False


def _aligned(words: list[str | None], cells: list[object], first: int, layout: Layout) -> Spill:
    """Per-point words placed where the points are, blanks elsewhere."""
    out: list[object] = [None] * len(cells)
    out[first : first + len(words)] = words
    column = layout == "column"
    return [[w] for w in out] if column else [out]
