"""A deterministic writer of Compound File Binary files ([MS-CFB], version 3).

A compound file is a small file system inside one file: storages (folders) and
streams (files) below a root storage. ``vbaProject.bin`` is one. This writer
produces version 3 files (512-byte sectors) with:

- a FAT chaining the 512-byte sectors, grown with DIFAT sectors past 109 FAT sectors;
- a mini stream of 64-byte mini sectors, chained by the miniFAT, for every stream
  shorter than 4096 bytes (the mini stream cutoff);
- a directory of 128-byte entries in which the children of each storage form a
  red-black tree ordered as the spec requires: shorter names first, names of equal
  length compared code unit by code unit after upper-casing;
- zero CLSIDs, state bits and timestamps, so the same tree always gives the same bytes.

Sector layout: header, regular streams (in directory order), the mini stream,
the miniFAT, the directory, the FAT, then any DIFAT sectors.

Examples
--------
>>> data = build_compound_file({"PROJECT": b"Name=1", "VBA/dir": b"x" * 5000})
>>> len(data), data[:8].hex()  # header + 10 + 1 + 1 + 1 + 1 sectors of 512 bytes
(7680, 'd0cf11e0a1b11ae1')
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from xl_salesplan.errors import PlanningError

__all__ = ["MINI_STREAM_CUTOFF", "SECTOR_SIZE", "build_compound_file", "cfb_name_key"]

SECTOR_SIZE = 512
MINI_SECTOR_SIZE = 64
MINI_STREAM_CUTOFF = 4096
_ENTRY_SIZE = 128
_IDS_PER_SECTOR = SECTOR_SIZE // 4
_HEADER_DIFAT_ENTRIES = 109

_FREESECT = 0xFFFFFFFF
_ENDOFCHAIN = 0xFFFFFFFE
_FATSECT = 0xFFFFFFFD
_DIFSECT = 0xFFFFFFFC
_NOSTREAM = 0xFFFFFFFF

_STORAGE, _STREAM, _ROOT = 1, 2, 5
_RED, _BLACK = 0, 1
_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")
_FORBIDDEN_NAME_CHARS = frozenset("/\\:!")
_MAX_NAME_UNITS = 31
_MAX_FILE_BYTES = 2**31  # far beyond any VBA project; keeps sizes in 32 bits


def cfb_name_key(name: str) -> tuple[int, tuple[int, ...]]:
    """Sort key of a directory entry name among its siblings ([MS-CFB] 2.6.4).

    Shorter names (in UTF-16 code units) sort first; names of equal length compare
    code unit by code unit after simple upper-casing.

    Examples
    --------
    >>> sorted(["dir", "VBA", "_VBA_PROJECT", "Module1", "ab"], key=cfb_name_key)
    ['ab', 'dir', 'VBA', 'Module1', '_VBA_PROJECT']
    >>> cfb_name_key("abc") == cfb_name_key("ABC")
    True
    """
    units = []
    for char in name:
        upper = char.upper()
        char = upper if len(upper) == 1 else char
        encoded = char.encode("utf-16-le")
        units.extend(struct.unpack(f"<{len(encoded) // 2}H", encoded))
    return len(units), tuple(units)


@dataclass
class _Node:
    name: str
    kind: int
    data: bytes = b""
    children: dict[tuple[int, tuple[int, ...]], _Node] = field(default_factory=dict)
    # filled in by the layout
    entry_id: int = 0
    left: int = _NOSTREAM
    right: int = _NOSTREAM
    child: int = _NOSTREAM
    color: int = _BLACK
    start: int = _ENDOFCHAIN
    size: int = 0


def build_compound_file(
    streams: Mapping[str, bytes], *, storages: Iterable[str] = (), root_clsid: bytes = bytes(16)
) -> bytes:
    """Return the bytes of a version 3 compound file holding ``streams``.

    Parameters
    ----------
    streams : mapping of str to bytes
        Stream paths (storage names joined by ``/``, e.g. ``"VBA/dir"``) and their data.
        Storages on the way are created.
    storages : iterable of str, optional
        Extra storage paths to create even when empty.
    root_clsid : bytes, optional
        The 16-byte CLSID of the root storage (zero by default).

    Returns
    -------
    bytes
        The compound file. The same arguments always give the same bytes.

    Raises
    ------
    PlanningError
        ``invalid_cfb_name`` for an empty name, one longer than 31 UTF-16 code units or
        containing ``/ \\ : !``; ``duplicate_cfb_name`` for two siblings equal up to
        case or a path that is both a stream and a storage.

    Examples
    --------
    >>> import io, olefile
    >>> ole = olefile.OleFileIO(io.BytesIO(build_compound_file({"a/b": b"hi"}, storages=["c"])))
    >>> ole.listdir(storages=True), ole.openstream("a/b").read()
    ([['a'], ['a', 'b'], ['c']], b'hi')
    >>> build_compound_file({"a:b": b""})
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: compound file: name 'a:b' in 'a:b' contains ':'
    """
    if len(root_clsid) != 16:
        raise PlanningError(
            f"root_clsid: expected 16 bytes, got {len(root_clsid)}", code="invalid_clsid"
        )
    root = _build_tree(streams, storages)
    entries = _number_entries(root)
    total = sum(len(node.data) for node in entries if node.kind == _STREAM)
    if total >= _MAX_FILE_BYTES:
        raise PlanningError(
            f"compound file: {total} bytes of streams exceed the {_MAX_FILE_BYTES}-byte limit",
            code="compound_file_too_large",
            amount=float(total),
        )
    return _Layout(entries, bytes(root_clsid)).render()


def _build_tree(streams: Mapping[str, bytes], storages: Iterable[str]) -> _Node:
    root = _Node("Root Entry", _ROOT)
    items = [(path, bytes(data)) for path, data in streams.items()]
    items += [(path, None) for path in storages]
    for path, data in items:
        parts = path.split("/")
        for part in parts:
            _check_name(part, path)
        node = root
        for depth, part in enumerate(parts):
            is_leaf = depth == len(parts) - 1
            kind = _STREAM if is_leaf and data is not None else _STORAGE
            key = cfb_name_key(part)
            existing = node.children.get(key)
            if existing is None:
                existing = _Node(part, kind, data if kind == _STREAM else b"")
                node.children[key] = existing
            elif existing.kind != kind or (kind == _STREAM) or existing.name != part:
                raise PlanningError(
                    f"compound file: '{path}' clashes with '{existing.name}' "
                    "(names compare without case; a path is a stream or a storage, not both)",
                    code="duplicate_cfb_name",
                )
            node = existing
    return root


def _check_name(name: str, path: str) -> None:
    units = cfb_name_key(name)[0]
    if units == 0 or units > _MAX_NAME_UNITS:
        raise PlanningError(
            f"compound file: name {name!r} in {path!r} has {units} UTF-16 code units, "
            f"expected 1 to {_MAX_NAME_UNITS}",
            code="invalid_cfb_name",
        )
    bad = sorted(set(name) & _FORBIDDEN_NAME_CHARS)
    if bad or "\x00" in name:
        shown = bad[0] if bad else "\\x00"
        raise PlanningError(
            f"compound file: name {name!r} in {path!r} contains {shown!r}",
            code="invalid_cfb_name",
        )


def _number_entries(root: _Node) -> list[_Node]:
    """Directory order (pre-order, children sorted) and the sibling red-black trees."""
    entries: list[_Node] = []

    def visit(node: _Node) -> None:
        node.entry_id = len(entries)
        entries.append(node)
        children = sorted(node.children.values(), key=lambda child: cfb_name_key(child.name))
        for child in children:
            visit(child)
        node.child = _balanced_tree(children)

    visit(root)
    return entries


def _balanced_tree(siblings: list[_Node]) -> int:
    """Link sorted ``siblings`` into a balanced, validly coloured red-black tree.

    The median split makes every level full except possibly the deepest; colouring the
    deepest level red when it is not full gives every path the same number of black
    nodes and never puts a red node under a red one.
    """
    if not siblings:
        return _NOSTREAM
    depth_of: dict[int, int] = {}

    def link(low: int, high: int, depth: int) -> int:
        if low >= high:
            return _NOSTREAM
        middle = (low + high) // 2
        node = siblings[middle]
        depth_of[middle] = depth
        node.left = link(low, middle, depth + 1)
        node.right = link(middle + 1, high, depth + 1)
        return node.entry_id

    top = link(0, len(siblings), 1)
    deepest = max(depth_of.values())
    perfect = len(siblings) == 2**deepest - 1
    for index, node in enumerate(siblings):
        node.color = _RED if depth_of[index] == deepest and not perfect else _BLACK
    return top


class _Layout:
    """Sector allocation and serialisation of one compound file."""

    def __init__(self, entries: list[_Node], root_clsid: bytes) -> None:
        self.entries = entries
        self.root_clsid = root_clsid
        self.sectors: list[bytes] = []
        self.fat: list[int] = []

    def _append_chain(self, data: bytes, unit: int) -> int:
        """Append ``data`` as a chain of sectors; return the first sector (or ENDOFCHAIN)."""
        count = -(-len(data) // unit)
        if count == 0:
            return _ENDOFCHAIN
        first = len(self.sectors)
        padded = data + bytes(count * unit - len(data))
        for index in range(count):
            self.sectors.append(padded[index * unit : (index + 1) * unit])
            self.fat.append(first + index + 1 if index < count - 1 else _ENDOFCHAIN)
        return first

    def render(self) -> bytes:
        streams = [node for node in self.entries if node.kind == _STREAM]
        mini_fat: list[int] = []
        mini_stream = bytearray()
        for node in streams:
            node.size = len(node.data)
            if node.size >= MINI_STREAM_CUTOFF:
                node.start = self._append_chain(node.data, SECTOR_SIZE)
            elif node.size == 0:
                node.start = _ENDOFCHAIN
            else:
                count = -(-node.size // MINI_SECTOR_SIZE)
                node.start = len(mini_fat)
                mini_fat.extend(node.start + i + 1 for i in range(count - 1))
                mini_fat.append(_ENDOFCHAIN)
                mini_stream += node.data + bytes(count * MINI_SECTOR_SIZE - node.size)
        root = self.entries[0]
        root.size = len(mini_stream)
        root.start = self._append_chain(bytes(mini_stream), SECTOR_SIZE)
        mini_fat += [_FREESECT] * (-len(mini_fat) % _IDS_PER_SECTOR)
        first_mini_fat = self._append_chain(_pack_ids(mini_fat), SECTOR_SIZE)
        mini_fat_sectors = len(mini_fat) // _IDS_PER_SECTOR
        directory = b"".join(_entry_bytes(node, self.root_clsid) for node in self.entries)
        free_entries = -len(self.entries) % (SECTOR_SIZE // _ENTRY_SIZE)
        directory += _free_entry() * free_entries
        first_directory = self._append_chain(directory, SECTOR_SIZE)
        fat_sectors, difat_sectors = _fat_sizes(len(self.sectors))
        fat_ids = list(range(len(self.sectors), len(self.sectors) + fat_sectors))
        difat_ids = list(range(fat_ids[-1] + 1, fat_ids[-1] + 1 + difat_sectors))
        fat = self.fat + [_FATSECT] * fat_sectors + [_DIFSECT] * difat_sectors
        fat += [_FREESECT] * (fat_sectors * _IDS_PER_SECTOR - len(fat))
        body = b"".join(self.sectors) + _pack_ids(fat)
        body += _difat_sectors(fat_ids[_HEADER_DIFAT_ENTRIES:], difat_ids)
        header = _header(
            fat_ids=fat_ids,
            first_directory=first_directory,
            first_mini_fat=first_mini_fat,
            mini_fat_sectors=mini_fat_sectors,
            difat_ids=difat_ids,
        )
        return header + body


def _fat_sizes(data_sectors: int) -> tuple[int, int]:
    """FAT and DIFAT sector counts for ``data_sectors`` other sectors (a fixed point)."""
    fat_sectors, difat_sectors = 1, 0
    while True:
        total = data_sectors + fat_sectors + difat_sectors
        need_fat = -(-total // _IDS_PER_SECTOR)
        extra = max(need_fat - _HEADER_DIFAT_ENTRIES, 0)
        need_difat = -(-extra // (_IDS_PER_SECTOR - 1))
        if (need_fat, need_difat) == (fat_sectors, difat_sectors):
            return fat_sectors, difat_sectors
        fat_sectors, difat_sectors = max(need_fat, fat_sectors), max(need_difat, difat_sectors)


def _difat_sectors(fat_ids: list[int], difat_ids: list[int]) -> bytes:
    """DIFAT sectors: 127 FAT sector numbers each, then the next DIFAT sector."""
    out = bytearray()
    per_sector = _IDS_PER_SECTOR - 1
    for index, _ in enumerate(difat_ids):
        chunk = fat_ids[index * per_sector : (index + 1) * per_sector]
        chunk = chunk + [_FREESECT] * (per_sector - len(chunk))
        following = difat_ids[index + 1] if index + 1 < len(difat_ids) else _ENDOFCHAIN
        out += _pack_ids([*chunk, following])
    return bytes(out)


def _header(
    *,
    fat_ids: list[int],
    first_directory: int,
    first_mini_fat: int,
    mini_fat_sectors: int,
    difat_ids: list[int],
) -> bytes:
    difat = fat_ids[:_HEADER_DIFAT_ENTRIES]
    difat = difat + [_FREESECT] * (_HEADER_DIFAT_ENTRIES - len(difat))
    header = (
        _SIGNATURE
        + bytes(16)  # header CLSID
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)  # versions, byte order, shifts
        + bytes(6)  # reserved
        + struct.pack(
            "<IIIIIIIII",
            0,  # number of directory sectors: always 0 in version 3
            len(fat_ids),
            first_directory,
            0,  # transaction signature
            MINI_STREAM_CUTOFF,
            first_mini_fat if mini_fat_sectors else _ENDOFCHAIN,
            mini_fat_sectors,
            difat_ids[0] if difat_ids else _ENDOFCHAIN,
            len(difat_ids),
        )
        + _pack_ids(difat)
    )
    assert len(header) == SECTOR_SIZE
    return header


def _entry_bytes(node: _Node, root_clsid: bytes) -> bytes:
    encoded = node.name.encode("utf-16-le") + b"\x00\x00"
    clsid = root_clsid if node.kind == _ROOT else bytes(16)
    start = node.start if node.kind in (_STREAM, _ROOT) else 0
    size = node.size if node.kind in (_STREAM, _ROOT) else 0
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBB", len(encoded), node.kind, node.color)
        + struct.pack("<III", node.left, node.right, node.child)
        + clsid
        + struct.pack("<I", 0)  # state bits
        + bytes(16)  # creation and modification times
        + struct.pack("<IQ", start, size)
    )


def _free_entry() -> bytes:
    return bytes(66) + struct.pack("<BB", 0, 0) + struct.pack("<III", *[_NOSTREAM] * 3) + bytes(48)


def _pack_ids(ids: list[int]) -> bytes:
    return struct.pack(f"<{len(ids)}I", *ids)
