"""`flightdeck report`: a period's board pack as an A4 PDF (`dashboard.report`), audited before
the file is put in place."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from dashboard import periods
from dashboard.access import audit
from dashboard.cli import CommandError
from dashboard.cli.ingest import audit_failed, command_line_user
from dashboard.cli.metrics import (
    current_version,
    filters_from_args,
    period_from_args,
    rule_from_args,
)
from dashboard.figures.request import Request
from dashboard.i18n import current_language, t
from dashboard.report import PrintError, make, pipeline_for
from dashboard.report.delivery import deliver
from dashboard.store.versions import Store


def run(args: argparse.Namespace) -> int:
    store = Store(args.store)
    target = Path(args.output)
    if target.suffix.lower() != ".pdf":
        raise CommandError(t("report.not_pdf", path=target), 2)
    if not target.parent.is_dir():
        raise CommandError(t("report.no_folder", path=target.parent), 1)
    filters, rule = filters_from_args(args), rule_from_args(args)
    version, manifest = current_version(store)
    as_at = date.fromisoformat(manifest["as_at"])
    period = period_from_args(args, as_at)
    if args.role != "leader" and not periods.is_standard(period):
        raise CommandError(t("report.not_standard", role=t(f"report.role.{args.role}")), 2)
    request = Request(str(store.root), version, period, filters, rule)
    try:
        pdf = make(request, pipeline_for(args.role), as_at, manifest)
    except PrintError as exc:
        raise CommandError(str(exc), 1) from None
    log, identity, session = command_line_user(store, None)

    def record(entry: dict) -> None:
        log.board_pack(
            identity,
            session,
            file=entry,
            period=period,
            role=args.role,
            language=current_language(),
            filters=filters.as_params(),
            version=version,
        )

    try:
        entry = deliver(pdf, target, record)
    except audit.AuditError as exc:
        raise audit_failed(store, exc) from None
    print(t("report.written", path=target, pages=_pages(pdf), sha256=entry["sha256"]))
    return 0


def _pages(pdf: bytes) -> int:
    from io import BytesIO

    from pypdf import PdfReader

    return len(PdfReader(BytesIO(pdf)).pages)
