"""`flightdeck versions` and `flightdeck rollback`: the store's versions, and making an earlier
one current again (audited before the switch: no audit line, no rollback)."""

from __future__ import annotations

import argparse
import json
import sys

from dashboard.access.audit import REASON_MAX_CHARS, AuditError, clean_reason
from dashboard.cli import CommandError
from dashboard.cli.ingest import audit_failed, command_line_user
from dashboard.i18n import t, tn
from dashboard.store.versions import Store, StoreError, Switch, UnreadableVersion


def list_versions(args: argparse.Namespace) -> int:
    store = Store(args.store)
    versions = [{**v, "readable": store.readable(v["id"])} for v in store.versions()]
    if args.json:
        print(json.dumps(versions, indent=2, ensure_ascii=False, default=str))
        return 0
    if not versions:
        print(t("cli.versions.none", store=args.store))
        return 0
    for v in versions:
        mark = "*" if v["current"] else " "
        rows = sum(int(info.get("rows") or 0) for info in v.get("tables", {}).values())
        print(
            tn(
                "cli.versions.line",
                rows,
                mark=mark,
                id=v["id"],
                as_at=v["as_at"],
                created=str(v.get("created", ""))[:19],
                mode=f"{v.get('mode')!s:<7}",
                rows=f"{rows:>10,}",
                uploader=v.get("uploader"),
            )
            + ("" if v["readable"] else f"  ({t('version.unreadable.mark')})")
        )
    return 0


def rollback_reason(given: str | None) -> str:
    """The rollback's reason: `--reason`, else asked for on a terminal; CommandError (usage,
    exit status 2) when there is none or it is longer than the audit log keeps."""
    text = given
    if text is None and sys.stdin.isatty():
        try:
            text = input(t("cli.rollback.reason_prompt"))
        except EOFError:
            text = ""
    if text is not None and len(text.strip()) > REASON_MAX_CHARS:
        raise CommandError(t("cli.rollback.reason_long", limit=REASON_MAX_CHARS), 2)
    reason = clean_reason(text or "")
    if not reason:
        raise CommandError(t("cli.rollback.reason_needed"), 2)
    return reason


def rollback(args: argparse.Namespace) -> int:
    reason = rollback_reason(args.reason)
    store = Store(args.store)
    log, identity, session = command_line_user(store, None)

    def record(switch: Switch) -> None:
        log.rollback(
            identity,
            session,
            from_version=switch.before or "",
            to_version=switch.after,
            reason=reason,
            failed=switch.failed is not None,
        )

    try:
        store.rollback(args.version, record=record)
    except AuditError as exc:
        raise audit_failed(store, exc) from None
    except UnreadableVersion as exc:
        raise CommandError(exc.sentence(current=False), 1) from None
    except StoreError as exc:
        raise CommandError(str(exc), 1) from None
    print(t("cli.rollback.done", version=args.version))
    return 0
