"""Excel's two date systems: dates, datetimes and times to and from serial numbers.

A workbook stores a date as a number of days (the serial) counted from the day
before its date system starts: the 1900 system (Excel on Windows; day 1 is
1 January 1900, counted from :data:`EPOCH_1900`) or the 1904 system (workbooks
with ``<workbookPr date1904="1"/>``; day 0 is :data:`EPOCH_1904`). The fraction of
a serial is the time of day.

The 1900 system keeps Lotus 1-2-3's mistake of a 29 February 1900: serial 60 is
that day, which never was. Serials 1-59 are therefore one day later than a plain
count from :data:`EPOCH_1900` says; dates up to 28 February 1900 are written one
lower, and serial 60 reads as 28 February 1900 (the day before 1 March, serial 61).

Both directions give what openpyxl gives for the same input (the workbook layer
read and wrote dates through openpyxl before, and ``tests/test_excel_dates.py``
compares them): a serial in ``[0, 1)`` reads as a ``time``, fractions are rounded to
the millisecond, and a serial beyond the dates Python knows raises ``OverflowError``
(``ValueError`` for NaN and infinities).

Examples
--------
>>> to_serial(_dt.date(2026, 3, 1))
46082.0
>>> from_serial(46082.75)
datetime.datetime(2026, 3, 1, 18, 0)
>>> from_serial(46082.75, EPOCH_1904)
datetime.datetime(2030, 3, 2, 18, 0)
>>> from_serial(60), from_serial(61)
(datetime.datetime(1900, 2, 28, 0, 0), datetime.datetime(1900, 3, 1, 0, 0))
>>> from_serial(0.5)
datetime.time(12, 0)
"""

from __future__ import annotations

import datetime as _dt

__all__ = ["EPOCH_1900", "EPOCH_1904", "epoch_of", "from_serial", "time_fraction", "to_serial"]

EPOCH_1900 = _dt.datetime(1899, 12, 30)
"""Day 0 of the 1900 date system (the day serial 1 would follow without the 1900 leap day)."""

EPOCH_1904 = _dt.datetime(1904, 1, 1)
"""Day 0 of the 1904 date system."""

_SECONDS_PER_DAY = 86_400
_MILLISECONDS_PER_DAY = 86_400_000
_LEAP_DAY_1900 = 60  # serial of the 29 February 1900 that the 1900 system counts


def epoch_of(date1904: bool) -> _dt.datetime:
    """Day 0 of a workbook's date system (``date1904``: the workbook's ``date1904`` flag).

    Examples
    --------
    >>> epoch_of(False), epoch_of(True)
    (datetime.datetime(1899, 12, 30, 0, 0), datetime.datetime(1904, 1, 1, 0, 0))
    """
    return EPOCH_1904 if date1904 else EPOCH_1900


def time_fraction(value: _dt.time | _dt.datetime) -> float:
    """The time of day of ``value`` as a fraction of a day (microseconds included).

    Examples
    --------
    >>> time_fraction(_dt.time(6, 0)), time_fraction(_dt.datetime(2026, 1, 2, 18, 0))
    (0.25, 0.75)
    """
    seconds = value.hour * 3600 + value.minute * 60 + value.second
    return (seconds + value.microsecond / 1_000_000) / _SECONDS_PER_DAY


def to_serial(value: _dt.date | _dt.datetime | _dt.time, epoch: _dt.datetime = EPOCH_1900) -> float:
    """The serial a cell stores for a date, a (naive) datetime or a time.

    A ``time`` is a fraction of a day, whatever the date system. A date before
    ``epoch`` gives a negative serial (the day count floors, the time of day adds).

    Parameters
    ----------
    value
        A ``date``, a naive ``datetime`` (``pandas.Timestamp`` too: its nanoseconds are
        left out) or a ``time``.
    epoch
        :data:`EPOCH_1900` or :data:`EPOCH_1904` (see :func:`epoch_of`).

    Examples
    --------
    >>> to_serial(_dt.datetime(1900, 2, 28)), to_serial(_dt.datetime(1900, 3, 1))
    (59.0, 61.0)
    >>> to_serial(_dt.datetime(2026, 1, 1, 12), EPOCH_1904), to_serial(_dt.time(18))
    (44561.5, 0.75)
    """
    if isinstance(value, _dt.time):
        return time_fraction(value)
    days = value.toordinal() - epoch.toordinal()
    if epoch == EPOCH_1900 and 0 < days <= _LEAP_DAY_1900:
        days -= 1  # before 1 March 1900 the 1900 system's leap day has not been counted yet
    if isinstance(value, _dt.datetime):
        return days + time_fraction(value)
    return days + 0.0


def from_serial(
    serial: float | None, epoch: _dt.datetime = EPOCH_1900
) -> _dt.datetime | _dt.time | None:
    """The ``datetime`` a cell's serial shows (a ``time`` for serials in ``[0, 1)``).

    The time of day is rounded to the millisecond (half to even); a fraction that
    rounds up to a whole day moves to the next day. ``None`` stays ``None``.

    Raises
    ------
    OverflowError
        If the serial is beyond the years 1-9999.
    ValueError
        If the serial is NaN or infinite.

    Examples
    --------
    >>> from_serial(1), from_serial(59.5)
    (datetime.datetime(1900, 1, 1, 0, 0), datetime.datetime(1900, 2, 28, 12, 0))
    >>> from_serial(-1.25), from_serial(0.999_999_999)
    (datetime.datetime(1899, 12, 28, 18, 0), datetime.datetime(1900, 1, 1, 0, 0))
    """
    if serial is None:
        return None
    days, fraction = divmod(serial, 1)
    milliseconds = round(fraction * _SECONDS_PER_DAY * 1000)  # NaN and infinities: ValueError
    if 0 <= serial < 1 and milliseconds < _MILLISECONDS_PER_DAY:
        seconds, millisecond = divmod(milliseconds, 1000)
        minutes, second = divmod(seconds, 60)
        hour, minute = divmod(minutes, 60)
        return _dt.time(hour, minute, second, millisecond * 1000)
    if epoch == EPOCH_1900 and 0 < serial < _LEAP_DAY_1900:
        days += 1  # serials before the 1900 leap day count from one day earlier
    return epoch + _dt.timedelta(days=days) + _dt.timedelta(milliseconds=milliseconds)
