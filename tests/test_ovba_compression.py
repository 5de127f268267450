"""MS-OVBA compression ([MS-OVBA] 2.4.1): hand-worked vectors, oletools round trips, errors."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
import xlwings
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import decompress_stream

from xl_salesplan.errors import PlanningError
from xl_salesplan.vba.ovba_compression import compress, copy_token_layout, decompress

REPO = Path(__file__).resolve().parents[1]


def _oletools(container: bytes) -> bytes:
    return bytes(decompress_stream(bytearray(container)))


def _chunks(container: bytes) -> list[tuple[int, bytes]]:
    """Split a container into (header, chunk data) pairs, reading the headers only."""
    assert container[0] == 0x01
    out, current = [], 1
    while current < len(container):
        header = int.from_bytes(container[current : current + 2], "little")
        end = current + (header & 0x0FFF) + 3
        out.append((header, container[current + 2 : end]))
        current = end
    return out


# ------------------------------------------------------------------ hand-worked vectors


def test_empty_input_is_the_signature_byte_alone():
    assert compress(b"") == b"\x01"
    assert decompress(b"\x01") == b""


def test_repeated_pattern_uses_one_overlapping_copy_token():
    # 'abc' as literals (flag bits 0-2 clear), then at position 3 a copy token with
    # offset 3 and length 9: 3 bytes already in the chunk -> 4 offset bits (the minimum),
    # token = (3 - 1) << 12 | (9 - 3) = 0x2006. Flag byte 0b1000. Chunk data is 6 bytes,
    # so the header is (6 + 2 - 3) | 0b011 << 12 | 0x8000 = 0xB005.
    expected = bytes.fromhex("0105b0086162630620")
    assert compress(b"abcabcabcabc") == expected
    assert decompress(expected) == b"abcabcabcabc"


def test_run_of_73_identical_bytes_is_one_literal_and_one_copy():
    # [MS-OVBA] 3.2.3-style maximum compression: 'a', then copy offset 1 length 72:
    # token = 0 << 12 | (72 - 3) = 0x0045; flags 0b10; 4 data bytes -> header 0xB003.
    expected = bytes.fromhex("0103b002614500")
    assert compress(b"a" * 73) == expected
    assert _oletools(expected) == b"a" * 73


def test_copy_token_bit_split_grows_with_the_position_in_the_chunk():
    # 20 distinct literals then a 3-byte repeat at position 20: ceil(log2(20)) = 5 offset
    # bits, so token = (20 - 1) << 11 | (3 - 3) = 0x9800. 21 tokens -> 3 flag bytes,
    # the last with bit 4 set (token 20 is the 5th of its sequence).
    head = b"ABCDEFGHIJKLMNOPQRST"
    body = bytes([0x00]) + head[:8] + bytes([0x00]) + head[8:16]
    body += bytes([0x10]) + head[16:20] + bytes.fromhex("0098")
    header = (len(body) + 2 - 3) | 0xB000
    expected = b"\x01" + header.to_bytes(2, "little") + body
    assert compress(head + b"ABC") == expected
    assert _oletools(expected) == head + b"ABC"


@pytest.mark.parametrize(
    ("difference", "bits", "maximum"),
    [(1, 4, 4098), (16, 4, 4098), (17, 5, 2050), (32, 5, 2050), (33, 6, 1026),
     (2048, 11, 34), (2049, 12, 18), (4096, 12, 18)],
)  # fmt: skip
def test_copy_token_layout_matches_the_spec_formula(difference, bits, maximum):
    # BitCount = max(ceil(log2(difference)), 4); MaximumLength = (0xFFFF >> BitCount) + 3
    assert copy_token_layout(difference) == (bits, maximum)


def test_copy_token_layout_rejects_positions_outside_a_chunk():
    with pytest.raises(PlanningError):
        copy_token_layout(0)
    with pytest.raises(PlanningError):
        copy_token_layout(4097)


def _incompressible(size: int, seed: int) -> bytes:
    """Bytes without any repeated 3-byte sequence: nothing to copy."""
    rng = random.Random(seed)
    seen: set[bytes] = set()
    out = bytearray(rng.randbytes(2))
    while len(out) < size:
        byte = rng.randrange(256)
        key = bytes(out[-2:]) + bytes([byte])
        if key not in seen:
            seen.add(key)
            out.append(byte)
    return bytes(out)


def test_a_full_chunk_that_does_not_compress_is_stored_raw():
    data = _incompressible(4096, seed=1)
    # 4096 literals need 512 flag bytes: 4608 > 4096, so the chunk is raw: header 0x3FFF
    # (size 4098 - 3, signature 0b011, flag 0) and the 4096 bytes as they are.
    assert compress(data) == b"\x01\xff\x3f" + data
    assert _oletools(compress(data)) == data


def test_a_short_last_chunk_that_does_not_fit_is_raw_without_padding():
    data = _incompressible(4096 + 3700, seed=2)
    container = compress(data)
    (first_header, _), (last_header, last_data) = _chunks(container)
    assert first_header == last_header == 0x3FFF
    assert last_data == data[4096:]  # 3700 literals + 463 flag bytes would exceed 4096
    assert _oletools(container) == data
    assert decompress(container) == data


def test_a_short_last_chunk_that_fits_as_literals_stays_compressed():
    data = _incompressible(3640, seed=3)  # 3640 literals + 455 flag bytes = 4095 <= 4096
    ((header, chunk),) = _chunks(compress(data))
    assert header & 0x8000 and len(chunk) == 3640 + 455
    assert _oletools(compress(data)) == data


# ------------------------------------------------------------------ round trips


def _real_inputs() -> list[tuple[str, bytes]]:
    """This repository's sources and the VBA sources xlwings ships, each cycled to 200 KB."""
    package = REPO / "xl_salesplan"
    sources = sorted(package.rglob("*.py")) + sorted(package.rglob("*.bas"))
    text = b"".join(path.read_bytes() for path in sources)
    vba_sources = sorted(Path(xlwings.__file__).parent.rglob("*.bas"))
    vba = b"".join(path.read_bytes() for path in vba_sources)
    inputs = [("repository sources", text), ("xlwings VBA", vba)]
    return [(name, (data * (200_000 // len(data) + 1))[:200_000]) for name, data in inputs if data]


@pytest.mark.parametrize(
    "size", [0, 1, 2, 3, 4, 100, 4095, 4096, 4097, 8191, 8192, 8193, 65_536, 200_000]
)
@pytest.mark.parametrize("kind", ["random", "zeros", "text"])
def test_round_trip_through_oletools_and_our_decompressor(size, kind):
    rng = random.Random(size)
    if kind == "random":
        data = rng.randbytes(size)
    elif kind == "zeros":
        data = bytes(size)
    else:
        words = [b"Dim ", b"As Long", b"\r\n", b"    ", b"RunPython ", b"End Sub", b"x", b"1"]
        data = b"".join(rng.choice(words) for _ in range(size))[:size]
    container = compress(data)
    assert _oletools(container) == data
    assert decompress(container) == data


@pytest.mark.parametrize(("name", "data"), _real_inputs(), ids=lambda value: str(value)[:20])
def test_real_text_round_trips_and_compresses(name, data):
    for size in (0, 700, 701, 5000, 50_000, 200_000):
        part = data[:size]
        container = compress(part)
        assert _oletools(container) == part, (name, size)
        assert decompress(container) == part, (name, size)
    # Source text is repetitive: the container must be clearly smaller than the input.
    assert len(compress(data)) < 0.7 * len(data)


@given(st.binary(max_size=20_000))
def test_any_bytes_round_trip(data):
    container = compress(data)
    assert decompress(container) == data
    assert _oletools(container) == data


@settings(max_examples=100)
@given(st.lists(st.sampled_from([b"a", b"b", b"ab", b"\r\n", b"End Sub", b"\x00"]), max_size=3000))
def test_repetitive_bytes_round_trip(pieces):
    data = b"".join(pieces)
    container = compress(data)
    assert decompress(container) == data
    assert _oletools(container) == data


@given(st.binary(max_size=12_000))
def test_container_structure(data):
    chunks = _chunks(compress(data))
    assert len(chunks) == -(-len(data) // 4096)
    for index, (header, chunk) in enumerate(chunks):
        assert (header >> 12) & 0b111 == 0b011
        assert len(chunk) <= 4096
        if not header & 0x8000:
            assert header == 0x3FFF
            assert chunk == data[index * 4096 : (index + 1) * 4096]


def test_large_random_input_decompresses_with_oletools():
    data = os.urandom(200_000)
    assert _oletools(compress(data)) == data


# ------------------------------------------------------------------ corrupt input


@pytest.mark.parametrize(
    ("container", "reason"),
    [
        (b"", "signature byte is missing"),
        (b"\x02", "signature byte is 0x02"),
        (b"\x01\x05", "ends inside a chunk header"),
        (b"\x01\x05\xa0\x00abc", "lacks the signature"),
        (b"\x01\x05\x30abc", "is not 0x3FFF"),
        (b"\x01\x05\xb0\x00ab", "ends inside a compressed chunk"),
        (b"\x01\x02\xb0\x01\x00\x00", "starts with a copy token"),
        (b"\x01\x03\xb0\x02a\x00\x10", "before its chunk's start"),
        (b"\x01\x02\xb0\x02a\x00", "cut off"),
    ],
)
def test_corrupt_containers_raise_a_clear_error(container, reason):
    with pytest.raises(PlanningError, match=reason) as info:
        decompress(container)
    assert info.value.code == "corrupt_compressed_container"
