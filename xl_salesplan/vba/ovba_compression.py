"""MS-OVBA compression and decompression ([MS-OVBA] section 2.4.1).

VBA stores the ``dir`` stream and the source of every module as a
*CompressedContainer*: a signature byte ``0x01`` followed by chunks. Each chunk
encodes up to 4096 bytes of the decompressed data and starts with a 2-byte
little-endian header:

- bits 0-11: the chunk's size in bytes (header included) minus 3;
- bits 12-14: the signature ``0b011``;
- bit 15: 1 if the chunk is compressed, 0 if it holds the 4096 bytes raw.

A compressed chunk is a run of token sequences: a flag byte, then up to eight
tokens, one per flag bit from the least significant bit. A 0 bit is a literal
byte; a 1 bit is a 2-byte copy token that repeats ``length`` bytes found
``offset`` bytes back in the same decompressed chunk. How the 16 bits of a
copy token split into offset and length depends on how far into the chunk the
token sits (the "copy token help" of section 2.4.1.3.19.1): the more bytes
already decompressed, the more bits the offset needs.

The compressor finds repeats with hash chains over 3-byte prefixes (longest
match among the most recent candidates, closest first on ties). Any correct
matcher yields a valid container; this one is fast enough for module sources
of hundreds of kilobytes.

One deliberate detail: when the *last* chunk holds fewer than 4096 bytes and
cannot be compressed into 4096 bytes (only possible for incompressible data of
3641-4095 bytes, never for VBA source text), it is stored raw with its true
length instead of being padded with zeros as section 2.4.1.3.10 describes,
because padding would change the decompressed data. Its header keeps the raw
chunk value ``0x3FFF``; decoders that copy "up to 4096 bytes" (oletools, and
:func:`decompress` here) read it back exactly.

Examples
--------
>>> packed = compress(b"abcabcabcabc")
>>> packed.hex()
'0105b0086162630620'
>>> decompress(packed)
b'abcabcabcabc'
"""

from __future__ import annotations

from xl_salesplan.errors import PlanningError

__all__ = ["CHUNK_SIZE", "compress", "copy_token_layout", "decompress"]

CHUNK_SIZE = 4096
"""Bytes of decompressed data per chunk."""

_CONTAINER_SIGNATURE = 0x01
_CHUNK_SIGNATURE = 0b011
_MAX_CHUNK_DATA = 4096  # bytes after the header in one chunk
_RAW_CHUNK_HEADER = 0x0FFF | (_CHUNK_SIGNATURE << 12)  # size field 4095, flag 0
_MIN_MATCH = 3
_MAX_CHAIN = 48  # candidates examined per position: bounds the work per byte
_FIRST_PROBE = 16


def copy_token_layout(difference: int) -> tuple[int, int]:
    """Return ``(offset_bits, maximum_length)`` of a copy token ([MS-OVBA] 2.4.1.3.19.1).

    Parameters
    ----------
    difference : int
        Bytes already decompressed in the current chunk before the token (at least 1).

    Returns
    -------
    tuple of int
        The number of high bits holding ``offset - 1`` (at least 4, at most 12) and the
        longest copy the remaining low bits can express (``length - 3`` is stored).

    Examples
    --------
    >>> copy_token_layout(1), copy_token_layout(16), copy_token_layout(17)
    ((4, 4098), (4, 4098), (5, 2050))
    >>> copy_token_layout(4095)
    (12, 18)
    """
    if not 1 <= difference <= CHUNK_SIZE:
        raise PlanningError(
            f"difference: a copy token needs 1 to {CHUNK_SIZE} bytes before it in its chunk, "
            f"got {difference}",
            code="invalid_copy_token",
            amount=float(difference),
        )
    bit_count = max((difference - 1).bit_length(), 4)
    return bit_count, (0xFFFF >> bit_count) + 3


