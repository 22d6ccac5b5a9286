"""The register of data files (`data/register.csv`): build it from the files, check it against them.

Every file under `data/` (except the register itself) has one row: its path relative to the
project root, its status (`synthetic` or `reference`), the SHA-256 of its bytes and a description.
Regenerate with `python -m dashboard.synth.register`.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

from dashboard.ingest.contract import TABLES
from dashboard.settings import DATA, REGISTER, ROOT

FIELDS = ("path", "status", "sha256", "description")
STATUSES = ("synthetic", "reference", "published")
REFERENCE_DESCRIPTIONS = {
    "gwent_local_authorities.csv": "ONS GSS codes of the five Gwent unitary authorities, with "
    "English and Welsh names (ONS code list)",
    "ho_outcome_types.csv": "Home Office crime outcomes framework: outcome types 0-22 with labels "
    "and outcome groups (Home Office code list)",
    "ho_sexual_offence_codes.csv": "Home Office Counting Rules sexual offence classification "
    "codes, rape (19C-19H) and other sexual offences (Home Office code list)",
    "order_types.csv": "Civil and criminal protective order types with legal basis and whether "
    "breach is an offence (Home Office guidance and legislation)",
}
SAMPLE_MARKER_DESCRIPTION = "Synthetic marker: generator, seed, crime count, as-at date and the "
SAMPLE_MARKER_DESCRIPTION += "SHA-256 of each sample CSV (written by dashboard/synth/generator.py)"


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def data_files() -> list[Path]:
    """Every file under data/ except the register, sorted."""
    return sorted(p for p in DATA.rglob("*") if p.is_file() and p != REGISTER)


def _describe(path: Path) -> tuple[str, str] | None:
    """(status, description) of a sample or reference file; None for any other kind."""
    parent = path.parent.name
    if parent == "reference":
        return "reference", REFERENCE_DESCRIPTIONS.get(path.name, "Reference code list")
    if parent == "sample" and path.suffix == ".json":
        return "synthetic", SAMPLE_MARKER_DESCRIPTION
    if parent == "sample" and path.stem in TABLES:
        table = TABLES[path.stem]
        if not table.records:  # an analyst's own table: written, not drawn
            return "synthetic", f"Illustrative table `{path.stem}` ({table.meaning}), fixed"
        return "synthetic", f"Synthetic extract table `{path.stem}` ({table.meaning}), seeded"
    return None


def read_register(path: Path = REGISTER) -> dict[str, dict]:
    """Rows of the register by path (empty when there is none)."""
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["path"]: r for r in csv.DictReader(fh)}


def build_register_rows() -> list[dict]:
    """One row per data file, from the files as they are now.

    Files of other kinds (e.g. published data) keep the status and description written in the
    register by hand.
    """
    before = read_register()
    rows = []
    for path in data_files():
        rel = path.relative_to(ROOT).as_posix()
        old = before.get(rel, {})
        status, description = _describe(path) or (old.get("status", ""), old.get("description", ""))
        rows.append(
            {"path": rel, "status": status, "sha256": sha256_of(path), "description": description}
        )
    return rows


def render(rows: list[dict]) -> str:
    """The register's CSV text (LF line ends)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_register(path: Path = REGISTER) -> None:
    """Rewrite the register from the files."""
    path.write_text(render(build_register_rows()), encoding="utf-8", newline="\n")


def check_register(path: Path = REGISTER) -> list[str]:
    """Problems: files missing from the register, stale hashes, bad rows, rows for absent files."""
    if not path.exists():
        return [f"{path.name} is missing"]
    with open(path, encoding="utf-8", newline="") as fh:
        header = tuple(csv.DictReader(fh).fieldnames or ())
    if header != FIELDS:
        return [f"{path.name}: header must be {','.join(FIELDS)}"]
    listed = read_register(path)
    problems = []
    for row in build_register_rows():
        have = listed.pop(row["path"], None)
        if have is None:
            problems.append(f"{row['path']}: not in the register")
        elif have["sha256"] != row["sha256"]:
            problems.append(f"{row['path']}: sha256 differs from the file")
        elif have["status"] != row["status"] or row["status"] not in STATUSES:
            problems.append(f"{row['path']}: status should be one of {', '.join(STATUSES)}")
        elif not have["description"].strip():
            problems.append(f"{row['path']}: no description")
    problems += [f"{p}: listed but no such file" for p in sorted(listed)]
    return problems


if __name__ == "__main__":
    write_register()
