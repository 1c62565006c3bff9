"""Just enough of the OLE compound file format (old .xls, encrypted Office files) to list its streams.

Every chain is followed with its loop check and every count checked against
the file's size: this runs on untrusted files before any other reader sees them.
"""

from __future__ import annotations

import struct

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_MAX_SECTOR = 0xFFFFFFFA


class CfbError(ValueError):
    """The compound file is damaged."""


def _sector(data: bytes, index: int, size: int) -> bytes:
    start = (index + 1) * size
    if index > _MAX_SECTOR or start + size > len(data):
        raise CfbError(f"sector {index} out of range")
    return data[start:start + size]


def _fat(data: bytes, size: int) -> list[int]:
    """The sector allocation table, gathered through the header's and the chained DIFAT.

    Every count and chain is checked against the file's own size before it is
    followed: a DIFAT chain that loops, or a count of 2**32-1, is damage, not
    a reason to grow a list until memory runs out.
    """
    sectors = len(data) // size - 1  # sectors the file really holds, after the header
    count = struct.unpack_from("<I", data, 0x2C)[0]
    difat, difat_count = struct.unpack_from("<II", data, 0x44)
    if count > sectors or (difat_count > sectors and difat < _MAX_SECTOR):
        raise CfbError("table counts larger than the file")
    fat_sectors = list(struct.unpack_from("<109I", data, 0x4C))
    visited: set[int] = set()
    while difat < _MAX_SECTOR and len(visited) < difat_count:
        if difat in visited:
            raise CfbError("DIFAT chain loops")
        visited.add(difat)
        entries = struct.unpack(f"<{size // 4}I", _sector(data, difat, size))
        fat_sectors.extend(entries[:-1])
        difat = entries[-1]
    fat: list[int] = []
    used: set[int] = set()
    for index in fat_sectors[:count]:
        if index >= _MAX_SECTOR:
            continue
        if index in used:
            raise CfbError("a FAT sector listed twice")
        used.add(index)
        fat.extend(struct.unpack(f"<{size // 4}I", _sector(data, index, size)))
    return fat


def stream_names(data: bytes) -> list[str]:
    """Names of the storages and streams in an OLE compound file held in `data`."""
    if len(data) < 512 or not data.startswith(MAGIC):
        raise CfbError("not a compound file")
    shift = struct.unpack_from("<H", data, 0x1E)[0]
    if shift not in (9, 12):
        raise CfbError("bad sector size")
    size = 1 << shift
    fat = _fat(data, size)
    names: list[str] = []
    sector = struct.unpack_from("<I", data, 0x30)[0]
    visited: set[int] = set()
    while sector != _END_OF_CHAIN:
        if sector in visited or len(visited) > len(fat):
            raise CfbError("directory chain loops")
        visited.add(sector)
        block = _sector(data, sector, size)
        for offset in range(0, size, 128):
            length = struct.unpack_from("<H", block, offset + 0x40)[0]
            kind = block[offset + 0x42]
            if kind in (1, 2, 5) and 2 <= length <= 64:
                names.append(block[offset:offset + length - 2].decode("utf-16-le", "replace"))
        if sector >= len(fat):
            raise CfbError("directory chain leaves the table")
        sector = fat[sector]
    return names