def compress(data: bytes) -> bytes:
    """Compress ``data`` into an MS-OVBA CompressedContainer.

    Parameters
    ----------
    data : bytes
        Any bytes (a module's source text encoded in the project code page, a ``dir`` stream).

    Returns
    -------
    bytes
        ``0x01`` followed by one chunk per 4096 bytes of ``data`` (none for empty data).

    Examples
    --------
    >>> compress(b"")
    b'\\x01'
    >>> compress(b"#aaaaaaaaaa").hex()
    '0104b00423610600'
    >>> decompress(compress(bytes(10_000))) == bytes(10_000)
    True
    """
    data = bytes(data)
    out = bytearray([_CONTAINER_SIGNATURE])
    for start in range(0, len(data), CHUNK_SIZE):
        end = min(start + CHUNK_SIZE, len(data))
        body = _compress_chunk(data, start, end)
        if body is None:
            out += _RAW_CHUNK_HEADER.to_bytes(2, "little")
            out += data[start:end]
        else:
            header = (len(body) + 2 - 3) | (_CHUNK_SIGNATURE << 12) | 0x8000
            out += header.to_bytes(2, "little")
            out += body
    return bytes(out)


def _compress_chunk(data: bytes, start: int, end: int) -> bytes | None:
    """Token sequences for ``data[start:end]``, or None when they exceed 4096 bytes."""
    out = bytearray()
    heads: dict[bytes, int] = {}
    chain = [-1] * (end - start)
    inserted = start  # positions below this are in the hash chains
    last_key_start = end - _MIN_MATCH  # the last position with a full 3-byte key
    pos = start
    while pos < end:
        flag_index = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= end:
                break
            limit = min(pos, last_key_start + 1)
            while inserted < limit:
                key = data[inserted : inserted + _MIN_MATCH]
                chain[inserted - start] = heads.get(key, -1)
                heads[key] = inserted
                inserted += 1
            length, offset, bit_count = _longest_match(data, start, end, pos, heads, chain)
            if length:
                token = ((offset - 1) << (16 - bit_count)) | (length - _MIN_MATCH)
                out += token.to_bytes(2, "little")
                flags |= 1 << bit
                pos += length
            else:
                out.append(data[pos])
                pos += 1
        out[flag_index] = flags
        if len(out) > _MAX_CHUNK_DATA:
            return None
    return bytes(out)


def _longest_match(
    data: bytes, start: int, end: int, pos: int, heads: dict[bytes, int], chain: list[int]
) -> tuple[int, int, int]:
    """``(length, offset, offset_bits)`` of the best copy at ``pos``; length 0 if none."""
    if pos == start or pos + _MIN_MATCH > end:
        return 0, 0, 0
    candidate = heads.get(data[pos : pos + _MIN_MATCH], -1)
    if candidate < 0:
        return 0, 0, 0
    bit_count, maximum = copy_token_layout(pos - start)
    maximum = min(maximum, end - pos)
    best_length = 0
    best_candidate = -1
    steps = 0
    while candidate >= 0 and steps < _MAX_CHAIN:
        steps += 1
        if best_length == 0 or data[candidate + best_length] == data[pos + best_length]:
            length = _common_length(data, candidate, pos, maximum)
            if length > best_length:
                best_length, best_candidate = length, candidate
                if length == maximum:
                    break
        candidate = chain[candidate - start]
    return best_length, pos - best_candidate, bit_count


def _common_length(data: bytes, source: int, target: int, maximum: int) -> int:
    """Longest ``n <= maximum`` with ``data[source:source+n] == data[target:target+n]``.

    The first three bytes are known to match (same hash-chain key). The ranges may
    overlap: a copy may read bytes it is itself producing, which decompression does
    byte by byte, so comparing against the original data is exact.
    """
    matched = _MIN_MATCH
    step = _FIRST_PROBE
    mismatch = maximum + 1  # smallest length known not to match
    while matched < maximum:
        probe = min(matched + step, maximum)
        if data[source + matched : source + probe] == data[target + matched : target + probe]:
            matched = probe
            step *= 2
        else:
            mismatch = probe
            break
    while mismatch - matched > 1:
        middle = (matched + mismatch) // 2
        if data[source + matched : source + middle] == data[target + matched : target + middle]:
            matched = middle
        else:
            mismatch = middle
    return matched


