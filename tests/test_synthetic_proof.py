"""Synthetic is proven by the files' bytes, never by a marker anyone can write (issue 19, item 4).

A file is synthetic when it is a bundled sample file (its SHA-256 registered in data/register.csv)
or exactly what `flightdeck synth` writes again with its marker's settings. A hand-written marker
beside real data, or generator output edited by one byte, proves nothing: the version is real
data, a demo role is refused on it, and the report says why in one sentence.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from dashboard import i18n, settings
from dashboard.access.serve_policy import ServeRefused, decide
from dashboard.app.sections.upload_steps import would_be_synthetic
from dashboard.cli.main import main
from dashboard.ingest import pipeline, synthetic
from dashboard.ingest.reading import SYNTH_MARKER
from dashboard.settings import SAMPLE
from dashboard.store.versions import Store
from dashboard.synth import generator, proof
from tests.contract_helpers import crimes

UNPROVEN = i18n.catalogue("en")["rule.synth_marker_unproven"]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def genuine(tmp_path_factory) -> Path:
    """A small extract exactly as `flightdeck synth` wrote it (marker included)."""
    folder = tmp_path_factory.mktemp("genuine") / "synth"
    generator.generate(folder, crimes=200, seed=11)
    return folder


def copy(folder: Path, to: Path) -> Path:
    shutil.copytree(folder, to)
    return to


def edit_one_byte(folder: Path, name: str, keep_marker_honest: bool = True) -> None:
    """Change one digit of the file (still a valid CSV); the marker then lists the new hash,
    as someone covering their tracks would."""
    path = folder / name
    data = bytearray(path.read_bytes())
    at = data.rindex(b"2")  # a date or a code near the end
    data[at : at + 1] = b"1"
    path.write_bytes(bytes(data))
    if keep_marker_honest:
        marker = json.loads((folder / SYNTH_MARKER).read_text(encoding="utf-8"))
        marker["files"][name] = sha(path)
        (folder / SYNTH_MARKER).write_text(json.dumps(marker), encoding="utf-8")


def prepared(paths: list[Path], regenerate=proof.regenerate, store: Store | None = None):
    return pipeline.prepare(store or Store(paths[0].parent / "store"), paths, regenerate=regenerate)


def unproven(upload) -> list[str]:
    """The files the report says were not proven synthetic, despite a marker."""
    return [w.file for w in upload.report.warnings if w.rule == UNPROVEN]


def refuses_demo(is_synthetic: bool) -> bool:
    try:
        decide(is_synthetic, demo_role="leader")
    except ServeRefused:
        return True
    return False


# --- The generator is deterministic, so its output can be written again and compared ---------


def test_the_generator_writes_the_same_bytes_again(genuine):
    marker = json.loads((genuine / SYNTH_MARKER).read_text(encoding="utf-8"))
    assert marker["years"] == generator.YEARS  # every setting named
    again = proof.regenerate(marker)
    assert again == marker["files"] == {n: sha(genuine / n) for n in marker["files"]}


@pytest.mark.parametrize(
    "change",
    [
        {"generator": "someone else"},
        {"crimes": True},
        {"crimes": 200.0},
        {"crimes": -1},
        {"crimes": proof.MAX_CRIMES + 1},  # too big to write again: proves nothing
        {"seed": "11"},
        {"seed": -1},
        {"years": 0},
        {"as_at": "31/03/2025"},
        {"as_at": None},
    ],
)
def test_settings_the_generator_would_not_take_prove_nothing(change):
    marker = {"generator": "flightdeck synth", "seed": 11, "crimes": 200, "as_at": "2025-03-31"}
    assert proof.marker_settings(marker) is not None  # years defaults to the generator's
    assert proof.regenerate({**marker, **change}) is None


# --- Genuine output and the bundled sample are synthetic ------------------------------------


def test_genuine_generator_output_is_synthetic(genuine, tmp_path):
    store = Store(tmp_path / "store")
    version, upload = pipeline.ingest(store, [genuine], regenerate=proof.regenerate)
    assert store.manifest(version)["synthetic"] is True
    assert not unproven(upload)
    assert not refuses_demo(bool(store.check(version).get("synthetic")))


def test_the_bundled_sample_is_synthetic_by_its_registered_hashes(tmp_path):
    # As `flightdeck serve` loads it: no generator run, the register alone proves it.
    upload = prepared([SAMPLE], regenerate=None, store=Store(tmp_path / "store"))
    assert len(upload.files) == len(generator.WRITTEN) and all(f.synthetic for f in upload.files)
    assert not unproven(upload)


def test_every_sample_file_is_registered_with_its_table():
    """Fails when a file of data/sample/ changes and its hash in data/register.csv does not:
    write it again with `python -m dashboard.synth.register` (after review: what the register
    lists is served without sign-in)."""
    registered = synthetic.registered_sample()
    tables = sorted(p for p in SAMPLE.iterdir() if p.name.endswith(".csv"))
    assert len(tables) == len(generator.WRITTEN)  # every table but process_changes
    for path in tables:
        assert registered.get(sha(path)) == path.stem, f"{path.name}: not registered as it is"
    assert len(registered) == len(tables)  # nothing else counts as the sample


def test_the_sample_is_also_proven_by_writing_it_again(tmp_path, monkeypatch):
    empty = tmp_path / "register.csv"
    empty.write_text("path,status,sha256,description\n", encoding="utf-8")
    monkeypatch.setattr(settings, "REGISTER", empty)  # no registered hash to lean on
    upload = prepared([copy(SAMPLE, tmp_path / "sample")])
    assert all(f.synthetic for f in upload.files) and not unproven(upload)


# --- A marker proves nothing by itself ------------------------------------------------------


def test_a_hand_written_marker_beside_real_data_is_not_synthetic(tmp_path):
    folder = tmp_path / "real"
    folder.mkdir()
    (folder / "crimes.csv").write_text(crimes("C1,2024-04-01,2024-04-02,19C"), encoding="utf-8")
    # Even a marker that lists the real file's hash, with settings the generator takes.
    marker = {"generator": "flightdeck synth", "seed": 1, "crimes": 1, "as_at": "2025-03-31"}
    marker["files"] = {"crimes.csv": sha(folder / "crimes.csv")}
    (folder / SYNTH_MARKER).write_text(json.dumps(marker), encoding="utf-8")
    store = Store(tmp_path / "store")
    version, upload = pipeline.ingest(store, [folder], regenerate=proof.regenerate)
    manifest = store.manifest(version)
    assert manifest["synthetic"] is False and manifest["tables"]["crimes"]["synthetic"] is False
    assert unproven(upload) == ["crimes.csv"]
    assert refuses_demo(bool(store.check(version).get("synthetic")))


def test_generator_output_edited_by_one_byte_is_real_data(genuine, tmp_path):
    folder = copy(genuine, tmp_path / "edited")
    edit_one_byte(folder, "crimes.csv")
    store = Store(tmp_path / "store")
    version, upload = pipeline.ingest(store, [folder], regenerate=proof.regenerate)
    manifest = store.manifest(version)
    assert manifest["synthetic"] is False
    assert manifest["tables"]["crimes"]["synthetic"] is False
    assert manifest["tables"]["outcomes"]["synthetic"] is True  # untouched: still the generator's
    assert unproven(upload) == ["crimes.csv"]
    assert refuses_demo(manifest["synthetic"])
    assert not would_be_synthetic(store, prepared([folder], store=Store(tmp_path / "other")))


def test_an_edited_sample_file_is_not_synthetic(tmp_path):
    folder = copy(SAMPLE, tmp_path / "sample")
    edit_one_byte(folder, "training.csv", keep_marker_honest=False)
    for regenerate in (None, proof.regenerate):  # as served, and as uploaded
        upload = prepared([folder], regenerate=regenerate, store=Store(tmp_path / "store"))
        proven = {f.table: f.synthetic for f in upload.files}
        assert proven.pop("training") is False and all(proven.values())
        assert unproven(upload) == ["training.csv"]
        assert not would_be_synthetic(Store(tmp_path / "store"), upload)


def test_without_the_generator_only_the_bundled_sample_is_proven(genuine, tmp_path):
    upload = prepared([genuine], regenerate=None)
    assert not any(f.synthetic for f in upload.files)
    assert len(unproven(upload)) == len(generator.WRITTEN)  # one sentence a file, none refused
    assert not upload.report.has_errors


def test_a_marker_inside_a_zip_proves_nothing_either(genuine, tmp_path):
    folder = copy(genuine, tmp_path / "zipped")
    edit_one_byte(folder, "bail.csv")
    archive = Path(shutil.make_archive(str(tmp_path / "extract"), "zip", folder))
    upload = prepared([archive])
    proven = {f.table: f.synthetic for f in upload.files}
    assert proven.pop("bail") is False and all(proven.values())


def test_the_command_line_says_so_in_english_and_welsh(genuine, tmp_path, capsys):
    folder = copy(genuine, tmp_path / "edited")
    edit_one_byte(folder, "crimes.csv")
    try:
        for lang, store in (("en", "s1"), ("cy", "s2")):
            code = main(["ingest", str(folder), "--store", str(tmp_path / store), "--lang", lang])
            out = capsys.readouterr().out
            assert code == 0  # real data is never refused for it
            assert i18n.catalogue(lang)["rule.synth_marker_unproven"] in out
    finally:
        i18n.set_language("en")
