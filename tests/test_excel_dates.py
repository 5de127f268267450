"""Excel serials <-> dates: the same results (and the same errors) as openpyxl, which the
workbook layer used before, over wide generated inputs in both date systems."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, to_excel

from xl_salesplan.ooxml.cell_values import encode_value
from xl_salesplan.ooxml.excel_dates import (
    EPOCH_1900,
    EPOCH_1904,
    epoch_of,
    from_serial,
    time_fraction,
    to_serial,
)
from xl_salesplan.ooxml.worksheet_reader import read_cells

EPOCHS = st.sampled_from([EPOCH_1900, EPOCH_1904])


def outcome(function, *args):
    """What a call gives: its result with its type, or the type of what it raised."""
    try:
        value = function(*args)
    except (OverflowError, ValueError, TypeError) as exc:
        return ("raises", type(exc))
    return ("returns", type(value), value)


def same(mine, theirs) -> bool:
    if mine[0] == "returns" and theirs[0] == "returns" and isinstance(mine[2], float):
        return mine[1] is theirs[1] and (
            mine[2] == theirs[2] or (math.isnan(mine[2]) and math.isnan(theirs[2]))
        )
    return mine == theirs


def test_the_epochs_are_openpyxls() -> None:
    assert (EPOCH_1900, EPOCH_1904) == (CALENDAR_WINDOWS_1900, CALENDAR_MAC_1904)
    assert epoch_of(False) == CALENDAR_WINDOWS_1900 and epoch_of(True) == CALENDAR_MAC_1904


# serials around the 1900 leap day, day 0/1 and the time-only range, and their neighbours
EDGES = [0.0, -0.0, 0.5, 1.0, 59.0, 59.999999, 60.0, 60.5, 61.0, 0.9999999999, 1 - 2**-53, -1e-20,
         -0.5, -1.0, -693594.0, -693595.0, 2958465.0, 2958466.0, 2958465.99999999, 1e300, -1e300,
         math.inf, -math.inf, math.nan, 44197.000005787, 44197.0000057871, 1e-9, 5e-9]  # fmt: skip


@pytest.mark.parametrize("epoch", [EPOCH_1900, EPOCH_1904])
@pytest.mark.parametrize("serial", EDGES)
def test_edge_serials_read_as_openpyxl_reads_them(serial: float, epoch: dt.datetime) -> None:
    assert same(outcome(from_serial, serial, epoch), outcome(from_excel, serial, epoch))


@given(st.floats(allow_nan=True, allow_infinity=True), EPOCHS)
def test_any_float_serial_reads_as_openpyxl_reads_it(serial: float, epoch: dt.datetime) -> None:
    assert same(outcome(from_serial, serial, epoch), outcome(from_excel, serial, epoch))


@given(st.floats(min_value=-700_000, max_value=3_000_000), EPOCHS)
@example(60.0, EPOCH_1900)
@example(59.9999999999, EPOCH_1900)
def test_serials_of_real_dates_read_as_openpyxl_reads_them(serial: float, epoch) -> None:
    assert same(outcome(from_serial, serial, epoch), outcome(from_excel, serial, epoch))


@given(st.integers(min_value=-(10**12), max_value=10**12), EPOCHS)
def test_whole_serials_read_as_openpyxl_reads_them(serial: int, epoch: dt.datetime) -> None:
    assert same(outcome(from_serial, serial, epoch), outcome(from_excel, serial, epoch))


@given(
    st.integers(min_value=0, max_value=86_400_000 * 70),
    st.sampled_from([0.0, 0.5]),
    st.integers(min_value=-3, max_value=3),
    EPOCHS,
)
@example(68_469_571, 0.5, 0, EPOCH_1900)  # halves where 86,400 * 1,000 in one step rounds apart
@example(163_057_895, 0.5, 0, EPOCH_1900)
@example(565_338, 0.5, 0, EPOCH_1904)
def test_fractions_near_a_millisecond_read_as_openpyxl_reads_them(
    ms: int, half: float, ulps: int, epoch: dt.datetime
) -> None:
    """Serials on and next to whole and half milliseconds, where the rounding (half to
    even, of the fraction times 86,400 times 1,000) decides the time."""
    serial = (ms + half) / 86_400_000
    for _ in range(abs(ulps)):
        serial = math.nextafter(serial, math.copysign(math.inf, ulps))
    assert same(outcome(from_serial, serial, epoch), outcome(from_excel, serial, epoch))


def test_none_reads_as_none() -> None:
    assert from_serial(None) is None and from_excel(None) is None


@given(st.datetimes(), EPOCHS)
@example(dt.datetime(1900, 2, 28, 23, 59, 59, 999_999), EPOCH_1900)
@example(dt.datetime(1899, 12, 31, 12), EPOCH_1900)
@example(dt.datetime(1, 1, 1), EPOCH_1904)
def test_datetimes_get_openpyxls_serials(value: dt.datetime, epoch: dt.datetime) -> None:
    assert same(outcome(to_serial, value, epoch), outcome(to_excel, value, epoch))


@given(st.dates(), EPOCHS)
@example(dt.date(1900, 3, 1), EPOCH_1900)
@example(dt.date(1899, 12, 30), EPOCH_1900)
def test_dates_get_openpyxls_serials(value: dt.date, epoch: dt.datetime) -> None:
    assert same(outcome(to_serial, value, epoch), outcome(to_excel, value, epoch))


@given(st.times(), EPOCHS)
@example(dt.time(23, 59, 59, 999_999), EPOCH_1900)
def test_times_get_openpyxls_fractions(value: dt.time, epoch: dt.datetime) -> None:
    assert same(outcome(to_serial, value, epoch), outcome(to_excel, value, epoch))
    assert time_fraction(value) == to_excel(value)


@given(st.integers(min_value=-(2**62), max_value=2**62), EPOCHS)
def test_timestamps_get_openpyxls_serials(nanoseconds: int, epoch: dt.datetime) -> None:
    """pandas Timestamps (what frames hold), nanoseconds included (both leave them out)."""
    value = pd.Timestamp(nanoseconds)
    assert same(outcome(to_serial, value, epoch), outcome(to_excel, value, epoch))


@given(st.datetimes(min_value=dt.datetime(1904, 1, 2)), EPOCHS)
def test_a_datetime_to_the_millisecond_reads_back_as_itself(value: dt.datetime, epoch) -> None:
    value = value.replace(microsecond=value.microsecond // 1000 * 1000)
    assert from_serial(to_serial(value, epoch), epoch) == value


@given(
    st.one_of(st.datetimes(), st.dates(), st.times()),
    st.booleans(),
)
def test_cells_get_the_serials_they_got_through_openpyxl(value, date1904: bool) -> None:
    """What the writer puts in ``<v>`` for a date, datetime or time, in both date systems."""
    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    before = encode_value(float(to_excel(value, epoch)))
    assert encode_value(value, epoch=epoch_of(date1904)) == before
    stamp = np.datetime64(value) if isinstance(value, dt.datetime) else None
    if stamp is not None:
        assert encode_value(stamp, epoch=epoch_of(date1904)) == before


def test_date_cells_read_as_before_in_both_date_systems() -> None:
    """Cells of a date style as the worksheet reader returns them (other styles: numbers)."""
    serials = [60, 61, 0.25, 45000.5, -1.5]
    rows = "".join(
        f'<row r="{i}"><c r="A{i}" s="1"><v>{s}</v></c><c r="B{i}"><v>{s}</v></c></row>'
        for i, s in enumerate(serials, 1)
    )
    data = f"<worksheet><sheetData>{rows}</sheetData></worksheet>".encode()
    for date1904, epoch in ((False, CALENDAR_WINDOWS_1900), (True, CALENDAR_MAC_1904)):
        cells = read_cells(data, dates=frozenset({1}), date1904=date1904, sheet="plan")
        assert [cells[i][1] for i in range(1, 6)] == [from_excel(s, epoch) for s in serials]
        assert [cells[i][2] for i in range(1, 6)] == [float(s) for s in serials]
