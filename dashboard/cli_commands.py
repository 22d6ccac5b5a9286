"""What each `flightdeck` subcommand does, on top of the same functions the dashboard calls."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import socket
import sys
from pathlib import Path

from dashboard import audit
from dashboard import ingest as ingesting
from dashboard.cli_national import add_national_parser, run_national  # noqa: F401 (cli.py)
from dashboard.i18n import t, tn
from dashboard.roles import Identity
from dashboard.store import Store, StoreError


class CommandError(Exception):
    """A failure to report as one line with an exit status."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def _progress():
    """A progress line on a terminal; silence otherwise."""
    if not sys.stderr.isatty():
        return None

    def show(stage: str, fraction: float) -> None:
        end = "\n" if stage == "done" else ""
        print(f"\\r{t('progress.' + stage):<12} {fraction:>4.0%}", end=end, file=sys.stderr)

    return show


def _audit(store: Store, uploader: str | None) -> tuple[audit.AuditLog, Identity, str]:
    """The store's audit log, the command line's user (the operating-system account, or the
    --uploader given) and a session id naming this process."""
    user = uploader or f"{getpass.getuser()}@{socket.gethostname()}"
    return audit.AuditLog(store.root), Identity(user), f"cli:{os.getpid()}"


def _log_upload(
    store: Store, args: argparse.Namespace, upload: ingesting.Upload, version, outcome: str
) -> None:
    log, identity, session = _audit(store, args.uploader)
    files = [{"name": f.name, "sha256": f.sha256} for f in upload.files]
    log.upload(identity, session, files=files, version=version, mode=args.mode, outcome=outcome)


def run_ingest(args: argparse.Namespace) -> int:
    store = Store(args.store)
    try:
        version, upload = ingesting.ingest(
            store,
            args.paths,
            mode=args.mode,
            as_at=args.as_at,
            accept_invalid=args.accept_invalid_rows,
            uploader=args.uploader,
            progress=_progress(),
        )
    except ingesting.UploadRefused as exc:
        _log_upload(store, args, exc.upload, None, "refused")
        print(exc.report.as_text(), file=sys.stderr)
        print(refusal_lines(exc.upload), file=sys.stderr)
        return 1
    if upload.noop_version:
        _log_upload(store, args, upload, upload.noop_version, "unchanged")
        print(t("cli.ingest.noop", version=upload.noop_version))
        return 0
    _log_upload(store, args, upload, version, "committed")
    print(summary(store, version, upload))
    return 0


def refusal_lines(upload: ingesting.Upload) -> str:
    """Why the upload was refused and what to do: fix the file, keep carried rows, or set
    the invalid rows aside."""
    errors = upload.report.error_count
    if upload.file_level_errors:
        hint = t("cli.ingest.hint_file")
    elif upload.carried_errors:
        hint = t("cli.ingest.hint_carried")
    else:
        rows = upload.invalid_rows
        hint = tn("cli.ingest.hint_set_aside", rows, rows=f"{rows:,}")
    return f"{tn('cli.ingest.refused', errors, errors=f'{errors:,}')} {hint}"


def summary(store: Store, version: str, upload: ingesting.Upload) -> str:
    """The one-screen summary of an accepted upload."""
    m = store.manifest(version)
    lines = [t("cli.ingest.accepted", version=version, as_at=m["as_at"], mode=m["mode"])]
    for name, info in m["tables"].items():
        origin = t("cli.ingest.from_upload") if info["from"] == "upload" else info["from"]
        lines.append(f"  {name:<11} {info['rows']:>10,}  {origin}")
    if m["quarantined"]:
        q = m["quarantined"]
        lines.append(tn("cli.ingest.quarantined", q, rows=f"{q:,}"))
    if upload.report.warning_count:
        w = upload.report.warning_count
        lines.append(tn("cli.ingest.warnings", w, count=f"{w:,}"))
        lines += ["  " + p.as_text() for p in upload.report.warnings[:10]]
    return "\n".join(lines)


def run_versions(args: argparse.Namespace) -> int:
    store = Store(args.store)
    versions = store.versions()
    if args.json:
        print(json.dumps(versions, indent=2, ensure_ascii=False, default=str))
        return 0
    if not versions:
        print(t("cli.versions.none", store=args.store))
        return 0
    for v in versions:
        mark = "*" if v["current"] else " "
        rows = sum(info["rows"] for info in v.get("tables", {}).values())
        print(
            tn(
                "cli.versions.line",
                rows,
                mark=mark,
                id=v["id"],
                as_at=v["as_at"],
                created=v["created"][:19],
                mode=f"{v['mode']:<7}",
                rows=f"{rows:>10,}",
                uploader=v["uploader"],
            )
        )
    return 0


def run_rollback(args: argparse.Namespace) -> int:
    store = Store(args.store)
    before = store.current_id()
    try:
        store.rollback(args.version)
    except StoreError as exc:
        raise CommandError(str(exc), 1) from None
    log, identity, session = _audit(store, None)
    log.rollback(identity, session, from_version=before or "", to_version=args.version)
    print(t("cli.rollback.done", version=args.version))
    return 0


def run_synth(args: argparse.Namespace) -> int:
    from dashboard import synth

    marker = synth.generate(Path(args.outdir), crimes=args.crimes, seed=args.seed, as_at=args.as_at)
    print(t("cli.synth.done", outdir=args.outdir, files=len(marker["files"])))
    return 0


def run_metrics(args: argparse.Namespace) -> int:
    from dashboard.cli_metrics import metrics_document

    document = metrics_document(Store(args.store), args)
    if args.json:
        print(json.dumps(document, indent=2, ensure_ascii=False, default=str))
    else:
        print(
            t(
                "cli.metrics.header",
                version=document["version"],
                as_at=document["as_at"],
                start=document["period"]["from"],
                end=document["period"]["to"],
            )
        )
        for key, value in document["metrics"].items():
            print(f"  {key:<34} {value}")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from dashboard.serve import serve
    from dashboard.serve_policy import ServeRefused

    try:
        return serve(
            args.store,
            args.port,
            args.address,
            allow_no_sign_in=args.allow_no_sign_in,
            demo_role=args.demo_role,
            proxy_headers=args.trusted_user_headers,
        )
    except ServeRefused as exc:
        raise CommandError(str(exc), 2) from None
