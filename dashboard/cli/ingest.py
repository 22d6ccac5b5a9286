"""`flightdeck ingest`: check an extract and load it as a new version, or refuse it with the
report (exit status 1, nothing changed). Every attempt is audited, a load before the new version
becomes current: if its audit line cannot be written, nothing changes and the command says so
in one line (exit status 1)."""

from __future__ import annotations

import argparse
import getpass
import os
import socket
import sys
import time

from dashboard.access import audit
from dashboard.access.roles import Identity
from dashboard.cli import CommandError
from dashboard.figures import engine
from dashboard.formatting import decimal
from dashboard.i18n import t, tn
from dashboard.ingest import pipeline
from dashboard.ingest import upload as u
from dashboard.ingest.report import WARNING
from dashboard.store.versions import Store, StoreError, Switch
from dashboard.synth import proof

WARNING_GROUPS_SHOWN = 10  # kinds of warning named in the summary (the rest: the Data page)
# From this many crimes, the new version's database is built before the command ends (at 1M
# crimes some 10 s; at 10M a minute and a half), so that no page waits for it; below, the first
# page builds it in a second or two.
PREPARE_FROM_CRIMES = 100_000


def command_line_user(store: Store, uploader: str | None) -> tuple[audit.AuditLog, Identity, str]:
    """The store's audit log, the command line's user (the operating-system account, or the
    --uploader given) and a session id naming this process."""
    user = uploader or f"{getpass.getuser()}@{socket.gethostname()}"
    return audit.AuditLog(store.root), Identity(user), f"cli:{os.getpid()}"


def audit_failed(store: Store, error: audit.AuditError) -> CommandError:
    """The one line (exit status 1) of a change refused because its audit line could not be
    written; the cause (disk full, permissions) is for the operator, who runs the command."""
    cause = error.__cause__ or error
    return CommandError(t("cli.audit_failed", path=audit.audit_path(store.root), error=cause), 1)


def _progress():
    """A progress line on a terminal; silence otherwise."""
    if not sys.stderr.isatty():
        return None

    def show(stage: str, fraction: float) -> None:
        end = "\n" if stage == "done" else ""
        print(f"\r{t('progress.' + stage):<12} {fraction:>4.0%}", end=end, file=sys.stderr)

    return show


def _log_upload(
    store: Store, args: argparse.Namespace, upload: pipeline.Upload, version, outcome: str
) -> None:
    log, identity, session = command_line_user(store, args.uploader)
    files = [{"name": f.name, "sha256": f.sha256} for f in upload.files]
    log.upload(identity, session, files=files, version=version, mode=args.mode, outcome=outcome)


def run(args: argparse.Namespace) -> int:
    store = Store(args.store)
    try:
        return _run(store, args)
    except audit.AuditError as exc:
        raise audit_failed(store, exc) from None
    except StoreError as exc:  # e.g. other uploads kept landing first: one line, not a trace
        raise CommandError(str(exc), 1) from None


def _run(store: Store, args: argparse.Namespace) -> int:
    """The ingest; AuditError when its audit line cannot be written (then nothing changed)."""

    recorded = []  # a line already written for this load ("committed", then maybe "failed")

    def record(upload: pipeline.Upload, switch: Switch) -> None:
        outcome = "failed" if switch.failed else "committed"
        _log_upload(store, args, upload, switch.after, outcome)
        recorded.append(outcome)

    try:
        version, upload = pipeline.ingest(
            store,
            args.paths,
            mode=args.mode,
            as_at=args.as_at,
            accept_invalid=args.accept_invalid_rows,
            allow_shrink=args.allow_shrink,
            uploader=args.uploader,
            progress=_progress(),
            record=record,  # before the switch: no line, no change
            regenerate=proof.regenerate,  # files with a synth marker: synthetic only if remade
        )
    except pipeline.UploadRefused as exc:
        print(exc.report.as_text(), file=sys.stderr)
        print(refusal_lines(exc.upload), file=sys.stderr)
        _log_upload(store, args, exc.upload, None, "refused")
        return 1
    except (audit.AuditError, StoreError):
        raise
    except (Exception, KeyboardInterrupt) as exc:  # a crash: audited, then told as before
        if recorded:  # the load's own lines say what happened
            raise
        log, identity, session = command_line_user(store, args.uploader)
        audit.upload_error(
            log, identity, session, inputs=[str(p) for p in args.paths], mode=args.mode, error=exc
        )
        raise
    if upload.noop_version:
        _log_upload(store, args, upload, upload.noop_version, "unchanged")
        print(t("cli.ingest.noop", version=upload.noop_version))
        return 0
    print(summary(store, version, upload))
    _prepare(store, version)
    return 0