def decompress(container: bytes) -> bytes:
    """Decompress an MS-OVBA CompressedContainer.

    Parameters
    ----------
    container : bytes
        ``0x01`` followed by compressed or raw chunks.

    Returns
    -------
    bytes
        The decompressed data.

    Raises
    ------
    PlanningError
        ``code="corrupt_compressed_container"`` when the signature, a chunk header or a
        copy token is invalid or the data ends inside a chunk.

    Examples
    --------
    >>> decompress(bytes.fromhex("0105b0086162630620"))
    b'abcabcabcabc'
    >>> decompress(b"\\x02")
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: compressed container: signature byte is 0x02, expected 0x01
    """
    container = bytes(container)
    if not container or container[0] != _CONTAINER_SIGNATURE:
        found = f"0x{container[0]:02X}" if container else "missing"
        raise _corrupt(f"signature byte is {found}, expected 0x01", 0)
    out = bytearray()
    current = 1
    size = len(container)
    while current < size:
        if current + 2 > size:
            raise _corrupt("the data ends inside a chunk header", current)
        header = int.from_bytes(container[current : current + 2], "little")
        chunk_end = current + (header & 0x0FFF) + 3
        if (header >> 12) & 0b111 != _CHUNK_SIGNATURE:
            raise _corrupt(f"chunk header 0x{header:04X} lacks the signature 0b011", current)
        if not header & 0x8000:
            if header != _RAW_CHUNK_HEADER:
                raise _corrupt(f"raw chunk header 0x{header:04X} is not 0x3FFF", current)
            out += container[current + 2 : chunk_end]
            current = chunk_end
            continue
        if chunk_end > size:
            raise _corrupt("the data ends inside a compressed chunk", current)
        _decompress_chunk(container, current + 2, chunk_end, out)
        current = chunk_end
    return bytes(out)


def _decompress_chunk(container: bytes, current: int, chunk_end: int, out: bytearray) -> None:
    """Append the decoded token sequences of one compressed chunk to ``out``."""
    chunk_start = len(out)
    while current < chunk_end:
        flags = container[current]
        current += 1
        for bit in range(8):
            if current >= chunk_end:
                break
            if not (flags >> bit) & 1:
                out.append(container[current])
                current += 1
                continue
            if current + 2 > chunk_end:
                raise _corrupt("a copy token is cut off by the end of its chunk", current)
            token = int.from_bytes(container[current : current + 2], "little")
            difference = len(out) - chunk_start
            if difference == 0:
                raise _corrupt("a chunk starts with a copy token", current)
            if difference > CHUNK_SIZE:
                raise _corrupt("a chunk decompresses to more than 4096 bytes", current)
            bit_count, _ = copy_token_layout(difference)
            length = (token & (0xFFFF >> bit_count)) + _MIN_MATCH
            offset = (token >> (16 - bit_count)) + 1
            if offset > difference:
                raise _corrupt(
                    f"a copy token reaches {offset} bytes back, before its chunk's start",
                    current,
                )
            source = len(out) - offset
            if offset >= length:
                out += out[source : source + length]
            else:  # overlapping copy: the last `offset` bytes repeat
                pattern = bytes(out[source:])
                out += (pattern * (length // offset + 1))[:length]
            current += 2
    if len(out) - chunk_start > CHUNK_SIZE:
        raise _corrupt("a chunk decompresses to more than 4096 bytes", chunk_end)


def _corrupt(reason: str, position: int) -> PlanningError:
    return PlanningError(
        f"compressed container: {reason}",
        code="corrupt_compressed_container",
        positions=(position,),
    )
