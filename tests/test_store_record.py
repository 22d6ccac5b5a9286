"""The store's `record` step: a change is recorded before it is visible, or it does not happen.

`write_version` and `rollback` take a callable (in the product, the audit line) that runs under
the store's lock once the new version's tables are on disk and before the version is listed or
CURRENT moves. If it raises, nothing changes; if the move then fails, it is called once more
with `failed` set.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.store import durable
from dashboard.store.versions import Store, Switch
from tests.test_store import crimes, write


class Refused(Exception):
    pass


def state(store: Store) -> tuple:
    return (
        store.current_id(),
        [v["id"] for v in store.versions()],
        sorted(p.name for p in (store.root / "versions").iterdir()),
    )


def test_record_runs_before_the_version_is_visible_or_current(tmp_path: Path) -> None:
    store = Store(tmp_path)
    write(store, "C1")
    seen = []

    def record(switch: Switch) -> None:
        listed = [v["id"] for v in store.versions()]
        seen.append((switch, store.current_id(), listed, store.version_dir("v0002").is_dir()))

    assert store.write_version({"crimes": crimes("C2")}, {}, record=record) == "v0002"
    # The tables are in place (the id is taken) but readers see neither the version nor a move.
    assert seen == [(Switch("v0001", "v0002"), "v0001", ["v0001"], True)]
    assert store.current_id() == "v0002"


def test_a_record_that_raises_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    store = Store(tmp_path)
    write(store, "C1")
    before = state(store)

    def record(switch: Switch) -> None:
        raise Refused("the audit log is full")

    with pytest.raises(Refused):
        store.write_version({"crimes": crimes("C2")}, {}, record=record)
    assert state(store) == before
    assert list((tmp_path / "tmp").iterdir()) == []
    assert write(store, "C2") == "v0002"  # the id was never used


def test_a_rollback_whose_record_raises_changes_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path)
    write(store, "C1")
    write(store, "C2")
    calls = []

    def record(switch: Switch) -> None:
        calls.append((switch, store.current_id()))
        raise Refused("read-only")

    with pytest.raises(Refused):
        store.rollback("v0001", record=record)
    assert calls == [(Switch("v0002", "v0001"), "v0002")]
    assert store.current_id() == "v0002"
    store.rollback("v0001", record=lambda switch: None)
    assert store.current_id() == "v0001"


def test_a_failed_switch_is_recorded_again_and_the_version_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    write(store, "C1")
    before = state(store)
    real = durable.replace_atomically

    def no_pointer(path: Path, text: str) -> None:
        if path.name == "CURRENT":
            raise OSError(5, "Input/output error")
        real(path, text)

    monkeypatch.setattr(durable, "replace_atomically", no_pointer)
    calls: list[Switch] = []
    with pytest.raises(OSError, match="Input/output"):
        store.write_version({"crimes": crimes("C2")}, {}, record=calls.append)
    assert [(c.before, c.after, type(c.failed)) for c in calls] == [
        ("v0001", "v0002", type(None)),
        ("v0001", "v0002", OSError),
    ]
    assert state(store) == before

    calls.clear()  # a rollback likewise
    with pytest.raises(OSError):
        store.rollback("v0001", record=calls.append)
    assert len(calls) == 2 and calls[1].failed is not None
    assert store.current_id() == "v0001"


def test_a_second_record_that_raises_does_not_hide_the_first_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    write(store, "C1")
    monkeypatch.setattr(
        durable, "replace_atomically", lambda path, text: (_ for _ in ()).throw(OSError("gone"))
    )

    def record(switch: Switch) -> None:
        if switch.failed:
            raise Refused("the log broke too")

    with pytest.raises(OSError, match="gone"):
        store.write_version({"crimes": crimes("C2")}, {}, record=record)
    assert store.current_id() == "v0001"
