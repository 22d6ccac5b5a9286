"""Loading the Home Office outcomes open data: every form a user will have, the quirks of the
published files, several years side by side, and malformed files refused with nothing changed.

The .xlsx and .ods workbooks are built here with the standard library (a workbook is a zip of
XML parts): neither openpyxl nor odfpy is a dependency, and python-calamine reads them back as it
reads the Home Office's own workbooks.
"""

from __future__ import annotations

import gzip
import hashlib
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from dashboard.national import loader
from dashboard.national.read import TABLE

FIXTURES = Path(__file__).parent / "fixtures" / "national"
SNAKE = FIXTURES / "outcomes-2017-18-snake.csv"
HOME_OFFICE = FIXTURES / "outcomes-2017-18-home-office.csv"
ROWS = 126  # data rows of each fixture; the trailing all-NA row is not loaded
HO_HEADERS = [
    "Financial Year",
    "Financial Quarter",
    "Force Name",
    "Offence Description",
    "Offence Group",
    "Offence Subgroup",
    "Offence Code",
    "Offence code expired",
    "Outcome Description",
    "Outcome Group",
    "Outcome Type",
    "Force outcomes for offences recorded in quarter",
    "Force outcomes recorded in quarter",
]


def rows_of(store_root: Path) -> list[dict]:
    """The current national table's rows, in a fixed order."""
    store = loader.national_store(store_root)
    rows = store.read_table(store.current_id(), TABLE).to_pylist()
    key = ("financial_year", "financial_quarter", "force_name", "offence_code", "outcome_type")
    return sorted(rows, key=lambda r: tuple(str(r[k]) for k in key))


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under a store folder with its content: to show that nothing changed."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def csv_lines(path: Path = SNAKE) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> list[dict]:
    """The snake_case fixture as loaded: every other form must load to exactly these rows."""
    root = tmp_path_factory.mktemp("reference")
    loader.load(root, [SNAKE])
    return rows_of(root)


# -- the forms a user will have ------------------------------------------------------------------


def test_snake_case_csv_loads_with_manifest(tmp_path, reference):
    result = loader.load(tmp_path, [SNAKE])
    assert (result.version, result.years, result.replaced) == ("v0001", ("2017/18",), ())
    store = loader.national_store(tmp_path)
    assert store.root == tmp_path / "national" and store.current_id() == "v0001"
    manifest = store.manifest("v0001")
    sha = hashlib.sha256(SNAKE.read_bytes()).hexdigest()
    assert manifest["files"] == [
        {
            "name": SNAKE.name,
            "sha256": sha,
            "rows": ROWS,
            "ignored_rows": 1,  # the trailing all-NA row
            "years": {"2017/18": ROWS},
            "sheets": [SNAKE.name],
        }
    ]
    assert manifest["years"] == {"2017/18": {"file": SNAKE.name, "sha256": sha, "rows": ROWS}}
    assert manifest["rows"] == ROWS and manifest["table"] == TABLE
    assert sorted(loader.current_manifest(tmp_path)["years"]) == ["2017/18"]
    assert len(reference) == ROWS


def test_values_are_typed_and_na_is_null(reference):
    gwent_19e_q1 = {
        r["outcome_type"]: (r["offences"], r["force_outcomes_recorded_in_quarter"])
        for r in reference
        if (r["force_name"], r["offence_code"], r["financial_quarter"]) == ("Gwent", "19E", 1)
    }
    # As published: outcome 0 has offences -1 (a net adjustment) and NA outcomes in quarter.
    assert gwent_19e_q1 == {
        "0": (-1, None),
        "1": (2, 4),
        "14": (1, 0),
        "15": (5, 1),
        "16": (2, 1),
        "18": (0, 0),
    }
    first = reference[0]
    assert first["offence_code_expired"] is None  # "NA" in the file
    assert first["offence_subgroup"] in ("Rape", "Other sexual offences")


def test_home_office_headers_padding_dashes_and_blanks_load_the_same(tmp_path, reference):
    raw = HOME_OFFICE.read_bytes()
    assert b" 6 " in raw and b",-00," in raw and b",\r\n" in raw  # the quirks are really there
    loader.load(tmp_path, [HOME_OFFICE])
    assert rows_of(tmp_path) == reference


