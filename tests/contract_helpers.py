"""Small helpers for contract tests: write files, prepare an upload, read parsed values."""

from __future__ import annotations

from pathlib import Path

from dashboard.ingest import pipeline
from dashboard.store.versions import Store

CRIMES_HEADER = "crime_ref,reported_date,recorded_date,ho_offence_code"


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def prepare(tmp_path: Path, files: dict[str, str | bytes], store: Store | None = None):
    """Write `files` into a fresh folder and prepare them against `store` (empty by default)."""
    folder = tmp_path / f"upload{len(list(tmp_path.glob('upload*')))}"
    folder.mkdir()
    for name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / name).write_bytes(data)
    return pipeline.prepare(store or Store(tmp_path / "store"), [folder])


def column(upload, table: str, name: str) -> list:
    return upload.parsed[table].typed.column(name).to_pylist()


def problems(upload, severity: str = "error") -> list[tuple]:
    """(file, line, column, value) of each listed problem of a severity."""
    return [
        (p.file, p.line, p.column, p.value)
        for p in upload.report.sorted()
        if p.severity == severity
    ]


def crimes(*rows: str, header: str = CRIMES_HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"
