"""Turn the paths an analyst gives (folders, CSV, CSV.GZ, ZIP) into decoded files, one per table."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from dashboard.i18n import t
from dashboard.ingest.contract import TABLES
from dashboard.ingest.report import Report

SYNTH_MARKER = "flightdeck-synth.json"
BOM = b"\xef\xbb\xbf"
# Bytes the .zip and .gz files of one upload may unpack to, in all: far beyond any real extract
# (the bundled synthetic year is under 3 MB), small enough that a zip bomb is refused, not loaded.
MAX_DECOMPRESSED_BYTES = 4 * 1024**3
# Real extracts compress about 5:1 and a file of identical rows about 350:1; a zip member declaring
# more than this (and over the floor) is refused before it is read.
MAX_COMPRESSION_RATIO = 500
RATIO_FLOOR_BYTES = 1024**2
_CHUNK = 1 << 20
_BAD_ZIP = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)


@dataclass
class InputFile:
    """One uploaded file: display name, table, UTF-8 bytes, SHA-256 of the bytes as given."""

    name: str
    table: str
    data: bytes
    sha256: str
    encoding: str
    synthetic: bool = False


def table_for(filename: str) -> str | None:
    """The table a file name stands for (`Crimes.CSV.gz` -> crimes), or None."""
    lower = PurePosixPath(filename).name.lower()
    for suffix in (".csv.gz", ".csv"):
        if lower.endswith(suffix):
            stem = lower[: -len(suffix)]
            return stem if stem in TABLES else None
    return None


def decode(data: bytes) -> tuple[bytes, str] | None:
    """UTF-8 bytes without BOM and the encoding found; None when neither UTF-8 nor Windows-1252."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        data.decode("utf-8")
        return data, encoding
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252").encode("utf-8"), "windows-1252"
    except UnicodeDecodeError:
        return None


class _Budget:
    """The decompressed bytes an upload may still produce."""

    def __init__(self) -> None:
        self.left = MAX_DECOMPRESSED_BYTES

    def refuse(self, name: str, report: Report) -> None:
        report.error(
            name, None, None, None, t("rule.too_large", limit=_size(MAX_DECOMPRESSED_BYTES))
        )


def _size(n: int) -> str:
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("kB", 1024)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n} bytes"


def _members(path: Path, report: Report, budget: _Budget) -> list[tuple[str, bytes]]:
    """(display name, raw bytes) of each file a path stands for; not read when not a table's."""
    if path.is_dir():
        return [
            (p.name, p.read_bytes() if table_for(p.name) else b"")
            for p in sorted(path.iterdir())
            if p.is_file() and not p.name.startswith(".") and p.name != SYNTH_MARKER
        ]
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as zf:
                members = [
                    _unzip(zf, info, f"{path.name}/{info.filename}", report, budget)
                    for info in zf.infolist()
                    if not info.is_dir() and _wanted_member(info.filename)
                ]
                return [m for m in members if m is not None]
        except _BAD_ZIP:
            report.error(str(path), None, None, None, t("rule.bad_zip"))
            return []
    return [(path.name, path.read_bytes())]


def _unzip(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, report: Report, budget: _Budget):
    """A member's bytes, checked against its declared size and ratio first; None if refused."""
    if table_for(name) is None:
        return name, b""  # refused by name in collect(): no need to unpack it
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_COMPRESSION_RATIO:
        report.error(name, None, None, None, t("rule.compression_ratio", ratio=f"{ratio:.0f}"))
        return None
    if info.file_size > budget.left:
        budget.refuse(name, report)
        return None
    with zf.open(info) as member:  # stops at the declared size (a lie fails the CRC check)
        data = member.read()
    budget.left -= len(data)
    return name, data


def _gunzip(raw: bytes, budget: _Budget) -> bytes | None:
    """The unpacked bytes, read a chunk at a time; None once they would go beyond the budget."""
    chunks, total = [], 0
    with gzip.GzipFile(fileobj=io.BytesIO(raw)) as gz:
        while chunk := gz.read(_CHUNK):
            total += len(chunk)
            if total > budget.left:
                return None
            chunks.append(chunk)
    budget.left -= total
    return b"".join(chunks)


def _wanted_member(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return not any(p.startswith((".", "__MACOSX")) for p in parts) and parts[-1] != SYNTH_MARKER


def _synthetic_hashes(path: Path) -> set[str]:
    """SHA-256s that a `flightdeck synth` marker next to (or inside) the path vouches for."""
    folder = path if path.is_dir() else path.parent
    marker = folder / SYNTH_MARKER
    hashes: set[str] = set()
    if marker.is_file():
        hashes |= _marker_hashes(marker.read_bytes())
    if path.is_file() and path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as zf:
                for info in zf.infolist():
                    small = info.file_size <= RATIO_FLOOR_BYTES  # a marker is a few hundred bytes
                    if PurePosixPath(info.filename).name == SYNTH_MARKER and small:
                        hashes |= _marker_hashes(zf.read(info))
        except _BAD_ZIP:
            pass
    return hashes


def _marker_hashes(raw: bytes) -> set[str]:
    try:
        marker = json.loads(raw)
        if marker.get("generator") == "flightdeck synth":
            return {str(h) for h in marker.get("files", {}).values()}
    except (ValueError, AttributeError):
        pass
    return set()


def collect(paths: list[Path], report: Report) -> list[InputFile]:
    """Read every path into InputFiles, reporting bad names, encodings and duplicate tables."""
    files: list[InputFile] = []
    seen: dict[str, str] = {}
    budget = _Budget()
    for path in paths:
        if not path.exists():
            report.error(str(path), None, None, None, t("rule.no_such_path"))
            continue
        vouched = _synthetic_hashes(path)
        for name, raw in _members(path, report, budget):
            table = table_for(name)
            if table is None:
                accepted = ", ".join(f"{n}.csv" for n in TABLES)
                report.error(name, None, None, None, t("rule.bad_file_name", tables=accepted))
                continue
            if table in seen:
                report.error(name, None, None, None, t("rule.duplicate_table", other=seen[table]))
                continue
            seen[table] = name
            sha = hashlib.sha256(raw).hexdigest()
            if name.lower().endswith(".gz"):
                try:
                    raw = _gunzip(raw, budget)
                except (OSError, EOFError, zlib.error):
                    report.error(name, None, None, None, t("rule.bad_gzip"))
                    continue
                if raw is None:
                    budget.refuse(name, report)
                    continue
            decoded = decode(raw)
            if decoded is None:
                report.error(name, None, None, None, t("rule.bad_encoding"))
                continue
            data, encoding = decoded
            files.append(InputFile(name, table, data, sha, encoding, sha in vouched))
    return files