def test_gzipped_csv_loads_the_same(tmp_path, reference):
    gz = tmp_path / "outcomes-2017-18.csv.gz"
    gz.write_bytes(gzip.compress(HOME_OFFICE.read_bytes()))
    result = loader.load(tmp_path / "store", [gz])
    assert result.files[0]["sha256"] == hashlib.sha256(gz.read_bytes()).hexdigest()
    assert rows_of(tmp_path / "store") == reference


def workbook_sheets() -> dict[str, list[list]]:
    """The fixture as the Home Office lays out a workbook: a cover sheet, a notes sheet, then the
    data sheet with title rows above the table. Numbers are numeric cells, except where the
    published quirks are text: padded counts, `-00`, `NA` and the all-NA last row."""
    rows = [line.split(",") for line in csv_lines(SNAKE)[1:]]
    body = []
    for i, row in enumerate(rows[:-1]):
        cells: list = list(row)
        cells[1], cells[10] = int(row[1]), int(row[10])
        for c in (11, 12):
            if row[c] == "NA":
                cells[c] = "NA" if i % 2 else None
            elif i % 3 == 0:
                cells[c] = "-00" if row[c] == "0" else f" {row[c]} "
            else:
                cells[c] = int(row[c])
        body.append(cells)
    return {
        "Cover_sheet": [
            ["Police recorded crime and outcomes open data tables"],
            ["Source: Home Office"],
        ],
        "Notes": [["Note number", "Note text"], ["1", "NA marks a missing count."]],
        "Outcomes_open_data_2017-18": [
            ["Crime outcomes open data, year ending March 2018"],
            [None],
            HO_HEADERS,
            *body,
            ["NA"] * len(HO_HEADERS),
        ],
    }


def test_xlsx_workbook_loads_the_same(tmp_path, reference):
    path = write_xlsx(tmp_path / "prc-outcomes-open-data-mar2018-tables.xlsx", workbook_sheets())
    result = loader.load(tmp_path / "store", [path])
    assert result.files[0]["sheets"] == [f"{path.name} [Outcomes_open_data_2017-18]"]
    assert result.files[0]["ignored_rows"] == 1
    assert rows_of(tmp_path / "store") == reference


def test_ods_workbook_loads_the_same(tmp_path, reference):
    path = write_ods(tmp_path / "prc-outcomes-open-data-mar2018-tables.ods", workbook_sheets())
    loader.load(tmp_path / "store", [path])
    assert rows_of(tmp_path / "store") == reference


def test_workbook_problem_is_placed_on_the_sheet_row(tmp_path):
    sheets = workbook_sheets()
    sheets["Outcomes_open_data_2017-18"][5][11] = "five"  # sheet row 6: rows 1-3 are above
    path = write_xlsx(tmp_path / "outcomes.xlsx", sheets)
    with pytest.raises(loader.LoadRefused) as refused:
        loader.load(tmp_path / "store", [path])
    text = [p.as_text() for p in refused.value.report.errors]
    assert text == [
        "error: outcomes.xlsx [Outcomes_open_data_2017-18]:6 [offences] 'five': Not a whole number."
    ]


def test_workbook_without_the_table_is_refused(tmp_path):
    sheets = workbook_sheets()
    sheets["Outcomes_open_data_2017-18"][2] = HO_HEADERS[:11]  # both count columns missing
    path = write_ods(tmp_path / "outcomes.ods", sheets)
    with pytest.raises(loader.LoadRefused) as refused:
        loader.load(tmp_path / "store", [path])
    errors = refused.value.report.errors
    assert {(p.file, p.line, p.column) for p in errors} == {
        ("outcomes.ods [Outcomes_open_data_2017-18]", 3, "offences"),
        ("outcomes.ods [Outcomes_open_data_2017-18]", 3, "force_outcomes_recorded_in_quarter"),
    }
    assert not (tmp_path / "store").exists()


def test_unreadable_workbook_is_refused(tmp_path):
    path = tmp_path / "outcomes.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(loader.LoadRefused) as refused:
        loader.load(tmp_path / "store", [path])
    assert "Cannot be read as a workbook" in refused.value.report.errors[0].rule


# -- several years side by side ----------------------------------------------------------------


def relabelled(tmp_path: Path, year: str, name: str, keep=lambda line: True) -> Path:
    """The fixture with its year relabelled (test data only: the published rows are 2017/18)."""
    lines = csv_lines(SNAKE)
    body = [line.replace("2017/18", year, 1) for line in lines[1:-1] if keep(line)]
    return write(tmp_path / name, [lines[0], *body, lines[-1]])


