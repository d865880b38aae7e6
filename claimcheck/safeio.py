"""Reading input files safely: regular files only, a size bound, one clear error otherwise.

A path handed to claimcheck (a document, an included file, a baseline, a configuration) may name
a FIFO that never delivers end-of-file, a symlink to `/dev/zero` that never stops delivering, a
folder, or a file the user may not read. Each of those becomes one `InputError` naming the file
and the cause; nothing is read from anything but a regular file, and never more than the limit.
"""
from __future__ import annotations

import errno
import os
import stat

from claimcheck.errors import InputError

_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def describe_kind(mode: int) -> str:
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return "not a regular file"


def _os_cause(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if exc.errno == errno.ENXIO:  # opening a socket
        return "not a regular file (a socket); refused"
    if exc.errno == errno.ELOOP:
        return "too many levels of symbolic links"
    return f"cannot read: {exc.strerror or exc}"


def check_regular(path: str) -> os.stat_result:
    """stat() of `path` when it is a regular file (symlinks followed); InputError otherwise."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise InputError(path, _os_cause(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, "is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(path, f"not a regular file ({describe_kind(st.st_mode)}); refused")
    return st


def read_regular(path: str, limit: int, what: str = "file") -> bytes:
    """The bytes of `path` if it is a regular file of at most `limit` bytes.

    Opened non-blocking (opening a FIFO for reading would otherwise wait for a writer forever),
    checked with fstat on the open descriptor (no race between the check and the read), and read
    with a bound (a regular file may grow, or be a /proc file whose size says 0)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) \
        | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(path, _os_cause(exc)) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(path, "is a directory")
        if not stat.S_ISREG(st.st_mode):
            raise InputError(path, f"not a regular file ({describe_kind(st.st_mode)}); refused")
        if st.st_size > limit:
            raise InputError(path, _too_large(what, st.st_size, limit))
        chunks = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise InputError(path, _too_large(what, total, limit))
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(path, _os_cause(exc)) from None
    finally:
        os.close(fd)


def _too_large(what: str, size: int, limit: int) -> str:
    shown = f"{size / 2**20:.1f} MiB" if size >= 2**20 else f"{size:,} bytes"
    return f"{what} too large ({shown}; the limit is {limit // 2**20} MiB)" if limit >= 2**20 \
        else f"{what} too large ({shown}; the limit is {limit:,} bytes)"


def same_file(a: str, b: str) -> bool:
    """Whether two paths name the same existing file (hard links and symlinks included)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
