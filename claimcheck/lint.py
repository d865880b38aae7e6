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
        _lint_in_pool(work, min(jobs, total), results, progress)
    included = {f.path for r in results if r.document for f in r.document.files[1:]}
    return [r for r in results if r.path not in included]


def warm_up() -> None:
    """Load what linting a claim or a table needs, once per process: spaCy's pipeline, the rule
    catalogue, the checks and both front ends (not pandas: linting never builds a DataFrame).
    Run in the parent before a pool forks (the workers inherit it), or as the pool's initializer
    where workers do not fork."""
    from claimcheck.checks.engine import registered_checks
    from claimcheck.extract import nlp
    from claimcheck.frontend import latex, markdown  # noqa: F401
    from claimcheck.rules_meta import all_rules

    nlp.pipeline()
    all_rules()
    registered_checks()


def _lint_chunk(chunk: list[tuple[str, Selection | None]]) -> list[FileResult]:
    return [lint_file(path, selection) for path, selection in chunk]


def _chunks(indices: list[int], jobs: int) -> list[list[int]]:
    """Consecutive runs of file indices: a few per worker-turn rather than one file per task (each
    task is a round trip to the worker), small enough that the workers finish close together."""
    size = max(1, min(16, len(indices) // (jobs * 8)))
    return [indices[k:k + size] for k in range(0, len(indices), size)]


def _lint_in_pool(work: list[tuple[str, Selection | None]], jobs: int, results: list,
                  progress: Callable[[int, int], None] | None) -> None:
    """Lint `work` in `jobs` worker processes that load the heavy stack once (`warm_up`) and take
    files in chunks. Isolation is per file as before: a file that crashes is its own error
    (`lint_file`); a chunk whose results cannot come back is linted again file by file; files
    whose worker was killed are linted again one at a time to find the culprit."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    total = len(work)
    context = multiprocessing.get_context()
    forks = context.get_start_method() == "fork"
    if forks:
        try:
            warm_up()  # inherited by every worker
        except Exception:  # noqa: BLE001 - each file then meets (and reports) the failure itself
            if os.environ.get("CLAIMCHECK_DEBUG"):
                raise
    done = 0
    lost: list[int] = []  # files whose worker pool died under them (one culprit, many victims)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                             initializer=None if forks else warm_up) as pool:
        pending = {pool.submit(_lint_chunk, [work[i] for i in chunk]): chunk
                   for chunk in _chunks(list(range(total)), jobs)}
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                chunk = pending.pop(future)
                try:
                    chunk_results = future.result()
                except BrokenProcessPool:
                    lost.extend(chunk)
                    continue
                except Exception as exc:  # a result could not come back (e.g. not picklable)
                    if len(chunk) > 1:  # find which: file by file
                        for i in chunk:
                            pending[pool.submit(_lint_chunk, [work[i]])] = [i]
                        continue
                    path = work[chunk[0]][0]
                    chunk_results = [FileResult(path, None, error=internal_error(path, exc))]
                for i, result in zip(chunk, chunk_results):
                    results[i] = result
                    done += 1
                    if progress:
                        progress(done, total)
    lost.sort()
    for i, result in zip(lost, _lint_one_at_a_time([work[i] for i in lost])):
        results[i] = result
        done += 1
        if progress:
            progress(done, total)


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