def test_years_load_side_by_side_and_a_reload_replaces_only_its_year(tmp_path):
    root = tmp_path / "store"
    later = relabelled(tmp_path, "2018/19", "later.csv")
    loader.load(root, [SNAKE])
    second = loader.load(root, [later])
    assert (second.version, second.held, second.replaced) == ("v0002", ("2017/18", "2018/19"), ())
    assert len(rows_of(root)) == 2 * ROWS

    gwent_only = relabelled(tmp_path, "2017/18", "gwent.csv", keep=lambda line: ",Gwent," in line)
    third = loader.load(root, [gwent_only])
    assert (third.version, third.replaced) == ("v0003", ("2017/18",))
    rows = rows_of(root)
    by_year = {y: {r["force_name"] for r in rows if r["financial_year"] == y} for y in second.held}
    assert by_year["2017/18"] == {"Gwent"}
    assert len(by_year["2018/19"]) == 5  # untouched
    manifest = loader.current_manifest(root)
    assert manifest["years"]["2017/18"]["file"] == "gwent.csv"
    assert manifest["years"]["2018/19"]["file"] == "later.csv"
    assert manifest["loaded_years"] == ["2017/18"] and manifest["replaced_years"] == ["2017/18"]
    assert [v["id"] for v in loader.national_store(root).versions()] == [
        "v0001",
        "v0002",
        "v0003",
    ]


def test_two_years_in_one_upload_make_one_version(tmp_path):
    later = relabelled(tmp_path, "2018/19", "later.csv")
    result = loader.load(tmp_path / "store", [SNAKE, later])
    assert (result.version, result.years) == ("v0001", ("2017/18", "2018/19"))


def test_the_same_file_again_changes_nothing(tmp_path):
    loader.load(tmp_path, [SNAKE])
    before = snapshot(tmp_path)
    again = loader.load(tmp_path, [SNAKE])
    assert again.noop and again.version == "v0001"
    assert snapshot(tmp_path) == before


# -- malformed files: refused with file, line and reason; nothing changes ------------------------


def header_renamed(lines):
    lines[0] = lines[0].replace(",offences,", ",offence_count,")
    return lines


def count_not_a_number(lines):
    lines[9] = lines[9][: lines[9].rindex(",")] + ",5x"
    return lines


def short_row(lines):
    lines[19] = lines[19][: lines[19].rindex(",")]
    return lines


def cell(line_index: int, column: int, value: str):
    def edit(lines):
        cells = lines[line_index].split(",")
        cells[column] = value
        lines[line_index] = ",".join(cells)
        return lines

    return edit


def na_row_in_the_middle(lines):
    lines[4] = ",".join(["NA"] * 13)
    return lines


def repeated_row(lines):
    return [*lines[:31], lines[30], *lines[31:]]


MALFORMED = {
    "wrong header": (header_renamed, 1, "offences", "A required column is missing"),
    "non-numeric count": (
        count_not_a_number,
        10,
        "force_outcomes_recorded_in_quarter",
        "Not a whole number",
    ),
    "short row": (short_row, 20, None, "This line has 12 fields where the header has 13"),
    "bad year": (cell(2, 0, "2017/19"), 3, "financial_year", "Not a financial year"),
    "bad quarter": (cell(3, 1, "5"), 4, "financial_quarter", "Not a financial quarter"),
    "bad outcome type": (cell(6, 10, "one"), 7, "outcome_type", "Not a Home Office outcome type"),
    "blank force": (cell(7, 2, " "), 8, "force_name", "A value is required"),
    # Only a trailing all-NA row is ignored; elsewhere its cells are checked (columns sort first).
    "all-NA row in the middle": (na_row_in_the_middle, 5, "financial_quarter", "Not a financial"),
    # Line 31 is Gwent's 19E outcome 18 row of quarter 1; line 32 repeats it.
    "repeated row": (repeated_row, 32, None, "Duplicate key (2017/18, 1, Gwent, 19E, Rape"),
    "header only": (lambda lines: lines[:1], None, None, "No data rows"),
}


@pytest.mark.parametrize("case", list(MALFORMED), ids=str)
def test_malformed_file_is_refused_and_nothing_changes(tmp_path, case):
    edit, line, column, reason = MALFORMED[case]
    root = tmp_path / "store"
    loader.load(root, [SNAKE])
    before = snapshot(root)
    bad = write(tmp_path / "bad.csv", edit(csv_lines()))
    with pytest.raises(loader.LoadRefused) as refused:
        loader.load(root, [bad])
    first = refused.value.report.sorted()[0]
    assert (first.file, first.line, first.column) == ("bad.csv", line, column)
    assert reason in first.rule
    assert "nothing was changed" in str(refused.value)
    assert snapshot(root) == before


