"""README's promises: the two commands exist, and CI runs exactly the test command."""

import re
import subprocess

from dashboard.settings import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _command(mark: str) -> str:
    found = re.findall(rf"^    (.*)  # the {mark} command$", README, flags=re.M)
    assert len(found) == 1, f"README must hold exactly one line marked 'the {mark} command'"
    return found[0]


def test_two_commands_present_and_scripts_exist():
    for mark in ("serve", "test"):
        script = _command(mark).split()[1]
        assert (ROOT / script).is_file()


def test_ci_runs_the_readme_test_command():
    # .ci/run extracts the command with sed; run that same extraction here.
    sed = subprocess.run(
        ["sed", "-n", r"s/^    \(.*\)  # the test command$/\1/p", "README.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert sed.stdout.strip() == _command("test")
    assert "README.md" in (ROOT / ".ci" / "run").read_text()


def _section(title: str) -> str:
    start = README.index(f"## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def test_every_path_in_where_does_x_live_exists():
    paths = re.findall(
        r"`((?:dashboard|queries|tests|docs)/[^`<>\s]*)`", _section("Where does X live")
    )
    assert paths
    assert [p for p in paths if not (ROOT / p.rstrip("/")).exists()] == []


def test_the_layout_names_every_package_and_module():
    """The layout section names every subpackage and every module (by its name), so a new
    module is placed in the README when it is added."""
    layout = _section("Layout")
    package = ROOT / "dashboard"
    missing = []
    for path in sorted(package.rglob("*.py")):
        if path.name.startswith("__") or path.parent.name == "app_pages":
            continue
        if not re.search(rf"\b{re.escape(path.stem)}\b", layout):
            missing.append(str(path.relative_to(ROOT)))
    folders = {p.parent for p in package.rglob("*.py")} - {package}
    for folder in sorted(folders):
        if not re.search(rf"\b{re.escape(folder.name)}/", layout):
            missing.append(str(folder.relative_to(ROOT)) + "/")
    assert missing == []
