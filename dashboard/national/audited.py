"""A national load as both the command line and the browser make it: checked by `loader`, and
audited like an extract (`upload` lines, mode `national`): "committed" before the new version
becomes current (no line, no version), "refused", "unchanged", or "error"."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dashboard.access import audit
from dashboard.access.roles import Identity
from dashboard.national import loader
from dashboard.store.versions import Switch

MODE = "national"  # the `mode` of a national load's audit line


def file_entries(paths: Sequence[Path]) -> list[dict]:
    """The audit log's record of each file given that can be read (name, SHA-256, size)."""
    entries = []
    for path in map(Path, paths):
        try:
            entries.append(audit.file_entry(path.name, path.read_bytes()))
        except OSError:  # named in `inputs`; the load's report says why it cannot be read
            continue
    return entries


def load(
    store_root: Path | str,
    paths: Sequence[Path],
    log: audit.AuditLog,
    identity: Identity,
    session_id: str | None,
    progress: loader.Progress | None = None,
) -> loader.LoadResult:
    """`loader.load` with its audit lines; LoadRefused, StoreError and AuditError go up (an
    AuditError before any change)."""
    files = file_entries(paths)
    names = [Path(p).name for p in paths]

    def line(version: str | None, outcome: str) -> None:
        log.upload(
            identity,
            session_id,
            files=files,
            version=version,
            mode=MODE,
            outcome=outcome,
            inputs=names,
        )

    def record(switch: Switch) -> None:
        line(switch.after, "failed" if switch.failed else "committed")

    try:
        result = loader.load(store_root, paths, record=record, progress=progress)
    except loader.LoadRefused:
        line(None, "refused")
        raise
    except audit.AuditError:
        raise
    except Exception as exc:
        audit.upload_error(log, identity, session_id, inputs=names, mode=MODE, error=exc)
        raise
    if result.noop:
        line(result.version, "unchanged")
    return result
