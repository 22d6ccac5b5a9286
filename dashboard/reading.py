"""Turn the paths an analyst gives (folders, CSV, CSV.GZ, ZIP) into decoded files, one per table."""

from __future__ import annotations

import gzip
import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from dashboard.contract import TABLES
from dashboard.i18n import t
from dashboard.report import Report

SYNTH_MARKER = "flightdeck-synth.json"
BOM = b"\xef\xbb\xbf"


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


def _members(path: Path, report: Report) -> list[tuple[str, bytes]]:
    """(display name, raw bytes) of each file a path stands for."""
    if path.is_dir():
        return [
            (p.name, p.read_bytes())
            for p in sorted(path.iterdir())
            if p.is_file() and not p.name.startswith(".") and p.name != SYNTH_MARKER
        ]
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as zf:
                return [
                    (f"{path.name}/{info.filename}", zf.read(info))
                    for info in zf.infolist()
                    if not info.is_dir() and _wanted_member(info.filename)
                ]
        except zipfile.BadZipFile:
            report.error(str(path), None, None, None, t("rule.bad_zip"))
            return []
    return [(path.name, path.read_bytes())]


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
                for name in zf.namelist():
                    if PurePosixPath(name).name == SYNTH_MARKER:
                        hashes |= _marker_hashes(zf.read(name))
        except zipfile.BadZipFile:
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
    for path in paths:
        if not path.exists():
            report.error(str(path), None, None, None, t("rule.no_such_path"))
            continue
        vouched = _synthetic_hashes(path)
        for name, raw in _members(path, report):
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
                    raw = gzip.decompress(raw)
                except (OSError, EOFError):
                    report.error(name, None, None, None, t("rule.bad_gzip"))
                    continue
            decoded = decode(raw)
            if decoded is None:
                report.error(name, None, None, None, t("rule.bad_encoding"))
                continue
            data, encoding = decoded
            files.append(InputFile(name, table, data, sha, encoding, sha in vouched))
    return files
