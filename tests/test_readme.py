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
