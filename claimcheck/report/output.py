"""Writing a report or baseline file without ever leaving half of one behind."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from claimcheck.errors import InputError


def write_atomically(path: str, text: str) -> None:
    """Write to a temporary file in the same folder, then rename over `path`: a reader (a CI
    upload step, an editor) never sees a partial file, and an interrupted run keeps the old one."""
    target = Path(path)
    if target.exists() and not target.is_file() and not target.is_dir():
        # /dev/stdout, /dev/null, a FIFO: written in place; renaming over them would replace
        # the device node itself
        try:
            with open(target, "w", encoding="utf-8", newline="") as out:
                out.write(text)
        except OSError as exc:
            raise InputError(path, f"cannot write: {exc.strerror or exc}") from None
        return
    folder = target.parent
    if not folder.is_dir():
        raise InputError(path, "cannot write: the folder does not exist")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(path, f"cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp's 0600 would surprise the next reader
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(path, f"cannot write: {exc.strerror or exc}") from None