def test_a_bad_file_refuses_the_whole_upload(tmp_path):
    later = relabelled(tmp_path, "2018/19", "later.csv")
    bad = write(tmp_path / "bad.csv", count_not_a_number(csv_lines()))
    with pytest.raises(loader.LoadRefused):
        loader.load(tmp_path / "store", [later, bad])
    assert not (tmp_path / "store").exists()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("outcomes.txt", b"financial_year\n", "Not a file type"),
        ("outcomes.csv.gz", b"not gzip", "Not a readable .gz file"),
        ("outcomes.csv", b"\xff\xfe\x81\x8d", "neither UTF-8 nor Windows-1252"),
    ],
)
def test_unreadable_files_are_refused(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(loader.LoadRefused) as refused:
        loader.load(tmp_path / "store", [path])
    assert reason in refused.value.report.errors[0].rule


def test_a_missing_file_and_a_year_given_twice_are_refused(tmp_path):
    with pytest.raises(loader.LoadRefused) as refused:
        loader.load(tmp_path / "store", [tmp_path / "absent.csv"])
    assert "No such file" in refused.value.report.errors[0].rule
    copy = write(tmp_path / "copy.csv", csv_lines())
    with pytest.raises(loader.LoadRefused) as refused:
        loader.load(tmp_path / "store", [SNAKE, copy])
    problem = refused.value.report.errors[0]
    assert (problem.file, problem.value) == ("copy.csv", "2017/18")
    assert SNAKE.name in problem.rule


# -- workbook writers (standard library only) ----------------------------------------------------


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A minimal Office Open XML workbook as Excel writes one: numbers as numeric cells, text in
    the shared strings table, None as an absent cell."""
    strings: dict[str, int] = {}
    parts = []
    for rows in sheets.values():
        xml_rows = []
        for r, row in enumerate(rows, start=1):
            cells = []
            for c, value in enumerate(row):
                ref = f"{_column_letters(c)}{r}"
                if isinstance(value, int | float):
                    cells.append(f'<c r="{ref}"><v>{value}</v></c>')
                elif value is not None:
                    index = strings.setdefault(value, len(strings))
                    cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
            xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
        data = "".join(xml_rows)
        parts.append(f'{_XML}<worksheet xmlns="{_MAIN}"><sheetData>{data}</sheetData></worksheet>')
    n = len(parts)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT}.worksheet+xml"/>'
        for i in range(1, n + 1)
    )
    sheet_list = "".join(
        f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(sheets, start=1)
    )
    sheet_rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, n + 1)
    )
    shared = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
            f'{overrides}<Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{_CT}.sharedStrings+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            f'{_XML}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            f"<sheets>{sheet_list}</sheets></workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{_XML}<Relationships xmlns="{_PKG}">{sheet_rels}<Relationship Id="rId{n + 1}" '
            f'Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
        for i, xml in enumerate(parts, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        z.writestr(
            "xl/sharedStrings.xml",
            f'{_XML}<sst xmlns="{_MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">'
            f"{shared}</sst>",
        )
    return path


def _ods_text(text: str) -> str:
    # OpenDocument collapses spaces in text, so every space is written as <text:s/>.
    return "".join("<text:s/>" if ch == " " else escape(ch) for ch in text)


def _ods_cell(value: object) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return (
        '<table:table-cell office:value-type="string">'
        f"<text:p>{_ods_text(str(value))}</text:p></table:table-cell>"
    )


def write_ods(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A minimal OpenDocument spreadsheet: float cells for numbers, string cells for text."""
    tables = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join(
            "<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>"
            for row in rows
        )
        + "</table:table>"
        for name, rows in sheets.items()
    )
    namespaces = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    mime = "application/vnd.oasis.opendocument.spreadsheet"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        # The mimetype must be the first entry, stored uncompressed.
        z.writestr(zipfile.ZipInfo("mimetype"), mime, compress_type=zipfile.ZIP_STORED)
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
            'manifest:version="1.2">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mime}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" '
            'manifest:media-type="text/xml"/></manifest:manifest>',
        )
        z.writestr(
            "content.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {namespaces} '
            f'office:version="1.2"><office:body><office:spreadsheet>{tables}'
            "</office:spreadsheet></office:body></office:document-content>",
        )
    return path
