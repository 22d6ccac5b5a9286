"""The sizes and shapes an upload may have, checked before anything large is read.

Every limit is here, generous for a real extract: a national extract of 10 million crimes is
about 2.3 GB of CSV in eight files (the 1-million-crime synthetic extract is 230 MB; its widest
table has 14 columns, its longest line 199 bytes, and it compresses about 5 to 1). Anything
beyond them is refused with a rule naming the file (and the line), never loaded.
"""

from __future__ import annotations

import os
import stat
import struct
from pathlib import Path

# Bytes all the files of one upload may hold, unpacked (plain and compressed alike).
MAX_UPLOAD_BYTES = 4 * 1024**3
# A compressed file (zip member or .gz) unpacking to more than this many times its packed size,
# once past the floor, is a zip bomb: real extracts compress about 5:1.
MAX_COMPRESSION_RATIO = 100
RATIO_FLOOR_BYTES = 1024**2
# Files in one .zip (ten tables at most, the synth marker and a few folders or __MACOSX entries).
MAX_ZIP_MEMBERS = 1000
# Columns in a header: the contract's widest table has 14; unknown extra columns are ignored.
MAX_COLUMNS = 1000
# Bytes in one line of a file (a crime row is about 200).
MAX_LINE_BYTES = 1024**2
# Lines in one file: five times the crimes of a 10-million-crime extract.
MAX_LINES = 50_000_000
# The `flightdeck synth` marker is a few hundred bytes.
MAX_MARKER_BYTES = 64 * 1024

_EOCD = b"PK\x05\x06"  # end of a zip's central directory: 22 bytes and a comment up to 64 kB
_EOCD_TAIL = 22 + 0xFFFF


def size_text(n: int) -> str:
    """`4.29e+09` bytes as `4 GB`: the unit a person reads."""
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("kB", 1024)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n} bytes"


def path_kind(path: Path) -> str | None:
    """'file', 'folder', or None for anything else (a pipe, a device, a socket): found by `stat`,
    which opens nothing, so a named pipe or /dev/zero is refused before it is read."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return "file"
    return "folder" if stat.S_ISDIR(mode) else None


def zip_members(path: Path) -> int | None:
    """The number of members a zip's end record declares, read from its last 64 kB before
    `zipfile` reads its directory; None when there is no end record (not a zip)."""
    size = path.stat().st_size
    with path.open("rb") as f:
        f.seek(max(0, size - _EOCD_TAIL))
        tail = f.read()
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        return None
    # A zip64 archive says 0xFFFF here when it holds more: beyond the limit either way.
    return struct.unpack_from("<H", tail, at + 10)[0]


def ratio_too_high(unpacked: int, packed: int) -> bool:
    """Whether `unpacked` bytes from `packed` exceed the ratio (past the floor)."""
    return unpacked > RATIO_FLOOR_BYTES and unpacked > MAX_COMPRESSION_RATIO * max(packed, 1)


def long_line(data: bytes) -> tuple[int, int] | None:
    """(line number, length) of the first line longer than MAX_LINE_BYTES, else None.

    Every line is at most the limit when every run of limit/2 bytes holds a line end: that
    takes one `find` per half-megabyte, which stops at the first line end (a few hundred bytes
    in). Only a run without one is measured whole.
    """
    step = MAX_LINE_BYTES // 2
    for start in range(0, len(data), step):
        if data.find(b"\n", start, start + step) >= 0 or data.find(b"\r", start, start + step) >= 0:
            continue  # (a bare CR ends a line too, for the csv readers)
        begin = data.rfind(b"\n", 0, start) + 1
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        if end - begin > MAX_LINE_BYTES:
            return data.count(b"\n", 0, begin) + 1, end - begin
    return None
