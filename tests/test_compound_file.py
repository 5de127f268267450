"""Compound File Binary writer ([MS-CFB] v3): read back with olefile and an independent parser."""

from __future__ import annotations

import io
import itertools
import os
import struct

import olefile
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_salesplan.errors import PlanningError
from xl_salesplan.vba.compound_file import build_compound_file

NOSTREAM = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE


# ------------------------------------------------------------------ an independent reader


def _header(data: bytes) -> dict:
    fields = struct.unpack_from("<8s16sHHHHH6sIIIIIIIII", data, 0)
    names = [
        "signature", "clsid", "minor", "major", "byte_order", "sector_shift", "mini_shift",
        "reserved", "dir_sectors", "fat_sectors", "first_dir", "transaction", "cutoff",
        "first_minifat", "minifat_sectors", "first_difat", "difat_sectors",
    ]  # fmt: skip
    header = dict(zip(names, fields, strict=True))
    header["difat"] = list(struct.unpack_from("<109I", data, 76))
    return header


def _fat(data: bytes, header: dict) -> list[int]:
    sector_ids = [sid for sid in header["difat"] if sid != NOSTREAM]
    next_difat = header["first_difat"]
    while next_difat != ENDOFCHAIN:
        values = struct.unpack_from("<128I", data, 512 + next_difat * 512)
        sector_ids += [sid for sid in values[:127] if sid != NOSTREAM]
        next_difat = values[127]
    assert len(sector_ids) == header["fat_sectors"]
    fat: list[int] = []
    for sid in sector_ids:
        fat += struct.unpack_from("<128I", data, 512 + sid * 512)
    return fat


def _chain(fat: list[int], start: int) -> list[int]:
    out = []
    while start != ENDOFCHAIN:
        assert start not in out, "cycle in a sector chain"
        out.append(start)
        start = fat[start]
    return out


def _directory(data: bytes) -> list[dict]:
    header = _header(data)
    fat = _fat(data, header)
    raw = b"".join(data[512 + s * 512 : 1024 + s * 512] for s in _chain(fat, header["first_dir"]))
    entries = []
    for offset in range(0, len(raw), 128):
        name_bytes, name_len, kind, color, left, right, child = struct.unpack_from(
            "<64sHBBIII", raw, offset
        )
        clsid, state, created, modified, start, size = struct.unpack_from(
            "<16sIQQIQ", raw, offset + 80
        )
        name = name_bytes[: max(name_len - 2, 0)].decode("utf-16-le")
        entries.append(
            dict(name=name, kind=kind, color=color, left=left, right=right, child=child,
                 clsid=clsid, state=state, created=created, modified=modified, start=start,
                 size=size)
        )  # fmt: skip
    return entries


def _spec_less(a: str, b: str) -> bool:
    """[MS-CFB] 2.6.4: shorter first; equal lengths compare upper-cased code points."""
    if len(a.encode("utf-16-le")) != len(b.encode("utf-16-le")):
        return len(a.encode("utf-16-le")) < len(b.encode("utf-16-le"))
    return a.upper() < b.upper()


def _check_sibling_tree(entries: list[dict], top: int) -> list[int]:
    """Check the red-black and ordering rules of one sibling tree; return ids in order."""

    def walk(node: int, parent_red: bool) -> tuple[list[int], int]:
        if node == NOSTREAM:
            return [], 1
        entry = entries[node]
        red = entry["color"] == 0
        assert not (red and parent_red), "a red node under a red node"
        left_ids, left_black = walk(entry["left"], red)
        right_ids, right_black = walk(entry["right"], red)
        assert left_black == right_black, "unequal black heights"
        return [*left_ids, node, *right_ids], left_black + (0 if red else 1)

    if top == NOSTREAM:
        return []
    assert entries[top]["color"] == 1, "the root of a sibling tree must be black"
    ids, _ = walk(top, False)
    names = [entries[i]["name"] for i in ids]
    for first, second in itertools.pairwise(names):
        assert _spec_less(first, second), (first, second)
    return ids


# ------------------------------------------------------------------ trees for the tests

_names = st.text(st.sampled_from("abcXYZ_09 .é中文"), min_size=1, max_size=8)
_sizes = st.one_of(
    st.integers(0, 200), st.integers(4000, 4200), st.sampled_from([4095, 4096, 63, 64, 65, 9000])
)


@st.composite
def _storage(draw, depth: int = 0) -> dict:
    """A random storage: names unique ignoring case, children streams (bytes) or storages."""
    names = draw(st.lists(_names, max_size=5, unique_by=str.upper))
    children: dict = {}
    for index, name in enumerate(names):
        if depth < 2 and draw(st.booleans()):
            children[name] = draw(_storage(depth + 1))
        else:
            size = draw(_sizes)
            children[name] = bytes((i * 7 + index) % 251 for i in range(size))
    return children


@st.composite
def _trees(draw) -> tuple[dict[str, bytes], list[str]]:
    """Stream paths with their data, and the paths of storages (listed explicitly)."""
    streams: dict[str, bytes] = {}
    storages: list[str] = []

    def flatten(storage: dict, prefix: str) -> None:
        for name, child in storage.items():
            if isinstance(child, dict):
                storages.append(prefix + name)
                flatten(child, prefix + name + "/")
            else:
                streams[prefix + name] = child

    flatten(draw(_storage()), "")
    return streams, storages


