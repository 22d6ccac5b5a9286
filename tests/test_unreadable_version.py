"""A current version that cannot be read never blanks the app: the store says which part is
broken, every page says so in one sentence, analysts can still open Versions and roll back in
the browser, the CLI exits 1 with the same sentence, and a broken version is never made current.
"""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import i18n
from dashboard.cli.main import main as cli
from dashboard.i18n import t
from dashboard.ingest import pipeline
from dashboard.store.versions import Store, StoreError, UnreadableVersion
from tests.app_helpers import serve_without_sign_in
from tests.test_app_upload import APP, HEADER


def _crimes(n: int) -> str:
    return HEADER + "".join(f"C{i},2024-04-{i:02d},2024-04-{i:02d},19C\n" for i in range(1, n + 1))


def _store(root, *sizes: int) -> Store:
    """A store with one version per size (crimes only), the last one current."""
    store = Store(root / "store")
    for n in sizes:
        folder = root / f"crimes-{n}"
        folder.mkdir()
        (folder / "crimes.csv").write_text(_crimes(n))
        pipeline.ingest(store, [folder])
    return store


def _break(store: Store, version: str, how: str) -> None:
    """Damage a complete version as a disk fault or a careless hand would."""
    folder = store.version_dir(version)
    manifest = folder / "manifest.json"
    if how == "table_deleted":
        (folder / "crimes.parquet").unlink()
    elif how == "table_truncated":
        data = (folder / "crimes.parquet").read_bytes()
        (folder / "crimes.parquet").write_bytes(data[: len(data) // 2])
    elif how == "rows":
        record = json.loads(manifest.read_text())
        record["tables"]["crimes"]["rows"] += 1
        manifest.write_text(json.dumps(record))
    elif how == "as_at":
        record = json.loads(manifest.read_text())
        record["as_at"] = None
        manifest.write_text(json.dumps(record))
    elif how == "manifest":
        manifest.write_text("{not json")
    elif how == "missing":
        (store.root / "CURRENT").write_text("v0099\n")
    else:
        raise ValueError(how)


# reason the store gives -> the words every reader is told (the table named where one is)
DAMAGE = {
    "table_deleted": ("table", "the file of its crimes table is missing or damaged"),
    "table_truncated": ("table", "the file of its crimes table is missing or damaged"),
    "rows": ("rows", "the file of its crimes table does not hold the rows"),
    "as_at": ("as_at", "it has no valid as-at date"),
    "manifest": ("manifest", "manifest.json, is missing or damaged"),
    "missing": ("missing", "it is missing from the store"),
}


@pytest.mark.parametrize("how", DAMAGE)
def test_the_store_names_what_is_broken_and_the_cli_says_it_in_one_line(tmp_path, how, capsys):
    store = _store(tmp_path, 3, 4)
    assert store.current() is not None  # two readable versions, v0002 current
    _break(store, "v0002", how)
    broken = "v0099" if how == "missing" else "v0002"
    with pytest.raises(UnreadableVersion) as caught:
        store.current()
    reason, words = DAMAGE[how]
    assert (caught.value.version_id, caught.value.reason) == (broken, reason)
    sentence = caught.value.sentence()
    assert words in sentence and broken in sentence and "flightdeck rollback" in sentence

    # `flightdeck metrics`: exit 1, the same sentence, one line, no exception name.
    capsys.readouterr()
    assert cli(["metrics", "--store", str(store.root)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err == f"flightdeck: {sentence}\n"

    # `flightdeck versions` marks a broken version; rollback to the readable one works.
    assert cli(["versions", "--store", str(store.root)]) == 0
    lines = capsys.readouterr().out.splitlines()
    marked = [line for line in lines if t("version.unreadable.mark") in line]
    assert len(lines) == (1 if how == "manifest" else 2)  # an unreadable manifest: not listed
    assert len(marked) == (0 if how in ("manifest", "missing") else 1)
    assert cli(["rollback", "v0001", "--reason", "test", "--store", str(store.root)]) == 0
    assert store.current()[0] == "v0001"


def test_a_broken_version_is_never_made_current(tmp_path, capsys):
    store = _store(tmp_path, 3, 4)
    _break(store, "v0001", "table_truncated")
    with pytest.raises(UnreadableVersion):
        store.rollback("v0001")
    assert store.current()[0] == "v0002"  # unchanged
    capsys.readouterr()
    assert cli(["rollback", "v0001", "--reason", "test", "--store", str(store.root)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Version v0001 cannot be read" in err
    assert "Error" not in err and "Traceback" not in err
    assert store.current()[0] == "v0002"


def test_a_readable_version_passes_and_its_footers_are_read_once(tmp_path):
    store = _store(tmp_path, 3)
    version, manifest = store.current()
    assert version == "v0001" and manifest["tables"]["crimes"]["rows"] == 3
    assert store.check("v0001") == manifest
    with pytest.raises(StoreError):
        store.check("v0007")


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_analysts_see_the_sentence_and_roll_back_in_the_browser(tmp_path, monkeypatch):
    store = _store(tmp_path, 3, 4, 5)
    _break(store, "v0003", "table_deleted")
    _break(store, "v0001", "as_at")  # not offered: it cannot be read either
    serve_without_sign_in(monkeypatch, store)
    at = _app()
    with pytest.raises(UnreadableVersion) as caught:
        store.current()
    errors = [e.value for e in at.error]
    assert caught.value.sentence() in errors
    assert t("version.unreadable.only_versions") in [i.value for i in at.info]
    [table] = [d.value for d in at.dataframe]
    readable = dict(zip(table[t("column.version")], table[t("column.readable")], strict=True))
    unreadable = t("version.unreadable.status")
    assert readable == {"v0003": unreadable, "v0002": t("yes"), "v0001": unreadable}
    [target] = [s for s in at.selectbox if s.key == "rollback_target"]
    assert target.options == ["v0002"]
    at.text_input(key="rollback_reason").input("v0003 cannot be read")
    at.checkbox(key="rollback_confirm").check().run()
    next(b for b in at.button if b.label == t("history.rollback")).click().run()
    assert not at.exception
    assert store.current()[0] == "v0002"
    # The next run is the dashboard again, on the readable version: the Versions page says so.
    assert not any("cannot be read" in e.value for e in at.error)
    assert t("history.rolled_back", version="v0002") in [s.value for s in at.success]


def test_other_roles_see_the_sentence_and_no_page(tmp_path, monkeypatch):
    store = _store(tmp_path, 3, 4)
    _break(store, "v0002", "rows")
    monkeypatch.setenv("FLIGHTDECK_STORE", str(store.root))
    monkeypatch.setenv("FLIGHTDECK_SIGN_IN", "none")
    monkeypatch.setenv("FLIGHTDECK_DEMO_ROLE", "leader")
    at = _app()
    with pytest.raises(UnreadableVersion) as caught:
        store.current()
    assert caught.value.sentence() in [e.value for e in at.error]
    assert t("version.unreadable.ask_analyst") in [i.value for i in at.info]
    assert not at.dataframe and not at.button
    language = {i18n.catalogue(code)["sidebar.language"] for code in ("en", "cy")}
    assert [s.label for s in at.selectbox if s.label not in language] == []  # the language only


def test_serve_starts_on_a_broken_version_so_that_it_can_be_rolled_back(
    tmp_path, capsys, monkeypatch
):
    """`flightdeck serve` says what is broken and serves all the same (as real data: a demo
    without sign-in is refused, since whether the data was synthetic cannot be read)."""
    from dashboard.cli import serve as serve_module

    store = _store(tmp_path, 3, 4)
    _break(store, "v0002", "manifest")
    started = []

    def execve(path, command, env):
        started.append(env["FLIGHTDECK_STORE"])
        raise SystemExit(0)

    monkeypatch.setattr(serve_module.os, "execve", execve)
    monkeypatch.setattr(serve_module, "check_port", lambda port, address=None: None)
    monkeypatch.chdir(tmp_path)  # serve changes directory before it becomes Streamlit
    argv = ["serve", "--store", str(store.root), "--port", "8765"]
    with pytest.raises(SystemExit):
        cli([*argv, "--allow-no-sign-in"])
    err = capsys.readouterr().err
    with pytest.raises(UnreadableVersion) as caught:
        store.current()
    assert caught.value.sentence() in err and started == [str(store.root.resolve())]
    assert cli([*argv, "--demo-role", "leader"]) == 2
    assert len(started) == 1
