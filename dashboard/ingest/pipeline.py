"""The one upload path (command line and browser): read, parse, merge, check, then commit a version.

`prepare()` (from `prepare`) changes nothing and returns everything an analyst needs to
decide (the report, the tables as they would be, the tables it would cut by more than a fifth);
`commit()` writes the new version; `ingest()` does both. Callers use `ingest.prepare`,
`ingest.Upload` and `ingest.UploadRefused`.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pyarrow as pa

from dashboard.ingest import contract as c
from dashboard.ingest import merging
from dashboard.ingest.prepare import Progress, prepare
from dashboard.ingest.quarantine import QUARANTINE, quarantine_table
from dashboard.ingest.synthetic import Regenerate
from dashboard.ingest.upload import Upload, UploadRefused
from dashboard.store.versions import Store, StoreConflict, Switch

# The audit step of a commit: called with the upload and the switch about to be made, before
# the new version becomes visible or current (and again, best effort, if the switch failed).
RecordUpload = Callable[[Upload, Switch], object]

CONFLICT_RETRIES = 3  # another upload landed between check and switch: check again


def commit(
    store: Store,
    upload: Upload,
    *,
    as_at: date | None = None,
    accept_invalid: bool = False,
    allow_shrink: bool = False,
    uploader: str | None = None,
    progress: Progress | None = None,
    record: RecordUpload | None = None,
) -> str:
    """Write the upload as the new current version and return its id; UploadRefused if not allowed.
    `record` (the audit line) runs before the switch; if it raises, nothing changes.

    With `accept_invalid`, upload rows that break a rule are set aside (with the upload rows that
    then refer to nothing) into the version's quarantine, and the rest loads. A table cut by
    more than a fifth is refused unless `allow_shrink`. The as-at date is `as_at` (given at the
    check or here; refused when after the dates checked against, before the floor, or before the
    latest date kept), else the latest plausible date; with neither, the upload is refused.
    """
    say = progress or (lambda stage, fraction: None)
    upload.refuse_as_at(as_at)
    upload.refuse_no_valid_crimes(accept_invalid)
    upload.refuse_shrink(allow_shrink)
    if not upload.can_commit(accept_invalid, allow_shrink):
        raise UploadRefused(upload)
    if upload.noop_version:
        return upload.noop_version
    if upload.refuse_missing_as_at(as_at):  # prepare refuses it first: never commit without
        raise UploadRefused(upload)
    chosen, rule = upload.choose_as_at(as_at)
    upload.report.note = upload.bounds.note(chosen, rule)
    say("write", 0.0)
    base = store.manifest(upload.base_version) if upload.base_version else None
    tables: dict[str, pa.Table | Path] = {}
    for name, merged in upload.merged.items():
        mask = upload.invalid[name]
        if name in upload.parsed:  # only uploaded tables have rows set aside
            kept = merged.filter(pa.array(~mask)) if mask.any() else merged
            tables[name] = kept.drop_columns(list(merging.BOOKKEEPING))
        else:
            tables[name] = store.table_path(upload.base_version, name)
    quarantined = _quarantine(upload)
    if quarantined is not None:
        tables[QUARANTINE] = quarantined
    manifest = _manifest(upload, tables, base, chosen, uploader)
    manifest["as_at_rule"] = rule
    say("switch", 0.9)
    audit = None if record is None else (lambda switch: record(upload, switch))
    version = store.write_version(
        tables, manifest, expect_current=upload.base_version, record=audit
    )
    say("done", 1.0)
    return version


def _quarantine(upload: Upload) -> pa.Table | None:
    parts = []
    for name, mask in upload.invalid.items():
        if mask.any():
            parts.append(
                quarantine_table(
                    name,
                    upload.merged[name],
                    mask,
                    upload.reasons[name],
                    lambda f, r: _line(upload, f, r),
                )
            )
    return pa.concat_tables(parts) if parts else None


def _line(upload: Upload, file: str | None, row: int | None) -> int | None:
    for parsed in upload.parsed.values():
        if parsed.file == file and row is not None:
            return parsed.raw.line_of(row)
    return None


def _manifest(
    upload: Upload, tables: dict, base: dict | None, as_at: date | None, uploader: str | None
) -> dict:
    """What the version records about itself: as-at, who, how, files and their tables."""
    files = []
    table_info: dict[str, dict] = {}
    for f in upload.files:
        rows = upload.parsed[f.table].typed.num_rows if f.table in upload.parsed else 0
        files.append(
            {
                "name": Path(f.name).name,
                "table": f.table,
                "sha256": f.sha256,
                "rows": rows,
                "encoding": f.encoding,
                "synthetic": f.synthetic,
            }
        )
    for name, value in tables.items():
        if name == QUARANTINE:
            continue
        if name in upload.parsed:
            f = next(x for x in upload.files if x.table == name)
            earlier = (base or {}).get("tables", {}).get(name, {})
            synthetic = f.synthetic and (upload.mode == "replace" or earlier.get("synthetic", True))
            info = {
                "file": Path(f.name).name,
                "sha256": f.sha256,
                "synthetic": synthetic,
                "from": "upload",
                "mode": upload.mode,
            }
        else:
            info = dict(base["tables"][name]) if base else {}
            info["from"] = info.get("from") if info.get("from") != "upload" else base["id"]
        rows = value.num_rows if isinstance(value, pa.Table) else base["tables"][name]["rows"]
        table_info[name] = {**info, "rows": rows}
    return {
        "as_at": as_at.isoformat() if as_at else None,  # commit() never writes None
        "uploader": uploader or getpass.getuser(),
        "mode": upload.mode,
        "contract_version": c.CONTRACT_VERSION,
        "files": files,
        "tables": table_info,
        "synthetic": bool(table_info) and all(i.get("synthetic") for i in table_info.values()),
        "warnings": [p.record() for p in upload.report.warnings],
        "warning_count": upload.report.warning_count,
        "quarantined": int(tables[QUARANTINE].num_rows) if QUARANTINE in tables else 0,
    }


def ingest(
    store: Store,
    paths: list[Path],
    *,
    mode: str = "replace",
    as_at: date | None = None,
    accept_invalid: bool = False,
    allow_shrink: bool = False,
    uploader: str | None = None,
    progress: Progress | None = None,
    record: RecordUpload | None = None,
    regenerate: Regenerate | None = None,
) -> tuple[str, Upload]:
    """Prepare and commit in one step; UploadRefused (nothing changed) when it has errors.
    `regenerate` proves files from `flightdeck synth` synthetic (see `synthetic.prove`).

    If another upload lands between the check and the switch, the check runs again against the
    new current data (the store refuses a stale base), so concurrent uploads both land whole.
    """
    for attempt in range(CONFLICT_RETRIES + 1):
        upload = prepare(store, paths, mode, progress, as_at, regenerate)
        try:
            version = commit(
                store,
                upload,
                as_at=as_at,
                accept_invalid=accept_invalid,
                allow_shrink=allow_shrink,
                uploader=uploader,
                progress=progress,
                record=record,
            )
            return version, upload
        except StoreConflict:
            if attempt == CONFLICT_RETRIES:
                raise
    raise AssertionError("unreachable")