def _prepare(store: Store, version: str) -> None:
    """Build a large new version's database for the dashboard (`engine.prepare`). The version
    is current already: a failure here only means the dashboard builds it when first shown."""
    crimes = store.manifest(version).get("tables", {}).get("crimes", {}).get("rows", 0)
    if crimes < PREPARE_FROM_CRIMES:
        return
    start = time.monotonic()
    if engine.prepare(store.version_dir(version), version):
        seconds = decimal(time.monotonic() - start, 1)
        print(t("cli.ingest.prepared", version=version, seconds=seconds))
    else:
        print(t("cli.ingest.not_prepared", version=version), file=sys.stderr)


# The closing hint of each kind of refusal (see dashboard.ingest.upload).
HINTS = {
    u.NO_FILES: "cli.ingest.hint_no_files",
    u.FILE: "cli.ingest.hint_file",
    u.NO_CRIMES: "cli.ingest.hint_no_crimes",
    u.EMPTY_CRIMES: "cli.ingest.hint_empty_crimes",
    u.NO_VALID_CRIMES: "cli.ingest.hint_no_valid_crimes",
    u.AS_AT: "cli.ingest.hint_as_at",
    u.SHRINK: "cli.ingest.hint_shrink",
    u.CARRIED: "cli.ingest.hint_carried",
}


def refusal_lines(upload: pipeline.Upload) -> str:
    """Why the upload was refused and what to do, one hint for each kind of cause found, in
    the report's order: add or fix a file, give an as-at date, allow a smaller table, keep
    carried rows, or set the invalid rows aside."""
    errors = upload.report.error_count
    hints = []
    for kind in upload.refusal_kinds() or [u.ROWS]:
        if kind == u.ROWS:
            rows = upload.invalid_rows
            hints.append(tn("cli.ingest.hint_set_aside", rows, rows=f"{rows:,}"))
        else:
            hints.append(t(HINTS[kind]))
    return " ".join([tn("cli.ingest.refused", errors, errors=f"{errors:,}"), *hints])


def summary(store: Store, version: str, upload: pipeline.Upload) -> str:
    """The one-screen summary of an accepted upload."""
    m = store.manifest(version)
    lines = [t("cli.ingest.accepted", version=version, as_at=m["as_at"], mode=m["mode"])]
    lines += ["  " + upload.report.note] if upload.report.note else []  # the as-at rule
    for name, info in m["tables"].items():
        origin = t("cli.ingest.from_upload") if info["from"] == "upload" else info["from"]
        lines.append(f"  {name:<11} {info['rows']:>10,}  {origin}")
    if m["quarantined"]:
        q = m["quarantined"]
        lines.append(tn("cli.ingest.quarantined", q, rows=f"{q:,}"))
    if upload.report.warning_count:
        w = upload.report.warning_count
        lines.append(tn("cli.ingest.warnings", w, count=f"{w:,}"))
        # One line per kind of warning, with its rows: never 300 lines of the same one.
        groups = upload.report.grouped(WARNING)
        lines += ["  " + g.as_text() for g in groups[:WARNING_GROUPS_SHOWN]]
        if len(groups) > WARNING_GROUPS_SHOWN:
            more = len(groups) - WARNING_GROUPS_SHOWN
            lines.append("  " + tn("cli.ingest.more_warnings", more, n=f"{more:,}"))
    return "\n".join(lines)
