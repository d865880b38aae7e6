"""Errors the CLI turns into one line on stderr and exit code 2 (never a traceback)."""
from __future__ import annotations


class InputError(Exception):
    """Bad input or usage: `path: cause`. Raised anywhere, reported once by the CLI."""

    def __init__(self, path: str | None, cause: str):
        self.path = path
        self.cause = cause
        super().__init__(f"{path}: {cause}" if path else cause)

    def __reduce__(self):
        # Exceptions pickle as cls(*args); ours takes (path, cause), so say so: `--jobs` workers
        # send their InputErrors back to the main process.
        return (InputError, (self.path, self.cause))
