"""The lint pipeline for one run: discover files, load each document, run the checks.

Front-end diagnostics (CP001) become findings that no selection can remove: a linter that goes
silent on input it could not read is worse than one that complains.

Many files can be linted in a process pool (`jobs`); results come back in the order the files
were given whatever the pool's timing, so the output of `--jobs 8` is the output of `--jobs 1`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable

from claimcheck.checks.engine import Selection, run_checks
from claimcheck.document import Document
from claimcheck.errors import InputError
from claimcheck.findings import Finding
from claimcheck.frontend import discover, load_document


@dataclass
class FileResult:
    path: str
    document: Document | None
    findings: list[Finding] = field(default_factory=list)
    error: InputError | None = None  # the file could not be linted at all


def diagnostic_findings(document: Document) -> list[Finding]:
    return [Finding(code=d.code, name="parse-diagnostic", severity="error", message=d.message,
                    suggestion="fix the source so that it parses, or report a front-end bug",
                    span=d.span) for d in document.diagnostics]


def lint_document(document: Document, selection: Selection | None = None) -> list[Finding]:
    findings = diagnostic_findings(document) + run_checks(document, selection)
    findings.sort(key=Finding.sort_key)
    return findings


def lint_file(path: str, selection: Selection | None = None, text: str | None = None) -> FileResult:
    """Lint one file. Whatever goes wrong stays with this file: bad input is an InputError, and
    an unexpected exception (a bug, or a limit we did not think of) becomes one
    `path: internal error: <cause>` result, so every other file is still linted and reported."""
    try:
        document = load_document(path, text)
        return FileResult(path, document, lint_document(document, selection))
    except InputError as exc:
        return FileResult(path, None, error=exc)
    except Exception as exc:  # noqa: BLE001 - isolation is the point
        if os.environ.get("CLAIMCHECK_DEBUG"):
            raise
        return FileResult(path, None, error=internal_error(path, exc))


def internal_error(path: str, exc: BaseException) -> InputError:
    """One line naming the file and the cause of an unexpected failure while linting it."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if len(detail) > 200:
        detail = detail[:200] + "…"
    cause = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return InputError(path, f"internal error: {cause} (set CLAIMCHECK_DEBUG=1 for the traceback, "
                            "and please report it)")


def lint_paths(paths: list[str], selection: Selection | None = None, jobs: int = 1) -> list[FileResult]:
    """Lint every file named or found below the folders named, in a stable order."""
    files = discover(paths)
    return lint_files([(p, selection) for p in files], jobs)


def lint_files(work: list[tuple[str, Selection | None]], jobs: int = 1,
               progress: Callable[[int, int], None] | None = None) -> list[FileResult]:
    """Lint (path, selection) pairs, `jobs` at a time (0: one per CPU), results in input order.

    Files pulled in by another file's `\\input` are linted as part of that root, not again alone.
    `progress(done, total)` is called as files finish.
    """
    jobs = jobs or os.cpu_count() or 1
    total = len(work)
    results: list[FileResult | None] = [None] * total
    if jobs == 1 or total < 2:
        for i, (path, selection) in enumerate(work):
            results[i] = lint_file(path, selection)
            if progress:
                progress(i + 1, total)
    else:
        from concurrent.futures import ProcessPoolExecutor, as_completed
        from concurrent.futures.process import BrokenProcessPool

        lost: list[int] = []  # files whose worker pool died under them (one culprit, many victims)
        with ProcessPoolExecutor(max_workers=min(jobs, total)) as pool:
            futures = {pool.submit(lint_file, path, selection): i for i, (path, selection) in enumerate(work)}
            for done, future in enumerate(as_completed(futures), 1):
                i = futures[future]
                try:
                    results[i] = future.result()
                except BrokenProcessPool:
                    lost.append(i)
                    continue
                except Exception as exc:  # the result could not come back (e.g. not picklable)
                    results[i] = FileResult(work[i][0], None, error=internal_error(work[i][0], exc))
                if progress:
                    progress(done - len(lost), total)
        lost.sort()
        for n, (i, result) in enumerate(zip(lost, _lint_one_at_a_time([work[i] for i in lost])), 1):
            results[i] = result
            if progress:
                progress(total - len(lost) + n, total)
    included = {f.path for r in results if r.document for f in r.document.files[1:]}
    return [r for r in results if r.path not in included]


def _lint_one_at_a_time(work: list[tuple[str, Selection | None]]) -> list[FileResult]:
    """Lint, in a one-worker pool, the files a dead worker took down with it.

    A worker that is killed (out of memory, a signal) breaks the whole pool, so every file still
    pending fails with it. Here only one file runs at a time: when the worker dies again, the file
    it was linting is the one that killed it; it alone is reported, and a fresh worker goes on."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    results: list[FileResult] = []
    pool = ProcessPoolExecutor(max_workers=1)
    try:
        for path, selection in work:
            try:
                results.append(pool.submit(lint_file, path, selection).result())
            except BrokenProcessPool:
                results.append(FileResult(path, None, error=InputError(
                    path, "internal error: the worker process linting this file died (killed, or out "
                          "of memory); please report it")))
                pool.shutdown(wait=False)
                pool = ProcessPoolExecutor(max_workers=1)
    finally:
        pool.shutdown()
    return results
