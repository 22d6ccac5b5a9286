"""CSV export: formula payloads neutralised, numbers left alone, BOM and CRLF, parses back."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from dashboard.app.export import escape_cell, to_csv_bytes


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+cmd", "'+cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-cmd", "'-cmd"),
        ("-1+2", "'-1+2"),
        ("-", "'-"),
        ("=1+1", "'=1+1"),
        ("-1", "-1"),  # a plain negative number as text is data, not a formula
        ("-2.5", "-2.5"),
        ("-1,234.5", "-1,234.5"),
        ("Caerffili", "Caerffili"),
        ("a=b", "a=b"),  # only the first character matters
        ("", ""),
        (date(2024, 4, 1), "2024-04-01"),
        (pd.Timestamp("2024-04-01"), "2024-04-01"),
        (pd.Timestamp("2024-04-01 09:30"), "2024-04-01 09:30:00"),
        (True, "True"),
    ],
)
def test_escape_cell_text(cell, expected):
    assert escape_cell(cell) == expected


@pytest.mark.parametrize(
    "number", [-1, -2.5, 0, 1204, 0.027, np.int64(-1), np.float64(-2.5), Decimal("-3.1")]
)
def test_escape_cell_leaves_numbers_alone(number):
    result = escape_cell(number)
    assert result == number and type(result) is type(number)


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA, pd.NaT])
def test_escape_cell_writes_missing_as_empty(missing):
    assert escape_cell(missing) == ""


def _rows(payload: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(payload.decode("utf-8-sig"), newline="")))


def test_to_csv_bytes_escapes_every_cell_and_header_and_parses_back():
    df = pd.DataFrame(
        {
            "=area": ["Caerffili", '=HYPERLINK("http://x","y")', "+cmd", "@SUM(A1)", "\tx"],
            "crimes": [12, -1, 0, 7, 3],
            "change": ["-1", "-2.5", "-1+2", None, "\rx"],
            "rate": [0.5, -2.5, np.nan, 0.25, 1.0],
        }
    )
    payload = to_csv_bytes(df)
    assert payload.startswith(b"\xef\xbb\xbf")  # the BOM, so Excel reads UTF-8
    assert _rows(payload) == [
        ["'=area", "crimes", "change", "rate"],
        ["Caerffili", "12", "-1", "0.5"],
        ['\'=HYPERLINK("http://x","y")', "-1", "-2.5", "-2.5"],
        ["'+cmd", "0", "'-1+2", ""],
        ["'@SUM(A1)", "7", "", "0.25"],
        ["'\tx", "3", "'\rx", "1.0"],
    ]


def test_to_csv_bytes_uses_crlf_and_keeps_welsh_letters():
    payload = to_csv_bytes(pd.DataFrame({"ardal": ["Sir Fynwy", "Tŷ Ddewi"], "n": [1, 2]}))
    text = payload.decode("utf-8-sig")
    assert text == "ardal,n\r\nSir Fynwy,1\r\nTŷ Ddewi,2\r\n"


def test_to_csv_bytes_writes_comment_lines_first_and_escapes_them():
    lines = ["# Data version v0003, as at 2025-03-31; period April 2024 to March 2025", "=cmd"]
    payload = to_csv_bytes(pd.DataFrame({"n": [5]}), header_comment_lines=lines)
    assert _rows(payload) == [[lines[0]], ["'=cmd"], ["n"], ["5"]]


def test_to_csv_bytes_of_an_empty_table_has_just_the_header():
    assert _rows(to_csv_bytes(pd.DataFrame({"a": [], "b": []}))) == [["a", "b"]]
