"""Turn the paths an analyst gives (folders, CSV, CSV.GZ, ZIP) into decoded files, one per table."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import json
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from dashboard.i18n import t
from dashboard.ingest import limits
from dashboard.ingest.contract import TABLES
from dashboard.ingest.report import Report

SYNTH_MARKER = "flightdeck-synth.json"
BOM = b"\xef\xbb\xbf"
_CHUNK = 1 << 20
_BAD_ZIP = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError)


@dataclass
class InputFile:
    """One uploaded file: display name, table, UTF-8 bytes, SHA-256 of the bytes as given.

    `markers` are the `flightdeck synth` markers found with it (a claim, not a proof);
    `synthetic` is set only by `synthetic.prove`, from the file's bytes.
    """

    name: str
    table: str
    data: bytes
    sha256: str
    encoding: str
    markers: tuple[dict, ...] = ()
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
    if _is_utf8(data):
        return data, encoding
    try:
        return data.decode("cp1252").encode("utf-8"), "windows-1252"
    except UnicodeDecodeError:
        return None


def _is_utf8(data: bytes) -> bool:
    """Whether the bytes are UTF-8, checked a megabyte at a time (no copy of the whole file)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), _CHUNK):
            decoder.decode(view[start : start + _CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


class _Budget:
    """The bytes an upload may still hold, unpacked (limits.MAX_UPLOAD_BYTES in all)."""

    def __init__(self) -> None:
        self.left = limits.MAX_UPLOAD_BYTES

    def refuse(self, name: str, report: Report, compressed: bool = True) -> None:
        key = "rule.too_large" if compressed else "rule.upload_too_large"
        report.error(
            name, None, None, None, t(key, limit=limits.size_text(limits.MAX_UPLOAD_BYTES))
        )


def _refuse_ratio(name: str, report: Report, ratio: float) -> None:
    report.error(name, None, None, None, t("rule.compression_ratio", ratio=f"{ratio:.0f}"))


def _members(path: Path, report: Report, budget: _Budget) -> list[tuple[str, bytes]]:
    """(display name, raw bytes) of each file a path stands for; not read when not a table's.

    Only regular files are opened; each is measured against the budget before it is read.
    """
    if limits.path_kind(path) == "folder":
        members = []
        for p in sorted(path.iterdir()):
            if p.name.startswith(".") or p.name == SYNTH_MARKER:
                continue
            kind = limits.path_kind(p)
            if kind == "file" or (kind is None and table_for(p.name)):
                members.append(_plain(p, p.name, report, budget))
        return [m for m in members if m is not None]
    if path.suffix.lower() == ".zip":
        return _zip_members(path, report, budget)
    member = _plain(path, path.name, report, budget)
    return [] if member is None else [member]


def _plain(path: Path, name: str, report: Report, budget: _Budget) -> tuple[str, bytes] | None:
    """A file's bytes, if it is a regular file within the budget (unread when not a table's)."""
    if limits.path_kind(path) != "file":
        report.error(name, None, None, None, t("rule.not_a_regular_file"))
        return None
    if table_for(name) is None:
        return name, b""  # refused by name in collect(): no need to read it
    size = path.stat().st_size
    if size > budget.left:
        budget.refuse(name, report, compressed=False)
        return None
    if not name.lower().endswith(".gz"):  # a .gz counts what it unpacks to (see _gunzip)
        budget.left -= size
    return name, path.read_bytes()


def _zip_members(path: Path, report: Report, budget: _Budget) -> list[tuple[str, bytes]]:
    """The members of a zip, its declared member count checked before its directory is read."""
    try:
        count = limits.zip_members(path)
        if count is None:
            raise zipfile.BadZipFile
        if count > limits.MAX_ZIP_MEMBERS:
            rule = t("rule.too_many_members", count=f"{count:,}", limit=limits.MAX_ZIP_MEMBERS)
            report.error(path.name, None, None, None, rule)
            return []
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


def _unzip(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, report: Report, budget: _Budget):
    """A member's bytes, checked against its declared size and ratio first; None if refused."""
    if table_for(name) is None:
        return name, b""  # refused by name in collect(): no need to unpack it
    if limits.ratio_too_high(info.file_size, info.compress_size):
        _refuse_ratio(name, report, info.file_size / max(info.compress_size, 1))
        return None
    if info.file_size > budget.left:
        budget.refuse(name, report)
        return None
    with zf.open(info) as member:  # stops at the declared size (a lie fails the CRC check)
        data = member.read()
    budget.left -= len(data)
    return name, data


def _gunzip(raw: bytes, name: str, report: Report, budget: _Budget) -> bytes | None:
    """The unpacked bytes, read a chunk at a time; None (reported) once they would go beyond
    the budget or the compression ratio (a gzip declares no trustworthy size)."""
    out, total = io.BytesIO(), 0
    with gzip.GzipFile(fileobj=io.BytesIO(raw)) as gz:
        while chunk := gz.read(_CHUNK):
            total += len(chunk)
            if limits.ratio_too_high(total, len(raw)):
                _refuse_ratio(name, report, total / max(len(raw), 1))
                return None
            if total > budget.left:
                budget.refuse(name, report)
                return None
            out.write(chunk)
    budget.left -= total
    return out.getvalue()


def _wanted_member(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return not any(p.startswith((".", "__MACOSX")) for p in parts) and parts[-1] != SYNTH_MARKER


def _markers(path: Path) -> tuple[dict, ...]:
    """The `flightdeck synth` markers next to (or inside) the path: what they claim about the
    files is checked by `synthetic.prove`, never taken on trust."""
    folder = path if path.is_dir() else path.parent
    marker = folder / SYNTH_MARKER
    found: list[dict] = []
    small = limits.MAX_MARKER_BYTES  # a marker is a few hundred bytes: a big one is ignored
    if limits.path_kind(marker) == "file" and marker.stat().st_size <= small:
        found += _marker(marker.read_bytes())
    if limits.path_kind(path) == "file" and path.suffix.lower() == ".zip":
        count = limits.zip_members(path)
        if count is None or count > limits.MAX_ZIP_MEMBERS:
            return tuple(found)  # refused (or not a zip): reported by collect()
        try:
            with zipfile.ZipFile(path) as zf:
                for info in zf.infolist():
                    small = info.file_size <= limits.MAX_MARKER_BYTES
                    if PurePosixPath(info.filename).name == SYNTH_MARKER and small:
                        found += _marker(zf.read(info))
        except _BAD_ZIP:
            pass
    return tuple(found)


def _marker(raw: bytes) -> list[dict]:
    """The marker as a dict (in a list), or nothing when it is not one of `flightdeck synth`'s."""
    try:
        marker = json.loads(raw)
    except ValueError:
        return []
    if isinstance(marker, dict) and marker.get("generator") == "flightdeck synth":
        return [marker]
    return []


def collect(paths: list[Path], report: Report) -> list[InputFile]:
    """Read every path into InputFiles, reporting bad names, encodings and duplicate tables."""
    files: list[InputFile] = []
    seen: dict[str, str] = {}
    budget = _Budget()
    for path in paths:
        if not path.exists():
            report.error(str(path), None, None, None, t("rule.no_such_path"))
            continue
        if limits.path_kind(path) is None:  # a pipe or a device: refused before it is opened
            report.error(str(path), None, None, None, t("rule.not_a_regular_file"))
            continue
        markers = _markers(path)
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
                    raw = _gunzip(raw, name, report, budget)
                except (OSError, EOFError, zlib.error):
                    report.error(name, None, None, None, t("rule.bad_gzip"))
                    continue
                if raw is None:
                    continue
            decoded = decode(raw)
            if decoded is None:
                report.error(name, None, None, None, t("rule.bad_encoding"))
                continue
            data, encoding = decoded
            files.append(InputFile(name, table, data, sha, encoding, markers=markers))
    return files
