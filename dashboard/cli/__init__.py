"""CLI: the `flightdeck` command. `main` holds the parser and dispatches each command to its
module (`ingest`, `versions`, `metrics`, `national`, `serve`, `synth`), imported only when it
runs, so that `flightdeck --help` and quick commands start fast."""

from __future__ import annotations


class CommandError(Exception):
    """A failure to report as one line with an exit status."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code
