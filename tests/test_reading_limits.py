"""Uploads are bounded: a zip or gzip bomb, a file too big, too wide, with too long a line or too
many lines, or a pipe or device, is refused, naming the file, before it fills memory."""

from __future__ import annotations

import gzip
import io
import os
import zipfile
from pathlib import Path

import pytest

from dashboard.ingest import csvread, limits, reading
from dashboard.ingest.report import Report
from tests.contract_helpers import crimes, prepare

OUTCOMES = "crime_ref,outcome_code,outcome_date\n"


def _zip(tmp_path, members: dict[str, bytes], method=zipfile.ZIP_DEFLATED):
    path = tmp_path / "week.zip"
    with zipfile.ZipFile(path, "w", compression=method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_zip_over_the_size_limit_is_refused_by_its_declared_size(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_UPLOAD_BYTES", 1000)
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
    monkeypatch.setattr(limits, "MAX_UPLOAD_BYTES", 1000)
    text = crimes(*(f"C{i},2024-04-01,2024-04-02,19C" for i in range(100))).encode()
    (tmp_path / "crimes.csv.gz").write_bytes(gzip.compress(text))
    report = Report()
    assert reading.collect([tmp_path / "crimes.csv.gz"], report) == []
    assert report.errors[0].file == "crimes.csv.gz" and "limit" in report.errors[0].rule


def test_the_limit_counts_every_file_of_an_upload(tmp_path, monkeypatch):
    text = crimes(*(f"C{i},2024-04-01,2024-04-02,19C" for i in range(100))).encode()
    monkeypatch.setattr(limits, "MAX_UPLOAD_BYTES", len(text) + 100)
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


def test_a_plain_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    text = crimes(*(f"C{i},2024-04-01,2024-04-02,19C" for i in range(100))).encode()
    (tmp_path / "crimes.csv").write_bytes(text)
    monkeypatch.setattr(limits, "MAX_UPLOAD_BYTES", len(text) - 1)
    read = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self))
    report = Report()
    assert reading.collect([tmp_path / "crimes.csv"], report) == []
    [problem] = report.errors
    assert problem.file == "crimes.csv" and "limit" in problem.rule and read == []


def test_a_gzip_bomb_is_stopped_at_the_ratio_while_unpacking(tmp_path):
    # A gzip declares no size to trust: it is stopped once it passes the ratio.
    (tmp_path / "crimes.csv.gz").write_bytes(gzip.compress(b"crime_ref\n" + b"," * 20_000_000))
    report = Report()
    assert reading.collect([tmp_path / "crimes.csv.gz"], report) == []
    assert report.errors[0].file == "crimes.csv.gz" and "compress" in report.errors[0].rule


def test_a_zip_of_too_many_members_is_refused_before_its_directory_is_read(tmp_path, monkeypatch):
    path = _zip(tmp_path, {f"junk/{i}.txt": b"" for i in range(limits.MAX_ZIP_MEMBERS + 1)})
    monkeypatch.setattr(zipfile, "ZipFile", lambda *a, **k: pytest.fail("directory read"))
    report = Report()
    assert reading.collect([path], report) == []
    [problem] = report.errors
    assert problem.file == "week.zip" and "1,001 files" in problem.rule


@pytest.mark.parametrize("where", ["path", "in a folder"])
def test_a_named_pipe_is_refused_without_being_opened(tmp_path, where):
    # Opening a pipe with no writer would block for ever: the refusal comes from stat alone.
    folder = tmp_path / "upload"
    folder.mkdir()
    os.mkfifo(folder / "crimes.csv")
    report = Report()
    assert reading.collect([folder / "crimes.csv" if where == "path" else folder], report) == []
    [problem] = report.errors
    assert problem.file.endswith("crimes.csv") and "Not a regular file" in problem.rule


def test_a_device_is_refused_without_being_read():
    report = Report()
    assert reading.collect([Path("/dev/zero")], report) == []
    assert [(p.file, "Not a regular file" in p.rule) for p in report.errors] == [
        ("/dev/zero", True)
    ]


def test_a_header_wider_than_the_limit_refuses_the_file(tmp_path):
    extra = ",".join(f"x{i}" for i in range(limits.MAX_COLUMNS))
    header = "crime_ref,reported_date,recorded_date,ho_offence_code," + extra
    text = crimes("C1,2024-04-01,2024-04-02,19C" + "," * limits.MAX_COLUMNS, header=header)
    up = prepare(tmp_path, {"crimes.csv": text})
    [problem] = up.report.errors
    assert (problem.file, problem.line) == ("crimes.csv", 1)
    assert "1,004 columns, more than the limit of 1,000" in problem.rule
    assert not up.can_commit(accept_invalid=True)


def test_a_line_longer_than_the_limit_refuses_the_file_naming_the_line(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_LINE_BYTES", 64)
    text = crimes("C1,2024-04-01,2024-04-02,19C", "C2,2024-04-01,2024-04-02,19C", "C3" + "x" * 100)
    up = prepare(tmp_path, {"crimes.csv": text})
    [problem] = up.report.errors
    assert (problem.file, problem.line) == ("crimes.csv", 4) and "limit" in problem.rule
    assert not up.can_commit(accept_invalid=True)


def test_a_file_without_line_ends_is_refused_as_one_long_line():
    assert limits.long_line(b"x" * (3 * limits.MAX_LINE_BYTES)) == (1, 3 * limits.MAX_LINE_BYTES)
    lines = (b"y" * 100 + b"\n") * 30_000  # 3 MB of short lines
    assert limits.long_line(lines) is None
    assert limits.long_line(lines + b"z" * (limits.MAX_LINE_BYTES + 1)) == (
        30_001,
        limits.MAX_LINE_BYTES + 1,
    )


def test_too_many_lines_refuse_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_LINES", 3)
    text = crimes(*(f"C{i},2024-04-01,2024-04-02,19C" for i in range(3)))
    up = prepare(tmp_path, {"crimes.csv": text})
    [problem] = up.report.errors
    assert problem.file == "crimes.csv" and "4 lines, more than the limit of 3" in problem.rule


def test_columns_outside_the_contract_are_not_read(tmp_path):
    text = crimes("C1,2024-04-01,2024-04-02,x,19C", header=_header_with("notes"))
    report = Report()
    file = reading.collect([_file(tmp_path, text)], report)[0]
    raw = csvread.read_strings(file, report, {"crime_ref", "ho_offence_code"}.__contains__)
    assert raw.strings.column_names == ["f0", "f4"] and raw.column(4).to_pylist() == ["19C"]


def test_a_row_with_an_extra_field_is_still_refused_when_columns_are_skipped(tmp_path):
    text = crimes("C1,2024-04-01,2024-04-02,x,19C,extra", header=_header_with("notes"))
    up = prepare(tmp_path, {"crimes.csv": text})
    assert [(p.line, "6 fields" in p.rule) for p in up.report.errors] == [(2, True)]


def _header_with(extra: str) -> str:
    return f"crime_ref,reported_date,recorded_date,{extra},ho_offence_code"


def _file(tmp_path, text: str) -> Path:
    path = tmp_path / "crimes.csv"
    path.write_text(text)
    return path
