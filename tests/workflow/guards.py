"""A guard for tests of inputs that used to hang: a regression fails instead of stalling the suite."""
from __future__ import annotations

import contextlib
import signal


@contextlib.contextmanager
def within(seconds: int):
    """Fail (instead of hanging) when the block runs longer than `seconds`."""
    def expire(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
