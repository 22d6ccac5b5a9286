"""A PDF's text as poppler's `pdftotext` reads it (the board pack's tests, in and out of the
browser)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def pdf_text(pdf: Path, *options: str) -> str:
    """The text of `pdf` (`options` as pdftotext takes them: "-layout", "-f", "3", ...)."""
    run = subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True, check=True)
    return run.stdout.decode()
