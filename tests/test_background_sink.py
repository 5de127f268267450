"""The background sink behind package writing: order kept, every error
reaches the caller, and the thread never outlives the ``with`` block."""

from __future__ import annotations

import io
import threading
import zipfile
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_salesplan.ooxml.background_sink import BackgroundSink
from xl_salesplan.ooxml.zip_io import ZipEntry, write_zip_to


def _sink_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "background-sink"]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.binary(max_size=300), max_size=60), st.integers(1, 5))
def test_pieces_are_consumed_once_each_in_order(pieces: list[bytes], depth: int) -> None:
    seen: list[bytes] = []
    with BackgroundSink(seen.append, depth=depth) as sink:
        for piece in pieces:
            sink.put(piece)
    assert seen == pieces
    assert not _sink_threads()


def test_an_error_of_the_consumer_reaches_the_caller_and_stops_the_rest() -> None:
    seen: list[int] = []

    def take(piece: int) -> None:
        if piece == 3:
            raise OSError(28, "No space left on device")
        seen.append(piece)

    with pytest.raises(OSError, match="No space left"), BackgroundSink(take, depth=1) as sink:
        for piece in range(200):
            sink.put(piece)
    assert seen == [0, 1, 2]
    assert not _sink_threads()


def test_an_error_of_the_caller_stops_the_consumer_and_is_passed_on() -> None:
    seen: list[int] = []
    with pytest.raises(KeyError), BackgroundSink(seen.append) as sink:
        sink.put(1)
        raise KeyError("made by the caller")
    assert seen in ([], [1])
    assert not _sink_threads()


def test_a_streamed_zip_entry_is_the_same_bytes_as_compressed_in_turn() -> None:
    data = b"".join(
        b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i * 7) for i in range(50_000)
    )
    info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    out = io.BytesIO()
    chunks = [data[i : i + 4096] for i in range(0, len(data), 4096)]
    write_zip_to(out, [ZipEntry(info, None, None, producer=lambda: iter(chunks))])
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    expected = packer.compress(data) + packer.flush()
    assert expected in out.getvalue()
    assert zipfile.ZipFile(out).read(info.filename) == data


def test_a_producer_that_fails_part_way_leaves_no_thread_behind() -> None:
    info = zipfile.ZipInfo("a.xml")
    info.compress_type = zipfile.ZIP_DEFLATED

    def produce():
        yield b"<a>" * 10_000
        raise ValueError("not plain")

    with pytest.raises(ValueError, match="not plain"):
        write_zip_to(io.BytesIO(), [ZipEntry(info, None, None, producer=produce)])
    assert not _sink_threads()
