"""Compressed uploads are bounded: a zip or gzip bomb is refused, naming the file, before it fills
memory."""

from __future__ import annotations

import gzip
import io
import zipfile

from dashboard.ingest import reading
from dashboard.ingest.report import Report
from tests.contract_helpers import crimes

OUTCOMES = "crime_ref,outcome_code,outcome_date\n"


def _zip(tmp_path, members: dict[str, bytes], method=zipfile.ZIP_DEFLATED):
    path = tmp_path / "week.zip"
    with zipfile.ZipFile(path, "w", compression=method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_zip_over_the_size_limit_is_refused_by_its_declared_size(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_DECOMPRESSED_BYTES", 1000)
    text = crimes(*(f"C{i},2024-04-01,2024-04-02,19C" for i in range(100))).encode()
    path = _zip(tmp_path, {"crimes.csv": text}, zipfile.ZIP_STORED)
    opened = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: opened.append(a))
    report = Report()
    assert reading.collect([path], report) == []
    [problem] = report.errors
    assert problem.file == "week.zip/crimes.csv" and "limit" in problem.rule
    assert opened == []  # refused before reading a byte of it


def test_zip_with_an_extreme_compression_ratio_is_refused(tmp_path):
    path = _zip(tmp_path, {"crimes.csv": b"crime_ref\n" + b"," * 5_000_000})
    report = Report()
    assert reading.collect([path], report) == []
    assert "compress" in report.errors[0].rule


def test_gzip_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_DECOMPRESSED_BYTES", 1000)
    text = crimes(*(f"C{i},2024-04-01,2024-04-02,19C" for i in range(100))).encode()
    (tmp_path / "crimes.csv.gz").write_bytes(gzip.compress(text))
    report = Report()
    assert reading.collect([tmp_path / "crimes.csv.gz"], report) == []
    assert report.errors[0].file == "crimes.csv.gz" and "limit" in report.errors[0].rule


def test_the_limit_counts_every_file_of_an_upload(tmp_path, monkeypatch):
    text = crimes(*(f"C{i},2024-04-01,2024-04-02,19C" for i in range(100))).encode()
    monkeypatch.setattr(reading, "MAX_DECOMPRESSED_BYTES", len(text) + 100)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("crimes.csv", text)
        zf.writestr("outcomes.csv.gz", gzip.compress(OUTCOMES.encode() * 20))
    (tmp_path / "week.zip").write_bytes(buf.getvalue())
    report = Report()
    files = reading.collect([tmp_path / "week.zip"], report)
    assert [f.table for f in files] == ["crimes"]
    assert report.errors[0].file == "week.zip/outcomes.csv.gz"


def test_files_within_the_limit_still_load(tmp_path):
    text = crimes("C1,2024-04-01,2024-04-02,19C").encode()
    path = _zip(tmp_path, {"crimes.csv.gz": gzip.compress(text)})
    report = Report()
    [file] = reading.collect([path], report)
    assert not report.has_errors and file.data == text
