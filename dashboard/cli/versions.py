"""`flightdeck versions` and `flightdeck rollback`: the store's versions, and making an earlier
one current again (audited)."""

from __future__ import annotations

import argparse
import json

from dashboard.cli import CommandError
from dashboard.cli.ingest import command_line_user
from dashboard.i18n import t, tn
from dashboard.store.versions import Store, StoreError


def list_versions(args: argparse.Namespace) -> int:
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


def rollback(args: argparse.Namespace) -> int:
    store = Store(args.store)
    before = store.current_id()
    try:
        store.rollback(args.version)
    except StoreError as exc:
        raise CommandError(str(exc), 1) from None
    log, identity, session = command_line_user(store, None)
    log.rollback(identity, session, from_version=before or "", to_version=args.version)
    print(t("cli.rollback.done", version=args.version))
    return 0
