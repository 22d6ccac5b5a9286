"""A store's current national version (the Home Office tables last loaded): its id and manifest,
for the comparison page (`dashboard.app.national_data`, which keeps these names) and the board
pack (`dashboard.report`), which may not import the app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dashboard import formatting
from dashboard.national.loader import national_store


@dataclass(frozen=True)
class NationalVersion:
    """The current national version of a store: id and manifest (years, files, SHA-256)."""

    store_root: str
    id: str
    manifest: dict

    @property
    def years(self) -> list[str]:
        """The financial years held, oldest first."""
        return sorted(self.manifest.get("years", {}))

    @property
    def loaded(self) -> str:
        created = self.manifest.get("created", "")
        try:
            return formatting.date_long(datetime.fromisoformat(created).date())
        except ValueError:
            return created


def national_version(store_root: str | Path) -> NationalVersion | None:
    """The current national version, read afresh on every run (cheap); None when none loaded."""
    store = national_store(store_root)
    version = store.current_id()
    if version is None:
        return None
    return NationalVersion(str(store_root), version, store.manifest(version))