def _expected_listing(streams: dict[str, bytes], storages: list[str]) -> set[tuple[str, ...]]:
    out = set()
    for path in [*streams, *storages]:
        parts = tuple(path.split("/"))
        out.update(parts[: i + 1] for i in range(len(parts)))
    return out


@given(_trees())
def test_random_trees_read_back_with_olefile(tree):
    streams, storages = tree
    data = build_compound_file(streams, storages=storages)
    ole = olefile.OleFileIO(io.BytesIO(data))
    listed = {tuple(entry) for entry in ole.listdir(streams=True, storages=True)}
    assert listed == _expected_listing(streams, storages)
    for path, content in streams.items():
        assert ole.get_type(path) == olefile.STGTY_STREAM
        assert ole.get_size(path) == len(content)
        assert ole.openstream(path).read() == content
    for path in storages:
        assert ole.get_type(path) == olefile.STGTY_STORAGE
    assert (len(data) - 512) % 512 == 0


@settings(max_examples=100)
@given(_trees())
def test_directory_trees_are_ordered_red_black_trees(tree):
    streams, storages = tree
    data = build_compound_file(streams, storages=storages)
    entries = _directory(data)
    root = entries[0]
    assert (root["name"], root["kind"]) == ("Root Entry", 5)
    reached = [0]
    pending = [0]
    while pending:
        ids = _check_sibling_tree(entries, entries[pending.pop()]["child"])
        reached += ids
        pending += [i for i in ids if entries[i]["kind"] == 1]
    used = [e for e in entries if e["kind"] != 0]
    assert sorted(reached) == [i for i, e in enumerate(entries) if e["kind"] != 0]
    assert len(used) == len(_expected_listing(streams, storages)) + 1
    for entry in used:  # deterministic: no CLSIDs, state bits or timestamps
        assert entry["clsid"] == bytes(16)
        assert entry["state"] == entry["created"] == entry["modified"] == 0


@settings(max_examples=50)
@given(_trees())
def test_mini_stream_holds_exactly_the_streams_below_4096_bytes(tree):
    streams, storages = tree
    entries = _directory(build_compound_file(streams, storages=storages))
    small = [len(v) for v in streams.values() if 0 < len(v) < 4096]
    assert entries[0]["size"] == sum(-(-size // 64) * 64 for size in small)
    for entry in entries:
        if entry["kind"] == 2 and entry["size"] == 0:
            assert entry["start"] == ENDOFCHAIN


def test_header_fields_of_a_version_3_file():
    header = _header(build_compound_file({"a": b"x" * 10, "b/c": b"y" * 5000}))
    assert header["signature"] == bytes.fromhex("d0cf11e0a1b11ae1")
    assert (header["minor"], header["major"], header["byte_order"]) == (0x3E, 3, 0xFFFE)
    assert (header["sector_shift"], header["mini_shift"]) == (9, 6)
    assert header["dir_sectors"] == 0 and header["transaction"] == 0
    assert header["cutoff"] == 4096
    assert header["minifat_sectors"] == 1 and header["difat_sectors"] == 0
    assert header["first_difat"] == ENDOFCHAIN


def test_same_tree_gives_the_same_bytes_in_any_insertion_order():
    first = build_compound_file({"VBA/dir": b"1", "PROJECT": b"2", "VBA/Module1": b"3" * 5000})
    second = build_compound_file({"VBA/Module1": b"3" * 5000, "PROJECT": b"2", "VBA/dir": b"1"})
    assert first == second


def test_empty_file_has_only_the_root():
    data = build_compound_file({})
    ole = olefile.OleFileIO(io.BytesIO(data))
    assert ole.listdir(storages=True) == []
    assert len(data) == 512 * 3  # header, one directory sector, one FAT sector


def test_more_than_109_fat_sectors_use_difat_sectors():
    big = os.urandom(128 * 512 * 112)  # needs more than 109 FAT sectors
    data = build_compound_file({"big": big, "small": b"abc"})
    header = _header(data)
    assert header["fat_sectors"] > 109 and header["difat_sectors"] == 1
    ole = olefile.OleFileIO(io.BytesIO(data))
    assert ole.openstream("big").read() == big
    assert ole.openstream("small").read() == b"abc"


def test_names_of_31_code_units_are_accepted_and_32_rejected():
    data = build_compound_file({"n" * 31: b"ok"})
    assert olefile.OleFileIO(io.BytesIO(data)).openstream("n" * 31).read() == b"ok"
    with pytest.raises(PlanningError, match="32 UTF-16 code units") as info:
        build_compound_file({"n" * 32: b""})
    assert info.value.code == "invalid_cfb_name"


@pytest.mark.parametrize(
    ("streams", "storages", "code"),
    [
        ({"": b""}, [], "invalid_cfb_name"),
        ({"a/": b""}, [], "invalid_cfb_name"),
        ({"a!b": b""}, [], "invalid_cfb_name"),
        ({"a\\b": b""}, [], "invalid_cfb_name"),
        ({"Dir": b"", "dir": b""}, [], "duplicate_cfb_name"),
        ({"a": b"", "a/b": b""}, [], "duplicate_cfb_name"),
        ({"a": b""}, ["a"], "duplicate_cfb_name"),
        ({"VBA/x": b""}, ["vba"], "duplicate_cfb_name"),
    ],
)
def test_invalid_trees_are_rejected(streams, storages, code):
    with pytest.raises(PlanningError) as info:
        build_compound_file(streams, storages=storages)
    assert info.value.code == code
